"""Views of ``natosim power`` and ``natosim compare-rules``: the JSON object and the document."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from natosim._engine.compare import RuleOutcome
from natosim._engine.power import Coalitions, PowerReport
from natosim.choices import Index
from natosim.model import RuleSpec, Scenario, Stance, WeightBasis
from natosim.render.document import Block, Cell, Document, Line, Records, Section, Value, View, cells, joined
from natosim.render.views import CONSENSUS_NOTE, contest_json, rule_name, rule_text


def rule_label(scenario: Scenario, spec: RuleSpec) -> str:
    """How ``spec`` is named in output (as ``natosim run`` names the scenario's rule)."""
    return rule_name(dataclasses.replace(scenario, rule=spec))


def _coalitions_json(c: Coalitions) -> dict[str, Any]:
    out: dict[str, Any] = {"count": c.count, "smallest_size": c.size, "smallest": [list(x) for x in c.smallest]}
    if not c.counted:
        out["counted"] = False
    return out


def _coalition_lines(kind: str, c: Coalitions) -> list[Line]:
    head = f"Minimal {kind} coalitions: {c.count:,}" if c.counted else f"Minimal {kind} coalitions: not counted (too large a game)"
    if c.size is None:
        return [Line(head + "; none")]
    shown = ("; the smallest has 1 member" if c.size == 1 else f"; the smallest have {c.size} members") + (
        f", {len(c.smallest)} listed:" if c.smallest else ""
    )
    return [Line(head + shown), *(Line(f"  {i}. " + ", ".join(x), "dim") for i, x in enumerate(c.smallest, 1))]


def _share(x: float) -> str:
    return f"{x:.6f}"


def _pm(x: float, ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f" ± {(ci[1] - ci[0]) / 2:.6f}"


def power_view(scenario: Scenario, report: PowerReport, index: Index = Index.BOTH) -> View:
    """``natosim power``: exact indices per member, minimal coalitions, veto players."""
    banzhaf = index in (Index.BANZHAF, Index.BOTH)
    shapley = index in (Index.SHAPLEY_SHUBIK, Index.BOTH)
    data: dict[str, Any] = {
        "rule": rule_label(scenario, report.rule),
        "index": index.value,
        "title": scenario.title,
        "body": scenario.body,
        "as_of": scenario.as_of.isoformat(),
        "members": [
            {
                "code": m.code,
                "name": m.name,
                "banzhaf": m.banzhaf if banzhaf else None,
                "shapley_shubik": m.shapley_shubik if shapley else None,
                "swings": m.swings,
                "banzhaf_absolute": m.banzhaf_absolute if banzhaf else None,
                "weight": m.weight,
            }
            for m in report.members
        ],
        "total_swings": report.total_swings,
        "minimal_winning": _coalitions_json(report.winning),
        "minimal_blocking": _coalitions_json(report.blocking),
        "veto_players": list(report.veto),
        "note": report.degenerate,
        "engine": report.engine,
    }
    if report.estimated:
        data["estimate"] = True
        data["samples"] = report.samples
        data["seed"] = report.seed
        for row, m in zip(data["members"], report.members, strict=True):
            row["shapley_shubik_ci"] = list(m.shapley_ci) if shapley and m.shapley_ci else None
            row["banzhaf_ci"] = list(m.banzhaf_ci) if banzhaf and m.banzhaf_ci else None
    cols = ["Code", "Name", "Population" if report.rule.weight is WeightBasis.POPULATION else "Weight", "Swings"]
    est = " (estimate ± 95%)" if report.estimated else ""
    if banzhaf:
        cols.append("Banzhaf" + est)
    if shapley:
        cols.append("Shapley–Shubik" + est)
    rows = []
    for m in report.members:
        row = [Cell(m.code), Cell(m.name), Cell(str(m.weight)), Cell(str(m.swings))]
        if banzhaf:
            row.append(Cell(_share(m.banzhaf) + _pm(m.banzhaf, m.banzhaf_ci)))
        if shapley:
            row.append(Cell(_share(m.shapley_shubik) + _pm(m.shapley_shubik, m.shapley_ci)))
        rows.append(tuple(row))
    lines: list[Line] = []
    if report.estimated:
        lines.append(
            Line(
                f"Estimated by Monte Carlo from {report.samples:,} random orderings (seed {report.seed}): "
                "each index is shown with the half-width of its 95% confidence interval; swings are not counted.",
                "bold",
            )
        )
    if report.degenerate:
        lines.append(Line(report.degenerate[:1].upper() + report.degenerate[1:] + ".", "bold"))
    if report.veto:
        lines.append(Line(f"Veto players (nothing passes without them): {', '.join(report.veto)}"))
    lines += _coalition_lines("winning", report.winning)
    lines += _coalition_lines("blocking", report.blocking)
    blocks: tuple[Block, ...] = (
        Section("Voting power (every member a free voter; stances play no part)", tuple(cols), tuple(rows)),
        *lines,
    )
    title = f"{scenario.title} — voting power of {len(report.members)} members, rule: {rule_label(scenario, report.rule)}"
    records = Records(
        ("code", "name", "weight", "swings", "banzhaf", "banzhaf_absolute", "shapley_shubik", "veto_player"),
        tuple(
            (
                m.code,
                m.name,
                m.weight,
                m.swings,
                m.banzhaf if banzhaf else None,
                m.banzhaf_absolute if banzhaf else None,
                m.shapley_shubik if shapley else None,
                m.code in report.veto,
            )
            for m in report.members
        ),
    )
    return View(Document(title, blocks), data, records)


def _codes(codes: Sequence[str], cap: int = 6) -> str:
    if not codes:
        return "—"
    shown = ", ".join(codes[:cap])
    return shown + (f" +{len(codes) - cap} more" if len(codes) > cap else "")


def compare_view(scenario: Scenario, outcomes: Sequence[RuleOutcome]) -> View:
    """``natosim compare-rules``: every candidate's verdict and blockers under each rule."""
    candidates: list[dict[str, Any]] = []
    blocks: list[Block] = []
    records: list[tuple[Value, ...]] = []
    for c in scenario.active:
        stances = scenario.stances[c.id]
        per_rule: list[dict[str, Any]] = []
        rows = []
        for o in outcomes:
            label = rule_label(scenario, o.rule)
            v = next((v for v in o.verdicts if v.candidate.id == c.id), None)
            if v is None:
                per_rule.append({"rule": label, "adopted": None, "support": None, "blockers": [], "unavailable": o.unavailable})
                rows.append(cells(label, Cell("n/a", "dim"), "", o.unavailable))
                records.append((c.id, label, None, None, None, len(scenario.members), "", o.unavailable))
                continue
            per_rule.append(
                {
                    "rule": label,
                    "adopted": v.adopted,
                    **contest_json(v),
                    "support": v.counts[Stance.SUPPORT],
                    "blockers": [{"code": b, "name": scenario.member(b).name, "stance": stances[b].value} for b in v.blockers],
                    "unavailable": "",
                }
            )
            verdict = (
                Cell("adopted", "bold green") if v.adopted else Cell("contested", "yellow") if v.contested else Cell("blocked", "bold red")
            )
            rows.append(cells(rule_text(label), verdict, f"{v.counts[Stance.SUPPORT]}/{len(scenario.members)}", _codes(v.blockers)))
            support, n = v.counts[Stance.SUPPORT], len(scenario.members)
            records.append((c.id, label, v.adopted, v.contested, support, n, joined(v.blockers), None))
        candidates.append({"id": c.id, "name": c.name, "rules": per_rule})
        passing = [rule_text(str(r["rule"])) for r in per_rule if r["adopted"]]
        blocks.append(Section(c.name, ("Rule", "Verdict", "Support", "Blockers"), tuple(rows)))
        text = f"{c.name}: adopted under " + ", ".join(passing) if passing else f"{c.name}: adopted under none of these rules"
        blocks.append(Line(text, "bold green" if passing else "bold red"))
    if any(o.rule.name == "consensus" for o in outcomes):
        blocks.append(Line(CONSENSUS_NOTE[:1].upper() + CONSENSUS_NOTE[1:] + ".", "dim"))
    data = {
        "title": scenario.title,
        "as_of": scenario.as_of.isoformat(),
        "body": scenario.body,
        "members": len(scenario.members),
        "rule": rule_name(scenario),
        "candidates": candidates,
    }
    title = f"{scenario.title} — {len(scenario.members)} members on {scenario.as_of.isoformat()}, verdicts under {len(outcomes)} rules"
    columns = ("candidate", "rule", "adopted", "contested", "support", "members", "blockers", "unavailable")
    return View(Document(title, tuple(blocks)), data, Records(columns, tuple(records)))
