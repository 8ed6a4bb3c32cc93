# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The tallies the database keeps equal a count over the reports after every kind of write.

``expected`` groups the reports in Python by the tallies' keys; every test compares it with the
stored tallies after a write path: the services (save, submit, review by the lead and by the
Secretariat), a bulk ``UPDATE``, a raw ``DELETE``, a round deleted with its reports, and a change
of due date that moves reports between on time and late.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from mufakat.accounts.models import User
from mufakat.monitoring import tallies
from mufakat.monitoring.models import (
    ActivityTally,
    ProgressReport,
    ReportingRound,
    ReportTally,
    SlotTally,
    due_cutoff,
)
from mufakat.monitoring.services import review_report, save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    report_of,
    round_,
    submit_on_track,
)

pytestmark = pytest.mark.django_db


def _started(r: ProgressReport) -> bool:
    return r.state == "draft" and (
        r.lock_version > 1
        or r.status != "not_reported"
        or r.narrative != ""
        or r.percent is not None
    )


def expected() -> tuple[Counter[Any], Counter[Any], Counter[Any]]:
    """The tallies computed in Python from every report."""
    cutoffs = {r.pk: due_cutoff(r.due_date) for r in ReportingRound.objects.all()}
    reports: Counter[Any] = Counter()
    slots: Counter[Any] = Counter()
    activities: Counter[Any] = Counter()
    for r in ProgressReport.objects.all():
        in_time = r.submitted_at is not None and r.submitted_at < cutoffs[r.round_id]
        key = (r.instrument_id, r.round_id, r.priority_area_id, r.party_id, r.status, r.state)
        reports[(*key, in_time, "n")] += 1
        reports[(*key, in_time, "pct_n")] += r.percent is not None
        reports[(*key, in_time, "pct_sum")] += r.percent or 0
        endorsed = r.state == "submitted" and r.lead_reviewed_at is not None
        slot = (r.round_id, r.instrument_id, r.party_id, r.state, endorsed, _started(r), in_time)
        slots[slot] += 1
        activities[(r.round_id, r.instrument_id, r.activity_id)] += 1
    return +reports, +slots, +activities


def stored() -> tuple[Counter[Any], Counter[Any], Counter[Any]]:
    reports: Counter[Any] = Counter()
    for t in ReportTally.objects.all():
        key = (t.instrument_id, t.round_id, t.priority_area_id, t.party_id, t.status, t.state)
        for column in ("n", "pct_n", "pct_sum"):
            reports[(*key, t.in_time, column)] += getattr(t, column)
    slots: Counter[Any] = Counter()
    for s in SlotTally.objects.all():
        slot = (s.round_id, s.instrument_id, s.party_id, s.state, s.endorsed, s.started, s.in_time)
        slots[slot] += s.n
    activities: Counter[Any] = Counter()
    for a in ActivityTally.objects.all():
        activities[(a.round_id, a.instrument_id, a.activity_id)] += a.n
    return +reports, +slots, +activities


def assert_tallies_match() -> None:
    assert stored() == expected()
    # No key is kept at zero or below.
    assert not ReportTally.objects.filter(n__lte=0).exists()
    assert not SlotTally.objects.filter(n__lte=0).exists()
    assert not ActivityTally.objects.filter(n__lte=0).exists()


def test_opening_a_round_counts_every_expected_report_as_a_draft(round_: ReportingRound) -> None:
    assert SlotTally.objects.filter(round=round_).exists()
    assert sum(SlotTally.objects.filter(round=round_).values_list("n", flat=True)) == (
        round_.reports.count()
    )
    assert_tallies_match()


def test_saving_submitting_and_reviewing_move_each_report_to_its_new_key(
    round_: ReportingRound, secretariat: User, idn_focal: User, jpn_focal: User
) -> None:
    save_report(
        actor=idn_focal,
        report=report_of(round_, "CT-3", "IDN"),
        changes={"status": "delayed", "percent": 20},
        expected_version=None,
    )
    assert_tallies_match()
    accepted = submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"), "Going well")
    review_report(actor=secretariat, report=accepted, accept=True)
    assert_tallies_match()
    endorsed = submit_on_track(idn_focal, report_of(round_, "CT-2", "IDN"), "Going well")
    review_report(actor=jpn_focal, report=endorsed, accept=True)
    assert_tallies_match()
    returned = submit_on_track(jpn_focal, report_of(round_, "CT-1", "JPN"), "Going well")
    review_report(actor=secretariat, report=returned, accept=False, comment="Add figures")
    assert_tallies_match()
    assert SlotTally.objects.filter(round=round_, endorsed=True).get().n == 1
    assert SlotTally.objects.filter(round=round_, started=True).get().n == 1


def test_bulk_updates_and_raw_deletes_keep_the_tallies(
    round_: ReportingRound, idn_focal: User
) -> None:
    submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"))
    ProgressReport.objects.filter(round=round_, party__code="JPN").update(
        status="completed", percent=100, state="submitted", submitted_at=dt.datetime.now(dt.UTC)
    )
    assert_tallies_match()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ProgressReport._meta.db_table} WHERE id = %s",
            [report_of(round_, "CT-1", "JPN").pk],
        )
    assert_tallies_match()


