"""Rollups, snapshots and comparison over the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.models import SharingGroup
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ReportingRound, Snapshot
from mufakat.monitoring.tests.dashboards_data import History, grow, make_history
from mufakat.registry.models import Party
from mufakat.testing.factories import member_state

pytestmark = pytest.mark.django_db

Headers = Callable[[User], dict[str, str]]

#: Queries of the compare API (token, snapshot, previous, light parts, detail, meetings named,
#: markings), whatever the size of the round.
COMPARE_QUERIES = 9


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _get(client: Client, url: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
    return client.get(url, params, headers=headers or {})


def test_the_instrument_rollup_as_json(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    url = f"/api/v1/instruments/{history.instrument.pk}/rollup"
    body = _get(client, url, api_headers(secretariat)).json()
    assert body["round"]["id"] == history.r2.pk
    assert body["instrument"]["key"] == "aj-wp"
    assert [p["code"] for p in body["parties"]] == ["IDN", "JPN"]
    ct = body["areas"][0]
    assert ct["counts"]["completed"] == 2 and ct["completion"] == 76.7
    assert [t["round"]["id"] for t in body["trend"]] == [history.r1.pk, history.r2.pk]
    older = _get(client, url, api_headers(secretariat), round=history.r1.pk).json()
    assert older["round"]["id"] == history.r1.pk


def test_an_outsider_and_anonymous_get_no_figures_of_a_sharing_group_round(
    history: History, outsider: User, api_headers: Headers, client: Client
) -> None:
    url = f"/api/v1/instruments/{history.instrument.pk}/rollup"
    for headers in (api_headers(outsider), {}):
        body = _get(client, url, headers).json()
        assert body["round"] is None and body["trend"] == [] and body["totals"]["expected"] == 0
        assert _get(client, url, headers, round=history.r2.pk).status_code == 404
    assert (
        _get(client, "/api/v1/parties/IDN/rollup", api_headers(outsider)).json()["instruments"]
        == []
    )


def test_a_draft_counts_for_its_own_party_only_in_the_api(
    history: History, idn_focal: User, secretariat: User, api_headers: Headers, client: Client
) -> None:
    own = _get(client, "/api/v1/parties/IDN/rollup", api_headers(idn_focal)).json()
    other = _get(client, "/api/v1/parties/IDN/rollup", api_headers(secretariat)).json()
    assert own["instruments"][0]["counts"]["completed"] == 2
    assert other["instruments"][0]["counts"]["completed"] == 1
    assert other["party"] == {"code": "IDN", "name": "Indonesia"}
    assert _get(client, "/api/v1/parties/XXX/rollup").status_code == 404


def test_the_rollup_api_costs_the_same_queries_as_the_data_grows(
    history: History,
    idn: Party,
    jpn: Party,
    secretariat: User,
    api_headers: Headers,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    headers = api_headers(secretariat)
    urls = [f"/api/v1/instruments/{history.instrument.pk}/rollup", "/api/v1/parties/IDN/rollup"]

    def count() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert _get(client, url, headers).status_code == 200
            counts.append(len(captured))
        return counts

    _get(client, urls[0], headers)  # the token's first use is recorded (once a minute)
    before = count()
    grow(history, [idn, jpn, member_state("THA", "Thailand")], activities=12)
    assert count() == before
    with django_assert_max_num_queries(16):
        _get(client, urls[0], headers)


def test_the_secretariat_freezes_over_the_api_and_reads_the_snapshot(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    headers = api_headers(secretariat)
    response = client.post(
        f"/api/v1/rounds/{history.r2.pk}/freeze?acknowledge=true", headers=headers
    )
    assert response.status_code == 201
    body = response.json()
    assert body["meeting"]["id"] == history.m24.pk
    assert {"activity_code": "A2", "party": "IDN", "status": "delayed"}.items() <= next(
        r for r in body["reports"] if r["activity_code"] == "A2" and r["party"] == "IDN"
    ).items()
    assert AuditEvent.objects.filter(action="snapshot.create").exists()
    again = _get(client, f"/api/v1/rounds/{history.r2.pk}/snapshot", headers).json()
    assert again["id"] == body["id"]


def test_a_second_freeze_answers_422_with_the_field(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    headers = api_headers(secretariat)
    client.post(f"/api/v1/rounds/{history.r2.pk}/freeze?acknowledge=true", headers=headers)
    response = client.post(
        f"/api/v1/rounds/{history.r2.pk}/freeze?acknowledge=true", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "round"]


def test_a_focal_point_gets_403_and_an_outsider_404_on_freeze(
    history: History, idn_focal: User, outsider: User, api_headers: Headers, client: Client
) -> None:
    url = f"/api/v1/rounds/{history.r2.pk}/freeze"
    assert client.post(url, headers=api_headers(idn_focal)).status_code == 403
    assert client.post(url, headers=api_headers(outsider)).status_code == 404
    assert client.post(url).status_code == 404
    assert not Snapshot.objects.exists()


def test_compare_over_the_api(
    history: History, secretariat: User, outsider: User, api_headers: Headers, client: Client
) -> None:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/snapshots/{second.pk}/compare"
    summary = _get(client, url, api_headers(secretariat)).json()
    assert summary["previous"]["id"] == first.pk
    # Without an instrument: every instrument's totals then and now, no report cell.
    assert summary["count"] == 1 and summary["compared"] == []
    assert summary["status_changes"] == [] and summary["changes_count"] == 0
    row = summary["instruments"][0]
    assert row["instrument"]["key"] == "aj-wp" and row["compared"]
    assert row["delta"] == round(row["current"] - row["previous"], 1)
    body = _get(client, url, api_headers(secretariat), instrument="aj-wp").json()
    assert body["compared"] == ["aj-wp"]
    moved = {(c["activity_code"], c["party"]): c["to_status"] for c in body["status_changes"]}
    assert moved[("A2", "JPN")] == "completed"
    assert body["changes_count"] == len(body["status_changes"]) and body["next"] is None
    assert body["transitions"] and body["areas"] and body["parties"]
    explicit = _get(
        client, url, api_headers(secretariat), instrument="aj-wp", **{"with": first.pk}
    ).json()
    assert explicit["status_changes"] == body["status_changes"]
    assert _get(client, url, api_headers(outsider)).status_code == 404
    assert _get(client, f"/api/v1/rounds/{history.r2.pk}/snapshot").status_code == 404


def test_the_changes_of_an_instrument_come_a_page_at_a_time(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/snapshots/{second.pk}/compare"
    headers = api_headers(secretariat)
    everything = _get(client, url, headers, instrument="aj-wp").json()
    assert everything["changes_count"] >= 2
    page = _get(client, url, headers, instrument="aj-wp", limit=1).json()
    assert page["status_changes"] == everything["status_changes"][:1]
    assert page["changes_count"] == everything["changes_count"]
    assert page["next"].endswith("?instrument=aj-wp&offset=1&limit=1")
    following = client.get(page["next"], headers=headers).json()
    assert following["status_changes"] == everything["status_changes"][1:2]
    assert following["transitions"] == everything["transitions"]
    assert _get(client, url, headers, limit=0).status_code == 422
    assert _get(client, url, headers, limit=1001).status_code == 422
    assert first.pk != second.pk


def test_an_instrument_the_reader_may_not_see_is_not_compared(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/snapshots/{second.pk}/compare"
    assert _get(client, url, api_headers(secretariat), instrument="nope").status_code == 404


def test_comparing_costs_the_same_queries_as_the_data_grows(
    history: History,
    idn: Party,
    jpn: Party,
    secretariat: User,
    api_headers: Headers,
    client: Client,
) -> None:
    headers = api_headers(secretariat)
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)

    def count(snapshot: Snapshot, other: Snapshot) -> list[int]:
        cache.clear()  # each measured as the first reader of both snapshots
        counts = []
        for query in ("", "&instrument=aj-wp"):
            with CaptureQueriesContext(connection) as queries:
                url = f"/api/v1/snapshots/{snapshot.pk}/compare?with={other.pk}{query}"
                assert client.get(url, headers=headers).status_code == 200
            counts.append(len(queries))
        return counts

    client.get("/api/v1/rounds", headers=headers)  # the token's first use is recorded
    before = count(second, first)
    assert max(before) <= COMPARE_QUERIES
    # A third round with twelve more activities and a third party, frozen and compared.
    grow(history, [idn, jpn, member_state("THA", "Thailand")], activities=12)
    third = snapshots.freeze_round(
        actor=secretariat,
        round=ReportingRound.objects.get(title="Round for the 25th SOMTC"),
        acknowledge_early=True,
    )
    assert (
        len(
            snapshots.compare_page(
                user=secretariat, snapshot=third, other=second, instrument="aj-wp"
            )["status_changes"]
        )
        > 12
    )
    assert count(third, second) == before


def test_the_snapshot_of_a_round_comes_an_instrument_at_a_time_on_request(
    history: History, secretariat: User, outsider: User, api_headers: Headers, client: Client
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/rounds/{history.r2.pk}/snapshot"
    whole = _get(client, url, api_headers(secretariat)).json()
    one = _get(client, url, api_headers(secretariat), instrument="aj-wp").json()
    assert one["reports"] == whole["reports"] and one["instruments"] == whole["instruments"]
    assert one["outstanding"] == whole["outstanding"] and one["tlp"] == whole["tlp"]
    assert _get(client, url, api_headers(secretariat), instrument="nope").status_code == 404
    assert _get(client, url, api_headers(outsider), instrument="aj-wp").status_code == 404
