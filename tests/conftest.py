"""Shared fixtures: a scenario factory, a CLI runner and golden-file comparison."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from helpers import body_toml
from hypothesis import settings
from typer.testing import CliRunner, Result

import natosim
from natosim.cli import app
from natosim.model import Scenario

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

GOLDEN = Path(__file__).parent / "golden"
BAD = Path(__file__).parent / "bad"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    """Build a scenario of a declared body: ``make_scenario({"AAA": "support", ...}, rule=..., extra=...)``."""

    def make(stances: Mapping[str, str], **kw: object) -> Scenario:
        return natosim.parse(body_toml(stances, **kw), path="test.toml")  # type: ignore[arg-type]

    return make


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the CLI through typer's CliRunner at a fixed width, without colour."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})

    return invoke


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with ``tests/golden/NAME`` (``pytest --update-golden`` rewrites it)."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update and os.environ.get("CI"):
                pytest.fail(f"golden file {name} is missing; run pytest --update-golden and commit it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"output differs from tests/golden/{name} (pytest --update-golden rewrites it)"

    return check
