"""Paths to consensus: exact, minimal, ordered; checked by hand and against a brute-force enumerator."""

from __future__ import annotations

import itertools
import json
import math
import pathlib
from collections.abc import Callable, Mapping, Sequence

import pytest
from helpers import Cli, body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import natosim
from natosim._engine import analysis, paths, step
from natosim._engine.paths import Intervention, Path
from natosim.model import Scenario, Stance

DEAL = "Written assurance: no Hungarian role in NATO's Ukraine support"


def scenario(
    stances: Mapping[str, str],
    edges: Sequence[tuple[str, str, float]] = (),
    *,
    rule: str = "unanimity",
    costs: Mapping[str, float] | None = None,
    thresholds: Mapping[str, float] | None = None,
    rival: Mapping[str, str] | None = None,
    rival_cost: float | None = None,
    deals: Sequence[tuple[str, float, Mapping[str, str]]] = (),
    weights: Mapping[str, int] | None = None,
) -> Scenario:
    """A declared body deciding on candidate ``main``; ``rival`` (if given) is a second candidate with on_withdraw stances."""
    rule_toml = rule if rule.startswith("{") else f'"{rule}"'
    lines = ["[candidates.main]", 'name = "Main"']
    if rival is not None:
        lines += ["[candidates.rival]", 'name = "Rival"', 'default = "oppose"']
        lines.append("on_withdraw = {" + ", ".join(f'{c} = "{s}"' for c, s in rival.items()) + "}")
        if rival_cost is not None:
            lines.append(f"withdraw_cost = {rival_cost}")
    for name, cost, effects in deals:
        lines += [
            "[[deals]]",
            f'name = "{name}"',
            f"cost = {cost}",
            "effects = {" + ", ".join(f'{c} = "{s}"' for c, s in effects.items()) + "}",
        ]
    extra = "\n".join(lines) + "\n"
    toml = body_toml(stances, rule=rule_toml, weights=weights, costs=costs, thresholds=thresholds, edges=edges, extra=extra)
    return natosim.parse(toml, path="paths.toml")


def summary(search: paths.Search) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], float, tuple[str, ...]]]:
    return [(p.flips, p.withdraw, p.deals, p.cost, p.cascade) for p in search.paths]


def as_changes(p: Path, candidate: str) -> list[step.Change]:
    out: list[step.Change] = [step.Withdraw(w) for w in p.withdraw]
    out += [step.Strike(d) for d in p.deals]
    out += [step.Flip(c, Stance.SUPPORT, candidate) for c in p.flips]
    return out


def adopted(s: Scenario, todo: Sequence[step.Change], candidate: str, *, with_cascade: bool = True) -> bool:
    after = step.apply(s, todo, with_cascade=with_cascade).after
    return next(v.adopted for v in analysis.evaluate(after).verdicts if v.candidate.id == candidate)


# --- the bundled scenario ------------------------------------------------------------------


def test_bundled_paths_with_the_cascade() -> None:
    s = natosim.load("rutte-2024-04")
    found = paths.find(s, "rutte", limit=100)
    assert found.complete
    assert summary(found) == [
        (("ROU", "TUR"), (), (DEAL,), 6.0, ("SVK",)),
        (("TUR",), ("iohannis",), (DEAL,), 6.0, ("SVK",)),
        (("HUN", "ROU", "TUR"), (), (), 7.0, ("SVK",)),
        (("HUN", "TUR"), ("iohannis",), (), 7.0, ("SVK",)),
    ]
    assert [(i.kind, i.target, i.cost) for i in found.interventions] == [
        ("flip", "SVK", 1.0),
        ("flip", "ROU", 2.0),
        ("flip", "TUR", 2.0),
        ("withdraw", "iohannis", 2.0),
        ("deal", DEAL, 2.0),
        ("flip", "HUN", 3.0),
    ]


def test_bundled_paths_without_the_cascade_flip_slovakia_too() -> None:
    found = paths.find(natosim.load("rutte-2024-04"), "rutte", limit=100, with_cascade=False)
    assert [(p.flips, p.cost, p.cascade) for p in found.paths] == [
        (("ROU", "SVK", "TUR"), 7.0, ()),
        (("SVK", "TUR"), 7.0, ()),
        (("HUN", "ROU", "SVK", "TUR"), 8.0, ()),
        (("HUN", "SVK", "TUR"), 8.0, ()),
    ]


