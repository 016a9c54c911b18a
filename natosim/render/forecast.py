"""What ``forecast`` and ``backtest`` show: the contract's JSON, a document with a terminal chart, and the plot."""

from __future__ import annotations

import io
from typing import Any

from natosim._engine.backtest import Backtest
from natosim._engine.forecast import Forecast, Option
from natosim.errors import NatosimError
from natosim.render.document import Block, Cell, Document, Line, Records, Section, View, cells, number
from natosim.render.views import STANCE_STYLE, noted, state_json


def _r(x: float) -> float:
    """A probability rounded for output (6 decimals; stable text for the same counts)."""
    return round(x + 0.0, 6)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def option_label(o: Option) -> str:
    """``flip HUN``, ``withdraw iohannis``, ``deal: NAME``."""
    return f"deal: {o.target}" if o.kind == "deal" else f"{o.kind} {o.target}"


def _option_json(o: Option) -> dict[str, Any]:
    return {
        "kind": o.kind,
        "target": o.target,
        "cost": int(o.cost) if float(o.cost).is_integer() else o.cost,
        "p_consensus": _r(o.p_consensus),
        "gain": _r(o.gain),
        "gain_ci95": [_r(x) for x in o.gain_ci95],
        "tied": o.tied,
    }


def sampled_p(p: float) -> str:
    """``= 0.42`` for a sampled probability; ``> 0.99`` or ``< 0.01`` at the ends, never a certainty a sample cannot show."""
    if p > 0.995:
        return "> 0.99"
    if p < 0.005:
        return "< 0.01"
    return f"= {p:.2f}"


def forecast_json(f: Forecast) -> dict[str, Any]:
    """The contract's object for ``natosim forecast --format json``, with natosim's own fields after it."""
    s = f.scenario
    lo, hi = f.ci95
    quantiles = {name: f.quantile(q) for name, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9))}
    return {
        "deadline": f.deadline.isoformat(),
        "trials": f.trials,
        "p_consensus": _r(f.p_consensus),
        "ci95": [_r(lo), _r(hi)],
        **state_json(s),
        "candidate": {"id": f.candidate, "name": s.candidate(f.candidate).name},
        "seed": f.seed,
        "cascade": f.with_cascade,
        "withdrawals": f.withdrawals,
        "focal_dates": [d.isoformat() for d in f.focal_dates],
        "priors": f.priors,
        "consensus_date": {k: (d.isoformat() if d else None) for k, d in quantiles.items()},
        "by_week": [{"date": d.isoformat(), "p": _r(p)} for d, p in f.weekly()],
        "allies": [
            {
                "code": a.code,
                "name": s.member(a.code).name,
                "stance": a.stance.value,
                "blocking": a.blocking,
                "p_move": _r(a.p_move),
                "p_move_source": "scenario" if a.stated else "prior",
                "holdout": a.hold,
                "p_moved": _r(a.p_moved),
                "p_last": _r(a.p_last),
            }
            for a in f.allies
        ],
        "rivals": [
            {
                "id": r.id,
                "name": s.candidate(r.id).name,
                "p_withdraw": _r(r.p_withdraw),
                "moves": list(r.moves),
                "contests": r.contests,
                "note": r.note,
            }
            for r in f.rivals
        ],
        "interventions": [_option_json(o) for o in f.options],
        "best_intervention": _option_json(f.best) if f.best else None,
        "p_simulated": _r(f.p_simulated),
        "bounds": [_r(x) for x in f.bounds],
        "track_record": track_json(f),
    }


def track_json(f: Forecast) -> dict[str, Any] | None:
    """How the model behind this forecast scored on the record (``None`` when no rate came from the fitted priors)."""
    t = f.track
    if t is None:
        return None
    b = t.bin_of(f.p_consensus)
    return {
        "brier": _r(t.brier),
        "log_loss": _r(t.log_loss),
        "questions": t.questions,
        "decisions": t.decisions,
        "baselines": [{"model": x.name, "brier": _r(x.brier), "log_loss": _r(x.log_loss)} for x in t.scores if x.name != "natosim"],
        "bin": {"bin": [_r(b.lo), _r(b.hi)], "questions": b.count, "mean_forecast": _r(b.mean_forecast), "observed": _r(b.observed)}
        if b is not None
        else None,
        "by_kind": [{"kind": k, "questions": n, "brier": _r(br), "log_loss": _r(ll)} for k, n, br, ll in t.by_kind],
        "method": "leave-one-group-out on the bundled record's opening-day questions (natosim backtest record)",
    }


