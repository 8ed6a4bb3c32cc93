from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.permissions import can_edit_registry, can_ingest

NAVIGATION = [
    ("registry:bodies", _("Bodies")),
    ("registry:parties", _("Parties")),
    ("meetings:list", _("Meetings")),
    ("meetings:calendar", _("Calendar")),
    ("workplans:list", _("Instruments")),
    ("monitoring:rounds", _("Monitoring")),
    ("library:list", _("Library")),
]


#: Shown only to those who may ingest (the Secretariat, chairs).
INGEST_NAVIGATION = [("ingest:list", _("Ingest"))]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_items": NAVIGATION + INGEST_NAVIGATION if can_ingest(user) else NAVIGATION,
        "can_edit_registry": can_edit_registry(user),
    }
