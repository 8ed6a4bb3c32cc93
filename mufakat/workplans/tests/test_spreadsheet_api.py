"""The work plan workbook over the API: download, upload → preview → confirm, the same services
and the same answers as the pages; and the headline journey with a framework mapping."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from mufakat.conftest import bearer
from mufakat.frameworks.models import ActivityMapping
from mufakat.workplans import services as workplan_services
from mufakat.workplans.models import Activity, Instrument, InstrumentVersion
from mufakat.workplans.tests.spreadsheet_support import (
    append,
    download,
    edited,
    row_of,
    rows,
    set_cell,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def upload(user: Any, content: bytes, instrument: Instrument | None = None) -> Any:
    data: dict[str, Any] = {"file": io.BytesIO(content)}
    data["file"].name = "plan.xlsx"
    if instrument is not None:
        data["instrument_id"] = instrument.pk
    return Client().post(API + "/instrument-spreadsheets", data, headers=bearer(user))


def confirm(user: Any, preview: dict[str, Any], fingerprint: str | None = None) -> Any:
    return Client().post(
        f"{API}/instrument-spreadsheets/{preview['token']}/confirm",
        {"fingerprint": fingerprint or preview["fingerprint"]},
        content_type="application/json",
        headers=bearer(user),
    )


def test_a_reader_downloads_the_workbook_and_an_outsider_gets_a_404(
    cyber_annex: Instrument, jpn_focal: Any, outsider: Any
) -> None:
    url = f"{API}/instruments/{cyber_annex.pk}/spreadsheet"
    response = Client().get(url, headers=bearer(jpn_focal))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "activities" in workbook.sheetnames
    assert Client().get(url, headers=bearer(outsider)).status_code == 404
    assert Client().get(url).status_code == 404


def test_upload_preview_and_confirm_over_the_api(work_plan: Instrument, secretariat: Any) -> None:
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(wb, "activities", 2, "outputs", "A manual"),
    )
    response = upload(secretariat, content, work_plan)
    assert response.status_code == 200, response.content
    preview = response.json()
    assert preview["counts"] == {"added": 0, "changed": 1, "removed": 0}
    (item,) = preview["items"]
    assert item["changes"] == [
        {"field": "outputs", "label": "expected outputs", "before": "—", "after": "A manual"}
    ]
    again = Client().get(
        f"{API}/instrument-spreadsheets/{preview['token']}", headers=bearer(secretariat)
    )
    assert again.json()["items"] == preview["items"]
    before = InstrumentVersion.objects.filter(instrument=work_plan).count()
    applied = confirm(secretariat, preview)
    assert applied.status_code == 200
    assert applied.json()["version"] == before + 1
    assert Activity.objects.get(code="CT-1").outputs == "A manual"


def test_a_broken_upload_answers_422_with_sheet_row_and_column(
    work_plan: Instrument, secretariat: Any
) -> None:
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(wb, "activities", 2, "start_year", "soon"),
    )
    response = upload(secretariat, content, work_plan)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["file", "activities", 2, "start_year (G)"],
            "msg": "“soon” is not a whole number from 1900 to 2200.",
        }
    ]


def test_a_stale_confirmation_answers_409_and_a_reader_may_not_upload(
    work_plan: Instrument, secretariat: Any, idn_focal: Any
) -> None:
    content = download(secretariat, work_plan)
    assert upload(idn_focal, content, work_plan).status_code == 403
    preview = upload(
        secretariat,
        edited(content, lambda wb: set_cell(wb, "activities", 2, "outputs", "x")),
        work_plan,
    ).json()
    workplan_services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"place": "Bali"}, expected_version=None
    )
    response = confirm(secretariat, preview)
    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]
    assert confirm(idn_focal, preview).status_code in (403, 404)


def test_a_new_instrument_from_the_blank_workbook_over_the_api(secretariat: Any) -> None:
    blank = Client().get(f"{API}/instrument-spreadsheets/template", headers=bearer(secretariat))
    assert blank.status_code == 200

    def fill(workbook: Workbook) -> None:
        from mufakat.workplans.tests.spreadsheet_support import set_field

        set_field(workbook, "key", "new-roadmap")
        set_field(workbook, "title", "A new roadmap")
        set_field(workbook, "kind", "roadmap")
        set_field(workbook, "start_year", 2026)

    preview = upload(secretariat, edited(blank.content, fill)).json()
    assert preview["instrument_id"] is None
    applied = confirm(secretariat, preview).json()
    assert Instrument.objects.get(pk=applied["instrument_id"]).key == "new-roadmap"


# -- the headline journey ----------------------------------------------------------------------


def test_the_asean_japan_work_plan_gains_an_activity_serving_sdg_16_4(
    sdg_16: None, work_plan: Instrument, secretariat: Any
) -> None:
    """Downloaded, an activity added and mapped to SDG 16.4 in openpyxl, uploaded, previewed,
    confirmed: one new version, the mapping made."""
    response = Client().get(
        f"{API}/instruments/{work_plan.pk}/spreadsheet", headers=bearer(secretariat)
    )
    assert work_plan.key == "asean-japan-wp-2023-2027"

    def add(workbook: Workbook) -> None:
        append(
            workbook,
            "activities",
            {
                "code": "CT-2",
                "priority_area": 1,
                "title": "Regional workshop on illicit arms flows",
                "lead_parties": "JPN",
                "participating_parties": "IDN",
                "start_year": 2026,
                "end_year": 2027,
                "frameworks": "SDG 16.4",
            },
        )

    preview = upload(secretariat, edited(response.content, add), work_plan).json()
    (added,) = preview["items"]
    assert added["action"] == "added"
    assert {"label": "frameworks", "value": "sdg-16 / 16.4"} in added["values"]
    before = InstrumentVersion.objects.filter(instrument=work_plan).count()
    assert confirm(secretariat, preview).status_code == 200
    activity = Activity.objects.get(code="CT-2")
    assert [m.item.label for m in ActivityMapping.objects.filter(activity=activity)] == ["SDG 16.4"]
    assert InstrumentVersion.objects.filter(instrument=work_plan).count() == before + 1

    # The mapping comes back in the next download, and the same file changes nothing.
    again = download(secretariat, work_plan)
    workbook = load_workbook(io.BytesIO(again))
    row = next(r for r in rows(workbook, "activities") if r["code"] == "CT-2")
    assert row["frameworks"] == "sdg-16 / 16.4"
    assert upload(secretariat, again, work_plan).json()["items"] == []


def test_an_unknown_framework_code_is_named_where_it_is(
    sdg_16: None, work_plan: Instrument, secretariat: Any
) -> None:
    content = edited(
        download(secretariat, work_plan),
        lambda wb: set_cell(
            wb, "activities", row_of(wb, "activities", "code", "CT-1"), "frameworks", "SDG 16.12"
        ),
    )
    response = upload(secretariat, content, work_plan)
    assert response.status_code == 422
    ((problem),) = response.json()["detail"]
    assert problem["loc"] == ["file", "activities", 2, "frameworks (J)"]
    assert problem["msg"].startswith("“SDG 16.12”: SDG 16 has no item “16.12”")
