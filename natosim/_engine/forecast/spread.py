"""The influence cascade over simulated times: the vectorised form of :func:`natosim._engine.cascade.spread`.

In a simulation every member has a time at which it would support on its own (``-1`` for a
supporter on ``as_of``, ``inf`` for never). A member that does not support moves at the first
moment one of its influencers moves while the summed weight of its supporting influencers
reaches its threshold; declared supporters count but do not trigger. That is the cascade of
:mod:`natosim._engine.cascade` (and of :func:`natosim._engine.step.apply`) run in time order: the least fixpoint
of the same threshold rule, reached per trial. The tests check it against a per-trial loop
over :func:`natosim._engine.cascade.spread`.

Everything is vectorised over trials with numpy (imported inside the functions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

_EPS = 1e-12  # the same tolerance as natosim._engine.cascade
_TABLE_MAX = 8  # influencers (that can trigger) beyond which a target's rule is not tabulated


@dataclass(frozen=True, slots=True)
class Target:
    """A member that can be carried along by the cascade, with its influencers."""

    index: int
    """The member."""
    sources: tuple[int, ...]
    """Its influencers."""
    weights: tuple[float, ...]
    """Their weights."""
    threshold: float
    """Its threshold."""


def _tipping(sub: Floats, t: Target) -> Floats:
    """Per trial: the first move of one of ``t``'s influencers at which their summed weight reaches its threshold."""
    import numpy as np

    cols = [sub[:, j] for j in t.sources]  # contiguous: ``sub`` is column-major
    need = t.threshold - _EPS
    tipped = np.full(sub.shape[0], np.inf)
    for a, ta in enumerate(cols):
        if sum(t.weights) < need:
            break
        summed = np.full(sub.shape[0], t.weights[a])
        for b, tb in enumerate(cols):
            if b != a:
                summed += (tb <= ta) * t.weights[b]  # the support it has once influencer a has moved
        ok = (summed >= need) & (ta >= 0)  # declared supporters (time < 0) count but do not trigger
        np.minimum(tipped, np.where(ok, ta, np.inf), out=tipped)
    return tipped


def _sweep(e: Floats, own: Floats, targets: Sequence[Target]) -> None:
    """Lower ``e`` (column-major) in place to the cascade's fixpoint with the general rule of :func:`_tipping`.

    Sweeps over the targets (Gauss-Seidel: a sweep sees the times lowered earlier in it) until
    nothing changes; after the first sweep only the trials that changed in the last one are
    swept again (a trial whose times a whole sweep left alone is at its fixpoint).
    """
    import numpy as np

    rows: Ints | None = None
    while True:
        sub = e if rows is None else np.asfortranarray(e[rows])
        own_sub = own if rows is None else own[rows]
        moved = np.zeros(sub.shape[0], dtype=bool)
        for t in targets:
            new = np.minimum(own_sub[:, t.index], _tipping(sub, t))
            lower = new < sub[:, t.index]
            if lower.any():
                sub[:, t.index] = new
                moved |= lower
        if rows is not None:
            e[rows] = sub
        rows = np.flatnonzero(moved) if rows is None else rows[moved]
        if rows.size == 0:
            return


@dataclass(frozen=True, slots=True)
class _Rule:
    """A target's tipping rule once its fixed influencers are folded in (see :func:`_rule`)."""

    index: int
    """The member."""
    sources: tuple[int, ...]
    """Its influencers that can trigger (times ≥ 0 in every trial), in the order of ``Target.sources``."""
    count: int
    """If > 0: it tips at the ``count``-th earliest of their times; if 0: ``table`` decides."""
    table: tuple[bool, ...]
    """``table[mask]``: whether the influencers in ``mask`` (bit ``j`` for ``sources[j]``) reach the threshold."""


def _rule(t: Target, fixed: Sequence[bool]) -> _Rule | None:
    """``t``'s rule when the influencers flagged ``fixed`` (time < 0 in every trial) always count and never trigger.

    The sums are the ones :func:`_tipping` forms, in its order. ``None`` when the answer for a
    set of moved influencers depends on which of them moved last (rounding), when a larger set
    can fail where a smaller one succeeds, or when there are too many influencers to tabulate:
    the cascade then runs :func:`_sweep`. Otherwise the tipping time is monotone in the
    influencers' times, so the fixpoint does not depend on the order of the updates.
    """
    free = [a for a in range(len(t.sources)) if not fixed[a]]
    need = t.threshold - _EPS
    if free and len(set(t.weights)) == 1:
        # every influencer weighs the same: the sum :func:`_tipping` forms for any ``m`` moved ones (and the fixed ones)
        # is the same fold of equal terms whatever their order, so the rule tips at the ``count``-th earliest time
        # (however many influencers there are; 32 allies all linked at 0.1 each tip at the fifth)
        summed, count = 0.0, 0
        for _ in range(len(t.sources) - len(free)):
            summed += t.weights[0]
        for m in range(1, len(free) + 1):
            summed += t.weights[0]
            if summed >= need:
                count = m
                break
        return _Rule(t.index, tuple(t.sources[a] for a in free), count, ())
    if len(free) > _TABLE_MAX:
        return None
    sources = tuple(t.sources[a] for a in free)
    if not free or sum(t.weights) < need:
        return _Rule(t.index, sources, 0, (False,) * (1 << len(free)))
    table: list[bool] = []
    for mask in range(1 << len(free)):
        moved = [a for j, a in enumerate(free) if mask >> j & 1]
        counted = {a for a in range(len(t.sources)) if fixed[a]} | set(moved)
        verdicts = set()
        for a in moved:
            summed = t.weights[a]
            for b in range(len(t.sources)):
                if b != a and b in counted:
                    summed += t.weights[b]
            verdicts.add(summed >= need)
        if len(verdicts) > 1:
            return None
        table.append(verdicts.pop() if verdicts else False)
    if any(table[mask] and not table[mask | 1 << j] for mask in range(len(table)) for j in range(len(free))):
        return None
    by_size: dict[int, set[bool]] = {}
    for mask in range(1, len(table)):
        by_size.setdefault(mask.bit_count(), set()).add(table[mask])
    if all(len(v) == 1 for v in by_size.values()):
        sizes = [k for k, v in sorted(by_size.items()) if True in v]
        return _Rule(t.index, sources, sizes[0] if sizes else 0, tuple(table))
    return _Rule(t.index, sources, 0, tuple(table))


