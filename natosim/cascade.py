"""Threshold cascades over the ``[[influence]]`` graph.

After any change, a member that does not support switches to support once the summed weight
of its supporting influencers reaches its threshold; this repeats until nothing changes.
Declared stances are the starting point: only changes trigger. The cascade runs per
candidate. The inner loop uses precomputed adjacency; networkx is imported only by the graph
functions that need it (reachability, cycles, export).
"""

from __future__ import annotations

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
