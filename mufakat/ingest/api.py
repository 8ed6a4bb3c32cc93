"""REST endpoints of ingest (mounted at /api/v1/ingest): the same services as the review page.

POST a statement (JSON or a multipart file) → a draft with its proposals, matches and
differences; nothing else is written until ``POST /ingest/{id}/confirm``. 403 for users who
may not ingest, 404 for drafts that are not yours, 409 on a conflict, 422 on bad decisions.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from mufakat.core.web import api_signed_in_user, api_user
from mufakat.ingest import selectors, services
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.permissions import require_ingester
from mufakat.ingest.review import review
from mufakat.ingest.schemas import (
    ConfirmOut,
    DecisionsIn,
    DraftIn,
    DraftOut,
    DraftSummaryOut,
)

router = Router(tags=["ingest"])

_MULTIPART_DOC = {
    "requestBody": {
        "content": {
            "application/json": {"schema": DraftIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "source_url": {"type": "string"},
                        "published": {"type": "string", "format": "date"},
                    },
                    "required": ["file"],
                }
            },
        },
        "required": True,
    }
}


def summary_out(draft: IngestDraft) -> dict[str, Any]:
    return {
        "id": draft.pk,
        "title": draft.title,
        "status": draft.status,
        "created_at": draft.created_at,
        "owner": draft.owner.get_username(),
        "source_url": draft.source_url,
        "published": draft.published,
        "url": draft.get_absolute_url(),
    }


def draft_out(draft: IngestDraft, user: Any) -> dict[str, Any]:
    return {
        **summary_out(draft),
        "file_name": draft.file_name,
        "text": draft.text,
        "extraction": draft.extraction,
        "review": review(draft=draft, user=user).to_json(),
        "confirmed_at": draft.confirmed_at,
        "result": draft.result,
    }


def _draft(request: HttpRequest, draft_id: int) -> IngestDraft:
    user = api_signed_in_user(request, _("Sign in to ingest."))
    require_ingester(user)
    found = selectors.draft(user=user, pk=draft_id)
    if found is None:
        raise Http404
    return found


def _input(request: HttpRequest) -> tuple[DraftIn | None, Any, dict[str, str]]:
    """JSON ({text, source_url, published}) or a multipart form with ``file``."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": "Send the statement as `file`."})
        return None, upload, {k: str(v) for k, v in request.POST.items()}
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise ValidationError("The body is neither JSON nor a multipart form.") from exc
    if not isinstance(data, dict):
        raise ValidationError("The body is a JSON object.")
    try:
        return DraftIn.model_validate(data), None, {}
    except Exception as exc:  # pydantic's error, reported per field like ninja does
        errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
        raise ValidationError(
            {".".join(str(p) for p in e["loc"]) or "body": e["msg"] for e in errors}
            or "Invalid input."
        ) from exc


@router.get(
    "",
    response=list[DraftSummaryOut],
    operation_id="ingest_list",
    summary="Your ingest drafts (the Secretariat: everyone's)",
)
def list_drafts(request: HttpRequest) -> Any:
    user = api_signed_in_user(request, _("Sign in to ingest."))
    require_ingester(user)
    return [summary_out(d) for d in selectors.drafts(user=user)[:200]]


@router.post(
    "",
    response={201: DraftOut},
    operation_id="ingest_create",
    summary="Read a press statement into a draft (Secretariat, chairs); writes nothing else",
    description="JSON `{text, source_url, published}` or a multipart form with `file` (.txt, "
    ".md, .html, .docx, .pdf). The answer holds the extraction, and per proposal the matching "
    "record you may see, its `lock_version` and the fields that differ.",
    openapi_extra=_MULTIPART_DOC,
)
def create_draft(request: HttpRequest) -> Any:
    user = api_signed_in_user(request, _("Sign in to ingest."))
    require_ingester(user)
    payload, upload, form = _input(request)
    if payload is not None:
        draft = services.create_draft(
            actor=user,
            text=payload.text,
            source_url=payload.source_url,
            published=payload.published,
        )
    else:
        published = None
        if form.get("published"):
            try:
                published = dt.date.fromisoformat(form["published"])
            except ValueError as exc:
                raise ValidationError({"published": "Give the date as YYYY-MM-DD."}) from exc
        draft = services.create_draft(
            actor=user,
            uploaded_file=upload,
            source_url=form.get("source_url", ""),
            published=published,
        )
    return Status(201, draft_out(draft, user))


@router.get(
    "/{draft_id}",
    response=DraftOut,
    operation_id="ingest_get",
    summary="A draft with its proposals, matches and differences",
)
def get_draft(request: HttpRequest, draft_id: int) -> Any:
    draft = _draft(request, draft_id)
    return draft_out(draft, api_user(request))


@router.post(
    "/{draft_id}/confirm",
    response={200: ConfirmOut, 409: dict},
    operation_id="ingest_confirm",
    summary="Create or update what you ticked, in one transaction (Secretariat)",
    description="List the proposals to write; see the draft's `review` for matches. A draft "
    "is confirmed once: again → 409, as is a matched record edited since (lock_version).",
)
def confirm_draft(request: HttpRequest, draft_id: int, payload: DecisionsIn) -> Any:
    draft = _draft(request, draft_id)
    user = api_user(request)
    try:
        result = services.confirm_draft(
            actor=user, draft=draft, decisions=payload.dict(exclude_unset=True)
        )
    except services.DraftClosed as exc:
        return Status(409, {"detail": [{"loc": ["body", "status"], "msg": str(exc)}]})
    return {"id": draft.pk, "status": draft.status, "result": result}
