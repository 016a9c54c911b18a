"""Views of ``natosim timeline`` and ``natosim diff``: the contract's JSON and a document each."""

from __future__ import annotations

from typing import Any

from natosim._engine.diff import Diff
from natosim._engine.timeline import Step, Timeline
from natosim.model import Event, EventKind, Report, Scenario, Stance, Verdict
from natosim.render.document import Block, Cell, Document, Line, Records, Section, View, cells, joined
from natosim.render.views import STANCE_STYLE, ally_json, applied_json, contest_json, rule_name, rule_text, scenario_json, verdict_line

"""The character of the blocker bars."""

SHOW_CODES = 6
"""Blocker cells list the codes when there are at most this many blockers, else only the count."""


def _blockers_json(scenario: Scenario, v: Verdict) -> list[dict[str, str]]:
    stances = scenario.stances[v.candidate.id]
    return [{**ally_json(scenario, code), "stance": stances[code].value} for code in v.blockers]


def _verdicts_json(report: Report) -> list[dict[str, Any]]:
    s = report.scenario
    return [
        {"id": v.candidate.id, "name": v.candidate.name, "adopted": v.adopted, **contest_json(v), "blockers": _blockers_json(s, v)}
        for v in report.verdicts
    ]


# --- timeline -----------------------------------------------------------------------------


