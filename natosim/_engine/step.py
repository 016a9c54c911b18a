"""What one step of changes does to the stances: the one definition every engine uses.

A *step* is a set of changes made together: the flips, withdrawals and deals of one
``what-if``, the events of one day of a ``timeline``, the interventions of one ``paths`` path,
the interventions a ``forecast`` makes on ``as_of``. :func:`apply` is its only definition;
the fast engines (the bitmask search of :mod:`natosim._engine.paths`, the vectorised simulation of
:mod:`natosim._engine.forecast`) are checked against it by the cross-engine property tests.

The semantics, per candidate still in the race once the step's withdrawals are done:

1. **Stated stances win.** A member whose stance on the candidate the step states (a flip, a
   stance event) takes that stance; when the step states it twice, the last one given wins.
2. **Otherwise effects combine to the most favourable.** A member that deals (on that candidate)
   or withdrawals (``on_withdraw``, on every remaining candidate) touch takes the stance among
   those effects that is best for the candidate's adoption (support > abstain > undecided >
   oppose). An effect replaces the member's stance, even when it is worse than the old one.
3. **Otherwise the stance stays.**
4. **Then the cascade.** Only members that went from not supporting to supporting over the
   whole step trigger it (a change that ends where it started triggers nothing); members whose
   stance the step states never follow, so a stated stance holds for the step; every supporter
   counts towards a follower's threshold (:func:`natosim._engine.cascade.spread`).

Rule 2 makes the step monotone in the sense the exact search needs: adding a change whose
effects are each at least as good as the stance it replaces can only improve every stance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from natosim._engine import cascade
from natosim._engine.rules import RANK
from natosim.errors import NatosimError
from natosim.model import Scenario, Stance


@dataclass(frozen=True, slots=True)
class Flip:
    """State one member's stance on one candidate."""

    ally: str
    """Member code."""
    stance: Stance
    """New stance."""
    candidate: str
    """Candidate id."""


@dataclass(frozen=True, slots=True)
class Withdraw:
    """A candidate leaves the race; its ``on_withdraw`` stances apply to the others."""

    candidate: str
    """Candidate id."""


@dataclass(frozen=True, slots=True)
class Strike:
    """A deal is struck; its effects apply."""

    deal: str
    """Deal name."""


Change = Flip | Withdraw | Strike


@dataclass(frozen=True, slots=True)
class StanceChange:
    """One stance that changed as a direct result of a step."""

    candidate: str
    """Candidate id."""
    code: str
    """Member code."""
    before: Stance
    """Stance before the step."""
    after: Stance
    """Stance after the step's direct effects."""
    cause: str
    """What set it: ``flip``, ``withdraw:ID`` or ``deal:NAME`` (the change whose stance won)."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The result of a step: the new scenario and what moved, directly or by cascade."""

    before: Scenario
    """The scenario the step was applied to."""
    after: Scenario
    """The changed scenario."""
    changes: tuple[Change, ...]
    """The changes, as given."""
    direct: tuple[StanceChange, ...]
    """Stances the step set itself (unchanged stances left out), in the order of the changes that set them."""
    followed: tuple[tuple[str, cascade.Follow], ...]
    """(candidate id, follow) for every member carried along by the cascade."""
    withdrawn: tuple[str, ...]
    """Candidates that left the race in this step."""


def effects(scenario: Scenario, change: Change) -> tuple[tuple[str, str, Stance], ...]:
    """The stances a change sets directly, as (candidate id, member code, stance).

    A withdrawal's ``on_withdraw`` stances are listed for every other declared candidate; the
    step keeps those still in the race.
    """
    match change:
        case Flip(ally=code, stance=stance, candidate=cid):
            return ((cid, code, stance),)
        case Withdraw(candidate=cid):
            gone = scenario.candidate(cid)
            return tuple((c.id, code, s) for c in scenario.candidates if c.id != cid for code, s in gone.on_withdraw)
        case Strike(deal=name):
            deal = scenario.deal(name)
            return tuple((deal.candidate, code, s) for code, s in deal.effects)


