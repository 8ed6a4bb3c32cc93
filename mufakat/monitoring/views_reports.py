"""Pages of the reporting workflow: rounds, my reports, a report, the review queue, versions,
evidence downloads.

Views parse input, call one selector or service and render. A round or report the reader may
not see is a 404 exactly like a missing one; an action without the right is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mufakat.accounts.permissions import can_edit_registry
from mufakat.audit.reads import record_sensitive_read
from mufakat.core.confirm import confirm_page
from mufakat.core.errors import ConflictError
from mufakat.core.forms import run_service
from mufakat.core.web import form_page, private_download, registry_editor
from mufakat.monitoring import compliance, permissions, selectors, services
from mufakat.monitoring.forms import EvidenceForm, ReportForm, ReviewForm, RoundForm
from mufakat.monitoring.models import PercentMode, ProgressReport, ReportingRound
from mufakat.monitoring.templatetags import reports_tags

PAGE_SIZE = 50
#: Rounds per page of the list: each is counted over the reports the reader may see.
ROUNDS_PAGE_SIZE = 10
#: Instruments named per round in the list (the round's page names them all).
ROUND_INSTRUMENTS_SHOWN = 3
#: Rows of "my reports" and of the review queue on one page: a page stays well under 100 KB
#: however many reports the rounds hold (a review row carries its decision form).
MY_REPORTS_PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 30

# -- rounds --------------------------------------------------------------------------------------


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds, newest first, a page at a time: only the page's rounds are counted."""
    status = request.GET.get("status") or None
    if status not in ReportingRound.Status.values:
        status = None
    page = Paginator(
        selectors.rounds_listed(user=request.user, status=status), ROUNDS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rounds = selectors.with_counts(user=request.user, rounds=list(page.object_list))
    for r in rounds:
        instruments = r.visible_instruments  # type: ignore[attr-defined]
        r.instruments_named = instruments[:ROUND_INSTRUMENTS_SHOWN]  # type: ignore[attr-defined]
        r.more_instruments = max(0, len(instruments) - ROUND_INSTRUMENTS_SHOWN)  # type: ignore[attr-defined]
    return render(
        request,
        "monitoring/round_list.html",
        {
            "rounds": rounds,
            "page_obj": page,
            "querystring_base": urlencode({"status": status}) + "&" if status else "",
            "status": status,
            "statuses": ReportingRound.Status.choices,
        },
    )


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The page counts the round's reports per party below; the round's own counts would read
    # every report of the round a second time.
    round_ = selectors.get_round(user=request.user, pk=pk, counts=False)
    record_sensitive_read(reader=request.user, obj=round_)
    counts = compliance.round_state_counts(round_, user=request.user)
    progress = [
        selectors.PartyProgress(party=party, counts=counts.get(party.pk, {}))
        for party in sorted(round_.reporting_parties.all(), key=lambda p: p.code)
    ]
    party = (request.GET.get("party") or "").strip().upper()
    page = None
    if party:
        reports = selectors.round_reports(user=request.user, round_=round_, party=party)
        page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    states = ProgressReport.State.choices
    return render(
        request,
        "monitoring/round_detail.html",
        {
            "round": round_,
            "progress": progress,
            "states": states,
            "totals": {s: sum(p.counts.get(s, 0) for p in progress) for s, _label in states},
            "total": sum(p.total for p in progress),
            "party": party,
            "page_obj": page,
            "reports": list(page.object_list) if page else [],
            "querystring_base": urlencode({"party": party}) + "&" if party else "",
        },
    )


@registry_editor
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.open_round(actor=request.user, **form.service_data())
        )
        if created is not None:
            messages.success(
                request,
                _("Round opened with %(n)s reports; the focal points are being notified.")
                % {"n": created.reports.count()},
            )
            return redirect(created)
    return form_page(
        request, form, title=_("Open a reporting round"), cancel_url=reverse("monitoring:rounds")
    )


