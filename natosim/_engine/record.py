"""The record of resolved decisions (``natosim/data/record/``): read, checked, immutable.

Four CSV files, documented in ``docs/record.md``: ``decisions.csv`` (one row per decision),
``moves.csv`` (one row per member that had not consented when the decision opened, or that
objected later), ``meetings.csv`` (the meetings at which a decision was on the agenda, those at
which nothing happened included) and ``calendar.csv`` (every NATO summit and European Council,
known years ahead). The forecast's priors are fitted on it (:mod:`natosim._engine.forecast.fit`) and the
backtest scores forecasts against it (:mod:`natosim._engine.backtest`). This module is the record's only
reader.

Every fact is dated, so that a question asked on a day can be built from the facts dated on or
before it (:meth:`Move.known_on`, :meth:`Decision.fallback_on`): who had consented, who had
stated an objection and when, what it demanded, whether its price concerned another matter.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from types import MappingProxyType

from natosim.errors import NatosimError


class Role(enum.StrEnum):
    """A member's part in a decision, as the record states it."""

    PROCEDURAL = "procedural"
    """It had not acted yet, with no stated objection (a parliament that has not voted)."""
    POLITICAL = "political"
    """It stated an objection, a veto or a price."""
    RIVAL = "rival"
    """It backed a rival candidate or option."""


@dataclass(frozen=True, slots=True)
class Move:
    """One member's part in one decision."""

    member: str
    """ISO3 code."""
    role: Role
    """Procedural, political or rival."""
    objection: date | None
    """When its objection (or its rival's candidacy) was first publicly stated, if dated."""
    acted: date | None
    """When it consented (``None``: not found, or never)."""
    confirmed: str
    """``yes``, ``partial`` or ``no``."""
    demands: tuple[str, ...] = ()
    """What it publicly asked for."""
    demanded: date | None = None
    """When its demands were first stated (``None``: none, or undated)."""
    linked: bool = False
    """Whether its price concerned another matter than the decision itself."""

    @property
    def political(self) -> bool:
        """Whether it objected or backed a rival (rather than simply not having acted yet)."""
        return self.role is not Role.PROCEDURAL

    def objected_by(self, day: date) -> bool:
        """Whether its objection was public on ``day``: dated on or before it (an undated objection is never known)."""
        return self.political and self.objection is not None and self.objection <= day

    def demands_by(self, day: date) -> tuple[str, ...]:
        """Its demands as known on ``day``: stated on or before it (undated demands: known from its dated objection)."""
        when = self.demanded if self.demanded is not None else self.objection
        return self.demands if self.demands and when is not None and when <= day else ()

    def linked_by(self, day: date) -> bool:
        """Whether its price was known on ``day`` to concern another matter: from the day it stated its demands (or, with none
        recorded, its objection)."""
        when = self.demands_from() or self.objection
        return self.linked and when is not None and when <= day

    def demands_from(self) -> date | None:
        """The day from which its demands were known (``None``: none known)."""
        if not self.demands:
            return None
        return self.demanded if self.demanded is not None else self.objection


@dataclass(frozen=True, slots=True)
class Meeting:
    """A dated meeting: of the body's calendar, or one with a decision on its agenda."""

    date: date
    """Its first day."""
    name: str
    """What it is."""
    kind: str
    """``summit``, ``european-council``, ``council``, ``ambassadors``, ``ministerial`` or ``other``."""
    note: str = ""
    """What happened there, if recorded."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision that needed every member's consent."""

    id: str
    """Slug, e.g. ``nato-accession-2023``."""
    body: str
    """``nato`` or ``eu``."""
    kind: str
    """``accession``, ``secretary-general``, ``eu-unanimity`` or ``nato-consensus``."""
    title: str
    """What was decided."""
    opened: date
    """The first day the question (and any hold on it) was public and before every member."""
    closed: date | None
    """The day the last member consented (``None``: not found, or not resolved)."""
    outcome: str
    """``adopted``, ``failed`` or ``pending``."""
    moves: tuple[Move, ...]
    """Every recorded member's part, sorted by code."""
    agenda: tuple[Meeting, ...]
    """The meetings with it on the agenda, by date (those at which nothing happened included)."""
    group: str = ""
    """Its group of twin episodes (the same dispute held them); leave-one-out leaves out a whole group."""
    fallback: date | None = None
    """When the other members publicly prepared a way to proceed without the holdouts, if they did."""
    members: int = 0
    """How many members the body had on ``opened``."""
    closed_by: date | None = None
    """A date by which it is known to have closed when ``closed`` itself was not found."""
    pending_on: date | None = None
    """For a pending decision: the last day on which it was checked and still pending."""

    @property
    def all_pending(self) -> bool:
        """Whether every member is pending from the day it opened (a treaty each member ratifies: an accession protocol).

        Otherwise the members it opened with had agreed, so one whose objection came only later was among them until then.
        """
        return self.kind == "accession"

    def settled(self, day: date) -> bool | None:
        """Whether every member had consented by ``day`` (``None``: the record cannot tell)."""
        if self.closed is not None:
            return self.closed <= day
        if self.closed_by is not None and day >= self.closed_by:
            return True
        if self.outcome == "failed":
            return False
        if self.pending_on is not None and day <= self.pending_on:
            return False
        return None

    def fallback_on(self, day: date) -> bool:
        """Whether the way round the holdouts was public on ``day``."""
        return self.fallback is not None and self.fallback <= day


