"""The simulation: many futures of a scenario, drawn from the time model, and the forecast they give.

Per trial (vectorised over trials with numpy, imported inside the functions):

1. a wave factor ``Z`` is drawn (gamma, mean 1, shape ``k`` of the priors) and every member that
   does not support draws the day it would move on its own from its :class:`~natosim._engine.forecast.priors.Clock`
   (prior-based members with ``Z``, members with a stated rate without);
2. rivals that may withdraw draw their day the same way; their ``on_withdraw`` stances apply then
   (support: that member supports from then on; a stance that does not block: it stops blocking);
3. the influence cascade runs in time order (:mod:`natosim._engine.forecast.spread`);
4. the candidate is adopted on the first day the rule holds (:mod:`natosim._engine.rules`): under a veto
   rule when the last blocker stops blocking, under a quota rule when the supporters first pass
   the rule's :class:`~natosim._engine.rules.Bar`; and, in a race for fewer seats than candidates, once
   enough of the rivals that meet the rule too have withdrawn.

Times are days from ``as_of``; nothing depends on the deadline but the tally, so the probability
for ``--deadline D`` is the curve's value at ``D`` for the same seed, and it never decreases in
``D``. Interventions are steps of :func:`natosim._engine.step.apply` made on ``as_of``: each is
simulated on the same draws as the baseline (common random numbers) and its gain is reported
with a paired 95% interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from natosim._engine import paths, step
from natosim._engine.forecast import track
from natosim._engine.forecast.plan import Plan, compile_plan, focal_dates, p_move_by
from natosim._engine.forecast.priors import Priors, draw_times, shipped
from natosim._engine.forecast.results import Z95, AllyOutlook, Forecast, Option, RivalOutlook
from natosim._engine.forecast.spread import Target, effective_times
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from natosim._engine.rules import Bar

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

CHUNK = 20_000
"""Trials simulated together; fixed, so that the random stream does not depend on anything else."""

BLOCK_CELLS = 1_000_000
"""Trials × members simulated at a time: a chunk is simulated in blocks of rows this small, whose arrays stay in the
processor's cache and are reused by the allocator instead of being mapped afresh (at 193 members, blocks of about 5,000
trials take two thirds of the time of whole chunks)."""

MAX_TRIALS = 10_000_000
"""Most trials a forecast accepts."""

MAX_WORK = 10**9
"""Most trials × members × (interventions + 1) a forecast accepts."""

FRONT_MAX = 8
"""Most members one variant moves to the front on ``as_of`` for :func:`_front` (it searches ``2^FRONT_MAX`` weights)."""

FLIP_WORK = 16
"""What one trial of a variant computed from the baseline's order (:func:`_flip_of`) counts towards ``MAX_WORK``."""

