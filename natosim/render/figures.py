"""The report's figures as inline SVG, drawn by matplotlib (and laid out by networkx for the graph).

Every function returns the ``<svg>`` element as text, without an XML prolog, ready to be placed in
an HTML page. Output is deterministic: a fixed hash salt per figure (so that element ids differ
between the figures of one page), no date in the metadata, text left as text (``svg.fonttype``
``none``: no font is embedded or fetched; each text names matplotlib's own list of system fonts,
DejaVu Sans first, the one its layout was measured with, ending in ``sans-serif``). Names typed by
users reach matplotlib through :func:`plain`, so that a ``$`` never starts mathematical text, and
matplotlib escapes what it writes into the SVG.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from natosim.model import Event, EventKind, Stance

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from natosim.forecast import Forecast
    from natosim.power import PowerReport
    from natosim.render.graph import InfluenceGraph
    from natosim.timeline import Timeline

PALETTE: dict[Stance, str] = {
    Stance.SUPPORT: "#009E73",  # Okabe–Ito bluish green
    Stance.OPPOSE: "#D55E00",  # vermillion
    Stance.UNDECIDED: "#E69F00",  # orange
    Stance.ABSTAIN: "#999999",  # grey
}
"""Colour per stance: the Okabe–Ito palette, told apart by the common colour-vision deficiencies;
every figure also writes the stance or marks it by shape."""

MARKERS: dict[Stance, str] = {Stance.SUPPORT: "o", Stance.OPPOSE: "s", Stance.UNDECIDED: "D", Stance.ABSTAIN: "v"}
"""Node shape per stance in the influence graph, so that the stance does not rest on colour alone."""

SERIES = ("#0072B2", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe–Ito colours for lines and bars (candidates, indices)."""

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)


def plain(text: str) -> str:
    """``text`` as matplotlib should show it: literally (a ``$`` would start mathematical text)."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _svg(fig: Figure, salt: str) -> str:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": f"natosim-{salt}", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _PROLOG.sub("", buf.getvalue().decode("utf-8"), count=1)


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _dates(xs: Sequence[date]) -> Any:
    """Dates as matplotlib takes them (its stubs do not list :class:`datetime.date`)."""
    return list(xs)


def influence(graph: InfluenceGraph) -> str:
    """The influence graph: members coloured and shaped by stance, the stance written under each code,
    edges drawn with their weights, followers (members with an influencer) ringed in black.

    Members on some edge are laid out by networkx's spring layout in the middle; the others stand
    on a circle around them. Drawn with matplotlib's own artists (networkx's drawing helpers would
    import pyplot).
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    linked = sorted({e.source for e in graph.edges} | {e.target for e in graph.edges})
    alone = [n.code for n in graph.nodes if n.code not in set(linked)]
    # a graph of its own, nodes in sorted order (a subgraph view would iterate a set: the layout
    # would then depend on the process's string hashing)
    g = nx.DiGraph()
    g.add_nodes_from(linked)
    g.add_weighted_edges_from((e.source, e.target, e.weight) for e in graph.edges)
    pos: dict[str, tuple[float, float]] = {}
    if linked:
        core = nx.spring_layout(g, seed=7, k=1.6 / max(1, len(linked)) ** 0.5)
        scale = 0.62 if alone else 1.0
        pos.update({k: (float(v[0]) * scale, float(v[1]) * scale) for k, v in core.items()})
    if alone:
        ring = nx.circular_layout(alone)
        scale = 1.12 if linked else 1.0
        pos.update({k: (float(v[0]) * scale, float(v[1]) * scale) for k, v in ring.items()})
    fig = _figure(8, 8)
    ax = fig.add_axes((0.02, 0.08, 0.96, 0.86))
    ax.set_axis_off()
    ax.set_aspect("equal")
    followers = {n.code for n in graph.nodes if n.influenced}
    for stance in Stance:
        codes = [n.code for n in graph.nodes if n.stance is stance]
        if not codes:
            continue
        ax.scatter(
            [pos[c][0] for c in codes],
            [pos[c][1] for c in codes],
            s=[420 if c in followers else 300 for c in codes],
            c=PALETTE[stance],
            marker=MARKERS[stance],
            edgecolors=["#000000" if c in followers else "#ffffff" for c in codes],
            linewidths=[2.6 if c in followers else 0.8 for c in codes],
            zorder=3,
        )
    for e in graph.edges:
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#555555",
                "lw": 0.8 + 2.5 * e.weight,
                "shrinkA": 11,
                "shrinkB": 11,
                "mutation_scale": 14,
                "connectionstyle": "arc3,rad=0.12",
            },
            zorder=2,
        )
        # the middle of the arc: the chord's middle moved along its normal by rad/2 of its length
        mx, my = (x0 + x1) / 2 + 0.06 * (y1 - y0), (y0 + y1) / 2 - 0.06 * (x1 - x0)
        ax.text(
            mx,
            my,
            f"{e.weight:g}",
            fontsize=8,
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "#ffffff", "ec": "none", "alpha": 0.85},
        )
    for n in graph.nodes:
        ax.annotate(
            plain(f"{n.code}\n{n.stance.value}" + (" ·f" if n.code in followers else "")),
            pos[n.code],
            xytext=(0, -13),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7.5,
            zorder=4,
        )
    handles = [
        Line2D([], [], marker=MARKERS[s], color="none", markerfacecolor=PALETTE[s], markeredgecolor="#ffffff", markersize=9, label=s.value)
        for s in Stance
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            color="none",
            markerfacecolor="#ffffff",
            markeredgecolor="#000000",
            markeredgewidth=2.4,
            markersize=10,
            label="follower (·f): has an influencer",
        )
    )
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    ax.set_xlim(min(xs) - 0.18, max(xs) + 0.18)
    ax.set_ylim(min(ys) - 0.22, max(ys) + 0.14)
    fig.suptitle(plain(f"Influence graph: stances on {graph.candidate_name}"), fontsize=10)
    return _svg(fig, "graph")