def _round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    round_ = selectors.get_round(user=request.user, pk=pk)
    service = services.close_round if action == "close" else services.reopen_round
    try:
        service(actor=request.user, round=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Round closed.") if action == "close" else _("Round reopened."))
    return redirect(round_)


@registry_editor
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, "close")


@registry_editor
@require_POST
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, "reopen")


# -- reports -------------------------------------------------------------------------------------


def _report_filters(request: HttpRequest) -> selectors.ReportFilters:
    """The filters of a list of reports from the query string; a malformed value is ignored."""
    get = request.GET
    round_ = (get.get("round") or "").strip()
    state = (get.get("state") or "").strip()
    return selectors.ReportFilters(
        round=round_ if round_.isdigit() and len(round_) < 19 else "",
        instrument=(get.get("instrument") or "").strip()[:100],
        state=state if state in ProgressReport.State.values else "",
        party=(get.get("party") or "").strip().upper()[:10],
        frozen="1" if get.get("frozen") == "1" else "",
    )


def my_report_filters(request: HttpRequest) -> selectors.ReportFilters:
    """What "My reports" (and its export) filters on: round, instrument and state."""
    filters = _report_filters(request)
    filters.party = filters.frozen = ""
    return filters


def review_filters(request: HttpRequest) -> selectors.ReportFilters:
    """What the review queue (and its export) filters on: round, instrument, party, frozen."""
    filters = _report_filters(request)
    filters.state = ""
    return filters


def _round_page(
    reports: QuerySet[ProgressReport],
    facets: selectors.ReportFacets | None,
    per_page: int,
    number: str | None,
    *,
    returned_first: bool = False,
    apart: bool = False,
) -> Page:
    """A page of ``reports``: its total is already known from the counts beside the list (no
    COUNT over the whole list) and only the rounds and instruments the page spans are read."""
    if facets is None:
        return Paginator([], per_page).get_page(1)
    window = selectors.RoundWindow(reports, facets, returned_first=returned_first, apart=apart)
    return Paginator(window, per_page).get_page(number)


def _filtered_page_context(
    request: HttpRequest,
    filters: selectors.ReportFilters,
    facets: selectors.ReportFacets | None,
    reports: QuerySet[ProgressReport],
    per_page: int,
    *,
    returned_first: bool = False,
    apart: bool = False,
) -> dict[str, Any]:
    page = _round_page(
        reports,
        facets,
        per_page,
        request.GET.get("page"),
        returned_first=returned_first,
        apart=apart,
    )
    query = filters.query()
    return {
        "filters": filters,
        "facets": facets,
        "page_obj": page,
        "filtered": bool(query),
        "querystring_base": urlencode(query) + "&" if query else "",
    }


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    """A focal point's reports in the open rounds, a page at a time, filterable by round,
    instrument and workflow state, with the counts of each."""
    filters = my_report_filters(request)
    facets = selectors.my_report_facets(user=request.user, filters=filters)
    context = _filtered_page_context(
        request,
        filters,
        facets,
        selectors.my_reports(user=request.user, filters=filters).defer(*selectors.LIST_DEFERRED),
        MY_REPORTS_PAGE_SIZE,
        returned_first=True,
        apart=True,
    )
    page = context["page_obj"]
    entries = selectors.with_previous(request.user, list(page.object_list))
    context.update(
        entries=entries,
        sections=_report_sections(entries),
        is_focal_point=permissions.is_focal_point(request.user),
        states=ProgressReport.State.choices,
    )
    return render(request, "monitoring/report_mine.html", context)


