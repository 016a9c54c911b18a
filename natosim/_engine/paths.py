"""Paths to consensus: the minimal sets of interventions that get a candidate adopted.

An intervention is flipping a member to support (at its ``cost``), persuading a rival
candidate to withdraw (at its ``withdraw_cost``; its ``on_withdraw`` stances apply) or striking
a deal (at its ``cost``; its effects apply). A set of interventions is one step of
:func:`natosim._engine.step.apply` (effects, their precedence and the cascade are defined there and
only there); it *works* when the candidate is then adopted (:func:`natosim._engine.analysis.evaluate`:
the rule, and no more candidates meeting it than seats).

The search is exact and best-first over a binary include/exclude tree. It needs monotonicity
(adding an intervention never hurts), which holds for every intervention whose effects are each
at least as good as the stance they replace and that leaves the rivals alone (rule 2 of
:mod:`natosim._engine.step`). The others (a deal that sets a supporter to abstain, a withdrawal whose
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
  the open interventions bounds the cost still needed from below; with many interventions, an
  exact 0-1 knapsack per suffix of the intervention order, by dynamic programming over cost
  units, each intervention gaining the members it could carry along (:class:`_Suffix`);
* a popped node whose ins work is a path unless it contains one found before.

Keys never decrease along the heap, so a search stopped by its work budget or its time limit
(``time_limit=``) still knows a lower bound on the cost of every path it did not report.

A path from a group with non-monotone interventions is kept only if no smaller subset of them
works with the same monotone ones. See ``docs/influence.md`` for the proof and the figures.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from natosim._engine import cascade, step
from natosim._engine.analysis import adopted
from natosim._engine.bitset import bits
from natosim._engine.rules import RANK, Abstention, AllOf, Bar, Quota, Veto, rule_for
from natosim.errors import NatosimError
from natosim.model import Member, Scenario, Stance

__all__ = ["MAX_NON_MONOTONE", "MAX_STEPS", "RANK", "Intervention", "Path", "Search", "find", "interventions"]

MAX_NON_MONOTONE = 12
"""Most non-monotone interventions :func:`find` accepts (it searches every subset of them)."""

SOLVER_SECONDS = 2.0
"""The time the solver gets in all when the search ran out of work before finding a path (:mod:`natosim._engine.solver`)."""

SOLVER_GROUPS = 8
"""Most search groups (sets of non-monotone interventions) the solver is run on; beyond, the first only."""

GREEDY_SWAPS = 5_000
"""Most sets the greedy fallback tries when it swaps an option for a cheaper one (each is an evaluation of the rule)."""

MAX_STEPS = 100_000
"""Work :func:`find` does at most: sets whose outcome (cascade and rule) it computes plus search nodes it pops (about 6 s at the worst measured cost),
an outcome over a large network counting as several steps (:data:`STEP_SIZE`), so that the budget bounds the time on any body.

Paths come out cheapest first and each is proven cheapest when it is found, so when the budget
runs out the paths found so far are kept (``Search.exhausted``); with none found it is an input error.
"""


class _OutOfBudget(Exception):
    """The work budget ran out (caught in :func:`find`)."""


STEP_SIZE = 1_000
"""Members and influence edges among them that one work step covers when an outcome is computed: over ``k`` of them, the
cascade's closure costs ``1 + k // STEP_SIZE`` steps (1,000 members with 20,000 edges: 21 steps)."""

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
        """The change it makes for ``candidate``, for :func:`natosim._engine.step.apply`."""
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
    timed_out: bool = False
    """True when the time limit stopped the search: the paths listed are still the cheapest (unless ``proven`` is false), more may exist."""
    lower_bound: float | None = None
    """When the time limit or the work budget stopped the search: a proven lower bound on the cost of every path not listed as proven."""
    proven: bool = True
    """False when the one path listed is the best a greedy pass found after the time limit, not proven the cheapest."""
    time_limit: float | None = None
    """The time limit searched within (seconds), if any."""
    found_by: str = "search"
    """Who found the path listed when the search stopped before finding one: ``"greedy"`` (the greedy pass) or
    ``"solver"`` (the mixed-integer program of :mod:`natosim._engine.solver`); ``"search"`` otherwise."""


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
    # a supporter turned away and flipped back supports without triggering the cascade, while it could
    # otherwise follow and carry others along: with influence edges out, that flip is not monotone
    turned = {code for o in out for code, st in o.effects if st is not Stance.SUPPORT}
    sources = {e.source for e in scenario.influence}
    for m in scenario.members:
        if (stances[m.code] is not Stance.SUPPORT or m.code in turned) and m.code not in exclude:
            back = stances[m.code] is Stance.SUPPORT and m.code in sources
            out.append(Intervention("flip", m.code, scenario.positions[m.code].cost, ((m.code, Stance.SUPPORT),), not back))
    return tuple(sorted(out, key=lambda i: (i.cost, _KIND_ORDER[i.kind], i.target)))


def held(scenario: Scenario, candidate: str, exclude: Collection[str]) -> tuple[step.Flip, ...]:
    """The excluded members held where they stand: each one's own stance on the candidate, stated.

    A stated stance holds for the step and never follows the cascade (rules 1 and 4 of
    :mod:`natosim._engine.step`), so every set the search judges keeps them where they are; no intervention
    on offer changes their stance on the candidate (:func:`interventions`), so stating it changes nothing else.
    """
    stances = scenario.stances[candidate]
    return tuple(step.Flip(code, stances[code], candidate) for code in sorted(exclude))


def works(
    scenario: Scenario, candidate: str, chosen: Sequence[Intervention], *, with_cascade: bool = True, exclude: Collection[str] = ()
) -> bool:
    """The one definition of "a set works": the step (the excluded members held, :func:`held`), then the verdict."""
    todo = [*(o.change(candidate) for o in chosen), *held(scenario, candidate, exclude)]
    after = step.apply(scenario, todo, with_cascade=with_cascade).after
    return candidate in adopted(after)


