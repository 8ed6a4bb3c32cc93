"""Presentation helpers for the dashboards, which work on rollup dictionaries (JSON-ready, the
same shape live and frozen) rather than on model instances."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mufakat.monitoring.models import ProgressStatus

register = template.Library()

_BADGES: dict[str, str] = {
    ProgressStatus.COMPLETED: "badge-ok",
    ProgressStatus.ON_TRACK: "badge-brand",
    ProgressStatus.DELAYED: "badge-warn",
    ProgressStatus.CANCELLED: "badge-bad",
}


#: A frozen cell whose party had a draft, not submitted (see monitoring.snapshots).
NOT_SUBMITTED = "not_submitted"


@register.filter
def status_label(code: str | None) -> str:
    """The translated label of a progress status code; "—" for none (not in that round)."""
    if not code:
        return "—"
    if code == NOT_SUBMITTED:
        return _("Not submitted (draft)")
    try:
        return str(ProgressStatus(code).label)
    except ValueError:
        return code


@register.simple_tag
def status_chip(code: str | None) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        _BADGES.get(code or "", "badge-warn" if code == NOT_SUBMITTED else "badge-muted"),
        status_label(code),
    )


@register.filter
def pct(value: float | None) -> str:
    """A percentage for tables; missing values are written out, never shown as 0."""
    if value is None:
        return _("no data")
    return f"{value:g} %"


@register.filter
def completion_over(figures: dict[str, Any]) -> str:
    """The mean completion with what it rests on: "75 % mean completion over 1 of 121 reports"
    (a mean over one report out of 121 must not read like the state of the whole plan)."""
    basis, expected = figures.get("with_percent", 0), figures.get("expected", 0)
    if figures.get("completion") is None:
        return ngettext(
            "No mean completion: none of the %(m)d expected report gives a percentage",
            "No mean completion: none of the %(m)d expected reports gives a percentage",
            expected,
        ) % {"m": expected}
    return ngettext(
        "%(pct)s mean completion over %(n)d of %(m)d report",
        "%(pct)s mean completion over %(n)d of %(m)d reports",
        expected,
    ) % {"pct": pct(figures["completion"]), "n": basis, "m": expected}


@register.filter
def basis(figures: dict[str, Any]) -> str:
    """On how many of the expected reports a mean rests, for table cells: "1 of 121"."""
    return _("%(n)d of %(m)d") % {
        "n": figures.get("with_percent", 0),
        "m": figures.get("expected", 0),
    }


@register.filter
def reported_of(figures: dict[str, Any]) -> str:
    """Reports read with a status out of those expected: "12 of 121 (9.9 %)"."""
    expected = figures.get("expected", 0)
    reported = figures.get("reported", 0)
    share = round(100 * reported / expected, 1) if expected else None
    return _("%(n)d of %(m)d (%(rate)s)") % {"n": reported, "m": expected, "rate": pct(share)}


@register.filter
def signed(value: float | None) -> str:
    """A change in percentage points, with its sign."""
    if value is None:
        return "—"
    return f"{value:+g}"


@register.filter
def count_of(counts: dict[str, int], status: str) -> Any:
    return counts.get(status, 0)
