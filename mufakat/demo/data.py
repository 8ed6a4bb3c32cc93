"""The Mufakat demo data set, as plain Python: no Django, no database.

These records describe real ASEAN cooperation against transnational crime: who the parties are,
which bodies meet, when they met, what they decided and which instruments they adopted. They come
from the sourced public facts gathered with the design brief, two published press reports on
ASEAN meetings, a few well-known public facts (ASEAN accession dates) and, for the numbered
series of the ASEAN Summits, the drug bodies and the ASEANAPOL Conferences, the public
statements and news reports cited record by record. Source strings name the publications
themselves.

**Every record carries a ``source`` string** naming where it comes from, so a user can check it.
Where the demo needs a structure the sources do not give (an agenda order, an indicator, a lead
party, a restricted note that makes the visibility gate visible), the source says
``invented``; where a value is derived from a source rather than stated in it, the source
says ``derived`` or ``inferred`` and how.

Conventions
-----------
* Codes are the canonical ones of DESIGN.md §2 (ISO 3166-1 alpha-3 for states, ``ASEAN``,
  ``ASEC`` … for organisations, ``AMMTC``, ``SOMTC-WG-CT``, ``SOMTC+JPN`` … for bodies).
* Dates are partial-date strings, ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``, the format of
  ``mufakat.core.partial_dates.PartialDate``. Where only a year is known, the year string is
  used (stored as its first day with year precision) and the source says so.
* A meeting's ``end`` is ``None`` when the sources do not state it ("opened 29 Sep 2015",
  "from 26 Jun 2024"); a meeting the sources give a single day for has ``end == start``.
* A meeting is referred to by its key, ``"BODY/NUMBER"`` (``"AMMTC/17"``) or, when it has no
  ordinal, ``"BODY@START"`` (``"ASEAN-SUMMIT+JPN@2014-11-12"``); see :func:`meeting_key`.
* Membership and term periods are half-open: ``until`` is when the next status began.
* Access (audience + TLP, DESIGN.md §3) defaults to public / TLP:CLEAR, owned by the ASEAN
  Secretariat (``ASEC``), which keeps the registry. Only a few records are restricted, on
  purpose, so the demo shows the gate: see :data:`RESTRICTED_NOTE`.

The loader (``mufakat.demo.loader``) turns these tuples into database rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from typing import Literal

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

PartyKind = Literal["member_state", "dialogue_partner", "observer", "organisation"]
MembershipRole = Literal["applicant", "observer", "member", "dialogue_partner"]
BodyLevel = Literal[
    "summit", "ministerial", "senior_officials", "working_group", "consultation", "other"
]
TermRole = Literal["chair", "lead_shepherd"]
MeetingStatus = Literal["planned", "held", "cancelled"]
ParticipantRole = Literal["chair", "member", "partner", "observer", "secretariat"]
OutcomeKind = Literal[
    "decision", "recommendation", "agreement", "endorsement", "adoption", "action_item"
]
ForwardingStatus = Literal["pending", "noted", "endorsed", "adopted", "returned", "rejected"]
InstrumentKind = Literal[
    "declaration",
    "convention",
    "plan_of_action",
    "work_plan",
    "work_programme",
    "roadmap",
    "joint_statement",
    "other",
]
IndicatorKind = Literal["numeric", "qualitative"]
Audience = Literal["public", "platform", "member_states", "sharing_group", "organisation", "named"]
Tlp = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
UserRole = Literal["secretariat", "focal_point", "partner_focal_point", "chair", "reader"]

#: Audiences from widest to narrowest (DESIGN.md §3).
AUDIENCE_ORDER: tuple[Audience, ...] = (
    "public",
    "platform",
    "member_states",
    "sharing_group",
    "organisation",
    "named",
)

#: The widest audience each TLP label allows (DESIGN.md §3; mirrors mufakat.core.audience).
TLP_WIDEST_AUDIENCE: dict[Tlp, Audience] = {
    "CLEAR": "public",
    "GREEN": "platform",
    "AMBER": "sharing_group",
    "AMBER+STRICT": "organisation",
    "RED": "named",
}

# Source strings used throughout, so that the same source is always spelled the same way.
SEED_000 = "Vietnam News Agency / ANTARA, 19 May 2023"
SEED_002 = "ANTARA, August 2023"
ACCESSION = "ASEAN accession dates (public record)"
UNODC_2018 = "UNODC, 30 Mar 2018"
MPS_2019 = "Viet Nam Ministry of Public Security, 29 Nov 2019"
ASEAN_2024 = "ASEAN Secretariat (via indiplomacy), 28 Aug 2024"


def df(section: str) -> str:
    """Source string for facts of the public record (ASEAN meeting reports and statements)."""
    return f"ASEAN public records ({section.lower()})"


# --------------------------------------------------------------------------------------------
# Helpers (pure)
# --------------------------------------------------------------------------------------------

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a partial date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _PARTIAL.match(value)
    if not match:
        raise ValueError(f"not a partial date: {value!r}")
    year, month, day = match.groups()
    if day:
        d = dt.date(int(year), int(month), int(day))
        return d, d
    if month:
        first = dt.date(int(year), int(month), 1)
        nxt = first.replace(day=28) + dt.timedelta(days=4)
        return first, nxt - dt.timedelta(days=nxt.day)
    return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)


def ordinal(n: int) -> str:
    """1 → "1st", 19 → "19th", 22 → "22nd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_key(body: str, number: int | None = None, start: str | None = None) -> str:
    """Stable key of a meeting: ``BODY/NUMBER`` or, when unnumbered, ``BODY@START``."""
    if number is not None:
        return f"{body}/{number}"
    if start is None:
        raise ValueError("an unnumbered meeting needs its start date for a key")
    return f"{body}@{start}"


def meeting_label(key: str) -> str:
    """Human label of a meeting key: ``"AMMTC/19"`` → ``"19th AMMTC"``."""
    if "/" in key:
        body, number = key.split("/", 1)
        return f"{ordinal(int(number))} {body}"
    body, start = key.split("@", 1)
    return f"{body} of {start}"


# --------------------------------------------------------------------------------------------
# Record types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """Audience + TLP label of a record (DESIGN.md §3)."""

    audience: Audience = "public"
    tlp: Tlp = "CLEAR"
    owner: str = "ASEC"  # party code of the originating organisation
    owner_agency: str | None = None  # agency code, when the owner is an agency of the party
    sharing_groups: tuple[str, ...] = ()
    named_users: tuple[str, ...] = ()  # demo usernames, for audience "named"


PUBLIC = Access()


@dataclass(frozen=True)
class Membership:
    role: MembershipRole
    since: str | None
    until: str | None
    source: str
    at_meeting: str | None = None  # meeting key where the status was granted, when known


@dataclass(frozen=True)
class Party:
    code: str
    name: str
    kind: PartyKind
    source: str
    memberships: tuple[Membership, ...] = ()


@dataclass(frozen=True)
class Agency:
    code: str
    party: str
    name: str
    source: str
    local_name: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CrimeArea:
    code: str
    name: str
    order: int
    priority_since: str  # partial date
    source: str
    added_at: str | None = None  # meeting key
    # Partial date from which it is no longer on the priority list (exclusive, like every
    # ``until`` here); None while still a priority.
    priority_until: str | None = None
    dropped_at: str | None = None  # meeting key
    note: str = ""


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    level: BodyLevel
    source: str
    parent: str | None = None
    partners: tuple[str, ...] = ()  # party codes, for consultations
    crime_areas: tuple[str, ...] = ()
    established: str | None = None  # partial date
    established_at: str | None = None  # meeting key
    notes: str = ""


@dataclass(frozen=True)
class Term:
    body: str
    role: TermRole
    party: str
    start: str  # partial date; an "as of" year where the sources give no start (source says so)
    source: str
    agency: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Meeting:
    body: str
    number: int | None
    title: str
    start: str  # partial date; month precision allowed for planned meetings
    end: str | None
    city: str | None  # "online" for virtual meetings
    host: str | None
    chair: str | None
    status: MeetingStatus
    source: str
    is_virtual: bool = False
    summary: str = ""
    access: Access = PUBLIC

    @property
    def key(self) -> str:
        return meeting_key(self.body, self.number, self.start)


@dataclass(frozen=True)
class AgendaItem:
    meeting: str  # meeting key
    number: int
    title: str
    source: str
    instrument: str | None = None  # instrument key
    crime_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participant:
    meeting: str
    party: str
    role: ParticipantRole
    source: str
    agency: str | None = None
    head_of_delegation: str = ""  # a person's name, only where a source names them
    position: str = ""


@dataclass(frozen=True)
class Outcome:
    key: str  # stable key, e.g. "WGCT19-1"
    meeting: str  # meeting key
    number: int  # per meeting: 1, 2, 3 …
    kind: OutcomeKind
    title: str
    text: str
    source: str
    instruments: tuple[str, ...] = ()  # instrument keys
    crime_areas: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()  # party codes, for action items
    due: str | None = None  # partial date, for action items
    access: Access = PUBLIC


@dataclass(frozen=True)
class Forwarding:
    """An outcome sent to a later meeting, and that meeting's answer (which flows back)."""

    outcome: str  # outcome key
    to_meeting: str  # meeting key
    status: ForwardingStatus
    source: str
    response: str = ""
    resulting_outcome: str | None = None  # outcome key at the receiving meeting


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    short_title: str
    kind: InstrumentKind
    parties: tuple[str, ...]
    source: str
    start_year: int | None = None
    end_year: int | None = None
    adopted_on: str | None = None  # partial date (for conventions: signed on)
    adopted_at: str | None = None  # meeting key
    place: str | None = None
    in_force_on: str | None = None
    reviewed_at: tuple[str, ...] = ()  # meeting keys
    derives_from: tuple[str, ...] = ()  # instrument keys
    # How it derives from them: "implements" where the sources say so, else "derives_from".
    link_kind: Literal["derives_from", "implements"] = "derives_from"
    extended_to_year: int | None = None
    extended_at: str | None = None  # meeting key
    supersedes: str | None = None  # instrument key
    description: str = ""
    access: Access = PUBLIC


@dataclass(frozen=True)
class PriorityArea:
    key: str
    instrument: str
    number: int
    title: str
    crime_areas: tuple[str, ...]
    source: str
    description: str = ""


@dataclass(frozen=True)
class Indicator:
    name: str
    kind: IndicatorKind
    baseline: str
    target: str
    unit: str
    source: str


@dataclass(frozen=True)
class Activity:
    code: str
    priority_area: str  # priority area key
    title: str
    description: str
    lead_parties: tuple[str, ...]
    participating_parties: tuple[str, ...]
    start_year: int
    end_year: int
    source: str
    outputs: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    access: Access = PUBLIC


@dataclass(frozen=True)
class SharingGroup:
    code: str
    name: str
    members: tuple[str, ...]  # party codes
    source: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    party: str
    role: UserRole
    password: str
    source: str
    agency: str | None = None
    email: str = ""


# --------------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------------

#: ASEAN member states as of 26 Oct 2025 (TLS admitted that day).
MEMBER_STATES: tuple[str, ...] = (
    "BRN",
    "KHM",
    "IDN",
    "LAO",
    "MYS",
    "MMR",
    "PHL",
    "SGP",
    "THA",
    "VNM",
    "TLS",
)
#: Member states in 2023, the year of the demo's meetings (before Timor-Leste's admission).
MEMBER_STATES_2023: tuple[str, ...] = MEMBER_STATES[:10]

DIALOGUE_PARTNERS: tuple[str, ...] = (
    "AUS",
    "CAN",
    "CHN",
    "EU",
    "IND",
    "JPN",
    "KOR",
    "NZL",
    "RUS",
    "USA",
    "GBR",
)
PLUS_THREE: tuple[str, ...] = ("CHN", "JPN", "KOR")


def _member(since: str) -> tuple[Membership, ...]:
    return (Membership("member", since, None, ACCESSION),)


def _partner(code: str) -> tuple[Membership, ...]:
    note = (
        "; GBR appears among the 10 partners at the 25th SOMTC"
        if code == "GBR"
        else "; dialogue-partner since-dates not in the sources, left empty"
    )
    return (Membership("dialogue_partner", None, None, df("Parties") + note),)