def _report_sections(entries: list[selectors.ReportEntry]) -> list[dict[str, Any]]:
    """A page of reports grouped round > instrument > priority area as plain dicts, each area's
    rows written at once as ready HTML (:func:`_report_rows_html`): 50 rows through nested
    ``{% regroup %}``, a badge tag and ``reverse()`` per cell, even a template loop over
    prepared rows, cost more to render than reading the page from the database."""
    sections: list[dict[str, Any]] = []
    round_: dict[str, Any] = {}
    instrument: dict[str, Any] = {}
    area: dict[str, Any] = {}
    grouped: list[tuple[dict[str, Any], list[selectors.ReportEntry]]] = []
    for entry in entries:
        report = entry.report
        if not sections or round_["round"].pk != report.round_id:
            round_ = {"round": report.round, "instruments": []}
            sections.append(round_)
            instrument = {}
        if not instrument or instrument["pk"] != report.instrument_id:
            instrument = {"pk": report.instrument_id, "title": str(report.instrument), "areas": []}
            round_["instruments"].append(instrument)
            area = {}
        if not area or area["pk"] != report.priority_area_id:
            priority_area = report.priority_area
            area = {
                "pk": report.priority_area_id,
                "position": priority_area.position,
                "title": priority_area.title,
            }
            instrument["areas"].append(area)
            grouped.append((area, []))
        grouped[-1][1].append(entry)
    rows = _report_rows_html()
    for area, in_area in grouped:
        area["rows_html"] = rows(in_area)
    return sections


def _report_rows_html() -> Any:
    """A function writing the rows of "My reports" (activity, this round's status, workflow
    state, last round's report, the action) as ready HTML, every value escaped: the badge of a
    state and the link's words are the same on every row, so each is made once per page."""
    report_url = reverse("monitoring:report", args=[0])[:-2]  # ".../reports/0/" -> prefix
    progress: dict[str, str] = {}
    workflow: dict[str, str] = {}
    report_label, view_label = escape(_("Report")), escape(_("View"))
    # The visible word starts the accessible name (WCAG 2.5.3, label in name).
    report_action, view_action = _("Report on %(code)s"), _("View the report on %(code)s")
    open_states = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)

    def badge(cache: dict[str, str], tag: Any, value: str) -> str:
        if value not in cache:
            cache[value] = tag(value)
        return cache[value]

    def percent(value: int | None) -> str:
        return "" if value is None else f"&nbsp;{value}&nbsp;%"

    def rows(entries: list[selectors.ReportEntry]) -> str:
        written = []
        for entry in entries:
            report, previous = entry.report, entry.previous
            code = escape(report.activity.code)
            if previous is not None:
                status = badge(progress, reports_tags.progress_badge, previous.status)
                last = (
                    f'<a href="{report_url}{previous.pk}/">{status}{percent(previous.percent)}</a>'
                )
            else:
                last = '<span class="muted">—</span>'
            is_open = report.state in open_states
            written.append(
                "<tr>"
                f'<td><span class="muted">{code}</span> {escape(report.activity.title)}</td>'
                f"<td>{badge(progress, reports_tags.progress_badge, report.status)}"
                f"{percent(report.percent)}</td>"
                f"<td>{badge(workflow, reports_tags.state_badge, report.state)}</td>"
                f"<td>{last}</td>"
                f'<td><a class="btn btn-small{"" if is_open else " btn-secondary"}" '
                f'href="{report_url}{report.pk}/" '
                f'aria-label="{(report_action if is_open else view_action) % {"code": code}}">'
                f"{report_label if is_open else view_label}</a></td>"
                "</tr>"
            )
        # Every value is escaped above; the badges are format_html's.
        return mark_safe("\n".join(written))

    return rows


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk)
    if request.method == "GET":
        record_sensitive_read(reader=request.user, obj=report)
    page = selectors.report_page(user=request.user, report=report)
    derived = services.percent_mode(report.instrument_id) == PercentMode.DERIVED
    form = None
    action = request.POST.get("action") if request.method == "POST" else None
    if page.can_edit and action == "confirm_submit":
        return _submit_confirmed(request, report)
    if page.can_edit:
        form = ReportForm(request.POST or None, report=report, derived=derived)
        if request.method == "POST" and form.is_valid():
            # "Submit" saves the draft first, then asks: a report under review can no longer
            # be edited, so handing it in is a step of its own (issue 10).
            saved = run_service(
                form,
                lambda: services.save_report(
                    actor=request.user,
                    report=report,
                    changes=form.changes(),
                    expected_version=form.cleaned_data.get("lock_version"),
                ),
            )
            if saved is not None and action == "submit":
                return _ask_to_submit(request, saved)
            if saved is not None:
                messages.success(request, _("Draft saved."))
                return redirect(saved)
    elif request.method == "POST":
        raise PermissionDenied(_("This report cannot be changed by you, or not any more."))
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "page": page,
            "report": report,
            "form": form,
            "evidence_form": EvidenceForm() if page.can_edit else None,
            "review_form": ReviewForm() if page.can_review else None,
            "derived": derived,
        },
    )


