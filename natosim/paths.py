"""Paths to consensus: the minimal sets of interventions that get a candidate adopted.

An intervention is flipping a member to support (at its ``cost``), persuading a rival
candidate to withdraw (at its ``withdraw_cost``; its ``on_withdraw`` stances apply) or striking
a deal (at its ``cost``; its effects apply). A set of interventions is one step of
:func:`natosim.step.apply` (effects, their precedence and the cascade are defined there and
only there); it *works* when the candidate is then adopted (:func:`natosim.analysis.evaluate`:
the rule, and no more candidates meeting it than seats).

The search is exact and best-first over a binary include/exclude tree. It needs monotonicity
(adding an intervention never hurts), which holds for every intervention whose effects are each
at least as good as the stance they replace and that leaves the rivals alone (rule 2 of
:mod:`natosim.step`). The others (a deal that sets a supporter to abstain, a withdrawal whose
``on_withdraw`` makes someone oppose or helps another rival) are *non-monotone*: the search
runs once per subset of them (at most :data:`MAX_NON_MONOTONE`), with that subset always in and
the rest out, and merges the streams by cost. Within one such group:

* a node holds the interventions decided *in* and those still open; it is keyed by (a lower
  bound on the cost of any path below it, one on its size, the ins decided so far); costs are
  > 0, so a set is popped only after all its proper subsets' nodes, and paths come out by
  cost, then size, then the positions of their interventions in :func:`interventions`;
* a node is dropped when even all its open interventions would not work (upper bound);
* an open intervention without which the node's ins and opens would not work is in every
  working set below the node, so it is moved in at once;
* under quota rules, the supporters still missing must be bought: a fractional knapsack over
  the open interventions bounds the cost still needed from below;
* a popped node whose ins work is a path unless it contains one found before.

A path from a group with non-monotone interventions is kept only if no smaller subset of them
works with the same monotone ones. See ``docs/influence.md`` for the proof and the figures.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from natosim import cascade, step
from natosim.analysis import evaluate
from natosim.errors import NatosimError
from natosim.model import Member, Scenario, Stance
from natosim.rules import RANK, Bar, Quota, Veto, rule_for

__all__ = ["MAX_NON_MONOTONE", "MAX_STEPS", "RANK", "Intervention", "Path", "Search", "find", "interventions"]

MAX_NON_MONOTONE = 12
"""Most non-monotone interventions :func:`find` accepts (it searches every subset of them)."""

MAX_STEPS = 100_000
"""Work :func:`find` does at most: sets whose outcome (cascade and rule) it computes plus search nodes it pops (about 6 s at the worst measured cost).

