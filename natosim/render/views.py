"""What each command shows: the contract's JSON object and a format-neutral document.

The JSON shapes of ``docs/scenario-contract.md`` live here and nowhere else. Every view
returns a :class:`View`; :func:`natosim.render.formats.render` turns it into text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from natosim._engine.step import Applied, Flip, StanceChange, Strike, Withdraw
from natosim.model import Country, Report, Scenario, Stance, Tally, Verdict
from natosim.render.document import Block, Cell, Document, Line, Records, Section, View, cells, joined, number

if TYPE_CHECKING:
    from natosim._engine.paths import Search
    from natosim._engine.summary import Summary

STANCE_STYLE = {Stance.SUPPORT: "green", Stance.OPPOSE: "bold red", Stance.UNDECIDED: "yellow", Stance.ABSTAIN: "dim"}


def ally_json(scenario: Scenario, code: str) -> dict[str, str]:
    return {"code": code, "name": scenario.member(code).name}


def number_json(x: float) -> int | float:
    """A number as JSON shows it: whole numbers without a decimal point."""
    return int(x) if float(x).is_integer() else x


CONSENSUS_NOTE = (
    "consensus here means no objection: a member that is undecided, silent or abstains does not block (silence is "
    "assent), so a candidate passes with few supporters when nobody opposes; a decision every member must back is unanimity"
)
"""What the ``consensus`` rule means, said wherever it is named in text, so that nobody reads it as support."""


def rule_text(name: str) -> str:
    """A rule's name as text output shows it: ``consensus`` says that silence is assent (JSON keeps the bare name)."""
    return "consensus (silence is assent)" if name == "consensus" else name


def rule_name(scenario: Scenario) -> str:
    """How the rule is named in output."""
    r = scenario.rule
    if r.system == "nice":
        return "qualified-majority (Nice weighted votes)" if r.min_count else "qualified-majority (weighted votes)"
    if r.system == "nice-or-lisbon":
        return "qualified-majority (Lisbon, and Nice on request until 2017-03-31)"
    if r.name != "weighted":
        return r.name
    parts = [f"quota {r.quota:g} of {r.weight.value}"]
    if r.min_members:
        parts.append(f"{r.min_members:g} of members")
    if r.min_count:
        parts.append(f"at least {r.min_count} members")
    if r.blocking_min:
        parts.append(f"blocking minority {r.blocking_min}")
    if r.veto:
        parts.append("veto " + " ".join(r.veto))
    return "weighted (" + ", ".join(parts) + ")"


SPELL_OUT = 10
"""Longest list of blockers a verdict names one by one; longer ones name the members that do not block."""


def blocked_by(scenario: Scenario, blockers: tuple[str, ...]) -> str:
    """``blocked by HUN, ROU`` or, for long lists, ``blocked by 30 of 32 (all but HUN, ROU)``."""
    if len(blockers) <= SPELL_OUT:
        return f"blocked by {', '.join(blockers)}"
    others = [m.code for m in scenario.members if m.code not in set(blockers)]
    rest = f"all but {', '.join(others)}" if others else "every member"
    return f"blocked by {len(blockers)} of {len(scenario.members)} ({rest})"


def verdict_line(scenario: Scenario, v: Verdict) -> str:
    """``Mark Rutte: blocked by HUN, ROU, SVK, TUR — 28/32 support``."""
    n = len(scenario.members)
    tally = f"{v.counts[Stance.SUPPORT]}/{n} support"
    tally += thresholds_text(v)
    if v.adopted:
        return f"{v.candidate.name}: adopted — {tally}"
    if v.contested:
        return f"{v.candidate.name}: contested — meets the rule, but more candidates do than the {seats(scenario)} — {tally}"
    return f"{v.candidate.name}: {blocked_by(scenario, v.blockers)} — {tally}"