PARTIES: tuple[Party, ...] = (
    # Member states, with their ASEAN accession dates.
    Party("BRN", "Brunei Darussalam", "member_state", ACCESSION, _member("1984-01-07")),
    Party("KHM", "Cambodia", "member_state", ACCESSION, _member("1999-04-30")),
    Party("IDN", "Indonesia", "member_state", ACCESSION, _member("1967-08-08")),
    Party("LAO", "Lao PDR", "member_state", ACCESSION, _member("1997-07-23")),
    Party("MYS", "Malaysia", "member_state", ACCESSION, _member("1967-08-08")),
    Party("MMR", "Myanmar", "member_state", ACCESSION, _member("1997-07-23")),
    Party("PHL", "Philippines", "member_state", ACCESSION, _member("1967-08-08")),
    Party("SGP", "Singapore", "member_state", ACCESSION, _member("1967-08-08")),
    Party("THA", "Thailand", "member_state", ACCESSION, _member("1967-08-08")),
    Party("VNM", "Viet Nam", "member_state", ACCESSION, _member("1995-07-28")),
    Party(
        "TLS",
        "Timor-Leste",
        "member_state",
        df("Parties"),
        (
            Membership(
                "applicant",
                "2011",
                "2022",
                df("Parties") + " (applied 2011; year only, stored as 1 Jan)",
            ),
            Membership(
                "observer",
                "2022",
                "2025-10-26",
                df("Parties") + " (observer 2022; year only, stored as 1 Jan)",
            ),
            Membership(
                "member",
                "2025-10-26",
                None,
                df("Parties") + " (admitted as 11th member, 47th ASEAN Summit, Kuala Lumpur)",
                at_meeting="ASEAN-SUMMIT/47",
            ),
        ),
    ),
    # Dialogue partners.
    Party("AUS", "Australia", "dialogue_partner", df("Parties"), _partner("AUS")),
    Party("CAN", "Canada", "dialogue_partner", df("Parties"), _partner("CAN")),
    Party("CHN", "China", "dialogue_partner", df("Parties"), _partner("CHN")),
    Party("EU", "European Union", "dialogue_partner", df("Parties"), _partner("EU")),
    Party("IND", "India", "dialogue_partner", df("Parties"), _partner("IND")),
    Party("JPN", "Japan", "dialogue_partner", df("Parties"), _partner("JPN")),
    Party("KOR", "Republic of Korea", "dialogue_partner", df("Parties"), _partner("KOR")),
    Party("NZL", "New Zealand", "dialogue_partner", df("Parties"), _partner("NZL")),
    Party("RUS", "Russian Federation", "dialogue_partner", df("Parties"), _partner("RUS")),
    Party("USA", "United States", "dialogue_partner", df("Parties"), _partner("USA")),
    Party("GBR", "United Kingdom", "dialogue_partner", df("Parties"), _partner("GBR")),
    # Organisations.
    Party(
        "ASEAN",
        "Association of Southeast Asian Nations",
        "organisation",
        "public record (ASEAN as one party, e.g. of ASEAN–Japan instruments)",
    ),
    Party("ASEC", "ASEAN Secretariat", "organisation", "public record"),
    Party("UNODC", "United Nations Office on Drugs and Crime", "organisation", "public record"),
    Party(
        "INTERPOL", "International Criminal Police Organization", "organisation", "public record"
    ),
    Party(
        "ASEANAPOL",
        "ASEAN National Police (ASEANAPOL)",
        "organisation",
        df("Bodies") + " (since 1981; secretariat in Kuala Lumpur since 2010)",
    ),
    Party("IOM", "International Organization for Migration", "organisation", "public record"),
    Party("ILO", "International Labour Organization", "organisation", "public record"),
    Party("UNOCT", "United Nations Office of Counter-Terrorism", "organisation", "public record"),
    Party(
        "UNWOMEN",
        "UN Women (United Nations Entity for Gender Equality and the Empowerment of Women)",
        "organisation",
        "public record",
    ),
    Party("AIPA", "ASEAN Inter-Parliamentary Assembly", "organisation", "public record"),
)

# --------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------

AGENCIES: tuple[Agency, ...] = (
    Agency(
        "BNPT",
        "IDN",
        "National Counter Terrorism Agency",
        SEED_000,
        local_name="Badan Nasional Penanggulangan Terorisme",
        notes="Leads the SOMTC Working Group on Counter Terrorism every year (Vietnam News Agency / ANTARA, 19 May 2023).",
    ),
    Agency(
        "POLRI",
        "IDN",
        "Indonesian National Police",
        SEED_002,
        local_name="Kepolisian Negara Republik Indonesia",
        notes=(
            "Its International Relations Division (head in Aug 2023: Police Inspector General "
            "Krishna Murti) reported the ASEAN–Japan work plan agreement (ANTARA, August 2023)."
        ),
    ),
    Agency(
        "RTP",
        "THA",
        "Royal Thai Police",
        df("Bodies") + "; " + UNODC_2018,
        notes="Voluntary lead shepherd of the SOMTC WG on Wildlife and Timber for Thailand.",
    ),
    Agency(
        "NPA",
        "JPN",
        "National Police Agency",
        "public record (Japan's National Police Agency)",
    ),
    Agency(
        "PCTC",
        "PHL",
        "Philippine Center on Transnational Crime",
        "public record (agency exists); PHL is lead shepherd on TIP per " + df("Bodies"),
    ),
    Agency(
        "SPF",
        "SGP",
        "Singapore Police Force",
        "public record (agency exists); SGP is lead shepherd on cybercrime per " + df("Bodies"),
    ),
    # The police and drug-control agencies that send the delegations to the ASEANAPOL
    # conferences, the ASOD and the AMMD, and partners' agencies that attend them.
    Agency(
        "BNN",
        "IDN",
        "National Narcotics Board",
        "public record (agency exists)",
        local_name="Badan Narkotika Nasional",
    ),
    Agency("PNP", "PHL", "Philippine National Police", "public record (agency exists)"),
    Agency("PDEA", "PHL", "Philippine Drug Enforcement Agency", "public record (agency exists)"),
    Agency("DDB", "PHL", "Dangerous Drugs Board", "public record (agency exists)"),
    Agency(
        "PDRM",
        "MYS",
        "Royal Malaysia Police",
        "public record (agency exists)",
        local_name="Polis Diraja Malaysia",
    ),
    Agency("AADK", "MYS", "National Anti-Drugs Agency", "public record (agency exists)"),
    Agency("CNB", "SGP", "Central Narcotics Bureau", "public record (agency exists)"),
    Agency("ONCB", "THA", "Office of the Narcotics Control Board", "public record (agency exists)"),
    Agency("MPF", "MMR", "Myanmar Police Force", "public record (agency exists)"),
    Agency("RBPF", "BRN", "Royal Brunei Police Force", "public record (agency exists)"),
    Agency("NCB", "BRN", "Narcotics Control Bureau", "public record (agency exists, Brunei)"),
    Agency(
        "NACD",
        "KHM",
        "National Authority for Combating Drugs",
        "public record (agency exists)",
    ),
    Agency("CNP", "KHM", "Cambodian National Police", "public record (agency exists)"),
    Agency(
        "LCDC",
        "LAO",
        "Lao National Commission for Drug Control and Supervision",
        "public record (agency exists)",
    ),
    Agency("KNPA", "KOR", "Korean National Police Agency", "public record (agency exists)"),
    Agency("DEA", "USA", "Drug Enforcement Administration", "public record (agency exists)"),
    Agency("FBI", "USA", "Federal Bureau of Investigation", "public record (agency exists)"),
)

# --------------------------------------------------------------------------------------------
# Crime areas
# --------------------------------------------------------------------------------------------

_CA_1999 = (
    df("Crime areas")
    + " (the eight of 1999; linked to the 2nd AMMTC, Yangon, 23 Jun 1999, the only AMMTC "
    "that year — inferred)"
)
_CA_2015 = df("Crime areas") + " (added at the 10th AMMTC, Kuala Lumpur, 2015)"
_CA_DROPPED = (
    " The 19th AMMTC (Sep 2025) agreed to drop it from the priority list for the next session "
    "(ASEAN public records); off the list from 2026, the next session's year (inferred)."
)

CRIME_AREAS: tuple[CrimeArea, ...] = (
    CrimeArea("terrorism", "Terrorism", 1, "1999", _CA_1999, added_at="AMMTC/2"),
    CrimeArea(
        "illicit_drug_trafficking",
        "Illicit drug trafficking",
        2,
        "1999",
        _CA_1999,
        added_at="AMMTC/2",
    ),
    CrimeArea(
        "trafficking_in_persons",
        "Trafficking in persons",
        3,
        "1999",
        _CA_1999,
        added_at="AMMTC/2",
    ),
    CrimeArea("arms_smuggling", "Arms smuggling", 4, "1999", _CA_1999, added_at="AMMTC/2"),
    CrimeArea(
        "sea_piracy",
        "Sea piracy",
        5,
        "1999",
        _CA_1999,
        added_at="AMMTC/2",
        priority_until="2026",
        dropped_at="AMMTC/19",
        note=_CA_DROPPED.strip(),
    ),
    CrimeArea("money_laundering", "Money laundering", 6, "1999", _CA_1999, added_at="AMMTC/2"),
    CrimeArea(
        "international_economic_crime",
        "International economic crime",
        7,
        "1999",
        _CA_1999,
        added_at="AMMTC/2",
        priority_until="2026",
        dropped_at="AMMTC/19",
        note=_CA_DROPPED.strip(),
    ),
    CrimeArea(
        "cybercrime",
        "Cybercrime",
        8,
        "1999",
        _CA_1999,
        added_at="AMMTC/2",
        note="The 19th AMMTC (2025) asked for more focus on cybercrime and online scams.",
    ),
    CrimeArea(
        "wildlife_timber_trafficking",
        "Illicit trafficking of wildlife and timber",
        9,
        "2015",
        _CA_2015 + "; " + UNODC_2018 + " (endorsed as a new SOMTC crime area, Oct 2015)",
        added_at="AMMTC/10",
    ),
    CrimeArea("people_smuggling", "People smuggling", 10, "2015", _CA_2015, added_at="AMMTC/10"),
)

# --------------------------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------------------------

BODIES: tuple[Body, ...] = (
    Body(
        "ASEAN-SUMMIT",
        "ASEAN Summit",
        "summit",
        "public record",
        notes="Heads of State/Government of the ASEAN member states.",
    ),
    Body(
        "AMMTC",
        "ASEAN Ministerial Meeting on Transnational Crime",
        "ministerial",
        df("Bodies"),
        crime_areas=tuple(c.code for c in CRIME_AREAS),
        established="1997-12-20",
        established_at="AMMTC/1",
        notes=(
            "Highest policy body on transnational crime; first meeting Manila, 20 Dec 1997; "
            "biennial, yearly since the 10th (2015). SOMTC reports to it."
        ),
    ),
    Body(
        "SOMTC",
        "Senior Officials Meeting on Transnational Crime",
        "senior_officials",
        df("Bodies"),
        parent="AMMTC",
        notes="Reports to the AMMTC; its working groups report to it.",
    ),
    Body(
        "SOMTC-WG-CT",
        "SOMTC Working Group on Counter Terrorism",
        "working_group",
        df("Bodies") + "; " + SEED_000,
        parent="SOMTC",
        crime_areas=("terrorism",),
        notes="Annual meeting; Indonesia (BNPT) leads it every year (Vietnam News Agency / ANTARA, 19 May 2023).",
    ),
    Body(
        "SOMTC-WG-TIP",
        "SOMTC Working Group on Trafficking in Persons",
        "working_group",
        df("Bodies"),
        parent="SOMTC",
        crime_areas=("trafficking_in_persons",),
    ),
    Body(
        "SOMTC-WG-CYBER",
        "SOMTC Working Group on Cybercrime",
        "working_group",
        df("Bodies"),
        parent="SOMTC",
        crime_areas=("cybercrime",),
    ),
    Body(
        "SOMTC-WG-ARMS",
        "SOMTC Working Group on Arms Smuggling",
        "working_group",
        df("Bodies") + " ('since 2017'; year only, stored as 1 Jan)",
        parent="SOMTC",
        crime_areas=("arms_smuggling",),
        established="2017",
    ),
    Body(
        "SOMTC-WG-WILDLIFE",
        "SOMTC Working Group on Illicit Trafficking in Wildlife and Timber",
        "working_group",
        df("Bodies") + " (formed 2017); " + UNODC_2018 + " (establishment endorsed Sep 2017)",
        parent="SOMTC",
        crime_areas=("wildlife_timber_trafficking",),
        established="2017-09",
        notes=(
            "First meeting Bangkok, 29–30 Mar 2018, convened by the Royal Thai Police with UNODC."
        ),
    ),
    Body(
        "SOMTC-WG-ML",
        "SOMTC Working Group on Money Laundering",
        "working_group",
        df("Bodies") + " (established 19th AMMTC, 2025)",
        parent="SOMTC",
        crime_areas=("money_laundering",),
        established="2025",
        established_at="AMMTC/19",
    ),
    Body(
        "SOMTC-WG-PS",
        "SOMTC Working Group on People Smuggling",
        "working_group",
        df("Bodies") + " (endorsed 18th AMMTC, 2024)",
        parent="SOMTC",
        crime_areas=("people_smuggling",),
        established="2024",
        established_at="AMMTC/18",
    ),
    Body(
        "AMMD",
        "ASEAN Ministerial Meeting on Drug Matters",
        "ministerial",
        "public record",
        crime_areas=("illicit_drug_trafficking",),
    ),
    Body(
        "ASOD",
        "ASEAN Senior Officials on Drug Matters",
        "senior_officials",
        df("Bodies") + " (since 1984; year only, stored as 1 Jan)",
        parent="AMMD",
        crime_areas=("illicit_drug_trafficking",),
        established="1984",
    ),
    Body(
        "ASEANAPOL",
        "ASEAN National Police (ASEANAPOL) Conference",
        "other",
        df("Bodies") + " (since 1981; year only, stored as 1 Jan)",
        established="1981",
        notes="Police cooperation; secretariat in Kuala Lumpur since 2010.",
    ),
    # Consultations with partners: BODY+PARTY and BODY+3, under the ASEAN body they attach to.
    Body(
        "AMMTC+3",
        "AMMTC Plus Three Consultation (China, Japan, Republic of Korea)",
        "consultation",
        df("Bodies") + " (since 2004; year only, stored as 1 Jan)",
        parent="AMMTC",
        partners=PLUS_THREE,
        established="2004",
    ),
    Body(
        "AMMTC+CHN",
        "AMMTC+China Consultation",
        "consultation",
        df("Bodies") + " (first 17–18 Nov 2009, Siem Reap)",
        parent="AMMTC",
        partners=("CHN",),
        established="2009-11-17",
        established_at="AMMTC+CHN/1",
    ),
    Body(
        "AMMTC+JPN",
        "AMMTC+Japan Consultation",
        "consultation",
        df("Bodies") + " (first 18 Sep 2013, Vientiane)",
        parent="AMMTC",
        partners=("JPN",),
        established="2013-09-18",
        established_at="AMMTC+JPN/1",
    ),
    Body(
        "SOMTC+JPN",
        "SOMTC+Japan Consultation",
        "consultation",
        df("Bodies") + "; " + SEED_002,
        parent="SOMTC",
        partners=("JPN",),
    ),
    Body(
        "SOMTC+3",
        "SOMTC Plus Three Consultation (China, Japan, Republic of Korea)",
        "consultation",
        "public record (BODY+3 rule); " + df("Parties") + " (Plus Three SOMTC consultations)",
        parent="SOMTC",
        partners=PLUS_THREE,
    ),
    *(
        Body(
            f"SOMTC+{code}",
            f"SOMTC+{name} Consultation",
            "consultation",
            df("Parties") + " (dialogue partners with SOMTC consultations, 2015)",
            parent="SOMTC",
            partners=(code,),
        )
        for code, name in (
            ("AUS", "Australia"),
            ("CAN", "Canada"),
            ("CHN", "China"),
            ("EU", "EU"),
            ("IND", "India"),
            ("KOR", "Republic of Korea"),
            ("NZL", "New Zealand"),
            ("RUS", "Russia"),
            ("USA", "United States"),
        )
    ),
    Body(
        "ASEAN-SUMMIT+JPN",
        "ASEAN–Japan Summit",
        "consultation",
        SEED_002,
        parent="ASEAN-SUMMIT",
        partners=("JPN",),
    ),
)

