"""Paths to consensus: the minimal sets of interventions that get a candidate adopted.

An intervention is flipping a member to support (at its ``cost``), persuading a rival
candidate to withdraw (at its ``withdraw_cost``; its ``on_withdraw`` stances apply) or striking
a deal (at its ``cost``; its effects apply). After the interventions the influence cascade
runs. A set *works* when the candidate is then adopted.

Working is monotone: adding an intervention only improves stances (support > abstain >
undecided > oppose; an effect that would make a stance worse is left out), the cascade's
closure grows with its seed, and every rule is monotone in that order. The search is exact
and best-first over a binary include/exclude tree of the interventions (cheapest first):

* a node holds the interventions decided *in* and those still open; it is keyed by (a lower
  bound on the cost of any path below it, one on its size, the ins decided so far); costs are
  > 0, so a set is popped only after all its proper subsets' nodes, and paths come out by
  cost, then size, then the positions of their interventions in :func:`interventions`;
* a node is dropped when even all its open interventions would not work (upper bound);
* an open intervention without which the node's ins and opens would not work is in every
  working set below the node, so it is moved in at once;
* under quota rules, the supporters still missing must be bought: a fractional knapsack over
  the open interventions bounds the cost still needed from below;
* a popped node whose ins work is a path unless it contains one found before (then it is
  not minimal, and nor is anything below it).

See ``docs/influence.md`` for the proof and the figures.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from natosim import cascade
from natosim.model import Member, Scenario, Stance
from natosim.rules import Rule, Weighted, rule_for

RANK: Mapping[Stance, int] = {Stance.OPPOSE: 0, Stance.UNDECIDED: 1, Stance.ABSTAIN: 2, Stance.SUPPORT: 3}
"""How good a stance is for adoption: every rule is monotone in this order."""

_KIND_ORDER = {"flip": 0, "withdraw": 1, "deal": 2}


@dataclass(frozen=True, slots=True)
class Intervention:
    """One thing that can be done to move the candidate closer to adoption."""

    kind: str
    """``flip``, ``withdraw`` or ``deal``."""
    target: str
    """Member code, candidate id or deal name."""
    cost: float
    """Its price (> 0)."""
    effects: tuple[tuple[str, Stance], ...]
    """Stances it sets on the candidate, (member code, stance); only those that improve on the declared one."""

    @property
    def name(self) -> str:
        """``kind:target``, unique among the interventions."""
        return f"{self.kind}:{self.target}"


@dataclass(frozen=True, slots=True)
class Path:
    """A minimal set of interventions that gets the candidate adopted."""

    flips: tuple[str, ...]
    """Members flipped to support, sorted by code."""
    withdraw: tuple[str, ...]
    """Candidates persuaded to withdraw, sorted."""
    deals: tuple[str, ...]
    """Deals struck, in declaration order."""
    cost: float
    """Summed cost of the interventions."""
    cascade: tuple[str, ...]
    """Members carried along by the cascade, sorted by code."""

    @property
    def size(self) -> int:
        """Number of interventions."""
        return len(self.flips) + len(self.withdraw) + len(self.deals)


@dataclass(frozen=True, slots=True)
class Search:
    """The answer of :func:`find`: the candidate, its paths and what was searched."""

    candidate: str
    """Candidate id."""
    paths: tuple[Path, ...]
    """Minimal working sets, by cost, then size, then the positions of their interventions in ``interventions``."""
    interventions: tuple[Intervention, ...]
    """Every intervention considered."""
    complete: bool
    """False when ``limit`` cut the list short (more minimal paths exist within the budget)."""
    explored: int = 0
    """Search nodes popped (a measure of the work done)."""
    evaluations: int = 0
    """Distinct sets whose outcome (cascade and rule) was computed."""


def interventions(scenario: Scenario, candidate: str, *, exclude: Collection[str] = ()) -> tuple[Intervention, ...]:
    """The interventions that can improve the candidate's stances, cheapest first.

    Excluded members cannot be moved: they are never flipped, and withdrawals and deals have
    no effect on them (a withdrawal or deal left without effect is not an intervention).
    """
    stances = scenario.stances[candidate]

    def improving(effects: tuple[tuple[str, Stance], ...]) -> tuple[tuple[str, Stance], ...]:
        return tuple(sorted((code, s) for code, s in effects if RANK[s] > RANK[stances[code]] and code not in exclude))

    out: list[Intervention] = []
    for m in scenario.members:
        if stances[m.code] is not Stance.SUPPORT and m.code not in exclude:
            out.append(Intervention("flip", m.code, scenario.positions[m.code].cost, ((m.code, Stance.SUPPORT),)))
    for c in scenario.active:
        effects = improving(c.on_withdraw)
        if c.id != candidate and effects:
            out.append(Intervention("withdraw", c.id, c.withdraw_cost, effects))
    for d in scenario.deals:
        effects = improving(d.effects)
        if d.candidate == candidate and effects:
            out.append(Intervention("deal", d.name, d.cost, effects))
    return tuple(sorted(out, key=lambda i: (i.cost, _KIND_ORDER[i.kind], i.target)))


@dataclass(frozen=True, slots=True)
class _Space:
    """The search space as bitmasks over the members that do not support (``net.codes``)."""

    options: tuple[Intervention, ...]
    net: cascade.Compiled
    seeds: tuple[int, ...]
    """Per option: the members it sets to support."""
    eases: tuple[int, ...]
    """Per option: the members it sets to a stance that does not block (blocker rules only)."""
    base_ok: int
    """Members whose declared stance does not block (blocker rules only)."""
    everyone: int
    """Every bit."""
    blocker_rule: bool
    """True when adoption means "no member blocks" (unanimity, consensus)."""
    judge: Rule
    members: tuple[Member, ...]
    base: Mapping[str, Stance]
    deal_order: Mapping[str, int]
    """Deal name -> position in the file."""


def _blocking(judge: Rule, members: tuple[Member, ...]) -> frozenset[Stance]:
    """The stances with which one member alone prevents adoption, asked of the rule itself."""
    if not members:
        return frozenset()
    first = members[0].code
    return frozenset(s for s in Stance if not judge.adopted(members, {m.code: (s if m.code == first else Stance.SUPPORT) for m in members}))


def _space(
    scenario: Scenario, candidate: str, options: tuple[Intervention, ...], *, exclude: Collection[str], with_cascade: bool
) -> _Space:
    base = scenario.stances[candidate]
    judge = rule_for(scenario.rule)
    members = scenario.members
    movers = [m.code for m in members if base[m.code] is not Stance.SUPPORT]
    net = cascade.network(scenario) if with_cascade else cascade.Network({}, {}, {})
    compiled = cascade.compile_network(net, base, movers, frozen=exclude)
    codes = compiled.codes
    bit = {code: 1 << i for i, code in enumerate(codes)}
    blocking = _blocking(judge, members)
    blocker_rule = scenario.rule.name in ("unanimity", "consensus") and all(
        RANK[s] < RANK[t] for s in blocking for t in Stance if t not in blocking
    )
    seeds = tuple(sum(bit[code] for code, s in o.effects if s is Stance.SUPPORT) for o in options)
    eases = tuple(sum(bit[code] for code, s in o.effects if s not in blocking) for o in options)
    base_ok = sum(bit[code] for code in codes if base[code] not in blocking)
    deal_order = {d.name: i for i, d in enumerate(scenario.deals)}
    return _Space(options, compiled, seeds, eases, base_ok, (1 << len(codes)) - 1, blocker_rule, judge, members, base, deal_order)


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def find(
    scenario: Scenario,
    candidate: str,
    *,
    limit: int = 10,
    budget: float | None = None,
    exclude: Collection[str] = (),
    with_cascade: bool = True,
) -> Search:
    """The ``limit`` cheapest minimal paths to adopting ``candidate`` (within ``budget``, if given)."""
    options = interventions(scenario, candidate, exclude=exclude)
    space = _space(scenario, candidate, options, exclude=exclude, with_cascade=with_cascade)
    memo: dict[int, tuple[bool, int, int]] = {}

    def outcome(chosen: int) -> tuple[bool, int, int]:
        """(works, seed, everyone supporting) for a set of options."""
        got = memo.get(chosen)
        if got is not None:
            return got
        seed = ease = 0
        for j in _bits(chosen):
            seed |= space.seeds[j]
            ease |= space.eases[j]
        support = space.net.closure(seed)
        if space.blocker_rule:
            works = (support | ease | space.base_ok) == space.everyone
        else:
            works = space.judge.adopted(space.members, _stances(space, chosen, support))
        got = memo[chosen] = (works, seed, support)
        return got

    def works(chosen: int) -> bool:
        return outcome(chosen)[0]

    def forced(inside: int, avail: int) -> int:
        """The open options in ``avail`` without which ``avail`` would not work."""
        need = 0
        for j in _bits(avail & ~inside):
            if not works(avail & ~(1 << j)):
                need |= 1 << j
        return need

    n = len(options)
    everything = (1 << n) - 1
    if works(0):
        return Search(candidate, (Path((), (), (), 0.0, ()),), options, True, 0, len(memo))
    if not works(everything):
        return Search(candidate, (), options, True, 0, len(memo))
    costs = [o.cost for o in options]
    bound = _Bound.of(space)

    def node(inside: int, avail: int) -> tuple[float, int, tuple[int, ...], int, int] | None:
        """The heap entry: (cost or lower bound, size or lower bound, order key, ins, available)."""
        picked = _bits(inside)
        cost = math.fsum(costs[j] for j in picked)
        ok, _, support = outcome(inside)
        if ok:
            return (round(cost, 9), len(picked), tuple(picked), inside, avail)
        open_ = avail & ~inside
        extra_cost, extra_size = (0.0, 0) if bound is None else bound.needed(space, inside=support, avail=outcome(avail)[2], open_=open_)
        if math.isinf(extra_cost):
            return None
        decided = inside & ((open_ & -open_) - 1)  # the ins below the first open option: a prefix of every path below
        return (round(cost + extra_cost, 9), len(picked) + extra_size, tuple(_bits(decided)), inside, avail)

    found: list[tuple[int, Path]] = []
    heap = [e for e in (node(forced(0, everything), everything),) if e is not None]
    complete = True
    explored = 0
    while heap:
        cost, _size, _order, inside, avail = heapq.heappop(heap)
        explored += 1
        if budget is not None and cost > budget + 1e-9:
            break
        if any(mask & inside == mask for mask, _ in found):
            continue
        ok, seed, support = outcome(inside)
        if ok:
            if len(found) == limit:
                complete = False
                break
            found.append((inside, _path(space, inside, seed, support)))
            continue
        open_ = avail & ~inside
        low = open_ & -open_  # the first open option: in, or out
        for entry in (
            node(inside | low, avail),
            node(inside | forced(inside, avail & ~low), avail & ~low) if works(avail & ~low) else None,
        ):
            if entry is not None:
                heapq.heappush(heap, entry)
    return Search(candidate, tuple(p for _, p in found), options, complete, explored, len(memo))


@dataclass(frozen=True, slots=True)
class _Bound:
    """A lower bound on the cost (and number) of the interventions still needed under a quota rule.

    Supporters needed: ``count`` members and ``weight`` of the rule's weight (or, with a blocking
    minority, ``count_alone`` members). Members the cascade could still carry along are counted
    as free; every open intervention's other new supporters are bought, fractionally, at the best
    price per member (a fractional knapsack: never more than the true cost). The fewest
    interventions that can make up the shortfall also cost at least the cheapest that many.
    """

    weights: tuple[float, ...]
    """Per bit: the member's weight under the rule."""
    followers: int
    """Bits that have an influencer among the bits (could follow)."""
    base_count: int
    """Members supporting from the start."""
    base_weight: float
    """Their weight."""
    count: int
    """Supporters needed for the quota condition (members)."""
    weight: float
    """Weight needed for the quota condition."""
    count_alone: int | None
    """Supporters that suffice on their own (a blocking minority can no longer form), if any."""

    @classmethod
    def of(cls, space: _Space) -> _Bound | None:
        """The bound for a quota rule; ``None`` for unanimity and consensus."""
        judge = space.judge
        if not isinstance(judge, Weighted) or space.blocker_rule:
            return None
        codes = space.net.codes
        by_code = {m.code: m for m in space.members}
        n = len(space.members)
        supporters = [m for m in space.members if space.base[m.code] is Stance.SUPPORT]
        followers = sum(1 << i for i, inn in enumerate(space.net.inn) if inn and not math.isinf(space.net.need[i]))
        return cls(
            weights=tuple(judge.weight(by_code[c]) for c in codes),
            followers=followers,
            base_count=len(supporters),
            base_weight=math.fsum(judge.weight(m) for m in supporters),
            count=math.ceil(judge.min_members * n - 1e-9),
            weight=_weight_needed(judge, [judge.weight(m) for m in space.members]),
            count_alone=n - judge.blocking_min + 1 if judge.blocking_min else None,
        )

    def needed(self, space: _Space, *, inside: int, avail: int, open_: int) -> tuple[float, int]:
        """(cost, number) of interventions still needed at least, given who supports with the ins and with everything available."""
        free = avail & ~inside & self.followers
        have_count = self.base_count + (inside | free).bit_count()
        have_weight = self.base_weight + math.fsum(self.weights[i] for i in _bits(inside | free))
        gains = []
        for j in _bits(open_):
            new = space.seeds[j] & ~inside & ~free
            if new:
                gains.append((space.options[j].cost, new.bit_count(), math.fsum(self.weights[i] for i in _bits(new))))
        by_count = [(c, g) for c, g, _ in gains]
        cheapest = sorted(c for c, _, _ in gains)
        count, weight = _buy(self.count - have_count, by_count), _buy(self.weight - have_weight, [(c, w) for c, _, w in gains])
        size = max(count[1], weight[1])
        quota = (max(count[0], weight[0], math.fsum(cheapest[:size])), size)
        if self.count_alone is None:
            return quota
        alone = _buy(self.count_alone - have_count, by_count)
        alone = (max(alone[0], math.fsum(cheapest[: alone[1]])), alone[1])
        return min(quota[0], alone[0]), min(quota[1], alone[1])


