"""What the IATI export reads: a public work plan, its activities and the figures of its public
frozen rounds — as an anonymous reader sees them, whoever asks.

An IATI file is published to the world, so it holds the public records only (audience public and
TLP:CLEAR), whatever the person who downloads it may see: these reads take no ``user=`` and go
through the gate as the anonymous reader. A work plan that is not public is a 404 here even to
the people who may open its page; a round that is not public contributes no figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q
from django.http import Http404

from mufakat.core.audience import TLP, Audience
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ProgressStatus, ReportingRound, Snapshot
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea

#: The kinds of instrument that are plans of activities, and so exported to IATI.
EXPORTABLE_KINDS = (Instrument.Kind.WORK_PLAN, Instrument.Kind.WORK_PROGRAMME)


def public_reader() -> AnonymousUser:
    """The reader the export is read as, whoever asks."""
    return AnonymousUser()


def is_exportable(instrument: Instrument) -> bool:
    """A work plan (or work programme) that is public and TLP:CLEAR, and has a start (its
    first year, or else the day it was adopted or came into force): IATI needs a date."""
    return (
        instrument.kind in EXPORTABLE_KINDS
        and instrument.audience == Audience.PUBLIC
        and instrument.tlp == TLP.CLEAR
        and bool(instrument.start_year or instrument.adopted_on or instrument.in_force_on)
    )


def _exportable() -> Q:
    """:func:`is_exportable` as a condition."""
    return Q(
        Q(start_year__isnull=False) | Q(adopted_on__isnull=False) | Q(in_force_on__isnull=False),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
        kind__in=EXPORTABLE_KINDS,
    )


@dataclass(frozen=True)
class Cell:
    """What one party reported on one activity in a frozen round."""

    party: str
    status: str
    percent: int | None


@dataclass
class RoundFigures:
    """The figures of one public frozen round, as frozen: by activity id, the cells."""

    round: ReportingRound
    frozen_at: dt.datetime
    cells: dict[int, list[Cell]] = field(default_factory=dict)


@dataclass
class PublicWorkPlan:
    instrument: Instrument
    #: Its priority areas, each with ``crime_areas`` and ``activities`` (with their parties
    #: and indicators) prefetched.
    areas: list[PriorityArea]
    #: The public frozen rounds that hold figures of this plan, oldest first.
    rounds: list[RoundFigures]

    @property
    def activities(self) -> Iterable[Activity]:
        for area in self.areas:
            yield from area.activities.all()


def public_work_plan(*, key: str | None = None, pk: int | None = None) -> PublicWorkPlan:
    """The public work plan with this key (or id) and everything the export shows of it, in a
    fixed number of queries however many activities it has; 404 for anything else."""
    reader = public_reader()
    lookup: dict[str, object] = {"key": key} if key is not None else {"pk": pk}
    instrument = (
        Instrument.objects.visible_to(reader)
        .filter(_exportable(), **lookup)
        .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("code")))
        .first()
    )
    if instrument is None:
        raise Http404
    by_code = Party.objects.order_by("code")
    activities = (
        Activity.objects.visible_to(reader)
        .order_by("code", "pk")
        .prefetch_related(
            Prefetch("lead_parties", queryset=by_code),
            Prefetch("participating_parties", queryset=by_code),
            Prefetch("indicators", queryset=Indicator.objects.visible_to(reader).order_by("pk")),
        )
    )
    areas = list(
        PriorityArea.objects.visible_to(reader)
        .filter(instrument=instrument)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("crime_areas", queryset=CrimeArea.objects.order_by("order", "code")),
            Prefetch("activities", queryset=activities),
        )
    )
    return PublicWorkPlan(
        instrument=instrument, areas=areas, rounds=_public_figures(reader, instrument)
    )


def _public_figures(reader: AnonymousUser, instrument: Instrument) -> list[RoundFigures]:
    """The cells of ``instrument`` in the snapshots of its public frozen rounds: what each
    party reported on each activity, as presented at the round's meeting. A cell that was a
    draft not submitted when the round was frozen, or that says nothing ("not reported"), is
    left out. Two queries at most (the snapshots, and their parts for this instrument)."""
    found = list(
        Snapshot.objects.visible_to(reader)
        .filter(
            round__instruments=instrument,
            round__audience=Audience.PUBLIC,
            round__tlp=TLP.CLEAR,
        )
        .select_related("round")
        .defer("data")
        .order_by("round__due_date", "round__opens_on", "pk")
    )
    snapshots.load_parts(reader, found, detail=[instrument.pk])
    key = str(instrument.pk)
    figures = []
    for snapshot in found:
        data = snapshots.stored(snapshot)
        drafts = {(row[0], row[1]) for row in (data.get("drafts") or {}).get(key, [])}
        entry = RoundFigures(round=snapshot.round, frozen_at=snapshot.frozen_at)
        for activity_id, party, status, percent in (data.get("reports") or {}).get(key, []):
            if status == ProgressStatus.NOT_REPORTED or (activity_id, party) in drafts:
                continue
            entry.cells.setdefault(int(activity_id), []).append(Cell(party, status, percent))
        figures.append(entry)
    return figures
