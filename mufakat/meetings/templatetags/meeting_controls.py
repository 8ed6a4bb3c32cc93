"""The Secretariat's controls on the meeting page, written in one pass per row.

Every agenda item, participant and outcome of a meeting carries edit, remove and forward links
for the Secretariat; written by the template, each row resolved its links, two or three
``{% translate %}`` and ``{% blocktranslate %}`` tags and their variables, which made the
editor's page a third slower than a reader's. These tags write the same HTML: the same message
ids (so the translations are unchanged), the names and numbers escaped as the template did,
the translator's text as it is, the links reversed once per process
(:mod:`mufakat.core.urlcache`) and the texts translated once per language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from mufakat.core.urlcache import reverser

register = template.Library()


#: The texts of the controls, by message id.
MESSAGES = (
    "Edit agenda item %(n)s",
    "Remove agenda item %(n)s",
    "Remove %(party)s",
    "Edit",
    "Remove",
    "Edit outcome",
    "Forward outcome",
)


@lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    """The controls' texts in ``language`` (the active one), translated once per process."""
    return {message: gettext(message) for message in MESSAGES}


_TOOLS = "mufakat_meeting_controls"


def _tools(context: template.Context) -> tuple[Callable[..., str], dict[str, str]]:
    """The link reverser and the texts, looked up once per page rather than once per row."""
    tools = context.render_context.get(_TOOLS)
    if tools is None:
        tools = context.render_context[_TOOLS] = (reverser(), _texts(get_language()))
    return tools


def _label(context: template.Context, texts: dict[str, str], message: str, **values: Any) -> str:
    """What ``{% blocktranslate with name=value %}message{% endblocktranslate %}`` writes: the
    values rendered (and escaped) as in the template, the translation kept as it is, and the
    message itself when a translation does not fit its values."""
    data = {name: render_value_in_context(value, context) for name, value in values.items()}
    try:
        return texts[message] % data
    except (KeyError, ValueError):
        return message % data


@register.simple_tag(takes_context=True)
def agenda_item_controls(context: template.Context, item: Any) -> SafeString:
    url, texts = _tools(context)
    edit = escape(url("meetings:agenda_edit", item.pk))
    remove = escape(url("meetings:agenda_remove", item.pk))
    return mark_safe(
        '<p class="inline-form">\n'
        f'          <a class="btn btn-secondary btn-small" href="{edit}" hx-get="{edit}"'
        ' hx-target="#agenda-form" aria-label="'
        + _label(context, texts, "Edit agenda item %(n)s", n=item.position)
        + f'">{escape(texts["Edit"])}</a>\n'
        f'          <a class="danger-link" href="{remove}" aria-label="'
        + _label(context, texts, "Remove agenda item %(n)s", n=item.position)
        + f'">{escape(texts["Remove"])}</a>\n'
        "        </p>"
    )


@register.simple_tag(takes_context=True)
def participant_remove(context: template.Context, participant: Any) -> SafeString:
    url, texts = _tools(context)
    remove = escape(url("meetings:participant_remove", participant.pk))
    return mark_safe(
        f'<a class="danger-link" href="{remove}" aria-label="'
        + _label(context, texts, "Remove %(party)s", party=participant.party.code)
        + f'">{escape(texts["Remove"])}</a>'
    )


@register.simple_tag(takes_context=True)
def outcome_controls(context: template.Context, outcome: Any) -> SafeString:
    url, texts = _tools(context)
    edit = escape(url("meetings:outcome_edit", outcome.pk))
    forward = escape(url("meetings:outcome_forward", outcome.pk))
    target = f"#outcome-{escape(outcome.pk)}-form"
    return mark_safe(
        "<p>\n"
        f'      <a class="btn btn-secondary btn-small" href="{edit}" hx-get="{edit}"'
        f' hx-target="{target}">{escape(texts["Edit outcome"])}</a>\n'
        f'      <a class="btn btn-secondary btn-small" href="{forward}" hx-get="{forward}"'
        f' hx-target="{target}">{escape(texts["Forward outcome"])}</a>\n'
        "    </p>\n"
        f'    <div id="outcome-{escape(outcome.pk)}-form"></div>'
    )
