"""The written "why" (issue 24): a few plain sentences per candidate in run, paths and the report, escaped for each reader."""

from __future__ import annotations

import json
import re

import pytest
from helpers import Cli
from test_paths import scenario

from natosim import api
from natosim._engine import sensitivity, summary
from natosim.model import Scenario

HOSTILE = "<script>alert(1)</script> | *x* =HYPERLINK(1) \x1b[31m"


def sentences(data: dict[str, object], cid: str = "main") -> list[str]:
    found = [x["sentences"] for x in data["summary"] if x["candidate"] == cid]  # type: ignore[attr-defined]
    assert len(found) == 1
    return list(found[0])


def test_the_bundled_race_says_who_blocks_on_what_grounds_what_it_costs_and_how_firm_that_is(cli: Cli) -> None:
    data = json.loads(cli("run", "-f", "json").stdout)
    first, second, third = sentences(data, "rutte")
    assert first.startswith("Mark Rutte is blocked under unanimity by Hungary (opposes: Objects to Rutte's 2021 criticism")
    assert "Romania (opposes: Backs its own candidate" in first
    assert second == (
        "The cheapest way through costs 6: strike the deal “Written assurance: no Hungarian role in NATO's Ukraine support” "
        "and win over Romania and Türkiye, and Slovakia then follows."
    )
    assert third == "It is not the only choice: another way costs the same, so the estimates alone do not decide between them."
    paths = json.loads(cli("paths", "-f", "json").stdout)
    said = sentences(paths, "rutte")
    assert said[:2] == [first, second]  # run and paths say the same; paths also says over how much of the ranges
    assert said[2] == (
        f"{third} It stays the cheapest over 38% of the plausible range of the estimates (4,000 points sampled, 95% interval "
        "36% to 39%; defaults where the file gives no range: ±50% on costs, ±0.2 on thresholds and weights)."
    )
    robust = json.loads(cli("sensitivity", "--trials", "100", "-f", "json").stdout)["robustness"]  # what sensitivity says by default
    assert (robust["share"], robust["samples"], robust["seed"]) == (0.379, 4000, 0)
    assert cli("run").stdout.splitlines()[1].startswith("Mark Rutte is blocked under unanimity")  # the text opens with it


def test_the_margin_to_the_next_cheapest_path() -> None:
    s = scenario({"AA": "oppose", "BB": "support"}, costs={"AA": 2}, deals=[("assurance", 3.5, {"AA": "support"})])
    first, second, third = sentences(api.paths(s).to_dict())
    assert first == "Main is blocked under unanimity by AA land (opposes)."
    assert second == "The cheapest way through costs 2: win over AA land."
    # flip AA (cost 1-3) against the deal (1.75-5.25): the deal is cheaper on a triangle of 1.25²/2 of the box's 7
    assert third == (
        "The next-cheapest way costs 3.5, a margin of 1.5: the advice holds as long as the estimated costs are off by less than 1.5 in all. "
        "It stays the cheapest over 89% of the plausible range of the estimates "
        "(exact; defaults where the file gives no range: ±50% on costs, ±0.2 on thresholds and weights)."
    )
    quoted = sensitivity.quoted(s, "main")
    assert quoted is not None
    assert quoted.exact
    assert quoted.share == pytest.approx(1 - 1.25**2 / 2 / 7)
    only = api.paths(scenario({"AA": "oppose", "BB": "support"}))
    assert sentences(only.to_dict())[2] == "It is the only way through that the search found."  # and so the cheapest everywhere
    one = api.paths(s, limit=1)
    assert sentences(one.to_dict())[2].startswith("Whether another way costs about as much is not known")
    assert "It stays the cheapest over 89%" in sentences(one.to_dict())[2]
    assert "It stays" not in sentences(api.paths(s, budget=10).to_dict())[2]  # a budget or exclusions: not the plain cheapest
    assert "It stays" not in sentences(api.evaluate(s).to_dict())[2]  # run leaves it out (its start-up)
    assert sentences(api.paths(s).to_dict()) == list(api.summary(api.evaluate(s), robust=True)[0].sentences)


def test_the_share_is_left_out_when_it_costs_too_much(monkeypatch: pytest.MonkeyPatch) -> None:
    s = scenario({"AA": "oppose", "BB": "support"}, costs={"AA": 2}, deals=[("assurance", 3.5, {"AA": "support"})])
    monkeypatch.setattr(sensitivity, "SUMMARY_SEARCHES", 1)
    assert "It stays" not in sentences(api.paths(s).to_dict())[2]
    assert sensitivity.quoted(s, "main") is None


