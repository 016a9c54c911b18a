"""Evaluating a scenario: one verdict per candidate under the scenario's rule and seats."""

from __future__ import annotations

from types import MappingProxyType

from natosim._engine.rules import Abstention, AnyRule, Veto, decide, rule_for
from natosim.model import Report, Scenario, Stance, Verdict


def adopted(scenario: Scenario) -> frozenset[str]:
    """The ids of the candidates adopted: each verdict's ``adopted`` of :func:`evaluate`, without the rest of the verdict
    (who blocks, tallies), for callers that only ask whether a state adopts a candidate."""
    return decide(_meets(scenario, rule_for(scenario.rule)), seats=scenario.seats).adopted


def _meets(scenario: Scenario, judge: AnyRule) -> dict[str, bool]:
    """Candidate id -> whether it meets the rule."""
    return {c.id: judge.adopted(scenario.members, scenario.stances[c.id]) for c in scenario.active}


def evaluate(scenario: Scenario) -> Report:
    """The verdict on every candidate still in the race under the scenario's rule.

    A candidate is adopted when it meets the rule and no more candidates meet it than the body
    has seats (:func:`natosim._engine.rules.decide`); otherwise those that meet it are ``contested``.
    Under quota rules (every rule but unanimity, consensus and constructive abstention) a candidate
    that does not meet the rule is blocked by its pivotal members, else by the members of its
    smallest blocking coalitions (:func:`natosim._engine.power.holdouts`). Under constructive abstention
    it is blocked by every member that opposes or is undecided, else by the abstainers
    (:meth:`natosim._engine.rules.Abstention.blockers`: each of those blocks alone, or the abstainers
    together), with the pivotal members and smallest coalitions reported beside them. Every
    verdict but a veto rule's carries the rule's tallies.
    """
    judge = rule_for(scenario.rule)
    meets = _meets(scenario, judge)
    decision = decide(meets, seats=scenario.seats)
    verdicts = []
    for c in scenario.active:
        stances = scenario.stances[c.id]
        counts = {s: 0 for s in Stance}
        for m in scenario.members:
            counts[stances[m.code]] += 1
        blockers = judge.blockers(scenario.members, stances)
        pivotal: tuple[str, ...] = ()
        blocking: tuple[tuple[str, ...], ...] = ()
        tallies = () if isinstance(judge, Veto) else judge.tallies(scenario.members, stances)
        basis = ""
        if not isinstance(judge, Veto) and not meets[c.id]:
            from natosim._engine.power import holdouts  # here: a veto rule's verdict (natosim run) does without it

            held = holdouts(judge, scenario.members, stances)
            pivotal, blocking = held.pivotal, held.smallest
            if isinstance(judge, Abstention):  # each member that opposes or is undecided blocks alone, as under unanimity
                basis = "oppose_or_undecided" if any(stances[m.code] in judge.blocking for m in scenario.members) else "abstainers"
            else:
                basis = "pivotal" if held.pivotal else "smallest_blocking_coalitions" if held.members else "not_supporting"
                blockers = held.pivotal or held.members or blockers
        verdicts.append(
            Verdict(
                candidate=c,
                adopted=c.id in decision.adopted,
                counts=MappingProxyType(counts),
                blockers=blockers,
                contested=c.id in decision.contested,
                pivotal=pivotal,
                blocking=blocking,
                tallies=tallies,
                blockers_are=basis,
            )
        )
    return Report(scenario=scenario, verdicts=tuple(verdicts))
