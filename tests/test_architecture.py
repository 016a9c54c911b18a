"""Architecture rules of docs/style: lazy heavy imports, no printing in the library, documented commands,
exhaustive format dispatch, round-tripping JSON, and clean ruff and mypy runs."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import typer
from helpers import Cli

from natosim.cli import app
from natosim.cli import core as core_commands
from natosim.render import formats
from natosim.render.document import Document, Line, Records, Section, View

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "natosim"


def test_importing_the_cli_does_not_import_networkx_or_numpy() -> None:
    code = "import sys, natosim.cli; print(sorted(m for m in ('networkx', 'numpy', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_help_and_run_do_not_import_networkx_or_numpy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from natosim.cli import app\n"
        "for args in (['--help'], ['run', '--format', 'json'], ['run']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0, args\n"
        "print(sorted(m for m in ('networkx', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def _calls_print(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]


def test_no_print_in_the_library() -> None:
    offenders = {
        str(p.relative_to(ROOT)): lines
        for p in sorted(PACKAGE.rglob("*.py"))
        if PACKAGE / "cli" not in p.parents and (lines := _calls_print(p))
    }
    assert offenders == {}


def test_the_print_check_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    print('x')\n", encoding="utf-8")
    assert _calls_print(probe) == [2]


def _commands() -> dict[str, typing.Any]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return dict(group.commands)


def _core_names() -> list[str]:
    """Commands registered in natosim/cli/core.py."""
    return sorted(name for name, cmd in _commands().items() if getattr(cmd.callback, "__module__", "") == core_commands.__name__)


def test_every_command_has_help_text() -> None:
    for name, cmd in _commands().items():
        assert (cmd.help or "").strip(), f"command {name} has no help text"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`natosim ([a-z][a-z-]*)", readme))
    assert set(_core_names()) == {"allies", "paths", "run", "scenarios", "validate", "what-if"}
    assert sorted(n for n in _commands() if n not in documented) == []


def test_run_json_round_trips(cli: Cli) -> None:
    for name in ("rutte-2024-04", "sweden-accession"):
        result = cli("run", name, "--format", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert formats.to_json(data) == result.stdout
        assert json.loads(formats.to_json(data)) == data


def test_format_dispatch_is_exhaustive() -> None:
    doc = Document("T", (Section("S", ("A", "B"), ()), Line("verdict")))
    data = {"x": 1}
    view = View(doc, data, Records(("a", "b"), ((1, True),)))
    outputs = {fmt: formats.render(view, fmt) for fmt in formats.Format}
    assert outputs[formats.Format.CSV] == "a,b\n1,true\n"
    assert len(set(outputs.values())) == len(formats.Format)
    assert json.loads(outputs[formats.Format.JSON]) == data
    # the match in render() ends in assert_never: a Format without a case fails mypy, and at run time
    with pytest.raises(AssertionError):
        formats.render(view, typing.cast(formats.Format, "yaml"))


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed; CI installs it with '.[test]'")
        pytest.skip(f"{module} is not installed (pip install '.[test]')")


@pytest.mark.slow
def test_ruff_is_clean() -> None:
    _tool("ruff")
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "natosim", "tests", "benchmarks"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_ruff_format_is_clean() -> None:
    _tool("ruff")
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "natosim", "tests", "benchmarks", "scripts"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    _tool("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def _command_names() -> list[str]:
    from typer.main import get_command_name

    return [c.name or get_command_name(getattr(c.callback, "__name__", "")) for c in app.registered_commands]


@pytest.mark.parametrize(
    "args",
    [
        *(pytest.param([name, "--help"], id=f"{name}-help") for name in _command_names()),
        pytest.param(["run", "--bogus"], id="bad-option"),
        pytest.param(["run", "--format", "json"], id="run-json"),
        pytest.param(["paths", "--max", "0"], id="bad-value"),
    ],
)
def test_the_app_for_one_command_answers_as_the_whole_app(args: list[str]) -> None:
    """``natosim CMD ...`` runs an app with that command alone (typer then builds one command's options): same output, same exit."""
    from typer.testing import CliRunner

    from natosim.cli import for_arguments

    trimmed = for_arguments(args)
    assert trimmed is not app
    assert len(trimmed.registered_commands) == 1
    whole = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    alone = CliRunner().invoke(trimmed, args, env={"COLUMNS": "100"})
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["rn"], ["Run"]])
def test_anything_but_a_command_first_gets_the_whole_app(args: list[str]) -> None:
    from natosim.cli import for_arguments

    assert for_arguments(args) is app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from natosim.cli import for_arguments

    monkeypatch.setenv("_NATOSIM_COMPLETE", "complete_bash")
    assert for_arguments(["run"]) is app
