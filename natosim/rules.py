"""Decision rules: when is a candidate adopted, and who blocks it.

Adoption and blocking logic lives here and nowhere else. Every rule implements the small
:class:`Rule` protocol; :func:`rule_for` maps a :class:`~natosim.model.RuleSpec` to one, so a new
rule plugs in here without touching any caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from natosim.model import Member, RuleSpec, Stance, WeightBasis


class Rule(Protocol):
    """How a body decides on one candidate."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """Whether the candidate is adopted given every member's stance."""
        ...

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Codes (sorted) of the members that stand in the way; empty when adopted."""
        ...


@dataclass(frozen=True, slots=True)
class Unanimity:
    """Adopted iff no member opposes or is undecided (an abstention does not block)."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return not self.blockers(members, stances)

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Every member that opposes or is undecided."""
        return tuple(sorted(m.code for m in members if stances[m.code] in (Stance.OPPOSE, Stance.UNDECIDED)))


@dataclass(frozen=True, slots=True)
class Consensus:
    """NATO-style no-objection: adopted iff no member opposes (silence is assent)."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return not self.blockers(members, stances)

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Every member that opposes."""
        return tuple(sorted(m.code for m in members if stances[m.code] is Stance.OPPOSE))


@dataclass(frozen=True, slots=True)
class Weighted:
    """Quota rules: simple majority, the EU double majority and any declared weighted rule.

    Adopted iff the supporters hold at least ``quota`` of the total weight and at least
    ``min_members`` of the members, or fewer than ``blocking_min`` members fail to support.
    ``strict`` makes the weight condition "more than" (simple majority: more than half).
    """

    quota: float
    """Share of the total weight that must support."""
    basis: WeightBasis = WeightBasis.ONE
    """What counts as weight."""
    min_members: float = 0.0
    """Share of the members that must support."""
    blocking_min: int = 0
    """Fewest non-supporting members that can block (0: no such condition)."""
    strict: bool = False
    """Whether the quota must be exceeded rather than reached."""

    def weight(self, member: Member) -> float:
        """A member's weight under this rule."""
        match self.basis:
            case WeightBasis.ONE:
                return 1.0
            case WeightBasis.POPULATION:
                return float(member.population)
            case WeightBasis.WEIGHT:
                return member.weight

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        yes = [m for m in members if stances[m.code] is Stance.SUPPORT]
        if self.blocking_min and len(members) - len(yes) < self.blocking_min:
            return True
        total = sum(self.weight(m) for m in members)
        share = sum(self.weight(m) for m in yes) / total if total else 0.0
        eps = 1e-12
        weight_ok = share > self.quota + eps if self.strict else share >= self.quota - eps
        return weight_ok and len(yes) >= self.min_members * len(members) - eps

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """When not adopted: the members that do not support (together, a blocking coalition)."""
        if self.adopted(members, stances):
            return ()
        return tuple(sorted(m.code for m in members if stances[m.code] is not Stance.SUPPORT))


def rule_for(spec: RuleSpec) -> Rule:
    """The rule a specification describes."""
    match spec.name:
        case "unanimity":
            return Unanimity()
        case "consensus":
            return Consensus()
        case "majority":
            return Weighted(quota=0.5, strict=True)
        case _:
            return Weighted(quota=spec.quota, basis=spec.weight, min_members=spec.min_members, blocking_min=spec.blocking_min)
