"""Reading the changes a user asks for (``what-if``): flips, withdrawals and deals by name.

What a set of changes does is defined once, in :mod:`natosim.step`; its names are re-exported
here for callers that build changes and apply them.
"""

from __future__ import annotations

from collections.abc import Iterable

from natosim import roster
from natosim.errors import NatosimError, did_you_mean
from natosim.model import Scenario, Stance
from natosim.step import Applied, Change, Flip, StanceChange, Strike, Withdraw, apply

__all__ = [
    "Applied",
    "Change",
    "Flip",
    "StanceChange",
    "Strike",
    "Withdraw",
    "apply",
    "candidate_id",
    "member_code",
    "parse_changes",
    "parse_flip",
]


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
    ids = [d.id for d in scenario.deals]
    for d in deals:
        found = scenario.deal_named(d)
        if found is None:
            names = [x.name for x in scenario.deals]
            if not any(roster.fold(n) == roster.fold(d) for n in names):
                raise NatosimError(
                    f"unknown deal '{d}'; expected an id ({', '.join(ids) or 'none declared'}) or a name{did_you_mean(d, ids + names)}",
                    where="--deal",
                )
            found = next(x for x in scenario.deals if roster.fold(x.name) == roster.fold(d))
        out.append(Strike(found.name))
    if candidate is not None:
        candidate_id(scenario, candidate)
    out.extend(parse_flip(scenario, f, candidate=candidate) for f in flips)
    return tuple(out)
