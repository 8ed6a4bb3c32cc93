"""Bulk reporting over the API: the round's template as a file, and its all-or-nothing upload.

The upload answers 200 with counts, or 422 listing every problem as
``{"loc": ["file", sheet, row, column], "msg": ...}`` — the same problems the upload page shows.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mufakat.core.web import api_user
from mufakat.monitoring import spreadsheets
from mufakat.monitoring.schemas_spreadsheets import ImportCounts, ImportProblems

router = Router(tags=["monitoring"])


@router.get(
    "/rounds/{round_id}/template",
    operation_id="monitoring_spreadsheets_download_template",
    summary="Download a round's reporting template (XLSX or CSV)",
    description="A focal point gets the reports of their party; the Secretariat the whole "
    "round, or one `party` (code). See docs/reporting.md for the columns.",
    response={200: None},
)
def download_template(
    request: HttpRequest,
    round_id: int,
    format: Literal["xlsx", "csv"] = "xlsx",
    party: str = "",
) -> HttpResponse:
    user = api_user(request)
    round_ = spreadsheets.round_for_user(user=user, pk=round_id)
    content, filename = spreadsheets.export_round_file(
        user=user, round=round_, party=party or None, fmt=format
    )
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/rounds/{round_id}/import",
    response={200: ImportCounts, 422: ImportProblems},
    operation_id="monitoring_spreadsheets_import",
    summary="Upload a filled-in template: all rows are saved, or none",
    description="Multipart form with `file` (XLSX or CSV) and optional `submit` (hand the "
    "drafts in for review). Nothing is written if any row has a problem; the 422 answer "
    "lists every problem by sheet, row and column.",
)
def import_template(
    request: HttpRequest,
    round_id: int,
    file: UploadedFile = File(...),  # noqa: B008
    submit: bool = Form(False),
) -> Any:
    user = api_user(request)
    round_ = spreadsheets.round_for_user(user=user, pk=round_id)
    result = spreadsheets.import_round_file(
        actor=user,
        round=round_,
        uploaded=file.read(spreadsheets.max_import_bytes() + 1),
        filename=file.name or "",
        submit=submit,
    )
    if not result.ok:
        return Status(
            422,
            {
                "detail": [
                    {
                        "loc": ["file", p.sheet or None, p.row, p.column or None],
                        "msg": p.message,
                    }
                    for p in result.problems
                ]
            },
        )
    return result.counts()
