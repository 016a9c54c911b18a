"""`natosim init`, `natosim schema`, the shipped schema file, shell completion and --help examples."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import msgspec
import pytest
import typer
import typer.main
from helpers import Cli
from typer.core import TyperGroup
from typer.testing import CliRunner

import natosim
from natosim._engine import roster, starter
from natosim._engine import scenario as scenarios
from natosim._engine.schema import ScenarioDoc, json_schema
from natosim.cli import app
from natosim.cli.completion import COMPLETERS, complete_ally, complete_candidate, complete_flip, complete_scenario
from natosim.render.formats import to_json

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).parent / "bad"
SCHEMA_FILE = ROOT / "scenarios" / "schema.json"
DAY = "2024-04-02"


# --- init ---------------------------------------------------------------------------------


def test_init_prints_a_starter_that_loads_with_every_ally_undecided(cli: Cli) -> None:
    result = cli("init", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    loaded = natosim.parse(result.stdout, path="starter.toml")
    expected = roster.members_on(dt.date(2024, 4, 2))
    assert [m.code for m in loaded.members] == [c.code for c in expected]
    assert len(loaded.members) == 32
    assert set(loaded.stances["proposal"].values()) == {natosim.Stance.UNDECIDED}
    # every ally is listed by its English name, in code order, with a stance to fill in
    raw = tomllib.loads(result.stdout)
    assert list(raw["allies"]) == [c.name for c in expected]
    assert all(a == {"stance": "undecided"} for a in raw["allies"].values())


@pytest.mark.parametrize(("day", "count"), [("1949-04-04", 12), ("1999-03-12", 19), ("2023-04-04", 31), ("2024-03-07", 32)])
def test_init_follows_the_roster_on_the_date(day: str, count: int) -> None:
    loaded = natosim.parse(starter.starter(as_of=dt.date.fromisoformat(day)))
    assert len(loaded.members) == count
    assert loaded.as_of.isoformat() == day


def test_init_for_the_eu_council() -> None:
    text = starter.starter(as_of=dt.date(2024, 4, 2), body="eu")
    loaded = natosim.parse(text)
    assert loaded.body == "eu"
    assert len(loaded.members) == 27


def test_init_comments_explain_every_key_and_stance() -> None:
    text = starter.starter(as_of=dt.date(2024, 4, 2))
    comments = "\n".join(line for line in text.splitlines() if "#" in line)
    keys = {f.encode_name for f in msgspec.structs.fields(ScenarioDoc)}
    for struct in ("AllyDoc", "CandidateDoc", "InfluenceDoc", "DealDoc", "EventDoc"):
        keys |= {f.encode_name for f in msgspec.structs.fields(getattr(natosim._engine.schema, struct))}
    keys -= {"note"}  # free text on events, like `source`
    missing = sorted(k for k in keys if not re.search(rf"\b{re.escape(k)}\b", comments) and f"[{k}" not in text)
    assert missing == []
    for stance in ("support", "oppose", "undecided", "abstain"):
        assert f'"{stance}"' in comments


def test_init_optional_examples_are_valid_toml_for_the_schema() -> None:
    """Uncommenting the optional examples gives TOML the schema accepts (names aside)."""
    text = starter.starter(as_of=dt.date(2024, 4, 2))
    tail = text[text.index("# --- Optional sections") :]
    body = "\n".join(line[2:] for line in tail.splitlines() if line.startswith("# ") and not line.startswith("# ---"))
    body = "\n".join(line for line in body.splitlines() if re.match(r"^(\[|[a-z_]+ = )", line))
    doc = tomllib.loads(f'title = "t"\nas_of = {DAY}\n' + body)
    assert [len(doc[k]) for k in ("events", "deals", "influence")] == [3, 1, 1]
    assert schema_errors(doc) == []


def test_init_writes_a_file_and_refuses_to_overwrite_it(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    result = cli("init", str(target), "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert natosim.load(str(target)).title == f"Decision of NATO, {DAY}"
    target.write_text("# my work\n", encoding="utf-8")
    again = cli("init", str(target))
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr == f"natosim: error: {target}: file exists; expected a new file name or --force\n"
    assert target.read_text(encoding="utf-8") == "# my work\n"
    forced = cli("init", str(target), "--force", "--as-of", DAY)
    assert forced.exit_code == 0, forced.stderr
    assert "[allies.Albania]" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]  # no temporary file left behind


def test_init_dash_is_stdout(cli: Cli) -> None:
    result = cli("init", "-", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == starter.starter(as_of=dt.date(2024, 4, 2))


def test_init_from_a_bundled_scenario(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.toml"
    result = cli("init", str(target), "--from", "rutte-2024-04")
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert not text.startswith("#:schema")  # ./schema.json would point nowhere next to the copy
    copy, original = natosim.load(str(target)), natosim.load("rutte-2024-04")
    assert copy.stances == original.stances
    assert copy.positions == original.positions
    assert copy.candidates == original.candidates
    assert text.splitlines()[3:] == scenarios.bundled_path("rutte-2024-04").read_text(encoding="utf-8").splitlines()[1:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "rutte-2042"],
            "natosim: error: --from: no bundled scenario 'rutte-2042'; expected one of "
            "rutte-2023-11, rutte-2024, rutte-2024-04, sweden-accession, unsc-2022-02; did you mean 'rutte-2024'?\n",
        ),
        (
            ["--from", "rutte-2024", "--as-of", DAY],
            "natosim: error: --from: --as-of and --body do not apply to a copy; expected --from alone\n",
        ),
        (["--as-of", "1900-01-01"], "natosim: error: --as-of: NATO has no members on 1900-01-01; expected a date on or after 1949-04-04\n"),
        (
            ["--as-of", "2024-02-30"],
            "natosim: error: --as-of: '2024-02-30' is not a valid date; expected YYYY-MM-DD (a real calendar day)\n",
        ),
        (["--body", "un"], "natosim: error: --body: unknown body 'un'; expected one of nato, eu, unsc; did you mean 'unsc'?\n"),
    ],
)
def test_init_bad_input(cli: Cli, args: list[str], message: str) -> None:
    result = cli("init", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_init_into_a_missing_folder(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "x.toml"
    result = cli("init", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"natosim: error: {target}: its folder does not exist; expected a file in an existing folder\n"
    assert not target.parent.exists()


# --- schema -------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """TOML values as JSON sees them: dates and times as ISO strings; nan/inf (not JSON) as strings."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