# --- one group: the monotone interventions over a fixed set of non-monotone ones ------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One quota of the rule over the bits: its :class:`~natosim._engine.rules.Bar` and the members' weights under it.

    A single quota rule has one part; the EU's weighted-vote rules (:class:`~natosim._engine.rules.AllOf`:
    the Nice votes, members and population, and the Lisbon double majority in 2014-2017) have one
    per quota, each of which must pass on the same supporters.
    """

    bar: Bar
    """What the quota asks (supporters are counted from the bits, as ``Quota.adopted`` counts them)."""
    bit_weights: tuple[int, ...]
    """Per bit: the member's weight under the quota."""
    fixed_weight: int
    """The weight of the supporters that are not bits."""
    uniform_weight: int = 0
    """The weight every bit has when they all weigh the same (then sums are popcounts), else 0."""
    weight_bytes: tuple[tuple[int, ...], ...] = ()
    """Per byte of a mask (bits ``8k`` to ``8k + 7``): the summed weight of each of its 256 values."""

    def weight(self, mask: int) -> int:
        """The summed quota weight of the bits in ``mask``."""
        if self.uniform_weight:
            return self.uniform_weight * mask.bit_count()
        total = 0
        for table in self.weight_bytes:
            total += table[mask & 255]
            mask >>= 8
        return total


@dataclass(frozen=True, slots=True)
class SearchSpace:
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
    parts: tuple[_Part, ...] = ()
    """Under a quota rule (or several quotas at once, :class:`~natosim._engine.rules.AllOf`): each quota, all of which must pass; else empty."""
    fixed_count: int = 0
    """Supporters that are not bits (they support whatever is chosen)."""
    general: Callable[[tuple[Intervention, ...]], bool] | None = None
    """Under the rules that are neither a veto nor quotas (security-council):
    whether the rule holds after the fixed interventions and these ones, by the one definition (``step.apply``, then the rule)."""

    sources: int = -1
    """The bits with influence edges out (the others trigger nothing); every bit when not known."""
    exclude: tuple[str, ...] = ()
    """The members that may not move (held where they stand in every set judged, :func:`held`)."""

    def passes(self, support: int) -> bool:
        """Whether the supporting bits ``support`` (and the fixed supporters) pass every quota of the rule."""
        count = self.fixed_count + support.bit_count()
        return all(p.bar.passes(count, p.fixed_weight + p.weight(support)) for p in self.parts)


def _space(
    scenario: Scenario,
    candidate: str,
    options: tuple[Intervention, ...],
    fixed: tuple[int, ...],
    *,
    exclude: Collection[str],
    with_cascade: bool,
) -> SearchSpace:
    monotone = tuple(j for j, o in enumerate(options) if o.monotone)
    chosen = [options[j] for j in fixed]
    before = scenario.stances[candidate]
    changes = [o.change(candidate) for o in chosen]
    holds = held(scenario, candidate, exclude)
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
    # constructive abstention: nobody blocks (a veto rule), and then the clause is a quota on the supporters
    veto = judge if isinstance(judge, Veto) else Veto(judge.blocking) if isinstance(judge, Abstention) else None
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
        state = step.apply(scenario, [*changes, *holds], with_cascade=with_cascade).after
        meeting = [c.id for c in state.active if c.id != candidate and judge.adopted(members, state.stances[c.id])]
        rivals = sum(1 << k for k, o in enumerate(opts) if o.kind == "withdraw" and o.target in meeting)
        rivals_needed = max(0, len(meeting) - (scenario.seats - 1))
    general: Callable[[tuple[Intervention, ...]], bool] | None = None
    if not isinstance(judge, Veto | Quota | AllOf | Abstention):  # --- bodies: one judging function for the other rules

        def general(picked: tuple[Intervention, ...]) -> bool:
            todo = [*(o.change(candidate) for o in (*chosen, *picked)), *holds]
            after = step.apply(scenario, todo, with_cascade=with_cascade).after
            return judge.adopted(members, after.stances[candidate])

    return SearchSpace(
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
        sources=sum(1 << i for i, out in enumerate(compiled.out) if out),
        exclude=tuple(sorted(exclude)),
        **_quota_counts(judge, members, base, compiled.codes),
    )


def _quota_counts(judge: object, members: Sequence[Member], base: Mapping[str, Stance], codes: Sequence[str]) -> dict[str, Any]:
    """The quota rule's parts over the bits, so that a set is judged by counting (the same sums as ``Quota.adopted``)."""
    quotas: tuple[Quota, ...] = ()
    if isinstance(judge, Quota):
        quotas = (judge,)
    elif isinstance(judge, AllOf):
        quotas = judge.parts
    elif isinstance(judge, Abstention):
        quotas = (judge.counted(members),)
    if not quotas:
        return {}
    bits = set(codes)
    fixed = [m.code for m in members if base[m.code] is Stance.SUPPORT and m.code not in bits]
    parts = []
    for q in quotas:
        weights = q.weights(members)
        by_code = {m.code: w for m, w in zip(members, weights, strict=True)}
        bit_weights = tuple(by_code[c] for c in codes)
        same = codes and len(set(bit_weights)) == 1 and bit_weights[0] > 0
        parts.append(
            _Part(
                bar=q.bar(weights),
                bit_weights=bit_weights,
                fixed_weight=sum(by_code[c] for c in fixed),
                uniform_weight=bit_weights[0] if same else 0,
                weight_bytes=() if same else _byte_tables(bit_weights, lambda a, b: a + b, 0),
            )
        )
    return {"parts": tuple(parts), "fixed_count": len(fixed)}


