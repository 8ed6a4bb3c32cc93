# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Rounds and reports over the API: the gate, rights, 422 on the field, 409, versions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    idn_ct2,
    idn_focal_2,
    plan,
    report_of,
    round_,
    start_round,
    submit_on_track,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _patch(headers: dict[str, str], report_id: int, body: dict[str, Any]) -> Any:
    return Client().patch(
        f"{API}/reports/{report_id}", body, content_type="application/json", headers=headers
    )


def _round_body(**values: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Round for the 25th SOMTC",
        "instruments": ["asean-japan-wp"],
        "reporting_parties": ["IDN", "JPN"],
        "opens_on": "2025-03-01",
        "due_date": "2025-06-01",
        "audience": "sharing_group",
        "tlp": "AMBER",
        "sharing_groups": ["asean-jpn"],
    }
    body.update(values)
    return body


# -- rounds --------------------------------------------------------------------------------------


def test_the_secretariat_opens_a_round_over_the_api(
    api_headers: Any, secretariat: User, plan: Plan
) -> None:
    response = Client().post(
        f"{API}/rounds",
        _round_body(),
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["instruments"] == ["asean-japan-wp"]
    assert body["reporting_parties"] == ["IDN", "JPN"]
    assert body["status"] == "open"
    assert ReportingRound.objects.get(pk=body["id"]).reports.count() == 5


def test_a_focal_point_gets_403_when_opening_a_round(
    api_headers: Any, idn_focal: User, plan: Plan
) -> None:
    response = Client().post(
        f"{API}/rounds",
        _round_body(),
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert response.status_code == 403


def test_an_unknown_party_answers_422_on_its_field(
    api_headers: Any, secretariat: User, plan: Plan
) -> None:
    response = Client().post(
        f"{API}/rounds",
        _round_body(reporting_parties=["XXX"]),
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reporting_parties"]


def test_anonymous_and_outsiders_see_no_round(
    api_headers: Any, outsider: User, round_: ReportingRound
) -> None:
    assert Client().get(f"{API}/rounds").json()["count"] == 0
    assert Client().get(f"{API}/rounds/{round_.pk}").status_code == 404
    headers = api_headers(outsider)
    assert Client().get(f"{API}/rounds", headers=headers).json()["count"] == 0
    assert Client().get(f"{API}/rounds/{round_.pk}", headers=headers).status_code == 404
    assert Client().get(f"{API}/rounds/{round_.pk}/reports", headers=headers).status_code == 404


def test_round_counts_in_the_api_leave_out_other_parties_drafts(
    api_headers: Any, jpn_focal: User, round_: ReportingRound
) -> None:
    body = Client().get(f"{API}/rounds/{round_.pk}", headers=api_headers(jpn_focal)).json()
    assert body["counts"] == {"total": 2, "submitted": 0, "accepted": 0, "returned": 0}


def test_round_reports_are_filtered_by_party_and_state(
    api_headers: Any,
    idn_focal: User,
    secretariat: User,
    round_: ReportingRound,
    idn_ct1: ProgressReport,
) -> None:
    submit_on_track(idn_focal, idn_ct1)
    headers = api_headers(secretariat)
    everything = Client().get(f"{API}/rounds/{round_.pk}/reports", headers=headers).json()
    assert [(r["activity"], r["party"]) for r in everything["items"]] == [("CT-1", "IDN")]
    mine = (
        Client()
        .get(
            f"{API}/rounds/{round_.pk}/reports?party=IDN&state=draft",
            headers=api_headers(idn_focal),
        )
        .json()
    )
    assert sorted(r["activity"] for r in mine["items"]) == ["CT-2", "CT-3"]


def test_a_page_of_round_reports_keeps_their_order_and_costs_the_same_queries_however_long(
    api_headers: Any, idn_focal: User, round_: ReportingRound
) -> None:
    headers = api_headers(idn_focal)
    url = f"{API}/rounds/{round_.pk}/reports?party=IDN"

    def page(size: int, number: int) -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            body = Client().get(f"{url}&page_size={size}&page={number}", headers=headers).json()
        return [r["activity"] for r in body["items"]], len(queries)

    first, _ = page(1, 1)  # also records the token's first use (at most once a minute)
    second, one_row = page(1, 2)
    everything, three_rows = page(3, 1)
    assert everything == ["CT-1", "CT-2", "CT-3"]
    assert first + second == ["CT-1", "CT-2"]
    assert three_rows == one_row


# -- reports -------------------------------------------------------------------------------------


def test_the_focal_point_of_japan_gets_404_on_indonesias_draft(
    api_headers: Any, jpn_focal: User, idn_ct1: ProgressReport
) -> None:
    headers = api_headers(jpn_focal)
    assert Client().get(f"{API}/reports/{idn_ct1.pk}", headers=headers).status_code == 404
    response = _patch(headers, idn_ct1.pk, {"lock_version": 1, "narrative": "x"})
    assert response.status_code == 404


def test_the_focal_point_of_japan_gets_403_on_editing_a_submitted_idn_report(
    api_headers: Any, jpn_focal: User, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    submitted = submit_on_track(idn_focal, idn_ct1)
    response = _patch(
        api_headers(jpn_focal),
        submitted.pk,
        {"lock_version": submitted.lock_version, "narrative": "x"},
    )
    assert response.status_code == 403


def test_patch_saves_and_submits_and_the_answer_has_the_versions(
    api_headers: Any, idn_focal: User, idn_ct1: ProgressReport, plan: Plan
) -> None:
    response = _patch(
        api_headers(idn_focal),
        idn_ct1.pk,
        {
            "lock_version": idn_ct1.lock_version,
            "status": "on_track",
            "percent": 35,
            "narrative": "Two courses held.",
            "indicators": {str(plan.people.pk): 20},
            "submit": True,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["percent"], body["party"], body["activity"]) == (
        "submitted",
        35,
        "IDN",
        "CT-1",
    )
    assert body["indicators"] == {str(plan.people.pk): "20"}
    assert [v["number"] for v in body["versions"]] == [1]
    assert AuditEvent.objects.filter(action="progressreport.submit").exists()


def test_a_bad_percent_answers_422_on_the_percent_field(
    api_headers: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    response = _patch(
        api_headers(idn_focal),
        idn_ct1.pk,
        {"lock_version": idn_ct1.lock_version, "status": "completed", "percent": 80},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "percent"]


def test_patch_without_lock_version_is_refused(
    api_headers: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    response = _patch(api_headers(idn_focal), idn_ct1.pk, {"narrative": "x"})
    assert response.status_code == 422


def test_a_second_focal_point_with_a_stale_version_gets_409(
    api_headers: Any, idn_focal: User, idn_focal_2: User, idn_ct1: ProgressReport
) -> None:
    loaded = idn_ct1.lock_version
    assert (
        _patch(
            api_headers(idn_focal), idn_ct1.pk, {"lock_version": loaded, "narrative": "A"}
        ).status_code
        == 200
    )
    response = _patch(
        api_headers(idn_focal_2), idn_ct1.pk, {"lock_version": loaded, "narrative": "B"}
    )
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "lock_version"]
    assert ProgressReport.objects.get(pk=idn_ct1.pk).narrative == "A"


def test_review_over_the_api_returns_then_accepts(
    api_headers: Any, idn_focal: User, secretariat: User, idn_ct1: ProgressReport
) -> None:
    submitted = submit_on_track(idn_focal, idn_ct1)
    headers = api_headers(secretariat)
    url = f"{API}/reports/{submitted.pk}/review"
    missing = Client().post(
        url, {"accept": False}, content_type="application/json", headers=headers
    )
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "comment"]
    returned = Client().post(
        url,
        {"accept": False, "comment": "Add the venue."},
        content_type="application/json",
        headers=headers,
    )
    assert returned.json()["state"] == "returned"
    fixed = _patch(
        api_headers(idn_focal),
        submitted.pk,
        {
            "lock_version": returned.json()["lock_version"],
            "narrative": "Held in Bali.",
            "submit": True,
        },
    )
    assert fixed.json()["state"] == "submitted"
    accepted = Client().post(
        url, {"accept": True}, content_type="application/json", headers=headers
    )
    assert accepted.json()["state"] == "accepted"
    versions = Client().get(f"{API}/reports/{submitted.pk}/versions", headers=headers).json()
    newest = versions["items"][0]
    assert newest["number"] == 2
    assert "Narrative" in [c["label"] for c in newest["changes"]]


def test_a_focal_point_gets_403_reviewing_its_own_partys_report(
    api_headers: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    submitted = submit_on_track(idn_focal, idn_ct1)
    response = Client().post(
        f"{API}/reports/{submitted.pk}/review",
        {"accept": True},
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert response.status_code == 403


def test_operation_ids_of_the_reports_api_are_prefixed(client: Client) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    ids = [
        op["operationId"]
        for path, ops in spec["paths"].items()
        if path.startswith(f"{API}/rounds") or path.startswith(f"{API}/reports")
        for op in ops.values()
    ]
    assert ids and all(i.startswith("monitoring_") for i in ids)
