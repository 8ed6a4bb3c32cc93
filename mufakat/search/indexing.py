"""Keeping the index in step with the records — called explicitly by services, no signals.

``index_object(obj)`` (re)writes the document of a knowledge item, meeting, outcome,
instrument or meeting document; ``unindex_object(obj)`` removes it. Both run inside the
caller's transaction, so a rolled-back write leaves no trace in the index either. A document carries only text the record
itself shows to whoever may open it (an item's attachments, a meeting's agenda, an instrument's
priority areas and activities — all children that inherit their parent's audience), never the
text of linked records that may be more restricted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch
from django.urls import NoReverseMatch
from django.utils import timezone

from mufakat.search.backends import Row, backend
from mufakat.search.models import SearchDocument, SearchFacet
from mufakat.search.text import index_text

logger = logging.getLogger(__name__)


@dataclass
class Document:
    """What one record contributes to the index, before it is written."""

    object_type: str
    object_id: int
    title: str
    url: str
    summary: str = ""
    text: str = ""
    date: dt.date | None = None
    year: int | None = None
    kind: str = ""
    language: str = ""
    crime_areas: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)


def _url(obj: Any) -> str:
    try:
        return str(obj.get_absolute_url())
    except NoReverseMatch:  # an app's URLs not mounted (yet): the hit is shown without a link
        logger.warning("No URL for %s %s", type(obj).__name__, obj.pk)
        return ""


def _join(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


def _codes(related: Iterable[Any]) -> set[str]:
    return {r.code for r in related if r is not None}


# -- one builder per indexed model -------------------------------------------------------------


def _item_document(item: Any) -> Document:
    # The day and year as the site shows them (Asia/Jakarta), not the UTC day of the instant.
    published = timezone.localdate(item.published_at) if item.published_at else None
    attachments = [a.text for a in item.attachments.all() if a.text]
    parties = _codes(item.parties.all())
    if item.owner_party is not None:
        parties.add(item.owner_party.code)
    return Document(
        object_type=SearchDocument.Type.ITEM,
        object_id=item.pk,
        title=item.title,
        url=_url(item),
        summary=item.summary,
        text=_join(item.body, *attachments),
        date=published,
        year=published.year if published else None,
        kind=item.kind,
        language=item.language,
        crime_areas=_codes(item.crime_areas.all()),
        parties=parties,
    )


def _meeting_document(meeting: Any) -> Document:
    agenda = [_join(a.title, a.description) for a in meeting.agenda_items.all()]
    parties = _codes(p.party for p in meeting.participants.all())
    parties |= _codes([meeting.host, meeting.chair]) | _codes(meeting.body.partners.all())
    return Document(
        object_type=SearchDocument.Type.MEETING,
        object_id=meeting.pk,
        title=meeting.title,
        url=_url(meeting),
        summary=meeting.summary,
        text=_join(meeting.body.name, meeting.city, *agenda),
        date=meeting.start_date,
        year=meeting.start_date.year if meeting.start_date else None,
        crime_areas=_codes(meeting.body.crime_areas.all()),
        parties=parties,
    )


def _outcome_document(outcome: Any) -> Document:
    meeting = outcome.meeting
    first_line = outcome.text.strip().splitlines()[0] if outcome.text.strip() else ""
    title = f"{outcome.reference} — {first_line}" if first_line else outcome.reference
    return Document(
        object_type=SearchDocument.Type.OUTCOME,
        object_id=outcome.pk,
        title=title[:500],
        url=_url(outcome),
        text=outcome.text,
        date=meeting.start_date,
        year=meeting.start_date.year if meeting.start_date else None,
        kind=outcome.kind,
        crime_areas=_codes(meeting.body.crime_areas.all()),
        parties=_codes([outcome.responsible]),
    )


def _instrument_document(instrument: Any) -> Document:
    areas = []
    crime_areas: set[str] = set()
    for area in instrument.priority_areas.all():
        crime_areas |= _codes(area.crime_areas.all())
        activities = [_join(f"{a.code} {a.title}", a.description) for a in area.activities.all()]
        areas.append(_join(area.title, area.description, *activities))
    year = instrument.start_year or (instrument.adopted_on.year if instrument.adopted_on else None)
    return Document(
        object_type=SearchDocument.Type.INSTRUMENT,
        object_id=instrument.pk,
        title=instrument.title,
        url=_url(instrument),
        summary=instrument.short_title,
        text=_join(instrument.description, *areas),
        date=instrument.adopted_on,
        year=year,
        kind=instrument.kind,
        crime_areas=crime_areas,
        parties=_codes(instrument.parties.all()),
    )


def _meeting_document_document(doc: Any) -> Document:
    """A meeting document: its own text (typed or read from its file) under its own gate."""
    meeting = doc.meeting
    day = doc.published or meeting.start_date
    where = f"{doc.agenda_item.position}. {doc.agenda_item.title}" if doc.agenda_item else ""
    return Document(
        object_type=SearchDocument.Type.DOCUMENT,
        object_id=doc.pk,
        title=doc.title,
        url=_url(doc),
        summary=_join(meeting.title, where),
        text=doc.text,
        date=day,
        year=day.year if day else None,
        kind=doc.kind,
        crime_areas=_codes(doc.crime_areas.all()),
        parties=_codes(doc.parties.all()),
    )


@dataclass(frozen=True)
class Source:
    """How to load and describe one indexed model."""

    object_type: str
    label: str  # app_label.ModelName
    build: Any
    select: tuple[str, ...]
    prefetch: tuple[Any, ...]

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.label)

    def queryset(self) -> models.QuerySet:
        # The base manager: the index covers every record; the gate applies when searching.
        qs = self.model._base_manager.all()
        return qs.select_related(*self.select).prefetch_related(*self.prefetch).order_by("pk")


def _sources() -> dict[str, Source]:
    from mufakat.meetings.models import Participant

    return {
        SearchDocument.Type.ITEM: Source(
            SearchDocument.Type.ITEM,
            "library.KnowledgeItem",
            _item_document,
            ("owner_party",),
            ("attachments", "parties", "crime_areas"),
        ),
        SearchDocument.Type.MEETING: Source(
            SearchDocument.Type.MEETING,
            "meetings.Meeting",
            _meeting_document,
            ("body", "host", "chair"),
            (
                "agenda_items",
                Prefetch("participants", Participant.objects.select_related("party")),
                "body__partners",
                "body__crime_areas",
            ),
        ),
        SearchDocument.Type.OUTCOME: Source(
            SearchDocument.Type.OUTCOME,
            "meetings.Outcome",
            _outcome_document,
            ("meeting__body", "responsible"),
            ("meeting__body__crime_areas",),
        ),
        SearchDocument.Type.INSTRUMENT: Source(
            SearchDocument.Type.INSTRUMENT,
            "workplans.Instrument",
            _instrument_document,
            (),
            ("parties", "priority_areas__crime_areas", "priority_areas__activities"),
        ),
        SearchDocument.Type.DOCUMENT: Source(
            SearchDocument.Type.DOCUMENT,
            "meetings.MeetingDocument",
            _meeting_document_document,
            ("meeting", "agenda_item"),
            ("crime_areas", "parties"),
        ),
    }


def source_for(obj: models.Model | type[models.Model]) -> Source:
    model = obj if isinstance(obj, type) else type(obj)
    for source in _sources().values():
        if model._meta.label == source.label:
            return source
    raise TypeError(f"{model.__name__} is not indexed for search")


def indexed_models() -> dict[str, type[models.Model]]:
    """Object type → model, for the gate."""
    return {name: source.model for name, source in _sources().items()}


# -- writing ----------------------------------------------------------------------------------


def _write(documents: list[Document]) -> int:
    """Replace the index rows of ``documents`` (documents of the same objects are replaced)."""
    if not documents:
        return 0
    engine = backend()
    by_type: dict[str, list[int]] = {}
    for doc in documents:
        by_type.setdefault(doc.object_type, []).append(doc.object_id)
    stale = []
    for object_type, ids in by_type.items():
        stale += list(
            SearchDocument.objects.filter(object_type=object_type, object_id__in=ids).values_list(
                "pk", flat=True
            )
        )
    if stale:
        engine.delete(stale)
        SearchDocument.objects.filter(pk__in=stale).delete()
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                object_type=d.object_type,
                object_id=d.object_id,
                title=d.title[:500],
                summary=d.summary,
                text=d.text,
                url=d.url[:500],
                date=d.date,
                year=d.year,
                kind=d.kind,
                language=d.language,
            )
            for d in documents
        ]
    )
    facets = []
    fulltext: list[Row] = []
    for row, doc in zip(rows, documents, strict=True):
        assert row.pk is not None  # bulk_create sets pks on SQLite and PostgreSQL
        facets += [SearchFacet(document=row, name="crime_area", value=c) for c in doc.crime_areas]
        facets += [SearchFacet(document=row, name="party", value=p) for p in doc.parties]
        fulltext.append(
            (row.pk, index_text(doc.title), index_text(doc.summary), index_text(doc.text))
        )
    SearchFacet.objects.bulk_create(facets)
    engine.write(fulltext)
    return len(rows)


def document_for(obj: models.Model) -> Document:
    """The document ``obj`` would be indexed as (loaded fresh, with its children)."""
    source = source_for(obj)
    fresh = source.queryset().get(pk=obj.pk)
    document: Document = source.build(fresh)
    return document


def index_object(obj: models.Model) -> None:
    """(Re)index one knowledge item, meeting, outcome, instrument or meeting document.

    Call it after every change to what the document holds (fields, attachments' text, crime
    areas, parties; for a meeting also its agenda and participants) — inside the writing
    transaction or from ``transaction.on_commit``. A meeting's outcomes are reindexed with it,
    as their titles carry the meeting's number.
    """
    with transaction.atomic():
        source = source_for(obj)
        try:
            documents = [document_for(obj)]
        except source.model.DoesNotExist:  # type: ignore[attr-defined]
            unindex_object(obj)
            return
        if source.object_type == SearchDocument.Type.MEETING:
            outcomes = _sources()[SearchDocument.Type.OUTCOME]
            documents += [outcomes.build(o) for o in outcomes.queryset().filter(meeting_id=obj.pk)]
        _write(documents)


def unindex_object(obj: models.Model) -> None:
    """Remove a record (and, for a meeting, its outcomes and documents) from the index. Call it before or
    after deleting the record; the object only needs its type and primary key."""
    source = source_for(obj)
    with transaction.atomic():
        docs = SearchDocument.objects.filter(object_type=source.object_type, object_id=obj.pk)
        if source.object_type == SearchDocument.Type.MEETING:
            from mufakat.meetings.models import Outcome

            outcome_ids = Outcome._base_manager.filter(meeting_id=obj.pk).values("pk")
            docs = docs | SearchDocument.objects.filter(
                object_type=SearchDocument.Type.OUTCOME, object_id__in=outcome_ids
            )
            from mufakat.meetings.models import MeetingDocument

            document_ids = MeetingDocument._base_manager.filter(meeting_id=obj.pk).values("pk")
            docs = docs | SearchDocument.objects.filter(
                object_type=SearchDocument.Type.DOCUMENT, object_id__in=document_ids
            )
        ids = list(docs.values_list("pk", flat=True))
        if ids:
            backend().delete(ids)
            SearchDocument.objects.filter(pk__in=ids).delete()


# -- rebuilding -------------------------------------------------------------------------------

#: The shape of the index: raise it whenever what a document holds or how its words are cut
#: changes (the builders above; :mod:`mufakat.search.text`: folding, stems, ordinals, the English
#: side of ``SYNONYMS``). Each database records the version its index was built with; a
#: deployment whose index is older rebuilds it once, in the background
#: (:func:`mufakat.search.tasks.refresh_index_if_outdated`, queued by ``search_index
#: --if-outdated``, which scripts/production.sh runs after ``migrate``).
INDEX_VERSION = 1


def stored_version() -> int | None:
    """The version the index of this database was last built with (None: never recorded)."""
    return backend().version()


def is_outdated() -> bool:
    return stored_version() != INDEX_VERSION


def _batches(qs: models.QuerySet, size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def rebuild(
    *, types: Iterable[str] | None = None, batch_size: int = 1000, progress: Any = None
) -> dict[str, int]:
    """Drop and rebuild the index (of some or all types) in batches; returns counts per type."""
    sources = _sources()
    wanted = list(types) if types else list(sources)
    engine = backend()
    with transaction.atomic():
        if set(wanted) == set(sources):
            engine.clear()
            SearchFacet.objects.all().delete()
            SearchDocument.objects.all().delete()
        else:
            ids = list(
                SearchDocument.objects.filter(object_type__in=wanted).values_list("pk", flat=True)
            )
            engine.delete(ids)
            SearchDocument.objects.filter(pk__in=ids).delete()
    counts = _index_all({name: sources[name] for name in wanted}, batch_size, progress)
    if set(wanted) == set(sources):
        engine.set_version(INDEX_VERSION)
    return counts


def _index_all(sources: dict[str, Source], batch_size: int, progress: Any) -> dict[str, int]:
    """Write the document of every record of ``sources``, a batch per transaction."""
    counts: dict[str, int] = {}
    for name, source in sources.items():
        counts[name] = 0
        for batch in _batches(source.queryset(), batch_size):
            with transaction.atomic():
                counts[name] += _write([source.build(obj) for obj in batch])
            if progress:
                progress(name, counts[name])
    return counts


def refresh(*, batch_size: int = 1000, progress: Any = None) -> dict[str, int]:
    """Rebuild the whole index in place: every record's document is rewritten batch by batch,
    then the documents of records gone are dropped — search keeps answering all along (a
    rebuild empties the index first). Records :data:`INDEX_VERSION`; returns counts per type."""
    started = timezone.now()
    counts = _index_all(_sources(), batch_size, progress)
    with transaction.atomic():
        # Written since ``started``: every live record (and anything a service indexed meanwhile).
        gone = list(
            SearchDocument.objects.filter(indexed_at__lt=started).values_list("pk", flat=True)
        )
        backend().delete(gone)
        SearchDocument.objects.filter(pk__in=gone).delete()
        backend().set_version(INDEX_VERSION)
    return counts
