"""Benchmark of the worst inputs we could construct: every command must end within 10 s and 1 GB.

Run from the repository root:  python benchmarks/worst_cases.py

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


def body(n: int, *, stance: str = "undecided", edges: str = "", rule: str = "unanimity", extra: str = "") -> str:
    """A declared body of ``n`` members, all with ``stance``; ``edges``: 'all' links every ordered pair."""
    codes = [f"M{i:03d}" for i in range(n)]
    lines = ['title = "worst case"', "as_of = 2024-01-01", "deadline = 2024-07-01", f'rule = "{rule}"', "[body]", 'name = "B"']
    for c in codes:
        lines += [f"[body.members.{c}]", f'name = "Member {c}"', f"population = {1000 + int(c[1:])}"]
    lines += ["[defaults]", f'stance = "{stance}"', extra]
    if edges == "all":
        for a in codes:
            for b in codes:
                if a != b:
                    lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', "weight = 0.1"]
    return "\n".join(lines) + "\n"


def run(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of ``python -m natosim ARGS`` in a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "natosim", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
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
        ("backtest record (27 leave-one-out fits)", ["backtest", "record", "--trials", "1000"]),
    ]
    print(f"{'case':<55} {'time':>8} {'peak':>9} {'exit':>5} {'x baseline':>11}  within 10 s and 1 GB")
    base = None
    worst_ok = True
    for label, args in cases:
        seconds, peak, code = run(args)
        base = base or seconds
        ok = seconds <= TIME_LIMIT and peak <= MEMORY_LIMIT_MB
        worst_ok &= ok
        print(f"{label:<55} {seconds:7.2f}s {peak:7.0f}MB {code:>5} {seconds / base:10.1f}x  {'yes' if ok else 'NO'}")
    print("every case within the limits" if worst_ok else "some case exceeds the limits (see NO above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
