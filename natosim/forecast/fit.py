"""Fitting the priors of :mod:`natosim.forecast.priors` on the record of resolved decisions.

Each member that had not consented when a decision was opened is one spell, from ``opened``:

* it consented on a known day: an *event* (density ``Z h(t) exp(-Z H(t))``);
* it consented on an unknown day before the decision closed: *interval-censored* (``1 - exp(-Z H(T))``);
* the decision is still pending: *right-censored* (``exp(-Z H(T))``).

The spells of one decision share the wave factor ``Z`` (gamma, mean 1, shape ``k``), which is
integrated out numerically (quantile midpoints of the gamma distribution): the likelihood of a
decision is ``E_Z[prod of its spells' terms]``. The parameters (log scale and log shape of each
class, log focal boost, log wave shape) maximise the summed log likelihood
(``scipy.optimize.minimize``, L-BFGS-B, from a fixed start: deterministic); the focal window is
chosen from :data:`WINDOWS` by AIC (a window of 0 drops the boost).

The cumulative hazard is evaluated in a vectorised form, ``H = λ^ρ (A_out(ρ) + κ A_in(ρ))`` over
the pieces of each spell inside and outside the focal windows; the tests check it against the
one definition, :meth:`natosim.forecast.priors.Clock.cumulative`. scipy and numpy are imported
inside the functions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from natosim.forecast.priors import KINDS, Clock, Priors, Profile
from natosim.record import Decision, Record

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

WINDOWS = (0, 7, 14, 30)
"""Focal windows (days before a focal date) the fit chooses from."""

NODES = 48
"""Gamma quantiles used to integrate the wave factor out."""


@dataclass(frozen=True, slots=True)
class Spell:
    """One member's wait in one decision, from its opening."""

    decision: str
    """Decision id."""
    member: str
    """ISO3 code."""
    political: bool
    """Class."""
    decision_kind: str
    """``ratification``, ``appointment`` or ``policy`` (see :data:`natosim.forecast.priors.KINDS`)."""
    kind: str
    """``event``, ``interval`` or ``censored``."""
    days: float
    """Event time, or the end of the interval, or the censoring time (days from ``opened``)."""
    focal: tuple[float, ...]
    """The decision's focal dates (days from ``opened``)."""


RECORD_KINDS = {"accession": "ratification", "secretary-general": "appointment", "eu-unanimity": "policy"}
"""The record's kinds of decision, as the priors name them."""


def decision_kind(d: Decision) -> str:
    """The priors' kind of a recorded decision."""
    return RECORD_KINDS[d.kind]


def spells(record: Record) -> tuple[Spell, ...]:
    """Every member's spell in every decision (members that consented on the opening day have none)."""
    out = []
    for d in record.decisions:
        dk = decision_kind(d)
        focal = tuple(float((f - d.opened).days) for f in d.focal_dates)
        end = d.closed or d.closed_by
        for m in d.moves:
            if m.acted == d.opened:
                continue
            if m.acted is not None:
                out.append(Spell(d.id, m.member, m.political, dk, "event", float((m.acted - d.opened).days), focal))
            elif d.outcome == "pending" and d.pending_on is not None:
                out.append(Spell(d.id, m.member, m.political, dk, "censored", float((d.pending_on - d.opened).days), focal))
            elif end is not None:
                out.append(Spell(d.id, m.member, m.political, dk, "interval", float((end - d.opened).days), focal))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Per spell, the pieces of ``[0, days]`` inside and outside the focal windows, as arrays."""

    lo: Floats
    hi: Floats
    inside: Floats
    """1.0 where the piece is inside a window."""
    spell: npt.NDArray[np.int64]
    """Which spell each piece belongs to."""
    at_end: Floats
    """Per spell: 1.0 where its time falls inside a window (an event there has the boosted hazard)."""


def _pieces(items: Sequence[Spell], window: int) -> _Pieces:
    import numpy as np

    lo: list[float] = []
    hi: list[float] = []
    inside: list[float] = []
    owner: list[int] = []
    at_end: list[float] = []
    for i, s in enumerate(items):
        profile = Profile.of(s.focal, window=window, boost=2.0)  # any boost != 1: only the edges matter here
        edges = [e for e in profile.edges if 0.0 < e < s.days]
        pts = [0.0, *edges, s.days]
        for a, b in itertools.pairwise(pts):
            lo.append(a)
            hi.append(b)
            inside.append(1.0 if profile.at(a) != 1.0 else 0.0)
            owner.append(i)
        at_end.append(1.0 if profile.at(s.days) != 1.0 else 0.0)
    return _Pieces(np.asarray(lo), np.asarray(hi), np.asarray(inside), np.asarray(owner, dtype=np.int64), np.asarray(at_end))


@dataclass(frozen=True, slots=True)
class Fit:
    """The result of :func:`fit`."""

    priors: Priors
    """The fitted priors."""
    log_likelihood: float
    """Maximised log likelihood."""
    aic: float
    """Its AIC."""
    spells: int
    """Spells fitted on."""
    decisions: int
    """Decisions they come from."""


@dataclass(frozen=True, slots=True)
class _Data:
    """The spells as arrays, for one focal window."""

    pieces: _Pieces
    political: npt.NDArray[np.bool_]
    kind: npt.NDArray[np.int64]
    """Index into :data:`KINDS`."""
    days: Floats
    event: npt.NDArray[np.bool_]
    interval: npt.NDArray[np.bool_]
    censored: npt.NDArray[np.bool_]
    decision: npt.NDArray[np.int64]
    """Index of the spell's decision."""
    decisions: int
    """Number of decisions."""
    onehot: Floats
    """decisions x spells: 1 where the spell belongs to the decision (sums the spells' log terms per decision)."""


