"""Backtests: forecasts scored against what happened, as a forecaster would score them.

Two sources of questions, each "will every member have consented by the deadline?":

* **the record** (``backtest record``): every decision of :mod:`natosim._engine.record`, asked on the day
  it opened and (``rolling``) on each later calendar meeting while it was still open, for
  deadlines fixed by a rule (:func:`questions`). Each question is forecast with priors fitted on
  the record *without its decision's group of twin episodes* (leave-one-group-out), from a
  scenario holding only the facts dated on or before its day (:func:`question_scenario`): who had
  consented, who had stated an objection and when, what it demanded, whether its price concerned
  another matter, whether the others had prepared a way round, and the meetings ahead. Questions
  the record cannot settle (a closing date not found) are listed as unscored.
* **scenario files** (``backtest DIR`` or ``bundled``): a file with ``[[events]]`` and a
  ``deadline`` is a question, forecast from ``as_of`` (and, with ``rolling``, from each event
  date before the outcome) with the shipped priors; the outcome is its replay. Files without a
  deadline are listed as unscored (the last event's date is never used: that would make the
  outcome "yes" by construction).

Scores: the Brier score and the log loss, next to two baselines scored on the same questions:
the base rate (the share of "yes" among the *other* groups' questions) and the model natosim
0.1 shipped (fixed probabilities by stance whatever the horizon: undecided 0.5, oppose 0.25).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from natosim._engine import changes, timeline
from natosim._engine import record as records
from natosim._engine.forecast.track import Calibration as Bin
from natosim.model import Candidate, Member, Position, Scenario, Stance

if TYPE_CHECKING:
    from natosim._engine.forecast.priors import Priors

BINS = 10
"""Number of equal-width forecast-probability bins of the calibration table."""

CLIP = 1e-3
"""Forecasts are clipped to [CLIP, 1 - CLIP] for the log loss (a certain miss would score infinity)."""

LEGACY_P_MOVE = {Stance.UNDECIDED: 0.5, Stance.ABSTAIN: 0.4, Stance.OPPOSE: 0.25}
"""natosim 0.1's fixed probability of moving "by the deadline", whatever the deadline (the previous model)."""


@dataclass(frozen=True, slots=True)
class Case:
    """One forecast question and what happened."""

    name: str
    """The decision id or scenario name."""
    scenario: Scenario
    """The scenario as forecast from (``as_of`` = the forecast date)."""
    candidate: str
    """Candidate id forecast."""
    deadline: date
    """The question's deadline."""
    deadline_name: str
    """What the deadline is (a summit, a European Council, a year end, the scenario's deadline)."""
    p: float
    """Forecast probability that the candidate is adopted by the deadline."""
    ci95: tuple[float, float]
    """Its 95% Wilson interval (sampling error of the simulation)."""
    observed: bool
    """Whether it was adopted by the deadline."""
    base_rate: float
    """The base-rate baseline's forecast for this question."""
    legacy: float
    """The previous model's forecast for this question."""

    @property
    def brier(self) -> float:
        """Squared error of the forecast: ``(p - observed)²``."""
        return (self.p - float(self.observed)) ** 2


def brier(pairs: Sequence[tuple[float, bool]]) -> float:
    """Mean squared error of forecasts against outcomes (NaN when there are none)."""
    return sum((p - float(o)) ** 2 for p, o in pairs) / len(pairs) if pairs else math.nan


def log_loss(pairs: Sequence[tuple[float, bool]]) -> float:
    """Mean negative log likelihood of the outcomes, forecasts clipped to [CLIP, 1 - CLIP] (NaN when there are none)."""
    if not pairs:
        return math.nan
    total = 0.0
    for p, o in pairs:
        q = min(max(p, CLIP), 1.0 - CLIP)
        total -= math.log(q if o else 1.0 - q)
    return total / len(pairs)