def _share(t: Tally) -> str:
    if t.what == "members abstaining":  # constructive abstention: the two thirds block only together
        return f"{t.have}/{t.total} members abstaining (with a third of the population, {t.need + 1} block)"
    if t.what == "population abstaining":
        pct = f"{100 * t.have / t.total:.1f}%" if t.total else "0%"
        return f"{pct} of population abstaining (with a third of the members, a third blocks)"
    if t.clause:
        return f"{t.have} {t.what} (a blocking minority needs {t.need + 1})"
    if t.what.endswith("population") or t.what.endswith("population abstaining") or t.what.endswith("weight"):
        have = f"{100 * t.have / t.total:.1f}%" if t.total else "0%"
        need = f"{100 * t.need / t.total:.1f}%" if t.total else "0%"
        return f"{have} of {t.what} ({'at most' if t.at_most else 'need'} {need})"
    return f"{t.have}/{t.total} {t.what} ({'at most' if t.at_most else 'need'} {t.need})"


def thresholds_text(v: Verdict) -> str:
    """The rule's thresholds after the tally of a verdict line: ``; 62.1% of population (need 65.0%)`` (bodies, issue 15)."""
    if not v.tallies:
        return ""
    shown = [_share(t) for t in v.tallies if not (t.what == "members" and t.need <= 0)]
    return ("; " + ", ".join(shown)) if shown else ""


def thresholds_json(v: Verdict) -> dict[str, Any]:
    """The new keys of a verdict under a quota rule: ``thresholds``, ``pivotal``, ``blocking_coalitions`` and, when it
    is blocked, ``blockers_are`` (which members ``blockers`` names; none of them under a veto rule)."""
    if not v.tallies:
        return {}
    return {
        "thresholds": [
            {"what": t.what, "have": t.have, "total": t.total, "need": t.need, "at_most": t.at_most, "met": t.met} for t in v.tallies
        ],
        "pivotal": list(v.pivotal),
        "blocking_coalitions": [list(c) for c in v.blocking],
        **({"blockers_are": v.blockers_are} if v.blockers_are else {}),
    }


def seats(scenario: Scenario) -> str:
    """``1 seat`` or ``N seats``."""
    return f"{scenario.seats} seat" + ("s" if scenario.seats != 1 else "")


def contest_json(v: Verdict) -> dict[str, bool]:
    """``{"contested": true}`` for a contested verdict, else nothing (the key is added only when true)."""
    return {"contested": True} if v.contested else {}


def _candidate_json(report: Report, v: Verdict) -> dict[str, Any]:
    s = report.scenario
    stances = s.stances[v.candidate.id]
    return {
        "id": v.candidate.id,
        "name": v.candidate.name,
        "adopted": v.adopted,
        **contest_json(v),
        "counts": {st.value: v.counts[st] for st in Stance},
        **thresholds_json(v),
        "blockers": [
            {
                **ally_json(s, code),
                "stance": stances[code].value,
                "reason": s.positions[code].reason,
                "source": s.positions[code].source,
            }
            for code in v.blockers
        ],
    }


def scenario_json(s: Scenario) -> dict[str, Any]:
    """The header every JSON object shares: title, as_of, rule and the number of members."""
    recorded = {"state_recorded_on": s.recorded.isoformat()} if s.recorded else {}
    return {"title": s.title, "as_of": s.as_of.isoformat(), "rule": rule_name(s), "members": len(s.members), **recorded}


def state_json(s: Scenario) -> dict[str, Any]:
    """:func:`scenario_json` of an answer about one day's state (run, what-if, paths, forecast), with, when the file
    records events it has not applied, ``later_events``: how many, the first and the last date."""
    return {**scenario_json(s), **later_json(s)}


def later_json(s: Scenario) -> dict[str, Any]:
    """``{"later_events": {"count", "first", "last"}}`` when ``s`` records events it has not applied, else ``{}``."""
    if not s.events:
        return {}
    return {"later_events": {"count": len(s.events), "first": s.events[0].date.isoformat(), "last": s.events[-1].date.isoformat()}}


def day_note(s: Scenario) -> str:
    """Which day an answer describes when the file records later events, and how to ask for another day ("" if none)."""
    if not s.events:
        return ""
    n = len(s.events)
    span = s.events[0].date.isoformat() + (f" to {s.events[-1].date.isoformat()}" if n > 1 else "")
    return (
        f"This describes the stances of {s.as_of.isoformat()}, before the {n} event{'s' if n > 1 else ''} the file records ({span}); "
        "for another day: --at YYYY-MM-DD, or --at latest."
    )


