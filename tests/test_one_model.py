"""The eight cases of issue 11: what-if, timeline, paths, forecast, run and power give one answer.

Each case is a small scenario, gone through the public API and the CLI. What a step of changes
does is defined once, in :mod:`natosim._engine.step`; these pin that every engine follows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import body_toml
from typer.testing import Result

import natosim
from natosim._engine import analysis, paths, power, step, timeline
from natosim._engine.rules import rule_for
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance

Cli = Callable[..., Result]


def write(tmp_path: Path, toml: str, name: str = "s.toml") -> str:
    path = tmp_path / name
    path.write_text(toml, encoding="utf-8")
    return str(path)


def verdicts(result: Result) -> dict[str, dict[str, object]]:
    assert result.exit_code == 0, result.stderr
    return {c["id"]: c for c in json.loads(result.stdout)["candidates"]}


def blockers(candidate: dict[str, object]) -> list[tuple[str, str]]:
    return [(b["code"], b["stance"]) for b in candidate["blockers"]]  # type: ignore[attr-defined]


def listed(found: paths.Search) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return [(p.flips, p.withdraw, p.deals) for p in found.paths]


def adopted(s: Scenario, changes: Sequence[step.Change], candidate: str = "main") -> bool:
    after = step.apply(s, changes).after
    return any(v.candidate.id == candidate and v.adopted for v in analysis.evaluate(after).verdicts)


def rival(on_withdraw: str, *, default: str = "oppose") -> str:
    return f'[candidates.rival]\nname = "Rival"\ndefault = "{default}"\non_withdraw = {{ {on_withdraw} }}\n'


# --- 1. a deal that sets an opponent to abstain ------------------------------------------------

ABSTAIN_DEAL = body_toml(
    {"AA": "oppose", "BB": "support"},
    candidates=["main"],
    deadline="2024-06-01",
    p_moves={"AA": 0, "BB": 0},
    extra='[[deals]]\nname = "calm"\ncost = 2\neffects = { AA = "abstain" }\n',
)


def test_1_an_abstention_deal_is_adopted_by_what_if_and_listed_by_paths(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, ABSTAIN_DEAL)
    assert verdicts(cli("run", file, "--format", "json"))["main"]["adopted"] is False
    assert verdicts(cli("what-if", file, "--deal", "calm", "--format", "json"))["main"]["adopted"] is True
    s = natosim.parse(ABSTAIN_DEAL)
    assert listed(paths.find(s, "main")) == [(("AA",), (), ()), ((), (), ("calm",))]
    out = json.loads(cli("paths", file, "--format", "json").stdout)
    assert {"flips": [], "withdraw": [], "deals": ["calm"], "cost": 2, "cascade": []} in out["paths"]


def test_1_the_forecast_gives_the_abstention_deal_certainty() -> None:
    from natosim._engine import forecast

    s = natosim.parse(ABSTAIN_DEAL)
    f = forecast.forecast(s, candidate="main", deadline=date(2024, 6, 1), trials=2000, seed=1)
    assert f.p_consensus == 0.0  # nobody moves on their own
    options = {(o.kind, o.target): o for o in f.options}
    assert options["deal", "calm"].p_consensus == 1.0
    assert options["flip", "AA"].p_consensus == 1.0


# --- 2. a withdrawal that makes an ally oppose -------------------------------------------------

WORSENING_WITHDRAWAL = body_toml({"AA": "abstain", "BB": "oppose"}, candidates=["main"], extra=rival('AA = "oppose", BB = "support"'))


def test_2_a_withdrawal_that_makes_an_ally_oppose(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, WORSENING_WITHDRAWAL)
    after = verdicts(cli("what-if", file, "--withdraw", "rival", "--format", "json"))
    assert after["main"]["adopted"] is False
    assert blockers(after["main"]) == [("AA", "oppose")]
    s = natosim.parse(WORSENING_WITHDRAWAL)
    found = listed(paths.find(s, "main"))
    assert ((), ("rival",), ()) not in found
    assert found == [(("BB",), (), ()), (("AA",), ("rival",), ())]  # the withdrawal only together with flipping AA


# --- 3. effects combine to the most favourable --------------------------------------------------

BOTH_EFFECTS = body_toml(
    {"XX": "oppose", "YY": "support"},
    rule="{ quota = 1.0 }",
    candidates=["main"],
    extra=rival('XX = "support"') + '[[deals]]\nname = "half"\neffects = { XX = "abstain" }\n',
)


def test_3_a_deal_and_a_withdrawal_on_the_same_member_combine_to_the_most_favourable(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, BOTH_EFFECTS)
    for args in (("--withdraw", "rival", "--deal", "half"), ("--deal", "half", "--withdraw", "rival")):
        after = verdicts(cli("what-if", file, *args, "--format", "json"))
        assert after["main"]["adopted"] is True, args
    s = natosim.parse(BOTH_EFFECTS)
    orders: list[list[step.Flip | step.Withdraw | step.Strike]] = [
        [step.Withdraw("rival"), step.Strike("half")],
        [step.Strike("half"), step.Withdraw("rival")],
    ]
    for order in orders:
        assert step.apply(s, order).after.stances["main"]["XX"] is Stance.SUPPORT
        assert adopted(s, order)
    assert not adopted(s, [step.Strike("half")])  # an abstention is not support under quota 1.0
    found = paths.find(s, "main")
    by_name = {o.name: o for o in found.interventions}
    assert paths.works(s, "main", [by_name["withdraw:rival"], by_name["deal:half"]])
    assert listed(found) == [(("XX",), (), ()), ((), ("rival",), ())]  # the pair is not minimal: the withdrawal alone works


# --- 4. a change that ends where it started triggers nothing ------------------------------------

ROUND_TRIP = body_toml(
    {"AA": "support", "BB": "undecided"},
    candidates=["main"],
    edges=[("AA", "BB", 1.0)],
    extra='[[deals]]\nname = "pause"\neffects = { AA = "abstain" }\n'
    '[[events]]\ndate = 2024-02-01\ndeal = "pause"\n[[events]]\ndate = 2024-02-01\nally = "AA"\nstance = "support"\n',
)


def test_4_a_stance_that_ends_where_it_started_carries_nobody(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, ROUND_TRIP)
    before = verdicts(cli("run", file, "--format", "json"))
    result = cli("what-if", file, "--flip", "AA=abstain", "--flip", "AA", "--format", "json")
    after = verdicts(result)
    assert before["main"]["adopted"] is after["main"]["adopted"] is False
    assert json.loads(result.stdout)["cascade"] == []
    assert blockers(after["main"]) == [("BB", "undecided")]
    # the same day in a timeline: the deal sets AA to abstain, the event says it supports
    s = natosim.parse(ROUND_TRIP)
    record = timeline.build(s)
    day = record.steps[-1]
    assert day.date == date(2024, 2, 1)
    assert day.applied is not None
    assert day.applied.followed == ()
    assert day.report.scenario.stances["main"] == {"AA": Stance.SUPPORT, "BB": Stance.UNDECIDED}
    assert record.consensus_date is None
    # two stance events for one ally on one day that disagree are an input error, not a round trip
    twice = ROUND_TRIP.replace('deal = "pause"', 'ally = "AA"\nstance = "abstain"')
    with pytest.raises(NatosimError, match=r"events\[2\]\.stance: AA is also set to 'abstain'"):
        natosim.parse(twice)


# --- 5. a stated stance holds against the cascade -----------------------------------------------

STATED_HOLDS = body_toml(
    {"AA": "oppose", "BB": "undecided"},
    candidates=["main"],
    edges=[("AA", "BB", 1.0)],
    extra='[[events]]\ndate = 2024-02-01\nally = "AA"\nstance = "support"\n[[events]]\ndate = 2024-02-01\nally = "BB"\nstance = "oppose"\n',
)


def test_5_a_stated_stance_holds_against_the_cascade(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, STATED_HOLDS)
    result = cli("what-if", file, "--flip", "AA", "--flip", "BB=oppose", "--format", "json")
    after = verdicts(result)
    assert after["main"]["adopted"] is False
    assert blockers(after["main"]) == [("BB", "oppose")]
    assert json.loads(result.stdout)["cascade"] == []
    # without BB's stated stance, BB follows AA
    assert verdicts(cli("what-if", file, "--flip", "AA", "--format", "json"))["main"]["adopted"] is True
    s = natosim.parse(STATED_HOLDS)
    record = timeline.build(s)
    assert record.steps[-1].report.scenario.stances["main"]["BB"] is Stance.OPPOSE
    assert record.consensus_date is None
    assert timeline.state_on(s, date(2024, 2, 1)).stances["main"]["BB"] is Stance.OPPOSE


# --- 6. weight 0 under a weighted rule; --rule needing populations ------------------------------


def test_6_paths_with_a_member_of_weight_zero(cli: Cli, tmp_path: Path) -> None:
    toml = body_toml(
        {"AA": "oppose", "BB": "oppose", "CC": "support"},
        rule='{ quota = 0.6, weight = "weight" }',
        weights={"AA": 0, "BB": 2, "CC": 1},
        costs={"AA": 0.5, "BB": 3},
    )
    s = natosim.parse(toml)
    assert listed(paths.find(s, "proposal")) == [(("BB",), (), ())]  # AA's flip weighs nothing
    result = cli("paths", write(tmp_path, toml), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["paths"] == [{"flips": ["BB"], "withdraw": [], "deals": [], "cost": 3, "cascade": []}]
    # every weight 0: nothing could ever be adopted, so the loader refuses the body (issue 16)
    with pytest.raises(NatosimError, match="every member's weight is 0; expected at least one weight > 0"):
        natosim.parse(toml.replace("weight = 2", "weight = 0").replace("weight = 1\n", "weight = 0\n"))


@pytest.mark.parametrize("command", ["run", "paths"])
def test_6_a_population_rule_override_without_populations_is_an_input_error(cli: Cli, tmp_path: Path, command: str) -> None:
    file = write(tmp_path, body_toml({"AA": "oppose", "BB": "support"}))
    result = cli(command, file, "--rule", "quota=0.5,weight=population")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "natosim: error: --rule: the rule weights by population but member AA has none; expected a population > 0\n"


# --- 7. qualified majority and the exact quota boundary -----------------------------------------


def test_7_qualified_majority_in_three_members_all_opposed(cli: Cli, tmp_path: Path) -> None:
    toml = body_toml(
        {"AA": "oppose", "BB": "oppose", "CC": "oppose"}, rule='"qualified-majority"', populations={"AA": 50, "BB": 30, "CC": 20}
    )
    file = write(tmp_path, toml)
    result = cli("run", file)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert text.startswith("test — 3 members on 2024-01-01, rule: qualified-majority test is blocked under qualified majority")
    verdict = (
        "test: blocked by AA, BB, CC — 0/3 support; 0/3 members (need 2), "
        "0.0% of population (need 65.0%), 3 members not supporting (a blocking minority needs 4)"
    )
    assert verdict in text  # the summary's sentences first (issue 24), then the verdict with the shares against each threshold (issue 15)
    assert text.index(verdict) < text.index("┏")
    s = natosim.parse(toml)
    g = power.game(s.members, s.rule)
    assert not g.wins([])
    # no blocking minority of 4 can form, but the member condition (55%) still holds: any two win, one does not
    assert [g.wins(c) for c in ([0], [1], [2], [0, 1], [0, 2], [1, 2])] == [False, False, False, True, True, True]
    assert adopted(s, [step.Flip("BB", Stance.SUPPORT, "proposal"), step.Flip("CC", Stance.SUPPORT, "proposal")], "proposal")


@pytest.mark.parametrize("weights", [(13, 7), (0.13, 0.07), (1.3, 0.7)])
def test_7_run_and_power_agree_at_the_exact_quota(cli: Cli, tmp_path: Path, weights: tuple[float, float]) -> None:
    toml = body_toml(
        {"AA": "support", "BB": "oppose"}, rule='{ quota = 0.65, weight = "weight" }', weights=dict(zip(("AA", "BB"), weights, strict=True))
    )
    assert Fraction(13, 20) == Fraction("0.65")
    s = natosim.parse(toml)
    run = verdicts(cli("run", write(tmp_path, toml), "--format", "json"))
    assert run["proposal"]["adopted"] is True  # 13 of 20 is exactly 65%
    g = power.game(s.members, s.rule)
    assert g.codes == ("AA", "BB")
    assert g.wins([0]) is True
    assert g.wins([1]) is False
    judge = rule_for(s.rule)
    for coalition in ([], [0], [1], [0, 1]):
        stances = {m.code: Stance.SUPPORT if i in coalition else Stance.OPPOSE for i, m in enumerate(s.members)}
        assert judge.adopted(s.members, stances) == g.wins(coalition)


# --- 8. one seat, two candidates meeting the rule -----------------------------------------------


def test_8_one_seat_never_adopts_two_candidates(cli: Cli) -> None:
    result = cli("what-if", "rutte-2024-04", "--rule", "consensus", "--flip", "Hungary", "--flip", "Romania", "--format", "json")
    after = verdicts(result)
    assert sum(bool(c["adopted"]) for c in after.values()) <= 1
    assert [(c["adopted"], c.get("contested")) for c in after.values()] == [(False, True), (False, True)]
    assert json.loads(result.stdout)["consensus"] is False
    table = cli("what-if", "rutte-2024-04", "--rule", "consensus", "--flip", "Hungary", "--flip", "Romania")
    assert "Mark Rutte: contested — meets the rule, but more candidates do than the 1 seat" in table.stdout
    withdrawn = verdicts(
        cli("what-if", "--rule", "consensus", "--flip", "Hungary", "--flip", "Romania", "--withdraw", "iohannis", "--format", "json")
    )
    assert withdrawn["rutte"]["adopted"] is True
    assert "contested" not in withdrawn["rutte"]


CONTESTED = body_toml({"AA": "support", "BB": "support"}, candidates=["main"], extra=rival('AA = "oppose"', default="support"))


def test_8_a_contest_before_the_change_is_reported_as_such(cli: Cli, tmp_path: Path) -> None:
    file = write(tmp_path, CONTESTED)
    run = verdicts(cli("run", file, "--format", "json"))
    assert [(c["adopted"], c.get("contested")) for c in run.values()] == [(False, True), (False, True)]
    result = cli("what-if", file, "--withdraw", "rival")
    assert result.exit_code == 0, result.stderr
    assert "Main: blocked by AA — 1/2 support (was: contested)" in result.stdout
    data = json.loads(cli("what-if", file, "--withdraw", "rival", "--format", "json").stdout)
    assert data["before"]["candidates"] == [
        {"id": "main", "adopted": False, "contested": True, "blockers": []},
        {"id": "rival", "adopted": False, "contested": True, "blockers": []},
    ]


DEAL_IDS = """\
title = "deal ids"
as_of = 2024-01-01
[body]
name = "B"
[body.members.AA]
name = "Alpha"
[body.members.BB]
name = "Beta"
[defaults]
stance = "oppose"
[[deals]]
id = "short"
name = "A long name for the first concession"
effects = { AA = "support" }
[[deals]]
name = "Second concession: for Beta (2024)"
effects = { BB = "support" }
[[events]]
date = 2024-02-01
deal = "short"
[[events]]
date = 2024-03-01
deal = "second-concession-for-beta-2024"
"""


def test_deals_have_ids_that_what_if_and_events_accept(cli: Any, tmp_path: Path) -> None:
    s = natosim.parse(DEAL_IDS, path="ids.toml")
    assert [d.id for d in s.deals] == ["short", "second-concession-for-beta-2024"]  # stated, or a slug of the name
    assert natosim._engine.timeline.build(s).consensus_date == date(2024, 3, 1)  # both events found their deal by id
    path = tmp_path / "ids.toml"
    path.write_text(DEAL_IDS, encoding="utf-8")
    by_id = cli("what-if", str(path), "--deal", "SHORT", "--deal", "second-concession-for-beta-2024", "-f", "json")
    assert by_id.exit_code == 0, by_id.stderr
    assert json.loads(by_id.stdout)["consensus"] is True
    by_name = cli("what-if", str(path), "--deal", "a long name for the first concession", "-f", "json")
    assert by_name.exit_code == 0, by_name.stderr
    unknown = cli("what-if", str(path), "--deal", "shrot")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "natosim: error: --deal: unknown deal 'shrot'; expected an id (short, second-concession-for-beta-2024) or a name; "
        "did you mean 'short'?\n"
    )
