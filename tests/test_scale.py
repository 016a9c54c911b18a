"""paths at scale: the knapsack bound of the exact search, its time limit and its lower bound.

The search's tables (``natosim._engine.paths._Suffix``) are built for bodies with many open options only;
here they are forced on for small random bodies (``SUFFIX_MIN_OPTIONS = 0``) and the paths are
compared with the brute force of tests/test_oracle.py (every subset through ``natosim._engine.step``) and
with the search without the tables: same paths, same costs, same order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import given, settings
from test_oracle import SETTINGS, Spec, adopted, chosen, minimal_working_sets, order_key, specs

import natosim
from natosim._engine import paths
from natosim.errors import NatosimError


def listed(found: paths.Search) -> list[tuple[float, int, tuple[int, ...]]]:
    options = found.interventions
    return [order_key([options.index(o) for o in chosen(p, options)], options) for p in found.paths]


@settings(SETTINGS, max_examples=examples(200))
@given(specs(rule="weighted") | specs(rule='"qualified-majority"') | specs(rule='"majority"'))
def test_the_knapsack_tables_give_exactly_the_minimal_working_sets(spec: Spec) -> None:
    s = spec.scenario()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "SUFFIX_MIN_OPTIONS", 0)
        fast = paths.find(s, "main", limit=50)
    plain = paths.find(s, "main", limit=50)
    assert [p for p in fast.paths] == [p for p in plain.paths], spec.toml()
    expected = minimal_working_sets(s, fast.interventions)
    got = listed(fast)
    assert got == (expected if fast.complete else expected[: len(got)]), spec.toml()
    for p in fast.paths:
        assert adopted(s, [o.change("main") for o in chosen(p, fast.interventions)]), spec.toml()


@settings(SETTINGS, max_examples=examples(150))
@given(specs(rule="weighted", max_members=7))
def test_a_limit_on_the_work_keeps_the_cheapest_and_bounds_the_rest(spec: Spec) -> None:
    s = spec.scenario()
    full = paths.find(s, "main", limit=50)
    costs = [p.cost for p in full.paths]
    for steps in (1, 3, 10):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(paths, "MAX_STEPS", steps)
            try:
                cut = paths.find(s, "main", limit=50)
            except NatosimError:
                continue
        if cut.exhausted and len(cut.paths) == 1 and cut.paths[0] != full.paths[0]:
            # out of work before any path: the greedy set, never cheaper than the cheapest; proven when it costs the bound
            assert cut.paths[0].cost >= costs[0] - 1e-9, spec.toml()
            assert not cut.proven or cut.paths[0].cost <= costs[0] + 1e-9, spec.toml()
        else:
            assert list(cut.paths) == list(full.paths[: len(cut.paths)]), spec.toml()
        if cut.exhausted:
            assert cut.lower_bound is not None
            nxt = costs[len(cut.paths)] if len(costs) > len(cut.paths) else math.inf
            assert cut.lower_bound <= nxt + 1e-9, spec.toml()


def assembly(members: int = 120, holdouts: int = 60, seed: int = 7) -> natosim.Scenario:
    """A population-weighted body under a two-thirds rule with many holdouts (deterministic)."""
    return natosim.parse(assembly_toml(members, holdouts, seed), path="assembly.toml")


def assembly_toml(members: int = 120, holdouts: int = 60, seed: int = 7) -> str:
    """The TOML of :func:`assembly`."""
    import random

    rng = random.Random(seed)
    codes = [f"U{i:03d}" for i in range(members)]
    lines = [
        'title = "assembly"',
        "as_of = 2024-01-01",
        'rule = { quota = 0.6666666666666666, weight = "population" }',
        "[body]",
        'name = "A"',
    ]
    for c in codes:
        lines += [f"[body.members.{c}]", f'name = "{c}"', f"population = {rng.randint(1, 10**6)}"]
    lines += ["[defaults]", 'stance = "support"']
    for c in sorted(rng.sample(codes, holdouts)):
        lines += [f"[allies.{c}]", 'stance = "oppose"', f"cost = {rng.randint(1, 9)}"]
    return "\n".join(lines) + "\n"


def test_a_tiny_time_limit_says_so_and_bounds_the_optimum_from_below() -> None:
    s = assembly()
    full = paths.find(s, "proposal", limit=3)
    assert full.paths
    assert not full.timed_out
    assert full.lower_bound is None
    cut = paths.find(s, "proposal", limit=3, time_limit=1e-9)
    assert cut.timed_out
    assert not cut.complete
    assert cut.lower_bound is not None
    assert cut.lower_bound <= full.paths[0].cost + 1e-9
    assert cut.paths, "the best path found greedily is listed"
    if not cut.proven:
        (best,) = cut.paths
        assert best.cost >= full.paths[0].cost - 1e-9
        assert adopted(s, [o.change("proposal") for o in chosen(best, cut.interventions)], "proposal")
    else:  # proven cheapest: by the search (the same paths), or a greedy set that costs the proven bound
        assert [p.cost for p in cut.paths] == [p.cost for p in full.paths[: len(cut.paths)]]


def test_the_greedy_answer_when_the_search_runs_out_is_minimal_and_here_proven_cheapest() -> None:
    """Iohannis under qualified majority in April 2024: Hungary carries Slovakia, so the search runs out of work.

    The greedy set must still work and be minimal; here (17 flips of cost 1 and Rutte's withdrawal,
    the count of 18 members binding) it costs the proven lower bound of 18.
    """
    from natosim import api

    found = api.paths("rutte-2024-04", candidate="iohannis", rule="qualified-majority", limit=3).search
    assert found.exhausted
    assert found.proven
    (best,) = found.paths
    assert best.cost == found.lower_bound == 18
    s = api.load("rutte-2024-04", rule="qualified-majority")
    picked = chosen(best, found.interventions)
    assert adopted(s, [o.change("iohannis") for o in picked], "iohannis")
    for leave in picked:
        assert not adopted(s, [o.change("iohannis") for o in picked if o != leave], "iohannis"), leave


def test_a_time_limit_must_be_positive() -> None:
    with pytest.raises(NatosimError, match="positive"):
        paths.find(assembly(20, 10), "proposal", time_limit=0)


def test_progress_is_reported_with_the_paths_found() -> None:
    calls: list[tuple[int, int]] = []
    found = paths.find(assembly(), "proposal", limit=4, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert calls[-1] == (len(found.paths), 4)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def quota_body(seed: int) -> natosim.Scenario:
    """A small random body under a random quota rule, with clocks that move and some influence (deterministic)."""
    import random

    rng = random.Random(seed)
    n = rng.randint(3, 12)
    codes = [f"M{i:02d}" for i in range(n)]
    rule = rng.choice(
        [
            '"majority"',
            '"qualified-majority"',
            '{ quota = 0.6666666666666666, weight = "population" }',
            '{ quota = 0.5, weight = "weight", min_members = 0.5 }',
            '{ quota = 0.65, weight = "population", min_members = 0.55, blocking_min = 3 }',
        ]
    )
    lines = ['title = "q"', "as_of = 2024-01-01", "deadline = 2024-06-01", f"rule = {rule}", "[body]", 'name = "B"']
    for c in codes:
        lines += [f"[body.members.{c}]", f'name = "{c}"', f"population = {rng.randint(1, 100)}", f"weight = {rng.randint(1, 5)}"]
    for c in codes:
        stance = rng.choice(["support", "oppose", "undecided", "abstain"])
        lines += [
            f"[allies.{c}]",
            f'stance = "{stance}"',
            f"p_move = {rng.choice([0, 0.1, 0.4, 0.8])}",
            f"threshold = {rng.choice([0.25, 0.5, 1.0])}",
        ]
    pairs = {tuple(rng.sample(codes, 2)) for _ in range(rng.randint(0, n))}
    for a, b in sorted(pairs):
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {rng.choice([0.25, 0.5])}"]
    return natosim.parse("\n".join(lines) + "\n", path="q.toml")


def cascade_body(seed: int) -> natosim.Scenario:
    """A random body under a quota rule with dense influence, where most followers need two influencers (deterministic).

    Flips there carry members along later than they would have moved (the trials the shortcut
    searches again) and, with ``seed % 5 == 0``, member ``M00`` opposes and carries nine others
    along on ``as_of`` (more than ``FRONT_MAX``) while ten large members ``M10``.. hold out.
    """
    import random

    rng = random.Random(seed)
    hub = seed % 5 == 0
    n = 20 if hub else rng.randint(10, 16)
    codes = [f"M{i:02d}" for i in range(n)]
    lines = ['title = "c"', "as_of = 2024-01-01", "deadline = 2024-06-01"]
    lines += ['rule = { quota = 0.6666666666666666, weight = "population" }', "[body]", 'name = "B"']
    for i, c in enumerate(codes):
        lines += [f"[body.members.{c}]", f'name = "{c}"', f"population = {rng.randint(1, 100) * (10 if i >= 10 else 1)}"]
    for i, c in enumerate(codes):
        stance = rng.choice(["support", "oppose", "undecided", "undecided"])
        if hub and (i == 0 or i >= 10):
            stance = "oppose"
        lines += [f"[allies.{c}]", f'stance = "{stance}"', f"p_move = {rng.choice([0.2, 0.5, 0.8])}"]
        lines += [f"threshold = {rng.choice([0.5, 0.75, 1.0])}"]
    edges = {(a, b): rng.choice([0.3, 0.4, 0.6]) for a, b in (rng.sample(codes, 2) for _ in range(3 * n))}
    if hub:
        edges |= {(codes[0], c): 1.0 for c in codes[1:10]}
    for (a, b), weight in sorted(edges.items()):
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {weight}"]
    return natosim.parse("\n".join(lines) + "\n", path="c.toml")


@pytest.mark.parametrize("body", [quota_body, cascade_body], ids=["quota", "cascade"])
@pytest.mark.parametrize("seed", range(120))
def test_the_forecast_of_a_single_flip_from_the_baseline_order_is_the_simulated_one(
    body: Callable[[int], natosim.Scenario], seed: int
) -> None:
    import importlib
    from datetime import date

    simulate = importlib.import_module("natosim._engine.forecast.simulate")  # the module (the package exports a function of that name)
    s = body(seed)
    run = dict(candidate="proposal", deadline=date(2024, 6, 1), trials=3_000, seed=seed)
    fast = simulate.forecast(s, **run)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(simulate, "_flip_of", lambda plan, other: None)
        slow = simulate.forecast(s, **run)
    assert fast == slow


def test_paths_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect
    from typer.testing import CliRunner

    from natosim.cli import app

    source = tmp_path / "assembly.toml"
    source.write_text(assembly_toml(), encoding="utf-8")
    env = {**os.environ, "NATOSIM_PROGRESS_DELAY": "0", "COLUMNS": "120"}
    child = pexpect.spawn(sys.executable, ["-m", "natosim", "paths", str(source), "--max", "3"], env=env, timeout=120, encoding="utf-8")
    shown = child.read()
    child.close()
    assert "searching (paths found)" in shown
    assert child.exitstatus == 0
    plain = CliRunner().invoke(app, ["paths", str(source), "--max", "3"], env={"NATOSIM_PROGRESS_DELAY": "0"})
    assert plain.exit_code == 0
    assert "searching" not in plain.output
