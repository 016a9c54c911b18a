"""Benchmark of ``natosim sensitivity`` (issue 24): one command, ratios against a baseline measured in the same run.

Run from the repository root:  python benchmarks/sensitivity.py   (about half a minute)

1. Every break-even point of the bundled April 2024 race (32 allies, a deal, a withdrawal, influence), in
   process, against one plain ``paths`` call (the cheapest 10) on the same scenario. Target: <= 0.5 s.
2. The forecast tornado with 20,000 trials per end (and the interval with the priors' uncertainty), against one
   plain ``forecast`` of 20,000 trials without interventions. Target: <= 3 s.
3. The cost break-evens of the synthetic 193-member assembly of benchmarks/scale.py with 100 holdouts and 60
   influence links (every cost at its default range), against one plain ``paths`` call. Target: <= 5 s.

Each figure is the faster of two runs after a warm-up. It is not a test and never fails on time.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(ROOT / "benchmarks"))

import natosim  # noqa: E402
from natosim._engine import (  # noqa: E402
    paths,
    sensitivity,
)
from natosim._engine.sensitivity import COST_KINDS  # noqa: E402

simulate = __import__("importlib").import_module("natosim._engine.forecast.simulate")


def best_of(fn: Callable[[], Any], runs: int = 2) -> tuple[float, Any]:
    fn()  # warm-up
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> int:
    race = natosim.load("rutte-2024-04")
    ranges = sensitivity.estimates(race, "rutte")
    base, _ = best_of(lambda: paths.find(race, "rutte", limit=10))
    took, result = best_of(lambda: sensitivity.break_evens(race, "rutte", ranges))
    print(
        f"bundled race, every break-even ({len(result.points)} estimates, {result.searches} searches): {took:.4f} s "
        f"= {took / base:.1f} x one paths call ({base * 1000:.2f} ms); target <= 0.5 s: {'met' if took <= 0.5 else 'MISSED'}"
    )

    deadline = race.deadline
    assert deadline is not None
    base, _ = best_of(
        lambda: simulate.forecast(race, candidate="rutte", deadline=deadline, trials=20_000, seed=1, interventions=False), runs=2
    )
    took, t = best_of(lambda: sensitivity.tornado(race, "rutte", ranges, deadline=deadline, trials=20_000, seed=1), runs=2)
    print(
        f"bundled race, tornado ({len(t.bars)} ranges x 2 ends x 20,000 trials, {t.prior_draws} priors drawn): {took:.3f} s "
        f"= {took / base:.1f} x one forecast ({base:.3f} s); target <= 3 s: {'met' if took <= 3 else 'MISSED'}"
    )

    import scale

    body = natosim.parse(scale.assembly(100, 60))
    cid = body.candidates[0].id
    costs = tuple(e for e in sensitivity.estimates(body, cid) if e.kind in COST_KINDS)
    base, _ = best_of(lambda: paths.find(body, cid, limit=10), runs=1)
    took, result = best_of(lambda: sensitivity.break_evens(body, cid, costs), runs=1)
    inside = sum(p.inside for p in result.points)
    print(
        f"193 members, 100 holdouts, 60 links: cost break-evens ({len(costs)} costs, {result.searches} searches, {inside} inside "
        f"their range): {took:.2f} s = {took / base:.1f} x one paths call ({base:.3f} s); target <= 5 s: {'met' if took <= 5 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
