"""The brief keeps each frozen snapshot as the readers who may see the same of it see it, under
everything that copy is made of: a reader still gets exactly what the gate gives them now, and
an access change or a snapshot frozen since shows at the next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from mufakat.core.audience import TLP, Audience
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import Snapshot
from mufakat.monitoring.snapshots import freeze_round
from mufakat.papers import brief
from mufakat.papers.brief import build_brief
from mufakat.papers.tests.conftest import PapersWorld

pytestmark = pytest.mark.django_db


def _as_the_gate_gives_it(user: Any, pk: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The snapshot read for ``user`` through the brief's kept copy, and afresh."""
    snapshot = Snapshot.objects.select_related("round").defer("data").get(pk=pk)
    snapshots.load_parts(user, [snapshot])
    meetings = snapshots._meeting_refs(user, [snapshot])
    markings = snapshots._markings(user, [snapshot])
    kept = brief._for_reader(user, snapshot, meetings, markings)
    fresh = snapshots.for_reader(user=user, snapshot=snapshot, meetings=meetings, markings=markings)
    return kept, fresh


def test_each_reader_gets_a_kept_snapshot_as_the_gate_gives_it_now(
    papers_world: PapersWorld, all_users: dict[str, Any]
) -> None:
    cache.clear()
    for _ in range(2):  # the second time, every reader's copy is the one kept
        for name, user in all_users.items():
            for pk in (papers_world.s24.pk, papers_world.border_snapshot.pk):
                kept, fresh = _as_the_gate_gives_it(user, pk)
                assert kept == fresh, name


def test_a_marking_raised_or_a_meeting_hidden_changes_the_copy_at_once(
    papers_world: PapersWorld, idn_focal: Any, outsider: Any
) -> None:
    cache.clear()
    _as_the_gate_gives_it(idn_focal, papers_world.border_snapshot.pk)
    border = papers_world.border
    border.tlp = TLP.AMBER
    border.save(update_fields=["tlp"])
    kept, fresh = _as_the_gate_gives_it(idn_focal, papers_world.border_snapshot.pk)
    assert kept == fresh
    assert kept["tlp"] == TLP.AMBER

    _as_the_gate_gives_it(outsider, papers_world.s24.pk)
    m24 = papers_world.m24
    m24.audience = Audience.ORGANISATION
    m24.save(update_fields=["audience"])
    kept, fresh = _as_the_gate_gives_it(outsider, papers_world.s24.pk)
    assert kept == fresh


def test_a_round_frozen_since_shows_in_the_brief_at_the_next_request(
    papers_world: PapersWorld, secretariat: Any, idn_focal: Any
) -> None:
    cache.clear()
    before = build_brief(papers_world.m25, user=idn_focal).text()
    assert "Snapshot of Round for the 25th SOMTC" not in before
    freeze_round(actor=secretariat, round=papers_world.r25, acknowledge_early=True)
    after = build_brief(papers_world.m25, user=idn_focal).text()
    assert "Snapshot of Round for the 25th SOMTC" in after
    assert "Round for the 24th SOMTC" in after  # compared with the snapshot before it


def test_an_instrument_hidden_since_leaves_the_brief_at_the_next_request(
    papers_world: PapersWorld, idn_focal: Any, jpn_focal: Any
) -> None:
    """The border work plan is for member states: Indonesia's focal point sees its figures, and
    once it is restricted to the Secretariat they are gone, though the copy of its snapshot
    Indonesia's focal point was given is still kept."""
    cache.clear()
    assert (
        "ASEAN Border Management Work Plan" in build_brief(papers_world.m25, user=idn_focal).text()
    )
    border = papers_world.border
    border.audience = Audience.ORGANISATION
    border.tlp = TLP.AMBER_STRICT
    border.save(update_fields=["audience", "tlp"])
    assert (
        "ASEAN Border Management Work Plan"
        not in build_brief(papers_world.m25, user=idn_focal).text()
    )


def test_the_previous_meeting_and_snapshots_are_found_as_the_shared_reads_find_them(
    papers_world: PapersWorld, all_users: dict[str, Any]
) -> None:
    """The brief's statements compiled once per reader find what the action items' and the
    snapshots' own reads find, for every reader."""
    from mufakat.meetings import action_items

    shown = [papers_world.s23, papers_world.s24, papers_world.border_snapshot]
    for name, user in all_users.items():
        for meeting in (papers_world.m25, papers_world.m24, papers_world.wg20):
            assert brief._previous_meeting(meeting, user) == action_items.previous_meeting(
                meeting, user=user
            ), name
        loaded = list(
            Snapshot.objects.select_related("round", "meeting").filter(pk__in=[s.pk for s in shown])
        )
        ours = brief._earlier_snapshots(user, loaded)
        theirs = snapshots.previous_snapshots(user=user, snapshots=loaded)
        assert {pk: s and s.pk for pk, s in ours.items()} == {
            pk: s and s.pk for pk, s in theirs.items()
        }, name


def test_the_kept_markup_of_frozen_figures_is_what_writing_them_gives(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    from mufakat.papers.templatetags.paper_tags import MARKUP, block_html, paper_blocks

    cache.clear()
    build_brief(papers_world.m25, user=secretariat)
    paper = build_brief(papers_world.m25, user=secretariat)
    kept = [b for s in paper.all_sections() for b in s.blocks if MARKUP in b.__dict__]
    assert kept  # the figures of the instruments detailed
    for section in paper.all_sections():
        written = "".join(f"\n    {block_html(b)}\n  " for b in section.blocks)
        assert paper_blocks(section.blocks) == written