Paths come out cheapest first and each is proven cheapest when it is found, so when the budget
runs out the paths found so far are kept (``Search.exhausted``); with none found it is an input error.
"""


class _OutOfBudget(Exception):
    """The work budget ran out (caught in :func:`find`)."""


_KIND_ORDER = {"flip": 0, "withdraw": 1, "deal": 2}

FORCED_MAX_OPEN = 32
"""Under quota rules, open options beyond which the search does not look for forced ones."""


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
    """Stances it sets on the candidate, (member code, stance), sorted by code."""
    monotone: bool = True
    """Whether adding it to any set can only help (every effect at least as good as the stance it replaces; rivals untouched)."""

    @property
    def name(self) -> str:
        """``kind:target``, unique among the interventions."""
        return f"{self.kind}:{self.target}"

    def change(self, candidate: str) -> step.Change:
        """The change it makes for ``candidate``, for :func:`natosim.step.apply`."""
        match self.kind:
            case "flip":
                return step.Flip(self.target, Stance.SUPPORT, candidate)
            case "withdraw":
                return step.Withdraw(self.target)
            case _:
                return step.Strike(self.target)


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
    exhausted: bool = False
    """True when the work budget ran out: the paths listed are still the cheapest, but more may exist."""
    budget: float | None = None
    """The cost budget searched within, if any."""
    cheapest_beyond: float | None = None
    """When no path fits the budget: the cost of the cheapest path without it (``None``: there is none, or none was searched)."""
    excluded: tuple[str, ...] = ()
    """The members that could not be moved."""
    needs_excluded: bool = False
    """True when no path exists without moving an excluded member, but one exists when they may move."""


def _seat_limited(scenario: Scenario) -> bool:
    """Whether rivals can contest the seats (more candidates in the race than seats)."""
    return len(scenario.active) > scenario.seats


def interventions(scenario: Scenario, candidate: str, *, exclude: Collection[str] = ()) -> tuple[Intervention, ...]:
    """The interventions that can change the candidate's fate, cheapest first.

    Excluded members cannot be moved: they are never flipped, and a withdrawal or deal that
    would change their stance on the candidate is not on offer.
    """
    stances = scenario.stances[candidate]
    contest = _seat_limited(scenario)
    active = {c.id for c in scenario.active}

    def on_candidate(change: step.Change) -> tuple[tuple[str, Stance], ...]:
        return tuple(sorted((code, s) for cid, code, s in step.effects(scenario, change) if cid == candidate))

    def allowed(effects: tuple[tuple[str, Stance], ...]) -> bool:
        return not any(code in exclude and s is not stances[code] for code, s in effects)

    def improving(effects: tuple[tuple[str, Stance], ...]) -> bool:
        return all(RANK[s] >= RANK[stances[code]] for code, s in effects)

    out: list[Intervention] = []
    for c in scenario.active:
        if c.id == candidate:
            continue
        change = step.Withdraw(c.id)
        effects = on_candidate(change)
        others = [cid for cid, _, _ in step.effects(scenario, change) if cid not in (candidate, c.id) and cid in active]
        if (effects or contest) and allowed(effects):
            out.append(Intervention("withdraw", c.id, c.withdraw_cost, effects, improving(effects) and not (contest and others)))
    for d in scenario.deals:
        effects = on_candidate(step.Strike(d.name))
        if d.candidate == candidate and effects and allowed(effects):
            out.append(Intervention("deal", d.name, d.cost, effects, improving(effects)))
    # flips: every member that does not support, and every supporter a withdrawal or deal could turn away
    turned = {code for o in out for code, st in o.effects if st is not Stance.SUPPORT}
    for m in scenario.members:
        if (stances[m.code] is not Stance.SUPPORT or m.code in turned) and m.code not in exclude:
            out.append(Intervention("flip", m.code, scenario.positions[m.code].cost, ((m.code, Stance.SUPPORT),)))
    return tuple(sorted(out, key=lambda i: (i.cost, _KIND_ORDER[i.kind], i.target)))


def works(scenario: Scenario, candidate: str, chosen: Sequence[Intervention], *, with_cascade: bool = True) -> bool:
    """The one definition of "a set works": the step, then the verdict."""
    after = step.apply(scenario, [o.change(candidate) for o in chosen], with_cascade=with_cascade).after
    return any(v.candidate.id == candidate and v.adopted for v in evaluate(after).verdicts)


# --- one group: the monotone interventions over a fixed set of non-monotone ones ------------------


@dataclass(frozen=True, slots=True)
class _Space:
    """One group's search space as bitmasks over the members that may still move (``net.codes``)."""

    options: tuple[Intervention, ...]
    """The monotone interventions searched over."""
    positions: tuple[int, ...]
    """Per option: its position among all interventions."""
    fixed: tuple[int, ...]
    """Positions of the group's non-monotone interventions (always in)."""
    fixed_options: tuple[Intervention, ...]
    """Those interventions."""
    fixed_cost: float
    """Their summed cost."""
    net: cascade.Compiled
    seed: int
    """Members the fixed interventions turn into supporters (they trigger)."""
    seeds: tuple[int, ...]
    """Per option: the members it turns into supporters that did not support before (they trigger)."""
    quiet: tuple[int, ...]
    """Per option: the members it sets back to support that supported before (they count, do not trigger)."""
    eases: tuple[int, ...]
    """Per option: the members it sets to a stance that does not block (veto rules only)."""
    base_ok: int
    """Members whose stance after the fixed interventions does not block (veto rules only)."""
    everyone: int
    """Every bit."""
    veto: Veto | None
    """The rule when it is a veto rule (adopted iff nobody blocks)."""
    rivals: int
    """Options that withdraw a rival meeting the rule (seats contest)."""
    rivals_needed: int
    """How many of those must be chosen (0: no contest); more than available: none works."""
    deal_order: Mapping[str, int]
    """Deal name -> position in the file."""
    bar: Bar | None = None
    """Under a quota rule, what it asks (supporters are counted from the bits, as ``Quota.adopted`` counts them)."""
    bit_weights: tuple[int, ...] = ()
    """Per bit: the member's weight under the quota rule."""
    fixed_count: int = 0
    """Supporters that are not bits (they support whatever is chosen)."""
    fixed_weight: int = 0
    """Their weight."""
    uniform_weight: int = 0
    """The weight every bit has when they all weigh the same (then sums are popcounts), else 0."""
    general: Callable[[tuple[Intervention, ...]], bool] | None = None
    """Under the rules that are neither a veto nor a single quota (security-council, constructive abstention, Nice):
    whether the rule holds after the fixed interventions and these ones, by the one definition (``step.apply``, then the rule)."""

    def weight(self, mask: int) -> int:
        """The summed quota weight of the bits in ``mask``."""
        if self.uniform_weight:
            return self.uniform_weight * mask.bit_count()
        return sum(self.bit_weights[i] for i in _bits(mask))