def test_adopted_hopeless_and_excluded() -> None:
    adopted = api.evaluate(scenario({"AA": "support", "BB": "support"})).to_dict()
    assert sentences(adopted) == ["Main is adopted under unanimity, with 2 of 2 members in support."]
    held = api.paths(scenario({"AA": "oppose", "BB": "support"}), exclude="AA").to_dict()
    assert sentences(held)[1] == "No way gets Main adopted while AA land stays where it stands."
    poor = api.paths(scenario({"AA": "oppose", "BB": "support"}, costs={"AA": 3}), budget=1).to_dict()
    assert sentences(poor)[1] == "No way gets Main adopted within the budget of 1; the cheapest costs 3."


def test_quota_rules_and_constructive_abstention_name_who_blocks_together(make_scenario: object) -> None:
    s = scenario({"AA": "oppose", "BB": "oppose", "CC": "oppose", "DD": "support"}, rule="majority")
    first = sentences(api.evaluate(s).to_dict())[0]
    assert first.startswith("Main is blocked under simple majority together by ")  # no one member is pivotal


def test_a_search_out_of_work_says_so_and_does_not_depend_on_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary, "SEARCH_STEPS", 1)
    s = scenario({"AA": "oppose", "BB": "oppose", "CC": "oppose"})
    said = summary.summarise(api.evaluate(s).report)[0].sentences
    assert said[1] == "The search for a way to get Main adopted stopped before it found one."
    assert len(said) == 2


def test_gist_quotes_the_first_clause_of_a_reason() -> None:
    reason = "Objects to the 2021 criticism (the 'a; b' remarks); FM Y said so. More."
    assert summary.gist(reason) == "Objects to the 2021 criticism (the 'a; b' remarks)"
    assert summary.gist("Short. Then the rest of a longer second sentence, enough. More.") == (
        "Short. Then the rest of a longer second sentence, enough"
    )
    assert summary.gist("") == ""
    long = summary.gist("word " * 100)
    assert long.endswith("…")
    assert len(long) <= summary.GIST_MOST + 1


def _hostile() -> Scenario:
    import dataclasses

    s = scenario({"AA": "oppose", "BB": "support"})
    pos = dataclasses.replace(s.positions["AA"], reason=HOSTILE)
    return dataclasses.replace(s, positions={**s.positions, "AA": pos})


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_user_text_in_the_sentences_is_escaped_for_each_reader(fmt: str) -> None:
    from natosim.render.formats import Format, render
    from natosim.render.views import run_view

    report = api.evaluate(_hostile())
    text = render(run_view(report.report, summary=api.summary(report)), Format(fmt))
    assert "\x1b" not in text
    if fmt == "markdown":
        assert "<script>" not in text
    if fmt == "json":
        assert sentences(json.loads(text))[0].startswith("Main is blocked under unanimity by AA land (opposes: <script>")


def test_the_report_opens_with_the_sentences(cli: Cli, tmp_path: object) -> None:
    from natosim._engine import report as reports
    from natosim.render.html import page, report_json

    d = reports.build(_hostile(), trials=10, seed=1)
    data = report_json(d, version="test")
    assert data["summary"] == data["run"]["summary"]
    assert data["paths"]["summary"] == data["summary"]
    html = page(d, version="test")
    assert '<section id="summary"' in html
    assert html.index('id="summary"') < html.index('id="verdicts"')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    bundled = json.loads(cli("report", "--format", "json", "--trials", "10", "--seed", "1").stdout)
    assert [x["candidate"] for x in bundled["summary"]] == ["rutte", "iohannis"]
    assert re.search(r"The cheapest way through costs 6", bundled["summary"][0]["sentences"][1])


def test_the_summary_searches_a_bounded_number_of_candidates() -> None:
    # a race of 12 candidates is not 12 searches: the first SEARCHED_CANDIDATES get their cheapest way, the rest are named
    from helpers import body_toml

    ids = [f"c{i}" for i in range(12)]
    text = body_toml({"AA": "oppose", "BB": "support"}, candidates=ids)
    report = api.evaluate(api.parse(text))
    said = summary.summarise(report.report)
    assert len(said) == 12
    searched = [x for x in said if not x.sentences[-1].startswith("Its cheapest way through is not searched here")]
    assert len(searched) == summary.SEARCHED_CANDIDATES
    assert said[-1].sentences[-1] == (
        f"Its cheapest way through is not searched here: the summary searches the first {summary.SEARCHED_CANDIDATES} candidates only."
    )


def test_the_quoted_share_is_left_out_beyond_its_estimates(monkeypatch: pytest.MonkeyPatch) -> None:
    april = api.load("rutte-2024-04")
    assert sensitivity.quoted(april, "rutte") is not None
    monkeypatch.setattr(sensitivity, "SUMMARY_ESTIMATES", 1)
    assert sensitivity.quoted(april, "rutte") is None
