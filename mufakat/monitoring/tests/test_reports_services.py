# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The reporting workflow through its services: open, save, submit, review, percent modes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.monitoring.models import (
    PercentMode,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    ReportVersion,
)
from mufakat.monitoring.services import (
    close_round,
    reopen_round,
    review_report,
    save_report,
    set_percent_mode,
)
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    idn_ct2,
    idn_focal_2,
    plan,
    report_of,
    round_,
    start_round,
)

pytestmark = pytest.mark.django_db


def _submit(actor: User, report: ProgressReport, **changes: object) -> ProgressReport:
    values = {"status": ProgressStatus.ON_TRACK, "percent": 40, "narrative": "Going well."}
    values.update(changes)
    return save_report(
        actor=actor,
        report=report,
        changes=values,
        expected_version=report.lock_version,
        submit=True,
    )


def test_opening_a_round_creates_a_draft_report_per_activity_and_involved_party(
    round_: ReportingRound,
) -> None:
    made = sorted(
        ProgressReport.objects.filter(round=round_).values_list("activity__code", "party__code")
    )
    assert made == [
        ("CT-1", "IDN"),
        ("CT-1", "JPN"),
        ("CT-2", "IDN"),
        ("CT-2", "JPN"),
        ("CT-3", "IDN"),
    ]
    assert set(ProgressReport.objects.values_list("state", "status")) == {
        (ProgressReport.State.DRAFT, ProgressStatus.NOT_REPORTED)
    }
    assert round_.status == ReportingRound.Status.OPEN


def test_opening_a_round_denormalises_the_instrument_and_priority_area(
    round_: ReportingRound, plan: Plan
) -> None:
    report = report_of(round_, "CT-2", "JPN")
    assert report.instrument == plan.instrument
    assert report.priority_area == plan.ct2.priority_area


def test_opening_a_round_is_audited(round_: ReportingRound) -> None:
    actions = set(
        AuditEvent.objects.filter(object_id=str(round_.pk)).values_list("action", flat=True)
    )
    assert {"reportinground.open", "reportinground.reports_created"} <= actions


def test_a_focal_point_cannot_open_a_round(idn_focal: User, plan: Plan) -> None:
    with pytest.raises(PermissionDenied):
        start_round(idn_focal, plan)


def test_a_round_cannot_be_due_before_it_opens(secretariat: User, plan: Plan) -> None:
    with pytest.raises(ValidationError) as error:
        start_round(secretariat, plan, opens_on="2024-06-02")
    assert "due_date" in error.value.error_dict


def test_an_unknown_reporting_party_is_refused_on_its_field(secretariat: User, plan: Plan) -> None:
    with pytest.raises(ValidationError) as error:
        start_round(secretariat, plan, reporting_parties=["XXX"])
    assert "reporting_parties" in error.value.error_dict


def test_an_audience_wider_than_its_tlp_is_refused(secretariat: User, plan: Plan) -> None:
    with pytest.raises(ValidationError) as error:
        start_round(secretariat, plan, audience="platform", tlp="AMBER")
    assert "audience" in error.value.error_dict


def test_saving_a_draft_keeps_it_a_draft_and_bumps_the_version(
    idn_focal: User, idn_ct1: ProgressReport
) -> None:
    saved = save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"status": "on_track", "percent": "40", "narrative": "Planned for May."},
        expected_version=idn_ct1.lock_version,
    )
    assert (saved.state, saved.status, saved.percent) == ("draft", "on_track", 40)
    assert saved.lock_version == idn_ct1.lock_version + 1
    assert not saved.versions.exists()
    assert AuditEvent.objects.filter(action="progressreport.save", object_id=str(saved.pk)).exists()


def test_a_save_that_changes_nothing_changes_nothing(
    idn_focal: User, idn_ct1: ProgressReport
) -> None:
    first = save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"status": "on_track", "percent": 40, "indicators": {}},
        expected_version=None,
    )
    events = AuditEvent.objects.count()
    again = save_report(
        actor=idn_focal,
        report=first,
        changes={"status": "on_track", "percent": 40},
        expected_version=idn_ct1.lock_version,  # stale, but nothing would change
    )
    assert again.lock_version == first.lock_version
    assert AuditEvent.objects.count() == events


