"""The verdicts of one scenario under other rules (``natosim compare-rules``): each rule applied through the
one definition of the rules (:mod:`natosim._engine.rules` via :func:`natosim._engine.analysis.evaluate`)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from natosim._engine.analysis import evaluate
from natosim._engine.rulespec import dated, rule_spec, unweighable
from natosim.errors import NatosimError
from natosim.model import RuleSpec, Scenario, Verdict

STANDARD_RULES = ("unanimity", "consensus", "majority", "qualified-majority")
"""The named rules ``compare-rules`` always shows."""


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """The verdicts of a scenario under one rule."""

    rule: RuleSpec
    """The rule."""
    verdicts: tuple[Verdict, ...]
    """One per candidate still in the race, in file order (empty when ``unavailable``)."""
    unavailable: str = ""
    """Why the rule cannot be applied to this body (e.g. no populations), or ``""``."""


def _lisbon() -> date:
    from natosim.data.eu import LISBON_FROM

    return LISBON_FROM


def compare_rules(scenario: Scenario, *, extra: Sequence[RuleSpec] = ()) -> tuple[RuleOutcome, ...]:
    """The verdicts under every standard rule, the scenario's own rule and ``extra`` rules, in that order."""
    specs: list[RuleSpec] = []
    for spec in (*(rule_spec(name) for name in STANDARD_RULES), scenario.rule, *extra):
        with contextlib.suppress(NatosimError):  # before any table of votes: shown as unavailable below
            spec = dated(spec, scenario.body, scenario.as_of, scenario.members)  # the EU's qualified majority on as_of
        if spec not in specs:
            specs.append(spec)
    out = []
    for spec in specs:
        if spec.name == "qualified-majority" and scenario.body == "eu" and not spec.system and scenario.as_of < _lisbon():
            out.append(RuleOutcome(spec, (), "no table of the Council's weighted votes for this date"))
            continue
        if spec.name == "security-council" and not any(m.veto for m in scenario.members):
            out.append(RuleOutcome(spec, (), "the body has no permanent members"))
            continue
        missing = unweighable(spec, scenario.members)
        if missing is not None:
            out.append(RuleOutcome(spec, (), f"member {missing} has no population"))
            continue
        report = evaluate(dataclasses.replace(scenario, rule=spec))
        out.append(RuleOutcome(spec, report.verdicts))
    return tuple(out)
