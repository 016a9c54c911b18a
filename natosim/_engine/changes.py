"""Changes and the names they use: candidates and members looked up as a user writes them.

What a set of changes does is defined once, in :mod:`natosim._engine.step`. Reading a whole set of changes from names
is :func:`natosim.api.resolve_changes`; the command line's option syntax is read in :mod:`natosim.cli`.
"""

from __future__ import annotations

from natosim._engine import roster
from natosim.errors import NatosimError, did_you_mean
from natosim.model import Scenario

__all__ = ["candidate_id", "member_code"]


# --- names as a user gives them ------------------------------------------------------------


def candidate_id(scenario: Scenario, cid: str | None, *, where: str = "candidate", active: bool = True) -> str:
    """Resolve a candidate id, name or surname given by the user (``None``: the first still in the race); ``where`` names it in errors."""
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
