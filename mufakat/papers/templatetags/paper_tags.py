"""Template helpers of the meeting papers: table rows with their links, and the "Meeting papers"
card of the meeting page (the reader's own produced documents, read through the gate in a fixed
number of queries)."""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from mufakat.meetings.models import Meeting
from mufakat.papers.content import Table

register = template.Library()


@register.filter
def rows_with_links(table: Table) -> list[tuple[list[str], str | None]]:
    """Each row with its link (or ``None``), so a table's first cell can link to its record."""
    links = list(table.row_links) + [None] * (len(table.rows) - len(table.row_links))
    return list(zip(table.rows, links, strict=False))


@register.filter
def table_rows(table: Table) -> SafeString:
    """The ``<tr>`` rows of a table, the first cell linked to its record when it has a link.

    Built here rather than with template loops: a brief's tables have hundreds of rows, and
    the template engine spent more on them than the brief's queries."""
    html = []
    for row, link in rows_with_links(table):
        cells: list[str] = [_escaped(cell) for cell in row]
        if link and cells:
            cells[0] = f'<a href="{_escaped(link)}">{cells[0]}</a>'
        html.append("<tr><td>" + "</td><td>".join(cells) + "</td></tr>" if cells else "<tr></tr>")
    return mark_safe("".join(html))  # every cell and link is escaped above


def _escaped(value: Any) -> str:
    """What ``conditional_escape`` gives, without its lazy-string wrapper: a brief escapes
    thousands of cells, and the wrapper cost more than the escaping."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html_escape(str(value))


@register.inclusion_tag("papers/produced_card.html", takes_context=True)
def meeting_papers(context: Any, meeting: Meeting) -> dict[str, Any]:
    from mufakat.papers.delivery import produced_for

    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "meeting": meeting,
        "signed_in": signed_in,
        "produced": list(produced_for(user, meeting=meeting)[:10]) if signed_in else [],
    }
