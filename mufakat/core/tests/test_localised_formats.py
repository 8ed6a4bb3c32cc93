"""Dates and numbers are written the reader's way: formats come from the language, not the page."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from mufakat.core.partial_dates import PartialDate
from mufakat.core.templatetags.mufakat import date_range

PACKAGE = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 7)


def written(language: str, text: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load l10n %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "7 December 2026"),
        ("id", "7 Desember 2026"),
        ("vi", "ngày 7 tháng 12 năm 2026"),
        ("th", "7 ธันวาคม 2026"),
    ],
)
def test_a_date_is_written_in_the_readers_language(language: str, expected: str) -> None:
    assert written(language, '{{ day|date:"DATE_FORMAT" }}', day=DAY) == expected


def test_thai_dates_have_thai_month_names_and_the_gregorian_year() -> None:
    assert written("th", '{{ day|date:"SHORT_DATE_FORMAT" }}', day=DAY) == "7 ธ.ค. 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234.5"), ("id", "1.234,5"), ("vi", "1.234,5"), ("th", "1,234.5")],
)
def test_numbers_use_the_languages_separators(language: str, expected: str) -> None:
    assert written(language, "{{ n|floatformat:'1g' }}", n=1234.5) == expected


def test_a_meetings_dates_read_naturally_in_each_language() -> None:
    start, end = PartialDate.parse("2026-06-19"), PartialDate.parse("2026-06-23")
    with translation.override("en"):
        assert date_range(start, end) == "19–23 June 2026"
    with translation.override("vi"):
        assert date_range(start, end) == "ngày 19 tháng 6 năm 2026 – ngày 23 tháng 6 năm 2026"
    with translation.override("th"):
        assert date_range(start, end) == "19–23 มิถุนายน 2026"


def test_no_template_writes_a_date_with_a_fixed_pattern_of_month_names() -> None:
    """A fixed "j F Y" would keep the English order in every language: name a format instead."""
    fixed = re.compile(r'\|date:"[^"A-Z_]*[FMN][^"]*"')
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in PACKAGE.rglob("*.html")
        for match in fixed.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_the_footer_offers_the_four_languages_by_their_own_names() -> None:
    with translation.override("en"):
        html = unicodedata.normalize("NFC", Client().get("/").content.decode())
    for code, name in (("en", "English"), ("id", "Bahasa Indonesia"), ("vi", "Tiếng Việt"),
                       ("th", "ภาษาไทย")):  # fmt: skip
        assert f'value="{code}"' in html
        assert f">{unicodedata.normalize('NFC', name)}</option>" in html