def _space(
    scenario: Scenario,
    candidate: str,
    options: tuple[Intervention, ...],
    fixed: tuple[int, ...],
    *,
    exclude: Collection[str],
    with_cascade: bool,
) -> _Space:
    monotone = tuple(j for j, o in enumerate(options) if o.monotone)
    chosen = [options[j] for j in fixed]
    before = scenario.stances[candidate]
    changes = [o.change(candidate) for o in chosen]
    gone = step.withdrawals(scenario, changes)
    remaining = [c.id for c in scenario.active if c.id not in gone]
    touched = step.direct(scenario, changes, remaining=remaining)[candidate]
    base = {code: touched[code].stance if code in touched else s for code, s in before.items()}
    judge = rule_for(scenario.rule)
    members = scenario.members
    triggered = [c for c in base if base[c] is Stance.SUPPORT and before[c] is not Stance.SUPPORT]
    movers = [m.code for m in members if base[m.code] is not Stance.SUPPORT] + triggered
    net = cascade.network(scenario) if with_cascade else cascade.Network({}, {}, {})
    compiled = cascade.compile_network(net, base, movers, frozen=exclude)
    bit = {code: 1 << i for i, code in enumerate(compiled.codes)}
    veto = judge if isinstance(judge, Veto) else None
    blocking = veto.blocking if veto is not None else frozenset()
    opts = tuple(options[j] for j in monotone)
    seeds = tuple(sum(bit[c] for c, s in o.effects if s is Stance.SUPPORT and before[c] is not Stance.SUPPORT) for o in opts)
    quiet = tuple(sum(bit[c] for c, s in o.effects if s is Stance.SUPPORT and before[c] is Stance.SUPPORT and c in bit) for o in opts)
    eases = tuple(sum(bit[c] for c, s in o.effects if s not in blocking and c in bit) for o in opts)
    base_ok = sum(bit[c] for c in compiled.codes if base[c] not in blocking)
    # the contest for the seats: rivals that meet the rule after the fixed interventions (the
    # monotone ones leave rivals alone) must withdraw until at most seats - 1 remain
    rivals, rivals_needed = 0, 0
    if _seat_limited(scenario):
        state = step.apply(scenario, changes, with_cascade=with_cascade).after
        meeting = [c.id for c in state.active if c.id != candidate and judge.adopted(members, state.stances[c.id])]
        rivals = sum(1 << k for k, o in enumerate(opts) if o.kind == "withdraw" and o.target in meeting)
        rivals_needed = max(0, len(meeting) - (scenario.seats - 1))
    general: Callable[[tuple[Intervention, ...]], bool] | None = None
    if not isinstance(judge, Veto | Quota):  # --- bodies: one judging function for the other rules

        def general(picked: tuple[Intervention, ...]) -> bool:
            after = step.apply(scenario, [o.change(candidate) for o in (*chosen, *picked)], with_cascade=with_cascade).after
            return judge.adopted(members, after.stances[candidate])

    return _Space(
        general=general,
        options=opts,
        positions=monotone,
        fixed=fixed,
        fixed_options=tuple(chosen),
        fixed_cost=math.fsum(options[j].cost for j in fixed),
        net=compiled,
        seed=sum(bit[c] for c in triggered),
        seeds=seeds,
        quiet=quiet,
        eases=eases,
        base_ok=base_ok,
        everyone=(1 << len(compiled.codes)) - 1,
        veto=veto,
        rivals=rivals,
        rivals_needed=rivals_needed,
        deal_order={d.name: i for i, d in enumerate(scenario.deals)},
        **_quota_counts(judge, members, base, compiled.codes),
    )


