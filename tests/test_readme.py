"""The README's library example runs as shown, and the public API is discoverable."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from helpers import Cli

import natosim

ROOT = Path(__file__).resolve().parent.parent


def test_the_library_example_runs_and_prints_what_its_comments_say() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {})  # the example as a user would paste it
    printed = out.getvalue()
    for claim in re.findall(r"# (\('[A-Z]{3}'.*?\)|\d{4}-\d{2}-\d{2})$", code.group(1), re.M):
        assert claim in printed


def test_dir_lists_the_public_api_and_every_name_resolves() -> None:
    names = dir(natosim)
    assert names == sorted(natosim.__all__)
    for name in names:
        assert getattr(natosim, name) is not None
    # twice: a name that is also a submodule must not be shadowed once that submodule is imported
    assert callable(natosim._engine.forecast.forecast)
    assert callable(natosim._engine.power.power)
    assert callable(natosim._engine.timeline.build)


def _sample_sessions() -> list[tuple[list[str], list[str]]]:
    """The README's "What it prints" sessions: (the command's words, the lines shown under it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## What it prints.*?```\n(.*?)```", readme, re.S)
    assert block is not None
    sessions: list[tuple[list[str], list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ natosim"):
            sessions.append((line.split()[2:], []))
        elif line.strip() and sessions:
            sessions[-1][1].append(line)
    return sessions


def test_the_readme_sample_output_is_what_the_commands_print(cli: Cli) -> None:
    # every line the README shows is printed, in that order, at the README's width of 100 columns;
    # a line starting with "  ..." stands for lines left out
    sessions = _sample_sessions()
    assert [words[0] for words, _ in sessions] == ["run", "paths"]
    for words, shown in sessions:
        result = cli(*words)
        assert result.exit_code == 0, result.stderr
        printed = iter(result.stdout.splitlines())
        for line in shown:
            if line.lstrip().startswith("..."):
                continue
            assert any(line.rstrip() == got.rstrip() for got in printed), f"README line not printed by natosim {' '.join(words)}: {line}"
