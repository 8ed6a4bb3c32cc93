"""Dashboards (per instrument, per party), the snapshot presented at a meeting, and freezing.

Views parse input, call one selector or service, and render. Every figure comes from
:mod:`mufakat.monitoring.rollups` (through the gate); charts from
:mod:`mufakat.monitoring.charts`, the same code the generated reports use. Dashboards need a
login unless what they show is public: an anonymous visitor is sent to the login page rather
than told whether something restricted exists.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mufakat.core import references
from mufakat.core.audience import Audience, most_restrictive_tlp, tlp_css_class
from mufakat.core.forms import run_service
from mufakat.core.urlcache import cached_reverse
from mufakat.core.web import registry_editor
from mufakat.meetings.models import Meeting
from mufakat.monitoring import charts, rollups, snapshots
from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.templatetags.dashboards_tags import (
    basis,
    pct,
    reported_of,
    signed,
    status_chip,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Instrument

PAGE_SIZE = 50
#: Beyond this many instruments, a party's activities are listed for one instrument at a time,
#: and its instruments get no chart (a bar each would be taller than the page is useful).
COMMITMENT_INSTRUMENTS = 10
CHART_INSTRUMENTS = 30
#: Status changes (and completion changes) listed on the meeting page; the API gives all.
CHANGES_SHOWN = 100
#: Up to this many instruments in a snapshot, the meeting page details each; beyond, it lists
#: them in a table and details the one chosen (pages stay light on slow links).
DETAILED_INSTRUMENTS = 6


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _login(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(request.get_full_path())


def _marking(*labels: str | None) -> dict[str, str]:
    """The page's marking: the most restrictive TLP of what it shows (a TLP:CLEAR instrument
    showing AMBER round figures is an AMBER page, on screen and in print)."""
    tlp = most_restrictive_tlp(*labels)
    return {"page_tlp": tlp, "page_tlp_class": tlp_css_class(tlp)}


def _cells(*values: Any) -> SafeString:
    """Table cells written here once, each value escaped: a template filter per cell is most of
    a dashboard's fixed cost."""
    return mark_safe("".join(f"<td>{escape(str(v))}</td>" for v in values))


def _status_cells(figures: dict[str, Any]) -> list[int]:
    return [figures["counts"].get(s, 0) for s in rollups.STATUS_ORDER]


def _round_options(rounds: list[ReportingRound], selected: ReportingRound | None) -> SafeString:
    """The options of the round picker, written here once (a date filter and a translated
    phrase per round cost more in the template than the rest of the form). Escaped."""
    chosen = selected.pk if selected is not None else None
    return mark_safe(
        "".join(
            f'<option value="{int(r.pk)}"{" selected" if r.pk == chosen else ""}>'
            f"{escape(r.title)} ("
            + escape(_("due %(due)s") % {"due": date_format(r.due_date, "SHORT_DATE_FORMAT")})
            + ")</option>"
            for r in rounds
        )
    )


def _instrument_row_html(rollup: rollups.Rollup, round_pk: int | None) -> dict[str, SafeString]:
    """The party and trend rows of the instrument dashboard as ready HTML, each link reversed
    once for all rows. Every value is escaped."""
    party_url = reverse("monitoring:party_dashboard", args=["CODE"])
    parties = []
    for p in rollup["parties"]:
        url = escape(party_url.replace("CODE", quote(p["code"])))
        cells = _cells(
            p["expected"],
            p["reported"],
            p["not_reported"],
            pct(p["completion"]),
            basis(p),
            p["on_time"],
            pct(p["on_time_rate"]),
        )
        parties.append(
            f'\n      <tr><th scope="row"><a href="{url}" title="{escape(p["name"])}">'
            f"{escape(p['code'])}</a></th>{cells}</tr>\n    "
        )
    trend = []
    for t in rollup.get("trend", []):
        cells = _cells(
            t["round"]["due_date"],
            *_status_cells(t),
            reported_of(t),
            pct(t["completion"]),
            basis(t),
            pct(t["on_time_rate"]),
        )
        current = ' aria-current="true"' if t["round"]["id"] == round_pk else ""
        trend.append(
            f'\n      <tr{current}><th scope="row"><a href="?round={escape(str(t["round"]["id"]))}">'
            f"{escape(t['round']['title'])}</a></th>{cells}</tr>\n    "
        )
    return {
        "party_rows_html": mark_safe("".join(parties)),
        "trend_rows_html": mark_safe("".join(trend)),
    }


