"""A record's title may carry translations, shown to readers of that language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from mufakat.core.title_translations import TitleTranslationsField, translated_title
from mufakat.meetings.services import update_meeting
from mufakat.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db

INDONESIAN = "Pertemuan Pejabat Senior ASEAN tentang Kejahatan Lintas Negara (SOMTC) ke-25"


def page(url: str, language: str) -> str:
    # The middleware activates the reader's language; leave the test's own language as it was.
    with translation.override(translation.get_language()):
        return Client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_meeting_page_shows_the_title_in_the_readers_language() -> None:
    meeting = MeetingFactory(
        title="25th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)",
        title_translations={"id": INDONESIAN},
    )
    assert f"<h1>{INDONESIAN}</h1>" in page(meeting.get_absolute_url(), "id")
    english = page(meeting.get_absolute_url(), "en")
    assert "<h1>25th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)</h1>" in english
    # Vietnamese readers get the recorded title, there being no Vietnamese one.
    assert "25th ASEAN Senior Officials Meeting" in page(meeting.get_absolute_url(), "vi")


def test_the_meeting_list_shows_translated_titles_too() -> None:
    MeetingFactory(title="25th SOMTC", title_translations={"id": INDONESIAN})
    assert INDONESIAN in page("/meetings/", "id")


def test_the_secretariat_records_translations_and_an_unknown_language_is_refused(
    secretariat: Any,
) -> None:
    meeting = MeetingFactory()
    update_meeting(
        actor=secretariat,
        meeting=meeting,
        changes={"title_translations": {"id": f"  {INDONESIAN} ", "th": ""}},
        expected_version=meeting.lock_version,
    )
    meeting.refresh_from_db()
    assert meeting.title_translations == {"id": INDONESIAN}
    with pytest.raises(ValidationError) as refused:
        update_meeting(
            actor=secretariat,
            meeting=meeting,
            changes={"title_translations": {"xx": "?"}},
            expected_version=meeting.lock_version,
        )
    assert "title_translations" in refused.value.message_dict


def test_the_form_reads_one_line_per_language_and_names_a_wrong_line() -> None:
    field = TitleTranslationsField()
    assert field.clean("id: Judul\n\nvi: Tiêu đề") == {"id": "Judul", "vi": "Tiêu đề"}
    assert field.prepare_value({"id": "Judul"}) == "id: Judul"
    with translation.override("en"), pytest.raises(ValidationError, match="Line 2"):
        field.clean("id: Judul\nTiêu đề")


def test_a_title_without_a_translation_is_shown_as_recorded() -> None:
    assert translated_title({"title": "Work plan", "title_translations": {}}, "th") == "Work plan"