def summary_json(summary: Sequence[Summary]) -> list[dict[str, Any]]:
    """The ``summary`` key of run, paths and report: ``[{"candidate": ID, "sentences": [...]}]``."""
    return [{"candidate": x.candidate, "sentences": list(x.sentences)} for x in summary]


def summary_lines(summary: Sequence[Summary]) -> tuple[Line, ...]:
    """The sentences as the text and markdown open with them: one paragraph per candidate."""
    return tuple(Line(" ".join(x.sentences)) for x in summary)


def report_json(report: Report, summary: Sequence[Summary] = ()) -> dict[str, Any]:
    """The contract's object for ``natosim run --format json`` (``summary``: its sentences, added when given)."""
    s = report.scenario
    return {
        **state_json(s),
        "consensus": report.consensus,
        "candidates": [_candidate_json(report, v) for v in report.verdicts],
        "body": s.body,
        "withdrawn": list(s.withdrawn),
        "allies": [
            {
                **ally_json(s, m.code),
                "stances": {c.id: s.stances[c.id][m.code].value for c in s.active},
                "reason": s.positions[m.code].reason,
                "source": s.positions[m.code].source,
            }
            for m in s.members
        ],
        **({"summary": summary_json(summary)} if summary else {}),
    }


def recorded_note(s: Scenario) -> str:
    """`` (no events recorded: the state of 2024-04-02)`` for a scenario without events shown on a later day."""
    return f" (no events recorded: the state of {s.recorded.isoformat()})" if s.recorded else ""


def noted(s: Scenario) -> tuple[Line, ...]:
    """The :func:`day_note` of ``s`` as the first line of a document, if it has one."""
    note = day_note(s)
    return (Line(note, "yellow"),) if note else ()


def _heading(s: Scenario) -> str:
    when = f" on {s.as_of.isoformat()}{recorded_note(s)}" if s.body != "custom" else recorded_note(s)
    return f"{s.title} — {len(s.members)} members{when}, rule: {rule_text(rule_name(s))}"


def _members_section(report: Report) -> Section:
    s = report.scenario
    blocking = {v.candidate.id: set(v.blockers) for v in report.verdicts}
    rows = []
    for m in s.members:
        stance_cells = []
        for c in s.active:
            st = s.stances[c.id][m.code]
            blocked = m.code in blocking[c.id]
            stance_cells.append(Cell(st.value + (" ✗" if blocked else ""), "bold red reverse" if blocked else STANCE_STYLE[st]))
        pos = s.positions[m.code]
        rows.append((Cell(m.code), Cell(m.name), *stance_cells, Cell(pos.reason), Cell(pos.source, "dim")))
    cols = ("Code", "Name", *(c.name for c in s.active), "Reason", "Source")
    return Section("Members", cols, tuple(rows))


def _verdict_lines(report: Report) -> tuple[Line, ...]:
    return tuple(Line(verdict_line(report.scenario, v), "bold green" if v.adopted else "bold red") for v in report.verdicts)


RUN_COLUMNS = ("candidate", "candidate_name", "adopted", "code", "name", "stance", "blocking", "reason", "source")


def _run_records(report: Report) -> Records:
    """One row per member and candidate in the race."""
    s = report.scenario
    rows = [
        (
            v.candidate.id,
            v.candidate.name,
            v.adopted,
            m.code,
            m.name,
            s.stances[v.candidate.id][m.code].value,
            m.code in v.blockers,
            s.positions[m.code].reason or None,
            s.positions[m.code].source or None,
        )
        for v in report.verdicts
        for m in s.members
    ]
    return Records(RUN_COLUMNS, tuple(rows))


