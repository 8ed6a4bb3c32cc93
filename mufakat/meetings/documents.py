"""Documents of a meeting (agendas, working papers, country reports, reports, press statements):
writes, and the gated reads.

The Secretariat and the chair of the meeting's body keep them, on the meeting or on one of its
agenda items. Each document has its own audience and TLP label, never wider than the meeting's
(refused, not narrowed). A file is checked by its content (``core.uploads.check_upload``) before
anything is written, stored under an unguessable name and served only through a view that
applies the gate. Replacing the file keeps the previous one as a :class:`MeetingDocumentVersion`;
the text of each new file is read in the background (``meetings.tasks``) and feeds search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from mufakat.core.audience import TLP, TLP_ORDER, Audience, audience_rank, most_restrictive_tlp
from mufakat.core.errors import ConflictError
from mufakat.core.references import knowable_groups
from mufakat.core.services import create_audited, delete_audited, update_audited
from mufakat.core.uploads import DOCX, PDF, TEXT_TYPES, XLSX, check_upload
from mufakat.core.visibility import knowable_sharing_groups, precompiled
from mufakat.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingDocument,
    MeetingDocumentVersion,
    document_path,
)
from mufakat.meetings.permissions import require_meeting_documents_manager
from mufakat.meetings.services import resolve_sharing_groups
from mufakat.registry.models import CrimeArea, Party
from mufakat.search.indexing import index_object, unindex_object

#: What a meeting document may be. PowerPoint is not recognised by ``core.uploads``:
#: presentations come as PDF.
DOCUMENT_TYPES = frozenset({PDF, DOCX, XLSX, *TEXT_TYPES})
#: Types whose text the background task reads (text files are decoded, the others parsed).
EXTRACTABLE = DOCUMENT_TYPES

#: Fields ``update_document`` may change (the file changes through :func:`add_version`).
DOCUMENT_FIELDS = frozenset(
    {"title", "kind", "agenda_item", "published", "source_url", "audience", "tlp", "sharing_groups"}
)


def _codes(model: type[CrimeArea] | type[Party], codes: Iterable[str], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(str(c) for c in codes))
    found = {o.code: o for o in model.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError({field: _("Unknown code(s): %s.") % ", ".join(unknown)})
    return [found[c] for c in wanted]


def _agenda_item(
    meeting: Meeting, value: AgendaItem | int | None, *, actor: Any
) -> AgendaItem | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, AgendaItem) else value
    item = AgendaItem.objects.visible_to(actor).filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    return item


def check_within_meeting(
    meeting: Meeting, *, audience: str, tlp: str, sharing_groups: Iterable[Any] = ()
) -> None:
    """A document is never shown wider, nor handled more loosely, than its meeting; an audience
    of sharing groups names at least one group. Refused with a field error."""
    if audience in Audience.values and audience_rank(audience) < audience_rank(meeting.audience):
        raise ValidationError(
            {
                "audience": _(
                    "The meeting is shown to “%(meeting)s”; its documents cannot be shown to a "
                    "wider audience (“%(audience)s”)."
                )
                % {
                    "meeting": Audience(meeting.audience).label,
                    "audience": Audience(audience).label,
                }
            }
        )
    if tlp in TLP_ORDER and TLP_ORDER.index(tlp) < TLP_ORDER.index(meeting.tlp):
        raise ValidationError(
            {
                "tlp": _(
                    "The meeting is marked TLP:%(meeting)s; its documents are marked at least "
                    "as strictly, not TLP:%(tlp)s."
                )
                % {"meeting": meeting.tlp, "tlp": tlp}
            }
        )
    if audience == Audience.SHARING_GROUP and not list(sharing_groups):
        raise ValidationError(
            {"sharing_groups": _("Tick at least one sharing group, or choose another audience.")}
        )


def _checked_file(uploaded_file: Any) -> dict[str, Any]:
    """The file's fields once its content passed the checks (nothing written yet)."""
    checked = check_upload(uploaded_file, field="file", accepted=DOCUMENT_TYPES)
    uploaded_file.name = checked.storage_name
    return {
        "file": uploaded_file,
        "file_name": checked.name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
        "text_status": (
            MeetingDocument.TextStatus.PENDING
            if checked.content_type in EXTRACTABLE
            else MeetingDocument.TextStatus.NONE
        ),
    }


