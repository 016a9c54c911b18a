"""natosim sensitivity: break-even points against re-running paths, robustness against a dense grid, the tornado, the CLI."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest
from helpers import Cli, Golden, body_toml, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_paths_state import _without, hypotheses, written

import natosim
from natosim._engine import paths
from natosim._engine import sensitivity as sens
from natosim._engine.estimates import BOUNDS
from natosim._engine.paths import Path
from natosim.api import sensitivity
from natosim.model import Estimate, Scenario
from natosim.render.formats import Format

CODES = ("AAA", "BBB", "CCC", "DDD", "EEE")
EPS = 1e-6
EXTENSION = {Format.TABLE: "txt", Format.JSON: "json", Format.MARKDOWN: "md", Format.CSV: "csv"}


@st.composite
def bodies(draw: st.DrawFn) -> Scenario:
    """A small body under unanimity: 3-5 members, some holding out, with costs, thresholds, influence and maybe a deal."""
    n = draw(st.integers(3, 5))
    codes = CODES[:n]
    stances = {c: draw(st.sampled_from(["support", "oppose", "undecided"])) for c in codes}
    if all(s == "support" for s in stances.values()):
        stances[codes[0]] = "oppose"
    tenth = st.integers(1, 40).map(lambda k: k / 10)
    share = st.integers(1, 10).map(lambda k: k / 10)
    costs = {c: draw(tenth) for c in codes}
    thresholds = {c: draw(share) for c in codes}
    pairs = [(a, b) for a in codes for b in codes if a != b]
    edges = [(a, b, draw(share)) for a, b in draw(st.lists(st.sampled_from(pairs), max_size=5, unique=True))]
    extra = ""
    holdouts = [c for c in codes if stances[c] != "support"]
    if draw(st.booleans()):
        moved = draw(st.lists(st.sampled_from(holdouts), min_size=1, max_size=2, unique=True))
        effects = ", ".join(f'{c} = "support"' for c in moved)
        extra = f'[[deals]]\nname = "D"\ncost = {draw(tenth)}\neffects = {{ {effects} }}\n'
    return natosim.parse(body_toml(stances, costs=costs, thresholds=thresholds, edges=edges, extra=extra), path="t.toml")


def _names(p: Path | None) -> frozenset[str] | None:
    return None if p is None else frozenset((*p.flips, *(f"w:{w}" for w in p.withdraw), *(f"d:{d}" for d in p.deals)))


def _advice(s: Scenario, listed: tuple[Path, ...], e: Estimate, value: float) -> tuple[frozenset[str] | None, tuple[bool, ...]]:
    """Brute force: paths re-run on the scenario with the number replaced, and each listed path tried there."""
    at = sens.with_value(s, e, value)
    found = paths.find(at, "proposal", limit=1).paths
    options = {o.name: o for o in paths.interventions(s, "proposal")}

    def chosen(p: Path) -> list[paths.Intervention]:
        return [options[f"flip:{c}"] for c in p.flips] + [options[f"deal:{d}"] for d in p.deals]

    return _names(found[0] if found else None), tuple(paths.works(at, "proposal", chosen(p)) for p in listed)


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_every_break_even_point_is_exact(s: Scenario) -> None:
    ranges = sens.estimates(s, "proposal")
    result = sens.break_evens(s, "proposal", ranges)
    listed = result.listed
    base = (_names(result.advice.cheapest), (True,) * len(listed))
    for b in result.points:
        e = b.estimate
        bound = BOUNDS[e.kind]
        best = Fraction(repr(e.best))
        assert _advice(s, listed, e, e.best) == base
        for point, closed, beyond, side in ((b.lower, b.lower_closed, b.below, -1), (b.upper, b.upper_closed, b.above, 1)):
            if point is None:  # holds up to the number's own bound
                far = bound.hi if side > 0 else max(float(best) / 1000, bound.lo + EPS) if bound.lo == 0 else bound.lo
                assert _advice(s, listed, e, far) == base, (e.place, far)
                continue
            assert beyond is not None
            inside = float(point) - side * EPS
            outside = float(point) + side * EPS
            assert _advice(s, listed, e, inside) == base, (e.place, inside)
            after = _advice(s, listed, e, outside)
            assert after != base, (e.place, outside)
            assert after == (_names(beyond.cheapest), beyond.works), (e.place, outside)
            if closed:
                assert _advice(s, listed, e, float(point)) == base
            halfway = (point + best) / 2  # nothing changes between best and the point
            assert _advice(s, listed, e, float(halfway)) == base


def _brute_share(s: Scenario, ranges: tuple[Estimate, ...], steps: int) -> dict[frozenset[str] | None, float]:
    """The share of a grid of cell midpoints over the box where each path is the cheapest (paths re-run at each point)."""
    moving = [e for e in ranges if e.kind in sens.COST_KINDS | sens.CASCADE_KINDS and e.low < e.high]
    axes = [[e.low + (e.high - e.low) * (i + 0.5) / steps for i in range(steps)] for e in moving]
    out: dict[frozenset[str] | None, float] = {}
    total = steps ** len(moving)
    for point in itertools.product(*axes):
        found = paths.find(sens.with_values(s, zip(moving, point, strict=True)), "proposal", limit=1).paths
        key = _names(found[0] if found else None)
        out[key] = out.get(key, 0.0) + 1 / total
    return out


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies(), st.integers(0, 3))
def test_robustness_share_is_within_its_interval(s: Scenario, seed: int) -> None:
    ranges = sens.estimates(s, "proposal")
    moving = [e for e in ranges if e.kind in sens.COST_KINDS | sens.CASCADE_KINDS and e.low < e.high]
    if len(moving) > 3:  # the brute-force grid grows as steps^dimensions
        ranges = tuple(e for e in ranges if e not in moving[3:])
        moving = moving[:3]
    r = sens.robustness(s, "proposal", ranges, seed=seed, samples=3000)
    if r.path is None or not r.path.size:
        return
    steps = 24 if len(moving) <= 2 else 10
    grid = _brute_share(sens.with_values(s, []), ranges, steps).get(_names(r.path), 0.0)
    # the grid's own error: a boundary crosses at most about 2 * steps^(d-1) of its cells (per path pair)
    slack = 0.0 if not moving else 6 * len(moving) / steps
    lo, hi = r.ci95
    assert lo - slack <= grid <= hi + slack, (r.share, r.ci95, grid, r.exact)


def test_robustness_is_exact_on_a_diagonal() -> None:
    """Two paths of equal cost at best, each holding one of two costs with the same range: each wins half the box."""
    s = natosim.parse(body_toml({"AAA": "oppose", "BBB": "support"}, costs={"AAA": 2}), path="t.toml")
    text = body_toml(
        {"AAA": "oppose", "BBB": "support"}, costs={"AAA": 2}, extra='[[deals]]\nname = "D"\ncost = 2\neffects = { AAA = "support" }\n'
    )
    s = natosim.parse(text, path="t.toml")
    r = sens.robustness(s, "proposal", sens.estimates(s, "proposal"))
    assert r.exact
    assert r.share == 0.5
    assert [o.share for o in r.others] == [0.5]


def test_cost_break_even_on_the_bundled_race() -> None:
    """Romania's cost: the cheapest path (ROU, TUR + the deal) ties with (TUR + Iohannis withdrawing + the deal) at cost 2."""
    s = natosim.load("rutte-2024-04")
    result = sens.break_evens(s, "rutte", sens.estimates(s, "rutte"))
    by = {b.estimate.place: b for b in result.points}
    rou = by["allies.Romania.cost"]
    assert (rou.lower, rou.upper) == (None, Fraction(2))
    assert rou.above is not None
    assert rou.above.cheapest is not None
    assert rou.above.cheapest.withdraw == ("iohannis",)
    svk = by["allies.Slovakia.threshold"]  # Hungary's 0.6 carries Slovakia up to a threshold of 0.6
    assert (svk.upper, svk.upper_closed) == (Fraction(3, 5), True)
    assert svk.above is not None
    assert svk.above.works == (False, False, False, False)


