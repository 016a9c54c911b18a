"""forecast and backtest: the Monte Carlo model, its CLI, its outputs and its errors."""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from helpers import Cli, Golden, body_toml

import natosim
from natosim._engine import backtest, forecast, rules
from natosim._engine.forecast.priors import Hold
from natosim.model import Scenario, Stance

SEED = ["--seed", "1"]


def toml(
    allies: Mapping[str, tuple[str, float | None]],
    *,
    rule: str = '"unanimity"',
    deadline: str | None = "2024-04-01",
    influence: tuple[tuple[str, str, float], ...] = (),
    thresholds: Mapping[str, float] | None = None,
    extra: str = "",
) -> str:
    """A declared body: ``allies`` maps code -> (stance, p_move or None)."""
    return body_toml(
        {code: stance for code, (stance, _) in allies.items()},
        rule=rule,
        deadline=deadline,
        edges=influence,
        thresholds=thresholds,
        p_moves={code: p for code, (_, p) in allies.items()},
        extra=extra,
    )


def make(text: str) -> Scenario:
    return natosim.parse(text, path="test.toml")


def run(s: Scenario, trials: int = 20_000, seed: int = 3, deadline: date | None = None, **kw: object) -> forecast.Forecast:
    day = deadline or s.deadline
    assert day is not None
    return forecast.forecast(s, candidate=s.active[0].id, deadline=day, trials=trials, seed=seed, **kw)  # type: ignore[arg-type]


def plan_of(s: Scenario, candidate: str = "proposal") -> forecast.Plan:
    """The compiled plan to the scenario's own deadline, with the shipped priors."""
    assert s.deadline is not None
    return forecast.compile_plan(s, candidate, deadline=s.deadline, priors=forecast.shipped())


