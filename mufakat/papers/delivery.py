"""Producing a meeting paper as a PDF or DOCX for one reader, storing it and auditing it.

The paper is built *for the reader* by its builder (the gate applies there), rendered, and kept
as a :class:`ProducedDocument` whose audience is that reader alone — so a copy can be fetched
again, and the audit log says who produced which paper (and version), for whom, with which
marking and hash. A small paper is produced while the reader waits; a large one is queued as a
background task (django-tasks) that reports its progress on ``/papers/<id>/``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core.audience import Audience
from mufakat.core.visibility import precompiled
from mufakat.papers.content import Chart, Note, Paper, Para, Table
from mufakat.papers.models import PaperFormat, PaperKind, ProducedDocument, RecordVersion
from mufakat.papers.permissions import can_produce
from mufakat.papers.render import CONTENT_TYPES, render

logger = logging.getLogger(__name__)

#: A paper heavier than this (see :func:`paper_weight`) is produced in the background.
#: Settings: ``MUFAKAT_PAPERS_BACKGROUND_WEIGHT`` (the threshold) and
#: ``MUFAKAT_PAPERS_ALWAYS_BACKGROUND`` (queue every document, e.g. to try the worker).
DEFAULT_BACKGROUND_WEIGHT = 1500
#: A chart costs about as much to draw as this many paragraphs (SVG → PDF, SVG → PNG).
CHART_WEIGHT = 25

#: Progress steps shown on the document's page.
BUILDING, RENDERING, STORING, DONE = 10, 40, 80, 100


def paper_weight(paper: Paper) -> int:
    """A rough cost of printing ``paper``: paragraphs, notes and table rows, and charts."""
    weight = 0
    for section in paper.all_sections():
        for block in section.blocks:
            if isinstance(block, Table):
                weight += len(block.rows) + 1
            elif isinstance(block, Chart):
                weight += CHART_WEIGHT
            elif isinstance(block, Para | Note):
                weight += 1
    return weight


def runs_in_background(paper: Paper) -> bool:
    if getattr(settings, "MUFAKAT_PAPERS_ALWAYS_BACKGROUND", False):
        return True
    threshold = getattr(settings, "MUFAKAT_PAPERS_BACKGROUND_WEIGHT", DEFAULT_BACKGROUND_WEIGHT)
    return paper_weight(paper) > int(threshold)


@dataclass(frozen=True)
class Target:
    """What to build: a paper kind and the records it is about (each already through the gate)."""

    kind: str
    meeting: Any = None
    instrument: Any = None
    snapshot: Any = None
    record_version: RecordVersion | None = None


def build_paper(target: Target, *, user: Any) -> Paper:
    """The paper for ``user``, by its builder (imported here: builders import models of every
    app, and this module is imported by URL configuration)."""
    if target.kind == PaperKind.BRIEF:
        from mufakat.papers.brief import build_brief

        return build_brief(target.meeting, user=user)
    if target.kind == PaperKind.RECORD:
        from mufakat.papers.record import build_record

        return build_record(target.meeting, user=user, version=target.record_version)
    if target.kind == PaperKind.STATUS_REPORT:
        from mufakat.papers.status_report import build_status_report

        return build_status_report(target.instrument, user=user, snapshot=target.snapshot)
    raise ValueError(f"Unknown paper {target.kind!r}")


def file_name(paper: Paper, fmt: str) -> str:
    """``brief-of-the-24th-somtc-tlp-amber.pdf``: the marking travels with the name too."""
    stem = slugify(paper.title)[:120].strip("-") or paper.kind
    return f"{stem}-tlp-{slugify(paper.tlp)}.{fmt}"


def reader_name(user: Any) -> str:
    party = getattr(user, "party", None)
    name = user.get_username()
    return f"{name} ({party.code})" if party is not None else name


def produce(
    *,
    user: Any,
    kind: str,
    format: str,
    meeting: Any = None,
    instrument: Any = None,
    snapshot: Any = None,
    record_version: RecordVersion | None = None,
    background: bool | None = None,
) -> ProducedDocument:
    """Produce ``kind`` as ``format`` for ``user``: built now (a hidden record is the caller's
    404 before this), then rendered and stored now or queued when large (``background``
    overrides the choice). Returns the stored document, done, failed or queued; its
    ``in_background`` says which way it went (the reader is then sent to its page)."""
    if not can_produce(user):
        raise PermissionDenied(_("Sign in to produce documents."))
    if format not in PaperFormat.values:
        raise ValueError(f"Unknown format {format!r}")
    target = Target(kind, meeting, instrument, snapshot, record_version)
    paper = build_paper(target, user=user)
    queue = runs_in_background(paper) if background is None else background
    with transaction.atomic():
        document = ProducedDocument(
            kind=kind,
            format=format,
            meeting=meeting,
            instrument=instrument,
            snapshot=snapshot,
            record_version=record_version,
            produced_for=user,
            audience=Audience.NAMED,
            tlp=paper.tlp,
            owner_party_id=getattr(user, "party_id", None),
            title=paper.title[:300],
            file_name=file_name(paper, format),
            state=ProducedDocument.State.QUEUED,
        )
        document.save()
        document.named_users.set([user])
    if queue:
        from mufakat.papers.tasks import produce_document

        produce_document.enqueue(document.pk, user.pk)
        document.refresh_from_db()
    else:
        run(document, user=user, paper=paper)
    document.in_background = queue  # type: ignore[attr-defined]
    return document


def _progress(document: ProducedDocument, state: str, progress: int, **changes: Any) -> None:
    document.state = state
    document.progress = progress
    for name, value in changes.items():
        setattr(document, name, value)
    document.save(update_fields=["state", "progress", "updated_at", *changes])


def run(document: ProducedDocument, *, user: Any, paper: Paper | None = None) -> None:
    """Build (unless given), render and store ``document`` for ``user``, stepping its progress;
    a failure is stored as a message for the reader (and logged), never raised."""
    try:
        _progress(document, ProducedDocument.State.RUNNING, BUILDING)
        if paper is None:
            paper = build_paper(target_of(document, user=user), user=user)
        _progress(document, ProducedDocument.State.RUNNING, RENDERING)
        content = render(paper, document.format, produced_for=reader_name(user))
        _progress(document, ProducedDocument.State.RUNNING, STORING)
        store(document, paper=paper, content=content, user=user)
    except Http404:
        _progress(
            document,
            ProducedDocument.State.FAILED,
            document.progress,
            error=_("What this document is about is no longer available to you."),
        )
    except Exception:
        logger.exception("Producing paper document %s failed", document.pk)
        _progress(
            document,
            ProducedDocument.State.FAILED,
            document.progress,
            error=_(
                "The document could not be produced. Try again; if it fails again, tell the "
                "Secretariat which paper you asked for."
            ),
        )


def target_of(document: ProducedDocument, *, user: Any) -> Target:
    """What a queued document is about, checked again through the gate for ``user`` (the
    records may have been narrowed since it was asked for)."""
    from mufakat.meetings import selectors as meeting_selectors
    from mufakat.papers.record import readable_version

    meeting = instrument = snapshot = version = None
    if document.meeting_id is not None:
        meeting = meeting_selectors.meeting(user=user, pk=document.meeting_id)
        if meeting is None:
            raise Http404
    if document.instrument_id is not None:
        from mufakat.papers.status_report import resolve_snapshot
        from mufakat.workplans.selectors import instrument_by_id

        instrument = instrument_by_id(user=user, pk=document.instrument_id)
        if document.snapshot_id is not None:
            snapshot = resolve_snapshot(instrument, user=user, snapshot_id=document.snapshot_id)
            if snapshot is None:
                raise Http404
    if document.record_version is not None and meeting is not None:
        version = readable_version(meeting, user=user, number=document.record_version.number)
        if version is None:
            raise Http404
    return Target(document.kind, meeting, instrument, snapshot, version)


def store(document: ProducedDocument, *, paper: Paper, content: bytes, user: Any) -> None:
    """Keep the file with its hash and write the audit event."""
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        document.file.save(file_name(paper, document.format), ContentFile(content), save=False)
        _progress(
            document,
            ProducedDocument.State.DONE,
            DONE,
            file=document.file,
            file_name=file_name(paper, document.format),
            size=len(content),
            sha256=digest,
            tlp=paper.tlp,
            title=paper.title[:300],
            finished_at=timezone.now(),
            error="",
        )
        record(
            actor=user,
            action="produceddocument.produce",
            obj=document,
            after={
                "paper": document.kind,
                "format": document.format,
                "title": document.title,
                "meeting": document.meeting_id,
                "instrument": document.instrument_id,
                "snapshot": document.snapshot_id,
                "record_version": (
                    document.record_version.number if document.record_version else None
                ),
                "version": paper.version,
                "produced_for": user.get_username(),
                "tlp": document.tlp,
                "sha256": digest,
                "size": len(content),
            },
        )


def content_type(document: ProducedDocument) -> str:
    return CONTENT_TYPES[document.format]


# -- reads -----------------------------------------------------------------------------------


def produced_for(
    user: Any, meeting: Any = None, instrument: Any = None
) -> QuerySet[ProducedDocument]:
    """Documents produced for ``user`` (newest first), of a meeting or an instrument."""
    if user is None or not user.is_authenticated:
        return ProducedDocument.objects.none()
    qs = ProducedDocument.objects.visible_to(user).filter(produced_for=user)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if instrument is not None:
        qs = qs.filter(instrument=instrument)
    return qs.order_by("-created_at", "-pk")


def produced_for_meeting(user: Any, meeting_id: int, limit: int = 10) -> list[ProducedDocument]:
    """The newest ``limit`` documents produced for ``user`` of one meeting (none for an
    anonymous reader), as :func:`produced_for` gives them: the gated read compiled once per
    reader (``core.visibility.precompiled``) rather than on every view of the meeting's page."""
    if user is None or not user.is_authenticated:
        return []
    return precompiled(
        f"papers.produced_for_meeting.{limit}",
        ProducedDocument,
        user,
        lambda value: produced_for(user, meeting=value)[:limit],
        meeting_id,
    )


def produced_document(user: Any, pk: int) -> ProducedDocument | None:
    """One document produced for ``user`` (None for anyone else: they get a 404)."""
    return produced_for(user).select_related("record_version").filter(pk=pk).first()