def _forget_file(meeting: Meeting, uploaded_file: Any) -> None:
    """After a rolled-back write: a file its save() wrote must not stay behind."""
    path = document_path(MeetingDocument(meeting=meeting), uploaded_file.name)
    if default_storage.exists(path):
        default_storage.delete(path)


def _extract_on_commit(document: MeetingDocument) -> None:
    if document.text_status != MeetingDocument.TextStatus.PENDING:
        return
    pk, version = document.pk, document.version

    def enqueue() -> None:
        from mufakat.meetings.tasks import extract_document_text

        extract_document_text.enqueue(pk, version)

    transaction.on_commit(enqueue)


def add_document(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    kind: str = MeetingDocument.Kind.PRESS_STATEMENT,
    text: str = "",
    uploaded_file: Any = None,
    agenda_item: AgendaItem | int | None = None,
    source_url: str = "",
    published: dt.date | None = None,
    audience: str = Audience.PUBLIC,
    tlp: str = TLP.CLEAR,
    sharing_groups: Iterable[Any] = (),
    crime_areas: Iterable[str] = (),
    parties: Iterable[str] = (),
) -> MeetingDocument:
    """Attach a document to a meeting or one of its agenda items (audited); a refused file
    leaves no row and no file. A file's text is read in the background."""
    require_meeting_documents_manager(actor, meeting)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if not (text or "").strip() and uploaded_file is None:
        raise ValidationError({"file": _("Give the document's file or its text.")})
    if kind not in MeetingDocument.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of document “%s”.") % kind})
    groups = resolve_sharing_groups(sharing_groups)
    check_within_meeting(meeting, audience=audience, tlp=tlp, sharing_groups=groups)
    data: dict[str, Any] = {
        "meeting": meeting,
        "agenda_item": _agenda_item(meeting, agenda_item, actor=actor),
        "kind": kind,
        "title": title.strip()[:300],
        "text": text or "",
        "source_url": source_url or "",
        "published": published,
        "audience": audience,
        "tlp": tlp,
        "source": source_url or "",
        "added_by": actor,
        "sharing_groups": groups,
        "crime_areas": _codes(CrimeArea, crime_areas, "crime_areas"),
        "parties": _codes(Party, parties, "parties"),
    }
    if uploaded_file is not None:
        data.update(_checked_file(uploaded_file))
    try:
        with transaction.atomic():
            created = create_audited(
                MeetingDocument, actor=actor, data=data, action="meetingdocument.create"
            )
            index_object(created)
            _extract_on_commit(created)
    except Exception:
        if uploaded_file is not None:
            _forget_file(meeting, uploaded_file)
        raise
    return created


