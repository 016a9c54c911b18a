"""NATO allies: ISO3 code, English name, aliases, accession date, population, defence spending, with sources."""

from __future__ import annotations

from datetime import date

from natosim.model import Country

# Verification notes (sources consulted 2026-11-23 through a search of stored public pages):
#
# * Accession dates: every date below was confirmed by at least one contemporary or
#   official account (NATO news items, U.S. State Department / government releases,
#   RFE/RL, AP).  NATO's own "Member countries" page could not be retrieved; the
#   citations name what was actually found.  By project convention the twelve
#   founders' date is the signature of the North Atlantic Treaty (4 April 1949),
#   although the Treaty entered into force on 24 August 1949.  Later allies became
#   members on the day they deposited their instrument of accession in Washington.
# * Populations of the 23 allies that are EU members: Eurostat "population on
#   1 January 2024" as first released on 11 July 2024.  The figures were checked
#   against a copy of that release's country table rounded to the nearest hundred
#   (all 23 agree); Estonia and Finland were also confirmed to the unit by their
#   national statistics offices.  They are identical to natosim/data/eu.py.
# * Defence spending: NATO, "Defence Expenditure of NATO Countries (2014-2024)",
#   17 June 2024, 2024 estimates of defence expenditure as a share of real GDP
#   (2015 prices and exchange rates).  All 31 values were confirmed by two
#   independent reproductions of NATO's table (Sweden Herald, "Record number of
#   Nato countries expected to reach spending target", source NATO; Graphic News,
#   "NATO allies urged to boost spending", sources NATO/Reuters) and, for the
#   top five and the bottom eight, by Ukrainska Pravda and Politico Europe.
# * ISO 3166-1 alpha-2 codes are aliases for every ally: resolution is an exact
#   match after folding (natosim._engine.roster.fold), and no two-letter code folds to
#   another ally's code, name or alias.

_FOUNDER = (
    "North Atlantic Treaty, signed Washington D.C., 4 April 1949 (NATO Basic Texts, "
    "nato.int); founding signatory. The Treaty entered into force on 24 August 1949; "
    "the roster uses the signature date by convention"
)
_GREECE_TURKEY = (
    "NATO, 'Marking 60 years of membership' (nato.int news item, 18 February 2012): "
    "Greece and Turkey became members on the date of deposit of their instruments of "
    "accession with the U.S. Government, 18 February 1952"
)
_GERMANY = (
    "NATO, 'NATO celebrates 60 years of German membership' (nato.int news item, "
    "June 2015): the Federal Republic of Germany became NATO's 15th member on "
    "6 May 1955, when its instrument of accession was deposited with the U.S. "
    "Government; also deutschland.de, '60 years of NATO membership'"
)
_SPAIN = "Associated Press report on Spain's 40th anniversary in NATO (30 May 2022): Spain became the 16th member of NATO on 30 May 1982"
_ACCESSION_1999 = (
    "RFE/RL, 'NATO: Alliance Formally Welcomes Three New Members', Independence, "
    "Missouri, 12 March 1999; U.S. DoD American Forces Press Service, 16 March 1999: "
    "instruments of accession handed over at the Truman Library on 12 March 1999"
)
_ACCESSION_2004 = (
    "NATO press release, Statement by the Secretary General, 2 March 2004 (invited "
    "states become Parties on deposit of their instruments of accession); Government "
    "of Slovenia NATO site, 'Welcome Ceremony for New Member States, 29 March 2004, "
    "Washington': the seven deposited their instruments on 29 March 2004"
)
_ACCESSION_2009 = (
    "U.S. Department of State (america.gov), 'Albania and Croatia Join NATO', "
    "1 April 2009: instruments of accession deposited at the State Department on "
    "1 April 2009; Congressional Research Service report RL34701 (14 April 2009)"
)
_MONTENEGRO = (
    "NATO news item 'Montenegro joins NATO as 29th Ally' (5 June 2017): member upon depositing "
    "its instrument of accession with the U.S. State Department on 5 June 2017"
)
_NORTH_MACEDONIA = (
    "U.S. Secretary of State statement and Boston Globe/AP, 27 March 2020: North "
    "Macedonia became the 30th member of NATO on 27 March 2020 on deposit of its "
    "instrument of accession in Washington"
)
_FINLAND = (
    "NATO news item 'NATO to welcome Finland as 31st Alliance member' (4 April 2023) "
    "and wire reports: Finland became the 31st member on 4 April 2023 when it handed "
    "its accession documents to the U.S. Secretary of State at NATO Headquarters"
)
_SWEDEN = (
    "Government of Sweden, 'Sweden is a NATO member' (7 March 2024): instrument of "
    "accession deposited with the U.S. Government just before 17:30 CET on "
    "7 March 2024; Sweden is NATO's 32nd member"
)

_EUROSTAT_2024 = "Eurostat, population on 1 January 2024 (tps00001 / demo_gind, July 2024 release)"

