"""The cross-engine oracle: paths, what-if (natosim._engine.step), timeline, forecast, run and power agree.

Random small declared bodies (2-6 members with integer weights 0-5, some 0, and populations),
1-3 candidates for one seat, flips of every stance, deals and ``on_withdraw`` effects of every
kind, influence edges whose weights reach thresholds exactly, and every rule (unanimity,
consensus, majority, qualified majority, weighted tables with quotas met exactly by some
coalition). :mod:`natosim._engine.step` is the one definition of a step of changes; every other engine
is checked against it:

(a) every path ``paths.find`` lists works in ``step.apply`` and is minimal, and the listed paths
    are exactly the minimal working sets of a brute-force enumerator, in cost order;
(b) a path's interventions as events on one date reach consensus on that date in ``timeline``;
(c) the forecast with a path's interventions forced is certain, and without them hopeless unless
    already adopted (nobody moves on their own: every ``p_move`` is 0; rivals never withdraw);
(d) ``run`` (``rules``) and ``power`` (``power.game``) agree on every coalition;
(e) a random step of changes (flips to any stance, deals, withdrawals) gives the same stances
    in ``what-if``, as same-day events in ``timeline``, and as the forecast's forced changes.

Deterministic in CI (``derandomize=True``); ~2,000 generated scenarios in all.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import natosim
from natosim._engine import analysis, paths, power, rules, step, timeline
from natosim.model import Scenario, Stance

MEMBERS = ("AA", "BB", "CC", "DD", "EE", "FF")
STANCES = ("support", "oppose", "undecided", "abstain")
RIVALS = ("r1", "r2")
AS_OF = date(2024, 1, 1)
DAY = date(2024, 1, 2)
DEADLINE = date(2024, 3, 1)
SHARES = (0.25, 0.5, 0.75, 1.0)  # sums of these are exact in binary: influence reaches thresholds exactly
NAMED_RULES = ('"unanimity"', '"consensus"', '"majority"', '"qualified-majority"', '"constructive-abstention"')

SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Spec:
    """A generated scenario, kept as data so that it can be written out with more events."""

    codes: tuple[str, ...]
    weights: Mapping[str, int]
    populations: Mapping[str, int]
    candidates: tuple[str, ...]
    stances: Mapping[str, Mapping[str, str]]
    on_withdraw: Mapping[str, Mapping[str, str]]
    withdraw_costs: Mapping[str, float]
    costs: Mapping[str, float]
    thresholds: Mapping[str, float]
    edges: tuple[tuple[str, str, float], ...]
    deals: tuple[tuple[str, float, str, Mapping[str, str]], ...]
    rule: str
    vetoes: tuple[str, ...] = ()  # members flagged veto = true (permanent members)

    def toml(self, events: Sequence[str] = ()) -> str:
        lines = ['title = "oracle"', f"as_of = {AS_OF}", f"deadline = {DEADLINE}", f"rule = {self.rule}", "", "[body]", 'name = "B"']
        for c in self.codes:
            lines += [f"[body.members.{c}]", f'name = "{c} land"', f"population = {self.populations[c]}", f"weight = {self.weights[c]}"]
            if c in self.vetoes:
                lines.append("veto = true")
        for cid in self.candidates:
            lines += [f"[candidates.{cid}]", f"withdraw_cost = {self.withdraw_costs[cid]}"]
            if self.on_withdraw.get(cid):
                lines.append("on_withdraw = " + inline(self.on_withdraw[cid]))
        for c in self.codes:
            lines += [f"[allies.{c}]", "stances = " + inline({cid: self.stances[cid][c] for cid in self.candidates})]
            lines += [f"cost = {self.costs[c]}", f"threshold = {self.thresholds[c]}", "p_move = 0"]
        for a, b, w in self.edges:
            lines += ["[[influence]]", f'from = "{a}"', f'to = "{b}"', f"weight = {w}"]
        for name, cost, cid, effects in self.deals:
            lines += ["[[deals]]", f'name = "{name}"', f"cost = {cost}", f'candidate = "{cid}"', "effects = " + inline(effects)]
        return "\n".join([*lines, *events]) + "\n"

    def scenario(self, events: Sequence[str] = ()) -> Scenario:
        return natosim.parse(self.toml(events), path="oracle.toml")


def inline(table: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f'{k} = "{v}"' for k, v in table.items()) + " }"


def exact_share(part: int, total: int) -> str | None:
    """``part / total`` as the decimal TOML text that is exactly that share, if there is one."""
    if total <= 0 or part <= 0:
        return None
    share = Fraction(part, total)
    text = repr(float(share))
    return text if Fraction(text) == share else None


@st.composite
def specs(draw: st.DrawFn, *, rule: str | None = None, max_members: int = 6) -> Spec:
    n = draw(st.integers(2, max_members))
    codes = MEMBERS[:n]
    weights = {c: draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5])) for c in codes}
    if not any(weights.values()):
        weights[codes[0]] = 1  # the loader refuses a body whose weights are all 0 (issue 16)
    populations = {c: draw(st.integers(1, 60)) for c in codes}
    candidates = ("main", *RIVALS[: draw(st.integers(0, 2))])
    stances = {cid: {c: draw(st.sampled_from(STANCES)) for c in codes} for cid in candidates}
    effect = st.dictionaries(st.sampled_from(codes), st.sampled_from(STANCES), max_size=3)
    on_withdraw = {cid: draw(effect) for cid in candidates}
    withdraw_costs = {cid: draw(st.sampled_from([0.5, 1.0, 2.0])) for cid in candidates}
    costs = {c: draw(st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])) for c in codes}
    thresholds = {c: draw(st.sampled_from(SHARES)) for c in codes}
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(codes), st.sampled_from(codes)).filter(lambda p: p[0] != p[1]), max_size=8, unique=True)
    )
    edges = tuple((a, b, draw(st.sampled_from(SHARES))) for a, b in pairs)
    deals = tuple(
        (f"deal {i}", draw(st.sampled_from([0.5, 1.0, 1.5, 2.0])), draw(st.sampled_from(candidates[:1] * 2 + candidates)), draw(effect))
        for i in range(draw(st.integers(0, 2)))
    )
    deals = tuple(d for d in deals if d[3])  # a deal needs at least one effect
    vetoes: tuple[str, ...] = ()
    if rule is None:
        rule = draw(st.sampled_from([*NAMED_RULES, "weighted", "council"]))
    if rule == "council":  # a quota with veto members whose oppose alone blocks (the Security Council's form, issue 15)
        vetoes = tuple(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True)))
        basis = draw(st.sampled_from(["one", "one", "population"]))
        quota = draw(st.sampled_from(["0.5", "0.6", "1.0"]))
        count = draw(st.integers(0, n))
        named = ", ".join(f'"{c}"' for c in vetoes)
        rule = f'{{ quota = {quota}, weight = "{basis}", min_count = {count}, veto_members = [{named}] }}'
    elif rule == "weighted":
        basis = draw(st.sampled_from(["weight", "weight", "one", "population"]))
        size = {"weight": weights, "one": dict.fromkeys(codes, 1), "population": populations}[basis]
        coalition = draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
        quota = exact_share(sum(size[c] for c in coalition), sum(size.values())) or draw(st.sampled_from(["0.5", "0.6", "0.65", "1.0"]))
        extra = draw(st.sampled_from(["", ", min_members = 0.5", ", min_members = 0.55, blocking_min = 2", ", blocking_min = 3"]))
        rule = f'{{ quota = {quota}, weight = "{basis}"{extra} }}'
    return Spec(
        codes, weights, populations, candidates, stances, on_withdraw, withdraw_costs, costs, thresholds, edges, deals, rule, vetoes
    )


# --- the reference: natosim._engine.step and natosim._engine.analysis, by brute force -------------------------


def adopted(s: Scenario, changes: Sequence[step.Change], candidate: str = "main") -> bool:
    after = step.apply(s, changes).after
    return any(v.candidate.id == candidate and v.adopted for v in analysis.evaluate(after).verdicts)


def chosen(p: paths.Path, options: Sequence[paths.Intervention]) -> list[paths.Intervention]:
    names = {f"flip:{c}" for c in p.flips} | {f"withdraw:{c}" for c in p.withdraw} | {f"deal:{d}" for d in p.deals}
    return [o for o in options if o.name in names]


def order_key(subset: Sequence[int], options: Sequence[paths.Intervention]) -> tuple[float, int, tuple[int, ...]]:
    return (round(math.fsum(options[j].cost for j in subset), 9), len(subset), tuple(sorted(subset)))


def minimal_working_sets(s: Scenario, options: Sequence[paths.Intervention]) -> list[tuple[float, int, tuple[int, ...]]]:
    """Every minimal subset of ``options`` that gets ``main`` adopted (through step.apply), in path order."""
    works: dict[frozenset[int], bool] = {}
    some: dict[frozenset[int], bool] = {}  # whether the set or one of its subsets works (effects may be non-monotone)
    minimal = []
    for r in range(len(options) + 1):
        for combo in itertools.combinations(range(len(options)), r):
            c = frozenset(combo)
            works[c] = adopted(s, [options[j].change("main") for j in combo])
            below = any(some[c - {j}] for j in c)
            some[c] = works[c] or below
            if works[c] and not below:
                minimal.append(c)
    return sorted(order_key(tuple(c), options) for c in minimal)


def as_events(todo: Sequence[step.Change], day: date = DAY) -> list[str]:
    """Changes as [[events]] tables, all on one day, in order."""
    out = []
    for c in todo:
        match c:
            case step.Flip(ally=code, stance=stance, candidate=cid):
                out += ["[[events]]", f"date = {day}", f'ally = "{code}"', f'stance = "{stance}"', f'candidate = "{cid}"']
            case step.Withdraw(candidate=cid):
                out += ["[[events]]", f"date = {day}", f'withdraw = "{cid}"']
            case step.Strike(deal=name):
                out += ["[[events]]", f"date = {day}", f'deal = "{name}"']
    return out


# --- (a) paths against the brute force, (b) the timeline -----------------------------------------


@settings(SETTINGS, max_examples=examples(600))
@given(specs())
def test_a_paths_are_exactly_the_minimal_working_sets_of_the_step(spec: Spec) -> None:
    s = spec.scenario()
    found = paths.find(s, "main", limit=50)
    options = found.interventions
    listed = []
    for p in found.paths:
        todo = chosen(p, options)
        assert len(todo) == p.size
        assert adopted(s, [o.change("main") for o in todo]), spec.toml()
        for r in range(len(todo)):  # minimal: no proper subset works
            for sub in itertools.combinations(todo, r):
                assert not adopted(s, [o.change("main") for o in sub]), spec.toml()
        listed.append(order_key([options.index(o) for o in todo], options))
    expected = minimal_working_sets(s, options)
    if found.complete:
        assert listed == expected, spec.toml()
    else:
        assert listed == expected[: len(listed)], spec.toml()


@settings(SETTINGS, max_examples=examples(300))
@given(specs())
def test_b_a_path_as_events_on_one_day_reaches_consensus_that_day(spec: Spec) -> None:
    s = spec.scenario()
    found = paths.find(s, "main", limit=3)
    for p in found.paths:
        if not p.size:
            continue
        todo = [o.change("main") for o in chosen(p, found.interventions)]
        record = timeline.build(spec.scenario(as_events(todo)))
        last = record.steps[-1]
        assert last.date == DAY
        assert next(v.adopted for v in last.report.verdicts if v.candidate.id == "main"), spec.toml(as_events(todo))
        if not analysis.evaluate(s).consensus:
            assert record.consensus_date == DAY


# --- (c) the forecast ------------------------------------------------------------------------------


def forecast_p(s: Scenario, forced: Sequence[step.Change]) -> float:
    from natosim._engine import forecast

    f = forecast.forecast(s, candidate="main", deadline=DEADLINE, trials=200, seed=7, forced=list(forced), withdrawals=False)
    return f.p_consensus


@settings(SETTINGS, max_examples=examples(250))
@given(specs())
def test_c_the_forecast_is_certain_with_a_path_forced_and_hopeless_without(spec: Spec) -> None:
    s = spec.scenario()
    assert forecast_p(s, []) == float(analysis.evaluate(s).verdicts[0].adopted), spec.toml()  # contests included
    for p in paths.find(s, "main", limit=2).paths:
        todo = [o.change("main") for o in chosen(p, paths.interventions(s, "main"))]
        assert forecast_p(s, todo) == 1.0, spec.toml()


def test_c_the_forecast_of_a_contested_candidate_is_not_certain() -> None:
    spec = Spec(
        codes=("AA", "BB"),
        weights={"AA": 1, "BB": 1},
        populations={"AA": 1, "BB": 1},
        candidates=("main", "r1"),
        stances={"main": {"AA": "support", "BB": "support"}, "r1": {"AA": "support", "BB": "support"}},
        on_withdraw={},
        withdraw_costs={"main": 1.0, "r1": 1.0},
        costs={"AA": 1.0, "BB": 1.0},
        thresholds={"AA": 0.5, "BB": 0.5},
        edges=(),
        deals=(),
        rule='"unanimity"',
    )
    s = spec.scenario()
    assert not analysis.evaluate(s).consensus  # both meet the rule for one seat: a contest, nobody adopted
    assert forecast_p(s, []) == 0.0  # nobody moves, rivals never withdraw: it stays contested


# --- (d) run and power ------------------------------------------------------------------------------


@settings(SETTINGS, max_examples=examples(500))
@given(specs(rule="weighted") | specs())
def test_d_run_and_power_agree_on_every_coalition(spec: Spec) -> None:
    s = spec.scenario()
    judge = rules.rule_for(s.rule)
    g = power.compound(s.members, s.rule)  # one weighted game, or several parts and vetoes (issue 15)
    assert g.codes == tuple(m.code for m in s.members)
    for r in range(len(s.members) + 1):
        for coalition in itertools.combinations(range(len(s.members)), r):
            stances = {m.code: Stance.SUPPORT if i in coalition else Stance.OPPOSE for i, m in enumerate(s.members)}
            assert judge.adopted(s.members, stances) == g.wins(coalition), (spec.rule, coalition)


# --- (e) one random step: what-if, timeline, forecast -------------------------------------------


@st.composite
def steps(draw: st.DrawFn) -> tuple[Spec, list[step.Change]]:
    spec = draw(specs())
    todo: list[step.Change] = []
    gone = draw(st.lists(st.sampled_from(spec.candidates[1:]), unique=True, max_size=1)) if len(spec.candidates) > 1 else []
    todo += [step.Withdraw(cid) for cid in gone]
    todo += [step.Strike(d[0]) for d in spec.deals if draw(st.booleans())]
    stated: dict[tuple[str, str], Stance] = {}
    for _ in range(draw(st.integers(0, 3))):
        code = draw(st.sampled_from(spec.codes))
        cid = draw(st.sampled_from([c for c in spec.candidates if c not in gone]))
        stance = stated.setdefault((code, cid), Stance(draw(st.sampled_from(STANCES))))  # one stance per ally and candidate a day
        todo.append(step.Flip(code, stance, cid))
    return spec, todo


@settings(SETTINGS, max_examples=examples(400))
@given(steps())
def test_e_a_step_is_the_same_in_what_if_timeline_and_forecast(case: tuple[Spec, list[step.Change]]) -> None:
    spec, todo = case
    s = spec.scenario()
    applied = step.apply(s, todo)
    record = timeline.build(spec.scenario(as_events(todo)))
    day = record.steps[-1]
    assert day.date == (DAY if todo else AS_OF)
    assert dict(day.report.scenario.stances) == dict(applied.after.stances), spec.toml(as_events(todo))
    assert day.report.scenario.withdrawn == applied.after.withdrawn
    assert [v.adopted for v in day.report.verdicts] == [v.adopted for v in analysis.evaluate(applied.after).verdicts]
    main = next(v for v in analysis.evaluate(applied.after).verdicts if v.candidate.id == "main")
    assert forecast_p(s, todo) == float(main.adopted), spec.toml(as_events(todo))


# --- disagreements the oracle found, now fixed and pinned ------------------------------------------

TURNED_AWAY = """\
title = "turned away"
as_of = 2024-01-01
[body]
name = "B"
[body.members.AA]
name = "A"
[body.members.BB]
name = "B"
[candidates.main]
[candidates.rival]
on_withdraw = { AA = "oppose" }
[defaults]
stance = "support"
"""


def test_paths_flips_back_a_supporter_that_a_withdrawal_turned_away() -> None:
    s = natosim.parse(TURNED_AWAY)
    assert [v.contested for v in analysis.evaluate(s).verdicts] == [True, True]  # both meet unanimity for one seat
    assert not adopted(s, [step.Withdraw("rival")])  # the withdrawal makes AA oppose main
    assert adopted(s, [step.Withdraw("rival"), step.Flip("AA", Stance.SUPPORT, "main")])  # what-if: adopted
    found = paths.find(s, "main")
    assert [(p.flips, p.withdraw, p.cost) for p in found.paths] == [(("AA",), ("rival",), 2.0)]  # paths: none
