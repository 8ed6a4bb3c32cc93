"""Template helpers of the meeting papers: table rows with their links, and the "Meeting papers"
card of the meeting page (the reader's own produced documents, read through the gate in a fixed
number of queries)."""

from __future__ import annotations

import re
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


@register.filter
def paper_blocks(blocks: list[Any]) -> SafeString:
    """A section's blocks (paragraphs, tables, charts, notes), as the template loop over them
    printed them, space for space: a brief has hundreds of blocks and the template engine spent
    more on its loop than on the tables' rows. A block made once for many readers carries its
    markup already (:func:`keep_markup`)."""
    html = []
    for block in blocks:
        html.append("\n    ")
        html.append(block.__dict__.get(MARKUP) or block_html(block))
        html.append("\n  ")
    return mark_safe("".join(html))  # every value is escaped (block_html); a chart's SVG is markup


#: Where a block made once for many readers keeps its markup (:func:`keep_markup`).
MARKUP = "_markup"


def keep_markup(blocks: Any) -> None:
    """Write the markup of tables and charts that are never changed again — made once per
    process for every reader who may see them, like an instrument's frozen figures in a brief —
    once, onto the blocks themselves (not a field: not in the API's JSON, nor compared)."""
    for block in blocks:
        if block.type in ("table", "chart"):
            block.__dict__[MARKUP] = block_html(block)


def block_html(block: Any) -> str:
    """The markup of one block, every value escaped (a chart's SVG is markup)."""
    kind = block.type
    if kind == "para":
        number, key = block.number, block.key
        return (
            '\n      <p class="paper-para'
            + (" paper-numbered" if number else "")
            + '"'
            + (f' id="p-{_escaped(key)}"' if key else "")
            + ">"
            + (f'<span class="paper-number">{_escaped(number)}.</span> ' if number else "")
            + _escaped(block.text)
            + "".join(
                f' <a href="{_escaped(link.url)}">{_escaped(link.label)}</a>'
                for link in block.links
            )
            + "</p>\n    "
        )
    if kind == "table":
        caption = block.caption
        return (
            '\n      <div class="table-wrap"><table class="paper-table">'
            + (f"<caption>{_escaped(caption)}</caption>" if caption else "")
            + "\n        <thead><tr>"
            + "".join(f'<th scope="col">{_escaped(h)}</th>' for h in block.headers)
            + "</tr></thead>\n        <tbody>"
            + table_rows(block)
            + "</tbody>\n      </table></div>\n    "
        )
    if kind == "chart":
        return (
            f'\n      <figure class="paper-chart">{block.svg}<figcaption>'
            f"{_escaped(block.title)}</figcaption></figure>\n    "
        )
    if kind == "note":
        return f'\n      <p class="paper-note">{_escaped(block.text)}</p>\n    '
    return ""


@register.filter
def paper_sections(sections: list[Any], annex: bool = False) -> SafeString:
    """Sections (headings level 2) with their subsections (level 3), as the include of
    ``papers/_section.html`` for each printed them, space for space: a brief of a body that
    oversees many instruments has a dozen sections, and including the template for each cost
    more than writing their blocks."""
    html: list[str] = []
    for section in sections:
        _section(html, section, 2, annex)
    return mark_safe("".join(html))  # every value is escaped (headings, sources, blocks)


def _section(html: list[str], section: Any, level: int, annex: bool) -> None:
    tag = "h2" if level == 2 else "h3"
    html.append(
        '<section class="paper-section'
        + (" paper-annex" if annex else "")
        + '"'
        + (f' id="{_escaped(section.key)}"' if section.key else "")
        + f">\n  <{tag}>{_escaped(section.heading)}</{tag}>\n  "
        + (f'<p class="paper-source">{_escaped(section.source)}</p>' if section.source else "")
        + "\n  "
        + paper_blocks(section.blocks)
        + "\n  "
    )
    for subsection in section.subsections:
        _section(html, subsection, 3, annex)
    html.append("\n</section>\n")


#: A character :func:`html.escape` changes; a value without any is its own escape.
_SPECIAL = re.compile("[&<>\"']").search


def _escaped(value: Any) -> str:
    """What ``conditional_escape`` gives, without its lazy-string wrapper: a brief escapes
    thousands of cells, and the wrapper cost more than the escaping. Most cells (numbers,
    dates, names) have nothing to escape: one search finds that, where escaping replaces five
    characters in turn."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    text = str(value)
    return html_escape(text) if _SPECIAL(text) else text


@register.inclusion_tag("papers/produced_card.html", takes_context=True)
def meeting_papers(context: Any, meeting: Meeting) -> dict[str, Any]:
    from mufakat.papers.delivery import produced_for_meeting

    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "meeting": meeting,
        "signed_in": signed_in,
        "produced": produced_for_meeting(user, meeting.pk) if signed_in else [],
    }
