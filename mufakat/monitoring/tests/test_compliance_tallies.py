# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""The compliance figures read from the tallies the database keeps are the figures counted from
the reports, for every kind of reader: the Secretariat (every party's drafts), two focal points
(their own party's drafts), a partner's reader and an outsider (nobody's drafts, or no round).

``reports_slot_counts`` is the former computation over the reports, kept here as the reference.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.db.models import Count, F, Q, Value
from django.utils import timezone

from mufakat.accounts.models import Role, User
from mufakat.monitoring import compliance
from mufakat.monitoring.compliance import ENDORSED, STARTED_DRAFT, STATES, _drafts_known_to
from mufakat.monitoring.models import ActivityTally, ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.test_compliance import draft, reported  # noqa: F401 (fixture)
from mufakat.registry.models import Party
from mufakat.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

READERS = ["secretariat", "idn_focal", "jpn_focal", "jpn_reader", "outsider"]


@pytest.fixture
def jpn_reader(jpn: Party, asean_japan: Any) -> User:
    """A reader of a partner party in the round's sharing group: sees the round, no drafts."""
    return UserFactory(username="jpn.reader", party=jpn, role=Role.READER)


def reports_slot_counts(
    user: Any,
    due_dates: dict[int, dt.date],
    instrument_ids: list[int],
    party_ids: list[int] | None = None,
    *,
    cells: bool = True,
) -> list[tuple[int, int, str, int, int, int, int]]:
    """The per (round, party, state) counts as they were computed from the reports."""
    slots = ProgressReport.objects.filter(
        round_id__in=list(due_dates), instrument_id__in=instrument_ids
    ).order_by()
    if party_ids is not None:
        slots = slots.filter(party_id__in=party_ids)
    on_time = Q(state__in=[STATES.SUBMITTED, STATES.ACCEPTED]) & Q(
        *(
            Q(round_id=pk, submitted_at__lt=compliance._due_cutoff(due))
            for pk, due in due_dates.items()
        ),
        _connector=Q.OR,
    )
    found: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for round_id, party_id, state, n, in_time in (
        slots.values("round_id", "party_id", "state")
        .annotate(
            cell_state=F("state"), n=Count("*"), in_time=Count("submitted_at", filter=on_time)
        )
        .values_list("round_id", "party_id", "cell_state", "n", "in_time")
    ):
        found[(round_id, party_id, state)][0] += n
        found[(round_id, party_id, state)][2] += in_time
    if cells:
        for round_id, party_id, n in (
            slots.filter(ENDORSED).values("round_id", "party_id").annotate(n=Count("*"))
        ).values_list("round_id", "party_id", "n"):
            found[(round_id, party_id, STATES.SUBMITTED)][1] += n
        for round_id, party_id, n in (
            slots.filter(STARTED_DRAFT)
            .filter(_drafts_known_to(user))
            .values("round_id", "party_id")
            .annotate(n=Count("*"), zero=Value(0))
        ).values_list("round_id", "party_id", "n"):
            found[(round_id, party_id, STATES.DRAFT)][3] += n
    return sorted((*key, *values) for key, values in found.items())


@pytest.fixture
def varied(reported: ReportingRound, jpn_focal: User, idn_focal: User) -> ReportingRound:
    """The compliance round, with JPN's second report a started draft too and submission times
    on both sides of the due date (IDN's accepted report late, the endorsed one on time)."""
    draft(jpn_focal, report_of(reported, "CT-2", "JPN"))
    cutoff = compliance._due_cutoff(reported.due_date)
    ProgressReport.objects.filter(round=reported, state="accepted").update(
        submitted_at=cutoff + dt.timedelta(seconds=1)
    )
    ProgressReport.objects.filter(round=reported, state="submitted").update(
        submitted_at=cutoff - dt.timedelta(seconds=1)
    )
    ProgressReport.objects.filter(round=reported, state="returned").update(
        submitted_at=timezone.make_aware(dt.datetime(2024, 1, 2))
    )
    return reported


def _gated(user: Any, round_: ReportingRound) -> tuple[dict[int, dt.date], list[int]]:
    found = dict(
        ReportingRound.objects.visible_to(user).filter(pk=round_.pk).values_list("pk", "due_date")
    )
    return found, compliance._instrument_ids(user, list(found))


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("cells", [True, False])
def test_the_tallies_count_what_the_reports_count(
    varied: ReportingRound, reader: str, cells: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    due_dates, instrument_ids = _gated(user, varied)
    for parties in (None, list(Party.objects.filter(code="JPN").values_list("pk", flat=True))):
        tallied = sorted(
            compliance._slot_counts(user, due_dates, instrument_ids, parties, cells=cells)
        )
        counted = reports_slot_counts(user, due_dates, instrument_ids, parties, cells=cells)
        assert tallied == counted
    assert bool(due_dates) == (reader != "outsider")


@pytest.mark.parametrize("reader", ["secretariat", "idn_focal", "jpn_focal"])
def test_the_compliance_summaries_are_those_of_the_reports(
    varied: ReportingRound,
    reader: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = request.getfixturevalue(reader)
    monkeypatch.setattr(compliance, "_today", lambda: dt.date(2024, 6, 11))
    summaries = compliance.party_summary(varied, user=user)
    due_dates, instrument_ids = _gated(user, varied)
    expected: dict[int, compliance.PartySummary] = {
        s.party.pk: compliance.PartySummary(party=s.party) for s in summaries
    }
    for _round, party_id, state, n, endorsed, in_time, started in reports_slot_counts(
        user, due_dates, instrument_ids, list(expected)
    ):
        compliance._fold(expected[party_id].counts, state, n, endorsed, started)
        expected[party_id].on_time += in_time
    assert [(s.party.code, s.counts, s.on_time) for s in summaries] == [
        (e.party.code, e.counts, e.on_time) for e in expected.values()
    ]
    # IDN's endorsed report, before the cutoff (a focal point of Japan sees only Japan's row)
    assert sum(s.on_time for s in summaries) == (0 if reader == "jpn_focal" else 1)


@pytest.mark.parametrize("reader", READERS)
def test_the_round_pages_state_counts_are_the_gates(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    round_ = ReportingRound.objects.visible_to(user).filter(pk=varied.pk).first()
    if round_ is None:
        assert reader == "outsider"
        return
    round_.visible_instruments = list(
        compliance.Instrument.objects.visible_to(user).filter(reporting_rounds=round_)
    )
    expected: dict[int, dict[str, int]] = defaultdict(dict)
    for party_id, state, n in (
        ProgressReport.objects.visible_to(user)
        .filter(round=round_)
        .order_by()
        .values_list("party_id", "state")
        .annotate(n=Count("*"))
    ):
        expected[party_id][state] = n
    assert compliance.round_state_counts(round_, user=user) == expected
    drafts = sum(c.get("draft", 0) for c in expected.values())
    assert drafts == {"secretariat": 0, "idn_focal": 1, "jpn_focal": 1}.get(reader, drafts)


def _rows_from_the_reports(user: Any, round_: ReportingRound, party_ids: list[int]) -> list[int]:
    """The matrix's activities as found from the reports: visible, with a slot in scope."""
    from django.db.models import Exists, OuterRef

    from mufakat.workplans.models import Activity

    instrument_ids = compliance._instrument_ids(user, [round_.pk])
    slots = ProgressReport.objects.filter(round=round_, party_id__in=party_ids)
    return list(
        Activity.objects.visible_to(user)
        .filter(priority_area__instrument_id__in=instrument_ids)
        .filter(Exists(slots.filter(activity_id=OuterRef("pk"))))
        .order_by("priority_area__instrument__title", "priority_area__position", "code", "pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("reader", ["secretariat", "idn_focal", "jpn_focal"])
@pytest.mark.parametrize("per_page", [None, 1, 2])
def test_the_matrix_lists_and_counts_the_activities_the_reports_have_slots_for(
    varied: ReportingRound, reader: str, per_page: int | None, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    round_ = compliance.get_compliance_round(user=user, pk=varied.pk)
    parties = [p.pk for p in compliance.compliance_scope(round_, user=user)]
    expected = _rows_from_the_reports(user, round_, parties)
    listed: list[int] = []
    page = 1
    while True:
        matrix = compliance.compliance_matrix(round_, user=user, page=page, per_page=per_page)
        assert matrix.total_rows == len(expected)
        listed += [row.activity_id for row in matrix.rows]
        if per_page is None or page * per_page >= matrix.total_rows:
            break
        page += 1
    assert listed == expected


def test_a_party_no_longer_reporting_keeps_its_slots_out_of_the_matrix(
    varied: ReportingRound, secretariat: User
) -> None:
    """Reports of a party taken off the round's reporting parties are no slot in scope: the
    activities only they report on are not listed (the tallies count them, so the matrix
    finds its activities from the reports there)."""
    jpn = Party.objects.get(code="JPN")
    report_of(varied, "CT-2", "IDN").delete()  # CT-2: Japan's report alone
    varied.reporting_parties.remove(jpn)
    round_ = compliance.get_compliance_round(user=secretariat, pk=varied.pk)
    parties = [p.pk for p in compliance.compliance_scope(round_, user=secretariat)]
    assert jpn.pk not in parties
    expected = _rows_from_the_reports(secretariat, round_, parties)
    matrix = compliance.compliance_matrix(round_, user=secretariat, per_page=100)
    assert [row.activity_id for row in matrix.rows] == expected
    assert matrix.total_rows == len(expected)
    assert report_of(varied, "CT-2", "JPN").activity_id not in expected


@pytest.mark.parametrize("reader", READERS)
def test_the_slotted_activities_are_the_activity_tallies_the_gate_shows(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    """Read by the round and instruments the reader found through the gate, the activity
    tallies are exactly those ``ActivityTally.objects.visible_to`` gives there."""
    user = request.getfixturevalue(reader)
    _due_dates, instrument_ids = _gated(user, varied)
    found = compliance._slotted_activities(varied.pk, instrument_ids)
    gated = ActivityTally.objects.visible_to(user).filter(round_id=varied.pk)
    assert sorted(found.values_list("pk", flat=True)) == sorted(gated.values_list("pk", flat=True))


@pytest.mark.parametrize("reader", READERS)
def test_the_activities_on_gated_instruments_are_the_activities_the_gate_shows(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    """Read on the instruments the reader found through the gate, the matrix's activities are
    exactly those ``Activity.objects.visible_to`` gives on them."""
    from mufakat.workplans.models import Activity

    user = request.getfixturevalue(reader)
    instrument_ids = compliance._instrument_ids(user, [varied.pk])
    everything = list(compliance.Instrument.objects.values_list("pk", flat=True))
    gated = Activity.objects.visible_to(user).filter(priority_area__instrument_id__in=everything)
    found = compliance._activities_on(instrument_ids)
    assert sorted(found.values_list("pk", flat=True)) == sorted(
        gated.filter(priority_area__instrument_id__in=instrument_ids).values_list("pk", flat=True)
    )
