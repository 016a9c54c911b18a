"""Built-in rosters (NATO, the Council of the EU) and name resolution for any member list.

Resolving names and aliases happens here and nowhere else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from natosim.errors import NatosimError, did_you_mean, shown
from natosim.model import Country, Member

BODIES = ("nato", "eu", "unsc")
"""Names of the built-in bodies."""


def fold(name: str) -> str:
    """Normalise a name for matching: case, accents, dots, hyphens and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("ı", "i").replace(".", "").replace("-", " ").replace("_", " ")
    return " ".join(bare.casefold().split())


@dataclass(frozen=True, slots=True)
class Directory:
    """Looks members up by code, name or alias."""

    names: Mapping[str, str]
    """Folded name, code or alias -> member code."""
    display: Mapping[str, str]
    """Member code -> English name."""
    kind: str = "ally"
    """What a member is called in messages ("ally", "member")."""
    body: str = ""
    """The built-in body whose roster this is (``nato``, ``eu``, ``unsc``), or ``""`` for a declared body."""

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str, Iterable[str]]], *, kind: str = "ally", body: str = "") -> Directory:
        """Build from (code, name, aliases) triples."""
        names: dict[str, str] = {}
        display: dict[str, str] = {}
        for code, name, aliases in entries:
            display[code] = name
            for n in (code, name, *aliases):
                names.setdefault(fold(n), code)
        return cls(MappingProxyType(names), MappingProxyType(display), kind, body)

    def resolve(self, name: str, *, scope: Iterable[str] | None = None, when: str = "") -> str:
        """The code for ``name``; raises ``NatosimError`` naming the closest match if unknown.

        ``scope`` limits the answer to these codes (e.g. the members on a date); ``when`` says
        in messages what the scope is ("on 2024-04-02").
        """
        code = self.names.get(fold(name))
        allowed = set(scope) if scope is not None else set(self.display)
        if code is not None and code in allowed:
            return code
        if code is not None:
            raise NatosimError(f"'{shown(name)}' ({code}, {self.display[code]}) is not a member{when}")
        choices = [self.display[c] for c in sorted(allowed)]
        raise NatosimError(
            f"unknown {self.kind} '{shown(name)}'; expected an English name, code or alias of a member{when}"
            + (_elsewhere(name, self.body) or did_you_mean(name, [*choices, *(c for c in sorted(allowed))]))
        )


_BODY_NAMES = {"nato": "NATO", "eu": "the Council of the EU", "unsc": "the UN Security Council"}


def _elsewhere(name: str, body: str) -> str:
    """A hint when ``name`` is a member of another built-in body than ``body`` (the file forgot ``body = ...``)."""
    if not body:
        return ""
    for other in BODIES:
        if other != body and fold(name) in directory(other).names:
            default = " (the default body)" if body == "nato" else ""
            return f"; '{shown(name)}' is a member of {_BODY_NAMES[other]}, not of {_BODY_NAMES[body]}{default}: add body = \"{other}\" at the top of the file"
    return ""


def countries(body: str = "nato") -> tuple[Country, ...]:
    """Every country a built-in body has ever had, sorted by code."""
    if body == "nato":
        from natosim.data.nato import ALLIES

        return ALLIES
    if body == "eu":
        from natosim.data.eu import MEMBERS

        return MEMBERS
    if body == "unsc":
        from natosim.data.unsc import MEMBERS as COUNCIL

        return COUNCIL
    raise NatosimError(f"unknown body '{body}'; expected one of {', '.join(BODIES)}" + did_you_mean(body, BODIES))


def directory(body: str = "nato") -> Directory:
    """Name resolution over every country a built-in body has ever had."""
    return Directory.of(((c.code, c.name, c.aliases) for c in countries(body)), kind="ally" if body == "nato" else "member", body=body)


def members_on(day: date, body: str = "nato") -> tuple[Country, ...]:
    """The countries that are members of ``body`` on ``day`` (accession day inclusive), by code.

    A date on which the body has no members is an input error, and so is a date for which the
    body's membership is not recorded (the Security Council's elected members: 2017-2026).
    """
    if body == "unsc":
        from natosim.data.unsc import FIRST_DAY, LAST_DAY

        if not FIRST_DAY <= day <= LAST_DAY:
            raise NatosimError(
                f"the Security Council's elected members are recorded from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()} only; "
                f"expected a date in that range, not {day.isoformat()} (or a [body] table)"
            )
    found = tuple(c for c in countries(body) if c.joined <= day and (c.left is None or day < c.left))
    if not found:
        first = min(c.joined for c in countries(body))
        raise NatosimError(f"{body.upper()} has no members on {day.isoformat()}; expected a date on or after {first.isoformat()}")
    return found


def permanent(body: str) -> frozenset[str]:
    """Codes of the members of a built-in body whose ``oppose`` is a veto under ``security-council`` (the UN P5)."""
    if body == "unsc":
        from natosim.data.unsc import PERMANENT

        return PERMANENT
    return frozenset()


def as_members(found: Iterable[Country], *, veto: frozenset[str] = frozenset()) -> tuple[Member, ...]:
    """Scenario members for roster countries (weight 1, population from the roster; ``veto``: the permanent members)."""
    return tuple(Member(code=c.code, name=c.name, population=c.population, veto=c.code in veto) for c in found)