def _holdouts_section(report: Report, v: Verdict) -> Section:
    """The members that do not support one candidate, with their stance, reason and source."""
    s = report.scenario
    stances = s.stances[v.candidate.id]
    blocking = set(v.blockers)
    rows = []
    for m in s.members:
        st = stances[m.code]
        if st is Stance.SUPPORT:
            continue
        shown = Cell(st.value + (" ✗" if m.code in blocking else ""), "bold red reverse" if m.code in blocking else STANCE_STYLE[st])
        pos = s.positions[m.code]
        why = " ".join(part for part in (pos.reason, f"(Source: {pos.source})" if pos.source else "") if part)
        rows.append((Cell(m.code), Cell(m.name), shown, Cell(why)))
    columns = ("Code", "Name", v.candidate.name, "Reason and source")
    return Section("", columns, tuple(rows), f"every member supports {v.candidate.name}")


def run_view(report: Report, *, roster: bool = False, summary: Sequence[Summary] = ()) -> View:
    """``natosim run``: the plain sentences of ``summary`` (if any), one verdict per candidate, then who does not
    support each candidate (and why).

    A candidate that more than :data:`SPELL_OUT` members do not support gets its verdict line only (it
    names who does support); ``roster`` adds every member's stance on every candidate, as does a race in
    which every candidate lacks that many supporters.
    """
    s = report.scenario
    blocks: list[Block] = [*summary_lines(summary), *_verdict_lines(report)]
    few = [v for v in report.verdicts if len(s.members) - v.counts[Stance.SUPPORT] <= SPELL_OUT]
    blocks += [_holdouts_section(report, v) for v in few]
    if roster or not few:
        blocks.append(_members_section(report))
    return View(Document(_heading(s), (*noted(s), *blocks)), report_json(report, summary), _run_records(report))


def _change_json(scenario: Scenario, c: StanceChange) -> dict[str, Any]:
    """One stance set directly: by a flip or stance event (``stance``), a deal, or a withdrawal's ``on_withdraw``."""
    kind, _, what = c.cause.partition(":")
    head: dict[str, Any] = {"type": "stance"}
    if kind == "deal":
        head = {"type": "deal", "deal": what}
    elif kind == "withdraw":
        head = {"type": "on_withdraw", "withdrawn": what}
    return {**head, "candidate": c.candidate, **ally_json(scenario, c.code), "from": c.before.value, "to": c.after.value}


def applied_json(scenario: Scenario, applied: Applied) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``changes`` (withdrawals, then stance changes by code) and ``cascade`` lists of what-if and timeline."""
    changes = [{"type": "withdraw", "candidate": w} for w in applied.withdrawn] + [
        _change_json(scenario, c) for c in sorted(applied.direct, key=lambda c: (c.code, c.candidate))
    ]
    cascade = [
        {
            "candidate": cid,
            **ally_json(scenario, f.code),
            "from": f.before.value,
            "to": "support",
            "tipped_by": list(f.tipped_by),
            "weight": round(f.weight, 12),
            "threshold": f.threshold,
        }
        for cid, f in applied.followed
    ]
    return changes, cascade


def whatif_view(applied: Applied, before: Report, after: Report, *, with_cascade: bool = True) -> View:
    """``natosim what-if``: what was changed, who followed (and why), and the verdicts before and after."""
    s = applied.after
    data = report_json(after)
    data["changes"], data["cascade"] = applied_json(s, applied)
    data["before"] = {
        "consensus": before.consensus,
        "candidates": [
            {"id": v.candidate.id, "adopted": v.adopted, **contest_json(v), "blockers": list(v.blockers)} for v in before.verdicts
        ],
    }
    direct_rows = tuple(
        cells(c.candidate, c.code, s.member(c.code).name, c.before.value, Cell(c.after.value, STANCE_STYLE[c.after]), c.cause)
        for c in applied.direct
    ) + tuple(cells(w, "", "", "in the race", "withdrawn", "withdraw") for w in applied.withdrawn)
    follow_rows = tuple(
        cells(
            cid,
            f.code,
            s.member(f.code).name,
            f.before.value,
            Cell("support", "green"),
            ", ".join(f.tipped_by),
            f"{f.weight:g} ≥ {f.threshold:g}",
        )
        for cid, f in applied.followed
    )
    lines: list[Line] = []
    old = {v.candidate.id: v for v in before.verdicts}
    for v in after.verdicts:
        was = old.get(v.candidate.id)
        suffix = ""
        if was is not None:
            suffix = " (was: " + ("adopted" if was.adopted else "contested" if was.contested else blocked_by(s, was.blockers)) + ")"
        lines.append(Line(f"{verdict_line(s, v)}{suffix}", "bold green" if v.adopted else "bold red"))
    for cid in applied.withdrawn:
        lines.append(Line(f"{applied.before.candidate(cid).name}: withdrawn"))
    blocks: tuple[Block, ...] = (
        Section("Direct changes", ("Candidate", "Code", "Name", "Before", "After", "Cause"), direct_rows, "no stance changed"),
        Section(
            "Followed through the cascade",
            ("Candidate", "Code", "Name", "Before", "After", "Tipped by", "Weight ≥ threshold"),
            follow_rows,
            "nobody followed" if with_cascade else "not computed (--no-cascade)",
        ),
        *lines,
    )
    return View(Document(_heading(s), (*noted(s), *blocks)), data, change_records(s, applied))


CHANGE_COLUMNS = ("type", "candidate", "code", "name", "from", "to", "deal", "withdrawn", "tipped_by", "weight", "threshold")


def change_rows(scenario: Scenario, applied: Applied) -> list[tuple[Any, ...]]:
    """The rows of :func:`applied_json`'s ``changes`` and ``cascade`` (type ``cascade``), in :data:`CHANGE_COLUMNS`."""
    changes, cascade = applied_json(scenario, applied)
    rows: list[tuple[Any, ...]] = [
        (
            c["type"],
            c["candidate"],
            c.get("code"),
            c.get("name"),
            c.get("from"),
            c.get("to"),
            c.get("deal"),
            c.get("withdrawn"),
            None,
            None,
            None,
        )
        for c in changes
    ]
    rows += [
        (
            "cascade",
            f["candidate"],
            f["code"],
            f["name"],
            f["from"],
            f["to"],
            None,
            None,
            joined(f["tipped_by"]),
            f["weight"],
            f["threshold"],
        )
        for f in cascade
    ]
    return rows


