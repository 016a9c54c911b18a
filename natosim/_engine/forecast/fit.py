"""Fitting the priors of :mod:`natosim._engine.forecast.priors` on the record of resolved decisions.

Each recorded member's wait is a *spell* on the clock of its hold (day 0: the day the hold
began, its ``since``), observed from the day it was at risk of consenting (its *entry*: the day
the decision opened, or the day its objection was stated if later):

* it consented on a known day: an *event* (``Z h(t) exp(-Z (H(t) - H(entry)))``);
* on an unknown day before the decision closed: *interval-censored* (``1 - exp(-Z (H(T) - H(entry)))``);
* the decision is still pending, failed, or the member later turned political: *right-censored*.

A member that had not acted and then stated an objection has two spells: a procedural one,
censored on the day of its objection (accessions only: elsewhere the others consent on the day
the decision opens), and a political one from then. An objection the record cannot date is
never known, so the member stays procedural: the fit reads the record as the questions do, from
facts dated on their day.

The hazard is multiplied by the focal pull ``κ`` in the ``W`` days before each meeting (the body's
summits or European Councils, and the meetings with the decision on the agenda), by
``demands_factor`` once the member's demands are public and by ``fallback_factor`` once the others
have prepared a way round it; the spells of one decision share the wave factor ``Z`` (gamma, mean 1,
shape ``k``), integrated out numerically. The log factors of the holds and the covariates carry a
normal prior N(0, 1) (a ridge penalty): where the record is thin they stay near "no effect".

:data:`FORMS` are the model forms; ``scripts/fit_priors.py`` chooses among them by their
leave-one-group-out Brier score on the record's opening-day questions (:func:`natosim._engine.backtest.run_record`
with the left-out fits), never by taste. The focal window is chosen from :data:`WINDOWS` by AIC inside every fit.

:class:`natosim._engine.forecast.priors.Clock` is the one definition of the hazard; the tests check the
vectorised form here against it. scipy and numpy are imported inside the functions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from natosim._engine.forecast.priors import KINDS, Clock, Hold, Priors, Profile
from natosim._engine.record import Decision, Move, Record, Role

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

WINDOWS = (0, 7, 14, 30)
"""Focal windows (days before a focal date) the fit chooses from."""

NODES = 48
"""Gamma quantiles used to integrate the wave factor out."""

HOLDS = tuple(Hold)
"""The holds, in parameter order."""

RECORD_KINDS = {"accession": "ratification", "secretary-general": "appointment", "eu-unanimity": "policy", "nato-consensus": "policy"}
"""The record's kinds of decision, as the priors name them."""

MEMBER_SPELLS = 8
"""How many political, linked or rival spells a member needs in the fitted record before a form with member-level effects
gives it a factor of its own (Hungary and Türkiye in the bundled record): fewer cannot support one."""

PRIOR_SD = 1.0
"""Standard deviation of the normal prior on each log factor of a hold or a covariate (the ridge penalty's scale)."""


@dataclass(frozen=True, slots=True)
class Form:
    """A model form: which parameters the fit frees, and which it ties together."""

    name: str
    """Short name."""
    holds: bool
    """Separate scale factors for political, linked and rival holds (else one political factor for the three)."""
    shapes: bool
    """A Weibull shape per hold (else one for procedural members, one for the others)."""
    covariates: bool
    """Fit the demands and fallback factors (else 1)."""
    agenda: bool
    """Count the meetings with the decision on the agenda as focal dates too (else the body's calendar only)."""
    members: bool = False
    """A hazard factor for each member that held up at least :data:`MEMBER_SPELLS` decisions of the fitted record."""


FORMS = (
    Form("one-political-class", holds=False, shapes=False, covariates=False, agenda=False),
    Form("holds", holds=True, shapes=False, covariates=False, agenda=False),
    Form("holds+covariates", holds=True, shapes=False, covariates=True, agenda=False),
    Form("holds+agenda", holds=True, shapes=False, covariates=False, agenda=True),
    Form("holds+covariates+agenda", holds=True, shapes=False, covariates=True, agenda=True),
    Form("holds+covariates+shapes", holds=True, shapes=True, covariates=True, agenda=False),
    Form("holds+members", holds=True, shapes=False, covariates=False, agenda=False, members=True),
    Form("holds+covariates+members", holds=True, shapes=False, covariates=True, agenda=False, members=True),
)
"""The model forms ``scripts/fit_priors.py`` chooses among."""

