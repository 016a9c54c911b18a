"""UN Security Council: the five permanent members and the ten elected members of each year 2017–2026, with sources.

Terms of elected members run from 1 January of the first year to 31 December of the second
(Charter Art. 23(2); GA resolution 68/307 moved the elections to June). Each entry below is one
term (a country that served twice appears twice). The body is carried for 2017-01-01 to
2026-12-31 only (:data:`FIRST_DAY`, :data:`LAST_DAY`): the ten elected members are not recorded
for other years, and the scenario reader refuses dates outside that range.

Populations are not recorded (0): the ``security-council`` rule counts members, not people, so
population-weighted rules are refused on this body.
"""

from __future__ import annotations

from datetime import date

from natosim.model import Country

FIRST_DAY = date(2017, 1, 1)
"""First day for which the elected members are recorded."""

LAST_DAY = date(2026, 12, 31)
"""Last day for which the elected members are recorded (the members elected in 2026 for 2027–2028 are not)."""

PERMANENT = frozenset({"CHN", "FRA", "GBR", "RUS", "USA"})
"""The permanent members (Charter Art. 23(1)); their negative vote is a veto (Art. 27(3))."""

_CHARTER = "UN Charter Art. 23(1), in force 24 October 1945: permanent member"
_NO_POPULATION = "not recorded: the security-council rule does not weigh population"

_E2015 = "elected by the General Assembly in 2015 for 2016-2017 (UN press, 28 June 2016: Egypt, Japan, Senegal, Ukraine and Uruguay complete their terms at the end of 2017)"
_E2016 = "elected by the General Assembly on 28 June 2016 for 2017-2018 (UN press release; Xinhua and PTI, 28-29 June 2016)"
_E2016_SPLIT = "elected on 28 June 2016; Italy and the Netherlands split the 2017-2018 term, Italy serving 2017 and the Netherlands 2018 (PTI, 29 June 2016; Xinhua, 8 June 2018)"
_E2017 = "elected by the General Assembly on 2 June 2017 for 2018-2019 (Sputnik, 2 June 2017, quoting the GA President)"
_E2018 = "elected by the General Assembly on 8 June 2018 for 2019-2020 (UN News, 8 June 2018, 'Germany, Indonesia, South Africa, Dominican Republic, Belgium, elected to Security Council')"
_E2019 = "elected by the General Assembly on 7 June 2019 for 2020-2021 (UN press release GA/12152)"
_E2020 = "elected by the General Assembly on 17-18 June 2020 for 2021-2022 (PTI/Mint and China News Agency, 18 June 2020; Kenya in the second round)"
_E2021 = "elected by the General Assembly on 11 June 2021 for 2022-2023 (UN News via Global Issues, 11 June 2021)"
_E2022 = "elected by the General Assembly on 9 June 2022 for 2023-2024 (Reuters via TBS News, 9 June 2022)"
_E2023 = "elected by the General Assembly on 6 June 2023 for 2024-2025 (AllAfrica, 7 June 2023; Xinhua)"
_E2024 = "elected by the General Assembly on 6 June 2024 for 2025-2026 (Reuters, 6 June 2024; Caliber.Az citing the UN)"
_E2025 = "elected by the General Assembly on 3 June 2025 for 2026-2027 (Anadolu, 3 June 2025; Proto Thema)"


def _term(code: str, name: str, aliases: tuple[str, ...], first: int, last: int, source: str) -> Country:
    return Country(
        code=code,
        name=name,
        aliases=aliases,
        joined=date(first, 1, 1),
        joined_source=source,
        population=0,
        population_source=_NO_POPULATION,
        left=date(last + 1, 1, 1),
    )


_P5: tuple[Country, ...] = (
    Country(
        code="CHN",
        name="China",
        aliases=("PRC", "People's Republic of China"),
        joined=date(1971, 10, 25),
        joined_source="GA resolution 2758 (XXVI) of 25 October 1971 gave China's seat to the People's Republic of China; " + _CHARTER,
        population=0,
        population_source=_NO_POPULATION,
    ),
    Country("FRA", "France", ("FR",), date(1945, 10, 24), _CHARTER, 0, _NO_POPULATION),
    Country(
        code="RUS",
        name="Russia",
        aliases=("Russian Federation", "RU"),
        joined=date(1945, 10, 24),
        joined_source=_CHARTER + " (as the USSR; the Russian Federation continues the USSR's seat since December 1991)",
        population=0,
        population_source=_NO_POPULATION,
    ),
    Country("GBR", "United Kingdom", ("UK", "GB", "Britain"), date(1945, 10, 24), _CHARTER, 0, _NO_POPULATION),
    Country("USA", "United States", ("US", "United States of America"), date(1945, 10, 24), _CHARTER, 0, _NO_POPULATION),
)

