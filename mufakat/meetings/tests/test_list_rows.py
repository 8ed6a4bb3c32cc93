"""The meeting lists' rows written as ready HTML say what the per-row templates said."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.template import Context, Template

from mufakat.meetings import action_items
from mufakat.meetings.forms import ListSelect
from mufakat.meetings.models import Meeting
from mufakat.meetings.templatetags.action_item_tags import action_item_rows
from mufakat.meetings.templatetags.meeting_tags import calendar_items, meeting_rows
from mufakat.testing.factories import MeetingFactory, OutcomeFactory, member_state

OLD_MEETING_ROW = """{% load mufakat %}{% for m in meetings %}<tr>
<td><a href="{{ m.get_absolute_url }}">{{ m.title }}</a></td>
<td><a href="{% url 'registry:body' m.body.code %}"><code>{{ m.body.code }}</code></a></td>
<td>{% date_range m.start m.end %}</td><td>{{ m.place|default:"—" }}</td>
<td>{% if m.host %}{{ m.host.code }}{% else %}—{% endif %}</td>
<td>{% status_badge m.status m.get_status_display %}</td>
<td>{% access_label m compact=True %}</td></tr>{% endfor %}"""

OLD_CALENDAR_ITEM = """{% load mufakat %}{% for meeting in meetings %}<li>
<span class="when">{% date_range meeting.start meeting.end %}</span>
<a href="{{ meeting.get_absolute_url }}">{{ meeting.title }}</a>
{% if meeting.place %}<small>· {{ meeting.place }}</small>{% endif %}
{% status_badge meeting.status meeting.get_status_display %}
{% access_label meeting compact=True %}</li>{% endfor %}"""

OLD_ACTION_ITEM_ROW = """{% load i18n mufakat action_item_tags %}{% for o in items %}
<tr{% if o.overdue %} class="row-overdue"{% endif %}>
<td><a class="outcome-ref" href="{% url 'meetings:action_item' o.pk %}">{{ o.reference }}</a> {% access_label o compact=True %}</td>
<td>{{ o.text|truncatewords:30 }}</td>
<td><a href="{{ o.meeting.get_absolute_url }}">{{ o.meeting.title }}</a></td>
<td>{% if o.responsible %}<span title="{{ o.responsible.name }}">{{ o.responsible.code }}</span>{% else %}<span class="muted">—</span>{% endif %}</td>
<td>{% if o.due_date %}{{ o.due_date|date:"j M Y" }}{% else %}<span class="muted">{% translate "no date" %}</span>{% endif %}</td>
<td>{% follow_up_badge o %}</td>
<td>{% if o.latest_note %}<small>{{ o.latest_note|truncatewords:20 }}</small>{% else %}<span class="muted">—</span>{% endif %}</td>
</tr>{% endfor %}"""


def _same_page(html: str) -> str:
    """What a browser shows: whitespace collapsed, none kept next to row and cell tags."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(</?(?:li|tr|td)\b[^>]*>)\s*", r"\1", html).strip()


def _old(source: str, **context: Any) -> str:
    return _same_page(Template(source).render(Context(context)))


def _meetings(somtc: Any) -> list[Meeting]:
    idn = member_state("IDN", "Indonesia")
    MeetingFactory.create(
        body=somtc, title="<b>23rd</b> SOMTC & co", city="Bali", host=idn, audience="platform"
    )
    MeetingFactory.create(
        body=somtc, is_virtual=True, start_date=dt.date(2023, 6, 1), end_date=dt.date(2023, 6, 3)
    )
    MeetingFactory.create(body=somtc, status=Meeting.Status.PLANNED, tlp="AMBER")
    return list(Meeting.objects.select_related("body", "host").order_by("pk"))


def test_meeting_rows_show_what_the_row_template_showed(somtc: Any) -> None:
    rows = _meetings(somtc)
    assert _same_page(meeting_rows(rows)) == _old(OLD_MEETING_ROW, meetings=rows)
    assert "&lt;b&gt;23rd&lt;/b&gt; SOMTC &amp; co" in meeting_rows(rows)


def test_calendar_items_show_what_the_item_template_showed(somtc: Any) -> None:
    rows = _meetings(somtc)
    assert _same_page(calendar_items(rows)) == _old(OLD_CALENDAR_ITEM, meetings=rows)


def test_action_item_rows_show_what_the_row_template_showed(somtc: Any) -> None:
    meeting = MeetingFactory.create(body=somtc, title="Meeting <i>x</i>")
    idn = member_state("IDN", "Indonesia")
    words = " ".join(f"w{n}<" for n in range(40))
    OutcomeFactory.create(meeting=meeting, kind="action_item", text=words)
    OutcomeFactory.create(
        meeting=meeting, responsible=idn, due_date=dt.date(2020, 1, 2), tlp="GREEN"
    )
    items = list(action_items.action_items(user=None, state=None))
    assert len(items) == 2
    assert _same_page(action_item_rows(items)) == _old(OLD_ACTION_ITEM_ROW, items=items)
    assert 'class="row-overdue"' in action_item_rows(items)


def test_a_list_select_writes_what_django_select_writes() -> None:
    choices = [("", "All"), ("A&B", "A & <B>"), ("IDN", "Indonesia")]
    for value in ("", "A&B", "IDN", None):
        attrs = {"id": "id_body", "aria-invalid": "true", "required": True, "disabled": False}
        ours = ListSelect(choices=choices).render("body", value, attrs)
        django = forms.Select(choices=choices).render("body", value, attrs)
        assert ours == django
