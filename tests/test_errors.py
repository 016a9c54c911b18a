"""The malformed-scenario corpus (tests/bad/): every file gives one precise line on stderr and exit 2.

Each file in ``tests/bad/`` exercises one distinct input error. ``EXPECTED`` holds the exact
message natosim prints after ``natosim: error: FILE: `` -- the place in the file (a key path
such as ``allies.Hungary.stance`` or ``events[2]``, 1-based, or ``line L, column C``) and what
was expected. ``ok-*.toml`` are valid edge cases (UTF-8 BOM, CRLF line endings) that must load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Cli

import natosim
from natosim._engine.scenario import MAX_BYTES
from natosim.errors import NatosimError

BAD = Path(__file__).parent / "bad"

EXPECTED: dict[str, str] = {
    "ally-eu-member-on-nato.toml": "allies.Malta: unknown ally 'Malta'; expected an English name, code or alias of a member on 2024-01-01; 'Malta' is a member of the Council of the EU, not of NATO (the default body): add body = \"eu\" at the top of the file",
    "json-document.toml": "line 1, column 1: invalid TOML: this looks like JSON; expected TOML, one key = value per line (natosim init writes a starter file)",
    "date-day-month-year.toml": "line 2, column 11: invalid TOML: a date written day/month/year; expected YYYY-MM-DD without quotes (e.g. as_of = 2025-06-23)",
    "stance-synonym-against.toml": "allies.Hungary.stance: expected one of support, oppose, undecided, abstain; got 'against'; did you mean 'oppose'?",
    "rule-synonym-qmv.toml": "rule: expected one of unanimity, consensus, majority, qualified-majority, security-council, constructive-abstention or a table; got 'qmv'; did you mean 'qualified-majority'?",
    "ally-not-member-sweden-2023.toml": "allies.Sweden: 'Sweden' (SWE, Sweden) is not a member on 2023-06-01",
    "ally-outside-member-list.toml": "allies.Hungary: 'Hungary' (HUN, Hungary) is not a member of the members list",
    "as-of-before-1949.toml": "as_of: NATO has no members on 1949-04-03; expected a date on or after 1949-04-04",
    "binary-data.toml": "line 1: binary data (a NUL byte); expected a UTF-8 TOML file",
    "body-all-weights-zero.toml": "rule: the rule weights by weight but every member's weight is 0; expected at least one weight > 0",
    "body-bad-member-code.toml": "body.members.A-1: bad member code 'A-1'; expected 2-8 letters or digits",
    "body-empty.toml": "body.members: expected at least one member; got none",
    "body-member-population-string.toml": "body.members.AA.population: expected an integer, got a string",
    "body-member-unknown-key.toml": "body.members.AA.populaton: unknown key 'populaton'; expected one of name, population, weight, veto; did you mean 'population'?",
    "body-name-is-other-code.toml": "body.members.AA.name: name 'BB' is member BB's code; expected a name that is no other member's code",
    "body-names-equal-up-to-case.toml": "body.members.BB.name: name 'alpha' is member AA's name 'Alpha' up to case, accents or spacing; expected a name of its own",
    "body-names-equal-up-to-spacing.toml": "body.members.BB.name: name 'new land' is member AA's name 'New Land' up to case, accents or spacing; expected a name of its own",
    "body-population-rule-without-population.toml": "rule: the rule weights by population but member AAA has none; expected a population > 0",
    "body-unknown-member.toml": "allies.Hungary: unknown member 'Hungary'; expected an English name, code or alias of a member",
    "candidate-id-with-space.toml": "candidates.\"mark rutte\": expected a candidate id of 1-40 letters, digits, '-' or '_'",
    "candidate-ids-differ-in-case.toml": "candidates.Rutte: candidate id 'Rutte' differs from 'rutte' only in case; expected ids that differ in more than case",
    "deadline-before-as-of.toml": "deadline: deadline 2024-01-01 is before as_of 2024-04-02; expected a date on or after it",
    "deal-names-differ-in-case.toml": "deals[2].name: deal name 'assurance' differs from deals[1]'s 'Assurance' only in case or spacing; expected unique names",
    "deal-without-effects.toml": "deals[1].effects: no effects; expected at least one ally = stance",
    "deep-nesting.toml": "line 3: expected arrays and tables nested at most 16 deep; got 5000 levels",
    "duplicate-ally-code-and-name.toml": 'allies."United States": United States (USA) is listed twice (also as allies.USA)',
    "duplicate-ally-under-alias.toml": 'allies."Türkiye": Türkiye (TUR) is listed twice (also as allies.Turkey)',
    "duplicate-body-member-code.toml": "body.members.AAA: code 'AAA' is also the code of body.members.aaa (codes are case-insensitive); expected a code of its own",
    "duplicate-deal-id.toml": "deals[2].id: id 'Offer' is also deals[1]'s; expected unique deal ids",
    "duplicate-deal-name.toml": "deals[2].name: a second deal named 'Assurance'; expected unique names",
    "duplicate-effect-under-alias.toml": "deals[1].effects: TUR is named twice (under two of its names)",
    "duplicate-influence-edge.toml": "influence[2]: a second edge HUN -> SVK; expected one edge per pair",
    "duplicate-member-in-list.toml": "members[3]: 'Britain' (GBR) is listed twice",
    "empty-file.toml": "title: missing required key 'title'",
    "empty-member-list.toml": "members: empty member list; expected at least one member",
    "event-ally-and-withdraw.toml": "events[1]: expected exactly one of 'ally' (with 'stance'), 'withdraw' or 'deal'; got ally, withdraw",
    "event-ally-without-stance.toml": "events[1]: missing required key 'stance' for an ally event",
    "event-before-as-of.toml": "events[1].date: event dated 2024-03-01 is before as_of 2024-04-02; expected a date on or after it",
    "event-without-action.toml": "events[1]: expected exactly one of 'ally' (with 'stance'), 'withdraw' or 'deal'",
    "focal-date-before-as-of.toml": "focal_dates[2]: focal date 2024-03-21 is before as_of 2024-04-02; expected a date on or after it",
    "influence-on-itself.toml": "influence[1]: HUN influences itself; expected two different allies",
    "invalid-utf8.toml": "line 4: not valid UTF-8 at byte 72; expected a UTF-8 TOML file",
    "limit-dotted-key.toml": "line 4: expected a key or table header of at most 16 dotted parts; got 17",
    "limit-line-length.toml": "line 4: expected a line of at most 100000 characters; got 100015",
    "limit-long-ally-key.toml": 'allies."HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH…(1001 characters)…HH": expected a name of at most 1000 characters; got 1001',
    "limit-long-reason.toml": "allies.Hungary.reason: expected at most 10000 characters; got 10001",
    "limit-long-title.toml": "title: expected at most 1000 characters; got 1001",
    "limit-nesting-17.toml": "line 3: expected arrays and tables nested at most 16 deep; got 17 levels",
    "limit-table-header.toml": "line 3: expected a key or table header of at most 16 dotted parts; got 17",
    "limit-too-many-body-members.toml": "body.members: expected at most 1000 members; got 1001",
    "limit-too-many-candidates.toml": "candidates: expected at most 100 candidates; got 101",
    "long-ally-name.toml": "allies.\"HungaryHungaryHungaryHungaryHungaryHungaryHungaryHungaryHung…(896 characters)…ry\": unknown ally 'HungaryHungaryHungaryHungaryHungaryHungaryHungaryHungaryHung…(896 characters)…ry'; expected an English name, code or alias of a member on 2024-04-02",
    "long-stance-string.toml": "allies.Hungary.stance: expected one of support, oppose, undecided, abstain; got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(50000 characters)…xx'",
    "missing-as-of.toml": "as_of: missing required key 'as_of'",
    "missing-deal-effects.toml": "deals[1].effects: missing required key 'effects'",
    "missing-title.toml": "title: missing required key 'title'",
    "nominating-ally-not-member.toml": "candidates.x.nominated_by: 'Sweden' (SWE, Sweden) is not a member on 2023-06-01",
    "p-move-and-median-days.toml": "allies.Hungary.median_days: p_move is given for 'rutte' too; expected either p_move or median_days for candidate 'rutte', not both",
    "proposal-and-candidates.toml": "proposal: both [candidates] and [proposal]; expected one of them",
    "range-body-population-absurd.toml": "body.members.AA.population: expected an integer <= 10000000000",
    "range-body-weight-absurd.toml": "body.members.AA.weight: expected a number <= 1000000000",
    "range-body-weight-nan.toml": "body.members.AA.weight: expected a finite number in [0, 1000000000]; got nan",
    "range-cost-absurd.toml": "allies.Hungary.cost: expected a number <= 1000000000",
    "range-cost-inf.toml": "allies.Hungary.cost: expected a finite number in (0, 1000000000]; got inf",
    "range-cost-negative.toml": "allies.Hungary.cost: expected a number > 0",
    "range-cost-zero.toml": "allies.Hungary.cost: expected a number > 0",
    "range-deal-cost-inf.toml": "deals[1].cost: expected a finite number in (0, 1000000000]; got inf",
    "range-deal-cost-negative.toml": "deals[1].cost: expected a number > 0",
    "range-influence-weight-inf.toml": "influence[1].weight: expected a finite number in (0, 1]; got inf",
    "range-influence-weight-zero.toml": "influence[1].weight: expected a number > 0",
    "range-median-days-absurd.toml": "allies.Hungary.median_days: expected a number <= 1000000",
    "range-median-days-zero.toml": "allies.Hungary.median_days: expected a number > 0",
    "range-nan-cost.toml": "allies.Hungary.cost: expected a finite number in (0, 1000000000]; got nan",
    "range-p-move-above-one.toml": "allies.Hungary.p_move: expected a number <= 1",
    "range-p-move-nan.toml": "allies.Hungary.p_move: expected a finite number in [0, 1]; got nan",
    "range-rule-blocking-min-absurd.toml": "rule.blocking_min: expected an integer <= 1000",
    "range-rule-quota-inf.toml": "rule.quota: expected a finite number in (0, 1]; got inf",
    "range-rule-quota-zero.toml": "rule.quota: expected a number > 0",
    "range-seats-absurd.toml": "seats: expected an integer <= 100",
    "range-seats-zero.toml": "seats: expected an integer >= 1",
    "range-threshold-above-one.toml": "allies.Slovakia.threshold: expected a number <= 1",
    "range-threshold-negative-inf.toml": "allies.Slovakia.threshold: expected a finite number in (0, 1]; got -inf",
    "range-threshold-zero.toml": "allies.Slovakia.threshold: expected a number > 0",
    "range-withdraw-cost-zero.toml": "candidates.rutte.withdraw_cost: expected a number > 0",
    "rule-table-bad-weight.toml": "rule.weight: expected one of population, weight, one; got 'ones'; did you mean 'one'?",
    "rule-table-unknown-key.toml": "rule.weigth: unknown key 'weigth'; expected one of quota, weight, min_members, blocking_min, min_count, veto_members; did you mean 'weight'?",
    "stance-and-stances-disagree.toml": "allies.Hungary.stances.rutte: stance 'oppose' and stances.rutte 'support' disagree; expected one of them",
    "syntax-bare-word-value.toml": "line 3, column 8: invalid TOML: invalid value; expected a quoted string, a number, true or false, a date, an array or an inline table",
    "syntax-control-character.toml": "line 1, column 13: invalid TOML: illegal character '\\x07'",
    "syntax-duplicate-key.toml": "line 3, column 16: invalid TOML: a key is given twice (cannot overwrite a value)",
    "syntax-impossible-date.toml": "line 2, column 9: invalid TOML: invalid date or date-time; expected a real calendar day, YYYY-MM-DD",
    "syntax-invalid-escape.toml": "line 1, column 16: invalid TOML: unescaped '\\' in a string",
    "syntax-key-without-equals.toml": "line 4, column 8: invalid TOML: expected '=' after a key in a key/value pair",
    "syntax-missing-value.toml": "line 1, column 8: invalid TOML: invalid value; expected a quoted string, a number, true or false, a date, an array or an inline table",
    "syntax-table-defined-twice.toml": "line 5, column 16: invalid TOML: table [allies.Hungary] is declared twice",
    "syntax-text-after-value.toml": "line 1, column 13: invalid TOML: more text after a value; expected a line break (one key = value per line)",
    "syntax-unclosed-array.toml": "line 3 (end of file): invalid TOML: unclosed array",
    "syntax-unclosed-inline-table.toml": "line 7 (end of file): invalid TOML: unclosed inline table",
    "syntax-unclosed-string.toml": "line 1, column 22: invalid TOML: line break inside a string; expected the closing quote on the same line",
    "syntax-unclosed-table-header.toml": "line 3, column 16: invalid TOML: expected ']' at the end of a table declaration",
    "type-ally-not-table.toml": "allies.Hungary: expected a table, got a string",
    "type-as-of-datetime.toml": "as_of: expected a date (YYYY-MM-DD), got a date-time",
    "type-as-of-impossible-date-string.toml": "as_of: expected a real calendar day, YYYY-MM-DD",
    "type-as-of-local-time.toml": "as_of: expected a date (YYYY-MM-DD), got a time",
    "type-candidates-array.toml": "candidates: expected a table, got an array",
    "type-cost-string.toml": "allies.Hungary.cost: expected a number, got a string",
    "type-event-date-datetime.toml": "events[1].date: expected a date (YYYY-MM-DD), got a date-time",
    "type-events-table.toml": "events: expected an array, got a table",
    "type-members-string.toml": "members: expected an array, got a string",
    "type-stance-integer.toml": "allies.Hungary.stance: expected one of support, oppose, undecided, abstain, got an integer",
    "type-threshold-boolean.toml": "allies.Slovakia.threshold: expected a number, got true or false",
    "type-title-integer.toml": "title: expected a string, got an integer",
    "unknown-ally-in-influence.toml": "influence[1].to: unknown ally 'Slovaka'; expected an English name, code or alias of a member on 2024-04-02; did you mean 'Slovakia'?",
    "unknown-ally-in-on-withdraw.toml": "candidates.iohannis.on_withdraw.Romnia: unknown ally 'Romnia'; expected an English name, code or alias of a member on 2024-04-02; did you mean 'Romania'?",
    "unknown-ally-key.toml": "allies.Hungary.stanse: unknown key 'stanse'; expected one of stance, stances, cost, threshold, p_move, median_days, holdout, reason, source, since, demands, linked; did you mean 'stance'?",
    "unknown-ally.toml": "allies.Hungry: unknown ally 'Hungry'; expected an English name, code or alias of a member on 2024-04-02; did you mean 'Hungary'?",
    "unknown-body.toml": "body: expected one of nato, eu, unsc or a table; got 'un'; did you mean 'unsc'?",
    "unknown-candidate-in-deal.toml": "deals[1].candidate: unknown candidate 'rute'; expected one of rutte, iohannis; did you mean 'rutte'?",
    "unknown-candidate-in-p-move.toml": "allies.Hungary.p_move.iohanis: unknown candidate 'iohanis'; expected one of rutte, iohannis; did you mean 'iohannis'?",
    "unknown-candidate-in-stances.toml": "allies.Hungary.stances.iohanis: unknown candidate 'iohanis'; expected one of rutte, iohannis; did you mean 'iohannis'?",
    "unknown-candidate-key.toml": "candidates.rutte.nominated: unknown key 'nominated'; expected one of name, nominated_by, default, on_withdraw, withdraw_cost; did you mean 'nominated_by'?",
    "unknown-deal-in-event.toml": "events[1].deal: unknown deal 'Asurance'; expected one of the [[deals]] names or ids; did you mean 'Assurance'?",
    "unknown-default-stance.toml": "defaults.stance: expected one of support, oppose, undecided, abstain; got 'yes'; did you mean 'support'?",
    "unknown-event-key.toml": "events[1].allly: unknown key 'allly'; expected one of date, ally, stance, candidate, withdraw, deal, source, note; did you mean 'ally'?",
    "unknown-influence-key.toml": "influence[1].weigth: unknown key 'weigth'; expected one of from, to, weight, reason, source; did you mean 'weight'?",
    "unknown-member-in-list.toml": "members[2]: unknown ally 'Germny'; expected an English name, code or alias of a member; did you mean 'Germany'?",
    "unknown-nominating-ally.toml": "candidates.rutte.nominated_by: unknown ally 'Nederland'; expected an English name, code or alias of a member on 2024-04-02; did you mean 'Netherlands'?",
    "unknown-rule.toml": "rule: expected one of unanimity, consensus, majority, qualified-majority, security-council, constructive-abstention or a table; got 'unanimous'; did you mean 'unanimity'?",
    "unknown-stance.toml": "allies.Hungary.stance: expected one of support, oppose, undecided, abstain; got 'suport'; did you mean 'support'?",
    "unknown-top-level-key.toml": "deadlin: unknown key 'deadlin'; expected one of title, as_of, members, rule, body, deadline, seats, kind, focal_dates, fallback, candidates, proposal, defaults, allies, influence, deals, events; did you mean 'deadline'?",
    "unknown-withdraw-candidate.toml": "events[1].withdraw: unknown candidate 'kallas'; expected one of rutte, iohannis",
    "utf16-with-bom.toml": "line 1: UTF-16 text (byte order mark); expected a UTF-8 TOML file",
    "withdraw-absent-candidate.toml": "events[1].withdraw: unknown candidate 'iohannis'; expected one of proposal",
    "withdraw-every-candidate.toml": "events[2]: every candidate would have withdrawn; expected at least one to remain",
    "withdraw-twice.toml": "events[2].withdraw: 'iohannis' has already withdrawn; expected a candidate still in the race",
}

PLACE = re.compile(r"^(line \d+(, column \d+| \(end of file\))?|byte \d+|(\w|\"[^\"]+\")[\w\"\[\]. ()…-]*)$")
"""What the place in a message looks like: a line, the end of the file, a byte, or a key path."""


def _bad_files() -> list[str]:
    return sorted(p.name for p in BAD.glob("*.toml") if not p.name.startswith("ok-"))


def test_the_corpus_is_large_and_every_file_has_an_expected_message() -> None:
    files = _bad_files()
    assert len(files) >= 50
    assert sorted(EXPECTED) == files, "every tests/bad/ file needs an EXPECTED entry, and every entry a file"
    assert len(set(EXPECTED.values())) >= len(EXPECTED) - 4, "nearly every file should give its own message"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_run_reports_one_line_with_file_and_place(cli: Cli, tmp_path: Path, name: str) -> None:
    path = str(BAD / name)
    out = tmp_path / "out.txt"
    result = cli("run", path, "--output", str(out))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: {path}: {EXPECTED[name]}\n"
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr) < 400
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_library_raises_natosim_error_with_file_and_place(name: str) -> None:
    path = str(BAD / name)
    with pytest.raises(NatosimError) as info:
        natosim.load(path)
    error = info.value
    assert error.file == path
    assert error.where, f"{name}: the message names no place"
    assert PLACE.match(str(error).removeprefix(f"{path}: ").split(": ", 1)[0]), str(error)
    assert str(error) == f"{path}: {EXPECTED[name]}"


@pytest.mark.parametrize("name", ["unknown-ally.toml", "syntax-unclosed-string.toml", "binary-data.toml"])
def test_every_command_that_reads_a_scenario_fails_the_same_way(cli: Cli, name: str) -> None:
    path = str(BAD / name)
    for args in (("run", path), ("what-if", path, "--flip", "Hungary"), ("paths", path), ("validate", path)):
        result = cli(*args, "--format", "json")
        assert result.exit_code == 2, args
        assert result.stderr == f"natosim: error: {path}: {EXPECTED[name]}\n", args
        if args[0] == "validate":  # its report lists the problems
            assert [f"{p['file']}: {p['where']}: {p['message']}" for p in json.loads(result.stdout)["problems"]] == [
                f"{path}: {EXPECTED[name]}"
            ]
        else:
            assert result.stdout == ""


def test_validate_reports_each_bad_file_on_its_own_line(cli: Cli) -> None:
    names = ["unknown-ally.toml", "range-cost-zero.toml"]
    result = cli("validate", *(str(BAD / n) for n in names), "rutte-2024-04")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"natosim: error: {BAD / n}: {EXPECTED[n]}" for n in names]


def test_a_file_larger_than_4_mib_is_refused(cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    line = "# " + "x" * 1000 + "\n"
    huge.write_text('title = "huge"\nas_of = 2024-04-02\n' + line * (MAX_BYTES // len(line) + 10), encoding="utf-8")
    assert huge.stat().st_size > 4 * 1024 * 1024
    result = cli("run", str(huge))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: {huge}: byte {MAX_BYTES + 1}: file is larger than 4 MiB; expected a scenario file\n"


def test_a_huge_file_on_stdin_is_refused(cli: Cli) -> None:
    data = b'title = "huge"\nas_of = 2024-04-02\n' + b"#" * (MAX_BYTES + 10)
    result = cli("run", "-", input=data)
    assert result.exit_code == 2
    assert result.stderr.startswith("natosim: error: <stdin>: byte ")


def test_bad_input_on_stdin_is_named_stdin(cli: Cli) -> None:
    result = cli("run", "-", input=(BAD / "unknown-stance.toml").read_bytes())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: <stdin>: {EXPECTED['unknown-stance.toml']}\n"


def test_a_missing_file_suggests_a_bundled_scenario(cli: Cli) -> None:
    result = cli("run", "rutte-2024-4")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("natosim: error: rutte-2024-4: no such file; expected a scenario file, '-' or a bundled scenario")
    assert result.stderr.endswith("did you mean 'rutte-2024-04'?\n")


def test_a_directory_is_not_a_scenario(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"natosim: error: {tmp_path}: is a directory; expected a scenario file\n"


@pytest.mark.parametrize("name", ["ok-utf8-bom.toml", "ok-crlf.toml"])
def test_a_utf8_bom_and_crlf_line_endings_are_valid(cli: Cli, name: str) -> None:
    raw = (BAD / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") if "bom" in name else b"\r\n" in raw
    scenario = natosim.load(str(BAD / name))
    assert scenario.title == "Bad scenario"
    assert len(scenario.members) == 32
    assert scenario.positions["HUN"].reason == "Türkiye and Hungary, with a BOM"
    result = cli("run", str(BAD / name), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidates"][0]["counts"] == {"support": 0, "oppose": 1, "undecided": 31, "abstain": 0}
    assert {"code": "HUN", "name": "Hungary", "stance": "oppose"}.items() <= next(
        b for b in data["candidates"][0]["blockers"] if b["code"] == "HUN"
    ).items()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("what-if", "--flip", "Hungry"),
            "--flip Hungry: unknown ally 'Hungry'; expected an English name, code or alias of a member; did you mean 'Hungary'?",
        ),
        (
            ("what-if", "--flip", "Hungary=yes"),
            "--flip Hungary=yes: unknown stance 'yes'; expected one of support, oppose, undecided, abstain; did you mean 'support'?",
        ),
        (
            ("what-if", "--candidate", "rute", "--flip", "Hungary"),
            "--candidate: unknown candidate 'rute'; expected one of rutte, iohannis; did you mean 'rutte'?",
        ),
        (("what-if",), "nothing to change; expected at least one --flip, --withdraw or --deal"),
        (("run", "--at", "2024-02-30"), "--at: '2024-02-30' is not a valid date; expected YYYY-MM-DD (a real calendar day)"),
        (
            ("run", "--rule", "unanimous"),
            "--rule: unknown rule 'unanimous'; expected one of unanimity, consensus, majority, qualified-majority, security-council, constructive-abstention or quota=Q[,weight=W,min_members=M,blocking_min=B]; did you mean 'unanimity'?",
        ),
    ],
)
def test_bad_options_give_one_line_and_exit_2(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: {message}\n"


def test_overlong_names_are_clipped_in_messages() -> None:
    error = NatosimError(f"unknown ally '{'x' * 5000}'", file="a.toml", where="allies." + "x" * 5000)
    text = str(error)
    assert "\n" not in text
    assert len(text) < 250
    assert "(5007 characters)" in text


MANY = """\
title = "Many problems"
as_of = 2024-04-02
seats = 0
bogus = 1