def _area_rows(rollup: rollups.Rollup) -> SafeString:
    """The rows of the instrument dashboard's table of priority areas as ready HTML, each
    value escaped."""
    return mark_safe(
        "".join(
            f'\n      <tr><th scope="row">{escape(str(a["position"]))}. {escape(a["title"])}</th>'
            f"{_cells(*_status_cells(a), a['expected'], pct(a['completion']), basis(a))}</tr>\n    "
            for a in rollup["areas"]
        )
    )


def instrument_dashboard(request: HttpRequest, key: str) -> HttpResponse:
    anonymous = not request.user.is_authenticated
    try:
        dashboard = rollups.instrument_dashboard(
            user=request.user, key=key, round_id=_int(request.GET.get("round"))
        )
    except Http404:
        if anonymous:
            return _login(request)
        raise
    if anonymous and (dashboard.round is None or dashboard.round.audience != Audience.PUBLIC):
        return _login(request)
    rollup = dashboard.rollup
    shown_meeting = (
        dashboard.round.meeting
        if dashboard.round is not None and rollup["round"] and rollup["round"]["meeting"]
        else None
    )
    return render(
        request,
        "monitoring/dashboard_instrument.html",
        {
            # Marked like the most restricted of what it shows: the instrument, the figures of
            # every round in the trend, the meeting named.
            **_marking(rollup["tlp"], shown_meeting.tlp if shown_meeting else None),
            "instrument": dashboard.instrument,
            "round": dashboard.round,
            "rounds": list(reversed(dashboard.rounds)),
            "rollup": rollup,
            "round_options": _round_options(list(reversed(dashboard.rounds)), dashboard.round),
            "area_rows_html": _area_rows(rollup),
            **_instrument_row_html(
                rollup, dashboard.round.pk if dashboard.round is not None else None
            ),
            "segments": charts.status_segments(),
            "area_chart": charts.area_status_chart(rollup, chart_id="chart-areas"),
            "party_chart": charts.party_completion_chart(rollup, chart_id="chart-parties"),
            "trend_chart": charts.trend_chart(rollup, chart_id="chart-trend"),
            "trend_status_chart": charts.trend_status_chart(rollup, chart_id="chart-trend-status"),
        },
    )


def _party_rows(rollup: rollups.Rollup) -> SafeString:
    """The rows of the party's instruments table, written here once: a party may take part in
    hundreds of instruments, and a template tag (or ``format_html``) per cell costs more than
    the rest of the page. Every value is escaped."""
    dashboard = reverse("monitoring:instrument_dashboard", args=["KEY"])
    label = escape(_("Activities"))
    rows = []
    for e in rollup["instruments"]:
        info = e["instrument"]
        url = escape(dashboard.replace("KEY", quote(info["key"])))
        cells = "".join(f"<td>{int(e['counts'][s])}</td>" for s in rollups.STATUS_ORDER)
        rows.append(
            f'<tr><th scope="row"><a href="{url}">{escape(info["short_title"] or info["title"])}'
            f'</a></th><td><a href="{url}?round={int(e["round"]["id"])}">'
            f"{escape(e['round']['title'])}</a></td>{cells}<td>{escape(pct(e['completion']))}"
            f'</td><td>{escape(basis(e))}</td><td><a href="?instrument='
            f'{escape(quote(info["key"]))}#commitments-h">{label}</a></td></tr>'
        )
    return mark_safe("\n".join(rows))


