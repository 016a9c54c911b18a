"""The forecast's time model, its fit on the record, and the record itself."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from natosim._engine import backtest, record
from natosim._engine.forecast import fit, priors
from natosim._engine.forecast.priors import Clock, Profile, Rate


@settings(max_examples=examples(200), deadline=None, derandomize=True)
@given(
    lam=st.floats(1e-4, 1.0),
    rho=st.floats(0.3, 3.0),
    start=st.floats(-400.0, 0.0),
    focal=st.lists(st.floats(-50.0, 400.0), max_size=4),
    window=st.sampled_from([0, 7, 30]),
    boost=st.floats(1.0, 20.0),
    x=st.floats(1e-6, 20.0),
    steps=st.lists(st.tuples(st.floats(-400.0, 400.0), st.floats(0.1, 5.0)), max_size=2),
)
def test_draw_inverts_the_cumulative_hazard(
    lam: float, rho: float, start: float, focal: list[float], window: int, boost: float, x: float, steps: list[tuple[float, float]]
) -> None:
    clock = Clock(Rate(lam, rho), start, Profile.of(focal, window=window, boost=boost, steps=steps))
    t = float(clock.draw(np.asarray([x]))[0])
    assert t >= 0
    # the hazard already spent before as_of is subtracted: float64 keeps about 15 digits of it
    spent = clock.cumulative(0.0)
    assert clock.cumulative(t) - spent == pytest.approx(x, rel=1e-6, abs=1e-9 + 1e-14 * spent)


def test_a_step_multiplies_the_pull_from_its_day_on() -> None:
    profile = Profile.of([30.0], window=7, boost=4.0, steps=[(10.0, 2.0)])
    assert [profile.at(t) for t in (0.0, 10.0, 22.0, 23.0, 31.0, 40.0)] == [1.0, 2.0, 2.0, 8.0, 2.0, 2.0]
    assert Profile.of([], window=7, boost=4.0, steps=[(5.0, 1.0)]) == Profile((), ())


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
    shipped = priors.shipped()
    form = fit.form_of(shipped)
    assert shipped.form == form.name
    result = fit.fit(record.load(), form)
    fresh = result.priors
    # the same parameters; the last digits of an optimum may differ with the BLAS and CPU underneath
    assert fresh.focal_window == shipped.focal_window
    assert fresh.fitted_on == shipped.fitted_on
    assert fit.theta_of(fresh).tolist() == pytest.approx(fit.theta_of(shipped).tolist(), rel=1e-4, abs=1e-4)
    assert result.spells > 250
    assert result.decisions >= 60


def test_a_left_out_fit_started_from_the_whole_records_optimum_is_the_same_optimum() -> None:
    """The fits that leave a group out start from the whole record's optimum (faster); they reach the optimum a fit from
    the fixed start reaches."""
    full = record.load()
    form = fit.FORM_BY_NAME["holds"]
    group = fit.groups(full)[len(fit.groups(full)) // 2]
    cold = fit.fit(full.without(*group), form)
    warm = fit.fit(full.without(*group), form, start=fit.fit(full, form).priors)
    assert warm.log_likelihood == pytest.approx(cold.log_likelihood, abs=1e-3)


def test_the_record_is_large_sourced_and_consistent() -> None:
    r = record.load()
    assert len(r.decisions) >= 60
    kinds = {d.kind for d in r.decisions}
    assert kinds == {"accession", "secretary-general", "eu-unanimity", "nato-consensus"}
    assert all(d.group for d in r.decisions)
    assert all(d.members > 0 for d in r.decisions)
    for d in r.decisions:
        assert len({m.member for m in d.moves}) == len(d.moves), d.id
        assert all(m.confirmed in ("yes", "partial", "no") for m in d.moves), d.id
        assert d.outcome in ("adopted", "failed", "pending"), d.id
        assert d.outcome != "adopted" or d.closed is not None or d.closed_by is not None, d.id
        assert d.closed is None or d.closed >= d.opened, d.id
    assert {b for b in r.calendar} == {"eu", "nato"}
    assert len(r.meetings("eu")) > 150
    assert len(r.meetings("nato")) > 30


def test_every_row_of_the_record_names_its_source() -> None:
    import csv
    from importlib import resources

    for name in ("decisions.csv", "moves.csv", "meetings.csv", "calendar.csv"):
        text = resources.files("natosim.data").joinpath("record", name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(text.splitlines()))
        assert rows, name
        assert all(r["source"].strip() for r in rows), name
        assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v), name


def test_questions_follow_a_fixed_rule_and_have_both_outcomes() -> None:
    r = record.load()
    asked, unscored = backtest.questions(r)
    assert len(asked) >= 150
    assert len({q.decision.id for q in asked}) >= 60
    share = sum(q.observed for q in asked) / len(asked)
    assert 0.3 < share < 0.7
    for q in asked:
        assert q.deadline > q.as_of
        assert q.as_of == q.decision.opened  # opening-day questions
        calendar = [m.date for m in r.meetings(q.decision.body) if m.date > q.as_of][: backtest.CALENDAR_DEADLINES]
        quarters = backtest._quarter_ends(q.as_of, backtest.QUARTER_DEADLINES)
        assert q.deadline in calendar or q.deadline in quarters, q  # never a day picked knowing the outcome
    # a question the record cannot settle is listed, never guessed
    assert any("nato-accession-1999" in name for name, _ in unscored)


def _as_known_on(d: record.Decision, day: date) -> record.Decision:
    """The decision as the record would have stood on ``day``: every fact dated after it removed."""
    import dataclasses

    moves = []
    for m in d.moves:
        if m.acted is not None and m.acted <= day:
            moves.append(m)
            continue
        if m.political and m.objection is not None and m.objection > day:
            if d.kind == "accession":  # not yet known to object: a parliament that has not voted
                moves.append(record.Move(m.member, record.Role.PROCEDURAL, None, None, m.confirmed))
            else:  # not yet known to object: among the members that agreed when it opened
                moves.append(record.Move(m.member, record.Role.PROCEDURAL, None, d.opened, m.confirmed))
            continue
        known = m.demands_by(day)
        moves.append(
            dataclasses.replace(
                m,
                acted=None,
                demands=known,
                demanded=m.demanded if known and m.demanded and m.demanded <= day else None,
                linked=m.linked_by(day),
            )
        )
    return dataclasses.replace(
        d,
        moves=tuple(moves),
        closed=None,
        outcome="pending",
        fallback=d.fallback if d.fallback is not None and d.fallback <= day else None,
        agenda=tuple(x for x in d.agenda if x.date <= day + timedelta(days=backtest.AGENDA_NOTICE)),
        pending_on=day,
    )


def test_a_question_uses_only_facts_dated_before_its_day() -> None:
    """Removing every fact dated after a question's day changes nothing in the scenario it is forecast from."""
    r = record.load()
    asked, _ = backtest.questions(r, rolling=True)
    checked = 0
    for q in asked:
        today = backtest.question_scenario(q)
        before = backtest.question_scenario(dataclasses_replace(q, decision=_as_known_on(q.decision, q.as_of)))
        assert repr(today) == repr(before), q.decision.id
        checked += 1
    assert checked >= 150


