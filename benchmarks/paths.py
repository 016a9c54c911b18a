"""Benchmark of ``natosim._engine.paths.find``: the bundled scenario and a synthetic 200-member body.

Run ``python benchmarks/paths.py``. Prints figures and ratios; it is not a test and never fails
on time (it exits 1 only if the search and the brute-force baseline disagree).

Targets (issue 4):
- every minimal path, with cascades, for the bundled 32-ally scenario: <= 50 ms in-process;
- a synthetic body of 200 members with 25 non-supporters and a random influence graph
  (fixed seed): the cheapest 10 paths <= 2 s.

The synthetic body: 200 members M001..M200 under unanimity; k of them (chosen at random) do
not support (oppose or undecided), with an integer cost 1-5 and a threshold drawn uniformly
from a range. Influence: every ordered pair of non-supporters is an edge with probability
d/k (about d influencers among the non-supporters each), and every member has ``extra`` more
edges to random members (supporters among them count towards thresholds but never trigger).
Two families:
- "sparse": thresholds in [0.4, 0.9], weights in [0.1, 0.4], d = 5, one extra edge per member;
- "dense": thresholds in [0.6, 1.0], weights in [0.2, 0.5], d = 8, no extra edges (every
  follower needs two or three influencers to move: many overlapping alternatives).
The brute-force baseline enumerates every subset of the interventions, runs the cascade
closure for each, keeps the minimal working ones and sorts them by (cost, size, names); it
runs where 2^n is small enough (n <= 20).
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path as FilePath

sys.path.insert(0, str(FilePath(__file__).resolve().parents[1]))  # run from a checkout without installing

import natosim
import natosim._engine.scenario
from natosim._engine import cascade, paths
from natosim._engine.paths import Path
from natosim.model import Scenario, Stance

SEED = 20240618
FIFTY_MS = 0.050
TWO_S = 2.0


FAMILIES = {
    "sparse": {"threshold": (0.4, 0.9), "weight": (0.1, 0.4), "degree": 5, "extra": 1},
    "dense": {"threshold": (0.6, 1.0), "weight": (0.2, 0.5), "degree": 8, "extra": 0},
}


def synthetic(k: int, *, family: str = "sparse", members: int = 200, seed: int = SEED) -> Scenario:
    """The synthetic body with ``k`` non-supporters (same seed -> same scenario)."""
    spec = FAMILIES[family]
    (tlo, thi), (wlo, whi) = spec["threshold"], spec["weight"]  # type: ignore[misc]
    degree, extra = int(spec["degree"]), int(spec["extra"])  # type: ignore[call-overload]
    rng = random.Random(seed * 1000 + k)
    codes = [f"M{i:03d}" for i in range(1, members + 1)]
    holdouts = sorted(rng.sample(codes, k))
    lines = ['title = "synthetic"', "as_of = 2024-01-01", 'rule = "unanimity"', "[body]", 'name = "synthetic body"']
    for code in codes:
        lines += [f"[body.members.{code}]", f'name = "Member {code}"']
    lines += ["[defaults]", 'stance = "support"']
    for code in holdouts:
        stance = rng.choice(["oppose", "undecided"])
        lines += [f"[allies.{code}]", f'stance = "{stance}"', f"cost = {rng.randint(1, 5)}", f"threshold = {rng.uniform(tlo, thi):.2f}"]
    edges: set[tuple[str, str]] = set()
    for a in holdouts:
        for b in holdouts:
            if a != b and rng.random() < degree / k:
                edges.add((a, b))
    for a in codes:
        for b in rng.sample(codes, extra):
            if a != b:
                edges.add((a, b))
    for a, b in sorted(edges):
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {rng.uniform(wlo, whi):.2f}"]
    return natosim.parse("\n".join(lines) + "\n", path=f"synthetic-{k}.toml")


def brute_force(scenario: Scenario, candidate: str) -> list[tuple[float, int, tuple[int, ...]]]:
    """Every subset, its closure, the minimal working ones: (cost, size, positions of the interventions) of each, sorted."""
    options = paths.interventions(scenario, candidate)
    base = scenario.stances[candidate]
    movers = [m.code for m in scenario.members if base[m.code] is not Stance.SUPPORT]
    net = cascade.compile_network(cascade.network(scenario), base, movers)
    bit = {code: 1 << i for i, code in enumerate(net.codes)}
    everyone = (1 << len(net.codes)) - 1
    seeds = [sum(bit[c] for c, s in o.effects if s is Stance.SUPPORT) for o in options]
    n = len(options)
    works = bytearray(1 << n)
    for chosen in range(1 << n):
        seed = 0
        for j in range(n):
            if chosen >> j & 1:
                seed |= seeds[j]
        works[chosen] = net.closure(seed) == everyone  # unanimity, oppose/undecided holdouts only
    found = []
    for chosen in range(1 << n):
        if works[chosen] and all(not works[chosen & ~(1 << j)] for j in range(n) if chosen >> j & 1):
            picked = [options[j] for j in range(n) if chosen >> j & 1]
            cost = round(math.fsum(o.cost for o in picked), 9)
            found.append((cost, len(picked), tuple(j for j in range(n) if chosen >> j & 1)))
    return sorted(found)


def _key(p: Path, options: tuple[paths.Intervention, ...]) -> tuple[float, int, tuple[int, ...]]:
    where = {o.name: j for j, o in enumerate(options)}
    names = [f"flip:{c}" for c in p.flips] + [f"withdraw:{c}" for c in p.withdraw] + [f"deal:{d}" for d in p.deals]
    return (round(p.cost, 9), p.size, tuple(sorted(where[n] for n in names)))


def timed(fn: Callable[[], object], *, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs, and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> int:
    """Print the figures; 1 if the search and the baseline ever disagree."""
    ok = True
    scenario = natosim.load("rutte-2024-04")
    t, result = timed(lambda: paths.find(scenario, "rutte", limit=1_000_000), repeat=50)
    assert isinstance(result, paths.Search)
    t_nc, _ = timed(lambda: paths.find(scenario, "rutte", limit=1_000_000, with_cascade=False), repeat=50)
    print("Bundled scenario rutte-2024-04 (32 allies), every minimal path:")
    print(
        f"  with cascade:    {t * 1000:8.3f} ms  ({len(result.paths)} paths, {len(result.interventions)} interventions, "
        f"{result.explored} nodes, {result.evaluations} evaluations)  target <= 50 ms: {'met' if t <= FIFTY_MS else 'MISSED'}"
    )
    print(f"  without cascade: {t_nc * 1000:8.3f} ms")
    print()
    print("Quota rules, rutte-2024-04 --candidate iohannis (30 holdouts, 2 supporters), cheapest 10 paths:")
    for rule in ("majority", "qualified-majority"):
        s = natosim.load("rutte-2024-04", rule=rule)
        t, found = timed(lambda s=s: paths.find(s, "iohannis", limit=10), repeat=5)  # type: ignore[misc]
        assert isinstance(found, paths.Search)
        cheapest = found.paths[0].cost if found.paths else None
        print(f"  {rule:<20} {t * 1000:8.1f} ms  ({found.explored} nodes, {found.evaluations} evaluations, cheapest cost {cheapest})")
    print()
    big: dict[str, float] = {}
    for family in FAMILIES:
        print(f"Synthetic body, 200 members, unanimity, family {family!r}, seed {SEED}: cheapest 10 paths")
        header = f"{'non-supporters':>14} {'edges':>6} {'search':>10} {'nodes':>6} {'evals':>6} {'minimal sets':>12} {'brute force':>12} {'ratio':>8}  agree"
        print(header)
        print("-" * len(header))
        for k in (10, 15, 20, 25):
            s = synthetic(k, family=family)
            t, found = timed(lambda s=s: paths.find(s, "proposal", limit=10), repeat=5)  # type: ignore[misc]
            assert isinstance(found, paths.Search)
            big[family] = t
            brute, ratio, agree, count = "skipped", "—", "—", "—"
            if k <= 20:
                tb, every = timed(lambda s=s: brute_force(s, "proposal"), repeat=1)  # type: ignore[misc]
                assert isinstance(every, list)
                brute, ratio, count = f"{tb:10.3f} s", f"{tb / t:7.0f}x", str(len(every))
                same = [_key(p, found.interventions) for p in found.paths] == every[:10]
                agree = "yes" if same else "NO"
                ok = ok and same
            print(
                f"{k:>14} {len(s.influence):>6} {t * 1000:7.1f} ms {found.explored:>6} {found.evaluations:>6} {count:>12} {brute:>12} {ratio:>8}  {agree}"
            )
        print()
    for family, t in big.items():
        print(f"Target, {family}: cheapest 10 paths with 25 non-supporters <= 2 s: {t * 1000:.1f} ms, {'met' if t <= TWO_S else 'MISSED'}")
    print("(brute force is skipped above 20 non-supporters: 2^25 subsets; 'evals' counts distinct sets whose cascade was run.)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
