from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.permissions import can_edit_registry

NAVIGATION = [
    ("registry:bodies", _("Bodies")),
    ("registry:parties", _("Parties")),
    ("meetings:list", _("Meetings")),
    ("meetings:calendar", _("Calendar")),
    ("workplans:list", _("Instruments")),
    ("monitoring:rounds", _("Monitoring")),
    ("library:list", _("Library")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": NAVIGATION,
        "can_edit_registry": can_edit_registry(getattr(request, "user", None)),
    }