def cause(change: Change) -> str:
    """How a change is named as the cause of a stance: ``flip``, ``withdraw:ID`` or ``deal:NAME``."""
    match change:
        case Flip():
            return "flip"
        case Withdraw(candidate=cid):
            return f"withdraw:{cid}"
        case Strike(deal=name):
            return f"deal:{name}"


def withdrawals(scenario: Scenario, changes: Sequence[Change]) -> tuple[str, ...]:
    """The candidates the step withdraws, in order; an input error for a repeat or an empty race."""
    gone = list(scenario.withdrawn)
    for change in changes:
        if isinstance(change, Withdraw):
            if change.candidate in gone:
                raise NatosimError(f"'{change.candidate}' has already withdrawn; expected a candidate still in the race", where="withdraw")
            gone.append(change.candidate)
    if len(gone) >= len(scenario.candidates):
        raise NatosimError("no candidate would remain; expected at least one to stay in the race", where="withdraw")
    return tuple(gone[len(scenario.withdrawn) :])


@dataclass(frozen=True, slots=True)
class Touch:
    """The stance a step gives one member on one candidate, and which change gave it."""

    stance: Stance
    """The stance that won (rules 1-2)."""
    cause: str
    """The change that set it (see :func:`cause`)."""
    stated: bool
    """Whether a flip or stance event stated it (it then holds against the cascade)."""
    order: tuple[int, int]
    """(position of that change in the step, position of the effect in the change): the order of reporting."""


def direct(scenario: Scenario, changes: Sequence[Change], *, remaining: Sequence[str]) -> dict[str, dict[str, Touch]]:
    """Per remaining candidate: member -> what the step sets directly, for every member it touches (rules 1-2)."""
    out: dict[str, dict[str, Touch]] = {cid: {} for cid in remaining}
    for k, change in enumerate(changes):
        stated = isinstance(change, Flip)
        for j, (cid, code, stance) in enumerate(effects(scenario, change)):
            if cid not in out:
                continue
            held = out[cid].get(code)
            if held is None or stated or (not held.stated and RANK[stance] > RANK[held.stance]):
                out[cid][code] = Touch(stance, cause(change), stated, (k, j))
    return out


def apply(scenario: Scenario, changes: Sequence[Change], *, with_cascade: bool = True) -> Applied:
    """Apply a step of changes together, then let the cascade run (unless disabled)."""
    gone = withdrawals(scenario, changes)
    withdrawn = (*scenario.withdrawn, *gone)
    remaining = [c.id for c in scenario.candidates if c.id not in withdrawn]
    touched = direct(scenario, changes, remaining=remaining)
    stances: dict[str, Mapping[str, Stance]] = dict(scenario.stances)
    moved: list[tuple[tuple[int, int], StanceChange]] = []
    followed: list[tuple[str, cascade.Follow]] = []
    net = cascade.network(scenario) if with_cascade and scenario.influence else None
    for cid in remaining:
        old = scenario.stances[cid]
        new = dict(old)
        for code, t in touched[cid].items():
            new[code] = t.stance
            if t.stance is not old[code]:
                moved.append((t.order, StanceChange(cid, code, old[code], t.stance, t.cause)))
        if net is not None:
            triggers = [code for code in sorted(touched[cid]) if new[code] is Stance.SUPPORT and old[code] is not Stance.SUPPORT]
            frozen = {code for code, t in touched[cid].items() if t.stated}
            new, follows = cascade.spread(net, new, triggers, frozen=frozen)
            followed.extend((cid, f) for f in follows)
        stances[cid] = MappingProxyType(new)
    after = dataclasses.replace(scenario, stances=MappingProxyType(stances), withdrawn=withdrawn)
    direct_changes = tuple(c for _, c in sorted(moved, key=lambda item: item[0]))
    return Applied(scenario, after, tuple(changes), direct_changes, tuple(followed), gone)
