"""Documents about a meeting (press statements, reports): writes, and the gated reads.

A document may carry the text it was read from and, optionally, the original file. The file is
checked by its content (``core.uploads.check_upload``; text files too) before anything is
written, stored under an unguessable name and served only through a view that applies the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mufakat.core.audience import TLP, Audience
from mufakat.core.services import create_audited, delete_audited
from mufakat.core.uploads import DOCX, PDF, TEXT_TYPES, check_upload
from mufakat.meetings.models import Meeting, MeetingDocument, document_path
from mufakat.meetings.permissions import require_meeting_editor
from mufakat.registry.models import CrimeArea, Party

#: What a meeting document may be: the formats a press statement or record comes in.
DOCUMENT_TYPES = frozenset({PDF, DOCX, *TEXT_TYPES})


def _codes(model: type[CrimeArea] | type[Party], codes: Iterable[str], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(str(c) for c in codes))
    found = {o.code: o for o in model.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError({field: _("Unknown code(s): %s.") % ", ".join(unknown)})
    return [found[c] for c in wanted]


def add_document(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    kind: str = MeetingDocument.Kind.PRESS_STATEMENT,
    text: str = "",
    uploaded_file: Any = None,
    source_url: str = "",
    published: dt.date | None = None,
    audience: str = Audience.PUBLIC,
    tlp: str = TLP.CLEAR,
    crime_areas: Iterable[str] = (),
    parties: Iterable[str] = (),
) -> MeetingDocument:
    """Attach a document to a meeting (audited); a refused file leaves no row and no file."""
    require_meeting_editor(actor)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if not (text or "").strip() and uploaded_file is None:
        raise ValidationError({"text": _("Give the document's text or a file.")})
    data: dict[str, Any] = {
        "meeting": meeting,
        "kind": kind,
        "title": title.strip()[:300],
        "text": text or "",
        "source_url": source_url or "",
        "published": published,
        "audience": audience,
        "tlp": tlp,
        "source": source_url or "",
        "added_by": actor,
        "crime_areas": _codes(CrimeArea, crime_areas, "crime_areas"),
        "parties": _codes(Party, parties, "parties"),
    }
    if uploaded_file is not None:
        checked = check_upload(uploaded_file, field="file", accepted=DOCUMENT_TYPES)
        uploaded_file.name = checked.storage_name
        data.update(
            file=uploaded_file,
            file_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
    try:
        return create_audited(
            MeetingDocument, actor=actor, data=data, action="meetingdocument.create"
        )
    except Exception:
        # The row rolled back; a file its save() wrote must not stay behind.
        if uploaded_file is not None:
            path = document_path(MeetingDocument(meeting=meeting), uploaded_file.name)
            if default_storage.exists(path):
                default_storage.delete(path)
        raise


def remove_document(*, actor: Any, document: MeetingDocument) -> None:
    """Delete a document and, once the transaction commits, its file."""
    require_meeting_editor(actor)
    with transaction.atomic():
        stored = document.file.name if document.file else ""
        storage = document.file.storage
        delete_audited(document, actor=actor, action="meetingdocument.delete")
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


# -- reads (through the gate) ------------------------------------------------------------------


def documents(*, user: Any, meeting: Meeting) -> QuerySet[MeetingDocument]:
    """The documents of a meeting ``user`` may see (the meeting's own visibility included)."""
    return MeetingDocument.objects.visible_to(user).filter(meeting=meeting)


def document(*, user: Any, pk: int) -> MeetingDocument | None:
    return (
        MeetingDocument.objects.visible_to(user)
        .select_related("meeting", "meeting__body")
        .prefetch_related("crime_areas", "parties")
        .filter(pk=pk)
        .first()
    )
