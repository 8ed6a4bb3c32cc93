"""The Secretariat's controls on the meeting page, written by tags: the same markup the template
wrote, in every language of the site, and only for those who may edit."""

from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from mufakat.meetings.models import AgendaItem, Meeting, Outcome, Participant
from mufakat.testing.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

#: What the page's template wrote for each row before the tags.
AGENDA = """<p class="inline-form">
          {% site_url 'meetings:agenda_edit' item.pk as href %}<a class="btn btn-secondary btn-small" href="{{ href }}" hx-get="{{ href }}" hx-target="#agenda-form" aria-label="{% blocktranslate with n=item.position %}Edit agenda item {{ n }}{% endblocktranslate %}">{% translate "Edit" %}</a>
          <a class="danger-link" href="{% site_url 'meetings:agenda_remove' item.pk %}" aria-label="{% blocktranslate with n=item.position %}Remove agenda item {{ n }}{% endblocktranslate %}">{% translate "Remove" %}</a>
        </p>"""
PARTICIPANT = """<a class="danger-link" href="{% site_url 'meetings:participant_remove' p.pk %}" aria-label="{% blocktranslate with party=p.party.code %}Remove {{ party }}{% endblocktranslate %}">{% translate "Remove" %}</a>"""
OUTCOME = """<p>
      {% site_url 'meetings:outcome_edit' o.pk as href %}<a class="btn btn-secondary btn-small" href="{{ href }}" hx-get="{{ href }}" hx-target="#outcome-{{ o.pk }}-form">{% translate "Edit outcome" %}</a>
      {% site_url 'meetings:outcome_forward' o.pk as href %}<a class="btn btn-secondary btn-small" href="{{ href }}" hx-get="{{ href }}" hx-target="#outcome-{{ o.pk }}-form">{% translate "Forward outcome" %}</a>
    </p>
    <div id="outcome-{{ o.pk }}-form"></div>"""


def _render(source: str, **context: Any) -> str:
    return Template("{% load i18n mufakat meeting_controls %}" + source).render(Context(context))


@pytest.fixture
def rows(chain: Any, idn: Any) -> dict[str, Any]:
    meeting: Meeting = chain.wg
    item = AgendaItem.objects.create(meeting=meeting, position=12, title="Work plan")
    participant = Participant.objects.create(meeting=meeting, party=idn)
    outcome: Outcome = OutcomeFactory.create(meeting=meeting, number=9)
    return {"item": item, "p": participant, "o": outcome}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_controls_are_the_markup_the_template_wrote(
    rows: dict[str, Any], language: str
) -> None:
    with translation.override(language):
        assert _render("{% agenda_item_controls item %}", **rows) == _render(AGENDA, **rows)
        assert _render("{% participant_remove p %}", **rows) == _render(PARTICIPANT, **rows)
        assert _render("{% outcome_controls o %}", **rows) == _render(OUTCOME, **rows)


def test_the_indonesian_page_keeps_its_translated_labels(rows: dict[str, Any]) -> None:
    with translation.override("id"):
        written = _render("{% agenda_item_controls item %}", **rows)

    assert 'aria-label="Ubah butir agenda 12"' in written


def test_only_an_editor_sees_the_controls_on_the_meeting_page(
    as_user: Any, secretariat: Any, idn_focal: Any, rows: dict[str, Any]
) -> None:
    meeting = rows["item"].meeting
    url = meeting.get_absolute_url()
    item, participant, outcome = rows["item"], rows["p"], rows["o"]

    editor = as_user(secretariat).get(url).content.decode()
    reader = as_user(idn_focal).get(url).content.decode()

    for page, shown in ((editor, True), (reader, False)):
        assert (f'href="/meetings/agenda/{item.pk}/edit/"' in page) is shown
        assert (f'href="/meetings/participants/{participant.pk}/remove/"' in page) is shown
        assert (f'<div id="outcome-{outcome.pk}-form"></div>' in page) is shown
