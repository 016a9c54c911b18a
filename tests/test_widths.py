"""Terminal tables never lose a value: at 60, 80, 100 and 200 columns every value of every table appears
whole (wrapped, never cut), and the rendering of each command at each width is pinned by a golden file.

The check reads the rendered tables back column by column (the text between the vertical rules of
every line) and compares each column with the values the command's document holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from natosim.cli import app
from natosim.render import formats
from natosim.render.document import Document, Section
from natosim.render.safe import terminal

WIDTHS = (60, 80, 100, 200)

COMMANDS: dict[str, tuple[str, ...]] = {
    "run": ("run",),
    "run-all": ("run", "--all"),
    "run-2023": ("run", "rutte-2023-11"),
    "what-if": ("what-if", "--flip", "Hungary"),
    "paths": ("paths",),
    "timeline": ("timeline", "rutte-2024", "--sources"),
    "diff": ("diff", "rutte-2023-11", "rutte-2024-04"),
    "forecast": ("forecast", "--trials", "500", "--seed", "1"),
    "backtest": ("backtest", "bundled", "--trials", "200"),
    "power": ("power", "--rule", "qualified-majority"),
    "compare-rules": ("compare-rules",),
    "allies": ("allies", "--as-of", "2026-12-01"),  # a fixed day: without it the roster is of the day the tests run
    "scenarios": ("scenarios",),
    "validate": ("validate", "rutte-2024"),
}

_RULES = "│┃"
_SEPARATOR = re.compile(r"^[━─┏┓┗┛┡┩╇┳┻┼├┤└┘┬┴┌┐]+$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tables(text: str) -> list[list[list[str]]]:
    """Every box-drawn table of the output: its lines (header and body) split into cells between the rules."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped and stripped[0] in "┏┌":
            current = []
            tables.append(current)
        elif current is not None and stripped and stripped[0] in _RULES:
            current.append(re.split(f"[{_RULES}]", stripped)[1:-1])
        elif current is not None and stripped and stripped[0] in "└┗":
            current = None
        elif current is not None and stripped and not _SEPARATOR.match(stripped):
            pytest.fail(f"a line inside a table is not a table line: {line!r}")
    return tables


def _expected(section: Section) -> tuple[list[str], list[str], list[bool]]:
    """Per column, the values of the section in reading order (squashed), and which columns are gauges."""
    columns = [_squash(terminal(c)) for c in section.columns]
    values = ["".join(_squash(terminal(row[i].text)) for row in section.rows) for i in range(len(columns))]
    gauges = [any(row[i].gauge is not None for row in section.rows) for i in range(len(columns))]
    return columns, values, gauges


def check_whole(doc: Document, text: str) -> None:
    """Every value of every non-empty section appears whole, in order, in its column of the rendered table."""
    sections = [s for s in doc.sections if s.rows]
    tables = _tables(text)
    assert len(tables) == len(sections), (len(tables), [s.title for s in sections])
    for section, lines in zip(sections, tables, strict=True):
        headers, values, gauges = _expected(section)
        got = ["".join(_squash(line[i]) for line in lines) for i in range(len(lines[0]))]
        if len(got) == len(headers):  # a row per line: header, then the values of each column
            for i, (head, want) in enumerate(zip(headers, values, strict=True)):
                if gauges[i]:  # bars are drawn to the width: only their labels are values
                    continue
                assert got[i] == head + want, (section.title, head, got[i][:200], (head + want)[:200])
        else:  # one record after another: a line per column
            assert len(got) == 2, got
            keys = "".join(headers * len(section.rows))
            want = "".join("".join(_squash(terminal(c.text)) for c in row if c.gauge is None) for row in section.rows)
            assert got[0] == keys
            if not any(gauges):
                assert got[1] == want


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_value_whole(name: str, width: int, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Document] = []
    real = formats.to_table

    def spy(doc: Document, **kw: Any) -> str:
        seen.append(doc)
        return real(doc, **kw)

    monkeypatch.setattr(formats, "to_table", spy)
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, list(COMMANDS[name]), env=env)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert max(len(line) for line in text.split("\n")) <= width
    (doc,) = seen
    check_whole(doc, text)
    golden(f"widths/{name}.{width}.txt", text)


def test_the_check_sees_a_cut_value() -> None:
    from natosim.render.document import Cell, Section

    doc = Document("T", (Section("S", ("Code", "Name"), ((Cell("SVK"), Cell("Slovakia")),)),))
    text = formats.to_table(doc, width=60)
    check_whole(doc, text)
    with pytest.raises(AssertionError):
        check_whole(doc, text.replace("Slovakia", "Slovaki "))
