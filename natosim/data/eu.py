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