# --------------------------------------------------------------------------------------------
# Terms of office: chairs and voluntary lead shepherds
# --------------------------------------------------------------------------------------------

_AS_OF = (
    " (the sources do not say when the term began: recorded as of 2025, the year of "
    "ASEAN public records, stored as 1 Jan — the term began earlier)"
)

TERMS: tuple[Term, ...] = (
    Term(
        "SOMTC-WG-CT",
        "chair",
        "IDN",
        "2023",
        SEED_000 + " ('every year, Indonesia is tasked to lead this working group'); start of the "
        "arrangement not stated: recorded from 2023, the year of the press reports (stored as 1 Jan)",
        agency="BNPT",
    ),
    Term(
        "SOMTC-WG-TIP",
        "lead_shepherd",
        "PHL",
        "2025",
        df("Bodies") + _AS_OF,
    ),
    Term(
        "SOMTC-WG-CYBER",
        "lead_shepherd",
        "SGP",
        "2025",
        df("Bodies") + _AS_OF,
    ),
    Term(
        "SOMTC-WG-ARMS",
        "lead_shepherd",
        "KHM",
        "2017",
        df("Bodies") + " ('since 2017'; year only, stored as 1 Jan)",
    ),
    Term(
        "SOMTC-WG-WILDLIFE",
        "lead_shepherd",
        "THA",
        "2017",
        df("Bodies")
        + "; "
        + UNODC_2018
        + " (Thailand leads as Voluntary Lead Shepherd via the Royal Thai Police; from the "
        "group's formation in 2017, year only, stored as 1 Jan)",
        agency="RTP",
    ),
)

# --------------------------------------------------------------------------------------------
# Meetings
# --------------------------------------------------------------------------------------------


def _ammtc(
    n: int,
    start: str,
    end: str | None,
    city: str,
    party: str,
    source: str = df("Meetings"),
    *,
    chair: bool = True,
    summary: str = "",
) -> Meeting:
    virtual = city == "online"
    return Meeting(
        "AMMTC",
        n,
        f"{ordinal(n)} ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
        start,
        end,
        city,
        party,
        party if chair else None,
        "held",
        source,
        is_virtual=virtual,
        summary=summary,
    )


def _somtc(
    n: int,
    start: str,
    end: str | None,
    city: str,
    party: str,
    source: str = df("Meetings"),
    *,
    summary: str = "",
) -> Meeting:
    return Meeting(
        "SOMTC",
        n,
        f"{ordinal(n)} ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)",
        start,
        end,
        city,
        party,
        party,
        "held",
        source,
        is_virtual=city == "online",
        summary=summary,
    )


# --------------------------------------------------------------------------------------------
# Numbered series of other bodies: the ASEAN Summits, the ASEAN Senior Officials on Drug
# Matters (ASOD), the ASEAN Ministerial Meetings on Drug Matters (AMMD) and the ASEANAPOL
# Conferences. Each record gives only what its source states: a date as precise as the source
# prints it, the city, the host, and the chair when the source names one (an ASEAN Summit is
# chaired by the ASEAN Chair of the year, which its source states). A number whose year no
# source settles is left out.
# --------------------------------------------------------------------------------------------


def _series(
    body: str,
    title: str,
    n: int,
    start: str,
    end: str | None,
    city: str | None,
    host: str | None,
    source: str,
    *,
    chair: bool,
) -> Meeting:
    return Meeting(
        body,
        n,
        title.format(n=ordinal(n)),
        start,
        end,
        city,
        host,
        host if chair else None,
        "held",
        source,
        is_virtual=city == "online",
    )


#: The four series: body, title, and whether their sources name a chair by default (an ASEAN
#: Summit is chaired by the ASEAN Chair, which its source states).
_summit = partial(_series, "ASEAN-SUMMIT", "{n} ASEAN Summit", chair=True)
_asod = partial(
    _series, "ASOD", "{n} ASEAN Senior Officials on Drug Matters (ASOD) Meeting", chair=False
)
_ammd = partial(
    _series, "AMMD", "{n} ASEAN Ministerial Meeting on Drug Matters (AMMD)", chair=False
)
_aseanapol = partial(_series, "ASEANAPOL", "{n} ASEANAPOL Conference", chair=False)


_CHAIR_STATEMENT = "ASEAN Secretariat, Chairman's Statement of the {n} ASEAN Summit"

#: The ASEAN Summits since the 14th (2009), the first under the ASEAN Charter.
ASEAN_SUMMITS: tuple[Meeting, ...] = (
    _summit(
        14,
        "2009-02-28",
        "2009-03-01",
        "Cha-am Hua Hin",
        "THA",
        _CHAIR_STATEMENT.format(n="14th") + ", 1 Mar 2009 (chair not stated)",
        chair=False,
    ),
    _summit(
        15,
        "2009-10-23",
        "2009-10-25",
        "Cha-am Hua Hin",
        "THA",
        _CHAIR_STATEMENT.format(n="15th") + ", Oct 2009 (chair not stated)",
        chair=False,
    ),
    _summit(
        16,
        "2010-04-08",
        "2010-04-09",
        "Hanoi",
        "VNM",
        _CHAIR_STATEMENT.format(n="16th") + ", 9 Apr 2010; ASEAN Secretariat, statement by "
        "Prime Minister Nguyen Tan Dung at the opening, 8 Apr 2010 ('the first summit under "
        "Viet Nam's Chairmanship of ASEAN in 2010')",
    ),
    _summit(
        17,
        "2010-10-28",
        None,
        "Hanoi",
        "VNM",
        "ASEAN Secretariat, 'Last summit by Viet Nam opens', 28 Oct 2010 (opened 28 Oct; "
        "Viet Nam's Chairmanship of ASEAN in 2010; end date not stated)",
    ),
    _summit(
        18,
        "2011-05-07",
        "2011-05-08",
        "Jakarta",
        "IDN",
        "Okezone, 'Ini Negara yang Sering Jadi Tuan Rumah KTT ASEAN', 6 Sep 2023 (Jakarta, "
        "7–8 May 2011); eTurboNews, Nov 2011 (Indonesia, ASEAN Chair in 2011, hosted the "
        "summit in Jakarta in May 2011; number from the 19th in November)",
    ),
    _summit(
        19,
        "2011-11-17",
        None,
        "Nusa Dua",
        "IDN",
        "eTurboNews, Nov 2011 (the 19th ASEAN Summit opens on Thursday 17 November 2011 at "
        "the Bali Nusa Dua Convention Center); Vietnam News Agency, 18 Nov 2011 (Indonesia "
        "holds the chairmanship of ASEAN in 2011); end date not stated",
    ),
    _summit(
        20,
        "2012-04-03",
        "2012-04-04",
        "Phnom Penh",
        "KHM",
        "Vietnam News Agency, '20th ASEAN Summit makes further progress', Apr 2012 (two-day "
        "summit, ended 4 Apr); ASEAN Secretariat, 4 Apr 2012 (Cambodia's theme for its "
        "chairmanship in 2012)",
    ),
    _summit(
        21,
        "2012-11-18",
        None,
        "Phnom Penh",
        "KHM",
        "Vietnam News Agency, 'ASEAN Summit opens in Cambodia', Nov 2012 (opened 18 Nov; "
        "Prime Minister Hun Sen, Chair of ASEAN); end date not stated",
    ),
    _summit(
        22,
        "2013-04-24",
        "2013-04-25",
        "Bandar Seri Begawan",
        "BRN",
        "Xiamen University Research School for Southeast Asian Studies, '22nd and 23rd ASEAN "
        "Summit 2013, Brunei Darussalam', 24 Apr 2013 (Brunei Darussalam, Chair of ASEAN in "
        "2013, chairs the 22nd Summit on 24–25 April); ASEAN Secretariat, Apr 2013",
    ),
    _summit(
        23,
        "2013-10-09",
        "2013-10-10",
        None,
        "BRN",
        "Xiamen University Research School for Southeast Asian Studies, '22nd and 23rd ASEAN "
        "Summit 2013, Brunei Darussalam', 24 Apr 2013 (the 23rd Summit on 9–10 October 2013); "
        "Council on Foreign Relations, Chair's Statement of the 23rd ASEAN Summit, 9 Oct 2013; "
        "city not stated",
    ),
    _summit(
        24,
        "2014-05-10",
        "2014-05-11",
        "Nay Pyi Taw",
        "MMR",
        "Vietnam News Agency, 16 May 2014 (held in Nay Pyi Taw on 10–11 May); Vietnam News "
        "Agency, May 2014 (presided over by President U Thein Sein of the host country)",
    ),
    _summit(
        25,
        "2014-11-12",
        "2014-11-13",
        "Nay Pyi Taw",
        "MMR",
        "ASEAN Secretariat News, 12 Nov 2014 (begins today; the first time Myanmar chairs "
        "ASEAN); Vietnam News Agency, Nov 2014 (concluded 13 Nov)",
    ),
    _summit(
        26,
        "2015-04-27",
        None,
        "Kuala Lumpur",
        "MYS",
        "ASEAN Secretariat News, 27 Apr 2015 (opening at the Kuala Lumpur Convention Center; "
        "Prime Minister Najib Razak, ASEAN Chair for 2015; retreat in Langkawi on day two; "
        "end date not stated)",
    ),
    _summit(
        27,
        "2015-11-21",
        "2015-11-21",
        "Kuala Lumpur",
        "MYS",
        _CHAIR_STATEMENT.format(n="27th") + ", Kuala Lumpur, 21 Nov 2015 (under Malaysia's "
        "Chairmanship)",
    ),
    _summit(
        28,
        "2016-09-06",
        "2016-09-06",
        "Vientiane",
        "LAO",
        "ASEAN Secretariat, Chairman's Statement of the 28th and 29th ASEAN Summits, Sep 2016 "
        "(Vientiane, 6–7 Sep 2016, under the Chairmanship of the Lao PDR); Rappler, 5 Sep "
        "2016 (programme: the 28th Summit on 6 Sep)",
    ),
    _summit(
        29,
        "2016-09-07",
        "2016-09-07",
        "Vientiane",
        "LAO",
        "ASEAN Secretariat, Chairman's Statement of the 28th and 29th ASEAN Summits, Sep 2016 "
        "(Vientiane, 6–7 Sep 2016, under the Chairmanship of the Lao PDR); Rappler, 5 Sep "
        "2016 (programme: the 29th Summit, a retreat, on 7 Sep)",
    ),
    _summit(
        30,
        "2017-04-29",
        "2017-04-29",
        "Manila",
        "PHL",
        _CHAIR_STATEMENT.format(n="30th") + ", Manila, 29 Apr 2017 (under the Chairmanship "
        "of the Philippines)",
    ),
    _summit(
        31,
        "2017-11-13",
        None,
        "Manila",
        "PHL",
        "CARI ASEAN Research and Advocacy, 'Special update on 31st ASEAN Summit', 28 Nov 2017 "
        "(Manila, 13 Nov 2017, under the Chairmanship of the Philippines); end date not stated",
    ),
    _summit(
        32,
        "2018-04-28",
        "2018-04-28",
        "Singapore",
        "SGP",
        _CHAIR_STATEMENT.format(n="32nd") + ", 28 Apr 2018 (via Philstar); Presidential "
        "Communications (Philippines), 13 Nov 2018 (Singapore's Chairmanship of ASEAN in 2018)",
    ),
    _summit(
        33,
        "2018-11-13",
        "2018-11-13",
        "Singapore",
        "SGP",
        _CHAIR_STATEMENT.format(n="33rd") + ", 13 Nov 2018; Presidential Communications "
        "(Philippines), 13 Nov 2018 (Singapore's Chairmanship)",
    ),
    _summit(
        34,
        "2019-06-22",
        "2019-06-23",
        "Bangkok",
        "THA",
        "Ministry of Foreign Affairs of Thailand, Prime Minister's press conference at the "
        "34th ASEAN Summit, 23 Jun 2019 (began 22 June with the plenary, retreat 23 June; "
        "Thailand is the Chair of ASEAN and host)",
    ),
    _summit(
        35,
        "2019-11-02",
        "2019-11-03",
        "Bangkok",
        "THA",
        _CHAIR_STATEMENT.format(n="35th") + ", Nov 2019 (Bangkok, 2–3 Nov 2019); Brunei "
        "News Gazette, Nov 2019 (Prime Minister Prayut Chan-o-cha as the Chairman of ASEAN)",
    ),
    _summit(
        36,
        "2020-06-26",
        "2020-06-26",
        "online",
        "VNM",
        "Vietnam News Agency, 26 Jun 2020 (by video conference; chaired by Prime Minister "
        "Nguyen Xuan Phuc, Viet Nam being ASEAN Chair in 2020)",
    ),
    _summit(
        37,
        "2020-11-12",
        "2020-11-12",
        "online",
        "VNM",
        _CHAIR_STATEMENT.format(n="37th") + " (via Vietnam News Agency), Nov 2020 (12 Nov "
        "2020, under the Chairmanship of Viet Nam; held virtually)",
    ),
    _summit(
        38,
        "2021-10-26",
        "2021-10-26",
        "online",
        "BRN",
        "ASEAN 2021 Brunei Darussalam, ASEAN Leaders' Declaration on Upholding Multilateralism "
        "('on the occasion of the 38th ASEAN Summit on 26 October 2021'); Xinhua, 29 Oct 2021 "
        "(the Sultan of Brunei, ASEAN chairman for 2021); Vietnam News Agency, Oct 2021 (held "
        "by videoconference)",
    ),
    _summit(
        39,
        "2021-10",
        None,
        "online",
        "BRN",
        "Xinhua, 29 Oct 2021 (the 38th and 39th summits concluded on 28 October; the Sultan "
        "of Brunei, ASEAN chairman for 2021); Vietnam News Agency, Oct 2021 (held by "
        "videoconference, 26–28 Oct); day of the 39th not stated: month only",
    ),
    _summit(
        40,
        "2022-11-11",
        "2022-11-11",
        "Phnom Penh",
        "KHM",
        "ASEAN Secretariat, Chairman's Statement of the 40th and 41st ASEAN Summits, Phnom "
        "Penh, 11 Nov 2022 (chaired by Prime Minister Hun Sen, under the Chairmanship of "
        "Cambodia)",
    ),
    _summit(
        41,
        "2022-11-11",
        "2022-11-11",
        "Phnom Penh",
        "KHM",
        "ASEAN Secretariat, Chairman's Statement of the 40th and 41st ASEAN Summits, Phnom "
        "Penh, 11 Nov 2022 (chaired by Prime Minister Hun Sen, under the Chairmanship of "
        "Cambodia)",
    ),
    _summit(
        42,
        "2023-05-10",
        "2023-05-11",
        "Labuan Bajo",
        "IDN",
        "Katadata Databoks, Sep 2023 (Labuan Bajo, 10–11 May 2023); IDCorner, 6 Sep 2023 "
        "(Indonesia holds the ASEAN Chairmanship in 2023)",
    ),
    _summit(
        43,
        "2023-09-05",
        "2023-09-07",
        "Jakarta",
        "IDN",
        "Katadata Databoks, Sep 2023 (Jakarta Convention Center, 5–7 Sep 2023); IDCorner, "
        "6 Sep 2023 (Indonesia holds the ASEAN Chairmanship in 2023)",
    ),
    _summit(
        44,
        "2024-10-09",
        "2024-10-09",
        "Vientiane",
        "LAO",
        "ASEAN Secretariat, Chairman's Statement of the 44th and 45th ASEAN Summits, "
        "Vientiane, 9 Oct 2024 (chaired by "
        "Prime Minister Sonexay Siphandone, under the Chairmanship of the Lao PDR)",
    ),
    _summit(
        45,
        "2024-10-09",
        "2024-10-09",
        "Vientiane",
        "LAO",
        "ASEAN Secretariat, Chairman's Statement of the 44th and 45th ASEAN Summits, "
        "Vientiane, 9 Oct 2024 (chaired by "
        "Prime Minister Sonexay Siphandone, under the Chairmanship of the Lao PDR)",
    ),
    _summit(
        46,
        "2025-05-26",
        "2025-05-26",
        "Kuala Lumpur",
        "MYS",
        _CHAIR_STATEMENT.format(n="46th") + " (via Bernama), 28 May 2025 (Kuala Lumpur, "
        "26 May 2025; chaired by Prime Minister Anwar Ibrahim, under the Chairmanship of "
        "Malaysia)",
    ),
    _summit(
        47,
        "2025-10-26",
        None,
        "Kuala Lumpur",
        "MYS",
        df("Parties") + " (TLS admitted 26 Oct 2025, 47th ASEAN Summit, Kuala Lumpur; end "
        "date not stated); The Sun (Malaysia), 28 May 2025 (the 47th ASEAN Summit in October "
        "2025 in Malaysia, under Malaysia's 2025 ASEAN Chairmanship)",
    ),
)