def change_records(scenario: Scenario, applied: Applied) -> Records:
    """``what-if`` as data: one row per change (withdrawal, stance set, deal effect) and per member that followed."""
    return Records(CHANGE_COLUMNS, tuple(change_rows(scenario, applied)))


def assumed_json(applied: Applied) -> list[dict[str, Any]]:
    """The ``assuming`` key of ``paths``: the changes assumed, as given, then who followed them through the cascade."""
    before = applied.before
    out: list[dict[str, Any]] = []
    for change in applied.changes:
        match change:
            case Flip(ally=code, stance=stance, candidate=cid):
                out.append({"type": "flip", "candidate": cid, **ally_json(before, code), "stance": stance.value})
            case Withdraw(candidate=cid):
                out.append({"type": "withdraw", "candidate": cid})
            case Strike(deal=name):
                deal = before.deal(name)
                out.append({"type": "deal", "id": deal.id, "deal": name, "candidate": deal.candidate})
    out += [{"type": "followed", "candidate": cid, **ally_json(before, f.code)} for cid, f in applied.followed]
    return out


def assumed_text(applied: Applied) -> str:
    """``Assuming: Türkiye supports Mark Rutte; then Slovakia follows`` (the changes of :func:`assumed_json`)."""
    before = applied.before
    said: list[str] = []
    for change in applied.changes:
        match change:
            case Flip(ally=code, stance=stance, candidate=cid):
                verb = {Stance.SUPPORT: "supports", Stance.OPPOSE: "opposes", Stance.ABSTAIN: "abstains on"}.get(stance, "is undecided on")
                said.append(f"{before.member(code).name} {verb} {before.candidate(cid).name}")
            case Withdraw(candidate=cid):
                said.append(f"{before.candidate(cid).name} withdraws")
            case Strike(deal=name):
                said.append(f"the deal “{name}” is struck")
    text = "Assuming " + "; ".join(said)
    if applied.followed:
        text += "; then " + ", ".join(f"{before.member(f.code).name} ({cid})" for cid, f in applied.followed) + " follow"
    return text + "."