@dataclass(frozen=True, slots=True)
class Backtest:
    """The result of :func:`run` or :func:`run_record`."""

    source: str
    """``record``, ``bundled`` or the folder scored."""
    cases: tuple[Case, ...]
    """Every question scored, in order."""
    skipped: tuple[tuple[str, str], ...]
    """(question or scenario, why) for what could not be scored."""
    trials: int
    """Trials per forecast."""
    seed: int
    """Seed of every forecast."""
    out_of_sample: bool
    """Whether every forecast was made with priors fitted without its own decision."""

    def _pairs(self, which: Callable[[Case], float]) -> list[tuple[float, bool]]:
        return [(which(c), c.observed) for c in self.cases]

    @property
    def brier(self) -> float:
        """Mean Brier score of the model (NaN when there are no cases)."""
        return brier(self._pairs(lambda c: c.p))

    @property
    def log_loss(self) -> float:
        """Mean log loss of the model."""
        return log_loss(self._pairs(lambda c: c.p))

    @property
    def baselines(self) -> tuple[tuple[str, float, float], ...]:
        """(name, Brier, log loss) of the model and of each baseline, on the same questions."""
        return (
            ("natosim", self.brier, self.log_loss),
            ("base rate", brier(self._pairs(lambda c: c.base_rate)), log_loss(self._pairs(lambda c: c.base_rate))),
            ("natosim 0.1", brier(self._pairs(lambda c: c.legacy)), log_loss(self._pairs(lambda c: c.legacy))),
        )

    @property
    def by_kind(self) -> tuple[tuple[str, int, float, float], ...]:
        """(kind, questions, Brier, log loss) per kind of decision (the scenario's kind: ratification, appointment, policy)."""
        kinds: dict[str, list[tuple[float, bool]]] = {}
        for c in self.cases:
            kinds.setdefault(c.scenario.kind or "unstated", []).append((c.p, c.observed))
        return tuple((k, len(v), brier(v), log_loss(v)) for k, v in sorted(kinds.items()))

    @property
    def bins(self) -> tuple[Bin, ...]:
        """The calibration table: forecast probability bins against observed frequency."""
        out = []
        for k in range(BINS):
            lo, hi = k / BINS, (k + 1) / BINS
            inside = [c for c in self.cases if lo <= c.p < hi or (k == BINS - 1 and c.p == 1.0)]
            n = len(inside)
            out.append(Bin(lo, hi, n, sum(c.p for c in inside) / n if n else 0.0, sum(c.observed for c in inside) / n if n else 0.0))
        return tuple(out)


def legacy_p(scenario: Scenario, candidate: str) -> float:
    """natosim 0.1's forecast: every non-supporter moves with a fixed probability by its stance (stated p_move first)."""
    p = 1.0
    for m in scenario.members:
        s = scenario.stances[candidate][m.code]
        if s is not Stance.SUPPORT:
            stated = scenario.positions[m.code].p_moves.get(candidate)
            p *= stated if stated is not None else LEGACY_P_MOVE[s]
    return p


# --- scenario files (read by the reader, :func:`natosim._engine.scenario.load_dir`) -------------------


def _outcome(s: Scenario, candidate: str) -> date | None:
    for step in timeline.replay(s):
        if any(v.adopted and v.candidate.id == candidate for v in step.report.verdicts):
            return step.date
    return None


def run(
    entries: Sequence[tuple[str, Scenario]],
    *,
    trials: int,
    seed: int,
    rolling: bool = False,
    with_cascade: bool = True,
) -> Backtest:
    """Forecast every scenario of ``entries`` that has events and a deadline, and compare with its replay."""
    from natosim._engine import forecast

    cases: list[Case] = []
    skipped: list[tuple[str, str]] = []
    questions = [(name, s) for name, s in entries if s.events and s.deadline is not None]
    for name, s in entries:
        if not s.events:
            skipped.append((name, "no dated events (nothing happened to score against)"))
        elif s.deadline is None:
            skipped.append((name, "no deadline (a question needs one; the last event's date would make the answer yes by construction)"))
    outcomes = {name: _outcome(s, changes.candidate_id(s, None)) for name, s in questions}
    came_true = {name: (d := outcomes[name]) is not None and s.deadline is not None and d <= s.deadline for name, s in questions}
    for name, s in questions:
        assert s.deadline is not None
        cid = changes.candidate_id(s, None)
        happened = outcomes[name]
        observed = came_true[name]
        others = [n for n, _ in questions if n != name]
        base = sum(came_true[n] for n in others) / len(others) if others else 0.5
        starts = [s.as_of]
        if rolling:
            starts += sorted(
                {e.date for e in s.events if e.date > s.as_of and (happened is None or e.date < happened) and e.date <= s.deadline}
            )
        for day in starts:
            state = s if day == s.as_of else timeline.state_on(s, day, with_cascade=with_cascade)
            if cid not in {c.id for c in state.active}:
                continue
            f = forecast.forecast(
                state, candidate=cid, deadline=s.deadline, trials=trials, seed=seed, with_cascade=with_cascade, interventions=False
            )
            cases.append(Case(name, state, cid, s.deadline, "deadline", f.p_consensus, f.ci95, observed, base, legacy_p(state, cid)))
    return Backtest("scenarios", tuple(cases), tuple(skipped), trials, seed, False)


