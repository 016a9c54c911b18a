"""Backtests: forecasts scored against what happened, as a forecaster would score them.

Two sources of questions, each "will every member have consented by the deadline?":

* **the record** (``backtest record``): every decision of :mod:`natosim.record`, asked on its
  opening day and (``rolling``) on each earlier dated meeting while it was still open, for each
  of its later dated meetings and year ends. Each question is forecast with priors fitted on the
  record *without its decision* (leave-one-decision-out), from a scenario holding only what was
  known on the day: who had consented (supporters), who had stated an objection (political
  holdouts, ``oppose``), who had not acted (``undecided``), and the summits and European Councils
  ahead. Questions the record cannot settle (a closing date not found) are listed as unscored.
* **scenario files** (``backtest DIR`` or ``bundled``): a file with ``[[events]]`` and a
  ``deadline`` is a question, forecast from ``as_of`` (and, with ``rolling``, from each event
  date before the outcome) with the shipped priors; the outcome is its replay. Files without a
  deadline are listed as unscored (the last event's date is never used: that would make the
  outcome "yes" by construction).

Scores: the Brier score and the log loss, next to two baselines scored on the same questions:
the base rate (the share of "yes" among the *other* decisions' questions) and the model natosim
0.1 shipped (fixed probabilities by stance whatever the horizon: undecided 0.5, oppose 0.25).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from natosim import changes, timeline
from natosim import record as records
from natosim.model import Candidate, Member, Position, Scenario, Stance

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


@dataclass(frozen=True, slots=True)
class Bin:
    """One row of the calibration table."""

    lo: float
    """Lower edge (inclusive)."""
    hi: float
    """Upper edge (exclusive, except 1.0)."""
    count: int
    """Forecasts in the bin."""
    mean_forecast: float
    """Their mean forecast probability (0 when empty)."""
    observed: float
    """Share of them that came true (0 when empty)."""


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


# --- scenario files (read by the reader, :func:`natosim.scenario.load_dir`) -------------------


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
    from natosim import forecast

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


def questions(record: records.Record, *, rolling: bool = True) -> tuple[tuple[Question, ...], tuple[tuple[str, str], ...]]:
    """Every question the record can settle, and the ones it cannot (with why)."""
    out: list[Question] = []
    skipped: list[tuple[str, str]] = []
    for d in record.decisions:
        starts = [d.opened]
        if rolling and all(m.acted is not None or d.outcome == "pending" for m in d.moves):
            starts += [f.date for f in d.focal if d.settled(f.date) is False]
        for start in starts:
            if not _pending(d, start):
                continue
            for f in d.focal:
                if f.date <= start:
                    continue
                seen = d.settled(f.date)
                label = f"{d.id} on {start.isoformat()} by {f.date.isoformat()}"
                if seen is None:
                    skipped.append((label, "the record does not say whether every member had consented by then"))
                    continue
                out.append(Question(d, start, f.date, f.name, seen))
    return tuple(out), tuple(skipped)


def _pending(d: records.Decision, day: date) -> list[records.Move]:
    """Members that had not consented by ``day`` (a member whose date is unknown had not, on the opening day)."""
    return [m for m in d.moves if m.acted is None or m.acted > day] if day > d.opened else [m for m in d.moves if m.acted != d.opened]


def question_scenario(q: Question) -> Scenario:
    """What was known on the question's day, as a scenario: one proposal, unanimity, the body of the decision's members."""
    from natosim.forecast import fit

    d = q.decision
    waiting = {m.member for m in _pending(d, q.as_of)}
    members = tuple(Member(code=m.member, name=m.member) for m in d.moves)
    stances: dict[str, Stance] = {}
    positions: dict[str, Position] = {}
    for m in d.moves:
        political = m.political_on(q.as_of)
        stances[m.member] = (Stance.OPPOSE if political else Stance.UNDECIDED) if m.member in waiting else Stance.SUPPORT
        positions[m.member] = Position(holdout="political" if political else "procedural")
    return Scenario(
        title=d.title,
        as_of=q.as_of,
        members=members,
        candidates=(Candidate(id="proposal", name=d.title),),
        stances=MappingProxyType({"proposal": MappingProxyType(stances)}),
        positions=MappingProxyType(positions),
        kind=fit.decision_kind(d),
        focal_dates=tuple(f for f in d.focal_dates if f > q.as_of),
        body=d.body,
        path=f"record:{d.id}",
    )


def run_record(
    record: records.Record, *, trials: int, seed: int, rolling: bool = True, progress: Callable[[int, int], None] | None = None
) -> Backtest:
    """Score leave-one-decision-out forecasts of every question the record can settle."""
    from natosim import forecast
    from natosim.forecast import fit
    from natosim.forecast.priors import shipped_left_out

    asked, skipped = questions(record, rolling=rolling)
    by_decision: dict[str, list[Question]] = {}
    for q in asked:
        by_decision.setdefault(q.decision.id, []).append(q)
    cases: list[Case] = []
    left_out = shipped_left_out(fit.fingerprint(record))  # the same fits, made once by scripts/fit_priors.py
    for k, (did, qs) in enumerate(by_decision.items()):
        priors = left_out[did] if did in left_out else fit.fit(record.without(did)).priors
        others = [q for q in asked if q.decision.id != did]
        base = sum(q.observed for q in others) / len(others) if others else 0.5
        for q in qs:
            s = question_scenario(q)
            f = forecast.forecast(
                s, candidate="proposal", deadline=q.deadline, trials=trials, seed=seed, priors=priors, interventions=False
            )
            cases.append(
                Case(did, s, "proposal", q.deadline, q.deadline_name, f.p_consensus, f.ci95, q.observed, base, legacy_p(s, "proposal"))
            )
        if progress is not None:
            progress(k + 1, len(by_decision))
    return Backtest("record", tuple(cases), skipped, trials, seed, True)