def assumed_csv(applied: Applied | None) -> str:
    """The ``assuming`` column of ``paths`` as CSV: ``flip:TUR=support;withdraw:iohannis;deal:ID`` (empty: none)."""
    if applied is None:
        return ""
    items = []
    for change in applied.changes:
        match change:
            case Flip(ally=code, stance=stance):
                items.append(f"flip:{code}={stance.value}")
            case Withdraw(candidate=cid):
                items.append(f"withdraw:{cid}")
            case Strike(deal=name):
                items.append(f"deal:{applied.before.deal(name).id or name}")
    return joined(items)


def paths_view(scenario: Scenario, search: Search, *, assumed: Applied | None = None, summary: Sequence[Summary] = ()) -> View:
    """``natosim paths``: the minimal change sets, cheapest first (from the state ``assumed`` leads to, if given),
    opening with the plain sentences of ``summary``."""
    c = scenario.candidate(search.candidate)
    data = {
        **({"assuming": assumed_json(assumed)} if assumed is not None else {}),
        "candidate": search.candidate,
        **later_json(scenario),
        "paths": [
            {
                "flips": list(p.flips),
                "withdraw": list(p.withdraw),
                "deals": list(p.deals),
                "cost": number_json(p.cost),
                "cascade": list(p.cascade),
            }
            for p in search.paths
        ],
        "complete": search.complete,
        **({"exhausted": True} if search.exhausted else {}),
        **({"timed_out": True, "time_limit": number_json(search.time_limit or 0)} if search.timed_out else {}),
        **({"lower_bound": number_json(search.lower_bound)} if search.lower_bound is not None else {}),
        **({"proven": False} if not search.proven else {}),
        **({"found_by": search.found_by} if search.found_by != "search" else {}),
        **({"cheapest_beyond_budget": number_json(search.cheapest_beyond)} if search.cheapest_beyond is not None else {}),
        **({"excluded_are_the_only_way": True} if search.needs_excluded else {}),
        **({"summary": summary_json(summary)} if summary else {}),
    }
    rows = tuple(
        cells(
            str(i),
            ", ".join(p.flips) or "—",
            ", ".join(p.withdraw) or "—",
            "; ".join(p.deals) or "—",
            ", ".join(p.cascade) or "—",
            number(p.cost),
        )
        for i, p in enumerate(search.paths, 1)
    )
    lines = [
        Line(
            f"{c.name}: {len(search.paths)} minimal path(s) to adoption, cheapest first"
            + (
                ""
                if search.complete
                else "; the search's work budget ran out: these are the cheapest, more may exist"
                if search.exhausted and search.proven
                else "; the search's work budget ran out before any path was proven cheapest"
                if search.exhausted
                else f"; the time limit of {number(search.time_limit or 0)} s stopped the search: these are the cheapest, more may exist"
                if search.timed_out and search.proven
                else "; more exist (raise --max)"
                if not search.timed_out
                else f"; the time limit of {number(search.time_limit or 0)} s stopped the search before any path was proven cheapest"
            )
        )
    ]
    if search.lower_bound is not None:
        lines.append(
            Line(
                f"Not proven: the best path found costs {number(search.paths[0].cost)}; the cheapest costs at least {number(search.lower_bound)}"
                if not search.proven and search.paths
                else f"Any other path costs at least {number(search.lower_bound)} (a proven lower bound)",
                "yellow",
            )
        )
    if search.paths and search.found_by != "search":
        who = "a mixed-integer program (HiGHS)" if search.found_by == "solver" else "a greedy pass"
        lines.append(Line(f"Path found by {who} after the search stopped" + (", proven cheapest" if search.proven else "")))
    if not search.paths and search.cheapest_beyond is not None:
        lines = [
            Line(
                f"{c.name}: no path within the budget of {number(search.budget or 0)}; the cheapest costs {number(search.cheapest_beyond)}",
                "bold red",
            )
        ]
    elif not search.paths and search.needs_excluded:
        lines = [
            Line(
                f"{c.name}: no path leaves {', '.join(search.excluded)} where "
                + (
                    "it stands; the excluded member is the only way"
                    if len(search.excluded) == 1
                    else "they stand; the excluded members are the only way"
                ),
                "bold red",
            )
        ]
    elif not search.paths and search.timed_out:
        lines = [
            Line(
                f"{c.name}: the time limit of {number(search.time_limit or 0)} s stopped the search before a path was found; "
                f"any path costs at least {number(search.lower_bound or 0)}",
                "bold red",
            )
        ]
    elif not search.paths:
        lines = [Line(f"{c.name}: no combination of the {len(search.interventions)} possible interventions gets it adopted", "bold red")]
    elif search.paths[0].size == 0:
        lines = [Line(f"{c.name}: already adopted; nothing to change", "bold green")]
    opening = (*((Line(assumed_text(assumed), "yellow"),) if assumed is not None else ()), *summary_lines(summary))
    blocks: tuple[Block, ...] = (
        *noted(scenario),
        *opening,
        Section("Paths", ("#", "Flip to support", "Withdraw", "Deals", "Cascade", "Cost"), rows, "none"),
        *lines,
    )
    deal_id = {d.name: d.id or d.name for d in scenario.deals}
    assuming = assumed_csv(assumed)
    records = Records(
        ("rank", "cost", "size", "flips", "withdraw", "deal_ids", "cascade", "assuming"),
        tuple(
            (
                i,
                number_json(p.cost),
                p.size,
                joined(p.flips),
                joined(p.withdraw),
                joined(deal_id[d] for d in p.deals),
                joined(p.cascade),
                assuming,
            )
            for i, p in enumerate(search.paths, 1)
        ),
    )
    return View(Document(f"{scenario.title} — paths to adopting {c.name}, rule: {rule_text(rule_name(scenario))}", blocks), data, records)