def _byte_tables(values: Sequence[Any], combine: Callable[[Any, Any], Any], empty: Any) -> tuple[tuple[Any, ...], ...]:
    """Per byte of a mask over ``values`` (bits ``8k`` to ``8k + 7``): ``combine`` folded over the values of each of its 256 settings."""
    out = []
    for start in range(0, len(values), 8):
        chunk = values[start : start + 8]
        table = [empty] * 256
        for setting in range(1, 256):
            low = setting & -setting
            j = low.bit_length() - 1
            table[setting] = combine(table[setting ^ low], chunk[j]) if j < len(chunk) else table[setting ^ low]
        out.append(tuple(table))
    return tuple(out)


def _fold(tables: Sequence[Sequence[int]], mask: int) -> int:
    """The OR of the masks ``tables`` give for each byte of ``mask``."""
    out = 0
    for table in tables:
        if mask & 255:
            out |= table[mask & 255]
        mask >>= 8
        if not mask:
            break
    return out


def _closure(space: SearchSpace, seed: int, quiet: int) -> int:
    """``space.net.closure(seed, quiet)``, with the seeds that influence nobody passed as quiet (they trigger nothing either way)."""
    return space.net.closure(seed & space.sources, quiet | (seed & ~space.sources))


def _judge(space: SearchSpace, chosen: int, support: int, ease: int) -> bool:
    """Whether a set of options works: the one place where the search judges a set by the rule.

    ``support``: every bit supporting after the set (cascade included); ``ease``: the bits its
    options set to a stance that does not block. The contest for the seats first, then the rule:
    a veto rule when no bit blocks, quota rules when the supporters pass each one's :class:`~natosim._engine.rules.Bar`,
    constructive abstention as a veto rule and then its clause as a quota (:meth:`~natosim._engine.rules.Abstention.counted`),
    any other rule (the security council) by
    :meth:`~natosim._engine.rules.Rule.adopted` on the stances after the set.
    """
    if (chosen & space.rivals).bit_count() < space.rivals_needed:
        return False
    if space.general is not None:  # the rules that are neither a veto nor quotas: the rule itself on the stances after
        return space.general(tuple(space.options[j] for j in bits(chosen)))
    if space.veto is not None and (support | ease | space.base_ok) != space.everyone:
        return False
    return space.passes(support)  # every quota (none under a veto rule); constructive abstention: a veto, then its clause


class _OutOfTime(Exception):
    """The time limit passed (caught in :func:`find`)."""


Progress = Callable[[int, int], None]
"""Called as ``progress(paths found, paths asked for)`` after each path and now and then while searching."""

CLOCK_EVERY = 256
"""Work steps between two looks at the clock (and calls of the progress callback)."""


@dataclass(slots=True)
class _Counter:
    """Work done across groups, against the node budget and the time limit."""

    explored: int = 0
    evaluations: int = 0
    deadline: float | None = None
    """``time.monotonic()`` past which the search stops (``None``: no time limit)."""
    progress: Progress | None = None
    found: int = 0
    """Paths found so far (for the progress callback)."""
    limit: int = 0
    """Paths asked for."""
    steps: int | None = None
    """The work budget (``None``: :data:`MAX_STEPS`)."""
    spent: int = 0
    """Work steps spent: a node popped is one, an outcome computed is one per :data:`STEP_SIZE` members and edges its cascade runs over."""

    def tick(self, *, evaluation: bool, size: int = 1) -> None:
        """Count one outcome computed (``size`` steps) or one node popped; raise :class:`_OutOfBudget` past :data:`MAX_STEPS`,
        :class:`_OutOfTime` past the deadline."""
        if evaluation:
            self.evaluations += 1
        else:
            self.explored += 1
        before = self.spent
        self.spent += size
        if self.spent > (MAX_STEPS if self.steps is None else self.steps):
            raise _OutOfBudget
        if self.spent // CLOCK_EVERY != before // CLOCK_EVERY:
            if self.progress is not None:
                self.progress(self.found, self.limit)
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise _OutOfTime


_Found = tuple[tuple[float, int, tuple[int, ...]], Path]
"""(global order key, path)."""


