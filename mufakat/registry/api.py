"""Registry endpoints under /api/v1/. Thin: parse codes, call one selector or service.

Writes go through the same services as the UI (Secretariat only → 403 for others); bad input
answers 422 naming the field, a stale ``lock_version`` 409, an unknown code 404.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mufakat.core.pagination import Pages
from mufakat.core.text import SafeText
from mufakat.core.web import api_user
from mufakat.registry import groups_selectors, selectors, services
from mufakat.registry.groups_schemas import SharingGroupOut
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term
from mufakat.registry.schemas import (
    AgencyIn,
    AgencyOut,
    BodyDetailOut,
    BodyIn,
    BodyLevel,
    BodyOut,
    BodyPatch,
    CrimeAreaOut,
    CrimeAreaPatch,
    MembershipIn,
    MembershipOut,
    PartyDetailOut,
    PartyIn,
    PartyKind,
    PartyOut,
    PartyPatch,
    TermIn,
    TermOut,
)

router = Router(tags=["registry"])

PAGE_SIZE = 50


def _changes(payload: Any) -> tuple[dict[str, Any], int]:
    """Only the fields the client sent, and the version it started from."""
    data = payload.dict(exclude_unset=True)
    return data, data.pop("lock_version")


# -- parties -----------------------------------------------------------------------------------


@router.get(
    "/parties",
    response=list[PartyOut],
    operation_id="registry_list_parties",
    summary="List parties (member states, partners, organisations)",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_parties(
    request: HttpRequest, kind: PartyKind | None = None, q: SafeText | None = None
) -> Any:
    return selectors.party_list(user=api_user(request), kind=kind, q=q)


@router.get(
    "/parties/{code}",
    response=PartyDetailOut,
    operation_id="registry_get_party",
    summary="One party with its memberships and agencies",
)
def get_party(request: HttpRequest, code: SafeText) -> Party:
    return selectors.get_party(user=api_user(request), code=code)


@router.post(
    "/parties",
    response={201: PartyDetailOut},
    operation_id="registry_create_party",
    summary="Register a party (Secretariat)",
)
def create_party(request: HttpRequest, payload: PartyIn) -> Status[Party]:
    return Status(201, services.create_party(actor=api_user(request), **payload.dict()))


@router.patch(
    "/parties/{code}",
    response=PartyDetailOut,
    operation_id="registry_update_party",
    summary="Change a party (Secretariat); its code stays fixed",
)
def update_party(request: HttpRequest, code: SafeText, payload: PartyPatch) -> Party:
    party = selectors.get_party(user=api_user(request), code=code)
    changes, version = _changes(payload)
    return services.update_party(
        actor=api_user(request), party=party, changes=changes, expected_version=version
    )


@router.post(
    "/parties/{code}/memberships",
    response={201: MembershipOut},
    operation_id="registry_add_membership",
    summary="Record a dated status of a party towards ASEAN (Secretariat)",
)
def add_membership(
    request: HttpRequest, code: SafeText, payload: MembershipIn
) -> Status[PartyMembership]:
    party = selectors.get_party(user=api_user(request), code=code)
    return Status(
        201, services.add_membership(actor=api_user(request), party=party, **payload.dict())
    )


# -- agencies ----------------------------------------------------------------------------------


@router.get(
    "/agencies",
    response=list[AgencyOut],
    operation_id="registry_list_agencies",
    summary="List agencies, optionally of one party",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_agencies(
    request: HttpRequest, party: SafeText | None = None, q: SafeText | None = None
) -> Any:
    return selectors.agency_list(user=api_user(request), party=party, q=q)


@router.post(
    "/agencies",
    response={201: AgencyOut},
    operation_id="registry_create_agency",
    summary="Register an agency of a party (Secretariat)",
)
def create_agency(request: HttpRequest, payload: AgencyIn) -> Status[Agency]:
    data = payload.dict()
    data["party"] = selectors.resolve_party(data["party"], field="party")
    return Status(201, services.create_agency(actor=api_user(request), **data))


# -- bodies ------------------------------------------------------------------------------------


def _resolve_body_references(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the codes of a body payload into records; unknown codes are 422 on their field."""
    if "parent" in data:
        data["parent"] = (
            selectors.resolve_body(data["parent"], field="parent") if data["parent"] else None
        )
    if "partners" in data:
        data["partners"] = selectors.resolve_parties(data["partners"] or [], field="partners")
    if "crime_areas" in data:
        data["crime_areas"] = selectors.resolve_crime_areas(
            data["crime_areas"] or [], field="crime_areas"
        )
    return data


