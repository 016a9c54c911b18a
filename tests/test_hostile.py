"""Hostile text in every place a scenario holds text, through every command in every format (issue 16.6).

Titles, member names, candidate and deal names, reasons, sources and notes are generated from
control characters, escape sequences, bidirectional marks, line breaks, HTML, spreadsheet formulas,
the characters each diagram language gives a meaning to, and very long runs. Whatever they hold,
each output must still be read by its own reader: ``json`` (strict), ``csv`` (one record per
row, no formula), ``xml.etree`` (GraphML), a DOT tokenizer (or pydot when it is installed), the
Mermaid grammar's line structure, Markdown without raw HTML; and nothing that moves a terminal
(control characters, escape sequences, bidi overrides) reaches the table format or an error line.

The number of generated scenarios comes from the hypothesis profile (tests/conftest.py): a few
locally, more on CI.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from natosim.cli import app

PIECES = [
    "\x1b[2J",  # clear the screen
    "\x1b]0;owned\x07",  # set the terminal title
    "\x1b[31m",
    "\x9b1m",  # C1 CSI
    "\x00",
    "\x07",
    "\x08",
    "\x7f",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    "\u0085",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u200f",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "&amp;",
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    '"',
    "'",
    "\\",
    "|",
    "%%",
    "click A href 'javascript:alert(1)'",
    "];",
    "{",
    "}",
    "[",
    "#",
    "`",
    ";",
    "-->",
    "é",
    "🙂",
    "x" * 300,
]
hostile = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), min_size=1, max_size=6).map("".join)
long_hostile = st.builds(lambda text, n: (text * n)[:9000], hostile, st.integers(1, 400))

_CODES = ("AA", "BB", "CC", "DD")


def basic_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def scenario_text(title: str, names: list[str], reasons: list[str], candidate: str, deal: str, note: str) -> str:
    """A declared body of four members whose every text is hostile (names made unique by their code)."""
    lines = [
        f"title = {basic_string(title)}",
        "as_of = 2024-04-02",
        "deadline = 2024-07-01",
        "[body]",
        f"name = {basic_string(title[:200] or 'B')}",
    ]
    for code, name in zip(_CODES, names, strict=True):
        lines += [f"[body.members.{code}]", f"name = {basic_string(f'{name[:900]} {code}')}", f"population = {len(name) + 1}"]
    lines += [
        "[candidates.first]",
        f"name = {basic_string(candidate[:900] or 'c')}",
        "[candidates.second]",
        f"name = {basic_string((candidate[:900] or 'c') + ' 2')}",
    ]
    stances = ("oppose", "undecided", "support", "abstain")
    for code, reason, stance in zip(_CODES, reasons, stances, strict=True):
        lines += [f"[allies.{code}]", f'stance = "{stance}"', f"reason = {basic_string(reason)}", f"source = {basic_string(reason[:500])}"]
    lines += [
        "[[influence]]",
        'from = "AA"',
        'to = "BB"',
        "weight = 0.6",
        "[[deals]]",
        f"name = {basic_string(deal[:900] or 'd')}",
        'effects = { AA = "support" }',
        "[[events]]",
        "date = 2024-05-01",
        'ally = "BB"',
        'stance = "support"',
        f"source = {basic_string(note)}",
        f"note = {basic_string(note[:500])}",
    ]
    return "\n".join(lines) + "\n"


FORMATS = ("table", "json", "csv", "markdown")


def commands(path: str, folder: str) -> list[tuple[str, ...]]:
    """Every command that shows a scenario's text, with the arguments it needs."""
    return [
        ("run", path),
        ("what-if", path, "--flip", "AA"),
        ("paths", path),
        ("timeline", path, "--sources"),
        ("diff", path, path),
        ("forecast", path, "--trials", "200", "--seed", "1"),
        ("sensitivity", path, "--trials", "200", "--samples", "200"),
        ("backtest", folder, "--trials", "200"),
        ("power", path),
        ("compare-rules", path),
        ("validate", path),
    ]


# What a terminal acts on: C0 controls but tab and line feed, DEL, C1, and the bidi embedding/override/isolate marks.
_MOVES_A_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_terminal(text: str, what: str) -> None:
    found = _MOVES_A_TERMINAL.search(text)
    assert found is None, f"{what}: {found[0]!r} reaches the terminal"


def check_json(text: str, what: str) -> None:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{what}: {name} is not JSON")

    json.loads(text, parse_constant=refuse)


