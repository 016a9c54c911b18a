"""Rule specifications: the rule a name, a rule table or ``--rule`` text describes, the EU's qualified
majority as it stood on a day, and the checks a rule must pass on a body.

The reader (:mod:`natosim._engine.scenario`) builds a scenario's rule with these; the engines that compare
rules (:func:`natosim._engine.compare.compare_rules`) and the library (:mod:`natosim.api`) use them too, so
none of them needs the reader. What a rule *does* is :mod:`natosim._engine.rules`.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any

import msgspec

from natosim._engine.explain import explain
from natosim._engine.schema import RuleDoc, RuleName
from natosim.errors import NatosimError, did_you_mean, shown
from natosim.model import Member, RuleSpec, WeightBasis


def rule_spec(r: str | RuleDoc, *, veto: typing.Sequence[str] = ()) -> RuleSpec:
    """The rule a file's ``rule`` value (a name or a weighted-rule table) describes.

    ``veto`` are the codes a table's ``veto_members`` resolve to (the caller resolves the names).
    """
    if isinstance(r, str):
        if r == "qualified-majority":
            return RuleSpec(r, quota=0.65, weight=WeightBasis.POPULATION, min_members=0.55, blocking_min=4)
        if r == "security-council":
            return RuleSpec(r, min_count=9)
        if r == "constructive-abstention":
            return RuleSpec(r, weight=WeightBasis.POPULATION)
        return RuleSpec(r)
    return RuleSpec(
        "weighted",
        quota=r.quota,
        weight=WeightBasis(r.weight),
        min_members=r.min_members,
        blocking_min=r.blocking_min,
        min_count=r.min_count,
        veto=tuple(sorted(set(veto))),
    )


def dated(spec: RuleSpec, body: str, day: date, members: typing.Sequence[Member]) -> RuleSpec:
    """``spec`` as it applies on ``day``: ``qualified-majority`` on ``body = "eu"`` counts Nice weighted votes before
    2014-11-01, and either count (both must pass) until 2017-03-31; any other rule is returned as it is.

    A date before the earliest table of weighted votes (1958-01-01) is an input error.
    """
    if spec.name != "qualified-majority" or body != "eu":
        return spec
    from natosim.data import eu

    base = rule_spec("qualified-majority")
    if day > eu.NICE_ON_REQUEST_UNTIL:
        return base
    tables = [t for t in eu.NICE_TABLES if t[0] <= day]
    if not tables:
        raise NatosimError(
            f"qualified-majority on {day.isoformat()}: the Council's weighted votes are carried from "
            f"{eu.NICE_TABLES[0][0].isoformat()} on; expected a date on or after it (or a weighted-rule table)"
        )
    first, name, votes, needed, nice = tables[-1]
    codes = sorted(m.code for m in members)
    return dataclasses.replace(
        base,
        system="nice" if day < eu.LISBON_FROM else "nice-or-lisbon",
        votes=tuple((c, votes.get(c, 0)) for c in codes),
        votes_needed=needed,
        votes_total=sum(votes.values()),
        min_count=len(codes) // 2 + 1 if nice else 0,
        quota=0.62 if nice else 0.0,
        table=f"{name}, from {first.isoformat()}; {eu.NICE_SOURCE}",
    )


def unweighable(rule: RuleSpec, members: typing.Sequence[Member]) -> str | None:
    """The first member the rule cannot weigh (a population-weighted rule, a member without population), or ``None``."""
    if rule.weight is WeightBasis.POPULATION:
        return next((m.code for m in members if m.population <= 0), None)
    return None


def check_rule(rule: RuleSpec, members: typing.Sequence[Member], *, where: str) -> None:
    """The checks a rule must pass on a body, wherever it comes from: the file's ``rule`` or ``--rule``."""
    missing = unweighable(rule, members)
    if missing is not None:
        raise NatosimError(f"the rule weights by population but member {missing} has none; expected a population > 0", where=where)
    if rule.weight is WeightBasis.WEIGHT and members and not any(m.weight > 0 for m in members):
        raise NatosimError("the rule weights by weight but every member's weight is 0; expected at least one weight > 0", where=where)
    if rule.name == "security-council" and not any(m.veto for m in members):
        raise NatosimError(
            "the security-council rule needs permanent members and this body has none; "
            'expected body = "unsc", or veto = true on the permanent [body.members.X]',
            where=where,
        )
    if rule.min_count > len(members):
        raise NatosimError(f"the rule asks for {rule.min_count} supporters and the body has {len(members)} members", where=where)


def parse_rule(text: str, *, where: str = "rule") -> RuleSpec:
    """A rule given as text: a name, or ``quota=0.65,weight=population,...``; ``where`` names it in errors."""
    names = list(typing.get_args(RuleName))
    text = text.strip().lower()  # names, keys and values are all lowercase: Unanimity, QUOTA=0.6,weight=Population
    if "=" not in text:
        if text not in names:
            raise NatosimError(
                f"unknown rule '{shown(text)}'; expected one of {', '.join(names)} or quota=Q[,weight=W,min_members=M,blocking_min=B]"
                + did_you_mean(text, names),
                where=where,
            )
        return rule_spec(text)
    table: dict[str, Any] = {}
    numbers = {"quota": float, "min_members": float, "blocking_min": int, "min_count": int}
    for item in text.split(","):
        key, _, value = item.partition("=")
        key, value = key.strip(), value.strip()
        try:
            table[key] = numbers[key](value) if key in numbers else value  # an unknown key: RuleDoc says which it expected
        except ValueError:
            raise NatosimError(f"'{shown(value)}' is not a number; expected {key}=NUMBER", where=f"{where} {key}") from None
    try:
        return rule_spec(msgspec.convert(table, RuleDoc))
    except msgspec.ValidationError as e:
        raise explain(e, table, where, root=RuleDoc) from None  # the ranges of the file's rule table, checked the same way
