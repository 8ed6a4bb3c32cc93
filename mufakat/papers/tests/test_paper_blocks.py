"""A paper's blocks are printed in Python, not by a template loop, and print exactly what the
loop printed: the same markup, the same escaping, space for space."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from mufakat.papers.content import Chart, Link, Note, Para, Table
from mufakat.papers.templatetags.paper_tags import paper_blocks

pytestmark = pytest.mark.django_db

#: How ``_section.html`` printed a section's blocks before ``paper_blocks``.
TEMPLATE_LOOP = Template(
    """{% load paper_tags %}{% for block in blocks %}
    {% if block.type == "para" %}
      <p class="paper-para{% if block.number %} paper-numbered{% endif %}"{% if block.key %} id="p-{{ block.key }}"{% endif %}>{% if block.number %}<span class="paper-number">{{ block.number }}.</span> {% endif %}{{ block.text }}{% for link in block.links %} <a href="{{ link.url }}">{{ link.label }}</a>{% endfor %}</p>
    {% elif block.type == "table" %}
      <div class="table-wrap"><table class="paper-table">{% if block.caption %}<caption>{{ block.caption }}</caption>{% endif %}
        <thead><tr>{% for h in block.headers %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
        <tbody>{{ block|table_rows }}</tbody>
      </table></div>
    {% elif block.type == "chart" %}
      <figure class="paper-chart">{{ block.svg|safe }}<figcaption>{{ block.title }}</figcaption></figure>
    {% elif block.type == "note" %}
      <p class="paper-note">{{ block.text }}</p>
    {% endif %}
  {% endfor %}"""
)

BLOCKS: list[Any] = [
    Para("Plain <b>text</b> & \"quotes\" 'too'"),
    Para("Numbered", numbered=True, number=12, key="a-1&b"),
    Para("Numbered far on", numbered=True, number=1234),
    Para("With links", links=[Link("Report <1>", "/r/1/?a=1&b=2"), Link("Two", "/r/2/")]),
    Para(mark_safe("Already <em>safe</em>")),
    Table(headers=["A & B", "<C>"], rows=[["1", "x < y"], ["2", ""]], caption="Cap & <tion>"),
    Table(headers=["Only"], rows=[["a"]], row_links=["/a/?x=1&y=2"]),
    Table(headers=[], rows=[]),
    Chart(title="Chart <title>", svg='<svg viewBox="0 0 1 1"><rect/></svg>'),
    Note("A note & <a warning>"),
]


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_each_kind_of_block_prints_what_the_template_loop_printed(index: int) -> None:
    blocks = [BLOCKS[index]]
    assert paper_blocks(blocks) == TEMPLATE_LOOP.render(Context({"blocks": blocks}))


def test_a_section_of_every_kind_prints_what_the_template_loop_printed() -> None:
    assert paper_blocks(BLOCKS) == TEMPLATE_LOOP.render(Context({"blocks": BLOCKS}))
    assert paper_blocks([]) == TEMPLATE_LOOP.render(Context({"blocks": []})) == ""
