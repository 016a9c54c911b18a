"""Forecasts: the probability that a candidate is adopted by a deadline (Monte Carlo).

The model (``docs/forecast.md`` states it with its assumptions):

* Time runs from ``as_of`` (0) to the deadline (1), measured as a share of the horizon.
* Every member that does not support the candidate moves to support on its own at a random
  time with a constant hazard calibrated so that it has moved by the deadline with probability
  ``p_move`` (its stated ``p_move``, else a default from its stance and ``cost``): the time is
  ``ln(1 - U) / ln(1 - p_move)`` horizons for ``U`` uniform on [0, 1).
* A rival candidate with ``on_withdraw`` stances withdraws at a random time in the same way
  (``p_withdraw`` from its ``withdraw_cost``); the members it sends to support move then.
* The influence cascade of ``natosim.cascade`` runs in date order: a member that does not
  support moves at the first moment one of its influencers moves while the summed weight of its
  supporting influencers reaches its threshold (declared supporters count but do not trigger).
* The candidate is adopted at the first moment the rule holds: for veto rules (unanimity,
  consensus) when the last of today's blockers moves; for quota rules when the supporters first
  reach the quota.

Everything is vectorised over trials with numpy (imported inside the functions). The same seed
gives the same result, whatever the caller does with the progress callback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from natosim import paths, rules, step
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

BASE_P_MOVE = {Stance.UNDECIDED: 0.5, Stance.ABSTAIN: 0.4, Stance.OPPOSE: 0.25}
"""Default probability of moving by the deadline at ``cost = 1``, by stance (no ``p_move`` given)."""

BASE_P_WITHDRAW = 0.3
"""Default probability that a rival withdraws by the deadline at ``withdraw_cost = 1``."""

CHUNK = 20_000
"""Trials simulated together; fixed, so that the random stream does not depend on anything else."""

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""

_ALREADY = -1.0  # the time of a member that supports on as_of
_EPS = 1e-12  # the same tolerance as natosim.cascade and natosim.rules
_P_MAX = 1.0 - 1e-9  # p_move = 1 is taken as this (a constant hazard cannot reach certainty)
_TABLE_MAX = 8  # influencers (that can trigger) beyond which a target's rule is not tabulated

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` (in trials) after each chunk."""


def default_p_move(stance: Stance, cost: float) -> float:
    """The probability of moving by the deadline for a member without ``p_move``.

    The base for its stance (undecided moves more readily than oppose) with the hazard divided
    by its ``cost``: ``1 - (1 - base) ** (1 / cost)``. A supporter has already moved (1).
    """
    if stance is Stance.SUPPORT:
        return 1.0
    return 1.0 - math.pow(1.0 - BASE_P_MOVE[stance], 1.0 / cost)


def default_p_withdraw(withdraw_cost: float) -> float:
    """The probability that a rival withdraws by the deadline: ``1 - 0.7 ** (1 / withdraw_cost)``."""
    return 1.0 - math.pow(1.0 - BASE_P_WITHDRAW, 1.0 / withdraw_cost)


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
    """Probability that it moves on its own by the deadline (stated or default)."""
    stated: bool
    """Whether ``p_move`` comes from the scenario (else it is the default)."""
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
    """Probability that it withdraws by the deadline (0 when withdrawals are off)."""
    moves: tuple[str, ...]
    """Members its withdrawal moves to support, sorted."""


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

    @property
    def p_consensus(self) -> float:
        """Probability of adoption by the deadline (share of trials)."""
        return self.hits / self.trials

    @property
    def ci95(self) -> tuple[float, float]:
        """95% Wilson interval of :attr:`p_consensus`."""
        return wilson(self.hits, self.trials)

    @property
    def horizon(self) -> int:
        """Days from ``as_of`` to the deadline."""
        return (self.deadline - self.scenario.as_of).days

    def p_by(self, day: date) -> float:
        """Probability of adoption on or before ``day`` (capped to the deadline)."""
        d = min((day - self.scenario.as_of).days, self.horizon)
        return sum(self.by_day[: d + 1]) / self.trials if d >= 0 else 0.0

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
        """The single intervention that raises the probability most, if any raises it."""
        return self.options[0] if self.options and self.options[0].gain > 0 else None


# --- the compiled model -----------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Plan:
    """A scenario compiled for simulation: members as indices into the sorted member list."""

    codes: tuple[str, ...]
    """Member codes, sorted."""
    p_move: tuple[float, ...]
    """Probability of moving by the deadline, per member (1 for supporters)."""
    supporting: tuple[bool, ...]
    """Whether each member supports on ``as_of``."""
    rival_ids: tuple[str, ...]
    """Rivals whose withdrawal moves members to support."""
    rival_cols: tuple[int, ...]
    """Per rival: its position among the scenario's declared candidates (its column of random draws)."""
    rivals: tuple[tuple[int, ...], ...]
    """Per rival: the members its withdrawal moves to support."""
    p_withdraw: tuple[float, ...]
    """Per rival: probability of withdrawing by the deadline."""
    targets: tuple[Target, ...]
    """Members that can be carried along by the cascade (empty without cascade)."""
    blockers: tuple[int, ...]
    """Members blocking on ``as_of`` (veto rules: all of them must move)."""
    bar: rules.Bar | None
    """What the quota rule asks of the supporters, or ``None`` for a veto rule."""
    weights: tuple[int, ...]
    """Member weights under the quota rule (exact integers)."""
    adopted_now: bool
    """Whether the candidate is adopted on ``as_of``."""


