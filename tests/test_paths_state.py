"""Paths from a hypothetical state (``paths --flip/--withdraw/--deal``) and excluded members held where they stand.

A search from a state the changes lead to must list exactly what a search of that state written
out as a file lists; an excluded member must never move in a listed path, directly or by the cascade.
"""

from __future__ import annotations

import itertools
import json
import math
import pathlib
from collections.abc import Sequence

import pytest
from helpers import Cli, body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_paths import MEMBERS, as_changes, instances, scenario

import natosim
from natosim import api
from natosim._engine import analysis, paths, step
from natosim._engine.paths import Intervention
from natosim.model import Scenario, Stance

# --- the what-if state written out as a file ------------------------------------------------


def _table(pairs: Sequence[tuple[str, str]]) -> str:
    return "{ " + ", ".join(f'{k} = "{v}"' for k, v in pairs) + " }"


def written(s: Scenario) -> str:
    """A declared body's scenario as a file would describe it: its candidates still in the race, every stance, cost,
    threshold, link and deal (the file format of docs/scenario-format.md)."""
    lines = ['title = "test"', f"as_of = {s.as_of.isoformat()}", f'rule = "{s.rule.name}"', "", "[body]", 'name = "test body"']
    for m in s.members:
        lines += [f"[body.members.{m.code}]", f'name = "{m.name}"']
    for c in s.active:
        lines += [f"[candidates.{c.id}]", f'name = "{c.name}"', f"withdraw_cost = {c.withdraw_cost!r}"]
        if c.on_withdraw:
            lines.append("on_withdraw = " + _table([(code, st.value) for code, st in c.on_withdraw]))
    for m in s.members:
        pos = s.positions[m.code]
        lines += [f"[allies.{m.code}]", "stances = " + _table([(c.id, s.stances[c.id][m.code].value) for c in s.active])]
        lines += [f"cost = {pos.cost!r}", f"threshold = {pos.threshold!r}"]
    for e in s.influence:
        lines += ["[[influence]]", f'from = "{e.source}"', f'to = "{e.target}"', f"weight = {e.weight!r}"]
    for d in s.deals:
        lines += ["[[deals]]", f'id = "{d.id}"', f'name = "{d.name}"', f"cost = {d.cost!r}", f'candidate = "{d.candidate}"']
        lines.append("effects = " + _table([(code, st.value) for code, st in d.effects]))
    return "\n".join(lines) + "\n"


@st.composite
def hypotheses(draw: st.DrawFn) -> tuple[Scenario, list[tuple[str, str]], list[str], list[str]]:
    """A small random body and changes to assume: flips (any stance), the rival's withdrawal, deals (at least one change)."""
    s = draw(instances())
    flips = draw(
        st.lists(st.tuples(st.sampled_from(MEMBERS), st.sampled_from([x.value for x in Stance])), max_size=3, unique_by=lambda f: f[0])
    )
    withdraw = ["rival"] if len(s.active) > 1 and draw(st.booleans()) else []
    deals = draw(st.lists(st.sampled_from([d.name for d in s.deals]), max_size=2, unique=True)) if s.deals else []
    if not (flips or withdraw or deals):
        flips = [(MEMBERS[0], "support")]
    return s, flips, withdraw, deals


@settings(max_examples=examples(300))
@given(hypotheses(), st.booleans())
def test_paths_from_a_hypothetical_state_are_the_paths_of_that_state_written_out(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[Scenario, list[tuple[str, str]], list[str], list[str]], cascade: bool
) -> None:
    s, flips, withdraw, deals = case
    got = api.paths(s, candidate="main", flip=flips, withdraw=withdraw, deal=deals, cascade=cascade, limit=10_000).to_dict()
    state = api.what_if(s, flip=flips, withdraw=withdraw, deal=deals, candidate="main", cascade=cascade).applied.after
    struck = {s.deal_named(d).name for d in deals}  # type: ignore[union-attr]  # every deal drawn is declared
    text = written(_without(state, struck))
    file = tmp_path_factory.mktemp("state") / "state.toml"
    file.write_text(text, encoding="utf-8")
    want = api.paths(file, candidate="main", cascade=cascade, limit=10_000).to_dict()
    assuming = got.pop("assuming")
    assert got == want
    assert [a for a in assuming if a["type"] == "flip"] == [
        {"type": "flip", "candidate": "main", "code": code, "name": f"{code} land", "stance": stance} for code, stance in flips
    ]
    assert [a["candidate"] for a in assuming if a["type"] == "withdraw"] == withdraw