def test_ranges_in_the_file_are_used_and_defaults_fill_the_rest(tmp_path: object) -> None:
    text = natosim._engine.scenario.read(None)[0].decode().replace("cost = 3\n", "cost = { low = 1, best = 3, high = 3.5 }\n", 1)
    s = natosim.parse(text, path="r.toml")
    ranges = sens.estimates(s, "rutte")
    hun = next(e for e in ranges if e.place == "allies.Hungary.cost")
    assert (hun.low, hun.best, hun.high, hun.default) == (1.0, 3.0, 3.5, False)
    assert all(e.default for e in ranges if e is not hun)
    b = next(p for p in sens.break_evens(s, "rutte", ranges).points if p.estimate is hun)
    assert b.lower == 2
    assert b.inside  # Hungary at 1.5 would make flipping it cheaper than the deal


def test_tornado_baseline_is_the_forecasts_own_p() -> None:
    s = natosim.load("rutte-2024-04")
    t = sens.tornado(s, "rutte", sens.estimates(s, "rutte"), deadline=s.deadline, trials=3000, seed=5, prior_draws=20)  # type: ignore[arg-type]
    f = natosim.api.forecast(s, trials=3000, seed=5)
    assert t.p == f.p_consensus
    assert t.ci95 == f.ci95
    assert t.interval[0] <= t.ci95[0] <= t.p <= t.ci95[1] <= t.interval[1]
    assert [b.estimate.place for b in t.bars] == ["allies.Slovakia.threshold", "influence[1].weight"]
    svk = t.bars[0]
    assert svk.p_low == t.p  # a lower threshold changes nothing: Hungary's 0.6 already carries Slovakia
    assert svk.p_high < t.p


