"""Freezing a round into the snapshot presented at its meeting, and comparing snapshots.

A snapshot holds the figures as the Secretariat saw them when it froze the round (another
party's draft is "not reported" to the Secretariat, so it is "not reported" in the figures),
stored as JSON and never changed again (:meth:`Snapshot.save` refuses updates): a report
corrected later changes the live dashboard, not what was presented. Corrections go into the
next round or an explicit amendment.

Freezing is honest about what is still missing: a draft a party has started but not submitted
is not the same as nothing. :func:`outstanding` counts per party the drafts in progress, the
slots not started and the reports returned for correction (their *existence* only, never their
content), the freeze page shows them, and :func:`freeze_round` refuses to freeze before the due
date or with drafts in progress unless the Secretariat acknowledges it. The snapshot stores which
cells were drafts not submitted (``drafts``) and the counts per party (``outstanding``), so the
comparison with the next snapshot shows "not submitted" rather than a false regression
("Completed → Not reported"). Snapshots frozen before (``version`` 1) lack both keys and read as
before.

Readers see a snapshot through the gate of its round, and only the instruments they may see
(:func:`for_reader`).

Reading a snapshot of a large round: the stored document of an 80-instrument round holds tens of
thousands of report cells (megabytes). Pages and the API read only what they show — the round,
the instruments' totals and what is outstanding (:func:`load_parts`, cut in the database and cached), and
the cells, activities and areas of the few instruments they detail — and compare only those
(:func:`compare_page`), so a page costs the same whatever the size of the round. Each
instrument's part of the document is also stored in its own row (:class:`SnapshotPart`, written
with the snapshot by :func:`freeze_round`, never changed): a page detailing one instrument
reads that row, not the whole document, which is kept for the light part (cut from it once and
cached), the audit and older readers. The meeting a round fed is a reference to another restricted record: the
snapshot stores only its id, and it is named at read time through
:mod:`mufakat.core.references` — to a reader who may not see that meeting it is not named at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, JSONField, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mufakat.audit.services import record
from mufakat.core import references
from mufakat.core.audience import most_restrictive_tlp
from mufakat.core.services import update_audited
from mufakat.meetings.models import Meeting
from mufakat.monitoring import rollups
from mufakat.monitoring.models import (
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    Snapshot,
    SnapshotPart,
)
from mufakat.monitoring.permissions import require_round_manager
from mufakat.workplans.models import Activity, Instrument

#: Bumped when the shape of ``Snapshot.data`` changes, so old snapshots stay readable.
#: 2: ``drafts`` (cells with a draft not submitted), ``outstanding`` (per instrument and party),
#: ``early`` (frozen on or before the due date) and ``acknowledged``.
DATA_VERSION = 2

#: How a comparison shows a cell whose party had a draft, not submitted, when it was frozen:
#: not a status the party chose, and not a regression.
NOT_SUBMITTED = "not_submitted"


# -- what is still outstanding -----------------------------------------------------------------


def started_draft() -> Q:
    """A draft its party has saved (or filled in) but not submitted: work in progress, unlike
    a slot nobody has touched since the round opened."""
    return Q(state=ProgressReport.State.DRAFT) & (
        Q(lock_version__gt=1) | ~Q(status=ProgressStatus.NOT_REPORTED)
    )


def _not_started() -> Q:
    return Q(state=ProgressReport.State.DRAFT) & ~started_draft()


@dataclass(frozen=True)
class PartyOutstanding:
    """What one party has not submitted in a round: counts only, never content."""

    code: str
    drafts: int
    not_started: int
    returned: int

    @property
    def unsubmitted(self) -> int:
        return self.drafts + self.not_started + self.returned


@dataclass(frozen=True)
class Outstanding:
    """What freezing a round now would record as not reported, and whether it is early."""

    due_date: dt.date
    today: dt.date
    parties: list[PartyOutstanding] = field(default_factory=list)

    @property
    def early(self) -> bool:
        """Reports are due by the end of the due day: freezing on it is still early."""
        return self.today <= self.due_date

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days

    @property
    def drafts(self) -> int:
        return sum(p.drafts for p in self.parties)

    @property
    def not_started(self) -> int:
        return sum(p.not_started for p in self.parties)

    @property
    def returned(self) -> int:
        return sum(p.returned for p in self.parties)

    @property
    def unsubmitted(self) -> int:
        return sum(p.unsubmitted for p in self.parties)

    @property
    def needs_acknowledgement(self) -> bool:
        """Freezing now would lose work (drafts in progress) or cut the round short."""
        return self.early or self.drafts > 0

    def _by_party(self, attribute: str) -> str:
        return ", ".join(
            f"{p.code} {getattr(p, attribute)}" for p in self.parties if getattr(p, attribute)
        )

    def reasons(self) -> list[str]:
        """Why freezing now needs an explicit confirmation, in words naming what is missing."""
        reasons = []
        if self.early:
            reasons.append(
                _("The due date (%(due)s) has not passed: parties may still report.")
                % {"due": date_format(self.due_date, "DATE_FORMAT")}
            )
        if self.drafts:
            reasons.append(
                ngettext(
                    "%(n)d report is a draft not submitted (%(parties)s).",
                    "%(n)d reports are drafts not submitted (%(parties)s).",
                    self.drafts,
                )
                % {"n": self.drafts, "parties": self._by_party("drafts")}
            )
        if self.early and self.not_started:
            reasons.append(
                ngettext(
                    "%(n)d report is not started (%(parties)s).",
                    "%(n)d reports are not started (%(parties)s).",
                    self.not_started,
                )
                % {"n": self.not_started, "parties": self._by_party("not_started")}
            )
        return reasons


def _outstanding_rows(*, user: Any, round_: ReportingRound) -> dict[tuple[int, str], list[int]]:
    """``(instrument id, party code) → [drafts, not started, returned]`` over the round's
    instruments ``user`` may see: one aggregate over the expected slots (existence only)."""
    rows = (
        rollups.round_slots([round_])
        .filter(instrument__in=Instrument.objects.visible_to(user).filter(reporting_rounds=round_))
        .exclude(state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED])
        .values("instrument_id", "party__code")
        .annotate(
            drafts=Count("pk", filter=started_draft()),
            not_started=Count("pk", filter=_not_started()),
            returned=Count("pk", filter=Q(state=ProgressReport.State.RETURNED)),
        )
        .order_by()
    )
    return {
        (row["instrument_id"], row["party__code"]): [
            row["drafts"],
            row["not_started"],
            row["returned"],
        ]
        for row in rows
    }


def _by_party(rows: dict[Any, list[int]] | list[tuple[str, list[int]]]) -> list[PartyOutstanding]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    items = rows.items() if isinstance(rows, dict) else rows
    for key, counts in items:
        code = key[1] if isinstance(key, tuple) else key
        totals[code] = [a + b for a, b in zip(totals[code], counts, strict=True)]
    return [
        PartyOutstanding(code, *counts) for code, counts in sorted(totals.items()) if any(counts)
    ]


def outstanding(*, user: Any, round_: ReportingRound, today: dt.date | None = None) -> Outstanding:
    """What is not submitted in ``round_`` per party — drafts in progress, slots not started,
    reports returned for correction — counted over the instruments ``user`` may see. The
    Secretariat sees that another party's draft exists, never what it says."""
    return Outstanding(
        due_date=round_.due_date,
        today=today or timezone.localdate(),
        parties=_by_party(_outstanding_rows(user=user, round_=round_)),
    )


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
    # A draft not submitted is not the same as nothing: say which cells were drafts (their
    # existence, never their content), so a comparison does not call them regressions.
    drafts: dict[str, list[list[Any]]] = {}
    for instrument_id, activity_id, party in (
        rollups.round_slots([round_])
        .filter(started_draft(), instrument__in=instruments)
        .values_list("instrument_id", "activity_id", "party__code")
        .order_by("instrument_id", "activity_id", "party__code")
    ):
        drafts.setdefault(str(instrument_id), []).append([activity_id, party])
    pending: dict[str, dict[str, list[int]]] = {}
    for (instrument_id, party), counts in _outstanding_rows(user=user, round_=round_).items():
        pending.setdefault(str(instrument_id), {})[party] = counts
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
        "drafts": drafts,
        "outstanding": pending,
        "activities": activities,
    }