def _without(s: Scenario, struck: set[str]) -> Scenario:
    """``s`` with the deals already struck no longer on offer (what a file describing the state after them holds)."""
    import dataclasses

    return dataclasses.replace(s, deals=tuple(d for d in s.deals if d.name not in struck))


def test_if_turkey_comes_round_the_cheapest_way_from_there(cli: Cli) -> None:
    """The issue's question on the bundled race: with Türkiye's support assumed, the cheapest path costs its price less."""
    before = json.loads(cli("paths", "-f", "json").stdout)
    after = cli("paths", "--flip", "Turkey", "-f", "json")
    assert after.exit_code == 0, after.stderr
    data = json.loads(after.stdout)
    assert data["assuming"] == [{"type": "flip", "candidate": "rutte", "code": "TUR", "name": "Türkiye", "stance": "support"}]
    assert data["paths"][0]["cost"] == before["paths"][0]["cost"] - 2  # Türkiye's cost in the bundled file
    assert all("TUR" not in p["flips"] for p in data["paths"])
    md = cli("paths", "--flip", "Turkey", "--deal", "assurance", "-f", "markdown").stdout
    said = "Assuming the deal “Written assurance: no Hungarian role in NATO's Ukraine support” is struck; Türkiye supports Mark Rutte"
    assert said in md
    assert "then Slovakia (rutte) follow." in md
    rows = cli("paths", "--flip", "Turkey", "--withdraw", "iohannis", "-f", "csv").stdout.splitlines()
    assert rows[0].endswith(",assuming")
    assert rows[1].endswith(",withdraw:iohannis;flip:TUR=support")
    assert "Assuming Türkiye supports Mark Rutte." in cli("paths", "--flip", "Turkey").stdout


def test_assumed_changes_are_checked_like_what_if(cli: Cli) -> None:
    bad = cli("paths", "--flip", "Hungry")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("natosim: error: --flip Hungry: unknown ally 'Hungry'")
    gone = cli("paths", "--withdraw", "rutte", "--candidate", "rutte")
    assert gone.exit_code == 2
    assert "withdraws among the changes assumed" in gone.stderr
    # without --candidate the first candidate the withdrawals leave is searched, and flips are on it
    other = json.loads(cli("paths", "--withdraw", "rutte", "--flip", "Romania=oppose", "-f", "json").stdout)
    assert other["candidate"] == "iohannis"
    assert other["assuming"][1] == {"type": "flip", "candidate": "iohannis", "code": "ROU", "name": "Romania", "stance": "oppose"}
    unknown = cli("paths", "--deal", "nothing")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("natosim: error: --deal")


def test_the_library_takes_what_if_keywords() -> None:
    plain = api.paths("rutte-2024-04")
    assert plain.assumed is None
    assert "assuming" not in plain.to_dict()
    assumed = api.paths("rutte-2024-04", flip="Turkey", deal="assurance")
    assert assumed.assumed is not None
    assert [type(c).__name__ for c in assumed.assumed.changes] == ["Strike", "Flip"]
    assert all(d.id != "assurance" for d in assumed.scenario.deals)  # a deal struck is no longer on offer
    with pytest.raises(natosim.NatosimError, match=r"paths\(flip=\.\.\.\)"):
        api.paths("rutte-2024-04", flip="Atlantis")


# --- excluded members are held where they stand (issue 22) ---------------------------------

RULES = ["unanimity", "consensus", "majority", "constructive-abstention", "council"]
COUNCIL = '{ quota = 0.5, veto_members = ["AA", "BB"] }'