def _data(items: Sequence[Spell], window: int) -> _Data:
    import numpy as np

    ids = sorted({s.decision for s in items})
    return _Data(
        pieces=_pieces(items, window),
        political=np.asarray([s.political for s in items]),
        kind=np.asarray([KINDS.index(s.decision_kind) for s in items], dtype=np.int64),
        days=np.asarray([s.days for s in items]),
        event=np.asarray([s.kind == "event" for s in items]),
        interval=np.asarray([s.kind == "interval" for s in items]),
        censored=np.asarray([s.kind == "censored" for s in items]),
        decision=np.asarray([ids.index(s.decision) for s in items], dtype=np.int64),
        decisions=len(ids),
        onehot=np.asarray([[1.0 if s.decision == d else 0.0 for s in items] for d in ids]).reshape(len(ids), len(items)),
    )


PARAMETERS = (
    "log scale ratification",
    "log scale appointment",
    "log scale policy",
    "log political factor",
    "log procedural shape",
    "log political shape",
    "log focal boost",
    "log wave shape",
)
"""The fitted parameters, in order."""


def _hazards(theta: Floats, data: _Data, with_boost: bool) -> tuple[Floats, Floats]:
    """Per spell: the cumulative hazard at its time and the log hazard there (without the wave factor)."""
    import numpy as np

    a = theta[:3]
    lf, rp, rq, lk, _ = theta[3:]
    log_lam = a[data.kind] + np.where(data.political, lf, 0.0)
    lam = np.exp(log_lam)
    rho = np.where(data.political, math.exp(rq), math.exp(rp))
    boost = math.exp(lk) if with_boost else 1.0
    pc = data.pieces
    r = rho[pc.spell]
    part = np.where(pc.inside > 0, boost, 1.0) * (np.power(pc.hi, r) - np.power(pc.lo, r))
    cum: Floats = np.bincount(pc.spell, weights=part, minlength=len(data.days)).astype(np.float64) * np.power(lam, rho)
    log_h = pc.at_end * math.log(boost) + log_lam + np.log(rho) + (rho - 1.0) * (log_lam + np.log(np.maximum(data.days, 1e-9)))
    return cum, log_h


def theta_of(priors: Priors) -> Floats:
    """The parameter vector (see :data:`PARAMETERS`) of these priors."""
    import numpy as np

    scale = dict(priors.scale)
    return np.asarray(
        [
            *(math.log(scale[k]) for k in KINDS),
            math.log(priors.political_factor),
            math.log(priors.procedural_shape),
            math.log(priors.political_shape),
            math.log(priors.focal_boost),
            math.log(priors.wave_shape) if math.isfinite(priors.wave_shape) else math.log(1e9),
        ]
    )


def vectorised_cumulative(priors: Priors, items: Sequence[Spell]) -> Floats:
    """Every spell's cumulative hazard as the fit computes it (the tests compare it with :func:`cumulative`)."""
    data = _data(items, priors.focal_window)
    return _hazards(theta_of(priors), data, priors.focal_window > 0)[0]