FORM_BY_NAME = {f.name: f for f in FORMS}


def form_of(priors: Priors) -> Form:
    """The form these priors were fitted in (the richest when unnamed)."""
    return FORM_BY_NAME.get(priors.form, FORMS[-1])


@dataclass(frozen=True, slots=True)
class Spell:
    """One member's wait in one decision, on the clock of its hold (day 0: the day the hold began)."""

    decision: str
    """Decision id."""
    member: str
    """ISO3 code."""
    hold: Hold
    """Its kind of hold."""
    decision_kind: str
    """``ratification``, ``appointment`` or ``policy`` (see :data:`natosim._engine.forecast.priors.KINDS`)."""
    kind: str
    """``event``, ``interval`` or ``censored``."""
    entry: float
    """When it was first at risk of consenting (≥ 0)."""
    days: float
    """Event time, or the end of the interval, or the censoring time (> ``entry``)."""
    focal: tuple[float, ...]
    """Its focal dates: the body's calendar (and, by form, the decision's agenda meetings)."""
    calendar: int
    """How many of ``focal`` (the first ones, by date) belong to the body's calendar; the rest are agenda meetings only."""
    demands_from: float | None
    """When its demands became public (``None``: none stated)."""
    fallback_from: float | None
    """When the others' way round became public (``None``: none)."""

    def focal_for(self, form: Form) -> tuple[float, ...]:
        """The focal dates under ``form``."""
        return self.focal if form.agenda else self.focal[: self.calendar]


def decision_kind(d: Decision) -> str:
    """The priors' kind of a recorded decision."""
    return RECORD_KINDS[d.kind]


def hold_of(m: Move) -> Hold:
    """The prior's kind of hold of a recorded member that objected."""
    if m.role is Role.RIVAL:
        return Hold.RIVAL
    return Hold.LINKED if m.linked else Hold.POLITICAL


def _end(d: Decision) -> tuple[date | None, str]:
    """When the spells of members with no dated consent end, and how: interval to the closing day, or censored."""
    if d.outcome == "pending":
        return d.pending_on, "censored"
    if d.outcome == "failed":
        return d.closed or d.pending_on, "censored"
    return d.closed or d.closed_by, "interval"


def _spell(
    d: Decision,
    m: Move,
    *,
    hold: Hold,
    start: date,
    entry: date,
    stop: date | None,
    how: str,
    meetings: tuple[Sequence[date], Sequence[date]],
) -> Spell | None:
    """One spell from ``entry`` to ``stop`` (``how``: event, interval, censored) on a clock started on ``start``."""
    if stop is None or stop <= entry:
        return None
    calendar, agenda = meetings
    lo, hi = entry, stop + timedelta(days=max(WINDOWS) + 1)  # meetings outside these days cannot pull within the spell
    cal = sorted({float((x - start).days) for x in calendar if lo <= x <= hi})
    extra = sorted({float((x - start).days) for x in agenda if lo <= x <= hi} - set(cal))
    demanded = m.demands_from()
    return Spell(
        decision=d.id,
        member=m.member,
        hold=hold,
        decision_kind=decision_kind(d),
        kind=how,
        entry=float((entry - start).days),
        days=float((stop - start).days),
        focal=(*cal, *extra),
        calendar=len(cal),
        demands_from=float((demanded - start).days) if demanded is not None and hold is not Hold.PROCEDURAL else None,
        fallback_from=float((d.fallback - start).days) if d.fallback is not None else None,
    )


