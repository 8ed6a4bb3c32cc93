"""The implementation status report of an instrument, built for one reader from a frozen snapshot.

The figures are those the Secretariat presented: a snapshot is frozen once and never changes
(:mod:`mufakat.monitoring.snapshots`). The reader sees them through the gate — the snapshot of a
round they may see, only the instruments they may see in it (``for_reader``), the meetings it
refers to only if they may see them. The narratives come from the live progress reports of that
round the reader may see, submitted or accepted ones only (never a draft), and the report says
so. What changed since the previous snapshot is compared on the reader's view of both.

The helpers that turn one instrument's frozen rollup into tables, charts and a comparison are
shared with the meeting brief (:mod:`mufakat.papers.brief`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from mufakat.core.title_translations import translated_short_title, translated_title
from mufakat.core.urlcache import cached_reverse
from mufakat.monitoring import charts, snapshots
from mufakat.monitoring.models import (
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    Snapshot,
)
from mufakat.monitoring.rollups import STATUS_ORDER
from mufakat.papers.content import Block, Chart, Note, Paper, Para, Section, Table
from mufakat.workplans.models import Instrument

# -- small shared helpers ----------------------------------------------------------------------


def day(value: dt.date | dt.datetime | str | None) -> str:
    """A date as people write it ("2 June 2025"); ISO strings (as stored in snapshots) too."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = parse_datetime(value) or parse_date(value[:10])
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _written(value, get_language())


@lru_cache(maxsize=4096)
def _written(value: dt.date, language: str | None) -> str:
    """``date_format(value, "DATE_FORMAT")`` in ``language`` (the active one), once per process: a
    paper writes the same few dates many times, and formatting one translates its month."""
    return date_format(value, "DATE_FORMAT")


def url_or(name: str, args: list[Any], fallback: str) -> str:
    """The address of a page another part of the app may or may not have mounted yet (reversed
    once per process, :func:`cached_reverse`)."""
    try:
        return cached_reverse(name, *args)
    except NoReverseMatch:
        return fallback


def status_label(status: str | None) -> str:
    if status is None:
        return _("not in the previous snapshot")
    if status == snapshots.NOT_SUBMITTED:
        return _("Draft not submitted")
    try:
        return str(ProgressStatus(status).label)
    except ValueError:
        return status


def percent(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g} %"


