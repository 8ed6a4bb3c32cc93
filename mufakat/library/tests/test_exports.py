"""The library list as a file: the items the list shows with its filters, every page, and the
records they link to only where the reader may see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mufakat.core.audience import TLP, Audience
from mufakat.library import views
from mufakat.library.models import KnowledgeItem
from mufakat.testing.exports import csv_rows, json_rows, page_ids
from mufakat.testing.factories import CrimeAreaFactory, InstrumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")
CSV = reverse("library:export", kwargs={"fmt": "csv"})
JSON = reverse("library:export", kwargs={"fmt": "json"})


def _item(title: str, owner: Any, **kwargs: Any) -> KnowledgeItem:
    values: dict[str, Any] = {
        "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
        "audience": Audience.PUBLIC,
        "tlp": TLP.CLEAR,
        "owner_party": owner,
    }
    values.update(kwargs)
    item = KnowledgeItem.objects.create(title=title, **values)
    return item


def test_the_csv_holds_every_page_of_the_filtered_list(
    as_user: Any, idn_focal: Any, idn: Any, jpn: Any, monkeypatch: Any
) -> None:
    terrorism = CrimeAreaFactory.create(code="terrorism", name="Terrorism")
    for n in range(7):
        item = _item(f"Practice {n}", idn if n % 2 else jpn)
        if n < 5:
            item.crime_areas.set([terrorism])
    _item("Indonesian note", idn, audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = as_user(idn_focal)
    for query in ({}, {"crime_area": "terrorism"}, {"party": "IDN", "q": "practice"}):
        shown = page_ids(client, LIST, query, "items")
        assert [int(r["id"]) for r in csv_rows(client.get(CSV, query))] == shown
    assert len(page_ids(client, LIST, {}, "items")) == 8


def test_an_item_for_one_organisation_is_absent_for_others(
    as_user: Any, idn_focal: Any, outsider: Any, idn: Any
) -> None:
    _item("Indonesian note", idn, audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT)
    assert csv_rows(as_user(outsider).get(CSV)) == []
    assert [r["title"] for r in csv_rows(as_user(idn_focal).get(CSV))] == ["Indonesian note"]


def test_a_linked_meeting_or_instrument_is_named_only_to_who_may_see_it(
    as_user: Any, idn_focal: Any, outsider: Any, idn: Any, jpn: Any
) -> None:
    closed = MeetingFactory.create(
        audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn
    )
    plan = InstrumentFactory.create(
        key="idn-plan", audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn
    )
    item = _item("Lessons from the closed meeting", jpn, meeting=closed, instrument=plan)
    item.parties.set([idn, jpn])
    [theirs] = json_rows(as_user(outsider).get(JSON))
    assert (theirs["meeting_id"], theirs["instrument"]) == (None, None)
    assert theirs["parties"] == ["IDN", "JPN"]
    assert theirs["owner_party"] == "JPN"
    [mine] = json_rows(as_user(idn_focal).get(JSON))
    assert (mine["meeting_id"], mine["instrument"]) == (closed.pk, "idn-plan")


def test_a_title_that_reads_as_a_formula_is_text_in_the_csv(
    as_user: Any, anonymous: Any, idn: Any
) -> None:
    _item("@cmd|' /C calc'!A0", idn, summary="\tindented")
    [row] = csv_rows(as_user(anonymous).get(CSV))
    assert (row["title"], row["summary"]) == ("'@cmd|' /C calc'!A0", "'\tindented")
    assert row["published_at"].startswith(str(timezone.localdate().year))


def test_the_list_links_to_its_export_with_its_filters(as_user: Any, anonymous: Any) -> None:
    html = as_user(anonymous).get(LIST, {"kind": "good_practice", "page": "3"}).content.decode()
    assert f'href="{CSV}?kind=good_practice"' in html


def test_the_export_costs_the_same_queries_for_few_items_or_many(
    as_user: Any, idn_focal: Any, idn: Any, jpn: Any
) -> None:
    meeting = MeetingFactory.create(start_date=dt.date(2024, 1, 1))
    plan = InstrumentFactory.create()
    client = as_user(idn_focal)
    client.get(LIST)

    def cost() -> int:
        with CaptureQueriesContext(connection) as seen:
            b"".join(client.get(CSV).streaming_content)
        return len(seen.captured_queries)

    _item("First", idn, meeting=meeting, instrument=plan).parties.set([jpn])
    few = cost()
    for n in range(15):
        _item(f"More {n}", jpn, meeting=meeting, instrument=plan).parties.set([idn, jpn])
    assert cost() == few