def test_a_second_focal_point_saving_a_stale_copy_gets_a_conflict(
    idn_focal: User, idn_focal_2: User, idn_ct1: ProgressReport
) -> None:
    loaded = idn_ct1.lock_version
    save_report(
        actor=idn_focal, report=idn_ct1, changes={"narrative": "Mine."}, expected_version=loaded
    )
    with pytest.raises(ConflictError):
        save_report(
            actor=idn_focal_2,
            report=idn_ct1,
            changes={"narrative": "Theirs."},
            expected_version=loaded,
        )
    assert ProgressReport.objects.get(pk=idn_ct1.pk).narrative == "Mine."


def test_the_focal_point_of_japan_cannot_edit_indonesias_report(
    jpn_focal: User, idn_ct1: ProgressReport
) -> None:
    with pytest.raises(PermissionDenied):
        save_report(
            actor=jpn_focal, report=idn_ct1, changes={"narrative": "x"}, expected_version=None
        )


def test_the_secretariat_does_not_write_a_partys_report(
    secretariat: User, idn_ct1: ProgressReport
) -> None:
    with pytest.raises(PermissionDenied):
        save_report(
            actor=secretariat, report=idn_ct1, changes={"narrative": "x"}, expected_version=None
        )


@pytest.mark.parametrize(
    ("status", "percent"),
    [
        ("on_track", 101),
        ("on_track", -1),
        ("on_track", "forty"),
        ("on_track", 12.5),
        ("completed", 80),
        ("not_started", 10),
        ("cancelled", 30),
        ("on_track", 100),
    ],
)
def test_a_percent_that_is_out_of_range_or_contradicts_the_status_is_refused(
    idn_focal: User, idn_ct1: ProgressReport, status: str, percent: object
) -> None:
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal,
            report=idn_ct1,
            changes={"status": status, "percent": percent},
            expected_version=None,
        )
    assert "percent" in error.value.error_dict


def test_an_unknown_status_is_refused_on_its_field(
    idn_focal: User, idn_ct1: ProgressReport
) -> None:
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal, report=idn_ct1, changes={"status": "done"}, expected_version=None
        )
    assert "status" in error.value.error_dict


def test_a_report_cannot_be_submitted_without_a_status(
    idn_focal: User, idn_ct1: ProgressReport
) -> None:
    with pytest.raises(ValidationError) as error:
        save_report(actor=idn_focal, report=idn_ct1, changes={}, expected_version=None, submit=True)
    assert "status" in error.value.error_dict


def test_indicator_values_are_saved_and_checked(
    idn_focal: User, idn_ct1: ProgressReport, plan: Plan
) -> None:
    saved = save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"indicators": {plan.people.pk: "45", str(plan.quality.pk): "Good"}},
        expected_version=None,
    )
    values = {v.indicator_id: (v.numeric_value, v.text_value) for v in saved.indicator_values.all()}
    assert values[plan.people.pk][0] == 45
    assert values[plan.quality.pk][1] == "Good"
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal,
            report=idn_ct1,
            changes={"indicators": {plan.people.pk: "many"}},
            expected_version=None,
        )
    assert f"indicator_{plan.people.pk}" in error.value.error_dict


def test_an_indicator_of_another_activity_is_refused(
    idn_focal: User, idn_ct2: ProgressReport, plan: Plan
) -> None:
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal,
            report=idn_ct2,
            changes={"indicators": {plan.people.pk: "3"}},
            expected_version=None,
        )
    assert "indicators" in error.value.error_dict


def test_submitting_writes_version_one(idn_focal: User, idn_ct1: ProgressReport) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    assert submitted.state == ProgressReport.State.SUBMITTED
    assert submitted.submitted_by == idn_focal
    version = ReportVersion.objects.get(report=submitted)
    assert (version.number, version.state) == (1, "submitted")
    assert version.data["percent"] == 40


def test_a_submitted_report_can_no_longer_be_changed_by_its_party(
    idn_focal: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal, report=submitted, changes={"narrative": "x"}, expected_version=None
        )
    assert "state" in error.value.error_dict