def test_budget_max_and_exclude() -> None:
    s = natosim.load("rutte-2024-04")
    assert [p.cost for p in paths.find(s, "rutte", budget=6).paths] == [6.0, 6.0]
    assert paths.find(s, "rutte", budget=5.99).paths == ()
    one = paths.find(s, "rutte", limit=1)
    assert (len(one.paths), one.complete) == (1, False)
    assert paths.find(s, "rutte", limit=4).complete
    # Hungary cannot be moved: neither flipped nor moved by the deal, so Rutte cannot pass
    assert paths.find(s, "rutte", exclude=["HUN"]).paths == ()
    # Slovakia cannot be moved: it blocks, and it never follows Hungary either
    assert paths.find(s, "rutte", exclude=["SVK"]).paths == ()
    # Romania cannot be moved: Iohannis's withdrawal no longer helps, so every path flips Turkey and Hungary
    no_rou = paths.find(s, "rutte", exclude=["ROU"])
    assert no_rou.paths == ()
    assert [i.kind for i in no_rou.interventions].count("withdraw") == 0


def test_paths_cli_json(cli: Callable[..., Result]) -> None:
    result = cli("paths", "--format", "json", "--max", "2", "--budget", "7")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidate"] == "rutte"
    assert data["paths"][0] == {"flips": ["ROU", "TUR"], "withdraw": [], "deals": [DEAL], "cost": 6, "cascade": ["SVK"]}
    assert len(data["paths"]) == 2
    assert data["complete"] is False
    excluded = cli("paths", "--exclude", "Hungary", "--format", "json")
    assert excluded.exit_code == 0
    assert json.loads(excluded.stdout)["paths"] == []
    unknown = cli("paths", "--exclude", "Atlantis")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("natosim: error: --exclude Atlantis: ")


# --- hand-computed small cases -------------------------------------------------------------


def test_already_adopted_is_one_empty_path() -> None:
    found = paths.find(scenario({"AA": "support", "BB": "abstain"}), "main")
    assert summary(found) == [((), (), (), 0.0, ())]


def test_impossible_is_no_path() -> None:
    s = scenario({"AA": "oppose", "BB": "support"})
    assert paths.find(s, "main", exclude=["AA"]).paths == ()


def test_a_cheap_influencer_beats_flipping_everyone() -> None:
    s = scenario(
        {"AA": "oppose", "BB": "oppose", "CC": "oppose"},
        [("AA", "BB", 0.5), ("AA", "CC", 0.3), ("BB", "CC", 0.3)],
        costs={"AA": 2, "BB": 1, "CC": 1},
    )
    # flipping AA carries BB (0.5), then CC (0.3 + 0.3): cost 2; otherwise AA must be flipped anyway
    assert summary(paths.find(s, "main")) == [(("AA",), (), (), 2.0, ("BB", "CC"))]


def test_withdrawal_is_one_intervention_with_default_cost_one() -> None:
    s = scenario({"AA": "oppose", "BB": "oppose"}, rival={"AA": "support", "BB": "support"}, costs={"AA": 1, "BB": 1})
    assert summary(paths.find(s, "main")) == [((), ("rival",), (), 1.0, ()), (("AA", "BB"), (), (), 2.0, ())]


def test_deals_are_single_interventions_listed_in_file_order() -> None:
    s = scenario(
        {"AA": "oppose", "BB": "oppose", "CC": "oppose"},
        costs={"AA": 5, "BB": 5, "CC": 5},
        deals=[("zeta", 2, {"AA": "support", "BB": "support"}), ("alpha", 1, {"CC": "support"})],
    )
    found = paths.find(s, "main")
    assert summary(found)[0] == ((), (), ("zeta", "alpha"), 3.0, ())


def test_an_abstention_is_enough_under_unanimity_but_not_under_majority() -> None:
    s = scenario({"AA": "oppose", "BB": "support", "CC": "support"}, rival={"AA": "abstain"}, rival_cost=0.5)
    assert summary(paths.find(s, "main")) == [((), ("rival",), (), 0.5, ()), (("AA",), (), (), 1.0, ())]
    majority = scenario({"AA": "oppose", "BB": "oppose", "CC": "support"}, rule="majority", rival={"AA": "abstain"})
    assert summary(paths.find(majority, "main")) == [(("AA",), (), (), 1.0, ()), (("BB",), (), (), 1.0, ())]


def test_a_worsening_effect_applies_as_in_what_if() -> None:
    s = scenario({"AA": "abstain", "BB": "oppose"}, rival={"AA": "oppose", "BB": "support"})
    (withdraw,) = [i for i in paths.interventions(s, "main") if i.kind == "withdraw"]
    assert withdraw.effects == (("AA", Stance.OPPOSE), ("BB", Stance.SUPPORT))
    assert not withdraw.monotone
    # the withdrawal alone makes AA oppose: it works only together with flipping AA
    assert summary(paths.find(s, "main")) == [(("BB",), (), (), 1.0, ()), (("AA",), ("rival",), (), 2.0, ())]
    assert not adopted(s, [step.Withdraw("rival")], "main")
    assert adopted(s, [step.Withdraw("rival"), step.Flip("AA", Stance.SUPPORT, "main")], "main")