_NATO_2024 = (
    "NATO, 'Defence Expenditure of NATO Countries (2014-2024)', press release of "
    "17 June 2024: defence expenditure as % of real GDP (2015 prices), 2024 estimate"
)

ALLIES: tuple[Country, ...] = (
    Country(
        code="ALB",
        name="Albania",
        aliases=("AL", "Republic of Albania"),
        joined=date(2009, 4, 1),
        joined_source=_ACCESSION_2009,
        population=2_402_113,
        population_source=("INSTAT, 2023 Population and Housing Census (reference date September 2023), resident population"),
        defence_gdp=2.03,
        defence_source=_NATO_2024,
    ),
    Country(
        code="BEL",
        name="Belgium",
        aliases=("BE", "Kingdom of Belgium"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=11_832_049,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.30,
        defence_source=_NATO_2024,
    ),
    Country(
        code="BGR",
        name="Bulgaria",
        aliases=("BG", "Republic of Bulgaria"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=6_445_481,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.18,
        defence_source=_NATO_2024,
    ),
    Country(
        code="CAN",
        name="Canada",
        aliases=("CA",),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=40_769_890,
        population_source="Statistics Canada, population estimate on 1 January 2024 (release of 27 March 2024)",
        defence_gdp=1.37,
        defence_source=_NATO_2024,
    ),
    Country(
        code="CZE",
        name="Czechia",
        aliases=("CZ", "Czech Republic"),
        joined=date(1999, 3, 12),
        joined_source=_ACCESSION_1999,
        population=10_900_555,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.10,
        defence_source=_NATO_2024,
    ),
    Country(
        code="DEU",
        name="Germany",
        aliases=("DE", "Federal Republic of Germany", "West Germany"),
        joined=date(1955, 5, 6),
        joined_source=_GERMANY,
        population=83_445_000,
        population_source=_EUROSTAT_2024 + "; Destatis estimate, rounded to the thousand",
        defence_gdp=2.12,
        defence_source=_NATO_2024,
    ),
    Country(
        code="DNK",
        name="Denmark",
        aliases=("DK", "Kingdom of Denmark"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=5_961_249,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.37,
        defence_source=_NATO_2024,
    ),
    Country(
        code="ESP",
        name="Spain",
        aliases=("ES", "Kingdom of Spain"),
        joined=date(1982, 5, 30),
        joined_source=_SPAIN,
        population=48_610_458,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.28,
        defence_source=_NATO_2024,
    ),
    Country(
        code="EST",
        name="Estonia",
        aliases=("EE", "Republic of Estonia"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=1_374_687,
        population_source=_EUROSTAT_2024 + "; same figure from Statistics Estonia",
        defence_gdp=3.43,
        defence_source=_NATO_2024,
    ),
    Country(
        code="FIN",
        name="Finland",
        aliases=("FI", "Republic of Finland"),
        joined=date(2023, 4, 4),
        joined_source=_FINLAND,
        population=5_603_851,
        population_source=_EUROSTAT_2024 + "; same figure from Statistics Finland (end of 2023)",
        defence_gdp=2.41,
        defence_source=_NATO_2024,
    ),
    Country(
        code="FRA",
        name="France",
        aliases=("FR", "French Republic"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=68_401_997,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.06,
        defence_source=_NATO_2024,
    ),
    Country(
        code="GBR",
        name="United Kingdom",
        aliases=(
            "UK",
            "U.K.",
            "GB",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland",
        ),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=68_265_209,
        population_source="Office for National Statistics, mid-2023 population estimate (30 June 2023)",
        defence_gdp=2.33,
        defence_source=_NATO_2024,
    ),
    Country(
        code="GRC",
        name="Greece",
        aliases=("GR", "Hellenic Republic", "Hellas"),
        joined=date(1952, 2, 18),
        joined_source=_GREECE_TURKEY,
        population=10_397_193,
        population_source=_EUROSTAT_2024,
        defence_gdp=3.08,
        defence_source=_NATO_2024,
    ),
    Country(
        code="HRV",
        name="Croatia",
        aliases=("HR", "Republic of Croatia", "Hrvatska"),
        joined=date(2009, 4, 1),
        joined_source=_ACCESSION_2009,
        population=3_861_967,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.81,
        defence_source=_NATO_2024,
    ),
    Country(
        code="HUN",
        name="Hungary",
        aliases=("HU",),
        joined=date(1999, 3, 12),
        joined_source=_ACCESSION_1999,
        population=9_584_627,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.11,
        defence_source=_NATO_2024,
    ),
    Country(
        code="ISL",
        name="Iceland",
        aliases=("IS",),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=383_726,
        population_source="Statistics Iceland, population on 1 January 2024 (revised estimation method)",
        defence_gdp=None,
        defence_source=(
            "Not applicable: Iceland has no armed forces and is excluded from NATO's "
            "defence expenditure tables ('Defence Expenditure of NATO Countries "
            "(2014-2024)', 17 June 2024)"
        ),
    ),
    Country(
        code="ITA",
        name="Italy",
        aliases=("IT", "Italian Republic"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=58_989_749,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.49,
        defence_source=_NATO_2024,
    ),
    Country(
        code="LTU",
        name="Lithuania",
        aliases=("LT", "Republic of Lithuania"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=2_885_891,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.85,
        defence_source=_NATO_2024,
    ),
    Country(
        code="LUX",
        name="Luxembourg",
        aliases=("LU", "Grand Duchy of Luxembourg"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=672_050,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.29,
        defence_source=_NATO_2024,
    ),
    Country(
        code="LVA",
        name="Latvia",
        aliases=("LV", "Republic of Latvia"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=1_871_882,
        population_source=_EUROSTAT_2024,
        defence_gdp=3.15,
        defence_source=_NATO_2024,
    ),
    Country(
        code="MKD",
        name="North Macedonia",
        aliases=(
            "MK",
            "Macedonia",
            "Republic of North Macedonia",
            "FYROM",
            "Former Yugoslav Republic of Macedonia",
        ),
        joined=date(2020, 3, 27),
        joined_source=_NORTH_MACEDONIA,
        population=1_836_713,
        population_source=(
            "State Statistical Office of North Macedonia, 2021 Census (September 2021), "
            "total resident population; no later official estimate was confirmed"
        ),
        defence_gdp=2.22,
        defence_source=_NATO_2024,
    ),
    Country(
        code="MNE",
        name="Montenegro",
        aliases=("ME", "Crna Gora"),
        joined=date(2017, 6, 5),
        joined_source=_MONTENEGRO,
        population=623_633,
        population_source=(
            "MONSTAT, 2023 Census of Population, Households and Dwellings, final results "
            "(reference moment 31 October 2023; preliminary figure was 633,158)"
        ),
        defence_gdp=2.02,
        defence_source=_NATO_2024,
    ),
    Country(
        code="NLD",
        name="Netherlands",
        aliases=("NL", "Holland", "The Netherlands", "Kingdom of the Netherlands"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=17_942_942,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.05,
        defence_source=_NATO_2024,
    ),
    Country(
        code="NOR",
        name="Norway",
        aliases=("NO", "Kingdom of Norway"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=5_550_203,
        population_source="Statistics Norway, population on 1 January 2024",
        defence_gdp=2.20,
        defence_source=_NATO_2024,
    ),
    Country(
        code="POL",
        name="Poland",
        aliases=("PL", "Republic of Poland"),
        joined=date(1999, 3, 12),
        joined_source=_ACCESSION_1999,
        population=36_620_970,
        population_source=_EUROSTAT_2024,
        defence_gdp=4.12,
        defence_source=_NATO_2024,
    ),
    Country(
        code="PRT",
        name="Portugal",
        aliases=("PT", "Portuguese Republic"),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=10_639_726,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.55,
        defence_source=_NATO_2024,
    ),
    Country(
        code="ROU",
        name="Romania",
        aliases=("RO",),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=19_064_409,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.25,
        defence_source=_NATO_2024,
    ),
    Country(
        code="SVK",
        name="Slovakia",
        aliases=("SK", "Slovak Republic"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=5_424_687,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.00,
        defence_source=_NATO_2024,
    ),
    Country(
        code="SVN",
        name="Slovenia",
        aliases=("SI", "Republic of Slovenia"),
        joined=date(2004, 3, 29),
        joined_source=_ACCESSION_2004,
        population=2_123_949,
        population_source=_EUROSTAT_2024,
        defence_gdp=1.29,
        defence_source=_NATO_2024,
    ),
    Country(
        code="SWE",
        name="Sweden",
        aliases=("SE", "Kingdom of Sweden"),
        joined=date(2024, 3, 7),
        joined_source=_SWEDEN,
        population=10_551_707,
        population_source=_EUROSTAT_2024,
        defence_gdp=2.14,
        defence_source=_NATO_2024,
    ),
    Country(
        code="TUR",
        name="Türkiye",
        aliases=("TR", "Turkey", "Turkiye", "Republic of Türkiye"),
        joined=date(1952, 2, 18),
        joined_source=_GREECE_TURKEY,
        population=85_372_377,
        population_source="TurkStat, Address Based Population Registration System, 31 December 2023",
        defence_gdp=2.09,
        defence_source=_NATO_2024,
    ),
    Country(
        code="USA",
        name="United States",
        aliases=(
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "United States of America",
            "America",
        ),
        joined=date(1949, 4, 4),
        joined_source=_FOUNDER,
        population=334_914_895,
        population_source=(
            "U.S. Census Bureau, Vintage 2023 estimate of the resident population on "
            "1 July 2023 (same value as World Bank SP.POP.TOTL for 2023)"
        ),
        defence_gdp=3.38,
        defence_source=_NATO_2024,
    ),
)
