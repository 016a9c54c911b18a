"""What ``natosim validate`` shows: every file checked, and every problem of the invalid ones.

Its JSON extends the contract of ``docs/scenario-contract.md`` (``valid`` as before, ``problems`` added).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from natosim.render.document import Cell, Document, Records, Section, View, cells

if TYPE_CHECKING:
    from natosim._engine.scenario import Problem
    from natosim.model import Scenario


def problem_json(p: Problem) -> dict[str, Any]:
    """A problem as the contract's JSON object: ``file``, ``line`` (or null), ``where`` (or null), ``message``."""
    return {"file": p.file, "line": p.line, "where": p.where, "message": p.message}


def plural(n: int, noun: str) -> str:
    """``1 problem``, ``2 problems``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def validate_view(checked: Sequence[tuple[str, Scenario]], problems: Sequence[Problem]) -> View:
    """``natosim validate``: one row per valid file, one row per problem of an invalid file."""
    data = {
        "valid": [
            {"file": f, "title": s.title, "members": len(s.members), "candidates": len(s.candidates), "events": len(s.events)}
            for f, s in checked
        ],
        "problems": [problem_json(p) for p in problems],
    }
    blank = ("", "", "") if problems else ()  # the problem columns appear only when some file has problems
    rows = [
        cells(f, s.title, str(len(s.members)), str(len(s.candidates)), str(len(s.events)), Cell("ok", "green"), *blank) for f, s in checked
    ]
    rows += [
        cells(p.file, "", "", "", "", Cell("error", "bold red"), "" if p.line is None else str(p.line), p.where or "", p.message)
        for p in problems
    ]
    files = len({p.file for p in problems})
    title = plural(len(checked), "valid scenario") + (
        f", {plural(files, 'invalid file')} with {plural(len(problems), 'problem')}" if problems else ""
    )
    columns = ("File", "Title", "Members", "Candidates", "Events", "Status", *(("Line", "Place", "Problem") if problems else ()))
    records = Records(
        ("file", "title", "members", "candidates", "events", "valid", "line", "where", "problem"),
        tuple((f, s.title, len(s.members), len(s.candidates), len(s.events), True, None, None, None) for f, s in checked)
        + tuple((p.file, None, None, None, None, False, p.line, p.where, p.message) for p in problems),
    )
    return View(Document(title, (Section("", columns, tuple(rows)),)), data, records)
