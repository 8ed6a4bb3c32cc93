"""Freezing a round into the snapshot presented at its meeting, and comparing snapshots.

A snapshot holds the figures as the Secretariat saw them when it froze the round (another
party's draft is "not reported" to the Secretariat, so it is "not reported" in the snapshot),
stored as JSON and never changed again (:meth:`Snapshot.save` refuses updates): a report
corrected later changes the live dashboard, not what was presented. Corrections go into the
next round or an explicit amendment.

Readers see a snapshot through the gate of its round, and only the instruments they may see
(:func:`for_reader`). The meeting a round fed is a reference to another restricted record: the
snapshot stores only its id, and it is named at read time through
:mod:`mufakat.core.references` — to a reader who may not see that meeting it is not named at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core import references
from mufakat.core.services import update_audited
from mufakat.meetings.models import Meeting
from mufakat.monitoring import rollups
from mufakat.monitoring.models import ProgressStatus, ReportingRound, Snapshot
from mufakat.monitoring.permissions import require_round_manager
from mufakat.workplans.models import Activity, Instrument

#: Bumped when the shape of ``Snapshot.data`` changes, so old snapshots stay readable.
DATA_VERSION = 1


# -- freezing ----------------------------------------------------------------------------------


def _meeting_as_id(round_data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Keep only the id of the meeting a round feeds: its title is resolved for each reader."""
    if not round_data:
        return round_data
    meeting = round_data.get("meeting")
    return {**round_data, "meeting": {"id": meeting["id"]} if meeting else None}


def _round_figures(*, user: Any, round_: ReportingRound) -> dict[str, Any]:
    """The round's rollup per instrument plus each activity × party status, as ``user`` sees
    them now (JSON-ready)."""
    instruments = list(
        Instrument.objects.visible_to(user).filter(reporting_rounds=round_).order_by("title", "pk")
    )
    entries = []
    for instrument in instruments:
        rollup = rollups.instrument_rollup(
            user=user, instrument=instrument, round_id=round_.pk, with_trend=False
        )
        rollup.pop("rounds")
        rollup["round"] = _meeting_as_id(rollup["round"])
        entries.append(rollup)
    # Every expected slot, with the status the freezer may read (else "not reported"), so the
    # comparison with the next snapshot sees a report that went missing as well as a new one.
    seen = dict(
        (pk, (status, percent))
        for pk, status, percent in rollups.visible_reports(user)
        .filter(round=round_)
        .values_list("pk", "status", "percent")
    )
    slots = (
        rollups.round_slots([round_])
        .filter(instrument__in=instruments)
        .values_list("pk", "instrument_id", "activity_id", "party__code")
        .order_by("instrument_id", "activity_id", "party__code")
    )
    reports: dict[str, list[list[Any]]] = {}
    for pk, instrument_id, activity_id, party in slots:
        status, percent = seen.get(pk, (ProgressStatus.NOT_REPORTED, None))
        reports.setdefault(str(instrument_id), []).append([activity_id, party, status, percent])
    activities: dict[str, list[Any]] = {
        str(a["id"]): [
            a["code"],
            a["title"],
            a["priority_area_id"],
            a["priority_area__instrument_id"],
        ]
        for a in Activity.objects.visible_to(user)
        .filter(priority_area__instrument__in=instruments)
        .values("id", "code", "title", "priority_area_id", "priority_area__instrument_id")
    }
    return {
        "version": DATA_VERSION,
        "round": _meeting_as_id(rollups.round_info(round_)),
        "instruments": entries,
        "reports": reports,
        "activities": activities,
    }


def freeze_round(*, actor: Any, round: ReportingRound) -> Snapshot:
    """Compute the round's figures as the Secretariat sees them now, store them, and mark the
    round frozen. A round is frozen once: a second freeze is refused."""
    require_round_manager(actor)
    with transaction.atomic():
        current = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if (
            current.status == ReportingRound.Status.FROZEN
            or Snapshot.objects.filter(round=current).exists()
        ):
            raise ValidationError(
                {"round": _("This round is already frozen; a snapshot never changes.")}
            )
        data = _round_figures(user=actor, round_=current)
        data["frozen_at"] = timezone.now().isoformat()
        data["frozen_by"] = actor.get_username()
        snapshot = Snapshot(
            round=current,
            meeting_id=current.meeting_id,
            frozen_by=actor,
            data=data,
        )
        snapshot.save()
        update_audited(
            current,
            actor=actor,
            changes={"status": ReportingRound.Status.FROZEN},
            expected_version=None,
            action="reportinground.freeze",
        )
        record(
            actor=actor,
            action="snapshot.create",
            obj=snapshot,
            after={
                "round": current.pk,
                "meeting": current.meeting_id,
                "instruments": [e["instrument"]["key"] for e in data["instruments"]],
                "reports": sum(len(v) for v in data["reports"].values()),
            },
        )
    return snapshot


# -- reading -----------------------------------------------------------------------------------


