"""Decision rules: when a candidate meets the rule, who blocks it, and how many seats it can fill.

Adoption and blocking logic lives here and nowhere else. Every rule implements the small
:class:`Rule` protocol; :func:`rule_for` maps a :class:`~natosim.model.RuleSpec` to one. The
engines do not re-derive a rule: they ask it.

* :class:`Veto` (unanimity, consensus) answers :attr:`Veto.blocking`: the stances with which one
  member alone prevents adoption. ``paths`` turns that into bitmasks, ``forecast`` into the set
  of members that must move.
* :class:`Quota` (majority, qualified majority, any weighted table) counts in exact arithmetic:
  :meth:`Quota.weights` gives every member an integer weight (populations as they are, declared
  weights scaled to whole numbers from the decimals the user wrote), and :meth:`Quota.bar` gives
  the least number of supporters and the least supporting weight the rule accepts. A coalition
  of supporters passes iff :meth:`Bar.passes` says so. Verdicts, the ``paths`` bound, the
  forecast's vectorised check and the power game all use that one :class:`Bar`.

A race for ``seats`` seats (one, unless the scenario says otherwise) never adopts more
candidates than seats: :func:`decide` adopts the candidates that meet the rule when there are at
most ``seats`` of them, and reports a *contest* (none adopted) when more meet it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from natosim.model import Member, RuleSpec, Stance, WeightBasis

RANK: Mapping[Stance, int] = {Stance.OPPOSE: 0, Stance.UNDECIDED: 1, Stance.ABSTAIN: 2, Stance.SUPPORT: 3}
"""How good a stance is for adoption: every rule is monotone in this order (support best)."""


class Rule(Protocol):
    """How a body decides on one candidate."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """Whether the candidate meets the rule given every member's stance."""
        ...

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Codes (sorted) of the members that stand in the way; empty when it meets the rule."""
        ...


def exact(x: float) -> Fraction:
    """A number typed by a user as the decimal it was written as (0.65 is 13/20, not the nearest double)."""
    return Fraction(repr(float(x)))


@dataclass(frozen=True, slots=True)
class Veto:
    """Unanimity and consensus: adopted iff no member holds a blocking stance."""

    blocking: frozenset[Stance]
    """Stances with which one member alone prevents adoption."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return not any(stances[m.code] in self.blocking for m in members)

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Every member whose stance blocks."""
        return tuple(sorted(m.code for m in members if stances[m.code] in self.blocking))


UNANIMITY = Veto(frozenset({Stance.OPPOSE, Stance.UNDECIDED}))
"""Adopted iff no member opposes or is undecided (an abstention does not block, as in the EU Council)."""

CONSENSUS = Veto(frozenset({Stance.OPPOSE}))
"""NATO-style no-objection: adopted iff no member opposes (silence is assent)."""


@dataclass(frozen=True, slots=True)
class Bar:
    """What a quota rule asks of the supporters of a body with given integer weights."""

    n: int
    """Number of members."""
    count: int
    """Fewest supporters the member condition accepts."""
    weight: int
    """Least supporting weight the quota condition accepts (``total + 1``: never)."""
    blocking_min: int
    """Fewest non-supporters that can block the quota condition (0: no such clause)."""

    def passes(self, count: int, weight: int) -> bool:
        """Whether ``count`` supporters holding ``weight`` get the candidate adopted.

        The member condition always holds; the quota condition is deemed met when fewer than
        ``blocking_min`` members do not support (TFEU Art. 238(3): a blocking minority needs at
        least four members).
        """
        if count < self.count:
            return False
        return weight >= self.weight or (self.blocking_min > 0 and self.n - count < self.blocking_min)

    def least_weight(self, count: int) -> int:
        """The supporting weight ``count`` supporters need (0 when the blocking clause already applies)."""
        if self.blocking_min > 0 and self.n - count < self.blocking_min:
            return 0
        return self.weight


@dataclass(frozen=True, slots=True)
class Quota:
    """Quota rules: simple majority, the EU double majority and any declared weighted rule.

    Adopted iff the supporters are at least ``min_members`` of the members and hold at least
    ``quota`` of the total weight (more than ``quota`` when ``strict``), or fewer than
    ``blocking_min`` members do not support (the member condition still holding). Exact: no
    tolerance, no float rounding.
    """

    quota: Fraction
    """Share of the total weight that must support."""
    basis: WeightBasis = WeightBasis.ONE
    """What counts as weight."""
    min_members: Fraction = Fraction(0)
    """Share of the members that must support."""
    blocking_min: int = 0
    """Fewest non-supporting members that can block (0: no such condition)."""
    strict: bool = False
    """Whether the quota must be exceeded rather than reached (simple majority: more than half)."""

    def weights(self, members: Sequence[Member]) -> tuple[int, ...]:
        """Every member's weight under this rule as a whole number, in the order given.

        Populations are whole already; declared weights are scaled by the least common
        denominator of the decimals they were written as, which leaves every share unchanged.
        """
        match self.basis:
            case WeightBasis.ONE:
                return (1,) * len(members)
            case WeightBasis.POPULATION:
                return tuple(int(m.population) for m in members)
            case WeightBasis.WEIGHT:
                fractions = [exact(m.weight) for m in members]
                scale = math.lcm(*(f.denominator for f in fractions)) if fractions else 1
                return tuple(int(f * scale) for f in fractions)

    def bar(self, weights: Sequence[int]) -> Bar:
        """The least supporters and supporting weight this rule accepts, for these member weights."""
        n, total = len(weights), sum(weights)
        if total <= 0:
            least = 1  # no weight at all: the share is 0 and never reaches a quota > 0
        elif self.strict:
            least = math.floor(self.quota * total) + 1
        else:
            least = math.ceil(self.quota * total)
        return Bar(n=n, count=math.ceil(self.min_members * n), weight=min(max(least, 0), total + 1), blocking_min=self.blocking_min)

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        weights = self.weights(members)
        yes = [w for m, w in zip(members, weights, strict=True) if stances[m.code] is Stance.SUPPORT]
        return self.bar(weights).passes(len(yes), sum(yes))

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """When not adopted: the members that do not support (together, a blocking coalition)."""
        if self.adopted(members, stances):
            return ()
        return tuple(sorted(m.code for m in members if stances[m.code] is not Stance.SUPPORT))


def rule_for(spec: RuleSpec) -> Veto | Quota:
    """The rule a specification describes."""
    match spec.name:
        case "unanimity":
            return UNANIMITY
        case "consensus":
            return CONSENSUS
        case "majority":
            return Quota(quota=Fraction(1, 2), strict=True)
        case _:
            return Quota(quota=exact(spec.quota), basis=spec.weight, min_members=exact(spec.min_members), blocking_min=spec.blocking_min)


@dataclass(frozen=True, slots=True)
class Decision:
    """Which candidates a body adopts when each either meets its rule or not."""

    adopted: frozenset[str]
    """Candidates adopted: those meeting the rule, when there are no more of them than seats."""
    contested: frozenset[str]
    """Candidates meeting the rule that are not adopted because more of them do than there are seats."""


def decide(meets: Mapping[str, bool], *, seats: int) -> Decision:
    """Fill ``seats`` from the candidates that meet the rule (``meets``: candidate id -> meets it)."""
    qualified = frozenset(cid for cid, ok in meets.items() if ok)
    if len(qualified) <= seats:
        return Decision(adopted=qualified, contested=frozenset())
    return Decision(adopted=frozenset(), contested=qualified)
