"""Loading scenarios (stances, candidates, members) and the what-if and paths commands built on them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import Cli

import natosim
from natosim._engine import paths as search
from natosim._engine import scenario
from natosim.errors import NatosimError
from natosim.model import Stance

HEAD = 'title = "T"\nas_of = 2024-04-02\n'


def parse(text: str) -> natosim.Scenario:
    return natosim.parse(text, path="t.toml")


PRECEDENCE = (
    HEAD
    + """
[candidates.a]
name = "A"
[candidates.b]
name = "B"
default = "abstain"
[candidates.c]
name = "C"
[defaults]
stance = "oppose"
[allies.Hungary]
stance = "support"
stances = { b = "undecided", c = "support" }
[allies.Turkey]
stances = { a = "abstain" }
[allies.France]
reason = "no stance at all"
"""
)


def test_stance_precedence() -> None:
    s = parse(PRECEDENCE)
    # stances entry > stance (first candidate) > candidate default > [defaults].stance
    assert s.stances["a"]["HUN"] is Stance.SUPPORT  # `stance` is the first candidate's
    assert s.stances["b"]["HUN"] is Stance.UNDECIDED  # stances entry beats b's default
    assert s.stances["c"]["HUN"] is Stance.SUPPORT
    assert s.stances["a"]["TUR"] is Stance.ABSTAIN  # stances entry for the first candidate
    assert s.stances["b"]["TUR"] is Stance.ABSTAIN  # candidate default
    assert s.stances["c"]["TUR"] is Stance.OPPOSE  # [defaults].stance
    assert s.stances["b"]["FRA"] is Stance.ABSTAIN
    assert s.stances["c"]["FRA"] is Stance.OPPOSE
    assert s.positions["FRA"].reason == "no stance at all"


def test_undecided_when_nothing_is_said() -> None:
    s = parse(HEAD + '[candidates.a]\nname = "A"\n')
    assert set(s.stances["a"].values()) == {Stance.UNDECIDED}
    assert len(s.members) == 32


def test_defaults_of_positions() -> None:
    s = parse(HEAD + '[allies.Hungary]\nstance = "oppose"\ncost = 3\nthreshold = 0.25\np_move = 0.6\nsource = "S"\n')
    assert (s.positions["HUN"].cost, s.positions["HUN"].threshold, s.positions["HUN"].p_move) == (3, 0.25, 0.6)
    assert s.positions["HUN"].source == "S"
    assert (s.positions["FRA"].cost, s.positions["FRA"].threshold, s.positions["FRA"].p_move) == (1.0, 0.5, None)


TWO = HEAD + '[candidates.rutte]\nname = "Mark Rutte"\n[candidates.iohannis]\nname = "Klaus Iohannis"\n'


def test_seats_and_focal_dates() -> None:
    assert parse(HEAD).seats == 1
    assert parse(HEAD).focal_dates == ()
    s = parse('seats = 2\nfocal_dates = [2024-07-09, 2024-06-27, "2024-07-09", 2024-04-02]\n' + TWO)
    assert s.seats == 2
    assert s.focal_dates == (date(2024, 4, 2), date(2024, 6, 27), date(2024, 7, 9))  # sorted, without repeats; as_of itself is fine


def test_p_move_and_median_days_by_candidate() -> None:
    s = parse(
        TWO
        + "[allies.Hungary]\np_move = { rutte = 0.7, iohannis = 0.1 }\n"
        + "[allies.Romania]\np_move = 0.2\nmedian_days = { iohannis = 30 }\n"
        + "[allies.Turkey]\nmedian_days = 12\n"
        + "[allies.Slovakia]\np_move = { iohannis = 0.5 }\n"
    )
    hun, rou, tur, svk, fra = (s.positions[c] for c in ("HUN", "ROU", "TUR", "SVK", "FRA"))
    assert (hun.p_move, dict(hun.p_moves), dict(hun.median_days)) == (0.7, {"rutte": 0.7, "iohannis": 0.1}, {})
    assert (rou.p_move, dict(rou.p_moves), dict(rou.median_days)) == (0.2, {"rutte": 0.2}, {"iohannis": 30.0})
    assert (tur.p_move, dict(tur.p_moves), dict(tur.median_days)) == (None, {}, {"rutte": 12.0})
    assert (svk.p_move, dict(svk.p_moves)) == (None, {"iohannis": 0.5})  # p_move stays the first candidate's
    assert (fra.p_move, dict(fra.p_moves), dict(fra.median_days)) == (None, {}, {})
    with pytest.raises(TypeError):
        hun.p_moves["rutte"] = 0.0  # type: ignore[index]
    proposal = parse(HEAD + "[allies.Hungary]\np_move = { proposal = 0.4 }\nmedian_days = {}\n")
    assert proposal.positions["HUN"].p_move == 0.4


@pytest.mark.parametrize(
    ("ally", "message"),
    [
        ("p_move = { rutte = 1.5 }", "allies.Hungary.p_move.rutte: expected a number <= 1"),
        ('p_move = "high"', "allies.Hungary.p_move: expected a number or a table, got a string"),
        ("median_days = { iohannis = -1 }", "allies.Hungary.median_days.iohannis: expected a number > 0"),
        (
            "median_days = { rutte = 1, iohanis = 2 }",
            "allies.Hungary.median_days.iohanis: unknown candidate 'iohanis'; expected one of rutte, iohannis; did you mean 'iohannis'?",
        ),
        (
            "p_move = 0.5\nmedian_days = { iohannis = 9, rutte = 3 }",
            "allies.Hungary.median_days.rutte: p_move is given for 'rutte' too; expected either p_move or median_days for candidate 'rutte', not both",
        ),
    ],
)
def test_bad_p_move_and_median_days(ally: str, message: str) -> None:
    with pytest.raises(NatosimError) as info:
        parse(TWO + "[allies.Hungary]\n" + ally + "\n")
    assert str(info.value) == f"t.toml: {message}"


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ("seats = 1.5", "seats: expected an integer, got a number"),
        ("seats = -2", "seats: expected an integer >= 1"),
        ("focal_dates = 2024-05-01", "focal_dates: expected an array, got a date (YYYY-MM-DD)"),
        ("focal_dates = [2024-05-01T10:00:00]", "focal_dates[1]: expected a date (YYYY-MM-DD), got a date-time"),
    ],
)
def test_bad_seats_and_focal_dates(top: str, message: str) -> None:
    with pytest.raises(NatosimError) as info:
        parse(top + "\n" + HEAD)
    assert str(info.value) == f"t.toml: {message}"


NO_POPULATIONS = HEAD + '[body]\nname = "B"\n[body.members.AAA]\nname = "A"\n[body.members.BBB]\nname = "B"\npopulation = 5\n'


@pytest.mark.parametrize("command", ["run", "paths", "what-if", "power"])
def test_a_rule_override_gets_the_checks_of_a_rule_in_the_file(cli: Cli, tmp_path: Path, command: str) -> None:
    path = tmp_path / "b.toml"
    path.write_text(NO_POPULATIONS, encoding="utf-8")
    extra = ("--flip", "AAA") if command == "what-if" else ()
    result = cli(command, str(path), "--rule", "quota=0.5,weight=population", *extra)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr == "natosim: error: --rule: the rule weights by population but member AAA has none; expected a population > 0\n"
    # the same rule in the file: the same check, naming the file and the key
    path.write_text(NO_POPULATIONS.replace("as_of = 2024-04-02\n", 'as_of = 2024-04-02\nrule = { quota = 0.5, weight = "population" }\n'))
    in_file = cli(command, str(path), *extra)
    assert in_file.exit_code == 2
    assert (
        in_file.stderr
        == f"natosim: error: {path}: rule: the rule weights by population but member AAA has none; expected a population > 0\n"
    )
    # a rule that needs no population is fine
    path.write_text(NO_POPULATIONS, encoding="utf-8")
    assert cli(command, str(path), "--rule", "quota=0.5", *extra).exit_code == 0


def test_a_proposal_without_candidates() -> None:
    s = parse(HEAD + '[proposal]\nname = "Admit Sweden"\n[defaults]\nstance = "support"\n[allies.Hungary]\nstance = "oppose"\n')
    assert [(c.id, c.name) for c in s.candidates] == [("proposal", "Admit Sweden")]
    report = natosim.evaluate(s)
    assert report.verdicts[0].blockers == ("HUN",)


def test_no_candidates_and_no_proposal_uses_the_title() -> None:
    s = parse(HEAD + '[defaults]\nstance = "support"\n')
    assert [(c.id, c.name) for c in s.candidates] == [("proposal", "T")]
    assert natosim.evaluate(s).consensus is True


def test_an_explicit_member_list_overrides_the_roster() -> None:
    s = parse(HEAD + 'members = ["usa", "Türkiye", "Holland"]\n[allies.Turkey]\nstance = "oppose"\n')
    assert [m.code for m in s.members] == ["NLD", "TUR", "USA"]  # sorted by code
    assert set(s.stances["proposal"]) == {"NLD", "TUR", "USA"}
    assert natosim.evaluate(s).verdicts[0].blockers == ("NLD", "TUR", "USA")


def test_an_explicit_member_list_may_name_former_or_future_allies() -> None:
    s = parse('title = "T"\nas_of = 1990-01-01\nmembers = ["Sweden", "Finland"]\n')
    assert [m.code for m in s.members] == ["FIN", "SWE"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Turkey", '"Türkiye"'), ("USA", '"United States"'), ("Britain", "UK"), ("Czechia", '"Czech Republic"'), ("Holland", "NLD")],
)
def test_the_same_ally_twice_under_aliases_is_an_error(first: str, second: str) -> None:
    text = HEAD + f'[allies.{first}]\nstance = "support"\n[allies.{second}]\nstance = "oppose"\n'
    with pytest.raises(NatosimError, match=r"is listed twice \(also as allies\.") as info:
        parse(text)
    assert info.value.file == "t.toml"
    assert info.value.where == f"allies.{second}"


def test_a_reference_is_resolved_to_codes() -> None:
    s = parse(
        HEAD
        + '[candidates.a]\nname = "A"\nnominated_by = "Holland"\n[candidates.b]\nname = "B"\non_withdraw = { "Türkiye" = "support" }\n'
        + '[[influence]]\nfrom = "Hungary"\nto = "Slovakia"\nweight = 0.6\n'
        + '[[deals]]\nname = "D"\neffects = { Britain = "support" }\n'
        + '[[events]]\ndate = 2024-06-20\nwithdraw = "b"\n[[events]]\ndate = 2024-05-01\nally = "US"\nstance = "oppose"\n'
    )
    assert s.candidates[0].nominated_by == "NLD"
    assert s.candidates[1].on_withdraw == (("TUR", Stance.SUPPORT),)
    assert (s.influence[0].source, s.influence[0].target, s.influence[0].weight) == ("HUN", "SVK", 0.6)
    assert s.deals[0].effects == (("GBR", Stance.SUPPORT),)
    assert s.deals[0].candidate == "a"
    assert [(e.date, e.kind.value) for e in s.events] == [(date(2024, 5, 1), "stance"), (date(2024, 6, 20), "withdraw")]  # date order


def test_every_bundled_scenario_loads() -> None:
    names = scenario.bundled()
    assert {"rutte-2024-04", "rutte-2023-11", "rutte-2024", "sweden-accession"} <= set(names)
    for name in names:
        s = natosim.load(name)
        assert s.title
        assert s.members


def test_the_default_scenario() -> None:
    s = natosim.load(None)
    assert s.title == "NATO Secretary General, April 2024"
    assert len(s.members) == 32
    rutte = natosim.evaluate(s).verdicts[0]
    assert rutte.candidate.id == "rutte"
    assert rutte.blockers == ("HUN", "ROU", "SVK", "TUR")
    assert rutte.counts[Stance.SUPPORT] == 28


# --- what-if -------------------------------------------------------------------------------


def test_flip_changes_one_stance_on_the_first_candidate() -> None:
    base = natosim.load(None)
    todo = natosim.api.resolve_changes(base, flip=["Turkey", ("hungary", "abstain")])
    applied = natosim.api.apply(base, todo, with_cascade=False)
    after = applied.after
    assert after.stances["rutte"]["TUR"] is Stance.SUPPORT
    assert after.stances["rutte"]["HUN"] is Stance.ABSTAIN
    assert after.stances["iohannis"] == base.stances["iohannis"]
    assert [(c.code, c.before, c.after) for c in applied.direct] == [
        ("TUR", Stance.UNDECIDED, Stance.SUPPORT),
        ("HUN", Stance.OPPOSE, Stance.ABSTAIN),
    ]
    assert base.stances["rutte"]["TUR"] is Stance.UNDECIDED  # the original is untouched


def test_withdraw_applies_on_withdraw_stances() -> None:
    base = natosim.load(None)
    applied = natosim.api.apply(base, natosim.api.resolve_changes(base, withdraw="iohannis"))
    assert applied.after.withdrawn == ("iohannis",)
    assert applied.after.stances["rutte"]["ROU"] is Stance.SUPPORT
    report = natosim.evaluate(applied.after)
    assert [v.candidate.id for v in report.verdicts] == ["rutte"]
    assert report.verdicts[0].blockers == ("HUN", "SVK", "TUR")


def test_what_if_the_four_holdouts_move(cli: Cli) -> None:
    result = cli("what-if", "--flip", "Hungary", "--flip", "Turkey", "--flip", "Slovakia", "--flip", "Romania", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus"] is True
    assert data["candidates"][0]["id"] == "rutte"
    assert data["candidates"][0]["adopted"] is True
    assert data["candidates"][0]["counts"] == {"support": 32, "oppose": 0, "undecided": 0, "abstain": 0}
    assert [c["code"] for c in data["changes"]] == ["HUN", "ROU", "SVK", "TUR"]  # sorted by code, as the contract wants


def test_what_if_withdraw_on_the_command_line(cli: Cli) -> None:
    result = cli("what-if", "--withdraw", "iohannis", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["candidates"]] == ["rutte"]
    assert {"type": "withdraw", "candidate": "iohannis"} in data["changes"]
    assert any(c.get("code") == "ROU" and c["to"] == "support" for c in data["changes"])
    assert [b["code"] for b in data["candidates"][0]["blockers"]] == ["HUN", "SVK", "TUR"]


def test_what_if_flip_on_another_candidate(cli: Cli) -> None:
    result = cli("what-if", "--candidate", "iohannis", "--flip", "France", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    ioh = next(c for c in data["candidates"] if c["id"] == "iohannis")
    assert "FRA" not in [b["code"] for b in ioh["blockers"]]
    assert data["changes"][0]["candidate"] == "iohannis"


# --- paths ---------------------------------------------------------------------------------


def test_paths_on_the_default_scenario_follow_the_contract(cli: Cli) -> None:
    result = cli("paths", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidate"] == "rutte"
    assert data["paths"]
    for p in data["paths"]:
        assert {"flips", "withdraw", "deals", "cost", "cascade"} <= set(p)
        assert p["flips"] == sorted(p["flips"])
        assert p["cascade"] == sorted(p["cascade"])
    keys = [(p["cost"], len(p["flips"]) + len(p["withdraw"]) + len(p["deals"])) for p in data["paths"]]
    assert keys == sorted(keys)
    sets = [frozenset(p["flips"]) | {f"w:{w}" for w in p["withdraw"]} | {f"d:{d}" for d in p["deals"]} for p in data["paths"]]
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            assert i == j or not a <= b, "a listed set contains another"


def test_every_listed_path_produces_consensus() -> None:
    base = natosim.load(None)
    found = search.find(base, "rutte", limit=50)
    assert found.complete
    assert len(found.paths) >= 3
    for p in found.paths:
        todo = natosim.api.resolve_changes(base, flip=p.flips, withdraw=p.withdraw, deal=p.deals)
        report = natosim.evaluate(natosim.api.apply(base, todo).after)
        assert next(v for v in report.verdicts if v.candidate.id == "rutte").adopted, p
        # minimal: dropping any one intervention breaks it
        for code in p.flips:
            fewer = natosim.api.resolve_changes(base, flip=[f for f in p.flips if f != code], withdraw=p.withdraw, deal=p.deals)
            verdicts = natosim.evaluate(natosim.api.apply(base, fewer).after).verdicts
            assert not next(v for v in verdicts if v.candidate.id == "rutte").adopted


def test_paths_without_cascade_need_slovakia_too() -> None:
    base = natosim.load(None)
    found = search.find(base, "rutte", limit=50, with_cascade=False)
    assert found.paths
    assert all("SVK" in p.flips and p.cascade == () for p in found.paths)
    assert found.paths[0].cost == min(p.cost for p in found.paths)


def test_paths_when_already_adopted_is_one_empty_path(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "done.toml"
    path.write_text(HEAD + '[defaults]\nstance = "support"\n', encoding="utf-8")
    result = cli("paths", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidate"] == "proposal"
    assert data["paths"] == [{"flips": [], "withdraw": [], "deals": [], "cost": 0, "cascade": []}]


def test_paths_when_impossible_is_empty(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "stuck.toml"
    path.write_text(HEAD + '[defaults]\nstance = "support"\n[allies.Hungary]\nstance = "oppose"\n', encoding="utf-8")
    result = cli("paths", str(path), "--exclude", "Hungary", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["paths"] == []
    movable = cli("paths", str(path), "--format", "json")
    assert json.loads(movable.stdout)["paths"] == [{"flips": ["HUN"], "withdraw": [], "deals": [], "cost": 1, "cascade": []}]


# --- docs/scenario-format.md stays true ------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"


def test_the_complete_example_in_the_format_reference_loads() -> None:
    block = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    s = natosim.parse(block.group(1), path="docs/scenario-format.md")
    rutte = natosim.evaluate(s).verdicts[0]
    assert rutte.blockers == ("HUN", "ROU", "SVK", "TUR")
    assert rutte.counts[Stance.SUPPORT] == 28
    assert [e.kind.value for e in s.events] == ["stance", "deal", "withdraw"]


def test_the_enlargement_table_in_the_format_reference_matches_the_roster() -> None:
    from natosim._engine import roster

    rows = re.findall(r"^\| (\d{4}-\d\d-\d\d) \| (\d+) \| ([A-Z, ]+) \|$", DOC.read_text(encoding="utf-8"), re.M)
    assert len(rows) == 11
    for day, count, codes in rows:
        on = {c.code for c in roster.members_on(date.fromisoformat(day))}
        assert len(on) == int(count)
        assert set(codes.split(", ")) <= on


def test_the_seats_example_in_the_format_reference_is_real_output(cli: Cli) -> None:
    import shlex

    section = DOC.read_text(encoding="utf-8").split("\n## seats\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n\$ natosim (.*?)\n\.\.\.\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for command, tail in blocks:
        result = cli(*shlex.split(command))
        assert result.exit_code == 0, result.stderr
        expected = tail.rstrip("\n").splitlines()
        assert [line.rstrip() for line in result.stdout.rstrip("\n").splitlines()[-len(expected) :]] == expected


def test_unambiguous_names_in_a_declared_body_still_load() -> None:
    """A name equal to the member's own code, or names that differ in more than case and spacing, are fine."""
    s = parse(
        HEAD
        + '[body]\nname = "B"\n[body.members.AA]\nname = "AA"\n[body.members.BB]\nname = "Alpha Land"\n[body.members.CC]\nname = "Alpha Lands"\n[allies.AA]\nstance = "oppose"\n'
    )
    assert [m.name for m in s.members] == ["AA", "Alpha Land", "Alpha Lands"]
    assert s.stances["proposal"]["AA"] is Stance.OPPOSE
    s = parse(HEAD + '[candidates.rutte]\nname = "Mark Rutte"\nnominated_by = "Netherlands"\n[candidates.rutte2]\nname = "Rutte again"\n')
    assert [c.id for c in s.candidates] == ["rutte", "rutte2"]
    assert s.candidates[0].nominated_by == "NLD"