def dataclasses_replace(q: backtest.Question, **changes: object) -> backtest.Question:
    import dataclasses

    return dataclasses.replace(q, **changes)  # type: ignore[arg-type]


def test_a_question_scenario_holds_what_was_known_on_its_day() -> None:
    r = record.load()
    sweden = next(d for d in r.decisions if d.id == "nato-accession-2024")
    q = backtest.Question(sweden, date(2023, 7, 11), date(2023, 12, 31), "end of 2023", False)
    s = backtest.question_scenario(q)
    stances = s.stances["proposal"]
    acted = {m.member for m in sweden.moves if m.acted is not None and m.acted <= q.as_of}
    assert {c for c, st in stances.items() if st.value == "support"} == acted
    turkey = next(m for m in sweden.moves if m.member == "TUR")
    assert stances["TUR"].value == "oppose"  # its objection was stated before the question's day
    assert s.positions["TUR"].since == turkey.objection
    assert s.positions["TUR"].linked is turkey.linked
    assert all(f > q.as_of for f in s.focal_dates)
    assert s.deadline is None  # the question's deadline is never a focal date unless it is a meeting


def test_the_shipped_leave_one_out_fits_are_those_of_the_bundled_record() -> None:
    """natosim/data/priors-loo.json (scripts/fit_priors.py) holds, for the bundled record, the fit without each group of
    twin episodes that `backtest record` would otherwise make on every run: same fingerprint, same groups, and the same
    priors as a fresh fit (checked on two groups here; `fit_priors.py --check` checks all)."""
    import math

    from natosim._engine.forecast.priors import shipped_left_out

    full = record.load()
    shipped = shipped_left_out(fit.fingerprint(full))
    groups = fit.groups(full)
    key = {d.id: d.group for d in full.decisions}
    assert set(shipped) == {key[g[0]] for g in groups}
    whole = priors.shipped()
    for g in groups[:: max(1, len(groups) // 2)][:2]:
        fresh = fit.fit(full.without(*g), fit.form_of(whole), start=whole).priors
        assert all(
            math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6)
            for a, b in zip(fit.theta_of(shipped[key[g[0]]]), fit.theta_of(fresh), strict=True)
        ), g
    assert shipped_left_out("another record") == {}  # fitted on another record: not used


def test_twin_episodes_are_left_out_together() -> None:
    r = record.load()
    assert set(r.group_of("nato-accession-2023")) == {"nato-accession-2023", "nato-accession-2024"}
    assert set(r.group_of("eu-ukraine-facility-2024")) >= {"eu-ukraine-facility-2024", "eu-accession-talks-ukr-mda-2023"}


def test_the_track_record_is_the_backtest_of_the_shipped_fits() -> None:
    """natosim/data/track-record.json holds the scores `natosim backtest record` computes with the shipped fits."""
    from natosim._engine.forecast import track

    shipped = track.shipped()
    assert shipped is not None
    result = backtest.run_record(record.load(), trials=shipped.trials, seed=shipped.seed, bounds=(shipped.floor, shipped.ceiling))
    assert result.out_of_sample
    assert shipped.questions == len(result.cases)
    assert shipped.brier == pytest.approx(result.brier, abs=1e-9)
    assert shipped.log_loss == pytest.approx(result.log_loss, abs=1e-9)
    assert [b.count for b in shipped.bins] == [b.count for b in result.bins]
    assert shipped.form == priors.shipped().form


def test_forecast_bounds_follow_the_record() -> None:
    from natosim._engine.forecast import track

    assert track.bounds([(0.5, True)]) == (track.FLOOR, 1 - track.FLOOR)
    low = [(0.01, False)] * track.MIN_TAIL
    assert track.bounds(low)[0] == 0.01
    assert track.bounds([(0.0, False)] * track.MIN_TAIL)[0] == track.CLIP  # never a certainty
    assert track.bounds([*low[:-1], (0.01, True)])[0] == track.FLOOR  # one surprise: the record cannot vouch for the tail
    assert track.bounds([(0.999, True)] * (track.MIN_TAIL - 1))[1] == 1 - track.FLOOR  # too few questions