def check_csv(text: str, what: str) -> None:
    assert "\r" not in text, f"{what}: a carriage return in CSV"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows, f"{what}: no CSV"
    width = len(rows[0])
    for row in rows:
        assert len(row) == width, f"{what}: a row of {len(row)} cells under a header of {width}"
        for cell in row:
            assert "\n" not in cell, f"{what}: a line break inside a cell"
            if cell[:1] in ("=", "+", "-", "@", "\t"):
                assert re.fullmatch(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?", cell), f"{what}: formula {cell[:40]!r}"


def check_markdown(text: str, what: str) -> None:
    assert "\r" not in text, f"{what}: a carriage return in Markdown"
    assert re.search(r"<(?!br>)[A-Za-z/!?]", text) is None, f"{what}: raw HTML"
    check_terminal(text, what)


def check_graphml(text: str, what: str) -> None:
    ET.fromstring(text.encode("utf-8"))


def dot_tokens_balanced(text: str) -> bool:
    """A structural check of DOT: every quoted string is closed on its line, braces and brackets balance outside them."""
    depth = {"{": 0, "[": 0}
    closing = {"}": "{", "]": "["}
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                if text[i] == "\n":
                    return False
                i += 2 if text[i] == "\\" else 1
            if i >= len(text):
                return False
        elif c in depth:
            depth[c] += 1
        elif c in closing:
            depth[closing[c]] -= 1
            if depth[closing[c]] < 0:
                return False
        elif text.startswith("//", i) or (c == "#" and (i == 0 or text[i - 1] == "\n")):
            end = text.find("\n", i)  # a line comment (natosim writes the title in one): it ends at the line break
            i = len(text) if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end == -1:
                return False
            i = end + 1
        i += 1
    return all(d == 0 for d in depth.values())


def check_dot(text: str, what: str) -> None:
    assert "\r" not in text, f"{what}: a carriage return in DOT"
    assert dot_tokens_balanced(text), f"{what}: DOT structure broken"
    try:
        import pydot  # type: ignore[import-not-found]
    except ImportError:
        return
    assert pydot.graph_from_dot_data(text), f"{what}: pydot cannot read it"


def check_mermaid(text: str, what: str) -> None:
    assert "\r" not in text, f"{what}: a carriage return in Mermaid"
    check_terminal(text, what)
    for line in text.splitlines()[1:]:
        stripped = line.strip()
        assert not stripped.startswith(("click", "style", "classDef", "linkStyle", "call", "href")) or stripped.startswith("classDef "), (
            f"{what}: user text became a statement: {stripped[:60]!r}"
        )
        assert stripped.count('"') % 2 == 0, f"{what}: an unclosed label: {stripped[:60]!r}"


CHECKS = {"json": check_json, "csv": check_csv, "markdown": check_markdown}


def run(args: tuple[str, ...]) -> Any:
    runner = CliRunner()
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


def check_command(args: tuple[str, ...], fmt: str) -> None:
    what = f"{' '.join(a for a in args if '/' not in a)} -f {fmt}"
    result = run((*args, "--format", fmt))
    assert result.exit_code in (0, 2), f"{what}: exit {result.exit_code}\n{result.stderr}\n{result.exception!r}"
    check_terminal(result.stderr, f"{what} (stderr)")
    if result.exit_code == 2:
        assert result.stderr.startswith("natosim: error: "), what
        if args[0] != "validate":
            assert result.stderr.count("\n") == 1, f"{what}: more than one error line"
            return
    if fmt == "table":
        check_terminal(result.stdout, what)
    else:
        CHECKS[fmt](result.stdout, what)


@settings(
    max_examples=examples(40),  # from the profile (tests/conftest.py): 40 on CI, 10 locally
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(
    title=hostile,
    names=st.lists(hostile, min_size=4, max_size=4),
    reasons=st.lists(long_hostile, min_size=4, max_size=4),
    candidate=hostile,
    deal=hostile,
    note=long_hostile,
)
def test_every_command_in_every_format_survives_hostile_text(
    tmp_path_factory: pytest.TempPathFactory, title: str, names: list[str], reasons: list[str], candidate: str, deal: str, note: str
) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.toml"
    path.write_text(scenario_text(title, names, reasons, candidate, deal, note), encoding="utf-8")
    for args in commands(str(path), str(folder)):
        for fmt in FORMATS:
            check_command(args, fmt)
    for fmt, check in (("mermaid", check_mermaid), ("dot", check_dot), ("graphml", check_graphml)):
        result = run(("graph", str(path), "--all", "--format", fmt))
        assert result.exit_code == 0, f"graph -f {fmt}: exit {result.exit_code}\n{result.stderr}"
        check(result.stdout, f"graph -f {fmt}")


def test_the_generated_scenarios_load() -> None:
    """The generator writes valid scenarios, so that the commands above show the text instead of refusing it."""
    import natosim

    text = scenario_text("\x1b[2J<b>=1", ["\r\n", "|", "%%", "é"], ["=cmd", "\u202e", "x" * 9000, ""], '"', "\\", "\x7f")
    scenario = natosim.parse(text, path="h.toml")
    assert scenario.members[0].name == "\r\n AA"


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (check_json, '{"a": NaN}'),
        (check_csv, 'a,b\n"=1+1",2\n'),
        (check_csv, "a,b\n1\n"),
        (check_markdown, "| <script>x</script> |"),
        (check_graphml, "<graphml><data>\x01</data></graphml>"),
        (check_dot, 'digraph { a [label="x"]; b [label="y\n"] }'),
        (check_dot, 'digraph { a [label="x"] } }'),
        (check_mermaid, 'flowchart LR\n  A["x"]\nclick A href "javascript:alert(1)"'),
        (check_terminal, "ok \x1b[2J"),
    ],
)
def test_each_reader_check_can_fail(check: Any, text: str) -> None:
    with pytest.raises((AssertionError, ET.ParseError)):
        check(text, "sample")


def test_the_graph_formats_are_readable_for_a_plain_scenario(tmp_path: Path) -> None:
    path = tmp_path / "plain.toml"
    path.write_text(scenario_text("Plain", ["Alpha", "Beta", "Gamma", "Delta"], ["r"] * 4, "Cand", "Deal", "n"), encoding="utf-8")
    for fmt, check in (("mermaid", check_mermaid), ("dot", check_dot), ("graphml", check_graphml)):
        result = run(("graph", str(path), "--all", "--format", fmt))
        assert result.exit_code == 0, result.stderr
        check(result.stdout, fmt)
