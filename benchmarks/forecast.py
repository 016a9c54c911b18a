"""Benchmark of ``natosim forecast``: trials per second, and against NDlib's ThresholdModel.

Run from the repository root:  python benchmarks/forecast.py

1. The bundled 32-ally scenario (``rutte-2024-04``): 100,000 trials, the simulation alone and
   the whole forecast (baseline plus one re-run per single intervention). Target: ≤ 1 s.
2. The same 32 allies with a dense influence graph (every ally undecided, 3 influencers each,
   weight 1/3, thresholds 0.3/0.5/0.9): natosim's vectorised cascade against NDlib's
   ``ThresholdModel`` running the same 32-node threshold cascade trial by trial, on the same
   random draws (their final supporter sets are compared). Target: ≥ 100× the trials per second.

NDlib comes from the ``bench`` extra (``pip install 'natosim[bench]'`` or ``pip install ndlib``).
Its wheel (6.0.1) declares bokeh, dynetx, future, igraph, netdispatch, networkx, numpy and scipy;
``ThresholdModel`` itself imports ``future`` at run time, and older releases did not declare
``future``, ``dynetx`` or ``python-igraph``: install them by hand if ``import ndlib`` fails. The
NDlib part is skipped (with a message) when ndlib is not installed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from natosim._engine import forecast, scenario

TRIALS = 100_000


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds (after one warm-up run)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bundled() -> None:
    s = scenario.load("rutte-2024-04")
    assert s.deadline is not None
    deadline = s.deadline
    core = best_of(lambda: forecast.forecast(s, candidate="rutte", deadline=deadline, trials=TRIALS, seed=1, interventions=False))
    full = best_of(lambda: forecast.forecast(s, candidate="rutte", deadline=deadline, trials=TRIALS, seed=1))
    f = forecast.forecast(s, candidate="rutte", deadline=deadline, trials=TRIALS, seed=1)
    runs = 1 + len(f.options)
    print(f"1. bundled rutte-2024-04 ({len(s.members)} allies, {len(s.influence)} influence edge), {TRIALS:,} trials")
    print(
        f"   simulation only:               {core * 1000:7.1f} ms  ({TRIALS / core:,.0f} trials/s)  target <= 1000 ms: {'ok' if core <= 1 else 'MISSED'}"
    )
    print(
        f"   whole forecast ({runs} runs, CRN):   {full * 1000:7.1f} ms  ({runs * TRIALS / full:,.0f} trial-runs/s)  target <= 1000 ms: {'ok' if full <= 1 else 'MISSED'}"
    )
    print(f"   p_consensus = {f.p_consensus:.4f}, 95% CI [{f.ci95[0]:.4f}, {f.ci95[1]:.4f}]")


def dense_scenario() -> tuple[str, dict[str, float], dict[str, tuple[str, ...]]]:
    """TOML for the 32 allies of 2024-04-02, all undecided, each with 3 influencers."""
    base = scenario.load("rutte-2024-04")
    codes = [m.code for m in base.members]
    rng = np.random.default_rng(2024)
    thresholds = {c: float(rng.choice([0.3, 0.5, 0.9])) for c in codes}
    p_move = {c: round(float(rng.uniform(0.05, 0.4)), 3) for c in codes}
    sources = {c: tuple(sorted(str(x) for x in rng.choice([o for o in codes if o != c], size=3, replace=False))) for c in codes}
    lines = ['title = "dense"', "as_of = 2024-04-02", "deadline = 2024-07-09", "[defaults]", 'stance = "undecided"']
    for c in codes:
        lines += [f"[allies.{c}]", f"p_move = {p_move[c]}", f"threshold = {thresholds[c]}"]
    for c in codes:
        for src in sources[c]:
            lines += ["[[influence]]", f'from = "{src}"', f'to = "{c}"', f"weight = {1 / 3!r}"]
    return "\n".join(lines) + "\n", thresholds, sources


def compare(label: str, s: scenario.Scenario, candidate: str) -> None:
    """natosim's simulation against NDlib's ThresholdModel on the scenario's 32-node cascade, same draws."""
    assert s.deadline is not None
    plan = forecast.compile_plan(s, candidate, deadline=s.deadline, priors=forecast.shipped(), withdrawals=False)
    rng = np.random.default_rng(7)
    u = rng.random((TRIALS, len(plan.codes)))
    v = rng.random((TRIALS, len(s.candidates)))
    g = np.ones(TRIALS)
    ours = best_of(lambda: forecast.simulate(plan, u, v, g), repeat=3)
    _, _, e = forecast.simulate(plan, u, v, g)
    from natosim._engine.forecast.simulate import _own_times

    own = _own_times(plan, u, g)
    horizon = plan.horizon
    movers = ((own >= 0) & (own <= horizon)).sum(axis=1)
    final = (e <= horizon).sum(axis=1)
    print(f"\n{label} ({len(s.influence)} influence edges), {TRIALS:,} trials")
    print(f"   natosim (numpy, all trials at once): {ours * 1000:7.1f} ms  ({TRIALS / ours:,.0f} trials/s)")
    print(f"   mean movers on their own {movers.mean():.2f}, mean supporters at the deadline {final.mean():.2f}")
    try:
        import ndlib.models.epidemics as ep
        import ndlib.models.ModelConfig as mc
    except ImportError as exc:
        print(f"   NDlib: not installed ({exc}); pip install 'natosim[bench]'")
        return
    import networkx as nx

    # NDlib tips a node when the infected share of its predecessors reaches its threshold: the same rule
    # as natosim's when the weights are 1/in-degree (dense case) or every edge alone reaches it (bundled case).
    g = nx.DiGraph()
    g.add_nodes_from(plan.codes)
    g.add_edges_from((e_.source, e_.target) for e_ in s.influence)
    share = {c: s.positions[c].threshold / max(1e-12, sum(x.weight for x in s.influence if x.target == c)) for c in plan.codes}

    def ndlib_trial(seeds: list[str]) -> set[str]:
        model = ep.ThresholdModel(g)
        cfg = mc.Configuration()
        for c in plan.codes:
            cfg.add_node_configuration("threshold", c, min(1.0, share[c]) - 1e-9)  # natosim's tolerance
        cfg.add_model_initial_configuration("Infected", seeds)
        model.set_initial_status(cfg)
        model.iteration()
        while model.iteration()["status"]:
            pass
        return {n for n, st in model.status.items() if st == 1}

    n_nd, agree = 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < 3.0 and n_nd < TRIALS:
        seeds = [c for i, c in enumerate(plan.codes) if own[n_nd, i] <= horizon]
        got = ndlib_trial(seeds)
        mine = {c for i, c in enumerate(plan.codes) if e[n_nd, i] <= horizon}
        agree += got == mine
        n_nd += 1
    elapsed = time.perf_counter() - start
    rate_nd, rate_ours = n_nd / elapsed, TRIALS / ours
    print(f"   NDlib ThresholdModel (one trial at a time): {n_nd:,} trials in {elapsed:.2f} s ({rate_nd:,.0f} trials/s)")
    print(f"   same final supporters in {agree:,} of {n_nd:,} trials")
    print(f"   ratio natosim / NDlib: {rate_ours / rate_nd:,.0f}x  target >= 100x: {'ok' if rate_ours / rate_nd >= 100 else 'MISSED'}")


if __name__ == "__main__":
    bundled()
    compare("2. the bundled rutte-2024-04 cascade (32 nodes)", scenario.load("rutte-2024-04"), "rutte")
    text, _, _ = dense_scenario()
    compare("3. dense: the same 32 allies, all undecided, 3 influencers each", scenario.parse(text, path="dense.toml"), "proposal")