def _group(space: SearchSpace, *, budget: float | None, work: _Counter, floor: list[float]) -> Iterator[_Found]:
    """The minimal working sets of one group, in order (lazily).

    ``floor[0]`` is kept at a lower bound on the cost of every path the group has not yielded yet
    (the key of the node last popped: keys never decrease along the heap).
    """
    memo: dict[int, tuple[bool, int, int]] = {}
    bounds = _Bound.of(space)
    effort = 1 + (len(space.net.codes) + sum(len(inn) for inn in space.net.inn)) // STEP_SIZE  # work steps per outcome
    seed_bytes = _byte_tables(space.seeds, int.__or__, 0)
    quiet_bytes = _byte_tables(space.quiet, int.__or__, 0)
    ease_bytes = _byte_tables(space.eases, int.__or__, 0)

    def outcome(chosen: int) -> tuple[bool, int, int]:
        """(works, trigger seed, everyone supporting) for a set of options."""
        got = memo.get(chosen)
        if got is not None:
            return got
        seed = space.seed | _fold(seed_bytes, chosen)
        quiet = _fold(quiet_bytes, chosen)
        ease = _fold(ease_bytes, chosen)
        support = _closure(space, seed, quiet)
        got = memo[chosen] = (_judge(space, chosen, support, ease), seed, support)
        work.tick(evaluation=True, size=effort)
        return got

    def works_(chosen: int) -> bool:
        return outcome(chosen)[0]

    def forced(inside: int, avail: int) -> int:
        """The open options in ``avail`` without which ``avail`` would not work.

        Under a quota rule with many open options the quota bound does this job and no single
        option is forced (any of many supporters will do), so the n evaluations are skipped
        there: the search stays exact either way, this only moves work.
        """
        if bounds and (avail & ~inside).bit_count() > FORCED_MAX_OPEN:
            return 0
        need = 0
        for j in bits(avail & ~inside):
            if not works_(avail & ~(1 << j)):
                need |= 1 << j
        return need

    def key(picked: Sequence[int]) -> tuple[int, ...]:
        """The order key of a path: the positions of all its interventions (fixed ones included)."""
        return tuple(sorted([*space.fixed, *(space.positions[j] for j in picked)]))

    n = len(space.options)
    everything = (1 << n) - 1
    if works_(0):  # the group's fixed interventions alone: a path only within the budget, like every other
        if budget is None or space.fixed_cost <= budget + 1e-9:
            yield (round(space.fixed_cost, 9), len(space.fixed), key(())), _path(space, 0, outcome(0)[2])
        floor[0] = math.inf
        return
    if not works_(everything):
        floor[0] = math.inf
        return
    costs = [o.cost for o in space.options]

    def node(inside: int, avail: int, parent: tuple[float, int, tuple[int, ...]]) -> tuple[float, int, tuple[int, ...], int, int] | None:
        """The heap entry: (cost or lower bound, size or lower bound, order key, ins, available), never below its parent's."""
        picked = bits(inside)
        cost = space.fixed_cost + math.fsum(costs[j] for j in picked)
        size = len(space.fixed) + len(picked)
        ok, _, support = outcome(inside)
        if ok:
            return (round(cost, 9), size, tuple(picked), inside, avail)
        open_ = avail & ~inside
        extra_cost, extra_size = _Bound.largest(bounds, space, inside=support, avail=outcome(avail)[2], open_=open_) if bounds else (0.0, 0)
        if math.isinf(extra_cost):
            return None
        # every path below is the ins below the first open option, then one or more options from the
        # first open one on: (those ins, the first open one) orders before all of them. Within a group
        # the fixed interventions are common to every set, so for sets of one size the order of their
        # option bits is the order of their keys (the least member of the symmetric difference decides)
        first = open_ & -open_
        decided = bits(inside & (first - 1))
        own = (round(cost + extra_cost, 9), size + max(extra_size, 1), (*decided, first.bit_length() - 1))
        return (*max(own, parent), inside, avail)

    found: list[int] = []
    heap = [e for e in (node(forced(0, everything), everything, (space.fixed_cost, 0, ())),) if e is not None]
    while heap:
        cost, size, order, inside, avail = heapq.heappop(heap)
        floor[0] = cost
        work.tick(evaluation=False)
        if budget is not None and cost > budget + 1e-9:
            floor[0] = math.inf
            return
        if any(mask & inside == mask for mask in found):
            continue
        ok, _, support = outcome(inside)
        if ok:
            found.append(inside)
            yield (cost, size, key(order)), _path(space, inside, support)
            continue
        open_ = avail & ~inside
        low = open_ & -open_  # the first open option: in, or out
        for entry in (
            node(inside | low, avail, (cost, size, order)),
            node(inside | forced(inside, avail & ~low), avail & ~low, (cost, size, order)) if works_(avail & ~low) else None,
        ):
            if entry is not None:
                heapq.heappush(heap, entry)
    floor[0] = math.inf


def find(
    scenario: Scenario,
    candidate: str,
    *,
    limit: int = 10,
    budget: float | None = None,
    exclude: Collection[str] = (),
    with_cascade: bool = True,
    time_limit: float | None = None,
    progress: Progress | None = None,
    steps: int | None = None,
    fallback: bool = True,
) -> Search:
    """The ``limit`` cheapest minimal paths to adopting ``candidate`` (within ``budget``, if given).

    ``steps`` is the work budget (default :data:`MAX_STEPS`); ``fallback=False`` skips the greedy pass
    and the solver when the budget runs out before a path is found (the answer then lists none, and
    ``Search.exhausted`` says why), which keeps a small budget small and the answer independent of time.

    ``time_limit`` (seconds) stops the search: the paths found by then are still the cheapest, and
    ``Search.lower_bound`` bounds the cost of every other (when none was found, the best working set
    a greedy pass finds is listed, with ``Search.proven`` false). ``progress`` is called as
    ``progress(paths found, limit)`` after each path and now and then while searching.
    """
    if time_limit is not None and not time_limit > 0:
        raise NatosimError(f"a time limit of {time_limit} s; expected a positive number of seconds", where="time limit")
    options = interventions(scenario, candidate, exclude=exclude)
    others = tuple(j for j, o in enumerate(options) if not o.monotone)
    if len(others) > MAX_NON_MONOTONE:
        raise NatosimError(
            f"{len(others)} interventions can make a stance worse or help a rival; expected at most {MAX_NON_MONOTONE} "
            "(paths tries every combination of them)",
            where="paths",
        )
    work = _Counter(deadline=None if time_limit is None else time.monotonic() + time_limit, progress=progress, limit=limit, steps=steps)
    if works(scenario, candidate, (), with_cascade=with_cascade, exclude=exclude):
        return Search(candidate, (Path((), (), (), 0.0, ()),), options, True, 0, 1)
    spaces = [
        _space(scenario, candidate, options, fixed, exclude=exclude, with_cascade=with_cascade)
        for size in range(len(others) + 1)
        for fixed in itertools.combinations(others, size)
    ]
    floors = [[space.fixed_cost] for space in spaces]
    streams = [_group(space, budget=budget, work=work, floor=floor) for space, floor in zip(spaces, floors, strict=True)]
    heads: list[_Found | None] = [None] * len(streams)
    out: list[Path] = []
    complete = True
    exhausted = timed_out = False
    lower: float | None = None
    try:
        for i, stream in enumerate(streams):
            heads[i] = next(stream, None)
        while True:
            live = [i for i, h in enumerate(heads) if h is not None]
            if not live:
                break
            i = min(live, key=lambda k: heads[k][0])  # type: ignore[index]
            head = heads[i]
            assert head is not None
            _key, p = head
            if not spaces[i].fixed or _minimal(scenario, candidate, options, p, spaces[i], with_cascade=with_cascade):
                if len(out) == limit:
                    complete = False
                    break
                out.append(p)
                work.found = len(out)
                if progress is not None:
                    progress(len(out), limit)
            heads[i] = None
            heads[i] = next(streams[i], None)
    except (_OutOfBudget, _OutOfTime) as stop:
        timed_out = isinstance(stop, _OutOfTime)
        complete, exhausted = False, not timed_out
        # every path not listed is below a live stream: at its head, or not yet popped (its floor)
        bounds = [h[0][0] if h is not None else floor[0] for h, floor in zip(heads, floors, strict=True)]
        lower = max(min(bounds, default=math.inf), out[-1].cost if out else 0.0)
    proven = True
    found_by = "search"
    if (timed_out or exhausted) and not out and fallback:
        # nothing proven by the search: a working set found greedily or, when the work ran out (a time limit is
        # the caller's), by the solver; proven cheapest when it costs the proven lower bound
        found = _greedy(scenario, candidate, spaces[0], with_cascade=with_cascade)
        found_by = "greedy"
        if exhausted:
            solved, bounds = _solved(scenario, candidate, options, spaces, bounds, budget=budget, with_cascade=with_cascade)
            lower = min(bounds, default=math.inf)
            if solved is not None and (found is None or solved.cost < found.cost - 1e-9):
                found, found_by = solved, "solver"
        if found is not None and budget is not None and found.cost > budget + 1e-9:
            found = None
        bound = math.inf if lower is None else lower
        if found is None and exhausted and not math.isinf(bound) and (budget is None or bound <= budget + 1e-9):
            raise NatosimError(
                f"the search for paths took {MAX_STEPS:,} steps of work without finding one; "
                "expected a smaller body, fewer holdouts, fewer influence edges, a budget or a time limit",
                where="paths",
            ) from None
        if found is not None:
            out.append(found)
            proven = lower is not None and found.cost <= lower + 1e-9
        else:
            found_by = "search"
    beyond: float | None = None
    needs = False
    if not out and budget is not None and not timed_out:  # say what the cheapest path costs, when one exists
        beyond = _cheapest(scenario, candidate, exclude=exclude, with_cascade=with_cascade)
    if not out and exclude and beyond is None and not timed_out:  # say whether the excluded members are the only way
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
        timed_out=timed_out,
        lower_bound=None if lower is None or math.isinf(lower) else lower,
        proven=proven,
        time_limit=time_limit,
        found_by=found_by,
    )


