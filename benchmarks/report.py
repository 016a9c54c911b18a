"""Whole-process time and size of ``natosim report`` against the separate commands: ``python benchmarks/report.py``.

Measures, in one run, the median whole-process wall time (after warm-up) of

* ``natosim report -o FILE.html --seed 1 --trials 20000``  (the bundled scenario's page)
* ``natosim report --format json --seed 1 --trials 20000`` (its JSON: the same analysis, no figures)
* the baseline: the separate commands whose results the page holds, one process each, summed:
  ``run``, ``paths``, ``timeline``, ``forecast --seed 1 --trials 20000``, ``power``, ``compare-rules``
  (``--format json``) and ``graph`` (Mermaid)
* ``natosim run`` (for information: the cheapest command)

Processes are interleaved round-robin so that drift hits all alike. Prints the medians, the ratio
of the report to the baseline, the page's CPU time (less noisy than wall time on a shared machine)
and its size. Targets: the page written in <= 2 s whole
process, and the file <= 1 MB; exits 1 when one is missed. Options: ``--runs N`` (default 7),
``--warmup N`` (default 1), ``--scenario NAME`` (default: the bundled default), ``--trials N``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 2.0
TARGET_BYTES = 1_000_000


def _cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


CPU: dict[str, list[float]] = {}
"""CPU seconds per process, by command line: on a shared machine, less noisy than wall time."""


def once(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one ``python -m natosim ARGS`` process, in seconds; it must succeed."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "natosim", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False
    )
    elapsed = time.perf_counter() - start
    CPU.setdefault(" ".join(args), []).append(_cpu() - cpu)
    if done.returncode != 0:
        raise SystemExit(f"natosim {' '.join(args)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> int:
    """Measure, print the table, and return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--scenario", default="rutte-2024-04")
    parser.add_argument("--trials", default="20000")
    opts = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    s, trials = opts.scenario, opts.trials
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        report = ["report", s, "--seed", "1", "--trials", trials, "-o", str(page), "--force"]
        cases: dict[str, list[str]] = {
            "report (html)": report,
            "report --format json": ["report", s, "--seed", "1", "--trials", trials, "--format", "json"],
            "run": ["run", s, "--format", "json"],
        }
        separate: dict[str, list[str]] = {
            "run": ["run", s, "--format", "json"],
            "paths": ["paths", s, "--format", "json"],
            "timeline": ["timeline", s, "--format", "json"],
            "forecast": ["forecast", s, "--seed", "1", "--trials", trials, "--format", "json"],
            "power": ["power", s, "--format", "json"],
            "compare-rules": ["compare-rules", s, "--format", "json"],
            "graph": ["graph", s],
        }
        times: dict[str, list[float]] = {name: [] for name in [*cases, "separate commands (sum)"]}
        for i in range(opts.warmup + opts.runs):
            measured = {name: once(args, env) for name, args in cases.items()}
            measured["separate commands (sum)"] = sum(once(args, env) for args in separate.values())
            if i >= opts.warmup:
                for name, t in measured.items():
                    times[name].append(t)
        size = page.stat().st_size
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["separate commands (sum)"]
    print(f"Python {sys.version.split()[0]}; scenario {s}, {int(trials):,} trials; median of {opts.runs} runs after {opts.warmup} warm-up")
    print(f"{'case':<26} {'median s':>9} {'min s':>7} {'x separate':>11}")
    for name, sec in medians.items():
        print(f"{name:<26} {sec:>9.3f} {min(times[name]):>7.3f} {sec / base:>11.2f}")
    cpu = statistics.median(CPU[" ".join(cases["report (html)"])])
    print(f"\nreport (html) CPU time (user + system), median: {cpu:.3f} s; machine load average: {os.getloadavg()[0]:.2f}")
    print(f"page size: {size:,} bytes (target <= {TARGET_BYTES:,})")
    html = medians["report (html)"]
    print(f"report (html): {html:.3f} s whole process (target <= {TARGET_SECONDS} s); {html / base:.2f}x the separate commands")
    missed = 0
    if html > TARGET_SECONDS:
        print(f"MISSED: the page took {html:.3f} s > {TARGET_SECONDS} s")
        missed += 1
    if size > TARGET_BYTES:
        print(f"MISSED: the page is {size:,} bytes > {TARGET_BYTES:,}")
        missed += 1
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
