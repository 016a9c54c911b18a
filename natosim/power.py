"""Exact voting power (Banzhaf, Shapley–Shubik) and rules compared side by side.

Every rule natosim knows is a *threshold-by-size* game: each member has an integer weight
``w`` and a coalition ``S`` wins iff ``w(S) >= theta[|S|]``, where ``theta`` is non-increasing in the
size (``theta[s] = 0``: every coalition of that size wins; ``theta[s] = W + 1``: none does).
Unanimity is ``theta[n] = 0`` and ``W + 1`` below; the EU double majority is ``theta[s] = 65% of
the population`` from 55% of the members on and ``0`` once fewer than four members are left
out (the blocking-minority clause).

A member ``i`` *swings* for a coalition ``S`` without it when ``S`` loses and ``S + i`` wins, i.e. when
``theta[s + 1] - w_i <= w(S) < theta[s]`` with ``s = |S|``. Everything is counted exactly, as
Python integers, by size of ``S``; floats appear only in the final ratios:

- Banzhaf: ``swings_i / sum_j swings_j`` (normalised) and ``swings_i / 2**(n-1)`` (absolute).
- Shapley–Shubik: ``sum_s swings_i(s) * s! * (n-1-s)! / n!``.

Two exact counting engines:

- *packed generating function* (small total weight ``W``): the counts of subsets by (size,
  weight) are kept as one Python integer per size, with one fixed-width bit slot per weight
  (Kronecker substitution); adding a member of weight ``w`` is ``row[s+1] += row[s] << w*slot``
  and removing one is the inverse recurrence. Cost ~ ``n**2 * W`` word operations.
- *meet in the middle* (large weights, such as populations, and up to 40 members): the other
  members are split in two halves, the subset sums of each half are enumerated with numpy and
  grouped by size, and pairs falling in each window are counted with ``searchsorted``. Cost
  ~ ``2**(n/2)`` per member.

numpy is imported inside the functions that use it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from natosim.errors import NatosimError
from natosim.model import Member, RuleSpec, Scenario, Verdict
from natosim.rules import Quota, Rule, Veto, rule_for

MAX_MITM_MEMBERS = 40
"""Most members the meet-in-the-middle engine accepts."""

MAX_PACKED_COST = 4 * 10**9
"""Largest estimated cost (machine-word operations) the packed engine accepts."""


@dataclass(frozen=True, slots=True)
class Game:
    """A simple game in threshold-by-size form: ``S`` wins iff ``sum of weights >= thresholds[|S|]``."""

    codes: tuple[str, ...]
    """Member codes, in the order of ``weights`` (sorted)."""
    weights: tuple[int, ...]
    """Non-negative integer weight of each member."""
    thresholds: tuple[int, ...]
    """``thresholds[s]`` for ``s = 0..n``: non-increasing, each in ``[0, total + 1]``."""
    veto: bool = False
    """Whether this is unanimity (or consensus): only the grand coalition wins."""

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.weights)

    @property
    def total(self) -> int:
        """Sum of the weights."""
        return sum(self.weights)

    def wins(self, coalition: Sequence[int]) -> bool:
        """Whether the members at these positions win together."""
        return sum(self.weights[i] for i in coalition) >= self.thresholds[len(coalition)]

    def dual(self) -> Game:
        """The blocking game: ``B`` wins in it iff the members outside ``B`` lose here."""
        total, n = self.total, self.n
        return dataclasses.replace(self, thresholds=tuple(total - self.thresholds[n - b] + 1 for b in range(n + 1)))


def game(members: Sequence[Member], rule: Rule | RuleSpec) -> Game:
    """The simple game a rule plays over these members (stances play no part).

    The thresholds are the rule's own :class:`~natosim.rules.Bar`: a coalition of ``s``
    members with weight ``w`` wins iff ``bar.passes(s, w)``, so ``run`` and ``power`` agree on
    every coalition.
    """
    judge = rule_for(rule) if isinstance(rule, RuleSpec) else rule
    ordered = sorted(members, key=lambda m: m.code)
    codes = tuple(m.code for m in ordered)
    n = len(ordered)
    if isinstance(judge, Veto):
        return Game(codes, (1,) * n, tuple(0 if s == n else n + 1 for s in range(n + 1)), veto=True)
    if not isinstance(judge, Quota):
        raise NatosimError(f"no power indices for the rule {type(judge).__name__}; expected a unanimity, consensus or weighted rule")
    weights = judge.weights(ordered)
    bar = judge.bar(weights)
    never = sum(weights) + 1
    return Game(codes, weights, tuple(min(bar.least_weight(s), never) if s >= bar.count else never for s in range(n + 1)))


# --- counting engines -----------------------------------------------------------------------------


def _packed_cost(n: int, total: int) -> int:
    return n * n * (total + 1) * (n + 2) // 64 + 1


def _mitm_cost(n: int) -> int:
    return n * (1 << ((n + 1) // 2)) * 40 if n <= MAX_MITM_MEMBERS else 1 << 200


def engine(g: Game) -> str:
    """``packed`` or ``mitm``: the cheaper exact engine for this game; an input error if neither fits."""
    packed, mitm = _packed_cost(g.n, g.total), _mitm_cost(g.n)
    if min(packed, mitm) > MAX_PACKED_COST:
        raise NatosimError(
            f"{g.n} members with a total weight of {g.total:,} are too many to count exactly; "
            f"expected at most {MAX_MITM_MEMBERS} members, or smaller integer weights"
        )
    return "packed" if packed <= mitm else "mitm"


def _slot_bits(n: int) -> int:
    return 32 * ((n + 2 + 31) // 32)


def _window_sum(row: int, lo: int, hi: int, bits: int) -> int:
    """Sum of the slots ``lo..hi-1`` of a packed row."""
    if hi <= lo or row == 0:
        return 0
    length = hi - lo
    chunk = (row >> (bits * lo)) & ((1 << (bits * length)) - 1)
    if chunk == 0:
        return 0
    if length <= 8:
        mask = (1 << bits) - 1
        return sum((chunk >> (bits * k)) & mask for k in range(length))
    import numpy as np

    limbs = np.frombuffer(chunk.to_bytes(bits * length // 8, "little"), dtype="<u4").reshape(length, bits // 32)
    sums = limbs.sum(axis=0, dtype=np.uint64)
    return sum(int(v) << (32 * k) for k, v in enumerate(sums.tolist()))


def _reach(g: Game) -> int:
    """Slots a packed row needs: every finite threshold is at most this (``never`` is ``total + 1``)."""
    return max((t for t in g.thresholds if t <= g.total), default=0)


def _packed_rows(weights: Sequence[int], bits: int, reach: int) -> list[int]:
    """``rows[s]``: the subsets of size ``s`` counted by weight, one ``bits``-wide slot per weight below ``reach``."""
    mask = (1 << (bits * reach)) - 1
    rows = [1 & mask] + [0] * len(weights)
    for j, w in enumerate(weights):
        shift = bits * w
        for s in range(j + 1, 0, -1):
            if rows[s - 1]:
                rows[s] = (rows[s] + (rows[s - 1] << shift)) & mask
    return rows


def _count(row: int, lo: int, hi: int, *, bits: int, top: int, everything: int) -> int:
    """Subsets in a truncated packed row weighing ``lo <= x < hi``.

    ``top`` is the heaviest possible weight and ``everything`` the number of subsets of the row's
    size; a window without upper limit (``hi > top``) is counted as everything minus the slots below ``lo``.
    """
    lo = max(lo, 0)
    if hi > top:
        return 0 if lo > top else everything - _window_sum(row, 0, lo, bits)
    return _window_sum(row, lo, hi, bits)


def _mitm_counts(weights: Sequence[int], lo: Sequence[int], hi: Sequence[int]) -> list[int]:
    """For each size ``s``: the subsets of ``weights`` of that size whose weight is in ``[lo[s], hi[s])``."""
    import numpy as np

    m = len(weights)
    half = m // 2

    def subsets(ws: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        sums = np.zeros(1, dtype=np.int64)
        sizes = np.zeros(1, dtype=np.int64)
        for w in ws:
            sums = np.concatenate((sums, sums + w))
            sizes = np.concatenate((sizes, sizes + 1))
        return sums, sizes

    a_sum, a_size = subsets(weights[:half])
    b_sum, b_size = subsets(weights[half:])
    order = np.argsort(-a_sum, kind="stable")  # near-monotone queries search faster
    a_sum, a_size = a_sum[order], a_size[order]
    lo_arr = np.asarray(lo, dtype=np.int64)
    hi_arr = np.asarray(hi, dtype=np.int64)
    out = [0] * (m + 1)
    for sb in range(m - half + 1):
        group = np.sort(b_sum[b_size == sb])
        size = a_size + sb
        low = np.searchsorted(group, lo_arr[size] - a_sum, side="left")
        high = np.searchsorted(group, hi_arr[size] - a_sum, side="left")
        # counts < 2**40 are exact in float64
        for s, c in enumerate(np.bincount(size, weights=np.maximum(high - low, 0), minlength=m + 1).tolist()):
            out[s] += int(c)
    return out


def _swings_by_size(g: Game, method: str | None = None) -> list[list[int]]:
    """``result[i][s]``: coalitions of size ``s`` without member ``i`` for which ``i`` swings."""
    n = g.n
    if (method or engine(g)) == "packed":
        # S is a swing for i in g iff N - S - i is one in the dual game: count in whichever needs fewer slots
        dual = g.dual()
        use = dual if _reach(dual) < _reach(g) else g
        theta, reach, total = use.thresholds, _reach(use), use.total
        bits = _slot_bits(n)
        mask = (1 << (bits * reach)) - 1
        full = _packed_rows(use.weights, bits, reach)
        per_weight: dict[int, list[int]] = {}
        for w in sorted(set(use.weights)):
            shift = bits * w
            rows = [full[0]]
            for s in range(1, n):
                rows.append(full[s] - ((rows[s - 1] << shift) & mask))
            counts = [
                _count(rows[s], theta[s + 1] - w, theta[s], bits=bits, top=total - w, everything=math.comb(n - 1, s)) for s in range(n)
            ]
            per_weight[w] = counts[::-1] if use is dual else counts
        return [per_weight[w] for w in g.weights]
    theta = g.thresholds
    result = []
    for i, w in enumerate(g.weights):
        others = g.weights[:i] + g.weights[i + 1 :]
        lo = [theta[s + 1] - w for s in range(n)]
        result.append(_mitm_counts(others, lo, theta[:n]))
    return result


def minimal_count(g: Game, *, method: str | None = None) -> int:
    """Number of minimal winning coalitions (removing any member makes them lose).

    ``method`` forces an engine (``packed`` or ``mitm``); by default the cheaper one is used.
    """
    n, theta = g.n, g.thresholds
    if theta[0] <= 0:
        return 1  # the empty coalition already wins
    order = sorted(range(n), key=lambda i: (g.weights[i], i))
    weights = [g.weights[i] for i in order]
    # S = {k} + T, k its lightest member (ties: first in order), T from the members after k.
    # S wins and S - k loses: theta[|T|+1] - w_k <= w(T) < theta[|T|].
    count = 0
    if (method or engine(g)) == "packed":
        bits, reach = _slot_bits(n), _reach(g)
        mask = (1 << (bits * reach)) - 1
        rows = [1 & mask] + [0] * n
        top = 0  # weight of the members after k
        for k in range(n - 1, -1, -1):
            w, m = weights[k], n - 1 - k
            count += sum(_count(rows[t], theta[t + 1] - w, theta[t], bits=bits, top=top, everything=math.comb(m, t)) for t in range(m + 1))
            shift = bits * w
            for s in range(m + 1, 0, -1):
                if rows[s - 1]:
                    rows[s] = (rows[s] + (rows[s - 1] << shift)) & mask
            top += w
        return count
    for k in range(n):
        w = weights[k]
        rest = weights[k + 1 :]
        lo = [theta[t + 1] - w for t in range(len(rest) + 1)]
        count += sum(_mitm_counts(rest, lo, theta[: len(rest) + 1]))
    return count


def smallest_minimal(g: Game, limit: int, budget: int = 200_000) -> tuple[tuple[int, ...], ...]:
    """Up to ``limit`` minimal winning coalitions of the fewest members (heaviest members first)."""
    n, theta = g.n, g.thresholds
    if theta[0] <= 0 or limit <= 0:
        return ((),) if theta[0] <= 0 and limit > 0 else ()
    order = sorted(range(n), key=lambda i: (-g.weights[i], i))
    weights = [g.weights[i] for i in order]
    found: list[tuple[int, ...]] = []
    steps = 0

    def search(size: int, start: int, picked: list[int], weight: int) -> Iterator[tuple[int, ...]]:
        nonlocal steps
        steps += 1
        left = size - len(picked)
        if left == 0:
            if weight >= theta[size] and weight - weights[picked[-1]] < theta[size - 1]:
                yield tuple(sorted(order[p] for p in picked))
            return
        if steps > budget or n - start < left:
            return
        if weight >= theta[size - 1]:
            return  # the first size-1 members alone already win: not minimal
        best = weight + sum(weights[start : start + left])
        if best < theta[size]:
            return
        for p in range(start, n - left + 1):
            if weight + sum(weights[p : p + left]) < theta[size]:
                break
            picked.append(p)
            yield from search(size, p + 1, picked, weight + weights[p])
            picked.pop()

    for size in range(1, n + 1):
        for coalition in search(size, 0, [], 0):
            found.append(coalition)
            if len(found) == limit:
                return tuple(found)
        if steps > budget:
            break
    return tuple(found)


# --- results ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberPower:
    """One member's voting power."""

    code: str
    """Member code."""
    name: str
    """English name."""
    weight: int
    """Integer weight in the game (population, declared weight scaled to integers, or 1)."""
    swings: int
    """Coalitions without it that lose, but win once it joins."""
    swings_by_size: tuple[int, ...]
    """Those coalitions counted by size (0..n-1)."""
    banzhaf: float
    """Normalised Banzhaf index: its swings over everybody's swings."""
    banzhaf_absolute: float
    """Absolute (Penrose–)Banzhaf index: its swings over ``2**(n-1)``."""
    shapley_shubik: float
    """Shapley–Shubik index: the share of member orderings in which it is pivotal."""
    shapley_exact: Fraction
    """The Shapley–Shubik index as an exact fraction."""