def _effects(space: SearchSpace, chosen: int) -> tuple[int, int, int]:
    """The members a set of the group's options turns into supporters (they trigger), sets back to support, and eases."""
    s_, q_, e_ = space.seed, 0, 0
    for j in bits(chosen):
        s_ |= space.seeds[j]
        q_ |= space.quiet[j]
        e_ |= space.eases[j]
    return s_, q_, e_


def _set_works(space: SearchSpace, chosen: int) -> bool:
    """Whether a set of the group's options works (the cascade, then :func:`_judge`)."""
    s_, q_, e_ = _effects(space, chosen)
    return _judge(space, chosen, _closure(space, s_, q_), e_)


def _checked(scenario: Scenario, candidate: str, space: SearchSpace, chosen: int, *, with_cascade: bool) -> Path:
    """The path of a working set found outside the search, checked by the one definition (:func:`works`)."""
    picked = [*space.fixed_options, *(space.options[j] for j in bits(chosen))]
    if not works(scenario, candidate, picked, with_cascade=with_cascade, exclude=space.exclude):
        raise AssertionError(
            "a path found outside the search does not work by the one definition"
        )  # the compiled sets disagree with natosim._engine.step
    s_, q_, _ = _effects(space, chosen)
    return _path(space, chosen, _closure(space, s_, q_))


def _greedy(scenario: Scenario, candidate: str, space: SearchSpace, *, with_cascade: bool) -> Path | None:
    """A minimal working set of the group's options found greedily, or ``None``.

    The cheapest per weight go in first until the set works; then out, the last in first, while it
    still works; then one option is swapped for a cheaper one left out while that works, for at
    most ``GREEDY_SWAPS`` sets tried.

    Not proven cheapest: what a search stopped by its time limit lists when it found no path.
    Checked by the one definition (:func:`works`).
    """

    # under quota rules the best price per unit of weight (of the first quota) first, else in the order of the options
    first = space.parts[0] if space.parts else None
    order = sorted(
        range(len(space.options)),
        key=lambda j: space.options[j].cost / max(first.weight(space.seeds[j] | space.quiet[j]) if first else 0, 1),
    )
    chosen = 0
    added: list[int] = []
    for j in order if space.parts else range(len(space.options)):
        if _set_works(space, chosen):
            break
        chosen |= 1 << j
        added.append(j)
    if not _set_works(space, chosen):
        return None
    cost = [o.cost for o in space.options]
    cheap_first = sorted(range(len(cost)), key=lambda i: cost[i])
    out_first = list(reversed(added))  # the last in (the dearest per weight) first out
    left = GREEDY_SWAPS  # sets the swaps may still try
    while True:
        chosen = _minimal_set(space, chosen, out_first)
        # swap an option for a cheaper one left out, when that works (each swap lowers the cost: this ends)
        swaps = (
            chosen & ~(1 << j) | 1 << i
            for j in sorted(bits(chosen), key=lambda j: -cost[j])
            for i in cheap_first
            if cost[i] < cost[j] and not chosen >> i & 1
        )
        swapped = None
        for c in itertools.islice(swaps, left):
            left -= 1
            if _set_works(space, c):
                swapped = c
                break
        if swapped is None:
            break
        chosen = swapped
        out_first = bits(chosen)
    return _checked(scenario, candidate, space, chosen, with_cascade=with_cascade)


