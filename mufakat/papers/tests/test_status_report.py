"""The implementation status report of the ASEAN–Japan work plan, from the snapshot frozen for
the 24th SOMTC: per priority area, activity and party, with the narratives as submitted or
accepted (never a draft), what changed since the 23rd SOMTC, and only for those who may see the
rounds (see ``conftest.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.core.audience import TLP
from mufakat.papers.content import Chart, Note, Section, Table
from mufakat.papers.status_report import (
    build_status_report,
    resolve_snapshot,
    status_report_snapshots,
)
from mufakat.papers.tests.conftest import ACCEPTED, PapersWorld, report
from mufakat.testing.factories import ActivityFactory, InstrumentFactory


def section(paper: Any, key: str) -> Section:
    return next(s for s in paper.all_sections() if s.key == key)


def notes(paper: Any) -> str:
    return " ".join(b.text for s in paper.all_sections() for b in s.blocks if isinstance(b, Note))


def test_the_latest_snapshot_is_reported_by_default_and_named_in_the_title_block(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    paper = build_status_report(papers_world.aj, user=secretariat)
    meta = dict(paper.meta)
    assert paper.kind == "status_report"
    assert paper.title == "Implementation status report: ASEAN–Japan Work Plan"
    assert paper.subtitle.startswith("Snapshot of Round for the 24th SOMTC, frozen ")
    assert meta["Reporting round"] == "Round for the 24th SOMTC"
    assert meta["Presented at"] == "24th SOMTC"
    assert paper.url.endswith(f"?snapshot={papers_world.s24.pk}")
    # The instrument is public; the round's figures are shared with ASEAN + Japan.
    assert paper.tlp == TLP.AMBER


def test_figures_per_area_and_party_come_with_the_charts(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    paper = build_status_report(papers_world.aj, user=secretariat)
    summary = section(paper, "summary")
    assert summary.blocks[0].text.startswith(
        "Of 5 expected activity reports: 1 completed, 2 on track, 1 delayed, 1 not reported."
    )
    areas = next(b for b in summary.blocks if isinstance(b, Table))
    assert areas.rows[0][:2] == ["1. Counter-terrorism", "4"]
    assert [c.title for c in summary.blocks if isinstance(c, Chart)] == [
        "Activities by status per priority area",
        "Completion per party",
    ]
    assert "1 reports were drafts not submitted" in notes(paper)
    parties = next(b for b in section(paper, "parties").blocks if isinstance(b, Table))
    assert [row[0] for row in parties.rows] == ["Indonesia (IDN)", "Japan (JPN)"]


def test_each_activity_lists_each_party_with_the_narrative_as_submitted_or_accepted(
    papers_world: PapersWorld, jpn_focal: Any
) -> None:
    paper = build_status_report(papers_world.aj, user=jpn_focal)
    activity = section(paper, f"activity-{papers_world.a1.pk}")
    assert activity.heading == "A1 Deradicalisation workshop"
    table = next(b for b in activity.blocks if isinstance(b, Table))
    assert table.headers == ["Party", "Status", "Percent complete", "Narrative"]
    assert table.rows == [
        ["Indonesia", "Completed", "100 %", "Workshop held in Bogor with 40 officers."],
        [
            "Japan",
            "On track",
            "60 %",
            "Trainers from the NPA recruited. (submitted, not yet reviewed)",
        ],
    ]
    assert all(link and link.startswith("/monitoring/reports/") for link in table.row_links)
    # Japan's own draft was "not submitted" when frozen: its narrative is never printed,
    # not even to Japan.
    a2 = section(paper, f"activity-{papers_world.a2.pk}")
    assert ["Japan", "Draft not submitted", "—"] not in next(
        b for b in a2.blocks if isinstance(b, Table)
    ).rows
    assert "JAPAN DRAFT NOT TO BE SHOWN" not in paper.text()
    assert "narratives as submitted or accepted" in section(paper, "activities").source


def test_changes_since_the_previous_snapshot_are_listed_activity_by_activity(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    changes = section(build_status_report(papers_world.aj, user=secretariat), "changes")
    assert changes.source.startswith("Compared with the snapshot of Round for the 23rd SOMTC")
    detail = next(
        b for b in changes.blocks if isinstance(b, Table) and b.caption.startswith("Each")
    )
    assert [
        "A1 Deradicalisation workshop",
        "IDN",
        "On track",
        "Completed",
        "50 %",
        "100 %",
    ] in detail.rows


def test_an_earlier_snapshot_can_be_chosen_and_is_the_first_to_compare(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    chosen = resolve_snapshot(papers_world.aj, user=secretariat, snapshot_id=papers_world.s23.pk)
    assert chosen == papers_world.s23
    paper = build_status_report(papers_world.aj, user=secretariat, snapshot=chosen)
    assert dict(paper.meta)["Reporting round"] == "Round for the 23rd SOMTC"
    assert "no earlier one to compare it with" in notes(paper)


def test_the_picker_lists_the_visible_snapshots_newest_first(
    papers_world: PapersWorld, all_users: dict[str, Any]
) -> None:
    aj = papers_world.aj
    assert status_report_snapshots(aj, user=all_users["secretariat"]) == [
        papers_world.s24,
        papers_world.s23,
    ]
    assert status_report_snapshots(aj, user=all_users["jpn_focal"]) == [
        papers_world.s24,
        papers_world.s23,
    ]
    assert status_report_snapshots(aj, user=all_users["outsider"]) == []
    assert status_report_snapshots(aj, user=all_users["anonymous"]) == []
    # The member-states work plan is hidden from Japan: none of its snapshots either.
    assert status_report_snapshots(papers_world.border, user=all_users["jpn_focal"]) == []
    assert status_report_snapshots(papers_world.border, user=all_users["idn_focal"]) == [
        papers_world.border_snapshot
    ]


def test_a_hidden_or_foreign_snapshot_resolves_to_nothing(
    papers_world: PapersWorld, outsider: Any, secretariat: Any
) -> None:
    aj = papers_world.aj
    assert resolve_snapshot(aj, user=outsider, snapshot_id=papers_world.s24.pk) is None
    assert resolve_snapshot(aj, user=outsider, snapshot_id=None) is None
    other = papers_world.border_snapshot.pk
    assert resolve_snapshot(aj, user=secretariat, snapshot_id=other) is None
    assert resolve_snapshot(aj, user=secretariat, snapshot_id=999999) is None
    # Given a snapshot the reader may not see, the report shows nothing of it.
    paper = build_status_report(aj, user=outsider, snapshot=papers_world.s24)
    assert "24th SOMTC" not in paper.text()
    assert paper.tlp == TLP.CLEAR


def test_an_outsider_reads_a_note_instead_of_figures(
    papers_world: PapersWorld, outsider: Any
) -> None:
    paper = build_status_report(papers_world.aj, user=outsider)
    assert "This instrument has no reporting rounds" in notes(paper)
    assert "Round for the" not in paper.text()


def test_an_instrument_without_rounds_or_frozen_round_gets_a_note(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    lonely = InstrumentFactory.create(title="Declaration without monitoring")
    paper = build_status_report(lonely, user=secretariat)
    assert "This instrument has no reporting rounds" in notes(paper)
    assert paper.tlp == TLP.CLEAR
    papers_world.r25.instruments.add(lonely)
    paper = build_status_report(lonely, user=secretariat)
    assert "No reporting round for this instrument has been frozen yet" in notes(paper)
    assert "Round for the 25th SOMTC" in notes(paper)
    assert paper.tlp == TLP.AMBER


def test_the_member_states_work_plan_is_marked_with_its_own_label(
    papers_world: PapersWorld, idn_focal: Any
) -> None:
    paper = build_status_report(papers_world.border, user=idn_focal)
    assert paper.tlp == TLP.GREEN
    assert "Indonesia | On track | 45 % | Patrols along the Kalimantan border." in paper.text()


@pytest.mark.parametrize("reader", ["secretariat", "jpn_focal"])
def test_the_number_of_queries_does_not_grow_with_the_reports(
    papers_world: PapersWorld,
    all_users: dict[str, Any],
    reader: str,
    django_assert_max_num_queries: Any,
) -> None:
    from mufakat.monitoring.snapshots import freeze_round

    user = all_users[reader]
    with django_assert_max_num_queries(7) as small_queries:
        small = build_status_report(papers_world.aj, user=user)
    # Ten more activities reported by both parties, in a round frozen after the 24th.
    for i in range(10):
        activity = ActivityFactory.create(priority_area=papers_world.aj_cyber, code=f"X{i}")
        for party in papers_world.r25.reporting_parties.all():
            report(papers_world.r25, activity, party, ACCEPTED, "on_track", 50, f"Said {i}")
    large_snapshot = freeze_round(
        actor=all_users["secretariat"], round=papers_world.r25, acknowledge_early=True
    )
    with django_assert_max_num_queries(7) as large_queries:
        large = build_status_report(papers_world.aj, user=user, snapshot=large_snapshot)
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
    assert large.text().count("Said ") == 20
    assert len(large.text()) > len(small.text())
