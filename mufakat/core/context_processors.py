from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.permissions import can_edit_registry, can_ingest
from mufakat.audit.permissions import can_read_audit
from mufakat.core.urlcache import cached_reverse

NAVIGATION = [
    ("registry:bodies", _("Bodies")),
    ("registry:parties", _("Parties")),
    ("meetings:list", _("Meetings")),
    ("meetings:calendar", _("Calendar")),
    ("workplans:list", _("Instruments")),
    ("frameworks:list", _("Frameworks")),
    ("monitoring:rounds", _("Monitoring")),
    ("library:list", _("Library")),
]


#: Shown only to those who may ingest (the Secretariat, chairs).
INGEST_NAVIGATION = [("ingest:list", _("Ingest"))]

#: Shown only to those who read the audit log (auditors, the Secretariat, administrators).
AUDIT_NAVIGATION = [("audit:events", _("Audit log"))]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu as (URL, label) pairs, each URL reversed once per process and language."""
    user = getattr(request, "user", None)
    items = list(NAVIGATION)
    if can_ingest(user):
        items += INGEST_NAVIGATION
    if can_read_audit(user):
        items += AUDIT_NAVIGATION
    return {
        "nav_items": [(cached_reverse(name), label) for name, label in items],
        "can_edit_registry": can_edit_registry(user),
    }
