"""Pages of instruments, their lineage, versions and activities, and the Secretariat's forms.

Views parse input, call one selector or service, and render. A record the reader may not see
is a 404 like a missing one; an edit by someone without the right is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mufakat.audit.reads import record_sensitive_read
from mufakat.core import exports
from mufakat.core.audience import most_restrictive_tlp
from mufakat.core.confirm import confirm_page
from mufakat.core.forms import run_service
from mufakat.core.urlcache import cached_reverse
from mufakat.core.web import form_page, registry_editor
from mufakat.workplans import lineage, selectors, services
from mufakat.workplans.exports import ACTIVITY_COLUMNS, INSTRUMENT_COLUMNS
from mufakat.workplans.forms import (
    ActivityForm,
    IndicatorForm,
    InstrumentFilterForm,
    InstrumentForm,
    LinkForm,
    PriorityAreaForm,
)
from mufakat.workplans.models import Instrument
from mufakat.workplans.permissions import require_workplan_editor

PAGE_SIZE = 50
#: Rows of activities on the instrument page: its cost and size stay bounded for any plan.
ACTIVITIES_PER_PAGE = 50


# -- reading -----------------------------------------------------------------------------------


def _instrument_filters(request: HttpRequest) -> tuple[InstrumentFilterForm, dict[str, Any]]:
    """The instrument list's filter form and what it asks of the selector: the list and its
    exports read the query string the same way."""
    form = InstrumentFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    return form, {
        "q": params.get("q", ""),
        "kind": params.get("kind", ""),
        "party": params.get("party", ""),
        "sort": params.get("sort") or "period",
    }


def instrument_list(request: HttpRequest) -> HttpResponse:
    filters, chosen = _instrument_filters(request)
    params = filters.cleaned_data if filters.is_valid() else {}
    sort = chosen["sort"]
    instruments = selectors.instrument_list(user=request.user, **chosen)
    page = Paginator(instruments, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in params.items() if v}
    return render(
        request,
        "workplans/instrument_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "instruments": list(page.object_list),
            "grouped": sort == "kind",
            "querystring_base": urlencode(kept) + "&" if kept else "",
        },
    )


@require_GET
def instrument_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every instrument the list shows with the same filters, all pages, as CSV or JSON."""
    _form, chosen = _instrument_filters(request)
    rows = exports.in_chunks(selectors.instrument_list(user=request.user, **chosen))
    return exports.export_response(rows, INSTRUMENT_COLUMNS, fmt=fmt, name="instruments")