_VALIDATOR = jsonschema.Draft7Validator(json_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_errors(doc: dict[str, Any]) -> list[str]:
    """What the JSON Schema says about a parsed TOML document (empty: valid)."""
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in _VALIDATOR.iter_errors(jsonable(doc))]


def test_schema_command_prints_the_schema(cli: Cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == json_schema()
    jsonschema.Draft7Validator.check_schema(printed)
    assert printed["$id"] == "urn:natosim:scenario:v1"
    assert printed["required"] if "required" in printed else printed["$defs"]["ScenarioDoc"]["required"] == ["title", "as_of"]


def test_schema_output_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = cli("schema", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == json_schema()
    assert cli("schema", "-o", str(target)).exit_code == 2
    assert cli("schema", "-o", str(target), "--force").exit_code == 0


def test_shipped_schema_file_is_current() -> None:
    """scenarios/schema.json is generated: `natosim schema -o scenarios/schema.json --force` refreshes it."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == to_json(json_schema()), "run: natosim schema -o scenarios/schema.json --force"


def test_schema_describes_every_key_with_enums_and_ranges() -> None:
    defs = json_schema()["$defs"]
    undocumented = [f"{t}.{k}" for t, d in defs.items() for k, v in d.get("properties", {}).items() if not v.get("description")]
    assert undocumented == []
    ally = defs["AllyDoc"]["properties"]
    assert ally["stance"]["enum"] == ["abstain", "oppose", "support", "undecided"]
    number, ranged = ally["threshold"]["anyOf"]  # a number or (v1.3) a range { low, best, high }
    assert (number["exclusiveMinimum"], number["maximum"]) == (0, 1)
    assert ranged["required"] == ["low", "high"]
    assert ranged["properties"]["best"] == number
    number, ranged, table = ally["p_move"]["anyOf"]  # a number (the first candidate), its range, or a table by candidate id
    assert (number["minimum"], number["maximum"]) == (0, 1)
    assert ranged["properties"]["low"] == number
    assert table["additionalProperties"]["anyOf"] == [number, ranged]
    number, ranged, table = ally["median_days"]["anyOf"]
    assert number["exclusiveMinimum"] == table["additionalProperties"]["anyOf"][0]["exclusiveMinimum"] == 0
    top = defs["ScenarioDoc"]["properties"]
    assert (top["seats"]["type"], top["seats"]["minimum"]) == ("integer", 1)
    assert top["focal_dates"]["items"] == {"type": "string", "format": "date"}
    assert ally["cost"]["anyOf"][0]["exclusiveMinimum"] == 0
    assert "null" not in json.dumps(json_schema())  # TOML has no null


@pytest.mark.parametrize("name", scenarios.bundled())
def test_bundled_scenario_points_at_the_schema_and_validates(name: str) -> None:
    path = scenarios.bundled_path(name)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ./schema.json"
    assert (path.parent / "schema.json").is_file()
    assert schema_errors(tomllib.loads(text)) == []


def _corpus() -> list[Path]:
    return sorted([*(scenarios.bundled_path(n) for n in scenarios.bundled()), *BAD.glob("*.toml")])


def _loader_verdict(path: Path) -> str:
    """'ok' (loads), 'syntax' (not TOML at all), 'schema' (wrong shape, type, range, enum or key) or 'semantic'."""
    data = path.read_bytes()
    try:
        natosim.parse(data, path=path.name)
    except natosim.NatosimError:
        pass
    else:
        return "ok"
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return "syntax"
    try:
        msgspec.convert(raw, ScenarioDoc)
    except msgspec.ValidationError:
        return "schema"
    return "semantic"


@pytest.mark.parametrize("path", [p for p in _corpus() if _loader_verdict(p) != "syntax"], ids=lambda p: p.name)
def test_schema_and_loader_agree(path: Path) -> None:
    """Files that load pass the schema; files whose shape is wrong fail both.

    Semantic errors (an unknown ally, a duplicate under an alias, an event before as_of...) need
    the roster or the rest of the file: the schema may pass them, and the loader catches them.
    """
    verdict = _loader_verdict(path)
    errors = schema_errors(tomllib.loads(path.read_bytes().decode("utf-8-sig")))
    if verdict == "ok":
        assert errors == []
    elif verdict == "schema":
        assert errors, "the loader rejects its shape but the schema accepts it"


def test_schema_corpus_covers_every_kind_of_verdict() -> None:
    verdicts = [_loader_verdict(p) for p in _corpus()]
    assert verdicts.count("schema") >= 20
    assert verdicts.count("ok") >= len(scenarios.bundled())
    assert verdicts.count("semantic") >= 10


def test_schema_catches_some_loader_checks_beyond_msgspec() -> None:
    """Candidate ids, empty lists and one action per event are in the schema too."""
    base = {"title": "t", "as_of": DAY}
    assert schema_errors({**base, "candidates": {"mark rutte": {}}})
    assert schema_errors({**base, "members": []})
    assert schema_errors({**base, "deals": [{"name": "d", "effects": {}}]})
    assert schema_errors({**base, "events": [{"date": DAY, "ally": "Hungary", "withdraw": "x", "stance": "support"}]})
    assert schema_errors({**base, "events": [{"date": DAY, "ally": "Hungary"}]})
    assert schema_errors({**base, "events": [{"date": DAY, "withdraw": "x"}]}) == []


# --- completion ---------------------------------------------------------------------------


def _ctx(command: str, **params: Any) -> typer.Context:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    ctx = typer.Context(group.commands[command], resilient_parsing=True)
    ctx.params.update(params)
    return ctx


def test_complete_ally_from_the_scenario_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "three.toml"
    path.write_text(
        'title = "t"\nas_of = 2024-01-01\n[body]\nname = "b"\n[body.members.AAA]\nname = "Alpha"\n[body.members.BBB]\nname = "Beta"\n',
        encoding="utf-8",
    )
    ctx = _ctx("what-if", scenario=str(path))
    assert complete_ally(ctx, "") == ["Alpha", "Beta", "AAA", "BBB"]
    assert complete_ally(ctx, "al") == ["Alpha"]
    assert complete_ally(ctx, "b") == ["Beta", "BBB"]


def test_complete_ally_falls_back_to_todays_roster() -> None:
    names = complete_ally(_ctx("paths"), "")
    assert {"Hungary", "Sweden", "HUN"} <= set(names)
    assert len(names) == 2 * len(roster.members_on(dt.date.today()))
    assert complete_ally(_ctx("paths"), "hun") == ["Hungary", "HUN"]
    assert complete_ally(_ctx("paths"), "tur") == ["Türkiye", "TUR"]  # accents do not matter
    # a scenario that does not load, or standard input, is not read: the roster answers
    assert complete_ally(_ctx("paths", scenario="/no/such.toml"), "Swed") == ["Sweden"]
    assert complete_ally(_ctx("paths", scenario="-"), "Swed") == ["Sweden"]


def test_complete_ally_of_a_bundled_scenario_before_sweden_joined() -> None:
    assert complete_ally(_ctx("what-if", scenario="rutte-2023-11"), "Sw") == []
    assert complete_ally(_ctx("what-if", scenario="rutte-2023-11"), "Finl") == ["Finland"]


def test_complete_flip_names_then_stances() -> None:
    ctx = _ctx("what-if")
    assert complete_flip(ctx, "Hung") == ["Hungary"]
    assert complete_flip(ctx, "Hungary=") == ["Hungary=support", "Hungary=oppose", "Hungary=undecided", "Hungary=abstain"]
    assert complete_flip(ctx, "Hungary=ab") == ["Hungary=abstain"]


def test_complete_candidate_ids() -> None:
    assert complete_candidate(_ctx("what-if"), "") == ["rutte", "iohannis"]  # the default scenario
    assert complete_candidate(_ctx("what-if", scenario="rutte-2023-11"), "k") == ["kallas", "karins"]
    assert complete_candidate(_ctx("what-if", scenario="sweden-accession"), "") == ["proposal"]
    assert complete_candidate(_ctx("what-if", scenario="/no/such.toml"), "") == []


def test_complete_scenario_names_and_toml_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine.toml").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert complete_scenario("") == [*scenarios.bundled(), "mine.toml", "sub/"]
    assert complete_scenario("sw") == ["sweden-accession"]
    assert complete_scenario("m") == ["mine.toml"]
    assert complete_scenario("sub/") == ["sub/deep.toml"]
    assert complete_scenario("nowhere/") == []


def test_completion_is_attached_to_every_command_with_the_options() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    seen = set()
    for name, command in group.commands.items():
        for param in command.params:
            for opt in param.opts:
                if opt in COMPLETERS:
                    assert param._custom_shell_complete is not None, f"{name} {opt}"
                    seen.add(opt)
    assert {"--flip", "--exclude", "--candidate", "--withdraw"} <= seen


def _complete_bash(words: str) -> list[str]:
    """Ask the real completion machinery (as the shell script does) for the last word of ``words``."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        app, [], prog_name="natosim", env={"_NATOSIM_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    )
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_shell_completion_end_to_end() -> None:
    assert _complete_bash("natosim what-if --flip Hung") == ["Hungary"]
    assert _complete_bash("natosim what-if rutte-2023-11 --candidate ka") == ["kallas", "karins"]
    assert _complete_bash("natosim paths --exclude Slov") == ["Slovakia", "Slovenia"]
    assert _complete_bash("natosim run swe") == ["sweden-accession"]
    # the scenario typed before the option decides: Sweden was no ally in November 2023
    assert _complete_bash("natosim what-if rutte-2023-11 --no-cascade --flip Swed") == []
    assert _complete_bash("natosim what-if --flip Swed") == ["Sweden"]
    assert _complete_bash("natosim what-if --rule consensus sweden-accession --candidate ") == ["proposal"]


# --- help ---------------------------------------------------------------------------------


def test_every_command_has_help_and_examples() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    missing = [name for name, command in group.commands.items() if not (command.help and command.epilog and "natosim" in command.epilog)]
    assert missing == []


@pytest.mark.parametrize("command", ["init", "schema", "run"])
def test_help_shows_examples(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Examples:" in result.stdout
    assert f"natosim {command}" in result.stdout


# --- docs/cli.md --------------------------------------------------------------------------

DOCS = ROOT / "docs" / "cli.md"


def _sections() -> dict[str, str]:
    parts = re.split(r"^### `natosim ([a-z-]+)`$", DOCS.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_docs_cover_every_command_and_option() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    sections = _sections()
    assert sorted(sections) == sorted(group.commands)
    undocumented = [
        f"{name} {opt}"
        for name, command in group.commands.items()
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help" and f"`{opt}" not in sections[name]
    ]
    assert undocumented == []


def test_docs_state_the_exit_codes() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code in ("| 0 | success", "| 1 | `--check`", "| 2 | bad input"):
        assert code in text
