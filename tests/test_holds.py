"""Contract v1.2: what is known about a hold (since, demands, linked, fallback, focal dates), read and forecast."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date

import pytest
from helpers import Cli

import natosim
from natosim._engine import forecast
from natosim._engine.forecast.plan import compile_plan, focal_dates, hold_of, p_move_by
from natosim._engine.forecast.priors import Clock, Hold, Priors, Rate
from natosim.errors import NatosimError
from natosim.model import Scenario

HEAD = """title = "t"
as_of = 2024-04-02
deadline = 2024-07-09
{top}
[body]
name = "three"
[body.members.AAA]
name = "Alpha"
[body.members.BBB]
name = "Beta"
[body.members.CCC]
name = "Gamma"
[allies.AAA]
stance = "support"
"""


def parse(text: str, top: str = "") -> Scenario:
    """A three-member body (AAA supports) with ``top`` among the top-level keys and ``text`` after the tables."""
    return natosim.parse(HEAD.format(top=top) + text, path="t.toml")


def test_the_v12_keys_are_read() -> None:
    s = parse(
        """[allies.BBB]
stance = "oppose"
since = 2023-01-10
demands = ["an assurance", "frozen funds released"]
linked = true
[[influence]]
from = "BBB"
to = "CCC"
weight = 0.5
reason = "neighbours"
source = "Reuters, 2024-03-01"
[[deals]]
name = "Assurance"
effects = { BBB = "support" }
reason = "its stated price"
source = "AP, 2024-03-02"
""",
        top="fallback = true",
    )
    pos = s.positions["BBB"]
    assert pos.since == date(2023, 1, 10)
    assert pos.demands == ("an assurance", "frozen funds released")
    assert pos.linked is True
    assert s.fallback is True
    assert (s.influence[0].reason, s.influence[0].reference) == ("neighbours", "Reuters, 2024-03-01")
    assert (s.deals[0].reason, s.deals[0].source) == ("its stated price", "AP, 2024-03-02")


def test_files_without_them_keep_their_meaning() -> None:
    s = parse('[allies.BBB]\nstance = "oppose"\n')
    assert s.positions["BBB"].since is None
    assert s.positions["BBB"].demands == ()
    assert s.positions["BBB"].linked is False
    assert s.fallback is False


def test_since_after_as_of_is_an_error_with_its_place() -> None:
    with pytest.raises(NatosimError) as e:
        parse('[allies.BBB]\nstance = "oppose"\nsince = 2024-05-01\n')
    assert str(e.value) == (
        "t.toml: allies.BBB.since: since 2024-05-01 is after as_of 2024-04-02; expected the day the hold began, on or before as_of"
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('[allies.BBB]\nstance = "oppose"\ndemands = "money"\n', "allies.BBB.demands"),
        ('[allies.BBB]\nstance = "oppose"\nlinked = "yes"\n', "allies.BBB.linked"),
        ("", "fallback"),
        ('[allies.BBB]\nstance = "oppose"\nsince = "last year"\n', "allies.BBB.since"),
    ],
)
def test_malformed_v12_values_are_errors_with_their_place(text: str, place: str) -> None:
    with pytest.raises(NatosimError) as e:
        parse(text, top="fallback = 1" if place == "fallback" else "")
    assert f"t.toml: {place}: " in str(e.value)


def test_the_kind_of_hold_is_read_from_the_file() -> None:
    s = parse(
        """[allies.BBB]