#: Meetings of the ASEAN Senior Officials on Drug Matters, held yearly.
ASOD_MEETINGS: tuple[Meeting, ...] = (
    _asod(
        21,
        "1999-04-06",
        "1999-04-08",
        "Jakarta",
        "IDN",
        "ASEAN Secretariat, press release '21st Meeting of the ASEAN Senior Officials on Drug "
        "Matters, Jakarta, Indonesia, 6-8 April 1999'",
    ),
    _asod(
        31,
        "2010-10-12",
        "2010-10-16",
        "Jakarta",
        "IDN",
        "Philippine Information Agency, ASEAN Training Center for Preventive Drug Education, "
        "2010 (Hotel Borobudur, Jakarta, 12–16 Oct 2010; chaired by Gories Mere, Head of the "
        "National Narcotics Board of Indonesia, the host)",
        chair=True,
    ),
    _asod(
        34,
        "2013-09-24",
        "2013-09-27",
        "Yangon",
        "MMR",
        "Xinhua, 25 Sep 2013 (Myanmar hosts; the four-day meeting kicked off in Yangon on "
        "Tuesday 24 Sep and ends on Friday 27 Sep)",
    ),
    _asod(
        35,
        "2014-07-01",
        "2014-07-04",
        "Makati",
        "PHL",
        "Vietnam News Agency, Jul 2014 (the 35th meeting and related events in Makati City, "
        "the Philippines, 1–4 July; the year follows the 34th, Yangon, September 2013, and "
        "the 36th, Singapore, August 2015)",
    ),
    _asod(
        36,
        "2015-08-24",
        "2015-08-25",
        "Singapore",
        "SGP",
        "The Brunei Times, 'Towards a drug-free ASEAN', 30 Aug 2015 (the 36th meeting, in "
        "Singapore on 24 August; a two-day meeting)",
    ),
    _asod(
        37,
        "2016",
        None,
        None,
        "THA",
        "Vietnam News Agency, 26 Jul 2017 ('ASOD 37 held in Thailand in 2016'; year only, "
        "stored as 1 Jan)",
    ),
    _asod(
        38,
        "2017-07-25",
        "2017-07-27",
        "Hanoi",
        "VNM",
        "Vietnam News Agency, 26 Jul 2017 (Hanoi, 25–27 Jul 2017)",
    ),
    _asod(
        39,
        "2018-08-28",
        "2018-08-29",
        "Bandar Seri Begawan",
        "BRN",
        "ASEAN Senior Officials on Drug Matters, summary report of the 39th ASOD, 2018 "
        "(Bandar Seri Begawan, 28–29 Aug 2018; chaired by the Acting Director of the "
        "Narcotics Control Bureau of Brunei Darussalam)",
        chair=True,
    ),
    _asod(
        44,
        "2023-07",
        None,
        "online",
        "MMR",
        "Myanmar Ministry of Information, 8 Jul 2023 (hosted by Myanmar through a video "
        "conference, July 2023; month only); the Philippines to host the 45th in 2024",
    ),
)

#: The ASEAN Ministerial Meetings on Drug Matters.
AMMD_MEETINGS: tuple[Meeting, ...] = (
    _ammd(
        3,
        "2014-12-03",
        "2014-12-03",
        "Jakarta",
        "IDN",
        "ASEAN Secretariat, 'ASEAN steps up action against illicit drugs', 4 Dec 2014 (held "
        "yesterday in Jakarta; chaired by the Head of the National Narcotics Board of "
        "Indonesia)",
        chair=True,
    ),
    _ammd(
        4,
        "2015-10-28",
        "2015-10-29",
        "Langkawi",
        "MYS",
        "Ministry of Home Affairs of Singapore, press release, 29 Oct 2015 (Langkawi, "
        "Malaysia, 28–29 Oct 2015; chaired by Malaysia's Deputy Prime Minister and Minister "
        "of Home Affairs)",
        chair=True,
    ),
    _ammd(
        5,
        "2016-10-20",
        "2016-10-20",
        "Singapore",
        "SGP",
        "Ministry of Home Affairs of Singapore, Chairman's Statement of the 5th AMMD, 21 Oct "
        "2016 (held on 20 Oct 2016 in Singapore; chaired by the Minister for Home Affairs of "
        "Singapore); Central Narcotics Bureau, 20 Oct 2016 (Singapore hosts, 19–20 Oct)",
        chair=True,
    ),
    _ammd(
        6,
        "2018-10-18",
        "2018-10-18",
        "Hanoi",
        "VNM",
        "ASEAN-NARCO, 18 Oct 2018 (Viet Nam hosted the 6th AMMD in Hanoi on 18 October 2018; "
        "chaired by Senior Police Lieutenant General Le Quy Vuong of Viet Nam)",
        chair=True,
    ),
    _ammd(
        8,
        "2023-08-11",
        "2023-08-11",
        "Vientiane",
        "LAO",
        "Vietnam News Agency, 11 Aug 2023 (opened in Vientiane on 11 August); Xinhua (via "
        "UrduPoint), 12 Aug 2023 (chaired by Lao Deputy Prime Minister and Minister of Public "
        "Security Vilay Lakhamfong); the preparatory senior officials' meeting was held on 10 "
        "Aug (Tribunnews, 11 Aug 2023)",
        chair=True,
    ),
)

#: The ASEANAPOL Conferences of the ASEAN chiefs of police, held yearly since 1981.
ASEANAPOL_CONFERENCES: tuple[Meeting, ...] = (
    _aseanapol(
        29,
        "2009-05-12",
        "2009-05-16",
        "Hanoi",
        "VNM",
        "Borneo Bulletin (Brunei Press), 21 May 2009 (Hanoi, 12–16 May 2009; the Director "
        "General of the General Department of Vietnam Police appointed Chairman)",
        chair=True,
    ),
    _aseanapol(
        30,
        "2010-05-25",
        "2010-05-27",
        "Phnom Penh",
        "KHM",
        "Reaksmey in Action (Cambodia), 1 Jun 2010 (the Royal Government of Cambodia hosted "
        "the 30th conference in Phnom Penh on 25–27 May 2010); Xinhua/VNA via Le Courrier du "
        "Vietnam, May 2010 (opened by Deputy Prime Minister Sar Kheng)",
    ),
    _aseanapol(
        31,
        "2011-05-31",
        "2011-06-02",
        "Vientiane",
        "LAO",
        "Vietnam News Agency, 2011 (31st conference, Vientiane, 31 May – 2 June)",
    ),
    _aseanapol(
        34,
        "2014-05-13",
        None,
        "Pasay",
        "PHL",
        "Presidential Communications Operations Office (Philippines), RTVM, 13 May 2014 "
        "(opening at the Sofitel Philippine Plaza, Pasay City; the fifth time the Philippines "
        "hosted); end date not stated",
    ),
    _aseanapol(
        36,
        "2016-07-26",
        "2016-07-28",
        "Kuala Lumpur",
        "MYS",
        "Xinhua (via ECNS), 26 Jul 2016 (opened on Tuesday in Malaysia); Vietnam News "
        "Agency, Jul 2016 (concluded on 28 July in Kuala Lumpur)",
    ),
    _aseanapol(
        37,
        "2017-09-13",
        None,
        "Singapore",
        "SGP",
        "Prime Minister's Office Singapore, speech at the opening of the 37th ASEANAPOL "
        "Conference, 13 Sep 2017 ('We are honoured to host'); end date not stated",
    ),
    _aseanapol(
        38,
        "2018",
        None,
        None,
        "BRN",
        "People's Public Security Newspaper (Viet Nam), 1 Aug 2019 (the Royal Brunei Police "
        "hosted the 38th ASEANAPOL Conference in 2018; year only, stored as 1 Jan)",
    ),
    _aseanapol(
        39,
        "2019-09",
        None,
        "Hanoi",
        "VNM",
        "People's Public Security Newspaper (Viet Nam), 1 Aug 2019 (in Hanoi later this year; "
        "Viet Nam holds the ASEANAPOL presidency in 2019); The Daily Manila Shimbun, 15 Sep "
        "2019 (the Philippine delegation in Hanoi on 16–20 September; month only); Quan Doi "
        "Nhan Dan, Sep 2019 (a three-day event; Viet Nam's police the Chair of ASEANAPOL 39)",
        chair=True,
    ),
    _aseanapol(
        40,
        "2022-03-01",
        "2022-03-05",
        "Phnom Penh",
        "KHM",
        "Agence Kampuchea Presse (via Cambodia Chronicle), Mar 2022 (Cambodia hosts the 40th "
        "ASEANAPOL Conference from 1 to 5 March 2022 in Phnom Penh)",
    ),
    _aseanapol(
        41,
        "2023-10-17",
        "2023-10-19",
        "Vientiane",
        "LAO",
        "ASEANAPOL Secretariat, 19 Sep 2023 (Vientiane, 17–19 Oct 2023); Vietnam News Agency, "
        "17 Oct 2023 (opened in Vientiane on 17 October; three days)",
    ),
    _aseanapol(
        43,
        "2025-11-03",
        "2025-11-07",
        "Bangkok",
        "THA",
        "The Nation (Thailand), 2 Nov 2025 (hosted by the Royal Thai Police in Bangkok, 3–7 "
        "Nov 2025); The Nation, 11 Nov 2025 (the ASEANAPOL chairmanship handed to the Chief "
        "of the Royal Thai Police)",
        chair=True,
    ),
)