def freeze_round(*, actor: Any, round: ReportingRound, acknowledge_early: bool = False) -> Snapshot:
    """Compute the round's figures as the Secretariat sees them now, store them, and mark the
    round frozen. A round is frozen once: a second freeze is refused.

    Freezing on or before the due date, or while drafts are in progress, records those reports
    as not reported: it is refused unless ``acknowledge_early`` says the Secretariat saw what
    is outstanding (the error names it)."""
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
        pending = outstanding(user=actor, round_=current)
        if pending.needs_acknowledgement and not acknowledge_early:
            raise ValidationError(
                {
                    "acknowledge": " ".join(
                        [
                            *pending.reasons(),
                            _(
                                "Freezing now records them as not reported; confirm that you "
                                "want to freeze anyway."
                            ),
                        ]
                    )
                }
            )
        data = _round_figures(user=actor, round_=current)
        data["early"] = pending.early
        data["acknowledged"] = bool(acknowledge_early and pending.needs_acknowledgement)
        data["frozen_at"] = timezone.now().isoformat()
        data["frozen_by"] = actor.get_username()
        snapshot = Snapshot(
            round=current,
            meeting_id=current.meeting_id,
            frozen_by=actor,
            data=data,
        )
        snapshot.save()
        SnapshotPart.objects.bulk_create(
            SnapshotPart(snapshot=snapshot, instrument_id=pk, data=part)
            for pk, part in split_parts(data).items()
        )
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
                "drafts_not_submitted": pending.drafts,
                "early": pending.early,
                "acknowledged": data["acknowledged"],
            },
        )
    return snapshot


