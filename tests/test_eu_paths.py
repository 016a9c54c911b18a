"""``paths`` under the EU's qualified majority in every era (issue 25 item 1): the Nice weighted votes (votes,
a majority of the members, 62% of the population), the 2014-2017 transition (Nice and Lisbon both) and the
Lisbon double majority are searched exactly, each quota counted from the bits, and the solver covers them too.

Checked against brute force over small EU-like bodies (the oracle's generated scenarios with a dated rule of
every era put in): the paths listed are exactly the minimal working sets of :mod:`natosim._engine.step`, and the
solver, when the search's work runs out at once, lists the cheapest one, proven.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import SETTINGS, Spec, adopted, chosen, minimal_working_sets, order_key, specs

import natosim
from natosim._engine import paths, rules
from natosim._engine.rulespec import rule_spec
from natosim.errors import NatosimError
from natosim.model import Scenario

ERAS = ("nice", "nice-or-lisbon", "")
"""The systems of ``qualified-majority`` on ``body = "eu"``: weighted votes, both counts, the double majority."""


@st.composite
def eu_like(draw: st.DrawFn) -> tuple[Spec, Scenario]:
    """An oracle scenario (deals, withdrawals, influence, rivals) with an EU-like dated qualified majority of some era."""
    spec = draw(specs(rule='"qualified-majority"'))
    s = spec.scenario()
    system = draw(st.sampled_from(ERAS))
    rule = rule_spec("qualified-majority")
    if system:
        votes = {c: draw(st.integers(0, 10)) for c in spec.codes}
        if not any(votes.values()):
            votes[spec.codes[0]] = 3
        total = sum(votes.values())
        nice = draw(st.booleans())  # from the Treaty of Nice on: a majority of the members and 62% of the population too
        rule = dataclasses.replace(
            rule,
            system=system,
            votes=tuple(sorted(votes.items())),
            votes_needed=draw(st.integers(1, total)),
            votes_total=total,
            min_count=len(spec.codes) // 2 + 1 if nice else 0,
            quota=0.62 if nice else 0.0,
        )
    return spec, dataclasses.replace(s, rule=rule)


@settings(SETTINGS, max_examples=examples(400))
@given(eu_like())
def test_paths_in_every_era_are_exactly_the_minimal_working_sets(case: tuple[Spec, Scenario]) -> None:
    spec, s = case
    found = paths.find(s, "main", limit=50)
    options = found.interventions
    listed = []
    for p in found.paths:
        todo = chosen(p, options)
        assert adopted(s, [o.change("main") for o in todo]), spec.toml()
        listed.append(order_key([options.index(o) for o in todo], options))
    expected = minimal_working_sets(s, options)
    assert found.proven
    if found.complete:
        assert listed == expected, (s.rule, spec.toml())
    else:
        assert listed == expected[: len(listed)], (s.rule, spec.toml())


@settings(SETTINGS, max_examples=examples(300))
@given(eu_like())
def test_when_the_work_runs_out_at_once_the_solver_proves_the_cheapest_in_every_era(case: tuple[Spec, Scenario]) -> None:
    spec, s = case
    full = paths.find(s, "main", limit=50)
    groups = 2 ** sum(1 for o in full.interventions if not o.monotone)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "MAX_STEPS", 1)
        try:
            cut = paths.find(s, "main", limit=50)
        except NatosimError:
            assert groups > paths.SOLVER_GROUPS, (s.rule, spec.toml())  # else the solver always answers
            return
    if not cut.exhausted:
        return
    cheapest = full.paths[0].cost if full.paths else math.inf
    if not cut.paths:
        assert not full.paths, (s.rule, spec.toml())
        return
    (best,) = cut.paths
    assert adopted(s, [o.change("main") for o in chosen(best, cut.interventions)]), (s.rule, spec.toml())
    assert best.cost >= cheapest - 1e-9
    if groups <= paths.SOLVER_GROUPS:
        assert cut.proven, (s.rule, spec.toml())
        assert best.cost == pytest.approx(cheapest), (s.rule, spec.toml())


def from_scratch(day: str) -> Scenario:
    """The four-line file of issue 25: the EU Council on ``day``, everyone undecided."""
    return natosim.parse(f'title = "t"\nbody = "eu"\nrule = "qualified-majority"\nas_of = {day}\n', path="eu.toml")


def test_the_eu_of_25_from_scratch_needs_13_flips_proven() -> None:
    """1 May 2004 (the transitional table of the Act of Accession 2003: 88 of 124 votes): the 13 members with the most
    votes pass, and no 12 do."""
    s = from_scratch("2004-05-01")
    assert s.rule.system == "nice"
    assert len(s.members) == 25
    assert s.rule.votes_needed == 88
    found = paths.find(s, s.candidates[0].id, limit=3)
    assert found.proven
    assert not found.exhausted
    assert not found.timed_out
    assert [p.cost for p in found.paths] == [13.0, 13.0, 13.0]
    assert all(adopted(s, [o.change(s.candidates[0].id) for o in chosen(p, found.interventions)], s.candidates[0].id) for p in found.paths)


@pytest.mark.parametrize(
    "day", ["1995-01-01", "2004-05-01", "2004-11-01", "2007-01-01", "2013-07-01", "2014-11-01", "2017-03-31", "2024-01-01"]
)
def test_every_era_from_scratch_is_proven_and_a_flip_fewer_never_works(day: str) -> None:
    """The cheapest path is proven by the search, and (flips all costing 1) no set of one flip fewer passes: checked
    on the members holding the most of every quota's weight, the best such set for each quota."""
    s = from_scratch(day)
    cid = s.candidates[0].id
    found = paths.find(s, cid, limit=1)
    assert found.proven
    assert not found.exhausted
    assert not found.timed_out
    (best,) = found.paths
    k = int(best.cost) - 1
    judge = rules.rule_for(s.rule)
    quotas = judge.parts if isinstance(judge, rules.AllOf) else (judge,)
    for q in quotas:
        assert isinstance(q, rules.Quota)
        weights = dict(zip((m.code for m in s.members), q.weights(s.members), strict=True))
        heaviest = sorted(weights, key=lambda c: -weights[c])[:k]
        bar = q.bar(tuple(weights.values()))
        if not bar.passes(k, sum(weights[c] for c in heaviest)):
            break  # no k members pass this quota, so none pass the rule
    else:
        pytest.fail(f"{day}: {k} members might pass every quota; the search listed {best.cost}")


def test_a_spec_of_every_era_is_judged_by_its_parts() -> None:
    """The search's counted form of a Nice rule is the rule's own ``adopted`` (each part's Bar)."""
    s = from_scratch("2014-11-01")
    assert isinstance(rules.rule_for(s.rule), rules.AllOf)
    options = paths.interventions(s, s.candidates[0].id)
    space = paths._space(s, s.candidates[0].id, options, (), exclude=(), with_cascade=True)
    assert space.general is None
    assert len(space.parts) == 3