def update_document(
    *,
    actor: Any,
    document: MeetingDocument,
    changes: dict[str, Any],
    expected_version: int | None,
) -> MeetingDocument:
    """Change a document's description or marking (not its file: see :func:`add_version`)."""
    meeting = document.meeting
    require_meeting_documents_manager(actor, meeting)
    unknown = sorted(set(changes) - DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError({n: _("“%s” cannot be changed here.") % n for n in unknown})
    cleaned = dict(changes)
    if "title" in cleaned and not (cleaned["title"] or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if "agenda_item" in cleaned:
        cleaned["agenda_item"] = _agenda_item(meeting, cleaned["agenda_item"], actor=actor)
    if "sharing_groups" in cleaned:
        # Groups the editor may not know of (confidential ones) stay as they were.
        kept = document.sharing_groups.exclude(pk__in=knowable_sharing_groups(actor).values("pk"))
        cleaned["sharing_groups"] = resolve_sharing_groups(cleaned["sharing_groups"] or []) + list(
            kept
        )
    groups = cleaned.get("sharing_groups")
    if groups is None:
        groups = list(document.sharing_groups.all())
    check_within_meeting(
        meeting,
        audience=cleaned.get("audience", document.audience),
        tlp=cleaned.get("tlp", document.tlp),
        sharing_groups=groups,
    )
    with transaction.atomic():
        saved = update_audited(
            document,
            actor=actor,
            changes=cleaned,
            expected_version=expected_version,
            action="meetingdocument.update",
        )
        index_object(saved)
    return saved


def add_version(
    *,
    actor: Any,
    document: MeetingDocument,
    uploaded_file: Any,
    note: str = "",
    expected_version: int | None = None,
) -> MeetingDocument:
    """Replace a document's file with a new version; the previous file is kept (and stays
    downloadable, through the same gate) as a :class:`MeetingDocumentVersion`."""
    meeting = document.meeting
    require_meeting_documents_manager(actor, meeting)
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose the file of the new version.")})
    new = _checked_file(uploaded_file)
    try:
        with transaction.atomic():
            current = (
                MeetingDocument.objects.visible_to(actor).select_for_update().get(pk=document.pk)
            )
            if expected_version is not None and current.lock_version != expected_version:
                raise ConflictError(current.lock_version)
            if current.file:
                MeetingDocumentVersion(
                    document=current,
                    number=current.version,
                    file=current.file.name,
                    file_name=current.file_name,
                    content_type=current.content_type,
                    size=current.size,
                    sha256=current.sha256,
                    note=(note or "").strip()[:300],
                    created_by=actor,
                ).save()
            saved = update_audited(
                current,
                actor=actor,
                changes={**new, "version": current.version + 1},
                expected_version=None,
                action="meetingdocument.version",
            )
            index_object(saved)
            _extract_on_commit(saved)
    except Exception:
        _forget_file(meeting, uploaded_file)
        raise
    return saved


def remove_document(*, actor: Any, document: MeetingDocument) -> None:
    """Delete a document with its earlier versions and, once the transaction commits, files."""
    require_meeting_documents_manager(actor, document.meeting)
    with transaction.atomic():
        storage = document.file.storage
        stored = [document.file.name] if document.file else []
        stored += [
            name
            for name in MeetingDocumentVersion.objects.visible_to(actor)
            .filter(document=document)
            .values_list("file", flat=True)
            if name
        ]
        unindex_object(document)
        delete_audited(document, actor=actor, action="meetingdocument.delete")
        for name in stored:
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]


# -- reads (through the gate) ------------------------------------------------------------------


def documents(*, user: Any, meeting: Meeting) -> QuerySet[MeetingDocument]:
    """The documents of a meeting ``user`` may see (the meeting's own visibility included)."""
    return _documents_of(user, meeting.pk)


def _documents_of(user: Any, meeting_id: int) -> QuerySet[MeetingDocument]:
    return (
        MeetingDocument.objects.visible_to(user)
        .filter(meeting_id=meeting_id)
        .select_related("agenda_item")
        .order_by("agenda_item__position", "kind", "title", "pk")
    )


@dataclass
class DocumentGroup:
    """The documents of one agenda item, or of the meeting as a whole (``item`` None)."""

    item: AgendaItem | None
    documents: list[MeetingDocument] = field(default_factory=list)


def grouped_documents(*, user: Any, meeting: Meeting) -> list[DocumentGroup]:
    """Documents per agenda item ("General" first), in one query (compiled once per reader)."""
    groups: dict[int | None, DocumentGroup] = {}
    docs = precompiled(
        "meetings.meeting_documents",
        MeetingDocument,
        user,
        lambda value: _documents_of(user, value),
        meeting.pk,
    )
    for doc in docs:
        key = doc.agenda_item_id
        groups.setdefault(key, DocumentGroup(item=doc.agenda_item)).documents.append(doc)
    kinds = list(MeetingDocument.Kind.values)  # agendas first, then papers, reports, the rest
    for group in groups.values():
        group.documents.sort(key=lambda d: (kinds.index(d.kind), d.title.lower(), d.pk))
    general = groups.pop(None, None)
    ordered = sorted(groups.values(), key=lambda g: g.item.position if g.item else 0)
    return ([general] if general else []) + ordered


def documents_tlp(*, meeting: Meeting, docs: Iterable[MeetingDocument]) -> str:
    """The marking of a page listing ``docs`` of ``meeting``."""
    return most_restrictive_tlp(meeting.tlp, *(d.tlp for d in docs))


def document(*, user: Any, pk: int) -> MeetingDocument | None:
    return (
        MeetingDocument.objects.visible_to(user)
        .select_related("meeting", "meeting__body", "agenda_item")
        .prefetch_related(
            "crime_areas",
            "parties",
            knowable_groups(user),
            Prefetch(
                "versions",
                MeetingDocumentVersion.objects.visible_to(user).order_by("-number"),
                to_attr="history",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def version(*, user: Any, document_id: int, number: int) -> MeetingDocumentVersion | None:
    """An earlier version of a document ``user`` may see (its document and meeting too)."""
    return (
        MeetingDocumentVersion.objects.visible_to(user)
        .select_related("document", "document__meeting")
        .filter(document_id=document_id, number=number)
        .first()
    )