def track_lines(f: Forecast) -> tuple[Line, ...]:
    """The track record in words, for the text and the report: how far the number can be trusted."""
    t = f.track
    if t is None:
        return (Line("Track record: none; every rate comes from the scenario's own estimates, which the record cannot score.", "dim"),)
    coin = next((x for x in t.scores if x.name == "coin"), None)
    base = next((x for x in t.scores if x.name == "base rate"), None)
    versus = ", ".join(f"{x.name} {x.brier:.3f}" for x in (coin, base) if x is not None)
    out = [
        Line(
            f"Track record: on {t.questions} resolved questions of {t.decisions} decisions, forecast without their own decision, "
            f"this model scored Brier {t.brier:.3f} (lower is better; {versus}) and log loss {t.log_loss:.3f}.",
        )
    ]
    b = t.bin_of(f.p_consensus)
    if b is not None and b.count:
        out.append(
            Line(
                f"Of the {b.count} record questions forecast between {_pct(b.lo)} and {_pct(b.hi)} (mean {_pct(b.mean_forecast)}), "
                f"{_pct(b.observed)} came true."
            )
        )
    elif b is not None:
        out.append(Line(f"No record question was forecast between {_pct(b.lo)} and {_pct(b.hi)}: the record cannot vouch for this range."))
    if f.p_simulated != f.p_consensus:
        out.append(
            Line(
                f"The simulation gives {_pct(f.p_simulated)}; forecasts are kept within {_pct(f.bounds[0])}–{_pct(f.bounds[1])}, "
                "the range the record's questions vouch for.",
                "dim",
            )
        )
    return tuple(out)


def forecast_view(f: Forecast) -> View:
    """``natosim forecast``: the probability, the weekly chart, the holdouts and the interventions."""
    s = f.scenario
    name = s.candidate(f.candidate).name
    lo, hi = f.ci95
    title = f"{s.title} — forecast: {name} adopted by {f.deadline.isoformat()}?"
    settings = Line(
        f"{f.trials:,} trials, seed {f.seed}; cascade {'on' if f.with_cascade else 'off'}, "
        f"random withdrawals of rivals {'on' if f.withdrawals else 'off'}; "
        f"focal dates {', '.join(d.isoformat() for d in f.focal_dates) or 'none'}; priors: {f.priors or 'none'}",
        "dim",
    )
    head = Line(
        f"P({name} adopted by {f.deadline.isoformat()}) = {_pct(f.p_consensus)} (95% CI {_pct(lo)}–{_pct(hi)})",
        "bold green" if f.p_consensus >= 0.5 else "bold red",
    )
    chart = Section(
        "Cumulative probability of adoption, by week",
        ("Date", "P", "0 → 100%"),
        tuple(cells(d.isoformat(), _pct(p), Cell("", "green", gauge=p, track=True)) for d, p in f.weekly()),
    )
    holdouts = Section(
        "Members not supporting on " + s.as_of.isoformat(),
        ("Code", "Name", "Stance", "Holdout", "Blocks", "p_move", "P(moved by deadline)", "P(last holdout)"),
        tuple(
            cells(
                a.code,
                s.member(a.code).name,
                Cell(a.stance.value, STANCE_STYLE[a.stance]),
                a.hold,
                "yes" if a.blocking else "no",
                f"{a.p_move:.2f}" + ("" if a.stated else " (prior)"),
                _pct(a.p_moved),
                _pct(a.p_last),
            )
            for a in f.allies
        ),
        "every member already supports",
    )
    options = Section(
        "Single interventions on " + s.as_of.isoformat() + " (same random draws)",
        ("Intervention", "Cost", "P(adopted)", "Gain", "95% CI", "Tied"),
        tuple(
            cells(
                option_label(o),
                number(o.cost),
                _pct(o.p_consensus),
                f"{100 * o.gain:+.1f} pts",
                f"{100 * o.gain_ci95[0]:+.1f} to {100 * o.gain_ci95[1]:+.1f}",
                "tied" if o.tied else "",
            )
            for o in f.options
        ),
        "no intervention is possible",
    )
    lines: list[Block] = [settings, head]
    median = f.quantile(0.5)
    lines.append(Line(f"Median date of adoption: {median.isoformat()}" if median else "Median date of adoption: after the deadline"))
    for r in f.rivals:
        moves = f"moves {', '.join(r.moves)}" if r.moves else "moves nobody to support"
        contest = "; it meets the rule too and must leave for the seat" if r.contests else ""
        note = f" ({r.note})" if r.note else ""
        lines.append(Line(f"{s.candidate(r.id).name} withdraws by the deadline with p {sampled_p(r.p_withdraw)} ({moves}{contest}){note}"))
    best = f.best
    if best is None:
        tail = Line("No single intervention raises the probability beyond sampling noise.")
    else:
        others = [option_label(o) for o in f.tied if o is not best]
        also = f"; tied with {', '.join(others)}" if others else ""
        tail = Line(
            f"Best single intervention: {option_label(best)} ({100 * best.gain:+.1f} points, cost {number(best.cost)}){also}",
            "bold",
        )
    blocks: tuple[Block, ...] = (*noted(s), chart, *lines, *track_lines(f), holdouts, options, tail)
    records = Records(
        ("date", "candidate", "p_consensus", "is_deadline"),
        tuple((d.isoformat(), f.candidate, _r(p), d == f.deadline) for d, p in f.weekly()),
    )
    return View(Document(title, blocks), forecast_json(f), records)


