"""The forecast's time model, its fit on the record, and the record itself."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from natosim import backtest, record
from natosim.forecast import fit, priors
from natosim.forecast.priors import Clock, Profile, Rate


@settings(max_examples=examples(200), deadline=None, derandomize=True)
@given(
    lam=st.floats(1e-4, 1.0),
    rho=st.floats(0.3, 3.0),
    start=st.floats(-400.0, 0.0),
    focal=st.lists(st.floats(-50.0, 400.0), max_size=4),
    window=st.sampled_from([0, 7, 30]),
    boost=st.floats(1.0, 20.0),
    x=st.floats(1e-6, 20.0),
)
def test_draw_inverts_the_cumulative_hazard(
    lam: float, rho: float, start: float, focal: list[float], window: int, boost: float, x: float
) -> None:
    clock = Clock(Rate(lam, rho), start, Profile.of(focal, window=window, boost=boost))
    t = float(clock.draw(np.asarray([x]))[0])
    assert t >= 0
    assert clock.cumulative(t) - clock.cumulative(0.0) == pytest.approx(x, rel=1e-6, abs=1e-9)


def test_a_stated_probability_is_reproduced_at_its_own_horizon() -> None:
    profile = Profile.of([60.0], window=14, boost=5.0)
    rate = priors.rate_for_probability(0.7, horizon=90.0, profile=profile)
    clock = Clock(rate, 0.0, profile)
    assert -math.expm1(-clock.cumulative(90.0)) == pytest.approx(0.7)
    assert priors.rate_for_median(30.0).lam == pytest.approx(math.log(2) / 30)


def test_the_fits_vectorised_hazard_is_the_clock() -> None:
    items = fit.spells(record.load())
    shipped = priors.shipped()
    fast = fit.vectorised_cumulative(shipped, items)
    slow = [fit.cumulative(s, shipped) for s in items]
    assert fast.tolist() == pytest.approx(slow, rel=1e-9)


def test_the_shipped_priors_are_a_fresh_fit_of_the_record() -> None:
    """scripts/fit_priors.py writes exactly what natosim ships (the fit is deterministic)."""
    result = fit.fit(record.load())
    fresh, shipped = result.priors, priors.shipped()
    # the same parameters; the last digits of an optimum may differ with the BLAS and CPU underneath
    assert fresh.focal_window == shipped.focal_window
    assert fresh.fitted_on == shipped.fitted_on
    assert fit.theta_of(fresh).tolist() == pytest.approx(fit.theta_of(shipped).tolist(), rel=1e-4, abs=1e-4)
    assert result.spells > 200
    assert result.decisions >= 25
    p = result.priors
    for kind in priors.KINDS:  # a political holdout waits longer than a procedural delay
        assert p.rate(kind, political=True).lam < p.rate(kind, political=False).lam


def test_the_record_is_complete_and_sourced() -> None:
    r = record.load()
    kinds = [d.kind for d in r.decisions]
    assert kinds.count("accession") == 7
    assert kinds.count("secretary-general") == 8
    assert kinds.count("eu-unanimity") >= 10
    for d in r.decisions:
        assert d.moves, d.id
        assert len({m.member for m in d.moves}) == len(d.moves)
        assert all(m.confirmed in ("yes", "partial", "no") for m in d.moves)
        assert all(m.acted is None or m.acted >= d.opened for m in d.moves)
        assert d.focal
        assert all(f.date > d.opened for f in d.focal)
    accessions = {d.id: len(d.moves) for d in r.decisions if d.kind == "accession"}
    assert accessions == {
        "nato-accession-1999": 16,
        "nato-accession-2004": 19,
        "nato-accession-2009": 26,
        "nato-accession-2017": 28,
        "nato-accession-2020": 29,
        "nato-accession-2023": 30,
        "nato-accession-2024": 31,
    }


def test_questions_from_the_record_have_real_deadlines_and_both_outcomes() -> None:
    asked, unscored = backtest.questions(record.load(), rolling=False)
    assert len(asked) >= 30
    share = sum(q.observed for q in asked) / len(asked)
    assert 0.3 < share < 0.7
    assert all(q.deadline > q.as_of for q in asked)
    # a question the record cannot settle is listed, never guessed
    assert any("nato-accession-1999" in name for name, _ in unscored)
    sweden = [q for q in asked if q.decision.id == "nato-accession-2024"]
    assert [(q.deadline, q.observed) for q in sweden if q.deadline == date(2023, 7, 11)] == [(date(2023, 7, 11), False)]


def test_a_question_scenario_holds_only_what_was_known_on_its_day() -> None:
    r = record.load()
    sweden = next(d for d in r.decisions if d.id == "nato-accession-2024")
    q = backtest.Question(sweden, date(2023, 7, 11), date(2023, 12, 31), "end of 2023", False)
    s = backtest.question_scenario(q)
    stances = s.stances["proposal"]
    acted = {m.member for m in sweden.moves if m.acted is not None and m.acted <= q.as_of}
    assert {c for c, st in stances.items() if st.value == "support"} == acted
    assert stances["TUR"].value == "oppose"  # its objection was stated before the question's day
    assert all(f > q.as_of for f in s.focal_dates)
    assert s.deadline is None  # the question's deadline is never a focal date of the model


def test_the_shipped_leave_one_out_fits_are_those_of_the_bundled_record() -> None:
    """natosim/data/priors-loo.json (scripts/fit_priors.py) holds, for the bundled record, the fit without each
    decision that `backtest record` would otherwise make on every run: same fingerprint, same decisions, and
    the same priors as a fresh fit (checked on three decisions here; `fit_priors.py --check` checks all)."""
    import math

    from natosim import record
    from natosim.forecast import fit
    from natosim.forecast.priors import shipped_left_out

    full = record.load()
    shipped = shipped_left_out(fit.fingerprint(full))
    assert set(shipped) == set(fit.decision_ids(full))
    for did in sorted(shipped)[:: max(1, len(shipped) // 3)][:3]:
        fresh = fit.fit(full.without(did)).priors
        assert all(
            math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(fit.theta_of(shipped[did]), fit.theta_of(fresh), strict=True)
        ), did
    assert shipped_left_out("another record") == {}  # fitted on another record: not used
