"""Pages for bulk reporting: download a round's template, upload it filled in.

A round the user may not see is a 404, exactly like a missing one; a visible round in which the
user does not report is a 403. The upload page shows every problem of a refused file.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from mufakat.monitoring import permissions, spreadsheet_jobs, spreadsheets

#: While a large upload is being applied its page reloads itself (an HTTP ``Refresh``: no
#: JavaScript needed).
REFRESH_SECONDS = 3


class RoundImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (XLSX or CSV)"),
        help_text=gettext_lazy("The file you downloaded from this page, with your figures."),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Also submit the reports for review"),
        required=False,
        help_text=gettext_lazy(
            "Leave unticked to save drafts you can still change; tick to hand in every draft "
            "in the file."
        ),
    )


def file_response(content: bytes, *, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = spreadsheets.round_for_user(user=request.user, pk=pk)
    fmt = request.GET.get("format", spreadsheets.XLSX)
    party = request.GET.get("party") or None
    try:
        content, filename = spreadsheets.export_round_file(
            user=request.user, round=round_, party=party, fmt=fmt
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    return file_response(content, filename=filename, fmt=fmt)


@login_required
@require_http_methods(["GET", "POST"])
def round_import(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = spreadsheets.round_for_user(user=request.user, pk=pk)
    if not permissions.can_import_spreadsheet(request.user, round_):
        raise PermissionDenied(
            _("Only focal points of the parties reporting in this round upload it.")
        )
    form = RoundImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = spreadsheets.import_round_file(
            actor=request.user,
            round=round_,
            # One byte over the limit is enough to refuse the file without reading it all.
            uploaded=upload.read(spreadsheets.max_import_bytes() + 1),
            filename=upload.name or "",
            submit=form.cleaned_data["submit"],
        )
        if result.job is not None:
            return redirect(result.job.get_absolute_url())
    return render(
        request,
        "monitoring/spreadsheet_import.html",
        {
            "round": round_,
            "form": form,
            "result": result,
            "columns": spreadsheets.COLUMNS,
            "status_codes": spreadsheets.STATUS_CHOICES,
            "max_mb": spreadsheets.round_mb(spreadsheets.max_import_bytes()),
            "jobs": spreadsheet_jobs.jobs_for(request.user, round_).select_related("uploaded_by")[
                :5
            ],
        },
    )


@login_required
@require_GET
def round_import_job(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    """A large upload being applied by the worker: its progress, then what it saved or why
    it saved nothing. Only the uploader and the Secretariat see it (anyone else: 404)."""
    round_ = spreadsheets.round_for_user(user=request.user, pk=pk)
    found = spreadsheet_jobs.job_for(request.user, round_, job)
    if found is None:
        raise Http404
    response = render(
        request,
        "monitoring/spreadsheet_import_job.html",
        {"round": round_, "job": found, "refresh_seconds": REFRESH_SECONDS},
    )
    response["Cache-Control"] = "private, no-store"
    if not found.finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
