# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The template and the upload over the API: the same rules, problems as 422 locations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mufakat.accounts.models import User
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.spreadsheets import export_round_template
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    read_csv_rows,
    read_rows,
    set_cell,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


def _template(round_: ReportingRound) -> str:
    return f"/api/v1/rounds/{round_.pk}/template"


def _import(round_: ReportingRound) -> str:
    return f"/api/v1/rounds/{round_.pk}/import"


def _post(headers: dict[str, str], round_: ReportingRound, content: bytes, **data: Any) -> Any:
    return Client().post(
        _import(round_),
        {"file": SimpleUploadedFile("idn.xlsx", content), **data},
        headers=headers,
    )


def test_a_focal_point_downloads_the_template_in_either_format(
    round_: ReportingRound, idn_focal: User, api_headers: Any
) -> None:
    headers = api_headers(idn_focal)

    xlsx = Client().get(_template(round_), headers=headers)
    csv = Client().get(_template(round_) + "?format=csv", headers=headers)

    assert xlsx.status_code == 200
    assert len(read_rows(xlsx.content)) == 6
    assert csv.status_code == 200
    assert len(read_csv_rows(csv.content)) == 6
    assert Client().get(_template(round_) + "?format=pdf", headers=headers).status_code == 422


def test_an_outsider_and_an_anonymous_caller_get_404_for_the_template_and_the_upload(
    round_: ReportingRound, outsider: User, api_headers: Any
) -> None:
    no_token: dict[str, str] = {}
    for headers in (api_headers(outsider), no_token):
        assert Client().get(_template(round_), headers=headers).status_code == 404
        assert _post(headers, round_, b"round\n").status_code == 404


def test_the_upload_answers_with_counts_and_a_second_upload_changes_nothing(
    round_: ReportingRound, idn_focal: User, api_headers: Any
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-1", "IDN", "percent", 30)
    set_cell(rows, "CT-2", "IDN", "status", "not_started")
    set_cell(rows, "CT-3", "IDN", "status", "not_applicable")
    headers = api_headers(idn_focal)

    first = _post(headers, round_, xlsx_file(rows), submit="true")
    stored = Stored.now()
    second = _post(headers, round_, xlsx_file(rows), submit="true")

    assert first.status_code == 200
    assert first.json() == {
        "rows_read": 5,
        "reports_changed": 3,
        "reports_unchanged": 0,
        "reports_submitted": 3,
    }
    assert report_of(round_, "CT-1", "IDN").state == ProgressReport.State.SUBMITTED
    assert second.json()["reports_changed"] == 0
    assert Stored.now() == stored


def test_a_refused_upload_answers_422_with_every_problem_located(
    round_: ReportingRound, idn_focal: User, api_headers: Any
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    rows[1][9] = "lots"
    rows[5][4] = "JPN"
    stored = Stored.now()

    response = _post(api_headers(idn_focal), round_, xlsx_file(rows))

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["file", "reports", 2, "percent (J)"],
                "msg": "Percent complete must be a whole number.",
            },
            {
                "loc": ["file", "reports", 6, "party (E)"],
                "msg": "You report for IDN only; this row is for JPN.",
            },
        ]
    }
    assert Stored.now() == stored


def test_a_file_that_is_not_a_spreadsheet_is_located_on_the_file_itself(
    round_: ReportingRound, idn_focal: User, api_headers: Any
) -> None:
    response = _post(api_headers(idn_focal), round_, b"%PDF-1.4")

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["file", None, None, None],
            "msg": "This is a PDF file. Upload the XLSX or CSV template.",
        }
    ]


def test_the_secretariat_may_not_upload_reports_for_a_party(
    round_: ReportingRound, secretariat: User, idn_focal: User, api_headers: Any
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))

    response = _post(api_headers(secretariat), round_, xlsx_file(rows))

    assert response.status_code == 403


def test_the_operations_are_documented_with_their_ids(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    ids = {
        operation["operationId"] for path in spec["paths"].values() for operation in path.values()
    }
    assert {"monitoring_spreadsheets_download_template", "monitoring_spreadsheets_import"} <= ids
