"""Which monitoring links a page offers: only those the user can use (role checks, no query)."""

from typing import Any

from django import template

from mufakat.monitoring import permissions

register = template.Library()


@register.filter
def can_see_my_reports(user: Any) -> bool:
    return permissions.can_see_my_reports(user)


@register.filter
def can_review_any(user: Any) -> bool:
    return permissions.can_review_any(user)
