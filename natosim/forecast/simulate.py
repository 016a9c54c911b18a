"""The simulation: many futures of a scenario, drawn from the time model, and the forecast they give.

Per trial (vectorised over trials with numpy, imported inside the functions):

1. a wave factor ``Z`` is drawn (gamma, mean 1, shape ``k`` of the priors) and every member that
   does not support draws the day it would move on its own from its :class:`~natosim.forecast.priors.Clock`
   (prior-based members with ``Z``, members with a stated rate without);
2. rivals that may withdraw draw their day the same way; their ``on_withdraw`` stances apply then
   (support: that member supports from then on; a stance that does not block: it stops blocking);
3. the influence cascade runs in time order (:mod:`natosim.forecast.spread`);
4. the candidate is adopted on the first day the rule holds (:mod:`natosim.rules`): under a veto
   rule when the last blocker stops blocking, under a quota rule when the supporters first pass
   the rule's :class:`~natosim.rules.Bar`; and, in a race for fewer seats than candidates, once
   enough of the rivals that meet the rule too have withdrawn.

Times are days from ``as_of``; nothing depends on the deadline but the tally, so the probability
for ``--deadline D`` is the curve's value at ``D`` for the same seed, and it never decreases in
``D``. Interventions are steps of :func:`natosim.step.apply` made on ``as_of``: each is
simulated on the same draws as the baseline (common random numbers) and its gain is reported
with a paired 95% interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from natosim import paths, step
from natosim.errors import NatosimError
from natosim.forecast.plan import Plan, compile_plan, focal_dates, p_move_by
from natosim.forecast.priors import Priors, shipped
from natosim.forecast.results import Z95, AllyOutlook, Forecast, Option, RivalOutlook
from natosim.forecast.spread import effective_times
from natosim.model import Scenario

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

CHUNK = 20_000
"""Trials simulated together; fixed, so that the random stream does not depend on anything else."""

MAX_TRIALS = 10_000_000
"""Most trials a forecast accepts."""

MAX_WORK = 10**9
"""Most trials × members × (interventions + 1) a forecast accepts."""

_ALREADY = -1.0  # the time of a member that supports on as_of

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` (in trials) after each chunk."""


def _own_times(plan: Plan, u: Floats, z: Floats) -> Floats:
    """Per trial and member: the day it would move on its own (``-1``: supports already)."""
    import numpy as np

    own = np.full(u.shape, _ALREADY, order="F")
    e = -np.log1p(-u)  # unit exponential draws
    for i, clock in enumerate(plan.clocks):
        if clock is not None:
            own[:, i] = clock.draw(e[:, i] / z if plan.shared[i] else e[:, i])
    return own


def simulate(plan: Plan, u: Floats, v: Floats, g: Floats) -> tuple[Floats, Ints, Floats]:
    """One batch: adoption day (``inf``: not by the horizon), last mover (-1: none) and support days.

    ``u``: uniforms per trial and member; ``v``: per trial and declared candidate; ``g``: the wave
    factor per trial.
    """
    import numpy as np

    own = _own_times(plan, u, g)
    eased = np.full(own.shape, np.inf)  # when a member stops blocking without supporting
    gone = []
    for r in plan.rivals:
        t = r.clock.draw(-np.log1p(-v[:, r.column])) if r.clock is not None else np.full(u.shape[0], np.inf)
        gone.append(t)
        for i in r.supports:
            np.minimum(own[:, i], t, out=own[:, i])
        for i in r.eases:
            np.minimum(eased[:, i], t, out=eased[:, i])
    own[own > plan.horizon] = np.inf  # moves after the deadline change nothing before it
    e = effective_times(plan.targets, own)
    when, who = _adoption(plan, e, own, eased)
    contest = [t for r, t in zip(plan.rivals, gone, strict=True) if r.contests]
    if plan.contest_need:
        if len(contest) < plan.contest_need:
            when = np.full_like(when, np.inf)
        else:
            left = np.sort(np.stack(contest, axis=1), axis=1)[:, plan.contest_need - 1]
            later = left > when
            who = np.where(later, -1, who)
            when = np.maximum(when, left)
    when = np.where(when > plan.horizon, np.inf, when)
    return when, who, e