@dataclass(frozen=True, slots=True)
class Coalitions:
    """The minimal winning (or blocking) coalitions of a game."""

    count: int
    """How many there are."""
    smallest: tuple[tuple[str, ...], ...]
    """Some with the fewest members (codes sorted), at most the requested number."""
    size: int | None
    """The fewest members any of them has (``None`` when there are none)."""


@dataclass(frozen=True, slots=True)
class PowerReport:
    """Voting power of every member under one rule, treating every member as a free voter."""

    rule: RuleSpec
    """The rule analysed."""
    members: tuple[MemberPower, ...]
    """One entry per member, sorted by code."""
    total_swings: int
    """Sum of all members' swings."""
    winning: Coalitions
    """Minimal winning coalitions."""
    blocking: Coalitions
    """Minimal blocking coalitions (their members together can stop any decision)."""
    veto: tuple[str, ...]
    """Members without whom nothing is adopted (veto players), sorted."""
    degenerate: str
    """Why the answer is trivial (unanimity, consensus, nobody can win), or ``""``."""
    engine: str
    """``packed`` or ``mitm``: how the counts were obtained."""


def indices(g: Game, *, method: str | None = None) -> tuple[list[list[int]], list[Fraction]]:
    """Swings of every member by coalition size, and the exact Shapley–Shubik indices.

    ``method`` forces an engine (``packed`` or ``mitm``); by default the cheaper one is used.
    """
    n = g.n
    by_size = _swings_by_size(g, method)
    fact = [math.factorial(k) for k in range(n + 1)]
    shapley = [Fraction(sum(c * fact[s] * fact[n - 1 - s] for s, c in enumerate(row)), fact[n]) for row in by_size]
    return by_size, shapley


