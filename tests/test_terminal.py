"""Terminal behaviour through a real pseudo-terminal: colours and the progress bar on a terminal only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from natosim.cli import app

pexpect = pytest.importorskip("pexpect", reason="pexpect (from the test extra) drives a real pseudo-terminal")

ROOT = Path(__file__).resolve().parent.parent
ESC = "\x1b["
FORECAST_TRIALS = "200000"  # a run of a fraction of a second: the bar shows at once (NATOSIM_PROGRESS_DELAY=0)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CI")}
    env["TERM"] = "xterm-256color"
    env["NATOSIM_PROGRESS_DELAY"] = "0"  # no test waits for the bar's one-second delay
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **extra}


def on_terminal(*args: str, timeout: int = 120, **env: str) -> str:
    """Run ``python -m natosim ARGS`` on a pseudo-terminal; everything it showed, exit code checked."""
    child = pexpect.spawn(
        sys.executable, ["-m", "natosim", *args], cwd=str(ROOT), env=_env(**env), dimensions=(50, 120), encoding="utf-8", timeout=timeout
    )
    child.expect(pexpect.EOF)
    seen: str = child.before
    child.close()
    assert child.exitstatus == 0, seen
    return seen


def piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m natosim ARGS`` with stdout and stderr going to pipes."""
    done = subprocess.run(
        [sys.executable, "-m", "natosim", *args], cwd=ROOT, env=_env(**env), capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def test_colours_on_a_terminal() -> None:
    seen = on_terminal("run")
    assert ESC in seen
    assert "blocked by" in seen


def test_no_colours_when_piped() -> None:
    done = piped("run")
    assert "blocked by HUN, ROU, SVK, TUR" in done.stdout
    assert "\x1b" not in done.stdout
    assert "\x1b" not in done.stderr


def test_no_colours_with_no_color_even_on_a_terminal() -> None:
    seen = on_terminal("run", NO_COLOR="1")
    assert "blocked by HUN, ROU, SVK, TUR" in seen
    assert ESC not in seen


def test_no_colours_in_an_output_file_written_from_a_terminal(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    on_terminal("run", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert "blocked by HUN, ROU, SVK, TUR" in text
    assert "\x1b" not in text


def test_json_has_no_colours_on_a_terminal() -> None:
    seen = on_terminal("run", "--format", "json")
    assert ESC not in seen


def _has_forecast() -> bool:
    return "forecast" in typer.main.get_command(app).commands  # type: ignore[attr-defined]


needs_forecast = pytest.mark.skipif(not _has_forecast(), reason="no `natosim forecast` command in this build (issue 7)")


@pytest.mark.slow
@needs_forecast
def test_forecast_progress_bar_on_a_terminal() -> None:
    seen = on_terminal("forecast", "--trials", FORECAST_TRIALS, "--seed", "1")
    assert "simulating" in seen  # the bar's label, drawn on stderr while the run lasts
    assert "━" in seen


@pytest.mark.slow
@needs_forecast
def test_forecast_no_progress_bar_when_piped() -> None:
    done = piped("forecast", "--trials", FORECAST_TRIALS, "--seed", "1")
    assert "simulating" not in done.stdout + done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert done.stdout.strip()


@pytest.mark.slow
@needs_forecast
def test_forecast_piped_stdout_stays_clean_on_a_terminal(tmp_path: Path) -> None:
    """`natosim forecast | cat > FILE` on a terminal: the bar may show on stderr, never in the piped output."""
    target = tmp_path / "out.txt"
    command = f"{sys.executable} -m natosim forecast --trials {FORECAST_TRIALS} --seed 1 | cat > {target}"
    child = pexpect.spawn("/bin/sh", ["-c", command], cwd=str(ROOT), env=_env(), dimensions=(50, 120), encoding="utf-8", timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = target.read_text(encoding="utf-8")
    assert text.strip()
    assert "simulating" not in text
    assert "\x1b" not in text