def _commitment_rows(activities: list[Any]) -> SafeString:
    """The rows of the party's activities table (a page of 50), written here once: two links
    and a status chip per row cost more through the template than the rest of the page. The
    links come from :func:`cached_reverse`, the percent is localised as the template would
    print it (a decimal comma in Indonesian); every value is escaped by ``format_html``."""
    lead, participant = _("Lead"), _("Participant")
    chips: dict[str | None, str] = {}

    def chip(code: str | None) -> str:
        if code not in chips:
            chips[code] = status_chip(code)
        return chips[code]

    def row(a: Any) -> tuple[Any, ...]:
        instrument, latest = a.priority_area.instrument, a.latest
        percent = latest.percent if latest is not None else None
        return (
            cached_reverse("workplans:instrument", instrument.key),
            instrument.short_title or instrument.title,
            cached_reverse("workplans:activity", a.pk),
            a.code,
            a.title,
            lead if a.is_lead else participant,
            chip(latest.status) if latest is not None else "—",
            f"{localize(percent)} %" if percent is not None else "—",
            (latest.round.title if latest is not None else "") or "—",
        )

    return format_html_join(
        "\n",
        '      <tr>\n        <td><a href="{}">{}</a></td>\n'
        '        <th scope="row"><a href="{}"><span class="muted">{}</span> {}</a></th>\n'
        "        <td>{}</td>\n        <td>{}</td>\n        <td>{}</td>\n        <td>{}</td>\n"
        "      </tr>",
        (row(a) for a in activities),
    )


def party_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    party = get_object_or_404(Party, code=code.upper())
    rollup = rollups.party_rollup(user=request.user, party=party)
    if not request.user.is_authenticated and not rollup["instruments"]:
        return _login(request)
    # A party in many instruments has thousands of activities: listed an instrument at a time.
    keys = {e["instrument"]["key"]: e["instrument"] for e in rollup["instruments"]}
    chosen = keys.get(request.GET.get("instrument", ""))
    by_instrument = len(keys) > COMMITMENT_INSTRUMENTS
    activities: list[Any] = []
    page = None
    if chosen is not None or not by_instrument:
        commitments = rollups.party_commitments(
            user=request.user, party=party, instrument_id=chosen["id"] if chosen else None
        )
        page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
        activities = rollups.with_latest_reports(
            user=request.user, party=party, activities=list(page.object_list)
        )
    marking = _marking(
        rollup["tlp"],
        *(a.priority_area.instrument.tlp for a in activities),
        *(a.latest.round.tlp for a in activities if a.latest is not None),
    )
    return render(
        request,
        "monitoring/dashboard_party.html",
        {
            **marking,
            "party": party,
            "rollup": rollup,
            "segments": charts.status_segments(),
            # A bar per instrument reads up to a few dozen; beyond, the table says it all.
            "instrument_chart": charts.instrument_status_chart(rollup, chart_id="chart-instruments")
            if 0 < len(rollup["instruments"]) <= CHART_INSTRUMENTS
            else None,
            "instrument_rows": _party_rows(rollup),
            "by_instrument": by_instrument,
            "chosen": chosen,
            "querystring_base": f"instrument={quote(chosen['key'])}&" if chosen else "",
            "page_obj": page,
            "commitments": activities,
            "commitment_rows": _commitment_rows(activities),
        },
    )


def _summary_rows(item: snapshots.Presented) -> list[dict[str, Any]]:
    """The instruments of a large snapshot as table cells, written here once: through template
    filters, the cells of 80 instruments cost more than the rest of the page."""
    return [
        {
            "key": row["instrument"]["key"],
            "id": row["instrument"]["id"],
            "title": row["instrument"]["title"],
            "cells": mark_safe(
                "".join(
                    f"<td>{escape(cell)}</td>"
                    for cell in (
                        str(row["totals"]["expected"]),
                        *(str(row["totals"]["counts"].get(s, 0)) for s in rollups.STATUS_ORDER),
                        pct(row["current"]),
                        basis(row["totals"]),
                        pct(row["totals"].get("on_time_rate")),
                        signed(row["delta"]) if item.previous is not None else "—",
                    )
                )
            ),
        }
        for row in item.changes
    ]


