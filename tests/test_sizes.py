"""Issue 25 item 2: the correctness side of the fixes that keep every command within 10 s and 1 GB (the timings
themselves are in ``benchmarks/worst_cases.py``): constructive abstention searched as a veto and a quota, ``power``'s
smallest coalitions without recursion, and the work budget of ``paths`` counting the size of the cascade."""

from __future__ import annotations

import itertools

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import SETTINGS

import natosim
from natosim import api
from natosim._engine import paths, power, rules
from natosim.errors import NatosimError
from natosim.model import Member, Stance

STANCES = (Stance.SUPPORT, Stance.OPPOSE, Stance.UNDECIDED, Stance.ABSTAIN)


@settings(SETTINGS, max_examples=examples(2000))
@given(st.lists(st.tuples(st.integers(1, 30), st.sampled_from(STANCES)), min_size=1, max_size=9))
def test_constructive_abstention_is_a_veto_then_its_clause_as_a_quota(case: list[tuple[int, Stance]]) -> None:
    """``Abstention.counted`` (what ``paths`` and the solver search) agrees with ``Abstention.adopted`` on every stance."""
    members = [Member(code=f"M{i}", name=f"m{i}", population=p) for i, (p, _) in enumerate(case)]
    stances = {m.code: s for m, (_, s) in zip(members, case, strict=True)}
    judge = rules.Abstention()
    quota = judge.counted(members)
    nobody_blocks = not any(s in judge.blocking for s in stances.values())
    assert judge.adopted(members, stances) == (nobody_blocks and quota.adopted(members, stances))


def declared(n: int, *, stance: str, rule: str, chain: int = 0) -> str:
    lines = ['title = "t"', "as_of = 2024-01-01", f'rule = "{rule}"', "[body]", 'name = "B"']
    for i in range(n):
        lines += [f"[body.members.M{i:04d}]", f'name = "m{i}"', f"population = {1000 + i}"]
    lines += ["[defaults]", f'stance = "{stance}"']
    for i in range(n):
        for j in range(1, chain + 1):
            lines += ["[[influence]]", f'from = "M{i:04d}"', f'to = "M{(i + j) % n:04d}"', "weight = 0.3"]
    return "\n".join(lines) + "\n"


def test_everyone_abstaining_needs_the_cheapest_supporters_past_two_thirds_proven() -> None:
    """1,000 members abstaining under constructive abstention: the clause bites until fewer than a third abstain
    (or they hold less than a third of the population); the flips that get there are listed, proven cheapest."""
    s = natosim.parse(declared(1000, stance="abstain", rule="constructive-abstention"), path="a.toml")
    found = paths.find(s, "proposal", limit=1)
    (best,) = found.paths
    assert found.proven
    # every member costs 1: the fewest supporters that leave fewer than 334 abstainers, or the lightest abstaining
    # with less than a third of the population (the heaviest support)
    pops = sorted(1000 + i for i in range(1000))
    total = sum(pops)
    fewest = next(k for k in range(1001) if 3 * (1000 - k) < 1000 or 3 * sum(pops[: 1000 - k]) < total)
    assert best.cost == fewest == 586
    assert paths.works(s, "proposal", [o for o in found.interventions if o.target in best.flips])
    assert api.evaluate(s).verdicts[0].adopted is False


def test_power_under_unanimity_on_a_thousand_members_lists_the_grand_coalition() -> None:
    """The smallest winning coalition is everyone, 1,000 deep (it once ended in RecursionError)."""
    g = power.game([Member(code=f"M{i:04d}", name=f"m{i}") for i in range(1000)], rules.UNANIMITY)
    assert power.smallest_minimal(g, 3) == (tuple(range(1000)),)


@settings(SETTINGS, max_examples=examples(1000))
@given(st.lists(st.integers(0, 6), min_size=1, max_size=8), st.data())
def test_smallest_minimal_coalitions_are_the_brute_force_ones(weights: list[int], data: st.DataObject) -> None:
    n = len(weights)
    total = sum(weights)
    theta = sorted((data.draw(st.integers(0, total + 1)) for _ in range(n + 1)), reverse=True)
    g = power.Game(tuple(f"M{i}" for i in range(n)), tuple(weights), tuple(theta))
    minimal = [
        c
        for size in range(n + 1)
        for c in itertools.combinations(range(n), size)
        if g.wins(c) and not any(g.wins(tuple(x for x in c if x != i)) for i in c)
    ]
    found = power.smallest_minimal(g, 1000)
    if not minimal:
        assert found == ()
        return
    fewest = min(len(c) for c in minimal)
    assert {c for c in found if len(c) == fewest} == {c for c in minimal if len(c) == fewest}


def test_a_large_cascade_spends_the_work_budget_by_its_size() -> None:
    """1,000 opposed members with 20,000 edges under unanimity: the budget runs out after fewer outcomes (each counts
    its 21 steps), and the answer is a working set marked as not proven."""
    s = natosim.parse(declared(1000, stance="oppose", rule="unanimity", chain=20), path="u.toml")
    found = paths.find(s, "proposal", limit=1)
    assert found.exhausted
    assert found.evaluations * (1 + 21_000 // paths.STEP_SIZE) <= paths.MAX_STEPS + 21
    (best,) = found.paths
    assert best.cost == 2  # two neighbours carry everyone along (0.3 + 0.3 reaches the threshold 0.5)
    assert paths.works(s, "proposal", [o for o in found.interventions if o.target in best.flips])


def test_a_forecast_whose_interventions_would_each_rerun_a_large_cascade_is_refused_before_the_work() -> None:
    """300 members each influencing the next three, under QMV: 300 variants that can each carry up to 300 members
    along, 20,000 trials: refused with the trials named, before any variant is compiled (it once ran past a minute)."""

    s = natosim.parse(declared(300, stance="oppose", rule="qualified-majority", chain=3), path="q.toml")
    with pytest.raises(NatosimError, match="too much work") as caught:
        api.forecast(s, trials=20_000, seed=1, deadline="2024-07-01")
    assert "trials" in str(caught.value)
