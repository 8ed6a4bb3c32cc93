"""Badges of the reporting workflow, so every page shows states in the same words and colours."""

from django import template
from django.utils.html import format_html

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
