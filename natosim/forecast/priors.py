"""The time model of a forecast: how fast members move, and the priors fitted on the record.

Every member that does not support a candidate moves to support on its own at a random time
with hazard

    h(t) = Z · m(t) · λ ρ (λ (t - start))^(ρ - 1)

where ``t`` is in days from ``as_of``, ``start`` is when its holdout began (``as_of`` unless
known), λ and ρ are a Weibull scale and shape, ``m(t)`` is the *focal pull* (``κ`` within
``window`` days before each focal date: a summit, a European Council, the scenario's own
deadline; 1 elsewhere) and ``Z`` is a *wave* factor shared by every member of one decision
(gamma with mean 1 and shape ``k``: members that move late or early move together). A member
with a stated ``p_move`` (by the scenario's own deadline) or ``median_days`` moves at a constant
rate (ρ = 1) set from it, with the focal pull and without the wave factor: the author's
estimate for that member alone. Everyone else takes the fitted prior of its class:

* *procedural*: it has stated no objection (``undecided``, ``abstain``): a parliament that has
  not yet ratified, a government that has not yet said so;
* *political*: it objects or names a price (``oppose``), or the scenario marks it so.

The prior's parameters are fitted by ``scripts/fit_priors.py`` on the record of resolved
decisions (:mod:`natosim.record`) with :mod:`natosim.forecast.fit`, and shipped as
``natosim/data/priors.json``. :class:`Clock` is the one definition of this time model: the
simulation draws times with :meth:`Clock.draw` and the fit evaluates :meth:`Clock.cumulative`
and :meth:`Clock.log_hazard`.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from typing import TYPE_CHECKING

from natosim.errors import NatosimError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Rate:
    """A Weibull hazard: scale ``lam`` (per day) and shape ``rho`` (1: constant)."""

    lam: float
    """Scale, per day."""
    rho: float = 1.0
    """Shape: above 1 the hazard grows with the time already waited."""


KINDS = ("ratification", "appointment", "policy")
"""Kinds of decision the priors tell apart: a treaty every member's parliament must ratify (an
accession protocol), a person chosen by consensus (a Secretary General), a policy act taken by
unanimity (EU sanctions, budgets, enlargement steps)."""


@dataclass(frozen=True, slots=True)
class Priors:
    """The fitted prior of the time model (see the module docstring).

    A procedural member of a decision of kind ``K`` moves at ``Rate(scale[K], procedural_shape)``;
    a political one at ``Rate(scale[K] * political_factor, political_shape)``.
    """

    scale: tuple[tuple[str, float], ...]
    """(kind, Weibull scale per day of a procedural member), one per kind of :data:`KINDS`."""
    political_factor: float
    """How much faster (> 1) or slower (< 1) a political holdout's clock runs."""
    procedural_shape: float
    """Weibull shape of procedural members."""
    political_shape: float
    """Weibull shape of political members."""
    focal_boost: float
    """κ: the hazard multiplier in the days before a focal date (1: no pull)."""
    focal_window: int
    """Days before a focal date in which the pull applies (0: none)."""
    wave_shape: float
    """k, the shape of the shared gamma wave factor (variance 1/k; ``inf``: members independent)."""
    fitted_on: str = ""
    """What the parameters were fitted on (decisions, spells), for the record."""

    def rate(self, kind: str, *, political: bool) -> Rate:
        """The prior rate of a member of a decision of this kind."""
        scale = dict(self.scale)[kind]
        if political:
            return Rate(scale * self.political_factor, self.political_shape)
        return Rate(scale, self.procedural_shape)

    def to_json(self) -> str:
        """The shipped form (``natosim/data/priors.json``)."""
        data = asdict(self)
        data["scale"] = dict(self.scale)
        data["wave_shape"] = None if math.isinf(self.wave_shape) else self.wave_shape
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Priors:
        """Read the shipped form."""
        d = json.loads(text)
        return cls(
            scale=tuple((k, float(d["scale"][k])) for k in KINDS),
            political_factor=float(d["political_factor"]),
            procedural_shape=float(d["procedural_shape"]),
            political_shape=float(d["political_shape"]),
            focal_boost=float(d["focal_boost"]),
            focal_window=int(d["focal_window"]),
            wave_shape=math.inf if d["wave_shape"] is None else float(d["wave_shape"]),
            fitted_on=str(d.get("fitted_on", "")),
        )


