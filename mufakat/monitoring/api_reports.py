"""Rounds and progress reports over the API.

Handlers parse input, call one selector or service and answer; the services hold every rule,
so the API refuses what the forms refuse (422 on the field, 409 on a stale ``lock_version``,
403 for a missing right, 404 for what the caller may not see).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mufakat.core.pagination import Pages
from mufakat.core.web import api_user
from mufakat.monitoring import selectors, services
from mufakat.monitoring.models import Evidence, ProgressReport
from mufakat.monitoring.schemas_reports import (
    ReportOut,
    ReportPatch,
    ReportSummary,
    ReportVersionOut,
    ReviewIn,
    RoundIn,
    RoundOut,
)

router = Router(tags=["monitoring"])

PAGE_SIZE = 50


def _versions(user: Any, report: ProgressReport) -> list[dict[str, Any]]:
    return [
        {
            "number": entry.version.number,
            "state": entry.version.state,
            "created_at": entry.version.created_at,
            "created_by": entry.version.created_by.get_username()
            if entry.version.created_by
            else None,
            "data": entry.version.data,
            "changes": [vars(change) for change in entry.changes],
        }
        for entry in selectors.report_versions(user=user, report=report)
    ]


def _report_out(user: Any, pk: int) -> ProgressReport:
    """The report with its evidence and versions as the caller may see them."""
    report = selectors.get_report(user=user, pk=pk)
    report.api_evidence = list(Evidence.objects.visible_to(user).filter(report=report))  # type: ignore[attr-defined]
    report.api_versions = _versions(user, report)  # type: ignore[attr-defined]
    return report


# -- rounds --------------------------------------------------------------------------------------

#: Rounds per page: each is counted over the reports the caller may see.
ROUNDS_PAGE_SIZE = 10


class RoundPages(Pages):
    """Pages of rounds, the counts of only the page's rounds read by one grouped query."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        page[self.items_attribute] = selectors.with_counts(
            user=api_user(request), rounds=list(page[self.items_attribute])
        )
        return page


@router.get(
    "/rounds",
    response=list[RoundOut],
    operation_id="monitoring_list_rounds",
    summary="List reporting rounds",
    description="Rounds you may see, newest first, with counts of the reports you may read.",
)
@paginate(RoundPages, page_size=ROUNDS_PAGE_SIZE)
def list_rounds(request: HttpRequest, status: str = "") -> Any:
    return selectors.rounds_listed(user=api_user(request), status=status or None)


@router.post(
    "/rounds",
    response={201: RoundOut},
    operation_id="monitoring_open_round",
    summary="Open a reporting round (Secretariat)",
    description="Creates a draft report per activity × reporting party that leads or joins it, "
    "and notifies the focal points.",
)
def open_round(request: HttpRequest, payload: RoundIn) -> Any:
    user = api_user(request)
    created = services.open_round(actor=user, **payload.dict())
    return Status(201, selectors.get_round(user=user, pk=created.pk))


@router.get(
    "/rounds/{round_id}",
    response=RoundOut,
    operation_id="monitoring_get_round",
    summary="One reporting round",
)
def get_round(request: HttpRequest, round_id: int) -> Any:
    return selectors.get_round(user=api_user(request), pk=round_id)


class ReportPages(Pages):
    """Pages of a round's reports, read instrument by instrument.

    A round holds tens of thousands of reports; sorting them all on the titles and codes of
    their instrument, priority area, activity and party cost 200 ms and more. One grouped count
    per instrument (from the round's covering index) gives the total and says which instruments
    a page spans; only their ids are sorted, then the page's 50 rows are read in full."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        window = (
            queryset
            if isinstance(queryset, selectors.GroupWindow)
            else selectors.instrument_window(queryset)
        )
        return {
            self.items_attribute: window[offset : offset + page_size],
            "count": len(window),
        }


@router.get(
    "/rounds/{round_id}/reports",
    response=list[ReportSummary],
    operation_id="monitoring_list_round_reports",
    summary="Reports of a round",
    description="Reports you may read; filter by `party` code, `instrument` key or workflow "
    "`state` (draft, submitted, returned, accepted).",
)
@paginate(ReportPages, page_size=PAGE_SIZE)
def list_round_reports(
    request: HttpRequest, round_id: int, party: str = "", instrument: str = "", state: str = ""
) -> Any:
    user = api_user(request)
    round_ = selectors.get_round(user=user, pk=round_id, counts=False)
    return selectors.round_report_window(
        user=user,
        round_=round_,
        party=party or None,
        instrument=instrument or None,
        state=state or None,
    )


# -- reports -------------------------------------------------------------------------------------


@router.get(
    "/reports/{report_id}",
    response=ReportOut,
    operation_id="monitoring_get_report",
    summary="One progress report with its versions and evidence",
)
def get_report(request: HttpRequest, report_id: int) -> Any:
    return _report_out(api_user(request), report_id)


@router.patch(
    "/reports/{report_id}",
    response=ReportOut,
    operation_id="monitoring_update_report",
    summary="Save a report (its party's focal points); `submit` hands it in for review",
    description="Send `lock_version` as read; a stale one answers 409. A save that changes "
    "nothing changes nothing.",
)
def update_report(request: HttpRequest, report_id: int, payload: ReportPatch) -> Any:
    user = api_user(request)
    report = selectors.get_report(user=user, pk=report_id)
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("lock_version")
    submit = bool(changes.pop("submit", False))
    services.save_report(
        actor=user, report=report, changes=changes, expected_version=expected, submit=submit
    )
    return _report_out(user, report_id)


@router.post(
    "/reports/{report_id}/review",
    response=ReportOut,
    operation_id="monitoring_review_report",
    summary="Accept (Secretariat), endorse (lead party) or return a submitted report",
)
def review_report(request: HttpRequest, report_id: int, payload: ReviewIn) -> Any:
    user = api_user(request)
    report = selectors.get_report(user=user, pk=report_id)
    services.review_report(
        actor=user, report=report, accept=payload.accept, comment=payload.comment
    )
    return _report_out(user, report_id)


@router.get(
    "/reports/{report_id}/versions",
    response=list[ReportVersionOut],
    operation_id="monitoring_list_report_versions",
    summary="Versions of a report, newest first, with the changes of each",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_report_versions(request: HttpRequest, report_id: int) -> Any:
    user = api_user(request)
    return _versions(user, selectors.get_report(user=user, pk=report_id))