def _negative_log_likelihood(theta: Floats, data: _Data, with_boost: bool) -> float:
    import numpy as np
    from scipy import special

    lz = theta[7]
    cum, log_h = _hazards(theta, data, with_boost)
    shape = math.exp(lz)
    z = special.gammaincinv(shape, (np.arange(NODES) + 0.5) / NODES) / shape  # gamma quantile midpoints: E[f(Z)] ~ mean f(z_j)
    zh = np.outer(cum, z)  # spells x nodes
    terms = np.zeros_like(zh)
    terms[data.event] = log_h[data.event, None] + np.log(z)[None, :] - zh[data.event]
    with np.errstate(divide="ignore"):
        terms[data.interval] = np.log(-np.expm1(-zh[data.interval]))
    terms[data.censored] = -zh[data.censored]
    per_decision = data.onehot @ terms
    total = float((np.logaddexp.reduce(per_decision, axis=1) - math.log(NODES)).sum())
    return -total if math.isfinite(total) else 1e12


def fingerprint(record: Record) -> str:
    """A digest of everything :func:`fit` reads of ``record`` (its spells): shipped fits are used only for the same record."""
    import hashlib

    return hashlib.sha256(repr(spells(record)).encode("utf-8")).hexdigest()


def fit(record: Record) -> Fit:
    """The maximum-likelihood priors for this record (the focal window chosen by AIC)."""
    import numpy as np
    from scipy import optimize

    items = spells(record)
    best: tuple[float, int, Floats, float] | None = None
    start = np.asarray([math.log(1 / 120)] * 3 + [0.0, 0.0, 0.0, math.log(2.0), math.log(2.0)])
    bounds = [(-12.0, 2.0)] * 3 + [(-5.0, 5.0), (-2.5, 2.0), (-2.5, 2.0), (-3.0, 5.0), (math.log(0.05), math.log(500.0))]
    for window in WINDOWS:
        data = _data(items, window)
        with_boost = window > 0
        result = optimize.minimize(
            _negative_log_likelihood, start, args=(data, with_boost), method="L-BFGS-B", bounds=bounds, options={"maxiter": 500}
        )
        nll = float(result.fun)
        aic = 2 * nll + 2 * (len(PARAMETERS) - (0 if with_boost else 1))
        if best is None or aic < best[0] - 1e-9:
            best = (aic, window, result.x, nll)
    assert best is not None
    aic, window, x, nll = best
    values = [float(v) for v in x]
    decisions = len({s.decision for s in items})
    priors = Priors(
        scale=tuple((k, math.exp(v)) for k, v in zip(KINDS, values[:3], strict=True)),
        political_factor=math.exp(values[3]),
        procedural_shape=math.exp(values[4]),
        political_shape=math.exp(values[5]),
        focal_boost=math.exp(values[6]) if window else 1.0,
        focal_window=window,
        wave_shape=math.exp(values[7]),
        fitted_on=f"{len(items)} spells of {decisions} decisions of the bundled record (natosim/data/record)",
    )
    return Fit(priors, -nll, aic, len(items), decisions)


def cumulative(spell: Spell, priors: Priors) -> float:
    """A spell's cumulative hazard at its time under ``priors``, by the one definition (:class:`Clock`)."""
    rate = priors.rate(spell.decision_kind, political=spell.political)
    return Clock(rate, 0.0, Profile.of(spell.focal, window=priors.focal_window, boost=priors.focal_boost)).cumulative(spell.days)


def decision_ids(record: Record) -> tuple[str, ...]:
    """The decisions that contribute spells."""
    return tuple(sorted({s.decision for s in spells(record)}))


def describe(priors: Priors) -> tuple[tuple[str, str], ...]:
    """The fitted priors in words: each rate as a median wait in days, the pull, the waves."""
    out = []
    for kind in KINDS:
        for political in (False, True):
            rate = priors.rate(kind, political=political)
            median = math.log(2.0) ** (1.0 / rate.rho) / rate.lam
            label = f"{kind}, {'political' if political else 'procedural'}"
            out.append((label, f"median wait {median:,.0f} days (Weibull shape {rate.rho:.2f})"))
    out.append(("focal pull", f"x{priors.focal_boost:.1f} in the {priors.focal_window} days before a focal date"))
    out.append(("waves", f"shared gamma factor with shape {priors.wave_shape:.2f} (variance {1 / priors.wave_shape:.2f})"))
    return tuple(out)