def shipped() -> Priors:
    """The priors shipped with natosim (written by ``scripts/fit_priors.py``)."""
    try:
        text = resources.files("natosim.data").joinpath("priors.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NatosimError("natosim/data/priors.json is missing; expected the file scripts/fit_priors.py writes") from None
    return Priors.from_json(text)


def shipped_left_out(fingerprint: str) -> Mapping[str, Priors]:
    """The priors fitted on the bundled record without each decision (``natosim/data/priors-loo.json``, written by
    ``scripts/fit_priors.py``), by decision id; empty when that file was fitted on another record than ``fingerprint``."""
    try:
        text = resources.files("natosim.data").joinpath("priors-loo.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    if data.get("fingerprint") != fingerprint:
        return {}
    return {did: Priors.from_json(json.dumps(d)) for did, d in data["left_out"].items()}


@dataclass(frozen=True, slots=True)
class Profile:
    """The focal pull over time: multiplier ``boost`` on ``[end - window, end]`` for each focal day."""

    edges: tuple[float, ...]
    """Sorted breakpoints (days from ``as_of``) at which the multiplier changes."""
    multipliers: tuple[float, ...]
    """Multiplier on ``[edges[i], edges[i + 1])``; ``multipliers[-1]`` after the last edge; 1 before the first."""

    @classmethod
    def of(cls, focal_days: Sequence[float], *, window: int, boost: float) -> Profile:
        """The profile for focal dates ``focal_days`` (days from ``as_of``)."""
        if window <= 0 or boost == 1.0 or not focal_days:
            return cls((), ())
        spans: list[list[float]] = []
        for f in sorted(set(focal_days)):
            lo, hi = f - window, f + 1.0  # the focal day itself is in the window (a decision on the day counts)
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
        edges: list[float] = []
        mult: list[float] = []
        for lo, hi in spans:
            edges += [lo, hi]
            mult += [boost, 1.0]
        return cls(tuple(edges), tuple(mult))

    def at(self, t: float) -> float:
        """The multiplier at time ``t``."""
        m = 1.0
        for e, k in zip(self.edges, self.multipliers, strict=True):
            if t >= e:
                m = k
        return m


@dataclass(frozen=True, slots=True)
class Clock:
    """One member's hazard over time (without the wave factor): a rate, when it started, the focal pull."""

    rate: Rate
    """Scale and shape."""
    start: float
    """When its holdout began, in days from ``as_of`` (≤ 0)."""
    profile: Profile
    """The focal pull."""

    def _pieces(self) -> tuple[list[float], list[float]]:
        """Breakpoints from ``start`` on and the multiplier on each piece (the last one open-ended)."""
        pts = [self.start]
        mult = [self.profile.at(self.start)]
        for e, k in zip(self.profile.edges, self.profile.multipliers, strict=True):
            if e > self.start:
                pts.append(e)
                mult.append(k)
        return pts, mult

    def _base(self, t: float) -> float:
        """The Weibull cumulative hazard ``(λ (t - start))^ρ`` without the pull."""
        return float((self.rate.lam * max(t - self.start, 0.0)) ** self.rate.rho)

    def cumulative(self, t: float) -> float:
        """Cumulative hazard from ``start`` to ``t`` (with the pull)."""
        pts, mult = self._pieces()
        total = 0.0
        for i, a in enumerate(pts):
            if a >= t:
                break
            b = min(pts[i + 1], t) if i + 1 < len(pts) else t
            total += mult[i] * (self._base(b) - self._base(a))
        return total

    def log_hazard(self, t: float) -> float:
        """``log h(t)`` (with the pull, without the wave factor), for ``t > start``."""
        lam, rho = self.rate.lam, self.rate.rho
        return math.log(self.profile.at(t)) + math.log(lam * rho) + (rho - 1.0) * math.log(lam * (t - self.start))

    def draw(self, x: Floats) -> Floats:
        """Times (days from ``as_of``) at which the cumulative hazard since ``as_of`` reaches ``x`` (one per trial).

        ``x`` is an exponential draw divided by the wave factor; ``inf`` stays ``inf``.
        """
        return draw_times((self,), x[:, None])[:, 0]

    def _table(self) -> tuple[list[float], list[float], list[float], float]:
        """The breakpoints, the cumulative hazard and the base hazard at each, and the multiplier from each on."""
        pts, mult = self._pieces()
        base = [self._base(p) for p in pts]
        cum = [0.0]
        for i in range(1, len(pts)):
            cum.append(cum[-1] + mult[i - 1] * (base[i] - base[i - 1]))
        return cum, base, mult, self.cumulative(0.0)


@functools.lru_cache(maxsize=16)
def _tables(clocks: tuple[Clock, ...]) -> tuple[Floats, ...]:
    """The clocks' :meth:`Clock._table` side by side (piece x clock; missing pieces never reached), with their rates and starts."""
    import numpy as np

    rows = [c._table() for c in clocks]
    width = max(len(r[0]) for r in rows)
    cum = np.full((width, len(clocks)), np.inf)
    base = np.zeros((width, len(clocks)))
    mult = np.ones((width, len(clocks)))
    for g, (c, b, m, _) in enumerate(rows):
        cum[: len(c), g], base[: len(b), g], mult[: len(m), g] = c, b, m
    since = np.asarray([r[3] for r in rows])
    lam = np.asarray([c.rate.lam for c in clocks])
    rho = np.asarray([c.rate.rho for c in clocks])
    start = np.asarray([c.start for c in clocks])
    return cum, base, mult, since, lam, rho, start


def draw_times(clocks: tuple[Clock, ...], x: Floats) -> Floats:
    """:meth:`Clock.draw` for several clocks at once: column ``g`` of ``x`` (trials x clocks) for ``clocks[g]``.

    The same arithmetic element by element (one numpy operation over every column instead of one per clock).
    """
    import numpy as np

    cum, base, mult, since, lam, rho, start = _tables(clocks)
    target = x + since
    j = np.zeros(target.shape, dtype=np.int64)  # the piece it falls in: the breakpoints after the first at or under it
    for row in cum[1:]:
        j += target >= row
    cols = np.arange(len(clocks))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # never-reached targets (inf) and rates of 0
        inner = (target - cum[j, cols]) / mult[j, cols] + base[j, cols]
        out: Floats = np.power(inner, 1.0 / rho) / lam + start
    return np.where(np.isfinite(target) & (lam > 0), out, np.inf)


def rate_for_probability(p: float, *, horizon: float, profile: Profile) -> Rate:
    """The constant rate at which a member moves by ``horizon`` days with probability ``p`` (under the pull)."""
    if p <= 0.0:
        return Rate(0.0)
    p = min(p, 1.0 - 1e-9)  # a constant hazard cannot reach certainty
    exposure = Clock(Rate(1.0), 0.0, profile).cumulative(horizon)
    if exposure <= 0:
        raise NatosimError(
            "a p_move needs a deadline after as_of; expected the scenario's deadline to be later than as_of", where="deadline"
        )
    return Rate(-math.log1p(-p) / exposure)


def rate_for_median(days: float) -> Rate:
    """The constant rate whose median time to move is ``days`` (without the pull)."""
    return Rate(math.log(2.0) / days)
