"""Paths to consensus: the minimal sets of interventions that get a candidate adopted.

An intervention is flipping a member to support (at its ``cost``), persuading a rival
candidate to withdraw (at its ``withdraw_cost``; its ``on_withdraw`` stances apply) or striking
a deal (at its ``cost``; its effects apply). After the interventions the influence cascade
runs. A set *works* when the candidate is then adopted.

The search is exact. Sets are generated canonically (each set is extended only by
interventions after its last one) and popped from a heap in order of (cost, size, names).
Because every cost is > 0, every proper subset of a set is popped before it. Because working
is monotone (adding interventions only adds support, and the cascade and every rule are
monotone in support), a popped set that works is minimal exactly when it contains no set
found before, and no superset of a working set needs to be looked at. A set is not extended
when even adding every later intervention would not work (the same monotonicity), which
prunes all but the promising branches.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from natosim import cascade
from natosim.model import Scenario, Stance
from natosim.rules import rule_for


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
    """Stances it sets on the candidate, (member code, stance)."""


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
    """Minimal working sets, by cost, then size, then names."""
    interventions: tuple[Intervention, ...]
    """Every intervention considered."""
    complete: bool
    """False when ``limit`` cut the list short (more minimal paths exist within the budget)."""


def interventions(scenario: Scenario, candidate: str, *, exclude: Collection[str] = ()) -> tuple[Intervention, ...]:
    """The interventions that can change the candidate's stances, cheapest first."""
    stances = scenario.stances[candidate]
    out: list[Intervention] = []
    for m in scenario.members:
        if stances[m.code] is not Stance.SUPPORT and m.code not in exclude:
            out.append(Intervention("flip", m.code, scenario.positions[m.code].cost, ((m.code, Stance.SUPPORT),)))
    for c in scenario.active:
        effects = tuple((code, s) for code, s in c.on_withdraw if stances[code] is not s and code not in exclude)
        if c.id != candidate and effects:
            out.append(Intervention("withdraw", c.id, c.withdraw_cost, effects))
    for d in scenario.deals:
        effects = tuple((code, s) for code, s in d.effects if stances[code] is not s)
        if d.candidate == candidate and effects and not any(code in exclude for code, _ in effects):
            out.append(Intervention("deal", d.name, d.cost, effects))
    order = {"flip": 0, "withdraw": 1, "deal": 2}
    return tuple(sorted(out, key=lambda i: (i.cost, order[i.kind], i.target)))


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
    judge = rule_for(scenario.rule)
    net = cascade.network(scenario) if with_cascade else cascade.Network({}, {}, {})
    base: Mapping[str, Stance] = scenario.stances[candidate]
    frozen = frozenset(exclude)

    def outcome(chosen: int) -> tuple[bool, tuple[str, ...]]:
        stances = dict(base)
        moved: list[str] = []
        for i, opt in enumerate(options):
            if chosen >> i & 1:
                for code, stance in opt.effects:
                    if opt.kind == "flip" or stances[code] is not Stance.SUPPORT:
                        stances[code] = stance
                    moved.append(code)
        new, follows = cascade.spread(net, stances, moved, frozen=frozen)
        return judge.adopted(scenario.members, new), tuple(sorted(f.code for f in follows))

    n = len(options)
    everything = (1 << n) - 1
    found: list[tuple[int, Path]] = []
    if outcome(0)[0]:
        return Search(candidate, (Path((), (), (), 0.0, ()),), options, True)
    if not outcome(everything)[0]:
        return Search(candidate, (), options, True)
    heap: list[tuple[float, int, tuple[str, ...], int, int]] = [(0.0, 0, (), 0, 0)]
    complete = True
    while heap:
        cost, size, _names, chosen, nxt = heapq.heappop(heap)
        if budget is not None and cost > budget + 1e-9:
            break
        if chosen and any(mask & chosen == mask for mask, _ in found):
            continue
        if chosen:
            works, followers = outcome(chosen)
            if works:
                if len(found) == limit:
                    complete = False
                    break
                found.append((chosen, _path(options, chosen, cost, followers)))
                continue
        rest = everything & ~((1 << nxt) - 1)
        if not outcome(chosen | rest)[0]:
            continue
        for j in range(nxt, n):
            bit = 1 << j
            names = tuple(sorted((*_names, f"{options[j].kind}:{options[j].target}")))
            heapq.heappush(heap, (cost + options[j].cost, size + 1, names, chosen | bit, j + 1))
    return Search(candidate, tuple(p for _, p in found), options, complete)


def _path(options: tuple[Intervention, ...], chosen: int, cost: float, followers: tuple[str, ...]) -> Path:
    picked = [o for i, o in enumerate(options) if chosen >> i & 1]
    return Path(
        flips=tuple(sorted(o.target for o in picked if o.kind == "flip")),
        withdraw=tuple(sorted(o.target for o in picked if o.kind == "withdraw")),
        deals=tuple(o.target for o in picked if o.kind == "deal"),
        cost=cost,
        cascade=followers,
    )
