"""The record of resolved decisions (``natosim/data/record/``): read, checked, immutable.

Three CSV files, documented in ``docs/record.md``: ``decisions.csv`` (one row per decision),
``moves.csv`` (one row per member per decision) and ``deadlines.csv`` (focal dates per
decision). The forecast's priors are fitted on it (:mod:`natosim.forecast.fit`) and the
backtest scores forecasts against it (:mod:`natosim.backtest`). This module is the record's
only reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import MappingProxyType

from natosim.errors import NatosimError

FOCAL_KINDS = frozenset({"summit", "european-council"})
"""Kinds of dated meeting that count as focal dates (members tend to move just before them)."""


@dataclass(frozen=True, slots=True)
class Move:
    """One member's part in one decision."""

    member: str
    """ISO3 code."""
    political: bool
    """Whether it stated an objection, a veto, a rival candidate or a price (else: procedural delay)."""
    objection: date | None
    """When the objection was first stated, if dated."""
    acted: date | None
    """When it consented (``None``: not found, or never)."""
    confirmed: str
    """``yes``, ``partial`` or ``no``."""

    def political_on(self, day: date) -> bool:
        """Whether it was known on ``day`` as a political holdout: it had stated its objection by then (or the record has no date for it)."""
        return self.political and (self.objection is None or self.objection <= day)


@dataclass(frozen=True, slots=True)
class Focal:
    """A dated meeting or term that bears on a decision."""

    date: date
    """The day."""
    name: str
    """What it is."""
    kind: str
    """``summit``, ``european-council``, ``year-end`` or ``other``."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision that needed every member's consent."""

    id: str
    """Slug, e.g. ``nato-accession-2023``."""
    body: str
    """``nato`` or ``eu``."""
    kind: str
    """``accession``, ``secretary-general`` or ``eu-unanimity``."""
    title: str
    """What was decided."""
    opened: date
    """The day the question was put to every member."""
    closed: date | None
    """The day the last member consented (``None``: not found, or not resolved)."""
    outcome: str
    """``adopted``, ``failed`` or ``pending``."""
    moves: tuple[Move, ...]
    """Every member's part, sorted by code."""
    focal: tuple[Focal, ...]
    """Its dated meetings and year ends, by date."""
    closed_by: date | None = None
    """A date by which it is known to have closed when ``closed`` itself was not found."""
    pending_on: date | None = None
    """For a pending decision: the last day on which it was checked and still pending."""

    @property
    def focal_dates(self) -> tuple[date, ...]:
        """The dates of its summits and European Councils (meetings known in advance)."""
        return tuple(f.date for f in self.focal if f.kind in FOCAL_KINDS)

    def settled(self, day: date) -> bool | None:
        """Whether every member had consented by ``day`` (``None``: the record cannot tell)."""
        if self.closed is not None:
            return self.closed <= day
        if self.closed_by is not None and day >= self.closed_by:
            return True
        if self.pending_on is not None and day <= self.pending_on:
            return False
        return None


UPPER_BOUNDS: Mapping[str, tuple[date, str]] = MappingProxyType(
    {"nato-accession-1999": (date(1999, 3, 12), "the invitees deposited their instruments of accession on 1999-03-12")}
)
"""Closing dates known only as a bound: decision id -> (bound, why)."""

PENDING_CHECKED: Mapping[str, date] = MappingProxyType({"eu-epf-ukraine-2023": date(2025, 8, 29)})
"""Pending decisions: the last day on which they were checked and still pending (censoring date)."""


@dataclass(frozen=True, slots=True)
class Record:
    """The whole record."""

    decisions: tuple[Decision, ...]
    """By opening date, then id."""

    def without(self, decision_id: str) -> Record:
        """The record less one decision (leave-one-decision-out)."""
        return Record(tuple(d for d in self.decisions if d.id != decision_id))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("natosim.data").joinpath("record", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _date(text: str, *, file: str, row: int, column: str) -> date | None:
    """A cell holding a date, or nothing."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NatosimError(f"'{text}' is not a date; expected YYYY-MM-DD", file=file, where=f"row {row} {column}") from None


def load() -> Record:
    """Read and check the bundled record."""
    moves: dict[str, list[Move]] = {}
    for i, r in enumerate(_rows("moves.csv"), start=2):
        moves.setdefault(r["decision"], []).append(
            Move(
                member=r["member"],
                political=r["role"] == "political",
                objection=_date(r["objection"], file="record/moves.csv", row=i, column="objection"),
                acted=_date(r["acted"], file="record/moves.csv", row=i, column="acted"),
                confirmed=r["confirmed"],
            )
        )
    focal: dict[str, list[Focal]] = {}
    for i, r in enumerate(_rows("deadlines.csv"), start=2):
        day = _date(r["date"], file="record/deadlines.csv", row=i, column="date")
        assert day is not None
        focal.setdefault(r["decision"], []).append(Focal(day, r["name"], r["kind"]))
    out = []
    for i, r in enumerate(_rows("decisions.csv"), start=2):
        opened = _date(r["opened"], file="record/decisions.csv", row=i, column="opened")
        if opened is None:
            raise NatosimError("no opening date; expected YYYY-MM-DD", file="record/decisions.csv", where=f"row {i} opened")
        bound = UPPER_BOUNDS.get(r["decision"])
        out.append(
            Decision(
                id=r["decision"],
                body=r["body"],
                kind=r["kind"],
                title=r["title"],
                opened=opened,
                closed=_date(r["closed"], file="record/decisions.csv", row=i, column="closed"),
                outcome=r["outcome"],
                moves=tuple(sorted(moves.get(r["decision"], ()), key=lambda m: m.member)),
                focal=tuple(sorted(focal.get(r["decision"], ()), key=lambda f: f.date)),
                closed_by=bound[0] if bound else None,
                pending_on=PENDING_CHECKED.get(r["decision"]),
            )
        )
    return Record(tuple(sorted(out, key=lambda d: (d.opened, d.id))))