MEETINGS: tuple[Meeting, ...] = (
    # AMMTC
    _ammtc(
        1,
        "1997-12-20",
        "1997-12-20",
        "Manila",
        "PHL",
        df("Bodies") + " (first meeting Manila, 20 Dec 1997); host from the city, chair not stated",
        chair=False,
    ),
    _ammtc(
        2,
        "1999-06-23",
        "1999-06-23",
        "Yangon",
        "MMR",
        df("Instruments") + " (2nd AMMTC, Yangon, 23 Jun 1999); host from the city, chair not "
        "stated",
        chair=False,
    ),
    _ammtc(
        10,
        "2015-09-29",
        None,
        "Kuala Lumpur",
        "MYS",
        df("Meetings") + " (opened 29 Sep 2015; end date not stated)",
    ),
    _ammtc(11, "2017-09-18", "2017-09-21", "Manila", "PHL"),
    _ammtc(
        12,
        "2018-10-31",
        None,
        "Nay Pyi Taw",
        "MMR",
        df("Meetings") + " (date approximate: '~31 Oct 2018')",
    ),
    _ammtc(13, "2019-11-27", "2019-11-27", "Bangkok", "THA"),
    _ammtc(14, "2020-11-26", "2020-11-26", "online", "VNM", df("Meetings") + " (virtual)"),
    _ammtc(15, "2021-09-29", "2021-09-30", "online", "BRN", df("Meetings") + " (virtual)"),
    _ammtc(16, "2022-09-21", "2022-09-22", "online", "KHM", df("Meetings") + " (virtual)"),
    _ammtc(
        17,
        "2023-08-20",
        "2023-08-23",
        "Labuan Bajo",
        "IDN",
        df("Meetings") + "; " + SEED_002 + "; " + SEED_000 + " ('to be hosted by Indonesia')",
        summary=(
            "Hosted by Indonesia, ASEAN chair in 2023, in Labuan Bajo (West Manggarai, East Nusa "
            "Tenggara). ASEAN and Japan reached agreement on the ASEAN–Japan work plan on "
            "combating transnational crime 2023–2027 (ANTARA, August 2023); SOMTC work plans with the Plus "
            "Three, China, India, Japan, New Zealand and the United States were adopted "
            "(ASEAN public records)."
        ),
    ),
    _ammtc(
        18,
        "2024-08-28",
        "2024-08-28",
        "Vientiane",
        "LAO",
        df("Meetings") + "; " + ASEAN_2024 + " (chaired by Lao PDR)",
        summary=(
            "Theme 'ASEAN: Enhancing Connectivity and Resilience'. Ministers assessed progress "
            "in implementing the ASEAN Plan of Action in Combating Transnational Crime "
            "2016–2025 and adopted a Declaration, a Joint Statement and other guiding documents; "
            "Timor-Leste attended as observer; Malaysia welcomed as incoming chair for 2025 "
            "(ASEAN Secretariat, 28 Aug 2024). Endorsed a SOMTC Working Group on People Smuggling "
            "(ASEAN public records)."
        ),
    ),
    _ammtc(
        19,
        "2025-09-08",
        "2025-09-12",
        "Melaka",
        "MYS",
        summary=(
            "Adopted the ASEAN Plan of Action on Combating Transnational Crime 2026–2035, the "
            "Melaka Declaration and the Border Management Cooperation Roadmap; extended the Bali "
            "Work Plan to 2026; established a SOMTC Working Group on Money Laundering; agreed to "
            "drop sea piracy and international economic crime from the priority list for the "
            "next session, with more focus on cybercrime and online scams (ASEAN public records)."
        ),
    ),
    # SOMTC
    _somtc(16, "2016-05-23", "2016-05-26", "Jakarta", "IDN"),
    _somtc(18, "2018-09-24", "2018-09-27", "Putrajaya", "MYS"),
    _somtc(
        20,
        "2020-09",
        None,
        "online",
        "PHL",
        df("Meetings") + " (virtual; month only: Sep 2020)",
    ),
    _somtc(
        21,
        "2021-07-27",
        None,
        "online",
        "BRN",
        df("Meetings") + " (virtual; from 27 Jul 2021, end not stated)",
    ),
    _somtc(22, "2022-07-19", "2022-07-21", "online", "KHM", df("Meetings") + " (virtual)"),
    _somtc(
        23,
        "2023-06-19",
        "2023-06-23",
        "Yogyakarta",
        "IDN",
        df("Meetings") + "; " + SEED_000 + " (SOMTC 'scheduled on June 19 to 23 in Yogyakarta')",
        summary="Received the outcomes of the 19th SOMTC Working Group on Counter Terrorism "
        "(Vietnam News Agency / ANTARA, 19 May 2023).",
    ),
    _somtc(24, "2024-06-26", None, "Vientiane", "LAO", df("Meetings") + " (from 26 Jun 2024)"),
    _somtc(
        25,
        "2025-06-23",
        None,
        "Putrajaya",
        "MYS",
        df("Meetings") + " (from 23 Jun 2025; 10 partners incl. GBR — ASEAN public records)",
    ),
    # The next SOMTC and AMMTC are planned by the between-meetings story, dated from the day
    # the demo is loaded (mufakat.demo.story).
    # SOMTC working groups
    Meeting(
        "SOMTC-WG-CT",
        19,
        "19th SOMTC Working Group on Counter Terrorism",
        "2023-05-18",
        "2023-05-18",
        "Bali",
        "IDN",
        "IDN",
        "held",
        df("Meetings") + "; " + SEED_000 + " (18 May 2023, Bali; Indonesia leads the group)",
        summary=(
            "Annual meeting, led by Indonesia (BNPT). A platform to improve collaboration among "
            "ASEAN countries against terrorism, including prevention and law enforcement; to "
            "exchange knowledge, information, experiences and good practices; and to discuss "
            "future plans. The Bali Work Plan 2019–2025 was discussed. Outcomes to be submitted "
            "to the SOMTC (Yogyakarta, 19–23 June) and the AMMTC (Labuan Bajo, August) "
            "(Vietnam News Agency / ANTARA, 19 May 2023)."
        ),
    ),
    Meeting(
        "SOMTC-WG-WILDLIFE",
        1,
        "1st Meeting of the SOMTC Working Group on Illicit Trafficking in Wildlife and Timber",
        "2018-03-29",
        "2018-03-30",
        "Bangkok",
        "THA",
        "THA",
        "held",
        df("Bodies")
        + "; "
        + UNODC_2018
        + " (convened by the Royal Thai Police with UNODC; THA lead shepherd)",
        summary=(
            "First meeting of the new working group, convened by the Royal Thai Police in "
            "cooperation with UNODC, to set the group's priorities and work programme "
            "activities for the next three years (UNODC, 30 Mar 2018)."
        ),
    ),
    # Consultations with partners
    Meeting(
        "SOMTC+JPN",
        19,
        "19th SOMTC+Japan Consultation",
        "2023-06",
        None,
        "Yogyakarta",
        "IDN",
        None,
        "held",
        SEED_002 + " (Yogyakarta, June 2023; month only); " + df("Bodies") + "; chair not stated",
        summary="ASEAN and Japan discussed the ASEAN–Japan work plan on combating "
        "transnational crime 2023–2027 (ANTARA, August 2023).",
    ),
    Meeting(
        "AMMTC+CHN",
        1,
        "1st AMMTC+China Consultation",
        "2009-11-17",
        "2009-11-18",
        "Siem Reap",
        "KHM",
        None,
        "held",
        df("Bodies") + " (first AMMTC+China, 17–18 Nov 2009, Siem Reap); host from the city",
    ),
    Meeting(
        "AMMTC+JPN",
        1,
        "1st AMMTC+Japan Consultation",
        "2013-09-18",
        "2013-09-18",
        "Vientiane",
        "LAO",
        None,
        "held",
        df("Bodies") + " (first AMMTC+Japan, 18 Sep 2013, Vientiane); host from the city",
    ),
    Meeting(
        "AMMTC+3",
        10,
        "10th AMMTC Plus Three Consultation",
        "2019-11-28",
        "2019-11-28",
        "Bangkok",
        "THA",
        None,
        "held",
        MPS_2019 + " (10th AMMTC+3, Bangkok, 28 Nov 2019); host from the city",
        summary=(
            "ASEAN countries valued the cooperation mechanism with China, Japan and the Republic "
            "of Korea; Viet Nam urged continued implementation of the ASEAN+3 plan of action to "
            "combat terrorism and transnational crime 2018–2022 (Viet Nam Ministry of Public Security, 29 Nov 2019)."
        ),
    ),
    # Summits
    Meeting(
        "ASEAN-SUMMIT+JPN",
        None,
        "ASEAN–Japan Summit (Nay Pyi Taw, November 2014)",
        "2014-11-12",
        "2014-11-12",
        "Nay Pyi Taw",
        "MMR",
        None,
        "held",
        SEED_002 + " (ASEAN–Japan Summit, 12 Nov 2014, 'in Myanmar'); city Nay Pyi Taw from public "
        "record; ordinal not stated",
    ),
    # The numbered series of the summits, the drug bodies and the police chiefs (above)
    *ASEAN_SUMMITS,
    *ASOD_MEETINGS,
    *AMMD_MEETINGS,
    *ASEANAPOL_CONFERENCES,
)

WGCT19 = "SOMTC-WG-CT/19"
SOMTC23 = "SOMTC/23"
AMMTC17 = "AMMTC/17"
SOMTCJPN19 = "SOMTC+JPN/19"

# --------------------------------------------------------------------------------------------
# Agenda and participants (19th WG-CT, 17th AMMTC)
# --------------------------------------------------------------------------------------------

_ORDER = " (order of items invented)"

AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem(
        WGCT19,
        1,
        "Exchange of knowledge, information, experiences and good practices",
        SEED_000 + _ORDER,
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        WGCT19,
        2,
        "Implementation of the Bali Work Plan 2019–2025 on preventing and countering violent "
        "extremism and radicalism",
        SEED_000 + _ORDER,
        instrument="bali-wp-2019-2025",
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        WGCT19,
        3,
        "Prevention and law-enforcement aspects of counter-terrorism cooperation",
        SEED_000 + _ORDER,
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        WGCT19,
        4,
        "Collaboration with stakeholders, including partners outside ASEAN",
        SEED_000 + _ORDER,
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        WGCT19,
        5,
        "Future plans for tackling terror issues",
        SEED_000 + _ORDER,
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        WGCT19,
        6,
        "Report of the meeting to the 23rd SOMTC and the 17th AMMTC",
        SEED_000 + _ORDER,
    ),
    AgendaItem(SOMTC23, 1, "Adoption of the agenda", df("Meetings") + _ORDER),
    AgendaItem(
        SOMTC23,
        2,
        "Report of the 19th SOMTC Working Group on Counter Terrorism",
        SEED_000 + " (WG-CT outcomes submitted to SOMTC)" + _ORDER,
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        SOMTC23,
        3,
        "Draft ASEAN–Japan work plan on combating transnational crime 2023–2027",
        SEED_002 + " (work plan discussed in Yogyakarta)" + _ORDER,
        instrument="asean-japan-wp-2023-2027",
    ),
    AgendaItem(
        SOMTC23,
        4,
        "Implementation of the Bali Work Plan 2019–2025",
        SEED_000 + _ORDER,
        instrument="bali-wp-2019-2025",
        crime_areas=("terrorism",),
    ),
    AgendaItem(
        SOMTC23,
        5,
        "Preparations for the 17th AMMTC in Labuan Bajo",
        SEED_000 + " (outcomes to be submitted to the AMMTC)" + _ORDER,
    ),
    AgendaItem(
        AMMTC17,
        1,
        "Report of the 23rd SOMTC, including the outcomes of its working groups",
        SEED_000 + " (WG-CT outcomes submitted to SOMTC and AMMTC)" + _ORDER,
    ),
    AgendaItem(
        AMMTC17,
        2,
        "ASEAN–Japan work plan on combating transnational crime 2023–2027",
        SEED_002 + _ORDER,
        instrument="asean-japan-wp-2023-2027",
        crime_areas=(
            "terrorism",
            "cybercrime",
            "illicit_drug_trafficking",
            "sea_piracy",
            "trafficking_in_persons",
        ),
    ),
    AgendaItem(
        AMMTC17,
        3,
        "SOMTC work plans with dialogue partners (Plus Three, China, India, New Zealand, "
        "United States)",
        df("Instruments") + _ORDER,
    ),
    AgendaItem(
        AMMTC17,
        4,
        "Monitoring the implementation of work plans through SOMTC and AMMTC",
        SEED_002 + _ORDER,
    ),
)

_WG_ATTEND = SEED_000 + " ('ASEAN countries'; attendance of each member state invented)"
_SOMTC_ATTEND = SEED_000 + " (SOMTC in Yogyakarta; attendance of each member state invented)"
_AMMTC_ATTEND = SEED_002 + " (ASEAN and Japan; attendance of each member state invented)"

PARTICIPANTS: tuple[Participant, ...] = (
    Participant(
        WGCT19,
        "IDN",
        "chair",
        SEED_000,
        agency="BNPT",
        head_of_delegation="Andika Chrisnayudanto",
        position="Deputy for International Cooperation, BNPT",
    ),
    *(Participant(WGCT19, c, "member", _WG_ATTEND) for c in MEMBER_STATES_2023 if c != "IDN"),
    Participant(WGCT19, "ASEC", "secretariat", "invented (ASEAN Secretariat support)"),
    Participant(
        SOMTC23,
        "IDN",
        "chair",
        df("Meetings") + " (host, Yogyakarta); the chair's agency is not stated",
    ),
    *(Participant(SOMTC23, c, "member", _SOMTC_ATTEND) for c in MEMBER_STATES_2023 if c != "IDN"),
    Participant(SOMTC23, "ASEC", "secretariat", "invented (ASEAN Secretariat support)"),
    Participant(
        AMMTC17,
        "IDN",
        "chair",
        SEED_002
        + " (host; ASEAN chaired by Indonesia). Krishna Murti, head of the POLRI International "
        "Relations Division, reported the outcome; his delegation role is not stated",
        agency="POLRI",
    ),
    *(Participant(AMMTC17, c, "member", _AMMTC_ATTEND) for c in MEMBER_STATES_2023 if c != "IDN"),
    Participant(
        AMMTC17,
        "JPN",
        "partner",
        SEED_002 + " (agreement with Japan reached during the 17th AMMTC)",
    ),
    Participant(AMMTC17, "ASEC", "secretariat", "invented (ASEAN Secretariat support)"),
)

# --------------------------------------------------------------------------------------------
# Outcomes and forwardings
# --------------------------------------------------------------------------------------------