def spells(record: Record) -> tuple[Spell, ...]:
    """Every member's spells in every decision (a member that consented on the opening day has none)."""
    out: list[Spell | None] = []
    for d in record.decisions:
        end, how = _end(d)
        meetings = ([x.date for x in record.meetings(d.body)], [x.date for x in d.agenda])
        for m in d.moves:
            objection = m.objection if m.political else None  # an undated objection is never known: procedural
            if m.acted is not None and m.acted <= d.opened and not (objection is not None and objection > d.opened):
                continue  # consented on the opening day
            stop, kind = (m.acted, "event") if m.acted is not None else (end, how)
            if objection is not None:
                if objection > d.opened and d.all_pending:  # a parliament that had not voted, then a stated objection
                    out.append(
                        _spell(
                            d, m, hold=Hold.PROCEDURAL, start=d.opened, entry=d.opened, stop=objection, how="censored", meetings=meetings
                        )
                    )
                entry = max(d.opened, objection)
                hold = hold_of(m)
                known = m.demands_from()
                if hold is Hold.LINKED and known is not None and entry < known and (stop is None or known < stop):
                    # political until its price on another matter is known
                    out.append(
                        _spell(d, m, hold=Hold.POLITICAL, start=objection, entry=entry, stop=known, how="censored", meetings=meetings)
                    )
                    entry = known
                out.append(_spell(d, m, hold=hold, start=objection, entry=entry, stop=stop, how=kind, meetings=meetings))
            else:
                out.append(_spell(d, m, hold=Hold.PROCEDURAL, start=d.opened, entry=d.opened, stop=stop, how=kind, meetings=meetings))
    return tuple(s for s in out if s is not None)


PARAMETERS = (
    "log scale ratification",
    "log scale appointment",
    "log scale policy",
    "log factor political",
    "log factor linked",
    "log factor rival",
    "log shape procedural",
    "log shape political",
    "log shape linked",
    "log shape rival",
    "log demands factor",
    "log fallback factor",
    "log focal boost",
    "log wave shape",
)
"""Every parameter of the richest form, in order (:func:`theta_of`)."""

PENALISED = frozenset({3, 4, 5, 10, 11})
"""The log factors that carry the normal prior (the ridge penalty)."""


def _free(form: Form, with_boost: bool, members: int = 0) -> tuple[int, ...]:
    """The indices of :data:`PARAMETERS` (then of the ``members`` member factors) that ``form`` fits freely."""
    free = [0, 1, 2, 3, 6, 7, 13]
    if form.members:
        free += range(len(PARAMETERS), len(PARAMETERS) + members)
    if form.holds:
        free += [4, 5]
    if form.shapes:
        free += [8, 9]
    if form.covariates:
        free += [10, 11]
    if with_boost:
        free.append(12)
    return tuple(sorted(free))


def _expand(x: Floats, form: Form, with_boost: bool, members: int = 0) -> Floats:
    """The full parameter vector from the free ones (tied parameters copied, fixed ones 0)."""
    import numpy as np

    theta = np.zeros(len(PARAMETERS) + members)
    theta[list(_free(form, with_boost, members))] = x
    if not form.holds:
        theta[4] = theta[5] = theta[3]
    if not form.shapes:
        theta[8] = theta[9] = theta[7]
    return theta


@dataclass(frozen=True, slots=True)
class _Data:
    """The spells as arrays, for one focal window and form."""

    lo: Floats
    """Start of each piece (days on its spell's clock)."""
    hi: Floats
    """End of each piece."""
    flags: Floats
    """pieces x 3: inside a focal window, after the demands, after the fallback."""
    owner: npt.NDArray[np.int64]
    """Which spell each piece belongs to."""
    end_flags: Floats
    """spells x 3: the same flags at the spell's time (the hazard of an event there)."""
    kind: npt.NDArray[np.int64]
    """Index into :data:`KINDS`."""
    hold: npt.NDArray[np.int64]
    """Index into :data:`HOLDS`."""
    member: npt.NDArray[np.int64]
    """Index of the spell's member among the members with a factor of their own (-1: none)."""
    days: Floats
    event: npt.NDArray[np.bool_]
    interval: npt.NDArray[np.bool_]
    censored: npt.NDArray[np.bool_]
    onehot: Floats
    """decisions x spells: 1 where the spell belongs to the decision (sums the spells' log terms per decision)."""


