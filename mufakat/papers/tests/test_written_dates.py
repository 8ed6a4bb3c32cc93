"""Papers write each date once per process and language: a date written in English and then
in Indonesian is written in each language as Django writes it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from mufakat.papers.status_report import day


def test_a_date_is_written_in_the_language_it_is_written_in() -> None:
    value = dt.date(2025, 6, 2)
    for _ in range(2):
        with translation.override("en"):
            assert day(value) == "2 June 2025"
        with translation.override("id"):
            assert day(value) == "2 Juni 2025"


def test_a_moment_is_written_as_its_local_day() -> None:
    moment = dt.datetime(2025, 6, 2, 23, 30, tzinfo=dt.UTC)
    with translation.override("en"):
        assert day(moment) == day(timezone.localtime(moment).date())
        assert day(moment.isoformat()) == day(moment)