def allies_view(body: str, day: date | None, found: Sequence[Country]) -> View:
    """``natosim allies``: the roster on a date."""
    data = {
        "body": body,
        "as_of": day.isoformat() if day else None,
        "members": [
            {
                "code": c.code,
                "name": c.name,
                "aliases": list(c.aliases),
                "joined": c.joined.isoformat(),
                "left": c.left.isoformat() if c.left else None,
                "population": c.population,
                "defence_gdp": c.defence_gdp,
                "sources": {"joined": c.joined_source, "population": c.population_source, "defence_gdp": c.defence_source},
            }
            for c in found
        ],
    }
    rows = tuple(
        cells(
            c.code,
            c.name,
            c.joined.isoformat(),
            f"{c.population:,}",
            "—" if c.defence_gdp is None else f"{c.defence_gdp:.2f}",
            Cell(c.population_source, "dim"),
        )
        for c in found
    )
    title = f"{body.upper()}: {len(found)} members" + (f" on {day.isoformat()}" if day else " (every member ever)")
    records = Records(
        (
            "code",
            "name",
            "aliases",
            "joined",
            "left",
            "population",
            "defence_gdp",
            "joined_source",
            "population_source",
            "defence_gdp_source",
        ),
        tuple(
            (
                c.code,
                c.name,
                joined(c.aliases),
                c.joined.isoformat(),
                c.left.isoformat() if c.left else None,
                c.population,
                c.defence_gdp,
                c.joined_source or None,
                c.population_source or None,
                c.defence_source or None,
            )
            for c in found
        ),
    )
    doc = Document(title, (Section("", ("Code", "Name", "Joined", "Population", "Defence % GDP", "Population source"), rows),))
    return View(doc, data, records)


def scenarios_view(entries: Sequence[tuple[str, Scenario]]) -> View:
    """``natosim scenarios``: the bundled scenarios."""
    data = {
        "scenarios": [
            {"name": n, "title": s.title, "as_of": s.as_of.isoformat(), "candidates": [c.id for c in s.candidates], "events": len(s.events)}
            for n, s in entries
        ]
    }
    rows = tuple(cells(n, s.title, s.as_of.isoformat(), ", ".join(c.id for c in s.candidates), str(len(s.events))) for n, s in entries)
    records = Records(
        ("name", "title", "as_of", "candidates", "events"),
        tuple((n, s.title, s.as_of.isoformat(), joined(c.id for c in s.candidates), len(s.events)) for n, s in entries),
    )
    return View(Document("Bundled scenarios", (Section("", ("Name", "Title", "As of", "Candidates", "Events"), rows),)), data, records)
