"""The IATI codes the export uses, and how Mufakat's records map to them.

Every code below is from IATI's codelists for version 2.03 (https://iatistandard.org/en/
iati-standard/203/codelists/), or from the codelists those refer to: the OECD DAC's CRS purpose
codes (sectors, vocabulary 1), its region codes (region vocabulary 1) and its donor and channel
codes (the ``XM-DAC-…`` organisation identifiers), and ISO 3166-1 for countries. Only the codes
used are named here, each with its list, so a reader can check them against the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from mufakat.monitoring.models import ProgressStatus
from mufakat.registry.models import Party

IATI_VERSION = "2.03"

# -- OrganisationType ---------------------------------------------------------------------------
GOVERNMENT = "10"
MULTILATERAL = "40"
#: The type of each kind of party: states are governments; organisations (ASEAN, the UN
#: agencies, INTERPOL …) are intergovernmental, "multilateral" in IATI's words.
ORGANISATION_TYPE_OF_PARTY: dict[str, str] = {
    Party.Kind.MEMBER_STATE: GOVERNMENT,
    Party.Kind.OBSERVER: GOVERNMENT,
    Party.Kind.DIALOGUE_PARTNER: GOVERNMENT,
    Party.Kind.OTHER_STATE: GOVERNMENT,
    Party.Kind.ORGANISATION: MULTILATERAL,
}
ORGANISATION_TYPES = frozenset(
    {"10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"}
)

#: The parties of a work plan that fund it (role 1): the partners that are states.
FUNDING_PARTY_KINDS = frozenset({Party.Kind.DIALOGUE_PARTNER, Party.Kind.OTHER_STATE})

# -- OrganisationRole ---------------------------------------------------------------------------
FUNDING = "1"
ACCOUNTABLE = "2"
EXTENDING = "3"
IMPLEMENTING = "4"
ORGANISATION_ROLES = frozenset({FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING})

# -- ActivityStatus -----------------------------------------------------------------------------
PIPELINE = "1"
IMPLEMENTATION = "2"
FINALISATION = "3"
CLOSED = "4"
CANCELLED = "5"
SUSPENDED = "6"
ACTIVITY_STATUSES = frozenset(
    {PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED}
)

# -- ActivityDateType ---------------------------------------------------------------------------
PLANNED_START = "1"
ACTUAL_START = "2"
PLANNED_END = "3"
ACTUAL_END = "4"
ACTIVITY_DATE_TYPES = frozenset({PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END})

# -- ActivityScope ------------------------------------------------------------------------------
SCOPE_REGIONAL = "2"
SCOPE_NATIONAL = "4"
ACTIVITY_SCOPES = frozenset({"1", "2", "3", "4", "5", "6", "7", "8"})

# -- RelatedActivityType ------------------------------------------------------------------------
PARENT = "1"
CHILD = "2"
RELATED_ACTIVITY_TYPES = frozenset({"1", "2", "3", "4", "5"})

# -- DescriptionType ----------------------------------------------------------------------------
GENERAL = "1"
DESCRIPTION_TYPES = frozenset({"1", "2", "3", "4"})

# -- OtherIdentifierType ------------------------------------------------------------------------
#: "Reporting Organisation's internal activity identifier": the activity's own code.
INTERNAL_IDENTIFIER = "A1"

# -- DocumentCategory ---------------------------------------------------------------------------
ACTIVITY_WEB_PAGE = "A12"

# -- ResultType ---------------------------------------------------------------------------------
OUTPUT = "1"
OTHER_RESULT = "9"
RESULT_TYPES = frozenset({"1", "2", "3", "9"})

# -- IndicatorMeasure ---------------------------------------------------------------------------
UNIT = "1"
PERCENTAGE = "2"
QUALITATIVE = "5"
INDICATOR_MEASURES = frozenset({"1", "2", "3", "4", "5"})
#: Units of a numeric indicator that make it a percentage.
PERCENT_UNITS = frozenset({"%", "percent", "per cent", "percentage"})

# -- SectorVocabulary and RegionVocabulary ------------------------------------------------------
DAC_SECTOR = "1"  # OECD DAC CRS purpose codes (5 digit)
OWN_SECTOR = "99"  # the reporting organisation's own: Mufakat's crime areas
DAC_REGION = "1"  # OECD DAC region codes

# -- Region (DAC) -------------------------------------------------------------------------------
#: Where the DAC places South-East Asia: "Far East Asia, regional" (the region of Cambodia,
#: Indonesia, Lao PDR, Malaysia, Myanmar, the Philippines, Thailand, Timor-Leste and Viet Nam).
ASEAN_REGION = ("789", "Far East Asia, regional")


@dataclass(frozen=True)
class Sector:
    code: str
    name: str


#: Crime area (Mufakat's taxonomy, DESIGN.md §2) → DAC 5-digit purpose code. One code per area;
#: an activity under a priority area of several crime areas shares its 100 % equally among
#: their codes. 15130 "Legal and judicial development" is not used: the DAC withdrew it in its
#: 2016 revision and split it into 15131–15137.
CRIME_AREA_SECTORS: dict[str, Sector] = {
    "terrorism": Sector("15210", "Security system management and reform"),
    "illicit_drug_trafficking": Sector("16063", "Narcotics control"),
    "trafficking_in_persons": Sector("15180", "Ending violence against women and girls"),
    "arms_smuggling": Sector("15240", "Reintegration and SALW control"),
    "sea_piracy": Sector("15210", "Security system management and reform"),
    "money_laundering": Sector("15113", "Anti-corruption organisations and institutions"),
    "international_economic_crime": Sector(
        "15113", "Anti-corruption organisations and institutions"
    ),
    "cybercrime": Sector("15131", "Justice, law and order policy, planning and administration"),
    "wildlife_timber_trafficking": Sector("41030", "Biodiversity"),
    "people_smuggling": Sector("15136", "Immigration"),
}
#: For an activity whose priority area names no crime area (or one not in the table above).
DEFAULT_SECTOR = Sector("15131", "Justice, law and order policy, planning and administration")

#: ISO 3166-1 alpha-3 (the registry's codes for states) → alpha-2 (IATI's recipient-country),
#: for the states that can be a recipient here: ASEAN's members and Timor-Leste.
ISO_ALPHA2: dict[str, str] = {
    "BRN": "BN",
    "KHM": "KH",
    "IDN": "ID",
    "LAO": "LA",
    "MYS": "MY",
    "MMR": "MM",
    "PHL": "PH",
    "SGP": "SG",
    "THA": "TH",
    "TLS": "TL",
    "VNM": "VN",
}

#: IATI organisation identifiers of partners, by party code: the DAC's donor codes under the
#: registration agency ``XM-DAC`` (IATI's OrganisationRegistrationAgency codelist). A party not
#: listed is named without a ``ref``; an operator adds or corrects identifiers with the setting
#: ``MUFAKAT_IATI_ORGANISATION_REFS`` (e.g. ``UNODC=XM-DAC-…,EU=XI-IATI-…``).
ORGANISATION_REFS: dict[str, str] = {
    "JPN": "XM-DAC-701",
    "USA": "XM-DAC-302",
    "CAN": "XM-DAC-301",
    "AUS": "XM-DAC-801",
    "NZL": "XM-DAC-820",
    "KOR": "XM-DAC-742",
    "GBR": "XM-DAC-12",
}

# The reporting organisation (its ref, type and name) is configured in the settings
# (``MUFAKAT_IATI_REPORTING_ORG_*``): by default the ASEAN Secretariat, under ASEAN's code in the
# DAC's list of channels (``XM-DAC-47003``, "Association of South East Asian Nations"),
# OrganisationType 40 (multilateral).

#: Progress statuses that say work is under way.
UNDER_WAY = frozenset({ProgressStatus.ON_TRACK, ProgressStatus.DELAYED})
#: Statuses that say nothing about the activity's state.
SILENT = frozenset({ProgressStatus.NOT_REPORTED, ProgressStatus.NOT_APPLICABLE})


def equal_shares(codes: list[str]) -> list[tuple[str, Decimal]]:
    """``codes`` (distinct, in order) with equal percentages to two decimals that add up to
    exactly 100: the cents left over go to the first ones."""
    if not codes:
        return []
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    left = Decimal(100) - share * len(codes)
    cents = int(left / Decimal("0.01"))
    return [
        (code, share + (Decimal("0.01") if index < cents else Decimal(0)))
        for index, code in enumerate(codes)
    ]


def averaged_shares(distributions: list[list[tuple[str, Decimal]]]) -> list[tuple[str, Decimal]]:
    """The mean of several distributions (each adding up to 100), to two decimals and adding up
    to exactly 100: the cents lost to rounding go to the largest share. Codes in the order of
    their largest share, then their first appearance."""
    if not distributions:
        return []
    totals: dict[str, Decimal] = {}
    for distribution in distributions:
        for code, percentage in distribution:
            totals[code] = totals.get(code, Decimal(0)) + percentage
    count = len(distributions)
    shares = {
        code: (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        for code, total in totals.items()
    }
    ordered = sorted(shares, key=lambda code: -shares[code])
    shares[ordered[0]] += Decimal(100) - sum(shares.values())
    return [(code, shares[code]) for code in ordered if shares[code] > 0]


def percentage_text(value: Decimal) -> str:
    """A percentage as IATI writes it: a plain decimal, without trailing zeros."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
