"""Lists of progress reports as CSV or JSON: "My reports", the review queue and a round's
reports, each with the filters of its page and every page of it (see
:mod:`mufakat.core.exports`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from mufakat.audit.reads import record_sensitive_read
from mufakat.core import exports
from mufakat.monitoring import selectors
from mufakat.monitoring.exports import REPORT_COLUMNS, report_rows
from mufakat.monitoring.models import ProgressReport
from mufakat.monitoring.views_reports import my_report_filters, review_filters


@login_required
@require_GET
def my_reports_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    rows = selectors.my_reports(user=request.user, filters=my_report_filters(request))
    return exports.export_response(
        exports.in_chunks(report_rows(rows)), REPORT_COLUMNS, fmt=fmt, name="my-reports"
    )


@login_required
@require_GET
def review_queue_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    rows = selectors.review_queue(user=request.user, filters=review_filters(request))
    return exports.export_response(
        exports.in_chunks(report_rows(rows)), REPORT_COLUMNS, fmt=fmt, name="review-queue"
    )


@login_required
@require_GET
def round_reports_export(request: HttpRequest, pk: int, fmt: str) -> StreamingHttpResponse:
    """The round's reports the reader may see: of one party (``?party=``, as the round's page
    lists them), or of every party; ``?instrument=`` and ``?state=`` narrow them further."""
    exports.format_of(fmt)
    round_ = selectors.get_round(user=request.user, pk=pk, counts=False)
    record_sensitive_read(reader=request.user, obj=round_)
    state = (request.GET.get("state") or "").strip()
    rows = selectors.round_reports(
        user=request.user,
        round_=round_,
        party=(request.GET.get("party") or "").strip().upper() or None,
        instrument=(request.GET.get("instrument") or "").strip() or None,
        state=state if state in ProgressReport.State.values else None,
    )
    return exports.export_response(
        exports.in_chunks(report_rows(rows)),
        REPORT_COLUMNS,
        fmt=fmt,
        name=f"round-{round_.pk}-reports",
    )