@dataclass(frozen=True, slots=True)
class Record:
    """The whole record."""

    decisions: tuple[Decision, ...]
    """By opening date, then id."""
    calendar: Mapping[str, tuple[Meeting, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Each body's summits or European Councils, by date."""

    def without(self, *decision_ids: str) -> Record:
        """The record less some decisions (leave-one-group-out)."""
        gone = set(decision_ids)
        return Record(tuple(d for d in self.decisions if d.id not in gone), self.calendar)

    def group_of(self, decision_id: str) -> tuple[str, ...]:
        """The ids of the decisions in the same group of twin episodes as ``decision_id`` (itself included)."""
        group = next(d.group for d in self.decisions if d.id == decision_id)
        return tuple(d.id for d in self.decisions if d.group == group)

    def meetings(self, body: str) -> tuple[Meeting, ...]:
        """The body's calendar."""
        return self.calendar.get(body, ())


def _rows(name: str) -> list[dict[str, str]]:
    try:
        text = resources.files("natosim.data").joinpath("record", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NatosimError(f"natosim/data/record/{name} is missing; expected the bundled record") from None
    return list(csv.DictReader(io.StringIO(text)))


def _date(text: str | None, *, file: str, row: int, column: str) -> date | None:
    """A cell holding a date, or nothing."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise NatosimError(f"'{text}' is not a date; expected YYYY-MM-DD", file=file, where=f"row {row} {column}") from None


def _role(text: str, *, file: str, row: int) -> Role:
    try:
        return Role(text.strip())
    except ValueError:
        raise NatosimError(
            f"'{text}' is not a role; expected one of {', '.join(r.value for r in Role)}", file=file, where=f"row {row} role"
        ) from None


def _pending_on(note: str) -> date | None:
    """The ``pending on YYYY-MM-DD`` a pending decision's note states."""
    marker = "pending on "
    at = note.find(marker)
    if at < 0:
        return None
    try:
        return date.fromisoformat(note[at + len(marker) : at + len(marker) + 10])
    except ValueError:
        return None


UPPER_BOUNDS: Mapping[str, date] = MappingProxyType({"nato-accession-1999": date(1999, 3, 12)})
"""Closing dates known only as a bound (decision id -> the day by which it had closed): the invitees deposited their
instruments of accession on 1999-03-12, so every ally had ratified by then."""


def load() -> Record:
    """Read and check the bundled record."""
    moves: dict[str, list[Move]] = {}
    for i, r in enumerate(_rows("moves.csv"), start=2):
        f = "record/moves.csv"
        demands = tuple(p.strip() for p in (r.get("demands") or "").split(";") if p.strip())
        moves.setdefault(r["decision"], []).append(
            Move(
                member=r["member"].strip(),
                role=_role(r["role"], file=f, row=i),
                objection=_date(r["objection"], file=f, row=i, column="objection"),
                acted=_date(r["acted"], file=f, row=i, column="acted"),
                confirmed=r["confirmed"],
                demands=demands,
                demanded=_date(r.get("demanded"), file=f, row=i, column="demanded"),
                linked=(r.get("linked") or "").strip() == "yes",
            )
        )
    agenda: dict[str, list[Meeting]] = {}
    for i, r in enumerate(_rows("meetings.csv"), start=2):
        day = _date(r["date"], file="record/meetings.csv", row=i, column="date")
        if day is None:
            raise NatosimError("no date; expected YYYY-MM-DD", file="record/meetings.csv", where=f"row {i} date")
        agenda.setdefault(r["decision"], []).append(Meeting(day, r["name"], r["kind"], r.get("note") or ""))
    calendar: dict[str, list[Meeting]] = {}
    for i, r in enumerate(_rows("calendar.csv"), start=2):
        day = _date(r["date"], file="record/calendar.csv", row=i, column="date")
        if day is None:
            raise NatosimError("no date; expected YYYY-MM-DD", file="record/calendar.csv", where=f"row {i} date")
        calendar.setdefault(r["body"], []).append(Meeting(day, r["name"], r["kind"]))
    out = []
    for i, r in enumerate(_rows("decisions.csv"), start=2):
        f = "record/decisions.csv"
        opened = _date(r["opened"], file=f, row=i, column="opened")
        if opened is None:
            raise NatosimError("no opening date; expected YYYY-MM-DD", file=f, where=f"row {i} opened")
        did = r["decision"]
        out.append(
            Decision(
                id=did,
                body=r["body"],
                kind=r["kind"],
                title=r["title"],
                opened=opened,
                closed=_date(r["closed"], file=f, row=i, column="closed"),
                outcome=r["outcome"],
                moves=tuple(sorted(moves.get(did, ()), key=lambda m: m.member)),
                agenda=tuple(sorted(agenda.get(did, ()), key=lambda m: m.date)),
                group=(r.get("group") or "").strip() or did,
                fallback=_date(r.get("fallback"), file=f, row=i, column="fallback"),
                members=int(r.get("members") or 0),
                closed_by=UPPER_BOUNDS.get(did),
                pending_on=_pending_on(r.get("note") or "") if r["outcome"] == "pending" else None,
            )
        )
    return Record(
        tuple(sorted(out, key=lambda d: (d.opened, d.id))),
        MappingProxyType({b: tuple(sorted(ms, key=lambda m: m.date)) for b, ms in sorted(calendar.items())}),
    )