#: The deliberately restricted records, so the visibility gate is visible in the demo.
RESTRICTED_NOTE = Access(
    audience="organisation",
    tlp="AMBER+STRICT",
    owner="IDN",
    owner_agency="BNPT",
)
ASEAN_JAPAN_AMBER = Access(
    audience="sharing_group",
    tlp="AMBER",
    owner="ASEC",
    sharing_groups=("ASEAN-JPN",),
)

_J_WP = "asean-japan-wp-2023-2027"
_PARTNER_WPS = (
    "somtc-plus-three-wp-2024-2027",
    "somtc-china-wp-2024-2027",
    "somtc-india-wp-2023-2027",
    "somtc-nz-wp-2023-2025",
    "somtc-us-wp-2023-2026",
)

OUTCOMES: tuple[Outcome, ...] = (
    # 19th SOMTC WG on Counter Terrorism, Bali, 18 May 2023
    Outcome(
        "WGCT19-1",
        WGCT19,
        1,
        "recommendation",
        "Continue implementing the Bali Work Plan 2019–2025",
        "The Working Group recommended continued implementation of the Bali Work Plan "
        "2019–2025 to prevent and counter violent extremism and radicalism in the region.",
        SEED_000 + " (Bali Work Plan discussed); wording of the outcome invented",
        instruments=("bali-wp-2019-2025",),
        crime_areas=("terrorism",),
    ),
    Outcome(
        "WGCT19-2",
        WGCT19,
        2,
        "recommendation",
        "Strengthen collaboration on prevention and law enforcement, including with partners "
        "outside ASEAN",
        "The Working Group recommended strengthening collaboration among ASEAN member states "
        "in the prevention and law-enforcement aspects of counter-terrorism, including with "
        "stakeholders outside ASEAN, and continuing the exchange of knowledge, information, "
        "experiences and good practices.",
        SEED_000 + "; wording of the outcome invented",
        crime_areas=("terrorism",),
    ),
    Outcome(
        "WGCT19-3",
        WGCT19,
        3,
        "decision",
        "Submit the report of the meeting to the 23rd SOMTC and the 17th AMMTC",
        "The outcomes of the meeting are to be submitted to the SOMTC in Yogyakarta "
        "(19–23 June 2023) and to the AMMTC hosted by Indonesia in Labuan Bajo (August 2023).",
        SEED_000,
        crime_areas=("terrorism",),
    ),
    Outcome(
        "WGCT19-4",
        WGCT19,
        4,
        "action_item",
        "BNPT internal note on follow-up with partners",
        "Internal information note of BNPT on following up the meeting with partners outside "
        "ASEAN, for BNPT's own use.",
        "invented (restricted demo record; context from " + SEED_000 + ")",
        crime_areas=("terrorism",),
        responsible=("IDN",),
        due="2023-06-19",
        access=RESTRICTED_NOTE,
    ),
    # 23rd SOMTC, Yogyakarta, 19–23 June 2023
    Outcome(
        "SOMTC23-1",
        SOMTC23,
        1,
        "endorsement",
        "Endorsement of the report of the 19th SOMTC Working Group on Counter Terrorism",
        "SOMTC endorsed the recommendations of the 19th SOMTC WG on CT, including continued "
        "implementation of the Bali Work Plan 2019–2025, and submitted them to the 17th AMMTC.",
        SEED_000 + " (WG-CT outcomes submitted to SOMTC, then AMMTC); the endorsement is invented",
        instruments=("bali-wp-2019-2025",),
        crime_areas=("terrorism",),
    ),
    # 19th SOMTC+Japan, Yogyakarta, June 2023
    Outcome(
        "SJ19-1",
        SOMTCJPN19,
        1,
        "recommendation",
        "Review of the ASEAN–Japan work plan on combating transnational crime 2023–2027",
        "ASEAN and Japan discussed the draft ASEAN–Japan work plan 2023–2027 and recommended it "
        "to the 17th AMMTC.",
        SEED_002 + " (work plan discussed at the 19th SOMTC+Japan); recommendation wording "
        "invented",
        instruments=(_J_WP,),
        crime_areas=(
            "terrorism",
            "cybercrime",
            "illicit_drug_trafficking",
            "sea_piracy",
            "trafficking_in_persons",
        ),
    ),
    Outcome(
        "SJ19-2",
        SOMTCJPN19,
        2,
        "action_item",
        "Monitoring arrangements for the ASEAN–Japan work plan",
        "Note for ASEAN and Japan on monitoring the implementation of the work plan through "
        "SOMTC and AMMTC meetings, shared within the ASEAN + Japan group.",
        "invented (restricted demo record; monitoring through SOMTC and AMMTC from "
        + SEED_002
        + ")",
        instruments=(_J_WP,),
        responsible=("JPN", "IDN"),
        access=ASEAN_JAPAN_AMBER,
    ),
    # 17th AMMTC, Labuan Bajo, 20–23 August 2023
    Outcome(
        "AMMTC17-1",
        AMMTC17,
        1,
        "adoption",
        "Agreement on the ASEAN–Japan work plan on combating transnational crime 2023–2027",
        "ASEAN and Japan reached agreement on finalising the work plan, covering terrorism, "
        "cybercrime, drug trafficking, sea piracy and trafficking in persons (agreed on "
        "Tuesday 22 August 2023).",
        SEED_002 + " (agreement reached 'on Tuesday' of the 20–23 Aug meeting = 22 Aug, derived)",
        instruments=(_J_WP,),
    ),
    Outcome(
        "AMMTC17-2",
        AMMTC17,
        2,
        "adoption",
        "Adoption of the SOMTC work plans with the Plus Three, China, India, New Zealand and "
        "the United States",
        "Adopted SOMTC work plans with the Plus Three (2024–2027), China (2024–2027), India "
        "(2023–2027), New Zealand (2023–2025) and the United States (2023–2026); the Japan work "
        "plan (2023–2027) is outcome 17/1.",
        df("Instruments") + " (SOMTC work plans adopted at the 17th AMMTC)",
        instruments=_PARTNER_WPS,
    ),
    Outcome(
        "AMMTC17-3",
        AMMTC17,
        3,
        "decision",
        "Noted the report of the 23rd SOMTC, including the 19th SOMTC WG on CT",
        "The Ministers noted the report of the 23rd SOMTC and the recommendations of the 19th "
        "SOMTC Working Group on Counter Terrorism.",
        SEED_000 + " (outcomes to be submitted to the AMMTC); the decision wording is invented",
        instruments=("bali-wp-2019-2025",),
        crime_areas=("terrorism",),
    ),
    # Other AMMTC outcomes from the public record
    Outcome(
        "AMMTC10-1",
        "AMMTC/10",
        1,
        "adoption",
        "Kuala Lumpur Declaration in Combating Transnational Crime",
        "Adoption of the Kuala Lumpur Declaration (30 Sep 2015).",
        df("Instruments") + " (30 Sep 2015, during the 10th AMMTC — link inferred from date and "
        "city)",
        instruments=("kl-declaration-2015",),
    ),
    Outcome(
        "AMMTC10-2",
        "AMMTC/10",
        2,
        "decision",
        "Wildlife and timber trafficking and people smuggling added as crime areas",
        "Illicit trafficking of wildlife and timber and people smuggling were added to the "
        "crime areas under the AMMTC/SOMTC.",
        df("Crime areas"),
        crime_areas=("wildlife_timber_trafficking", "people_smuggling"),
    ),
    Outcome(
        "AMMTC13-1",
        "AMMTC/13",
        1,
        "adoption",
        "Adoption of the Bali Work Plan 2019–2025",
        "Adoption of the Bali Work Plan 2019–2025, implementing the Plan of Action to Prevent "
        "and Counter the Rise of Radicalisation and Violent Extremism 2018–2025.",
        df("Instruments") + "; " + SEED_000 + " (unveiled at the ministerial meeting in "
        "Bangkok, 2019)",
        instruments=("bali-wp-2019-2025",),
        crime_areas=("terrorism",),
    ),
    Outcome(
        "AMMTC18-1",
        "AMMTC/18",
        1,
        "endorsement",
        "Endorsement of the SOMTC Working Group on People Smuggling",
        "Endorsed the establishment of a SOMTC Working Group on People Smuggling.",
        df("Bodies"),
        crime_areas=("people_smuggling",),
    ),
    Outcome(
        "AMMTC19-1",
        "AMMTC/19",
        1,
        "adoption",
        "Adoption of the Plan of Action 2026–2035, the Melaka Declaration and the Border "
        "Management Cooperation Roadmap",
        "Adopted the ASEAN Plan of Action on Combating Transnational Crime 2026–2035, the "
        "Melaka Declaration and the Border Management Cooperation Roadmap.",
        df("Instruments"),
        instruments=(
            "asean-poa-tc-2026-2035",
            "melaka-declaration-2025",
            "border-management-roadmap-2025",
        ),
    ),
    Outcome(
        "AMMTC19-2",
        "AMMTC/19",
        2,
        "decision",
        "Bali Work Plan extended to 2026",
        "Extended the Bali Work Plan 2019–2025 to 2026.",
        df("Instruments"),
        instruments=("bali-wp-2019-2025",),
        crime_areas=("terrorism",),
    ),
    Outcome(
        "AMMTC19-3",
        "AMMTC/19",
        3,
        "decision",
        "Sea piracy and international economic crime dropped from the priority list",
        "Agreed to drop sea piracy and international economic crime from the priority list for "
        "the next session, with more focus on cybercrime and online scams.",
        df("Crime areas"),
        crime_areas=("sea_piracy", "international_economic_crime", "cybercrime"),
    ),
    Outcome(
        "AMMTC19-4",
        "AMMTC/19",
        4,
        "decision",
        "Establishment of the SOMTC Working Group on Money Laundering",
        "Established a SOMTC Working Group on Money Laundering.",
        df("Bodies"),
        crime_areas=("money_laundering",),
    ),
)

_STATUS_ILLUSTRATIVE = "; status at the receiving meeting invented"

FORWARDINGS: tuple[Forwarding, ...] = (
    Forwarding(
        "WGCT19-1",
        SOMTC23,
        "endorsed",
        SEED_000 + _STATUS_ILLUSTRATIVE,
        response="Endorsed; submitted to the 17th AMMTC.",
        resulting_outcome="SOMTC23-1",
    ),
    Forwarding(
        "WGCT19-2",
        SOMTC23,
        "endorsed",
        SEED_000 + _STATUS_ILLUSTRATIVE,
        response="Endorsed; submitted to the 17th AMMTC.",
        resulting_outcome="SOMTC23-1",
    ),
    Forwarding(
        "WGCT19-3",
        SOMTC23,
        "noted",
        SEED_000 + _STATUS_ILLUSTRATIVE,
        response="Report of the 19th WG on CT noted.",
        resulting_outcome="SOMTC23-1",
    ),
    Forwarding(
        "SOMTC23-1",
        AMMTC17,
        "noted",
        SEED_000 + _STATUS_ILLUSTRATIVE,
        response="Noted by the Ministers.",
        resulting_outcome="AMMTC17-3",
    ),
    Forwarding(
        "SJ19-1",
        AMMTC17,
        "adopted",
        SEED_002 + " (reviewed at the 19th SOMTC+Japan, agreed at the 17th AMMTC)",
        response="Work plan agreed by ASEAN and Japan.",
        resulting_outcome="AMMTC17-1",
    ),
)

# --------------------------------------------------------------------------------------------
# Instruments
# --------------------------------------------------------------------------------------------

INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(
        "asean-declaration-tc-1997",
        "ASEAN Declaration on Transnational Crime",
        "Declaration on Transnational Crime",
        "declaration",
        ("ASEAN",),
        df("Instruments") + " (Manila, 20 Dec 1997); adopted at the 1st AMMTC (same date, city)",
        adopted_on="1997-12-20",
        adopted_at="AMMTC/1",
        place="Manila",
    ),
    Instrument(
        "asean-poa-tc-1999",
        "ASEAN Plan of Action to Combat Transnational Crime",
        "Plan of Action 1999",
        "plan_of_action",
        ("ASEAN",),
        df("Instruments") + " (2nd AMMTC, Yangon, 23 Jun 1999)",
        start_year=1999,
        adopted_on="1999-06-23",
        adopted_at="AMMTC/2",
        place="Yangon",
    ),
    Instrument(
        "asean-poa-tc-work-programme-2002",
        "Work Programme to Implement the ASEAN Plan of Action to Combat Transnational Crime",
        "Work Programme 2002",
        "work_programme",
        ("ASEAN",),
        df("Instruments") + " (work programme 17 May 2002)",
        start_year=2002,
        adopted_on="2002-05-17",
        derives_from=("asean-poa-tc-1999",),
        link_kind="implements",
    ),
    Instrument(
        "acct-2007",
        "ASEAN Convention on Counter Terrorism",
        "ACCT",
        "convention",
        MEMBER_STATES_2023,
        df("Instruments") + " (signed Cebu 13 Jan 2007; in force 27 May 2011)",
        adopted_on="2007-01-13",
        place="Cebu",
        in_force_on="2011-05-27",
    ),
    Instrument(
        "kl-declaration-2015",
        "Kuala Lumpur Declaration in Combating Transnational Crime",
        "Kuala Lumpur Declaration",
        "declaration",
        ("ASEAN",),
        df("Instruments") + " (30 Sep 2015); at the 10th AMMTC (Kuala Lumpur, opened 29 Sep "
        "2015) — link inferred",
        adopted_on="2015-09-30",
        adopted_at="AMMTC/10",
        place="Kuala Lumpur",
    ),
    Instrument(
        "actip-2015",
        "ASEAN Convention against Trafficking in Persons, Especially Women and Children",
        "ACTIP",
        "convention",
        MEMBER_STATES_2023,
        df("Instruments") + " (signed Nov 2015; in force 8 Mar 2017)",
        adopted_on="2015-11",
        in_force_on="2017-03-08",
    ),
    Instrument(
        "acpoa-ct-2017",
        "ASEAN Comprehensive Plan of Action on Counter Terrorism",
        "ACPoA on CT",
        "plan_of_action",
        ("ASEAN",),
        df("Instruments") + " (11th AMMTC, 2017)",
        start_year=2017,
        adopted_on="2017",
        adopted_at="AMMTC/11",
        place="Manila",
    ),
    Instrument(
        "asean-poa-tc-2016-2025",
        "ASEAN Plan of Action in Combating Transnational Crime 2016–2025",
        "Plan of Action 2016–2025",
        "plan_of_action",
        ("ASEAN",),
        df("Instruments") + " (11th AMMTC, 2017)",
        start_year=2016,
        end_year=2025,
        adopted_on="2017",
        adopted_at="AMMTC/11",
        place="Manila",
        reviewed_at=("AMMTC/18",),
        description="Progress in its implementation was assessed at the 18th AMMTC (2024).",
    ),
    Instrument(
        "poa-pcrve-2018-2025",
        "ASEAN Plan of Action to Prevent and Counter the Rise of Radicalisation and Violent "
        "Extremism 2018–2025",
        "PoA PCRVE 2018–2025",
        "plan_of_action",
        ("ASEAN",),
        df("Instruments") + " (12th AMMTC, 2018)",
        start_year=2018,
        end_year=2025,
        adopted_on="2018",
        adopted_at="AMMTC/12",
        place="Nay Pyi Taw",
        description=(
            "Four priority areas: prevention; counter-radicalisation and de-radicalisation; "
            "law enforcement and national legislation; partnership and regional cooperation."
        ),
    ),
    Instrument(
        "bali-wp-2019-2025",
        "Bali Work Plan 2019–2025",
        "Bali Work Plan",
        "work_plan",
        ("ASEAN",),
        df("Instruments") + " (13th AMMTC, Bangkok, 27 Nov 2019; extended to 2026 at the 19th "
        "AMMTC); " + SEED_000 + "; the activities listed under it are invented for the "
        "demonstration",
        start_year=2019,
        end_year=2025,
        adopted_on="2019-11-27",
        adopted_at="AMMTC/13",
        place="Bangkok",
        reviewed_at=(WGCT19,),
        derives_from=("poa-pcrve-2018-2025",),
        link_kind="implements",
        extended_to_year=2026,
        extended_at="AMMTC/19",
        description=(
            "Implements the ASEAN Plan of Action to Prevent and Counter the Rise of "
            "Radicalisation and Violent Extremism 2018–2025: efforts to prevent and handle "
            "violent extremism and radicalism in Southeast Asia. 114 activities across 19 ASEAN "
            "bodies; 36% implemented by 2023 (ASEAN public records). A few of its activities are "
            "listed under its four pillars."
        ),
    ),
    Instrument(
        "asean-japan-jd-terrorism-2004",
        "ASEAN–Japan Joint Declaration for Cooperation on the Fight against International "
        "Terrorism",
        "ASEAN–Japan Joint Declaration on terrorism (2004)",
        "declaration",
        ("ASEAN", "JPN"),
        df("Instruments") + " ('ASEAN–Japan Joint Declaration on international terrorism', "
        "Vientiane, 30 Nov 2004); full title from public record",
        adopted_on="2004-11-30",
        place="Vientiane",
    ),
    Instrument(
        "asean-japan-jd-2014",
        "ASEAN–Japan Joint Declaration for Cooperation in Combating Terrorism and Transnational "
        "Crime",
        "ASEAN–Japan Joint Declaration (2014)",
        "declaration",
        ("ASEAN", "JPN"),
        df("Instruments") + "; " + SEED_002 + " (ASEAN–Japan Summit, 12 Nov 2014, Myanmar)",
        adopted_on="2014-11-12",
        adopted_at="ASEAN-SUMMIT+JPN@2014-11-12",
        place="Nay Pyi Taw",
    ),
    Instrument(
        _J_WP,
        "ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027",
        "ASEAN–Japan Work Plan 2023–2027",
        "work_plan",
        ("ASEAN", "JPN"),
        df("Instruments")
        + "; "
        + SEED_002
        + " (title descriptive; agreed 'on Tuesday' during the 17th AMMTC = 22 Aug 2023, "
        "derived)",
        start_year=2023,
        end_year=2027,
        adopted_on="2023-08-22",
        adopted_at=AMMTC17,
        place="Labuan Bajo",
        reviewed_at=(SOMTCJPN19,),
        derives_from=("asean-japan-jd-2014",),
        link_kind="implements",
        description=(
            "Five priority issues — terrorism, cybercrime, drug trafficking, sea piracy and "
            "trafficking in persons — implementing the 2014 ASEAN–Japan Joint Declaration. "
            "Implementation is monitored through SOMTC and AMMTC meetings (ANTARA, August 2023)."
        ),
    ),
    Instrument(
        "somtc-plus-three-wp-2024-2027",
        "SOMTC Plus Three Work Plan 2024–2027",
        "SOMTC+3 Work Plan 2024–2027",
        "work_plan",
        ("ASEAN", *PLUS_THREE),
        df("Instruments") + " (adopted at the 17th AMMTC, Aug 2023 from the meeting dates; "
        "title descriptive)",
        start_year=2024,
        end_year=2027,
        adopted_on="2023-08",
        adopted_at=AMMTC17,
    ),
    Instrument(
        "somtc-china-wp-2024-2027",
        "SOMTC–China Work Plan 2024–2027",
        "SOMTC+China Work Plan 2024–2027",
        "work_plan",
        ("ASEAN", "CHN"),
        df("Instruments") + " (adopted at the 17th AMMTC, Aug 2023 from the meeting dates; "
        "title descriptive)",
        start_year=2024,
        end_year=2027,
        adopted_on="2023-08",
        adopted_at=AMMTC17,
    ),
    Instrument(
        "somtc-india-wp-2023-2027",
        "SOMTC–India Work Plan 2023–2027",
        "SOMTC+India Work Plan 2023–2027",
        "work_plan",
        ("ASEAN", "IND"),
        df("Instruments") + " (adopted at the 17th AMMTC, Aug 2023 from the meeting dates; "
        "title descriptive)",
        start_year=2023,
        end_year=2027,
        adopted_on="2023-08",
        adopted_at=AMMTC17,
    ),
    Instrument(
        "somtc-nz-wp-2023-2025",
        "SOMTC–New Zealand Work Plan 2023–2025",
        "SOMTC+New Zealand Work Plan 2023–2025",
        "work_plan",
        ("ASEAN", "NZL"),
        df("Instruments") + " (adopted at the 17th AMMTC, Aug 2023 from the meeting dates; "
        "title descriptive)",
        start_year=2023,
        end_year=2025,
        adopted_on="2023-08",
        adopted_at=AMMTC17,
    ),
    Instrument(
        "somtc-us-wp-2023-2026",
        "SOMTC–United States Work Plan 2023–2026",
        "SOMTC+US Work Plan 2023–2026",
        "work_plan",
        ("ASEAN", "USA"),
        df("Instruments") + " (adopted at the 17th AMMTC, Aug 2023 from the meeting dates; "
        "title descriptive)",
        start_year=2023,
        end_year=2026,
        adopted_on="2023-08",
        adopted_at=AMMTC17,
    ),
    Instrument(
        "asean-poa-tc-2026-2035",
        "ASEAN Plan of Action on Combating Transnational Crime 2026–2035",
        "Plan of Action 2026–2035",
        "plan_of_action",
        ("ASEAN",),
        df("Instruments") + " (19th AMMTC, Melaka, 2025; month from the meeting dates). "
        "Supersedes the 2016–2025 plan: inferred from the periods",
        start_year=2026,
        end_year=2035,
        adopted_on="2025-09",
        adopted_at="AMMTC/19",
        place="Melaka",
        supersedes="asean-poa-tc-2016-2025",
    ),
    Instrument(
        "melaka-declaration-2025",
        "Melaka Declaration",
        "Melaka Declaration",
        "declaration",
        ("ASEAN",),
        df("Instruments") + " (19th AMMTC, Melaka, 2025; month from the meeting dates; full "
        "title not in the sources)",
        adopted_on="2025-09",
        adopted_at="AMMTC/19",
        place="Melaka",
    ),
    Instrument(
        "border-management-roadmap-2025",
        "Border Management Cooperation Roadmap",
        "Border Management Roadmap",
        "roadmap",
        ("ASEAN",),
        df("Instruments") + " (19th AMMTC, Melaka, 2025; month from the meeting dates)",
        adopted_on="2025-09",
        adopted_at="AMMTC/19",
        place="Melaka",
    ),
)

# --------------------------------------------------------------------------------------------
# Priority areas and activities
# --------------------------------------------------------------------------------------------

_PCRVE_AREAS = (
    ("Prevention", ("terrorism",)),
    ("Counter-radicalisation and de-radicalisation", ("terrorism",)),
    ("Law enforcement and national legislation", ("terrorism",)),
    ("Partnership and regional cooperation", ("terrorism",)),
)

PRIORITY_AREAS: tuple[PriorityArea, ...] = (
    # ASEAN–Japan work plan 2023–2027: the five priority issues reported by ANTARA, August 2023.
    PriorityArea(
        "AJ-1",
        _J_WP,
        1,
        "Terrorism",
        ("terrorism", "arms_smuggling"),
        SEED_002 + " (arms smuggling named under terrorism)",
        description="Mutual support and assistance to combat arms smuggling, prevent terror "
        "acts and eradicate the related ideologies that threaten peace and stability.",
    ),
    PriorityArea(
        "AJ-2",
        _J_WP,
        2,
        "Cybercrime",
        ("cybercrime",),
        SEED_002,
        description="Intensified collaboration and a collective strategy to defend against "
        "cyberattacks by protecting critical infrastructure.",
    ),
    PriorityArea(
        "AJ-3",
        _J_WP,
        3,
        "Illicit drug trafficking",
        ("illicit_drug_trafficking",),
        SEED_002,
        description="Cooperation in preventing drug trafficking and strong legal action "
        "against perpetrators; illicit drugs harm youth and disrupt social structures.",
    ),
    PriorityArea(
        "AJ-4",
        _J_WP,
        4,
        "Sea piracy",
        ("sea_piracy",),
        SEED_002,
        description="Protect trade and maintain maritime security by building law-enforcement "
        "capacity and intensifying maritime cooperation.",
    ),
    PriorityArea(
        "AJ-5",
        _J_WP,
        5,
        "Trafficking in persons",
        ("trafficking_in_persons",),
        SEED_002,
        description="Eliminate human trafficking through preventive measures and protection "
        "of victims.",
    ),
    # Plan of Action PCRVE 2018–2025: its four priority areas.
    *(
        PriorityArea(f"PCRVE-{i}", "poa-pcrve-2018-2025", i, title, areas, df("Instruments"))
        for i, (title, areas) in enumerate(_PCRVE_AREAS, start=1)
    ),
    # Bali Work Plan: its four pillars are the PoA's four priority areas.
    *(
        PriorityArea(
            f"BWP-{i}",
            "bali-wp-2019-2025",
            i,
            title,
            areas,
            df("Instruments") + " (the Bali Work Plan implements the PoA PCRVE; pillars = its "
            "four priority areas)",
        )
        for i, (title, areas) in enumerate(_PCRVE_AREAS, start=1)
    ),
)

_AJ_SRC = SEED_002 + " (commitment paraphrased); lead parties, outputs and indicators invented"
_BWP_SRC = "invented (pillar from ASEAN public records; activity invented for the demo)"
_IND = "invented"
_AJ_PARTICIPANTS = (*MEMBER_STATES_2023, "JPN")
_J = "JPN"


def _count(name: str, target: str, unit: str) -> Indicator:
    return Indicator(name, "numeric", "0", target, unit, _IND)


def _quali(name: str, baseline: str, target: str) -> Indicator:
    return Indicator(name, "qualitative", baseline, target, "", _IND)


