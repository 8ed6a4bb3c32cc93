"""Pages of the work plan workbook: download, upload, preview and confirm.

An instrument the reader may not see is a 404 like a missing one; uploading is for those who
edit work plans (403 for anyone else). A preview belongs to its uploader alone.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from mufakat.audit.reads import DOWNLOAD, record_sensitive_read
from mufakat.core.web import registry_editor
from mufakat.workplans.models import Instrument, SpreadsheetUpload
from mufakat.workplans.spreadsheet import layout, selectors, services


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy("The workbook you downloaded, with your changes."),
    )


def _file(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=layout.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def instrument_download(request: HttpRequest, key: str) -> HttpResponse:
    instrument = selectors.instrument_for(user=request.user, key=key)
    content, filename = services.workbook_for(user=request.user, instrument=instrument)
    record_sensitive_read(reader=request.user, obj=instrument, action=DOWNLOAD)
    return _file(content, filename)


@registry_editor
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    content, filename = services.workbook_for(user=request.user, instrument=None)
    return _file(content, filename)


def _upload_page(
    request: HttpRequest, instrument: Instrument | None, preview: Any = None, form: Any = None
) -> HttpResponse:
    return render(
        request,
        "workplans/spreadsheet_upload.html",
        {
            "instrument": instrument,
            "form": form or UploadForm(),
            "preview": preview,
            "max_mb": f"{layout.max_upload_bytes() / 2**20:g}",
        },
        status=422 if preview is not None and not preview.ok else 200,
    )


def _upload(request: HttpRequest, instrument: Instrument | None) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, instrument, form=form)
    uploaded = form.cleaned_data["file"]
    preview = services.preview_upload(
        actor=request.user,
        instrument=instrument,
        # One byte over the limit is enough to refuse the file without reading it all.
        data=uploaded.read(layout.max_upload_bytes() + 1),
        filename=uploaded.name or "",
    )
    if not preview.ok or preview.upload is None:
        return _upload_page(request, instrument, preview, form)
    return redirect("workplans:spreadsheet_preview", preview.upload.token)


@registry_editor
@require_http_methods(["GET", "POST"])
def instrument_upload(request: HttpRequest, key: str) -> HttpResponse:
    return _upload(request, selectors.instrument_for(user=request.user, key=key))


@registry_editor
@require_http_methods(["GET", "POST"])
def new_upload(request: HttpRequest) -> HttpResponse:
    return _upload(request, None)


@registry_editor
@require_http_methods(["GET", "POST"])
def upload_preview(request: HttpRequest, token: Any) -> HttpResponse:
    """The preview of one's upload; its POST confirms it."""
    upload = selectors.upload_for(user=request.user, token=token)
    if upload.state == SpreadsheetUpload.State.APPLIED:
        assert upload.instrument is not None
        return redirect(upload.instrument.get_absolute_url())
    error, status = "", 200
    if request.method == "POST":
        try:
            applied = services.confirm_upload(
                actor=request.user, upload=upload, fingerprint=request.POST.get("fingerprint", "")
            )
        except services.StalePreview as exc:
            error, status = exc.message, 409
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 422
        else:
            if applied.version is None:
                messages.info(request, _("Nothing changed: the workbook matches the work plan."))
            else:
                messages.success(
                    request,
                    _("The workbook was applied: version %s of the work plan.") % applied.version,
                )
            return redirect(applied.instrument.get_absolute_url())
    preview = services.preview_of(actor=request.user, upload=upload)
    return render(
        request,
        "workplans/spreadsheet_preview.html",
        {
            "preview": preview,
            "instrument": upload.instrument,
            "upload": upload,
            "error": error,
            "sections": _sections(preview),
            "upload_url": reverse("workplans:spreadsheet_upload", args=[upload.instrument.key])
            if upload.instrument
            else reverse("workplans:spreadsheet_new"),
        },
        status=status if status != 200 else (422 if not preview.ok else 200),
    )


def _sections(preview: services.Preview) -> list[dict[str, Any]]:
    titles = {
        "instrument": _("The instrument"),
        "priority_area": _("Priority areas"),
        "activity": _("Activities"),
        "indicator": _("Indicators"),
    }
    sections = []
    for what, title in titles.items():
        groups = {
            action: preview.diff.of(what, action) for action in ("added", "changed", "removed")
        }
        if any(groups.values()):
            sections.append({"title": title, **groups})
    return sections
