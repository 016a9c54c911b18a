"""One decision analysed whole, for ``natosim report``: the verdicts, the paths, the timeline, the forecast,
voting power and the verdicts under other rules, each computed by the library function the separate
command uses (so the page and ``--format json`` agree with them).

Nothing here renders: :mod:`natosim.render.html` turns a :class:`Dossier` into the page or the JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from natosim._engine import analysis, changes, compare, paths, power, timeline
from natosim._engine.compare import RuleOutcome
from natosim._engine.paths import Search
from natosim._engine.power import PowerReport
from natosim._engine.summary import Summary, summarise
from natosim._engine.timeline import Timeline
from natosim.model import Report, Scenario, Stance, Verdict, WeightBasis

if TYPE_CHECKING:
    from natosim._engine.forecast import Forecast
    from natosim._engine.sensitivity import BreakEvens, Robustness
    from natosim.model import Estimate

REPORT_ESTIMATES = 40
"""The most estimated numbers the report's sensitivity section analyses (beyond: the section says it was left out)."""

PATHS_SHOWN = 10
"""How many paths the report lists (the default of ``natosim paths``)."""

COALITIONS_SHOWN = 10
"""How many of the smallest minimal coalitions the power part lists (the default of ``natosim power``)."""


@dataclass(frozen=True, slots=True)
class Share:
    """How much of the body supports a candidate."""

    members: Fraction
    """Supporting members over all members."""
    weight: Fraction | None
    """Supporting weight over the total weight, under a rule that weighs members (population or
    declared weight); ``None`` when the rule counts members only."""
    basis: WeightBasis
    """What ``weight`` counts."""


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything ``natosim report`` shows about one scenario."""

    loaded: Scenario
    """The scenario as loaded (the timeline replays its events from its ``as_of``)."""
    scenario: Scenario
    """The state analysed: ``loaded`` on the chosen date (its events up to that day applied)."""
    candidate: str
    """The candidate the paths, the forecast and the graph are about."""
    verdicts: Report
    """The verdicts on every candidate still in the race (as ``natosim run``)."""
    shares: tuple[Share, ...]
    """The support share of each verdict, in the same order."""
    paths: Search
    """The cheapest paths to adopting :attr:`candidate` (as ``natosim paths``)."""
    timeline: Timeline
    """The loaded scenario's events replayed (as ``natosim timeline``: one step only when it has none)."""
    forecast: Forecast | None
    """The forecast (a :class:`natosim._engine.forecast.Forecast`, as ``natosim forecast``); ``None`` without a deadline."""
    no_forecast: str
    """Why there is no forecast, or ``""``."""
    power: PowerReport
    """Voting power under the scenario's rule (as ``natosim power``)."""
    rules: tuple[RuleOutcome, ...]
    """The verdicts under the standard rules and the scenario's own (as ``natosim compare-rules``)."""
    seed: int | None
    """The seed of the forecast (the one given, or the fresh one it drew); ``None`` without a forecast."""
    trials: int
    """Forecast trials."""
    summary: tuple[Summary, ...] = ()
    """The plain sentences per candidate the page and ``run`` open with (:mod:`natosim._engine.summary`)."""
    sensitivity: Advice | None = None
    """The break-even points and robustness of ``natosim sensitivity`` (without the tornado); ``None`` when
    the analysis was refused as too much work."""


@dataclass(frozen=True, slots=True)
class Advice:
    """How sure the report's advice is: the ranges it was tested over, its break-even points and its robustness."""

    ranges: tuple[Estimate, ...]
    """The estimated numbers and their ranges (the file's, else stated defaults)."""
    points: BreakEvens
    """The exact break-even point of the advice for each of them."""
    robust: Robustness
    """The share of the box of ranges where the cheapest path stays cheapest."""


def share(scenario: Scenario, verdict: Verdict) -> Share:
    """The share of members supporting ``verdict``'s candidate and, under a rule that weighs members, of the weight.

    The weight share is the verdict's own tally of that weight (:meth:`natosim._engine.rules.Quota.tallies`, as
    the verdict line shows it), so it is the one the rule's quota is measured against.
    """
    n = len(scenario.members)
    members = Fraction(verdict.counts[Stance.SUPPORT], n) if n else Fraction(0)
    basis = scenario.rule.weight
    tally = next((t for t in verdict.tallies if t.what == basis.value and not t.at_most and not t.clause), None)
    if basis is WeightBasis.ONE or tally is None:
        return Share(members, None, WeightBasis.ONE)
    return Share(members, Fraction(tally.have, tally.total) if tally.total else Fraction(0), basis)


def build(
    scenario: Scenario,
    *,
    at: date | None = None,
    candidate: str | None = None,
    deadline: date | None = None,
    trials: int = 20_000,
    seed: int | None = None,
    with_cascade: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Dossier:
    """Analyse ``scenario`` (as it stood on ``at``) whole: every part of :class:`Dossier`.

    ``candidate`` (default: the first still in the race) is checked as ``--candidate``; a forecast is
    made when ``deadline`` or the scenario's own ``deadline`` is set.
    """
    from natosim._engine import forecast as forecasts

    state = timeline.state_on(scenario, at, with_cascade=with_cascade) if at is not None else scenario
    cid = changes.candidate_id(state, candidate)
    verdicts = analysis.evaluate(state)
    found = paths.find(state, cid, limit=PATHS_SHOWN, with_cascade=with_cascade)
    record = timeline.build(scenario, with_cascade=with_cascade)
    outlook = None
    why = ""
    if deadline is not None or state.deadline is not None:
        day = forecasts.resolve_deadline(state, deadline, name="deadline")
        outlook = forecasts.forecast(
            state,
            candidate=cid,
            deadline=day,
            trials=trials,
            seed=seed,
            with_cascade=with_cascade,
            withdrawals=True,
            progress=progress,
        )
    else:
        why = "the scenario has no deadline"
    sensitivity = _sensitivity(state, cid, seed=seed or 0, with_cascade=with_cascade)
    return Dossier(
        loaded=scenario,
        scenario=state,
        candidate=cid,
        verdicts=verdicts,
        shares=tuple(share(state, v) for v in verdicts.verdicts),
        paths=found,
        timeline=record,
        forecast=outlook,
        no_forecast=why,
        power=power.power(state.members, state.rule, limit=COALITIONS_SHOWN),
        rules=compare.compare_rules(state),
        seed=outlook.seed if outlook is not None else seed,
        trials=trials,
        summary=summarise(verdicts, {cid: found}, with_cascade=with_cascade, robust=True),
        sensitivity=sensitivity,
    )


def _sensitivity(state: Scenario, cid: str, *, seed: int, with_cascade: bool) -> Advice | None:
    """The report's sensitivity section: break-even points and robustness (the tornado is left to ``natosim sensitivity``)."""
    from natosim._engine import sensitivity
    from natosim.errors import NatosimError

    try:
        ranges = sensitivity.estimates(state, cid)
        if len(ranges) > REPORT_ESTIMATES:  # each estimate costs a search or more: left to `natosim sensitivity`
            return None
        points = sensitivity.break_evens(state, cid, ranges, with_cascade=with_cascade)
        robust = sensitivity.robustness(state, cid, ranges, seed=seed, with_cascade=with_cascade)
    except NatosimError:
        return None
    return Advice(ranges, points, robust)