def _minimal_set(space: SearchSpace, chosen: int, order: Sequence[int]) -> int:
    """``chosen`` with the options in ``order`` dropped one by one while the set still works without them."""
    for j in order:
        if chosen >> j & 1 and _set_works(space, chosen & ~(1 << j)):
            chosen &= ~(1 << j)
    return chosen


def _solved(
    scenario: Scenario,
    candidate: str,
    options: Sequence[Intervention],
    spaces: Sequence[SearchSpace],
    bounds: list[float],
    *,
    budget: float | None,
    with_cascade: bool,
) -> tuple[Path | None, list[float]]:
    """The cheapest working set the solver finds (:mod:`natosim._engine.solver`) over the search groups, and the groups' lower bounds raised by its proofs.

    Every group is solved when there are at most ``SOLVER_GROUPS`` (else the first only), within
    ``SOLVER_SECONDS`` in all. A set is listed only when it works by the one definition and is
    minimal; a group's bound is raised only when its set works (or the solver proved there is none).
    """
    from natosim._engine import solver

    best: Path | None = None
    bounds = list(bounds)
    groups = range(len(spaces)) if len(spaces) <= SOLVER_GROUPS else range(1)
    for i in groups:
        space = spaces[i]
        room = None if budget is None else budget - space.fixed_cost
        solved = solver.cheapest(space, time_limit=SOLVER_SECONDS / len(groups), budget=room)
        if solved is None:
            continue
        if solved.chosen is None:
            if solved.optimal:  # no working set in this group
                bounds[i] = math.inf
            continue
        if not _set_works(space, solved.chosen):  # the solver's tolerances accepted what the rule does not: ignore it
            continue
        bounds[i] = max(bounds[i], space.fixed_cost + solved.bound)
        chosen = _minimal_set(space, solved.chosen, sorted(bits(solved.chosen), key=lambda j: -space.options[j].cost))
        found = _checked(scenario, candidate, space, chosen, with_cascade=with_cascade)
        if space.fixed and not _minimal(scenario, candidate, options, found, space, with_cascade=with_cascade):
            continue
        if best is None or found.cost < best.cost - 1e-9:
            best = found
    return best, bounds


def _cheapest(
    scenario: Scenario, candidate: str, *, exclude: Collection[str], with_cascade: bool, budget: float | None = None
) -> float | None:
    """The cost of the cheapest path (``None``: none, or the search ran out of work)."""
    try:
        found = find(scenario, candidate, limit=1, budget=budget, exclude=exclude, with_cascade=with_cascade)
    except NatosimError:
        return None
    return found.paths[0].cost if found.paths else None


def _minimal(
    scenario: Scenario, candidate: str, options: Sequence[Intervention], p: Path, space: SearchSpace, *, with_cascade: bool
) -> bool:
    """Whether no smaller subset of the path's non-monotone interventions works with its monotone ones.

    Within a group the search is exact; across groups, a working set with fewer non-monotone
    interventions and the same monotone ones is enough to check, since the monotone part of a
    working subset can always be grown back to the path's own.
    """
    fixed = space.fixed
    names = {f"flip:{c}" for c in p.flips} | {f"withdraw:{c}" for c in p.withdraw} | {f"deal:{d}" for d in p.deals}
    fixed_names = {options[j].name for j in fixed}
    mono = [o for o in options if o.name in names and o.name not in fixed_names]
    for size in range(len(fixed)):
        for subset in itertools.combinations(fixed, size):
            if works(scenario, candidate, [*mono, *(options[j] for j in subset)], with_cascade=with_cascade, exclude=space.exclude):
                return False
    return True


