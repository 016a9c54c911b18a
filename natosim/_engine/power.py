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
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from natosim._engine.rules import COALITIONS_SHOWN, Abstention, AllOf, AnyRule, Council, Quota, Veto, rule_for
from natosim.errors import NatosimError
from natosim.model import Member, RuleSpec, Stance, WeightBasis

MAX_MITM_MEMBERS = 40
"""Most members the meet-in-the-middle engine accepts."""

PRECISION = 0.001
"""Widest half-width of the 95% intervals a Monte Carlo estimate stops at (per member, per index)."""

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


def _quota_game(codes: tuple[str, ...], ordered: Sequence[Member], judge: Quota) -> Game:
    weights = judge.weights(ordered)
    bar = judge.bar(weights)
    never = sum(weights) + 1
    return Game(codes, weights, tuple(min(bar.least_weight(s), never) if s >= bar.count else never for s in range(len(codes) + 1)))


def _counts_only(q: Quota) -> bool:
    """Whether a quota asks only for a number of supporters (the Security Council's nine; any quota of members)."""
    return (q.quota == 0 or q.basis is WeightBasis.ONE) and not q.votes and q.blocking_min == 0


def game(members: Sequence[Member], rule: AnyRule | RuleSpec) -> Game:
    """The simple game a rule plays over these members (stances play no part; a non-supporter votes no).

    The thresholds are the rule's own :class:`~natosim._engine.rules.Bar`: a coalition of ``s``
    members with weight ``w`` wins iff ``bar.passes(s, w)``, so ``run`` and ``power`` agree on
    every coalition. A :class:`~natosim._engine.rules.Council` that counts supporters only is the
    weighted game in which each of its ``k`` veto members weighs ``V = n - c + 1`` and every other
    member 1, with quota ``k V + max(c - k, 0)`` (the Security Council: 7, 1 and 39). Under
    constructive abstention a member that votes no blocks: the game is unanimity. Other rules
    (several quotas at once, a weighted quota with vetoes) are no single weighted game: see
    :class:`Compound`.
    """
    judge = rule_for(rule) if isinstance(rule, RuleSpec) else rule
    ordered = sorted(members, key=lambda m: m.code)
    codes = tuple(m.code for m in ordered)
    n = len(ordered)
    if isinstance(judge, Veto | Abstention):
        return Game(codes, (1,) * n, tuple(0 if s == n else n + 1 for s in range(n + 1)), veto=True)
    if isinstance(judge, Council) and _counts_only(judge.quota):
        vetoes = set(judge.vetoes(ordered))
        bar = judge.quota.bar((1,) * n)
        c = max(bar.count, bar.weight)  # fewest supporters (weight n + 1: never)
        if c > n:
            return Game(codes, (1,) * n, (n + 1,) * (n + 1))
        big = n - c + 1
        weights = tuple(big if code in vetoes else 1 for code in codes)
        need = len(vetoes) * big + max(c - len(vetoes), 0)
        return Game(codes, weights, (min(need, sum(weights) + 1),) * (n + 1))
    if isinstance(judge, Quota):
        return _quota_game(codes, ordered, judge)
    raise NatosimError(f"no single weighted game for the rule {type(judge).__name__}; expected a unanimity, consensus or quota rule")


@dataclass(frozen=True, slots=True)
class Compound:
    """A yes/no game that is no single weighted game: ``S`` wins iff it wins every part and holds every veto member."""

    codes: tuple[str, ...]
    """Member codes (sorted), the positions of every part."""
    parts: tuple[Game, ...]
    """Threshold-by-size games over the same members, each of which must be won."""
    vetoes: tuple[int, ...] = ()
    """Positions of the members without whom nothing wins."""

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.codes)

    def wins(self, coalition: Sequence[int]) -> bool:
        """Whether the members at these positions win together."""
        inside = set(coalition)
        return all(g.wins(coalition) for g in self.parts) and all(v in inside for v in self.vetoes)


