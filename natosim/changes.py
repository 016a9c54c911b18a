"""Changes to a scenario: flips, withdrawals and deals (``what-if``), and dated events.

Every function returns a new :class:`~natosim.model.Scenario`; nothing is modified in place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from natosim import cascade, roster
from natosim.errors import NatosimError, did_you_mean
from natosim.model import Scenario, Stance


@dataclass(frozen=True, slots=True)
class Flip:
    """Set one member's stance on one candidate."""

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
    """One stance that changed as a direct result of a change."""

    candidate: str
    """Candidate id."""
    code: str
    """Member code."""
    before: Stance
    """Stance before."""
    after: Stance
    """Stance after."""
    cause: str
    """What caused it: ``flip``, ``withdraw:ID`` or ``deal:NAME``."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The result of applying changes: the new scenario and what moved, directly or by cascade."""

    before: Scenario
    """The scenario the changes were applied to."""
    after: Scenario
    """The changed scenario."""
    changes: tuple[Change, ...]
    """The changes, as given."""
    direct: tuple[StanceChange, ...]
    """Stances the changes set themselves (unchanged stances left out)."""
    followed: tuple[tuple[str, cascade.Follow], ...]
    """(candidate id, follow) for every member carried along by the cascade."""
    withdrawn: tuple[str, ...]
    """Candidates that left the race."""


def apply(scenario: Scenario, changes: Sequence[Change], *, with_cascade: bool = True) -> Applied:
    """Apply flips, withdrawals and deals together, then let the cascade run (unless disabled)."""
    stances = {cid: dict(s) for cid, s in scenario.stances.items()}
    withdrawn = list(scenario.withdrawn)
    direct: list[StanceChange] = []

    def assign(cid: str, code: str, stance: Stance, cause: str) -> None:
        before = stances[cid][code]
        if before is not stance:
            stances[cid][code] = stance
            direct.append(StanceChange(cid, code, before, stance, cause))

    for change in changes:
        match change:
            case Withdraw(candidate=cid):
                if cid in withdrawn:
                    raise NatosimError(f"'{cid}' has already withdrawn; expected a candidate still in the race", where="--withdraw")
                withdrawn.append(cid)
                if len(withdrawn) == len(scenario.candidates):
                    raise NatosimError("no candidate would remain; expected at least one to stay in the race", where="--withdraw")
                for other in scenario.candidates:
                    if other.id not in withdrawn:
                        for code, stance in scenario.candidate(cid).on_withdraw:
                            assign(other.id, code, stance, f"withdraw:{cid}")
            case Strike(deal=name):
                deal = next(d for d in scenario.deals if d.name == name)
                for code, stance in deal.effects:
                    assign(deal.candidate, code, stance, f"deal:{name}")
            case Flip(ally=code, stance=stance, candidate=cid):
                assign(cid, code, stance, "flip")
    followed: list[tuple[str, cascade.Follow]] = []
    if with_cascade and scenario.influence:
        net = cascade.network(scenario)
        for c in scenario.candidates:
            if c.id in withdrawn:
                continue
            moved = [d.code for d in direct if d.candidate == c.id]
            new, follows = cascade.spread(net, stances[c.id], moved)
            stances[c.id] = new
            followed.extend((c.id, f) for f in follows)
    after = dataclasses.replace(
        scenario,
        stances=MappingProxyType({cid: MappingProxyType(s) for cid, s in stances.items()}),
        withdrawn=tuple(withdrawn),
    )
    return Applied(
        scenario, after, tuple(changes), tuple(direct), tuple(followed), tuple(w for w in withdrawn if w not in scenario.withdrawn)
    )


# --- reading changes given on the command line ----------------------------------------------


def candidate_id(scenario: Scenario, cid: str | None, *, where: str = "--candidate", active: bool = True) -> str:
    """Resolve a candidate id given by the user (``None``: the first candidate still in the race)."""
    pool = scenario.active if active else scenario.candidates
    if cid is None:
        return pool[0].id
    ids = [c.id for c in pool]
    folded = {roster.fold(i): i for i in ids}
    found = folded.get(roster.fold(cid))
    if found is None:
        for c in pool:  # also accept the display name ("Mark Rutte") or a surname
            if roster.fold(cid) in (roster.fold(c.name), roster.fold(c.name).split(" ")[-1]):
                found = c.id
    if found is None:
        raise NatosimError(f"unknown candidate '{cid}'; expected one of {', '.join(ids)}{did_you_mean(cid, ids)}", where=where)
    return found


def member_code(scenario: Scenario, name: str, *, where: str) -> str:
    """Resolve a member name given by the user against the scenario's members."""
    entries = [(m.code, m.name, _aliases(scenario, m.code)) for m in scenario.members]
    try:
        return roster.Directory.of(entries).resolve(name)
    except NatosimError as e:
        raise e.located(where=where) from None


def _aliases(scenario: Scenario, code: str) -> tuple[str, ...]:
    if scenario.body in roster.BODIES:
        for c in roster.countries(scenario.body):
            if c.code == code:
                return c.aliases
    return ()


def parse_flip(scenario: Scenario, text: str, *, candidate: str | None = None) -> Flip:
    """Read ``ALLY[=STANCE]`` (default stance: support) for ``candidate``."""
    name, sep, stance_text = text.partition("=")
    stance = Stance.SUPPORT
    if sep:
        try:
            stance = Stance(stance_text.strip().lower())
        except ValueError:
            choices = [s.value for s in Stance]
            raise NatosimError(
                f"unknown stance '{stance_text}'; expected one of {', '.join(choices)}{did_you_mean(stance_text, choices)}",
                where=f"--flip {text}",
            ) from None
    code = member_code(scenario, name.strip(), where=f"--flip {text}")
    return Flip(ally=code, stance=stance, candidate=candidate_id(scenario, candidate))


def parse_changes(
    scenario: Scenario,
    *,
    flips: Iterable[str] = (),
    withdraw: Iterable[str] = (),
    deals: Iterable[str] = (),
    candidate: str | None = None,
) -> tuple[Change, ...]:
    """Read the command line's ``--withdraw``, ``--deal`` and ``--flip`` options, in that order."""
    out: list[Change] = [Withdraw(candidate_id(scenario, w, where=f"--withdraw {w}")) for w in withdraw]
    names = [d.name for d in scenario.deals]
    for d in deals:
        match = next((n for n in names if roster.fold(n) == roster.fold(d)), None)
        if match is None:
            raise NatosimError(
                f"unknown deal '{d}'; expected one of: {'; '.join(names) or 'none declared'}{did_you_mean(d, names)}", where="--deal"
            )
        out.append(Strike(match))
    if candidate is not None:
        candidate_id(scenario, candidate)
    out.extend(parse_flip(scenario, f, candidate=candidate) for f in flips)
    return tuple(out)
