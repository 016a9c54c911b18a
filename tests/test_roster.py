"""The built-in NATO roster: members on a date, and names, codes and aliases."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from helpers import Cli

from natosim._engine import roster
from natosim.errors import NatosimError

# (date of an enlargement, members from that day, who joined that day)
ENLARGEMENTS = [
    (date(1999, 3, 12), 19, {"CZE", "HUN", "POL"}),
    (date(2004, 3, 29), 26, {"BGR", "EST", "LTU", "LVA", "ROU", "SVK", "SVN"}),
    (date(2009, 4, 1), 28, {"ALB", "HRV"}),
    (date(2020, 3, 27), 30, {"MKD"}),
    (date(2023, 4, 4), 31, {"FIN"}),
    (date(2024, 3, 7), 32, {"SWE"}),
]


@pytest.mark.parametrize(("day", "count", "joined"), ENLARGEMENTS, ids=[d.isoformat() for d, _, _ in ENLARGEMENTS])
def test_members_on_an_enlargement_day_and_the_day_before(day: date, count: int, joined: set[str]) -> None:
    on = {c.code for c in roster.members_on(day)}
    before = {c.code for c in roster.members_on(day - timedelta(days=1))}
    assert len(on) == count
    assert on - before == joined  # accession day inclusive
    assert before < on
    assert len(before) == count - len(joined)


def test_the_founders_are_members_from_the_signature_of_the_treaty() -> None:
    founders = {c.code for c in roster.members_on(date(1949, 4, 4))}
    assert founders == {"BEL", "CAN", "DNK", "FRA", "GBR", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "USA"}


def test_members_are_sorted_by_code() -> None:
    codes = [c.code for c in roster.members_on(date(2024, 4, 2))]
    assert codes == sorted(codes)
    assert len(codes) == 32


@pytest.mark.parametrize("day", [date(1949, 4, 3), date(1900, 1, 1)])
def test_a_date_before_1949_04_04_has_no_members_and_is_an_input_error(day: date) -> None:
    with pytest.raises(NatosimError, match=r"NATO has no members on .*; expected a date on or after 1949-04-04"):
        roster.members_on(day)


def test_allies_on_the_command_line(cli: Cli) -> None:
    result = cli("allies", "--as-of", "2004-03-29", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["members"]) == 26
    assert [m["code"] for m in data["members"]] == sorted(m["code"] for m in data["members"])
    early = cli("allies", "--as-of", "1949-04-03")
    assert early.exit_code == 2
    assert early.stdout == ""


ALIASES = {
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "turkiye": "TUR",
    "TÜRKİYE": "TUR",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "czech republic": "CZE",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "Britain": "GBR",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "united kingdom": "GBR",
    "USA": "USA",
    "US": "USA",
    "United States": "USA",
    "u.s.": "USA",
    "Holland": "NLD",
    "Netherlands": "NLD",
    "hun": "HUN",
    "Hungary": "HUN",
    "Romania": "ROU",
    "românia": "ROU",
}


@pytest.mark.parametrize(("name", "code"), ALIASES.items())
def test_names_codes_and_aliases_resolve_case_and_accent_insensitively(name: str, code: str) -> None:
    assert roster.directory().resolve(name) == code


def test_an_unknown_name_suggests_the_closest_ally() -> None:
    with pytest.raises(NatosimError, match=r"unknown ally 'Hungry'.*did you mean 'Hungary'\?"):
        roster.directory().resolve("Hungry")


def test_an_ally_outside_the_scope_is_not_a_member_on_that_date() -> None:
    on_2023 = [c.code for c in roster.members_on(date(2023, 6, 1))]
    with pytest.raises(NatosimError, match=r"'Sweden' \(SWE, Sweden\) is not a member on 2023-06-01"):
        roster.directory().resolve("Sweden", scope=on_2023, when=" on 2023-06-01")


def test_every_roster_entry_has_its_sources() -> None:
    for c in roster.countries("nato"):
        assert len(c.code) == 3
        assert c.code.isupper()
        assert c.joined_source
        assert c.population > 0
        assert c.population_source
        assert c.defence_source  # Iceland: a source saying why there is no figure
        assert (c.defence_gdp is None) == (c.code == "ISL")


def test_fold_ignores_case_accents_dots_and_spacing() -> None:
    assert roster.fold("  Türkiye ") == roster.fold("TURKIYE")
    assert roster.fold("U.S.") == "us"
    assert roster.fold("Bosnia-Herzegovina") == roster.fold("bosnia herzegovina")
