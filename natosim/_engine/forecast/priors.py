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
decisions (:mod:`natosim._engine.record`) with :mod:`natosim._engine.forecast.fit`, and shipped as
``natosim/data/priors.json``. :class:`Clock` is the one definition of this time model: the
simulation draws times with :meth:`Clock.draw` and the fit evaluates :meth:`Clock.cumulative`
and :meth:`Clock.log_hazard`.
"""

from __future__ import annotations

import bisect
import enum
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
unanimity (EU sanctions, budgets, enlargement steps, NATO plans)."""


class Hold(enum.StrEnum):
    """The kind of hold a member puts on a decision, as the prior tells them apart."""

    PROCEDURAL = "procedural"
    """It has stated no objection and has not acted yet (a parliament that has not voted)."""
    POLITICAL = "political"
    """It objects to the decision itself or names a price concerning it."""
    LINKED = "linked"
    """Its price concerns another matter (an arms sale, frozen funds, an unrelated dispute)."""
    RIVAL = "rival"
    """It backs a rival candidate or option."""


@dataclass(frozen=True, slots=True)
class Priors:
    """The fitted prior of the time model (see the module docstring).

    A member of a decision of kind ``K`` whose hold is ``H`` moves at the Weibull rate
    ``Rate(scale[K] * factor[H], shape[H])``, its hazard multiplied by ``demands_factor`` once it has
    stated its demands and by ``fallback_factor`` once the others have prepared a way round it.
    """

    scale: tuple[tuple[str, float], ...]
    """(kind, Weibull scale per day of a procedural member), one per kind of :data:`KINDS`."""
    factor: tuple[tuple[str, float], ...]
    """(hold, how much faster (> 1) or slower (< 1) its clock runs than a procedural one's), one per :class:`Hold`."""
    shape: tuple[tuple[str, float], ...]
    """(hold, Weibull shape), one per :class:`Hold`."""
    demands_factor: float
    """Hazard multiplier once a member has stated its demands (1: no effect)."""
    fallback_factor: float
    """Hazard multiplier once the others have publicly prepared a way round the holdouts (1: no effect)."""
    focal_boost: float
    """κ: the hazard multiplier in the days before a focal date (1: no pull)."""
    focal_window: int
    """Days before a focal date in which the pull applies (0: none)."""
    wave_shape: float
    """k, the shape of the shared gamma wave factor (variance 1/k; ``inf``: members independent)."""
    fitted_on: str = ""
    """What the parameters were fitted on (decisions, spells), for the record."""
    form: str = ""
    """The model form chosen by leave-one-out score (see :mod:`natosim._engine.forecast.fit`)."""
    members: tuple[tuple[str, float], ...] = ()
    """(member code, hazard multiplier of its political, linked or rival holds): member-level effects, fitted only for the
    members the record holds often enough (empty in forms without them)."""

    def rate(self, kind: str, hold: Hold = Hold.PROCEDURAL, *, demands: bool = False, fallback: bool = False, member: str = "") -> Rate:
        """The prior rate of a member of a decision of this kind, with this hold, what it demands and any way round it."""
        lam = dict(self.scale)[kind] * dict(self.factor)[hold]
        rho = dict(self.shape)[hold]
        multiplier = (self.demands_factor if demands else 1.0) * (self.fallback_factor if fallback else 1.0)
        if hold is not Hold.PROCEDURAL:
            multiplier *= dict(self.members).get(member, 1.0)
        return Rate(lam * multiplier ** (1.0 / rho), rho)  # (λ c^(1/ρ) t)^ρ = c (λ t)^ρ: the hazard times c

    def to_json(self) -> str:
        """The shipped form (``natosim/data/priors.json``)."""
        data = asdict(self)
        for key in ("scale", "factor", "shape", "members"):
            data[key] = dict(getattr(self, key))
        data["wave_shape"] = None if math.isinf(self.wave_shape) else self.wave_shape
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Priors:
        """Read the shipped form."""
        d = json.loads(text)
        return cls(
            scale=tuple((k, float(d["scale"][k])) for k in KINDS),
            factor=tuple((h.value, float(d["factor"][h.value])) for h in Hold),
            shape=tuple((h.value, float(d["shape"][h.value])) for h in Hold),
            demands_factor=float(d["demands_factor"]),
            fallback_factor=float(d["fallback_factor"]),
            focal_boost=float(d["focal_boost"]),
            focal_window=int(d["focal_window"]),
            wave_shape=math.inf if d["wave_shape"] is None else float(d["wave_shape"]),
            fitted_on=str(d.get("fitted_on", "")),
            form=str(d.get("form", "")),
            members=tuple((code, float(f)) for code, f in sorted(d.get("members", {}).items())),
        )


def shipped() -> Priors:
    """The priors shipped with natosim (written by ``scripts/fit_priors.py``)."""
    try:
        text = resources.files("natosim.data").joinpath("priors.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NatosimError("natosim/data/priors.json is missing; expected the file scripts/fit_priors.py writes") from None
    return Priors.from_json(text)


def shipped_left_out(fingerprint: str) -> Mapping[str, Priors]:
    """The priors fitted on the bundled record without each group of twin episodes (``natosim/data/priors-loo.json``, written
    by ``scripts/fit_priors.py``), by group key; empty when that file was fitted on another record than ``fingerprint``."""
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
    def of(cls, focal_days: Sequence[float], *, window: int, boost: float, steps: Sequence[tuple[float, float]] = ()) -> Profile:
        """The profile for focal dates ``focal_days`` (days from ``as_of``), times each ``(day, factor)`` of ``steps`` from its day on."""
        spans: list[list[float]] = []
        if window > 0 and boost != 1.0:
            for f in sorted(set(focal_days)):
                lo, hi = f - window, f + 1.0  # the focal day itself is in the window (a decision on the day counts)
                if spans and lo <= spans[-1][1]:
                    spans[-1][1] = max(spans[-1][1], hi)
                else:
                    spans.append([lo, hi])
        moving = [(d, k) for d, k in steps if k != 1.0]
        if not spans and not moving:
            return cls((), ())
        cuts = sorted({e for span in spans for e in span} | {d for d, _ in moving})
        starts = [lo for lo, _ in spans]
        mult: list[float] = []
        for e in cuts:
            k = bisect.bisect_right(starts, e) - 1  # the last span starting at or before e (spans are disjoint and sorted)
            m = boost if k >= 0 and e < spans[k][1] else 1.0
            for d, f in moving:
                if d <= e:
                    m *= f
            mult.append(m)
        return cls(tuple(cuts), tuple(mult))

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


def shipped_covariance(priors: Priors) -> tuple[tuple[str, ...], Floats]:
    """The covariance of the shipped fit's free parameters and their names (``natosim/data/priors-cov.json``, written by
    ``scripts/fit_priors.py``: the inverse Hessian of the negative log posterior at the fit)."""
    import numpy as np

    try:
        text = resources.files("natosim.data").joinpath("priors-cov.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NatosimError("natosim/data/priors-cov.json is missing; expected the file scripts/fit_priors.py writes") from None
    data = json.loads(text)
    if data["form"] != priors.form or data["focal_window"] != priors.focal_window:
        raise NatosimError("natosim/data/priors-cov.json was written for other priors; expected: python scripts/fit_priors.py --covariance")
    return tuple(data["parameters"]), np.asarray(data["covariance"], dtype=float)
