"""Voting power of a 193-member, population-weighted body: natosim's Monte Carlo estimate against two baselines.

Run:  python benchmarks/power_large.py [--precision 0.001] [--naive-samples 50000]

The body: 193 members (the size of the UN General Assembly) with populations drawn by
random.Random(193) from a log-normal law (median 8 million, a few above 1 billion; synthetic, not
real populations), deciding by two thirds of the population. No exact engine takes it (population
weights, over 40 members), so ``natosim._engine.power.power`` estimates both indices until every
member's 95% interval is at most ``--precision`` wide on either side (target: 0.001 in <= 5 s).

Baselines, measured in the same run:

1. *exact, 40 members*: the exact meet-in-the-middle engine on the first 40 members of the same body
   (the largest population-weighted body it takes), same rule.
2. *naive estimator*: Shapley–Shubik from uniform random orderings (pivot counting, one reading per
   ordering) and Banzhaf from uniform random coalitions (who swings), the textbook estimators, run
   on ``--naive-samples`` samples; the time it would need for the same precision is projected with
   the 1/sqrt(samples) law of its interval half-width.

Times are wall clock (time.perf_counter) and process CPU time (time.process_time): the machine may
be shared, and CPU time is what the method costs.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from natosim._engine import power
from natosim.model import Member, RuleSpec, WeightBasis

Z95 = 1.959963984540054


def body(n: int = 193) -> list[Member]:
    rng = random.Random(193)
    return [
        Member(code=f"M{i:03d}", name=f"member {i}", population=max(1_000, int(rng.lognormvariate(math.log(8e6), 1.6)))) for i in range(n)
    ]


RULE = RuleSpec("weighted", quota=2 / 3, weight=WeightBasis.POPULATION)


def timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def naive(members: list[Member], samples: int, seed: int = 7) -> tuple[float, float]:
    """Largest 95% half-widths (Shapley–Shubik, normalised Banzhaf) of the textbook estimators on ``samples`` samples."""
    import numpy as np

    g = power.game(members, RULE)
    n = g.n
    w = np.asarray(g.weights, dtype=np.int64)
    theta = np.asarray(g.thresholds, dtype=np.int64)
    rng = np.random.default_rng(seed)
    pivots = np.zeros(n)
    sx = np.zeros(n)
    sxt = np.zeros(n)
    st = st2 = 0.0
    done = 0
    while done < samples:
        m = min(20_000, samples - done)
        order = np.argsort(rng.random((m, n)), axis=1)
        ok = w[order].cumsum(axis=1) >= theta[1:][None, :]
        first = ok.argmax(axis=1)
        pivots += np.bincount(order[np.arange(m), first], minlength=n)
        inside = (rng.random((m, n)) < 0.5).astype(np.int64)
        size = inside.sum(axis=1)[:, None] - inside
        without = (inside @ w)[:, None] - inside * w[None, :]
        swing = (without + w[None, :] >= theta[size + 1]) & (without < theta[size])
        t = swing.sum(axis=1).astype(float)
        sx += swing.sum(axis=0)
        sxt += t @ swing
        st += float(t.sum())
        st2 += float((t * t).sum())
        done += m
    p = pivots / done
    ss = float((Z95 * np.sqrt(p * (1 - p) / done)).max())
    if st == 0:
        return ss, math.inf
    b = sx / st
    var = (sx - 2 * b * sxt + b * b * st2) / done / (st / done) ** 2
    return ss, float((Z95 * np.sqrt(np.maximum(var, 0) / done)).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=power.PRECISION)
    parser.add_argument("--naive-samples", type=int, default=50_000)
    args = parser.parse_args()
    members = body()
    print(
        f"193 members, populations {min(m.population for m in members):,} .. {max(m.population for m in members):,}, rule: 2/3 of population"
    )

    wall, cpu, report = timed(lambda: power.power(members, RULE, precision=args.precision))
    ss = max((m.shapley_ci[1] - m.shapley_ci[0]) / 2 for m in report.members if m.shapley_ci)
    bz = max((m.banzhaf_ci[1] - m.banzhaf_ci[0]) / 2 for m in report.members if m.banzhaf_ci)
    print(f"  natosim estimate ({report.engine}, {report.samples:,} orderings)   wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    print(f"    largest 95% half-width: Shapley–Shubik {ss:.5f}, Banzhaf {bz:.5f} (target {args.precision})")
    print(f"    target <= 5 s: {'met' if cpu <= 5 else 'NOT met'} (cpu)")

    w40, c40, exact = timed(lambda: power.power(members[:40], RULE))
    print(f"  baseline 1: exact engine, first 40 members ({exact.engine})   wall {w40:6.2f} s   cpu {c40:6.2f} s")
    print(f"    ratio natosim-193 / exact-40 (cpu): {cpu / c40:.2f}")

    wn, cn, (ss_n, bz_n) = timed(lambda: naive(members, args.naive_samples))
    worst = max(ss_n, bz_n)
    projected = cn * (worst / args.precision) ** 2 if math.isfinite(worst) else math.inf
    print(f"  baseline 2: naive estimators, {args.naive_samples:,} samples   wall {wn:6.2f} s   cpu {cn:6.2f} s")
    print(f"    half-widths: Shapley–Shubik {ss_n:.5f}, Banzhaf {bz_n:.5f}; projected cpu for {args.precision}: {projected:,.0f} s")
    print(f"    ratio naive / natosim at the same precision (cpu): {projected / cpu:,.1f}")


if __name__ == "__main__":
    main()