stance = "undecided"
demands = ["a price"]
[allies.CCC]
stance = "oppose"
linked = true
"""
    )
    assert hold_of(s, "proposal", "BBB") is Hold.POLITICAL  # a stated price makes it political
    assert hold_of(s, "proposal", "CCC") is Hold.LINKED
    plain = parse('[allies.BBB]\nstance = "undecided"\n[allies.CCC]\nstance = "undecided"\nholdout = "rival"\n')
    assert hold_of(plain, "proposal", "BBB") is Hold.PROCEDURAL
    assert hold_of(plain, "proposal", "CCC") is Hold.RIVAL


def test_a_member_backing_a_rival_candidate_is_a_rival() -> None:
    s = natosim.load("rutte-2024-04")
    assert hold_of(s, "rutte", "ROU") is Hold.RIVAL  # Romania backs its own candidate
    assert hold_of(s, "rutte", "HUN") is not Hold.RIVAL


PRIORS = Priors(
    scale=(("ratification", 0.01), ("appointment", 0.01), ("policy", 0.01)),
    factor=(("procedural", 1.0), ("political", 0.5), ("linked", 0.25), ("rival", 0.8)),
    shape=(("procedural", 2.0), ("political", 2.0), ("linked", 2.0), ("rival", 2.0)),
    demands_factor=1.5,
    fallback_factor=3.0,
    focal_boost=5.0,
    focal_window=14,
    wave_shape=math.inf,
    form="test",
)


def _clock(s: Scenario, code: str = "BBB") -> Clock:
    plan = compile_plan(s, "proposal", deadline=date(2024, 7, 9), priors=PRIORS)
    clock = plan.clocks[plan.codes.index(code)]
    assert clock is not None
    return clock


def test_the_clock_starts_at_since_and_is_conditioned_on_the_hold_so_far() -> None:
    fresh = _clock(parse('[allies.BBB]\nstance = "oppose"\n'))
    old = _clock(parse('[allies.BBB]\nstance = "oppose"\nsince = 2023-04-02\n'))
    assert fresh.start == 0.0
    assert old.start == -366.0
    # Weibull shape 2: the hazard grows with the time already waited, so an old hold moves sooner from here
    p_fresh = p_move_by(fresh, horizon=98, shared=False, wave_shape=math.inf)
    p_old = p_move_by(old, horizon=98, shared=False, wave_shape=math.inf)
    lam = PRIORS.rate("policy", Hold.POLITICAL).lam
    assert p_fresh == pytest.approx(-math.expm1(-((lam * 98) ** 2)), rel=1e-9)
    assert p_old == pytest.approx(-math.expm1(-((lam * 464) ** 2 - (lam * 366) ** 2)), rel=1e-9)
    assert p_old > p_fresh


def test_demands_linkage_and_a_fallback_change_the_rate_as_fitted() -> None:
    base = _clock(parse('[allies.BBB]\nstance = "oppose"\n')).rate
    linked = _clock(parse('[allies.BBB]\nstance = "oppose"\nlinked = true\n')).rate
    asked = _clock(parse('[allies.BBB]\nstance = "oppose"\ndemands = ["x"]\n')).rate
    around = _clock(parse('[allies.BBB]\nstance = "oppose"\n', top="fallback = true")).rate
    assert linked.lam == pytest.approx(base.lam * 0.5)
    assert asked.lam**2 == pytest.approx(1.5 * base.lam**2)  # the hazard (λt)^ρ times the factor
    assert around.lam**2 == pytest.approx(3.0 * base.lam**2)


def test_the_deadline_is_a_meeting_only_when_listed() -> None:
    s = parse('[allies.BBB]\nstance = "oppose"\n')
    assert focal_dates(s) == ()
    listed = parse('[allies.BBB]\nstance = "oppose"\n', top="focal_dates = [2024-07-09]")
    assert focal_dates(listed) == (date(2024, 7, 9),)
    # "by 9 July" as a calendar date is not pulled towards; as a summit it is
    assert _clock(listed).cumulative(98.0) > _clock(s).cumulative(98.0)


def test_a_stated_rate_ignores_since() -> None:
    s = parse('[allies.BBB]\nstance = "oppose"\nsince = 2023-01-01\np_move = 0.4\n')
    clock = _clock(s)
    assert clock.start == 0.0
    assert clock.rate == Rate(clock.rate.lam)


def test_a_forecast_on_the_priors_carries_the_track_record_and_its_bounds(cli: Cli) -> None:
    r = cli("forecast", "--seed", "1", "--trials", "2000", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    t = data["track_record"]
    assert t["questions"] >= 150
    assert set(t) >= {"brier", "log_loss", "questions", "bin", "baselines", "by_kind"}
    assert t["bin"]["bin"][0] <= data["p_consensus"] <= t["bin"]["bin"][1]
    lo, hi = data["bounds"]
    assert lo <= data["p_consensus"] <= hi
    assert 0.0 < lo <= 0.03
    assert 0.97 <= hi < 1.0
    text = cli("forecast", "--seed", "1", "--trials", "2000")
    assert "Track record: on " in text.stdout


def test_stated_rates_only_have_no_track_record_and_no_bounds() -> None:
    s = parse('[allies.BBB]\nstance = "oppose"\np_move = 0.001\n[allies.CCC]\nstance = "undecided"\np_move = 0.5\n')
    f = forecast.forecast(s, candidate="proposal", deadline=date(2024, 7, 9), trials=2000, seed=1)
    assert f.track is None
    assert f.bounds == (0.0, 1.0)
    assert f.p_consensus == f.p_simulated


def test_forecasts_on_the_priors_stay_within_the_bounds() -> None:
    s = parse('[allies.BBB]\nstance = "oppose"\nlinked = true\n[allies.CCC]\nstance = "oppose"\nlinked = true\n')
    f = forecast.forecast(s, candidate="proposal", deadline=date(2024, 4, 3), trials=2000, seed=1)
    assert f.track is not None
    assert f.p_simulated < f.bounds[0]  # one day for two linked holds: the simulation says almost never
    assert f.p_consensus == f.bounds[0]
    assert all(f.bounds[0] <= p <= f.bounds[1] for _, p in f.weekly())
    free = forecast.forecast(s, candidate="proposal", deadline=date(2024, 4, 3), trials=2000, seed=1, bounds=(0.0, 1.0))
    assert free.p_consensus == free.p_simulated == f.p_simulated
    assert dataclasses.replace(f, bounds=(0.0, 1.0)).p_consensus == f.p_simulated
