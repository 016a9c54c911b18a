"""What a forecast reports: per-member outlooks, single interventions, the curve by date."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from natosim._engine.forecast.track import TrackRecord
from natosim.model import Scenario, Stance

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""


def wilson(hits: int, n: int, *, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``hits`` successes out of ``n`` (95% by default)."""
    if n <= 0:
        return 0.0, 1.0
    p = hits / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if hits == 0 else max(0.0, centre - half)
    hi = 1.0 if hits == n else min(1.0, centre + half)
    return lo, hi


@dataclass(frozen=True, slots=True)
class AllyOutlook:
    """What the forecast says about one member that did not support on ``as_of``."""

    code: str
    """Member code."""
    stance: Stance
    """Its stance on the candidate on ``as_of``."""
    p_move: float
    """Probability that it moves on its own by the deadline (from its stated p_move or median_days, or the prior)."""
    stated: bool
    """Whether its rate comes from the scenario (``p_move`` or ``median_days``); else from the fitted prior."""
    hold: str
    """The kind of hold the prior gives it: ``procedural`` (has not acted yet), ``political`` (objects or names a price),
    ``linked`` (its price concerns another matter) or ``rival`` (backs a rival candidate)."""
    blocking: bool
    """Whether it blocks the candidate on ``as_of`` under the rule."""
    p_moved: float
    """Share of trials in which it supports by the deadline (on its own, by withdrawal or by cascade)."""
    p_last: float
    """Share of trials in which the candidate is adopted by the deadline and its move completed the adoption."""


@dataclass(frozen=True, slots=True)
class RivalOutlook:
    """A rival candidate whose withdrawal would move members to support."""

    id: str
    """Candidate id."""
    p_withdraw: float
    """Probability that it withdraws by the deadline (0 when it does not withdraw at random)."""
    moves: tuple[str, ...]
    """Members its withdrawal moves to support, sorted."""
    contests: bool = False
    """Whether it meets the rule too, so that it must withdraw for the candidate to take the seat."""
    note: str = ""
    """Why it does not withdraw at random, when it does not."""


@dataclass(frozen=True, slots=True)
class Option:
    """One single intervention, made on ``as_of``, and the probability of adoption with it."""

    kind: str
    """``flip``, ``withdraw`` or ``deal``."""
    target: str
    """Member code, candidate id or deal name."""
    cost: float
    """Its price."""
    hits: int
    """Trials (the same random draws as the baseline) in which the candidate is adopted by the deadline."""
    p_consensus: float
    """``hits / trials``."""
    gain: float
    """``p_consensus`` minus the baseline's."""
    gain_ci95: tuple[float, float] = (0.0, 0.0)
    """95% interval of the gain (paired over the same draws)."""
    tied: bool = False
    """Whether its gain cannot be told apart from the best option's at 95% (paired over the same draws)."""


@dataclass(frozen=True, slots=True)
class Forecast:
    """The result of :func:`forecast`."""

    scenario: Scenario
    """The scenario forecast from (its ``as_of`` is day 0)."""
    candidate: str
    """Candidate id."""
    deadline: date
    """The deadline (inclusive)."""
    trials: int
    """Number of trials."""
    seed: int
    """The seed used (the one given, or a fresh one reported so the run can be repeated)."""
    hits: int
    """Trials in which the candidate is adopted by the deadline."""
    by_day: tuple[int, ...]
    """``by_day[d]``: trials in which it is adopted on day ``d`` after ``as_of`` (0 = already or that day)."""
    allies: tuple[AllyOutlook, ...]
    """Every member not supporting on ``as_of``, sorted by code."""
    rivals: tuple[RivalOutlook, ...]
    """Rivals whose withdrawal moves members, in declaration order."""
    options: tuple[Option, ...]
    """Single interventions, by gain (largest first), then cost, kind and target."""
    with_cascade: bool
    """Whether members followed their influencers."""
    withdrawals: bool
    """Whether rivals withdrew at random."""
    focal_dates: tuple[date, ...] = ()
    """The focal dates the time model pulled moves towards (the scenario's ``focal_dates`` and ``deadline``)."""
    priors: str = ""
    """Which priors were used (what they were fitted on)."""
    track: TrackRecord | None = None
    """How the model scored on the record's questions (``None``: every rate came from the scenario, not the priors)."""
    bounds: tuple[float, float] = (0.0, 1.0)
    """The forecast's bounds: what the record vouches for when the forecast rests on the fitted priors (see
    :mod:`natosim._engine.forecast.track`); ``(0, 1)`` when every rate comes from the scenario."""

    def _bounded(self, p: float) -> float:
        return min(max(p, self.bounds[0]), self.bounds[1])

    @property
    def p_simulated(self) -> float:
        """Share of trials in which the candidate is adopted by the deadline, before the bounds."""
        return self.hits / self.trials

    @property
    def p_consensus(self) -> float:
        """Probability of adoption by the deadline: the share of trials, within :attr:`bounds`."""
        return self._bounded(self.hits / self.trials)

    @property
    def ci95(self) -> tuple[float, float]:
        """95% Wilson interval of the share of trials (sampling error), within :attr:`bounds`."""
        lo, hi = wilson(self.hits, self.trials)
        return self._bounded(lo), self._bounded(hi)

    @property
    def tied(self) -> tuple[Option, ...]:
        """The options tied with the best (the best itself included), cheapest first."""
        return tuple(o for o in self.options if o.tied)

    @property
    def horizon(self) -> int:
        """Days from ``as_of`` to the deadline."""
        return (self.deadline - self.scenario.as_of).days

    def p_by(self, day: date) -> float:
        """Probability of adoption on or before ``day`` (capped to the deadline)."""
        d = min((day - self.scenario.as_of).days, self.horizon)
        return self._bounded(sum(self.by_day[: d + 1]) / self.trials) if d >= 0 else 0.0

    def weekly(self) -> tuple[tuple[date, float], ...]:
        """Cumulative probability at ``as_of``, every 7 days after it, and the deadline."""
        days = [*range(0, self.horizon, 7), self.horizon]
        return tuple((self.scenario.as_of + timedelta(days=d), self.p_by(self.scenario.as_of + timedelta(days=d))) for d in days)

    def quantile(self, q: float) -> date | None:
        """The first date by which adoption has probability ≥ ``q``; ``None`` if not by the deadline."""
        total = 0
        for d, n in enumerate(self.by_day):
            total += n
            if total >= q * self.trials - 1e-9 and total > 0:
                return self.scenario.as_of + timedelta(days=d)
        return None

    @property
    def best(self) -> Option | None:
        """The single intervention that raises the probability most, if one does beyond sampling noise.

        Options are sorted with the cheapest of those tied with the top first, so this is the
        cheapest of the interventions that cannot be told apart from the best.
        """
        if not self.options or self.options[0].gain_ci95[0] <= 0:
            return None
        return self.options[0]
