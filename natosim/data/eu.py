"""Council of the EU: member states with ISO3 code, English name, aliases, accession, Eurostat population, with sources."""

from __future__ import annotations

from datetime import date

from natosim.model import Country

# The 27 current figures are the Eurostat "population on 1 January 2024" values as
# first published on 11 July 2024 (news release "EU population increases again in
# 2024"; EU27 total 449,206,579, i.e. 449.2 million).  They were cross-checked
# against that release's rounded country table and against independent copies of
# the exact values; Malta's figure is also confirmed by NSO Malta (563,443 at end
# 2023).  Later vintages of the dataset may carry small national revisions (e.g.
# ELSTAT now gives Greece 10,400,720).  Note that the Council's own Annex III
# figures (Rules of Procedure, used by its voting calculator) are a separate series:
# the set for 2025 totals 451,028,881, not 449,206,579.
POPULATION_REFERENCE = (
    "Eurostat, population on 1 January 2024 (tps00001 / demo_gind, first release of 11 July 2024; EU27 total 449,206,579)"
)

_EUROSTAT_2024 = "Eurostat, population on 1 January 2024 (tps00001, July 2024 release)"

_ROME = (
    "Treaty of Rome (EEC and Euratom Treaties, signed 25 March 1957) in force 1 January 1958; founding member (also ECSC member since 1952)"
)
_ACCESSION_1972 = "Treaty of Accession 1972 (signed Brussels, 22 January 1972), in force 1 January 1973"
_ACCESSION_1979 = "Treaty of Accession 1979 (signed Athens, 28 May 1979), in force 1 January 1981"
_ACCESSION_1985 = "Treaty of Accession 1985 (signed Lisbon and Madrid, 12 June 1985), in force 1 January 1986"
_ACCESSION_1994 = "Treaty of Accession 1994 (signed Corfu, 24 June 1994), in force 1 January 1995"
_ACCESSION_2003 = "Treaty of Accession 2003 (signed Athens, 16 April 2003), in force 1 May 2004"
_ACCESSION_2005 = "Treaty of Accession 2005 (signed Luxembourg, 25 April 2005), in force 1 January 2007"
_ACCESSION_2011 = "Treaty of Accession 2011 (signed Brussels, 9 December 2011), in force 1 July 2013"

