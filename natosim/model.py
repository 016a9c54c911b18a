"""Immutable value objects shared by every natosim module."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Stance(str, enum.Enum):
    """A member's position on one candidate or proposal."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    UNDECIDED = "undecided"
    ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class Country:
    """One entry of a built-in roster (a NATO ally or an EU member state)."""

    code: str
    """ISO 3166-1 alpha-3 code, e.g. ``"HUN"``."""
    name: str
    """English short name, e.g. ``"Hungary"``."""
    aliases: tuple[str, ...]
    """Other names users type (``"Turkey"`` for Türkiye); matched case- and accent-insensitively."""
    joined: date
    """First day of membership (inclusive)."""
    joined_source: str
    """Where the accession date comes from."""
    population: int
    """Resident population (persons)."""
    population_source: str
    """Where the population figure comes from, with its reference date."""
    left: date | None = None
    """First day on which it is no longer a member (``None``: still a member)."""
    defence_gdp: float | None = None
    """Defence expenditure as % of GDP (latest NATO estimate); ``None`` where not applicable."""
    defence_source: str | None = None
    """Where the defence expenditure figure comes from."""