def split_parts(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Each instrument's part of a snapshot's data, by instrument id: its entry (with areas and
    parties), its report cells, its drafts and its activities — what a page detailing that
    instrument reads (:func:`load_parts`). A key the data lacks (drafts, in a snapshot of
    version 1) is left out of the part too. Migration 0010 cut the snapshots frozen before
    with a copy of this function: change both, or neither."""
    parts: dict[int, dict[str, Any]] = {}
    for entry in data.get("instruments", []):
        parts.setdefault(int(entry["instrument"]["id"]), {})["entry"] = entry
    for key in ("reports", "drafts"):
        for pk, rows in data.get(key, {}).items():
            parts.setdefault(int(pk), {})[key] = rows
    # The activities of the instrument's cells (a visible activity without a cell is in none).
    activities = data.get("activities", {})
    for part in parts.values():
        named = {str(row[0]) for row in part.get("reports", [])}
        part["activities"] = {a: activities[a] for a in sorted(named) if a in activities}
    return parts


# -- reading -----------------------------------------------------------------------------------


def visible_snapshot(
    *,
    user: Any,
    pk: int | None = None,
    round_id: int | None = None,
    without_data: bool = False,
) -> Snapshot:
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"round_id": round_id}
    found = Snapshot.objects.visible_to(user).select_related("round", "meeting").filter(**lookup)
    snapshot = (found.defer("data") if without_data else found).first()
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


def previous_snapshot(
    *, user: Any, snapshot: Snapshot, without_data: bool = False
) -> Snapshot | None:
    """What this snapshot is compared with: the snapshot of the round named as previous, else the
    latest earlier snapshot covering one of the same instruments (preferring the same body).
    ``without_data``: the stored figures are not loaded (read the parts needed with
    :func:`load_parts`)."""
    return previous_snapshots(user=user, snapshots=[snapshot], without_data=without_data)[
        snapshot.pk
    ]


def previous_snapshots(
    *, user: Any, snapshots: list[Snapshot], without_data: bool = False
) -> dict[int, Snapshot | None]:
    """:func:`previous_snapshot` of each of ``snapshots`` (by pk), in at most three queries
    however many there are: a meeting fed by many rounds costs what one fed by a single round
    does."""
    visible = Snapshot.objects.visible_to(user).select_related("round", "meeting")
    if without_data:
        visible = visible.defer("data")
    found: dict[int, Snapshot | None] = {s.pk: None for s in snapshots}
    named = {s.round.previous_id for s in snapshots if s.round.previous_id}
    by_round: dict[int, Snapshot] = {}
    if named:
        for candidate in visible.filter(round_id__in=named).order_by("-pk"):
            by_round[candidate.round_id] = candidate  # the first by pk wins, as .first() did
    rest = []
    for snapshot in snapshots:
        found[snapshot.pk] = by_round.get(snapshot.round.previous_id or 0)
        if found[snapshot.pk] is None:
            rest.append(snapshot)
    if not rest:
        return found
    # The latest earlier snapshot sharing an instrument: one row per (snapshot, shared
    # instrument), chosen from in Python for each snapshot.
    wanted = {s.pk: {e["instrument"]["id"] for e in stored(s).get("instruments", [])} for s in rest}
    rows = (
        Snapshot.objects.visible_to(user)
        .filter(
            round__instruments__in=set().union(*wanted.values()),
            round__due_date__lt=max(s.round.due_date for s in rest),
        )
        .values_list("pk", "round__due_date", "meeting__body_id", "round__instruments")
        .order_by()
    )
    earlier: dict[int, tuple[Any, int | None, set[int]]] = {}
    for pk, due, body, instrument_id in rows:
        earlier.setdefault(pk, (due, body, set()))[2].add(instrument_id)
    chosen = latest_earlier(rest, earlier, wanted)
    if chosen:
        heads = visible.in_bulk(set(chosen.values()))
        for pk, previous in chosen.items():
            found[pk] = heads.get(previous)
    return found


def latest_earlier(
    snapshots: list[Snapshot],
    earlier: dict[int, tuple[Any, int | None, set[int]]],
    wanted: dict[int, set[int]],
) -> dict[int, int]:
    """For each of ``snapshots``, the id of the latest of ``earlier`` (``pk → (due date, body,
    instruments)``) due before it and sharing one of its instruments (``wanted``), one of its
    own meeting's body first; none if there is none."""
    chosen: dict[int, int] = {}
    for snapshot in snapshots:
        candidates = sorted(
            (
                (due, pk, body)
                for pk, (due, body, ids) in earlier.items()
                if pk != snapshot.pk and due < snapshot.round.due_date and ids & wanted[snapshot.pk]
            ),
            reverse=True,
        )
        body_id = snapshot.meeting.body_id if snapshot.meeting_id and snapshot.meeting else None
        same_body = [c for c in candidates if body_id is not None and c[2] == body_id]
        best = (same_body or candidates)[:1]
        if best:
            chosen[snapshot.pk] = best[0][1]
    return chosen


# -- reading parts of a large snapshot ---------------------------------------------------------

#: The keys of the stored data that grow with the round (cells and activities, per instrument).
_CELLS = ("reports", "drafts", "activities")
#: Bumped when the shape of the light part changes (it names the cached copies).
_LIGHT_FORMAT = 2
#: How long a light part stays in the cache; a snapshot never changes, so only to bound space.
_LIGHT_SECONDS = 24 * 3600
#: What this process has read of snapshots, in front of the cache: the light parts by
#: :func:`_light_key`, and the parts of the instruments detailed by that key and the ids asked
#: for. Taking an 80-instrument light part out of the cache (unpickling it), or reading and
#: decoding the parts of five instruments, on every request cost more than all else the brief
#: does with them. Its readers never change what they are given (they copy what they filter
#: for a reader). It belongs to one generation of the cache (:data:`_GENERATION_KEY`): a cache
#: emptied empties it too. Each kind is emptied when it holds more than :data:`_KEPT`: light
#: parts by number, detailed parts by their report cells (a part of a large instrument holds
#: thousands), so a process keeps a few megabytes at most.
_MEMO: dict[str, Any] = {
    "generation": None,
    "light": {},
    "detail": {},
    "cells": 0,
    "derived": {},
}
_KEPT = {"light": 128, "cells": 20_000, "derived": 512}
#: Names the cache's generation; gone when the cache is emptied.
_GENERATION_KEY = f"monitoring:snapshot-parts-generation:{_LIGHT_FORMAT}"


def _memo() -> dict[str, Any]:
    """The process's copies of snapshot parts, for the cache as it is now (one cache read)."""
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, generation, None)
    if _MEMO["generation"] != generation:
        _MEMO.update(generation=generation, light={}, detail={}, cells=0, derived={})
    return _MEMO