@st.composite
def excluded_cases(draw: st.DrawFn) -> tuple[Scenario, str]:
    """A small body in which the excluded member is influenced (edges into it), under every kind of rule."""
    codes = MEMBERS[:6]
    stances = {c: draw(st.sampled_from(["support", "oppose", "undecided", "abstain"])) for c in codes}
    held = draw(st.sampled_from(codes))
    if stances[held] == "support":
        stances[held] = draw(st.sampled_from(["oppose", "undecided", "abstain"]))
    into = draw(st.lists(st.sampled_from([c for c in codes if c != held]), min_size=1, max_size=3, unique=True))
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(codes), st.sampled_from(codes)).filter(lambda p: p[0] != p[1]), max_size=6, unique=True)
    )
    edges = sorted({(a, held) for a in into} | set(pairs))
    weighted = [(a, b, draw(st.sampled_from([0.3, 0.5, 1.0]))) for a, b in edges]
    costs = {c: draw(st.sampled_from([1, 2, 3])) for c in codes}
    thresholds = {c: draw(st.sampled_from([0.3, 0.5, 1.0])) for c in codes}
    rule = draw(st.sampled_from(RULES))
    rule_toml = COUNCIL if rule == "council" else f'"{rule}"'
    populations = {c: draw(st.sampled_from([1, 5, 10])) for c in codes}
    text = body_toml(
        stances,
        rule=rule_toml,
        costs=costs,
        thresholds=thresholds,
        edges=weighted,
        candidates=["main"],
        populations=populations if rule == "constructive-abstention" else None,
    )
    return natosim.parse(text, path="held.toml"), held


def _held_works(s: Scenario, todo: Sequence[step.Change], held: str) -> bool:
    """The one definition with ``held`` stated at its own stance (so it never follows), then the verdict."""
    pin = step.Flip(held, s.stances["main"][held], "main")
    after = step.apply(s, [*todo, pin]).after
    return next(v.adopted for v in analysis.evaluate(after).verdicts if v.candidate.id == "main")


def _brute(s: Scenario, held: str) -> list[float]:
    """The costs of every minimal working set with ``held`` fixed, sorted (flips of every other non-supporter)."""
    movers = [m.code for m in s.members if m.code != held and s.stances["main"][m.code] is not Stance.SUPPORT]
    flips = {c: step.Flip(c, Stance.SUPPORT, "main") for c in movers}
    works = {
        frozenset(c): _held_works(s, [flips[x] for x in c], held) for r in range(len(movers) + 1) for c in itertools.combinations(movers, r)
    }
    minimal = [c for c, ok in works.items() if ok and not any(works[c - {x}] for x in c)]
    return sorted(round(math.fsum(s.positions[x].cost for x in c), 9) for c in minimal)


@settings(max_examples=examples(400))
@given(excluded_cases())
def test_an_excluded_member_never_moves_and_every_path_works_without_it(case: tuple[Scenario, str]) -> None:
    s, held = case
    found = paths.find(s, "main", exclude=[held], limit=10_000)
    assert found.complete
    for p in found.paths:
        todo = as_changes(p, "main")
        assert held not in p.flips
        assert held not in p.cascade
        applied = step.apply(s, [*todo, step.Flip(held, s.stances["main"][held], "main")])
        assert applied.after.stances["main"][held] is s.stances["main"][held]  # not moved, directly or by the cascade
        assert not any(c.code == held for c in step.apply(s, todo).direct)  # no change in the path sets it
        assert _held_works(s, todo, held)
        assert p.cascade == tuple(sorted(f.code for _, f in applied.followed))  # who follows with it held, as listed
    assert [round(p.cost, 9) for p in found.paths] == _brute(s, held)