def _ask_to_submit(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """The confirmation step of "Submit": what goes to review, and that it is then locked."""
    percent = "—" if report.percent is None else f"{report.percent} %"
    narrative = (report.narrative or "").strip()
    return confirm_page(
        request,
        question=_("Submit this report for review?"),
        consequences=[
            _("Your changes were saved as a draft."),
            _("Status: %(status)s · percent complete: %(percent)s")
            % {"status": report.get_status_display(), "percent": percent},
            _("Narrative: %s") % (narrative[:300] + ("…" if len(narrative) > 300 else ""))
            if narrative
            else _("No narrative."),
            _("It goes to review and can no longer be edited, unless the reviewer returns it."),
        ],
        confirm_label=_("Submit for review"),
        cancel_url=report.get_absolute_url(),
        action_url=report.get_absolute_url(),
        hidden={"action": "confirm_submit", "lock_version": report.lock_version},
        danger=False,
    )


def _submit_confirmed(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    version = request.POST.get("lock_version") or ""
    try:
        submitted = services.save_report(
            actor=request.user,
            report=report,
            changes={},
            expected_version=int(version) if version.isdigit() else None,
            submit=True,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(report)
    except ConflictError as exc:
        messages.error(request, str(exc))
        return redirect(report)
    messages.success(request, _("Report submitted for review."))
    return redirect(submitted)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        added = run_service(
            form,
            lambda: services.add_evidence(
                actor=request.user, report=report, uploaded_file=form.cleaned_data["file"]
            ),
        )
        if added is not None:
            messages.success(request, _("File “%s” attached.") % added.name)
            return redirect(report)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(report)


@login_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks; only the POST of that page removes the file."""
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    if request.method != "POST":
        if not permissions.can_report(request.user, evidence.report):
            raise PermissionDenied
        return confirm_page(
            request,
            question=_("Remove the file “%s”?") % evidence.name,
            consequences=[
                _("It is removed from the report's evidence; this is recorded in the audit log.")
            ],
            confirm_label=_("Remove the file"),
            cancel_url=evidence.report.get_absolute_url(),
        )
    try:
        services.remove_evidence(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File removed."))
    return redirect(evidence.report)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Through the gate only; sent as an attachment with the type read from its content."""
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    return private_download(
        evidence.file,
        name=evidence.name,
        content_type=evidence.content_type,
        source=evidence,
        reader=request.user,
    )


@login_required
@require_GET
def report_versions(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk)
    return render(
        request,
        "monitoring/report_versions.html",
        {"report": report, "entries": selectors.report_versions(user=request.user, report=report)},
    )


# -- review --------------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """The reports waiting for the reader's decision, a page at a time, filterable by round,
    instrument and party, with the counts of each; every row keeps its accept/return form.
    Rounds frozen for their meeting only with ``?frozen=1``."""
    filters = review_filters(request)
    facets = selectors.review_facets(user=request.user, filters=filters)
    context = _filtered_page_context(
        request,
        filters,
        facets,
        selectors.review_queue(user=request.user, filters=filters),
        REVIEW_PAGE_SIZE,
        apart=selectors.queue_ranked_apart(request.user),
    )
    toggled = {**filters.query(), "frozen": "" if filters.frozen else "1"}
    reports = list(context["page_obj"].object_list)
    context.update(
        reports=reports,
        review_sections=_review_sections(request, reports),
        form=ReviewForm(),
        frozen_toggle=urlencode({k: v for k, v in toggled.items() if v}),
    )
    return render(request, "monitoring/report_review.html", context)


def _review_sections(request: HttpRequest, reports: list[ProgressReport]) -> list[dict[str, Any]]:
    """A page of the queue grouped by round (as ``{% regroup %}`` did), each round's rows with
    their decision forms written at once as ready HTML, every value escaped: thirty rows of
    badges, dates, a reversed address and a form each cost most of the page's time as a
    template loop."""
    if not reports:
        return []
    report_url = reverse("monitoring:report", args=[0])[:-2]  # ".../reports/0/" -> prefix
    decide_url = reverse("monitoring:review_report", args=[0])
    decide_prefix, decide_suffix = decide_url.split("/0/", 1)
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    next_field = f'<input type="hidden" name="next" value="{escape(request.get_full_path())}">'
    accept = escape(_("Accept") if can_edit_registry(request.user) else _("Endorse"))
    comment, give_back = escape(_("Comment")), escape(_("Return"))
    endorsed = escape(_("Endorsed by the lead party"))
    progress: dict[str, str] = {}
    days: dict[Any, str] = {}

    def day(moment: Any) -> str:  # the ``date`` filter: in the current time zone
        local = timezone.localtime(moment)
        key = local.date()
        if key not in days:
            days[key] = escape(formats.date_format(local, "SHORT_DATE_FORMAT"))
        return days[key]

    sections: list[dict[str, Any]] = []
    rows: list[str] = []
    for r in reports:
        if not sections or sections[-1]["round"].pk != r.round_id:
            rows = []
            sections.append({"round": r.round, "rows": rows})
        if r.status not in progress:
            progress[r.status] = reports_tags.progress_badge(r.status)
        status = progress[r.status]
        if r.percent is not None:
            status += f"&nbsp;{r.percent}&nbsp;%"
        if r.narrative:
            status += (
                f"<br><small>{escape(Truncator(r.narrative).words(40, truncate=' …'))}</small>"
            )
        if r.lead_reviewed_at:
            status += f'<br><span class="badge badge-ok">{endorsed}</span>'
        submitted = day(r.submitted_at) if r.submitted_at else ""
        if r.submitted_by:
            submitted += f"<br><small>{escape(str(r.submitted_by))}</small>"
        rows.append(
            "<tr>"
            f'<td><a href="{report_url}{r.pk}/"><span class="muted">{escape(r.activity.code)}'
            f"</span> {escape(r.activity.title)}</a><br><small>{escape(str(r.instrument))}"
            f"</small></td>"
            f"<td>{escape(r.party.code)}</td>"
            f"<td>{status}</td>"
            f"<td>{submitted}</td>"
            f'<td><form method="post" action="{decide_prefix}/{r.pk}/{decide_suffix}" '
            f'class="stacked">{csrf}{next_field}<div class="field">'
            f'<label for="comment-{r.pk}">{comment}</label>'
            f'<textarea id="comment-{r.pk}" name="comment" rows="2" '
            'aria-describedby="comment-help"></textarea></div>'
            f'<button class="btn btn-small" type="submit" name="decision" value="accept">'
            f"{accept}</button>"
            '<button class="btn btn-secondary btn-small" type="submit" name="decision" '
            f'value="return">{give_back}</button></form></td>'
            "</tr>"
        )
    for section in sections:  # every value escaped above; the badges are format_html's
        section["rows_html"] = mark_safe("\n".join(section["rows"]))
    return sections


@login_required
@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    reviewed = run_service(
        form,
        lambda: services.review_report(
            actor=request.user,
            report=report,
            accept=accept,
            comment=form.cleaned_data.get("comment", ""),
        ),
    )
    if reviewed is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{report.activity.code} · {report.party.code}: {error}")
    elif reviewed.state == reviewed.State.ACCEPTED:
        messages.success(request, _("Report accepted."))
    elif reviewed.state == reviewed.State.RETURNED:
        messages.success(request, _("Report returned to %s.") % reviewed.party.code)
    else:
        messages.success(request, _("Report endorsed; the Secretariat will accept it."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("monitoring:review")
    return redirect(target)