#: What :func:`derived_from_parts` keeps.
T = TypeVar("T")


def derived_kept(key: tuple[Any, ...]) -> bool:
    """Whether :func:`derived_from_parts` has ``key`` (so the parts it is made from need not
    be read)."""
    return key in _MEMO["derived"]


def derived_from_parts(key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """What ``make`` builds from frozen snapshot parts alone — the same for every reader the
    gate lets see them — kept by the process like the parts (emptied with them, and when it
    holds more than :data:`_KEPT` values). ``key`` names everything the value depends on: the
    snapshots by :func:`light_key` (a snapshot never changes), the records and the language.
    Callers never change what they are given."""
    kept = _MEMO["derived"]
    if key in kept:
        return cast(T, kept[key])
    value = make()
    if len(kept) >= _KEPT["derived"]:
        kept.clear()
    if _KEPT["derived"]:
        kept[key] = value
    return value


def _remember_light(memo: dict[str, Any], found: dict[str, Any]) -> None:
    if len(memo["light"]) + len(found) > _KEPT["light"]:
        memo["light"] = {}
    memo["light"].update(found)


def _remember_detail(
    memo: dict[str, Any], key: tuple[str, tuple[int, ...]], parts: Any, cells: int
) -> None:
    """Keep the parts read for ``key`` unless they alone would take half the room."""
    if cells > _KEPT["cells"] // 2:
        return
    if memo["cells"] + cells > _KEPT["cells"]:
        memo.update(detail={}, cells=0)
    memo["detail"][key] = parts
    memo["cells"] += cells


def stored(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot's stored data, or the parts of it :func:`load_parts` loaded."""
    part = snapshot.__dict__.get("part")
    return part if part is not None else snapshot.data


def _column() -> str:
    return f'"{Snapshot._meta.db_table}"."data"'


def _light_sql() -> str:
    """The stored data without the cells, its instruments without their areas and parties: what
    a summary of the round shows, a few kilobytes however large the round; and how many report
    cells each instrument has (``report_counts``), so the API can page them."""
    column = _column()
    if connection.vendor == "postgresql":
        return (
            "(SELECT (x.d - ARRAY['reports', 'drafts', 'activities', 'instruments']::text[])"
            " || jsonb_build_object('instruments', COALESCE((SELECT jsonb_agg("
            "e.value - 'areas' - 'parties' ORDER BY e.n) FROM jsonb_array_elements("
            "x.d -> 'instruments') WITH ORDINALITY AS e(value, n)), '[]'::jsonb), "
            "'report_counts', COALESCE((SELECT jsonb_object_agg(r.key, jsonb_array_length("
            "r.value)) FROM jsonb_each(x.d -> 'reports') AS r), '{}'::jsonb)) "
            f"FROM (SELECT {column} || '{{}}'::jsonb AS d OFFSET 0) AS x)"
        )
    return (
        f"json_set(json_remove({column}, '$.reports', '$.drafts', '$.activities', "
        "'$.instruments'), '$.instruments', json(COALESCE((SELECT json_group_array("
        f"json(json_remove(e.value, '$.areas', '$.parties'))) FROM json_each({column}, "
        "'$.instruments') AS e), '[]')), '$.report_counts', json(COALESCE((SELECT "
        f"json_group_object(r.key, json_array_length(r.value)) FROM json_each({column}, "
        "'$.reports') AS r), '{}')))"
    )


def _detail_sql(ids: list[int]) -> tuple[str, list[Any]]:
    """The instruments ``ids`` in full, with their cells, drafts and the activities of their
    cells, cut from the whole document: for a snapshot written without parts (:func:`_parts_sql`). PostgreSQL decompresses the stored document once (the subquery holds it) and looks
    the cells up by key (``#>`` walks the document in place; ``->`` would copy each level)."""
    column = _column()
    keys = [str(pk) for pk in ids]
    if connection.vendor == "postgresql":
        sql = (
            "(SELECT jsonb_build_object("
            "'instruments', COALESCE((SELECT jsonb_agg(e.value ORDER BY e.n) FROM "
            "jsonb_array_elements(x.d -> 'instruments') WITH ORDINALITY AS e(value, n) "
            "WHERE e.value #>> '{instrument,id}' = ANY(%s)), '[]'::jsonb), "
            "'reports', jsonb_strip_nulls(COALESCE((SELECT jsonb_object_agg(k, "
            "x.d #> ARRAY['reports', k]) FROM unnest(%s::text[]) AS k), '{}'::jsonb)), "
            "'drafts', jsonb_strip_nulls(COALESCE((SELECT jsonb_object_agg(k, "
            "x.d #> ARRAY['drafts', k]) FROM unnest(%s::text[]) AS k), '{}'::jsonb)), "
            "'activities', jsonb_strip_nulls(COALESCE((SELECT jsonb_object_agg(a.id, "
            "x.d #> ARRAY['activities', a.id]) FROM (SELECT DISTINCT c.value ->> 0 AS id FROM "
            "unnest(%s::text[]) AS k, jsonb_array_elements(x.d #> ARRAY['reports', k]) AS c "
            "OFFSET 0) AS a), '{}'::jsonb))) "
            f"FROM (SELECT {column} || '{{}}'::jsonb AS d OFFSET 0) AS x)"
        )
        return sql, [keys, keys, keys, keys]
    marks = ", ".join(["%s"] * len(keys)) or "NULL"
    by_key = "json_group_object(c.key, json(c.value))"

    def part(path: str, where: str, aggregate: str = by_key, empty: str = "'{}'") -> str:
        return (
            f"json(COALESCE((SELECT {aggregate} FROM json_each({column}, '$.{path}') AS c "
            f"WHERE {where} IN ({marks})), {empty}))"
        )

    instruments = part(
        "instruments",
        "json_extract(c.value, '$.instrument.id')",
        "json_group_array(json(c.value))",
        "'[]'",
    )
    reports, drafts = part("reports", "c.key"), part("drafts", "c.key")
    cells = (
        f"SELECT CAST(json_extract(r.value, '$[0]') AS TEXT) FROM json_each({column}, "
        f"'$.reports') AS k, json_each(k.value) AS r WHERE k.key IN ({marks})"
    )
    activities = (
        f"json(COALESCE((SELECT {by_key} FROM json_each({column}, '$.activities') AS c "
        f"WHERE c.key IN ({cells})), '{{}}'))"
    )
    sql = (
        f"json_object('instruments', {instruments}, 'reports', {reports}, "
        f"'drafts', {drafts}, 'activities', {activities})"
    )
    return sql, [*ids, *keys, *keys, *keys]


def _parts_sql(ids: list[int]) -> tuple[str, list[Any]]:
    """The parts of the instruments ``ids`` (``{"parts": {id: part}}``), read from their own rows
    (:class:`SnapshotPart`): a few kilobytes, the stored document is not opened. A snapshot
    written without parts (directly, not by :func:`freeze_round`) is cut from its document as
    before (``{"whole": ...}``, :func:`_detail_sql`); PostgreSQL and SQLite only evaluate the
    branch taken."""
    table = f'"{SnapshotPart._meta.db_table}"'
    owner = f'"{Snapshot._meta.db_table}"."id"'
    whole, whole_params = _detail_sql(ids)
    params: list[Any]
    if connection.vendor == "postgresql":
        parts = (
            f"(SELECT jsonb_object_agg(p.instrument_id::text, p.data) FROM {table} AS p "
            f"WHERE p.snapshot_id = {owner} AND p.instrument_id = ANY(%s))"
        )
        build, params = "jsonb_build_object", [list(ids)]
    else:
        marks = ", ".join(["%s"] * len(ids)) or "NULL"
        parts = (
            f"json((SELECT json_group_object(p.instrument_id, json(p.data)) FROM {table} AS p "
            f"WHERE p.snapshot_id = {owner} AND p.instrument_id IN ({marks})))"
        )
        build, params = "json_object", list(ids)
    sql = (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {table} AS q WHERE q.snapshot_id = {owner}) "
        f"THEN {build}('parts', {parts}) ELSE {build}('whole', {whole}) END)"
    )
    return sql, [*params, *whole_params]


def _joined(parts: dict[str, Any] | None) -> dict[str, Any]:
    """Parts read by :func:`_parts_sql` put together in the shape of the stored data."""
    joined: dict[str, Any] = {"instruments": [], "reports": {}, "drafts": {}, "activities": {}}
    for pk, part in (parts or {}).items():
        if "entry" in part:
            joined["instruments"].append(part["entry"])
        for key in ("reports", "drafts"):
            if key in part:
                joined[key][pk] = part[key]
        joined["activities"].update(part.get("activities") or {})
    return joined


def _light_key(snapshot: Snapshot) -> str:
    """Names one snapshot for good: a number reused after a database is restored (or a test
    rolled back) comes with another round or another instant of freezing."""
    frozen = snapshot.frozen_at.isoformat() if snapshot.frozen_at else ""
    return f"monitoring:snapshot-light:{_LIGHT_FORMAT}:{snapshot.pk}:{snapshot.round_id}:{frozen}"


def load_parts(user: Any, snapshots: list[Snapshot], *, detail: list[int] | None = None) -> None:
    """Give each of ``snapshots`` (found through the gate, loaded without their data) the parts
    of its stored data a page shows (:func:`stored`): the light part — the round, what is
    outstanding, each instrument's totals — and, for the instruments ``detail``, their areas,
    parties, cells and activities, read from their own rows (:class:`SnapshotPart`). So a page
    reads kilobytes of an 80-instrument snapshot, not megabytes.

    The light part is cached by snapshot, and both are kept by the process once read
    (``_MEMO``): a snapshot never changes, the copy is the same for every reader, and
    :func:`for_reader` filters it for each reader like the stored data. ``snapshots`` must have
    been found through the gate: a part kept is not read again."""
    if not snapshots:
        return
    pks = sorted({s.pk for s in snapshots})
    keys = {s.pk: _light_key(s) for s in snapshots}
    memo = _memo()
    light: dict[int, dict[str, Any]] = {
        pk: memo["light"][key] for pk, key in keys.items() if key in memo["light"]
    }
    if len(light) < len(keys):
        cached = cache.get_many([key for pk, key in keys.items() if pk not in light])
        light.update({pk: cached[key] for pk, key in keys.items() if key in cached})
    missing = [pk for pk in pks if pk not in light]
    ids = tuple(sorted(set(detail or [])))
    details: dict[int, dict[str, Any]] = {
        pk: _joined(memo["detail"][keys[pk], ids])
        for pk in pks
        if ids and (keys[pk], ids) in memo["detail"]
    }
    unread = [pk for pk in pks if ids and pk not in details]
    parts: dict[str, Any] = {}
    if missing:
        parts["_light"] = RawSQL(_light_sql(), [], output_field=JSONField())
    if unread:
        sql, params = _parts_sql(list(ids))
        parts["_detail"] = RawSQL(sql, params, output_field=JSONField())
    read: dict[tuple[str, tuple[int, ...]], tuple[Any, int]] = {}
    if parts:
        wanted = sorted({*missing, *unread})
        for row in (
            Snapshot.objects.visible_to(user)
            .filter(pk__in=wanted)
            .annotate(**parts)
            .values("pk", *parts)
        ):
            if "_light" in row and row["_light"] is not None:
                light[row["pk"]] = row["_light"]
            if "_detail" not in row or row["pk"] not in unread:
                continue
            found = row["_detail"] or {}
            if "parts" in found:
                counted = (light.get(row["pk"]) or {}).get("report_counts") or {}
                cells = sum(counted.get(str(pk), 0) for pk in ids) + len(ids)
                read[keys[row["pk"]], ids] = (found["parts"], cells)
            details[row["pk"]] = (
                _joined(found["parts"]) if "parts" in found else found.get("whole") or {}
            )
        cache.set_many({keys[pk]: light[pk] for pk in missing if pk in light}, _LIGHT_SECONDS)
    _remember_light(memo, {keys[pk]: value for pk, value in light.items()})
    for key, (found_parts, cells) in read.items():
        _remember_detail(memo, key, found_parts, cells)
    for snapshot in snapshots:
        part = dict(light.get(snapshot.pk, {"instruments": []}))
        more = details.get(snapshot.pk)
        if more:
            part.update({key: more.get(key) or {} for key in _CELLS})
            full = {d["instrument"]["id"]: d for d in more.get("instruments", [])}
            part["instruments"] = [
                full.get(e["instrument"]["id"], e) for e in part.get("instruments", [])
            ]
        snapshot.__dict__["part"] = part


def _markings(user: Any, snapshots: list[Snapshot]) -> dict[int, str]:
    """The TLP of the instruments of ``snapshots`` that ``user`` may see: one query."""
    ids = {e["instrument"]["id"] for s in snapshots for e in stored(s).get("instruments", [])}
    return dict(Instrument.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "tlp"))