def delta(value: float | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    return f"{value:+g}"


def snapshot_source(snapshot: Snapshot, data: dict[str, Any]) -> str:
    """ "Snapshot of the Round for the 25th SOMTC, frozen 2 June 2025" — where figures come
    from. The round is visible (the snapshot was found through its gate); its meeting is named
    only if the reader may see it (``data`` comes from ``for_reader``)."""
    round_title = (data.get("round") or {}).get("title") or snapshot.round.title
    text = _("Snapshot of %(round)s, frozen %(date)s") % {
        "round": round_title,
        "date": day(snapshot.frozen_at),
    }
    meeting = data.get("meeting")
    if meeting:
        text += " " + _("(presented at the %(meeting)s)") % {"meeting": meeting["title"]}
    return text


def counts_sentence(figures: dict[str, Any]) -> str:
    """ "Of 121 expected activity reports, 14 completed, 51 on track … (reporting rate …)." """
    counts = figures["counts"]
    parts = [
        f"{counts.get(status, 0)} {str(ProgressStatus(status).label).lower()}"
        for status in STATUS_ORDER
        if counts.get(status)
    ]
    expected = figures["expected"]
    text = ngettext(
        "Of %(n)d expected activity report: %(parts)s.",
        "Of %(n)d expected activity reports: %(parts)s.",
        expected,
    ) % {"n": expected, "parts": ", ".join(parts) or _("none reported")}
    extra = []
    if figures.get("reporting_rate") is not None:
        extra.append(_("reporting rate %(rate)s") % {"rate": percent(figures["reporting_rate"])})
    if figures.get("completion") is not None:
        extra.append(
            ngettext(
                "mean completion %(completion)s over %(n)d report",
                "mean completion %(completion)s over %(n)d reports",
                figures["with_percent"],
            )
            % {"completion": percent(figures["completion"]), "n": figures["with_percent"]}
        )
    if extra:
        text += " " + _("In all: %s.") % "; ".join(extra)
    return text


STATUS_COLUMNS = (
    ProgressStatus.COMPLETED,
    ProgressStatus.ON_TRACK,
    ProgressStatus.DELAYED,
    ProgressStatus.NOT_STARTED,
    ProgressStatus.NOT_REPORTED,
)


def _status_headers() -> list[str]:
    return [str(ProgressStatus(s).label) for s in STATUS_COLUMNS]


def area_table(entry: dict[str, Any], comparison: dict[str, Any] | None) -> Table:
    """Per priority area: expected reports by status, mean completion and its change."""
    changes = {
        a["id"]: a["delta"]
        for a in (comparison or {}).get("areas", [])
        if a["instrument"] == entry["instrument"]["key"]
    }
    headers = [
        _("Priority area"),
        _("Expected"),
        *_status_headers(),
        _("Mean completion"),
    ]
    if comparison and comparison.get("previous"):
        headers.append(_("Change (points)"))
    rows = []
    for area in entry["areas"]:
        row = [
            f"{area['position']}. {area['title']}",
            str(area["expected"]),
            *[str(area["counts"].get(s, 0)) for s in STATUS_COLUMNS],
            percent(area["completion"]),
        ]
        if comparison and comparison.get("previous"):
            row.append(delta(changes.get(area["id"])))
        rows.append(row)
    totals = entry["totals"]
    total_row = [
        _("All priority areas"),
        str(totals["expected"]),
        *[str(totals["counts"].get(s, 0)) for s in STATUS_COLUMNS],
        percent(totals["completion"]),
    ]
    if comparison and comparison.get("previous"):
        total_row.append("")
    rows.append(total_row)
    return Table(
        headers=headers,
        rows=rows,
        caption=_("Expected activity reports by status, per priority area"),
    )


def party_table(entry: dict[str, Any], comparison: dict[str, Any] | None) -> Table:
    """Per reporting party: its expected reports by status, completion and its change."""
    changes = {
        p["code"]: p["delta"]
        for p in (comparison or {}).get("parties", [])
        if p["instrument"] == entry["instrument"]["key"]
    }
    compared = bool(comparison and comparison.get("previous"))
    headers = [_("Party"), _("Expected"), *_status_headers(), _("Mean completion")]
    if compared:
        headers.append(_("Change (points)"))
    rows = []
    for party in entry["parties"]:
        row = [
            f"{party['name']} ({party['code']})",
            str(party["expected"]),
            *[str(party["counts"].get(s, 0)) for s in STATUS_COLUMNS],
            percent(party["completion"]),
        ]
        if compared:
            row.append(delta(changes.get(party["code"])))
        rows.append(row)
    return Table(headers=headers, rows=rows, caption=_("Expected activity reports, per party"))


def figure_blocks(
    entry: dict[str, Any], comparison: dict[str, Any] | None, *, chart_prefix: str
) -> list[Block]:
    """One instrument's frozen figures: a sentence, the per-area table and the two charts."""
    blocks: list[Block] = [Para(counts_sentence(entry["totals"]))]
    if not entry["totals"]["expected"]:
        blocks.append(Note(_("The round expected no activity reports for this instrument.")))
        return blocks
    blocks.append(area_table(entry, comparison))
    blocks.append(
        Chart(
            title=_("Activities by status per priority area"),
            svg=str(charts.area_status_chart(entry, chart_id=f"{chart_prefix}-areas")),
        )
    )
    if entry["parties"]:
        blocks.append(
            Chart(
                title=_("Completion per party"),
                svg=str(charts.party_completion_chart(entry, chart_id=f"{chart_prefix}-parties")),
            )
        )
    return blocks


def change_blocks(
    comparison: dict[str, Any], *, instrument_key: str, detailed: bool = False
) -> list[Block]:
    """What changed since the previous snapshot: the status transitions (counted), and with
    ``detailed`` each activity × party that changed."""
    previous = comparison.get("previous")
    if not previous:
        return [
            Note(
                _(
                    "This is the first snapshot of this instrument that you may see: there is "
                    "no earlier one to compare it with."
                )
            )
        ]
    changes = [c for c in comparison["status_changes"] if c["instrument"] == instrument_key]
    before = (previous.get("round") or {}).get("title") or _("the previous round")
    if not changes:
        return [
            Para(
                _("No activity changed status since the snapshot of %(round)s.") % {"round": before}
            )
        ]
    counted: dict[tuple[str | None, str], int] = defaultdict(int)
    for change in changes:
        counted[(change["from"], change["to"])] += 1
    ordered = sorted(counted.items(), key=lambda item: (-item[1], str(item[0])))
    blocks: list[Block] = [
        Para(
            ngettext(
                "%(n)d activity report changed status since the snapshot of %(round)s.",
                "%(n)d activity reports changed status since the snapshot of %(round)s.",
                len(changes),
            )
            % {"n": len(changes), "round": before}
        ),
        Table(
            headers=[_("Before"), _("Now"), _("Reports")],
            rows=[[status_label(old), status_label(new), str(n)] for (old, new), n in ordered],
            caption=_("Status changes since the previous snapshot"),
        ),
    ]
    # First reports ("not reported" before) are counted above; the detail lists the changes
    # a reader looks for: a status that moved, or a report that went missing.
    silent = {None, ProgressStatus.NOT_REPORTED}
    moved = [c for c in changes if c["from"] not in silent]
    if detailed and moved:
        blocks.append(
            Table(
                headers=[
                    _("Activity"),
                    _("Party"),
                    _("Before"),
                    _("Now"),
                    _("% before"),
                    _("% now"),
                ],
                rows=[
                    [
                        f"{c['activity_code']} {c['activity_title']}".strip(),
                        c["party"],
                        status_label(c["from"]),
                        status_label(c["to"]),
                        percent(c["percent_from"]),
                        percent(c["percent_to"]),
                    ]
                    for c in sorted(moved, key=lambda c: (c["activity_code"], c["party"]))
                ],
                caption=_(
                    "Each activity report whose status changed (first reports are counted above)"
                ),
            )
        )
    return blocks


def compare_source(comparison: dict[str, Any], previous: Snapshot | None) -> str:
    info = comparison.get("previous")
    if not info or previous is None:
        return ""
    text = _("Compared with the snapshot of %(round)s, frozen %(date)s") % {
        "round": (info.get("round") or {}).get("title") or previous.round.title,
        "date": day(previous.frozen_at),
    }
    if info.get("meeting"):
        text += " " + _("(presented at the %(meeting)s)") % {"meeting": info["meeting"]["title"]}
    return text


# -- which snapshots -----------------------------------------------------------------------------


def _covering(instrument: Instrument, user: Any) -> QuerySet[Snapshot]:
    """Visible snapshots of rounds covering ``instrument``, if the reader may see it (a
    subquery, so a hidden instrument gives nothing and costs no extra query)."""
    instruments = Instrument.objects.visible_to(user).filter(pk=instrument.pk).values("pk")
    rounds = ReportingRound.instruments.through.objects.filter(
        instrument_id__in=instruments
    ).values("reportinground_id")
    return Snapshot.objects.visible_to(user).filter(round_id__in=rounds)


def status_report_snapshots(instrument: Instrument, *, user: Any) -> list[Snapshot]:
    """Frozen snapshots covering the instrument that ``user`` may see, newest first (for a
    picker). Their data is loaded only when read; the meeting a snapshot was presented at is a
    restricted reference: name it through :mod:`mufakat.core.references`, not ``.meeting``."""
    return list(
        _covering(instrument, user)
        .select_related("round")
        .defer("data")
        .order_by("-round__due_date", "-frozen_at", "-pk")
    )


def resolve_snapshot(
    instrument: Instrument, *, user: Any, snapshot_id: int | None
) -> Snapshot | None:
    """The snapshot asked for (``None``: the latest), if the reader may see it and it covers
    the instrument; else ``None`` — callers answer 404 when an id was given."""
    found = status_report_snapshots(instrument, user=user)
    if snapshot_id is None:
        return found[0] if found else None
    return next((s for s in found if s.pk == snapshot_id), None)


# -- the report ----------------------------------------------------------------------------------


def _paper(instrument: Instrument, snapshot: Snapshot | None) -> Paper:
    url = url_or(
        "papers:status_report", [instrument.pk], f"/instruments/{instrument.pk}/status-report/"
    )
    if snapshot is not None:
        url += f"?snapshot={snapshot.pk}"
    paper = Paper(
        kind="status_report",
        title=_("Implementation status report: %(instrument)s")
        % {"instrument": translated_short_title(instrument)},
        url=url,
        produced_at=timezone.now(),
    )
    paper.include(instrument.tlp)
    paper.meta.append((_("Instrument"), translated_title(instrument)))
    if instrument.period:
        paper.meta.append((_("Period"), instrument.period))
    return paper


def _open_rounds_note(rounds: list[ReportingRound]) -> Note:
    if not rounds:
        return Note(
            _(
                "This instrument has no reporting rounds: its implementation is not monitored "
                "through progress reports yet."
            )
        )
    latest = rounds[-1]
    return Note(
        _(
            "No reporting round for this instrument has been frozen yet. The latest, "
            "%(round)s, is %(status)s (reports due %(due)s)."
        )
        % {
            "round": latest.title,
            "status": str(latest.get_status_display()).lower(),
            "due": day(latest.due_date),
        }
    )


def build_status_report(
    instrument: Instrument, *, user: Any, snapshot: Snapshot | None = None
) -> Paper:
    """The status report of ``instrument`` (already visible to ``user``) from ``snapshot``
    (one of :func:`status_report_snapshots`; ``None``: the latest the reader may see)."""
    paper = _paper(instrument, snapshot)
    candidates = status_report_snapshots(instrument, user=user)
    if snapshot is None:
        snapshot = candidates[0] if candidates else None
    else:
        # Only one the reader may see for this instrument (else nothing is shown), read as
        # the picker found it.
        snapshot = next((s for s in candidates if s.pk == snapshot.pk), None)
    if snapshot is None:
        rounds = list(
            ReportingRound.objects.visible_to(user)
            .filter(instruments=instrument)
            .order_by("due_date", "pk")
        )
        for round_ in rounds:
            paper.include(round_.tlp)
        paper.sections.append(
            Section(
                heading=_("Implementation status"),
                blocks=[_open_rounds_note(rounds)],
                key="status",
            )
        )
        return paper
    if not paper.url.endswith(f"?snapshot={snapshot.pk}"):
        paper.url += f"?snapshot={snapshot.pk}"

    previous = snapshots.previous_snapshot(user=user, snapshot=snapshot)
    data, before = _reader_views(user, snapshot, previous)
    comparison = snapshots.compare_snapshots(data, before)
    paper.include(data["tlp"], before["tlp"] if before else None)
    entry = next((e for e in data["instruments"] if e["instrument"]["id"] == instrument.pk), None)
    source = snapshot_source(snapshot, data)
    paper.subtitle = source
    _meta(paper, snapshot, data)
    if entry is None:
        paper.sections.append(
            Section(
                heading=_("Implementation status"),
                source=source,
                blocks=[
                    Note(
                        _(
                            "This snapshot holds no figures for this instrument: it was added "
                            "to the round after the round was frozen."
                        )
                    )
                ],
                key="status",
            )
        )
        return paper

    summary = figure_blocks(entry, comparison, chart_prefix=f"sr{snapshot.pk}-i{instrument.pk}")
    summary += _freeze_notes(data, instrument.pk)
    paper.sections.append(
        Section(
            heading=_("Summary"),
            source=source,
            blocks=summary,
            key="summary",
        )
    )
    paper.sections.append(
        Section(
            heading=_("Changes since the previous snapshot"),
            source=compare_source(comparison, previous),
            blocks=change_blocks(
                comparison, instrument_key=entry["instrument"]["key"], detailed=True
            ),
            key="changes",
        )
    )
    paper.sections.append(
        Section(
            heading=_("Implementation by party"),
            source=source,
            blocks=[party_table(entry, comparison)]
            if entry["parties"]
            else [Note(_("No party was expected to report on this instrument in this round."))],
            key="parties",
        )
    )
    paper.sections.append(_activities_section(user, snapshot, data, entry, source))
    return paper


def _reader_views(
    user: Any, snapshot: Snapshot, previous: Snapshot | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Both snapshots as the reader may see them, naming their meetings in one query."""
    meetings = snapshots._meeting_refs(user, [s for s in (snapshot, previous) if s is not None])
    data = snapshots.for_reader(user=user, snapshot=snapshot, meetings=meetings)
    before = (
        snapshots.for_reader(user=user, snapshot=previous, meetings=meetings)
        if previous is not None
        else None
    )
    return data, before


def _meta(paper: Paper, snapshot: Snapshot, data: dict[str, Any]) -> None:
    round_data = data.get("round") or {}
    paper.meta.append((_("Reporting round"), round_data.get("title") or snapshot.round.title))
    if round_data.get("due_date"):
        paper.meta.append((_("Reports due"), day(round_data["due_date"])))
    paper.meta.append((_("Frozen"), day(snapshot.frozen_at)))
    if data.get("meeting"):
        paper.meta.append((_("Presented at"), data["meeting"]["title"]))


def _freeze_notes(data: dict[str, Any], instrument_id: int) -> list[Block]:
    """What was still outstanding when the round was frozen, in counts (never content)."""
    blocks: list[Block] = []
    pending = data.get("outstanding", {}).get(str(instrument_id), {})
    drafts = sum(counts[0] for counts in pending.values())
    not_started = sum(counts[1] for counts in pending.values())
    returned = sum(counts[2] for counts in pending.values())
    if drafts or returned:
        blocks.append(
            Note(
                _(
                    "When the round was frozen, %(drafts)d reports were drafts not submitted "
                    "and %(returned)d had been returned for correction; they count as not "
                    "reported."
                )
                % {"drafts": drafts, "returned": returned}
            )
        )
    if data.get("early") and not_started:
        blocks.append(
            Note(
                _("The round was frozen before its due date; %(n)d reports were not started.")
                % {"n": not_started}
            )
        )
    return blocks


def _activities_section(
    user: Any,
    snapshot: Snapshot,
    data: dict[str, Any],
    entry: dict[str, Any],
    source: str,
) -> Section:
    """Per priority area and activity, each party's frozen status and percent, with the
    narrative of its report (live, submitted or accepted; one query for all of them)."""
    instrument_id = entry["instrument"]["id"]
    section = Section(
        heading=_("Implementation by priority area and activity"),
        source=source
        + "; "
        + _("narratives as submitted or accepted in the round (later corrections included)"),
        key="activities",
    )
    activities = {int(pk): row for pk, row in data["activities"].items() if row[3] == instrument_id}
    cells: dict[int, list[list[Any]]] = defaultdict(list)
    for activity_id, party, status, pct in data["reports"].get(str(instrument_id), []):
        cells[activity_id].append([party, status, pct])
    narratives = _narratives(user, snapshot, instrument_id)
    report_url = url_pattern("monitoring:report", "/monitoring/reports/{pk}/")
    names = {p["code"]: p["name"] for p in entry["parties"]}
    by_area: dict[int, list[int]] = defaultdict(list)
    for pk, row in sorted(activities.items(), key=lambda item: (item[1][0], item[0])):
        by_area[row[2]].append(pk)
    for area in entry["areas"]:
        area_section = Section(
            heading=f"{area['position']}. {area['title']}", key=f"area-{area['id']}"
        )
        area_section.blocks.append(Para(counts_sentence(area)))
        for activity_id in by_area.get(area["id"], []):
            code, title = activities[activity_id][:2]
            rows = sorted(cells.get(activity_id, []), key=lambda c: names.get(c[0], c[0]))
            activity_section = Section(
                heading=f"{code} {title}",
                key=f"activity-{activity_id}",
            )
            if not rows:
                activity_section.blocks.append(
                    Note(_("No party was expected to report on this activity in this round."))
                )
            else:
                activity_section.blocks.append(
                    _activity_table(rows, names, narratives.get(activity_id, {}), report_url)
                )
            area_section.subsections.append(activity_section)
        if not by_area.get(area["id"]):
            area_section.blocks.append(Note(_("This priority area has no activities.")))
        section.subsections.append(area_section)
    if not entry["areas"]:
        section.blocks.append(Note(_("This instrument has no priority areas.")))
    return section


def _label(status: str) -> str:
    """:func:`status_label`, looked up once per status and language (reports are many)."""
    from django.utils.translation import get_language

    key = (get_language(), status)
    if key not in _LABELS:
        _LABELS[key] = status_label(status)
    return _LABELS[key]


_LABELS: dict[tuple[str | None, str], str] = {}


def url_pattern(name: str, fallback: str) -> Callable[[int], str]:
    """Addresses of many records of one kind, reversed once (``fallback`` holds ``{pk}``)."""
    sentinel = 987654321
    base = url_or(name, [sentinel], fallback.format(pk=sentinel))
    head, _sep, tail = base.partition(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


def _activity_table(
    rows: list[list[Any]],
    names: dict[str, str],
    said: dict[str, tuple[str, str, int]],
    report_url: Callable[[int], str],
) -> Table:
    """Each party's frozen status and percent on one activity, with what its report says."""
    cells, links = [], []
    for party, status, pct in rows:
        narrative, state, report_id = said.get(party, ("", "", None))
        if narrative and state == ProgressReport.State.SUBMITTED:
            narrative = _("%(text)s (submitted, not yet reviewed)") % {"text": narrative}
        cells.append([names.get(party, party), _label(status), percent(pct), narrative])
        links.append(report_url(report_id) if report_id else None)
    return Table(
        headers=[_("Party"), _("Status"), _("Percent complete"), _("Narrative")],
        rows=cells,
        row_links=links,
    )


def _narratives(
    user: Any, snapshot: Snapshot, instrument_id: int
) -> dict[int, dict[str, tuple[str, str, int]]]:
    """``activity → party code → (narrative, state, report id)`` of the round's reports the
    reader may see, submitted or accepted only — never a draft, nor a report returned for
    correction."""
    rows = (
        ProgressReport.objects.visible_to(user)
        .filter(
            round_id=snapshot.round_id,
            instrument_id=instrument_id,
            state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED],
        )
        .exclude(narrative="")
        .values_list("activity_id", "party__code", "narrative", "state", "pk")
    )
    found: dict[int, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    for activity_id, party, narrative, state, pk in rows:
        found[activity_id][party] = (" ".join(narrative.split()), state, pk)
    return found


__all__ = [
    "build_status_report",
    "resolve_snapshot",
    "status_report_snapshots",
]
