"""Immutable value objects shared by every natosim module."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType


class Stance(enum.StrEnum):
    """A member's position on one candidate or proposal."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    UNDECIDED = "undecided"
    ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class Country:
    """One entry of a built-in roster (a NATO ally or an EU member state)."""

    code: str
    """ISO 3166-1 alpha-3 code, e.g. ``"HUN"``."""
    name: str
    """English short name, e.g. ``"Hungary"``."""
    aliases: tuple[str, ...]
    """Other names users type (``"Turkey"`` for Türkiye); matched case- and accent-insensitively."""
    joined: date
    """First day of membership (inclusive)."""
    joined_source: str
    """Where the accession date comes from."""
    population: int
    """Resident population (persons)."""
    population_source: str
    """Where the population figure comes from, with its reference date."""
    left: date | None = None
    """First day on which it is no longer a member (``None``: still a member)."""
    defence_gdp: float | None = None
    """Defence expenditure as % of GDP (latest NATO estimate); ``None`` where not applicable."""
    defence_source: str | None = None
    """Where the defence expenditure figure comes from."""


@dataclass(frozen=True, slots=True)
class Member:
    """A member of the deciding body in one scenario."""

    code: str
    """Member code: ISO3 for built-in bodies, 2-8 letters/digits for a declared ``[body]``."""
    name: str
    """English name."""
    population: int = 0
    """Population, used by population-weighted rules (0 when unknown)."""
    weight: float = 1.0
    """Vote weight, used by ``weight = "weight"`` rules."""
    veto: bool = False
    """Whether it is a permanent member whose ``oppose`` alone blocks under ``security-council`` (the UN P5)."""


@dataclass(frozen=True, slots=True)
class Position:
    """What the scenario says about one member, beyond its stances."""

    cost: float = 1.0
    """Political price of changing this member's mind (> 0)."""
    threshold: float = 0.5
    """Summed influence weight of supporting influencers needed to carry it along, in (0, 1]."""
    p_move: float | None = None
    """Probability that it moves to support on its own by the scenario's ``deadline``, on the first candidate, if stated."""
    p_moves: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Candidate id -> probability that it moves to support that candidate on its own by the scenario's ``deadline``.

    Every ``p_move`` the file states, the first candidate's included (whether given as a number or in a table).
    """
    median_days: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Candidate id -> median number of days until it moves to support that candidate on its own (> 0).

    An alternative to ``p_move`` that needs no deadline; a candidate has one or the other, never both.
    """
    holdout: str = ""
    """``political`` (objects or names a price) or ``procedural`` (has not acted yet); ``""``: by its stance (oppose: political)."""
    reason: str = ""
    """Why it takes its stance."""
    source: str = ""
    """Where the stance is reported."""
    since: date | None = None
    """The day its current hold began (its objection or price first stated; for a procedural holdout, the day the question
    opened), if known: a forecast's clock for it starts there, conditioned on the hold having lasted until ``as_of``."""
    demands: tuple[str, ...] = ()
    """The conditions or price it has publicly stated by ``as_of``."""
    linked: bool = False
    """Whether its price concerns another matter than the decision itself (an arms sale, frozen funds)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One option on the table (a candidate, or the single proposal)."""

    id: str
    """Identifier: the ``[candidates.ID]`` table key, or ``"proposal"``."""
    name: str
    """Display name."""
    nominated_by: str | None = None
    """Code of the nominating member, if any."""
    on_withdraw: tuple[tuple[str, Stance], ...] = ()
    """Stances (member code, stance) on every remaining candidate once this one withdraws."""
    withdraw_cost: float = 1.0
    """Price of persuading it to withdraw (> 0)."""


@dataclass(frozen=True, slots=True)
class Influence:
    """An influence edge: when ``source`` supports, it pulls ``target`` along by ``weight``."""

    source: str
    """Code of the influencing member."""
    target: str
    """Code of the influenced member."""
    weight: float
    """Weight in (0, 1]."""
    reason: str = ""
    """Why ``source`` pulls ``target`` along."""
    reference: str = ""
    """Where the link is reported (the file's ``source`` key; ``source`` names the influencing member)."""