@router.get(
    "/bodies",
    response=list[BodyOut],
    operation_id="registry_list_bodies",
    summary="List bodies, optionally those reporting to a parent or of one level",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_bodies(
    request: HttpRequest, parent: SafeText | None = None, level: BodyLevel | None = None
) -> Any:
    return selectors.body_list(user=api_user(request), parent=parent, level=level)


@router.get(
    "/bodies/{code}",
    response=BodyDetailOut,
    operation_id="registry_get_body",
    summary="One body with its parent, sub-bodies, partners, crime areas and terms",
)
def get_body(request: HttpRequest, code: SafeText) -> Body:
    return selectors.get_body(user=api_user(request), code=code)


@router.post(
    "/bodies",
    response={201: BodyDetailOut},
    operation_id="registry_create_body",
    summary="Add a body to the hierarchy (Secretariat)",
)
def create_body(request: HttpRequest, payload: BodyIn) -> Status[Body]:
    data = _resolve_body_references(payload.dict())
    return Status(201, services.create_body(actor=api_user(request), **data))


@router.patch(
    "/bodies/{code}",
    response=BodyDetailOut,
    operation_id="registry_update_body",
    summary="Change a body (Secretariat); a parent that makes a cycle is refused",
)
def update_body(request: HttpRequest, code: SafeText, payload: BodyPatch) -> Body:
    body = selectors.get_body(user=api_user(request), code=code)
    changes, version = _changes(payload)
    services.update_body(
        actor=api_user(request),
        body=body,
        changes=_resolve_body_references(changes),
        expected_version=version,
    )
    return selectors.get_body(user=api_user(request), code=code)


@router.post(
    "/bodies/{code}/terms",
    response={201: TermOut},
    operation_id="registry_add_term",
    summary="Record a chair, vice-chair or lead shepherd of a body (Secretariat)",
)
def add_term(request: HttpRequest, code: SafeText, payload: TermIn) -> Status[Term]:
    body = selectors.get_body(user=api_user(request), code=code)
    data = payload.dict()
    data["party"] = selectors.resolve_party(data["party"], field="party")
    if data["agency"]:
        data["agency"] = selectors.resolve_agency(data["party"], data["agency"], field="agency")
    return Status(201, services.add_term(actor=api_user(request), body=body, **data))


# -- crime areas -------------------------------------------------------------------------------


@router.get(
    "/crime-areas",
    response=list[CrimeAreaOut],
    operation_id="registry_list_crime_areas",
    summary="The crime-area taxonomy with each area's dated priority",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_crime_areas(request: HttpRequest) -> Any:
    return selectors.crime_area_list(user=api_user(request))


@router.get(
    "/crime-areas/{code}",
    response=CrimeAreaOut,
    operation_id="registry_get_crime_area",
    summary="One crime area",
)
def get_crime_area(request: HttpRequest, code: SafeText) -> CrimeArea:
    return selectors.get_crime_area(user=api_user(request), code=code)


@router.patch(
    "/crime-areas/{code}",
    response=CrimeAreaOut,
    operation_id="registry_update_crime_area",
    summary="Change a crime area's wording or priority period (Secretariat)",
)
def update_crime_area(request: HttpRequest, code: SafeText, payload: CrimeAreaPatch) -> CrimeArea:
    area = selectors.get_crime_area(user=api_user(request), code=code)
    changes, version = _changes(payload)
    services.update_crime_area(
        actor=api_user(request), crime_area=area, changes=changes, expected_version=version
    )
    return selectors.get_crime_area(user=api_user(request), code=code)


# -- sharing groups ----------------------------------------------------------------------------


@router.get(
    "/registry/sharing-groups",
    response=list[SharingGroupOut],
    operation_id="registry_list_sharing_groups",
    summary="Sharing groups the caller may know of (confidential ones only for members)",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_sharing_groups(request: HttpRequest) -> Any:
    return groups_selectors.sharing_groups(user=api_user(request))
