"""The report's figures as inline SVG, drawn by matplotlib, each in two frames: wide and narrow.

Every function returns the ``<svg>`` element as text, without an XML prolog, ready to be placed in
an HTML page. A figure is drawn for a :class:`Frame`: :data:`WIDE` (a laptop's page, about 800 px)
or :data:`NARROW` (a phone, about 350 px), whose width and text size make every text at least
11 px high on the screen it is meant for; the page shows one of the two. Every label is placed so
that it overlaps no other label and no mark: the influence graph draws each member as a box holding
its code and stance, arrows end at the boxes' edges and weights sit between the rows; the timeline
numbers its events in a band above the plot; legends stand below the plot, laid out by the
measured width of their entries; date ticks fall on even weeks or months, as many as fit.

Output is deterministic: a fixed hash salt per figure and frame (so that element ids differ between
the figures of one page), no date in the metadata, text left as text (``svg.fonttype`` ``none``: no
font is embedded or fetched; each text names matplotlib's own list of system fonts, DejaVu Sans
first, the one its layout was measured with, ending in ``sans-serif``). Names typed by users reach
matplotlib through :func:`plain`: one line, no control character (:func:`natosim.render.safe.clean`),
and a ``$`` never starts mathematical text; matplotlib escapes what it writes into the SVG. A glyph
the font lacks (an emoji) draws as a box, and matplotlib's warning about it is silenced here, in the
figure code only (:func:`quiet`).
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from natosim.model import Stance
from natosim.render import safe

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from natosim._engine.forecast import Forecast
    from natosim._engine.power import PowerReport
    from natosim._engine.timeline import Timeline
    from natosim.render.graph import Edge, InfluenceGraph

PALETTE: dict[Stance, str] = {
    Stance.SUPPORT: "#009E73",  # Okabe–Ito bluish green
    Stance.OPPOSE: "#D55E00",  # vermillion
    Stance.UNDECIDED: "#E69F00",  # orange
    Stance.ABSTAIN: "#999999",  # grey
}
"""Colour per stance: the Okabe–Ito palette, told apart by the common colour-vision deficiencies;
every figure also writes the stance or marks it by shape."""

TINT: dict[Stance, str] = {
    Stance.SUPPORT: "#a6dcca",
    Stance.OPPOSE: "#f2bf99",
    Stance.UNDECIDED: "#f5d899",
    Stance.ABSTAIN: "#d6d6d6",
}
"""The fill of a member's box in the influence graph: its stance's colour, lightened for black text."""

MARKERS: dict[Stance, str] = {Stance.SUPPORT: "o", Stance.OPPOSE: "s", Stance.UNDECIDED: "D", Stance.ABSTAIN: "v"}
"""Shape per stance in the influence graph, so that the stance does not rest on colour alone."""

SERIES = ("#0072B2", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe–Ito colours for lines and bars (candidates, indices)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure is drawn for: the width it is shown at and the text size that stays readable there."""

    name: str
    """``wide`` or ``narrow``: part of the SVG's element ids and of each figure's group ids."""
    width: float
    """Width of the figure in inches (72 SVG units each)."""
    font: float
    """Size of the smallest text, in points (SVG units)."""
    line: float
    """Size of titles and axis labels, in points."""


WIDE = Frame("wide", 8.0, 8.5, 9.5)
"""A laptop's page: shown about 820 px wide (1.4 px per unit), text at least 11.9 px."""
NARROW = Frame("narrow", 4.6, 11.0, 11.5)
"""A phone: 331 units shown about 346 px wide at 390 px, text at least 11.5 px."""
FRAMES = (WIDE, NARROW)
"""Both frames, wide first."""

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_GAP = 6.0
"""Least space between two texts, in points."""


def plain(text: str) -> str:
    """``text`` as matplotlib should show it: one line without control characters, taken literally
    (a ``$`` would start mathematical text)."""
    return safe.one_line(safe.xml(text)).replace("\\", "\\\\").replace("$", r"\$")