def test_tornado_with_stated_p_move_follows_the_number() -> None:
    s = natosim.parse(
        body_toml({"AAA": "oppose", "BBB": "support"}, p_moves={"AAA": 0.5}, deadline="2024-06-01"),
        path="t.toml",
    )
    t = sens.tornado(s, "proposal", sens.estimates(s, "proposal"), deadline=s.deadline, trials=20000, seed=1)  # type: ignore[arg-type]
    (bar,) = t.bars
    assert (bar.estimate.low, bar.estimate.high) == (0.3, 0.7)
    assert abs(bar.p_low - 0.3) < 0.02
    assert abs(bar.p_high - 0.7) < 0.02
    assert t.prior_draws == 0  # no rate from the priors: the interval is Monte Carlo's
    assert t.interval == t.ci95


def test_too_much_work_is_a_clear_error() -> None:
    s = natosim.load("rutte-2024-04")
    with pytest.raises(natosim.NatosimError, match="too much work"):
        sensitivity(s, trials=10_000_000)


@pytest.mark.parametrize("fmt", list(Format))
def test_golden_bundled_race(cli: Cli, golden: Golden, fmt: Format) -> None:
    result = cli("sensitivity", "--trials", "4000", "--seed", "1", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    golden(f"sensitivity-rutte-2024-04.{EXTENSION[fmt]}", result.stdout)


def test_cli_json_labels_defaults_and_is_deterministic(cli: Cli) -> None:
    a = cli("sensitivity", "--trials", "2000", "--seed", "3", "--format", "json")
    b = cli("sensitivity", "--trials", "2000", "--seed", "3", "--format", "json")
    assert a.exit_code == 0
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert data["defaults"].startswith("default ranges")
    assert all(e["default"] for e in data["estimates"])
    assert data["cheapest"]["flips"] == ["ROU", "TUR"]
    assert 0 < data["robustness"]["share"] < 1
    assert data["tornado"]["trials"] == 2000


def test_cli_without_deadline_leaves_the_tornado_out(cli: Cli, tmp_path: object) -> None:
    from pathlib import Path as FilePath

    path = FilePath(str(tmp_path)) / "t.toml"
    path.write_text(body_toml({"AAA": "oppose", "BBB": "undecided"}, costs={"AAA": 2}))
    result = cli("sensitivity", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tornado"] is None
    assert "no deadline" in data["note"]


def test_cli_bad_option_is_one_line_exit_2(cli: Cli) -> None:
    result = cli("sensitivity", "--candidate", "nobody")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_report_has_the_sensitivity_section(cli: Cli, tmp_path: object) -> None:
    from pathlib import Path as FilePath

    out = FilePath(str(tmp_path)) / "r.html"
    result = cli("report", "--seed", "1", "--trials", "500", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<section id="sensitivity"' in html
    assert 'data-place="allies.Romania.cost" data-inside="true"' in html
    assert "of the box of 8 ranges" in html


# --- from a hypothetical state (sensitivity --flip/--withdraw/--deal) ------------------------------


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(hypotheses(), st.booleans())
def test_sensitivity_from_a_hypothetical_state_is_that_of_the_state_written_out(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[Scenario, list[tuple[str, str]], list[str], list[str]], cascade: bool
) -> None:
    s, flips, withdraw, deals = case
    got = sensitivity(s, candidate="main", flip=flips, withdraw=withdraw, deal=deals, cascade=cascade, samples=500).to_dict()
    state = natosim.api.what_if(s, flip=flips, withdraw=withdraw, deal=deals, candidate="main", cascade=cascade).applied.after
    struck = {d.name for d in s.deals if d.name in deals or d.id in deals}
    file = tmp_path_factory.mktemp("state") / "state.toml"
    file.write_text(written(_without(state, struck)), encoding="utf-8")
    want = sensitivity(file, candidate="main", cascade=cascade, samples=500).to_dict()
    assuming = got.pop("assuming")
    assert got == want
    assert [(a["code"], a["stance"]) for a in assuming if a["type"] == "flip"] == flips
    assert [a["candidate"] for a in assuming if a["type"] == "withdraw"] == withdraw


def test_if_turkey_comes_round_how_sure_is_the_advice_from_there(cli: Cli) -> None:
    result = cli("sensitivity", "--flip", "Turkey", "--trials", "1000", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["assuming"] == [{"type": "flip", "candidate": "rutte", "code": "TUR", "name": "Türkiye", "stance": "support"}]
    assert "TUR" not in data["cheapest"]["flips"]
    assert all(e["target"] != "TUR" for e in data["estimates"] if e["kind"] == "cost")  # Türkiye is no longer a holdout
    text = cli("sensitivity", "--flip", "Turkey", "--deal", "assurance", "--trials", "1000", "-f", "markdown").stdout
    assert "Assuming the deal “Written assurance: no Hungarian role in NATO's Ukraine support” is struck; Türkiye supports" in text
    bad = cli("sensitivity", "--flip", "Hungry")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("natosim: error: --flip Hungry: unknown ally 'Hungry'")
    plain = json.loads(cli("sensitivity", "--trials", "1000", "-f", "json").stdout)
    assert "assuming" not in plain
