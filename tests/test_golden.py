"""Golden files (tests/golden/core-*): the exact output of run, what-if and paths.

Rendered at width 100 without colour (the ``cli`` fixture). Rewrite them with
``pytest --update-golden tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json

import pytest
from helpers import Cli, Golden

from natosim._engine import scenario
from natosim.render.formats import Format

EXTENSION = {Format.TABLE: "txt", Format.JSON: "json", Format.MARKDOWN: "md", Format.CSV: "csv"}
BUNDLED = ("rutte-2023-11", "rutte-2024", "rutte-2024-04", "sweden-accession", "unsc-2022-02")


def test_every_bundled_scenario_has_golden_files() -> None:
    assert set(scenario.bundled()) == set(BUNDLED), "a bundled scenario was added or removed: update BUNDLED"


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("name", BUNDLED)
def test_run(cli: Cli, golden: Golden, name: str, fmt: Format) -> None:
    result = cli("run", name, "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    if fmt is Format.JSON:
        json.loads(result.stdout)
    golden(f"core-{name}.run.{EXTENSION[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", [Format.TABLE, Format.JSON])
def test_what_if_flip_hungary(cli: Cli, golden: Golden, fmt: Format) -> None:
    result = cli("what-if", "--flip", "Hungary", "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    golden(f"core-rutte-2024-04.what-if-flip-hungary.{EXTENSION[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", [Format.TABLE, Format.JSON])
def test_paths(cli: Cli, golden: Golden, fmt: Format) -> None:
    result = cli("paths", "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    golden(f"core-rutte-2024-04.paths.{EXTENSION[fmt]}", result.stdout)