# --- the record -------------------------------------------------------------------------------------

CALENDAR_DEADLINES = 2
"""A question is asked for each of the next this-many meetings of the body's calendar (summits, European Councils)..."""

QUARTER_DEADLINES = 2
"""... and for each of the next this-many quarter ends."""

ROLLING_YEARS = 2
"""With ``rolling``, a decision is asked about again at each calendar meeting for this many years after it opened."""

AGENDA_NOTICE = 14
"""Days ahead for which a question knows the meetings with the decision on the agenda (agendas are published about two weeks ahead)."""


@dataclass(frozen=True, slots=True)
class Question:
    """A question built from the record: asked on ``as_of`` about ``deadline``."""

    decision: records.Decision
    """The decision."""
    as_of: date
    """When it is asked."""
    deadline: date
    """By when."""
    deadline_name: str
    """What the deadline is."""
    observed: bool
    """What happened."""
    calendar: tuple[date, ...] = ()
    """The body's calendar meetings after ``as_of`` (known years ahead)."""


def _quarter_ends(day: date, n: int) -> list[date]:
    """The next ``n`` quarter ends strictly after ``day``."""
    out: list[date] = []
    y, q = day.year, (day.month - 1) // 3
    while len(out) < n:
        month = 3 * (q + 1)
        end = date(y, month, 31 if month in (3, 12) else 30)
        if end > day:
            out.append(end)
        q += 1
        if q == 4:
            y, q = y + 1, 0
    return out


def _pending_on(d: records.Decision, day: date) -> list[records.Move]:
    """The members known on ``day`` not to have consented yet: a procedural member that has not acted (accessions: every
    ally from the day the protocol is signed), a member whose objection was public by then and that has not moved."""
    out = []
    for m in d.moves:
        if m.acted is not None and m.acted <= day:
            continue
        if m.objected_by(day):
            out.append(m)
        elif m.political and m.objection is not None and not d.all_pending:
            continue  # it objected only later: on this day it was among those that had agreed
        elif m.acted is None or m.acted > d.opened:
            out.append(m)  # had not acted, or objected on a day the record cannot date: known only as not having consented
    return out


def questions(record: records.Record, *, rolling: bool = False) -> tuple[tuple[Question, ...], tuple[tuple[str, str], ...]]:
    """Every question the record can settle, and the ones it cannot (with why).

    Deadlines follow a rule fixed in advance, never the outcome: for a question asked on day ``q``, the next
    :data:`CALENDAR_DEADLINES` meetings of the body's calendar and the next :data:`QUARTER_DEADLINES` quarter ends. It is
    asked on the day the decision opened and, with ``rolling``, on each later calendar meeting within
    :data:`ROLLING_YEARS` years while the decision was still open.
    """
    out: list[Question] = []
    skipped: list[tuple[str, str]] = []
    for d in record.decisions:
        calendar = record.meetings(d.body)
        starts = [d.opened]
        if rolling:
            limit = date(d.opened.year + ROLLING_YEARS, d.opened.month, min(d.opened.day, 28))
            starts += [x.date for x in calendar if d.opened < x.date <= limit and d.settled(x.date) is False]
        for start in starts:
            if not _pending_on(d, start):
                continue
            ahead = [x for x in calendar if x.date > start]
            deadlines = [(x.date, x.name) for x in ahead[:CALENDAR_DEADLINES]]
            deadlines += [(q, f"end of Q{(q.month - 1) // 3 + 1} {q.year}") for q in _quarter_ends(start, QUARTER_DEADLINES)]
            seen_days: set[date] = set()
            for day, name in sorted(deadlines):
                if day in seen_days:
                    continue
                seen_days.add(day)
                label = f"{d.id} on {start.isoformat()} by {day.isoformat()}"
                settled = d.settled(day)
                if settled is None:
                    skipped.append((label, "the record does not say whether every member had consented by then"))
                    continue
                out.append(Question(d, start, day, name, settled, tuple(x.date for x in ahead)))
    return tuple(out), tuple(skipped)


