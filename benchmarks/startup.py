"""Start-up time of natosim against its floor: ``python benchmarks/startup.py``.

Measures, in one run, the median whole-process wall time (after warm-up) of

* ``python -c pass``                      (the interpreter alone)
* ``python -m floor_app --help``          (a minimal typer app: benchmarks/floor_app.py)
* ``python -m floor_app table``           (the same app printing a 32-row rich table)
* ``python -m floor_app plain``           (the same table from a command without options; for information)
* ``python -m natosim --help``
* ``python -m natosim run``               (the default scenario, stdout to /dev/null)

Every process is started the same way (``python -m``, same interpreter, same environment),
interleaved round-robin so that drift hits all alike. Prints the medians and the ratios
natosim/floor (targets: help <= 1.2x, run <= 1.3x) and the floor's ratio to ``python -c pass``.
Exits 1 when a target is missed. Options: ``--runs N`` (default 15), ``--warmup N`` (default 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CASES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "floor --help": ["-m", "floor_app", "--help"],
    "floor table": ["-m", "floor_app", "table"],
    "floor plain": ["-m", "floor_app", "plain"],
    "natosim --help": ["-m", "natosim", "--help"],
    "natosim run": ["-m", "natosim", "run"],
}
TARGETS = {("natosim --help", "floor --help"): 1.2, ("natosim run", "floor table"): 1.3}


def once(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, in seconds; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def measure(runs: int, warmup: int) -> dict[str, list[float]]:
    """Wall times per case, in milliseconds (warm-up runs left out)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for i in range(warmup + runs):
        for name, args in CASES.items():
            t = once(args, env)
            if i >= warmup:
                times[name].append(t * 1000)
    return times


def main() -> int:
    """Measure, print the table, and return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    opts = parser.parse_args()
    times = measure(opts.runs, opts.warmup)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["python -c pass"]
    print(f"Python {sys.version.split()[0]} on {sys.platform}; median of {opts.runs} runs after {opts.warmup} warm-up runs")
    print(f"{'case':<16} {'median ms':>10} {'min ms':>8} {'x python':>9}")
    for name, ms in medians.items():
        print(f"{name:<16} {ms:>10.1f} {min(times[name]):>8.1f} {ms / base:>9.2f}")
    print()
    missed = 0
    for (mine, floor), target in TARGETS.items():
        ratio = medians[mine] / medians[floor]
        ok = ratio <= target
        missed += not ok
        print(f"{mine} / {floor}: {ratio:.2f}x (target <= {target}x) {'ok' if ok else 'MISSED'}")
    print(f"floor --help / python -c pass: {medians['floor --help'] / base:.2f}x")
    print(f"floor table / python -c pass: {medians['floor table'] / base:.2f}x")
    print(f"natosim run / floor plain (a command without options, for information): {medians['natosim run'] / medians['floor plain']:.2f}x")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