def compound(members: Sequence[Member], rule: AnyRule | RuleSpec) -> Compound:
    """Any rule's yes/no game as parts (one part, no vetoes, for a rule :func:`game` takes)."""
    judge = rule_for(rule) if isinstance(rule, RuleSpec) else rule
    ordered = sorted(members, key=lambda m: m.code)
    codes = tuple(m.code for m in ordered)
    if isinstance(judge, AllOf):
        return Compound(codes, tuple(_quota_game(codes, ordered, q) for q in judge.parts))
    if isinstance(judge, Council) and not _counts_only(judge.quota):
        vetoes = set(judge.vetoes(ordered))
        return Compound(codes, (_quota_game(codes, ordered, judge.quota),), tuple(i for i, c in enumerate(codes) if c in vetoes))
    return Compound(codes, (game(ordered, judge),))


# --- who holds a verdict up -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Holdouts:
    """Who stands in the way of a candidate under a quota rule, as the members stand."""

    pivotal: tuple[str, ...]
    """Members whose single move to support gets it adopted, sorted."""
    smallest: tuple[tuple[str, ...], ...]
    """Some of the smallest blocking coalitions (codes sorted): non-supporters that, as they stand, block it even
    with every other member supporting; at most the requested number."""
    members: tuple[str, ...]
    """Every member that belongs to some smallest blocking coalition, sorted."""


