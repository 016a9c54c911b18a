"""The influence graph as Mermaid, Graphviz DOT or GraphML text (``natosim graph``).

:func:`influence_graph` gathers what is drawn (members styled by their stance on one
candidate, weighted edges); :func:`render_graph` turns it into text with a ``match`` that ends
in ``assert_never``. Nothing here prints; networkx is imported only for GraphML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from natosim.choices import GraphFormat
from natosim.model import Scenario, Stance
from natosim.render import safe
from natosim.render.document import number

COLOURS: dict[Stance, tuple[str, str]] = {
    Stance.SUPPORT: ("#d4edda", "#2e7d32"),
    Stance.OPPOSE: ("#f8d7da", "#c62828"),
    Stance.UNDECIDED: ("#fff3cd", "#f9a825"),
    Stance.ABSTAIN: ("#e0e0e0", "#757575"),
}
"""Fill and stroke colour per stance."""


@dataclass(frozen=True, slots=True)
class Node:
    """A member as drawn."""

    code: str
    """Member code."""
    name: str
    """English name."""
    stance: Stance
    """Its stance on the candidate."""
    threshold: float
    """Summed influence needed to carry it along."""
    cost: float
    """Price of flipping it."""
    influenced: bool
    """Whether any member influences it."""


@dataclass(frozen=True, slots=True)
class Edge:
    """An influence edge as drawn."""

    source: str
    """Influencing member's code."""
    target: str
    """Influenced member's code."""
    weight: float
    """Its weight."""
    reason: str = ""
    """Why the target follows (the file's ``reason``)."""
    reference: str = ""
    """Where the link is reported (the file's ``source``)."""


@dataclass(frozen=True, slots=True)
class InfluenceGraph:
    """What ``natosim graph`` draws."""

    title: str
    """Scenario title."""
    candidate: str
    """Candidate id the stances are about."""
    candidate_name: str
    """Its display name."""
    nodes: tuple[Node, ...]
    """Members, sorted by code."""
    edges: tuple[Edge, ...]
    """Edges, sorted by (source, target)."""


def influence_graph(scenario: Scenario, candidate: str, *, every: bool = False) -> InfluenceGraph:
    """The influence graph with stances on ``candidate``: members on some edge, or ``every`` member."""
    stances = scenario.stances[candidate]
    edges = tuple(
        sorted((Edge(e.source, e.target, e.weight, e.reason, e.reference) for e in scenario.influence), key=lambda e: (e.source, e.target))
    )
    on_edge = {e.source for e in edges} | {e.target for e in edges}
    targets = {e.target for e in edges}
    nodes = tuple(
        Node(m.code, m.name, stances[m.code], scenario.positions[m.code].threshold, scenario.positions[m.code].cost, m.code in targets)
        for m in scenario.members
        if every or m.code in on_edge
    )
    return InfluenceGraph(scenario.title, candidate, scenario.candidate(candidate).name, nodes, edges)


def render_graph(graph: InfluenceGraph, fmt: GraphFormat, *, encoding: str = "utf-8") -> str:
    """The text of ``graph`` in ``fmt``, encodable in ``encoding``; user text through the format's sanitiser."""
    match fmt:
        case GraphFormat.MERMAID:
            return to_mermaid(graph, encoding=encoding)
        case GraphFormat.DOT:
            return to_dot(graph, encoding=encoding)
        case GraphFormat.GRAPHML:
            return to_graphml(graph, encoding=encoding)
        case _:
            assert_never(fmt)


def _caption(graph: InfluenceGraph) -> str:
    return f"{graph.title}: influence graph, stances on {graph.candidate_name}"


def _label_lines(node: Node) -> tuple[str, str]:
    detail = node.stance.value + (f" · threshold {number(node.threshold)}" if node.influenced else "")
    return f"{node.name} ({node.code})", detail


def to_mermaid(graph: InfluenceGraph, *, encoding: str = "utf-8") -> str:
    """A Mermaid ``flowchart LR`` (renders in GitHub markdown inside a mermaid code block)."""

    def text(t: str) -> str:
        return safe.mermaid(safe.fit(t, encoding))

    out = ["flowchart LR", f"    %% {text(_caption(graph))}"]
    for n in graph.nodes:
        head, detail = _label_lines(n)
        out.append(f'    m_{n.code}["{text(head)}<br/>{text(detail)}"]:::{n.stance.value}')
    for e in graph.edges:
        out.append(f'    m_{e.source} -->|"{number(e.weight)}"| m_{e.target}')
    for stance, (fill, stroke) in COLOURS.items():
        out.append(f"    classDef {stance.value} fill:{fill},stroke:{stroke},color:#000000")
    return "\n".join(out) + "\n"


def to_dot(graph: InfluenceGraph, *, encoding: str = "utf-8") -> str:
    """A Graphviz ``digraph``: filled boxes coloured by stance, edges labelled and thickened by weight."""

    def _dot_text(t: str) -> str:
        return safe.dot(safe.fit(t, encoding))

    out = [
        f"// {safe.one_line(safe.fit(_caption(graph), encoding))}",
        "digraph influence {",
        f"    graph [rankdir=LR, labelloc=t, fontname=Helvetica, label={_dot_text(_caption(graph))}];",
        '    node [shape=box, style="rounded,filled", fontname=Helvetica];',
        "    edge [fontname=Helvetica];",
    ]
    for n in graph.nodes:
        fill, stroke = COLOURS[n.stance]
        head, detail = _label_lines(n)
        out.append(
            f"    {_dot_text(n.code)} [label={_dot_text(head + chr(10) + detail)}, fillcolor={_dot_text(fill)}, "
            f"color={_dot_text(stroke)}, class={_dot_text(n.stance.value)}];"
        )
    for e in graph.edges:
        out.append(
            f"    {_dot_text(e.source)} -> {_dot_text(e.target)} [label={_dot_text(number(e.weight))}, penwidth={1 + 3 * e.weight:.2f}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def to_graphml(graph: InfluenceGraph, *, encoding: str = "utf-8") -> str:
    """GraphML written by networkx: node attributes name, stance, threshold, cost; edge attribute weight.

    Text passes through :func:`natosim.render.safe.xml`, so the document is well-formed XML 1.0; for an
    output encoding that is not UTF, characters outside ASCII are written as character references.
    """
    import networkx as nx

    g = nx.DiGraph()
    for n in graph.nodes:
        g.add_node(n.code, name=safe.xml(n.name), stance=n.stance.value, threshold=n.threshold, cost=n.cost)
    for e in graph.edges:
        g.add_edge(e.source, e.target, weight=e.weight)
    g.graph["title"] = safe.xml(graph.title)
    g.graph["candidate"] = graph.candidate
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(nx.generate_graphml(g, prettyprint=True)) + "\n"
    return text if safe.fits(encoding) else text.encode("ascii", "xmlcharrefreplace").decode("ascii")
