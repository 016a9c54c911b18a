"""Evaluating a scenario: one verdict per candidate under the scenario's rule and seats."""

from __future__ import annotations

from types import MappingProxyType

from natosim.model import Report, Scenario, Stance, Verdict
from natosim.rules import decide, rule_for


def evaluate(scenario: Scenario) -> Report:
    """The verdict on every candidate still in the race under the scenario's rule.

    A candidate is adopted when it meets the rule and no more candidates meet it than the body
    has seats (:func:`natosim.rules.decide`); otherwise those that meet it are ``contested``.
    """
    judge = rule_for(scenario.rule)
    meets = {c.id: judge.adopted(scenario.members, scenario.stances[c.id]) for c in scenario.active}
    decision = decide(meets, seats=scenario.seats)
    verdicts = []
    for c in scenario.active:
        stances = scenario.stances[c.id]
        counts = {s: 0 for s in Stance}
        for m in scenario.members:
            counts[stances[m.code]] += 1
        verdicts.append(
            Verdict(
                candidate=c,
                adopted=c.id in decision.adopted,
                counts=MappingProxyType(counts),
                blockers=judge.blockers(scenario.members, stances),
                contested=c.id in decision.contested,
            )
        )
    return Report(scenario=scenario, verdicts=tuple(verdicts))