def _order(rules: Sequence[_Rule]) -> list[_Rule]:
    """``rules`` in an order in which most influence edges point forward (greedy heuristic of Eades, Lin and Smyth).

    A sweep carries a cascade along every forward edge at once, so a good order needs fewer
    sweeps; any order reaches the same fixpoint.
    """
    by_index = {r.index: r for r in rules}
    inn = {r.index: set(r.sources) & by_index.keys() - {r.index} for r in rules}
    out: dict[int, set[int]] = {i: set() for i in by_index}
    for i, sources in inn.items():
        for s in sources:
            out[s].add(i)
    head: list[int] = []
    tail: list[int] = []
    left = set(by_index)
    while left:
        changed = True
        while changed:
            changed = False
            for i in sorted(left):
                if not out[i] & left:
                    tail.append(i)
                    left.discard(i)
                    changed = True
            for i in sorted(left):
                if not inn[i] & left:
                    head.append(i)
                    left.discard(i)
                    changed = True
        if left:
            i = max(sorted(left), key=lambda i: len(out[i] & left) - len(inn[i] & left))
            head.append(i)
            left.discard(i)
    return [by_index[i] for i in head + tail[::-1]]


def _earliest(e: Floats, r: _Rule) -> Floats:
    """Per trial: when rule ``r`` tips, given the current times ``e`` (column-major)."""
    import numpy as np

    cols = [e[:, s] for s in r.sources]
    k, c = len(cols), r.count
    if c == 1 or c == k:
        pick = np.minimum if c == 1 else np.maximum
        out = cols[0].copy()
        for x in cols[1:]:
            pick(out, x, out=out)
        return out
    if c == 2 and k == 3:  # the median
        lo = np.minimum(cols[0], cols[1])
        hi = np.maximum(cols[0], cols[1])
        np.minimum(hi, cols[2], out=hi)
        np.maximum(lo, hi, out=lo)
        return lo
    if c > 0:  # the c-th earliest: one copy of the columns, row-major, partitioned along the rows
        both: Floats = np.partition(np.ascontiguousarray(e[:, list(r.sources)]), c - 1, axis=1)[:, c - 1]
        return both
    table = np.asarray(r.table, dtype=bool)
    out = np.full(e.shape[0], np.inf)
    for j, ta in enumerate(cols):
        mask = np.full(e.shape[0], 1 << j, dtype=np.intp)
        for b, tb in enumerate(cols):
            if b != j:
                mask |= (tb <= ta).astype(np.intp) << b
        np.minimum(out, np.where(table[mask], ta, np.inf), out=out)
    return out


def _cascade(e: Floats, own: Floats, targets: Sequence[Target]) -> None:
    """Lower ``e`` (column-major, equal to ``own``) in place to the cascade's fixpoint (see the module docstring).

    An influencer whose time is < 0 in every trial (a declared supporter) always counts and
    never triggers, so it is folded into its followers' rules (:func:`_rule`). When every rule
    is then monotone, the targets are updated one at a time (Gauss-Seidel) in a good order
    (:func:`_order`), each only after one of its influencers has changed since its last update,
    with whole columns at once; a rule tips at an order statistic of its influencers' times, or
    by table. The fixpoint is the same as :func:`_sweep`'s; that general sweep is kept for the
    rules this cannot express.
    """
    import numpy as np

    if not targets or e.shape[0] == 0:
        return
    sign: dict[int, bool | None] = {}  # True: < 0 in every trial, False: >= 0 in every trial
    for s in sorted({s for t in targets for s in t.sources}):
        sign[s] = True if e[:, s].max() < 0 else False if e[:, s].min() >= 0 else None
    rules: list[_Rule] = []
    for t in targets:
        fixed = [sign[s] for s in t.sources]
        r = None if None in fixed else _rule(t, [f is True for f in fixed])
        if r is None:
            _sweep(e, own, targets)
            return
        if any(r.table) or r.count:
            rules.append(r)
    ordered = _order(rules)
    changed: dict[int, int] = {}  # member -> clock of its last change
    seen: dict[int, int] = {}  # member -> clock of its last update
    clock = 0
    busy = True
    while busy:
        busy = False
        for r in ordered:
            last = seen.get(r.index)
            if last is not None and all(changed.get(s, 0) < last for s in r.sources):
                continue  # nothing it depends on has moved since its last update
            busy = True
            clock += 1
            seen[r.index] = clock
            tip = _earliest(e, r)
            col = e[:, r.index]
            if (tip < col).any():
                np.minimum(col, tip, out=col)
                changed[r.index] = clock


def effective_times(targets: Sequence[Target], own: Floats) -> Floats:
    """When every member supports, given when each would move on its own (the cascade applied)."""
    import numpy as np

    e = np.array(own, order="F")
    _cascade(e, own, targets)
    return e
