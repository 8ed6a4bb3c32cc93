"""API shapes of the registry. References are canonical codes, never database ids."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from mufakat.core.schemas import InputSchema, PatchSchema, named_choices
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term

PartyKind = Annotated[Party.Kind, named_choices(Party.Kind, "PartyKind")]
MembershipStatus = Annotated[
    PartyMembership.Status, named_choices(PartyMembership.Status, "MembershipStatus")
]
BodyLevel = Annotated[Body.Level, named_choices(Body.Level, "BodyLevel")]
TermRole = Annotated[Term.Role, named_choices(Term.Role, "TermRole")]

# -- parties -----------------------------------------------------------------------------------


class MembershipOut(Schema):
    status: MembershipStatus
    start_date: dt.date
    end_date: dt.date | None = Field(
        None, description="The day the next status began (half-open); null while it lasts."
    )
    current: bool
    source: str

    @staticmethod
    def resolve_current(obj: PartyMembership) -> bool:
        return obj.is_current_on()


class AgencyOut(Schema):
    id: int = Field(description="Agencies have no canonical code; use party + acronym.")
    party: str = Field(description="Party code.")
    acronym: str
    name: str
    url: str
    source: str

    @staticmethod
    def resolve_party(obj: Agency) -> str:
        return obj.party.code


class AgencyBrief(Schema):
    id: int
    acronym: str
    name: str
    url: str


class PartyOut(Schema):
    code: str
    name: str
    kind: PartyKind
    is_asean_organ: bool
    status: MembershipStatus | None = Field(
        None, description="Status towards ASEAN today (member, observer …), if recorded."
    )

    @staticmethod
    def resolve_status(obj: Party) -> str | None:
        running = [m for m in obj.memberships.all() if m.is_current_on()]
        return running[-1].status if running else None


class PartyDetailOut(PartyOut):
    notes: str
    aliases: str = Field(description="Other names ingest recognises, one per line.")
    source: str
    lock_version: int = Field(description="Send it back with PATCH; a stale one answers 409.")
    memberships: list[MembershipOut]
    agencies: list[AgencyBrief]


class PartyIn(InputSchema):
    code: str = Field(description="ISO 3166-1 alpha-3 for states; ASEAN, UNODC … otherwise.")
    name: str
    kind: PartyKind
    is_asean_organ: bool = False
    notes: str = ""
    aliases: str = Field(
        "", description="Other names ingest recognises (acronyms, wordings), one per line."
    )
    source: str = ""


class PartyPatch(PatchSchema):
    lock_version: int
    name: str | None = None
    kind: PartyKind | None = None
    is_asean_organ: bool | None = None
    notes: str | None = None
    aliases: str | None = None
    source: str | None = None


class MembershipIn(InputSchema):
    status: MembershipStatus
    start_date: dt.date
    end_date: dt.date | None = None
    source: str = ""


class AgencyIn(InputSchema):
    party: str = Field(description="Party code, e.g. IDN.")
    acronym: str
    name: str
    url: str = ""
    source: str = ""


# -- bodies ------------------------------------------------------------------------------------


class TermOut(Schema):
    id: int
    role: TermRole
    party: str = Field(description="Party code.")
    agency: str | None = Field(None, description="Agency acronym, if an agency holds it.")
    start_date: dt.date
    end_date: dt.date | None = Field(
        None, description="The day the next holder took over (half-open); null while it runs."
    )
    current: bool
    source: str

    @staticmethod
    def resolve_party(obj: Term) -> str:
        return obj.party.code

    @staticmethod
    def resolve_agency(obj: Term) -> str | None:
        return obj.agency.acronym if obj.agency else None

    @staticmethod
    def resolve_current(obj: Term) -> bool:
        return obj.is_current_on()


class BodyOut(Schema):
    code: str
    name: str
    short_name: str
    level: BodyLevel
    parent: str | None = Field(None, description="Code of the body it reports to.")

    @staticmethod
    def resolve_parent(obj: Body) -> str | None:
        return obj.parent.code if obj.parent else None


class BodyDetailOut(BodyOut):
    children: list[str] = Field(description="Codes of the bodies reporting to it.")
    partners: list[str] = Field(description="Party codes of the partners (consultations).")
    crime_areas: list[str] = Field(description="Crime-area codes.")
    terms: list[TermOut]
    established: str
    description: str
    order: int
    aliases: str = Field(description="Other names ingest recognises, one per line.")
    source: str
    lock_version: int = Field(description="Send it back with PATCH; a stale one answers 409.")

    @staticmethod
    def resolve_children(obj: Body) -> list[str]:
        return [child.code for child in obj.children.all()]

    @staticmethod
    def resolve_partners(obj: Body) -> list[str]:
        return [party.code for party in obj.partners.all()]

    @staticmethod
    def resolve_crime_areas(obj: Body) -> list[str]:
        return [area.code for area in obj.crime_areas.all()]

    @staticmethod
    def resolve_terms(obj: Body) -> list[Term]:
        return list(obj.terms.all())


class BodyIn(InputSchema):
    code: str = Field(description="Like SOMTC-WG-CT; BODY+PARTY for a consultation.")
    name: str
    level: BodyLevel
    parent: str | None = Field(None, description="Code of the body it reports to.")
    short_name: str = ""
    partners: list[str] = Field(default_factory=list, description="Party codes.")
    crime_areas: list[str] = Field(default_factory=list, description="Crime-area codes.")
    established: str = ""
    description: str = ""
    order: int = 0
    aliases: str = Field(
        "", description="Other names ingest recognises (acronyms, wordings), one per line."
    )
    source: str = ""


class BodyPatch(PatchSchema):
    nullable = frozenset({"parent"})
    lock_version: int
    name: str | None = None
    short_name: str | None = None
    level: BodyLevel | None = None
    parent: str | None = Field(None, description="Body code; null makes it a top-level body.")
    partners: list[str] | None = None
    crime_areas: list[str] | None = None
    established: str | None = None
    description: str | None = None
    order: int | None = None
    aliases: str | None = None
    source: str | None = None


class TermIn(InputSchema):
    role: TermRole
    party: str = Field(description="Party code.")
    agency: str | None = Field(None, description="Acronym of one of the party's agencies.")
    start_date: dt.date
    end_date: dt.date | None = None
    source: str = ""


# -- crime areas -------------------------------------------------------------------------------


class CrimeAreaOut(Schema):
    code: str
    name: str
    description: str
    priority_since: dt.date | None
    priority_until: dt.date | None = Field(
        None, description="The day it left the priority list; null while it is on it."
    )
    is_priority: bool = Field(description="On the priority list today.")
    order: int
    bodies: list[str] = Field(description="Codes of the bodies working on it.")
    source: str
    lock_version: int

    @staticmethod
    def resolve_is_priority(obj: CrimeArea) -> bool:
        return obj.is_priority_on()

    @staticmethod
    def resolve_bodies(obj: CrimeArea) -> list[str]:
        return [body.code for body in obj.bodies.all()]


class CrimeAreaPatch(PatchSchema):
    nullable = frozenset({"priority_since", "priority_until"})
    lock_version: int
    name: str | None = None
    description: str | None = None
    priority_since: dt.date | None = None
    priority_until: dt.date | None = None
    order: int | None = None
    source: str | None = None