def compile_plan(scenario: Scenario, candidate: str, *, with_cascade: bool = True, withdrawals: bool = True) -> Plan:
    """Compile ``scenario`` for simulating the adoption of ``candidate``."""
    from natosim import cascade

    codes = tuple(m.code for m in scenario.members)
    index = {c: i for i, c in enumerate(codes)}
    stances = scenario.stances[candidate]
    supporting = tuple(stances[c] is Stance.SUPPORT for c in codes)
    p_move = []
    for c in codes:
        pos = scenario.positions[c]
        p_move.append(
            1.0 if stances[c] is Stance.SUPPORT else (pos.p_move if pos.p_move is not None else default_p_move(stances[c], pos.cost))
        )
    rival_ids: list[str] = []
    rival_cols: list[int] = []
    rivals: list[tuple[int, ...]] = []
    p_withdraw: list[float] = []
    for r in scenario.active:
        moved = tuple(sorted(index[c] for c, s in r.on_withdraw if s is Stance.SUPPORT and not supporting[index[c]]))
        if r.id != candidate and moved:
            rival_ids.append(r.id)
            rival_cols.append([c.id for c in scenario.candidates].index(r.id))
            rivals.append(moved)
            p_withdraw.append(default_p_withdraw(r.withdraw_cost) if withdrawals else 0.0)
    targets: list[Target] = []
    if with_cascade:
        net = cascade.network(scenario)
        for c, pairs in net.inn.items():
            if not supporting[index[c]]:
                targets.append(Target(index[c], tuple(index[s] for s, _ in pairs), tuple(w for _, w in pairs), net.threshold[c]))
    judge = rules.rule_for(scenario.rule)
    weights = judge.weights(scenario.members) if isinstance(judge, rules.Quota) else ()
    bar = judge.bar(weights) if isinstance(judge, rules.Quota) else None
    return Plan(
        codes=codes,
        p_move=tuple(p_move),
        supporting=supporting,
        rival_ids=tuple(rival_ids),
        rival_cols=tuple(rival_cols),
        rivals=tuple(rivals),
        p_withdraw=tuple(p_withdraw),
        targets=tuple(sorted(targets, key=lambda t: t.index)),
        blockers=tuple(index[c] for c in judge.blockers(scenario.members, stances)),
        bar=bar,
        weights=weights,
        adopted_now=judge.adopted(scenario.members, stances),
    )


def _times(u: Floats, p: Sequence[float]) -> Floats:
    """Move times (in horizons) for uniforms ``u`` (trials × k) and probabilities ``p`` (k)."""
    import numpy as np

    pv = np.minimum(np.asarray(p, dtype=np.float64), _P_MAX)
    rate = -np.log1p(-pv)  # hazard per horizon; 0 where p = 0
    with np.errstate(divide="ignore"):
        out: Floats = -np.log1p(-u) / rate
    return out


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
    if c > 0:
        both: Floats = np.partition(np.stack(cols, axis=1), c - 1, axis=1)[:, c - 1]
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


def effective_times(plan: Plan, own: Floats) -> Floats:
    """When every member supports, given when each would move on its own (cascade applied)."""
    import numpy as np

    e = np.array(own, order="F")
    _cascade(e, own, plan.targets)
    return e


def _adoption(plan: Plan, e: Floats, own: Floats) -> tuple[Floats, Ints]:
    """Per trial: when the candidate is adopted (inf: never) and whose move completed it (-1: nobody)."""
    import numpy as np

    m = e.shape[0]
    if plan.adopted_now:
        return np.full(m, _ALREADY), np.full(m, -1, dtype=np.int64)
    if plan.bar is None:
        b = np.asarray(plan.blockers, dtype=np.int64)
        sub = e[:, b]
        key = sub + 1e-9 * (sub == own[:, b])  # in a tie, the member that moved on its own is the last holdout
        last = key.argmax(axis=1)
        return sub.max(axis=1), b[last].astype(np.int64)
    bar = plan.bar
    order = np.argsort(e, axis=1, kind="stable")
    ts = np.take_along_axis(e, order, axis=1)
    big = sum(plan.weights) >= 2**62
    wv = np.asarray(plan.weights, dtype=object if big else np.int64)
    cum = np.cumsum(wv[order], axis=1)
    # Bar.passes over every prefix of the members in the order they move: the same comparison, per column
    need = np.asarray([bar.least_weight(k) for k in range(1, bar.n + 1)], dtype=object if big else np.int64)
    count = np.arange(1, bar.n + 1)
    ok = (count >= bar.count) & (cum >= need) & np.isfinite(ts)
    first = ok.argmax(axis=1)
    rows = np.arange(m)
    found = ok[rows, first]
    when = np.where(found, ts[rows, first], np.inf)
    who = np.where(found, order[rows, first], -1).astype(np.int64)
    return when, who