def test_deleting_a_round_with_its_reports_leaves_no_tally(
    round_: ReportingRound, idn_focal: User
) -> None:
    submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"))
    round_.delete()
    assert not ReportTally.objects.exists()
    assert not SlotTally.objects.exists()
    assert not ActivityTally.objects.exists()


def test_moving_the_due_date_recounts_what_was_on_time(
    round_: ReportingRound, idn_focal: User
) -> None:
    round_.due_date = dt.date.today() + dt.timedelta(days=30)
    round_.save(update_fields=["due_date"])
    submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"))
    assert SlotTally.objects.filter(round=round_, in_time=True).exists()
    assert_tallies_match()
    round_.due_date = round_.opens_on
    round_.save(update_fields=["due_date"])
    round_.refresh_from_db()
    assert round_.due_cutoff == due_cutoff(round_.due_date)
    assert not SlotTally.objects.filter(round=round_, in_time=True).exists()
    assert_tallies_match()


def test_a_recount_gives_the_tallies_the_triggers_kept(
    round_: ReportingRound, secretariat: User, idn_focal: User
) -> None:
    accepted = submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"), "Going well")
    review_report(actor=secretariat, report=accepted, accept=True)
    before = stored()
    tallies.recount()
    assert stored() == before
    assert_tallies_match()


def test_a_draft_tally_is_seen_only_by_its_party_like_the_draft(
    round_: ReportingRound, idn_focal: User, jpn_focal: User, secretariat: User
) -> None:
    save_report(
        actor=idn_focal,
        report=report_of(round_, "CT-3", "IDN"),
        changes={"status": "delayed"},
        expected_version=None,
    )
    for reader in (idn_focal, jpn_focal, secretariat):
        visible = ProgressReport.objects.visible_to(reader).filter(round=round_)
        counted = SlotTally.objects.visible_to(reader).filter(round=round_)
        assert sum(t.n for t in counted) == visible.count()
        assert sum(t.n for t in ReportTally.objects.visible_to(reader).filter(round=round_)) == (
            visible.count()
        )


def test_the_operators_command_finds_drift_and_repairs_it(
    round_: ReportingRound, idn_focal: User
) -> None:
    submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"))
    call_command("recount_tallies", "--check", stdout=StringIO())
    SlotTally.objects.filter(round=round_).update(n=7)
    with pytest.raises(CommandError, match="Tallies differ"):
        call_command("recount_tallies", "--check", stdout=StringIO())
    out = StringIO()
    call_command("recount_tallies", stdout=out)
    assert "counted again" in out.getvalue()
    assert_tallies_match()
    assert tallies.drift() == {
        "monitoring_reporttally": 0,
        "monitoring_slottally": 0,
        "monitoring_activitytally": 0,
    }
    ActivityTally.objects.filter(round=round_).delete()
    assert tallies.drift()["monitoring_activitytally"] > 0
    call_command("recount_tallies", stdout=StringIO())
    assert_tallies_match()


def test_opening_a_round_tallies_each_activity_with_its_expected_reports(
    round_: ReportingRound,
) -> None:
    tallied = {t.activity.code: t.n for t in ActivityTally.objects.filter(round=round_)}
    assert tallied == {"CT-1": 2, "CT-2": 2, "CT-3": 1}  # CT-4: no reporting party


def test_a_report_moved_to_another_activity_moves_its_activity_tally(
    round_: ReportingRound,
) -> None:
    moved = report_of(round_, "CT-1", "IDN")
    other = report_of(round_, "CT-3", "IDN")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ProgressReport._meta.db_table} WHERE id = %s", [other.pk])
        cursor.execute(
            f"UPDATE {ProgressReport._meta.db_table} SET activity_id = %s WHERE id = %s",
            [other.activity_id, moved.pk],
        )
    assert_tallies_match()


def test_generated_data_is_tallied_once_per_round_with_the_triggers_back_afterwards() -> None:
    from mufakat.monitoring.synthetic import Generator

    Generator(scale=0.02, seed=3, freeze=False, log=lambda _m: None).run()
    assert ProgressReport.objects.exists()
    assert_tallies_match()
    report = ProgressReport.objects.filter(state="draft").first()
    assert report is not None
    ProgressReport.objects.filter(pk=report.pk).update(state="submitted", percent=40)
    assert_tallies_match()


def test_a_due_date_changed_around_save_is_refused_by_the_database(
    round_: ReportingRound,
) -> None:
    with pytest.raises(IntegrityError, match="due_cutoff"), transaction.atomic():
        ReportingRound.objects.filter(pk=round_.pk).update(
            due_date=round_.due_date + dt.timedelta(days=3)
        )
    round_.due_date += dt.timedelta(days=3)
    round_.save()
    round_.refresh_from_db()
    assert round_.due_cutoff == due_cutoff(round_.due_date)
