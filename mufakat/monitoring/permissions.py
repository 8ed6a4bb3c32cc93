"""Who may do what in monitoring: rounds, reports, reviews and spreadsheets.

``can_*`` answers with a bool (pages use it to offer an action); ``require_*`` raises
PermissionDenied (services call it before they write). Role sets come from
:mod:`mufakat.accounts.roles`; what a person may *see* is the gate's business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import REGISTRY_EDITORS, REPORTERS, has_role

if TYPE_CHECKING:
    from mufakat.monitoring.models import ProgressReport, ReportingRound, SpreadsheetImport


def can_manage_rounds(user: Any) -> bool:
    """Opening, closing and freezing rounds, and reviewing any report: the Secretariat."""
    return has_role(user, REGISTRY_EDITORS)


def require_round_manager(user: Any) -> None:
    if not can_manage_rounds(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))


def is_focal_point(user: Any) -> bool:
    """A focal point (national or partner) of a party: the people who report."""
    return has_role(user, REPORTERS) and bool(getattr(user, "party_id", None))


def can_see_my_reports(user: Any) -> bool:
    """ "My reports" lists what a focal point's party has to report: nobody else has any."""
    return is_focal_point(user)


def can_review_any(user: Any) -> bool:
    """The review queue is for the Secretariat and for focal points (who endorse the reports on
    activities their party leads). A role check only: menus ask it on every page, for free."""
    return can_manage_rounds(user) or is_focal_point(user)


def can_report(user: Any, report: ProgressReport) -> bool:
    """A focal point of the reporting party, while the round is open and the report editable."""
    from mufakat.monitoring.models import ReportingRound
    from mufakat.monitoring.services import EDITABLE_STATES

    return (
        is_focal_point(user)
        and user.party_id == report.party_id
        and report.round.status == ReportingRound.Status.OPEN
        and report.state in EDITABLE_STATES
    )


def is_lead_reviewer(user: Any, report: ProgressReport) -> bool:
    """A focal point of a lead party of the activity — but nobody reviews their own party."""
    if not is_focal_point(user) or user.party_id == report.party_id:
        return False
    return report.activity.lead_parties.filter(pk=user.party_id).exists()


def can_review(user: Any, report: ProgressReport) -> bool:
    from mufakat.monitoring.models import ProgressReport

    if report.state != ProgressReport.State.SUBMITTED:
        return False
    if can_manage_rounds(user):
        return True
    return report.lead_reviewed_at is None and is_lead_reviewer(user, report)


def can_import_spreadsheet(user: Any, round_: ReportingRound) -> bool:
    """Only a focal point of a party reporting in the round fills it in (services.save_report)."""
    return is_focal_point(user) and round_.reporting_parties.filter(pk=user.party_id).exists()


def can_export_spreadsheet(user: Any, round_: ReportingRound) -> bool:
    """Reporters get their own part; the Secretariat may download the whole round."""
    return can_manage_rounds(user) or can_import_spreadsheet(user, round_)


def can_see_spreadsheet_import(user: Any, job: SpreadsheetImport) -> bool:
    """A background upload's progress and result: for the person who uploaded it and for the
    Secretariat (the round itself is the gate's business, checked first)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return job.uploaded_by_id == user.pk or can_manage_rounds(user)


__all__ = [
    "can_export_spreadsheet",
    "can_import_spreadsheet",
    "can_manage_rounds",
    "can_report",
    "can_review",
    "can_review_any",
    "can_see_my_reports",
    "can_see_spreadsheet_import",
    "is_focal_point",
    "is_lead_reviewer",
    "require_round_manager",
]
