"""The index follows the records it is told about, on either database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.library.models import Attachment, KnowledgeItem
from mufakat.search.backends import backend
from mufakat.search.indexing import index_object, rebuild, unindex_object
from mufakat.search.models import SearchDocument
from mufakat.search.text import parse_query
from mufakat.testing.factories import (
    CrimeAreaFactory,
    InstrumentFactory,
    MeetingFactory,
    OutcomeFactory,
    PriorityAreaFactory,
)

pytestmark = pytest.mark.django_db


def matches(query: str) -> set[tuple[str, int]]:
    docs = backend().matching(SearchDocument.objects.all(), parse_query(query))
    return set(docs.values_list("object_type", "object_id"))


def item(**fields: Any) -> KnowledgeItem:
    values: dict[str, Any] = {
        "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
        "title": "A good practice",
        "audience": Audience.PUBLIC,
        "tlp": TLP.CLEAR,
    }
    values.update(fields)
    return KnowledgeItem.objects.create(**values)


def test_an_indexed_item_is_found_by_a_word_of_its_body() -> None:
    obj = item(body="Community policing prevents radicalisation in villages.")
    index_object(obj)
    assert matches("radicalisation") == {("item", obj.pk)}
    assert matches("radicalisation villages") == {("item", obj.pk)}
    assert matches("radicalisation cities") == set()


def test_an_item_is_dated_and_faceted_by_the_day_the_site_shows_not_the_utc_day() -> None:
    obj = item()
    evening = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)  # 1 January 2027, 03:00 in Jakarta
    KnowledgeItem.objects.filter(pk=obj.pk).update(published_at=evening)
    obj.refresh_from_db()
    index_object(obj)
    document = SearchDocument.objects.get(object_type="item", object_id=obj.pk)
    assert (document.date, document.year) == (dt.date(2027, 1, 1), 2027)


def test_an_item_document_holds_its_attachments_extracted_text() -> None:
    obj = item()
    Attachment.objects.create(
        item=obj,
        name="a.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        text="Mutual legal assistance checklist",
    )
    index_object(obj)
    assert matches("checklist") == {("item", obj.pk)}


def test_reindexing_replaces_and_unindexing_removes_the_document() -> None:
    obj = item(body="first wording")
    index_object(obj)
    obj.body = "second wording"
    obj.save()
    index_object(obj)
    assert matches("first") == set()
    assert matches("second") == {("item", obj.pk)}
    assert SearchDocument.objects.filter(object_type="item", object_id=obj.pk).count() == 1
    unindex_object(obj)
    assert matches("second") == set()
    assert not SearchDocument.objects.exists()


def test_meetings_outcomes_and_instruments_are_indexed_with_their_facets() -> None:
    meeting = MeetingFactory(summary="Maritime cooperation in the Sulu Sea")
    meeting.body.crime_areas.add(CrimeAreaFactory(code="sea_piracy"))
    outcome = OutcomeFactory(meeting=meeting, text="Establish a hotline between coast guards")
    area = PriorityAreaFactory(title="Border management", instrument=InstrumentFactory())
    area.crime_areas.add(CrimeAreaFactory(code="people_smuggling"))
    index_object(meeting)
    index_object(area.instrument)
    assert matches("sulu") == {("meeting", meeting.pk)}
    assert matches("hotline") == {("outcome", outcome.pk)}
    assert matches("border management") == {("instrument", area.instrument.pk)}
    outcome_doc = SearchDocument.objects.get(object_type="outcome")
    assert list(outcome_doc.facets.values_list("value", flat=True)) == ["sea_piracy"]


def test_rebuild_indexes_everything_once() -> None:
    item(body="alpha")
    item(body="beta")
    MeetingFactory(summary="gamma")
    assert rebuild()["item"] == 2
    assert rebuild(batch_size=1) == {
        "item": 2,
        "meeting": 1,
        "outcome": 0,
        "instrument": 0,
        "document": 0,
    }
    assert matches("alpha") and matches("gamma")
    assert SearchDocument.objects.count() == 3
