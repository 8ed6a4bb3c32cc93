"""Instruments, priority areas, activities and lineage over the API.

Handlers parse input, call one selector or service, and answer; the services hold every rule,
so the API refuses exactly what the forms refuse. ``request.auth`` is the user (possibly
anonymous, who sees public records only).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.pagination import Pages
from mufakat.core.schemas import RecordId
from mufakat.core.text import SafeText
from mufakat.core.web import api_user
from mufakat.workplans import selectors, services
from mufakat.workplans.api_spreadsheet import router as spreadsheet_router
from mufakat.workplans.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    InstrumentIn,
    InstrumentLinkOut,
    InstrumentOut,
    InstrumentPatch,
    InstrumentSummary,
    InstrumentVersionOut,
    LinkIn,
    PriorityAreaIn,
    PriorityAreaOut,
    PriorityAreaPatch,
)

router = Router(tags=["workplans"])
# Work plans in and out of workbooks: their own module, the same paths' prefix.
router.add_router("", spreadsheet_router)

PAGE_SIZE = 50


def _detail(request: HttpRequest, pk: int) -> Any:
    """The instrument, its facts and lineage, and its priority areas with their counts: a fixed
    number of queries whatever the size of the plan (its activities are paged, under
    ``/activities``)."""
    user = api_user(request)
    instrument = selectors.instrument_page_by_id(user=user, pk=pk)
    instrument.area_list = selectors.area_summaries(user=user, instrument=instrument)  # type: ignore[attr-defined]
    return instrument


# -- instruments -------------------------------------------------------------------------------


@router.get(
    "/instruments",
    response=list[InstrumentSummary],
    operation_id="workplans_list_instruments",
    summary="List instruments",
    description="Visible instruments; filter by title (`q`), `kind` or `party` code.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_instruments(
    request: HttpRequest, q: SafeText = "", kind: SafeText = "", party: SafeText = ""
) -> Any:
    return selectors.instrument_list(user=api_user(request), q=q, kind=kind, party=party)


@router.get(
    "/instruments/{instrument_id}",
    response=InstrumentOut,
    operation_id="workplans_get_instrument",
    summary="One instrument with its lineage and its priority areas with their counts",
    description="The instrument, its lineage and its visible priority areas, each with "
    "`activity_count` and the address of its `activities`. **Changed in issue 12:** the "
    "activities (and their indicators) are no longer embedded; read them a page at a time from "
    "`GET /api/v1/activities?instrument=<id>` or `?priority_area=<id>`.",
)
def get_instrument(request: HttpRequest, instrument_id: int) -> Any:
    instrument = _detail(request, instrument_id)
    record_sensitive_read(reader=api_user(request), obj=instrument)
    return instrument


@router.post(
    "/instruments",
    response={201: InstrumentOut},
    operation_id="workplans_create_instrument",
    summary="Create an instrument (Secretariat)",
)
def create_instrument(request: HttpRequest, payload: InstrumentIn) -> Any:
    instrument = services.create_instrument(actor=api_user(request), data=payload.dict())  # type: ignore[arg-type]
    return Status(201, _detail(request, instrument.pk))


@router.patch(
    "/instruments/{instrument_id}",
    response=InstrumentOut,
    operation_id="workplans_update_instrument",
    summary="Change an instrument (Secretariat); a stale lock_version answers 409",
)
def update_instrument(request: HttpRequest, instrument_id: int, payload: InstrumentPatch) -> Any:
    instrument = selectors.instrument_by_id(user=api_user(request), pk=instrument_id)
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("lock_version")
    services.update_instrument(
        actor=api_user(request),
        instrument=instrument,
        changes=changes,  # type: ignore[arg-type]
        expected_version=expected,
    )
    return _detail(request, instrument_id)


@router.get(
    "/instruments/{instrument_id}/versions",
    response=list[InstrumentVersionOut],
    operation_id="workplans_list_instrument_versions",
    summary="Versions of an instrument, newest first, with the changes of each",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_versions(request: HttpRequest, instrument_id: int) -> Any:
    instrument = selectors.instrument_by_id(user=api_user(request), pk=instrument_id)
    return [
        {
            "number": entry.version.number,
            "created_at": entry.version.created_at,
            "created_by": entry.version.created_by.get_username()
            if entry.version.created_by
            else None,
            "note": entry.version.note,
            "changes": [vars(change) for change in entry.changes],
        }
        for entry in selectors.version_history(user=api_user(request), instrument=instrument)
    ]


@router.post(
    "/instruments/{instrument_id}/links",
    response={201: InstrumentLinkOut},
    operation_id="workplans_create_instrument_link",
    summary="Record that this instrument derives from, implements, supersedes or amends another",
)
def create_link(request: HttpRequest, instrument_id: int, payload: LinkIn) -> Any:
    instrument = selectors.instrument_by_id(user=api_user(request), pk=instrument_id)
    link = services.add_link(
        actor=api_user(request),
        source=instrument,
        target=payload.target,
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, link)


@router.delete(
    "/instruments/{instrument_id}/links/{link_id}",
    response={204: None},
    operation_id="workplans_delete_instrument_link",
    summary="Remove a lineage link",
)
def delete_link(request: HttpRequest, instrument_id: int, link_id: int) -> Any:
    link = selectors.link_by_id(user=api_user(request), pk=link_id)
    if link.source_id != instrument_id:
        raise Http404
    services.remove_link(actor=api_user(request), link=link)
    return Status(204, None)


# -- priority areas ----------------------------------------------------------------------------


@router.post(
    "/instruments/{instrument_id}/priority-areas",
    response={201: PriorityAreaOut},
    operation_id="workplans_create_priority_area",
    summary="Add a priority area to an instrument (Secretariat)",
)
def create_priority_area(request: HttpRequest, instrument_id: int, payload: PriorityAreaIn) -> Any:
    instrument = selectors.instrument_by_id(user=api_user(request), pk=instrument_id)
    area = services.create_priority_area(
        actor=api_user(request), instrument=instrument, data=payload.dict()
    )
    return Status(201, selectors.priority_area_by_id(user=api_user(request), pk=area.pk))


@router.patch(
    "/priority-areas/{area_id}",
    response=PriorityAreaOut,
    operation_id="workplans_update_priority_area",
    summary="Change a priority area (Secretariat); a stale lock_version answers 409",
)
def update_priority_area(request: HttpRequest, area_id: int, payload: PriorityAreaPatch) -> Any:
    area = selectors.priority_area_by_id(user=api_user(request), pk=area_id)
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("lock_version")
    services.update_priority_area(
        actor=api_user(request), priority_area=area, changes=changes, expected_version=expected
    )
    return selectors.priority_area_by_id(user=api_user(request), pk=area_id)


# -- activities --------------------------------------------------------------------------------


@router.get(
    "/activities",
    response=list[ActivityOut],
    operation_id="workplans_list_activities",
    summary="List activities",
    description="Filter by `instrument` id, `priority_area` id, `party` code (lead or "
    "participating) or `crime_area` code of the priority area. The activities of one "
    "instrument come in the order of its priority areas and codes, those of one priority area "
    "by code, the others by id.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_activities(
    request: HttpRequest,
    instrument: RecordId | None = None,
    priority_area: RecordId | None = None,
    party: SafeText = "",
    crime_area: SafeText = "",
) -> Any:
    activities = selectors.activity_list(
        user=api_user(request), instrument=instrument, party=party, crime_area=crime_area
    )
    if priority_area is not None:
        # Still gated: an area the reader may not see has no activity they may see.
        activities = activities.filter(priority_area_id=priority_area).order_by("code", "pk")
    return activities


@router.get(
    "/activities/{activity_id}",
    response=ActivityOut,
    operation_id="workplans_get_activity",
    summary="One activity with its indicators",
)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    return selectors.activity_by_id(user=api_user(request), pk=activity_id)


@router.post(
    "/priority-areas/{area_id}/activities",
    response={201: ActivityOut},
    operation_id="workplans_create_activity",
    summary="Add an activity (and its indicators) to a priority area (Secretariat)",
)
def create_activity(request: HttpRequest, area_id: int, payload: ActivityIn) -> Any:
    area = selectors.priority_area_by_id(user=api_user(request), pk=area_id)
    data = payload.dict()
    indicators = data.pop("indicators")
    activity = services.create_activity(
        actor=api_user(request), priority_area=area, data=data, indicators=indicators
    )
    return Status(201, selectors.activity_by_id(user=api_user(request), pk=activity.pk))


@router.patch(
    "/activities/{activity_id}",
    response=ActivityOut,
    operation_id="workplans_update_activity",
    summary="Change an activity (Secretariat); a stale lock_version answers 409",
)
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> Any:
    activity = selectors.activity_by_id(user=api_user(request), pk=activity_id)
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("lock_version")
    services.update_activity(
        actor=api_user(request), activity=activity, changes=changes, expected_version=expected
    )
    return selectors.activity_by_id(user=api_user(request), pk=activity_id)


# The IATI export of public work plans (its own module; the same paths' prefix).
from mufakat.workplans.api_iati import router as iati_router  # noqa: E402

router.add_router("", iati_router)