@require_GET
def activity_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The activities of the instruments the list shows with the same filters, or of one
    instrument (``?instrument=<key>``), as CSV or JSON."""
    _form, chosen = _instrument_filters(request)
    rows = selectors.listed_activities(
        user=request.user, instrument_key=request.GET.get("instrument", "").strip(), **chosen
    )
    return exports.export_response(
        exports.in_chunks(rows), ACTIVITY_COLUMNS, fmt=fmt, name="activities"
    )


def instrument_detail(request: HttpRequest, key: str) -> HttpResponse:
    """The instrument, its lineage and its priority areas with their counts; the activities
    of one priority area at a time (or of all, with ``?area=all``), a page at a time. A plan
    small enough for one page shows them all at once, as a person reads a short plan."""
    instrument = selectors.instrument_page(user=request.user, key=key)
    record_sensitive_read(reader=request.user, obj=instrument)
    svg = None
    graph_relations: list[Any] = []
    shown: set[int] = set()
    # Without a visible link of its own the instrument is alone in its lineage (a path only
    # runs through visible links): no graph to draw, and no one else's links to read.
    if instrument.visible_links_out or instrument.visible_links_in:  # type: ignore[attr-defined]
        graph, graph_relations = selectors.lineage_graph(user=request.user, instrument=instrument)
        if len(graph.nodes) > 1:
            svg = lineage.render_svg(
                graph,
                title=_("Lineage of %s") % instrument,
                description=_(
                    "Instruments this one derives from and those derived from it, older ones "
                    "on top; the same relations are listed as text below the graph."
                ),
            )
            shown = {n.info.pk for n in graph.nodes}
    relations = selectors.relations(instrument)
    outcomes = selectors.outcomes_concerning(user=request.user, instrument=instrument)
    shown |= {r.other.pk for side in relations.values() for r in side}
    areas = selectors.area_summaries(user=request.user, instrument=instrument)
    activities = _activities_shown(request, areas)
    return render(
        request,
        "workplans/instrument_detail.html",
        {
            "instrument": instrument,
            "areas": areas,
            **activities,
            "relations": relations,
            "lineage_svg": svg,
            "lineage_relations": graph_relations,
            "outcomes": outcomes,
            # The strictest marking of what the page shows: the instrument, the outcomes
            # concerning it and the instruments it names (issue 10: no CLEAR badge over AMBER).
            "page_tlp": most_restrictive_tlp(
                instrument.tlp,
                *(o.tlp for o in outcomes),
                *(o.meeting.tlp for o in outcomes),
                *_instrument_labels(request.user, shown - {instrument.pk}),
            ),
        },
    )


class _CountedPaginator(Paginator):
    """A paginator told the number of rows (already counted through the same gate)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class _ActivitySlices:
    """What the paginator slices: the activities of one area or of all, each page read with
    its SQL compiled once per reader (``selectors.activity_slice``)."""

    def __init__(self, user: Any, instrument_id: int, area: Any) -> None:
        self.user, self.instrument_id, self.area = user, instrument_id, area

    def __getitem__(self, rows: slice) -> list[Any]:
        return selectors.activity_slice(
            user=self.user,
            instrument_id=self.instrument_id,
            area_id=self.area.pk if self.area is not None else None,
            start=rows.start,
            stop=rows.stop,
        )


def _activities_shown(request: HttpRequest, areas: list[Any]) -> dict[str, Any]:
    """Which activities the page lists: ``?area=<id>`` one priority area, ``?area=all`` every
    one; by default all of them when they fit on one page, else those of the first area that
    has any. Always at most ``ACTIVITIES_PER_PAGE`` rows, so the page has a bounded size."""
    total = sum(a.activity_count for a in areas)
    wanted = request.GET.get("area", "")
    selected = next((a for a in areas if str(a.pk) == wanted), None)
    if selected is None and wanted != "all" and total > ACTIVITIES_PER_PAGE:
        selected = next((a for a in areas if a.activity_count), None)
    chosen = [selected] if selected is not None else areas
    count = selected.activity_count if selected is not None else total
    paginator = _CountedPaginator(
        _ActivitySlices(request.user, areas[0].instrument_id, selected) if count else [],
        ACTIVITIES_PER_PAGE,
        count=count,
    )
    page = paginator.get_page(request.GET.get("page"))
    by_area: dict[int, list[Any]] = {}
    for activity in selectors.with_party_codes(list(page.object_list)):
        by_area.setdefault(activity.priority_area_id, []).append(activity)
    for area in areas:
        area.listed = area in chosen
        area.shown_activities = by_area.get(area.pk, [])
        area.activity_rows = _activity_rows(area.shown_activities)
    area_key = str(selected.pk) if selected is not None else "all"
    return {
        "selected_area": selected,
        "activities_total": total,
        "page_obj": page,
        "all_listed": selected is None,
        "paged": total > ACTIVITIES_PER_PAGE,
        "querystring_base": urlencode({"area": area_key}) + "&",
    }


#: An id no activity has, standing for each row's id in one reversed activity address.
_ANY_ACTIVITY = 2_147_483_647