def _blocking_games(judge: AnyRule, members: Sequence[Member], stances: Mapping[str, Stance], out: Sequence[int]) -> list[Game]:
    """Threshold-by-size games over the members at positions ``out`` (the non-supporters), each won by the sets that block
    the candidate one way: with everyone else supporting and the set as it stands, the candidate fails that condition."""
    codes = tuple(members[i].code for i in out)
    games: list[Game] = []

    def quota(q: Quota) -> Game:
        weights = q.weights(members)
        bar = q.bar(weights)
        n, total = len(members), sum(weights)
        mine = tuple(weights[i] for i in out)
        never = sum(mine) + 1
        thresholds = []
        for b in range(len(out) + 1):
            if n - b < bar.count:
                thresholds.append(0)
                continue
            least = bar.least_weight(n - b)
            thresholds.append(never if least == 0 else min(max(total - least + 1, 0), never))
        return Game(codes, mine, tuple(thresholds))

    def singles(flagged: Sequence[bool]) -> Game:
        return Game(codes, tuple(int(f) for f in flagged), (1,) * (len(out) + 1))

    if isinstance(judge, Quota):
        games.append(quota(judge))
    elif isinstance(judge, AllOf):
        games.extend(quota(q) for q in judge.parts)
    elif isinstance(judge, Council):
        games.append(quota(judge.quota))
        vetoes = set(judge.vetoes(members))
        games.append(singles([members[i].code in vetoes and stances[members[i].code] is Stance.OPPOSE for i in out]))
    elif isinstance(judge, Abstention):
        games.append(singles([stances[members[i].code] in judge.blocking for i in out]))
        # the clause: abstainers only, a third of the members holding a third of the population
        n, total = len(members), sum(m.population for m in members)
        abstaining = [members[i] for i in out if stances[members[i].code] is Stance.ABSTAIN]
        pops = tuple(m.population for m in abstaining)
        never = sum(pops) + 1
        thresholds = tuple(min(-(-total // 3), never) if 3 * b >= n else never for b in range(len(abstaining) + 1))
        games.append(Game(tuple(m.code for m in abstaining), pops, thresholds))
    return games


def _in_smallest(g: Game, size: int) -> set[int]:
    """Positions of the members in some winning coalition of ``size`` members, the fewest any has (so each is minimal).

    A member is in one iff it and the ``size - 1`` heaviest others win; a member of weight 0 can be, when
    the size is what blocks (the blocking-minority clause).
    """
    order = sorted(range(g.n), key=lambda i: (-g.weights[i], i))
    out = set()
    for i in range(g.n):
        others = [j for j in order if j != i][: size - 1]
        if g.weights[i] + sum(g.weights[j] for j in others) >= g.thresholds[size]:
            out.add(i)
    return out


def holdouts(judge: AnyRule, members: Sequence[Member], stances: Mapping[str, Stance], *, limit: int = COALITIONS_SHOWN) -> Holdouts:
    """The pivotal members and the smallest blocking coalitions of a candidate that does not meet a quota rule."""
    out = [i for i, m in enumerate(members) if stances[m.code] is not Stance.SUPPORT]
    pivotal = tuple(sorted(members[i].code for i in out if judge.adopted(members, {**stances, members[i].code: Stance.SUPPORT})))
    best: int | None = None
    found: list[tuple[str, ...]] = []
    inside: set[str] = set()
    for g in _blocking_games(judge, members, stances, out):
        listed = smallest_minimal(g, max(limit, 1))
        if not listed:
            continue
        size = len(listed[0])
        listed = tuple(c for c in listed if len(c) == size)  # the search goes on to larger sizes to fill the list
        if best is not None and size > best:
            continue
        if best is None or size < best:
            best, found, inside = size, [], set()
        found += [tuple(sorted(g.codes[i] for i in c)) for c in listed]
        inside |= {g.codes[i] for i in _in_smallest(g, size)} if size else set()
    smallest = tuple(sorted(set(found), key=lambda c: (len(c), c)))[:limit]
    return Holdouts(pivotal, smallest, tuple(sorted(inside)))


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

    prefix = [0, *itertools.accumulate(weights)]

    def heaviest(start: int, count: int) -> int:
        """The summed weight of the ``count`` members from position ``start`` (the heaviest still open)."""
        return prefix[start + count] - prefix[start]

    def search(size: int) -> Iterator[tuple[int, ...]]:
        """The minimal winning coalitions of ``size`` members, heaviest first: a depth-first search with its own
        stack (a body of 1,000 members under unanimity is 1,000 deep, beyond Python's recursion limit)."""
        nonlocal steps
        picked: list[int] = []
        frames: list[list[int]] = []  # per depth: [next position to try, weight of the members picked above]

        def enter(start: int, weight: int) -> Iterator[tuple[int, ...]]:
            """One node: a coalition when complete, else its frame pushed when it can still lead to one."""
            nonlocal steps
            steps += 1
            left = size - len(picked)
            if left == 0:
                if weight >= theta[size] and weight - weights[picked[-1]] < theta[size - 1]:
                    yield tuple(sorted(order[p] for p in picked))
            elif steps <= budget and n - start >= left and weight < theta[size - 1] and weight + heaviest(start, left) >= theta[size]:
                frames.append([start, weight])
                return
            if picked:
                picked.pop()

        yield from enter(0, 0)
        while frames:
            frame = frames[-1]
            p, weight = frame
            left = size - len(picked)
            if p > n - left or weight + heaviest(p, left) < theta[size]:
                frames.pop()
                if picked:
                    picked.pop()
                continue
            frame[0] = p + 1
            picked.append(p)
            yield from enter(p + 1, weight + weights[p])

    for size in range(1, n + 1):
        for coalition in search(size):
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
    """The Shapley–Shubik index as an exact fraction (an estimate: the share of sampled orderings, exactly)."""
    shapley_ci: tuple[float, float] | None = None
    """For an estimate: the 95% confidence interval of the Shapley–Shubik index; ``None`` when exact."""
    banzhaf_ci: tuple[float, float] | None = None
    """For an estimate: the 95% confidence interval of the normalised Banzhaf index (delta method); ``None`` when exact."""


@dataclass(frozen=True, slots=True)
class Coalitions:
    """The minimal winning (or blocking) coalitions of a game."""

    count: int
    """How many there are."""
    smallest: tuple[tuple[str, ...], ...]
    """Some with the fewest members (codes sorted), at most the requested number."""
    size: int | None
    """The fewest members any of them has (``None`` when there are none)."""
    counted: bool = True
    """False when the game is too large (or not one weighted game) to count or list them: ``count`` is then 0."""


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
    """``packed`` or ``mitm``: how the counts were obtained; ``monte-carlo`` for an estimate."""
    samples: int = 0
    """For an estimate: orderings sampled for Shapley–Shubik (each read both ways); 0 when exact."""
    seed: int | None = None
    """For an estimate: the seed of the random generator (same seed, same estimate); ``None`` when exact."""
    coalitions: int = 0
    """For an estimate: random coalitions sampled for Banzhaf (each with its complement); 0 when exact."""

    @property
    def estimated(self) -> bool:
        """Whether the indices are Monte Carlo estimates (each with its 95% interval) rather than exact."""
        return self.engine == "monte-carlo"


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


def exact_fits(c: Compound) -> bool:
    """Whether the indices of this game can be counted exactly (one weighted game that an exact engine takes)."""
    if len(c.parts) != 1 or c.vetoes:
        return False
    try:
        engine(c.parts[0])
    except NatosimError:
        return False
    return True


def power(members: Sequence[Member], rule: RuleSpec, *, limit: int = 10, seed: int = 1, precision: float = PRECISION) -> PowerReport:
    """Banzhaf and Shapley–Shubik indices, swings and minimal coalitions under ``rule``.

    Exact wherever an exact engine fits (equal or small integer weights at any size, e.g. a
    193-member body counting members; any weights up to 40 members). Otherwise (population
    weights over 40 members, several quotas at once) a seeded Monte Carlo estimate
    (:func:`estimate`) whose 95% intervals are at most ``precision`` wide on either side.
    """
    if not members:
        raise NatosimError("no members; expected at least one")
    c = compound(members, rule)
    if not exact_fits(c):
        return _estimated(members, rule, c, limit=limit, seed=seed, precision=precision)
    g = c.parts[0]
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


def _estimated(members: Sequence[Member], rule: RuleSpec, c: Compound, *, limit: int, seed: int, precision: float) -> PowerReport:
    est = estimate(c, seed=seed, precision=precision)
    names = {m.code: m.name for m in members}
    ordered = sorted(members, key=lambda m: m.code)
    weights = c.parts[0].weights if len(c.parts) == 1 else tuple(int(m.population) or 1 for m in ordered)
    out = tuple(
        MemberPower(
            code=code,
            name=names[code],
            weight=weights[i],
            swings=0,
            swings_by_size=(),
            banzhaf=est.banzhaf[i],
            banzhaf_absolute=est.banzhaf_absolute[i],
            shapley_shubik=est.shapley[i],
            shapley_exact=Fraction(est.pivots[i], 2 * est.samples),
            shapley_ci=est.shapley_ci[i],
            banzhaf_ci=est.banzhaf_ci[i],
        )
        for i, code in enumerate(c.codes)
    )
    if len(c.parts) == 1 and not c.vetoes:
        g = c.parts[0]
        winning = _listed(g, limit)
        blocking = _listed(g.dual(), limit)
    else:
        winning = blocking = Coalitions(0, (), None, counted=False)
    degenerate = "" if any(est.pivots) else "no member can ever change the outcome (no coalition wins, or every one does): every index is 0"
    return PowerReport(rule, out, 0, winning, blocking, _veto_players(c), degenerate, "monte-carlo", est.samples, seed, est.coalitions)


def _listed(g: Game, limit: int) -> Coalitions:
    """The smallest minimal coalitions, listed without counting them all (too many members to count)."""
    smallest = smallest_minimal(g, limit)
    named = tuple(tuple(sorted(g.codes[i] for i in c)) for c in smallest)
    return Coalitions(0, named, len(named[0]) if named else None, counted=False)


MAX_SAMPLES = 4_000_000
"""Most orderings (and as many random coalitions) a Monte Carlo estimate draws, whatever its precision."""

_Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Estimate:
    """Monte Carlo estimates of a game's indices, with 95% confidence intervals."""

    samples: int
    """Orderings drawn (Shapley–Shubik), each read forwards and backwards."""
    pivots: tuple[int, ...]
    """Per member: in how many of the readings it was pivotal (each ordering is read forwards and backwards: ``2 * samples`` in all)."""
    shapley: tuple[float, ...]
    """Per member: the estimated Shapley–Shubik index."""
    shapley_ci: tuple[tuple[float, float], ...]
    """Per member: its 95% interval (normal approximation)."""
    banzhaf: tuple[float, ...]
    """Per member: the estimated normalised Banzhaf index (a ratio of two estimates)."""
    banzhaf_ci: tuple[tuple[float, float], ...]
    """Per member: its 95% interval (delta method)."""
    banzhaf_absolute: tuple[float, ...]
    """Per member: the estimated absolute Banzhaf index (share of coalitions of the others for which it swings)."""
    coalitions: int = 0
    """Random coalitions drawn (Banzhaf), each with its complement."""

    @property
    def half_width(self) -> float:
        """The widest half-width of any interval."""
        return max(max((hi - lo) / 2 for lo, hi in self.shapley_ci), max((hi - lo) / 2 for lo, hi in self.banzhaf_ci))


def _pivots(c: Compound, order: Any) -> tuple[Any, Any, Any, Any]:
    """The pivotal member of each ordering and of its reverse: ``(position, member)`` for each, position -1 when
    no prefix wins (numpy; every part, every veto; prefixes judged by the parts' thresholds)."""
    import numpy as np

    m, n = order.shape
    ahead = np.ones((m, n), dtype=bool)  # ahead[r, k]: the first k + 1 members of ordering r win
    behind = np.ones((m, n), dtype=bool)  # behind[r, j]: its last j + 1 members win (the reverse ordering's prefix)
    columns: list[tuple[Any, Any, int]] = [
        (np.asarray(g.weights, dtype=np.int64), np.asarray(g.thresholds[1:], dtype=np.int64), 0) for g in c.parts
    ]
    if c.vetoes:
        flags = np.zeros(n, dtype=np.int64)
        flags[list(c.vetoes)] = 1
        columns.append((flags, np.full(n, len(c.vetoes), dtype=np.int64), 1))
    for weights, need, _ in columns:
        cum = weights[order].cumsum(axis=1)
        ahead &= cum >= need[None, :]
        total = int(weights.sum())
        before = np.concatenate((np.zeros((m, 1), dtype=np.int64), cum[:, :-1]), axis=1)  # weight ahead of each position
        behind &= (total - before[:, ::-1]) >= need[None, :]
    rows = np.arange(m)
    first_a = ahead.argmax(axis=1)
    first_b = behind.argmax(axis=1)
    pos_a = np.where(ahead[rows, first_a], first_a, -1)
    pos_b = np.where(behind[rows, first_b], first_b, -1)
    who_a = np.where(pos_a >= 0, order[rows, np.maximum(pos_a, 0)], -1)
    who_b = np.where(pos_b >= 0, order[rows, n - 1 - np.maximum(pos_b, 0)], -1)
    return pos_a, who_a, pos_b, who_b


def _swings(c: Compound, inside: Any) -> Any:
    """``out[r, i]``: whether member ``i`` swings for coalition ``r`` without it (``inside``: 0/1 per member; numpy)."""
    import numpy as np

    if len(c.parts) == 1 and not c.vetoes and len(set(c.parts[0].thresholds)) == 1:
        return _swings_flat(c.parts[0], inside)
    size = inside.sum(axis=1)[:, None] - inside  # size of the coalition without i
    win_with = np.ones(inside.shape, dtype=bool)
    win_without = np.ones(inside.shape, dtype=bool)
    for g in c.parts:
        w = np.asarray(g.weights, dtype=np.int64)
        theta = np.asarray(g.thresholds, dtype=np.int64)
        without = (inside @ w)[:, None] - inside * w[None, :]
        win_with &= without + w[None, :] >= theta[size + 1]
        win_without &= without >= theta[size]
    if c.vetoes:
        flags = np.zeros(c.n, dtype=np.int64)
        flags[list(c.vetoes)] = 1
        held = (inside @ flags)[:, None] - inside * flags[None, :]
        win_with &= held + flags[None, :] == len(c.vetoes)
        win_without &= held == len(c.vetoes)
    return win_with & ~win_without


def _swings_flat(g: Game, inside: Any) -> Any:
    """:func:`_swings` for one game whose threshold ``theta`` does not depend on the size (a plain weighted quota).

    With ``d = w(S) - theta``: a member in ``S`` swings iff ``0 <= d < w_i``, one outside iff ``-w_i <= d < 0``.
    Only coalitions within the heaviest weight of the quota can have a swing, so only those rows are looked at.
    """
    import numpy as np

    w = np.asarray(g.weights, dtype=np.int64)
    d = inside @ w - g.thresholds[0]
    near = np.flatnonzero(np.abs(d) <= int(w.max(initial=0)))
    out = np.zeros(inside.shape, dtype=bool)
    if near.size:
        dn = d[near][:, None]
        member = inside[near].astype(bool)
        out[near] = np.where(member, (dn >= 0) & (dn < w[None, :]), (dn < 0) & (-dn <= w[None, :]))
    return out


def estimate(c: Compound, *, seed: int = 1, precision: float = PRECISION, max_samples: int = MAX_SAMPLES) -> Estimate:
    """Seeded Monte Carlo estimates of the Shapley–Shubik and Banzhaf indices, drawn in chunks until every 95%
    interval is at most ``precision`` wide on either side, or ``max_samples`` samples of each kind are drawn.

    Shapley–Shubik: uniform random orderings; in each, exactly one member is pivotal (the one whose
    arrival first makes the members so far win, judged by the same thresholds as the exact engines),
    and the index is the share of orderings in which a member is. Each ordering is read both ways
    (its reverse is a uniform ordering too), and the two readings are averaged into one sample.

    Banzhaf: uniform random coalitions, each with its complement (also uniform); a member swings for
    a coalition of the others when it loses without the member and wins with it. Absolute index:
    the mean; normalised: a ratio of means, with a delta-method interval. Each pair is one sample,
    so the intervals need no independence within it.
    """
    import numpy as np

    n = c.n
    rng = np.random.default_rng(seed)
    # Shapley–Shubik
    hits, hits2 = np.zeros(n), np.zeros(n)  # sums of x_i = ([pivotal ahead] + [pivotal behind]) / 2 and of x_i ** 2
    orderings = 0
    chunk = max(1, min(max_samples, 1_000_000 // max(n, 1)))
    while True:
        m = min(chunk, max_samples - orderings)
        order = rng.permuted(np.broadcast_to(np.arange(n), (m, n)), axis=1)
        _, who_a, _, who_b = _pivots(c, order)
        for who in (who_a, who_b):
            hits += np.bincount(who[who >= 0], minlength=n) / 2
            hits2 += np.bincount(who[who >= 0], minlength=n) / 4
        same = (who_a == who_b) & (who_a >= 0)
        hits2 += np.bincount(who_a[same], minlength=n) / 2  # the cross term when both readings pick the same member
        orderings += m
        p = hits / orderings
        ss_half = _Z95 * np.sqrt(np.maximum(hits2 / orderings - p * p, 0.0) / orderings)
        if orderings >= max_samples or float(ss_half.max()) <= precision:
            break
        chunk = min(chunk * 2, 8_000_000 // max(n, 1))
    # Banzhaf
    sx, sx2, sxt = np.zeros(n), np.zeros(n), np.zeros(n)
    st = st2 = 0.0
    pairs = 0
    chunk = max(1, min(max_samples, 1_000_000 // max(n, 1)))
    while True:
        m = min(chunk, max_samples - pairs)
        inside = np.unpackbits(rng.integers(0, 256, size=(m, (n + 7) // 8), dtype=np.uint8), axis=1)[:, :n].astype(np.int64)
        one, two = _swings(c, inside), _swings(c, 1 - inside)
        x = (one.astype(np.float64) + two) / 2
        t = x.sum(axis=1)
        sx += x.sum(axis=0)
        sx2 += (x * x).sum(axis=0)
        sxt += t @ x
        st += float(t.sum())
        st2 += float((t * t).sum())
        pairs += m
        if st > 0:
            b = sx / st
            var = (sx2 - 2 * b * sxt + b * b * st2) / pairs / (st / pairs) ** 2  # E[(x_i - b_i t)^2] / E[t]^2
            b_half = _Z95 * np.sqrt(np.maximum(var, 0.0) / pairs)
        else:
            b, b_half = np.zeros(n), np.zeros(n)
        if pairs >= max_samples or float(b_half.max()) <= precision:
            break
        chunk = min(chunk * 2, 8_000_000 // max(n, 1))
    return Estimate(
        samples=orderings,
        pivots=tuple(round(2 * v) for v in hits),
        shapley=tuple(float(v) for v in p),
        shapley_ci=tuple((float(a - h), float(a + h)) for a, h in zip(p, ss_half, strict=True)),
        banzhaf=tuple(float(v) for v in b),
        banzhaf_ci=tuple((float(a - h), float(a + h)) for a, h in zip(b, b_half, strict=True)),
        banzhaf_absolute=tuple(float(v) for v in sx / pairs),
        coalitions=pairs,
    )


def _veto_players(g: Game | Compound) -> tuple[str, ...]:
    """Members whose absence makes every coalition lose."""
    out = []
    for i, code in enumerate(g.codes):
        others = [j for j in range(g.n) if j != i]
        if not g.wins(others):
            out.append(code)
    return tuple(sorted(out))