def _meeting_ids(snapshot: Snapshot) -> set[int]:
    """Every meeting a snapshot refers to: its own, and the one stored with each round."""
    data = stored(snapshot)
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
    markings: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The snapshot's data without the instruments ``user`` may not see (the round itself is
    visible, or the snapshot would not have been found), and with the meetings it refers to
    named only if ``user`` may see them (``meetings``: already resolved, to share one query;
    ``markings``: the TLP of the instruments ``user`` may see, likewise). A snapshot loaded by
    :func:`load_parts` gives only the parts loaded."""
    if meetings is None:
        meetings = _meeting_refs(user, [snapshot])
    data = stored(snapshot)
    ids = [e["instrument"]["id"] for e in data.get("instruments", [])]
    if markings is None:
        markings = _markings(user, [snapshot])
    present = set(ids)
    markings = {pk: tlp for pk, tlp in markings.items() if pk in present}
    allowed = {str(pk) for pk in markings}
    pending = {k: v for k, v in data.get("outstanding", {}).items() if k in allowed}
    return {
        **data,
        # The marking of what a page shows of this snapshot: its round's and its instruments'.
        "tlp": most_restrictive_tlp(snapshot.round.tlp, *markings.values()),
        "drafts": {k: v for k, v in data.get("drafts", {}).items() if k in allowed},
        "outstanding": pending,
        "outstanding_parties": [
            asdict(p)
            for p in _by_party(
                [
                    (party, counts)
                    for parties in pending.values()
                    for party, counts in parties.items()
                ]
            )
        ],
        "id": snapshot.pk,
        "round": _round_for_reader(data.get("round"), meetings),
        "meeting": meetings.get(snapshot.meeting_id) if snapshot.meeting_id else None,
        "instruments": [
            {**e, "round": _round_for_reader(e.get("round"), meetings)}
            for e in data.get("instruments", [])
            if str(e["instrument"]["id"]) in allowed
        ],
        "reports": {k: v for k, v in data.get("reports", {}).items() if k in allowed},
        "report_counts": {k: v for k, v in data.get("report_counts", {}).items() if k in allowed},
        "activities": {k: v for k, v in data.get("activities", {}).items() if str(v[3]) in allowed},
    }


@dataclass(frozen=True)
class Presented:
    """One snapshot presented at a meeting, as a reader may see it, with what changed since
    the one before — for the instruments ``detailed`` (every instrument of a small round, the
    one asked for of a large one); ``changes`` compares the totals of every instrument."""

    snapshot: Snapshot
    previous: Snapshot | None
    data: dict[str, Any]
    comparison: dict[str, Any]
    detailed: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def tlp(self) -> str:
        """The snapshot's marking combined with the previous one's, whose figures are shown
        beside it."""
        previous = self.comparison.get("previous")
        return most_restrictive_tlp(self.data["tlp"], previous.get("tlp") if previous else None)

    @property
    def previous_meeting(self) -> dict[str, Any] | None:
        """The meeting the previous snapshot was presented at, if the reader may see it."""
        previous = self.comparison.get("previous")
        return previous.get("meeting") if previous else None


def instrument_changes(data: dict[str, Any], before: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Per instrument of ``data`` (a reader's view), its totals now and its mean completion and
    reported reports in ``before``: the change of a whole round at a glance, from the stored
    totals, without reading a single report cell."""
    then = {e["instrument"]["id"]: e["totals"] for e in (before or {}).get("instruments", [])}
    rows = []
    for entry in data.get("instruments", []):
        totals = entry["totals"]
        old = then.get(entry["instrument"]["id"])
        rows.append(
            {
                "instrument": entry["instrument"],
                "totals": totals,
                "previous": old.get("completion") if old else None,
                "current": totals.get("completion"),
                "delta": _delta(totals.get("completion"), old.get("completion") if old else None),
                "reported_previous": old.get("reported") if old else None,
                "reported_current": totals.get("reported"),
                "compared": old is not None,
            }
        )
    return rows