def _coalitions(g: Game, limit: int) -> Coalitions:
    smallest = smallest_minimal(g, limit)
    count = minimal_count(g)
    named = tuple(tuple(sorted(g.codes[i] for i in c)) for c in smallest)
    return Coalitions(count, named, len(named[0]) if named else None)


def power(members: Sequence[Member], rule: RuleSpec, *, limit: int = 10) -> PowerReport:
    """Exact Banzhaf and Shapley–Shubik indices, swings and minimal coalitions under ``rule``."""
    if not members:
        raise NatosimError("no members; expected at least one")
    g = game(members, rule)
    names = {m.code: m.name for m in members}
    by_size, shapley = indices(g)
    swings = [sum(row) for row in by_size]
    total = sum(swings)
    half = 1 << (g.n - 1)
    out = tuple(
        MemberPower(
            code=code,
            name=names[code],
            weight=g.weights[i],
            swings=swings[i],
            swings_by_size=tuple(by_size[i]),
            banzhaf=swings[i] / total if total else 0.0,
            banzhaf_absolute=swings[i] / half,
            shapley_shubik=float(shapley[i]),
            shapley_exact=shapley[i],
        )
        for i, code in enumerate(g.codes)
    )
    winning = _coalitions(g, limit)
    blocking = _coalitions(g.dual(), limit)
    veto_codes = _veto_players(g)
    degenerate = ""
    if g.veto:
        degenerate = (
            f"under {rule.name} every member is a veto player: the only winning coalition is all {g.n} members together, "
            f"each member swings exactly once and every index is 1/{g.n}"
        )
    elif total == 0:
        degenerate = "no member can ever change the outcome (no coalition wins, or every one does): every index is 0"
    return PowerReport(rule, out, total, winning, blocking, veto_codes, degenerate, engine(g))


