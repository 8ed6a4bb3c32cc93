"""Bulk reporting over the API: the round's template as a file, and its all-or-nothing upload.

The upload answers 200 with counts, or 422 listing every problem as
``{"loc": ["file", sheet, row, column], "msg": ...}`` — the same problems the upload page shows.
A file that changes many reports is checked at once (the same 422) and then applied by the task
worker: the answer is 202 with the import's ``url`` to poll (only the uploader and the
Secretariat may read it).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mufakat.core.web import api_user
from mufakat.monitoring import spreadsheet_jobs, spreadsheets
from mufakat.monitoring.models import SpreadsheetImport
from mufakat.monitoring.schemas_spreadsheets import ImportCounts, ImportJobOut, ImportProblems

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
    response={200: ImportCounts, 202: ImportJobOut, 422: ImportProblems},
    operation_id="monitoring_spreadsheets_import",
    summary="Upload a filled-in template: all rows are saved, or none",
    description="Multipart form with `file` (XLSX or CSV) and optional `submit` (hand the "
    "drafts in for review). Nothing is written if any row has a problem; the 422 answer "
    "lists every problem by sheet, row and column. A file that changes many reports is "
    "saved in the background: 202 with the import to poll at `url`.",
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
    if result.job is not None:
        return Status(202, job_out(request, result.job))
    return result.counts()


def job_out(request: HttpRequest, job: SpreadsheetImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": request.build_absolute_uri(f"/api/v1/rounds/{job.round_id}/imports/{job.pk}"),
        "state": job.state,
        "phase": job.phase,
        "filename": job.filename,
        "total": job.total,
        "checked": job.checked,
        "percent": job.percent,
        "rows_read": job.rows_read,
        "reports_changed": job.reports_changed,
        "reports_unchanged": job.reports_unchanged,
        "reports_submitted": job.reports_submitted,
        "error": job.error,
        "problems": job.problems or [],
    }


@router.get(
    "/rounds/{round_id}/imports/{job_id}",
    response={200: ImportJobOut},
    operation_id="monitoring_spreadsheets_import_job",
    summary="Follow a large upload being saved in the background",
    description="The uploader and the Secretariat only (404 for anyone else). `state` is "
    "queued, running, done or failed; a failed import saved nothing and says why.",
)
def import_job(request: HttpRequest, round_id: int, job_id: int) -> Any:
    user = api_user(request)
    round_ = spreadsheets.round_for_user(user=user, pk=round_id)
    job = spreadsheet_jobs.job_for(user, round_, job_id)
    if job is None:
        raise Http404
    return job_out(request, job)