def _flags(t: float, spans: Sequence[tuple[float, float]], s: Spell) -> tuple[float, float, float]:
    inside = 1.0 if any(lo <= t < hi for lo, hi in spans) else 0.0
    dem = 1.0 if s.demands_from is not None and s.demands_from <= t else 0.0
    fb = 1.0 if s.fallback_from is not None and s.fallback_from <= t else 0.0
    return inside, dem, fb


def frequent(items: Sequence[Spell]) -> tuple[str, ...]:
    """The members with at least :data:`MEMBER_SPELLS` political, linked or rival spells, sorted."""
    counts: dict[str, int] = {}
    for s in items:
        if s.hold is not Hold.PROCEDURAL:
            counts[s.member] = counts.get(s.member, 0) + 1
    return tuple(sorted(m for m, n in counts.items() if n >= MEMBER_SPELLS))


def _data(items: Sequence[Spell], window: int, form: Form, members: Sequence[str] = ()) -> _Data:
    import numpy as np

    lo: list[float] = []
    hi: list[float] = []
    flags: list[tuple[float, float, float]] = []
    owner: list[int] = []
    end_flags: list[tuple[float, float, float]] = []
    for i, s in enumerate(items):
        edges = Profile.of(s.focal_for(form), window=window, boost=2.0).edges  # any boost != 1: only the edges matter here
        spans = list(zip(edges[::2], edges[1::2], strict=True))
        cuts = {e for e in edges if s.entry < e < s.days}
        cuts |= {c for c in (s.demands_from, s.fallback_from) if c is not None and s.entry < c < s.days}
        pts = [s.entry, *sorted(cuts), s.days]
        for a, b in itertools.pairwise(pts):
            lo.append(a)
            hi.append(b)
            flags.append(_flags(a, spans, s))
            owner.append(i)
        end_flags.append(_flags(s.days, spans, s))
    ids = sorted({s.decision for s in items})
    index = {d: k for k, d in enumerate(ids)}
    onehot = np.zeros((len(ids), len(items)))
    for j, s in enumerate(items):
        onehot[index[s.decision], j] = 1.0
    return _Data(
        lo=np.asarray(lo),
        hi=np.asarray(hi),
        flags=np.asarray(flags).reshape(len(lo), 3),
        owner=np.asarray(owner, dtype=np.int64),
        end_flags=np.asarray(end_flags).reshape(len(items), 3),
        kind=np.asarray([KINDS.index(s.decision_kind) for s in items], dtype=np.int64),
        hold=np.asarray([HOLDS.index(s.hold) for s in items], dtype=np.int64),
        member=np.asarray(
            [list(members).index(s.member) if s.member in members and s.hold is not Hold.PROCEDURAL else -1 for s in items], dtype=np.int64
        ),
        days=np.asarray([s.days for s in items]),
        event=np.asarray([s.kind == "event" for s in items]),
        interval=np.asarray([s.kind == "interval" for s in items]),
        censored=np.asarray([s.kind == "censored" for s in items]),
        onehot=onehot,
    )


def _hazards(theta: Floats, data: _Data) -> tuple[Floats, Floats]:
    """Per spell: the cumulative hazard from its entry to its time and the log hazard there (without the wave factor)."""
    import numpy as np

    factor = np.concatenate([[0.0], theta[3:6]])  # procedural, political, linked, rival
    log_lam = theta[:3][data.kind] + factor[data.hold]
    rho = np.exp(theta[6:10][data.hold])
    lam = np.exp(log_lam)
    own = np.concatenate([theta[len(PARAMETERS) :], [0.0]])[data.member]  # a member's own log factor (index -1: none)
    effects = theta[[12, 10, 11]]  # focal boost, demands, fallback
    r = rho[data.owner]
    part = np.exp(data.flags @ effects) * (np.power(data.hi, r) - np.power(data.lo, r))
    cum: Floats = np.bincount(data.owner, weights=part, minlength=len(data.days)).astype(np.float64) * np.power(lam, rho) * np.exp(own)
    log_h = data.end_flags @ effects + own + log_lam + np.log(rho) + (rho - 1.0) * (log_lam + np.log(np.maximum(data.days, 1e-9)))
    return cum, log_h


