"""The solver fallback of ``paths`` (natosim/_engine/solver.py): when the search runs out of work before any path,
the mixed-integer program lists the cheapest path, proven, checked against the exhaustive oracle."""

from __future__ import annotations

import math

import pytest
from helpers import examples
from hypothesis import given, settings
from test_oracle import SETTINGS, Spec, adopted, chosen, specs

from natosim._engine import paths, solver
from natosim._engine.rules import Quota, Veto, rule_for
from natosim.errors import NatosimError


def _formulated(spec: Spec) -> bool:
    """Whether the program covers the spec's rule (a veto rule or one quota) and all its groups are solved."""
    s = spec.scenario()
    options = paths.interventions(s, "main")
    groups = 2 ** sum(1 for o in options if not o.monotone)
    return isinstance(rule_for(s.rule), Veto | Quota) and groups <= paths.SOLVER_GROUPS


@settings(SETTINGS, max_examples=examples(300))
@given(specs(rule="weighted") | specs())
def test_when_the_work_runs_out_first_the_solver_lists_the_cheapest_path(spec: Spec) -> None:
    s = spec.scenario()
    full = paths.find(s, "main", limit=50)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "MAX_STEPS", 1)
        try:
            cut = paths.find(s, "main", limit=50)
        except NatosimError:
            assert not _formulated(spec), spec.toml()  # with the solver there is always an answer
            return
    if not cut.exhausted:  # the search needed no work (adopted already, or one step was enough)
        return
    cheapest = full.paths[0].cost if full.paths else math.inf
    if cut.lower_bound is not None:
        assert cut.lower_bound <= cheapest + 1e-9, spec.toml()
    if not cut.paths:
        assert not full.paths, spec.toml()  # the solver proved that there is none
        return
    (best,) = cut.paths
    assert adopted(s, [o.change("main") for o in chosen(best, cut.interventions)]), spec.toml()
    assert best.cost >= cheapest - 1e-9, spec.toml()
    if cut.proven:
        assert best.cost <= cheapest + 1e-9, spec.toml()
    if _formulated(spec):
        assert cut.proven, spec.toml()
        assert best.cost == pytest.approx(cheapest), spec.toml()
        assert best in full.paths or math.isclose(best.cost, cheapest), spec.toml()


def test_the_rounds_bound_the_longest_chain_of_followers() -> None:
    """A chain AA -> BB -> CC -> DD -> BB: BB, CC and DD form one strongly connected part (three rounds at most)."""
    import natosim

    lines = ['title = "chain"', "as_of = 2024-01-01", '[body]\nname = "B"']
    for c in ("AA", "BB", "CC", "DD", "EE"):
        lines += [f"[body.members.{c}]", f'name = "{c}"']
    for c in ("AA", "BB", "CC", "DD", "EE"):
        lines += [f"[allies.{c}]", 'stance = "oppose"', "threshold = 0.5"]
    for a, b in [("AA", "BB"), ("BB", "CC"), ("CC", "DD"), ("DD", "BB")]:
        lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', "weight = 1.0"]
    s = natosim.parse("\n".join(lines) + "\n", path="chain.toml")
    options = paths.interventions(s, s.candidates[0].id)
    space = paths._space(s, s.candidates[0].id, options, (), exclude=(), with_cascade=True)
    assert solver.rounds(space) == 3


def test_a_rule_the_program_does_not_cover_gets_no_answer() -> None:
    from natosim import api

    s = api.load("unsc-2022-02")
    options = paths.interventions(s, s.candidates[0].id)
    space = paths._space(s, s.candidates[0].id, options, (), exclude=(), with_cascade=True)
    assert solver.cheapest(space, time_limit=1.0) is None


def test_the_solver_is_named_in_the_json_when_it_found_the_path() -> None:
    """A body where the greedy pass is not cheapest: the solver's path is listed, proven, and the JSON says who found it."""
    import natosim
    from natosim.render.views import paths_view

    # half of the weight (10 of 20): the greedy pass takes AA (best price per weight) and BB, swaps AA for CC
    # (cost 4); the cheapest is AA and DD (cost 3.5)
    lines = ['title = "g"', "as_of = 2024-01-01", 'rule = { quota = 0.5, weight = "weight" }', '[body]\nname = "B"']
    for c, w in [("AA", 9), ("BB", 5), ("CC", 5), ("DD", 1)]:
        lines += [f"[body.members.{c}]", f'name = "{c}"', f"weight = {w}"]
    for c, cost in [("AA", 3), ("BB", 2), ("CC", 2), ("DD", 0.5)]:
        lines += [f"[allies.{c}]", 'stance = "oppose"', f"cost = {cost}"]
    s = natosim.parse("\n".join(lines) + "\n", path="g.toml")
    candidate = s.candidates[0].id
    space = paths._space(s, candidate, paths.interventions(s, candidate), (), exclude=(), with_cascade=True)
    greedy = paths._greedy(s, candidate, space, with_cascade=True)
    assert greedy is not None
    assert greedy.cost == 4
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "MAX_STEPS", 1)
        cut = paths.find(s, candidate, limit=3)
    assert cut.exhausted
    assert cut.proven
    assert cut.found_by == "solver"
    (best,) = cut.paths
    assert (best.flips, best.cost) == (("AA", "DD"), 3.5)
    assert cut.lower_bound == 3.5
    data = paths_view(s, cut).data
    assert data["found_by"] == "solver"
    assert "proven" not in data
