"""Dated events: replay (``timeline``), the state on a date (``--at``), and ``diff``."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import Cli, Golden, body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st

import natosim
from natosim._engine import diff, timeline
from natosim.errors import NatosimError
from natosim.model import Stance
from natosim.render.timeline import timeline_json

# --- small scenarios ------------------------------------------------------------------------

THREE = {"AAA": "support", "BBB": "oppose", "CCC": "undecided"}


def event(day: str, ally: str, stance: str, candidate: str | None = None, **extra: str) -> str:
    lines = ["[[events]]", f"date = {day}", f'ally = "{ally}"', f'stance = "{stance}"']
    if candidate:
        lines.append(f'candidate = "{candidate}"')
    lines += [f'{k} = "{v}"' for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def withdraw(day: str, cid: str) -> str:
    return f'[[events]]\ndate = {day}\nwithdraw = "{cid}"\n'


def three(*events: str, candidates: tuple[str, ...] = (), head: str = "") -> natosim.Scenario:
    return natosim.parse(body_toml(THREE, candidates=candidates, extra=head + "".join(events)), path="test.toml")


def blockers(report: natosim.Report) -> dict[str, tuple[str, ...]]:
    return {v.candidate.id: v.blockers for v in report.verdicts}


# --- replay -----------------------------------------------------------------------------------


def test_the_first_step_is_as_of_and_each_later_date_is_one_step() -> None:
    s = three(event("2024-01-05", "BBB", "support"), event("2024-01-09", "CCC", "support"))
    tl = timeline.build(s)
    assert [st.date for st in tl.steps] == [date(2024, 1, 1), date(2024, 1, 5), date(2024, 1, 9)]
    assert tl.steps[0].applied is None
    assert [blockers(st.report)["proposal"] for st in tl.steps] == [("BBB", "CCC"), ("CCC",), ()]
    assert tl.consensus_date == date(2024, 1, 9)


def test_file_order_does_not_matter() -> None:
    evs = [event("2024-01-09", "CCC", "support"), event("2024-01-05", "BBB", "support"), event("2024-01-03", "AAA", "oppose")]
    forward = timeline_json(timeline.build(three(*evs)))
    backward = timeline_json(timeline.build(three(*reversed(evs))))
    assert [st["date"] for st in forward["steps"]] == ["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-09"]
    for a, b in zip(forward["steps"], backward["steps"], strict=True):
        a.pop("events")
        b.pop("events")
        assert a == b


def test_same_day_events_apply_together_in_one_step() -> None:
    s = three(event("2024-01-05", "BBB", "support"), event("2024-01-05", "CCC", "support"))
    tl = timeline.build(s)
    assert len(tl.steps) == 2
    step = tl.steps[1]
    assert [e.ally for e in step.events] == ["BBB", "CCC"]
    assert step.applied is not None
    assert sorted(c.code for c in step.applied.direct) == ["BBB", "CCC"]
    assert step.report.consensus
    assert tl.consensus_date == date(2024, 1, 5)


def test_events_on_as_of_belong_to_the_first_step() -> None:
    s = three(event("2024-01-01", "BBB", "support"), event("2024-01-02", "CCC", "support"))
    tl = timeline.build(s)
    assert [st.date for st in tl.steps] == [date(2024, 1, 1), date(2024, 1, 2)]
    assert blockers(tl.steps[0].report) == {"proposal": ("CCC",)}


def test_consensus_never_reached_gives_no_date(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "never.toml"
    path.write_text(body_toml(THREE, extra=event("2024-01-05", "CCC", "support")), encoding="utf-8")
    result = cli("timeline", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus_date"] is None
    assert [st["consensus"] for st in data["steps"]] == [False, False]
    assert data["steps"][-1]["candidates"][0]["blockers"] == [{"code": "BBB", "name": "BBB land", "stance": "oppose"}]
    table = cli("timeline", str(path))
    assert table.exit_code == 0, table.stderr
    assert "No consensus by 2024-01-05" in table.stdout


def test_a_scenario_without_events_has_one_step() -> None:
    tl = timeline.build(three())
    assert len(tl.steps) == 1
    assert tl.consensus_date is None


def test_withdrawal_applies_on_withdraw_to_the_remaining_candidates() -> None:
    head = '[candidates.b.on_withdraw]\nBBB = "support"\nCCC = "support"\n'
    s = three(withdraw("2024-02-01", "b"), candidates=("a", "b"), head=head)
    before = timeline.state_on(s, date(2024, 1, 31))
    assert [c.id for c in before.active] == ["a", "b"]
    after = timeline.state_on(s, date(2024, 2, 1))
    assert [c.id for c in after.active] == ["a"]
    assert after.withdrawn == ("b",)
    assert after.stances["a"]["BBB"] is Stance.SUPPORT
    assert after.stances["a"]["CCC"] is Stance.SUPPORT
    step = timeline.build(s).steps[-1]
    assert step.applied is not None
    assert [(c.code, c.cause) for c in step.applied.direct] == [("BBB", "withdraw:b"), ("CCC", "withdraw:b")]
    assert [v.candidate.id for v in step.report.verdicts] == ["a"]
    assert step.report.consensus


def test_a_deal_struck_by_an_event_applies_its_effects() -> None:
    head = '[[deals]]\nname = "Pact"\ncost = 2\neffects = { BBB = "support", CCC = "abstain" }\n'
    s = three('[[events]]\ndate = 2024-03-01\ndeal = "Pact"\n', head=head)
    assert timeline.state_on(s, date(2024, 2, 29)).stances["proposal"]["BBB"] is Stance.OPPOSE
    on = timeline.state_on(s, date(2024, 3, 1))
    assert on.stances["proposal"]["BBB"] is Stance.SUPPORT
    assert on.stances["proposal"]["CCC"] is Stance.ABSTAIN
    tl = timeline.build(s)
    assert tl.consensus_date == date(2024, 3, 1)  # an abstention does not block under unanimity
    change = timeline_json(tl)["steps"][-1]["changes"][0]
    assert change == {
        "type": "deal",
        "deal": "Pact",
        "candidate": "proposal",
        "code": "BBB",
        "name": "BBB land",
        "from": "oppose",
        "to": "support",
    }


def test_the_cascade_runs_during_the_replay() -> None:
    """Hungary -> Slovakia: when the influencer moves on a date, the follower moves the same day."""
    toml = body_toml(
        {"HUN": "oppose", "SVK": "undecided", "NLD": "support"},
        extra='[[influence]]\nfrom = "HUN"\nto = "SVK"\nweight = 0.6\n' + event("2024-06-18", "HUN", "support"),
    )
    s = natosim.parse(toml, path="test.toml")
    tl = timeline.build(s)
    assert tl.consensus_date == date(2024, 6, 18)
    step = tl.steps[-1]
    assert step.applied is not None
    assert [(cid, f.code, f.tipped_by) for cid, f in step.applied.followed] == [("proposal", "SVK", ("HUN",))]
    data = timeline_json(tl)["steps"][-1]
    assert data["cascade"][0] == {
        "candidate": "proposal",
        "code": "SVK",
        "name": "SVK land",
        "from": "undecided",
        "to": "support",
        "tipped_by": ["HUN"],
        "weight": 0.6,
        "threshold": 0.5,
    }
    frozen = timeline.build(s, with_cascade=False)
    assert frozen.consensus_date is None
    assert blockers(frozen.steps[-1].report) == {"proposal": ("SVK",)}


def test_state_on_leaves_the_loaded_scenario_untouched() -> None:
    s = three(event("2024-01-05", "BBB", "support"))
    timeline.state_on(s, date(2024, 1, 5))
    assert s.stances["proposal"]["BBB"] is Stance.OPPOSE
    assert len(s.events) == 1


@st.composite
def _records(draw: st.DrawFn) -> list[tuple[int, str, str]]:
    keys = draw(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["AAA", "BBB", "CCC"])), unique=True, max_size=8))
    return [(day, ally, draw(st.sampled_from([s.value for s in Stance]))) for day, ally in keys]


@settings(max_examples=examples(1000))
@given(_records(), st.randoms(use_true_random=False))
def test_replay_matches_state_on_and_ignores_file_order(records: list[tuple[int, str, str]], rnd: random.Random) -> None:
    start = date(2024, 1, 1)
    texts = [event((start + timedelta(days=d)).isoformat(), ally, stance) for d, ally, stance in records]
    s = three(*texts)
    shuffled = texts[:]
    rnd.shuffle(shuffled)
    tl = timeline.build(s)
    other = timeline.build(three(*shuffled))
    assert [(x.date, blockers(x.report)) for x in tl.steps] == [(x.date, blockers(x.report)) for x in other.steps]
    for step in tl.steps:
        on = timeline.state_on(s, step.date)
        assert dict(on.stances["proposal"]) == dict(step.report.scenario.stances["proposal"])
    first = next((x.date for x in tl.steps if x.report.consensus), None)
    assert tl.consensus_date == first


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            event("2024-01-05", "ZZZ", "support"),
            "test.toml: events[1].ally: unknown member 'ZZZ'",
        ),
        (
            event("2024-01-05", "BBB", "support", candidate="nobody"),
            "test.toml: events[1].candidate: unknown candidate 'nobody'; expected one of a, b",
        ),
        (
            event("2023-12-31", "BBB", "support"),
            "test.toml: events[1].date: event dated 2023-12-31 is before as_of 2024-01-01; expected a date on or after it",
        ),
        (
            withdraw("2024-01-05", "c"),
            "test.toml: events[1].withdraw: unknown candidate 'c'; expected one of a, b",
        ),
        (
            withdraw("2024-01-05", "b") + withdraw("2024-01-07", "b"),
            "test.toml: events[2].withdraw: 'b' has already withdrawn; expected a candidate still in the race",
        ),
        (
            withdraw("2024-01-05", "b") + event("2024-01-06", "BBB", "support", candidate="b"),
            "test.toml: events[2].candidate: 'b' withdrew on 2024-01-05, before this event; expected a candidate still in the race",
        ),
        (
            event("2024-01-06", "BBB", "support", candidate="a") + event("2024-01-06", "BBB", "oppose", candidate="a"),
            "test.toml: events[2].stance: BBB is also set to 'support' on 'a' on 2024-01-06 by events[1]; "
            "expected one stance per ally, candidate and date",
        ),
    ],
    ids=[
        "unknown-ally",
        "unknown-candidate",
        "before-as-of",
        "withdraw-unknown",
        "withdraw-twice",
        "stance-after-withdrawal",
        "same-day-conflict",
    ],
)
def test_bad_events_are_input_errors(events: str, message: str, cli: Cli, tmp_path: Path) -> None:
    with pytest.raises(NatosimError) as err:
        three(events, candidates=("a", "b"))
    assert str(err.value).startswith(message)
    path = tmp_path / "test.toml"
    path.write_text(body_toml(THREE, candidates=("a", "b"), extra=events), encoding="utf-8")
    result = cli("timeline", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("natosim: error: ")
    assert message.split(": ", 1)[1] in result.stderr


def test_allowed_event_combinations() -> None:
    """The same stance twice on one day, and a stance on the day of the withdrawal, are fine."""
    ok = three(
        event("2024-01-06", "BBB", "support", candidate="a"),
        event("2024-01-06", "BBB", "support", candidate="a"),
        event("2024-01-06", "BBB", "oppose", candidate="b"),
        withdraw("2024-01-07", "b"),
        event("2024-01-07", "CCC", "support", candidate="b"),
        candidates=("a", "b"),
    )
    assert len(ok.events) == 5


# --- --at -------------------------------------------------------------------------------------


def _blockers_at(cli: Cli, day: str, name: str = "rutte-2024") -> list[str]:
    result = cli("run", name, "--at", day, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == day
    return [b["code"] for b in data["candidates"][0]["blockers"]]


def test_at_counts_the_events_of_that_day_and_not_the_next(cli: Cli) -> None:
    assert "TUR" in _blockers_at(cli, "2024-04-28")
    assert _blockers_at(cli, "2024-04-29") == ["HUN", "ROU", "SVK"]
    assert _blockers_at(cli, "2024-06-17") == ["HUN", "ROU", "SVK"]
    assert _blockers_at(cli, "2024-06-18") == ["ROU"]
    assert _blockers_at(cli, "2024-06-19") == ["ROU"]
    assert _blockers_at(cli, "2024-06-20") == []
    assert _blockers_at(cli, "2024-02-25", "sweden-accession") == ["HUN"]
    assert _blockers_at(cli, "2024-02-26", "sweden-accession") == []


def test_at_on_as_of_applies_that_days_events(cli: Cli) -> None:
    assert len(_blockers_at(cli, "2022-07-05", "sweden-accession")) == 26


def test_what_if_and_paths_take_at(cli: Cli) -> None:
    result = cli("what-if", "rutte-2024", "--at", "2024-06-18", "--flip", "Romania", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["consensus"] is True
    result = cli("paths", "rutte-2024", "--at", "2024-06-18", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["paths"][0]["flips"] == ["ROU"]


@pytest.mark.parametrize("command", ["run", "what-if", "paths"])
def test_a_date_before_as_of_is_an_input_error(cli: Cli, command: str) -> None:
    extra = ["--flip", "Turkey"] if command == "what-if" else []
    result = cli(command, "rutte-2024", "--at", "2024-02-20", *extra)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("natosim: error: --at: 2024-02-20 is before the scenario's as_of 2024-02-21; expected a date on or after it\n")


def test_an_impossible_date_is_an_input_error(cli: Cli) -> None:
    result = cli("run", "rutte-2024", "--at", "2024-02-30")
    assert result.exit_code == 2
    assert "'2024-02-30' is not a valid date" in result.stderr


# --- the bundled replays ---------------------------------------------------------------------


def test_rutte_2024_replay(cli: Cli) -> None:
    result = cli("timeline", "rutte-2024", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus_date"] == "2024-06-20"
    steps = {st["date"]: st for st in data["steps"]}
    assert data["steps"][0]["date"] == "2024-02-21"
    moved = {
        d: sorted(c["code"] for c in st["changes"] if c.get("to") == "support" and c["candidate"] == "rutte") for d, st in steps.items()
    }
    assert moved["2024-02-22"] == ["DEU", "FRA", "GBR", "USA"]
    assert moved["2024-04-29"] == ["TUR"]
    assert moved["2024-06-18"] == ["HUN", "SVK"]
    assert moved["2024-06-20"] == ["ROU"]
    assert {"type": "withdraw", "candidate": "iohannis"} in steps["2024-06-20"]["changes"]
    assert [c["id"] for c in steps["2024-06-20"]["candidates"]] == ["rutte"]
    assert not any(st["consensus"] for st in data["steps"][:-1])
    assert all(e["source"] for st in data["steps"] for e in st["events"]), "every event has a source"


def test_sweden_accession_replay(cli: Cli) -> None:
    result = cli("timeline", "sweden-accession", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus_date"] == "2024-02-26"
    last_two = [(st["date"], [c["code"] for c in st["changes"]]) for st in data["steps"][-2:]]
    assert last_two == [("2024-01-23", ["TUR"]), ("2024-02-26", ["HUN"])]
    assert all(e["source"] for st in data["steps"] for e in st["events"]), "every event has a source"


@pytest.mark.parametrize("name", ["rutte-2024", "sweden-accession"])
@pytest.mark.parametrize(("fmt", "ext"), [("table", "txt"), ("json", "json")])
def test_replay_golden(cli: Cli, golden: Golden, name: str, fmt: str, ext: str) -> None:
    result = cli("timeline", name, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        json.loads(result.stdout)
    golden(f"timeline-{name}.{ext}", result.stdout)


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_timeline_other_formats(cli: Cli, fmt: str) -> None:
    result = cli("timeline", "rutte-2024", "--format", fmt, "--sources")
    assert result.exit_code == 0, result.stderr
    assert "2024-06-20" in result.stdout
    if fmt == "csv":
        assert result.stdout.startswith(
            "date,candidate,adopted,contested,support,members,blockers,blocker_codes,changes,followed,consensus\n"
        )
    else:
        assert "## Events and sources" in result.stdout
        assert "Romania Insider, 2024-06-20" in result.stdout


def test_timeline_bars_shrink(cli: Cli) -> None:
    result = cli("timeline", "sweden-accession")
    assert result.exit_code == 0, result.stderr
    bars = [line for line in result.stdout.splitlines() if "█" in line]
    widths = [line.count("█") for line in bars]
    assert widths[0] == 40  # 30 of 30 blocking: the whole width of the gauge (40 characters at 100 columns)
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] == 1  # one blocker left of 30 still shows
    assert "Consensus first reached on 2024-02-26: Admit Sweden adopted." in result.stdout


# --- diff -------------------------------------------------------------------------------------


def test_diff_is_symmetric_across_scenarios() -> None:
    a, b = natosim.load("rutte-2023-11"), natosim.load("rutte-2024-04")
    forward = diff.compare(before=a, after=b)
    backward = diff.compare(before=b, after=a)
    assert backward == forward.inverted()
    assert forward == backward.inverted()
    assert forward.stances, "the test needs a non-empty diff"
    assert forward.added == ("iohannis",)
    assert set(forward.withdrawn) == set(backward.added)
    assert forward.members_added == ("SWE",)
    assert backward.members_removed == ("SWE",)


def test_diff_is_symmetric_across_dates() -> None:
    s = natosim.load("rutte-2024")
    early, late = diff.states(s, None, [date(2024, 4, 1), date(2024, 6, 20)])
    forward, backward = diff.compare(before=early, after=late), diff.compare(before=late, after=early)
    assert backward == forward.inverted()
    assert forward.withdrawn == ("iohannis",)
    assert backward.added == ("iohannis",)
    codes = [d.code for d in forward.stances]
    assert codes == sorted(codes)
    hun = next(d for d in forward.stances if d.code == "HUN")
    assert (hun.before, hun.after) == (Stance.OPPOSE, Stance.SUPPORT)


def test_diff_of_a_state_with_itself_is_empty() -> None:
    s = natosim.load("rutte-2024-04")
    d = diff.compare(before=s, after=s)
    assert d.empty
    assert not diff.compare(before=s, after=timeline.state_on(natosim.load("rutte-2024"), date(2024, 6, 20))).empty


def test_diff_cli_json_swaps_when_the_order_does(cli: Cli) -> None:
    one = cli("diff", "rutte-2024", "--at", "2024-04-01", "--at", "2024-06-20", "--format", "json")
    two = cli("diff", "rutte-2024", "--at", "2024-06-20", "--at", "2024-04-01", "--format", "json")
    assert one.exit_code == 0, one.stderr
    assert two.exit_code == 0, two.stderr
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a["before"] == b["after"]
    assert a["after"] == b["before"]
    assert a["candidates"] == {"added": [], "withdrawn": ["iohannis"]}
    assert b["candidates"] == {"added": ["iohannis"], "withdrawn": []}
    assert [(x["code"], x["before"], x["after"]) for x in a["stances"]] == [(x["code"], x["after"], x["before"]) for x in b["stances"]]
    assert a["before"]["consensus"] is False
    assert a["after"]["consensus"] is True


def test_diff_date_defaults(cli: Cli) -> None:
    """One scenario: no --at is as_of -> last event; one --at is as_of -> that date."""
    whole = json.loads(cli("diff", "sweden-accession", "--format", "json").stdout)
    assert (whole["before"]["label"], whole["after"]["label"]) == ("sweden-accession on 2022-07-05", "sweden-accession on 2024-02-26")
    assert whole["after"]["consensus"] is True
    part = json.loads(cli("diff", "sweden-accession", "--at", "2023-01-01", "--format", "json").stdout)
    assert part["after"]["label"] == "sweden-accession on 2023-01-01"
    assert [x["code"] for x in part["after"]["candidates"][0]["blockers"]] == ["HUN", "TUR"]
    both = json.loads(cli("diff", "rutte-2024-04", "rutte-2024", "--at", "2024-06-20", "--format", "json").stdout)
    assert (both["before"]["as_of"], both["after"]["as_of"]) == ("2024-06-20", "2024-06-20")
    assert both["before"]["consensus"] is False  # rutte-2024-04 has no events: still blocked
    assert both["after"]["consensus"] is True


def test_diff_rejects_three_dates_and_early_dates(cli: Cli) -> None:
    result = cli("diff", "rutte-2024", "--at", "2024-03-01", "--at", "2024-04-01", "--at", "2024-05-01")
    assert result.exit_code == 2
    assert result.stderr == "natosim: error: --at: 3 dates; expected at most two\n"
    result = cli("diff", "rutte-2024", "--at", "2024-01-01", "--at", "2024-04-01")
    assert result.exit_code == 2
    assert "before the scenario's as_of 2024-02-21" in result.stderr


def test_diff_golden(cli: Cli, golden: Golden) -> None:
    for fmt, ext in (("table", "txt"), ("json", "json")):
        result = cli("diff", "rutte-2024", "--at", "2024-04-02", "--at", "2024-06-20", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        golden(f"timeline-diff-rutte-2024.{ext}", result.stdout)


@pytest.mark.parametrize("command", ["timeline", "diff"])
def test_help(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout


def test_sources_show_each_events_note(cli: Cli) -> None:
    result = cli("timeline", "rutte-2024", "--sources", "--format", "csv")
    assert result.exit_code == 0
    text = cli("timeline", "rutte-2024", "--sources", "--format", "markdown").stdout
    assert "| Date | Event | Note | Source |" in text
    assert "Supreme Council of National Defence" in text