_ALREADY = -1.0  # the time of a member that supports on as_of

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` (in trials) after each chunk."""


def _own_times(plan: Plan, u: Floats, z: Floats) -> Floats:
    """Per trial and member: the day it would move on its own (``-1``: supports already)."""
    import numpy as np

    own = np.full(u.shape, _ALREADY, order="F")
    cols = [i for i, clock in enumerate(plan.clocks) if clock is not None]
    if cols:
        e = -np.log1p(-u[:, cols])  # unit exponential draws
        shared = np.asarray([plan.shared[i] for i in cols])
        x = np.where(shared, e / z[:, None], e)
        own[:, cols] = draw_times(tuple(c for c in plan.clocks if c is not None), x)
    return own


def simulate(plan: Plan, u: Floats, v: Floats, g: Floats) -> tuple[Floats, Ints, Floats]:
    """One batch: adoption day (``inf``: not by the horizon), last mover (-1: none) and support days.

    ``u``: uniforms per trial and member; ``v``: per trial and declared candidate; ``g``: the wave
    factor per trial.
    """
    when, who, e, _ = _batch(plan, u, v, g, ())
    return when, who, e


def _batch(plan: Plan, u: Floats, v: Floats, g: Floats, flips: Sequence[tuple[int, ...]]) -> tuple[Floats, Ints, Floats, Floats]:
    """:func:`simulate`, and the adoption days of the variants that only flip one member each to support (``flips``, see :func:`_flip_of`), one column each."""

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
    when, who, flipped = _adoption(plan, e, own, eased, flips)
    contest = [t for r, t in zip(plan.rivals, gone, strict=True) if r.contests]
    if plan.contest_need:
        if len(contest) < plan.contest_need:
            when = np.full_like(when, np.inf)
            flipped = np.full_like(flipped, np.inf)
        else:
            left = np.sort(np.stack(contest, axis=1), axis=1)[:, plan.contest_need - 1]
            later = left > when
            who = np.where(later, -1, who)
            when = np.maximum(when, left)
            flipped = np.maximum(flipped, left[:, None])
    when = np.where(when > plan.horizon, np.inf, when)
    flipped = np.where(flipped > plan.horizon, np.inf, flipped)
    return when, who, e, flipped


def _flip_of(plan: Plan, other: Plan) -> tuple[int, ...] | None:
    """The members (sorted) that ``other`` makes supporters on ``as_of`` and all it changes in ``plan``, when its adoption day follows from the baseline's order.

    That is so under a quota rule when nothing else differs (a flip, and the members the cascade
    carries along on ``as_of``): then :func:`_adoption` computes the variant's day from the
    baseline's supporters in time order (see there), after re-running the cascade over the members
    downstream of the new supporters when they influence anyone. ``None`` otherwise: the variant is
    simulated in full.
    """
    import dataclasses

    if plan.bar is None or plan.prefix is not None or plan.meets_now or other.meets_now or sum(plan.weights) >= 2**62:
        return None
    changed = tuple(i for i, (a, b) in enumerate(zip(plan.supporting, other.supporting, strict=True)) if a != b)
    if not changed or not all(other.supporting[i] for i in changed):
        return None
    gone = set(changed)

    def at(values: tuple[object, ...], value: object) -> tuple[object, ...]:
        return tuple(value if j in gone else x for j, x in enumerate(values))

    expected = dataclasses.replace(
        plan,
        supporting=at(plan.supporting, True),  # type: ignore[arg-type]
        clocks=at(plan.clocks, None),  # type: ignore[arg-type]
        shared=at(plan.shared, False),  # type: ignore[arg-type]
        stated=at(plan.stated, False),  # type: ignore[arg-type]
        holds=at(plan.holds, None),  # type: ignore[arg-type]
        targets=tuple(t for t in plan.targets if t.index not in gone),
    )
    return changed if expected == other else None


def _adoption(plan: Plan, e: Floats, own: Floats, eased: Floats, flips: Sequence[tuple[int, ...]] = ()) -> tuple[Floats, Ints, Floats]:
    """Per trial: when the candidate first meets the rule (inf: never) and whose move completed it (-1: nobody).

    Also, one column per variant in ``flips`` (the members it makes supporters): when it would
    first meet the rule with those members supporting from ``as_of`` (quota rules; see
    :func:`_flip_of`). With member ``i`` moved to the front of the supporters in time order, the
    coalition after the ``k``-th member (0-based) of the baseline's order is that member's prefix
    plus ``i`` while ``k`` is before ``i``'s place ``r``, and the baseline's own prefix from ``r``
    on. A prefix only gains members, so the variant's first passing prefix is the first ``k < r``
    whose prefix with ``i`` passes the :class:`~natosim._engine.rules.Bar` (prefix weights increase: the
    first position reaching the weight, :func:`_first_reaching`, with the member and blocking
    conditions as least positions) and otherwise the baseline's own first passing prefix (which is
    then at ``r`` or later). Several members at once: :func:`_front`; members that carry others
    along: :func:`_flip_with_cascade`.
    """
    import numpy as np

    m = e.shape[0]
    if plan.meets_now:
        return np.full(m, _ALREADY), np.full(m, -1, dtype=np.int64), np.full((m, len(flips)), _ALREADY)
    if plan.prefix is not None:  # security-council, constructive abstention, Nice: the rule on every prefix
        when, who = _prefix_adoption(plan, e, eased)
        return when, who, np.empty((m, 0))  # no shortcut variants for these rules (_flip_of): simulated in full
    if plan.bar is None:
        b = np.asarray(plan.blockers, dtype=np.int64)
        sub = np.minimum(e[:, b], eased[:, b])
        key = sub + 1e-9 * (sub == own[:, b])  # in a tie, the member that moved on its own is the last holdout
        last = key.argmax(axis=1)
        return sub.max(axis=1), b[last].astype(np.int64), np.empty((m, 0))
    bar = plan.bar
    n = e.shape[1]
    # supporters on as_of come first (day -1, in index order); the others by day, ties by index
    cols = np.asarray([i for i, yes in enumerate(plan.supporting) if not yes], dtype=np.int64)
    base_count = n - len(cols)
    big = sum(plan.weights) >= 2**62
    wv = np.asarray(plan.weights, dtype=object if big else np.int64)
    base_weight = sum(w for w, yes in zip(plan.weights, plan.supporting, strict=True) if yes)
    if not len(cols):
        return np.full(m, np.inf), np.full(m, -1, dtype=np.int64), np.full((m, len(flips)), np.inf)
    order, ts = _in_time_order(e[:, cols])
    cum = np.cumsum(wv[cols][order], axis=1)
    # Bar.passes over every prefix of the members in the order they come to support: the same comparison, per column
    count = np.arange(base_count + 1, n + 1)
    ok = bar.passes_many(count, cum + base_weight) & np.isfinite(ts)
    first = ok.argmax(axis=1)
    rows = np.arange(m)
    found = ok[rows, first]
    when = np.where(found, ts[rows, first], np.inf)
    who = np.where(found, cols[order[rows, first]], -1).astype(np.int64)
    if not flips:
        return when, who, np.empty((m, 0))
    k = len(cols)
    position = {int(c): j for j, c in enumerate(cols)}
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(k), order.shape), axis=1)
    out = np.empty((m, len(flips)))
    downstream = _downstream(plan.targets)
    # a variant passes no later than the baseline's first passing position (its new supporters only
    # come earlier), and never at a member that does not move
    limit = np.where(found, first, np.isfinite(ts).sum(axis=1))
    single = [j for j, new in enumerate(flips) if len(new) == 1]
    several = [j for j, new in enumerate(flips) if 1 < len(new) <= FRONT_MAX]
    # the weights each variant's members could add to a prefix: one search for them all (_first_reaching)
    shorts = [plan.weights[flips[j][0]] for j in single]
    subsets = {j: _subsets([plan.weights[i] for i in flips[j]]) for j in several}
    for j in several:
        shorts.extend(subsets[j][0])
    reach = _first_reaching(cum, bar.weight - base_weight - np.asarray(shorts, dtype=np.int64))
    if single:  # one member moved to the front, every other day the same
        idx = np.asarray([position[flips[j][0]] for j in single], dtype=np.int64)
        place = rank[:, idx]
        # from this prefix (with the member moved to the front) on, the blocking clause applies (Bar.alone)
        alone = bar.alone - base_count - 2 if bar.blocking_min > 0 else k
        least = np.maximum(max(bar.count - base_count - 2, 0), np.minimum(reach[:, : len(single)], max(alone, 0)))
        hit = least < place
        days = np.take_along_axis(ts, np.minimum(least, k - 1), axis=1)
        out[:, single] = np.where(hit, days, when[:, None])
    start = len(single)
    for j in several:  # several members moved to the front, every other day the same
        extra, sizes = subsets[j]
        where = rank[:, [position[i] for i in flips[j]]]
        out[:, j] = _front(bar, ts, where, reach[:, start : start + len(extra)], sizes, when, base_count, n)
        start += len(extra)
    for j, new in enumerate(flips):
        down = sorted({d for i in new for d in downstream.get(i, ())} - set(new))
        if down or len(new) > FRONT_MAX:  # the members it moves carry others along: the cascade again
            alone_day = out[:, j] if len(new) <= FRONT_MAX else None
            out[:, j] = _flip_with_cascade(plan, e, own, new, down, position, ts, cum, rank, base_count, base_weight, limit, alone_day)
    return when, who, out


def _subsets(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """The summed weight and the size of every subset of members, the subset ``s`` holding member ``b`` when bit ``b`` of ``s`` is set."""
    sizes = [bin(s).count("1") for s in range(2 ** len(weights))]
    sums = [sum(w for b, w in enumerate(weights) if s >> b & 1) for s in range(2 ** len(weights))]
    return sums, sizes


def _front(bar: Bar, ts: Floats, places: Ints, reach: Ints, sizes: Sequence[int], when: Floats, base_count: int, n: int) -> Floats:
    """Per trial: when the quota rule first holds with some members supporting from ``as_of`` and every other day the baseline's.

    ``places``: per trial, those members' places in the baseline's order (``ts``: its days);
    ``when``: the baseline's day. Along the order, the members not yet come (a subset ``T``) only
    shrink, at their places; while ``T`` is the same, the coalition after position ``p`` is the
    baseline's prefix plus ``T``, whose count and weight grow with ``p``, so it first passes at
    the least ``p`` where the prefix reaches the weight short by ``T``'s (``reach``, per subset of
    :func:`_subsets` of size ``sizes``) and the count and blocking conditions hold. The earliest
    such position over the stretches between places is the answer; once every member has come,
    the baseline's own day.
    """
    import numpy as np

    m, k = ts.shape
    c = places.shape[1]
    size = np.asarray(sizes, dtype=np.int64)
    # from this position (with the subset moved to the front) on, the blocking clause applies (Bar.alone)
    alone = bar.alone - base_count - 1 - size if bar.blocking_min > 0 else np.full(len(size), k)
    least = np.maximum(np.maximum(bar.count - base_count - 1 - size, 0), np.minimum(reach, np.maximum(alone, 0)))
    by = np.argsort(places, axis=1, kind="stable")
    ends = np.take_along_axis(places, by, axis=1)
    rows = np.arange(m)
    subset = np.full(m, 2**c - 1, dtype=np.int64)
    start = np.zeros(m, dtype=np.int64)
    best = when.copy()
    for s in range(c):
        p = np.maximum(start, least[rows, subset])
        day = ts[rows, np.minimum(p, k - 1)]
        best = np.where(p < ends[:, s], np.minimum(best, day), best)
        subset &= ~(np.int64(1) << by[:, s])
        start = ends[:, s]
    return best


def _in_time_order(sub: Floats) -> tuple[Ints, Floats]:
    """Per row: the columns in the order of their times (equal finite times by column), and the times in that order.

    The order of a stable sort, from the faster unstable one: in the rows in which two finite
    times are equal (a member the cascade carries along moves with its influencer), each run of
    equal times is put in column order. Equal infinite times stay in any order: a member that never moves is never where a
    rule first holds, and every position at or after the first such member counts the same
    members as far as the finite times go.
    """
    import numpy as np

    k = sub.shape[1]
    order = np.argsort(sub, axis=1)
    ts = np.take_along_axis(sub, order, axis=1)
    same = ts[:, 1:] == ts[:, :-1]
    tied = np.flatnonzero((same & np.isfinite(ts[:, 1:])).any(axis=1))
    if len(tied):  # in those rows, each run of equal times by column: sort (run, column) keys, exact small integers
        key = np.zeros((len(tied), k), dtype=np.int64)
        np.cumsum(~same[tied], axis=1, out=key[:, 1:])
        key *= k
        key += order[tied]
        key.sort(axis=1)
        order[tied] = key % k
    return order, ts


def _first_reaching(cum: Ints, short: Ints) -> Ints:
    """Per row of ``cum`` (non-decreasing) and needle of ``short``: the first position whose value reaches the needle (the row's length if none).

    That is the number of positions below the needle. With the needles sorted, each position
    counts below the needles from the number of needles at or under its value on (a search in
    the short, sorted needles, not in the long rows), so one histogram per row and its running
    sum give every answer: work linear in the rows' size plus the answers'.
    """
    import numpy as np

    m, _ = cum.shape
    j = len(short)
    by = np.argsort(short, kind="stable")
    under = np.searchsorted(short[by], cum, side="right")  # per position: the needles at or under its value
    hist = np.bincount((under + np.arange(m, dtype=np.int64)[:, None] * (j + 1)).ravel(), minlength=m * (j + 1))
    below = np.cumsum(hist.reshape(m, j + 1)[:, :j], axis=1)  # per sorted needle: the positions under it
    out = np.empty_like(below)
    out[:, by] = below
    return out


def _downstream(targets: Sequence[Target]) -> dict[int, tuple[int, ...]]:
    """Per member: the targets it can carry along, directly or through others (sorted), for those that influence a target."""
    followers: dict[int, list[int]] = {}
    for t in targets:
        for src in t.sources:
            followers.setdefault(src, []).append(t.index)
    out: dict[int, tuple[int, ...]] = {}
    for start in followers:
        seen: set[int] = set()
        todo = [start]
        while todo:
            for nxt in followers.get(todo.pop(), ()):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    todo.append(nxt)
        out[start] = tuple(sorted(seen))
    return out


def _flip_with_cascade(
    plan: Plan,
    e: Floats,
    own: Floats,
    new: Sequence[int],
    down: Sequence[int],
    position: dict[int, int],
    ts: Floats,
    cum: Ints,
    rank: Ints,
    base_count: int,
    base_weight: int,
    limit: Ints,
    alone: Floats | None = None,
) -> Floats:
    """When the candidate first meets the quota rule with the members ``new`` supporting from ``as_of`` (they influence the members ``down``).

    The cascade is run again over ``down`` only (every other member's day stays the baseline's:
    nothing it depends on changed), on the columns it reads. The variant's supporters by a time
    ``t`` are the unchanged members by ``t`` and the changed ones (``i`` and ``down``) whose new day
    is by ``t``; that count and weight never decrease along the baseline's order, so the first
    passing position is found by a binary search per trial, and each changed member's new day is
    checked as the passing moment too. The earliest is the variant's day. ``limit``: per trial, the
    baseline's first passing position (the variant passes there or before), else its first member
    that never moves. ``alone``: the day with the members of ``new`` supporting and every other day
    the baseline's (:func:`_front`), which is the answer in the trials where the cascade moves no
    member of ``down`` earlier than its day and than ``alone`` (only the others are searched).
    """
    import numpy as np

    bar = plan.bar
    assert bar is not None
    ds = set(down)
    keep = sorted({*new, *down, *(src for t in plan.targets if t.index in ds for src in t.sources)})
    at = {c: j for j, c in enumerate(keep)}
    sub = np.array(e[:, keep], order="F")
    for c in down:
        sub[:, at[c]] = own[:, c]
    for c in new:
        sub[:, at[c]] = _ALREADY
    targets = [Target(at[t.index], tuple(at[src] for src in t.sources), t.weights, t.threshold) for t in plan.targets if t.index in ds]
    moved = effective_times(targets, sub)
    changed = [c for c in (*new, *down) if c in position]
    days = np.stack([moved[:, at[c]] for c in changed], axis=1)  # m x changed: their new days
    places = rank[:, [position[c] for c in changed]]  # their places in the baseline's order
    result = None
    if alone is not None:
        # a member of down moved earlier than it did and than the day without the cascade: else that day stands
        sooner = np.flatnonzero(np.logical_or.reduce([moved[:, at[c]] < np.minimum(e[:, c], alone) for c in down]))
        result = alone.copy()
        if not len(sooner):
            return result
        days, places, ts, cum, limit = days[sooner], places[sooner], ts[sooner], cum[sooner], limit[sooner]
    m, k = ts.shape
    weights = np.asarray([plan.weights[c] for c in changed], dtype=np.int64)
    rows = np.arange(m)

    def at_position(p: Ints) -> npt.NDArray[np.bool_]:
        """Whether the unchanged members up to position ``p`` and the changed ones by its day pass the bar (p < k)."""
        t = ts[rows, p]
        before = places <= p[:, None]
        by = days <= t[:, None]
        count = base_count + p + 1 - before.sum(axis=1) + by.sum(axis=1)
        weight = base_weight + cum[rows, p] - before @ weights + by @ weights
        return bar.passes_many(count, weight)  # never less true further on (finite days are checked at the end)

    lo = np.zeros(m, dtype=np.int64)
    hi = limit.astype(np.int64)  # the first passing position is below it, or it (see the caller)
    while (lo < hi).any():
        mid = (lo + hi) // 2
        open_ = lo < hi
        ok = at_position(np.minimum(mid, k - 1)) & open_
        hi = np.where(ok, mid, hi)
        lo = np.where(open_ & ~ok, mid + 1, lo)
    best = np.where(lo < k, ts[rows, np.minimum(lo, k - 1)], np.inf)  # inf when the first passing member never moves
    # each changed member's new day as the passing moment: the unchanged members by then are the
    # baseline's positions with a day <= it (a binary search per trial and member), less the changed ones
    c = len(changed)
    grid = rows[:, None]
    a = np.zeros((m, c), dtype=np.int64)
    b = np.full((m, c), k, dtype=np.int64)
    while (a < b).any():
        mid = (a + b) // 2
        open_ = a < b
        go = open_ & (ts[grid, np.minimum(mid, k - 1)] <= days)
        a = np.where(go, mid + 1, a)
        b = np.where(open_ & ~go, mid, b)
    prefix = np.where(a > 0, cum[grid, np.maximum(a - 1, 0)], 0)  # m x c: the weight of positions 0 .. a-1
    before = places[:, None, :] < a[:, :, None]  # m x c x c: changed member j' among those positions, for member j's day
    by = days[:, None, :] <= days[:, :, None]  # changed member j' supporting by member j's day
    count = base_count + a - before.sum(axis=2) + by.sum(axis=2)
    weight = base_weight + prefix - before @ weights + by @ weights
    hit = bar.passes_many(count, weight) & np.isfinite(days)
    earliest: Floats = np.minimum(best, np.where(hit, days, np.inf).min(axis=1))
    if result is None:
        return earliest
    result[sooner] = earliest
    return result


def _prefix_adoption(plan: Plan, e: Floats, eased: Floats) -> tuple[Floats, Ints]:
    """:meth:`~natosim._engine.forecast.plan.Prefix.holds` over every prefix of the members in the order they come to support.

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
        ok &= bar.passes_many(count, cum)
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
    bounds: tuple[float, float] | None = None,
) -> Forecast:
    """Simulate ``trials`` futures of ``scenario`` and tally the adoption of ``candidate`` by ``deadline``.

    When some member's rate comes from the fitted priors, the forecast carries the model's track record on the record
    and stays within ``bounds``: by default those the record vouches for (:mod:`natosim._engine.forecast.track`); ``(0, 1)``
    for none.

    ``forced`` changes are made on ``as_of`` (one step) before anything moves; each single
    intervention of :func:`natosim._engine.paths.interventions` is then tried on the same draws.
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
    if (
        plan.bar is None and trials * n * (len(options) + 1) > MAX_WORK
    ):  # no variant has a shortcut under a veto rule: refuse before compiling them
        raise NatosimError(
            f"{trials:,} trials × {n} members × {len(options) + 1} variants is too much work; expected fewer trials", where="trials"
        )
    # a variant whose new supporters influence someone simulates the cascade again, over up to every member it can carry
    # along: bounded by the members that can follow (refused before the variants are compiled, which is work too)
    sources = {src for t in plan.targets for src in t.sources}
    at = {c: i for i, c in enumerate(plan.codes)}
    carrying = sum(1 for o in options if any(s is Stance.SUPPORT and at.get(c, -1) in sources for c, s in o.effects))
    if trials * (n + carrying * len(plan.targets)) > MAX_WORK:
        raise NatosimError(
            f"{trials:,} trials × {carrying} interventions that can each carry up to {len(plan.targets)} members along "
            "is too much work; expected fewer trials",
            where="trials",
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
    flips = [_flip_of(plan, other) for other in plans]
    slow = [j for j, f in enumerate(flips) if f is None]
    fast = [j for j, f in enumerate(flips) if f is not None]
    if trials * (n * (len(slow) + 1) + FLIP_WORK * len(fast)) > MAX_WORK:
        raise NatosimError(
            f"{trials:,} trials × {n} members × {len(options) + 1} variants is too much work; expected fewer trials", where="trials"
        )
    fast_members = [f for f in flips if f is not None]  # per fast variant: the members it makes supporters
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
        drawn = _draws(rng, m, n, len(scenario.candidates), plan.wave_shape)
        block = max(1, min(CHUNK, BLOCK_CELLS // max(n, k + 1)))  # a block's arrays per member and per variant stay small
        for a in range(0, m, block):  # the trials drawn together, simulated a block at a time (the tallies add up)
            u, v, g = (x[a : a + block] for x in drawn)
            when, who, e, flipped = _batch(plan, u, v, g, fast_members)
            hit = when <= horizon
            days = np.ceil(np.maximum(when[hit], 0.0)).astype(np.int64)
            by_day += np.bincount(np.minimum(days, horizon), minlength=horizon + 1)
            last += np.bincount(who[hit & (who >= 0)], minlength=n)
            moved += (e <= horizon).sum(axis=0)
            h = np.empty((len(when), k + 1), dtype=bool)  # per trial and variant: adopted by the deadline
            h[:, 0] = hit
            for j in slow:
                w, _, _ = simulate(plans[j], u, v, g)
                h[:, j + 1] = w <= horizon
            if fast:
                h[:, np.asarray(fast) + 1] = flipped <= horizon
            hits += h.sum(axis=0, dtype=np.int64)
            both += _pair_counts(h)
        done += m
        if progress is not None:
            progress(done, trials)
    total = int(by_day.sum())
    on_priors = any(plan.shared[i] for i in range(n) if not plan.supporting[i]) or any(r.clock is not None for r in plan.rivals)
    record = track.shipped() if on_priors else None  # the record scores the fitted priors only
    blockers = set(plan.blockers) if plan.bar is None and plan.prefix is None else {i for i, s in enumerate(plan.supporting) if not s}
    allies = tuple(
        AllyOutlook(
            code=c,
            stance=scenario.stances[candidate][c],
            p_move=p_move_by(plan.clocks[i], horizon=horizon, shared=plan.shared[i], wave_shape=plan.wave_shape),
            stated=plan.stated[i],
            hold=str(plan.holds[i]),
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
        track=record,
        bounds=_bounds(bounds, record) if on_priors else (0.0, 1.0),
    )


def _bounds(given: tuple[float, float] | None, record: track.TrackRecord | None) -> tuple[float, float]:
    """The bounds of a forecast on the fitted priors: those given, else those the shipped track record vouches for."""
    if given is not None:
        return given
    return (record.floor, record.ceiling) if record is not None else (0.0, 1.0)


def _pair_counts(h: npt.NDArray[np.bool_]) -> Ints:
    """``h.T @ h`` for a boolean matrix, in exact integers: the trials (rows) in which each pair of variants (columns) both hold.

    The columns are packed 64 trials to a word and counted with popcounts (no BLAS threads, exact).
    """
    import numpy as np

    if not hasattr(np, "bitwise_count"):  # numpy < 2.0: the float product (exact below 2^53 trials)
        f = h.astype(np.float64)
        return np.rint(f.T @ f).astype(np.int64)
    packed = np.packbits(h, axis=0).T  # variants x bytes
    pad = (-packed.shape[1]) % 8
    words = np.ascontiguousarray(np.pad(packed, ((0, 0), (0, pad)))).view(np.uint64)
    out = np.empty((h.shape[1], h.shape[1]), dtype=np.int64)
    for i in range(h.shape[1]):
        out[i] = np.bitwise_count(words[i] & words).sum(axis=1, dtype=np.int64)
    return out


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
