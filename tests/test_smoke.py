"""The acceptance checks of the foundation issue, end to end through the CLI."""

from __future__ import annotations

import json

from helpers import Cli


def test_default_run_shows_the_four_holdouts(cli: Cli) -> None:
    result = cli("run")
    assert result.exit_code == 0, result.stderr
    assert "Mark Rutte: blocked by HUN, ROU, SVK, TUR — 28/32 support" in result.stdout


def test_flipping_the_four_holdouts_adopts_rutte(cli: Cli) -> None:
    result = cli("what-if", "--flip", "Hungary", "--flip", "Turkey", "--flip", "Slovakia", "--flip", "Romania", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    rutte = next(c for c in data["candidates"] if c["id"] == "rutte")
    assert rutte["adopted"] is True
    assert data["consensus"] is True
    assert rutte["blockers"] == []
    assert {c["code"] for c in data["changes"]} == {"HUN", "TUR", "SVK", "ROU"}