def simulate(plan: Plan, u: Floats, v: Floats) -> tuple[Floats, Ints, Floats]:
    """One batch: adoption times, last movers and effective times for uniforms ``u`` (members) and ``v`` (declared candidates)."""
    import numpy as np

    own = np.asfortranarray(_times(u, plan.p_move))
    own[:, np.asarray(plan.supporting, dtype=bool)] = _ALREADY
    if plan.rivals:
        gone = _times(v[:, list(plan.rival_cols)], plan.p_withdraw)
        for r, moved in enumerate(plan.rivals):
            for i in moved:
                np.minimum(own[:, i], gone[:, r], out=own[:, i])
    own[own > 1.0] = np.inf  # moves after the deadline change nothing before it
    e = effective_times(plan, own)
    when, who = _adoption(plan, e, own)
    return when, who, e


def resolve_deadline(scenario: Scenario, given: date | None) -> date:
    """The deadline: ``given`` (``--deadline``), else the scenario's ``deadline``; an input error if neither."""
    deadline = given if given is not None else scenario.deadline
    if deadline is None:
        raise NatosimError(
            "no deadline; expected --deadline YYYY-MM-DD on the command line or `deadline = YYYY-MM-DD` in the scenario",
            file=scenario.path,
        )
    if deadline < scenario.as_of:
        raise NatosimError(
            f"{deadline.isoformat()} is before the scenario's as_of {scenario.as_of.isoformat()}; expected a date on or after it",
            where="--deadline" if given is not None else "deadline",
        )
    return deadline


def forecast(
    scenario: Scenario,
    *,
    candidate: str,
    deadline: date,
    trials: int,
    seed: int | None = None,
    with_cascade: bool = True,
    withdrawals: bool = True,
    interventions: bool = True,
    progress: Progress | None = None,
) -> Forecast:
    """Simulate ``trials`` futures of ``scenario`` and tally adoption of ``candidate`` by ``deadline``.

    Each single intervention (flip, withdrawal, deal) is re-run on the same random draws
    (common random numbers), so the gains compare like with like.
    """
    import numpy as np

    if trials < 1:
        raise NatosimError(f"{trials} trials; expected at least 1", where="--trials")
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    horizon = (deadline - scenario.as_of).days
    plan = compile_plan(scenario, candidate, with_cascade=with_cascade, withdrawals=withdrawals)
    options = paths.interventions(scenario, candidate) if interventions else ()
    # each intervention is one step of natosim.step, made on as_of; the future is simulated from there
    plans = [
        compile_plan(
            step.apply(scenario, [o.change(candidate)], with_cascade=with_cascade).after,
            candidate,
            with_cascade=with_cascade,
            withdrawals=withdrawals,
        )
        for o in options
    ]

    rng = np.random.default_rng(seed)
    n = len(plan.codes)
    by_day = np.zeros(horizon + 1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    moved = np.zeros(n, dtype=np.int64)
    option_hits = [0] * len(options)
    done = 0
    while done < trials:
        m = min(CHUNK, trials - done)
        u = rng.random((m, n))
        v = rng.random((m, len(scenario.candidates)))
        when, who, e = simulate(plan, u, v)
        hit = when <= 1.0
        days = np.ceil(np.maximum(when[hit], 0.0) * horizon).astype(np.int64)
        by_day += np.bincount(np.minimum(days, horizon), minlength=horizon + 1)
        last += np.bincount(who[hit & (who >= 0)], minlength=n)
        moved += (e <= 1.0).sum(axis=0)
        for k, other in enumerate(plans):
            w, _, _ = simulate(other, u, v)
            option_hits[k] += int((w <= 1.0).sum())
        done += m
        if progress is not None:
            progress(done, trials)

    hits = int(by_day.sum())
    blockers = set(plan.blockers)
    allies = tuple(
        AllyOutlook(
            code=c,
            stance=scenario.stances[candidate][c],
            p_move=plan.p_move[i],
            stated=scenario.positions[c].p_move is not None,
            blocking=i in blockers,
            p_moved=int(moved[i]) / trials,
            p_last=int(last[i]) / trials,
        )
        for i, c in enumerate(plan.codes)
        if not plan.supporting[i]
    )
    rivals = tuple(
        RivalOutlook(rid, plan.p_withdraw[k], tuple(plan.codes[i] for i in plan.rivals[k])) for k, rid in enumerate(plan.rival_ids)
    )
    base = hits / trials
    opts = [Option(o.kind, o.target, o.cost, h, h / trials, h / trials - base) for o, h in zip(options, option_hits, strict=True)]
    order = {"flip": 0, "withdraw": 1, "deal": 2}
    opts.sort(key=lambda o: (-o.hits, o.cost, order[o.kind], o.target))
    return Forecast(
        scenario=scenario,
        candidate=candidate,
        deadline=deadline,
        trials=trials,
        seed=seed,
        hits=hits,
        by_day=tuple(int(x) for x in by_day),
        allies=allies,
        rivals=rivals,
        options=tuple(opts),
        with_cascade=with_cascade,
        withdrawals=withdrawals,
    )