@dataclass(frozen=True, slots=True)
class Deal:
    """A concession with a price that changes stances on one candidate."""

    name: str
    """Unique name, used by ``deal = "..."`` events."""
    cost: float
    """Price of the concession (> 0)."""
    candidate: str
    """Candidate id the effects apply to."""
    effects: tuple[tuple[str, Stance], ...]
    """Stances (member code, stance) the deal sets, sorted by code."""
    id: str = ""
    """Short id: the file's ``id``, else a slug of the name (unique); ``--deal`` and events accept it or the name."""
    reason: str = ""
    """Why the deal would move its members."""
    source: str = ""
    """Where the deal is reported."""


class EventKind(enum.StrEnum):
    """What a dated event does."""

    STANCE = "stance"
    WITHDRAW = "withdraw"
    DEAL = "deal"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated change: a stance change, a withdrawal or a deal struck."""

    date: date
    """The day it happened (applies from that day on)."""
    kind: EventKind
    """Stance change, withdrawal or deal."""
    candidate: str
    """Candidate id concerned (the withdrawn one for withdrawals; the deal's for deals)."""
    ally: str | None = None
    """Member code, for stance changes."""
    stance: Stance | None = None
    """New stance, for stance changes."""
    deal: str | None = None
    """Deal name, for deals."""
    source: str = ""
    """Where it is reported."""
    note: str = ""
    """Free comment."""
    index: int = 0
    """Position in the file (0-based), to keep same-day events in file order."""


class WeightBasis(enum.StrEnum):
    """What a weighted rule's quota counts."""

    ONE = "one"
    POPULATION = "population"
    WEIGHT = "weight"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A decision rule as data; ``natosim._engine.rules`` gives it behaviour."""

    name: str
    """``unanimity``, ``consensus``, ``majority``, ``qualified-majority`` or ``weighted``."""
    quota: float = 1.0
    """Share of the total weight that must support (weighted rules), "at least"."""
    weight: WeightBasis = WeightBasis.ONE
    """What the quota counts."""
    min_members: float = 0.0
    """Share of members that must support (weighted rules), "at least"."""
    blocking_min: int = 0
    """Fewest members that can block (weighted rules); 0: no such condition."""
    min_count: int = 0
    """Fewest supporters, as a number of members (``security-council``: 9); 0: no such condition."""
    veto: tuple[str, ...] = ()
    """Codes (sorted) of the members whose ``oppose`` alone blocks (a rule table's ``veto_members``).

    Empty under ``security-council`` too: there the permanent members (``Member.veto``) hold the veto.
    """
    system: str = ""
    """For ``qualified-majority`` on ``body = "eu"``: ``""`` (Lisbon double majority), ``nice`` (weighted votes,
    before 2014-11-01) or ``nice-or-lisbon`` (2014-11-01..2017-03-31, when a member may request the Nice count)."""
    votes: tuple[tuple[str, int], ...] = ()
    """Under ``nice`` and ``nice-or-lisbon``: every member's weighted votes (code, votes), sorted by code."""
    votes_needed: int = 0
    """Under ``nice`` and ``nice-or-lisbon``: the least number of votes in favour (255 of 345 in the EU of 27)."""
    votes_total: int = 0
    """Under ``nice`` and ``nice-or-lisbon``: the votes of the whole Council of that table (345 in the EU of 27).

    A member list other than that Council's needs the same share of its own votes (exact for the full Council).
    """
    table: str = ""
    """Under ``nice`` and ``nice-or-lisbon``: which table of votes applies and its source."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A range on one estimated number of a scenario (contract v1.3): ``{ low = L, best = B, high = H }``.

    The scenario itself holds ``best`` where the number is used; the range is kept apart so that
    every engine but ``natosim sensitivity`` is untouched by it.
    """

    place: str
    """Key path of the number in the file, e.g. ``allies.Hungary.cost`` or ``influence[1].weight``."""
    kind: str
    """``cost``, ``threshold``, ``p_move``, ``median_days`` (an ally's), ``weight`` (an influence link's),
    ``deal_cost`` or ``withdraw_cost``."""
    target: str
    """The member code (ally numbers; a link's influenced member), the deal's name or the candidate's id."""
    low: float
    """Lowest plausible value."""
    best: float
    """Best estimate: the value every other command uses."""
    high: float
    """Highest plausible value."""
    source: str = ""
    """For ``weight``: the code of the influencing member."""
    candidate: str = ""
    """For ``p_move`` and ``median_days``: the candidate id the number is about."""
    default: bool = False
    """True when the file gives no range and ``natosim sensitivity`` uses its stated default range."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario: who decides, on what, who stands where, and what may change."""

    title: str
    """Title from the file."""
    as_of: date
    """Date the stances describe."""
    members: tuple[Member, ...]
    """The deciding members, sorted by code."""
    candidates: tuple[Candidate, ...]
    """Every declared candidate, in file order (withdrawn ones included)."""
    stances: Mapping[str, Mapping[str, Stance]]
    """Stance of every member on every candidate: ``stances[candidate_id][code]``."""
    positions: Mapping[str, Position]
    """Cost, threshold, reason and source of every member, by code."""
    rule: RuleSpec = field(default_factory=lambda: RuleSpec("unanimity"))
    """The decision rule."""
    influence: tuple[Influence, ...] = ()
    """Influence edges, in file order."""
    deals: tuple[Deal, ...] = ()
    """Deals on offer, in file order."""
    events: tuple[Event, ...] = ()
    """Dated events, sorted by (date, file order)."""
    withdrawn: tuple[str, ...] = ()
    """Ids of candidates that have left the race, in the order they left."""
    deadline: date | None = None
    """Deadline for forecasts, if stated."""
    seats: int = 1
    """How many candidates the body can adopt (a race for one post: 1)."""
    kind: str = ""
    """The kind of decision for the forecast's priors: ``ratification``, ``appointment`` or ``policy`` (``""``: inferred)."""
    focal_dates: tuple[date, ...] = ()
    """The meetings with the decision on the agenda (summits, European Councils, Council meetings), sorted, without repeats,
    none before ``as_of``. The ``deadline`` is a meeting only when listed here too."""
    fallback: bool = False
    """Whether by ``as_of`` the other members have publicly prepared a way to proceed without the holdouts."""
    body: str = "nato"
    """Name of the deciding body: ``nato``, ``eu`` or a declared body's name."""
    path: str = "<scenario>"
    """How the file is named in messages."""
    ranges: tuple[Estimate, ...] = ()
    """The ranges the file gives on its estimated numbers (contract v1.3), in file order; the numbers themselves hold ``best``."""
    recorded: date | None = None
    """Set when the scenario was moved to a later day although it records no events: the day whose state it
    shows (its original ``as_of``)."""

    @property
    def active(self) -> tuple[Candidate, ...]:
        """Candidates still in the race."""
        return tuple(c for c in self.candidates if c.id not in self.withdrawn)

    def member(self, code: str) -> Member:
        """The member with this code."""
        for m in self.members:
            if m.code == code:
                return m
        raise KeyError(code)

    def deal(self, name: str) -> Deal:
        """The deal with this name."""
        for d in self.deals:
            if d.name == name:
                return d
        raise KeyError(name)

    def deal_named(self, text: str) -> Deal | None:
        """The deal a user means by ``text``: its exact name, else its id or name up to case and spacing."""
        for d in self.deals:
            if d.name == text:
                return d
        folded = " ".join(text.split()).casefold()
        for d in self.deals:
            if folded in (d.id.casefold(), " ".join(d.name.split()).casefold()):
                return d
        return None

    def candidate(self, cid: str) -> Candidate:
        """The candidate with this id (withdrawn or not)."""
        for c in self.candidates:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def __repr__(self) -> str:
        """One line (the whole scenario would fill a screen): title, date, body, candidates still in the race."""
        return (
            f"<Scenario {self.title!r} on {self.as_of.isoformat()}: {len(self.members)} members of {self.body}, "
            f"{self.rule.name}, candidates {', '.join(c.id for c in self.active)}>"
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one candidate under the scenario's rule."""

    candidate: Candidate
    """Which candidate."""
    adopted: bool
    """Whether the rule adopts it."""
    counts: Mapping[Stance, int]
    """Number of members per stance (every stance present, possibly 0)."""
    blockers: tuple[str, ...]
    """Codes of the members that block it, sorted."""
    contested: bool = False
    """True when it meets the rule but is not adopted because more candidates meet it than there are seats."""
    pivotal: tuple[str, ...] = ()
    """Under quota rules, when it does not meet the rule: the members whose single move to support would get it there, sorted."""
    blocking: tuple[tuple[str, ...], ...] = ()
    """Under quota rules, when it does not meet the rule: some of the smallest coalitions of non-supporters that block it
    as they stand (everyone else supporting), codes sorted; at most :data:`natosim._engine.rules.COALITIONS_SHOWN`."""
    tallies: tuple[Tally, ...] = ()
    """Under quota rules: what the supporters (or abstainers) hold against each threshold of the rule."""
    blockers_are: str = ""
    """Under the rules that are not a veto rule, when it does not meet the rule: which members :attr:`blockers` names.
    ``pivotal`` (the pivotal members), ``smallest_blocking_coalitions`` (the members of the smallest blocking
    coalitions), ``not_supporting`` (every non-supporter) under quota rules; under constructive abstention
    ``oppose_or_undecided`` (every member that opposes or is undecided) or, when none does, ``abstainers``."""


@dataclass(frozen=True, slots=True)
class Tally:
    """One threshold of a rule and where the candidate stands against it (exact integers)."""

    what: str
    """What is counted: ``members``, ``population``, ``weight``, ``votes``, ``permanent members opposing``,
    ``members abstaining``, ``population abstaining``."""
    have: int
    """How much of it the candidate has (supporters' count or weight; for the last three, the members concerned)."""
    total: int
    """All of it in the body."""
    need: int
    """The threshold: at least this much (``at_most`` false), or at most this much (``at_most`` true)."""
    at_most: bool = False
    """Whether ``have`` must stay at or below ``need`` (vetoes, abstentions) rather than reach it."""
    clause: bool = False
    """Whether this is a saving clause rather than a condition: when met, the quota condition is deemed met
    (TFEU Art. 238(3): fewer than four members not supporting cannot block)."""

    @property
    def met(self) -> bool:
        """Whether the candidate is on the right side of the threshold."""
        return self.have <= self.need if self.at_most else self.have >= self.need


@dataclass(frozen=True, slots=True)
class Report:
    """The state of a scenario: one verdict per candidate still in the race."""

    scenario: Scenario
    """The evaluated scenario."""
    verdicts: tuple[Verdict, ...]
    """One per active candidate, in file order."""

    @property
    def consensus(self) -> bool:
        """True iff some candidate is adopted."""
        return any(v.adopted for v in self.verdicts)

    def __repr__(self) -> str:
        """One line: each candidate's verdict and its first blockers."""
        parts = []
        for v in self.verdicts:
            more = f" +{len(v.blockers) - 6}" if len(v.blockers) > 6 else ""
            blocked = f"blocked by {', '.join(v.blockers[:6])}{more}" if v.blockers else "not adopted"
            state = "adopted" if v.adopted else "contested" if v.contested else blocked
            parts.append(f"{v.candidate.id} {state}")
        return f"<Report on {self.scenario.as_of.isoformat()}: {'; '.join(parts) or 'no candidate'}>"
