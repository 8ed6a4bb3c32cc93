# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The download links and the upload page: who gets them, and what a refused file shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.monitoring.models import ProgressStatus, ReportingRound
from mufakat.monitoring.spreadsheets import export_round_template
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    read_rows,
    set_cell,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


def _export_url(round_: ReportingRound, fmt: str = "xlsx") -> str:
    return reverse("monitoring:round_export", args=[round_.pk]) + f"?format={fmt}"


def _import_url(round_: ReportingRound) -> str:
    return reverse("monitoring:round_import", args=[round_.pk])


def _filled(round_: ReportingRound, user: User, **cells: Any) -> bytes:
    rows = read_rows(export_round_template(user=user, round=round_))
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-1", "IDN", "percent", cells.get("percent", 30))
    return xlsx_file(rows)


def test_a_focal_point_downloads_their_template_as_xlsx_or_csv(
    round_: ReportingRound, idn_focal: User, as_user: Any
) -> None:
    client = as_user(idn_focal)

    xlsx = client.get(_export_url(round_))
    csv = client.get(_export_url(round_, "csv"))

    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"] == (
        f'attachment; filename="mufakat-round-{round_.pk}-IDN.xlsx"'
    )
    assert len(read_rows(xlsx.content)) == 6
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(_export_url(round_, "pdf")).status_code == 400


def test_an_anonymous_visitor_is_sent_to_log_in(
    round_: ReportingRound, anonymous: Any, as_user: Any
) -> None:
    for url in (_export_url(round_), _import_url(round_)):
        response = as_user(anonymous).get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_an_outsider_gets_a_404_as_if_the_round_did_not_exist(
    round_: ReportingRound, outsider: User, as_user: Any
) -> None:
    client = as_user(outsider)
    assert client.get(_export_url(round_)).status_code == 404
    assert client.get(_import_url(round_)).status_code == 404
    upload = SimpleUploadedFile("x.xlsx", b"")
    assert client.post(_import_url(round_), {"file": upload}).status_code == 404


def test_the_secretariat_downloads_the_round_but_does_not_upload(
    round_: ReportingRound, secretariat: User, as_user: Any
) -> None:
    client = as_user(secretariat)

    response = client.get(_export_url(round_))

    assert response.status_code == 200
    assert f"mufakat-round-{round_.pk}-all.xlsx" in response["Content-Disposition"]
    assert client.get(_import_url(round_)).status_code == 403


def test_the_upload_page_saves_a_good_file_and_says_what_changed(
    round_: ReportingRound, idn_focal: User, as_user: Any
) -> None:
    client = as_user(idn_focal)
    page = client.get(_import_url(round_))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert b' style="' not in page.content

    response = client.post(
        _import_url(round_),
        {"file": SimpleUploadedFile("idn.xlsx", _filled(round_, idn_focal))},
    )

    assert response.status_code == 200
    assert response.context["result"].counts() == {
        "rows_read": 5,
        "reports_changed": 1,
        "reports_unchanged": 2,
        "reports_submitted": 0,
    }
    assert "The file was saved" in response.content.decode()
    assert report_of(round_, "CT-1", "IDN").status == ProgressStatus.ON_TRACK


def test_the_upload_page_lists_every_problem_of_a_refused_file_and_saves_nothing(
    round_: ReportingRound, idn_focal: User, as_user: Any
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    rows[1][9] = 150
    rows[4][3] = "CT-9"
    stored = Stored.now()

    response = as_user(idn_focal).post(
        _import_url(round_),
        {"file": SimpleUploadedFile("idn.xlsx", xlsx_file(rows)), "submit": "on"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved: idn.xlsx has 3 problems" in html
    assert "<td>percent (J)</td>" in html
    assert "Percent complete must be between 0 and 100." in html
    assert "<td>activity (D)</td>" in html
    assert html.count("Choose a status before submitting.") == 1  # CT-3; CT-1 and CT-2 are bad
    assert Stored.now() == stored


def test_the_round_page_include_offers_links_by_right(
    round_: ReportingRound, idn_focal: User, secretariat: User, outsider: User
) -> None:
    def links(user: User) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string(
            "monitoring/spreadsheet_links.html", {"round": round_, "user": user}, request
        )

    focal = links(idn_focal)
    assert _import_url(round_) in focal
    assert _export_url(round_, "csv") in focal
    secretariat_links = links(secretariat)
    assert _export_url(round_) in secretariat_links
    assert _import_url(round_) not in secretariat_links
    assert links(outsider).strip() == ""