def test_ties_are_ordered_by_size_then_names() -> None:
    s = scenario({"AA": "oppose", "BB": "oppose", "CC": "oppose"}, costs={"AA": 2, "BB": 1, "CC": 1}, rule="majority")
    # majority of 3: any two; costs BB+CC = 2 < AA+BB = AA+CC = 3
    assert [p.flips for p in paths.find(s, "main").paths] == [("BB", "CC"), ("AA", "BB"), ("AA", "CC")]
    # a single deal of cost 2 comes before a pair of flips of cost 2
    s2 = scenario({"AA": "oppose", "BB": "oppose"}, deals=[("both", 2, {"AA": "support", "BB": "support"})])
    assert [(p.flips, p.deals) for p in paths.find(s2, "main").paths] == [((), ("both",)), (("AA", "BB"), ())]


def test_consensus_ignores_the_undecided() -> None:
    s = scenario({"AA": "oppose", "BB": "undecided"}, rule="consensus", costs={"AA": 3})
    assert summary(paths.find(s, "main")) == [(("AA",), (), (), 3.0, ())]


# --- properties on random instances, against a brute-force enumerator --------------------

MEMBERS = ["AA", "BB", "CC", "DD", "EE", "FF", "GG"]
WEIGHTED = '{ quota = 0.6, weight = "weight", min_members = 0.5 }'
WEIGHTED_BLOCKING = '{ quota = 0.7, weight = "weight", min_members = 0.55, blocking_min = 2 }'


@st.composite
def instances(draw: st.DrawFn) -> Scenario:
    stances = {c: draw(st.sampled_from(["support", "oppose", "undecided", "abstain"])) for c in MEMBERS}
    movers = [c for c in MEMBERS if stances[c] in ("oppose", "undecided")]
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(MEMBERS), st.sampled_from(MEMBERS)).filter(lambda p: p[0] != p[1]), max_size=14, unique=True)
    )
    edges = [(a, b, draw(st.sampled_from([0.2, 0.25, 0.3, 0.5, 0.6, 1.0]))) for a, b in pairs]
    costs = {c: draw(st.sampled_from([0.5, 1, 1, 2, 3])) for c in MEMBERS}
    thresholds = {c: draw(st.sampled_from([0.25, 0.5, 0.5, 0.75, 1.0])) for c in MEMBERS}
    rival = None
    if movers and draw(st.booleans()):  # type: ignore[arg-type]  # hypothesis' DrawFn stub: a bool strategy is fine
        rival = {c: draw(st.sampled_from(["support", "abstain"])) for c in draw(st.lists(st.sampled_from(movers), min_size=1, unique=True))}
    deals = []
    for i in range(draw(st.integers(0, 2))):
        if movers:
            hit = draw(st.lists(st.sampled_from(movers), min_size=1, max_size=3, unique=True))
            deals.append((f"deal {i}", draw(st.sampled_from([1, 1.5, 2, 4])), dict.fromkeys(hit, "support")))
    rule = draw(st.sampled_from(["unanimity", "unanimity", "consensus", "majority"]))
    return scenario(
        stances,
        edges,
        rule=rule,
        costs=costs,
        thresholds=thresholds,
        rival=rival,
        rival_cost=draw(st.sampled_from([None, 1, 2.5])),
        deals=deals,
    )


def _to_change(i: Intervention) -> step.Change:
    match i.kind:
        case "flip":
            return step.Flip(i.target, Stance.SUPPORT, "main")
        case "withdraw":
            return step.Withdraw(i.target)
        case _:
            return step.Strike(i.target)


def _ordered(todo: Sequence[Intervention]) -> list[step.Change]:
    """In the command line's order: withdrawals, deals, flips."""
    rank = {"withdraw": 0, "deal": 1, "flip": 2}
    return [_to_change(i) for i in sorted(todo, key=lambda i: rank[i.kind])]


def brute_force(s: Scenario, *, with_cascade: bool) -> list[tuple[float, int, tuple[int, ...]]]:
    """Every subset of the interventions through step.apply; the minimal working ones, sorted."""
    options = paths.interventions(s, "main")
    works = {}
    for r in range(len(options) + 1):
        for combo in itertools.combinations(range(len(options)), r):
            works[frozenset(combo)] = adopted(s, _ordered([options[j] for j in combo]), "main", with_cascade=with_cascade)
    minimal = [c for c, ok in works.items() if ok and not any(works[c - {j}] for j in c)]
    return sorted((round(math.fsum(options[j].cost for j in c), 9), len(c), tuple(sorted(c))) for c in minimal)