def _quota_counts(judge: object, members: Sequence[Member], base: Mapping[str, Stance], codes: Sequence[str]) -> dict[str, Any]:
    """The quota rule's bar and weights over the bits, so that a set is judged by counting (the same sums as ``Quota.adopted``)."""
    if not isinstance(judge, Quota):
        return {}
    weights = judge.weights(members)
    by_code = {m.code: w for m, w in zip(members, weights, strict=True)}
    bits = set(codes)
    fixed = [m.code for m in members if base[m.code] is Stance.SUPPORT and m.code not in bits]
    return {
        "bar": judge.bar(weights),
        "bit_weights": tuple(by_code[c] for c in codes),
        "fixed_count": len(fixed),
        "fixed_weight": sum(by_code[c] for c in fixed),
        "uniform_weight": by_code[codes[0]] if codes and len({by_code[c] for c in codes}) == 1 and by_code[codes[0]] > 0 else 0,
    }


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass(slots=True)
class _Counter:
    """Work done across groups, against the node budget."""

    explored: int = 0
    evaluations: int = 0

    def tick(self, *, evaluation: bool) -> None:
        """Count one outcome computed (or one node popped); raise :class:`_OutOfBudget` past :data:`MAX_STEPS`."""
        if evaluation:
            self.evaluations += 1
        else:
            self.explored += 1
        if self.evaluations + self.explored > MAX_STEPS:
            raise _OutOfBudget


_Found = tuple[tuple[float, int, tuple[int, ...]], Path]
"""(global order key, path)."""