def _only(data: dict[str, Any], ids: set[int]) -> dict[str, Any]:
    """A reader's data cut down to the instruments ``ids`` (what a comparison walks)."""
    return {**data, "instruments": [e for e in data["instruments"] if e["instrument"]["id"] in ids]}


def _pair(
    *, user: Any, snapshot: Snapshot, previous: Snapshot | None, detail: list[int]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Both snapshots as ``user`` may see them, with the instruments ``detail`` in full: three
    queries (the parts, the meetings named, the instruments' markings)."""
    load_parts(user, [s for s in (snapshot, previous) if s is not None], detail=detail)
    both = [s for s in (snapshot, previous) if s is not None]
    meetings = _meeting_refs(user, both)
    markings = _markings(user, both)
    data = for_reader(user=user, snapshot=snapshot, meetings=meetings, markings=markings)
    before = (
        for_reader(user=user, snapshot=previous, meetings=meetings, markings=markings)
        if previous is not None
        else None
    )
    return data, before


def presented_at(
    *,
    user: Any,
    meeting_id: int,
    instrument: str | None = None,
    detailed_up_to: int | None = None,
) -> list[Presented]:
    """The snapshots of the rounds that fed a meeting, each compared with its predecessor.

    A round of more than ``detailed_up_to`` instruments is presented by its totals, with the
    areas and the status changes of ``instrument`` (a key) only: the rest of its report cells
    are never read. The same queries however many rounds fed the meeting: the snapshots, what
    each is compared with, their parts, the instruments' markings and the meetings named are
    each read once for all of them."""
    heads = list(
        Snapshot.objects.visible_to(user)
        .filter(meeting_id=meeting_id)
        .select_related("round", "meeting")
        .defer("data")
        .order_by("round__title", "pk")
    )
    if not heads:
        return []
    load_parts(user, heads)
    previous = previous_snapshots(user=user, snapshots=heads, without_data=True)
    earlier = [p for p in previous.values() if p is not None]
    everything = [*heads, *earlier]
    load_parts(user, earlier)
    markings = _markings(user, everything)
    details: dict[int, list[int]] = {}
    for snapshot in heads:
        # Counted as the reader sees the round: hidden instruments choose nothing, not even
        # whether the round is summarised.
        entries = [
            e for e in stored(snapshot).get("instruments", []) if e["instrument"]["id"] in markings
        ]
        if detailed_up_to is None or len(entries) <= detailed_up_to:
            details[snapshot.pk] = [e["instrument"]["id"] for e in entries]
        else:
            details[snapshot.pk] = [
                e["instrument"]["id"] for e in entries if e["instrument"]["key"] == instrument
            ]
    # One read of the cells of the snapshots that detail an instrument, and of their
    # predecessors: the instruments detailed by any (a snapshot only shows and compares its
    # own, in ``shown`` below). A summarised round's document is not opened at all.
    detail = sorted(set().union(*details.values()))
    detailing = [s for s in heads if details[s.pk]]
    if detailing:
        load_parts(
            user,
            [*detailing, *(p for s in detailing if (p := previous[s.pk]) is not None)],
            detail=detail,
        )
    meetings = _meeting_refs(user, everything)
    presented = []
    for snapshot in heads:
        before_snapshot = previous[snapshot.pk]
        data = for_reader(user=user, snapshot=snapshot, meetings=meetings, markings=markings)
        before = (
            for_reader(user=user, snapshot=before_snapshot, meetings=meetings, markings=markings)
            if before_snapshot is not None
            else None
        )
        shown = set(details[snapshot.pk])
        presented.append(
            Presented(
                snapshot=snapshot,
                previous=before_snapshot,
                data=data,
                comparison=compare_snapshots(
                    _only(data, shown), _only(before, shown) if before is not None else None
                ),
                detailed=[e for e in data["instruments"] if e["instrument"]["id"] in shown],
                changes=instrument_changes(data, before),
            )
        )
    return presented


#: Report cells per page of the round snapshot API, by default and at most.
REPORTS_PAGE = 500
REPORTS_PAGE_MAX = 5000


def snapshot_page(
    *,
    user: Any,
    snapshot: Snapshot,
    instrument: str | None = None,
    offset: int = 0,
    limit: int = REPORTS_PAGE,
) -> dict[str, Any]:
    """The snapshot as ``user`` may see it, with ``limit`` of its report cells from ``offset``
    (``reports_count`` in all), in the order they were frozen: instrument after instrument.

    A snapshot of an 80-instrument round holds tens of thousands of cells (megabytes of JSON
    once named): a client reads them a page at a time, and a page reads only the cells of the
    instruments it spans. Every visible instrument is listed with its totals; ``areas`` and
    ``parties`` are given for the instruments whose cells are on the page. With ``instrument``
    (a key), that instrument only, its areas and parties always; Http404 if the reader may not
    see it in the snapshot."""
    limit = max(1, min(limit, REPORTS_PAGE_MAX))
    offset = max(0, offset)
    load_parts(user, [snapshot])
    markings = _markings(user, [snapshot])
    order = [
        e["instrument"]["id"]
        for e in stored(snapshot).get("instruments", [])
        if e["instrument"]["id"] in markings
        and (instrument is None or e["instrument"]["key"] == instrument)
    ]
    if instrument is not None and not order:
        raise Http404
    counts = stored(snapshot).get("report_counts") or {}
    spans: list[tuple[int, int, int]] = []  # instrument id, first cell, cell after the last
    position = 0
    for pk in order:
        size = counts.get(str(pk), 0)
        first, last = max(offset - position, 0), min(offset + limit - position, size)
        if first < last:
            spans.append((pk, first, last))
        position += size
    detail = order if instrument is not None else [pk for pk, _, _ in spans]
    if detail:
        load_parts(user, [snapshot], detail=detail)
    data = for_reader(user=user, snapshot=snapshot, markings=markings)
    cells = data.get("reports", {})
    return {
        **data,
        "instruments": [
            {"areas": [], "parties": [], **e}
            for e in data["instruments"]
            if instrument is None or e["instrument"]["id"] in set(order)
        ],
        "reports": {str(pk): cells.get(str(pk), [])[first:last] for pk, first, last in spans},
        "reports_count": position,
        "offset": offset,
        "limit": limit,
    }


#: Status changes per page of the compare API, by default and at most.
CHANGES_PAGE = 100
CHANGES_PAGE_MAX = 1000


def compare_page(
    *,
    user: Any,
    snapshot: Snapshot,
    other: Snapshot | None,
    instrument: str | None = None,
    offset: int = 0,
    limit: int = CHANGES_PAGE,
) -> dict[str, Any]:
    """What changed between two snapshots, in pages a client can read on a slow link.

    Always every visible instrument's change of totals (``instruments``, from the stored totals:
    no report cell is read). With ``instrument`` (a key), that instrument compared cell by cell:
    its transitions and the changes per priority area and party in full, and ``limit`` of its
    status changes from ``offset`` (``changes_count`` in all). Raises Http404 for an instrument
    the reader may not see in the snapshot."""
    limit = max(1, min(limit, CHANGES_PAGE_MAX))
    offset = max(0, offset)
    detail: list[int] = []
    if instrument is not None:
        # The light part first (a few kilobytes), to find the instrument among those stored.
        load_parts(user, [snapshot])
        detail = [
            e["instrument"]["id"]
            for e in stored(snapshot).get("instruments", [])
            if e["instrument"]["key"] == instrument
        ]
    data, before = _pair(user=user, snapshot=snapshot, previous=other, detail=detail)
    compared = [e for e in data["instruments"] if e["instrument"]["id"] in set(detail)]
    if instrument is not None and not compared:
        raise Http404
    ids = {e["instrument"]["id"] for e in compared}
    comparison = compare_snapshots(
        _only(data, ids), _only(before, ids) if before is not None else None
    )
    changes = comparison["status_changes"]
    return {
        **comparison,
        "status_changes": changes[offset : offset + limit],
        "changes_count": len(changes),
        "offset": offset,
        "limit": limit,
        "compared": [e["instrument"]["key"] for e in compared],
        "count": len(data["instruments"]),
        "instruments": instrument_changes(data, before),
    }


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
        "tlp": previous.get("tlp"),
    }
    drafts_now, drafts_before = draft_cells(current), draft_cells(previous)
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
        key = str(info["id"])
        for activity_id, party, stored, percent in current.get("reports", {}).get(key, []):
            was = old.get((activity_id, party))
            # A draft not submitted is shown as such, never as a fall to "not reported".
            status = NOT_SUBMITTED if (key, activity_id, party) in drafts_now else stored
            old_status = was[2] if was else None
            if was and (key, activity_id, party) in drafts_before:
                old_status = NOT_SUBMITTED
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


def draft_cells(data: dict[str, Any]) -> set[tuple[str, int, str]]:
    """``(instrument id, activity id, party)`` of the cells frozen as drafts not submitted (none
    in a snapshot frozen before drafts were told apart)."""
    return {
        (instrument_id, activity_id, party)
        for instrument_id, rows in data.get("drafts", {}).items()
        for activity_id, party in rows
    }


def compare_for_reader(*, user: Any, snapshot: Snapshot, other: Snapshot | None) -> dict[str, Any]:
    meetings = _meeting_refs(user, [s for s in (snapshot, other) if s is not None])
    current = for_reader(user=user, snapshot=snapshot, meetings=meetings)
    previous = (
        for_reader(user=user, snapshot=other, meetings=meetings) if other is not None else None
    )
    return compare_snapshots(current, previous)


__all__ = [
    "NOT_SUBMITTED",
    "Outstanding",
    "PartyOutstanding",
    "Presented",
    "compare_for_reader",
    "compare_page",
    "compare_snapshots",
    "draft_cells",
    "for_reader",
    "freeze_round",
    "instrument_changes",
    "load_parts",
    "meeting_snapshots",
    "outstanding",
    "presented_at",
    "previous_snapshot",
    "previous_snapshots",
    "snapshot_page",
    "stored",
    "visible_snapshot",
]
