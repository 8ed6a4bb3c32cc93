"""A translated title follows the reader everywhere a title is shown: breadcrumbs and the page
title, the API, calendar feeds, the meeting papers and the list exports — with the recorded
title kept beside it where a machine reads it."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from mufakat.meetings import calendar_tokens
from mufakat.meetings.models import Meeting
from mufakat.testing.exports import csv_rows, json_rows
from mufakat.testing.factories import InstrumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ENGLISH = "25th ASEAN Senior Officials Meeting on Transnational Crime"
INDONESIAN = "Pertemuan Pejabat Senior ASEAN tentang Kejahatan Lintas Negara ke-25"
PLAN = "ASEAN-Japan Work Plan on Countering Transnational Crime"
RENCANA = "Rencana Kerja ASEAN-Jepang tentang Pemberantasan Kejahatan Lintas Negara"


def in_language(client: Client, url: str, language: str, **query: Any) -> Any:
    # The middleware activates the reader's language; leave the test's own language as it was.
    with translation.override(translation.get_language()):
        return client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def meeting() -> Meeting:
    return MeetingFactory(title=ENGLISH, title_translations={"id": INDONESIAN})


def test_the_page_title_and_breadcrumbs_name_the_meeting_in_the_readers_language(
    meeting: Meeting,
) -> None:
    page = in_language(Client(), meeting.get_absolute_url(), "id").content.decode()
    assert f"<title>{INDONESIAN}" in page
    assert f'<span aria-current="page">{INDONESIAN}</span>' in page
    assert ENGLISH not in page


def test_the_instrument_pages_name_it_in_the_readers_language_where_they_used_its_short_title(
    secretariat: Any, as_user: Any
) -> None:
    instrument = InstrumentFactory(
        title=PLAN, short_title="AJ WP", title_translations={"id": RENCANA}
    )
    page = in_language(Client(), instrument.get_absolute_url(), "id").content.decode()
    assert f"<title>{RENCANA}" in page
    versions = reverse("workplans:versions", args=[instrument.key])
    assert RENCANA in in_language(as_user(secretariat), versions, "id").content.decode()
    # Other readers keep the short title the page always showed.
    assert (
        "<title>AJ WP"
        in in_language(Client(), instrument.get_absolute_url(), "en").content.decode()
    )


def test_the_api_gives_the_recorded_title_and_the_one_in_the_readers_language(
    meeting: Meeting,
) -> None:
    answer = in_language(Client(), f"/api/v1/meetings/{meeting.pk}", "id").json()
    assert answer["title"] == ENGLISH, "what a client sends back stays the recorded title"
    assert answer["display_title"] == INDONESIAN
    assert answer["title_translations"] == {"id": INDONESIAN}
    english = in_language(Client(), "/api/v1/meetings", "en").json()
    row = next(r for r in english["items"] if r["id"] == meeting.pk)
    assert row["title"] == row["display_title"] == ENGLISH


def test_the_instrument_api_names_it_in_the_readers_language_too() -> None:
    instrument = InstrumentFactory(title=PLAN, title_translations={"id": RENCANA})
    answer = in_language(Client(), f"/api/v1/instruments/{instrument.pk}", "id").json()
    assert (answer["title"], answer["display_title"]) == (PLAN, RENCANA)
    listed = in_language(Client(), "/api/v1/instruments", "id").json()["items"]
    assert [r["display_title"] for r in listed if r["id"] == instrument.pk] == [RENCANA]


def summaries(content: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(content).walk("VEVENT")}


def test_a_subscription_feed_speaks_the_language_its_owner_made_the_key_in(
    meeting: Meeting, idn_focal: Any, as_user: Any
) -> None:
    client = as_user(idn_focal)
    with translation.override(translation.get_language()):
        made = client.post(
            reverse("meetings:calendar_subscriptions"),
            {"name": "Phone"},
            HTTP_ACCEPT_LANGUAGE="id",
            follow=True,
        )
    addresses = [f["url"] for f in made.context["feeds"]]
    assert addresses and all(url.endswith("?lang=id") for url in addresses)
    # The calendar program asks without a session, in whatever language it was set up in.
    feed = in_language(Client(), addresses[0].split("testserver", 1)[1], "en")
    assert INDONESIAN in summaries(feed.content)
    _token, key = calendar_tokens.issue_token(actor=idn_focal, name="Laptop")
    english = Client().get(reverse("meetings:ical_token_all", args=[key]), {"lang": "en"})
    assert ENGLISH in summaries(english.content)


def test_the_browser_feed_follows_the_readers_language(meeting: Meeting) -> None:
    assert INDONESIAN in summaries(in_language(Client(), reverse("meetings:ical"), "id").content)
    assert ENGLISH in summaries(in_language(Client(), reverse("meetings:ical"), "th").content)


def test_the_meeting_brief_is_titled_in_the_readers_language(
    meeting: Meeting, secretariat: Any, as_user: Any
) -> None:
    response = in_language(as_user(secretariat), f"/meetings/{meeting.pk}/brief.docx", "id")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert INDONESIAN in text
    assert ENGLISH not in text


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_give_the_recorded_title_and_the_one_in_the_readers_language(
    meeting: Meeting, fmt: str
) -> None:
    response = in_language(Client(), reverse("meetings:export", kwargs={"fmt": fmt}), "id")
    rows = csv_rows(response) if fmt == "csv" else json_rows(response)
    row = next(r for r in rows if str(r["id"]) == str(meeting.pk))
    assert (row["title"], row["display_title"]) == (ENGLISH, INDONESIAN)


def test_the_instrument_export_does_the_same() -> None:
    instrument = InstrumentFactory(title=PLAN, title_translations={"id": RENCANA})
    url = reverse("workplans:export", kwargs={"fmt": "csv"})
    rows = csv_rows(in_language(Client(), url, "id"))
    row = next(r for r in rows if r["id"] == str(instrument.pk))
    assert (row["title"], row["display_title"]) == (PLAN, RENCANA)


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = in_language(Client(), url, "id")
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("meetings:export", kwargs={"fmt": "csv"}),
        reverse("meetings:ical"),
        "/api/v1/meetings",
    ],
)
def test_translated_titles_cost_no_query_per_row(url: str) -> None:
    MeetingFactory.create_batch(2, title_translations={"id": INDONESIAN})
    few = _queries(url)
    MeetingFactory.create_batch(6, title_translations={"id": INDONESIAN})
    assert _queries(url) == few


def test_search_names_a_hit_in_the_readers_language_found_by_its_recorded_words(
    meeting: Meeting,
) -> None:
    from mufakat.search.indexing import index_object

    index_object(meeting)
    page = in_language(Client(), "/search/", "id", q="Officials Transnational").content.decode()
    assert INDONESIAN in page
    answer = in_language(Client(), "/api/v1/search", "id", q="Officials Transnational").json()
    assert [hit["title"] for hit in answer["hits"] if hit["id"] == meeting.pk] == [INDONESIAN]