@contextmanager
def quiet() -> Iterator[None]:
    """Matplotlib's warnings (a glyph missing from the font) silenced while a figure is drawn."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _svg(fig: Figure, salt: str) -> str:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": f"natosim-{salt}", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _PROLOG.sub("", buf.getvalue().decode("utf-8"), count=1)


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=72)


def _canvas(fig: Figure, width: float, height: float) -> Axes:
    """Axes over the whole figure whose data units are points, origin at the bottom left."""
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    return ax


@cache
def _renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72)  # type: ignore[no-untyped-call]


def width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` (as passed to matplotlib) is drawn at ``size`` points, in points."""
    from matplotlib.font_manager import FontProperties

    if not text:
        return 0.0
    with quiet():
        w, _, _ = _renderer().get_text_width_height_descent(text, FontProperties(size=size, weight="bold" if bold else "normal"), False)
    return float(w)


def fit(text: str, size: float, room: float) -> str:
    """``text`` cut (ending in ``…``) so that it is at most ``room`` points wide at ``size``."""
    if width(text, size) <= room:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if width(text[:mid].rstrip() + "…", size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


_EPOCH = date(1970, 1, 1)


def day_number(d: date) -> float:
    """``d`` as the x coordinate of the date axes: days since 1970-01-01."""
    return float((d - _EPOCH).days)


# --- legends -------------------------------------------------------------------------------

Swatch = Callable[["Axes", float, float, float], None]
"""Draws a legend entry's symbol on the canvas at (x, y), ``size`` points wide."""


def _line_swatch(colour: str, *, dashed: bool = False, marker: str = "", fill: float = 0.0) -> Swatch:
    def draw(ax: Axes, x: float, y: float, size: float) -> None:
        if fill:
            from matplotlib.patches import Rectangle

            ax.add_patch(Rectangle((x, y - size / 3), size, 2 * size / 3, color=colour, alpha=fill, linewidth=0))
            return
        ax.plot(
            [x, x + size],
            [y, y],
            color=colour,
            linestyle="--" if dashed else "-",
            linewidth=1.8,
            marker=marker,
            markersize=3.5,
            markevery=[1],
        )

    return draw


def _marker_swatch(marker: str, face: str, edge: str, edge_width: float = 0.8) -> Swatch:
    def draw(ax: Axes, x: float, y: float, size: float) -> None:
        ax.scatter([x + size / 2], [y], s=(0.75 * size) ** 2, marker=marker, c=face, edgecolors=edge, linewidths=edge_width)

    return draw


def _legend(ax: Axes, entries: Sequence[tuple[Swatch, str]], frame: Frame, *, left: float, right: float, top: float) -> float:
    """Legend entries laid out left to right in rows within [left, right], the first row's middle at
    ``top`` minus half a row; returns the height used. Each label is cut to fit one row."""
    size = frame.font
    swatch = 1.6 * size
    row = 1.7 * size
    x, y = left, top - row / 2
    for draw, label in entries:
        text = fit(label, size, right - left - swatch - 4)
        need = swatch + 4 + width(text, size)
        if x > left and x + need > right:
            x, y = left, y - row
        draw(ax, x, y, swatch)
        ax.text(x + swatch + 4, y, text, fontsize=size, va="center", ha="left")
        x += need + 2 * _GAP
    return top - y + row / 2


# --- dates ---------------------------------------------------------------------------------


def _month(d: date, k: int) -> date:
    m = d.month - 1 + k
    return date(d.year + m // 12, m % 12 + 1, 1)


def date_ticks(start: date, end: date, room: float, size: float) -> list[tuple[date, str]]:
    """Even ticks from ``start`` to ``end``: every week, two weeks (Mondays), month, 2, 3, 6 months or
    year(s) (the 1st), the finest whose labels fit side by side in ``room`` points at ``size``."""
    options: list[tuple[list[date], str]] = []
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    for k in (1, 2):
        options.append(([monday + timedelta(weeks=k * i) for i in range(0, (end - monday).days // (7 * k) + 1)], "%d %b"))
    first = start if start.day == 1 else _month(start, 1)
    for k in (1, 2, 3, 6, 12, 24, 60, 120):
        days = []
        d = date(first.year, first.month, 1)
        while k >= 12 and d.month != 1:
            d = _month(d, 1)
        while k < 12 and (d.month - 1) % k:
            d = _month(d, 1)
        while d <= end:
            days.append(d)
            d = _month(d, k)
        options.append((days, "%Y" if k >= 12 else "%b %Y"))
    for days, fmt in options:
        if not days:
            continue
        labels = [d.strftime(fmt) for d in days]
        widest = max(width(label, size) for label in labels)
        if len(days) * (widest + 2 * _GAP) <= room:
            return list(zip(days, labels, strict=True))
    return [(start, start.isoformat())]


def _set_date_axis(ax: Axes, start: date, end: date, room: float, size: float) -> None:
    pad = max(1.0, (end - start).days * 0.02)
    ax.set_xlim(day_number(start) - pad, day_number(end) + pad)
    x0, x1 = day_number(start) - pad, day_number(end) + pad

    def inside(d: date, label: str) -> bool:  # a label centred on its tick stays within the plot's width
        at = (day_number(d) - x0) / (x1 - x0) * room
        return width(label, size) / 2 <= min(at, room - at) + 2

    ticks = [(d, label) for d, label in date_ticks(start, end, room, size) if inside(d, label)]
    ax.set_xticks([day_number(d) for d, _ in ticks], [label for _, label in ticks], fontsize=size)


# --- the influence graph -------------------------------------------------------------------


def _levels(codes: Sequence[str], edges: Sequence[Edge]) -> dict[str, int]:
    """A rank per member on some edge: 0 for members no one influences, then one more than its
    deepest influencer (an edge closing a cycle is left out), so that most arrows run forward."""
    influencers: dict[str, list[str]] = {c: [] for c in codes}
    for e in edges:
        influencers[e.target].append(e.source)
    done: dict[str, int] = {}

    def depth(code: str, path: frozenset[str]) -> int:
        if code not in done:
            done[code] = max((depth(s, path | {code}) + 1 for s in sorted(influencers[code]) if s not in path and s != code), default=0)
        return done[code]

    return {c: depth(c, frozenset()) for c in codes}


@dataclass(frozen=True, slots=True)
class _Line:
    """Members on a line (a row, or a column when a row does not fit) with arcs on either side:
    ``u`` runs along the line, ``v`` across it; forward arcs (to a later member) on the side
    ``v > 0`` (above a row, right of a column), backward arcs on the other."""

    row: bool
    """A row (``u`` is x, ``v`` is y) or a column (``u`` runs down, ``v`` is x)."""
    origin: tuple[float, float]
    """Where ``u = 0, v = 0`` is, in points."""

    def xy(self, u: float, v: float) -> tuple[float, float]:
        """The point (u, v) in the figure's points."""
        x0, y0 = self.origin
        return (x0 + u, y0 + v) if self.row else (x0 + v, y0 - u)


def influence(graph: InfluenceGraph, frame: Frame = WIDE) -> str:
    """The influence graph: every member a box coloured by stance (and marked by a shape) holding its
    code and stance, followers (members with an influencer) with a black border and ``·f``.

    Members on some edge stand on a line (a row, or a column when a row would not fit), influencers
    before those they influence; each edge is an arc from box edge to box edge on one side of the
    line (forward arcs on one side, backward on the other), as high as its rank among the spans on
    that side, with its weight at the top of the arc: no two weights, and no weight and member,
    meet. The other members follow in a grid. Nothing is drawn on a member's text.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as Curve

    with quiet():
        size = frame.font
        total = frame.width * 72
        margin = 4.0
        followers = {n.code for n in graph.nodes if n.influenced}
        label = {n.code: (plain(n.code), n.stance.value + (" ·f" if n.code in followers else "")) for n in graph.nodes}
        stance = {n.code: n.stance for n in graph.nodes}
        pad = 0.35 * size
        mark = 0.9 * size  # the shape in front of the code
        text_w = max((max(width(a, size, bold=True), width(b, size)) for a, b in label.values()), default=0.0)
        bw = min(total - 2 * margin, mark + pad + text_w + 2 * pad)
        bh = 2 * 1.25 * size + 2 * pad
        step_x = bw + _GAP
        cols = max(1, int((total - 2 * margin + _GAP) // step_x))
        title_h = 2.2 * frame.line
        # the members on some edge, influencers first
        linked = sorted({e.source for e in graph.edges} | {e.target for e in graph.edges})
        rank = _levels(linked, graph.edges)
        linked.sort(key=lambda c: (rank[c], c))
        at = {c: k for k, c in enumerate(linked)}
        weights = {(e.source, e.target): f"{e.weight:g}" for e in graph.edges}
        label_w = max((width(w, size) for w in weights.values()), default=0.0) + 0.5 * size
        label_h = 1.5 * size
        row = len(linked) * step_x - _GAP <= total - 2 * margin
        half_u, half_v = (bw / 2, bh / 2) if row else (bh / 2, bw / 2)
        step_u = step_x if row else bh + _GAP
        level_step = (label_h if row else label_w) + _GAP

        # each edge's side (in a column, all on the right) and level: the rank of its span among those on its side
        def arc(e: Edge) -> tuple[int, tuple[int, bool]]:
            forward = at[e.target] > at[e.source]
            return (1 if forward or not row else -1), (abs(at[e.target] - at[e.source]), forward)

        spans: dict[int, set[tuple[int, bool]]] = {1: set(), -1: set()}
        for e in graph.edges:
            side, key = arc(e)
            spans[side].add(key)
        if not row and spans[1]:  # the arcs share the room right of the column
            level_step = min(level_step, (total - 2 * margin - 2 * half_v - label_w / 2 - _GAP) / len(spans[1]))
        levels = {side: {key: k + 1 for k, key in enumerate(sorted(found))} for side, found in spans.items()}
        across = label_h if row else label_w
        reach = {side: (len(levels[side]) * level_step + across / 2 + _GAP if levels[side] else 0.0) for side in (1, -1)}
        extent_u = max(0.0, len(linked) * step_u - _GAP)
        alone = sorted((n.code for n in graph.nodes if n.code not in set(linked)), key=lambda c: (list(Stance).index(stance[c]), c))
        grid = [alone[i : i + cols] for i in range(0, len(alone), cols)]
        linked_h = (reach[1] + 2 * half_v + reach[-1] if row else extent_u) if linked else 0.0
        legend_rows = 2 if frame is NARROW else 1
        height = title_h + linked_h + (2 * _GAP if linked and grid else 0) + len(grid) * (bh + _GAP) + legend_rows * 1.7 * size + 3 * margin
        fig = _figure(frame.width, height / 72)
        ax = _canvas(fig, total, height)
        heading = fit(plain(f"Influence: stances on {graph.candidate_name}"), frame.line, total - 8)
        ax.text(total / 2, height - title_h / 2, heading, fontsize=frame.line, ha="center", va="center")
        pos: dict[str, tuple[float, float]] = {}
        top = height - title_h
        if row:
            line = _Line(True, ((total - extent_u) / 2 + half_u, top - reach[1] - half_v))
        else:  # a column, its arcs on its right, centred if there is room
            line = _Line(False, (max(margin + half_v, (total - reach[1]) / 2), top - half_u))
        for c in linked:
            pos[c] = line.xy(at[c] * step_u, 0.0)
        y = top - linked_h - (2 * _GAP if linked and grid else 0) - bh / 2
        for codes in grid:
            x0 = (total - (min(cols, len(alone)) * step_x - _GAP)) / 2 + bw / 2
            for i, c in enumerate(codes):
                pos[c] = (x0 + i * step_x, y)
            y -= bh + _GAP
        for n in graph.nodes:
            x, yy = pos[n.code]
            follower = n.code in followers
            box = FancyBboxPatch(
                (x - bw / 2, yy - bh / 2),
                bw,
                bh,
                boxstyle=f"round,pad=0,rounding_size={0.3 * size}",
                facecolor=TINT[n.stance],
                edgecolor="#000000" if follower else PALETTE[n.stance],
                linewidth=2.4 if follower else 1.2,
                zorder=3,
            )
            box.set_gid(f"graph-{frame.name}-node-{n.code}")
            ax.add_patch(box)
            left_x = x - bw / 2 + pad
            ax.scatter(
                [left_x + mark / 2],
                [yy],
                s=(0.8 * mark) ** 2,
                marker=MARKERS[n.stance],
                c=PALETTE[n.stance],
                edgecolors="#000000",
                linewidths=0.6,
                zorder=4,
            )
            code, words = label[n.code]
            ax.text(left_x + mark + pad, yy + 0.62 * size, code, fontsize=size, fontweight="bold", ha="left", va="center", zorder=5)
            ax.text(left_x + mark + pad, yy - 0.62 * size, words, fontsize=size, ha="left", va="center", zorder=5)
        for e in graph.edges:
            i, j = at[e.source], at[e.target]
            side, key = arc(e)
            if i == j:
                continue  # a member influencing itself: listed in the table, not drawn
            u0, u1 = i * step_u + 0.35 * half_u * (1 if j > i else -1), j * step_u + 0.35 * half_u * (1 if i > j else -1)
            lift = levels[side][key] * level_step
            start, end = line.xy(u0, side * half_v), line.xy(u1, side * half_v)
            control = line.xy((u0 + u1) / 2, side * (half_v + 2 * lift))
            curve = Curve([start, control, end], [Curve.MOVETO, Curve.CURVE3, Curve.CURVE3])
            arrow = FancyArrowPatch(
                path=curve, arrowstyle="-|>", mutation_scale=1.3 * size, color="#444444", linewidth=0.8 + 2.2 * e.weight, zorder=2
            )
            arrow.set_gid(f"graph-{frame.name}-edge-{e.source}-{e.target}")
            ax.add_patch(arrow)
            mx, my = line.xy((u0 + u1) / 2, side * (half_v + lift))
            text = ax.text(
                mx,
                my,
                weights[(e.source, e.target)],
                fontsize=size,
                ha="center",
                va="center",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.12", "fc": "#ffffff", "ec": "none"},
            )
            text.set_gid(f"graph-{frame.name}-weight-{e.source}-{e.target}")
        entries: list[tuple[Swatch, str]] = [(_marker_swatch(MARKERS[s], PALETTE[s], "#000000", 0.6), s.value) for s in Stance]
        entries.append((_marker_swatch("s", "#ffffff", "#000000", 2.2), "follower (·f): has an influencer"))
        _legend(ax, entries, frame, left=margin, right=total - margin, top=y + bh / 2 - _GAP)
        return _svg(fig, f"graph-{frame.name}")


# --- the forecast --------------------------------------------------------------------------


def _plot_axes(fig: Figure, total_w: float, total_h: float, *, left: float, right: float, top: float, bottom: float) -> Axes:
    return fig.add_axes((left / total_w, bottom / total_h, (total_w - left - right) / total_w, (total_h - top - bottom) / total_h))


def forecast(f: Forecast, frame: Frame = WIDE) -> str:
    """The cumulative probability of adoption by date with its 95% band (Wilson, per day); the
    deadline dashed and the final probability written above the plot."""
    from natosim._engine.forecast import wilson

    with quiet():
        s = f.scenario
        size = frame.font
        days = [s.as_of + timedelta(days=d) for d in range(f.horizon + 1)]
        xs = [day_number(d) for d in days]
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
        w = frame.width * 72
        h = w * (0.55 if frame is WIDE else 0.95)
        fig = _figure(frame.width, h / 72)
        canvas = _canvas(fig, w, h)
        left, right, top = 4.6 * size + 1.4 * frame.line, 0.8 * size, 2.4 * frame.line
        name = plain(s.candidate(f.candidate).name)
        entries: list[tuple[Swatch, str]] = [
            (_line_swatch(SERIES[0]), f"P({name} adopted by date)"),
            (_line_swatch(SERIES[0], fill=0.22), "95% interval"),
            (_line_swatch("#000000", dashed=True), f"deadline {f.deadline.isoformat()}"),
        ]
        legend_h = 3 * 1.7 * size if frame is NARROW else 1.7 * size
        bottom = 2.6 * size + legend_h + 4
        ax = _plot_axes(fig, w, h, left=left, right=right, top=top, bottom=bottom)
        ax.fill_between(xs, lo, hi, step="post", color=SERIES[0], alpha=0.22, linewidth=0)
        ax.step(xs, ys, where="post", color=SERIES[0], linewidth=1.8)
        ax.axvline(xs[-1], color="#000000", linestyle="--", linewidth=1)
        ax.set_ylim(0, 1)
        ax.set_ylabel("P(adopted by date)", fontsize=frame.line)
        ax.yaxis.set_major_formatter(_percent())
        ax.tick_params(labelsize=size)
        ax.grid(alpha=0.3)
        _set_date_axis(ax, days[0], days[-1], w - left - right, size)
        head = f"By {f.deadline.isoformat()}: {100 * f.p_consensus:.1f}% (95% interval {100 * f.ci95[0]:.1f}–{100 * f.ci95[1]:.1f}%)"
        canvas.text(left, h - top / 2, fit(head, frame.line, w - left - 4), fontsize=frame.line, ha="left", va="center")
        _legend(canvas, entries, frame, left=left, right=w - 4, top=legend_h + 4)
        return _svg(fig, f"forecast-{frame.name}")


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


# --- the timeline --------------------------------------------------------------------------


def marker_groups(
    xs: Sequence[float], labels: Callable[[int, int], str], room: Callable[[str], float], right: float
) -> list[tuple[int, int, float]]:
    """Numbered markers that do not overlap: ``xs`` are the positions (points, ascending) of the
    dated steps with events; ``labels(i, j)`` the text of a marker for steps ``i`` to ``j`` (indices
    into ``xs``) and ``room(text)`` its width. Returns ``(i, j, left)`` per marker: neighbours too
    close for their own markers share one, and no marker runs past ``right``."""
    groups: list[list[int | float]] = []  # [i, j, left]
    for k, x in enumerate(xs):
        text = labels(k, k)
        left = min(x - room(text) / 2, right - room(text))
        if groups:
            i, j, prev = groups[-1]
            end = prev + room(labels(int(i), int(j)))
            if left < end + _GAP:  # too close: join the previous marker
                merged = labels(int(i), k)
                start = max(0.0, min(float(prev), right - room(merged)))
                groups[-1] = [i, k, start]
                # joining may push it left onto the one before: merge back while they overlap
                while len(groups) > 1:
                    a, b, pl = groups[-2]
                    _, j2, l2 = groups[-1]
                    if float(pl) + room(labels(int(a), int(b))) + _GAP <= float(l2):
                        break
                    merged = labels(int(a), int(j2))
                    groups[-2:] = [[a, j2, max(0.0, min(float(pl), right - room(merged)))]]
                continue
        groups.append([k, k, max(left, 0.0)])
    return [(int(i), int(j), float(left)) for i, j, left in groups]


def timeline(tl: Timeline, frame: Frame = WIDE) -> str:
    """Support over time, one line per candidate; each date with events numbered (as the steps
    table numbers them) in a band above the plot, and the date consensus was first reached dashed.
    The y-axis spans the data, not 0 to the number of members."""
    from matplotlib.ticker import MaxNLocator

    with quiet():
        s = tl.scenario
        n = len(s.members)
        size = frame.font
        xs = [day_number(st.date) for st in tl.steps]
        w = frame.width * 72
        h = w * (0.55 if frame is WIDE else 1.0)
        fig = _figure(frame.width, h / 72)
        canvas = _canvas(fig, w, h)
        entries: list[tuple[Swatch, str]] = [
            (_line_swatch(SERIES[i % len(SERIES)], marker="o"), plain(c.name)) for i, c in enumerate(s.candidates)
        ]
        when = tl.consensus_date
        if when is not None:
            entries.append((_line_swatch("#000000", dashed=True), f"consensus first reached {when.isoformat()}"))
        rows = _legend_rows(entries, frame, w - 8)
        legend_h = rows * 1.7 * size
        left, right = 3.0 * size + 1.6 * frame.line, 1.2 * size
        band = 2.2 * size + 4
        top = band + 4
        bottom = 2.6 * size + legend_h + 4
        ax = _plot_axes(fig, w, h, left=left, right=right, top=top, bottom=bottom)
        ax.patch.set_gid(f"timeline-{frame.name}-plot")
        series: list[list[int]] = []
        for i, c in enumerate(s.candidates):
            ys = []
            for st in tl.steps:
                stances = st.report.scenario.stances.get(c.id)
                ys.append(sum(1 for m in st.report.scenario.members if stances is not None and stances[m.code] is Stance.SUPPORT))
            series.append(ys)
            ax.step(xs, ys, where="post", color=SERIES[i % len(SERIES)], linewidth=1.8, marker="o", markersize=3.5)
        low = min((min(ys) for ys in series), default=0)
        high = max((max(ys) for ys in series), default=n)
        pad = max(0.6, 0.08 * (high - low))
        ax.set_ylim(low - pad, high + pad)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5 if frame is WIDE else 4, integer=True))
        ax.set_ylabel(f"members supporting (of {n})", fontsize=frame.line)
        ax.tick_params(labelsize=size)
        ax.grid(alpha=0.3)
        room = w - left - right
        _set_date_axis(ax, tl.steps[0].date, tl.steps[-1].date, room, size)
        x0, x1 = ax.get_xlim()
        steps = [k for k, st in enumerate(tl.steps) if st.events]
        for k in steps:
            ax.axvline(xs[k], color="#bbbbbb", linewidth=0.7, zorder=0)
        if when is not None:
            ax.axvline(day_number(when), color="#000000", linestyle="--", linewidth=1.2)
        at = [left + (xs[k] - x0) / (x1 - x0) * room for k in steps]

        def text(i: int, j: int) -> str:
            return str(steps[i]) if i == j else f"{steps[i]}–{steps[j]}"

        def extent(t: str) -> float:
            return width(t, size) + 0.8 * size

        y = h - 4 - band / 2
        for i, j, start in marker_groups(at, text, extent, w - 2):
            label = canvas.text(
                start + extent(text(i, j)) / 2,
                y,
                text(i, j),
                fontsize=size,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.3", "fc": "#ffffff", "ec": "#777777", "lw": 0.8},
            )
            label.set_gid(f"timeline-{frame.name}-event-{steps[i]}")
            # a tick from the marker down to the plot at each of its dates
            for k in range(i, j + 1):
                canvas.plot([at[k], at[k]], [h - top, h - top + 3], color="#777777", linewidth=0.8)
        _legend(canvas, entries, frame, left=4, right=w - 4, top=legend_h + 4)
        return _svg(fig, f"timeline-{frame.name}")


def _legend_rows(entries: Sequence[tuple[Swatch, str]], frame: Frame, room: float) -> int:
    """How many rows :func:`_legend` takes for ``entries`` in ``room`` points."""
    size = frame.font
    swatch = 1.6 * size
    rows, x = 1, 0.0
    for _, label in entries:
        need = swatch + 4 + width(fit(label, size, room - swatch - 4), size)
        if x > 0 and x + need > room:
            rows, x = rows + 1, 0.0
        x += need + 2 * _GAP
    return rows


# --- voting power --------------------------------------------------------------------------


def equal_power(report: PowerReport) -> bool:
    """Whether every member holds the same power on both indices (unanimity: 1/n each), which one
    sentence says better than a bar per member."""
    members = report.members
    return not report.estimated and all(
        math.isclose(m.banzhaf, members[0].banzhaf, abs_tol=1e-12)
        and math.isclose(m.shapley_shubik, members[0].shapley_shubik, abs_tol=1e-12)
        for m in members
    )


def power(report: PowerReport, frame: Frame = WIDE) -> str:
    """Banzhaf and Shapley–Shubik indices per member as paired horizontal bars, one row per member."""
    from matplotlib.ticker import MaxNLocator

    with quiet():
        members = report.members
        size = frame.font
        w = frame.width * 72
        row = 1.5 * size + 4
        legend_h = 1.7 * size * (2 if frame is NARROW else 1)
        top, bottom = 8.0, 2.6 * size + 1.6 * frame.line + legend_h + 4
        h = top + bottom + row * max(1, len(members))
        fig = _figure(frame.width, h / 72)
        canvas = _canvas(fig, w, h)
        codes = [plain(m.code) for m in members]
        left = max((width(c, size) for c in codes), default=0.0) + 10
        ax = _plot_axes(fig, w, h, left=left, right=1.6 * size, top=top, bottom=bottom)
        ys = list(range(len(members)))
        bar = 0.4
        ax.barh([y - bar / 2 for y in ys], [m.banzhaf for m in members], height=bar, color=SERIES[0])
        ax.barh([y + bar / 2 for y in ys], [m.shapley_shubik for m in members], height=bar, color=SERIES[1])
        ax.set_yticks(ys, codes, fontsize=size)
        ax.set_ylim(len(members) - 0.5, -0.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5 if frame is WIDE else 3))
        ax.xaxis.set_major_formatter(_percent())
        ax.tick_params(labelsize=size)
        ax.set_xlabel("share of voting power", fontsize=frame.line)
        ax.grid(axis="x", alpha=0.3)
        entries: list[tuple[Swatch, str]] = [
            (_line_swatch(SERIES[0], fill=1.0), "Banzhaf (normalised)"),
            (_line_swatch(SERIES[1], fill=1.0), "Shapley–Shubik"),
        ]
        _legend(canvas, entries, frame, left=4, right=w - 4, top=legend_h + 4)
        return _svg(fig, f"power-{frame.name}")