@pytest.mark.parametrize("rule", ['"constructive-abstention"', '{ quota = 0.9, veto_members = ["MM"] }'])
def test_the_audits_case_a_path_that_only_works_because_the_excluded_member_follows(rule: str) -> None:
    """AA's flip carries MM along (weight 1): without MM moving, nothing gets ``main`` adopted."""
    stances = {"AA": "oppose", "BB": "support", "MM": "undecided" if "constructive" in rule else "oppose"}
    text = body_toml(
        stances,
        rule=rule.replace('"AA", "BB"', '"MM"'),
        edges=[("AA", "MM", 1.0)],
        candidates=["main"],
        populations=dict.fromkeys(stances, 10),
    )
    s = natosim.parse(text, path="audit.toml")
    free = paths.find(s, "main")
    assert [(p.flips, p.cascade) for p in free.paths] == [(("AA",), ("MM",))]
    held = paths.find(s, "main", exclude=["MM"])
    assert held.paths == ()
    assert held.needs_excluded


# --- constructive abstention: the blockers (issue 22) ---------------------------------------

ABSTAIN = '"constructive-abstention"'


def _verdict(stances: dict[str, str], populations: dict[str, int]) -> dict[str, object]:
    s = natosim.parse(body_toml(stances, rule=ABSTAIN, populations=populations, candidates=["main"]), path="ca.toml")
    data: dict[str, object] = api.evaluate(s).to_dict()["candidates"][0]
    return data


def _codes(v: dict[str, object]) -> list[str]:
    return [b["code"] for b in v["blockers"]]  # type: ignore[attr-defined]


def test_constructive_abstention_names_every_abstainer_when_the_clause_bites() -> None:
    """Four of nine abstain, holding 40% of the population; only Big is pivotal (without it they hold 10%), yet
    the four block together: all four are the blockers, as docs/rules.md says."""
    names = ["BIG", "SA", "SB", "SC", "OA", "OB", "OC", "OD", "OE"]
    stances = {c: "abstain" if c in ("BIG", "SA", "SB", "SC") else "support" for c in names}
    populations = {"BIG": 30, "SA": 3, "SB": 3, "SC": 4, **dict.fromkeys(["OA", "OB", "OC", "OD", "OE"], 12)}
    v = _verdict(stances, populations)
    assert v["adopted"] is False
    assert v["pivotal"] == ["BIG"]
    assert _codes(v) == ["BIG", "SA", "SB", "SC"]
    assert v["blockers_are"] == "abstainers"


def test_constructive_abstention_names_every_member_opposing_or_undecided_first() -> None:
    """An opposing and an undecided member block alone, whatever the abstainers do: they are the blockers."""
    stances = {"AA": "oppose", "BB": "undecided", "CC": "abstain", "DD": "abstain", "EE": "support", "FF": "support"}
    v = _verdict(stances, dict.fromkeys(stances, 10))
    assert _codes(v) == ["AA", "BB"]
    assert v["blockers_are"] == "oppose_or_undecided"
    assert v["pivotal"] == []  # neither alone gets it adopted (the abstainers are a third)


def test_a_quota_rule_still_names_its_pivotal_members() -> None:
    s = scenario({"AA": "oppose", "BB": "oppose", "CC": "support", "DD": "support"}, rule="majority")
    v = api.evaluate(s).to_dict()["candidates"][0]
    assert _codes(v) == ["AA", "BB"]
    assert v["pivotal"] == ["AA", "BB"]
    assert v["blockers_are"] == "pivotal"


def test_interventions_never_offer_to_move_an_excluded_member() -> None:
    s = scenario({"AA": "oppose", "BB": "oppose"}, deals=[("both", 1, {"AA": "support", "BB": "support"})])
    offered: tuple[Intervention, ...] = paths.interventions(s, "main", exclude=["BB"])
    assert [o.name for o in offered] == ["flip:AA"]


def test_written_out_files_load(tmp_path: pathlib.Path) -> None:
    """The writer the property test relies on gives back the same scenario."""
    s = scenario({"AA": "oppose", "BB": "support"}, [("BB", "AA", 0.5)], rival={"AA": "support"}, deals=[("d", 2, {"AA": "support"})])
    file = tmp_path / "s.toml"
    file.write_text(written(s), encoding="utf-8")
    again = natosim.parse(file.read_text(encoding="utf-8"), path=str(file))
    assert again.stances == s.stances
    assert again.influence == s.influence
    assert again.deals == s.deals
    assert again.candidates == s.candidates