def _negative_log_posterior(x: Floats, data: _Data, form: Form, with_boost: bool, members: int) -> float:
    import numpy as np
    from scipy import special

    theta = _expand(x, form, with_boost, members)
    cum, log_h = _hazards(theta, data)
    shape = math.exp(theta[13])
    z = special.gammaincinv(shape, (np.arange(NODES) + 0.5) / NODES) / shape  # gamma quantile midpoints: E[f(Z)] ~ mean f(z_j)
    zh = np.outer(cum, z)  # spells x nodes
    terms = np.zeros_like(zh)
    terms[data.event] = log_h[data.event, None] + np.log(z)[None, :] - zh[data.event]
    with np.errstate(divide="ignore"):
        terms[data.interval] = np.log(-np.expm1(-zh[data.interval]))
    terms[data.censored] = -zh[data.censored]
    per_decision = data.onehot @ terms
    total = float((np.logaddexp.reduce(per_decision, axis=1) - math.log(NODES)).sum())
    penalised = [*PENALISED, *range(len(PARAMETERS), len(theta))]
    penalty = 0.5 * sum(float(theta[i]) ** 2 for i in penalised) / PRIOR_SD**2
    return -total + penalty if math.isfinite(total) else 1e12


def theta_of(priors: Priors) -> Floats:
    """The parameter vector (see :data:`PARAMETERS`) of these priors."""
    import numpy as np

    scale, factor, shape = dict(priors.scale), dict(priors.factor), dict(priors.shape)
    return np.asarray(
        [
            *(math.log(scale[k]) for k in KINDS),
            *(math.log(factor[h.value]) for h in HOLDS[1:]),
            *(math.log(shape[h.value]) for h in HOLDS),
            math.log(priors.demands_factor),
            math.log(priors.fallback_factor),
            math.log(priors.focal_boost),
            math.log(priors.wave_shape) if math.isfinite(priors.wave_shape) else math.log(1e9),
            *(math.log(f) for _, f in priors.members),
        ]
    )


def _priors(theta: Floats, *, window: int, form: Form, fitted_on: str, members: Sequence[str] = ()) -> Priors:
    values = [float(v) for v in theta]
    return Priors(
        scale=tuple((k, math.exp(v)) for k, v in zip(KINDS, values[:3], strict=True)),
        factor=tuple((h.value, math.exp(v)) for h, v in zip(HOLDS, [0.0, *values[3:6]], strict=True)),
        shape=tuple((h.value, math.exp(v)) for h, v in zip(HOLDS, values[6:10], strict=True)),
        demands_factor=math.exp(values[10]),
        fallback_factor=math.exp(values[11]),
        focal_boost=math.exp(values[12]) if window else 1.0,
        focal_window=window,
        wave_shape=math.exp(values[13]),
        fitted_on=fitted_on,
        form=form.name,
        members=tuple((m, math.exp(v)) for m, v in zip(members, values[len(PARAMETERS) :], strict=True)),
    )


@dataclass(frozen=True, slots=True)
class Fit:
    """The result of :func:`fit`."""

    priors: Priors
    """The fitted priors."""
    log_likelihood: float
    """Maximised log posterior (log likelihood less the ridge penalty)."""
    aic: float
    """Its AIC."""
    spells: int
    """Spells fitted on."""
    decisions: int
    """Decisions they come from."""


START = (math.log(1 / 120),) * 3 + (0.0,) * 3 + (0.0,) * 4 + (0.0, 0.0, math.log(2.0), math.log(2.0))
"""The fixed start of every optimisation (deterministic)."""

BOUNDS = [(-12.0, 2.0)] * 3 + [(-5.0, 5.0)] * 3 + [(-2.5, 2.0)] * 4 + [(-4.0, 4.0)] * 2 + [(-3.0, 5.0), (math.log(0.05), math.log(500.0))]
"""Bounds of every parameter."""


