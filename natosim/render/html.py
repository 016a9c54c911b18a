"""``natosim report``: one self-contained HTML page, and the JSON document it is drawn from.

:func:`report_json` is the union of the other commands' JSON objects, built by their own renderers
(:func:`natosim.render.views.report_json`, :func:`~natosim.render.views.paths_view`,
:func:`~natosim.render.timeline.timeline_json`, :func:`~natosim.render.forecast.forecast_json`,
:func:`~natosim.render.power.power_view`, :func:`~natosim.render.power.compare_view`), so each part
has exactly the shape of the command's own output. :func:`page` renders that document, with the
figures of :mod:`natosim.render.figures`, through the Jinja2 template ``templates/report.html.j2``
with autoescaping on: every name, reason and source is escaped, and first passes through
:func:`natosim.render.safe.xml` (no control characters, nothing HTML cannot hold).

The page loads nothing: its stylesheet is inline, its figures are inline SVG, it has no script, and
its Content-Security-Policy forbids every fetch.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from natosim._engine.report import Dossier, Share
from natosim.choices import Index
from natosim.render import safe
from natosim.render.forecast import forecast_json
from natosim.render.graph import InfluenceGraph, influence_graph
from natosim.render.labels import label_cells
from natosim.render.power import compare_view, power_view
from natosim.render.timeline import timeline_json
from natosim.render.views import blocked_by, number_json, paths_view, rule_name, summary_json
from natosim.render.views import report_json as run_json

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2

    from natosim.render.figures import Frame

_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")
"""A web address inside a source (ending before trailing punctuation)."""


def _ratio(x: Any) -> float:
    return round(float(x), 6)


def share_json(s: Share) -> dict[str, Any]:
    """``{"members": 0.875, "weight": null, "basis": "one"}``: shares rounded to 6 decimals."""
    return {"members": _ratio(s.members), "weight": None if s.weight is None else _ratio(s.weight), "basis": s.basis.value}


def graph_json(graph: InfluenceGraph) -> dict[str, Any]:
    """The influence graph as ``natosim graph`` draws it: nodes (with ``follower``: has an influencer) and edges."""
    return {
        "candidate": graph.candidate,
        "nodes": [
            {
                "code": n.code,
                "name": n.name,
                "stance": n.stance.value,
                "threshold": n.threshold,
                "cost": n.cost,
                "follower": n.influenced,
            }
            for n in graph.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "weight": e.weight, "reason": e.reason, "reference": e.reference} for e in graph.edges
        ],
    }


def _graph(d: Dossier) -> InfluenceGraph:
    return influence_graph(d.scenario, d.candidate, every=True)


def report_json(d: Dossier, *, version: str, graph: InfluenceGraph | None = None) -> dict[str, Any]:
    """The object of ``natosim report --format json``: the other commands' objects for the same
    options under ``run``, ``paths``, ``timeline``, ``forecast`` (``null`` without a deadline),
    the plain sentences per candidate under ``summary`` (as in ``run``),
    ``power`` and ``compare_rules``, with the influence ``graph``, the ``deals`` on offer, each verdict's ``shares`` and
    what reproduces the page (``natosim`` version, ``seed``, ``trials``). ``graph``: the influence graph
    of :func:`natosim.render.graph.influence_graph` with every member, if already drawn."""
    s = d.scenario
    return {
        "natosim": version,
        "title": s.title,
        "as_of": s.as_of.isoformat(),
        "rule": rule_name(s),
        "candidate": d.candidate,
        "seed": d.seed,
        "trials": d.trials,
        "summary": summary_json(d.summary),
        "run": run_json(d.verdicts, tuple(x.plain() for x in d.summary)),  # as run says it: without the share of the ranges
        "shares": [{"id": v.candidate.id, **share_json(sh)} for v, sh in zip(d.verdicts.verdicts, d.shares, strict=True)],
        "paths": paths_view(s, d.paths, summary=[x for x in d.summary if x.candidate == d.candidate]).data,
        "timeline": timeline_json(d.timeline),
        "forecast": forecast_json(d.forecast) if d.forecast is not None else None,
        "no_forecast": d.no_forecast,
        "power": power_view(s, d.power, Index.BOTH).data,
        "compare_rules": compare_view(s, d.rules).data,
        "graph": graph_json(graph if graph is not None else _graph(d)),
        "deals": [
            {
                "id": x.id,
                "name": x.name,
                "cost": number_json(x.cost),
                "candidate": x.candidate,
                "effects": {code: stance.value for code, stance in x.effects},
                "reason": x.reason,
                "source": x.source,
            }
            for x in s.deals
        ],
    }


def _text(value: Any) -> Any:
    """Every value printed by the template: user text cleaned (markup already made safe is left as it is)."""
    from markupsafe import Markup

    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return safe.xml(value)


def linked(text: str) -> Any:
    """``text`` escaped, with each http(s) address in it made a link (``rel="noopener noreferrer"``)."""
    from markupsafe import Markup, escape

    text = safe.xml(text)
    out = []
    last = 0
    for m in _URL.finditer(text):
        out.append(escape(text[last : m.start()]))
        url = m.group(0)
        out.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def percent(x: Any, digits: int = 1) -> str:
    """``0.8765`` as ``87.7%``."""
    return f"{100 * float(x):.{digits}f}%"


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("natosim.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linked"] = linked
    env.filters["percent"] = percent
    return env


def _frames(draw: Callable[[Frame], str]) -> str:
    """A figure drawn for each frame, each in its own box; the stylesheet shows one per screen width."""
    from natosim.render.figures import FRAMES

    return "".join(f'<div class="frame frame-{frame.name}">{draw(frame)}</div>' for frame in FRAMES)


def _words(command: str) -> list[str]:
    """The words of a shell command line, each as typed (quoted where the shell needs it)."""
    import shlex

    try:
        return [shlex.quote(w) for w in shlex.split(command)]
    except ValueError:  # not a line shlex.join wrote: one word
        return [command] if command else []


def _advice_json(d: Dossier) -> dict[str, Any] | None:
    """The report's sensitivity section as ``natosim sensitivity``'s JSON (without the tornado), or ``None``."""
    if d.sensitivity is None:
        return None
    import json

    from natosim.render.formats import to_json
    from natosim.render.sensitivity import sensitivity_view

    a = d.sensitivity
    data: dict[str, Any] = json.loads(to_json(sensitivity_view(d.scenario, a.ranges, a.points, a.robust, None, "").data))
    return data


def page(d: Dossier, *, version: str, command: str = "") -> str:
    """The HTML page of the report; ``command`` is the command line that reproduces it (shown as typed)."""
    from markupsafe import Markup

    from natosim.render import figures

    graph = _graph(d)
    data = report_json(d, version=version, graph=graph)
    equal = figures.equal_power(d.power)
    outlook = d.forecast
    svg = {
        "graph": _frames(lambda frame: figures.influence(graph, frame)),
        "timeline": _frames(lambda frame: figures.timeline(d.timeline, frame)) if d.loaded.events else "",
        "forecast": _frames(lambda frame: figures.forecast(outlook, frame)) if outlook is not None else "",
        "power": "" if equal else _frames(lambda frame: figures.power(d.power, frame)),
    }
    names = {m.code: m.name for m in d.scenario.members}

    def codes(listed: list[str]) -> str:
        """Members by code, long lists as ``30 of 32 (all but HUN, ROU)`` (as ``natosim run`` names blockers)."""
        return blocked_by(d.scenario, tuple(listed)).removeprefix("blocked by ") if listed else "—"

    template = _environment().get_template("report.html.j2")
    return label_cells(
        template.render(
            d=data,
            svg={k: Markup(v) for k, v in svg.items()},
            names=names,
            codes=codes,
            nodes={node["code"]: node for node in data["graph"]["nodes"]},
            has_events=bool(d.loaded.events),
            command=command,
            command_words=_words(command),
            equal_power=equal,
            palette={s.value: c for s, c in figures.PALETTE.items()},
            n=len(d.scenario.members),
            sensitivity=_advice_json(d),
        )
    )
