"""Exact voting power (`natosim power`) and rules side by side (`natosim compare-rules`)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import Cli, Golden, body_toml, examples
from hypothesis import given, settings
from hypothesis import strategies as st

import natosim
from natosim._engine import power, roster
from natosim._engine.power import Game
from natosim._engine.rules import rule_for
from natosim._engine.rulespec import rule_spec
from natosim.errors import NatosimError
from natosim.model import Member, RuleSpec, Stance, WeightBasis

QMV = rule_spec("qualified-majority")

# --- brute force, the reference every exact count is checked against -------------------------------


def brute(g: Game) -> tuple[list[list[int]], int]:
    """Swings by size for every member, and the number of minimal winning coalitions, by enumeration."""
    n = g.n
    swings = [[0] * n for _ in range(n)]
    minimal = 0
    for mask in range(1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        if g.wins(members):
            if all(not g.wins([j for j in members if j != k]) for k in members):
                minimal += 1
            continue
        for i in range(n):
            if not mask >> i & 1 and g.wins([*members, i]):
                swings[i][len(members)] += 1
    return swings, minimal


def brute_shapley(g: Game) -> list[Fraction]:
    n = g.n
    swings, _ = brute(g)
    return [
        Fraction(sum(c * math.factorial(s) * math.factorial(n - 1 - s) for s, c in enumerate(row)), math.factorial(n)) for row in swings
    ]


def random_game(rng: random.Random, n: int, top: int) -> Game:
    weights = tuple(rng.randint(0, top) for _ in range(n))
    total = sum(weights)
    thresholds = tuple(sorted((rng.randint(0, total + 1) for _ in range(n + 1)), reverse=True))
    return Game(tuple(f"M{i:02d}" for i in range(n)), weights, thresholds)


# --- a small game checked by hand ---------------------------------------------------------------------

# Weights 4, 3, 2, 1 and quota 6 (of 10). Winning: AB AC BCD ABC ABD ACD ABCD.
# Swings: A {B} {C} {BC} {BD} {CD} = 5; B {A} {AD} {CD} = 3; C {A} {AD} {BD} = 3; D {BC} = 1.
# Shapley–Shubik (orderings where pivotal, of 24): A 10, B 6, C 6, D 2.
HAND = {"AAA": 4, "BBB": 3, "CCC": 2, "DDD": 1}
HAND_RULE = '{ quota = 0.6, weight = "weight" }'


def test_hand_checked_weighted_game() -> None:
    s = natosim.parse(body_toml(dict.fromkeys(HAND, "support"), rule=HAND_RULE, weights=HAND), path="hand.toml")
    r = power.power(s.members, s.rule)
    assert [m.swings for m in r.members] == [5, 3, 3, 1]
    assert r.total_swings == 12
    assert [m.banzhaf for m in r.members] == [5 / 12, 3 / 12, 3 / 12, 1 / 12]
    assert [m.shapley_exact for m in r.members] == [Fraction(10, 24), Fraction(6, 24), Fraction(6, 24), Fraction(2, 24)]
    assert [m.banzhaf_absolute for m in r.members] == [5 / 8, 3 / 8, 3 / 8, 1 / 8]
    assert r.winning.count == 3  # AB, AC, BCD
    assert r.winning.smallest[:2] == (("AAA", "BBB"), ("AAA", "CCC"))
    assert r.blocking.count == 4  # AB, AC, AD, BC
    assert set(r.blocking.smallest) == {("AAA", "BBB"), ("AAA", "CCC"), ("AAA", "DDD"), ("BBB", "CCC")}
    assert r.veto == ()
    assert r.degenerate == ""


def test_hand_checked_game_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "hand.toml"
    f.write_text(body_toml(dict.fromkeys(HAND, "oppose"), rule=HAND_RULE, weights=HAND))
    result = cli("power", str(f), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rule"] == "weighted (quota 0.6 of weight)"
    assert [(m["code"], m["swings"]) for m in data["members"]] == [("AAA", 5), ("BBB", 3), ("CCC", 3), ("DDD", 1)]
    assert data["members"][0]["banzhaf"] == pytest.approx(5 / 12, abs=1e-15)
    assert data["members"][3]["shapley_shubik"] == pytest.approx(1 / 12, abs=1e-15)
    assert data["minimal_winning"] == {"count": 3, "smallest_size": 2, "smallest": [["AAA", "BBB"], ["AAA", "CCC"], ["BBB", "CCC", "DDD"]]}
    assert data["minimal_blocking"]["count"] == 4


def test_index_option_shows_only_the_requested_index(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "hand.toml"
    f.write_text(body_toml(dict.fromkeys(HAND, "oppose"), rule=HAND_RULE, weights=HAND))
    result = cli("power", str(f), "--index", "shapley-shubik", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["index"] == "shapley-shubik"
    assert all(m["banzhaf"] is None and m["shapley_shubik"] is not None for m in data["members"])
    table = cli("power", str(f), "--index", "banzhaf")
    assert table.exit_code == 0, table.stderr
    assert "Banzhaf" in table.stdout
    assert "Shapley" not in table.stdout


# --- published / independently computed values ----------------------------------------------------------

# Council of the EU, 28 members, Eurostat populations on 1 January 2019 (tps00001), ascending:
# MLT LUX CYP EST LVA SVN LTU HRV IRL SVK FIN DNK BGR AUT HUN SWE PRT CZE GRC BEL NLD ROU POL ESP ITA GBR FRA DEU.
# Reference values: absolute Banzhaf (swings / 2**27) and Shapley–Shubik indices as published in the test suite of
# power-bdd 1.0.0 (power_bdd/tests/test_bdd.py::test_council_of_european_union_2019; I. Wilms' implementation of
# S. Bolus, "Power indices of simple games and vector-weighted majority games by means of binary decision
# diagrams", European Journal of Operational Research 210 (2011) 258-272).
EU28_2019 = {
    "MLT": (493559, 0.02993607521057129, 0.00883986193482761),
    "LUX": (613894, 0.030137911438941956, 0.009002234136841751),
    "CYP": (875898, 0.030573546886444092, 0.009357572974479695),
    "EST": (1324820, 0.03132106363773346, 0.009975079747929395),
    "LVA": (1919968, 0.03231021761894226, 0.01078847600553079),
    "SVN": (2080908, 0.0325763076543808, 0.01101647765196022),
    "LTU": (2794184, 0.03375901281833649, 0.012007360905597543),
    "HRV": (4076246, 0.03587421774864197, 0.013785377848845343),
    "IRL": (4904226, 0.03724370896816254, 0.014940288917944054),
    "SVK": (5450421, 0.03814743459224701, 0.015713165640141007),
    "FIN": (5517919, 0.03825753927230835, 0.015808291968273123),
    "DNK": (5806081, 0.03873381018638611, 0.016225354627225675),
    "BGR": (7000039, 0.04070255160331726, 0.017904512379879188),
    "AUT": (8858775, 0.043756380677223206, 0.020593884784892994),
    "HUN": (9772756, 0.04526035487651825, 0.021878553213187754),
    "SWE": (10230185, 0.04601353406906128, 0.022539183557153675),
    "PRT": (10276617, 0.046089619398117065, 0.02261653846221083),
    "CZE": (10649800, 0.04670339822769165, 0.023149908102795432),
    "GRC": (10722287, 0.04682156443595886, 0.023266568437520115),
    "BEL": (11467923, 0.04804880917072296, 0.024335834182718022),
    "NLD": (17282163, 0.057645514607429504, 0.033006553130392136),
    "ROU": (19401658, 0.061206281185150146, 0.03638113536653044),
    "POL": (37972812, 0.08346369862556458, 0.06241470459265586),
    "ESP": (46934632, 0.10274338722229004, 0.0750470799074245),
    "ITA": (60359546, 0.12771199643611908, 0.09954163583184986),
    "GBR": (66647112, 0.13851484656333923, 0.11131426309142017),
    "FRA": (67028048, 0.13922742009162903, 0.11209421991189389),
    "DEU": (83019214, 0.17020191252231598, 0.14645588268787893),
}


def test_eu28_2019_double_majority_matches_published_values() -> None:
    members = [Member(code=c, name=c, population=p) for c, (p, _, _) in EU28_2019.items()]
    r = power.power(members, QMV)
    assert len(r.members) == 28
    for m in r.members:
        _, beta, phi = EU28_2019[m.code]
        assert m.banzhaf_absolute == pytest.approx(beta, abs=1e-12), m.code
        assert m.shapley_shubik == pytest.approx(phi, abs=1e-12), m.code
    assert sum(m.shapley_exact for m in r.members) == 1
    assert r.winning.size == 16  # 55% of 28 members is 15.4
    assert r.blocking.size == 4


def _eu27() -> list[Member]:
    return list(roster.as_members(roster.members_on(date(2024, 6, 1), "eu")))


@pytest.mark.skipif(importlib.util.find_spec("power_bdd") is None, reason="power-bdd not installed (pip install '.[bench]')")
def test_eu27_double_majority_agrees_with_power_bdd() -> None:
    from power_bdd.bdd import BDD, WeightedGame

    members = _eu27()
    g = power.game(members, QMV)
    mine = power.power(members, QMV)
    pops = [m.population for m in sorted(members, key=lambda m: m.code)]
    by_members = math.ceil(Fraction(55, 100) * 27)
    by_population = math.ceil(Fraction(65, 100) * sum(pops))
    assert g.thresholds[by_members] == by_population
    bdd = BDD(WeightedGame(by_members, [1] * 27)) & (BDD(WeightedGame(by_population, list(pops))) | BDD(WeightedGame(27 - 3, [1] * 27)))
    beta, phi = bdd.calc_banzhaf(), bdd.calc_shapley()
    for m, b, p in zip(mine.members, beta, phi, strict=True):
        assert m.banzhaf_absolute == pytest.approx(b, abs=1e-12)
        assert m.shapley_shubik == pytest.approx(p, abs=1e-12)


@pytest.mark.skipif(importlib.util.find_spec("powerindices") is None, reason="powerindices not installed (pip install '.[bench]')")
def test_weighted_game_agrees_with_powerindices() -> None:
    import powerindices

    rng = random.Random(7)
    weights = [rng.randint(1, 40) for _ in range(18)]
    quota = 200
    members = [Member(code=f"M{i:02d}", name=str(i), weight=w) for i, w in enumerate(weights)]
    spec = RuleSpec("weighted", quota=quota / sum(weights), weight=WeightBasis.WEIGHT)
    g = power.game(members, spec)
    assert g.thresholds[0] == quota
    r = power.power(members, spec)
    pbi = powerindices.compute_pbi(quota, list(weights))
    ssi = powerindices.compute_ssi(quota, list(weights))
    for m, b, s in zip(r.members, pbi, ssi, strict=True):
        assert m.banzhaf_absolute == pytest.approx(b, abs=1e-12)
        assert m.shapley_shubik == pytest.approx(s, abs=1e-12)


# --- agreement with brute force --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["packed", "mitm"])
def test_both_engines_agree_with_brute_force_on_random_games(method: str) -> None:
    rng = random.Random(2024)
    for _ in range(60):
        g = random_game(rng, rng.randint(1, 9), rng.choice([1, 3, 7, 25]))
        swings, minimal = brute(g)
        assert power.indices(g, method=method)[0] == swings, g
        assert power.minimal_count(g, method=method) == minimal, g
        assert power.minimal_count(g.dual(), method=method) == brute(g.dual())[1], g


@pytest.mark.slow
@pytest.mark.parametrize("method", ["packed", "mitm"])
def test_fifteen_members_agree_with_brute_force(method: str) -> None:
    rng = random.Random(15)
    weights = tuple(rng.randint(1, 60) for _ in range(15))
    total = sum(weights)
    # a double majority with a blocking-minority clause, as the EU's: 9 members and 2/3 of the weight, or 13 members
    thresholds = tuple(0 if s >= 13 else (math.ceil(2 * total / 3) if s >= 9 else total + 1) for s in range(16))
    g = Game(tuple(f"M{i:02d}" for i in range(15)), weights, thresholds)
    swings, minimal = brute(g)
    by_size, shapley = power.indices(g, method=method)
    assert by_size == swings
    assert shapley == brute_shapley(g)
    assert power.minimal_count(g, method=method) == minimal


def test_listed_minimal_coalitions_are_minimal_winning_and_smallest() -> None:
    rng = random.Random(3)
    for _ in range(40):
        g = random_game(rng, rng.randint(1, 8), 9)
        listed = power.smallest_minimal(g, 5)
        every = [
            c
            for k in range(g.n + 1)
            for c in itertools.combinations(range(g.n), k)
            if g.wins(c) and all(not g.wins([j for j in c if j != i]) for i in c)
        ]
        assert set(listed) <= set(every)
        if every:
            fewest = min(len(c) for c in every)
            assert listed
            assert len(listed[0]) == fewest
            assert len(listed) == min(5, len(every)) or all(len(c) == fewest for c in listed)


# --- the game each rule plays is the rule ----------------------------------------------------------------

rule_specs = st.one_of(
    st.sampled_from([rule_spec(n) for n in ("unanimity", "consensus", "majority", "qualified-majority")]),
    st.builds(
        lambda q, basis, mm, bm: RuleSpec("weighted", quota=q, weight=basis, min_members=mm, blocking_min=bm),
        st.sampled_from([0.5, 0.6, 0.65, 2 / 3, 0.75, 1.0, 0.1]),
        st.sampled_from(list(WeightBasis)),
        st.sampled_from([0.0, 0.5, 0.55, 1.0]),
        st.integers(0, 4),
    ),
)


@settings(max_examples=examples(1000))
@given(
    spec=rule_specs,
    populations=st.lists(st.integers(1, 50), min_size=1, max_size=7),
    weights=st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 10.0]), min_size=7, max_size=7),
)
def test_game_wins_exactly_when_the_rule_adopts(spec: RuleSpec, populations: list[int], weights: list[float]) -> None:
    members = [Member(code=f"M{i}", name=str(i), population=p, weight=weights[i]) for i, p in enumerate(populations)]
    g = power.game(members, spec)
    judge = rule_for(spec)
    for mask in range(1 << len(members)):
        stances = {m.code: Stance.SUPPORT if mask >> i & 1 else Stance.OPPOSE for i, m in enumerate(members)}
        assert g.wins([i for i in range(len(members)) if mask >> i & 1]) == judge.adopted(members, stances), (spec, mask)


@settings(max_examples=examples(1000))
@given(weights=st.lists(st.integers(0, 12), min_size=1, max_size=9), data=st.data())
def test_symmetry_null_player_and_efficiency(weights: list[int], data: st.DataObject) -> None:
    total = sum(weights)
    quota = data.draw(st.integers(1, max(total, 1)))
    members = [Member(code=f"M{i}", name=str(i), weight=float(w)) for i, w in enumerate(weights)]
    spec = RuleSpec("weighted", quota=quota / total if total else 1.0, weight=WeightBasis.WEIGHT)
    r = power.power(members, spec, limit=3)
    by_code = {m.code: m for m in r.members}
    for i, j in itertools.combinations(range(len(weights)), 2):
        if weights[i] == weights[j]:  # symmetric players have equal power
            assert by_code[f"M{i}"].swings == by_code[f"M{j}"].swings
            assert by_code[f"M{i}"].shapley_exact == by_code[f"M{j}"].shapley_exact
    for i, w in enumerate(weights):
        if w == 0:  # a null player never swings
            assert by_code[f"M{i}"].swings == 0
            assert by_code[f"M{i}"].shapley_exact == 0
    g = power.game(members, spec)
    if g.wins(range(g.n)) and not g.wins([]):  # efficiency
        assert sum(m.shapley_exact for m in r.members) == 1
        assert sum(m.banzhaf for m in r.members) == pytest.approx(1.0)


@pytest.mark.parametrize("rule", ["unanimity", "consensus"])
def test_unanimity_is_degenerate_and_explained(rule: str) -> None:
    s = natosim.load("rutte-2024-04")
    r = power.power(s.members, rule_spec(rule))
    assert {m.swings for m in r.members} == {1}
    assert {m.shapley_exact for m in r.members} == {Fraction(1, 32)}
    assert {m.banzhaf for m in r.members} == {1 / 32}
    assert r.veto == tuple(m.code for m in s.members)
    assert "every member is a veto player" in r.degenerate
    assert r.winning.count == 1
    assert r.winning.size == 32
    assert r.blocking.count == 32
    assert r.blocking.size == 1


def test_majority_gives_equal_power() -> None:
    s = natosim.load("rutte-2024-04")
    r = power.power(s.members, rule_spec("majority"))
    assert {m.shapley_exact for m in r.members} == {Fraction(1, 32)}
    assert {m.swings for m in r.members} == {math.comb(31, 16)}  # pivotal with exactly 16 others of 31
    assert r.winning.count == math.comb(32, 17)
    assert r.degenerate == ""


def test_too_large_a_game_for_the_exact_engines_is_estimated_with_intervals() -> None:
    members = [Member(code=f"M{i:03d}", name=str(i), population=10**9 + i) for i in range(60)]
    with pytest.raises(NatosimError, match="too many to count exactly"):
        power.engine(power.game(members, QMV))
    r = power.power(members, QMV, precision=0.01)
    assert r.estimated
    assert r.engine == "monte-carlo"
    assert r.samples > 0
    assert r.seed == 1
    assert all(m.shapley_ci is not None and m.shapley_ci[0] <= m.shapley_shubik <= m.shapley_ci[1] for m in r.members)
    assert max((m.shapley_ci[1] - m.shapley_ci[0]) / 2 for m in r.members if m.shapley_ci) <= 0.01
    # nearly equal populations: every member has about 1/60 of the power
    assert all(abs(m.shapley_shubik - 1 / 60) < 0.01 for m in r.members)
    assert power.power(members, QMV, precision=0.01) == r  # seeded: the same estimate again


def test_193_member_weighted_body_within_a_second() -> None:
    import time

    rng = random.Random(193)
    members = [Member(code=f"M{i:03d}", name=str(i), weight=float(rng.randint(1, 30))) for i in range(193)]
    spec = RuleSpec("weighted", quota=2 / 3, weight=WeightBasis.WEIGHT)
    g = power.game(members, spec)
    start = time.perf_counter()
    swings, shapley = power.indices(g)
    elapsed = time.perf_counter() - start
    assert sum(shapley) == 1
    heavy = max(range(193), key=lambda i: g.weights[i])
    light = min(range(193), key=lambda i: g.weights[i])
    assert sum(swings[heavy]) > sum(swings[light]) > 0
    assert elapsed < 10  # generous: the benchmark reports the real figure (about 0.6 s)


# --- CLI --------------------------------------------------------------------------------------------------


def test_power_json_follows_the_contract(cli: Cli) -> None:
    result = cli("power", "--rule", "qualified-majority", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rule"] == "qualified-majority"
    codes = [m["code"] for m in data["members"]]
    assert codes == sorted(codes)
    assert len(codes) == 32
    for m in data["members"]:
        assert {"code", "name", "banzhaf", "shapley_shubik", "swings"} <= set(m)
        assert isinstance(m["swings"], int)
    assert sum(m["banzhaf"] for m in data["members"]) == pytest.approx(1.0, abs=1e-12)
    assert sum(m["shapley_shubik"] for m in data["members"]) == pytest.approx(1.0, abs=1e-12)
    usa = next(m for m in data["members"] if m["code"] == "USA")
    assert usa["shapley_shubik"] == max(m["shapley_shubik"] for m in data["members"])


def test_power_ignores_stances(cli: Cli, tmp_path: Path) -> None:
    out = []
    for stance in ("support", "oppose"):
        f = tmp_path / f"{stance}.toml"
        f.write_text(body_toml(dict.fromkeys(HAND, stance), rule=HAND_RULE, weights=HAND))
        result = cli("power", str(f), "--format", "json")
        assert result.exit_code == 0, result.stderr
        out.append(json.loads(result.stdout)["members"])
    assert out[0] == out[1]


def test_power_is_deterministic(cli: Cli) -> None:
    runs = [cli("power", "--rule", "qualified-majority", "--format", "json").stdout for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_power_golden(cli: Cli, golden: Golden, fmt: str) -> None:
    result = cli("power", "rutte-2024-04", "--rule", "qualified-majority", "--list", "3", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    ext = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}[fmt]
    golden(f"power.rutte-2024-04.qmv.{ext}", result.stdout)


def test_power_unanimity_golden(cli: Cli, golden: Golden) -> None:
    result = cli("power", "sweden-accession", "--list", "2")
    assert result.exit_code == 0, result.stderr
    assert "every member is a veto player" in result.stdout
    golden("power.sweden-accession.txt", result.stdout)


def test_power_bad_index_and_rule_exit_2(cli: Cli) -> None:
    bad = cli("power", "--index", "gini")
    assert bad.exit_code == 2
    rule = cli("power", "--rule", "qualified-majorty")
    assert rule.exit_code == 2
    assert rule.stderr.strip() == (
        "natosim: error: --rule: unknown rule 'qualified-majorty'; expected one of unanimity, consensus, majority, "
        "qualified-majority, security-council, constructive-abstention or quota=Q[,weight=W,min_members=M,blocking_min=B]; did you mean 'qualified-majority'?"
    )
    assert rule.stdout == ""


def test_power_too_large_to_count_is_an_estimate_labelled_as_such(cli: Cli, tmp_path: Path) -> None:
    codes = [f"M{i:03d}" for i in range(60)]
    f = tmp_path / "big.toml"
    f.write_text(
        body_toml(dict.fromkeys(codes, "support"), rule='"qualified-majority"', populations={c: 10**9 + i for i, c in enumerate(codes)})
    )
    result = cli("power", str(f), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["estimate"] is True
    assert data["engine"] == "monte-carlo"
    assert data["seed"] == 1
    assert all(lo <= m["shapley_shubik"] <= hi for m in data["members"] for lo, hi in [m["shapley_shubik_ci"]])
    assert data["minimal_winning"]["counted"] is False
    table = cli("power", str(f))
    assert "Estimated by Monte Carlo" in table.stdout
    assert "estimate ± 95%" in table.stdout


def test_compare_rules_shows_every_rule_side_by_side(cli: Cli) -> None:
    result = cli("compare-rules", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    rutte = next(c for c in data["candidates"] if c["id"] == "rutte")
    verdicts = {r["rule"]: (r["adopted"], [b["code"] for b in r["blockers"]]) for r in rutte["rules"]}
    assert verdicts == {
        "unanimity": (False, ["HUN", "ROU", "SVK", "TUR"]),
        "consensus": (False, ["HUN", "ROU"]),
        "majority": (True, []),
        "qualified-majority": (True, []),
    }


def test_compare_rules_adds_the_scenarios_own_and_extra_rules(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "hand.toml"
    f.write_text(body_toml({"AAA": "support", "BBB": "oppose", "CCC": "support", "DDD": "oppose"}, rule=HAND_RULE, weights=HAND))
    result = cli("compare-rules", str(f), "--rule", "quota=0.7,weight=weight", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rules = json.loads(result.stdout)["candidates"][0]["rules"]
    got = {r["rule"]: r["adopted"] for r in rules}
    assert got == {
        "unanimity": False,
        "consensus": False,
        "majority": False,  # 2 of 4 is not more than half
        "qualified-majority": None,  # no populations declared
        "weighted (quota 0.6 of weight)": True,  # A + C = 6 of 10
        "weighted (quota 0.7 of weight)": False,
    }
    qmv = next(r for r in rules if r["rule"] == "qualified-majority")
    assert qmv["unavailable"] == "member AAA has no population"


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_compare_rules_golden(cli: Cli, golden: Golden, fmt: str) -> None:
    result = cli("compare-rules", "rutte-2024-04", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"power.compare-rules.rutte-2024-04.{ {'table': 'txt', 'json': 'json', 'markdown': 'md'}[fmt] }", result.stdout)


def test_commands_have_help(cli: Cli) -> None:
    for command in ("power", "compare-rules"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
