"""The dashboards read the report tallies: their figures are the ones the reports give.

Every rollup computed from :class:`ReportTally` is compared with the same rollup aggregated
from the reports themselves (the bare SQL over the reports of ``rollups_sql``, and the party
rollup as it was written before the tallies), for the Secretariat, two member states' focal
points, a partner's focal point, an outsider and an anonymous visitor — over rounds with
drafts, reports returned for correction (on time and late), late reports and reports without
a percentage, in rounds of three audiences.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.db.models import Count, Sum

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience, most_restrictive_tlp
from mufakat.core.models import SharingGroup
from mufakat.core.visibility import Gate
from mufakat.monitoring import rollups, rollups_sql
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.dashboards_data import (
    A,
    D,
    History,
    R,
    S,
    make_history,
    make_round,
    report,
)
from mufakat.registry.models import Party
from mufakat.testing.factories import UserFactory, member_state
from mufakat.workplans.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def tha() -> Party:
    return member_state("THA", "Thailand")


@pytest.fixture
def tha_focal(tha: Party) -> User:
    return UserFactory(username="tha.focal", party=tha, role=Role.FOCAL_POINT)


@pytest.fixture
def history(idn: Party, jpn: Party, tha: Party, asean_japan: SharingGroup) -> History:
    """The hand-made history, with a public round before it (seen by everyone) and a member
    states' round after it (not by Japan's focal point or the outsider)."""
    history = make_history(idn, jpn, asean_japan)
    public = make_round(
        title="Public round",
        instrument=history.instrument,
        parties=[idn, jpn, tha],
        due=dt.date(2023, 5, 31),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    report(public, history.a1, idn, A, "completed", 100)
    report(public, history.a1, jpn, R, "on_track", 20)  # returned, submitted on time
    report(public, history.a1, tha, D, "delayed", 10)
    report(public, history.a2, jpn, S, "on_track", None, late_days=5)
    report(public, history.a2, idn, A, "cancelled", None)
    report(public, history.a3, idn, R, "delayed", 35, late_days=1)  # returned, late
    report(public, history.a3, tha, D, "not_reported", None)
    members = make_round(
        title="Member states' round",
        instrument=history.instrument,
        parties=[idn, tha],
        due=dt.date(2026, 5, 31),
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
        previous=history.r2,
    )
    report(members, history.a1, idn, R, "on_track", 45)
    report(members, history.a1, tha, A, "completed", 100, late_days=7)
    report(members, history.a2, idn, D, "delayed", 15)
    report(members, history.a2, tha, D, "on_track", None)
    report(members, history.a3, idn, S, "not_applicable", None)
    report(members, history.a3, tha, S, "on_track", 80, late_days=0)  # noon of the due day
    return history


@pytest.fixture
def readers(all_users: dict[str, Any], tha_focal: User) -> dict[str, Any]:
    return {**all_users, "tha_focal": tha_focal}


WHO = ["secretariat", "idn_focal", "tha_focal", "jpn_focal", "outsider", "anonymous"]


@pytest.mark.parametrize("who", WHO)
def test_the_instrument_rollup_from_tallies_is_the_one_from_the_reports(
    history: History, readers: dict[str, Any], who: str
) -> None:
    user = readers[who]
    rounds = rollups.instrument_rounds(user=user, instrument=history.instrument)
    assert rounds or who in ("outsider", "anonymous")
    for round_id in [None, *(r.pk for r in rounds)]:
        tallied = rollups.instrument_rollup(
            user=user, instrument=history.instrument, round_id=round_id
        )
        kwargs: dict[str, Any] = {"user": user, "instrument": history.instrument}
        from_reports = rollups_sql.instrument_rollup_sql(
            **kwargs, round_id=round_id, source="reports"
        )
        assert tallied == from_reports
        assert rollups_sql.instrument_rollup_sql(**kwargs, round_id=round_id) == from_reports


def test_the_data_has_what_the_comparison_must_cover(
    history: History, secretariat: User, tha_focal: User
) -> None:
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == {D, S, R, A}
    public = rollups.instrument_rollup(
        user=secretariat,
        instrument=history.instrument,
        round_id=ReportingRound.objects.get(title="Public round").pk,
    )
    # JPN's returned report was submitted on time, IDN's late; JPN's other report was late.
    assert public["totals"]["on_time"] == 3
    assert public["totals"]["reported"] == 5 and public["totals"]["expected"] == 7
    own = rollups.instrument_rollup(user=tha_focal, instrument=history.instrument)
    assert (own["totals"]["reported"], own["totals"]["on_time"]) == (5, 3)


@pytest.mark.parametrize("who", WHO)
def test_the_party_rollup_from_tallies_is_the_one_from_the_reports(
    history: History, readers: dict[str, Any], who: str
) -> None:
    user = readers[who]
    for party in Party.objects.filter(code__in=["IDN", "JPN", "THA"]):
        assert rollups.party_rollup(user=user, party=party) == _party_rollup_from_reports(
            user=user, party=party
        )


def _party_rollup_from_reports(*, user: Any, party: Party) -> rollups.Rollup:
    """:func:`rollups.party_rollup` as it was computed before the tallies: from the reports."""
    round_rows = (
        ReportingRound.objects.visible_to(user)
        .filter(reporting_parties=party)
        .values("pk", "title", "due_date", "tlp", "instruments")
        .order_by()
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in round_rows:
        best = latest.get(row["instruments"])
        if best is None or (row["due_date"], row["pk"]) > (best["due_date"], best["pk"]):
            latest[row["instruments"]] = row
    instruments = {
        i.pk: i
        for i in Instrument.objects.visible_to(user)
        .filter(pk__in=[pk for pk in latest if pk is not None])
        .only("pk", "key", "title", "short_title", "tlp")
    }
    chosen = {(pk, latest[pk]["pk"]) for pk in instruments}
    visible = Gate(ProgressReport, user)
    grouped = [
        row
        for row in ProgressReport.objects.filter(
            party=party, round_id__in=sorted({round_id for _i, round_id in chosen})
        )
        .values("instrument_id", "round_id", "status")
        .annotate(
            slots=Count("*"),
            n=Count("status", filter=visible),
            pct_sum=Sum("percent", filter=visible),
            pct_n=Count("percent", filter=visible),
        )
        .order_by()
        if (row["instrument_id"], row["round_id"]) in chosen
    ]
    slots: dict[tuple[int, int], int] = defaultdict(int)
    for row in grouped:
        slots[(row["instrument_id"], row["round_id"])] += row["slots"]
    rows = [row for row in grouped if row["n"]]
    by_instrument = rollups._aggregates(rows, "instrument_id")
    entries = []
    for (pk, round_id), expected in slots.items():
        row = latest[pk]
        entries.append(
            {
                "instrument": rollups.instrument_info(instruments[pk]),
                "round": {
                    "id": round_id,
                    "title": row["title"],
                    "due_date": row["due_date"].isoformat(),
                    "tlp": row["tlp"],
                },
                **rollups._figures(by_instrument.get(pk), expected),
            }
        )
    entries.sort(key=lambda e: (e["instrument"]["title"], e["instrument"]["id"]))
    total = rollups._aggregates(({**row, "all": 0} for row in rows), "all").get(0)
    return {
        "party": {"code": party.code, "name": party.name},
        "tlp": most_restrictive_tlp(
            *(instruments[e["instrument"]["id"]].tlp for e in entries),
            *(e["round"]["tlp"] for e in entries),
        ),
        "statuses": list(rollups.STATUS_ORDER),
        "totals": rollups._figures(total, sum(e["expected"] for e in entries)),
        "instruments": entries,
    }
