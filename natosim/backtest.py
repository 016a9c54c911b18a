"""Backtests: forecasts of resolved races (scenarios with dated events) against what happened.

A scenario is *resolved* when it has ``[[events]]``. Its forecast is made from ``as_of`` (the
state before any event) for its first candidate, to its ``deadline`` or, when it has none, to
the date of its last event. What happened is read from the replay of its events
(:func:`natosim.timeline.replay`): the candidate was adopted on or before that date, or not.
With ``rolling``, a forecast is also made from the state on each event date before the outcome
(correlated cases of one race, but more points for the calibration table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from natosim import changes, forecast, timeline
from natosim import scenario as scenarios
from natosim.errors import NatosimError
from natosim.model import Scenario

BINS = 10
"""Number of equal-width forecast-probability bins of the calibration table."""


@dataclass(frozen=True, slots=True)
class Case:
    """One forecast of a resolved race and what happened."""

    name: str
    """Scenario name (the forecast date is ``scenario.as_of``)."""
    scenario: Scenario
    """The scenario as forecast from (``as_of`` = the forecast date)."""
    candidate: str
    """Candidate id forecast."""
    deadline: date
    """Horizon of the forecast."""
    deadline_source: str
    """``deadline`` (the scenario's) or ``last event``."""
    p: float
    """Forecast probability of adoption by the deadline."""
    ci95: tuple[float, float]
    """Its 95% Wilson interval."""
    observed: bool
    """Whether the candidate was in fact adopted by the deadline."""
    consensus_date: date | None
    """When the replay first adopts the candidate (``None``: never)."""

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


@dataclass(frozen=True, slots=True)
class Backtest:
    """The result of :func:`run`."""

    cases: tuple[Case, ...]
    """Every forecast made, in scenario order (then date)."""
    skipped: tuple[tuple[str, str], ...]
    """(scenario, why) for scenarios without dated events."""
    trials: int
    """Trials per forecast."""
    seed: int
    """Seed of every forecast (the same draws for each: common random numbers)."""

    @property
    def brier(self) -> float:
        """Mean Brier score over the cases (NaN when there are none)."""
        return sum(c.brier for c in self.cases) / len(self.cases) if self.cases else math.nan

    @property
    def bins(self) -> tuple[Bin, ...]:
        """The calibration table: forecast probability bins against observed frequency."""
        out = []
        for k in range(BINS):
            lo, hi = k / BINS, (k + 1) / BINS
            inside = [c for c in self.cases if lo <= c.p < hi or (k == BINS - 1 and c.p == 1.0)]
            n = len(inside)
            out.append(
                Bin(
                    lo,
                    hi,
                    n,
                    sum(c.p for c in inside) / n if n else 0.0,
                    sum(c.observed for c in inside) / n if n else 0.0,
                )
            )
        return tuple(out)


def collect(ref: str) -> tuple[tuple[str, Scenario], ...]:
    """The scenarios of a folder (its ``*.toml`` files, sorted), or every bundled one for ``bundled``."""
    if ref == "bundled":
        return tuple((name, scenarios.load(name)) for name in scenarios.bundled())
    folder = Path(ref)
    if not folder.is_dir():
        raise NatosimError("no such folder; expected a folder of scenario files or 'bundled'", file=ref)
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise NatosimError("no *.toml file in this folder; expected scenario files", file=ref)
    return tuple((p.stem, scenarios.load(str(p))) for p in files)


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
    """Forecast every resolved scenario of ``entries`` and compare with what happened."""
    cases: list[Case] = []
    skipped: list[tuple[str, str]] = []
    for name, s in entries:
        if not s.events:
            skipped.append((name, "no dated events (not a resolved race)"))
            continue
        cid = changes.candidate_id(s, None)
        deadline, source = (s.deadline, "deadline") if s.deadline is not None else (s.events[-1].date, "last event")
        happened = _outcome(s, cid)
        observed = happened is not None and happened <= deadline
        starts = [s.as_of]
        if rolling:
            starts += sorted(
                {e.date for e in s.events if e.date > s.as_of and (happened is None or e.date < happened) and e.date <= deadline}
            )
        for day in starts:
            state = s if day == s.as_of else timeline.state_on(s, day, with_cascade=with_cascade)
            if cid not in {c.id for c in state.active}:
                continue
            f = forecast.forecast(
                state,
                candidate=cid,
                deadline=deadline,
                trials=trials,
                seed=seed,
                with_cascade=with_cascade,
                interventions=False,
            )
            cases.append(Case(name, state, cid, deadline, source, f.p_consensus, f.ci95, observed, happened))
    return Backtest(tuple(cases), tuple(skipped), trials, seed)
