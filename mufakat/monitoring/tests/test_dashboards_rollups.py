"""Rollup figures on a hand-made history (see ``dashboards_data``), and the gate on them."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.monitoring import rollups, rollups_sql
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _area(rollup: dict[str, Any], title: str) -> dict[str, Any]:
    return next(a for a in rollup["areas"] if a["title"] == title)


def _party(rollup: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in rollup["parties"] if p["code"] == code)


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def test_the_secretariat_sees_the_latest_round_by_status_per_priority_area(
    history: History, secretariat: User
) -> None:
    rollup = rollups.instrument_rollup(user=secretariat, instrument=history.instrument)
    assert rollup["round"]["id"] == history.r2.pk
    ct = _area(rollup, "Counter-terrorism")
    # A1/JPN is a draft: the Secretariat cannot read it, so it is "not reported".
    assert _nonzero(ct["counts"]) == {"completed": 2, "delayed": 1, "not_reported": 1}
    assert ct["expected"] == 4
    assert ct["completion"] == pytest.approx(76.7)
    cyber = _area(rollup, "Cybercrime")
    assert _nonzero(cyber["counts"]) == {"not_reported": 1}
    assert cyber["completion"] is None


def test_completion_and_on_time_rate_per_party(history: History, secretariat: User) -> None:
    rollup = rollups.instrument_rollup(user=secretariat, instrument=history.instrument)
    idn = _party(rollup, "IDN")
    assert (idn["expected"], idn["reported"], idn["completion"]) == (3, 2, 65.0)
    assert (idn["on_time"], idn["on_time_rate"]) == (1, pytest.approx(33.3))
    jpn = _party(rollup, "JPN")
    assert (jpn["expected"], jpn["reported"], jpn["completion"]) == (2, 1, 100.0)
    assert jpn["on_time_rate"] == 50.0
    totals = rollup["totals"]
    assert (totals["expected"], totals["on_time"], totals["on_time_rate"]) == (5, 2, 40.0)
    assert totals["completion"] == pytest.approx(76.7)


def test_the_trend_has_one_point_per_visible_round_oldest_first(
    history: History, secretariat: User
) -> None:
    trend = rollups.instrument_rollup(user=secretariat, instrument=history.instrument)["trend"]
    assert [p["round"]["id"] for p in trend] == [history.r1.pk, history.r2.pk]
    first = trend[0]
    assert _nonzero(first["counts"]) == {
        "completed": 1,
        "on_track": 2,
        "delayed": 1,
        "not_started": 1,
    }
    assert (first["completion"], first["on_time_rate"]) == (43.0, 80.0)
    assert trend[1]["completion"] == pytest.approx(76.7)


@pytest.mark.parametrize("who", ["secretariat", "idn_focal", "jpn_focal"])
def test_the_trend_is_the_same_whichever_round_is_chosen(
    history: History, all_users: dict[str, Any], who: str
) -> None:
    # The chosen round's point is folded from its own figures, the others are read again.
    user = all_users[who]
    trends = [
        rollups.instrument_rollup(user=user, instrument=history.instrument, round_id=r.pk)["trend"]
        for r in (history.r1, history.r2)
    ]
    assert trends[0] == trends[1]
    assert [p["round"]["id"] for p in trends[0]] == [history.r1.pk, history.r2.pk]


def test_an_older_round_can_be_chosen(history: History, secretariat: User) -> None:
    rollup = rollups.instrument_rollup(
        user=secretariat, instrument=history.instrument, round_id=history.r1.pk
    )
    assert rollup["round"]["id"] == history.r1.pk
    assert _area(rollup, "Counter-terrorism")["completion"] == pytest.approx(43.8)


def test_a_draft_counts_for_its_own_party_only(
    history: History, idn_focal: User, jpn_focal: User
) -> None:
    for_idn = rollups.instrument_rollup(user=idn_focal, instrument=history.instrument)
    assert _nonzero(_area(for_idn, "Cybercrime")["counts"]) == {"completed": 1}
    assert _nonzero(_area(for_idn, "Counter-terrorism")["counts"]) == {
        "completed": 2,
        "delayed": 1,
        "not_reported": 1,
    }
    for_jpn = rollups.instrument_rollup(user=jpn_focal, instrument=history.instrument)
    assert _nonzero(_area(for_jpn, "Counter-terrorism")["counts"]) == {
        "completed": 2,
        "on_track": 1,
        "delayed": 1,
    }
    assert _nonzero(_area(for_jpn, "Cybercrime")["counts"]) == {"not_reported": 1}
    assert _party(for_jpn, "IDN")["completion"] == 65.0  # IDN's draft is not in it


def test_an_outsider_gets_no_figures_from_a_sharing_group_round(
    history: History, outsider: User, anonymous: Any
) -> None:
    for user in (outsider, anonymous):
        rollup = rollups.instrument_rollup(user=user, instrument=history.instrument)
        assert rollup["round"] is None
        assert rollup["trend"] == [] and rollup["parties"] == []
        assert rollup["totals"]["expected"] == 0
        assert all(sum(a["counts"].values()) == 0 for a in rollup["areas"])


def test_an_outsider_cannot_choose_a_round_it_may_not_see(history: History, outsider: User) -> None:
    with pytest.raises(Http404):
        rollups.instrument_rollup(
            user=outsider, instrument=history.instrument, round_id=history.r2.pk
        )


@pytest.mark.parametrize("who", ["secretariat", "idn_focal", "jpn_focal", "outsider", "anonymous"])
def test_the_bare_sql_computes_the_same_figures(
    history: History, all_users: dict[str, Any], who: str
) -> None:
    user = all_users[who]
    for round_id in (None, history.r1.pk):
        if who in ("outsider", "anonymous") and round_id:
            continue
        orm = rollups.instrument_rollup(user=user, instrument=history.instrument, round_id=round_id)
        sql = rollups_sql.instrument_rollup_sql(
            user=user, instrument=history.instrument, round_id=round_id
        )
        assert sql == orm


def test_a_partys_commitments_show_its_latest_round_per_instrument(
    history: History, idn: Party, secretariat: User, idn_focal: User
) -> None:
    rollup = rollups.party_rollup(user=secretariat, party=idn)
    [entry] = rollup["instruments"]
    assert entry["round"]["id"] == history.r2.pk
    assert _nonzero(entry["counts"]) == {"completed": 1, "delayed": 1, "not_reported": 1}
    assert entry["completion"] == 65.0
    own = rollups.party_rollup(user=idn_focal, party=idn)["instruments"][0]
    assert _nonzero(own["counts"]) == {"completed": 2, "delayed": 1}


def _commitments(user: User, party: Party) -> dict[str, Any]:
    activities = list(rollups.party_commitments(user=user, party=party))
    return {
        a.code: a
        for a in rollups.with_latest_reports(user=user, party=party, activities=activities)
    }


def test_a_partys_activity_list_shows_its_role_and_latest_visible_status(
    history: History, idn: Party, secretariat: User, idn_focal: User
) -> None:
    rows = _commitments(secretariat, idn)
    assert set(rows) == {"A1", "A2", "A3"}
    assert rows["A1"].is_lead and not rows["A2"].is_lead
    assert rows["A2"].latest.status == "delayed"
    # The draft of A3 in R2 is not the Secretariat's to read: R1's report is the latest it sees.
    assert rows["A3"].latest.status == "on_track"
    assert rows["A3"].latest.round == history.r1
    assert _commitments(idn_focal, idn)["A3"].latest.status == "completed"


def test_an_outsider_sees_no_commitment_figures_of_a_restricted_round(
    history: History, idn: Party, outsider: User
) -> None:
    assert rollups.party_rollup(user=outsider, party=idn)["instruments"] == []
    assert {a.latest for a in _commitments(outsider, idn).values()} == {None}


def test_priority_areas_have_no_gate_of_their_own_beyond_their_instrument() -> None:
    """``rollups.instrument_areas`` reads the areas of an instrument the gate let through without
    building the gate again; that is only right while this holds."""
    from mufakat.workplans.models import PriorityArea

    assert PriorityArea.visibility_parents == ("instrument",)
    assert not any(f.name == "audience" for f in PriorityArea._meta.concrete_fields)


def test_a_public_meeting_is_visible_to_everyone_without_asking_the_gate() -> None:
    """``rollups._mark_visible_meetings`` names public meetings without building the gate."""
    from mufakat.meetings.models import Meeting

    assert getattr(Meeting, "visibility_parents", ()) == ()


def test_a_restricted_meeting_is_not_named_to_an_outsider(
    history: History, secretariat: User, jpn_focal: User
) -> None:
    from mufakat.core.audience import TLP, Audience

    history.m24.audience = Audience.MEMBER_STATES
    history.m24.tlp = TLP.GREEN
    history.m24.save()
    assert rollups.instrument_rollup(user=secretariat, instrument=history.instrument)["round"][
        "meeting"
    ] == {"id": history.m24.pk, "title": "24th SOMTC"}
    # Japan sees the round (ASEAN + Japan) but not a member-states-only meeting.
    assert (
        rollups.instrument_rollup(user=jpn_focal, instrument=history.instrument)["round"]["meeting"]
        is None
    )
