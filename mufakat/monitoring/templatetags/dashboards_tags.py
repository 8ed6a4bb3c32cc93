"""Presentation helpers for the dashboards, which work on rollup dictionaries (JSON-ready, the
same shape live and frozen) rather than on model instances."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mufakat.monitoring.models import ProgressStatus

register = template.Library()

_BADGES: dict[str, str] = {
    ProgressStatus.COMPLETED: "badge-ok",
    ProgressStatus.ON_TRACK: "badge-brand",
    ProgressStatus.DELAYED: "badge-warn",
    ProgressStatus.CANCELLED: "badge-bad",
}


@register.filter
def status_label(code: str | None) -> str:
    """The translated label of a progress status code; "—" for none (not in that round)."""
    if not code:
        return "—"
    try:
        return str(ProgressStatus(code).label)
    except ValueError:
        return code


@register.simple_tag
def status_chip(code: str | None) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        _BADGES.get(code or "", "badge-muted"),
        status_label(code),
    )


@register.filter
def pct(value: float | None) -> str:
    """A percentage for tables; missing values are written out, never shown as 0."""
    if value is None:
        return _("no data")
    return f"{value:g} %"


@register.filter
def signed(value: float | None) -> str:
    """A change in percentage points, with its sign."""
    if value is None:
        return "—"
    return f"{value:+g}"


@register.filter
def count_of(counts: dict[str, int], status: str) -> Any:
    return counts.get(status, 0)
