"""``natosim sensitivity``: break-even points, robustness and the forecast tornado as a document, JSON and CSV."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from natosim._engine.paths import Path
from natosim._engine.sensitivity import (
    COST_SPREAD,
    DAYS_FACTOR,
    P_SPREAD,
    SHARE_FLOOR,
    SHARE_SPREAD,
    Advice,
    BreakEven,
    BreakEvens,
    Robustness,
    Tornado,
)
from natosim._engine.step import Applied
from natosim.model import Estimate, Scenario
from natosim.render.document import Cell, Document, Line, Records, Section, View, cells, number
from natosim.render.views import assumed_json, assumed_text, number_json

DEFAULTS_TEXT = (
    f"default ranges (the file gives none): costs ±{int(COST_SPREAD * 100)}%, thresholds and weights ±{float(SHARE_SPREAD):g} "
    f"(within [{SHARE_FLOOR:g}, 1]), p_move ±{float(P_SPREAD):g} (within [0, 1]), median_days from 1/{DAYS_FACTOR} to {DAYS_FACTOR}× best"
)
"""How the default ranges are chosen, as every output states it."""


def path_text(p: Path | None, scenario: Scenario | None = None) -> str:
    """A path on one line: ``flip ROU, TUR + withdraw iohannis + deal ID (cost 6)`` (deals by id when the scenario is
    given); ``no path`` for none."""
    if p is None:
        return "no path"
    parts = [f"flip {', '.join(p.flips)}"] if p.flips else []
    parts += [f"withdraw {', '.join(p.withdraw)}"] if p.withdraw else []
    parts += [f"deal {scenario.deal(d).id if scenario is not None else d}" for d in p.deals]
    return f"{' + '.join(parts) or 'nothing'} (cost {number(p.cost)})"


def path_json(p: Path | None) -> dict[str, Any] | None:
    """A path as ``paths --format json`` gives it."""
    if p is None:
        return None
    return {
        "flips": list(p.flips),
        "withdraw": list(p.withdraw),
        "deals": list(p.deals),
        "cost": number_json(p.cost),
        "cascade": list(p.cascade),
    }


def _value(x: Fraction | None) -> int | float | None:
    return None if x is None else number_json(float(x))


def _exact(x: Fraction | None) -> str | None:
    return None if x is None else str(x)


def _interval(b: BreakEven) -> str:
    lo = "…" if b.lower is None else number(float(b.lower))
    hi = "…" if b.upper is None else number(float(b.upper))
    return f"{'[' if b.lower_closed and b.lower is not None else '('}{lo}, {hi}{']' if b.upper_closed and b.upper is not None else ')'}"


def _advice_json(a: Advice | None, listed: tuple[Path, ...]) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"cheapest": path_json(a.cheapest), "listed_failing": [i + 1 for i, ok in enumerate(a.works) if not ok]}


def _advice_text(a: Advice | None, scenario: Scenario) -> str:
    if a is None:
        return "—"
    failing = [str(i + 1) for i, ok in enumerate(a.works) if not ok]
    return path_text(a.cheapest, scenario) + (f"; listed path(s) {', '.join(failing)} stop working" if failing else "")


def _range(e: Estimate) -> str:
    return f"{number(e.low)} – {number(e.best)} – {number(e.high)}" + (" (default)" if e.default else "")


def _estimate_json(e: Estimate) -> dict[str, Any]:
    return {
        "place": e.place,
        "kind": e.kind,
        "target": e.target,
        **({"source": e.source} if e.source else {}),
        **({"candidate": e.candidate} if e.candidate else {}),
        "low": number_json(e.low),
        "best": number_json(e.best),
        "high": number_json(e.high),
        "default": e.default,
    }


def _share(x: float) -> str:
    return "—" if x != x else f"{x:.1%}"


def sensitivity_view(
    scenario: Scenario,
    ranges: tuple[Estimate, ...],
    b: BreakEvens,
    r: Robustness,
    t: Tornado | None,
    note: str,
    *,
    assumed: Applied | None = None,
) -> View:
    """The ``natosim sensitivity`` output (of the state ``assumed`` leads to, if given: said first, as ``paths`` says it)."""
    c = scenario.candidate(b.candidate)
    defaults = any(e.default for e in ranges)
    data: dict[str, Any] = {
        **({"assuming": assumed_json(assumed)} if assumed is not None else {}),
        "candidate": b.candidate,
        "defaults": DEFAULTS_TEXT if defaults else None,
        "estimates": [_estimate_json(e) for e in ranges],
        "cheapest": path_json(b.advice.cheapest),
        "paths": [path_json(p) for p in b.listed],
        "break_evens": [
            {
                **_estimate_json(p.estimate),
                "lower": _value(p.lower),
                "upper": _value(p.upper),
                "lower_exact": _exact(p.lower),
                "upper_exact": _exact(p.upper),
                "lower_closed": p.lower_closed,
                "upper_closed": p.upper_closed,
                "inside_range": p.inside,
                "below": _advice_json(p.below, b.listed),
                "above": _advice_json(p.above, b.listed),
            }
            for p in b.points
        ],
        "robustness": {
            "share": None if r.share != r.share else r.share,
            "ci95": None if r.share != r.share else list(r.ci95),
            "exact": r.exact,
            "samples": r.samples,
            "seed": r.seed,
            "dimensions": r.dimensions,
            "others": [{"path": path_json(o.path), "share": o.share} for o in r.others],
            **({"note": r.note} if r.note else {}),
        },
        "tornado": None
        if t is None
        else {
            "deadline": t.deadline.isoformat(),
            "trials": t.trials,
            "seed": t.seed,
            "p_consensus": t.p,
            "ci95": list(t.ci95),
            "interval_with_priors": list(t.interval),
            "prior_draws": t.prior_draws,
            "bounds": list(t.bounds),
            "bars": [{**_estimate_json(x.estimate), "p_low": x.p_low, "p_high": x.p_high, "swing": x.swing} for x in t.bars],
        },
        **({"note": note} if note else {}),
    }
    blocks: list[Section | Line] = [*((Line(assumed_text(assumed), "yellow"),) if assumed is not None else ())]
    blocks.append(Line(f"Cheapest path at best: {path_text(b.advice.cheapest, scenario)}"))
    if defaults:
        blocks.append(Line(f"Ranges marked (default) are {DEFAULTS_TEXT.removeprefix('default ranges (the file gives none): ')}", "yellow"))
    rows = []
    for p in b.points:
        e = p.estimate
        rows.append(
            cells(
                e.place,
                _range(e),
                _interval(p),
                Cell("yes", "bold red") if p.inside else Cell("no"),
                _advice_text(p.below, scenario),
                _advice_text(p.above, scenario),
            )
        )
    blocks.append(
        Section(
            "Break-even points: the advice holds while the number stays within",
            ("Estimate", "Range low – best – high", "Advice holds for", "Changes within range", "Below it", "Above it"),
            tuple(rows),
        )
    )
    if r.share == r.share:
        how = (
            "exact" if r.exact else f"sampled: {r.samples:,} points, seed {r.seed}, 95% interval {_share(r.ci95[0])} – {_share(r.ci95[1])}"
        )
        blocks.append(
            Line(f"Robustness: the cheapest path stays cheapest on {_share(r.share)} of the box of {r.dimensions} ranges ({how})")
        )
        blocks.append(
            Section(
                "Paths that win elsewhere in the box",
                ("Path", "Share of the box"),
                tuple(cells(path_text(o.path, scenario), _share(o.share)) for o in r.others),
            )
        )
    else:
        blocks.append(Line(f"Robustness: not computed ({r.note})", "yellow"))
    if t is not None:
        blocks.append(
            Line(
                f"Forecast by {t.deadline.isoformat()}: P(consensus) {_share(t.p)} (Monte Carlo 95% {_share(t.ci95[0])} – {_share(t.ci95[1])}; "
                f"with the fitted priors' uncertainty {_share(t.interval[0])} – {_share(t.interval[1])}, {t.prior_draws} priors drawn); "
                f"{t.trials:,} trials per end, seed {t.seed}"
            )
        )
        blocks.append(
            Section(
                "Forecast tornado: P at each end of each range, others at best",
                ("Estimate", "Range", "P at low", "P at high", "Swing"),
                tuple(
                    cells(
                        x.estimate.place,
                        _range(x.estimate),
                        _share(x.p_low),
                        _share(x.p_high),
                        Cell(f"{x.swing:.1%}", gauge=min(1.0, x.swing)),
                    )
                    for x in t.bars
                ),
                empty="(no range a forecast reads)",
            )
        )
    if note:
        blocks.append(Line(note, "yellow"))
    records = Records(
        (
            "section",
            "place",
            "kind",
            "default",
            "low",
            "best",
            "high",
            "lower",
            "upper",
            "inside_range",
            "below",
            "above",
            "share",
            "p_low",
            "p_high",
        ),
        (
            *(
                (
                    "break_even",
                    p.estimate.place,
                    p.estimate.kind,
                    p.estimate.default,
                    p.estimate.low,
                    p.estimate.best,
                    p.estimate.high,
                    _value(p.lower),
                    _value(p.upper),
                    p.inside,
                    _advice_text(p.below, scenario) if p.below else None,
                    _advice_text(p.above, scenario) if p.above else None,
                    None,
                    None,
                    None,
                )
                for p in b.points
            ),
            *(
                ("robustness", path_text(path, scenario), "path", False, None, None, None, None, None, None, None, None, share, None, None)
                for path, share in (
                    (*([(b.advice.cheapest, r.share)] if r.share == r.share else []), *((o.path, o.share) for o in r.others))
                )
            ),
            *(
                (
                    "tornado",
                    x.estimate.place,
                    x.estimate.kind,
                    x.estimate.default,
                    x.estimate.low,
                    x.estimate.best,
                    x.estimate.high,
                    None,
                    None,
                    None,
                    None,
                    None,
                    x.swing,
                    x.p_low,
                    x.p_high,
                )
                for x in (t.bars if t is not None else ())
            ),
        ),
    )
    return View(Document(f"{scenario.title} — how sure is the advice on {c.name}?", tuple(blocks)), data, records)
