"""``{% follow_button target %}``: a small Follow/Unfollow button for a crime area, body or group.

The user's follows are read once per request (cached on it), so a list of thirty crime areas
with a button each costs one query, not thirty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from mufakat.core.urlcache import cached_reverse
from mufakat.library import follows

register = template.Library()

_CACHE_ATTR = "_mufakat_followed"


def _followed(context: template.Context) -> follows.Followed | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return None
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        cached = follows.followed(user=user)
        setattr(request, _CACHE_ATTR, cached)
    return cached


_FORM_HEAD = (
    '<form class="follow-form" method="post" action="{action}">{csrf}\n'
    '<input type="hidden" name="next" value="{next}">'
)
_FORM_TAIL = "\n</form>"
_UNFOLLOW = (
    '\n<input type="hidden" name="unfollow" value="{follow_id}">\n'
    '<button class="btn btn-small btn-secondary follow-button" type="submit" aria-pressed="true"'
    ' aria-label="{label}">{text}</button>'
)
_FOLLOW = (
    '\n<input type="hidden" name="{kind}" value="{code}">\n'
    '<button class="btn btn-small btn-secondary follow-button" type="submit"'
    ' aria-pressed="false" aria-label="{label}">{text}</button>'
)


def _csrf_input(token: Any) -> str:
    """What ``{% csrf_token %}`` writes."""
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@dataclass(frozen=True)
class _Parts:
    """What every button of one page shares, escaped once: the opening of the form, the
    two label texts (the translator's text, the name escaped into it) and the button texts."""

    head: str
    unfollow_label: str
    unfollow_text: str
    follow_label: str
    follow_text: str


_PARTS_ATTR = "_mufakat_follow_parts"


def _parts(context: template.Context) -> _Parts:
    request = context.get("request")
    token = context.get("csrf_token")
    key = (get_language(), str(token) if token is not None else None)
    cached = getattr(request, _PARTS_ATTR, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    head = format_html(
        _FORM_HEAD,
        action=cached_reverse("library:follows"),
        csrf=mark_safe(_csrf_input(token)),
        next=request.get_full_path() if request is not None else "",
    )
    parts = _Parts(
        head=head,
        unfollow_label=gettext("Stop following %(name)s"),
        unfollow_text=escape(gettext("Unfollow")),
        follow_label=gettext("Follow %(name)s in the knowledge digest"),
        follow_text=escape(gettext("Follow")),
    )
    if request is not None:
        setattr(request, _PARTS_ATTR, (key, parts))
    return parts


@register.simple_tag(takes_context=True)
def follow_button(context: template.Context, target: Any) -> str:
    """Nothing for anonymous readers; for a group, only to its members (others cannot follow).
    Written in Python, not by an included template (a list of crime areas has one per row, and
    rendering a template per row cost more than the rest of the row): the labels keep the
    template's message ids, so their translations are unchanged. What the buttons of a page
    share is put together once per request (:func:`_parts`); a row adds its name and code."""
    state = _followed(context)
    kind = follows.target_kind(target)
    if state is None or kind is None:
        return ""
    parts = _parts(context)
    name = escape(str(target))
    follow_id = state.follow_id(target)
    if follow_id:
        fields = _UNFOLLOW.format(
            follow_id=int(follow_id),
            label=parts.unfollow_label % {"name": name},
            text=parts.unfollow_text,
        )
    else:
        fields = _FOLLOW.format(
            kind=kind,
            code=escape(getattr(target, "code", "")),
            label=parts.follow_label % {"name": name},
            text=parts.follow_text,
        )
    return mark_safe(parts.head + fields + _FORM_TAIL)