_ELECTED: tuple[Country, ...] = (
    _term("EGY", "Egypt", (), 2016, 2017, _E2015),
    _term("JPN", "Japan", (), 2016, 2017, _E2015),
    _term("SEN", "Senegal", (), 2016, 2017, _E2015),
    _term("UKR", "Ukraine", (), 2016, 2017, _E2015),
    _term("URY", "Uruguay", (), 2016, 2017, _E2015),
    _term("BOL", "Bolivia", (), 2017, 2018, _E2016),
    _term("ETH", "Ethiopia", (), 2017, 2018, _E2016),
    _term("KAZ", "Kazakhstan", (), 2017, 2018, _E2016),
    _term("SWE", "Sweden", (), 2017, 2018, _E2016),
    _term("ITA", "Italy", (), 2017, 2017, _E2016_SPLIT),
    _term("NLD", "Netherlands", ("The Netherlands",), 2018, 2018, _E2016_SPLIT),
    _term("CIV", "Côte d'Ivoire", ("Ivory Coast",), 2018, 2019, _E2017),
    _term("GNQ", "Equatorial Guinea", (), 2018, 2019, _E2017),
    _term("KWT", "Kuwait", (), 2018, 2019, _E2017),
    _term("PER", "Peru", (), 2018, 2019, _E2017),
    _term("POL", "Poland", (), 2018, 2019, _E2017),
    _term("BEL", "Belgium", (), 2019, 2020, _E2018),
    _term("DOM", "Dominican Republic", (), 2019, 2020, _E2018),
    _term("DEU", "Germany", (), 2019, 2020, _E2018),
    _term("IDN", "Indonesia", (), 2019, 2020, _E2018),
    _term("ZAF", "South Africa", (), 2019, 2020, _E2018),
    _term("EST", "Estonia", (), 2020, 2021, _E2019),
    _term("NER", "Niger", (), 2020, 2021, _E2019),
    _term("VCT", "Saint Vincent and the Grenadines", ("St Vincent and the Grenadines",), 2020, 2021, _E2019),
    _term("TUN", "Tunisia", (), 2020, 2021, _E2019),
    _term("VNM", "Viet Nam", ("Vietnam",), 2020, 2021, _E2019),
    _term("IND", "India", (), 2021, 2022, _E2020),
    _term("IRL", "Ireland", (), 2021, 2022, _E2020),
    _term("KEN", "Kenya", (), 2021, 2022, _E2020),
    _term("MEX", "Mexico", (), 2021, 2022, _E2020),
    _term("NOR", "Norway", (), 2021, 2022, _E2020),
    _term("ALB", "Albania", (), 2022, 2023, _E2021),
    _term("BRA", "Brazil", (), 2022, 2023, _E2021),
    _term("GAB", "Gabon", (), 2022, 2023, _E2021),
    _term("GHA", "Ghana", (), 2022, 2023, _E2021),
    _term("ARE", "United Arab Emirates", ("UAE",), 2022, 2023, _E2021),
    _term("ECU", "Ecuador", (), 2023, 2024, _E2022),
    _term("JPN", "Japan", (), 2023, 2024, _E2022),
    _term("MLT", "Malta", (), 2023, 2024, _E2022),
    _term("MOZ", "Mozambique", (), 2023, 2024, _E2022),
    _term("CHE", "Switzerland", (), 2023, 2024, _E2022),
    _term("DZA", "Algeria", (), 2024, 2025, _E2023),
    _term("GUY", "Guyana", (), 2024, 2025, _E2023),
    _term("KOR", "Republic of Korea", ("South Korea", "Korea"), 2024, 2025, _E2023),
    _term("SLE", "Sierra Leone", (), 2024, 2025, _E2023),
    _term("SVN", "Slovenia", (), 2024, 2025, _E2023),
    _term("DNK", "Denmark", (), 2025, 2026, _E2024),
    _term("GRC", "Greece", (), 2025, 2026, _E2024),
    _term("PAK", "Pakistan", (), 2025, 2026, _E2024),
    _term("PAN", "Panama", (), 2025, 2026, _E2024),
    _term("SOM", "Somalia", (), 2025, 2026, _E2024),
    _term("BHR", "Bahrain", (), 2026, 2027, _E2025),
    _term("COL", "Colombia", (), 2026, 2027, _E2025),
    _term("COD", "Democratic Republic of the Congo", ("DR Congo", "DRC"), 2026, 2027, _E2025),
    _term("LVA", "Latvia", (), 2026, 2027, _E2025),
    _term("LBR", "Liberia", (), 2026, 2027, _E2025),
)

MEMBERS: tuple[Country, ...] = tuple(sorted((*_P5, *_ELECTED), key=lambda c: (c.code, c.joined)))
"""Every term (permanent seats and elected terms), sorted by code, then first day."""