def fit(record: Record, form: Form | None = None, *, start: Priors | None = None) -> Fit:
    """The maximum a posteriori priors for this record in ``form`` (the richest by default; the focal window chosen by AIC).

    The optimiser starts from :data:`START`, or from ``start`` (e.g. the fit on the whole record, for the fits that leave a
    group out: the same optimum, reached sooner); either way the result is deterministic.
    """
    import numpy as np
    from scipy import optimize

    form = form or FORMS[-1]
    items = spells(record)
    members = frequent(items) if form.members else ()
    best: tuple[float, int, Floats, float] | None = None
    bounds = BOUNDS + [(-4.0, 4.0)] * len(members)
    for window in WINDOWS:
        with_boost = window > 0
        free = list(_free(form, with_boost, len(members)))
        data = _data(items, window, form, members)
        x0 = np.asarray(START + (0.0,) * len(members))
        if start is not None:
            x0[: len(PARAMETERS)] = theta_of(start)[: len(PARAMETERS)]
            own = dict(start.members)
            x0[len(PARAMETERS) :] = [math.log(own.get(m, 1.0)) for m in members]
            if not with_boost:
                x0[12] = 0.0
        x0 = np.clip(x0, [b[0] for b in bounds], [b[1] for b in bounds])
        result = optimize.minimize(
            _negative_log_posterior,
            np.asarray([x0[i] for i in free]),
            args=(data, form, with_boost, len(members)),
            method="L-BFGS-B",
            bounds=[bounds[i] for i in free],
            options={"maxiter": 1000},
        )
        nll = float(result.fun)
        aic = 2 * nll + 2 * len(free)
        if best is None or aic < best[0] - 1e-9:
            best = (aic, window, _expand(result.x, form, with_boost, len(members)), nll)
    assert best is not None
    aic, window, theta, nll = best
    decisions = len({s.decision for s in items})
    fitted_on = f"{len(items)} spells of {decisions} decisions of the bundled record (natosim/data/record)"
    return Fit(_priors(theta, window=window, form=form, fitted_on=fitted_on, members=members), -nll, aic, len(items), decisions)


def vectorised_cumulative(priors: Priors, items: Sequence[Spell]) -> Floats:
    """Every spell's cumulative hazard from entry to its time as the fit computes it (the tests compare it with :func:`cumulative`)."""
    form = form_of(priors)
    data = _data(items, priors.focal_window, form, [m for m, _ in priors.members])
    return _hazards(theta_of(priors), data)[0]


def cumulative(spell: Spell, priors: Priors) -> float:
    """A spell's cumulative hazard from its entry to its time under ``priors``, by the one definition (:class:`Clock`)."""
    form = form_of(priors)
    steps = []
    if spell.demands_from is not None:
        steps.append((spell.demands_from, priors.demands_factor))
    if spell.fallback_from is not None:
        steps.append((spell.fallback_from, priors.fallback_factor))
    profile = Profile.of(spell.focal_for(form), window=priors.focal_window, boost=priors.focal_boost, steps=steps)
    clock = Clock(priors.rate(spell.decision_kind, spell.hold, member=spell.member), 0.0, profile)
    return clock.cumulative(spell.days) - clock.cumulative(spell.entry)


def fingerprint(record: Record) -> str:
    """A digest of everything :func:`fit` reads of ``record`` (its spells): shipped fits are used only for the same record."""
    import hashlib

    return hashlib.sha256(repr((spells(record), groups(record))).encode("utf-8")).hexdigest()


def groups(record: Record) -> tuple[tuple[str, ...], ...]:
    """The record's groups of twin episodes (each a tuple of decision ids), by first id."""
    out: dict[str, list[str]] = {}
    for d in record.decisions:
        out.setdefault(d.group, []).append(d.id)
    return tuple(sorted(tuple(sorted(ids)) for ids in out.values()))


