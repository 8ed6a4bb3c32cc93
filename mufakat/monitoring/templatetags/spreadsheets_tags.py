"""What the round page may offer for offline reporting (download, upload) to this reader."""

from typing import Any

from django import template

from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.permissions import can_export_spreadsheet, can_import_spreadsheet

register = template.Library()


@register.simple_tag(takes_context=True)
def spreadsheet_rights(context: Any, round_: ReportingRound) -> dict[str, bool]:
    """``{"export": …, "import": …}`` for the logged-in user, so links appear only when usable."""
    user = context.get("user")
    if user is None or not user.is_authenticated or round_ is None:
        return {"export": False, "import": False}
    can_import = can_import_spreadsheet(user, round_)
    return {"export": can_import or can_export_spreadsheet(user, round_), "import": can_import}