def _adoption(plan: Plan, e: Floats, own: Floats, eased: Floats) -> tuple[Floats, Ints]:
    """Per trial: when the candidate first meets the rule (inf: never) and whose move completed it (-1: nobody)."""
    import numpy as np

    m = e.shape[0]
    if plan.meets_now:
        return np.full(m, _ALREADY), np.full(m, -1, dtype=np.int64)
    if plan.prefix is not None:  # bodies: security-council, constructive abstention, Nice
        return _prefix_adoption(plan, e, eased)
    if plan.bar is None:
        b = np.asarray(plan.blockers, dtype=np.int64)
        sub = np.minimum(e[:, b], eased[:, b])
        key = sub + 1e-9 * (sub == own[:, b])  # in a tie, the member that moved on its own is the last holdout
        last = key.argmax(axis=1)
        return sub.max(axis=1), b[last].astype(np.int64)
    bar = plan.bar
    order = np.argsort(e, axis=1, kind="stable")
    ts = np.take_along_axis(e, order, axis=1)
    big = sum(plan.weights) >= 2**62
    wv = np.asarray(plan.weights, dtype=object if big else np.int64)
    cum = np.cumsum(wv[order], axis=1)
    # Bar.passes over every prefix of the members in the order they come to support: the same comparison, per column
    need = np.asarray([bar.least_weight(k) for k in range(1, bar.n + 1)], dtype=object if big else np.int64)
    count = np.arange(1, bar.n + 1)
    ok = (count >= bar.count) & (cum >= need) & np.isfinite(ts)
    first = ok.argmax(axis=1)
    rows = np.arange(m)
    found = ok[rows, first]
    when = np.where(found, ts[rows, first], np.inf)
    who = np.where(found, order[rows, first], -1).astype(np.int64)
    return when, who


def _prefix_adoption(plan: Plan, e: Floats, eased: Floats) -> tuple[Floats, Ints]:
    """:meth:`~natosim.forecast.plan.Prefix.holds` over every prefix of the members in the order they come to support.

    The bars are checked on each prefix; a veto member's ``oppose`` ends when it supports or when a
    rival's withdrawal sets it to another stance (``eased``), whichever comes first, and the candidate
    is adopted once both have happened (each condition only ever becomes true). Under constructive
    abstention only moves to support are simulated: a withdrawal that sets a member to ``abstain``
    does not count in a forecast (it would add an abstainer to the clause).
    """
    import numpy as np

    assert plan.prefix is not None
    rule = plan.prefix
    m, n = e.shape
    order = np.argsort(e, axis=1, kind="stable")
    ts = np.take_along_axis(e, order, axis=1)
    ok = np.isfinite(ts)
    count = np.arange(1, n + 1)
    for bar, weights in rule.bars:
        big = sum(weights) >= 2**62
        wv = np.asarray(weights, dtype=object if big else np.int64)
        cum = np.cumsum(wv[order], axis=1)
        need = np.asarray([bar.least_weight(k) for k in range(1, n + 1)], dtype=object if big else np.int64)
        ok &= (count >= bar.count) & (cum >= need)
    if rule.required and rule.clause:
        flags = np.zeros(n, dtype=np.int64)
        flags[list(rule.required)] = 1
        ok &= np.cumsum(flags[order], axis=1) == len(rule.required)
    if rule.clause:
        flags = np.zeros(n, dtype=np.int64)
        flags[list(rule.clause)] = 1
        pops = np.asarray(rule.populations, dtype=np.int64) * flags
        left = len(rule.clause) - np.cumsum(flags[order], axis=1)
        left_pop = int(pops.sum()) - np.cumsum(pops[order], axis=1)
        ok &= ~((3 * left >= n) & (3 * left_pop >= sum(rule.populations)))
    first = ok.argmax(axis=1)
    rows = np.arange(m)
    found = ok[rows, first]
    when = np.where(found, ts[rows, first], np.inf)
    who = np.where(found, order[rows, first], -1).astype(np.int64)
    if rule.required and not rule.clause:
        b = np.asarray(rule.required, dtype=np.int64)
        sub = np.minimum(e[:, b], eased[:, b])
        lifted = sub.max(axis=1)
        who = np.where(lifted > when, b[sub.argmax(axis=1)], who)  # the last veto to be lifted completes it
        when = np.maximum(when, lifted)
    return when, who


