"""``{% follow_button target %}``: a small Follow/Unfollow button for a crime area, body or group.

The user's follows are read once per request (cached on it), so a list of thirty crime areas
with a button each costs one query, not thirty.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


_FORM = (
    '<form class="follow-form" method="post" action="{action}">{csrf}\n'
    '<input type="hidden" name="next" value="{next}">{fields}\n</form>'
)
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


@register.simple_tag(takes_context=True)
def follow_button(context: template.Context, target: Any) -> str:
    """Nothing for anonymous readers; for a group, only to its members (others cannot follow).
    Written in Python, not by an included template (a list of crime areas has one per row, and
    rendering a template per row cost more than the rest of the row): the labels keep the
    template's message ids, so their translations are unchanged."""
    state = _followed(context)
    kind = follows.target_kind(target)
    if state is None or kind is None:
        return ""
    request = context.get("request")
    name = escape(str(target))
    follow_id = state.follow_id(target)
    if follow_id:
        fields = format_html(
            _UNFOLLOW,
            follow_id=follow_id,
            label=mark_safe(gettext("Stop following %(name)s") % {"name": name}),
            text=gettext("Unfollow"),
        )
    else:
        fields = format_html(
            _FOLLOW,
            kind=kind,
            code=getattr(target, "code", ""),
            label=mark_safe(gettext("Follow %(name)s in the knowledge digest") % {"name": name}),
            text=gettext("Follow"),
        )
    return format_html(
        _FORM,
        action=cached_reverse("library:follows"),
        csrf=mark_safe(_csrf_input(context.get("csrf_token"))),
        next=request.get_full_path() if request is not None else "",
        fields=fields,
    )
