"""Rollups, snapshots and their comparison over the API (JSON).

The same selectors and services as the pages: every figure goes through the gate, a round or
snapshot the caller may not see is a 404, and freezing is the Secretariat's (403 otherwise).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from mufakat.core.web import api_user
from mufakat.monitoring import rollups, snapshots
from mufakat.monitoring.models import ReportingRound, Snapshot
from mufakat.monitoring.schemas_dashboards import (
    ComparisonOut,
    InstrumentRollupOut,
    PartyRollupOut,
    SnapshotOut,
)
from mufakat.registry.models import Party

router = Router(tags=["monitoring"])


def _snapshot_out(
    request: HttpRequest,
    snapshot: Any,
    *,
    instrument: str | None = None,
    offset: int = 0,
    limit: int = snapshots.REPORTS_PAGE,
) -> dict[str, Any]:
    """A page of the snapshot's reports, with the URL of the next page (or None)."""
    page = snapshots.snapshot_page(
        user=api_user(request),
        snapshot=snapshot,
        instrument=instrument,
        offset=offset,
        limit=limit,
    )
    following = page["offset"] + page["limit"]
    page["next"] = None
    if following < page["reports_count"]:
        params: dict[str, Any] = {"offset": following, "limit": page["limit"]}
        if instrument is not None:
            params["instrument"] = instrument
        url = reverse("api:monitoring_round_snapshot", args=[snapshot.round_id])
        page["next"] = request.build_absolute_uri(f"{url}?{urlencode(params)}")
    return {**page, "frozen_by": page.get("frozen_by", ""), "frozen_at": page.get("frozen_at", "")}


@router.get(
    "/instruments/{instrument_id}/rollup",
    response=InstrumentRollupOut,
    operation_id="monitoring_instrument_rollup",
    url_name="monitoring_instrument_rollup",
    summary="Implementation of an instrument: status per priority area, completion per party, "
    "on-time rate, trend across rounds",
    description="For the round `round` (an id; default: the latest round you may see). Only "
    "reports you may read count; the others of the round count as `not_reported`.",
)
def instrument_rollup(
    request: HttpRequest,
    instrument_id: int,
    round_id: int | None = Query(None, alias="round"),
) -> Any:
    return rollups.instrument_dashboard(
        user=api_user(request), pk=instrument_id, round_id=round_id
    ).rollup


@router.get(
    "/parties/{code}/rollup",
    response=PartyRollupOut,
    operation_id="monitoring_party_rollup",
    url_name="monitoring_party_rollup",
    summary="A party's commitments across instruments, in the latest round of each",
)
def party_rollup(request: HttpRequest, code: str) -> Any:
    party = Party.objects.filter(code=code.upper()).first()
    if party is None:
        raise Http404
    return rollups.party_rollup(user=api_user(request), party=party)


@router.get(
    "/rounds/{round_id}/snapshot",
    response=SnapshotOut,
    operation_id="monitoring_round_snapshot",
    url_name="monitoring_round_snapshot",
    summary="The frozen snapshot of a round, as presented at its meeting: every instrument's "
    "totals, and its reports a page at a time",
    description="A snapshot of a large round holds tens of thousands of reports: `reports` "
    f"gives `limit` of them (default {snapshots.REPORTS_PAGE}, at most "
    f"{snapshots.REPORTS_PAGE_MAX}) from `offset`, instrument after instrument "
    "(`reports_count` in all; `next` is the URL of the following page, or null). "
    "`instruments` lists every instrument you may see with its totals; `areas` and `parties` "
    "are filled in for the instruments whose reports are on the page. With `instrument` (its "
    "key), that instrument only, with its areas and parties, and its reports a page at a time.",
)
def round_snapshot(
    request: HttpRequest,
    round_id: int,
    instrument: str | None = Query(None),
    offset: int = Query(0, ge=0),
    limit: int = Query(snapshots.REPORTS_PAGE, ge=1, le=snapshots.REPORTS_PAGE_MAX),
) -> Any:
    snapshot = snapshots.visible_snapshot(
        user=api_user(request), round_id=round_id, without_data=True
    )
    return _snapshot_out(request, snapshot, instrument=instrument, offset=offset, limit=limit)


@router.post(
    "/rounds/{round_id}/freeze",
    response={201: SnapshotOut},
    operation_id="monitoring_freeze_round",
    url_name="monitoring_freeze_round",
    summary="Freeze a round into its snapshot (Secretariat); a second freeze answers 422",
    description="Freezing on or before the due date, or while a party has a draft not "
    "submitted, records those reports as not reported: it answers 422 naming what is "
    "outstanding unless `acknowledge=true`.",
)
def freeze_round(
    request: HttpRequest,
    round_id: int,
    acknowledge: bool = Query(False),
) -> Any:
    user = api_user(request)
    round_ = ReportingRound.objects.visible_to(user).filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    snapshot = snapshots.freeze_round(actor=user, round=round_, acknowledge_early=acknowledge)
    return Status(
        201,
        _snapshot_out(
            request, snapshots.visible_snapshot(user=user, pk=snapshot.pk, without_data=True)
        ),
    )


@router.get(
    "/snapshots/{snapshot_id}/compare",
    response=ComparisonOut,
    operation_id="monitoring_compare_snapshots",
    url_name="monitoring_compare_snapshots",
    summary="What changed since another snapshot (default: the previous meeting's): every "
    "instrument's totals, and one instrument's status changes a page at a time",
    description="`with` is the id of the earlier snapshot; without it, the snapshot of the "
    "round named as previous, else the latest earlier snapshot of the same instruments.\n\n"
    "`instruments` lists every instrument of the snapshot you may see (`count`) with its mean "
    "completion and reported reports then and now. Name one with `instrument` (its key) for "
    "its changes report by report: `transitions`, `areas` and `parties` in full, and `limit` "
    f"(default {snapshots.CHANGES_PAGE}, at most {snapshots.CHANGES_PAGE_MAX}) of its "
    "`status_changes` from `offset` (`changes_count` in all; `next` is the URL of the "
    "following page, or null). Without `instrument`, those four lists are empty and "
    "`compared` is empty.",
)
def compare_snapshots(
    request: HttpRequest,
    snapshot_id: int,
    with_id: int | None = Query(None, alias="with"),
    instrument: str | None = Query(None),
    offset: int = Query(0, ge=0),
    limit: int = Query(snapshots.CHANGES_PAGE, ge=1, le=snapshots.CHANGES_PAGE_MAX),
) -> Any:
    user = api_user(request)
    snapshot = snapshots.visible_snapshot(user=user, pk=snapshot_id, without_data=True)
    other: Snapshot | None = (
        snapshots.visible_snapshot(user=user, pk=with_id, without_data=True)
        if with_id is not None
        else snapshots.previous_snapshot(user=user, snapshot=snapshot, without_data=True)
    )
    page = snapshots.compare_page(
        user=user,
        snapshot=snapshot,
        other=other,
        instrument=instrument,
        offset=offset,
        limit=limit,
    )
    following = offset + limit
    page["next"] = None
    if following < page["changes_count"]:
        params: dict[str, Any] = {"instrument": instrument, "offset": following, "limit": limit}
        if with_id is not None:
            params["with"] = with_id
        page["next"] = request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
    return page