def describe(priors: Priors) -> tuple[tuple[str, str], ...]:
    """The fitted priors in words: each rate as a median wait in days, the pull, the covariates, the waves."""
    out = []
    for kind in KINDS:
        for hold in HOLDS:
            rate = priors.rate(kind, hold)
            median = math.log(2.0) ** (1.0 / rate.rho) / rate.lam
            out.append((f"{kind}, {hold.value}", f"median wait {median:,.0f} days (Weibull shape {rate.rho:.2f})"))
    out.append(("demands stated", f"hazard x{priors.demands_factor:.2f}"))
    out.append(("fallback prepared", f"hazard x{priors.fallback_factor:.2f}"))
    out.append(("focal pull", f"x{priors.focal_boost:.1f} in the {priors.focal_window} days before a focal date"))
    out.append(("waves", f"shared gamma factor with shape {priors.wave_shape:.2f} (variance {1 / priors.wave_shape:.2f})"))
    out += [(f"member {code}", f"hazard x{f:.2f} when it holds out") for code, f in priors.members]
    out.append(("form", priors.form))
    return tuple(out)


def covariance(record: Record, priors: Priors, *, step: float = 1e-3) -> tuple[tuple[str, ...], Floats, Floats]:
    """The uncertainty of a fit: the names of its free parameters, their fitted values and their covariance.

    The covariance is the inverse of the Hessian of the negative log posterior at the fit (the Laplace, or
    normal, approximation of the posterior), the Hessian taken by central differences of ``step`` on the log
    scale of every free parameter in the fit's form and focal window. ``scripts/fit_priors.py`` writes it to
    ``natosim/data/priors-cov.json`` for :func:`draw`.
    """
    import numpy as np

    form = form_of(priors)
    items = spells(record)
    members = tuple(m for m, _ in priors.members)
    with_boost = priors.focal_window > 0
    data = _data(items, priors.focal_window, form, members)
    free = list(_free(form, with_boost, len(members)))
    x0 = theta_of(priors)[free]
    n = len(free)

    def f(x: Floats) -> float:
        return _negative_log_posterior(x, data, form, with_boost, len(members))

    h = np.zeros((n, n))
    f0 = f(x0)
    for i in range(n):
        for j in range(i, n):
            if i == j:
                e = np.zeros(n)
                e[i] = step
                h[i, i] = (f(x0 + e) - 2 * f0 + f(x0 - e)) / step**2
                continue
            ei, ej = np.zeros(n), np.zeros(n)
            ei[i], ej[j] = step, step
            h[i, j] = h[j, i] = (f(x0 + ei + ej) - f(x0 + ei - ej) - f(x0 - ei + ej) + f(x0 - ei - ej)) / (4 * step**2)
    cov = np.linalg.inv(h)
    cov = (cov + cov.T) / 2
    names = tuple((*PARAMETERS, *(f"log member factor {m}" for m in members))[i] for i in free)
    return names, x0, cov


def draw(priors: Priors, names: Sequence[str], cov: Floats, count: int, seed: int) -> tuple[Priors, ...]:
    """``count`` priors drawn (seeded) from the normal approximation of the fit's posterior: mean the fitted free
    parameters of ``priors`` (named ``names``), covariance ``cov`` (see :func:`covariance`); tied parameters follow."""
    import numpy as np

    form = form_of(priors)
    members = tuple(m for m, _ in priors.members)
    with_boost = priors.focal_window > 0
    every = (*PARAMETERS, *(f"log member factor {m}" for m in members))
    free = [every.index(n) for n in names]
    if free != list(_free(form, with_boost, len(members))):
        raise ValueError("the covariance does not match the priors' free parameters")
    mean = theta_of(priors)[free]
    rng = np.random.default_rng(seed)
    xs = rng.multivariate_normal(mean, cov, size=count, method="eigh")
    lo = np.asarray([(BOUNDS + [(-4.0, 4.0)] * len(members))[i][0] for i in free])
    hi = np.asarray([(BOUNDS + [(-4.0, 4.0)] * len(members))[i][1] for i in free])
    xs = np.clip(xs, lo, hi)
    return tuple(
        _priors(
            _expand(x, form, with_boost, len(members)), window=priors.focal_window, form=form, fitted_on=priors.fitted_on, members=members
        )
        for x in xs
    )
