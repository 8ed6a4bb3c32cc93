"""Work plans in and out of workbooks over the API: download, upload with a preview, confirm.

The handlers call the same services as the pages (:mod:`mufakat.workplans.spreadsheet`), so the
API refuses exactly what the pages refuse: 404 for an instrument one may not see, 403 for a
reader who does not edit work plans, 422 listing each problem of a file by sheet, row and
column, 409 when the instrument changed between the preview and the confirmation.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mufakat.audit.reads import DOWNLOAD, record_sensitive_read
from mufakat.core.schemas import ErrorOut
from mufakat.core.web import api_signed_in_user, api_user
from mufakat.workplans.permissions import require_workplan_editor
from mufakat.workplans.schemas_spreadsheet import (
    WorkbookAppliedOut,
    WorkbookConfirmIn,
    WorkbookPreviewOut,
    WorkbookProblems,
)
from mufakat.workplans.spreadsheet import layout as spreadsheet_layout
from mufakat.workplans.spreadsheet import selectors as spreadsheet_selectors
from mufakat.workplans.spreadsheet import services as spreadsheet_services

router = Router(tags=["workplans"])


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
    response={200: WorkbookPreviewOut, 422: WorkbookProblems},
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
    response={200: WorkbookPreviewOut, 422: WorkbookProblems},
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
    response={200: WorkbookAppliedOut, 409: ErrorOut, 422: WorkbookProblems},
    operation_id="workplans_confirm_spreadsheet",
    summary="Apply an uploaded workbook as one version of the instrument (Secretariat)",
    description="All of it or nothing, in one transaction. 409 when the instrument changed "
    "after the preview (upload again); nothing changes and no version is written when the "
    "workbook matches the instrument.",
)
def confirm_spreadsheet(request: HttpRequest, token: UUID, payload: WorkbookConfirmIn) -> Any:
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
