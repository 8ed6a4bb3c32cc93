"""Badges of the reporting workflow, so every page shows states in the same words and colours."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from mufakat.monitoring.models import ProgressReport, ProgressStatus, ReportingRound

register = template.Library()

STATE_CLASSES: dict[str, str] = {
    ProgressReport.State.DRAFT: "badge-muted",
    ProgressReport.State.SUBMITTED: "badge-brand",
    ProgressReport.State.RETURNED: "badge-warn",
    ProgressReport.State.ACCEPTED: "badge-ok",
}
ROUND_CLASSES: dict[str, str] = {
    ReportingRound.Status.DRAFT: "badge-muted",
    ReportingRound.Status.OPEN: "badge-ok",
    ReportingRound.Status.CLOSED: "badge-muted",
    ReportingRound.Status.FROZEN: "badge-brand",
}
STATUS_CLASSES: dict[str, str] = {
    ProgressStatus.NOT_STARTED: "badge-muted",
    ProgressStatus.ON_TRACK: "badge-ok",
    ProgressStatus.DELAYED: "badge-warn",
    ProgressStatus.COMPLETED: "badge-ok",
    ProgressStatus.CANCELLED: "badge-bad",
    ProgressStatus.NOT_APPLICABLE: "badge-muted",
    ProgressStatus.NOT_REPORTED: "badge-muted",
}


def _badge(css: str, label: object) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.simple_tag
def state_badge(state: str) -> str:
    """Workflow state of a report (draft, submitted, returned, accepted)."""
    label = ProgressReport.State(state).label if state in ProgressReport.State.values else state
    return _badge(STATE_CLASSES.get(state, "badge-muted"), label)


@register.simple_tag
def round_badge(status: str) -> str:
    label = (
        ReportingRound.Status(status).label if status in ReportingRound.Status.values else status
    )
    return _badge(ROUND_CLASSES.get(status, "badge-muted"), label)


@register.simple_tag
def progress_badge(status: str) -> str:
    """What the party says about the activity (on track, delayed …)."""
    label = ProgressStatus(status).label if status in ProgressStatus.values else status
    return _badge(STATUS_CLASSES.get(status, "badge-muted"), label)


@register.filter
def get_item(mapping: dict[str, int] | None, key: str) -> int:
    return mapping.get(key, 0) if mapping else 0


@register.simple_tag
def facet_options(choices: Iterable[Any], with_value: bool = False) -> str:
    """The ``<option>`` of each choice of a list's filter ("label (count)", "value — label
    (count)" ``with_value``), the chosen one selected, as ready HTML: a focal point's filter
    lists a couple of hundred instruments, a template loop over them cost more than the rest
    of the form."""
    written = []
    for c in choices:
        value = escape(c.value)
        label = f"{value} — {escape(c.label)}" if with_value else escape(c.label)
        selected = " selected" if c.selected else ""
        written.append(f'<option value="{value}"{selected}>{label} ({c.count})</option>')
    return mark_safe("".join(written))  # every value escaped above
