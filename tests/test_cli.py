"""The command line through typer's CliRunner: every core command, every format, output files, stdin, help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from helpers import Cli

from natosim import __version__
from natosim._engine import scenario
from natosim.cli import app
from natosim.render.formats import Format

# one invocation per core command (natosim/cli/core.py), each printing something meaningful
CORE = {
    "run": ("run",),
    "what-if": ("what-if", "--flip", "Hungary"),
    "paths": ("paths",),
    "allies": ("allies", "--as-of", "2024-04-02"),
    "validate": ("validate", "rutte-2024-04", "sweden-accession"),
    "scenarios": ("scenarios",),
}
WITH_OUTPUT = ("run", "what-if", "paths", "allies")


def registered() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def test_every_core_command_is_registered() -> None:
    assert set(CORE) <= set(registered())


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("command", sorted(CORE))
def test_every_format_on_every_core_command(cli: Cli, command: str, fmt: Format) -> None:
    result = cli(*CORE[command], "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.endswith("\n")
    assert "\x1b[" not in out  # no colour when not on a terminal
    match fmt:
        case Format.JSON:
            assert isinstance(json.loads(out), dict)
        case Format.CSV:
            rows = list(csv.reader(io.StringIO(out)))
            assert len(rows) >= 2
            assert all(len(r) == len(rows[0]) for r in rows)
        case Format.MARKDOWN:
            assert out.startswith("# ")
            assert "\n| " in out
            assert "\n|---" in out
        case Format.TABLE:
            assert "┃" in out or "│" in out


def test_short_format_option_and_case_insensitive_value(cli: Cli) -> None:
    result = cli("run", "-f", "JSON")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["members"] == 32


def test_an_unknown_format_is_a_usage_error(cli: Cli) -> None:
    result = cli("run", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "yaml" in result.stderr


def test_run_table_shows_the_verdicts(cli: Cli) -> None:
    result = cli("run")
    assert result.exit_code == 0, result.stderr
    assert "NATO Secretary General, April 2024 — 32 members on 2024-04-02, rule: unanimity" in result.stdout
    assert "Mark Rutte: blocked by HUN, ROU, SVK, TUR — 28/32 support" in result.stdout


def test_run_json_follows_the_contract(cli: Cli) -> None:
    result = cli("run", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("title", "as_of", "rule", "members", "consensus")} == {
        "title": "NATO Secretary General, April 2024",
        "as_of": "2024-04-02",
        "rule": "unanimity",
        "members": 32,
        "consensus": False,
    }
    rutte = data["candidates"][0]
    assert (rutte["id"], rutte["name"], rutte["adopted"]) == ("rutte", "Mark Rutte", False)
    assert rutte["counts"] == {"support": 28, "oppose": 2, "undecided": 2, "abstain": 0}
    assert [(b["code"], b["name"], b["stance"]) for b in rutte["blockers"]] == [
        ("HUN", "Hungary", "oppose"),
        ("ROU", "Romania", "oppose"),
        ("SVK", "Slovakia", "undecided"),
        ("TUR", "Türkiye", "undecided"),
    ]


@pytest.mark.parametrize("command", WITH_OUTPUT)
def test_output_writes_the_file_and_refuses_to_overwrite(cli: Cli, tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.json"
    first = cli(*CORE[command], "--format", "json", "--output", str(out))
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert written == cli(*CORE[command], "--format", "json").stdout
    out.write_text("keep me", encoding="utf-8")
    again = cli(*CORE[command], "--format", "json", "--output", str(out))
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr == f"natosim: error: --output {out}: file exists; expected a new file name or --force\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = cli(*CORE[command], "--format", "json", "--output", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


def test_output_into_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "nope" / "x.txt"
    result = cli("run", "--output", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"natosim: error: --output {out}: its folder does not exist\n"


def test_a_failing_command_writes_no_output_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = cli("what-if", "--flip", "Atlantis", "--output", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_dash_reads_the_scenario_from_stdin(cli: Cli) -> None:
    text = scenario.bundled_path("rutte-2024-04").read_text(encoding="utf-8")
    from_stdin = cli("run", "-", "--format", "json", input=text)
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(cli("run", "--format", "json").stdout)
    validated = cli("validate", "-", "--format", "json", input=text)
    assert validated.exit_code == 0, validated.stderr
    assert json.loads(validated.stdout)["valid"][0]["title"] == "NATO Secretary General, April 2024"


def test_a_scenario_file_by_path(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('title = "Mine"\nas_of = 2024-04-02\n[defaults]\nstance = "support"\n', encoding="utf-8")
    result = cli("run", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["consensus"] is True


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"natosim {__version__}\n"


def test_no_arguments_shows_help(cli: Cli) -> None:
    result = cli()
    assert result.exit_code in (0, 2)  # click >= 8.2 exits 2 for no_args_is_help
    assert "Usage" in result.stdout + result.stderr
    assert "run" in result.stdout + result.stderr


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_on_the_app(cli: Cli, flag: str) -> None:
    result = cli(flag)
    assert result.exit_code == 0
    for command in CORE:
        assert command in result.stdout


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", registered())
def test_help_on_every_command(cli: Cli, command: str, flag: str) -> None:
    result = cli(command, flag)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    assert f" {command} " in result.stdout.splitlines()[0]
    assert "Examples" in result.stdout


def test_run_check_exits_1_without_consensus(cli: Cli, tmp_path: Path) -> None:
    blocked = cli("run", "--check")
    assert blocked.exit_code == 1
    assert "blocked by" in blocked.stdout  # the report is still printed
    path = tmp_path / "ok.toml"
    path.write_text('title = "ok"\nas_of = 2024-04-02\n[defaults]\nstance = "support"\n', encoding="utf-8")
    adopted = cli("run", str(path), "--check")
    assert adopted.exit_code == 0, adopted.stderr


def test_what_if_check(cli: Cli) -> None:
    assert cli("what-if", "--flip", "Hungary", "--check").exit_code == 1
    flips = [a for name in ("Hungary", "Turkey", "Slovakia", "Romania") for a in ("--flip", name)]
    assert cli("what-if", *flips, "--check").exit_code == 0


def test_run_at_a_date_applies_the_events(cli: Cli) -> None:
    result = cli("run", "rutte-2024", "--at", "2024-06-26", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus"] is True


def test_allies_on_a_date(cli: Cli) -> None:
    result = cli("allies", "--as-of", "2020-03-26", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 1 + 29
    assert rows[0][:2] == ["code", "name"]


def test_scenarios_lists_the_bundled_ones(cli: Cli) -> None:
    result = cli("scenarios", "--format", "json")
    assert result.exit_code == 0, result.stderr
    names = [s["name"] for s in json.loads(result.stdout)["scenarios"]]
    assert names == sorted(names)
    assert "rutte-2024-04" in names


def test_output_is_deterministic(cli: Cli) -> None:
    for args in CORE.values():
        assert cli(*args, "--format", "json").stdout == cli(*args, "--format", "json").stdout


@pytest.mark.parametrize("args", [("scenarios",), ("validate", "rutte-2024-04", "sweden-accession")])
def test_listing_commands_write_to_output_and_refuse_to_overwrite(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "out.json"
    result = cli(*args, "--format", "json", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data
    again = cli(*args, "--output", str(target))
    assert again.exit_code == 2
    assert "file exists" in again.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == data


def test_at_on_a_scenario_without_events_says_whose_state_it_shows(cli: Cli) -> None:
    result = cli("run", "--at", "2024-05-01")
    assert result.exit_code == 0, result.stderr
    heading = " ".join(result.stdout.split()[:40])  # the heading wraps at 100 columns
    assert heading.startswith("NATO Secretary General, April 2024 — 32 members on 2024-05-01 (no events recorded: the state of 2024-04-02)")
    data = json.loads(cli("run", "--at", "2024-05-01", "--format", "json").stdout)
    assert data["as_of"] == "2024-05-01"
    assert data["state_recorded_on"] == "2024-04-02"
    replayed = json.loads(cli("run", "rutte-2024", "--at", "2024-05-01", "--format", "json").stdout)
    assert "state_recorded_on" not in replayed  # a scenario with events: the state of that day
    same_day = json.loads(cli("run", "--at", "2024-04-02", "--format", "json").stdout)
    assert "state_recorded_on" not in same_day


@pytest.mark.parametrize("value", ["soon", "-1", "inf", "nan", "1e9"])
def test_a_bad_progress_delay_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("NATOSIM_PROGRESS_DELAY", value)
    result = cli("forecast", "--trials", "100", "--seed", "1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("natosim: error: environment variable NATOSIM_PROGRESS_DELAY: expected a number of seconds")
    assert result.stderr.count("\n") == 1


def test_the_rule_option_help_names_every_rule(cli: Cli) -> None:
    # the help of --rule lists every rule name the loader accepts (it had drifted: two were missing)
    import typing

    from natosim._engine.schema import RuleName

    result = cli("run", "--help")
    assert result.exit_code == 0
    flat = "".join(result.stdout.split()).replace("│", "")
    assert all(name in flat for name in typing.get_args(RuleName))


def test_a_file_with_events_says_which_day_it_describes(cli: Cli) -> None:
    # `run rutte-2024` describes the file's first day; it says so, and how to ask for another
    for command in ("run", "paths", "what-if", "forecast"):
        extra = {"forecast": ["--trials", "200"], "what-if": ["--flip", "Hungary"]}.get(command, [])
        result = cli(command, "rutte-2024", *extra)
        assert result.exit_code == 0, result.stderr
        flat = " ".join(result.stdout.split())
        assert "This describes the stances of 2024-02-21, before the 34 events the file records (2024-02-22 to 2024-06-20)" in flat
        assert "--at YYYY-MM-DD, or --at latest" in flat
    data = json.loads(cli("run", "rutte-2024", "--format", "json").stdout)
    assert data["later_events"] == {"count": 34, "first": "2024-02-22", "last": "2024-06-20"}
    assert "later_events" not in json.loads(cli("run", "rutte-2024-04", "--format", "json").stdout)


def test_at_latest_is_the_last_event(cli: Cli) -> None:
    latest = cli("run", "rutte-2024", "--at", "latest", "--format", "json")
    assert latest.exit_code == 0
    assert latest.stdout == cli("run", "rutte-2024", "--at", "2024-06-20", "--format", "json").stdout
    assert json.loads(latest.stdout)["consensus"] is True
    assert "This describes" not in cli("run", "rutte-2024", "--at", "LATEST").stdout