def _group(space: _Space, *, budget: float | None, work: _Counter) -> Iterator[_Found]:
    """The minimal working sets of one group, in order (lazily)."""
    memo: dict[int, tuple[bool, int, int]] = {}
    bound = _Bound.of(space)

    def outcome(chosen: int) -> tuple[bool, int, int]:
        """(works, trigger seed, everyone supporting) for a set of options."""
        got = memo.get(chosen)
        if got is not None:
            return got
        seed, quiet, ease = space.seed, 0, 0
        for j in _bits(chosen):
            seed |= space.seeds[j]
            quiet |= space.quiet[j]
            ease |= space.eases[j]
        support = space.net.closure(seed, quiet)
        ok = (chosen & space.rivals).bit_count() >= space.rivals_needed
        if ok and space.general is not None:  # bodies: the rules that are neither a veto nor a single quota
            ok = space.general(tuple(space.options[j] for j in _bits(chosen)))
        elif ok and space.veto is not None:
            ok = (support | ease | space.base_ok) == space.everyone
        elif ok:
            assert space.bar is not None  # a rule is a veto rule or a quota rule (natosim.rules.rule_for)
            ok = space.bar.passes(space.fixed_count + support.bit_count(), space.fixed_weight + space.weight(support))
        got = memo[chosen] = (ok, seed, support)
        work.tick(evaluation=True)
        return got

    def works_(chosen: int) -> bool:
        return outcome(chosen)[0]

    def forced(inside: int, avail: int) -> int:
        """The open options in ``avail`` without which ``avail`` would not work.

        Under a quota rule with many open options the quota bound does this job and no single
        option is forced (any of many supporters will do), so the n evaluations are skipped
        there: the search stays exact either way, this only moves work.
        """
        if bound is not None and (avail & ~inside).bit_count() > FORCED_MAX_OPEN:
            return 0
        need = 0
        for j in _bits(avail & ~inside):
            if not works_(avail & ~(1 << j)):
                need |= 1 << j
        return need

    def key(picked: Sequence[int]) -> tuple[int, ...]:
        return tuple(sorted([*space.fixed, *(space.positions[j] for j in picked)]))

    n = len(space.options)
    everything = (1 << n) - 1
    if works_(0):
        yield (round(space.fixed_cost, 9), len(space.fixed), key(())), _path(space, 0, outcome(0)[2])
        return
    if not works_(everything):
        return
    costs = [o.cost for o in space.options]

    def node(inside: int, avail: int) -> tuple[float, int, tuple[int, ...], int, int] | None:
        """The heap entry: (cost or lower bound, size or lower bound, order key, ins, available)."""
        picked = _bits(inside)
        cost = space.fixed_cost + math.fsum(costs[j] for j in picked)
        size = len(space.fixed) + len(picked)
        ok, _, support = outcome(inside)
        if ok:
            return (round(cost, 9), size, key(picked), inside, avail)
        open_ = avail & ~inside
        extra_cost, extra_size = (0.0, 0) if bound is None else bound.needed(space, inside=support, avail=outcome(avail)[2], open_=open_)
        if math.isinf(extra_cost):
            return None
        decided = inside & ((open_ & -open_) - 1)  # the ins below the first open option: a prefix of every path below
        return (round(cost + extra_cost, 9), size + extra_size, key(_bits(decided)), inside, avail)

    found: list[int] = []
    heap = [e for e in (node(forced(0, everything), everything),) if e is not None]
    while heap:
        cost, size, order, inside, avail = heapq.heappop(heap)
        work.tick(evaluation=False)
        if budget is not None and cost > budget + 1e-9:
            return
        if any(mask & inside == mask for mask in found):
            continue
        ok, _, support = outcome(inside)
        if ok:
            found.append(inside)
            yield (cost, size, order), _path(space, inside, support)
            continue
        open_ = avail & ~inside
        low = open_ & -open_  # the first open option: in, or out
        for entry in (
            node(inside | low, avail),
            node(inside | forced(inside, avail & ~low), avail & ~low) if works_(avail & ~low) else None,
        ):
            if entry is not None:
                heapq.heappush(heap, entry)


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
    others = tuple(j for j, o in enumerate(options) if not o.monotone)
    if len(others) > MAX_NON_MONOTONE:
        raise NatosimError(
            f"{len(others)} interventions can make a stance worse or help a rival; expected at most {MAX_NON_MONOTONE} "
            "(paths tries every combination of them)",
            where="paths",
        )
    work = _Counter()
    if works(scenario, candidate, (), with_cascade=with_cascade):
        return Search(candidate, (Path((), (), (), 0.0, ()),), options, True, 0, 1)
    streams = []
    for size in range(len(others) + 1):
        for fixed in itertools.combinations(others, size):
            space = _space(scenario, candidate, options, fixed, exclude=exclude, with_cascade=with_cascade)
            streams.append(_tagged(_group(space, budget=budget, work=work), fixed))
    out: list[Path] = []
    complete = True
    exhausted = False
    try:
        for _key, p, fixed in heapq.merge(*streams, key=lambda item: item[0]):
            if fixed and not _minimal(scenario, candidate, options, p, fixed, with_cascade=with_cascade):
                continue
            if len(out) == limit:
                complete = False
                break
            out.append(p)
    except _OutOfBudget:
        if not out:
            raise NatosimError(
                f"the search for paths took {MAX_STEPS:,} steps without finding one; "
                "expected a smaller body, fewer holdouts, fewer influence edges or a budget",
                where="paths",
            ) from None
        complete, exhausted = False, True
    beyond: float | None = None
    needs = False
    if not out and budget is not None:  # say what the cheapest path costs, when one exists
        beyond = _cheapest(scenario, candidate, exclude=exclude, with_cascade=with_cascade)
    if not out and exclude and beyond is None:  # say whether the excluded members are the only way
        needs = _cheapest(scenario, candidate, exclude=(), with_cascade=with_cascade, budget=budget) is not None
    return Search(
        candidate,
        tuple(out),
        options,
        complete,
        work.explored,
        work.evaluations,
        exhausted,
        budget,
        beyond,
        tuple(sorted(exclude)),
        needs,
    )


def _cheapest(
    scenario: Scenario, candidate: str, *, exclude: Collection[str], with_cascade: bool, budget: float | None = None
) -> float | None:
    """The cost of the cheapest path (``None``: none, or the search ran out of work)."""
    try:
        found = find(scenario, candidate, limit=1, budget=budget, exclude=exclude, with_cascade=with_cascade)
    except NatosimError:
        return None
    return found.paths[0].cost if found.paths else None


def _tagged(found: Iterator[_Found], fixed: tuple[int, ...]) -> Iterator[tuple[tuple[float, int, tuple[int, ...]], Path, tuple[int, ...]]]:
    for k, p in found:
        yield k, p, fixed


def _minimal(
    scenario: Scenario, candidate: str, options: Sequence[Intervention], p: Path, fixed: tuple[int, ...], *, with_cascade: bool
) -> bool:
    """Whether no smaller subset of the path's non-monotone interventions works with its monotone ones.

    Within a group the search is exact; across groups, a working set with fewer non-monotone
    interventions and the same monotone ones is enough to check, since the monotone part of a
    working subset can always be grown back to the path's own.
    """
    names = {f"flip:{c}" for c in p.flips} | {f"withdraw:{c}" for c in p.withdraw} | {f"deal:{d}" for d in p.deals}
    fixed_names = {options[j].name for j in fixed}
    mono = [o for o in options if o.name in names and o.name not in fixed_names]
    for size in range(len(fixed)):
        for subset in itertools.combinations(fixed, size):
            if works(scenario, candidate, [*mono, *(options[j] for j in subset)], with_cascade=with_cascade):
                return False
    return True