def resolve_deadline(scenario: Scenario, given: date | None, *, name: str = "deadline") -> date:
    """The deadline: ``given``, else the scenario's ``deadline``; an input error if neither.

    ``name`` is how the caller calls the given deadline in messages (the CLI: ``--deadline``).
    """
    deadline = given if given is not None else scenario.deadline
    if deadline is None:
        raise NatosimError(f"no deadline; expected {name} YYYY-MM-DD or `deadline = YYYY-MM-DD` in the scenario", file=scenario.path)
    if deadline < scenario.as_of:
        raise NatosimError(
            f"{deadline.isoformat()} is before the scenario's as_of {scenario.as_of.isoformat()}; expected a date on or after it",
            where=name if given is not None else "deadline",
        )
    return deadline


def _draws(rng: np.random.Generator, m: int, n: int, candidates: int, wave_shape: float) -> tuple[Floats, Floats, Floats]:
    import numpy as np

    u = rng.random((m, n))
    v = rng.random((m, candidates))
    g = rng.standard_gamma(wave_shape, size=m) / wave_shape if math.isfinite(wave_shape) else np.ones(m)
    return u, v, g


def forecast(
    scenario: Scenario,
    *,
    candidate: str,
    deadline: date,
    trials: int,
    seed: int | None = None,
    priors: Priors | None = None,
    with_cascade: bool = True,
    withdrawals: bool = True,
    interventions: bool = True,
    forced: Sequence[step.Change] = (),
    progress: Progress | None = None,
) -> Forecast:
    """Simulate ``trials`` futures of ``scenario`` and tally the adoption of ``candidate`` by ``deadline``.

    ``forced`` changes are made on ``as_of`` (one step) before anything moves; each single
    intervention of :func:`natosim.paths.interventions` is then tried on the same draws.
    """
    import numpy as np

    if trials < 1 or trials > MAX_TRIALS:
        raise NatosimError(f"{trials:,} trials; expected 1 to {MAX_TRIALS:,}", where="trials")
    if not scenario.members:
        raise NatosimError("the body has no members; expected at least one", file=scenario.path)
    priors = priors if priors is not None else shipped()
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    if forced:
        scenario = step.apply(scenario, forced, with_cascade=with_cascade).after
    plan = compile_plan(scenario, candidate, deadline=deadline, priors=priors, with_cascade=with_cascade, withdrawals=withdrawals)
    options = paths.interventions(scenario, candidate) if interventions else ()
    n = len(plan.codes)
    if trials * n * (len(options) + 1) > MAX_WORK:
        raise NatosimError(
            f"{trials:,} trials × {n} members × {len(options) + 1} variants is too much work; expected fewer trials", where="trials"
        )
    plans = [
        compile_plan(
            step.apply(scenario, [o.change(candidate)], with_cascade=with_cascade).after,
            candidate,
            deadline=deadline,
            priors=priors,
            with_cascade=with_cascade,
            withdrawals=withdrawals,
        )
        for o in options
    ]
    rng = np.random.default_rng(seed)
    horizon = plan.horizon
    by_day = np.zeros(horizon + 1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    moved = np.zeros(n, dtype=np.int64)
    k = len(options)
    hits = np.zeros(k + 1, dtype=np.int64)
    both = np.zeros((k + 1, k + 1), dtype=np.int64)  # trials in which variants i and j are both adopted
    done = 0
    while done < trials:
        m = min(CHUNK, trials - done)
        u, v, g = _draws(rng, m, n, len(scenario.candidates), plan.wave_shape)
        when, who, e = simulate(plan, u, v, g)
        hit = when <= horizon
        days = np.ceil(np.maximum(when[hit], 0.0)).astype(np.int64)
        by_day += np.bincount(np.minimum(days, horizon), minlength=horizon + 1)
        last += np.bincount(who[hit & (who >= 0)], minlength=n)
        moved += (e <= horizon).sum(axis=0)
        columns = [hit]
        for other in plans:
            w, _, _ = simulate(other, u, v, g)
            columns.append(w <= horizon)
        h = np.stack(columns, axis=1).astype(np.int64)
        hits += h.sum(axis=0)
        both += h.T @ h
        done += m
        if progress is not None:
            progress(done, trials)
    total = int(by_day.sum())
    blockers = set(plan.blockers) if plan.bar is None and plan.prefix is None else {i for i, s in enumerate(plan.supporting) if not s}
    allies = tuple(
        AllyOutlook(
            code=c,
            stance=scenario.stances[candidate][c],
            p_move=p_move_by(plan.clocks[i], horizon=horizon, shared=plan.shared[i], wave_shape=plan.wave_shape),
            stated=plan.stated[i],
            political=plan.political[i],
            blocking=i in blockers,
            p_moved=int(moved[i]) / trials,
            p_last=int(last[i]) / trials,
        )
        for i, c in enumerate(plan.codes)
        if not plan.supporting[i]
    )
    rivals = tuple(
        RivalOutlook(
            r.id,
            p_move_by(r.clock, horizon=horizon, shared=False, wave_shape=plan.wave_shape),
            tuple(plan.codes[i] for i in r.supports),
            r.contests,
            r.note,
        )
        for r in plan.rivals
    )
    return Forecast(
        scenario=scenario,
        candidate=candidate,
        deadline=deadline,
        trials=trials,
        seed=seed,
        hits=total,
        by_day=tuple(int(x) for x in by_day),
        allies=allies,
        rivals=rivals,
        options=_options(options, hits, both, trials),
        with_cascade=with_cascade,
        withdrawals=withdrawals,
        focal_dates=focal_dates(scenario),
        priors=priors.fitted_on,
    )


def _paired(hits: Ints, both: Ints, i: int, j: int, trials: int) -> tuple[float, float]:
    """Mean and standard error of ``hit_i - hit_j`` over the same trials."""
    diff = (int(hits[i]) - int(hits[j])) / trials
    discordant = (int(hits[i]) + int(hits[j]) - 2 * int(both[i, j])) / trials  # mean of (hit_i - hit_j)^2
    var = max(discordant - diff * diff, 0.0)
    return diff, math.sqrt(var / trials)


def _options(options: Sequence[paths.Intervention], hits: Ints, both: Ints, trials: int) -> tuple[Option, ...]:
    """The single interventions with their gains (paired 95% interval), the tied ones first, cheapest first among them."""
    order = {"flip": 0, "withdraw": 1, "deal": 2}
    rows = []
    for j, o in enumerate(options, start=1):
        gain, se = _paired(hits, both, j, 0, trials)
        rows.append((j, o, gain, (gain - Z95 * se, gain + Z95 * se)))
    if not rows:
        return ()
    top = max(rows, key=lambda r: (int(hits[r[0]]), -r[1].cost))[0]
    # tied with the top: the paired difference is within the Bonferroni-corrected 95% bound over the comparisons made
    z = float(_normal_quantile(1 - 0.025 / max(len(rows) - 1, 1)))
    out = []
    for j, o, gain, ci in rows:
        diff, se = _paired(hits, both, top, j, trials)
        out.append(Option(o.kind, o.target, o.cost, int(hits[j]), int(hits[j]) / trials, gain, ci, diff <= z * se))
    # the tied first, cheapest first (never by their noisy hits); then the others by probability
    out.sort(key=lambda x: (not x.tied, *((x.cost, order[x.kind], x.target) if x.tied else (-x.hits, x.cost, order[x.kind], x.target))))
    return tuple(out)


def _normal_quantile(q: float) -> float:
    """The standard normal quantile (the standard library's: within 1e-15 of scipy's ``norm.ppf``, without
    importing scipy.stats, which costs a forecast half a second or more)."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(q)
