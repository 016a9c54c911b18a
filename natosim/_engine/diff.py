"""Comparing two states of a decision: two scenarios, or one scenario on two dates.

:func:`compare` is symmetric: ``compare(after=a, before=b)`` is ``compare(before=a, after=b).inverted()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from natosim._engine import analysis, timeline
from natosim.errors import NatosimError
from natosim.model import Report, Scenario, Stance


@dataclass(frozen=True, slots=True)
class StanceDelta:
    """One member whose stance on one candidate differs between the two states."""

    code: str
    """Member code."""
    candidate: str
    """Candidate id."""
    before: Stance
    """Stance in the first state."""
    after: Stance
    """Stance in the second state."""

    def inverted(self) -> StanceDelta:
        """The same change, seen from the second state."""
        return dataclasses.replace(self, before=self.after, after=self.before)


@dataclass(frozen=True, slots=True)
class Diff:
    """What differs between two states: stances, candidates in the race, members, verdicts."""

    before: Report
    """Verdicts in the first state (its scenario included)."""
    after: Report
    """Verdicts in the second state."""
    stances: tuple[StanceDelta, ...]
    """Stance changes of members present in both, on candidates in the race in both; sorted by code, then candidate id."""
    added: tuple[str, ...]
    """Candidates in the race in the second state only (declared later, or withdrawn in the first)."""
    withdrawn: tuple[str, ...]
    """Candidates in the race in the first state only."""
    members_added: tuple[str, ...]
    """Member codes of the second state only, sorted."""
    members_removed: tuple[str, ...]
    """Member codes of the first state only, sorted."""

    @property
    def empty(self) -> bool:
        """True when nothing differs (stances, candidates, members and verdicts)."""
        verdicts = [(v.candidate.id, v.adopted, v.blockers) for v in self.before.verdicts]
        return (
            not (self.stances or self.added or self.withdrawn or self.members_added or self.members_removed)
            and verdicts == [(v.candidate.id, v.adopted, v.blockers) for v in self.after.verdicts]
            and self.before.scenario.rule == self.after.scenario.rule
        )

    def inverted(self) -> Diff:
        """The diff read the other way round (second state first)."""
        return Diff(
            before=self.after,
            after=self.before,
            stances=tuple(d.inverted() for d in self.stances),
            added=self.withdrawn,
            withdrawn=self.added,
            members_added=self.members_removed,
            members_removed=self.members_added,
        )


def _candidate_order(before: Scenario, after: Scenario) -> dict[str, int]:
    """Candidate ids in a stable order that does not depend on which state comes first."""
    ids = sorted({c.id for c in before.candidates} | {c.id for c in after.candidates})
    return {cid: i for i, cid in enumerate(ids)}


def compare(*, before: Scenario, after: Scenario) -> Diff:
    """What changed from ``before`` to ``after`` (evaluated under each one's own rule)."""
    codes_before = {m.code for m in before.members}
    codes_after = {m.code for m in after.members}
    common = sorted(codes_before & codes_after)
    active_before = [c.id for c in before.active]
    active_after = [c.id for c in after.active]
    shared = [cid for cid in active_before if cid in active_after]
    order = _candidate_order(before, after)
    deltas = [
        StanceDelta(code=code, candidate=cid, before=before.stances[cid][code], after=after.stances[cid][code])
        for code in common
        for cid in sorted(shared, key=order.__getitem__)
        if before.stances[cid][code] is not after.stances[cid][code]
    ]
    return Diff(
        before=analysis.evaluate(before),
        after=analysis.evaluate(after),
        stances=tuple(deltas),
        added=tuple(cid for cid in active_after if cid not in active_before),
        withdrawn=tuple(cid for cid in active_before if cid not in active_after),
        members_added=tuple(sorted(codes_after - codes_before)),
        members_removed=tuple(sorted(codes_before - codes_after)),
    )


def states(
    first: Scenario, second: Scenario | None = None, dates: Sequence[date] = (), *, with_cascade: bool = True
) -> tuple[Scenario, Scenario]:
    """The two states ``natosim diff`` compares, each as it stood on its date (events on that day applied).

    One scenario: two dates compare those dates; one date compares ``as_of`` with it; none
    compares ``as_of`` with the date of the last event. Two scenarios: none compares each on
    its own ``as_of``; one date applies to both; two dates apply in order.
    """
    if len(dates) > 2:
        raise NatosimError(f"{len(dates)} dates; expected at most two", where="dates")
    other = first if second is None else second
    if len(dates) == 2:
        start, end = dates[0], dates[1]
    elif second is None:
        start, end = first.as_of, dates[0] if dates else timeline.last_date(first)
    else:
        start, end = (dates[0], dates[0]) if dates else (first.as_of, other.as_of)
    return (
        timeline.state_on(first, start, with_cascade=with_cascade),
        timeline.state_on(other, end, with_cascade=with_cascade),
    )
