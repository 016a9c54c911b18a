"""Hardening (issue 16, items 2 and 4): one error path for the outside world, and outputs safe for their readers.

Part A runs the real program (subprocess) where a real stream is needed: a full disk, a closed stream, a
broken pipe, an output encoding that is not UTF-8; part B renders hostile titles, names and reasons in
every format and parses each with its own reader.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from natosim.errors import NatosimError
from natosim.render import safe
from natosim.render.document import Cell, Document, Line, Records, Section, View
from natosim.render.formats import Format, render

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = (
    'T\r%% x\nclick m_AA href "javascript:alert(1)"\x1b]0;pwned\x07\x1b[2J<script>alert(1)</script> & | '
    "<img src=x onerror=alert(1)> \x00\x08\x7f\x85\x9b31m\u202e\u2028\x0b\x0cend \\ `x` #quot; {a} [b]"
)
"""Line breaks of every kind, an OSC title sequence, a screen clear, HTML, Mermaid statements, controls, bidi."""

FORMULAS = ('=HYPERLINK("http://evil","x")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "+1+1", "\t=1")

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""What must never reach a terminal (tab and line feed are fine)."""


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def hostile_toml() -> str:
    """A declared body whose every piece of free text is hostile."""
    return "\n".join(
        [
            f"title = {_q(HOSTILE)}",
            "as_of = 2024-01-01",
            'rule = "unanimity"',
            "[body]",
            f"name = {_q(HOSTILE)}",
            "[body.members.AA]",
            f"name = {_q(FORMULAS[0] + HOSTILE)}",
            "[body.members.BB]",
            f"name = {_q(FORMULAS[1] + HOSTILE)}",
            "[candidates.c1]",
            f"name = {_q(FORMULAS[2] + HOSTILE)}",
            "[allies.AA]",
            'stance = "oppose"',
            f"reason = {_q(FORMULAS[3] + HOSTILE)}",
            f"source = {_q(FORMULAS[4] + HOSTILE)}",
            "[allies.BB]",
            'stance = "support"',
            "[[influence]]",
            'from = "BB"',
            'to = "AA"',
            "weight = 0.5",
            "",
        ]
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(hostile_toml(), encoding="utf-8")
    return path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PYTHONIOENCODING", "CI")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **extra}


def natosim(*args: str, shell: str | None = None, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m natosim ARGS`` (or a shell line where ``{natosim}`` stands for it), bytes captured."""
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "timeout": 120, **kw}
    cmd = (
        ["bash", "-c", shell.format(natosim=f"{sys.executable} -m natosim")]
        if shell is not None
        else [sys.executable, "-m", "natosim", *args]
    )
    done: subprocess.CompletedProcess[bytes] = subprocess.run(cmd, env=_env(**(env or {})), check=False, **options)
    return done


def one_error_line(stderr: bytes | str) -> str:
    """The one ``natosim: error: ...`` line that stderr must be, without a traceback."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("natosim: error: "), text
    assert not CONTROL.search(lines[0]), repr(lines[0])
    return lines[0]


# --- A. one error path for the outside world -------------------------------------------------------


def test_a_full_disk_is_one_line_and_exit_2() -> None:
    done = natosim(shell="{natosim} run > /dev/full")
    assert done.returncode == 2
    assert "No space left on device" in one_error_line(done.stderr)


def test_a_file_size_limit_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    done = natosim("run", "-o", str(target), preexec_fn=limit)
    assert done.returncode == 2
    assert "File too large" in one_error_line(done.stderr)
    assert list(tmp_path.iterdir()) == []
    done = natosim(shell="{natosim} run > " + str(target), preexec_fn=limit)
    assert done.returncode == 2
    assert "File too large" in one_error_line(done.stderr)


@pytest.mark.parametrize("redirect", [">&-", "- <&-"])
def test_a_closed_stream_is_one_line_and_exit_2(redirect: str) -> None:
    done = natosim(shell="{natosim} run " + redirect)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert "closed" in line


def test_a_closed_stderr_still_exits_2() -> None:
    assert natosim(shell="{natosim} run no-such-scenario 2>&-").returncode == 2
    assert natosim(shell="{natosim} run 2>&- >/dev/full").returncode == 2
    assert natosim(shell="{natosim} run 2>/dev/full >/dev/full").returncode == 2


def test_a_broken_pipe_exits_quietly_with_141() -> None:
    read, write = os.pipe()
    os.close(read)  # nobody will ever read: the first write is EPIPE
    try:
        done = natosim("run", stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == b""
    done = natosim(shell="set -o pipefail; {natosim} run --format json | head -c 1 >/dev/null; echo $?")
    assert done.stdout.strip() in (b"0", b"141")  # 0 when everything fitted in the pipe before `head` left
    assert done.stderr == b""


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_a_non_utf8_output_encoding_degrades_gracefully(encoding: str, fmt: str) -> None:
    done = natosim("run", "--format", fmt, env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode(encoding)
    assert "HUN" in text
    if fmt in ("table", "markdown"):
        assert "blocked by HUN, ROU, SVK, TUR" in text
    if fmt == "csv":
        assert len({len(row) for row in csv.reader(io.StringIO(text))}) == 1
    if fmt == "json":
        assert json.loads(text)["allies"][-1]["name"] in ("Türkiye", "United States")  # lossless: \\u escapes
    if fmt == "table" and encoding == "ascii":  # ASCII boxes, dashes and crosses instead of what the encoding cannot hold
        assert "+---" in text
        assert "| HUN  |" in text
        assert "oppose x" in text
        assert "TUR - 28/32" in text


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "graphml"])
def test_a_graph_in_ascii_is_still_its_format(fmt: str, hostile: Path) -> None:
    done = natosim("graph", str(hostile), "--format", fmt, "--all", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")
    if fmt == "graphml":
        ET.fromstring(text.encode("utf-8"))


def test_a_unwritable_targets_are_refused_before_any_work(cli: Callable[..., Result], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ("run", "-o", str(tmp_path)),  # a folder
        ("run", "-o", str(tmp_path), "--force"),
        ("run", "-o", str(blocker / "x.txt")),  # its folder is a file
        ("schema", "-o", str(blocker / "x.json")),
        ("init", str(tmp_path), "--force"),
        ("run", "-o", "/dev/null", "--force"),  # not a regular file: never replaced
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stdout)
        one_error_line(result.stderr)
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    assert Path("/dev/null").exists()
    assert not Path("/dev/null").is_file()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_permission_denied_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for args in (("run", "-o", str(locked / "r.txt")), ("schema", "-o", str(locked / "s.json")), ("init", str(locked / "i.toml"))):
            done = natosim(*args)
            assert done.returncode == 2
            assert "Permission denied" in one_error_line(done.stderr)
            assert done.stdout == b""
    finally:
        locked.chmod(0o700)


def test_a_permission_denied_is_one_line_even_as_root(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(os, "access", lambda *a, **k: False)  # the check before any work
    for args in (("run", "-o", str(tmp_path / "r.txt")), ("schema", "-o", str(tmp_path / "s.json")), ("init", str(tmp_path / "i.toml"))):
        result = cli(*args)
        assert result.exit_code == 2
        assert "Permission denied" in one_error_line(result.stderr)
    monkeypatch.undo()

    def denied(*a: Any, **k: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".r.txt.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # the write itself
    result = cli("run", "-o", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == f"natosim: error: --output {tmp_path / 'r.txt'}: cannot write: Permission denied"
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_is_not_replaced_without_force(cli: Callable[..., Result], tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere")
    result = cli("run", "-o", str(link))
    assert result.exit_code == 2
    assert "file exists" in one_error_line(result.stderr)
    assert link.is_symlink()


def test_a_output_dash_is_stdout(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("run", "-o", "-")
    assert result.exit_code == 0
    assert "blocked by" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_written_files_are_whole_and_readable_by_others(cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    assert cli("run", "--format", "json", "-o", str(target)).exit_code == 0
    json.loads(target.read_text(encoding="utf-8"))
    assert target.stat().st_mode & 0o044 == 0o044 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
@pytest.mark.parametrize("command", [("run", "-o"), ("schema", "-o"), ("init",)])
def test_a_new_files_honour_the_umask(cli: Callable[..., Result], tmp_path: Path, umask: int, command: tuple[str, ...]) -> None:
    target = tmp_path / "new.out"
    old = os.umask(umask)
    try:
        assert cli(*command, str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_a_force_keeps_the_mode_of_the_file_it_replaces(cli: Callable[..., Result], tmp_path: Path, mode: int) -> None:
    target = tmp_path / "old.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    assert cli("run", "-o", str(target), "--force").exit_code == 0
    assert "blocked by" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]  # atomic: no temporary file left


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_plot_and_output_are_checked_before_any_work(cli: Callable[..., Result], tmp_path: Path) -> None:
    same = tmp_path / "same.svg"
    result = cli("forecast", "--trials", "10", "--plot", str(same), "-o", str(same))
    assert result.exit_code == 2
    assert "--plot" in one_error_line(result.stderr)
    assert result.stdout == ""
    result = cli("forecast", "--trials", "10", "--plot", str(tmp_path / "no" / "p.svg"))
    assert result.exit_code == 2
    assert "its folder does not exist" in one_error_line(result.stderr)
    assert result.stdout == ""  # nothing printed before the refusal
    result = cli("backtest", "bundled", "--trials", "10", "--plot", str(tmp_path))
    assert result.exit_code == 2
    one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    import signal

    cli_app = importlib.import_module("natosim.cli.output")

    target = tmp_path / "out.txt"
    real = os.fdopen

    def fdopen(fd: int, *a: Any, **k: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the temporary file exists
        return real(fd, *a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli_app.os, "fdopen", fdopen)
        with pytest.raises(SystemExit) as stopped:
            cli_app.write_atomic(b"report", target)
    assert stopped.value.code == 143
    assert list(tmp_path.iterdir()) == []


# --- B. outputs safe for their readers ---------------------------------------------------------------


def _hostile_doc() -> Document:
    rows = tuple((Cell(f), Cell(HOSTILE), Cell("-0.5"), Cell("3")) for f in FORMULAS)
    return Document(HOSTILE, (Section(HOSTILE, (HOSTILE, "B", "Gain", "N"), rows), Line(HOSTILE), Section("", ("X",), (), HOSTILE)))


def _hostile_view(data: Any = None) -> View:
    doc = _hostile_doc()
    table = doc.sections[0]
    records = Records(table.columns, tuple(tuple(c.text for c in row) for row in table.rows))
    return View(doc, {} if data is None else data, records)


def test_b_clean_strips_every_control_and_escape_sequence() -> None:
    out = safe.clean(HOSTILE)
    assert not CONTROL.search(out.replace("\n", ""))
    assert "\x1b" not in out
    assert "pwned" not in out
    assert "\x9b" not in out
    assert "<script>" in out  # clean is for terminals; HTML is markdown's business
    assert safe.clean("plain, unchanged — ü") == "plain, unchanged — ü"
    assert safe.one_line("a\r\nb\u2028c\td") == "a b c d"


def test_b_table_has_no_control_characters_even_in_colour() -> None:
    for color in (False, True):
        text = render(_hostile_view(), Format.TABLE, color=color)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text) if color else text  # rich's own colour codes only
        assert not CONTROL.search(plain.replace("\n", "")), repr(plain)
        assert "pwned" not in plain


def test_b_markdown_escapes_html_pipes_and_line_breaks() -> None:
    text = render(_hostile_view(), Format.MARKDOWN)
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;" in text
    assert not CONTROL.search(text.replace("\n", ""))
    lines = text.split("\n")
    assert lines[0].startswith("# ")
    assert "end" in lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(FORMULAS)
    for line in table:  # every row has exactly its cells: no unescaped pipe
        assert len(re.findall(r"(?<!\\)\|", line)) == 5


def test_b_csv_round_trips_and_neutralises_formulas() -> None:
    text = render(_hostile_view(), Format.CSV)
    assert "\r" not in text
    assert not CONTROL.search(text.replace("\n", ""))
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + len(FORMULAS)
    assert all(len(r) == 4 for r in rows)
    for row in rows[1:]:
        assert row[0].startswith("'")
        assert row[2] == "-0.5"  # a negative number is data
        assert row[3] == "3"
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or safe._NUMBER.fullmatch(cell)
    assert safe.csv_cell("-") == "'-"
    assert safe.csv_cell("+1e-3") == "+1e-3"
    assert safe.csv_cell("-1+2") == "'-1+2"


def test_b_csv_cell_with_a_carriage_return_stays_one_row(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "cr.toml"
    path.write_text(hostile_toml(), encoding="utf-8")
    result = cli("run", str(path), "--format", "csv")
    if result.exit_code == 2:  # the loader may refuse hostile text: then one clean line
        one_error_line(result.stderr)
        return
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [len(r) for r in rows] == [len(rows[0])] * 3


def test_b_json_is_strict() -> None:
    data = {"cost": float("inf"), "p": float("nan"), "list": [float("-inf"), 1.5], "text": HOSTILE}
    text = render(_hostile_view(data), Format.JSON)
    assert "Infinity" not in text
    assert "NaN" not in text
    back = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-strict constant {c}"))
    assert back == {"cost": None, "p": None, "list": [None, 1.5], "text": HOSTILE}  # text is lossless
    assert not CONTROL.search(text.replace("\n", ""))


def test_b_mermaid_labels_and_comments_cannot_be_escaped(cli: Callable[..., Result], hostile: Path) -> None:
    result = cli("graph", str(hostile), "--all")
    if result.exit_code == 2:
        one_error_line(result.stderr)
        return
    text = result.stdout
    assert not CONTROL.search(text.replace("\n", ""))
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:  # only natosim's own statements: a comment, nodes, edges, classDefs
        assert re.fullmatch(r'    (%% [^\n]*|m_\w+\["[^"]*"\]:::\w+|m_\w+ -->\|"[^"]*"\| m_\w+|classDef \w+ [^\s]+)', line), line
    assert "click" not in "".join(line for line in lines if not line.startswith("    %%") and "[" not in line)
    assert "<script" not in text
    assert "%%{" not in text


def test_b_dot_labels_are_escaped(cli: Callable[..., Result], hostile: Path) -> None:
    result = cli("graph", str(hostile), "--all", "--format", "dot")
    if result.exit_code == 2:
        one_error_line(result.stderr)
        return
    text = result.stdout
    assert not CONTROL.search(text.replace("\n", ""))
    for line in text.splitlines()[1:]:
        # every quoted string is closed on its line: quotes inside are escaped
        assert len(re.findall(r'(?<!\\)"', re.sub(r"\\\\", "", line))) % 2 == 0, line
    pydot = pytest.importorskip("pydot")
    assert pydot.graph_from_dot_data(text)


def test_b_graphml_is_well_formed(cli: Callable[..., Result], hostile: Path) -> None:
    result = cli("graph", str(hostile), "--all", "--format", "graphml")
    if result.exit_code == 2:
        one_error_line(result.stderr)
        return
    ET.fromstring(result.stdout.encode("utf-8"))
    networkx = pytest.importorskip("networkx")
    g = networkx.parse_graphml(result.stdout)
    assert "<script>" in g.graph["title"]  # text kept, controls dropped
    assert "\x1b" not in g.graph["title"]


@pytest.mark.parametrize("command", ["run", "paths", "timeline", "compare-rules", "power", "what-if --flip AA"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_b_every_command_keeps_control_characters_off_the_terminal(
    cli: Callable[..., Result], hostile: Path, command: str, fmt: str
) -> None:
    name, *rest = command.split()
    result = cli(name, str(hostile), *rest, "--format", fmt)
    if result.exit_code == 2:
        one_error_line(result.stderr)
        return
    assert result.exit_code in (0, 1), result.stderr
    assert not CONTROL.search(result.stdout.replace("\n", "")), repr(result.stdout[:500])
    assert "pwned" not in result.stdout or fmt == "json"
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "markdown":
        assert "<script" not in result.stdout


def test_b_error_lines_carry_no_control_characters(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("run", "x\x1b]0;pwned\x07\ny\rz.toml")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "pwned" not in line
    message = str(NatosimError("bad \x1b[2J" + "x" * 5000, file="a\nb", where="k\x85ey"))
    assert "\n" not in message
    assert "\x1b" not in message
    assert "\x85" not in message
    assert len(message) < 200


def test_b_terminal_colour_obeys_term_dumb_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    cli_app = importlib.import_module("natosim.cli.output")

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli_app.terminal()[1] is True
    monkeypatch.setenv("TERM", "dumb")
    assert cli_app.terminal()[1] is False
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_app.terminal()[1] is False


def _race_writer(path: str, n: int, barrier: Any, results: Any) -> None:
    """One of several writers released together at the final step of writing the same new ``path``."""
    from natosim.cli.output import write_atomic

    barrier.wait()
    try:
        write_atomic(f"writer {n}\n".encode(), Path(path))
        results.put((n, "ok"))
    except NatosimError as e:
        results.put((n, str(e)))


def test_concurrent_writers_without_force_leave_exactly_one_winner(tmp_path: Path) -> None:
    # the existence check and the creation of the final name are one step: of 8 writers released at
    # the same moment, one writes the file and 7 are told it exists; no temporary file stays behind
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    target = tmp_path / "out.txt"
    barrier, results = ctx.Barrier(8), ctx.Queue()
    procs = [ctx.Process(target=_race_writer, args=(str(target), n, barrier, results)) for n in range(8)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(60)
    winners = [n for n, what in outcomes if what == "ok"]
    assert len(winners) == 1, outcomes
    assert all(what == f"--output {target}: file exists; expected a new file name or --force" for n, what in outcomes if n not in winners)
    assert target.read_text() == f"writer {winners[0]}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_concurrent_commands_without_force_one_succeeds(tmp_path: Path) -> None:
    # four whole `natosim run -o` processes on one new name: one exit 0, the others exit 2 with one line
    target = tmp_path / "run.json"
    cmd = [sys.executable, "-m", "natosim", "run", "--format", "json", "-o", str(target)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    done = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in procs]
    codes = sorted(code for code, _ in done)
    assert codes == [0, 2, 2, 2], done
    assert all("file exists; expected a new file name or --force" in err and err.count("\n") == 1 for code, err in done if code == 2)
    assert json.loads(target.read_text())["candidates"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]
