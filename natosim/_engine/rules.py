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

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from natosim.model import Member, RuleSpec, Stance, Tally, WeightBasis

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[Any]
    BoolArray = npt.NDArray[np.bool_]

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

    @property
    def alone(self) -> int:
        """Fewest supporters with which too few members are left out to form a blocking minority (``n + 1``: no such clause).

        The one definition of the blocking-minority count (TFEU Art. 238(3): a blocking minority
        needs at least ``blocking_min`` members): from ``alone`` supporters on, the quota
        condition is deemed met. Every engine reads it here.
        """
        return self.n - self.blocking_min + 1 if self.blocking_min > 0 else self.n + 1

    def passes(self, count: int, weight: int) -> bool:
        """Whether ``count`` supporters holding ``weight`` get the candidate adopted.

        The member condition always holds; the quota condition is met by the weight, or deemed
        met from :attr:`alone` supporters on.
        """
        return count >= self.count and (weight >= self.weight or count >= self.alone)

    def least_weight(self, count: int) -> int:
        """The supporting weight ``count`` supporters need (0 when the blocking clause already applies)."""
        return 0 if count >= self.alone else self.weight

    def passes_many(self, count: Array, weight: Array) -> BoolArray:
        """:meth:`passes` element by element over numpy arrays (``weight`` may be an object array of Python ints)."""
        import numpy as np

        c = np.asarray(count)
        return np.asarray((c >= self.count) & ((np.asarray(weight) >= self.weight) | (c >= self.alone)), dtype=np.bool_)


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
    min_count: int = 0
    """Fewest supporters as a number of members (the Security Council's nine); 0: none."""
    votes: tuple[tuple[str, int], ...] = ()
    """A table of weighted votes by member code (Nice); when given, it is the weight, whatever ``basis`` says."""
    label: str = ""
    """How its thresholds are prefixed in tallies (``Nice``, ``Lisbon``), or ``""``."""

    def weights(self, members: Sequence[Member]) -> tuple[int, ...]:
        """Every member's weight under this rule as a whole number, in the order given.

        Populations are whole already; declared weights are scaled by the least common
        denominator of the decimals they were written as, which leaves every share unchanged.
        """
        if self.votes:
            table = dict(self.votes)
            return tuple(table.get(m.code, 0) for m in members)
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
        count = max(math.ceil(self.min_members * n), self.min_count)
        return Bar(n=n, count=count, weight=min(max(least, 0), total + 1), blocking_min=self.blocking_min)

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        weights = self.weights(members)
        yes = [w for m, w in zip(members, weights, strict=True) if stances[m.code] is Stance.SUPPORT]
        return self.bar(weights).passes(len(yes), sum(yes))

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """When not adopted: the members that do not support (together, a blocking coalition).

        Verdicts name fewer: the pivotal members, else those in a smallest blocking coalition
        (:func:`natosim._engine.power.holdouts`).
        """
        if self.adopted(members, stances):
            return ()
        return tuple(sorted(m.code for m in members if stances[m.code] is not Stance.SUPPORT))

    def tallies(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[Tally, ...]:
        """What the supporters hold against each threshold of the rule."""
        weights = self.weights(members)
        bar = self.bar(weights)
        yes = [w for m, w in zip(members, weights, strict=True) if stances[m.code] is Stance.SUPPORT]
        n, prefix = len(members), f"{self.label} " if self.label else ""
        out: list[Tally] = []
        what = "votes" if self.votes else self.basis.value
        if what == "one":
            out.append(Tally(prefix + "members", len(yes), n, max(bar.count, bar.weight)))
        else:
            if bar.count:
                out.append(Tally(prefix + "members", len(yes), n, bar.count))
            if self.quota > 0:
                out.append(Tally(prefix + what, sum(yes), sum(weights), bar.weight))
        if self.blocking_min:
            out.append(Tally(prefix + "members not supporting", n - len(yes), n, self.blocking_min - 1, at_most=True, clause=True))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Council:
    """A quota on the supporters, and members whose ``oppose`` alone blocks (UN Charter Art. 27(3)).

    Adopted iff the supporters meet ``quota`` and no veto member *opposes*. An abstaining
    permanent member does not block: the Council's practice since 1946 (C. A. Stavropoulos, "The
    Practice of Voluntary Abstentions by Permanent Members of the Security Council under Article 27,
    Paragraph 3", *AJIL* 61 (1967) 737-752), upheld by the ICJ (*Namibia* advisory opinion, ICJ
    Reports 1971, p. 16). Neither does an ``undecided`` one: it has cast no negative vote (as an
    absent member casts none). It does not count as an affirmative vote either.
    """

    quota: Quota
    """What the supporters must meet (``security-council``: nine members)."""
    veto: frozenset[str] | None = None
    """Codes of the veto members; ``None``: the members flagged ``veto`` (the permanent members)."""

    def vetoes(self, members: Sequence[Member]) -> tuple[str, ...]:
        """Codes (sorted) of the members holding a veto in this body."""
        if self.veto is None:
            return tuple(sorted(m.code for m in members if m.veto))
        return tuple(sorted(m.code for m in members if m.code in self.veto))

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return self.quota.adopted(members, stances) and not any(stances[c] is Stance.OPPOSE for c in self.vetoes(members))

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """When not adopted: the veto members that oppose and the members that do not support."""
        if self.adopted(members, stances):
            return ()
        return tuple(sorted(m.code for m in members if stances[m.code] is not Stance.SUPPORT))

    def tallies(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[Tally, ...]:
        """The quota's thresholds, then the veto members opposing (at most 0)."""
        vetoes = self.vetoes(members)
        against = sum(1 for c in vetoes if stances[c] is Stance.OPPOSE)
        what = "permanent members opposing" if self.veto is None else "veto members opposing"
        return (*self.quota.tallies(members, stances), Tally(what, against, len(vetoes), 0, at_most=True))


@dataclass(frozen=True, slots=True)
class Abstention:
    """Constructive abstention (TEU Art. 31(1)): unanimity in which a declared abstention does not block,
    unless the abstainers are at least one third of the members comprising at least one third of the population.

    ``oppose`` blocks, and so does ``undecided``: Art. 31(1) asks for unanimity, and only a member
    that "qualif[ies] its abstention by making a formal declaration" is spared; a member that has
    not declared anything has not done so. ``abstain`` is that declaration.
    """

    blocking: frozenset[Stance] = frozenset({Stance.OPPOSE, Stance.UNDECIDED})
    """Stances with which one member alone prevents adoption."""

    def clause(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """Whether the abstainers are at least a third of the members holding at least a third of the population."""
        abstaining = [m.population for m in members if stances[m.code] is Stance.ABSTAIN]
        total = sum(m.population for m in members)
        return 3 * len(abstaining) >= len(members) and 3 * sum(abstaining) >= total

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return not any(stances[m.code] in self.blocking for m in members) and not self.clause(members, stances)

    def counted(self, members: Sequence[Member]) -> Quota:
        """The clause as a quota on the supporters, for stances in which no member blocks (each non-supporter then abstains).

        The abstainers are fewer than a third of the members, or hold less than a third of the
        population, iff the supporters hold more than two thirds of the population or fewer than
        ``ceil(n / 3)`` members do not support (a blocking minority of abstainers): so, when nobody
        blocks, :meth:`adopted` holds iff the supporters pass this quota's :class:`Bar`
        (``tests/test_sizes.py`` checks it against :meth:`adopted`).
        """
        return Quota(quota=Fraction(2, 3), basis=WeightBasis.POPULATION, strict=True, blocking_min=-(-len(members) // 3))

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """Members whose stance blocks; when none does but the clause bites, the abstainers."""
        if self.adopted(members, stances):
            return ()
        own = tuple(sorted(m.code for m in members if stances[m.code] in self.blocking))
        return own or tuple(sorted(m.code for m in members if stances[m.code] is Stance.ABSTAIN))

    def tallies(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[Tally, ...]:
        """Members abstaining and their population, each against the third that (together) blocks."""
        n, total = len(members), sum(m.population for m in members)
        abstaining = [m.population for m in members if stances[m.code] is Stance.ABSTAIN]
        against = sum(1 for m in members if stances[m.code] in self.blocking)
        return (
            Tally("members opposing or undecided", against, n, 0, at_most=True),
            Tally("members abstaining", len(abstaining), n, math.ceil(Fraction(n, 3)) - 1, at_most=True),
            Tally("population abstaining", sum(abstaining), total, math.ceil(Fraction(total, 3)) - 1, at_most=True),
        )


@dataclass(frozen=True, slots=True)
class AllOf:
    """Several quota rules at once, on the same supporters: adopted iff each one is met.

    The Nice qualified majority (votes, members, population) and the 2014–2017 transition, when any
    member could ask for the Nice count: adopted iff the Lisbon double majority *and* Nice are met.
    """

    parts: tuple[Quota, ...]
    """The quota rules, each of which must be met."""

    def adopted(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> bool:
        """See :class:`Rule`."""
        return all(p.adopted(members, stances) for p in self.parts)

    def blockers(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[str, ...]:
        """When not adopted: the members that do not support."""
        if self.adopted(members, stances):
            return ()
        return tuple(sorted(m.code for m in members if stances[m.code] is not Stance.SUPPORT))

    def tallies(self, members: Sequence[Member], stances: Mapping[str, Stance]) -> tuple[Tally, ...]:
        """Every part's thresholds, in order."""
        return tuple(t for p in self.parts for t in p.tallies(members, stances))


AnyRule = Veto | Quota | Council | Abstention | AllOf
"""Every kind of rule :func:`rule_for` gives."""

COALITIONS_SHOWN = 5
"""Most smallest blocking coalitions a verdict lists."""

SECURITY_COUNCIL_VOTES = 9
"""Affirmative votes the Security Council needs (UN Charter Art. 27(2)-(3), as amended in 1965)."""


def _quota(spec: RuleSpec) -> Quota:
    return Quota(
        quota=exact(spec.quota),
        basis=spec.weight,
        min_members=exact(spec.min_members),
        blocking_min=spec.blocking_min,
        min_count=spec.min_count,
    )


LISBON = Quota(quota=Fraction(65, 100), basis=WeightBasis.POPULATION, min_members=Fraction(55, 100), blocking_min=4)
"""The Lisbon double majority (TEU Art. 16(4), TFEU Art. 238(3)): 55% of the members, 65% of the population, a blocking minority of at least four."""


def nice(spec: RuleSpec) -> AllOf:
    """The weighted-vote qualified majority of a dated ``spec`` (its table of votes): the votes and, from Nice on
    (1 November 2004), a majority of the members and 62% of the population (verification on request; see docs/rules.md)."""
    total = spec.votes_total or sum(v for _, v in spec.votes)
    return AllOf(
        (
            Quota(
                quota=Fraction(spec.votes_needed, total),
                basis=WeightBasis.WEIGHT,
                votes=spec.votes,
                min_count=spec.min_count,
                label="Nice" if spec.min_count else "",
            ),
            *((Quota(quota=exact(spec.quota), basis=WeightBasis.POPULATION, label="Nice"),) if spec.quota > 0 else ()),
        )
    )


def rule_for(spec: RuleSpec) -> AnyRule:
    """The rule a specification describes."""
    match spec.name:
        case "unanimity":
            return UNANIMITY
        case "consensus":
            return CONSENSUS
        case "majority":
            return Quota(quota=Fraction(1, 2), strict=True)
        case "security-council":
            return Council(Quota(quota=Fraction(0), min_count=spec.min_count or SECURITY_COUNCIL_VOTES))
        case "constructive-abstention":
            return Abstention()
        case "qualified-majority" if spec.system == "nice":
            return nice(spec)
        case "qualified-majority" if spec.system == "nice-or-lisbon":
            return AllOf((*nice(spec).parts, dataclasses.replace(LISBON, label="Lisbon")))
        case _ if spec.veto:
            return Council(_quota(spec), frozenset(spec.veto))
        case _:
            return _quota(spec)


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
