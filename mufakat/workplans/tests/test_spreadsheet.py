"""A work plan in and out of a workbook: the round trip, every problem named where it is, the
idempotent re-upload, a new plan from the blank template, the guards and the pages."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mufakat.accounts.models import Role
from mufakat.audit.models import AuditEvent
from mufakat.conftest import client_for
from mufakat.monitoring.models import IndicatorValue, ProgressReport, ReportingRound
from mufakat.registry.models import Party
from mufakat.testing.factories import UserFactory
from mufakat.workplans import services as workplan_services
from mufakat.workplans.models import (
    Activity,
    Indicator,
    Instrument,
    InstrumentVersion,
    PriorityArea,
    SpreadsheetUpload,
)
from mufakat.workplans.spreadsheet import services
from mufakat.workplans.spreadsheet.services import Preview
from mufakat.workplans.tests.spreadsheet_support import (
    append,
    download,
    edited,
    row_of,
    rows,
    set_cell,
    set_field,
)

pytestmark = pytest.mark.django_db


def upload(user: Any, instrument: Instrument | None, content: bytes) -> Preview:
    return services.preview_upload(
        actor=user, instrument=instrument, data=content, filename="plan.xlsx"
    )


def confirm(user: Any, preview: Preview) -> services.Applied:
    assert preview.upload is not None, preview.problems
    return services.confirm_upload(
        actor=user, upload=preview.upload, fingerprint=preview.fingerprint
    )


def problems_of(preview: Preview) -> list[tuple[str, int | None, str, str]]:
    return [(p.sheet, p.row, p.column, p.message) for p in preview.problems]


def versions(instrument: Instrument) -> int:
    return InstrumentVersion.objects.filter(instrument=instrument).count()


def a_round(instrument: Instrument, activity: Activity, party: Party) -> ProgressReport:
    round_ = ReportingRound.objects.create(
        title="Round 2025",
        opens_on=dt.date(2025, 1, 1),
        due_date=dt.date(2025, 3, 1),
        status=ReportingRound.Status.OPEN,
    )
    round_.instruments.set([instrument])
    return ProgressReport.objects.create(
        round=round_,
        activity=activity,
        party=party,
        instrument=instrument,
        priority_area=activity.priority_area,
        status="on_track",
    )


# -- the download ------------------------------------------------------------------------------


def test_the_download_has_instructions_the_plan_and_hidden_code_lists(
    work_plan: Instrument, idn_focal: Any
) -> None:
    workbook = load_workbook(io.BytesIO(download(idn_focal, work_plan)))
    assert workbook.sheetnames[:5] == [
        "instructions",
        "instrument",
        "priority_areas",
        "activities",
        "indicators",
    ]
    assert workbook["codes"].sheet_state == "hidden"
    assert [r["title"] for r in rows(workbook, "priority_areas")] == [
        "Counter terrorism",
        "Cybercrime",
    ]
    training = next(r for r in rows(workbook, "activities") if r["code"] == "CT-1")
    assert training["lead_parties"] == "JPN"
    assert training["participating_parties"] == "IDN"
    assert training["priority_area"] == 1
    (indicator,) = rows(workbook, "indicators")
    assert indicator == {
        "activity": "CT-1",
        "name": "Officers trained",
        "kind": "numeric",
        "unit": "officers",
        "baseline": "0",
        "target": "120",
    }
    party_codes = [r["party"] for r in rows(workbook, "codes") if r["party"]]
    assert {"IDN", "JPN"} <= set(party_codes)
    lists = {v.formula1 for ws in workbook.worksheets for v in ws.data_validations.dataValidation}
    assert any(f.startswith("codes!$A$2") for f in lists)  # parties
    assert any(f.startswith("priority_areas!$A$2") for f in lists)
    assert any(f.startswith("codes!$E$2") for f in lists)  # indicator kinds


def test_a_title_that_looks_like_a_formula_is_exported_as_text(
    work_plan: Instrument, secretariat: Any
) -> None:
    Activity.objects.filter(code="CY-1").update(title='=HYPERLINK("http://evil","x")')
    workbook = load_workbook(io.BytesIO(download(secretariat, work_plan)))
    row = row_of(workbook, "activities", "code", "CY-1")
    cell = workbook["activities"].cell(row=row, column=3)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil","x")'


# -- the round trip ----------------------------------------------------------------------------


def test_an_edited_workbook_changes_the_plan_as_one_audited_version(
    work_plan: Instrument, secretariat: Any
) -> None:
    def change(workbook: Workbook) -> None:
        append(
            workbook,
            "activities",
            {
                "code": "CT-2",
                "priority_area": 1,
                "title": "Joint exercise on border security",
                "lead_parties": "IDN, JPN",
                "start_year": 2025,
                "end_year": 2026,
            },
        )
        append(
            workbook,
            "indicators",
            {"activity": "CT-2", "name": "Exercises held", "kind": "numeric", "target": "2"},
        )
        set_cell(
            workbook, "activities", row_of(workbook, "activities", "code", "CY-1"), "end_year", 2026
        )
        set_field(workbook, "short_title", "AJ Work Plan")

    before = versions(work_plan)
    events = AuditEvent.objects.count()
    preview = upload(secretariat, work_plan, edited(download(secretariat, work_plan), change))
    assert preview.ok, preview.problems
    assert [(i.what, i.action, i.label) for i in preview.diff.items] == [
        ("instrument", "changed", work_plan.title),
        ("activity", "changed", "CY-1 Workshop on cybercrime evidence"),
        ("activity", "added", "CT-2 Joint exercise on border security"),
        ("indicator", "added", "CT-2 · Exercises held"),
    ]
    (end_year,) = preview.diff.of("activity", "changed")[0].changes
    assert (end_year.label, end_year.before, end_year.after) == ("to year", "—", "2026")

    applied = confirm(secretariat, preview)

    assert versions(work_plan) == before + 1
    assert (
        applied.version
        == InstrumentVersion.objects.filter(instrument=work_plan).latest("number").number
    )
    added = Activity.objects.get(code="CT-2")
    assert sorted(p.code for p in added.lead_parties.all()) == ["IDN", "JPN"]
    assert added.indicators.get().target == "2"
    assert Activity.objects.get(code="CY-1").end_year == 2026
    work_plan.refresh_from_db()
    assert work_plan.short_title == "AJ Work Plan"
    actions = list(AuditEvent.objects.order_by("id")[events:].values_list("action", flat=True))
    assert "activity.create" in actions and "activity.update" in actions
    assert actions[-1] == "instrument.spreadsheet_import"


def test_uploading_the_same_file_again_changes_nothing_and_writes_no_version(
    work_plan: Instrument, secretariat: Any
) -> None:
    content = download(secretariat, work_plan)
    before = versions(work_plan)
    preview = upload(secretariat, work_plan, content)
    assert preview.ok and preview.diff.empty
    applied = confirm(secretariat, preview)
    assert applied.version is None
    assert versions(work_plan) == before

    changed = edited(content, lambda wb: set_field(wb, "title", "Renamed plan"))
    confirm(secretariat, upload(secretariat, work_plan, changed))
    again = upload(secretariat, work_plan, changed)
    assert again.diff.empty
    assert confirm(secretariat, again).version is None
    assert versions(work_plan) == before + 1


def test_removed_rows_remove_activities_indicators_and_areas(
    work_plan: Instrument, secretariat: Any
) -> None:
    def change(workbook: Workbook) -> None:
        workbook["activities"].delete_rows(row_of(workbook, "activities", "code", "CY-1"))
        workbook["priority_areas"].delete_rows(row_of(workbook, "priority_areas", "number", 2))
        workbook["indicators"].delete_rows(2)

    preview = upload(secretariat, work_plan, edited(download(secretariat, work_plan), change))
    assert preview.ok, preview.problems
    assert {(i.what, i.action) for i in preview.diff.items} == {
        ("priority_area", "removed"),
        ("activity", "removed"),
        ("indicator", "removed"),
    }
    confirm(secretariat, preview)
    assert not Activity.objects.filter(code="CY-1").exists()
    assert not PriorityArea.objects.filter(title="Cybercrime").exists()
    assert not Indicator.objects.exists()


def test_a_renamed_indicator_is_changed_not_removed_and_added(
    work_plan: Instrument, secretariat: Any
) -> None:
    indicator = Indicator.objects.get()
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(wb, "indicators", 2, "name", "Investigators trained"),
    )
    preview = upload(secretariat, work_plan, content)
    assert [(i.action, [c.after for c in i.changes]) for i in preview.diff.items] == [
        ("changed", ["Investigators trained"])
    ]
    confirm(secretariat, preview)
    indicator.refresh_from_db()
    assert indicator.name == "Investigators trained"


# -- every problem, by sheet, row and column ---------------------------------------------------


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_kept(
    work_plan: Instrument, secretariat: Any
) -> None:
    def change(workbook: Workbook) -> None:
        row = row_of(workbook, "activities", "code", "CY-1")
        set_cell(workbook, "activities", row, "lead_parties", "IDN, XXX")
        set_cell(workbook, "activities", row, "start_year", 2026)
        set_cell(workbook, "activities", row, "end_year", 2024)
        append(workbook, "activities", {"code": "ct-1", "priority_area": 1, "title": "Twice"})
        append(workbook, "activities", {"code": "CT-9", "priority_area": 7, "title": "Lost"})
        append(workbook, "activities", {"code": "CT-8", "priority_area": 1, "title": "=1+1"})
        append(workbook, "activities", {"code": "CT-7", "priority_area": 1})
        set_cell(workbook, "priority_areas", 2, "crime_areas", "terrorism, piracy_at_large")

    content = edited(download(secretariat, work_plan), change)
    uploads = SpreadsheetUpload.objects.count()
    preview = upload(secretariat, work_plan, content)
    assert problems_of(preview) == [
        ("priority_areas", 2, "crime_areas (D)", "Unknown crime area code: piracy_at_large."),
        ("activities", 3, "lead_parties (E)", "Unknown party code: XXX."),
        (
            "activities",
            3,
            "end_year (H)",
            "The activity cannot end (2024) before it starts (2026).",
        ),
        (
            "activities",
            4,
            "code (A)",
            "The activity code ct-1 is also on row 2; each activity needs its own code.",
        ),
        (
            "activities",
            5,
            "priority_area (B)",
            "There is no priority area number 7 on the sheet “priority_areas”.",
        ),
        (
            "activities",
            6,
            "title (C)",
            "This cell holds a formula (=1+1); type the value itself.",
        ),
        ("activities", 7, "title (C)", "This value is required."),
    ]
    assert preview.upload is None
    assert SpreadsheetUpload.objects.count() == uploads


def test_an_unknown_indicator_activity_and_a_non_numeric_target_are_named(
    work_plan: Instrument, secretariat: Any
) -> None:
    def change(workbook: Workbook) -> None:
        set_cell(workbook, "indicators", 2, "target", "many")
        append(workbook, "indicators", {"activity": "ZZ-1", "name": "x", "kind": "qualitative"})
        append(workbook, "indicators", {"activity": "CT-1", "name": "y", "kind": "guess"})

    preview = upload(secretariat, work_plan, edited(download(secretariat, work_plan), change))
    assert problems_of(preview) == [
        (
            "indicators",
            2,
            "target (F)",
            "A numeric indicator needs a number here, not “many”.",
        ),
        (
            "indicators",
            3,
            "activity (A)",
            "There is no activity ZZ-1 on the sheet “activities”.",
        ),
        ("indicators", 4, "kind (C)", "Unknown kind “guess”; use one of: numeric, qualitative."),
    ]


def test_a_missing_sheet_a_missing_column_and_a_foreign_key_are_named(
    work_plan: Instrument, bali_work_plan: Instrument, secretariat: Any
) -> None:
    def change(workbook: Workbook) -> None:
        del workbook["indicators"]
        workbook["priority_areas"].delete_cols(2)  # title

    preview = upload(secretariat, work_plan, edited(download(secretariat, work_plan), change))
    assert problems_of(preview) == [
        (
            "priority_areas",
            1,
            "title",
            "The required column “title” is missing; start from a downloaded workbook.",
        ),
        (
            "indicators",
            None,
            "",
            "The sheet “indicators” is missing; start from a downloaded workbook.",
        ),
    ]
    other = upload(secretariat, bali_work_plan, download(secretariat, work_plan))
    assert problems_of(other)[0] == (
        "instrument",
        2,
        "value (B)",
        "This file is for the instrument “asean-japan-wp-2023-2027”, not “bali-wp-2019-2025”; "
        "upload it on that instrument's page, or change the key back.",
    )


def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(
    work_plan: Instrument, secretariat: Any
) -> None:
    preview = upload(secretariat, work_plan, b"code,title\nCT-1,x\n")
    assert [p.message for p in preview.problems] == [
        "This is not an Excel workbook (.xlsx). Upload the workbook you downloaded."
    ]


# -- guards ------------------------------------------------------------------------------------


def remove_training(workbook: Workbook) -> None:
    workbook["activities"].delete_rows(row_of(workbook, "activities", "code", "CT-1"))
    workbook["indicators"].delete_rows(2)


def test_removing_an_activity_with_progress_reports_is_refused(
    work_plan: Instrument, secretariat: Any, idn: Party
) -> None:
    training = Activity.objects.get(code="CT-1")
    a_round(work_plan, training, idn)
    content = edited(
        download(secretariat, work_plan),
        remove_training,
    )
    preview = upload(secretariat, work_plan, content)
    assert problems_of(preview) == [
        (
            "activities",
            None,
            "code",
            "Activity CT-1 has progress reports, so its row cannot be removed; put the row "
            "back (it can be marked cancelled in the next reporting round instead).",
        )
    ]
    with pytest.raises(Exception, match="has progress reports"):
        workplan_services.delete_activity(actor=secretariat, activity=training)
    assert Activity.objects.filter(pk=training.pk).exists()


def test_removing_an_indicator_with_reported_values_is_refused(
    work_plan: Instrument, secretariat: Any, idn: Party
) -> None:
    training = Activity.objects.get(code="CT-1")
    report = a_round(work_plan, training, idn)
    IndicatorValue.objects.create(report=report, indicator=training.indicators.get(), text_value="")
    content = edited(download(secretariat, work_plan), lambda wb: wb["indicators"].delete_rows(2))
    preview = upload(secretariat, work_plan, content)
    assert [p.message for p in preview.problems] == [
        "The indicator “Officers trained” of CT-1 has values in progress reports, so its row "
        "cannot be removed; put the row back."
    ]


def test_moving_an_activity_to_another_priority_area_is_refused(
    work_plan: Instrument, secretariat: Any
) -> None:
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(
            wb, "activities", row_of(wb, "activities", "code", "CT-1"), "priority_area", 2
        ),
    )
    ((sheet, row, column, message),) = problems_of(upload(secretariat, work_plan, content))
    assert (sheet, row, column) == ("activities", 2, "priority_area (B)")
    assert message.startswith("Activity CT-1 is under priority area 1")


def test_a_confirmation_after_someone_else_edited_the_plan_is_refused(
    work_plan: Instrument, secretariat: Any
) -> None:
    content = edited(download(secretariat, work_plan), lambda wb: set_field(wb, "title", "Mine"))
    preview = upload(secretariat, work_plan, content)
    before = versions(work_plan)
    workplan_services.update_activity(
        actor=secretariat,
        activity=Activity.objects.get(code="CY-1"),
        changes={"outputs": "A handbook"},
        expected_version=None,
    )
    with pytest.raises(services.StalePreview, match="changed by someone else"):
        confirm(secretariat, preview)
    work_plan.refresh_from_db()
    assert work_plan.title != "Mine"
    assert versions(work_plan) == before + 1  # the colleague's edit only
    assert Activity.objects.get(code="CY-1").outputs == "A handbook"


def test_only_editors_upload_and_only_the_uploader_confirms(
    work_plan: Instrument, secretariat: Any, idn_focal: Any, asec: Party
) -> None:
    content = download(secretariat, work_plan)
    with pytest.raises(PermissionDenied):
        upload(idn_focal, work_plan, content)
    preview = upload(secretariat, work_plan, content)
    assert preview.upload is not None
    colleague = UserFactory(username="colleague", party=asec, role=Role.SECRETARIAT)
    with pytest.raises(PermissionDenied, match="Only the person who uploaded"):
        services.confirm_upload(
            actor=colleague, upload=preview.upload, fingerprint=preview.fingerprint
        )
    url = reverse("workplans:spreadsheet_preview", args=[preview.upload.token])
    assert client_for(colleague).get(url).status_code == 404
    assert client_for(idn_focal).get(url).status_code == 403


# -- a new work plan from the blank template ---------------------------------------------------


def test_a_new_work_plan_is_created_from_the_blank_template(
    secretariat: Any, idn: Party, jpn: Party, terrorism: Any
) -> None:
    blank = download(secretariat, None)
    workbook = load_workbook(io.BytesIO(blank))
    assert rows(workbook, "activities") == []
    assert "instructions" in workbook.sheetnames

    def fill(workbook: Workbook) -> None:
        set_field(workbook, "key", "asean-korea-wp-2026-2030")
        set_field(workbook, "title", "ASEAN–Korea Work Plan 2026–2030")
        set_field(workbook, "kind", "work_plan")
        set_field(workbook, "start_year", 2026)
        set_field(workbook, "end_year", 2030)
        set_field(workbook, "parties", "IDN, JPN")
        append(
            workbook,
            "priority_areas",
            {"number": 1, "title": "Terrorism", "crime_areas": "terrorism"},
        )
        append(
            workbook,
            "activities",
            {"code": "T-1", "priority_area": 1, "title": "Workshop", "lead_parties": "IDN"},
        )
        append(workbook, "indicators", {"activity": "T-1", "name": "Held", "kind": "qualitative"})

    preview = upload(secretariat, None, edited(blank, fill))
    assert preview.ok, preview.problems
    assert [i.action for i in preview.diff.items] == ["added"] * 4
    applied = confirm(secretariat, preview)
    created = Instrument.objects.get(key="asean-korea-wp-2026-2030")
    assert applied.instrument == created
    assert created.kind == "work_plan" and (created.start_year, created.end_year) == (2026, 2030)
    assert created.priority_areas.get().crime_areas.get().code == "terrorism"
    assert Activity.objects.get(code="T-1").indicators.get().name == "Held"
    assert versions(created) == 1
    assert AuditEvent.objects.filter(action="instrument.create").exists()


def test_a_blank_template_without_key_or_with_a_taken_key_is_refused(
    work_plan: Instrument, secretariat: Any
) -> None:
    blank = download(secretariat, None)
    preview = upload(secretariat, None, blank)
    assert [(p.sheet, p.column, p.message) for p in preview.problems] == [
        ("instrument", "value (B)", "Give the instrument's key."),
        ("instrument", "value (B)", "Give the instrument's title."),
        ("instrument", "value (B)", "Give the instrument's kind."),
    ]

    def taken(workbook: Workbook) -> None:
        set_field(workbook, "key", work_plan.key)
        set_field(workbook, "title", "Copy")
        set_field(workbook, "kind", "work_plan")
        set_field(workbook, "start_year", 2026)

    preview = upload(secretariat, None, edited(blank, taken))
    assert [p.message for p in preview.problems] == [
        "The key “asean-japan-wp-2023-2027” is already taken; choose another."
    ]


# -- the pages ---------------------------------------------------------------------------------


def test_the_instrument_page_offers_download_to_readers_and_upload_to_editors(
    work_plan: Instrument, secretariat: Any, idn_focal: Any
) -> None:
    page = reverse("workplans:instrument", args=[work_plan.key])
    download_url = reverse("workplans:spreadsheet", args=[work_plan.key])
    upload_url = reverse("workplans:spreadsheet_upload", args=[work_plan.key])
    reader = client_for(idn_focal).get(page).content.decode()
    assert download_url in reader and upload_url not in reader
    editor = client_for(secretariat).get(page).content.decode()
    assert download_url in editor and upload_url in editor
    listing = client_for(secretariat).get(reverse("workplans:list")).content.decode()
    assert reverse("workplans:spreadsheet_new") in listing
    assert reverse("workplans:spreadsheet_new") not in (
        client_for(idn_focal).get(reverse("workplans:list")).content.decode()
    )


def test_the_download_page_answers_a_workbook_in_a_fixed_number_of_queries(
    work_plan: Instrument, idn_focal: Any
) -> None:
    client = client_for(idn_focal)
    url = reverse("workplans:spreadsheet", args=[work_plan.key])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="asean-japan-wp-2023-2027.xlsx"' in response["Content-Disposition"]
    small = len(ctx)
    for n in range(2, 12):
        activity = Activity.objects.create(
            priority_area=PriorityArea.objects.get(position=1), code=f"CT-{n}", title="More"
        )
        activity.lead_parties.set(Party.objects.all())
        Indicator.objects.create(activity=activity, name="Count", kind="numeric")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx) == small


def test_the_upload_pages_show_problems_then_a_preview_then_apply_it(
    work_plan: Instrument, secretariat: Any
) -> None:
    client = client_for(secretariat)
    url = reverse("workplans:spreadsheet_upload", args=[work_plan.key])
    assert client.get(url).status_code == 200
    content = download(secretariat, work_plan)
    broken = edited(content, lambda wb: set_cell(wb, "activities", 2, "lead_parties", "NOPE"))
    response = client.post(url, {"file": _file(broken)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Unknown party code: NOPE." in html and "lead_parties (E)" in html

    fixed = edited(content, lambda wb: set_cell(wb, "activities", 2, "outputs", "A manual"))
    response = client.post(url, {"file": _file(fixed)})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    html = page.content.decode()
    assert "Check the changes" in html and "A manual" in html and "expected outputs" in html
    fingerprint = page.context["preview"].fingerprint
    response = client.post(preview_url, {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert response["Location"] == work_plan.get_absolute_url()
    assert Activity.objects.get(code="CT-1").outputs == "A manual"
    # Applied: the preview address now leads to the instrument.
    assert client.get(preview_url)["Location"] == work_plan.get_absolute_url()


def test_a_stale_confirmation_on_the_page_says_so_and_saves_nothing(
    work_plan: Instrument, secretariat: Any
) -> None:
    client = client_for(secretariat)
    content = edited(download(secretariat, work_plan), lambda wb: set_field(wb, "title", "Mine"))
    response = client.post(
        reverse("workplans:spreadsheet_upload", args=[work_plan.key]), {"file": _file(content)}
    )
    preview_url = response["Location"]
    fingerprint = client.get(preview_url).context["preview"].fingerprint
    workplan_services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"place": "Bali"}, expected_version=None
    )
    response = client.post(preview_url, {"fingerprint": fingerprint})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    work_plan.refresh_from_db()
    assert work_plan.title != "Mine"


def _file(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "plan.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_two_priority_areas_sharing_a_position_get_numbers_of_their_own(
    work_plan: Instrument, secretariat: Any
) -> None:
    PriorityArea.objects.filter(title="Cybercrime").update(position=1)
    workbook = load_workbook(io.BytesIO(download(secretariat, work_plan)))
    assert [(r["number"], r["title"]) for r in rows(workbook, "priority_areas")] == [
        (1, "Counter terrorism"),
        (2, "Cybercrime"),
    ]
    cyber = next(r for r in rows(workbook, "activities") if r["code"] == "CY-1")
    assert cyber["priority_area"] == 2
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(wb, "priority_areas", 3, "description", "Evidence and capacity"),
    )
    confirm(secretariat, upload(secretariat, work_plan, content))
    cyber_area = PriorityArea.objects.get(title="Cybercrime")
    assert (cyber_area.position, cyber_area.description) == (2, "Evidence and capacity")


def test_the_new_work_plan_pages_are_for_editors(secretariat: Any, idn_focal: Any) -> None:
    new = reverse("workplans:spreadsheet_new")
    template = reverse("workplans:spreadsheet_template")
    editor = client_for(secretariat)
    assert "Download the blank workbook" in editor.get(new).content.decode()
    response = editor.get(template)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["activities"].max_row == 1
    reader = client_for(idn_focal)
    assert reader.get(new).status_code == 403
    assert reader.get(template).status_code == 403
    assert Client().get(new).status_code == 302  # to the sign-in page


def test_a_file_over_the_size_limit_is_refused_unread(
    work_plan: Instrument, secretariat: Any, settings: Any
) -> None:
    settings.MUFAKAT_WORKPLAN_UPLOAD_MAX_BYTES = 1000
    preview = upload(secretariat, work_plan, download(secretariat, work_plan))
    assert [p.message for p in preview.problems] == ["The file is larger than 0.000953674 MB."]


def test_formulas_are_refused_on_every_sheet(work_plan: Instrument, secretariat: Any) -> None:
    def change(workbook: Workbook) -> None:
        set_field(workbook, "end_year", "=2020+7")
        set_cell(workbook, "indicators", 2, "target", "=SUM(A1:A3)")

    preview = upload(secretariat, work_plan, edited(download(secretariat, work_plan), change))
    assert [(p.sheet, p.row, p.column, p.message) for p in preview.problems] == [
        (
            "instrument",
            7,
            "value (B)",
            "This cell holds a formula (=2020+7); type the value itself.",
        ),
        (
            "indicators",
            2,
            "target (F)",
            "This cell holds a formula (=SUM(A1:A3)); type the value itself.",
        ),
    ]