# --- the lower bound under quota rules --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Bound:
    """A lower bound on the cost (and number) of the interventions still needed under one quota of the rule.

    Under several quotas at once (:class:`_Part`), each must pass, so the largest of their bounds is one too.
    The quota's :class:`~natosim._engine.rules.Bar` asks for ``count`` supporters and either ``weight``
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
    part: _Part
    """The quota: what it asks and the weights it counts."""
    suffix: _Suffix | None = None
    """The exact knapsack over each suffix of the options, when their costs are small multiples of one unit."""

    @property
    def bar(self) -> Bar:
        """What the quota asks."""
        return self.part.bar

    @classmethod
    def of(cls, space: SearchSpace) -> tuple[_Bound, ...]:
        """One bound per quota of the rule (from the space's own counts); none for veto rules."""
        followers = _followers(space.net)
        return tuple(cls(followers=followers, base_count=space.fixed_count, part=p, suffix=_Suffix.of(space, p)) for p in space.parts)

    @staticmethod
    def largest(bounds: Sequence[_Bound], space: SearchSpace, *, inside: int, avail: int, open_: int) -> tuple[float, int]:
        """The largest (cost, number) over the quotas' bounds (each quota must pass); (0, 0) under a veto rule."""
        cost, size = 0.0, 0
        for b in bounds:
            c, k = b.needed(space, inside=inside, avail=avail, open_=open_)
            cost, size = max(cost, c), max(size, k)
        return cost, size

    def needed(self, space: SearchSpace, *, inside: int, avail: int, open_: int) -> tuple[float, int]:
        """(cost, number) of interventions still needed at least, given who supports with the ins and with everything available."""
        exact = self.suffix
        if exact is not None:
            # the tables bound the gain of the options bought by the reach of their own supporters
            first = (open_ & -open_).bit_length() - 1
            has_count = self.base_count + inside.bit_count()
            has_weight = self.part.fixed_weight + self.part.weight(inside)
            quota = exact.needed(space, first, open_, inside, self.bar.count - has_count, self.bar.weight - has_weight)
            if not self.bar.blocking_min:
                return quota
            alone = exact.needed(space, first, open_, inside, max(self.bar.count, self.bar.alone) - has_count, 0)
            return min(quota[0], alone[0]), min(quota[1], alone[1])
        free = avail & ~inside & self.followers
        have = inside | free
        have_count = self.base_count + have.bit_count()
        have_weight = self.part.fixed_weight + self.part.weight(have)
        short_count = self.bar.count - have_count
        short_weight = self.bar.weight - have_weight
        alone_count = max(self.bar.count, self.bar.alone) - have_count
        gains = []
        for j in bits(open_):
            new = (space.seeds[j] | space.quiet[j]) & ~have  # members set back to support count too
            if new:
                gains.append((space.options[j].cost, new.bit_count(), self.part.weight(new)))
        cheapest = sorted(c for c, _, _ in gains)
        by_count = [(c, g) for c, g, _ in gains]
        by_weight = [(c, w) for c, _, w in gains if w > 0]

        def with_size(cost_size: tuple[float, int]) -> tuple[float, int]:
            return max(cost_size[0], math.fsum(cheapest[: cost_size[1]])), cost_size[1]

        members = _buy(short_count, by_count)
        weight = _buy(short_weight, by_weight)
        quota = with_size((max(members[0], weight[0]), max(members[1], weight[1])))
        if not self.bar.blocking_min:
            return quota
        alone = with_size(_buy(alone_count, by_count))
        return min(quota[0], alone[0]), min(quota[1], alone[1])


SUFFIX_MAX_UNITS = 4_000_000
"""Most cells (options times cost units) of the suffix knapsack tables :class:`_Suffix` builds."""

SUFFIX_MIN_OPTIONS = 25
"""Fewest options for which :class:`_Suffix` builds its tables (below, the fractional bound is cheap enough)."""


GROUP_MAX = 6

ROWS_MAX = 20_000
"""Most rows :meth:`_Suffix._row` keeps."""


def _union(masks: Iterator[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


"""Most options :class:`_Suffix` enumerates together (a larger group of options sharing followers is split: each option then counts its whole reach)."""


def _groups(reach: Sequence[int]) -> list[list[int]]:
    """The options (by index) in groups whose reaches overlap, each sorted, in order of their first option; large groups split into singletons."""
    parent = list(range(len(reach)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for j, mask in enumerate(reach):
        for b in bits(mask):
            if b in owner:
                parent[root(j)] = root(owner[b])
            else:
                owner[b] = j
    groups: dict[int, list[int]] = {}
    for j in range(len(reach)):
        groups.setdefault(root(j), []).append(j)
    out: list[list[int]] = []
    for g in sorted(groups.values()):
        out.extend([g] if len(g) <= GROUP_MAX else [[j] for j in g])
    return sorted(out)


def _convolve(table: Any, offers: Sequence[tuple[int, int]]) -> Any:
    """``table`` (the most gain for at most ``u`` units) after adding a choice of at most one of the (units, gain) ``offers``."""
    import numpy as np

    out = table.copy()
    size = len(table)
    best: dict[int, int] = {}
    for u, g in offers:
        if g > best.get(u, -1):
            best[u] = g
    for u, g in best.items():
        if u < size:
            np.maximum(out[u:], table[: size - u] + g, out=out[u:])
    return out


def _followers(net: cascade.Compiled) -> int:
    """The bits that can follow at all: all their influencers among the bits together reach their threshold."""
    return sum(1 << i for i, inn in enumerate(net.inn) if inn and math.fsum(w for _, w in inn) >= net.need[i])


def _reach(net: cascade.Compiled, start: int, followers: int) -> int:
    """``start`` and every bit in ``followers`` reachable from it along influence edges (all the cascade could add)."""
    seen, frontier = start, start
    while frontier:
        touched = 0
        for i in bits(frontier):
            touched |= net.out[i]
        frontier = touched & followers & ~seen
        seen |= frontier
    return seen


@dataclass(frozen=True, slots=True)
class _Suffix:
    """The cheapest cost of a given gain from the options at or after each position (a 0-1 knapsack by dynamic programming).

    The options' costs, as the decimals they were written as, are whole multiples of ``unit``;
    ``weight[p][u]`` is the most quota weight (``count[p][u]``: the most new supporters) that the
    options from position ``p`` on can add for at most ``u`` units, each option counted with every
    member it turns into a supporter. Below a search node whose first open option is ``p``, every
    path buys its shortfall from options at or after ``p`` (the ins before are already counted), so
    the least ``u`` reaching the shortfall is a lower bound on the cost still needed: exact for the
    knapsack, a bound because members already counted or carried by the cascade are counted again.
    """

    unit: float
    """The cost of one unit."""
    weight: Any
    """numpy int64 array (options + 1) x (units + 1): the most weight for at most so many units, per suffix."""
    count: Any
    """The same for the number of new supporters."""
    most_weight: Any
    """numpy int64 array (options + 1) x options: per suffix, the most weight ``k + 1`` of its options can add."""
    most_count: Any
    """The same for new supporters."""
    cheapest: Any
    """numpy float64 array (options + 1) x (options + 1): per suffix, the least cost of ``k`` of its options (inf past its length)."""
    grouped: tuple[tuple[int, ...], ...] = ()
    """Groups of options whose reaches overlap (not in ``weight`` and ``count``: they are added at each node)."""
    units: tuple[int, ...] = ()
    """Per option: its cost in units."""
    reach: tuple[int, ...] = ()
    """Per option: the members it turns into supporters and every member that could follow them."""
    masks: tuple[int, ...] = ()
    """Per group: the mask of its options."""
    covers: tuple[int, ...] = ()
    """Per group: the union of its options' reaches."""
    part: _Part | None = None
    """The quota whose weights the tables count."""
    rows: dict[tuple[bool, int, tuple[tuple[tuple[int, ...], int, int], ...]], Any] = field(default_factory=dict)
    """Memo of :meth:`_row`."""

    @classmethod
    def of(cls, space: SearchSpace, part: _Part) -> _Suffix | None:
        """The tables, or ``None`` when the costs are not small multiples of one unit or the weights too large for int64."""
        import numpy as np

        from natosim._engine.rules import exact

        if not space.options:
            return None
        if len(space.options) < SUFFIX_MIN_OPTIONS:
            return None
        fractions = [exact(o.cost) for o in space.options]
        scale = math.lcm(*(f.denominator for f in fractions))
        units = [int(f * scale) for f in fractions]
        total = sum(units)
        followers = _followers(space.net)
        reach = [_reach(space.net, seed | quiet, followers) for seed, quiet in zip(space.seeds, space.quiet, strict=True)]
        weights = [part.weight(m) for m in reach]
        if (len(units) + 1) * (total + 1) > SUFFIX_MAX_UNITS or sum(weights) >= 1 << 62 or min(units) <= 0:
            return None
        n = len(units)
        counts = [m.bit_count() for m in reach]
        weight = np.zeros((n + 1, total + 1), dtype=np.int64)
        count = np.zeros((n + 1, total + 1), dtype=np.int64)
        # options whose reaches share a member are bought together: at each node, each such group's
        # open subsets are enumerated with the weight of the union of their reaches less the members
        # already supporting (no member counted twice); the other options' gains are their own
        groups = _groups(reach)
        grouped = tuple(tuple(g) for g in groups if len(g) > 1)
        is_alone = {g[0] for g in groups if len(g) == 1}
        for q in range(n - 1, -1, -1):
            weight[q], count[q] = weight[q + 1], count[q + 1]
            if q in is_alone:
                u = units[q]
                np.maximum(weight[q, u:], weight[q + 1, : total + 1 - u] + weights[q], out=weight[q, u:])
                np.maximum(count[q, u:], count[q + 1, : total + 1 - u] + counts[q], out=count[q, u:])
        costs = [o.cost for o in space.options]
        most_weight = np.zeros((n + 1, n), dtype=np.int64)
        most_count = np.zeros((n + 1, n), dtype=np.int64)
        cheapest = np.full((n + 1, n + 1), np.inf)
        for p in range(n + 1):
            if p < n:
                w = np.cumsum(sorted(weights[p:], reverse=True))
                c = np.cumsum(sorted(counts[p:], reverse=True))
                most_weight[p, : len(w)], most_weight[p, len(w) :] = w, w[-1]
                most_count[p, : len(c)], most_count[p, len(c) :] = c, c[-1]
            cheapest[p, : n - p + 1] = np.concatenate(([0.0], np.cumsum(sorted(costs[p:])))) * (1 - 1e-12)
        return cls(
            unit=1 / scale,
            weight=weight,
            count=count,
            most_weight=most_weight,
            most_count=most_count,
            cheapest=cheapest,
            grouped=grouped,
            units=tuple(units),
            reach=tuple(reach),
            masks=tuple(sum(1 << j for j in g) for g in grouped),
            covers=tuple(_union(reach[j] for j in g) for g in grouped),
            part=part,
        )

    def _weight(self, mask: int) -> int:
        assert self.part is not None
        return self.part.weight(mask)

    def _row(self, space: SearchSpace, first: int, open_: int, support: int, *, by_weight: bool) -> Any:
        """The most gain for at most ``u`` units from the open options: the table's suffix row with each group's open subsets added (memoised)."""
        table = self.weight if by_weight else self.count
        state = tuple(
            (g, open_ & mask, support & cover) for g, mask, cover in zip(self.grouped, self.masks, self.covers, strict=True) if open_ & mask
        )
        key = (by_weight, first, state)
        row = self.rows.get(key)
        if row is not None:
            return row
        row = table[first]
        for g, live_mask, sup in state:
            live = [j for j in g if live_mask >> j & 1]
            offers = []
            for size in range(1, len(live) + 1):
                for subset in itertools.combinations(live, size):
                    mask = 0
                    for j in subset:
                        mask |= self.reach[j]
                    mask &= ~sup
                    offers.append((sum(self.units[j] for j in subset), self._weight(mask) if by_weight else mask.bit_count()))
            row = _convolve(row, offers)
        if len(self.rows) < ROWS_MAX:
            self.rows[key] = row
        return row

    def needed(self, space: SearchSpace, first: int, open_: int, support: int, short_count: int, short_weight: int) -> tuple[float, int]:
        """(cost, number) of the open options (at or after ``first``) needed at least to add ``short_count`` supporters and ``short_weight`` weight.

        ``support``: the members supporting already (their weight is not gained again).
        """
        import numpy as np

        cost, fewest = 0.0, 0
        for short, most, by_weight in ((short_count, self.most_count, False), (short_weight, self.most_weight, True)):
            if short <= 0:
                continue
            row = self._row(space, first, open_, support, by_weight=by_weight)
            if row[-1] < short:
                return math.inf, 1 << 62
            cost = max(cost, int(np.searchsorted(row, short, side="left")) * self.unit * (1 - 1e-12))
            fewest = max(fewest, int(np.searchsorted(most[first], short, side="left")) + 1)
        return max(cost, float(self.cheapest[first, fewest])), fewest


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


def _path(space: SearchSpace, chosen: int, support: int) -> Path:
    picked = [*space.fixed_options, *(space.options[j] for j in bits(chosen))]
    direct = space.seed
    for j in bits(chosen):
        direct |= space.seeds[j] | space.quiet[j]
    return Path(
        flips=tuple(sorted(o.target for o in picked if o.kind == "flip")),
        withdraw=tuple(sorted(o.target for o in picked if o.kind == "withdraw")),
        deals=tuple(sorted((o.target for o in picked if o.kind == "deal"), key=space.deal_order.__getitem__)),
        cost=math.fsum(o.cost for o in picked),
        cascade=tuple(space.net.codes[i] for i in bits(support & ~direct)),
    )
