"""The brief reads its long lists (action items, forwardings, meetings) as rows, not records, and
prints its tables without the template loop; what it says is still what the records say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from mufakat.meetings import action_items
from mufakat.papers.brief import _Days, build_brief
from mufakat.papers.content import Table
from mufakat.papers.status_report import day
from mufakat.papers.templatetags.paper_tags import table_rows
from mufakat.papers.tests.conftest import PapersWorld

pytestmark = pytest.mark.django_db

#: How ``_section.html`` printed table rows before ``table_rows``; it must print the same.
TEMPLATE_LOOP = Template(
    "{% load paper_tags %}{% for row, link in block|rows_with_links %}<tr>"
    "{% for cell in row %}<td>{% if forloop.first and link %}"
    '<a href="{{ link }}">{{ cell }}</a>{% else %}{{ cell }}{% endif %}</td>'
    "{% endfor %}</tr>{% endfor %}"
)


def tables(paper: Any, key: str) -> list[Table]:
    part = next(s for s in paper.all_sections() if s.key == key)
    return [b for b in part.blocks if isinstance(b, Table)]


def test_an_action_item_row_says_what_the_record_says(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    brief = build_brief(papers_world.m25, user=secretariat)
    records = {
        item.pk: item
        for item in action_items.action_items(user=secretariat).filter(
            meeting__start_date__lt=papers_world.m25.start_date
        )
    }
    rows = [
        (row, link)
        for table in tables(brief, "action-items")
        for row, link in zip(table.rows, table.row_links, strict=True)
    ]

    assert rows
    for row, link in rows:
        pk = int(link.rstrip("/").rsplit("/", 1)[-1])
        item = records[pk]
        assert link == reverse("meetings:action_item", args=[pk])
        assert row[0] == item.reference
        assert row[2] == (day(item.due_date) or "no date")


def test_a_forwarded_outcome_and_a_lower_meeting_link_to_their_pages(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    brief = build_brief(papers_world.m25, user=secretariat)
    links = [link for table in tables(brief, "forwarded") for link in table.row_links]
    fwd = papers_world.public_fwd

    assert fwd.outcome.get_absolute_url() in links
    assert papers_world.wg20.get_absolute_url() in links


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_dates_of_many_rows_are_written_as_day_writes_them(language: str) -> None:
    moment = timezone.make_aware(dt.datetime(2026, 12, 31, 20, 30))
    with translation.override(language):
        days = _Days()
        for value in [dt.date(2025, 6, 2), dt.date(2027, 1, 1), moment, None, "2025-06-02"]:
            assert days(value) == day(value)


def test_table_rows_print_what_the_template_loop_printed() -> None:
    table = Table(
        headers=["Reference", "Text"],
        rows=[["SOMTC 25/1", "Fish & <chips>"], ["SOMTC 25/2", 'A "quoted" text'], ["x", "y"]],
        row_links=["/meetings/1/#outcome-2", None],
    )

    assert str(table_rows(table)) == TEMPLATE_LOOP.render(Context({"block": table}))
    assert "&lt;chips&gt;" in table_rows(table)