def sim(plan: forecast.Plan, u: np.ndarray, candidates: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One batch with no rival draws that matter and a wave factor of 1."""
    m = u.shape[0]
    return forecast.simulate(plan, u, np.full((m, candidates), 0.5), np.ones(m))


def within(p_hat: float, p: float, n: int, k: float = 4.0) -> bool:
    """|p_hat - p| within k standard errors (at least 1/n)."""
    return abs(p_hat - p) <= k * max(math.sqrt(p * (1 - p) / n), 1 / n)


# --- the model ---------------------------------------------------------------------------


INDEPENDENT = {"AAA": ("support", None), "BBB": ("oppose", 0.6), "CCC": ("undecided", 0.7), "DDD": ("oppose", 0.5)}


def test_independent_allies_give_the_product_of_the_blockers_p_move() -> None:
    f = run(make(toml(INDEPENDENT)))
    assert within(f.p_consensus, 0.6 * 0.7 * 0.5, f.trials)
    assert {a.code: a.p_move for a in f.allies} == {"BBB": 0.6, "CCC": 0.7, "DDD": 0.5}
    for a in f.allies:
        assert within(a.p_moved, a.p_move, f.trials)
    # the last holdout's shares add up to the probability of adoption
    assert sum(a.p_last for a in f.allies) == pytest.approx(f.p_consensus)


def test_consensus_rule_only_needs_the_opponents() -> None:
    f = run(make(toml(INDEPENDENT, rule='"consensus"')))
    assert within(f.p_consensus, 0.6 * 0.5, f.trials)
    assert {a.code for a in f.allies if a.blocking} == {"BBB", "DDD"}


def test_majority_rule_matches_the_binomial() -> None:
    allies = {"AAA": ("support", None), "BBB": ("oppose", 0.5), "CCC": ("undecided", 0.5), "DDD": ("oppose", 0.5), "EEE": ("oppose", 0.5)}
    f = run(make(toml(allies, rule='"majority"')))
    # more than half of 5 = 3 supporters: at least 2 of the 4 independent movers at p = 0.5
    p = sum(math.comb(4, k) for k in range(2, 5)) / 16
    assert within(f.p_consensus, p, f.trials)


def test_quota_rules_agree_with_natosim_rules_at_the_adoption_time() -> None:
    """The vectorised quota check adopts exactly when natosim._engine.rules says so."""
    allies: dict[str, tuple[str, float | None]] = {
        c: ("undecided", 0.3 + 0.1 * i) for i, c in enumerate(["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"])
    }
    allies["AAA"] = ("support", None)
    s = make(toml(allies, rule="{ quota = 0.6, min_members = 0.5, blocking_min = 2 }"))
    plan = plan_of(s)
    rng = np.random.default_rng(5)
    u = rng.random((300, len(plan.codes)))
    when, _, e = sim(plan, u)
    judge = rules.rule_for(s.rule)
    checked = 0
    for t in range(300):
        if not math.isfinite(when[t]):
            continue

        def stances(at: float, row: int = t) -> dict[str, Stance]:
            return {c: Stance.SUPPORT if e[row, i] <= at else Stance.UNDECIDED for i, c in enumerate(plan.codes)}

        assert judge.adopted(s.members, stances(when[t]))
        earlier = max((x for x in e[t] if x < when[t]), default=-math.inf)
        assert not judge.adopted(s.members, stances(earlier))
        checked += 1
    assert checked > 100


def test_already_adopted_is_certain_and_a_never_moving_blocker_is_hopeless() -> None:
    done = run(make(toml({"AAA": ("support", None), "BBB": ("abstain", 0.0)})), trials=500)
    assert done.p_consensus == 1.0
    assert done.by_day[0] == 500
    stuck = run(make(toml({"AAA": ("support", None), "BBB": ("oppose", 0.0), "CCC": ("undecided", 1.0)})), trials=500)
    assert stuck.p_consensus == 0.0
    assert stuck.ci95[0] == 0.0
    assert 0 < stuck.ci95[1] < 0.01


def test_members_without_a_stated_rate_take_the_fitted_prior_of_their_class() -> None:
    from scipy import integrate, stats

    from natosim._engine.forecast.plan import kind_of

    priors = forecast.shipped()
    s = make(toml({"AAA": ("undecided", None), "BBB": ("oppose", None)}, deadline="2024-06-01"))
    f = run(s, trials=50_000)
    assert {a.code: (a.stated, a.hold) for a in f.allies} == {"AAA": (False, "procedural"), "BBB": (False, "political")}
    # the same formula by quadrature: E_Z[(1 - exp(-Z H_AAA)) (1 - exp(-Z H_BBB))], Z ~ gamma(k, 1/k)
    plan = plan_of(s)
    kind = kind_of(s)
    assert kind == "ratification"
    h = [c.cumulative(float(plan.horizon)) for c in plan.clocks if c is not None]
    k = priors.wave_shape

    def integrand(z: float) -> float:
        return float(stats.gamma.pdf(z, k, scale=1 / k) * (1 - math.exp(-z * h[0])) * (1 - math.exp(-z * h[1])))

    exact = integrate.quad(integrand, 0, math.inf, limit=200)[0]
    assert within(f.p_simulated, exact, f.trials)
    # each takes the fitted rate of its class
    assert [c.rate for c in plan.clocks if c is not None] == [
        priors.rate(kind, Hold.PROCEDURAL),
        priors.rate(kind, Hold.POLITICAL, member="BBB"),
    ]


def test_an_influencer_with_a_high_p_move_raises_its_followers_chance() -> None:
    allies = {"AAA": ("undecided", 0.9), "BBB": ("undecided", 0.1)}
    s = make(toml(allies, influence=(("AAA", "BBB", 0.6),)))
    with_cascade = run(s)
    without = run(s, with_cascade=False)
    assert within(without.p_consensus, 0.9 * 0.1, without.trials)
    # BBB follows AAA: the candidate is adopted whenever AAA moves
    assert within(with_cascade.p_consensus, 0.9, with_cascade.trials)
    follower = next(a for a in with_cascade.allies if a.code == "BBB")
    assert within(follower.p_moved, 1 - 0.1 * 0.9, with_cascade.trials)


def test_the_cascade_runs_in_date_order() -> None:
    """A follower moves at the moment its threshold is reached, not before."""
    allies = {"AAA": ("undecided", 0.5), "BBB": ("undecided", 0.5), "CCC": ("undecided", 0.0)}
    s = make(toml(allies, influence=(("AAA", "CCC", 0.5), ("BBB", "CCC", 0.5)), thresholds={"CCC": 1.0}))
    plan = plan_of(s)
    own = np.array([[0.2, 0.7, np.inf], [0.9, 0.3, np.inf], [0.4, np.inf, np.inf]])
    e = forecast.effective_times(plan.targets, own)
    assert e[:, 2].tolist() == [0.7, 0.9, np.inf]  # CCC needs both: it moves with the later one


def test_declared_supporters_count_but_do_not_trigger() -> None:
    allies = {"AAA": ("support", None), "BBB": ("undecided", 0.5), "CCC": ("undecided", 0.0)}
    s = make(toml(allies, influence=(("AAA", "CCC", 0.5), ("BBB", "CCC", 0.5)), thresholds={"CCC": 0.5}))
    plan = plan_of(s)
    own = np.array([[-1.0, 0.4, np.inf], [-1.0, np.inf, np.inf]])
    e = forecast.effective_times(plan.targets, own)
    assert e[:, 2].tolist() == [0.4, np.inf]


def reference_times(plan: forecast.Plan, own: np.ndarray) -> np.ndarray:
    """The cascade trial by trial, straight from the rule: until nothing changes, lower each follower to the
    first move of one of its influencers (time >= 0) at which the weights of the influencers that have
    moved by then (that one first, then the others in order) reach its threshold."""
    out = np.array(own, dtype=float)
    for row, mine in zip(out, own, strict=True):
        changed = True
        while changed:
            changed = False
            for t in plan.targets:
                need = t.threshold - 1e-12
                tip = math.inf
                for a, sa in enumerate(t.sources):
                    if row[sa] < 0 or sum(t.weights) < need:
                        continue
                    summed = t.weights[a]
                    for b, sb in enumerate(t.sources):
                        if b != a and row[sb] <= row[sa]:
                            summed += t.weights[b]
                    if summed >= need:
                        tip = min(tip, row[sa])
                new = min(mine[t.index], tip)
                if new < row[t.index]:
                    row[t.index] = new
                    changed = True
    return out


def random_cascade(rng: np.random.Generator, trials: int) -> tuple[forecast.Plan, np.ndarray]:
    """A small random influence graph and move times with ties, supporters (-1), flips (0) and never (inf)."""
    n = int(rng.integers(2, 12))
    codes = [f"A{i:02d}" for i in range(n)]
    stances = {c: ("support" if rng.random() < 0.2 else str(rng.choice(["undecided", "oppose"])), None) for c in codes}
    equal = rng.random() < 0.5
    influence = []
    for dst in codes:
        k = int(rng.integers(0, n))
        for src in rng.choice([c for c in codes if c != dst], size=min(k, n - 1), replace=False):
            w = (
                round(1 / max(k, 1), 4)
                if equal
                else float(rng.choice([0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 1.0, round(float(rng.uniform(0.01, 1)), 3)]))
            )
            influence.append((str(src), dst, w))
    thresholds = {c: float(rng.choice([0.1, 0.25, 0.5, 2 / 3, 0.75, 0.9, 1.0, round(float(rng.uniform(0.01, 1)), 2)])) for c in codes}
    plan = plan_of(make(toml(stances, influence=tuple(influence), thresholds=thresholds)))
    pool = np.array([0.0, 0.1, 0.25, 0.5, 0.75, 1.0, np.inf])
    own = np.where(rng.random((trials, n)) < 0.5, rng.choice(pool, size=(trials, n)), rng.random((trials, n)))
    own[:, np.asarray(plan.supporting)] = -1.0
    if rng.random() < 0.1:  # a member that supports in some trials only (not what simulate passes, but allowed)
        own[rng.random(trials) < 0.3, int(rng.integers(0, n))] = -1.0
    return plan, own


def test_the_vectorised_cascade_matches_the_rule_trial_by_trial() -> None:
    rng = np.random.default_rng(2024)
    kinds = set()
    for _ in range(300):
        plan, own = random_cascade(rng, 40)
        kinds.add(len(plan.targets) > 0)
        e = forecast.effective_times(plan.targets, own)
        assert e.tolist() == reference_times(plan, own).tolist()
    assert kinds == {True, False}


@pytest.mark.parametrize(
    ("weights", "threshold"),
    [
        ((0.01, 0.02, 0.11), 0.14000000000100002),  # the sum reaches the threshold or not by the order of the terms
        ((0.1,) * 10, 0.5),  # too many influencers to tabulate
        ((0.1,) * 31, 0.5),  # 32 allies all linked at 0.1 (issue 25): equal weights tip at the fifth, untabulated
        ((0.3,) * 12, 0.9),  # equal weights, many influencers: the third (0.3 + 0.3 + 0.3 reaches 0.9 less the tolerance)
        ((0.2, 0.3, 0.5), 0.5),  # not a count: the heaviest alone, or both others
    ],
)
def test_the_cascade_matches_the_rule_on_awkward_weights(weights: tuple[float, ...], threshold: float) -> None:
    codes = [f"A{i:02d}" for i in range(len(weights) + 2)]
    allies = {c: ("undecided", None) for c in codes}
    follower, other = codes[-2], codes[-1]
    influence = (*((c, follower, w) for c, w in zip(codes, weights, strict=False)), (follower, other, 1.0), (other, codes[0], 1.0))
    plan = plan_of(make(toml(allies, influence=influence, thresholds={follower: threshold})))
    rng = np.random.default_rng(1)
    own = np.where(rng.random((500, len(codes))) < 0.3, np.inf, rng.choice([0.0, 0.2, 0.5, 0.8, 1.0], size=(500, len(codes))))
    own[:, -2:] = np.inf
    assert forecast.effective_times(plan.targets, own).tolist() == reference_times(plan, own).tolist()


def test_interventions_use_the_same_draws_and_the_best_is_named() -> None:
    f = run(make(toml(INDEPENDENT)))
    gains = {o.target: o for o in f.options}
    assert set(gains) == {"BBB", "CCC", "DDD"}
    assert within(gains["DDD"].p_consensus, 0.6 * 0.7, f.trials)
    # common random numbers: flipping a blocker never loses a trial the baseline had
    assert all(o.hits >= f.hits for o in f.options)
    assert f.best is not None
    assert f.best.target == "DDD"  # the least likely mover is worth most


def test_a_rival_withdrawal_moves_its_nominator() -> None:
    extra = """
[candidates.one]
name = "One"
[candidates.two]
name = "Two"
on_withdraw = { BBB = "support" }
withdraw_cost = 1
"""
    allies = {"AAA": ("support", None), "BBB": ("oppose", 0.5)}
    s = make(toml(allies, extra=extra))
    f = run(s)
    pw = f.rivals[0].p_withdraw
    assert 0 < pw < 1
    assert f.rivals[0].id == "two"
    assert f.rivals[0].moves == ("BBB",)
    assert within(f.p_consensus, 1 - (1 - 0.5) * (1 - pw), f.trials)
    assert within(run(s, withdrawals=False).p_consensus, 0.5, f.trials)
    assert next(o for o in f.options if o.kind == "withdraw").p_consensus == 1.0


def test_seed_makes_it_reproducible_and_chunking_does_not_matter() -> None:
    s = make(toml(INDEPENDENT))
    a, b = run(s, trials=50_000, seed=9), run(s, trials=50_000, seed=9)
    assert a == b
    assert run(s, trials=50_000, seed=10).hits != a.hits


def test_the_interval_covers_the_truth_at_the_stated_rate() -> None:
    s = make(toml(INDEPENDENT))
    truth = 0.6 * 0.7 * 0.5
    covered = 0
    for seed in range(40):
        lo, hi = run(s, trials=2_000, seed=seed, interventions=False).ci95
        covered += lo <= truth <= hi
    assert covered >= 34  # 95% nominal: 38 expected; 34 or fewer has probability < 2%
    narrow = run(s, trials=32_000, seed=1, interventions=False).ci95
    wide = run(s, trials=2_000, seed=1, interventions=False).ci95
    assert (narrow[1] - narrow[0]) == pytest.approx((wide[1] - wide[0]) / 4, rel=0.1)


def test_wilson_interval() -> None:
    lo, hi = forecast.wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4)
    assert hi == pytest.approx(0.5962, abs=1e-4)
    assert forecast.wilson(0, 10)[0] == 0.0
    assert forecast.wilson(10, 10)[1] == 1.0


def test_dates_weeks_and_quantiles() -> None:
    f = run(make(toml({"AAA": ("support", None), "BBB": ("undecided", 0.999)}, deadline="2024-01-29")))
    assert f.horizon == 28
    weeks = f.weekly()
    assert [d.isoformat() for d, _ in weeks] == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"]
    assert [p for _, p in weeks] == sorted(p for _, p in weeks)
    assert weeks[-1][1] == f.p_consensus
    median = f.quantile(0.5)
    assert median is not None
    assert date(2024, 1, 2) <= median <= date(2024, 1, 8)  # hazard ln(1000) per 28 days: median ≈ 2.8 days


def test_deadline_on_as_of_only_counts_what_already_holds() -> None:
    f = run(make(toml(INDEPENDENT)), deadline=date(2024, 1, 1))
    assert f.horizon == 0
    assert len(f.by_day) == 1
    assert f.p_consensus == 0.0
    # a p_move is a probability by the scenario's own deadline: a deadline on as_of leaves no time to convert it
    with pytest.raises(natosim.NatosimError, match="p_move needs a deadline after as_of"):
        run(make(toml(INDEPENDENT, deadline="2024-01-01")))


# --- errors ------------------------------------------------------------------------------


def test_missing_deadline_names_both_sources(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(toml(INDEPENDENT, deadline=None), encoding="utf-8")
    result = cli("forecast", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--deadline" in result.stderr
    assert "`deadline = YYYY-MM-DD` in the scenario" in result.stderr
    assert str(path) in result.stderr
    # p_move is by the scenario's own deadline: without one the file must say median_days instead
    stated = cli("forecast", str(path), "--deadline", "2024-03-01", "--trials", "100", "-f", "json")
    assert stated.exit_code == 2
    assert "p_move, a probability by the scenario's own deadline" in stated.stderr
    path.write_text(re.sub(r"p_move = [0-9.]+", "median_days = 30", toml(INDEPENDENT, deadline=None)), encoding="utf-8")
    ok = cli("forecast", str(path), "--deadline", "2024-03-01", "--trials", "100", "-f", "json")
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["deadline"] == "2024-03-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--deadline", "2024-02-30"],
            "natosim: error: --deadline: '2024-02-30' is not a valid date; expected YYYY-MM-DD (a real calendar day)\n",
        ),
        (
            ["--deadline", "2024-01-01"],
            "natosim: error: --deadline: 2024-01-01 is before the scenario's as_of 2024-04-02; expected a date on or after it\n",
        ),
        (["--trials", "0"], None),
        (["--plot", "curve.gif"], "natosim: error: --plot: unknown picture type '.gif'; expected a file ending in .png or .svg\n"),
    ],
)
def test_bad_options_exit_2(cli: Cli, args: list[str], message: str | None) -> None:
    result = cli("forecast", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    if message is not None:
        assert result.stderr == message


def test_plot_without_matplotlib_is_a_clear_error(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    out = tmp_path / "curve.png"
    result = cli("forecast", "--plot", str(out), *SEED)
    assert result.exit_code == 2
    assert (
        result.stderr
        == "natosim: error: --plot: matplotlib is not installed; expected it to draw pictures: pip install matplotlib (a dependency of natosim: reinstall it)\n"
    )
    assert result.stdout == ""
    assert not out.exists()


def test_plot_is_written_and_not_overwritten_without_force(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png, svg = tmp_path / "curve.png", tmp_path / "curve.svg"
    assert cli("forecast", "--plot", str(png), "--trials", "2000", *SEED).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert cli("forecast", "--plot", str(svg), "--trials", "2000", *SEED).exit_code == 0
    first = svg.read_bytes()
    assert b"<svg" in first
    again = cli("forecast", "--plot", str(svg), "--trials", "2000", *SEED)
    assert again.exit_code == 2
    assert again.stderr == f"natosim: error: --plot {svg}: file exists; expected a new file name or --force\n"
    assert cli("forecast", "--plot", str(svg), "--trials", "2000", "--force", *SEED).exit_code == 0
    assert svg.read_bytes() == first  # same seed: the same picture, byte for byte
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curve.png", "curve.svg"]  # no temporary file left


# --- the command line --------------------------------------------------------------------


def test_same_seed_gives_byte_identical_output(cli: Cli) -> None:
    outputs = {}
    for fmt in ("json", "table", "markdown", "csv"):
        a = cli("forecast", "--trials", "30000", "--seed", "42", "-f", fmt)
        b = cli("forecast", "--trials", "30000", "--seed", "42", "-f", fmt)
        assert a.exit_code == 0, a.stderr
        assert a.stdout == b.stdout
        outputs[fmt] = a.stdout
    other = cli("forecast", "--trials", "30000", "--seed", "43", "-f", "json")
    assert json.loads(other.stdout)["p_consensus"] != json.loads(outputs["json"])["p_consensus"]


def test_json_follows_the_contract(cli: Cli) -> None:
    result = cli("forecast", "--trials", "20000", *SEED, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:4] == ["deadline", "trials", "p_consensus", "ci95"]
    assert data["deadline"] == "2024-07-09"
    assert data["trials"] == 20000
    lo, hi = data["ci95"]
    assert lo < data["p_consensus"] < hi
    assert [a["code"] for a in data["allies"]] == ["HUN", "ROU", "SVK", "TUR"]
    assert {a["p_move_source"] for a in data["allies"]} == {"prior"}
    assert {a["code"]: a["holdout"] for a in data["allies"]} == {"HUN": "political", "ROU": "rival", "SVK": "rival", "TUR": "political"}
    assert data["focal_dates"] == ["2024-07-09"]
    assert "spells" in data["priors"]
    assert data["best_intervention"]["kind"] in ("flip", "withdraw", "deal")
    assert data["interventions"][0] == data["best_intervention"]
    for o in data["interventions"]:
        assert set(o) >= {"kind", "target", "cost", "p_consensus", "gain", "gain_ci95", "tied"}
        assert o["gain_ci95"][0] <= o["gain"] <= o["gain_ci95"][1]
    assert [w["p"] for w in data["by_week"]] == sorted(w["p"] for w in data["by_week"])
    assert data["by_week"][-1]["p"] == data["p_consensus"]


def test_the_probability_for_a_deadline_is_the_curve_at_that_date_and_never_falls(cli: Cli) -> None:
    base = json.loads(cli("forecast", *SEED, "--trials", "20000", "-f", "json").stdout)
    curve = {w["date"]: w["p"] for w in base["by_week"]}
    last = -1.0
    for day in ("2024-04-09", "2024-04-30", "2024-06-04", "2024-07-09", "2025-01-01", "2030-01-01"):
        data = json.loads(cli("forecast", *SEED, "--trials", "20000", "--deadline", day, "-f", "json").stdout)
        if day in curve:
            assert data["p_consensus"] == curve[day]
        assert data["p_consensus"] >= last
        last = data["p_consensus"]
    assert last == base["bounds"][1]  # given years, every holdout moves: the forecast reaches the highest the record vouches for
    assert data["p_simulated"] > 0.95


def test_a_p_move_is_read_at_the_scenarios_own_deadline_not_the_asked_one() -> None:
    s = make(toml({"AAA": ("support", None), "BBB": ("oppose", 0.5)}, deadline="2024-03-01"))
    own = run(s, trials=40_000, interventions=False)
    assert within(own.p_consensus, 0.5, own.trials)
    # a quarter of the horizon at a constant rate (the pull of the deadline aside): fewer moves
    early = run(s, trials=40_000, deadline=date(2024, 1, 15), interventions=False)
    later = run(s, trials=40_000, deadline=date(2024, 12, 31), interventions=False)
    assert early.p_consensus < own.p_consensus < later.p_consensus


def test_equivalent_interventions_are_tied_not_ranked_by_noise() -> None:
    allies = {"AAA": ("support", None), **{c: ("oppose", 0.5) for c in ("BBB", "CCC", "DDD", "EEE", "FFF", "GGG")}}
    f = run(make(toml(allies)), trials=20_000)
    assert all(o.tied for o in f.options)  # six identical flips: none is better than another
    assert f.best is not None
    assert f.best.target == "BBB"  # the cheapest of the tied, then by kind and code: not chosen by noise
    for o in f.options:
        lo, hi = o.gain_ci95
        assert lo <= o.gain <= hi


def test_removing_the_events_after_the_forecast_date_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    from natosim._engine import scenario as scenarios

    text = scenarios.bundled_path("rutte-2024").read_text(encoding="utf-8")
    day = "2024-05-01"
    kept: list[str] = []
    block: list[str] | None = None  # the lines of the [[events]] table being read
    dropped = 0
    for line in [*text.splitlines(), "[end]"]:
        if block is not None and line.startswith("["):
            when = next(x.split("=")[1].strip() for x in block if x.startswith("date ="))
            if when <= day:
                kept += block
            else:
                dropped += 1
            block = None
        if line == "[[events]]":
            block = [line]
        elif block is not None:
            block.append(line)
        elif line != "[end]":
            kept.append(line)
    assert dropped > 0
    full, cut = tmp_path / "full.toml", tmp_path / "cut.toml"
    full.write_text(text, encoding="utf-8")
    cut.write_text("\n".join(kept) + "\n", encoding="utf-8")
    for fmt in ("json", "table"):
        a = cli("forecast", str(full), "--at", day, "--trials", "5000", *SEED, "-f", fmt)
        b = cli("forecast", str(cut), "--at", day, "--trials", "5000", *SEED, "-f", fmt)
        assert a.exit_code == 0, a.stderr
        if fmt == "json":  # the full file says it records later events (which day the answer describes); nothing else differs
            left, right = json.loads(a.stdout), json.loads(b.stdout)
            assert left.pop("later_events")["count"] == dropped
            assert "later_events" not in right
            assert left == right
        else:
            note = re.search(r"This describes the stances of .*?--at latest\.\n", a.stdout, re.S)
            assert note is not None
            assert "This describes" not in b.stdout
            assert a.stdout.replace(note[0], "").replace(str(full), "F") == b.stdout.replace(str(cut), "F")


def test_no_cascade_option(cli: Cli) -> None:
    on = json.loads(cli("forecast", *SEED, "-f", "json").stdout)
    off = json.loads(cli("forecast", *SEED, "-f", "json", "--no-cascade").stdout)
    assert off["cascade"] is False
    assert off["p_consensus"] < on["p_consensus"]  # Slovakia no longer follows Hungary


def test_goldens(cli: Cli, golden: Golden) -> None:
    for fmt, ext in (("table", "txt"), ("json", "json")):
        result = cli("forecast", *SEED, "-f", fmt)
        assert result.exit_code == 0, result.stderr
        golden(f"forecast-rutte-2024-04.{ext}", result.stdout)
    result = cli("backtest", "bundled", "--trials", "2000", "--rolling")
    assert result.exit_code == 0, result.stderr
    golden("forecast-backtest-bundled.txt", result.stdout)


def test_no_progress_bar_when_piped(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATOSIM_PROGRESS_DELAY", "0")  # would show at once on a terminal
    result = cli("forecast", "--trials", "60000", *SEED, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    json.loads(result.stdout)


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    natosim_bin = shutil.which("natosim")
    cmd = [natosim_bin] if natosim_bin else [sys.executable, "-m", "natosim"]
    out = tmp_path / "out.json"
    child = pexpect.spawn(
        cmd[0], [*cmd[1:], "forecast", "--trials", "1500000", "--seed", "1", "-f", "json", "-o", str(out)], timeout=60, encoding="utf-8"
    )
    child.expect("simulating")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert json.loads(out.read_text(encoding="utf-8"))["trials"] == 1500000


# --- backtest ----------------------------------------------------------------------------


RESOLVED = """
[[events]]
date = 2024-02-01
ally = "BBB"
stance = "support"
"""


def test_backtest_scores_a_folder(cli: Cli, tmp_path: Path) -> None:
    allies = {"AAA": ("support", None), "BBB": ("oppose", 0.75)}
    unlikely = {"AAA": ("support", None), "BBB": ("oppose", 0.25)}
    (tmp_path / "a-yes.toml").write_text(toml(allies, extra=RESOLVED), encoding="utf-8")
    (tmp_path / "b-late.toml").write_text(toml(unlikely, deadline="2024-01-15", extra=RESOLVED), encoding="utf-8")
    (tmp_path / "c-open.toml").write_text(toml(allies), encoding="utf-8")
    (tmp_path / "d-no-deadline.toml").write_text(
        toml({"AAA": ("support", None), "BBB": ("oppose", None)}, deadline=None, extra=RESOLVED), encoding="utf-8"
    )
    result = cli("backtest", str(tmp_path), "--trials", "4000", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    cases = {c["scenario"]: c for c in data["cases"]}
    assert set(cases) == {"a-yes", "b-late"}
    assert cases["a-yes"]["observed"] is True
    assert cases["b-late"]["observed"] is False  # adopted on 2024-02-01, after its deadline
    assert within(cases["a-yes"]["p_consensus"], 0.75, 4000)
    expected = ((cases["a-yes"]["p_consensus"] - 1) ** 2 + cases["b-late"]["p_consensus"] ** 2) / 2
    assert data["brier"] == pytest.approx(expected, abs=1e-6)
    # a file without a deadline is never scored against its last event (that would be "yes" by construction)
    assert [u["question"] for u in data["unscored"]] == ["c-open", "d-no-deadline"]
    assert "no deadline" in data["unscored"][1]["why"]
    # the base rate of a question is the share of "yes" among the others
    assert cases["a-yes"]["base_rate"] == 0.0
    assert cases["b-late"]["base_rate"] == 1.0
    assert [s["model"] for s in data["scores"]] == ["natosim", "base rate", "natosim 0.1"]
    bins = data["calibration"]
    assert sum(b["cases"] for b in bins) == 2


def test_backtest_of_the_bundled_races(cli: Cli) -> None:
    result = cli("backtest", "bundled", "--trials", "1000", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["scenario"] for c in data["cases"]] == ["rutte-2024", "sweden-accession"]
    assert [c["observed"] for c in data["cases"]] == [True, False]  # Sweden missed the Vilnius summit
    assert data["cases"][1]["deadline"] == "2023-07-11"
    rolling = json.loads(cli("backtest", "bundled", "--trials", "1000", "--rolling", "-f", "json").stdout)
    assert len(rolling["cases"]) > len(data["cases"])


@pytest.mark.slow
def test_backtest_of_the_record_is_out_of_sample_and_beats_its_baselines() -> None:
    from natosim._engine import record

    r = record.load()
    b = backtest.run_record(r, trials=1000, seed=0, rolling=False)
    assert b.out_of_sample
    assert len(b.cases) >= 150
    yes = sum(c.observed for c in b.cases)
    assert 0.3 < yes / len(b.cases) < 0.7  # both outcomes well represented
    scores = {name: (br, ll) for name, br, ll in b.baselines}
    for baseline in ("base rate", "natosim 0.1"):
        assert scores["natosim"][0] < scores[baseline][0]
        assert scores["natosim"][1] < scores[baseline][1]
    assert scores["natosim"][0] < 0.25  # a coin
    assert scores["natosim"][1] < math.log(2)
    # leave-one-group-out: the base rate of a question never counts its own decision's group of twin episodes
    group = {d.id: d.group for d in r.decisions}
    for c in b.cases:
        others = [x for x in b.cases if group[x.name] != group[c.name]]
        assert c.base_rate == pytest.approx(sum(x.observed for x in others) / len(others))


def test_backtest_errors(cli: Cli, tmp_path: Path) -> None:
    missing = cli("backtest", str(tmp_path / "nope"))
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"natosim: error: {tmp_path / 'nope'}: no such folder; expected a folder of scenario files, 'bundled' or 'record'\n"
    )
    empty = cli("backtest", str(tmp_path))
    assert empty.exit_code == 2
    assert "no *.toml file" in empty.stderr


def test_backtest_library_bins() -> None:
    s = make(toml(INDEPENDENT, extra=RESOLVED.replace("BBB", "CCC")))
    b = backtest.run([("x", s)], trials=500, seed=1)
    assert len(b.cases) == 1
    assert b.cases[0].observed is False  # DDD and BBB never moved in the record
    assert sum(x.count for x in b.bins) == 1


@pytest.mark.parametrize("text", ["20240501", "2024-W18-3", "2024-5-1", "2024-05-01T00:00"])
def test_dates_on_the_command_line_are_yyyy_mm_dd_only(cli: Cli, text: str) -> None:
    result = cli("forecast", "--deadline", text, "--trials", "100")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"natosim: error: --deadline: '{text}' is not a valid date; expected YYYY-MM-DD (a real calendar day)\n"