def test_return_fix_and_resubmit_keeps_every_submission_as_a_version(
    idn_focal: User, secretariat: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    returned = review_report(
        actor=secretariat, report=submitted, accept=False, comment="Percent looks high."
    )
    assert returned.state == ProgressReport.State.RETURNED
    assert returned.review_comment == "Percent looks high."
    fixed = _submit(idn_focal, returned, percent=30)
    assert list(fixed.versions.values_list("number", flat=True)) == [1, 2]
    second = fixed.versions.get(number=2).data
    assert (second["percent"], second["review_comment"]) == (30, "Percent looks high.")
    accepted = review_report(actor=secretariat, report=fixed, accept=True)
    assert accepted.state == ProgressReport.State.ACCEPTED
    assert AuditEvent.objects.filter(action="progressreport.accept").exists()


def test_returning_a_report_needs_a_comment(
    idn_focal: User, secretariat: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    with pytest.raises(ValidationError) as error:
        review_report(actor=secretariat, report=submitted, accept=False)
    assert "comment" in error.value.error_dict


def test_the_lead_party_endorses_and_the_secretariat_then_accepts(
    idn_focal: User, jpn_focal: User, secretariat: User, idn_ct2: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct2)  # CT-2 is led by Japan
    endorsed = review_report(actor=jpn_focal, report=submitted, accept=True, comment="Fine.")
    assert endorsed.state == ProgressReport.State.SUBMITTED
    assert endorsed.lead_reviewed_by == jpn_focal
    with pytest.raises(PermissionDenied):
        review_report(actor=jpn_focal, report=endorsed, accept=True)
    accepted = review_report(actor=secretariat, report=endorsed, accept=True)
    assert accepted.state == ProgressReport.State.ACCEPTED


def test_a_party_does_not_review_its_own_report(idn_focal: User, idn_ct1: ProgressReport) -> None:
    submitted = _submit(idn_focal, idn_ct1)  # CT-1 is led by Indonesia itself
    with pytest.raises(PermissionDenied):
        review_report(actor=idn_focal, report=submitted, accept=True)


def test_a_participating_party_does_not_review(
    idn_focal: User, jpn_focal: User, round_: ReportingRound
) -> None:
    report = report_of(round_, "CT-3", "IDN")  # led by Indonesia only
    submitted = _submit(idn_focal, report)
    with pytest.raises(PermissionDenied):
        review_report(actor=jpn_focal, report=submitted, accept=True)


def test_in_derived_mode_the_percent_follows_the_status(
    secretariat: User, idn_focal: User, idn_ct1: ProgressReport, plan: Plan
) -> None:
    set_percent_mode(actor=secretariat, instrument=plan.instrument, mode=PercentMode.DERIVED)
    saved = save_report(
        actor=idn_focal, report=idn_ct1, changes={"status": "on_track"}, expected_version=None
    )
    assert (saved.percent, saved.percent_derived) == (50, True)
    # A form sends the derived value back unchanged: it still follows the status.
    saved = save_report(
        actor=idn_focal,
        report=saved,
        changes={"status": "completed", "percent": 50},
        expected_version=None,
    )
    assert (saved.percent, saved.percent_derived) == (100, True)


def test_in_derived_mode_an_entered_percent_is_never_overwritten(
    secretariat: User, idn_focal: User, idn_ct1: ProgressReport, plan: Plan
) -> None:
    set_percent_mode(actor=secretariat, instrument=plan.instrument, mode=PercentMode.DERIVED)
    saved = save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"status": "on_track", "percent": 70},
        expected_version=None,
    )
    assert (saved.percent, saved.percent_derived) == (70, False)
    saved = save_report(
        actor=idn_focal, report=saved, changes={"status": "delayed"}, expected_version=None
    )
    assert (saved.percent, saved.percent_derived) == (70, False)
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal, report=saved, changes={"status": "completed"}, expected_version=None
        )
    assert "percent" in error.value.error_dict
    assert ProgressReport.objects.get(pk=saved.pk).percent == 70


def test_only_the_secretariat_sets_the_percent_mode(idn_focal: User, plan: Plan) -> None:
    with pytest.raises(PermissionDenied):
        set_percent_mode(actor=idn_focal, instrument=plan.instrument, mode=PercentMode.DERIVED)


def test_a_closed_round_takes_no_more_reports_until_reopened(
    secretariat: User, idn_focal: User, round_: ReportingRound, idn_ct1: ProgressReport
) -> None:
    closed = close_round(actor=secretariat, round=round_)
    assert closed.status == ReportingRound.Status.CLOSED
    with pytest.raises(ValidationError) as error:
        save_report(
            actor=idn_focal, report=idn_ct1, changes={"narrative": "x"}, expected_version=None
        )
    assert "round" in error.value.error_dict
    reopen_round(actor=secretariat, round=closed)
    save_report(actor=idn_focal, report=idn_ct1, changes={"narrative": "x"}, expected_version=None)


def test_a_focal_point_cannot_close_a_round(idn_focal: User, round_: ReportingRound) -> None:
    with pytest.raises(PermissionDenied):
        close_round(actor=idn_focal, round=round_)
