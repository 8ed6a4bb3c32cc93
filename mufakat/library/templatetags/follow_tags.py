"""``{% follow_button target %}``: a small Follow/Unfollow button for a crime area, body or group.

The user's follows are read once per request (cached on it), so a list of thirty crime areas
with a button each costs one query, not thirty.
"""

from __future__ import annotations

from typing import Any

from django import template

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


@register.inclusion_tag("library/follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: Any) -> dict[str, Any]:
    """Nothing for anonymous readers; for a group, only to its members (others cannot follow)."""
    state = _followed(context)
    kind = follows.target_kind(target)
    request = context.get("request")
    shown = state is not None and kind is not None
    follow_id = state.follow_id(target) if state is not None and kind is not None else None
    code = getattr(target, "code", "")
    return {
        "shown": shown,
        "kind": kind,
        "code": code,
        "name": str(target),
        "follow_id": follow_id,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