def _activity_rows(activities: list[Any]) -> SafeString:
    """The table rows of a page of activities, written at once (the template wrote them cell
    by cell, a tenth of the page's time); every value is escaped by ``format_html_join``."""
    if not activities:
        return SafeString("")
    address = cached_reverse("workplans:activity", _ANY_ACTIVITY)
    mark = str(_ANY_ACTIVITY)
    return format_html_join(
        "\n",
        '<tr><td><a href="{0}">{1}</a></td><td><a href="{0}">{2}</a></td><td>{3}</td>'
        "<td>{4}</td><td>{5}</td></tr>",
        (
            (
                address.replace(mark, str(a.pk)),
                a.code,
                a.title,
                a.lead_codes or "—",
                a.participant_codes or "—",
                _years(a.start_year, a.end_year),
            )
            for a in activities
        ),
    )


def _years(start: int | None, end: int | None) -> str:
    if not start:
        return "—"
    return f"{start}–{end}" if end and end != start else str(start)


def _instrument_labels(user: Any, pks: set[int]) -> list[str]:
    if not pks:
        return []
    return list(
        Instrument.objects.visible_to(user).filter(pk__in=pks).values_list("tlp", flat=True)
    )


def instrument_versions(request: HttpRequest, key: str) -> HttpResponse:
    instrument = selectors.instrument_by_key(user=request.user, key=key)
    return render(
        request,
        "workplans/instrument_versions.html",
        {
            "instrument": instrument,
            "entries": selectors.version_history(user=request.user, instrument=instrument),
        },
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_page(user=request.user, pk=pk)
    record_sensitive_read(reader=request.user, obj=activity)
    return render(request, "workplans/activity_detail.html", {"activity": activity})


# -- instruments: create, edit, lineage --------------------------------------------------------


@registry_editor
def instrument_create(request: HttpRequest) -> HttpResponse:
    require_workplan_editor(request.user)
    form = InstrumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        instrument = run_service(
            form,
            lambda: services.create_instrument(actor=request.user, data=form.service_data()),  # type: ignore[arg-type]
        )
        if instrument is not None:
            messages.success(request, _("Instrument created."))
            return redirect(instrument)
    return form_page(request, form, title=_("New instrument"), cancel_url=reverse("workplans:list"))


@registry_editor
def instrument_edit(request: HttpRequest, key: str) -> HttpResponse:
    instrument = selectors.instrument_by_key(user=request.user, key=key)
    require_workplan_editor(request.user)
    form = InstrumentForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial=InstrumentForm.initial_for(instrument),
    )
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.update_instrument(
                actor=request.user,
                instrument=instrument,
                changes=form.service_data(),  # type: ignore[arg-type]
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if updated is not None:
            messages.success(request, _("Instrument saved."))
            return redirect(updated)
    return form_page(
        request,
        form,
        title=_("Edit %s") % instrument,
        cancel_url=instrument.get_absolute_url(),
    )


@registry_editor
def instrument_links(request: HttpRequest, key: str) -> HttpResponse:
    instrument = selectors.instrument_by_key(user=request.user, key=key)
    require_workplan_editor(request.user)
    form = LinkForm(request.POST or None, user=request.user, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        link = run_service(
            form,
            lambda: services.add_link(
                actor=request.user,
                source=instrument,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            ),
        )
        if link is not None:
            messages.success(request, _("Link added."))
            return redirect("workplans:links", key=instrument.key)
    return render(
        request,
        "workplans/instrument_links.html",
        {
            "instrument": instrument,
            "links": selectors.outgoing_links(user=request.user, instrument=instrument),
            "form": form,
        },
    )


@registry_editor
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks; only the POST of that page removes the link."""
    link = selectors.link_by_id(user=request.user, pk=pk)
    if request.method != "POST":
        return confirm_page(
            request,
            question=_("Remove the link “%(kind)s %(target)s”?")
            % {"kind": link.get_kind_display(), "target": link.target.title},
            consequences=[
                _("Both instruments stay; only the link goes. This is recorded in the audit log.")
            ],
            confirm_label=_("Remove the link"),
            cancel_url=reverse("workplans:links", args=[link.source.key]),
        )
    services.remove_link(actor=request.user, link=link)
    messages.success(request, _("Link removed."))
    return redirect("workplans:links", key=link.source.key)


# -- priority areas, activities, indicators ----------------------------------------------------


@registry_editor
def priority_area_create(request: HttpRequest, key: str) -> HttpResponse:
    instrument = selectors.instrument_by_key(user=request.user, key=key)
    require_workplan_editor(request.user)
    form = PriorityAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area = run_service(
            form,
            lambda: services.create_priority_area(
                actor=request.user, instrument=instrument, data=form.service_data()
            ),
        )
        if area is not None:
            messages.success(request, _("Priority area added."))
            return redirect(instrument.get_absolute_url() + f"#area-{area.pk}")
    return form_page(
        request,
        form,
        title=_("New priority area of %s") % instrument,
        cancel_url=instrument.get_absolute_url(),
    )


@registry_editor
def priority_area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.priority_area_by_id(user=request.user, pk=pk)
    require_workplan_editor(request.user)
    initial = {
        "title": area.title,
        "position": area.position,
        "description": area.description,
        "crime_areas": list(area.crime_areas.values_list("pk", flat=True)),
        "source": area.source,
        "lock_version": area.lock_version,
    }
    form = PriorityAreaForm(request.POST or None, initial=initial)
    back = area.instrument.get_absolute_url() + f"#area-{area.pk}"
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.update_priority_area(
                actor=request.user,
                priority_area=area,
                changes=form.service_data(),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if updated is not None:
            messages.success(request, _("Priority area saved."))
            return redirect(back)
    return form_page(request, form, title=_("Edit priority area"), cancel_url=back)


@registry_editor
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.priority_area_by_id(user=request.user, pk=pk)
    require_workplan_editor(request.user)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = run_service(
            form,
            lambda: services.create_activity(
                actor=request.user, priority_area=area, data=form.service_data()
            ),
        )
        if activity is not None:
            messages.success(request, _("Activity added."))
            return redirect(activity)
    return form_page(
        request,
        form,
        title=_("New activity under “%s”") % area.title,
        cancel_url=area.instrument.get_absolute_url() + f"#area-{area.pk}",
    )


@registry_editor
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_by_id(user=request.user, pk=pk)
    require_workplan_editor(request.user)
    initial = {
        "code": activity.code,
        "title": activity.title,
        "description": activity.description,
        "lead_parties": [p.pk for p in activity.lead_parties.all()],
        "participating_parties": [p.pk for p in activity.participating_parties.all()],
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "outputs": activity.outputs,
        "source": activity.source,
        "lock_version": activity.lock_version,
    }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.update_activity(
                actor=request.user,
                activity=activity,
                changes=form.service_data(),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if updated is not None:
            messages.success(request, _("Activity saved."))
            return redirect(updated)
    return form_page(
        request,
        form,
        title=_("Edit activity %s") % activity.code,
        cancel_url=activity.get_absolute_url(),
    )


@registry_editor
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_by_id(user=request.user, pk=pk)
    require_workplan_editor(request.user)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = run_service(
            form,
            lambda: services.create_indicator(
                actor=request.user, activity=activity, data=form.service_data()
            ),
        )
        if indicator is not None:
            messages.success(request, _("Indicator added."))
            return redirect(activity)
    return form_page(
        request,
        form,
        title=_("New indicator for %s") % activity.code,
        cancel_url=activity.get_absolute_url(),
    )


@registry_editor
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_by_id(user=request.user, pk=pk)
    require_workplan_editor(request.user)
    initial = {
        name: getattr(indicator, name)
        for name in ("name", "kind", "unit", "baseline", "target", "source", "lock_version")
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.update_indicator(
                actor=request.user,
                indicator=indicator,
                changes=form.service_data(),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if updated is not None:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator.activity)
    return form_page(
        request,
        form,
        title=_("Edit indicator"),
        cancel_url=indicator.activity.get_absolute_url(),
    )