[allies.Hungary]
stance = "opose"
cost = -1

[allies.Narnia]
stance = "support"

[[influence]]
from = "Hungary"
to = "Slovakia"
weight = 7

[[influence]]
from = "Hungary"
to = "Hungary"

[[deals]]
name = "Offer"
effects = { Hungary = "maybe" }

[[events]]
date = 2024-01-01
ally = "Hungary"
stance = "support"

[[events]]
date = 2024-05-01
deal = "Offer"

[[events]]
date = 2024-05-02
ally = "Atlantis"
stance = "support"
"""


def test_check_reports_every_problem_with_its_line_and_place() -> None:
    found = [(p.line, p.where, p.message.split(";")[0]) for p in natosim._engine.scenario.check_text(MANY, path="many.toml")]
    assert found == [
        (3, "seats", "expected an integer >= 1"),
        (4, "bogus", "unknown key 'bogus'"),
        (7, "allies.Hungary.stance", "expected one of support, oppose, undecided, abstain"),
        (8, "allies.Hungary.cost", "expected a number > 0"),
        (10, "allies.Narnia", "unknown ally 'Narnia'"),
        (16, "influence[1].weight", "expected a number <= 1"),
        (18, "influence[2]", "HUN influences itself"),  # numbered as in the file, though influence[1] is left out
        (24, "deals[1].effects.Hungary", "expected one of support, oppose, undecided, abstain"),
        (27, "events[1].date", "event dated 2024-01-01 is before as_of 2024-04-02"),
        (37, "events[3].ally", "unknown ally 'Atlantis'"),  # events[2] names the broken deal: no second problem for it
    ]


def test_load_raises_one_of_the_problems_check_lists() -> None:
    with pytest.raises(NatosimError) as caught:
        natosim.parse(MANY, path="many.toml")
    assert str(caught.value) in [str(p) for p in natosim._engine.scenario.check_text(MANY, path="many.toml")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_finds_what_load_raises_in_every_corpus_file(name: str) -> None:
    path = str(BAD / name)
    with pytest.raises(NatosimError) as caught:
        natosim.load(path)
    problems = natosim._engine.scenario.check(path)
    assert str(caught.value) in [str(p) for p in problems]
    assert all(p.file == path for p in problems)


def test_the_roster_checks_wait_for_a_valid_as_of_and_body() -> None:
    text = 'title = "T"\nas_of = "soon"\n[allies.Narnia]\nstance = "support"\n[allies.Hungary]\nstance = "x"\n'
    found = [(p.where, p.message.split(";")[0]) for p in natosim._engine.scenario.check_text(text)]
    assert found == [
        ("as_of", "expected a real calendar day, YYYY-MM-DD"),
        ("allies.Hungary.stance", "expected one of support, oppose, undecided, abstain"),
    ]


def test_a_valid_file_has_no_problems() -> None:
    assert natosim._engine.scenario.check("rutte-2024") == ()


def test_validate_lists_every_problem_of_every_file_in_json(cli: Cli, tmp_path: Path) -> None:
    many = tmp_path / "many.toml"
    many.write_text(MANY, encoding="utf-8")
    result = cli("validate", str(many), str(BAD / "unknown-ally.toml"), "rutte-2024-04", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [v["file"] for v in report["valid"]] == ["rutte-2024-04"]
    assert len(report["problems"]) == 11
    assert {tuple(p) for p in report["problems"]} == {("file", "line", "where", "message")}
    assert report["problems"][0] == {"file": str(many), "line": 3, "where": "seats", "message": "expected an integer >= 1"}
    assert report["problems"][-1]["file"] == str(BAD / "unknown-ally.toml")
    assert len(result.stderr.splitlines()) == 11  # and one line per problem on stderr
    assert all(line.startswith("natosim: error: ") for line in result.stderr.splitlines())


def test_validate_csv_has_a_row_per_valid_file_and_per_problem(cli: Cli, tmp_path: Path) -> None:
    import csv

    many = tmp_path / "many.toml"
    many.write_text(MANY, encoding="utf-8")
    result = cli("validate", "rutte-2024-04", str(many), "--format", "csv")
    assert result.exit_code == 2
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["valid"] for r in rows] == ["true"] + ["false"] * 10
    assert (rows[1]["line"], rows[1]["where"]) == ("3", "seats")


def test_validate_of_a_syntax_error_has_one_problem_with_its_line(cli: Cli) -> None:
    result = cli("validate", "-", "--format", "json", input='title = "T" x\nas_of = 2024-04-02\n')
    assert result.exit_code == 2
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["line"], problem["where"]) == ("<stdin>", 1, "line 1, column 13")


def test_check_stops_after_max_problems_and_says_so() -> None:
    from natosim._engine.scenario import MAX_PROBLEMS

    text = 'title = "T"\nas_of = 2024-04-02\n' + "".join(
        f'[[events]]\ndate = 2024-05-01\nally = "Hungary"\nstance = "s{i}"\n' for i in range(1500)
    )
    problems = natosim._engine.scenario.check_text(text)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[MAX_PROBLEMS - 1].where == f"events[{MAX_PROBLEMS}].stance"
    assert problems[-1].message == f"more problems may follow; expected at most {MAX_PROBLEMS} in a file"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("forecast", "--trials", "x"), "--trials: expected an integer; got 'x' (see natosim forecast --help)"),
        (("forecast", "--seed", "-3"), "--seed: expected an integer >= 0; got '-3' (see natosim forecast --help)"),
        (("paths", "--budget", "-1"), "--budget: expected a number >= 0; got '-1' (see natosim paths --help)"),
        (("paths", "--max", "0"), "--max: expected an integer >= 1; got '0' (see natosim paths --help)"),
        (
            ("power", "--index", "banzaf"),
            "--index: expected one of banzhaf, shapley-shubik, both; got 'banzaf'; did you mean 'banzhaf'? (see natosim power --help)",
        ),
        (
            ("run", "-f", "jsn"),
            "--format: expected one of table, json, csv, markdown; got 'jsn'; did you mean 'json'? (see natosim run --help)",
        ),
        (("run", "--forse"), "--forse: no such option; did you mean '--force'? (see natosim run --help)"),
        (("run", "--at"), "--at: expected a value after it (see natosim --help)"),
        (("run", "a.toml", "b.toml"), "unexpected extra argument(s) 'b.toml' (see natosim run --help)"),
        (("validate",), "FILES: missing; expected at least one (see natosim validate --help)"),
        (
            ("rnu",),
            "no such command 'rnu'; expected one of allies, backtest, compare-rules, diff, forecast, graph, init, paths, power, report, run, scenarios, schema, sensitivity, timeline, validate, what-if; did you mean 'run'? (see natosim --help)",
        ),
        (("forecast", "--trials", "x\x1b[2J\ny"), "--trials: expected an integer; got 'x y' (see natosim forecast --help)"),
    ],
)
def test_parser_errors_are_one_line_naming_the_option(cli: Cli, args: tuple[str, ...], line: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: {line}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("allies", "--body", "EU"),
        ("allies", "--body", "Nato", "--as-of", "2024-04-02"),
        ("run", "-f", "JSON"),
        ("run", "--format", "Markdown"),
        ("graph", "-f", "DOT"),
        ("power", "--index", "BANZHAF"),
        ("run", "--rule", "Unanimity"),
        ("run", "--rule", "QUOTA=0.65,Weight=Population"),
        ("init", "--body", "EU"),
    ],
)
def test_choices_are_case_insensitive(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("allies", "--body", "un"), "--body: unknown body 'un'; expected one of nato, eu, unsc; did you mean 'unsc'?"),
        (("allies", "--as-of", "1949-04-03"), "--as-of: NATO has no members on 1949-04-03; expected a date on or after 1949-04-04"),
        (("init", "--as-of", "1900-01-01"), "--as-of: NATO has no members on 1900-01-01; expected a date on or after 1949-04-04"),
        (("forecast", "--trials", "100000000"), "--trials: 100,000,000; expected 1 to 10,000,000"),
        (
            ("forecast", "--deadline", "2999-12-31"),
            "--deadline: 2999-12-31 is 356,384 days after as_of; expected a deadline within 100 years",
        ),
        (("run", "--rule", "quota=0.6,weight=gdp"), "--rule: weight: expected one of population, weight, one; got 'gdp'"),
        (
            ("run", "--rule", "quota=0.6,foo=1"),
            "--rule: foo: unknown key 'foo'; expected one of quota, weight, min_members, blocking_min, min_count, veto_members",
        ),
    ],
)
def test_option_errors_name_the_option(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == f"natosim: error: {message}\n"


def test_engine_errors_name_the_file(cli: Cli, tmp_path: Path) -> None:
    far = tmp_path / "far.toml"
    far.write_text('title = "T"\nas_of = 2024-04-02\ndeadline = 2200-01-01\n', encoding="utf-8")
    result = cli("forecast", str(far), "--trials", "100")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"natosim: error: {far}: deadline: 2200-01-01 is 64,191 days after as_of; expected a deadline within")
    result = cli("forecast", str(far), "--trials", "100", "--deadline", "2200-01-01")
    assert result.stderr.startswith("natosim: error: --deadline: 2200-01-01 is")  # the option, when it was given


@pytest.mark.parametrize(
    "args",
    [
        ("run", "x" * 200_000),
        ("run", "a\nb" * 1000 + ".toml"),
        ("forecast", "--trials", "x" * 200_000),
        ("run", "--" + "x" * 200_000),
        ("what-if", "--flip", "H" * 200_000),
        ("allies", "--body", "e\nu" * 50_000),
        ("validate", "x" * 200_000, "y\ny"),
    ],
)
def test_error_lines_are_short_single_lines_whatever_was_typed(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert line.startswith("natosim: error: ")
        assert len(line) < 400, line[:100]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('title = "T"\nas_of = 2024-13-02\n', "line 2, column 13", "invalid TOML: invalid date; expected a real calendar day, YYYY-MM-DD"),
        (
            'title = "T"\nas_of = 2024-02-30\n',
            "line 2, column 9",
            "invalid TOML: invalid date or date-time; expected a real calendar day, YYYY-MM-DD",
        ),
        ('title = "T"\nx = [1,\n2\n\n', "line 3 (end of file)", "invalid TOML: unclosed array"),
        ('title = "T" x\n', "line 1, column 13", "invalid TOML: more text after a value; expected a line break (one key = value per line)"),
    ],
)
def test_toml_syntax_errors_are_placed_on_their_line(text: str, where: str, message: str) -> None:
    (problem,) = natosim._engine.scenario.check_text(text, path="s.toml")
    assert (problem.where, problem.message) == (where, message)
    assert problem.line == int(where.split()[1].rstrip(","))


def test_every_bad_name_of_a_member_list_or_a_declared_body_is_reported() -> None:
    listed = 'title = "T"\nas_of = 2024-04-02\nmembers = ["Hungary", "Narnia", "Hungary", "Atlantis"]\n'
    assert [p.where for p in natosim._engine.scenario.check_text(listed)] == ["members[2]", "members[3]", "members[4]"]
    body = (
        'title = "T"\nas_of = 2024-04-02\n[body]\nname = "B"\n'
        '[body.members.AA]\nname = "Alpha"\n[body.members.BB]\nname = "alpha"\n[body.members.CC]\nname = "AA"\n'
        '[allies.Nowhere]\nstance = "support"\n'  # not looked for: the members are not known for sure
    )
    found = [(p.where, p.message.split(";")[0]) for p in natosim._engine.scenario.check_text(body)]
    assert found == [
        ("body.members.BB.name", "name 'alpha' is member AA's name 'Alpha' up to case, accents or spacing"),
        ("body.members.CC.name", "name 'AA' is member AA's code"),
    ]


def test_a_missing_toml_suffix_is_suggested(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "eu18.toml").write_text('title = "t"\nas_of = 2024-01-01\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = cli("run", "../eu18")
    assert result.exit_code == 2
    assert result.stderr.endswith("; did you mean '../eu18.toml'?\n")


def test_bundled_names_ignore_case(cli: Cli) -> None:
    assert cli("run", "Rutte-2024-04", "--format", "json").stdout == cli("run", "rutte-2024-04", "--format", "json").stdout


def test_flip_takes_several_allies_separated_by_commas(cli: Cli) -> None:
    # `--flip Hungary,Turkey` used to look up one ally named "Hungary,Turkey"
    together = cli("what-if", "--flip", "Hungary,Turkey=abstain", "--format", "json")
    apart = cli("what-if", "--flip", "Hungary", "--flip", "Turkey=abstain", "--format", "json")
    assert together.exit_code == 0
    assert json.loads(together.stdout) == json.loads(apart.stdout)


@pytest.mark.parametrize(("word", "meant"), [("veto", "oppose"), ("against", "oppose"), ("yes", "support"), ("neutral", "undecided")])
def test_stance_synonyms_get_a_suggestion(cli: Cli, word: str, meant: str) -> None:
    result = cli("what-if", "--flip", f"Hungary={word}")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(f"did you mean '{meant}'?")


# --- errors carry the library parameter; the command line names its option once -------------------------------


def test_no_public_function_takes_a_label() -> None:
    import inspect

    from natosim import api

    takes = [
        n for n in api.__all__ if callable(f := getattr(api, n)) and not isinstance(f, type) and "label" in inspect.signature(f).parameters
    ]
    assert takes == []
    assert not hasattr(api, "Label")
    assert not hasattr(api, "Named")


@pytest.mark.parametrize(
    ("call", "where", "param", "item"),
    [
        (lambda: natosim.api.what_if(flip=["Turkey", "Hungry"]), "what_if(flip=...)", "flip", "Hungry"),
        (lambda: natosim.api.what_if(flip={"Hungary": "maybe"}), "what_if(flip=...)", "flip", "Hungary=maybe"),
        (lambda: natosim.api.paths(exclude="Hungry"), "paths(exclude=...)", "exclude", "Hungry"),
        (lambda: natosim.api.paths(limit=0), "paths(limit=...)", "limit", None),  # checked by find_paths: named by paths
        (lambda: natosim.api.evaluate(rule="quota=x"), "evaluate(rule=...) quota", "rule", None),
        (lambda: natosim.api.init(as_of="1800-01-01"), "init(as_of=...)", "as_of", None),  # checked by allies
        (lambda: natosim.api.diff("rutte-2024-04", at=["2000-01-01"]), "diff(at=...)", "at", None),
    ],
)
def test_library_errors_carry_the_parameter(call: Callable[[], object], where: str, param: str, item: str | None) -> None:
    with pytest.raises(NatosimError) as caught:
        call()
    assert (caught.value.where, caught.value.param, caught.value.item) == (where, param, item)
    assert str(caught.value).startswith(f"{where}: ")


def test_mentions_are_called_by_the_caller() -> None:
    with pytest.raises(NatosimError) as caught:
        natosim.api.what_if()
    assert str(caught.value) == "nothing to change; expected at least one flip, withdraw or deal"
    assert caught.value.mentions == {"flip": "flip", "withdraw": "withdraw", "deal": "deal"}
    called = caught.value.placed(file=None, where=None, calls={"flip": "--flip", "deal": "--deal"})
    assert str(called) == "nothing to change; expected at least one --flip, withdraw or --deal"
    assert str(NatosimError("braces {kept} as written")) == "braces {kept} as written"


def test_the_boundary_names_options_from_clicks_own_parameters() -> None:
    import typer

    from natosim.cli import app
    from natosim.cli.errors import placed

    group = typer.main.get_command(app)
    ctx = group.make_context("natosim", ["run"], resilient_parsing=True)

    def params(name: str) -> list[object]:
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None
        return list(command.params)

    def shown(command: str, error: NatosimError) -> str:
        return str(placed(error, params(command)))

    assert shown("paths", NatosimError("x", param="limit")) == "--max: x"
    assert shown("power", NatosimError("x", param="limit")) == "--list: x"
    assert shown("paths", NatosimError("x", param="exclude", item="Hungry")) == "--exclude Hungry: x"
    assert shown("paths", NatosimError("x", param="candidate", item="zz")) == "--candidate: x"  # not repeatable: no item
    assert shown("what-if", NatosimError("x", param="cascade")) == "--no-cascade: x"
    assert shown("init", NatosimError("x", param="copy_of")) == "--from: x"
    assert shown("compare-rules", NatosimError("x", param="rules", within=" quota")) == "--rule quota: x"
    assert shown("backtest", NatosimError("x", file="f", param="source")) == "f: x"  # an argument: named by its file
    assert shown("run", NatosimError("x", file="a.toml", param="scenario")) == "a.toml: x"
    assert shown("run", NatosimError("x", param="progress", where="run(progress=...)")) == "run(progress=...): x"  # no such option


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("diff", "rutte-2024-04", "--at", "2000-01-01"),
            "--at: 2000-01-01 is before the scenario's as_of 2024-04-02; expected a date on or after it",
        ),
        # the file's own deadline, not --deadline (which was not given)
        (
            ("forecast", "--at", "2025-01-01"),
            "rutte-2024-04: deadline: 2024-07-09 is before the scenario's as_of 2025-01-01; expected a date on or after it",
        ),
    ],
)
def test_engine_places_are_the_callers(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (2, f"natosim: error: {message}\n")