def forecast(f: Forecast) -> str:
    """The cumulative probability of adoption by date with its 95% band (Wilson, per day), the
    deadline marked and the final probability written."""
    from natosim.forecast import wilson

    s = f.scenario
    xs = _dates([s.as_of + timedelta(days=d) for d in range(f.horizon + 1)])
    total = 0
    ys: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    for n in f.by_day:
        total += n
        ys.append(total / f.trials)
        a, b = wilson(total, f.trials)
        lo.append(a)
        hi.append(b)
    fig = _figure(8, 4.2)
    ax = fig.add_subplot()
    ax.fill_between(xs, lo, hi, step="post", color=SERIES[0], alpha=0.22, linewidth=0, label="95% interval")
    ax.step(xs, ys, where="post", color=SERIES[0], linewidth=1.8, label=plain(f"P({s.candidate(f.candidate).name} adopted by date)"))
    ax.axvline(xs[-1], color="#000000", linestyle="--", linewidth=1)
    ax.annotate(
        plain(f"deadline {f.deadline.isoformat()}: {100 * f.p_consensus:.1f}%"),
        (xs[-1], min(0.95, max(0.05, f.p_consensus))),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=8,
        bbox={"boxstyle": "round,pad=0.2", "fc": "#ffffff", "ec": "#999999"},
    )
    ax.set_ylim(0, 1)
    ax.set_ylabel("P(adopted by date)")
    ax.yaxis.set_major_formatter(_percent())
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.subplots_adjust(left=0.1, right=0.98, top=0.96, bottom=0.2)
    return _svg(fig, "forecast")


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