def question_scenario(q: Question, *, agenda: bool = True) -> Scenario:
    """What was known on the question's day, as a scenario: one proposal, unanimity, the members the record names.

    Each member the record shows as not having consented by then is ``undecided`` (procedural) or, once its
    objection was public, ``oppose`` with its ``since`` (the day it objected), the demands it had stated and whether
    its price concerned another matter; ``fallback`` is set once the way round was public. The focal dates are the
    body's calendar meetings and (with ``agenda``) the meetings with the decision on the agenda in the next
    :data:`AGENDA_NOTICE` days. Nothing dated after the question's day is read.
    """
    from datetime import timedelta

    from natosim._engine.forecast import fit

    d = q.decision
    day = q.as_of
    waiting = {m.member for m in _pending_on(d, day)}
    members = tuple(Member(code=m.member, name=m.member) for m in d.moves)
    stances: dict[str, Stance] = {}
    positions: dict[str, Position] = {}
    for m in d.moves:
        known = m.objected_by(day)
        hold = ("rival" if m.role is records.Role.RIVAL else "political") if known else "procedural"
        stances[m.member] = (Stance.OPPOSE if known else Stance.UNDECIDED) if m.member in waiting else Stance.SUPPORT
        positions[m.member] = Position(
            holdout=hold,
            since=(m.objection if known else d.opened) if m.member in waiting else None,
            demands=m.demands_by(day) if known else (),
            linked=known and m.linked_by(day),
        )
    focal = set(q.calendar)
    if agenda:
        focal |= {x.date for x in d.agenda if day < x.date <= day + timedelta(days=AGENDA_NOTICE)}
    return Scenario(
        title=d.title,
        as_of=day,
        members=members,
        candidates=(Candidate(id="proposal", name=d.title),),
        stances=MappingProxyType({"proposal": MappingProxyType(stances)}),
        positions=MappingProxyType(positions),
        kind=fit.decision_kind(d),
        focal_dates=tuple(sorted(focal)),
        fallback=d.fallback_on(day),
        body=d.body,
        path=f"record:{d.id}",
    )


def run_record(
    record: records.Record,
    *,
    trials: int,
    seed: int,
    rolling: bool = False,
    progress: Callable[[int, int], None] | None = None,
    fits: Mapping[str, Priors] | None = None,
    bounds: tuple[float, float] | None = None,
) -> Backtest:
    """Score leave-one-group-out forecasts of every question the record can settle.

    Each question is forecast with priors fitted without its decision's whole group of twin episodes (``fits``, by
    group key; else the shipped ones when they were fitted on this record, else fitted afresh). ``bounds`` are the
    forecasts' bounds (default: those of the shipped track record; ``(0, 1)``: none).
    """
    from natosim._engine import forecast
    from natosim._engine.forecast import fit
    from natosim._engine.forecast.priors import shipped, shipped_left_out

    asked, skipped = questions(record, rolling=rolling)
    groups = {d.id: d.group for d in record.decisions}
    by_group: dict[str, list[Question]] = {}
    for q in asked:
        by_group.setdefault(groups[q.decision.id], []).append(q)
    cases: list[Case] = []
    if fits is None:
        fits = shipped_left_out(fit.fingerprint(record))  # the same fits, made once by scripts/fit_priors.py
    for k, (group, qs) in enumerate(sorted(by_group.items())):
        if group in fits:
            priors = fits[group]
        else:
            priors = fit.fit(record.without(*record.group_of(qs[0].decision.id)), fit.form_of(shipped())).priors
        form = fit.form_of(priors)
        others = [q for q in asked if groups[q.decision.id] != group]
        base = sum(q.observed for q in others) / len(others) if others else 0.5
        for q in qs:
            s = question_scenario(q, agenda=form.agenda)
            f = forecast.forecast(
                s, candidate="proposal", deadline=q.deadline, trials=trials, seed=seed, priors=priors, interventions=False, bounds=bounds
            )
            cases.append(
                Case(
                    q.decision.id,
                    s,
                    "proposal",
                    q.deadline,
                    q.deadline_name,
                    f.p_consensus,
                    f.ci95,
                    q.observed,
                    base,
                    legacy_p(s, "proposal"),
                )
            )
        if progress is not None:
            progress(k + 1, len(by_group))
    return Backtest("record", tuple(cases), skipped, trials, seed, True)
