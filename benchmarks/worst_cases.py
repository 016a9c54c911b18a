"""Benchmark of the worst inputs we could construct: every command must end within 10 s and 1 GB.

Run from the repository root:  python benchmarks/worst_cases.py [WORD]   (WORD: only the cases whose label has it)

Each case runs ``python -m natosim ...`` in a fresh process (so imports count, as for a user) and
reports its wall time, its peak memory (the child's maximum resident set, from ``wait4``), its
exit code and its ratio to the baseline measured in the same run: ``natosim run`` on the bundled
scenario. Exit code 2 means the input was refused with one error line, which is the expected
answer for inputs beyond the documented limits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 10.0
MEMORY_LIMIT_MB = 1024.0
CUT_OFF = 60.0
"""Seconds after which a case is stopped."""


def body(
    n: int,
    *,
    stance: str = "undecided",
    edges: str = "",
    rule: str = "unanimity",
    extra: str = "",
    deals: int = 0,
    candidates: int = 0,
    seats: int = 1,
    chain: int = 0,
) -> str:
    """A declared body of ``n`` members, all with ``stance``; ``edges``: 'all' links every ordered pair; ``chain``: that many
    edges from each member to the next ones (``i -> i+1 .. i+chain``); ``deals``: that many deals, each moving one
    member; ``candidates``: that many candidates for ``seats`` seats. ``rule``: a name, or a table when it starts with ``{``."""
    codes = [f"M{i:03d}" for i in range(n)]
    ruled = rule if rule.startswith("{") else f'"{rule}"'
    lines = ['title = "worst case"', "as_of = 2024-01-01", "deadline = 2024-07-01", f"rule = {ruled}"]
    if candidates:
        lines.append(f"seats = {seats}")
        for k in range(candidates):
            lines += [f"[candidates.c{k}]", f'name = "Candidate {k}"']
    lines += ["[body]", 'name = "B"']
    for c in codes:
        lines += [f"[body.members.{c}]", f'name = "Member {c}"', f"population = {1000 + int(c[1:])}"]
    lines += ["[defaults]", f'stance = "{stance}"', extra]
    if edges == "all":
        for a in codes:
            for b in codes:
                if a != b:
                    lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', "weight = 0.1"]
    for i, a in enumerate(codes):
        for j in range(1, chain + 1):
            lines += ["[[influence]]", f'from = "{a}"', f'to = "{codes[(i + j) % n]}"', "weight = 0.3"]
    for k in range(deals):
        target = codes[k % n]
        for_ = ' candidate = "c0"' if candidates else ""
        lines += ["[[deals]]", f'name = "deal {k}"', f"cost = {1 + k % 7}", f'effects = {{ {target} = "support" }}', for_]
    return "\n".join(lines) + "\n"


def run(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of ``python -m natosim ARGS`` in a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "natosim", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    while True:  # a case past the cut-off is stopped (then it shows as killed, far beyond the limits)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > CUT_OFF:
            proc.kill()
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, code


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="natosim-worst-"))
    files = {
        "dotted": "title = 1\nas_of = 2024-01-01\n" + ".".join(["x"] * 30_000) + " = 1\n",
        "header": "title = 't'\nas_of = 2024-01-01\n[" + ".".join(["x"] * 100_000) + "]\n",
        "headers": "title = 't'\nas_of = 2024-01-01\n" + "".join(f"[t{i}]\n" for i in range(290_000)),
        # the costliest shapes for the TOML parser just under the limits of the scan before it (then refused by the schema)
        "keys": "title = 't'\nas_of = 2024-01-01\n[t]\n" + "".join(f"k{i} = 1\n" for i in range(299_990)),
        "tables": "title = 't'\nas_of = 2024-01-01\n"
        + "".join(f"[t{i}]\n" + "".join(f"k{j} = 1\n" for j in range(4)) for i in range(49_990)),
        "values": "title = 't'\nas_of = 2024-01-01\nx = [\n"
        + "".join("1979-05-27T07:32:00-07:00," * 3_000 + "\n" for _ in range(50))
        + "]\n",
        "escapes": "title = 't'\nas_of = 2024-01-01\n" + "".join(f'x{i} = "' + "\\u00e9" * 15_000 + '"\n' for i in range(45)),
        # beyond them: values and empty inline tables that the count of keys alone did not see
        "inline": "title = 't'\nas_of = 2024-01-01\nx = [\n" + "".join("{}," * 30_000 + "\n" for _ in range(45)) + "]\n",
        "many": "title = 'many problems'\nas_of = 2024-01-01\n"
        + "".join(f'[[events]]\ndate = 2024-05-01\nally = "Narnia{i}"\nstance = "s"\n' for i in range(10_000)),
        "linked16": body(16, edges="all"),
        "linked32": body(32, edges="all"),
        "majority200": body(200, stance="oppose", rule="majority"),
        "members400": body(400),
        # issue 25 item 2
        "unanimity1000": body(1000, stance="oppose"),
        "deals1000": body(50, stance="oppose", rule="majority", deals=1000),
        "candidates100": body(30, rule="majority", candidates=100, seats=3),
        "qmv300": body(300, stance="oppose", rule="qualified-majority", chain=3),
        "linked32majority": body(32, edges="all", rule="majority"),
        "linked45majority": body(45, edges="all", rule="majority"),
        "linked45population": body(45, edges="all", rule='{ quota = 0.65, weight = "population" }'),
        "abstaining1000": body(1000, stance="abstain", rule="constructive-abstention"),
        "power40population": body(40, rule='{ quota = 0.65, weight = "population" }'),
        "undecided1000": body(1000, rule="majority", chain=20),
        "opposed1000edges": body(1000, stance="oppose", chain=20),
        "eu2004": 'title = "t"\nbody = "eu"\nrule = "qualified-majority"\nas_of = 2004-05-01\n',
        "eu2014": 'title = "t"\nbody = "eu"\nrule = "qualified-majority"\nas_of = 2014-11-01\ndeadline = 2015-06-01\n',
    }
    for name, text in files.items():
        (tmp / f"{name}.toml").write_text(text, encoding="utf-8")

    def f(name: str) -> str:
        return str(tmp / f"{name}.toml")

    cases = [
        ("baseline: natosim run (bundled)", ["run"]),
        ("run: a dotted key of 30,000 parts (60 KB)", ["run", f("dotted")]),
        ("run: a table header of 100,000 parts", ["run", f("header")]),
        ("run: 290,000 table headers (2.5 MB)", ["run", f("headers")]),
        ("run: 299,990 keys, one a line (under the scan's limits)", ["run", f("keys")]),
        ("run: 49,990 tables of 4 keys (under the scan's limits)", ["run", f("tables")]),
        ("run: 150,000 date-times in an array (under the limits)", ["run", f("values")]),
        ("run: 675,000 unicode escapes in strings (4 MB)", ["run", f("escapes")]),
        ("run: 1,350,000 empty inline tables (4 MB)", ["run", f("inline")]),
        ("validate: 10,000 bad events (1,000 problems listed)", ["validate", f("many")]),
        ("graph: 16 members, every pair linked", ["graph", f("linked16")]),
        ("paths: 32 undecided, every pair linked (weight 0.1)", ["paths", f("linked32")]),
        ("paths: 200 members opposed, majority", ["paths", f("majority200")]),
        ("forecast: 400 members, default trials", ["forecast", f("members400"), "--seed", "1"]),
        ("forecast: 100-year deadline, 1,000 trials", ["forecast", "--deadline", "2124-04-01", "--trials", "1000", "--seed", "1"]),
        ("forecast: 10,000,000 trials", ["forecast", "--trials", "10000000", "--seed", "1"]),
        ("power: 200 members under majority", ["power", f("majority200")]),
        # issue 25 item 2: each must answer within the limits or refuse before the work
        ("paths: 1,000 members opposed, unanimity", ["paths", f("unanimity1000")]),
        ("run: 1,000 members opposed, unanimity", ["run", f("unanimity1000")]),
        ("paths: 1,000 deals", ["paths", f("deals1000")]),
        ("forecast: 1,000 deals", ["forecast", f("deals1000"), "--seed", "1"]),
        ("report: 1,000 deals", ["report", f("deals1000"), "-o", str(tmp / "deals.html"), "--force"]),
        ("paths: 100 candidates for 3 seats", ["paths", f("candidates100")]),
        ("forecast: 100 candidates for 3 seats", ["forecast", f("candidates100"), "--seed", "1"]),
        ("report: 100 candidates for 3 seats", ["report", f("candidates100"), "-o", str(tmp / "cands.html"), "--force"]),
        ("paths: 300 members with influence, QMV", ["paths", f("qmv300")]),
        ("paths: 32 linked, majority", ["paths", f("linked32majority")]),
        ("paths: 45 linked, majority", ["paths", f("linked45majority")]),
        ("paths: 45 linked, population quota", ["paths", f("linked45population")]),
        ("forecast: 32 linked (weight 0.1)", ["forecast", f("linked32"), "--seed", "1"]),
        ("paths: 1,000 abstaining, constructive abstention", ["paths", f("abstaining1000")]),
        ("run: 1,000 abstaining, constructive abstention", ["run", f("abstaining1000")]),
        ("power: 1,000 members, unanimity", ["power", f("unanimity1000")]),
        ("power: 40 members, population quota", ["power", f("power40population")]),
        ("paths: 1,000 undecided, 20,000 edges, majority", ["paths", f("undecided1000")]),
        ("paths: 1,000 opposed, 20,000 edges, unanimity", ["paths", f("opposed1000edges")]),
        ("forecast: 1,000 members, 20,000 edges (refused)", ["forecast", f("undecided1000"), "--seed", "1"]),
        ("forecast: 300 members, influence, QMV (refused)", ["forecast", f("qmv300"), "--seed", "1"]),
        ("paths: EU from scratch on 2004-05-01 (Nice votes)", ["paths", f("eu2004")]),
        ("paths: EU from scratch on 2014-11-01 (Nice and Lisbon)", ["paths", f("eu2014")]),
        ("report: EU from scratch on 2014-11-01", ["report", f("eu2014"), "-o", str(tmp / "eu.html"), "--force"]),
        ("backtest record (27 leave-one-out fits)", ["backtest", "record", "--trials", "1000"]),
    ]
    print(f"{'case':<55} {'time':>8} {'peak':>9} {'exit':>5} {'x baseline':>11}  within 10 s and 1 GB")
    base = None
    worst_ok = True
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    for label, args in cases:
        if only and only not in label and not label.startswith("baseline"):
            continue
        seconds, peak, code = run(args)
        base = base or seconds
        ok = seconds <= TIME_LIMIT and peak <= MEMORY_LIMIT_MB
        worst_ok &= ok
        print(f"{label:<55} {seconds:7.2f}s {peak:7.0f}MB {code:>5} {seconds / base:10.1f}x  {'yes' if ok else 'NO'}")
    print("every case within the limits" if worst_ok else "some case exceeds the limits (see NO above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