def timeline(tl: Timeline) -> str:
    """Support over time, one line per candidate; each date with events numbered (as the steps
    table numbers them) and the date consensus was first reached marked."""
    s = tl.scenario
    n = len(s.members)
    xs = _dates([st.date for st in tl.steps])
    fig = _figure(8, 4.2)
    ax = fig.add_subplot()
    for i, c in enumerate(s.candidates):
        ys = []
        for st in tl.steps:
            stances = st.report.scenario.stances.get(c.id)
            ys.append(sum(1 for m in st.report.scenario.members if stances is not None and stances[m.code] is Stance.SUPPORT))
        ax.step(xs, ys, where="post", color=SERIES[i % len(SERIES)], linewidth=1.8, marker="o", markersize=3, label=plain(c.name))
    span = max(1, (tl.steps[-1].date - tl.steps[0].date).days)
    clusters: list[list[int]] = []  # dates with events closer than 1/50 of the span share one label
    for k, st in enumerate(tl.steps):
        if not st.events:
            continue
        ax.axvline(xs[k], color="#bbbbbb", linewidth=0.6, zorder=0)
        if clusters and (st.date - tl.steps[clusters[-1][-1]].date).days * 50 < span:
            clusters[-1].append(k)
        else:
            clusters.append([k])
    for group in clusters:
        first, last = group[0], group[-1]
        count = sum(len(tl.steps[k].events) for k in group)
        label = f"{first}: {event_summary(tl.steps[first].events)}" if len(group) == 1 else f"{first}–{last}: {count} events"
        ax.annotate(
            plain(label),
            (xs[first], n),
            xytext=(2, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            rotation=90,
            fontsize=6,
            color="#333333",
            bbox={"boxstyle": "square,pad=0.1", "fc": "#ffffff", "ec": "none", "alpha": 0.7},
        )
    when = tl.consensus_date
    if when is not None:
        ax.axvline(_dates([when])[0], color="#000000", linestyle="--", linewidth=1.2)
        ax.annotate(
            f"consensus {when.isoformat()}",
            (_dates([when])[0], n / 2),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "fc": "#ffffff", "ec": "#999999"},
        )
    ax.set_ylim(0, n * 1.02 + 0.5)
    ax.set_ylabel(f"members supporting (of {n})")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.95)
    fig.autofmt_xdate()
    fig.subplots_adjust(left=0.09, right=0.98, top=0.96, bottom=0.2)
    return _svg(fig, "timeline")


SUMMARY = 44
"""Longest event label on the timeline chart, in characters (the steps table has the rest)."""


def event_summary(events: Sequence[Event]) -> str:
    """``HUN → support, TUR → support`` / ``iohannis withdraws`` / ``deal NAME``, cut to :data:`SUMMARY` characters."""
    parts = []
    for e in events:
        match e.kind:
            case EventKind.STANCE:
                parts.append(f"{e.ally} → {e.stance.value if e.stance else ''}")
            case EventKind.WITHDRAW:
                parts.append(f"{e.candidate} withdraws")
            case EventKind.DEAL:
                parts.append(f"deal {e.deal}")
    text = ", ".join(parts)
    return text if len(text) <= SUMMARY else text[: SUMMARY - 1].rstrip(", ") + "…"


def power(report: PowerReport) -> str:
    """Banzhaf and Shapley–Shubik indices per member as paired horizontal bars."""
    members = report.members
    height = 1.0 + 0.2 * len(members)
    fig = _figure(8, height)
    fig.subplots_adjust(left=0.09, right=0.98, top=1 - 0.15 / height, bottom=0.55 / height)
    ax = fig.add_subplot()
    ys = list(range(len(members)))
    h = 0.4
    ax.barh([y - h / 2 for y in ys], [m.banzhaf for m in members], height=h, color=SERIES[0], label="Banzhaf (normalised)")
    ax.barh([y + h / 2 for y in ys], [m.shapley_shubik for m in members], height=h, color=SERIES[1], label="Shapley–Shubik")
    ax.set_yticks(ys, [plain(m.code) for m in members], fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlabel("share of voting power")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return _svg(fig, "power")
