"""Instruments, priority areas, activities and lineage over the API.

Handlers parse input, call one selector or service, and answer; the services hold every rule,
so the API refuses exactly what the forms refuse. ``request.auth`` is the user (possibly
anonymous, who sees public records only).
"""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from mufakat.audit.reads import DOWNLOAD, record_sensitive_read
from mufakat.core.pagination import Pages
from mufakat.core.schemas import ErrorOut, RecordId
from mufakat.core.text import SafeText
from mufakat.core.web import api_signed_in_user, api_user
from mufakat.workplans import selectors, services
from mufakat.workplans.permissions import require_workplan_editor
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
from mufakat.workplans.schemas_spreadsheet import (
    AppliedOut,
    ConfirmIn,
    PreviewOut,
    SpreadsheetProblems,
)
from mufakat.workplans.spreadsheet import layout as spreadsheet_layout
from mufakat.workplans.spreadsheet import selectors as spreadsheet_selectors
from mufakat.workplans.spreadsheet import services as spreadsheet_services

router = Router(tags=["workplans"])

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


# -- work plans in and out of workbooks --------------------------------------------------------


def _workbook(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheet_layout.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _problems(problems: list[Any]) -> Any:
    return Status(
        422,
        {
            "detail": [
                {"loc": ["file", p.sheet or None, p.row, p.column or None], "msg": p.message}
                for p in problems
            ]
        },
    )


def _preview_out(preview: spreadsheet_services.Preview) -> dict[str, Any]:
    assert preview.upload is not None
    return {
        "token": preview.upload.token,
        "instrument_id": preview.instrument.pk if preview.instrument else None,
        "fingerprint": preview.fingerprint,
        "downloaded_version": preview.downloaded_version,
        "current_version": preview.current_version,
        "counts": preview.diff.counts(),
        "items": [
            {
                "what": item.what,
                "action": item.action,
                "label": item.label,
                "changes": [
                    {"field": c.name, "label": c.label, "before": c.before, "after": c.after}
                    for c in item.changes
                ],
                "values": [{"label": label, "value": value} for label, value in item.values],
            }
            for item in preview.diff.items
        ],
    }


@router.get(
    "/instruments/{instrument_id}/spreadsheet",
    response={200: None},
    operation_id="workplans_download_spreadsheet",
    summary="Download an instrument as an XLSX workbook",
    description="Its priority areas, activities and indicators on sheets of their own, with "
    "an instructions sheet and dropdowns of the allowed codes. Upload it edited to "
    "`POST /instrument-spreadsheets`.",
)
def download_spreadsheet(request: HttpRequest, instrument_id: int) -> HttpResponse:
    user = api_user(request)
    instrument = spreadsheet_selectors.instrument_for(user=user, pk=instrument_id)
    content, filename = spreadsheet_services.workbook_for(user=user, instrument=instrument)
    record_sensitive_read(reader=user, obj=instrument, action=DOWNLOAD)
    return _workbook(content, filename)


@router.get(
    "/instrument-spreadsheets/template",
    response={200: None},
    operation_id="workplans_spreadsheet_template",
    summary="Download the blank workbook for a new work plan (Secretariat)",
)
def spreadsheet_template(request: HttpRequest) -> HttpResponse:
    user = api_signed_in_user(request, _("Sign in to download the blank workbook."))
    require_workplan_editor(user)
    content, filename = spreadsheet_services.workbook_for(user=user, instrument=None)
    return _workbook(content, filename)


@router.post(
    "/instrument-spreadsheets",
    response={200: PreviewOut, 422: SpreadsheetProblems},
    operation_id="workplans_upload_spreadsheet",
    summary="Upload an edited workbook and see what it would change (Secretariat)",
    description="Multipart form with `file` (XLSX) and `instrument_id` (leave it out to create "
    "a new instrument from the blank workbook). Nothing is saved yet: the answer lists every "
    "addition, change (field by field) and removal; confirm it at "
    "`POST /instrument-spreadsheets/{token}/confirm` with the `fingerprint`. A file with "
    "problems answers 422 listing each by sheet, row and column.",
)
def upload_spreadsheet(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    instrument_id: int | None = Form(None),
) -> Any:
    user = api_signed_in_user(request, _("Sign in to upload a workbook."))
    instrument = (
        spreadsheet_selectors.instrument_for(user=user, pk=instrument_id)
        if instrument_id is not None
        else None
    )
    preview = spreadsheet_services.preview_upload(
        actor=user,
        instrument=instrument,
        data=file.read(spreadsheet_layout.max_upload_bytes() + 1),
        filename=file.name or "",
    )
    if not preview.ok:
        return _problems(preview.problems)
    return _preview_out(preview)


@router.get(
    "/instrument-spreadsheets/{token}",
    response={200: PreviewOut, 422: SpreadsheetProblems},
    operation_id="workplans_spreadsheet_preview",
    summary="One's uploaded workbook again: what it would change now",
)
def spreadsheet_preview(request: HttpRequest, token: UUID) -> Any:
    user = api_signed_in_user(request, _("Sign in to read your upload."))
    require_workplan_editor(user)
    upload = spreadsheet_selectors.upload_for(user=user, token=token)
    preview = spreadsheet_services.preview_of(actor=user, upload=upload)
    if not preview.ok:
        return _problems(preview.problems)
    return _preview_out(preview)


@router.post(
    "/instrument-spreadsheets/{token}/confirm",
    response={200: AppliedOut, 409: ErrorOut, 422: SpreadsheetProblems},
    operation_id="workplans_confirm_spreadsheet",
    summary="Apply an uploaded workbook as one version of the instrument (Secretariat)",
    description="All of it or nothing, in one transaction. 409 when the instrument changed "
    "after the preview (upload again); nothing changes and no version is written when the "
    "workbook matches the instrument.",
)
def confirm_spreadsheet(request: HttpRequest, token: UUID, payload: ConfirmIn) -> Any:
    user = api_signed_in_user(request, _("Sign in to confirm your upload."))
    require_workplan_editor(user)
    upload = spreadsheet_selectors.upload_for(user=user, token=token)
    try:
        applied = spreadsheet_services.confirm_upload(
            actor=user, upload=upload, fingerprint=payload.fingerprint
        )
    except spreadsheet_services.StalePreview as exc:
        return Status(409, {"detail": exc.message})
    return {
        "instrument_id": applied.instrument.pk,
        "key": applied.instrument.key,
        "version": applied.version,
        "counts": applied.diff.counts(),
    }