def meeting_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.visible_to(request.user).select_related("body").filter(pk=pk).first()
    if meeting is None:
        if not request.user.is_authenticated:
            return _login(request)
        raise Http404
    chosen = request.GET.get("instrument", "")
    # Many instruments: a summary table, and the areas and changes of the one asked for only.
    presented = snapshots.presented_at(
        user=request.user,
        meeting_id=meeting.pk,
        instrument=chosen or None,
        detailed_up_to=DETAILED_INSTRUMENTS,
    )
    if not request.user.is_authenticated and not presented:
        return _login(request)
    entries = []
    for item in presented:
        figures = item.data["instruments"]  # what the reader may see
        summary = len(figures) > DETAILED_INSTRUMENTS
        changes = item.comparison["status_changes"]
        compare_url = reverse("api:monitoring_compare_snapshots", args=[item.snapshot.pk])
        if item.previous is not None:
            compare_url += f"?with={item.previous.pk}"
            if len(item.detailed) == 1:
                compare_url += f"&instrument={item.detailed[0]['instrument']['key']}"
        entries.append(
            {
                "snapshot": item.snapshot,
                "previous": item.previous,
                "previous_meeting": item.previous_meeting,
                "data": item.data,
                "comparison": item.comparison,
                "summary": summary,
                "summary_rows": _summary_rows(item) if summary else [],
                "chosen": item.detailed[0] if summary and item.detailed else None,
                "compare_url": compare_url,
                "changes_shown": changes[:CHANGES_SHOWN],
                "drafts_by_party": [p for p in item.data["outstanding_parties"] if p["drafts"]],
                "outstanding_totals": {
                    kind: sum(p[kind] for p in item.data["outstanding_parties"])
                    for kind in ("drafts", "not_started", "returned")
                },
                "changes_hidden": max(len(changes) - CHANGES_SHOWN, 0),
                "area_deltas": item.comparison["areas"][:CHANGES_SHOWN],
                "party_deltas": item.comparison["parties"][:CHANGES_SHOWN],
                "deltas_hidden": max(
                    len(item.comparison["areas"]) - CHANGES_SHOWN,
                    len(item.comparison["parties"]) - CHANGES_SHOWN,
                    0,
                ),
                "instruments": [
                    {
                        "figures": f,
                        "chart": charts.area_status_chart(
                            f, chart_id=f"chart-s{item.snapshot.pk}-i{f['instrument']['id']}"
                        ),
                    }
                    for f in item.detailed
                ],
            }
        )
    return render(
        request,
        "monitoring/dashboard_meeting.html",
        {
            "meeting": meeting,
            "entries": entries,
            "segments": charts.status_segments(),
            **_marking(meeting.tlp, *(item.tlp for item in presented)),
        },
    )


class FreezeForm(forms.Form):
    """The button is the decision; ``acknowledge`` confirms freezing before the due date or
    with drafts outstanding (the service refuses it otherwise); ``next`` says where to go."""

    acknowledge = forms.BooleanField(
        required=False,
        label=_lazy("I understand: freeze now, recording what is not submitted as not reported."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _after_freeze(
    request: HttpRequest, round_: ReportingRound, wanted: str, meeting: Meeting | None
) -> str:
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    if meeting is not None:
        return reverse("monitoring:meeting_snapshot", args=[meeting.pk])
    return round_.get_absolute_url()


@registry_editor
def round_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = ReportingRound.objects.visible_to(request.user).filter(pk=pk).first()
    if round_ is None:
        raise Http404
    # The meeting the round feeds is named only if the user may see it (core.references).
    meeting = references.visible_objects(request.user, Meeting, [round_.meeting_id]).get(
        round_.meeting_id
    )
    posted = request.POST if request.method == "POST" else None  # an empty POST is a decision
    form = FreezeForm(posted, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        snapshot = run_service(
            form,
            lambda: snapshots.freeze_round(
                actor=request.user,
                round=round_,
                acknowledge_early=form.cleaned_data["acknowledge"],
            ),
        )
        if snapshot is not None:
            messages.success(request, _("Round frozen: its figures will not change any more."))
            return redirect(_after_freeze(request, round_, form.cleaned_data["next"], meeting))
    # Counts per party (that drafts exist, never what they say) over the visible instruments.
    pending = snapshots.outstanding(user=request.user, round_=round_)
    markings = Instrument.objects.visible_to(request.user).filter(reporting_rounds=round_)
    context: dict[str, Any] = {
        "round": round_,
        "meeting": meeting,
        "form": form,
        "outstanding": pending,
        **_marking(
            round_.tlp,
            meeting.tlp if meeting is not None else None,
            *markings.values_list("tlp", flat=True),
        ),
    }
    return render(request, "monitoring/dashboard_freeze.html", context)