def _veto_players(g: Game) -> tuple[str, ...]:
    """Members whose absence makes every coalition lose."""
    out = []
    for i, code in enumerate(g.codes):
        others = [j for j in range(g.n) if j != i]
        if not g.wins(others):
            out.append(code)
    return tuple(sorted(out))


# --- comparing rules --------------------------------------------------------------------------------


STANDARD_RULES = ("unanimity", "consensus", "majority", "qualified-majority")
"""The named rules ``compare-rules`` always shows."""


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """The verdicts of a scenario under one rule."""

    rule: RuleSpec
    """The rule."""
    verdicts: tuple[Verdict, ...]
    """One per candidate still in the race, in file order (empty when ``unavailable``)."""
    unavailable: str = ""
    """Why the rule cannot be applied to this body (e.g. no populations), or ``""``."""


def compare_rules(scenario: Scenario, *, extra: Sequence[RuleSpec] = ()) -> tuple[RuleOutcome, ...]:
    """The verdicts under every standard rule, the scenario's own rule and ``extra`` rules, in that order."""
    from natosim.analysis import evaluate
    from natosim.scenario import rule_spec, unweighable

    specs: list[RuleSpec] = [rule_spec(name) for name in STANDARD_RULES]
    for spec in (scenario.rule, *extra):
        if spec not in specs:
            specs.append(spec)
    out = []
    for spec in specs:
        missing = unweighable(spec, scenario.members)
        if missing is not None:
            out.append(RuleOutcome(spec, (), f"member {missing} has no population"))
            continue
        report = evaluate(dataclasses.replace(scenario, rule=spec))
        out.append(RuleOutcome(spec, report.verdicts))
    return tuple(out)