def key(p: Path, options: Sequence[Intervention]) -> tuple[float, int, tuple[int, ...]]:
    """(cost, size, positions of its interventions in the list of interventions): the order of paths."""
    where = {o.name: j for j, o in enumerate(options)}
    names = [f"flip:{c}" for c in p.flips] + [f"withdraw:{c}" for c in p.withdraw] + [f"deal:{d}" for d in p.deals]
    return (round(p.cost, 9), p.size, tuple(sorted(where[n] for n in names)))


@settings(max_examples=examples(150))
@given(instances(), st.booleans())
def test_paths_are_exactly_the_minimal_working_sets_in_order(s: Scenario, with_cascade: bool) -> None:
    assert len(paths.interventions(s, "main")) <= 10
    found = paths.find(s, "main", limit=10_000, with_cascade=with_cascade)
    assert found.complete
    got = [key(p, found.interventions) for p in found.paths]
    assert got == brute_force(s, with_cascade=with_cascade)  # exact: same sets, none cheaper missed, same order


@settings(max_examples=examples(150))
@given(instances(), st.integers(1, 4))
def test_every_path_works_is_minimal_sorted_and_none_contains_another(s: Scenario, limit: int) -> None:
    found = paths.find(s, "main", limit=limit)
    assert len(found.paths) <= limit
    sets = []
    for p in found.paths:
        todo = as_changes(p, "main")
        applied = step.apply(s, todo)
        assert adopted(s, todo, "main")
        assert p.cascade == tuple(sorted(f.code for cid, f in applied.followed if cid == "main"))
        for r in range(len(todo)):  # no proper subset works
            for sub in itertools.combinations(todo, r):
                assert not adopted(s, sub, "main")
        sets.append(set(key(p, found.interventions)[2]))
    keys = [key(p, found.interventions) for p in found.paths]
    assert keys == sorted(keys)
    assert not any(a < b for a in sets for b in sets)


@settings(max_examples=examples(60))
@given(instances(), st.sampled_from([0.5, 1.0, 2.0, 3.5]))
def test_budget_keeps_exactly_the_affordable_prefix(s: Scenario, budget: float) -> None:
    every = paths.find(s, "main", limit=10_000).paths
    within = paths.find(s, "main", limit=10_000, budget=budget).paths
    assert within == tuple(p for p in every if p.cost <= budget + 1e-9)


