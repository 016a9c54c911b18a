"""Exact voting power: natosim against power-bdd and powerindices, and a 193-member body.

Run:  python benchmarks/power.py [--repeat N] [--unit PERSONS]

Peers come from the optional ``bench`` extra:  pip install '.[bench]'  (power-bdd, powerindices).
A missing peer is reported and skipped.

What is compared (the same game for both sides of each ratio):

1. EU27 double majority, Eurostat populations of 1 January 2024 (natosim's ``body = "eu"`` roster):
   S wins iff |S| >= 15 and pop(S) >= ceil(0.65 * 449,206,579), or |S| >= 24 (fewer than four
   members left out: the blocking-minority clause).  power-bdd builds this game exactly as
   BDD(|S| >= 15) & (BDD(pop >= q) | BDD(|S| >= 24)) and computes both indices on the BDD.
2. powerindices handles one weighted game with an optional minimum coalition size, with integer
   weights and dense arrays of length sum(weights) (it needs ~100 GB for exact populations), so it
   gets the same double majority with populations rounded to ``--unit`` persons (default 100,000),
   written as A + B - (A and B) (both indices are linear in the game's characteristic function):
   A = (pop >= q and |S| >= 15), B = (|S| >= 24), A and B = (pop >= q and |S| >= 24).
   natosim is timed on that same rounded game.
3. A 193-member weighted body (UN General Assembly size): integer weights 1..30 drawn with
   random.Random(193), quota 2/3 of the weight; natosim only (both peers' integer arrays are
   int64 and overflow: coalition counts reach 2**192).

Timings are the best of ``--repeat`` runs (wall clock, time.perf_counter); agreement is the
largest absolute difference over every member and both indices (absolute Banzhaf, Shapley–Shubik).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from natosim._engine import power, roster
from natosim._engine.rulespec import rule_spec
from natosim.model import Member, RuleSpec, WeightBasis


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Smallest wall time of ``repeat`` calls, and the last result."""
    times = []
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def ours(members: Sequence[Member], spec: RuleSpec) -> tuple[list[float], list[float]]:
    """Absolute Banzhaf and Shapley–Shubik indices from natosim's exact counts."""
    g = power.game(members, spec)
    by_size, shapley = power.indices(g)
    half = 1 << (g.n - 1)
    return [sum(row) / half for row in by_size], [float(s) for s in shapley]


def diff(a: Sequence[float], b: Sequence[float]) -> float:
    """Largest absolute difference."""
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def row(label: str, seconds: float, note: str = "") -> None:
    """One line of the report."""
    print(f"  {label:<44} {seconds * 1000:10.1f} ms  {note}")


def eu27(repeat: int, unit: int) -> None:
    """Section 1 and 2: the EU27 double majority."""
    members = list(roster.as_members(roster.members_on(date(2024, 6, 1), "eu")))
    members.sort(key=lambda m: m.code)
    qmv = rule_spec("qualified-majority")
    pops = [m.population for m in members]
    n, total = len(members), sum(pops)
    by_members, enough = math.ceil(Fraction(55, 100) * n), n - 4 + 1
    quota = math.ceil(Fraction(65, 100) * total)
    print(
        f"EU27 double majority: {n} members, population {total:,}, quota {quota:,} persons, >= {by_members} members, or >= {enough} members"
    )
    t_ours, (beta, phi) = best(lambda: ours(members, qmv), repeat)
    row("natosim (both indices, exact)", t_ours, f"engine {power.engine(power.game(members, qmv))}")

    if importlib.util.find_spec("power_bdd") is None:
        print("  power-bdd: not installed (pip install '.[bench]')")
    else:
        from power_bdd.bdd import BDD, WeightedGame

        def bdd() -> tuple[list[float], list[float]]:
            game = BDD(WeightedGame(by_members, [1] * n)) & (BDD(WeightedGame(quota, list(pops))) | BDD(WeightedGame(enough, [1] * n)))
            return game.calc_banzhaf(), game.calc_shapley()

        t_bdd, (b_beta, b_phi) = best(bdd, repeat)
        row("power-bdd 1.0 (BDD, both indices)", t_bdd, f"ratio {t_bdd / t_ours:6.1f}x  (target >= 5x)")
        print(f"  agreement with power-bdd: max |diff| = {max(diff(beta, b_beta), diff(phi, b_phi)):.2e}  (target <= 1e-9)")

    rounded = [Member(code=m.code, name=m.name, weight=float(max(1, round(m.population / unit)))) for m in members]
    weights = [int(m.weight) for m in rounded]
    r_quota = math.ceil(Fraction(65, 100) * sum(weights))
    spec = RuleSpec("weighted", quota=r_quota / sum(weights), weight=WeightBasis.WEIGHT, min_members=0.55, blocking_min=4)
    g = power.game(rounded, spec)
    if g.thresholds[by_members] != r_quota or g.thresholds[enough] != 0:
        raise SystemExit("the rounded game differs from the peers' formulation")
    print(f"EU27 double majority, populations in units of {unit:,} persons (total weight {sum(weights):,}, quota {r_quota:,})")
    t_r, (r_beta, r_phi) = best(lambda: ours(rounded, spec), repeat)
    row("natosim (both indices, exact)", t_r, f"engine {power.engine(g)}")
    if importlib.util.find_spec("powerindices") is None:
        print("  powerindices: not installed (pip install '.[bench]')")
        return
    import powerindices

    def linear(compute: Callable[..., list[float]]) -> list[float]:
        a = compute(r_quota, list(weights), by_members)
        b = compute(enough, [1] * n)
        ab = compute(r_quota, list(weights), enough)
        return [x + y - z for x, y, z in zip(a, b, ab, strict=True)]

    def peer() -> tuple[list[float], list[float]]:
        return linear(powerindices.compute_pbi), linear(powerindices.compute_ssi)

    t_pi, (p_beta, p_phi) = best(peer, 1)
    row("powerindices 1.0.2 (A + B - AB, both indices)", t_pi, f"ratio {t_pi / t_r:6.1f}x  (target >= 100x)")
    print(f"  agreement with powerindices: max |diff| = {max(diff(r_beta, p_beta), diff(r_phi, p_phi)):.2e}  (target <= 1e-9)")


def un193(repeat: int) -> None:
    """Section 3: a 193-member weighted body."""
    rng = random.Random(193)
    members = [Member(code=f"M{i:03d}", name=f"Member {i}", weight=float(rng.randint(1, 30))) for i in range(193)]
    spec = RuleSpec("weighted", quota=2 / 3, weight=WeightBasis.WEIGHT)
    g = power.game(members, spec)
    print(f"193-member weighted body: weights 1..30 (seed 193), total {g.total:,}, quota {g.thresholds[0]:,}")
    t, (beta, phi) = best(lambda: ours(members, spec), repeat)
    row("natosim (both indices, exact)", t, f"engine {power.engine(g)}  (target <= 1000 ms)")
    print(f"  sum of Shapley–Shubik = {sum(phi):.15f}; largest absolute Banzhaf {max(beta):.6f}")
    t_all, report = best(lambda: power.power(members, spec), 1)
    row("natosim power() incl. minimal coalitions", t_all, f"{report.winning.count:.3e} minimal winning coalitions")


def main() -> None:
    """Parse options and run every section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best is reported)")
    parser.add_argument("--unit", type=int, default=100_000, help="persons per population unit for powerindices")
    args = parser.parse_args()
    eu27(args.repeat, args.unit)
    un193(args.repeat)


if __name__ == "__main__":
    main()