def _event_json(scenario: Scenario, e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": e.kind.value, "candidate": e.candidate}
    if e.kind is EventKind.STANCE:
        assert e.ally is not None
        assert e.stance is not None
        out |= {**ally_json(scenario, e.ally), "stance": e.stance.value}
    elif e.kind is EventKind.DEAL:
        out["deal"] = e.deal
    return out | {"source": e.source, "note": e.note}


def _step_json(scenario: Scenario, step: Step) -> dict[str, Any]:
    a = step.applied
    changes: list[dict[str, Any]] = []
    cascade: list[dict[str, Any]] = []
    if a is not None:
        changes, cascade = applied_json(scenario, a)
    return {
        "date": step.date.isoformat(),
        "changes": changes,
        "cascade": cascade,
        "consensus": step.report.consensus,
        "candidates": _verdicts_json(step.report),
        "withdrawn": list(step.report.scenario.withdrawn),
        "events": [_event_json(scenario, e) for e in step.events],
    }


def timeline_json(tl: Timeline) -> dict[str, Any]:
    """The contract's object for ``natosim timeline --format json`` (plus title, rule, events)."""
    s = tl.scenario
    when = tl.consensus_date
    return {
        **scenario_json(s),
        "steps": [_step_json(s, step) for step in tl.steps],
        "consensus_date": when.isoformat() if when else None,
    }


def _changed_text(scenario: Scenario, step: Step) -> str:
    """``rutte: DEU, FRA → support`` / ``iohannis withdrawn`` — what the day's events set, one part per line."""
    a = step.applied
    if a is None:
        return "(as declared)"
    many = len(scenario.candidates) > 1
    parts = [f"{w} withdrawn" for w in a.withdrawn]
    groups: dict[tuple[str, str, str], list[str]] = {}
    for c in a.direct:
        kind, _, what = c.cause.partition(":")
        label = f"deal '{what}': " if kind == "deal" else ""
        groups.setdefault((label, c.candidate, c.after.value), []).append(c.code)
    for (label, cid, stance), codes in groups.items():
        where = f"{cid}: " if many else ""
        parts.append(f"{label}{where}{', '.join(sorted(codes))} → {stance}")
    return "\n".join(parts or ["no stance changed"])


def _followed_text(step: Step, *, many: bool) -> str:
    a = step.applied
    if a is None or not a.followed:
        return "—"
    return "\n".join(f"{f.code} ({cid})" if many else f.code for cid, f in a.followed)


def _blockers_text(scenario: Scenario, report: Report) -> Cell:
    """Per candidate: adopted, withdrawn, or how many block (and who, when they are few)."""
    many = len(scenario.candidates) > 1
    by_id = {v.candidate.id: v for v in report.verdicts}
    parts = []
    for c in scenario.candidates:
        v = by_id.get(c.id)
        if v is None:
            text = "withdrawn"
        elif v.adopted:
            text = "adopted"
        elif v.contested:
            text = "contested"
        else:
            n = len(v.blockers)
            text = f"{n} ({', '.join(v.blockers)})" if 0 < n <= SHOW_CODES else str(n)
        parts.append(f"{c.id}: {text}" if many else text)
    return Cell("\n".join(parts), "green" if report.consensus else "")


def _bar_cell(v: Verdict | None, *, members: int) -> Cell:
    if v is None:
        return Cell("withdrawn", "dim")
    if v.adopted:
        return Cell("✓ adopted", "bold green")
    if v.contested:
        return Cell("contested", "yellow")
    n = len(v.blockers)
    return Cell(str(n), "red", gauge=n / max(1, members))


def _verdict_text(report: Report) -> Cell:
    return Cell("consensus", "bold green") if report.consensus else Cell("no consensus", "bold red")


def timeline_view(tl: Timeline, *, sources: bool = False) -> View:
    """``natosim timeline``: one row per date, a bar of the blockers per date, the consensus date."""
    s = tl.scenario
    many = len(s.candidates) > 1
    rows = []
    bars = []
    for step in tl.steps:
        by_id = {v.candidate.id: v for v in step.report.verdicts}
        rows.append(
            (
                Cell(step.date.isoformat()),
                Cell(_changed_text(s, step)),
                Cell(_followed_text(step, many=many)),
                _blockers_text(s, step.report),
                _verdict_text(step.report),
            )
        )
        bars.append((Cell(step.date.isoformat()), *(_bar_cell(by_id.get(c.id), members=len(s.members)) for c in s.candidates)))
    blocks: list[Block] = [
        Section("Timeline", ("Date", "Changed", "Followed", "Blockers left", "Verdict"), tuple(rows)),
        Section("Blockers over time", ("Date", *(c.name for c in s.candidates)), tuple(bars)),
    ]
    when = tl.consensus_date
    if when is not None:
        step = next(st for st in tl.steps if st.date == when)
        names = ", ".join(v.candidate.name for v in step.report.verdicts if v.adopted)
        blocks.append(Line(f"Consensus first reached on {when.isoformat()}: {names} adopted.", "bold green"))
    else:
        last = tl.steps[-1]
        blocks.append(Line(f"No consensus by {last.date.isoformat()} (the last date on record).", "bold red"))
        blocks.extend(Line(verdict_line(last.report.scenario, v), "bold red") for v in last.report.verdicts)
    if sources:
        event_rows = tuple(
            cells(e.date.isoformat(), _event_text(s, e), e.note, Cell(e.source, "dim")) for st in tl.steps for e in st.events
        )
        blocks.append(Section("Events and sources", ("Date", "Event", "Note", "Source"), event_rows, "no events"))
    title = f"{s.title} — timeline from {s.as_of.isoformat()}, {len(s.members)} members, rule: {rule_text(rule_name(s))}"
    records = Records(
        (
            "date",
            "candidate",
            "adopted",
            "contested",
            "support",
            "members",
            "blockers",
            "blocker_codes",
            "changes",
            "followed",
            "consensus",
        ),
        tuple(
            (
                step.date.isoformat(),
                v.candidate.id,
                v.adopted,
                v.contested,
                v.counts[Stance.SUPPORT],
                len(step.report.scenario.members),
                len(v.blockers),
                joined(v.blockers),
                *_step_counts(step),
                step.report.consensus,
            )
            for step in tl.steps
            for v in step.report.verdicts
        ),
    )
    return View(Document(title, tuple(blocks)), timeline_json(tl), records)


def _event_text(scenario: Scenario, e: Event) -> str:
    match e.kind:
        case EventKind.STANCE:
            assert e.ally is not None
            assert e.stance is not None
            return f"{scenario.member(e.ally).name} ({e.ally}): {e.stance.value} on {e.candidate}"
        case EventKind.WITHDRAW:
            return f"{scenario.candidate(e.candidate).name} withdraws"
        case EventKind.DEAL:
            return f"deal struck: {e.deal}"


# --- diff ---------------------------------------------------------------------------------


def _side_json(report: Report, label: str) -> dict[str, Any]:
    s = report.scenario
    return {
        "label": label,
        **scenario_json(s),
        "consensus": report.consensus,
        "candidates": _verdicts_json(report),
        "withdrawn": list(s.withdrawn),
    }


def diff_json(diff: Diff, *, before: str, after: str) -> dict[str, Any]:
    """The object for ``natosim diff --format json``; ``before``/``after`` label the two states."""
    a, b = diff.before.scenario, diff.after.scenario
    return {
        "before": _side_json(diff.before, before),
        "after": _side_json(diff.after, after),
        "changed": not diff.empty,
        "stances": [
            {**ally_json(b, d.code), "candidate": d.candidate, "before": d.before.value, "after": d.after.value} for d in diff.stances
        ],
        "candidates": {"added": list(diff.added), "withdrawn": list(diff.withdrawn)},
        "members": {"added": [ally_json(b, c) for c in diff.members_added], "removed": [ally_json(a, c) for c in diff.members_removed]},
    }


def _candidate_name(diff: Diff, cid: str) -> str:
    for s in (diff.after.scenario, diff.before.scenario):
        for c in s.candidates:
            if c.id == cid:
                return c.name
    return cid


def _step_counts(step: Step) -> tuple[int, int]:
    """How many changes a step made directly (stances and withdrawals) and how many members followed."""
    a = step.applied
    return (0, 0) if a is None else (len(a.direct) + len(a.withdrawn), len(a.followed))


def diff_view(diff: Diff, *, before: str, after: str) -> View:
    """``natosim diff``: stance changes per member and candidate, then the verdicts before and after."""
    b = diff.after.scenario
    rows = tuple(
        cells(
            d.code,
            b.member(d.code).name,
            d.candidate,
            Cell(d.before.value, STANCE_STYLE[d.before]),
            Cell(d.after.value, STANCE_STYLE[d.after]),
        )
        for d in diff.stances
    )
    blocks: list[Block] = [Section("Stance changes", ("Code", "Name", "Candidate", "Before", "After"), rows, "no stance changed")]
    listed = (
        ("Candidates new in the race", [f"{_candidate_name(diff, c)} ({c})" for c in diff.added]),
        ("Candidates out of the race", [f"{_candidate_name(diff, c)} ({c})" for c in diff.withdrawn]),
        ("Members added", list(diff.members_added)),
        ("Members removed", list(diff.members_removed)),
    )
    blocks.extend(Line(f"{label}: {', '.join(items)}") for label, items in listed if items)
    if diff.before.scenario.rule != b.rule:
        blocks.append(Line(f"Rule: {rule_name(diff.before.scenario)} → {rule_name(b)}"))
    for label, report in ((f"Before ({before})", diff.before), (f"After ({after})", diff.after)):
        blocks.append(Line(f"{label}: " + ("consensus" if report.consensus else "no consensus"), "bold"))
        blocks.extend(Line(f"  {verdict_line(report.scenario, v)}", "green" if v.adopted else "red") for v in report.verdicts)
    records = Records(
        ("code", "name", "candidate", "before", "after"),
        tuple((d.code, b.member(d.code).name, d.candidate, d.before.value, d.after.value) for d in diff.stances),
    )
    return View(Document(f"Diff: {before} → {after}", tuple(blocks)), diff_json(diff, before=before, after=after), records)
