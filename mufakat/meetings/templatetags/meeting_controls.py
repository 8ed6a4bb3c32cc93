"""The Secretariat's controls on the meeting page, written in one pass per row.

Every agenda item, participant and outcome of a meeting carries edit, remove and forward links
for the Secretariat; written by the template, each row resolved its links, two or three
``{% translate %}`` and ``{% blocktranslate %}`` tags and their variables, which made the
editor's page a third slower than a reader's. These tags write the same HTML: the same message
ids (so the translations are unchanged), the names and numbers escaped as the template did,
the translator's text as it is, the links reversed once per process (:mod:`mufakat.core.urlcache`).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mufakat.core.urlcache import cached_reverse

register = template.Library()


def _label(context: template.Context, message: str, **values: Any) -> str:
    """What ``{% blocktranslate with name=value %}message{% endblocktranslate %}`` writes: the
    values rendered (and escaped) as in the template, the translation kept as it is, and the
    message itself when a translation does not fit its values."""
    data = {name: render_value_in_context(value, context) for name, value in values.items()}
    try:
        return gettext(message) % data
    except (KeyError, ValueError):
        return message % data


@register.simple_tag(takes_context=True)
def agenda_item_controls(context: template.Context, item: Any) -> SafeString:
    edit = escape(cached_reverse("meetings:agenda_edit", item.pk))
    remove = escape(cached_reverse("meetings:agenda_remove", item.pk))
    return mark_safe(
        '<p class="inline-form">\n'
        f'          <a class="btn btn-secondary btn-small" href="{edit}" hx-get="{edit}"'
        ' hx-target="#agenda-form" aria-label="'
        + _label(context, "Edit agenda item %(n)s", n=item.position)
        + f'">{escape(gettext("Edit"))}</a>\n'
        f'          <a class="danger-link" href="{remove}" aria-label="'
        + _label(context, "Remove agenda item %(n)s", n=item.position)
        + f'">{escape(gettext("Remove"))}</a>\n'
        "        </p>"
    )


@register.simple_tag(takes_context=True)
def participant_remove(context: template.Context, participant: Any) -> SafeString:
    remove = escape(cached_reverse("meetings:participant_remove", participant.pk))
    return mark_safe(
        f'<a class="danger-link" href="{remove}" aria-label="'
        + _label(context, "Remove %(party)s", party=participant.party.code)
        + f'">{escape(gettext("Remove"))}</a>'
    )


@register.simple_tag
def outcome_controls(outcome: Any) -> SafeString:
    edit = escape(cached_reverse("meetings:outcome_edit", outcome.pk))
    forward = escape(cached_reverse("meetings:outcome_forward", outcome.pk))
    target = f"#outcome-{escape(outcome.pk)}-form"
    return mark_safe(
        "<p>\n"
        f'      <a class="btn btn-secondary btn-small" href="{edit}" hx-get="{edit}"'
        f' hx-target="{target}">{escape(gettext("Edit outcome"))}</a>\n'
        f'      <a class="btn btn-secondary btn-small" href="{forward}" hx-get="{forward}"'
        f' hx-target="{target}">{escape(gettext("Forward outcome"))}</a>\n'
        "    </p>\n"
        f'    <div id="outcome-{escape(outcome.pk)}-form"></div>'
    )