MEMBERS: tuple[Country, ...] = (
    Country(
        code="AUT",
        name="Austria",
        aliases=("AT",),
        joined=date(1995, 1, 1),
        joined_source=_ACCESSION_1994,
        population=9_158_750,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="BEL",
        name="Belgium",
        aliases=("BE",),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=11_832_049,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="BGR",
        name="Bulgaria",
        aliases=("BG",),
        joined=date(2007, 1, 1),
        joined_source=_ACCESSION_2005,
        population=6_445_481,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="CYP",
        name="Cyprus",
        aliases=("CY",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=933_505,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="CZE",
        name="Czechia",
        aliases=("CZ", "Czech Republic"),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=10_900_555,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="DEU",
        name="Germany",
        aliases=("DE",),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=83_445_000,
        population_source=(_EUROSTAT_2024 + "; Destatis estimate, rounded to the thousand"),
    ),
    Country(
        code="DNK",
        name="Denmark",
        aliases=("DK",),
        joined=date(1973, 1, 1),
        joined_source=_ACCESSION_1972,
        population=5_961_249,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="ESP",
        name="Spain",
        aliases=("ES",),
        joined=date(1986, 1, 1),
        joined_source=_ACCESSION_1985,
        population=48_610_458,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="EST",
        name="Estonia",
        aliases=("EE",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=1_374_687,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="FIN",
        name="Finland",
        aliases=("FI",),
        joined=date(1995, 1, 1),
        joined_source=_ACCESSION_1994,
        population=5_603_851,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="FRA",
        name="France",
        aliases=("FR",),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=68_401_997,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="GBR",
        name="United Kingdom",
        aliases=("GB", "UK", "Britain", "Great Britain"),
        joined=date(1973, 1, 1),
        joined_source=_ACCESSION_1972,
        population=66_647_112,
        population_source=(
            "Eurostat, population on 1 January 2019 (tps00001), the last figure "
            "before exit; the UK left the EU at the end of 31 January 2020 "
            "(Withdrawal Agreement in force 1 February 2020)"
        ),
        left=date(2020, 2, 1),
    ),
    Country(
        code="GRC",
        name="Greece",
        aliases=("GR", "EL"),
        joined=date(1981, 1, 1),
        joined_source=_ACCESSION_1979,
        population=10_397_193,
        population_source=(_EUROSTAT_2024 + "; ELSTAT has since revised it to 10,400,720"),
    ),
    Country(
        code="HRV",
        name="Croatia",
        aliases=("HR",),
        joined=date(2013, 7, 1),
        joined_source=_ACCESSION_2011,
        population=3_861_967,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="HUN",
        name="Hungary",
        aliases=("HU",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=9_584_627,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="IRL",
        name="Ireland",
        aliases=("IE",),
        joined=date(1973, 1, 1),
        joined_source=_ACCESSION_1972,
        population=5_343_805,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="ITA",
        name="Italy",
        aliases=("IT",),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=58_989_749,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="LTU",
        name="Lithuania",
        aliases=("LT",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=2_885_891,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="LUX",
        name="Luxembourg",
        aliases=("LU",),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=672_050,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="LVA",
        name="Latvia",
        aliases=("LV",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=1_871_882,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="MLT",
        name="Malta",
        aliases=("MT",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=563_443,
        population_source=_EUROSTAT_2024 + "; matches NSO Malta's end-2023 estimate",
    ),
    Country(
        code="NLD",
        name="Netherlands",
        aliases=("NL", "Holland", "The Netherlands"),
        joined=date(1958, 1, 1),
        joined_source=_ROME,
        population=17_942_942,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="POL",
        name="Poland",
        aliases=("PL",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=36_620_970,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="PRT",
        name="Portugal",
        aliases=("PT",),
        joined=date(1986, 1, 1),
        joined_source=_ACCESSION_1985,
        population=10_639_726,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="ROU",
        name="Romania",
        aliases=("RO",),
        joined=date(2007, 1, 1),
        joined_source=_ACCESSION_2005,
        population=19_064_409,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="SVK",
        name="Slovakia",
        aliases=("SK", "Slovak Republic"),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=5_424_687,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="SVN",
        name="Slovenia",
        aliases=("SI",),
        joined=date(2004, 5, 1),
        joined_source=_ACCESSION_2003,
        population=2_123_949,
        population_source=_EUROSTAT_2024,
    ),
    Country(
        code="SWE",
        name="Sweden",
        aliases=("SE",),
        joined=date(1995, 1, 1),
        joined_source=_ACCESSION_1994,
        population=10_551_707,
        population_source=_EUROSTAT_2024,
    ),
)


# --- weighted votes in the Council before the Lisbon double majority ---------------------------------
#
# Qualified majority by weighted votes (Art. 148(2) EEC, later Art. 205(2) EC, as amended by each Act
# of Accession and by the Protocol on the enlargement of the European Union annexed to the Treaty of
# Nice), from the Treaty of Rome's table of 1958 on. Every table, its total and its threshold are those of the CVCE table
# "Evolution of qualified majority voting in the Council" (CVCE / University of Luxembourg,
# cvce.eu/obj/evolution_of_qualified_majority_voting_in_the_council-en-091ecbcb-7f7d-4772-ac95-9c51b041a7ff.html,
# updated 01/08/2016), cross-checked against: the Luxembourg Council Presidency 2005 glossary
# ("Qualified majority": 232 of 321 from 1 November 2004, with the 25 weights); the Nice
# distribution of 345 votes and the 255-vote threshold (Declaration on the enlargement annexed to
# the Nice Final Act, as applied by the 2005 Act of Accession); the 352-vote, 260-vote
# table of the EU of 28 (2011 Act of Accession, in force 1 July 2013; the Council's own summary of it).
# The article numbers of the Acts are not given here: they were not confirmed. The EEC had no
# members before 1 January 1958.
#
# From 1 November 2004 (Nice), a qualified majority also needs a majority of the members (the case
# of a proposal from the Commission; two thirds otherwise, not modelled) and, if a member asks for
# it, members representing at least 62% of the Union's population; natosim applies the 62% check
# always (any member may ask for it, so a decision that fails it can be stopped). Populations are
# the roster's (Eurostat 2024; the UK's 2019), not the Council's figures of each year.

NICE_SOURCE = (
    "CVCE, 'Evolution of qualified majority voting in the Council' (weights, totals, thresholds); "
    "Treaty of Nice, Protocol on the enlargement of the European Union and its Declaration on the enlargement; Acts of Accession 2003, 2005, 2011"
)

_EEC6 = {"BEL": 2, "NLD": 2, "LUX": 1, "FRA": 4, "DEU": 4, "ITA": 4}
_EC9 = {"BEL": 5, "NLD": 5, "LUX": 2, "FRA": 10, "DEU": 10, "ITA": 10, "GBR": 10, "DNK": 3, "IRL": 3}
_EC10 = {**_EC9, "GRC": 5}
_EC12 = {**_EC10, "ESP": 8, "PRT": 5}
_EU15 = {
    "BEL": 5, "NLD": 5, "LUX": 2, "FRA": 10, "DEU": 10, "ITA": 10, "GBR": 10, "DNK": 3,
    "IRL": 3, "GRC": 5, "ESP": 8, "PRT": 5, "SWE": 4, "FIN": 3, "AUT": 4,
}  # fmt: skip
_EU25_2004 = {
    **_EU15, "POL": 8, "HUN": 5, "CZE": 5, "LTU": 3, "SVK": 3, "CYP": 2, "EST": 3, "LVA": 3, "SVN": 3, "MLT": 2,
}  # fmt: skip
_NICE25 = {
    "FRA": 29, "DEU": 29, "ITA": 29, "GBR": 29, "POL": 27, "ESP": 27, "NLD": 13, "BEL": 12, "CZE": 12,
    "GRC": 12, "HUN": 12, "PRT": 12, "AUT": 10, "SWE": 10, "DNK": 7, "FIN": 7, "IRL": 7, "LTU": 7,
    "SVK": 7, "CYP": 4, "EST": 4, "LVA": 4, "LUX": 4, "SVN": 4, "MLT": 3,
}  # fmt: skip
_NICE27 = {**_NICE25, "ROU": 14, "BGR": 10}
_NICE28 = {**_NICE27, "HRV": 7}

NICE_TABLES: tuple[tuple[date, str, dict[str, int], int, bool], ...] = (
    (date(1958, 1, 1), "EEC-6 weighted votes (17, 12 needed; Treaty of Rome)", _EEC6, 12, False),
    (date(1973, 1, 1), "EC-9 weighted votes (58, 41 needed; 1972 Act of Accession)", _EC9, 41, False),
    (date(1981, 1, 1), "EC-10 weighted votes (63, 45 needed; 1979 Act of Accession)", _EC10, 45, False),
    (date(1986, 1, 1), "EC-12 weighted votes (76, 54 needed; 1985 Act of Accession)", _EC12, 54, False),
    (date(1995, 1, 1), "EU-15 weighted votes (87, 62 needed; 1994 Act of Accession)", _EU15, 62, False),
    (date(2004, 5, 1), "EU-25 transitional weighted votes (124, 88 needed; 2003 Act of Accession)", _EU25_2004, 88, False),
    (date(2004, 11, 1), "Nice weighted votes, EU-25 (321, 232 needed)", _NICE25, 232, True),
    (date(2007, 1, 1), "Nice weighted votes, EU-27 (345, 255 needed)", _NICE27, 255, True),
    (date(2013, 7, 1), "Nice weighted votes, EU-28 (352, 260 needed)", _NICE28, 260, True),
)
"""(first day, name, votes by code, votes needed, whether the Nice member and population conditions apply), by date."""

LISBON_FROM = date(2014, 11, 1)
"""First day of the Lisbon double majority (TEU Art. 16(4)-(5); Protocol No 36 on transitional provisions, Art. 3)."""

NICE_ON_REQUEST_UNTIL = date(2017, 3, 31)
"""Last day on which a member could ask for a vote under the Nice weights (Protocol No 36, Art. 3(2))."""