def visible_snapshot(*, user: Any, pk: int | None = None, round_id: int | None = None) -> Snapshot:
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"round_id": round_id}
    snapshot = (
        Snapshot.objects.visible_to(user)
        .select_related("round", "meeting")
        .filter(**lookup)
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def meeting_snapshots(*, user: Any, meeting_id: int) -> list[Snapshot]:
    """Snapshots presented at a meeting (one per round that fed it) that ``user`` may see."""
    return list(
        Snapshot.objects.visible_to(user)
        .filter(meeting_id=meeting_id)
        .select_related("round", "meeting")
        .order_by("round__title", "pk")
    )


def previous_snapshot(*, user: Any, snapshot: Snapshot) -> Snapshot | None:
    """What this snapshot is compared with: the snapshot of the round named as previous, else the
    latest earlier snapshot covering one of the same instruments (preferring the same body)."""
    visible = Snapshot.objects.visible_to(user).select_related("round", "meeting")
    round_ = snapshot.round
    if round_.previous_id:
        found = visible.filter(round_id=round_.previous_id).first()
        if found is not None:
            return found
    instrument_ids = [e["instrument"]["id"] for e in snapshot.data.get("instruments", [])]
    earlier = (
        visible.filter(round__instruments__in=instrument_ids, round__due_date__lt=round_.due_date)
        .exclude(pk=snapshot.pk)
        .distinct()
        .order_by("-round__due_date", "-pk")
    )
    if snapshot.meeting_id is not None and snapshot.meeting is not None:
        same_body = earlier.filter(meeting__body_id=snapshot.meeting.body_id).first()
        if same_body is not None:
            return same_body
    return earlier.first()


def _meeting_ids(snapshot: Snapshot) -> set[int]:
    """Every meeting a snapshot refers to: its own, and the one stored with each round."""
    data = snapshot.data
    rounds = [data.get("round")] + [e.get("round") for e in data.get("instruments", [])]
    ids = {r["meeting"]["id"] for r in rounds if r and r.get("meeting")}
    if snapshot.meeting_id:
        ids.add(snapshot.meeting_id)
    return ids


def _meeting_refs(user: Any, snapshots: list[Snapshot]) -> dict[int, dict[str, Any]]:
    """The meetings these snapshots refer to that ``user`` may see, as ``{"id", "title"}``:
    one query for all of them, through the one reference helper."""
    ids = set().union(*(_meeting_ids(s) for s in snapshots)) if snapshots else set()
    titles = references.labels(user, Meeting, ids, label="title")
    return {pk: {"id": pk, "title": title} for pk, title in titles.items()}


def _round_for_reader(
    round_data: dict[str, Any] | None, meetings: dict[int, dict[str, Any]]
) -> dict[str, Any] | None:
    """A stored round with its meeting named only if the reader may see it (a title stored by
    an older snapshot is never passed on as stored)."""
    if not round_data:
        return round_data
    meeting = round_data.get("meeting")
    return {**round_data, "meeting": meetings.get(meeting["id"]) if meeting else None}


def for_reader(
    *,
    user: Any,
    snapshot: Snapshot,
    meetings: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The snapshot's data without the instruments ``user`` may not see (the round itself is
    visible, or the snapshot would not have been found), and with the meetings it refers to
    named only if ``user`` may see them (``meetings``: already resolved, to share one query)."""
    if meetings is None:
        meetings = _meeting_refs(user, [snapshot])
    data = snapshot.data
    ids = [e["instrument"]["id"] for e in data.get("instruments", [])]
    allowed = {
        str(pk)
        for pk in Instrument.objects.visible_to(user)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    }
    return {
        **data,
        "id": snapshot.pk,
        "round": _round_for_reader(data.get("round"), meetings),
        "meeting": meetings.get(snapshot.meeting_id) if snapshot.meeting_id else None,
        "instruments": [
            {**e, "round": _round_for_reader(e.get("round"), meetings)}
            for e in data.get("instruments", [])
            if str(e["instrument"]["id"]) in allowed
        ],
        "reports": {k: v for k, v in data.get("reports", {}).items() if k in allowed},
        "activities": {k: v for k, v in data.get("activities", {}).items() if str(v[3]) in allowed},
    }


@dataclass(frozen=True)
class Presented:
    """One snapshot presented at a meeting, as a reader may see it, with what changed since
    the one before."""

    snapshot: Snapshot
    previous: Snapshot | None
    data: dict[str, Any]
    comparison: dict[str, Any]

    @property
    def previous_meeting(self) -> dict[str, Any] | None:
        """The meeting the previous snapshot was presented at, if the reader may see it."""
        previous = self.comparison.get("previous")
        return previous.get("meeting") if previous else None


def presented_at(*, user: Any, meeting_id: int) -> list[Presented]:
    """The snapshots of the rounds that fed a meeting, each compared with its predecessor."""
    presented = []
    for snapshot in meeting_snapshots(user=user, meeting_id=meeting_id):
        previous = previous_snapshot(user=user, snapshot=snapshot)
        meetings = _meeting_refs(user, [s for s in (snapshot, previous) if s is not None])
        data = for_reader(user=user, snapshot=snapshot, meetings=meetings)
        before = for_reader(user=user, snapshot=previous, meetings=meetings) if previous else None
        presented.append(
            Presented(
                snapshot=snapshot,
                previous=previous,
                data=data,
                comparison=compare_snapshots(data, before),
            )
        )
    return presented


# -- comparing ---------------------------------------------------------------------------------


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)


def _as_data(snapshot: Snapshot | dict[str, Any]) -> dict[str, Any]:
    """A Snapshot compared as stored names its meeting by id only: titles are for readers,
    through :func:`for_reader`."""
    if isinstance(snapshot, Snapshot):
        return {
            **snapshot.data,
            "id": snapshot.pk,
            "round": _meeting_as_id(snapshot.data.get("round")),
            "meeting": {"id": snapshot.meeting_id} if snapshot.meeting_id else None,
        }
    return snapshot


def compare_snapshots(
    current: Snapshot | dict[str, Any], previous: Snapshot | dict[str, Any] | None
) -> dict[str, Any]:
    """What changed since the previous snapshot ("since the last SOMTC"): each activity × party
    whose status changed (or that is new), and the change of completion per priority area and
    party, for the instruments both cover.

    Pages and the API pass the data of :func:`for_reader` (see :func:`compare_for_reader`), so
    nothing the reader may not see is compared; a Snapshot itself compares everything in it."""
    current = _as_data(current)
    previous = _as_data(previous) if previous is not None else None
    summary: dict[str, Any] = {
        "current": {
            "id": current.get("id"),
            "round": current["round"],
            "meeting": current.get("meeting"),
        },
        "previous": None,
        "status_changes": [],
        "transitions": [],
        "areas": [],
        "parties": [],
    }
    if previous is None:
        return summary
    summary["previous"] = {
        "id": previous.get("id"),
        "round": previous["round"],
        "meeting": previous.get("meeting"),
    }
    before_instruments = {e["instrument"]["id"]: e for e in previous.get("instruments", [])}
    activities = {**previous.get("activities", {}), **current.get("activities", {})}
    changes: list[dict[str, Any]] = []
    areas: list[dict[str, Any]] = []
    parties: list[dict[str, Any]] = []
    transitions: Counter[tuple[str | None, str]] = Counter()
    for entry in current.get("instruments", []):
        info = entry["instrument"]
        before = before_instruments.get(info["id"])
        if before is None:
            continue
        old = {
            (row[0], row[1]): row for row in previous.get("reports", {}).get(str(info["id"]), [])
        }
        for activity_id, party, status, percent in current.get("reports", {}).get(
            str(info["id"]), []
        ):
            was = old.get((activity_id, party))
            old_status = was[2] if was else None
            if old_status == status:
                continue
            code, title = (activities.get(str(activity_id)) or ["?", ""])[:2]
            transitions[(old_status, status)] += 1
            changes.append(
                {
                    "instrument": info["key"],
                    "activity_id": activity_id,
                    "activity_code": code,
                    "activity_title": title,
                    "party": party,
                    "from": old_status,
                    "to": status,
                    "percent_from": was[3] if was else None,
                    "percent_to": percent,
                }
            )
        old_areas = {a["id"]: a for a in before["areas"]}
        for area in entry["areas"]:
            was_area = old_areas.get(area["id"])
            if was_area is None:
                continue
            areas.append(
                {
                    "instrument": info["key"],
                    "id": area["id"],
                    "title": area["title"],
                    "previous": was_area["completion"],
                    "current": area["completion"],
                    "delta": _delta(area["completion"], was_area["completion"]),
                }
            )
        old_parties = {p["code"]: p for p in before["parties"]}
        for party_entry in entry["parties"]:
            was_party = old_parties.get(party_entry["code"])
            if was_party is None:
                continue
            parties.append(
                {
                    "instrument": info["key"],
                    "code": party_entry["code"],
                    "previous": was_party["completion"],
                    "current": party_entry["completion"],
                    "delta": _delta(party_entry["completion"], was_party["completion"]),
                }
            )
    summary.update(status_changes=changes, areas=areas, parties=parties)
    summary["transitions"] = [
        {"from": old, "to": new, "count": n}
        for (old, new), n in sorted(transitions.items(), key=lambda item: (-item[1], str(item[0])))
    ]
    return summary


def compare_for_reader(*, user: Any, snapshot: Snapshot, other: Snapshot | None) -> dict[str, Any]:
    meetings = _meeting_refs(user, [s for s in (snapshot, other) if s is not None])
    current = for_reader(user=user, snapshot=snapshot, meetings=meetings)
    previous = (
        for_reader(user=user, snapshot=other, meetings=meetings) if other is not None else None
    )
    return compare_snapshots(current, previous)


__all__ = [
    "Presented",
    "compare_for_reader",
    "compare_snapshots",
    "for_reader",
    "freeze_round",
    "meeting_snapshots",
    "presented_at",
    "previous_snapshot",
    "visible_snapshot",
]
