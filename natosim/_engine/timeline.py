"""Dated events: the scenario as it stood on a date, and the replay of the whole record."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from natosim._engine import analysis, step
from natosim.errors import NatosimError
from natosim.model import Event, EventKind, Report, Scenario


def as_change(event: Event) -> step.Change:
    """The change an event makes."""
    match event.kind:
        case EventKind.STANCE:
            assert event.ally is not None
            assert event.stance is not None
            return step.Flip(ally=event.ally, stance=event.stance, candidate=event.candidate)
        case EventKind.WITHDRAW:
            return step.Withdraw(candidate=event.candidate)
        case EventKind.DEAL:
            assert event.deal is not None
            return step.Strike(deal=event.deal)


@dataclass(frozen=True, slots=True)
class Step:
    """One date of the record: the events of that day applied together, and the verdicts after."""

    date: date
    """The day."""
    events: tuple[Event, ...]
    """The events of that day, in file order (empty for the starting state)."""
    applied: step.Applied | None
    """What moved, directly and by cascade (``None`` for the starting state)."""
    report: Report
    """The verdicts at the end of the day."""


def _advance(scenario: Scenario, day: date, events: Sequence[Event], *, with_cascade: bool) -> step.Applied:
    applied = step.apply(scenario, [as_change(e) for e in events], with_cascade=with_cascade)
    later = tuple(e for e in scenario.events if e.date > day)
    return dataclasses.replace(applied, after=dataclasses.replace(applied.after, as_of=day, events=later))


def replay(scenario: Scenario, *, until: date | None = None, with_cascade: bool = True) -> tuple[Step, ...]:
    """The state on ``as_of``, then one step per later date with events (up to ``until``, inclusive).

    Events dated ``as_of`` itself belong to the first step, so that it is the state *on*
    ``as_of``, as ``--at`` reads it; without them the first step has no events.
    """
    steps: list[Step] = []
    state = scenario
    for day, group in itertools.groupby(scenario.events, key=lambda e: e.date):
        if until is not None and day > until:
            break
        if not steps and day > scenario.as_of:
            steps.append(Step(scenario.as_of, (), None, analysis.evaluate(scenario)))
        todays = tuple(group)
        applied = _advance(state, day, todays, with_cascade=with_cascade)
        state = applied.after
        steps.append(Step(day, todays, applied, analysis.evaluate(state)))
    if not steps:
        steps.append(Step(scenario.as_of, (), None, analysis.evaluate(scenario)))
    return tuple(steps)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The whole record of a scenario replayed: the starting state, then one step per date."""

    scenario: Scenario
    """The scenario as loaded (its starting state, on ``as_of``)."""
    steps: tuple[Step, ...]
    """The state on ``as_of``, then one step per later date with events, in date order."""

    @property
    def consensus_date(self) -> date | None:
        """The first date on which some candidate is adopted (``None``: never)."""
        return next((s.date for s in self.steps if s.report.consensus), None)


def build(scenario: Scenario, *, with_cascade: bool = True) -> Timeline:
    """Replay every event of ``scenario`` in date order (same-day events together)."""
    return Timeline(scenario, replay(scenario, with_cascade=with_cascade))


def last_date(scenario: Scenario) -> date:
    """The date of the last event (``as_of`` when there are none)."""
    return max((e.date for e in scenario.events), default=scenario.as_of)


def state_on(scenario: Scenario, day: date, *, with_cascade: bool = True) -> Scenario:
    """The scenario as it stood on ``day``: every event dated on or before it applied."""
    if day < scenario.as_of:
        raise NatosimError(
            f"{day.isoformat()} is before the scenario's as_of {scenario.as_of.isoformat()}; expected a date on or after it", where="day"
        )
    steps = replay(scenario, until=day, with_cascade=with_cascade)
    last = steps[-1].applied
    state = last.after if last is not None else scenario
    recorded = scenario.recorded or (scenario.as_of if not scenario.events and day != scenario.as_of else None)
    return dataclasses.replace(state, as_of=day, events=tuple(e for e in scenario.events if e.date > day), recorded=recorded)