ACTIVITIES: tuple[Activity, ...] = (
    # AJ-1 Terrorism
    Activity(
        "AJ-1.1",
        "AJ-1",
        "Mutual support and assistance to combat arms smuggling",
        "ASEAN and Japan provide each other support and assistance in combating arms smuggling.",
        ("KHM", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC + " (KHM as SOMTC lead shepherd on arms smuggling)",
        outputs=("Joint training on investigating arms smuggling",),
        indicators=(_count("Joint capacity-building activities held", "4", "activities"),),
    ),
    Activity(
        "AJ-1.2",
        "AJ-1",
        "Prevention of terrorist acts",
        "Cooperation to prevent acts of terror that threaten peace and stability in the region.",
        ("IDN", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC + " (IDN as lead of the SOMTC WG on CT)",
        outputs=("Regional workshop on preventing terrorist attacks",),
        indicators=(_count("Officers trained", "200", "officers"),),
    ),
    Activity(
        "AJ-1.3",
        "AJ-1",
        "Countering the ideologies related to terrorism",
        "Efforts to eradicate the ideologies related to terrorism that pose threats to peace "
        "and stability in the region.",
        ("IDN", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        indicators=(
            _quali(
                "Exchange of good practices on countering violent ideologies",
                "ad hoc",
                "annual exchange",
            ),
        ),
    ),
    # AJ-2 Cybercrime
    Activity(
        "AJ-2.1",
        "AJ-2",
        "Collective strategy against cyberattacks protecting critical infrastructure",
        "Formulate a collective ASEAN–Japan strategy to defend against cyberattacks by "
        "protecting critical infrastructure.",
        ("SGP", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC + " (SGP as SOMTC lead shepherd on cybercrime)",
        outputs=("Draft collective strategy on critical-infrastructure protection",),
        indicators=(_quali("Collective strategy", "none", "agreed by SOMTC+Japan"),),
    ),
    Activity(
        "AJ-2.2",
        "AJ-2",
        "Intensified collaboration against cybercrime",
        "Further intensify ASEAN–Japan collaboration against cybercrime.",
        ("SGP", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        indicators=(_count("Joint cybercrime training courses", "5", "courses"),),
    ),
    # AJ-3 Drugs
    Activity(
        "AJ-3.1",
        "AJ-3",
        "Cooperation in preventing drug trafficking",
        "Enhance cooperation in preventing drug trafficking, which harms youth and disrupts "
        "social structures.",
        (_J,),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        indicators=(_count("Joint prevention activities held", "3", "activities"),),
    ),
    Activity(
        "AJ-3.2",
        "AJ-3",
        "Strong legal action against drug traffickers",
        "Take strong legal action against the perpetrators of drug trafficking.",
        (_J,),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        indicators=(_quali("Channel for exchanging case information", "none", "in place"),),
    ),
    # AJ-4 Sea piracy
    Activity(
        "AJ-4.1",
        "AJ-4",
        "Building law-enforcement capacity for maritime security",
        "Build law-enforcement capacity to protect trade and maintain maritime security.",
        (_J,),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        outputs=("Maritime law-enforcement training",),
        indicators=(_count("Maritime law-enforcement officers trained", "150", "officers"),),
    ),
    Activity(
        "AJ-4.2",
        "AJ-4",
        "Intensified maritime cooperation",
        "Intensify maritime cooperation between ASEAN and Japan.",
        (_J,),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC,
        indicators=(_quali("Maritime cooperation dialogue", "ad hoc", "held yearly"),),
    ),
    # AJ-5 Trafficking in persons
    Activity(
        "AJ-5.1",
        "AJ-5",
        "Preventive measures against trafficking in persons",
        "Implement preventive measures to eliminate cases of human trafficking.",
        ("PHL", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC + " (PHL as SOMTC lead shepherd on TIP)",
        indicators=(_count("Awareness campaigns run", "10", "campaigns"),),
    ),
    Activity(
        "AJ-5.2",
        "AJ-5",
        "Protection of victims of trafficking",
        "Provide protection to victims of trafficking in persons.",
        ("PHL", _J),
        _AJ_PARTICIPANTS,
        2023,
        2027,
        _AJ_SRC + " (PHL as SOMTC lead shepherd on TIP)",
        indicators=(_quali("Regional victim-referral guidelines", "none", "adopted"),),
    ),
    # Bali Work Plan pillars
    Activity(
        "BWP-1.1",
        "BWP-1",
        "Regional exchange of good practices on preventing violent extremism",
        "Annual exchange of knowledge, information, experiences and good practices among "
        "ASEAN member states (as done at the 19th SOMTC WG on CT, Vietnam News Agency / ANTARA, 19 May 2023).",
        ("IDN",),
        MEMBER_STATES_2023,
        2019,
        2025,
        _BWP_SRC,
        indicators=(_count("Good practices shared", "20", "good practices"),),
    ),
    Activity(
        "BWP-2.1",
        "BWP-2",
        "Sharing experience of de-radicalisation programmes",
        "Member states share their experience of rehabilitation and de-radicalisation programmes.",
        ("IDN",),
        MEMBER_STATES_2023,
        2019,
        2025,
        _BWP_SRC,
        indicators=(_quali("Compendium of programmes", "none", "published"),),
    ),
    Activity(
        "BWP-3.1",
        "BWP-3",
        "Review of national counter-terrorism legislation",
        "Member states review national legislation against the ASEAN Convention on Counter "
        "Terrorism.",
        ("IDN",),
        MEMBER_STATES_2023,
        2019,
        2025,
        _BWP_SRC,
        indicators=(_count("Member states reporting a review", "10", "member states"),),
    ),
    Activity(
        "BWP-4.1",
        "BWP-4",
        "Collaboration with partners outside ASEAN",
        "Work with stakeholders outside ASEAN on preventing and countering violent extremism "
        "(Vietnam News Agency / ANTARA, 19 May 2023: collaboration 'including ones outside ASEAN').",
        ("IDN",),
        MEMBER_STATES_2023,
        2019,
        2025,
        _BWP_SRC,
        indicators=(_count("Joint activities with partners", "5", "activities"),),
    ),
)

# --------------------------------------------------------------------------------------------
# Sharing groups and demo users
# --------------------------------------------------------------------------------------------

SHARING_GROUPS: tuple[SharingGroup, ...] = (
    SharingGroup(
        "ASEAN-JPN",
        "ASEAN + Japan",
        (*MEMBER_STATES, "ASEAN", "ASEC", "JPN"),
        "ASEAN–Japan cooperation; membership invented",
    ),
    SharingGroup(
        "WG-CT",
        "WG-CT members",
        (*MEMBER_STATES, "ASEC"),
        "invented (members of the SOMTC WG on Counter Terrorism and the Secretariat)",
    ),
)

_USER_SRC = "invented demo account; not a real person"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "secretariat",
        "Demo Secretariat Desk Officer",
        "ASEC",
        "secretariat",
        "mufakat-demo-secretariat",
        _USER_SRC,
        email="secretariat@demo.invalid",
    ),
    DemoUser(
        "idn.focal",
        "Demo Focal Point, Indonesia (BNPT)",
        "IDN",
        "focal_point",
        "mufakat-demo-idn-focal",
        _USER_SRC,
        agency="BNPT",
        email="idn.focal@demo.invalid",
    ),
    DemoUser(
        "jpn.focal",
        "Demo Partner Focal Point, Japan (NPA)",
        "JPN",
        "partner_focal_point",
        "mufakat-demo-jpn-focal",
        _USER_SRC,
        agency="NPA",
        email="jpn.focal@demo.invalid",
    ),
    DemoUser(
        "idn.chair",
        "Demo Chair, SOMTC Working Group on Counter Terrorism (BNPT)",
        "IDN",
        "chair",
        "mufakat-demo-idn-chair",
        _USER_SRC + "; Indonesia chairs the Working Group on Counter Terrorism",
        agency="BNPT",
        email="idn.chair@demo.invalid",
    ),
    DemoUser(
        "outsider",
        "Demo Reader, Canada",
        "CAN",
        "reader",
        "mufakat-demo-outsider",
        _USER_SRC + "; a partner outside the ASEAN + Japan sharing group",
        email="outsider@demo.invalid",
    ),
)

#: Everything that carries an ``access``: checked against the TLP caps by the tests.
ACCESS_CARRIERS: tuple[Meeting | Outcome | Instrument | Activity, ...] = (
    *MEETINGS,
    *OUTCOMES,
    *INSTRUMENTS,
    *ACTIVITIES,
)

# --------------------------------------------------------------------------------------------
# Aliases: the other names the press uses (read by the ingest gazetteer, mufakat.ingest)
# --------------------------------------------------------------------------------------------
# Spellings, acronyms and demonyms seen in ten years of SOMTC/AMMTC press statements (Antara,
# VNA, Xinhua, Bernama, UNODC, ministries). Data, not code: a name added here (or in the
# registry's "aliases" field) is recognised by the ingest without a code change.

PARTY_ALIASES: dict[str, tuple[str, ...]] = {
    "BRN": ("Brunei", "Bruneian"),
    "KHM": ("Kingdom of Cambodia", "Cambodian"),
    "IDN": ("Republic of Indonesia", "Indonesian"),
    "LAO": ("Laos", "Lao", "Laotian", "Lao People's Democratic Republic"),
    "MYS": ("Malaysian",),
    "MMR": ("Burma", "Myanmar's"),
    "PHL": ("The Philippines", "Philippine", "Filipino"),
    "SGP": ("Singaporean",),
    "THA": ("Kingdom of Thailand", "Thai"),
    "VNM": ("Vietnam", "Vietnamese", "Socialist Republic of Viet Nam"),
    "TLS": ("Timor Leste", "East Timor", "Timorese"),
    "AUS": ("Australian",),
    "CAN": ("Canadian",),
    "CHN": ("People's Republic of China", "PRC", "Chinese"),
    "EU": ("EU", "European"),
    "IND": ("Indian",),
    "JPN": ("Japanese",),
    "KOR": ("RoK", "ROK", "South Korea", "South Korean", "Korean", "Korea, Republic of", "Korea"),
    "NZL": ("NZ",),
    "RUS": ("Russia", "Russian"),
    "USA": ("United States of America", "U.S.", "US", "USA", "American"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "British"),
    "ASEAN": (
        "ASEAN",
        "ASEAN Member States",
        "ASEAN member countries",
        "ASEAN countries",
        "Southeast Asian nations",
        "Southeast Asian countries",
    ),
    "ASEC": (
        "ASEC",
        "Secretary-General of ASEAN",
        "ASEAN Secretary-General",
        "Deputy Secretary-General of ASEAN",
        "ASEAN Deputy Secretary-General",
    ),
    "UNODC": ("UNODC", "UN Office on Drugs and Crime"),
    "INTERPOL": ("INTERPOL", "Interpol"),
    "ASEANAPOL": (
        "ASEANAPOL",
        "Aseanapol",
        "ASEAN National Police",
        "ASEAN Chiefs of Police",
        "ASEAN Association of Chiefs of Police",
    ),
    "IOM": ("IOM",),
    "ILO": ("ILO",),
    "UNOCT": ("UNOCT", "UN Office of Counter-Terrorism"),
    "UNWOMEN": ("UN Women",),
    "AIPA": ("AIPA",),
}

BODY_ALIASES: dict[str, tuple[str, ...]] = {
    "AMMTC": (
        "ASEAN Ministers Meeting on Transnational Crime",
        "ASEAN Ministerial Meeting",
        "Ministerial Meeting on Transnational Crime",
    ),
    "SOMTC": (
        "ASEAN Senior Officials Meeting on Transnational Crime",
        "Senior Officials' Meeting on Transnational Crime",
        "Senior Official Meeting on Transnational Crime",
    ),
    "SOMTC-WG-CT": (
        "Working Group on Counter Terrorism",
        "Working Group on Counter-Terrorism",
        "Working Group on Terrorism",
        "WG on CT",
        "WG-CT",
        "Counter Terrorism Working Group",
    ),
    "SOMTC-WG-TIP": (
        "Working Group on Trafficking in Persons",
        "Working Group on Human Trafficking",
        "WG on TIP",
        "Trafficking in Persons Working Group",
    ),
    "SOMTC-WG-CYBER": (
        "Working Group on Cybercrime",
        "Working Group on Cyber Crime",
        "WG on Cybercrime",
        "Cybercrime Working Group",
    ),
    "SOMTC-WG-ARMS": ("Working Group on Arms Smuggling", "WG on Arms Smuggling"),
    "SOMTC-WG-WILDLIFE": (
        "Working Group on Illicit Trafficking in Wildlife and Timber",
        "Working Group on Illicit Trafficking of Wildlife and Timber",
        "Working Group on Wildlife and Timber Trafficking",
        "WG on ITWT",
    ),
    "SOMTC-WG-ML": ("Working Group on Money Laundering", "WG on Money Laundering"),
    "SOMTC-WG-PS": ("Working Group on People Smuggling", "WG on People Smuggling"),
    "AMMD": ("AMMD",),
    "ASOD": (
        "ASOD",
        "ASEAN Senior Officials on Drug Matters Meeting",
        "ASEAN Senior Officials Meeting on Drug Matters",
        "Meeting of the ASEAN Senior Officials on Drug Matters",
    ),
    "ASEANAPOL": (
        "ASEANAPOL Conference",
        "ASEAN Chiefs of Police Conference",
        "ASEAN Association of Chiefs of Police",
        "ASEAN Chiefs of National Police",
        "ASEAN Police Chiefs Conference",
        "ASEANPOL",
    ),
    "AMMTC+3": ("AMMTC+3", "AMMTC Plus Three"),
    "SOMTC+3": ("SOMTC+3", "SOMTC Plus Three"),
    "ASEAN-SUMMIT": ("ASEAN Summit", "ASEAN Leaders' Summit", "ASEAN leaders summit"),
    "ASEAN-SUMMIT+JPN": ("ASEAN-Japan Summit",),
}

CRIME_AREA_ALIASES: dict[str, tuple[str, ...]] = {
    "terrorism": (
        "terrorist",
        "terror",
        "counter terrorism",
        "counterterrorism",
        "violent extremism",
        "radicalisation",
        "radicalization",
        "radicalism",
    ),
    "illicit_drug_trafficking": (
        "drug trafficking",
        "drug crime",
        "drugs",
        "illicit drugs",
        "narcotics",
        "drug matters",
        "drug smuggling",
    ),
    "trafficking_in_persons": (
        "human trafficking",
        "trafficking of persons",
        "people trafficking",
        "trafficking in women and children",
        "trafficking of women and children",
        "trafficking in human beings",
    ),
    "arms_smuggling": (
        "arms trafficking",
        "illicit arms",
        "small arms",
        "firearms trafficking",
        "weapons smuggling",
        "weapons trafficking",
        "weapons trade",
        "arms trade",
        "arm smuggling",
    ),
    "sea_piracy": ("piracy", "armed robbery against ships", "maritime piracy"),
    "money_laundering": ("laundering", "terrorist financing", "terrorism financing"),
    "international_economic_crime": (
        "economic crime",
        "economic crimes",
        "commercial crime",
        "commercial crimes",
    ),
    "cybercrime": (
        "cyber crime",
        "cybercrimes",
        "cyberattacks",
        "cyber attacks",
        "online scams",
        "cyber-enabled crime",
        "online fraud",
        "telecom fraud",
        "telecommunications fraud",
        "high-tech crime",
        "hi-tech crime",
        "high-tech crimes",
        "hi-tech crimes",
        "high technology crime",
        "technology crime",
        "technology crimes",
        "cyberspace",
    ),
    "wildlife_timber_trafficking": (
        "wildlife trafficking",
        "wildlife and timber",
        "timber trafficking",
        "wildlife crime",
        "illegal logging",
        "wildlife smuggling",
        "illegal wildlife trade",
        "wildlife trade",
        "wildlife",
        "wild animals",
        "illegal timber",
        "timber smuggling",
    ),
    "people_smuggling": (
        "migrant smuggling",
        "smuggling of migrants",
        "human smuggling",
        "smuggling of people",
    ),
}