# --- the lower bound under quota rules --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Bound:
    """A lower bound on the cost (and number) of the interventions still needed under a quota rule.

    The rule's :class:`~natosim.rules.Bar` asks for ``count`` supporters and either ``weight``
    of supporting weight or ``count_alone`` supporters (a blocking minority can no longer form).
    Members the cascade could still carry along are counted as free; every open intervention's
    other new supporters are bought, fractionally, at the best price per member (a fractional
    knapsack: never more than the true cost). The fewest interventions that can make up the
    shortfall also cost at least the cheapest that many.
    """

    followers: int
    """Bits that have an influencer among the bits (could follow)."""
    base_count: int
    """Members supporting that are not bits."""
    base_weight: int
    """Their weight."""
    bar: Bar
    """What the rule asks."""

    @classmethod
    def of(cls, space: _Space) -> _Bound | None:
        """The bound for a quota rule (from the space's own counts); ``None`` for veto rules."""
        if space.bar is None:
            return None
        followers = sum(1 << i for i, inn in enumerate(space.net.inn) if inn and not math.isinf(space.net.need[i]))
        return cls(followers=followers, base_count=space.fixed_count, base_weight=space.fixed_weight, bar=space.bar)

    def needed(self, space: _Space, *, inside: int, avail: int, open_: int) -> tuple[float, int]:
        """(cost, number) of interventions still needed at least, given who supports with the ins and with everything available."""
        free = avail & ~inside & self.followers
        have = inside | free
        have_count = self.base_count + have.bit_count()
        have_weight = self.base_weight + space.weight(have)
        gains = []
        for j in _bits(open_):
            new = space.seeds[j] & ~have
            if new:
                gains.append((space.options[j].cost, new.bit_count(), space.weight(new)))
        cheapest = sorted(c for c, _, _ in gains)
        by_count = [(c, g) for c, g, _ in gains]
        by_weight = [(c, w) for c, _, w in gains if w > 0]

        def with_size(cost_size: tuple[float, int]) -> tuple[float, int]:
            return max(cost_size[0], math.fsum(cheapest[: cost_size[1]])), cost_size[1]

        members = _buy(self.bar.count - have_count, by_count)
        weight = _buy(self.bar.weight - have_weight, by_weight)
        quota = with_size((max(members[0], weight[0]), max(members[1], weight[1])))
        if not self.bar.blocking_min:
            return quota
        alone = with_size(_buy(max(self.bar.count, self.bar.n - self.bar.blocking_min + 1) - have_count, by_count))
        return min(quota[0], alone[0]), min(quota[1], alone[1])


def _buy(short: float, offers: Sequence[tuple[float, float]]) -> tuple[float, int]:
    """Least (fractional) cost and fewest offers that make up ``short``; (inf, a huge number) if they cannot."""
    if short <= 0:
        return 0.0, 0
    cost, left = 0.0, float(short)
    for price, gain in sorted(offers, key=lambda o: o[0] / o[1]):
        take = min(gain, left)
        cost += price * take / gain
        left -= take
        if left <= 0:
            break
    if left > 0:
        return math.inf, 1 << 62
    fewest, left = 0, float(short)
    for gain in sorted((g for _, g in offers), reverse=True):
        fewest += 1
        left -= gain
        if left <= 0:
            break
    return cost * (1 - 1e-12), fewest


def _path(space: _Space, chosen: int, support: int) -> Path:
    picked = [*space.fixed_options, *(space.options[j] for j in _bits(chosen))]
    direct = space.seed
    for j in _bits(chosen):
        direct |= space.seeds[j] | space.quiet[j]
    return Path(
        flips=tuple(sorted(o.target for o in picked if o.kind == "flip")),
        withdraw=tuple(sorted(o.target for o in picked if o.kind == "withdraw")),
        deals=tuple(sorted((o.target for o in picked if o.kind == "deal"), key=space.deal_order.__getitem__)),
        cost=math.fsum(o.cost for o in picked),
        cascade=tuple(space.net.codes[i] for i in _bits(support & ~direct)),
    )
