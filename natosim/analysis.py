"""Evaluating a scenario: one verdict per candidate under the scenario's rule."""

from __future__ import annotations

from types import MappingProxyType

from natosim.model import Report, Scenario, Stance, Verdict
from natosim.rules import rule_for


def evaluate(scenario: Scenario) -> Report:
    """The verdict on every candidate still in the race under the scenario's rule."""
    judge = rule_for(scenario.rule)
    verdicts = []
    for c in scenario.active:
        stances = scenario.stances[c.id]
        counts = {s: 0 for s in Stance}
        for m in scenario.members:
            counts[stances[m.code]] += 1
        verdicts.append(
            Verdict(
                candidate=c,
                adopted=judge.adopted(scenario.members, stances),
                counts=MappingProxyType(counts),
                blockers=judge.blockers(scenario.members, stances),
            )
        )
    return Report(scenario=scenario, verdicts=tuple(verdicts))
