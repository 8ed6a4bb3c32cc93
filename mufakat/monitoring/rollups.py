"""Rollups of progress reports for the dashboards, the rollups API and frozen snapshots.

The gate (DESIGN.md §3): every status, percentage and on-time figure counts only reports of
``ProgressReport.objects.visible_to(user)`` in rounds and instruments the user may see, so a
user never sees a figure derived from a report they may not read (another party's draft counts
as "not reported" for them, exactly as if its party had not started).

What a round *expects* — one slot per activity × reporting party, created when the round
opens — is part of the round's definition, like its list of instruments and parties. The
rollups count those slots (keys only: round, activity, party; never a status or a percentage)
so that "not reported" and the on-time rate have an honest denominator.

What is read: the report tallies (:class:`~mufakat.monitoring.models.ReportTally`), which the
database keeps by triggers in the same transaction as every write of a report
(:mod:`mufakat.monitoring.tallies`) — counts, percentages summed and "submitted before the
round's cutoff" by instrument, round, priority area, party, status and state. Their gate is the
reports' own (the state is part of every key), so summing the tallies the gate passes gives
exactly the figures of the reports it passes, and summing every tally of a round gives its
slots. One aggregate does both: it groups by the gate (:func:`seen_by`, compiled once and
checked once per tally). A dashboard thus costs two ``GROUP BY`` over a few thousand tallies (the
chosen round by area, party and status; the other rounds by round and status) instead of over
the ~100,000 reports of the largest instrument at ten times today's data, where the reports'
aggregation cost 86 ms of SQL per page on PostgreSQL even from a covering index. A test
(``test_dashboards_tallies``) checks that every rollup equals the one aggregated from the
reports for every kind of reader.

Snapshots freeze what these functions return, so a frozen round holds the same figures.
:mod:`mufakat.monitoring.rollups_sql` writes the same aggregates as bare SQL, over the tallies
and over the reports, for ``benchmarks/rollup.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import router
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from mufakat.core import references
from mufakat.core.audience import Audience, most_restrictive_tlp
from mufakat.core.visibility import Gate, gate_key, precompiled
from mufakat.meetings.models import Meeting
from mufakat.monitoring.models import (
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    ReportTally,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity, Instrument, PriorityArea

#: The order of statuses on charts and tables: done first, nothing said last.
STATUS_ORDER: tuple[str, ...] = (
    ProgressStatus.COMPLETED,
    ProgressStatus.ON_TRACK,
    ProgressStatus.DELAYED,
    ProgressStatus.NOT_STARTED,
    ProgressStatus.CANCELLED,
    ProgressStatus.NOT_APPLICABLE,
    ProgressStatus.NOT_REPORTED,
)

Rollup = dict[str, Any]


# -- small helpers -----------------------------------------------------------------------------


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(STATUS_ORDER, 0)


def mean(total: int | None, count: int) -> float | None:
    """A mean percentage to one decimal, or None when nothing was reported with a percentage."""
    return round((total or 0) / count, 1) if count else None


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def due_cutoff(due_date: dt.date) -> dt.datetime:
    """Reports submitted before this instant were on time: the end of the due day, local time
    (the Secretariat's time zone, ``TIME_ZONE``)."""
    midnight = dt.datetime.combine(due_date + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


def _fill_counts(counts: dict[str, int], expected: int, visible: int) -> dict[str, int]:
    """Slots the reader cannot see a report for (not submitted yet) are "not reported"."""
    counts[ProgressStatus.NOT_REPORTED] += max(expected - visible, 0)
    return counts


def round_info(r: ReportingRound, *, meeting_visible: bool = True) -> dict[str, Any]:
    meeting = r.meeting if meeting_visible and r.meeting_id else None
    return {
        "id": r.pk,
        "title": r.title,
        "opens_on": r.opens_on.isoformat(),
        "due_date": r.due_date.isoformat(),
        "status": r.status,
        "audience": r.audience,
        "tlp": r.tlp,
        "meeting": {"id": meeting.pk, "title": meeting.title} if meeting else None,
    }


def instrument_info(instrument: Instrument) -> dict[str, Any]:
    return {
        "id": instrument.pk,
        "key": instrument.key,
        "title": instrument.title,
        "short_title": instrument.short_title,
    }


# -- reads through the gate --------------------------------------------------------------------


def visible_reports(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.visible_to(user)


def round_slots(rounds: Sequence[ReportingRound]) -> QuerySet[ProgressReport]:
    """The expected activity × party slots of rounds the caller has checked are visible."""
    return ProgressReport.objects.filter(round_id__in=[r.pk for r in rounds])


def instrument_rounds(*, user: Any, instrument: Instrument) -> list[ReportingRound]:
    """Visible rounds covering ``instrument``, oldest first; ``meeting_visible`` says whether the
    meeting a round feeds may be named to this reader."""
    rounds: list[ReportingRound] = precompiled(  # compiled once per reader
        "monitoring.instrument_rounds",
        ReportingRound,
        user,
        lambda value: (
            ReportingRound.objects.visible_to(user)
            .filter(instruments=value)
            .select_related("meeting")
            .order_by("due_date", "pk")
        ),
        instrument.pk,
    )
    _mark_visible_meetings(user, rounds)
    return rounds


def _mark_visible_meetings(user: Any, rounds: list[ReportingRound]) -> None:
    """A public meeting is visible to everyone (a meeting has no parent in the gate), so only
    restricted ones are asked about, through the one reference helper — one query at most, and
    none in the usual case."""
    restricted = {
        r.meeting_id
        for r in rounds
        if r.meeting is not None and r.meeting.audience != Audience.PUBLIC
    }
    visible = references.visible_ids(user, Meeting, restricted)
    for r in rounds:
        r.meeting_visible = r.meeting is not None and (  # type: ignore[attr-defined]
            r.meeting.audience == Audience.PUBLIC or r.meeting_id in visible
        )


def pick_round(rounds: list[ReportingRound], round_id: int | None) -> ReportingRound | None:
    """The chosen round (404 if it is not among the visible ones), else the latest."""
    if round_id is not None:
        for r in rounds:
            if r.pk == round_id:
                return r
        raise Http404
    return rounds[-1] if rounds else None


#: Instrument keys the gate has let a reader read, with their ids, by the reader's gate key: a
#: hint, checked at every use. A key is a string, and a read by key would compile the gate on
#: every request; by id it is compiled once per reader. The hint is only trusted when the row
#: read by id through the gate still has the key asked for; otherwise (renamed, deleted, hidden
#: since) the instrument is read by key through the gate as before. So a change of key or of
#: access shows at the next request; and as a hint is the reader's own (their gate key), a key
#: another reader opened costs a reader who may not see it exactly what an unknown key costs.
_KEY_IDS: dict[tuple[Any, ...], int] = {}
_KEY_IDS_SIZE = 4096


def _key_hint(user: Any, key: str) -> tuple[Any, ...]:
    return (*gate_key(Instrument, user, router.db_for_read(Instrument)), key)


def _instrument_by_id(user: Any, pk: int) -> Instrument | None:
    found = precompiled(  # compiled once per reader
        "monitoring.visible_instrument",
        Instrument,
        user,
        lambda value: Instrument.objects.visible_to(user).filter(pk=value).order_by(),
        pk,
    )
    return found[0] if found else None


def visible_instrument(*, user: Any, key: str | None = None, pk: int | None = None) -> Instrument:
    if key is not None:
        learnt = _key_hint(user, key)
        hint = _KEY_IDS.get(learnt)
        found = _instrument_by_id(user, hint) if hint is not None else None
        if found is not None and found.key == key:
            return found
        instrument = Instrument.objects.visible_to(user).filter(key=key).first()
        if instrument is None:
            raise Http404
        if len(_KEY_IDS) >= _KEY_IDS_SIZE:
            _KEY_IDS.clear()
        _KEY_IDS[learnt] = instrument.pk
        return instrument
    assert pk is not None
    found = _instrument_by_id(user, pk)
    if found is None:
        raise Http404
    return found


# -- per instrument ----------------------------------------------------------------------------


def _aggregates(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    """Fold ``(key, status) → n, percent sum/count, on time`` rows into one entry per key."""
    folded: dict[Any, dict[str, Any]] = defaultdict(
        lambda: {"counts": empty_counts(), "visible": 0, "pct_sum": 0, "pct_n": 0, "on_time": 0}
    )
    for row in rows:
        entry = folded[row[key]]
        entry["counts"][row["status"]] = entry["counts"].get(row["status"], 0) + row["n"]
        entry["visible"] += row["n"]
        entry["pct_sum"] += row["pct_sum"] or 0
        entry["pct_n"] += row["pct_n"]
        entry["on_time"] += row.get("on_time") or 0
    return folded


def _fold_round(
    rows: Iterable[dict[str, Any]],
) -> tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]], dict[str, Any] | None]:
    """:func:`_aggregates` of a round's rows by priority area, by party and in all, in one
    pass (a round's rows run to hundreds: three passes and a copy of each row were most of
    the rollup's own time)."""
    by_area: dict[Any, dict[str, Any]] = {}
    by_party: dict[Any, dict[str, Any]] = {}
    total: dict[str, Any] | None = None
    for row in rows:
        status, n = row["status"], row["n"]
        pct_sum, pct_n = row["pct_sum"] or 0, row["pct_n"]
        on_time = row.get("on_time") or 0
        area = by_area.get(row["priority_area_id"])
        if area is None:
            area = by_area[row["priority_area_id"]] = _empty_entry()
        party = by_party.get(row["party_id"])
        if party is None:
            party = by_party[row["party_id"]] = _empty_entry()
        if total is None:
            total = _empty_entry()
        for entry in (area, party, total):
            counts = entry["counts"]
            counts[status] = counts.get(status, 0) + n
            entry["visible"] += n
            entry["pct_sum"] += pct_sum
            entry["pct_n"] += pct_n
            entry["on_time"] += on_time
    return by_area, by_party, total


def _empty_entry() -> dict[str, Any]:
    return {"counts": empty_counts(), "visible": 0, "pct_sum": 0, "pct_n": 0, "on_time": 0}


def _figures(entry: dict[str, Any] | None, expected: int) -> dict[str, Any]:
    """Counts (with the unseen slots as "not reported"), how many are reported, completion
    (and on how many reports it rests) and on-time rate."""
    entry = entry or {
        "counts": empty_counts(),
        "visible": 0,
        "pct_sum": 0,
        "pct_n": 0,
        "on_time": 0,
    }
    counts = _fill_counts(dict(entry["counts"]), expected, entry["visible"])
    reported = entry["visible"] - entry["counts"].get(ProgressStatus.NOT_REPORTED, 0)
    return {
        "counts": counts,
        "expected": expected,
        # Reported and not reported add up to what the round expects; the mean completion
        # rests on ``with_percent`` of them ("75 % over 1 of 121 reports").
        "reported": reported,
        "not_reported": counts[ProgressStatus.NOT_REPORTED],
        "reporting_rate": rate(reported, expected),
        "completion": mean(entry["pct_sum"], entry["pct_n"]),
        "with_percent": entry["pct_n"],
        "on_time": entry["on_time"],
        "on_time_rate": rate(entry["on_time"], expected),
    }


def _sum_by(rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    totals: dict[Any, int] = defaultdict(int)
    for row in rows:
        totals[row[key]] += row["n"]
    return totals


def assemble(
    *,
    instrument: Instrument,
    rounds: list[ReportingRound],
    selected: ReportingRound | None,
    areas: list[dict[str, Any]],
    round_rows: Iterable[dict[str, Any]],
    slot_rows: Iterable[dict[str, Any]],
    trend_rows: Iterable[dict[str, Any]] | None,
    trend_slots: dict[int, int],
) -> Rollup:
    """Shape the aggregated rows (from the ORM or from bare SQL) into the rollup.

    ``round_rows``: the visible reports of the chosen round by (priority area, party, status);
    ``slot_rows``: its expected slots by (priority area, party) with the party's code and name;
    ``trend_rows``: the visible reports of every round by (round, status), or None to leave the
    trend out (a snapshot holds one round).
    """
    round_rows = list(round_rows)
    slot_rows = list(slot_rows)
    by_area, by_party, total = _fold_round(round_rows)
    area_slots = _sum_by(slot_rows, "priority_area_id")
    party_slots = _sum_by(slot_rows, "party_id")
    parties = {row["party_id"]: (row["party_code"], row["party_name"]) for row in slot_rows}
    area_figures = [
        {**area, **_figures(by_area.get(area["id"]), area_slots.get(area["id"], 0))}
        for area in areas
    ]
    party_figures = sorted(
        (
            {
                "code": parties[pid][0],
                "name": parties[pid][1],
                **_figures(by_party.get(pid), party_slots.get(pid, 0)),
            }
            for pid in party_slots
        ),
        key=lambda p: p["code"],
    )
    shown = rounds if trend_rows is not None else [selected] if selected else []
    rollup: Rollup = {
        "instrument": instrument_info(instrument),
        # The marking of these figures: the instrument's and that of every round shown.
        "tlp": most_restrictive_tlp(instrument.tlp, *(r.tlp for r in shown)),
        "round": round_info(selected, meeting_visible=getattr(selected, "meeting_visible", True))
        if selected
        else None,
        "rounds": [
            {"id": r.pk, "title": r.title, "due_date": r.due_date.isoformat()} for r in rounds
        ],
        "statuses": list(STATUS_ORDER),
        "totals": _figures(total, sum(area_slots.values())),
        "areas": area_figures,
        "parties": party_figures,
    }
    if trend_rows is not None:
        by_round = _aggregates(trend_rows, "round_id")
        rollup["trend"] = [
            {
                "round": round_info(r, meeting_visible=getattr(r, "meeting_visible", True)),
                **_figures(by_round.get(r.pk), trend_slots.get(r.pk, 0)),
            }
            for r in rounds
        ]
    return rollup


def chosen_round_trend(
    selected: ReportingRound, round_rows: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The trend's rows of the chosen round, folded from its (priority area, party, status)
    rows: the same reports through the same gate, with the same on-time cutoff."""
    folded: dict[str, dict[str, Any]] = {}
    for row in round_rows:
        entry = folded.setdefault(
            row["status"],
            {
                "round_id": selected.pk,
                "status": row["status"],
                "n": 0,
                "pct_sum": 0,
                "pct_n": 0,
                "on_time": 0,
            },
        )
        entry["n"] += row["n"]
        entry["pct_sum"] += row["pct_sum"] or 0
        entry["pct_n"] += row["pct_n"]
        entry["on_time"] += row.get("on_time") or 0
    return list(folded.values())


def instrument_areas(user: Any, instrument: Instrument) -> list[dict[str, Any]]:
    """The priority areas of an instrument the gate already let ``user`` see: a priority area
    has no audience of its own, only its instrument's (``visibility_parents``), so building the
    gate again would add cost, not protection (a test keeps that assumption checked)."""
    return precompiled(
        "monitoring.instrument_areas",
        PriorityArea,
        user,
        lambda value: (
            PriorityArea.objects.filter(instrument_id=value)
            .order_by("position", "pk")
            .values("id", "position", "title")
        ),
        instrument.pk,
    )


def instrument_tallies(instrument: Instrument, round_ids: Sequence[int]) -> QuerySet[ReportTally]:
    """The tallies of an instrument in rounds the caller found through the gate. Every row
    counts as expected slots (keys only, as :func:`round_slots`); figures are summed only over
    the rows the gate passes (:func:`seen_by`)."""
    return ReportTally.objects.filter(
        instrument_id=instrument.pk, round_id__in=list(round_ids)
    ).order_by()


def seen_by(user: Any) -> Gate:
    """Whether ``user`` may read the reports of a tally: the reports' own gate (round,
    instrument, drafts only for their party), compiled once. Rollups group by it, so each tally
    is checked once: every group counts as expected slots, only the ``seen`` ones give figures
    (another party's draft is a slot "not reported" and nothing more)."""
    return Gate(ReportTally, user)


#: The sums a rollup reads from tallies, in this order (each reads the column before an
#: annotation takes its name).
TALLY_SUMS: dict[str, Any] = {
    # Submitted before its round's cutoff, whatever its state since (a report returned for
    # correction keeps its submission time), as the reports' ``submitted_at < cutoff``.
    "on_time": Sum("n", filter=Q(in_time=True), default=0),
    "n": Sum("n"),
    "pct_sum": Sum("pct_sum"),
    "pct_n": Sum("pct_n"),
}


def _round_tallies(
    *, user: Any, instrument: Instrument, selected: ReportingRound
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The chosen round's visible figures by (priority area, party, status), and its expected
    slots by (priority area, party) with the party's code and name: one read of its tallies."""
    rows = precompiled(  # compiled once per reader
        "monitoring.round_tallies",
        ReportTally,
        user,
        lambda instrument_id, round_id: (
            instrument_tallies(Instrument(pk=instrument_id), [round_id])
            .values(
                "priority_area_id",
                "party_id",
                "status",
                party_code=F("party__code"),
                party_name=F("party__name"),
                seen=seen_by(user),
            )
            .annotate(**TALLY_SUMS)
        ),
        (instrument.pk, selected.pk),
    )
    return split_round_tallies(rows)


def _trend_tallies(
    *, user: Any, instrument: Instrument, round_ids: Sequence[int]
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The visible figures of other rounds by (round, status), and their expected slots."""
    rows = precompiled(  # compiled once per reader and number of rounds
        "monitoring.trend_tallies",
        ReportTally,
        user,
        lambda instrument_id, *ids: (
            instrument_tallies(Instrument(pk=instrument_id), ids)
            .values("round_id", "status", seen=seen_by(user))
            .annotate(**TALLY_SUMS)
        ),
        (instrument.pk, *round_ids),
    )
    return split_trend_tallies(rows)


def split_round_tallies(
    rows: Iterable[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A round's summed tallies by (priority area, party, status, seen), with the party's code
    and name, as :func:`assemble` takes them: the rows the reader may see, and the expected
    slots by (priority area, party) from all of them."""
    rows = list(rows)
    slots: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        key = (row["priority_area_id"], row["party_id"])
        slot = slots.setdefault(
            key,
            {
                "priority_area_id": key[0],
                "party_id": key[1],
                "party_code": row["party_code"],
                "party_name": row["party_name"],
                "n": 0,
            },
        )
        slot["n"] += row["n"]
    return [row for row in rows if row["seen"]], list(slots.values())


def split_trend_tallies(
    rows: Iterable[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Rounds' summed tallies by (round, status, seen): the rows the reader may see, and each
    round's expected slots from all of them."""
    rows = list(rows)
    slots: dict[int, int] = defaultdict(int)
    for row in rows:
        slots[row["round_id"]] += row["n"]
    return [row for row in rows if row["seen"]], dict(slots)


@dataclass(frozen=True)
class InstrumentDashboard:
    """The records a dashboard page shows labels and links for, and the figures."""

    instrument: Instrument
    rounds: list[ReportingRound]
    round: ReportingRound | None
    rollup: Rollup


def instrument_dashboard(
    *, user: Any, key: str | None = None, pk: int | None = None, round_id: int | None = None
) -> InstrumentDashboard:
    """A visible instrument (else 404) and its rollup for the chosen or latest visible round."""
    instrument = visible_instrument(user=user, key=key, pk=pk)
    rounds = instrument_rounds(user=user, instrument=instrument)
    selected = pick_round(rounds, round_id)
    rollup = _instrument_rollup(user=user, instrument=instrument, rounds=rounds, selected=selected)
    return InstrumentDashboard(instrument, rounds, selected, rollup)


def instrument_rollup(
    *, user: Any, instrument: Instrument, round_id: int | None = None, with_trend: bool = True
) -> Rollup:
    """Per priority area and per party for the chosen round (default: the latest visible one),
    and the trend across all visible rounds of the instrument. ``instrument`` must already be
    visible to ``user`` (see :func:`visible_instrument`)."""
    rounds = instrument_rounds(user=user, instrument=instrument)
    selected = pick_round(rounds, round_id)
    return _instrument_rollup(
        user=user, instrument=instrument, rounds=rounds, selected=selected, with_trend=with_trend
    )


def _instrument_rollup(
    *,
    user: Any,
    instrument: Instrument,
    rounds: list[ReportingRound],
    selected: ReportingRound | None,
    with_trend: bool = True,
) -> Rollup:
    areas = instrument_areas(user, instrument)
    trend: list[dict[str, Any]] | None = [] if with_trend else None
    if selected is None:
        return assemble(
            instrument=instrument,
            rounds=rounds,
            selected=None,
            areas=areas,
            round_rows=[],
            slot_rows=[],
            trend_rows=trend,
            trend_slots={},
        )
    round_rows, slot_rows = _round_tallies(user=user, instrument=instrument, selected=selected)
    trend_slots: dict[int, int] = {}
    if with_trend:
        # The chosen round's point of the trend is the sum of its figures above: only the other
        # rounds are read again.
        others = [r.pk for r in rounds if r.pk != selected.pk]
        trend = [*chosen_round_trend(selected, round_rows)]
        trend_slots = {selected.pk: sum(row["n"] for row in slot_rows)}
        if others:
            trend_rows, other_slots = _trend_tallies(
                user=user, instrument=instrument, round_ids=others
            )
            trend += trend_rows
            trend_slots.update(other_slots)
    return assemble(
        instrument=instrument,
        rounds=rounds,
        selected=selected,
        areas=areas,
        round_rows=round_rows,
        slot_rows=slot_rows,
        trend_rows=trend,
        trend_slots=trend_slots,
    )


# -- per party ---------------------------------------------------------------------------------


def party_rollup(*, user: Any, party: Party) -> Rollup:
    """A party's commitments across all instruments: per instrument, its reports in the latest
    visible round that covers the instrument and has the party report, by status, with the
    mean percent complete. Reads only those rounds, however long the party's history."""
    round_rows = (
        ReportingRound.objects.visible_to(user)
        .filter(reporting_parties=party)
        .values("pk", "title", "due_date", "tlp", "instruments")
        .order_by()
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in round_rows:  # one row per round × instrument: a few hundred at most
        best = latest.get(row["instruments"])
        if best is None or (row["due_date"], row["pk"]) > (best["due_date"], best["pk"]):
            latest[row["instruments"]] = row
    instruments = {
        i.pk: i
        for i in Instrument.objects.visible_to(user)
        .filter(pk__in=[pk for pk in latest if pk is not None])
        .only("pk", "key", "title", "short_title", "tlp")
    }
    chosen = {(pk, latest[pk]["pk"]) for pk in instruments}
    in_rounds = {
        "party": party,
        "instrument_id__in": list(instruments),
        "round_id__in": sorted({round_id for _i, round_id in chosen}),
    }
    # One pass over the party's tallies in those rounds: every expected slot counted (keys
    # only), the figures only over the reports the gate lets ``user`` read. (This rollup has
    # never counted reports on time: its ``on_time`` stays 0, as before the tallies.)
    figures = {k: v for k, v in TALLY_SUMS.items() if k != "on_time"}
    grouped = [
        row
        for row in ReportTally.objects.filter(
            party=party,
            instrument_id__in=in_rounds["instrument_id__in"],
            round_id__in=in_rounds["round_id__in"],
        )
        .values("instrument_id", "round_id", "status", seen=seen_by(user))
        .annotate(**figures)
        .order_by()
        if (row["instrument_id"], row["round_id"]) in chosen
    ]
    slots: dict[tuple[int, int], int] = defaultdict(int)
    for row in grouped:
        slots[(row["instrument_id"], row["round_id"])] += row["n"]
    rows = [row for row in grouped if row["seen"]]
    by_instrument = _aggregates(rows, "instrument_id")
    entries = []
    for (pk, round_id), expected in slots.items():
        row = latest[pk]
        entries.append(
            {
                "instrument": instrument_info(instruments[pk]),
                "round": {
                    "id": round_id,
                    "title": row["title"],
                    "due_date": row["due_date"].isoformat(),
                    "tlp": row["tlp"],
                },
                **_figures(by_instrument.get(pk), expected),
            }
        )
    entries.sort(key=lambda e: (e["instrument"]["title"], e["instrument"]["id"]))
    total = _aggregates(({**row, "all": 0} for row in rows), "all").get(0)
    return {
        "party": {"code": party.code, "name": party.name},
        "tlp": most_restrictive_tlp(
            *(instruments[e["instrument"]["id"]].tlp for e in entries),
            *(e["round"]["tlp"] for e in entries),
        ),
        "statuses": list(STATUS_ORDER),
        "totals": _figures(total, sum(e["expected"] for e in entries)),
        "instruments": entries,
    }


def party_commitments(
    *, user: Any, party: Party, instrument_id: int | None = None
) -> QuerySet[Activity]:
    """Visible activities the party leads or joins (``is_lead`` says which), in instrument
    order, of one instrument if given — paginate it, then :func:`with_latest_reports` for the
    page."""
    leads = Activity.lead_parties.through.objects.filter(party_id=party.pk)
    joins = Activity.participating_parties.through.objects.filter(party_id=party.pk)
    activities = Activity.objects.visible_to(user)
    if instrument_id is not None:
        # One instrument: its few activities, each checked against the party's two links
        # (an index probe each) rather than the party's thousands of links read whole.
        takes_part = Exists(leads.filter(activity_id=OuterRef("pk"))) | Exists(
            joins.filter(activity_id=OuterRef("pk"))
        )
        activities = activities.filter(takes_part, priority_area__instrument_id=instrument_id)
    else:
        activities = activities.filter(
            Q(pk__in=leads.values("activity_id")) | Q(pk__in=joins.values("activity_id"))
        )
    return (
        activities.annotate(is_lead=Exists(leads.filter(activity_id=OuterRef("pk"))))
        .select_related("priority_area__instrument")
        .order_by("priority_area__instrument__title", "priority_area__position", "code", "pk")
    )


def with_latest_reports(
    *, user: Any, party: Party, activities: Sequence[Activity]
) -> list[Activity]:
    """Attach to each activity the party's latest visible report (``latest``, or None): one
    query for the page, however long the party's history."""
    latest: dict[int, ProgressReport] = {}
    reports = (
        visible_reports(user)
        .filter(party=party, activity__in=[a.pk for a in activities])
        .select_related("round")
        .only("activity_id", "status", "percent", "round__title", "round__due_date", "round__tlp")
        .order_by("activity_id", "-round__due_date", "-round_id")
    )
    for report in reports:
        latest.setdefault(report.activity_id, report)
    for activity in activities:
        activity.latest = latest.get(activity.pk)  # type: ignore[attr-defined]
    return list(activities)
