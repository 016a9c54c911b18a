"""Threshold cascades over the ``[[influence]]`` graph.

After any change, a member that does not support switches to support once the summed weight
of its supporting influencers reaches its threshold; this repeats until nothing changes.
Declared stances are the starting point: only changes trigger. The cascade runs per
candidate. The inner loop uses precomputed adjacency; networkx is imported only by the graph
functions that need it (reachability, cycles, export).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from natosim.model import Scenario, Stance

if TYPE_CHECKING:
    import networkx as nx

_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Follow:
    """A member carried along by the cascade."""

    code: str
    """Who followed."""
    before: Stance
    """Its stance before it followed."""
    tipped_by: tuple[str, ...]
    """The supporting influencers whose summed weight reached its threshold, sorted."""
    weight: float
    """That summed weight."""
    threshold: float
    """Its threshold."""


@dataclass(frozen=True, slots=True)
class Network:
    """Precomputed adjacency of the influence graph."""

    out: Mapping[str, tuple[str, ...]]
    """Member -> members it influences, sorted."""
    inn: Mapping[str, tuple[tuple[str, float], ...]]
    """Member -> (influencer, weight) pairs, sorted."""
    threshold: Mapping[str, float]
    """Member -> threshold."""

    @property
    def empty(self) -> bool:
        """True when there are no edges."""
        return not self.out


def network(scenario: Scenario) -> Network:
    """The influence adjacency of a scenario."""
    out: dict[str, list[str]] = {}
    inn: dict[str, list[tuple[str, float]]] = {}
    for e in scenario.influence:
        out.setdefault(e.source, []).append(e.target)
        inn.setdefault(e.target, []).append((e.source, e.weight))
    return Network(
        out=MappingProxyType({k: tuple(sorted(v)) for k, v in sorted(out.items())}),
        inn=MappingProxyType({k: tuple(sorted(v)) for k, v in sorted(inn.items())}),
        threshold=MappingProxyType({code: p.threshold for code, p in scenario.positions.items()}),
    )


def spread(
    net: Network,
    stances: Mapping[str, Stance],
    changed: Iterable[str],
    *,
    frozen: Collection[str] = (),
) -> tuple[dict[str, Stance], tuple[Follow, ...]]:
    """Run the cascade triggered by the members in ``changed`` (those now supporting).

    Returns the new stances and who followed, in the order they followed. Members in
    ``frozen`` never follow.
    """
    new = dict(stances)
    if net.empty:
        return new, ()
    queue = deque(sorted(c for c in set(changed) if new.get(c) is Stance.SUPPORT))
    follows: list[Follow] = []
    while queue:
        src = queue.popleft()
        for dst in net.out.get(src, ()):
            if new[dst] is Stance.SUPPORT or dst in frozen:
                continue
            backers = tuple(s for s, _ in net.inn[dst] if new[s] is Stance.SUPPORT)
            total = sum(w for s, w in net.inn[dst] if new[s] is Stance.SUPPORT)
            if total >= net.threshold[dst] - _EPS:
                follows.append(Follow(dst, new[dst], backers, total, net.threshold[dst]))
                new[dst] = Stance.SUPPORT
                queue.append(dst)
    return new, tuple(follows)


@dataclass(frozen=True, slots=True)
class Compiled:
    """The cascade over bit positions, for searches that run it many times.

    Bit ``i`` of a mask is member ``codes[i]``. Only these members can follow; every other
    member keeps its stance, and those that support count towards their targets' thresholds
    through ``need``.
    """

    codes: tuple[str, ...]
    """The members that can follow, one per bit."""
    out: tuple[int, ...]
    """Per bit: the mask of the members it influences."""
    inn: tuple[tuple[tuple[int, float], ...], ...]
    """Per bit: (influencer bit, weight) for its influencers among ``codes``, sorted by bit."""
    need: tuple[float, ...]
    """Per bit: its threshold minus the weight of its influencers that support and cannot move."""

    def closure(self, seed: int, quiet: int = 0) -> int:
        """Everyone supporting once the members in ``seed`` have switched to support.

        The least fixpoint of the threshold rule, triggered by ``seed``: the same members as
        :func:`spread` carries along (its BFS reaches the same fixpoint), returned with the seed.
        Members in ``quiet`` support and count towards thresholds but trigger nothing (they
        supported before the step too).
        """
        out, inn, need = self.out, self.inn, self.need
        frontier = seed
        support = seed | quiet
        while frontier:
            touched = 0
            while frontier:
                low = frontier & -frontier
                touched |= out[low.bit_length() - 1]
                frontier ^= low
            touched &= ~support
            new = 0
            while touched:
                low = touched & -touched
                touched ^= low
                y = low.bit_length() - 1
                total = 0.0
                for x, w in inn[y]:
                    if support >> x & 1:
                        total += w
                if total >= need[y]:
                    new |= low
            support |= new
            frontier = new
        return support


def compile_network(net: Network, stances: Mapping[str, Stance], codes: Iterable[str], *, frozen: Collection[str] = ()) -> Compiled:
    """Compile ``net`` over the members in ``codes`` (one bit each), given everyone's stance.

    Members of ``codes`` in ``frozen`` never follow. Influencers outside ``codes`` count towards
    a threshold when they support in ``stances`` and never trigger anything, as in :func:`spread`.
    """
    order = tuple(sorted(set(codes)))
    bit = {code: i for i, code in enumerate(order)}
    out = [0] * len(order)
    inn: list[tuple[tuple[int, float], ...]] = []
    need: list[float] = []
    for i, code in enumerate(order):
        fixed = 0.0
        own: list[tuple[int, float]] = []
        for src, w in net.inn.get(code, ()):
            if src in bit:
                own.append((bit[src], w))
                out[bit[src]] |= 1 << i
            elif stances[src] is Stance.SUPPORT:
                fixed += w
        inn.append(tuple(sorted(own)))
        need.append(math.inf if code in frozen else net.threshold.get(code, 0.5) - fixed - _EPS)
    return Compiled(codes=order, out=tuple(out), inn=tuple(inn), need=tuple(need))


def to_networkx(scenario: Scenario) -> nx.DiGraph:
    """The influence graph as a networkx ``DiGraph`` (nodes: every member, with name and stances)."""
    import networkx as nx

    g = nx.DiGraph(title=scenario.title)
    for m in scenario.members:
        attrs = {f"stance_{c.id}": scenario.stances[c.id][m.code].value for c in scenario.active}
        g.add_node(m.code, name=m.name, threshold=scenario.positions[m.code].threshold, **attrs)
    for e in scenario.influence:
        g.add_edge(e.source, e.target, weight=e.weight)
    return g


MAX_CYCLES = 100
"""Most influence cycles :func:`cycles` lists (a fully linked graph of 16 members has billions)."""


def cycles(scenario: Scenario, *, limit: int = MAX_CYCLES) -> tuple[tuple[str, ...], ...]:
    """Influence cycles (members that can carry each other along), each starting at its smallest code, sorted.

    At most ``limit`` of them: the first ones networkx's Johnson enumeration finds over the edges
    in file order (deterministic), so the cost stays bounded however dense the graph.
    """
    import itertools

    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from((e.source, e.target) for e in scenario.influence)
    found = []
    for cycle in itertools.islice(nx.simple_cycles(g), limit):
        k = cycle.index(min(cycle))
        found.append(tuple(cycle[k:] + cycle[:k]))
    return tuple(sorted(found))


def reachable(scenario: Scenario, code: str) -> tuple[str, ...]:
    """The members a change of ``code`` can reach through influence edges (possible followers), sorted."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(m.code for m in scenario.members)
    g.add_edges_from((e.source, e.target) for e in scenario.influence)
    return tuple(sorted(nx.descendants(g, code)))