def _weight_needed(judge: Weighted, weights: Sequence[float]) -> float:
    """The least weight of supporters the quota condition accepts (whole weights: the next whole number above a strict quota)."""
    total = math.fsum(weights)
    if judge.strict and all(float(w).is_integer() for w in weights):
        return math.floor(judge.quota * total + 1e-9) + 1.0
    return (judge.quota - 1e-12) * total


def _max_pair(a: tuple[float, int], b: tuple[float, int]) -> tuple[float, int]:
    return max(a[0], b[0]), max(a[1], b[1])


def _buy(short: float, offers: Sequence[tuple[float, float]]) -> tuple[float, int]:
    """Least (fractional) cost and fewest offers that make up ``short``; (inf, a huge number) if they cannot."""
    if short <= 1e-9:
        return 0.0, 0
    cost, left = 0.0, short
    for price, gain in sorted(offers, key=lambda o: o[0] / o[1]):
        take = min(gain, left)
        cost += price * take / gain
        left -= take
        if left <= 1e-9:
            break
    if left > 1e-9:
        return math.inf, 1 << 62
    fewest, left = 0, short
    for gain in sorted((g for _, g in offers), reverse=True):
        fewest += 1
        left -= gain
        if left <= 1e-9:
            break
    return cost, fewest


def _stances(space: _Space, chosen: int, support: int) -> dict[str, Stance]:
    """Every member's stance once ``chosen`` is applied and the cascade has run."""
    stances = dict(space.base)
    for j in _bits(chosen):
        for code, s in space.options[j].effects:
            if RANK[s] > RANK[stances[code]]:
                stances[code] = s
    for i in _bits(support):
        stances[space.net.codes[i]] = Stance.SUPPORT
    return stances


def _path(space: _Space, chosen: int, seed: int, support: int) -> Path:
    picked = [space.options[j] for j in _bits(chosen)]
    return Path(
        flips=tuple(sorted(o.target for o in picked if o.kind == "flip")),
        withdraw=tuple(sorted(o.target for o in picked if o.kind == "withdraw")),
        deals=tuple(sorted((o.target for o in picked if o.kind == "deal"), key=space.deal_order.__getitem__)),
        cost=math.fsum(o.cost for o in picked),
        cascade=tuple(space.net.codes[i] for i in _bits(support & ~seed)),
    )
