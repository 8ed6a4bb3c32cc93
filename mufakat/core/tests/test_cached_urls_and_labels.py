"""Links reversed once per process and choice labels translated once per language give exactly
what ``reverse()`` and ``get_FOO_display()`` give, for every prefix and language."""

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from mufakat.core.audience import Audience
from mufakat.core.choices import choice_label
from mufakat.core.partial_dates import PartialDate
from mufakat.core.templatetags.mufakat import access_label, date_range, label
from mufakat.core.urlcache import cached_reverse, clear, reverser
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Body


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    clear()
    yield
    clear()


def test_a_cached_link_is_the_link_reverse_gives() -> None:
    assert cached_reverse("registry:body", "SOMTC-WG-CT") == reverse(
        "registry:body", args=["SOMTC-WG-CT"]
    )
    assert cached_reverse("meetings:detail", 7) == reverse("meetings:detail", args=[7])
    assert cached_reverse("home") == reverse("home") == "/"


def test_a_code_that_needs_quoting_is_quoted_as_reverse_quotes_it() -> None:
    assert cached_reverse("registry:body", "A B?") == reverse("registry:body", args=["A B?"])


def test_a_site_served_under_a_sub_path_gets_links_under_that_path() -> None:
    before = get_script_prefix()
    assert cached_reverse("registry:bodies") == "/registry/bodies/"
    try:
        set_script_prefix("/mufakat/")
        assert cached_reverse("registry:bodies") == "/mufakat/registry/bodies/"
    finally:
        set_script_prefix(before)
    assert cached_reverse("registry:bodies") == "/registry/bodies/"


def test_another_url_configuration_is_not_served_a_link_of_the_first() -> None:
    assert cached_reverse("home") == "/"
    with override_settings(ROOT_URLCONF="mufakat.core.tests.urls_elsewhere"):
        assert cached_reverse("home") == "/elsewhere/"
    assert cached_reverse("home") == "/"


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_choice_label_is_what_get_display_gives_in_each_language(language: str) -> None:
    meeting = Meeting(status="planned", audience=Audience.MEMBER_STATES)
    body = Body(level=Body.Level.WORKING_GROUP)
    with translation.override(language):
        assert choice_label(meeting, "status") == meeting.get_status_display()
        assert choice_label(meeting, "audience") == meeting.get_audience_display()
        assert label(body, "level") == body.get_level_display()


def test_the_indonesian_label_is_not_served_to_an_english_reader() -> None:
    meeting = Meeting(audience=Audience.MEMBER_STATES)
    with translation.override("id"):
        indonesian = choice_label(meeting, "audience")
    with translation.override("en"):
        english = choice_label(meeting, "audience")
    assert english == "ASEAN member states"
    assert indonesian != english


def test_a_value_outside_the_choices_shows_as_itself() -> None:
    assert choice_label(Meeting(status="unheard-of"), "status") == "unheard-of"


def test_the_access_label_names_the_audience_in_the_readers_language() -> None:
    meeting = Meeting(audience=Audience.MEMBER_STATES, tlp="GREEN")
    with translation.override("en"):
        assert "ASEAN member states" in access_label(meeting)
    with translation.override("id"):
        assert meeting.get_audience_display() in access_label(meeting)


def test_a_date_range_is_written_in_the_readers_language_each_time() -> None:
    start, end = PartialDate(dt.date(2023, 5, 18)), PartialDate(dt.date(2023, 6, 2))
    with translation.override("id"):
        indonesian = date_range(start, end)
    with translation.override("en"):
        english = date_range(start, end)
    assert english == "18 May – 2 June 2023"
    assert indonesian == "18 Mei – 2 Juni 2023"


def test_links_bound_for_a_list_are_the_links_reverse_gives() -> None:
    url = reverser()
    assert url("meetings:detail", 7) == reverse("meetings:detail", args=[7])
    assert url("registry:party", "IDN") == reverse("registry:party", args=["IDN"])