def plot(f: Forecast, kind: str) -> bytes:
    """The cumulative probability curve as PNG or SVG bytes (``kind``: ``png`` or ``svg``), via matplotlib."""
    require_matplotlib()
    from datetime import timedelta

    import matplotlib
    from matplotlib.figure import Figure

    from natosim.render.figures import plain, quiet

    s = f.scenario
    days = list(range(f.horizon + 1))
    xs: Any = [s.as_of + timedelta(days=d) for d in days]  # matplotlib's stubs do not list dates
    total = 0
    ys = []
    for n in f.by_day:
        total += n
        ys.append(total / f.trials)
    fig = Figure(figsize=(8, 4.5), dpi=100)
    ax = fig.add_subplot()
    ax.step(xs, ys, where="post", color="tab:blue", label=plain(s.candidate(f.candidate).name))
    lo, hi = f.ci95
    ax.errorbar(xs[-1:], [f.p_consensus], yerr=[[f.p_consensus - lo], [hi - f.p_consensus]], fmt="o", color="tab:red", capsize=4)
    ax.set_ylim(0, 1)
    ax.set_xlim(xs[0], xs[-1] + timedelta(days=max(1, f.horizon // 30)))
    ax.set_ylabel("P(adopted by date)")
    ax.set_title(plain(f"{s.title}: {_pct(f.p_consensus)} by {f.deadline.isoformat()} ({f.trials:,} trials)"), fontsize=10)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if kind == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "natosim", "svg.fonttype": "none"}), quiet():
        fig.savefig(buf, format=kind, metadata=metadata)
    return buf.getvalue()


def require_matplotlib() -> None:
    """Raise an input error when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise NatosimError(
            "matplotlib is not installed; expected it to draw pictures: pip install matplotlib (a dependency of natosim: reinstall it)"
        ) from None


def backtest_json(b: Backtest) -> dict[str, Any]:
    """The object for ``natosim backtest --format json``."""
    return {
        "source": b.source,
        "out_of_sample": b.out_of_sample,
        "trials": b.trials,
        "seed": b.seed,
        "cases": [
            {
                "scenario": c.name,
                "title": c.scenario.title,
                "candidate": c.candidate,
                "as_of": c.scenario.as_of.isoformat(),
                "deadline": c.deadline.isoformat(),
                "deadline_name": c.deadline_name,
                "p_consensus": _r(c.p),
                "ci95": [_r(x) for x in c.ci95],
                "observed": c.observed,
                "brier": _r(c.brier),
                "base_rate": _r(c.base_rate),
                "previous_model": _r(c.legacy),
            }
            for c in b.cases
        ],
        "unscored": [{"question": name, "why": why} for name, why in b.skipped],
        "brier": _r(b.brier) if b.cases else None,
        "log_loss": _r(b.log_loss) if b.cases else None,
        "scores": [
            {"model": name, "brier": _r(br) if b.cases else None, "log_loss": _r(ll) if b.cases else None} for name, br, ll in b.baselines
        ],
        "calibration": [
            {"bin": [_r(x.lo), _r(x.hi)], "cases": x.count, "mean_forecast": _r(x.mean_forecast), "observed": _r(x.observed)}
            for x in b.bins
        ],
        "by_kind": [{"kind": k, "questions": n, "brier": _r(br), "log_loss": _r(ll)} for k, n, br, ll in b.by_kind],
    }


def backtest_view(b: Backtest) -> View:
    """``natosim backtest``: every question's forecast against what happened, the scores against baselines, calibration."""
    cases = Section(
        "Questions",
        ("Decision@forecast date", "Deadline", "P", "Came true", "Brier", "Base rate", "natosim 0.1"),
        tuple(
            cells(
                f"{c.name}@{c.scenario.as_of.isoformat()}",
                f"{c.deadline.isoformat()} ({c.deadline_name})",
                _pct(c.p),
                Cell("yes" if c.observed else "no", "green" if c.observed else "red"),
                f"{c.brier:.3f}",
                _pct(c.base_rate),
                _pct(c.legacy),
            )
            for c in b.cases
        ),
        "no question could be scored",
    )
    scores = Section(
        "Scores (lower is better; always saying 50% scores Brier 0.25, log loss 0.693)",
        ("Model", "Brier", "Log loss"),
        tuple(cells(name, f"{br:.4f}", f"{ll:.4f}") for name, br, ll in b.baselines) if b.cases else (),
        "no cases",
    )
    calib = Section(
        "Calibration",
        ("Forecast bin", "Cases", "Mean forecast", "Observed frequency"),
        tuple(cells(f"{_pct(x.lo)}–{_pct(x.hi)}", str(x.count), _pct(x.mean_forecast), _pct(x.observed)) for x in b.bins if x.count),
        "no cases",
    )
    kinds = Section(
        "Scores by kind of decision",
        ("Kind", "Questions", "Brier", "Log loss"),
        tuple(cells(k, str(n), f"{br:.4f}", f"{ll:.4f}") for k, n, br, ll in b.by_kind),
        "no cases",
    )
    how = (
        "leave-one-group-out priors (a decision's twin episodes left out with it)"
        if b.out_of_sample
        else "the shipped priors (in sample where the record holds the same decision)"
    )
    blocks: list[Block] = [cases, scores, kinds, calib, Line(f"Forecasts made with {how}.", "dim")]
    blocks += [Line(f"Unscored {name}: {why}", "dim") for name, why in b.skipped]
    title = f"Backtest of {b.source} — {len(b.cases)} question(s), {b.trials:,} trials each, seed {b.seed}"
    columns = ("scenario", "candidate", "as_of", "deadline", "deadline_name", "p_consensus", "ci95_low", "ci95_high", "observed")
    records = Records(
        (*columns, "brier", "base_rate", "previous_model"),
        tuple(
            (
                c.name,
                c.candidate,
                c.scenario.as_of.isoformat(),
                c.deadline.isoformat(),
                c.deadline_name,
                _r(c.p),
                _r(c.ci95[0]),
                _r(c.ci95[1]),
                c.observed,
                _r(c.brier),
                _r(c.base_rate),
                _r(c.legacy),
            )
            for c in b.cases
        ),
    )
    return View(Document(title, tuple(blocks)), backtest_json(b), records)


def reliability(b: Backtest, kind: str) -> bytes:
    """The reliability diagram (observed frequency against forecast, per bin, with counts) as PNG or SVG bytes."""
    require_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 5.5), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    used = [x for x in b.bins if x.count]
    ax.plot([x.mean_forecast for x in used], [x.observed for x in used], marker="o", color="tab:blue", label="natosim")
    for x in used:
        ax.annotate(str(x.count), (x.mean_forecast, x.observed), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability (bin mean)")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"Reliability: {len(b.cases)} questions, Brier {b.brier:.3f}" if b.cases else "Reliability: no questions", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if kind == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "natosim", "svg.fonttype": "none"}):
        fig.savefig(buf, format=kind, metadata=metadata)
    return buf.getvalue()