def test_a_deal_that_sets_a_supporter_to_abstain_respects_the_budget(cli: Cli, tmp_path: pathlib.Path) -> None:
    """The audit's case: a deal that also sets a supporter to abstain is searched in a group of its own (it can make a
    stance worse); that group's path of the deal alone was listed whatever the budget."""
    text = body_toml(
        {"AAA": "support", "BBB": "oppose", "CCC": "support"},
        costs={"BBB": 5},
        extra='[[deals]]\nname = "D"\ncost = 3\neffects = { BBB = "support", AAA = "abstain" }\n',
    )
    s = natosim.parse(text, path="t.toml")
    assert [p.cost for p in paths.find(s, "proposal").paths] == [3.0, 5.0]
    assert paths.find(s, "proposal", budget=1).paths == ()
    assert [p.cost for p in paths.find(s, "proposal", budget=3).paths] == [3.0]
    file = tmp_path / "t.toml"
    file.write_text(text, encoding="utf-8")
    r = cli("paths", str(file), "--budget", "1", "-f", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["paths"] == []


@pytest.mark.parametrize(("rule", "cost", "size"), [("majority", 17.0, 17), ("qualified-majority", 18.0, 18), ("consensus", 0.0, 0)])
def test_quota_rules_over_thirty_holdouts_stay_fast(rule: str, cost: float, size: int) -> None:
    # Iohannis had one supporter out of 32: C(31, 16) sets of 16 flips under majority, and Rutte (who
    # meets the quota rules too) must withdraw for the one seat (cost 1). The quota bound and the
    # order of the ties must find the first ones at once (this once ran out of memory).
    from natosim._engine.rules import rule_for

    s = natosim.load("rutte-2024-04", rule=rule)
    found = paths.find(s, "iohannis", limit=3, with_cascade=False)
    assert [(p.cost, p.size) for p in found.paths] == [(cost, size)] * (3 if size else 1)
    assert found.explored < 5_000
    judge = rule_for(s.rule)
    for p in found.paths:
        after = dict(s.stances["iohannis"], **dict.fromkeys(p.flips, Stance.SUPPORT))
        assert judge.adopted(s.members, after)
        for code in p.flips:
            assert not judge.adopted(s.members, dict(after, **{code: s.stances["iohannis"][code]}))
    if rule == "majority":  # any 16 flips do, with Rutte's withdrawal: the first are the first 16 flips
        flips = [o for o in found.interventions if o.kind == "flip"]
        assert found.paths[0].flips == tuple(sorted(o.target for o in flips[:16]))
        assert found.paths[0].withdraw == ("rutte",)


def test_a_search_out_of_work_still_answers_with_a_path_and_a_proven_bound() -> None:
    # With the cascade (Hungary, cost 3, carries Slovakia) the bound on the number of interventions no
    # longer matches the bound on cost, ties at cost 17 multiply and the work budget runs out: the answer
    # is then a working set found greedily, with the proven lower bound on every path's cost.
    for rule, cheapest in (("majority", 17.0), ("qualified-majority", 18.0)):
        s = natosim.load("rutte-2024-04", rule=rule)
        found = paths.find(s, "iohannis", limit=3)
        assert found.exhausted
        assert not found.complete
        assert len(found.paths) == 1
        assert found.lower_bound is not None
        assert found.lower_bound <= cheapest <= found.paths[0].cost
        assert found.proven == (found.paths[0].cost <= found.lower_bound)
        p = found.paths[0]
        assert paths.works(s, "iohannis", [o for o in found.interventions if o.target in (*p.flips, *p.withdraw)])
    majority = paths.find(natosim.load("rutte-2024-04", rule="majority"), "iohannis", limit=3)
    assert majority.proven
    assert majority.paths[0].cost == 17.0


@pytest.mark.parametrize("k", [10, 15])
def test_synthetic_bodies_agree_with_the_benchmark_baseline(k: int) -> None:
    import importlib.util
    from pathlib import Path as FilePath

    spec = importlib.util.spec_from_file_location("bench_paths", FilePath(__file__).parents[1] / "benchmarks" / "paths.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    s = bench.synthetic(k, family="dense")
    found = paths.find(s, "proposal", limit=10)
    assert [key(p, found.interventions) for p in found.paths] == bench.brute_force(s, "proposal")[:10]


def test_the_work_budget_keeps_the_proven_cheapest_paths_or_says_none_was_found(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = [f"A{i:02d}" for i in range(12)]
    edges = [(a, b, 0.1) for a in codes for b in codes if a != b]
    s = scenario(dict.fromkeys(codes, "undecided"), edges)
    every = paths.find(s, "main", limit=50)
    first = paths.find(s, "main", limit=1)  # stops once it knows a second path exists
    assert every.explored > first.explored
    monkeypatch.setattr(paths, "MAX_STEPS", first.evaluations + first.explored)
    cut = paths.find(s, "main", limit=50)
    assert cut.exhausted
    assert not cut.complete
    assert 1 <= len(cut.paths) < len(every.paths)
    assert cut.paths == every.paths[: len(cut.paths)]  # best-first: whatever was found is the cheapest
    monkeypatch.setattr(paths, "MAX_STEPS", 3)
    early = paths.find(s, "main", limit=3)  # out of work before any path: the greedy set and the proven bound
    assert early.exhausted
    (greedy,) = early.paths
    assert early.lower_bound is not None
    assert early.lower_bound <= every.paths[0].cost <= greedy.cost
    assert early.proven == (greedy.cost <= early.lower_bound)
    assert paths.works(s, "main", [o for o in early.interventions if o.target in greedy.flips])


def test_an_empty_answer_says_why(cli: Cli) -> None:
    over = cli("paths", "--budget", "5.5")
    assert over.exit_code == 0, over.stderr
    assert "Mark Rutte: no path within the budget of 5.5; the cheapest costs 6" in over.stdout
    assert json.loads(cli("paths", "--budget", "5.5", "-f", "json").stdout)["cheapest_beyond_budget"] == 6
    only = cli("paths", "--exclude", "Hungary")
    assert "no path leaves HUN where it stands; the excluded member is the only way" in only.stdout
    assert json.loads(cli("paths", "--exclude", "Hungary", "-f", "json").stdout)["excluded_are_the_only_way"] is True
    s = scenario({"AA": "oppose", "BB": "support"})
    hopeless = paths.find(s, "main", exclude=["AA"])
    assert hopeless.paths == ()
    assert hopeless.needs_excluded  # flipping AA would do it
    assert hopeless.cheapest_beyond is None
