"""The brief reads the parts of frozen snapshots once per process: a snapshot never changes, so
what was read stays true, while each reader still gets only what the gate lets them see."""

from __future__ import annotations

import copy
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.monitoring import snapshots
from mufakat.papers.brief import build_brief
from mufakat.papers.tests.conftest import PapersWorld


def _snapshot_reads(captured: list[dict[str, Any]]) -> int:
    return sum(1 for q in captured if "monitoring_snapshotpart" in q["sql"])


def test_a_brief_built_again_reads_no_snapshot_part_and_says_the_same(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    cache.clear()
    with CaptureQueriesContext(connection) as first_queries:
        first = build_brief(papers_world.m25, user=secretariat)
    with CaptureQueriesContext(connection) as again_queries:
        again = build_brief(papers_world.m25, user=secretariat)
    assert _snapshot_reads(first_queries.captured_queries) >= 1
    assert _snapshot_reads(again_queries.captured_queries) == 0
    assert again.text() == first.text()
    assert again.tlp == first.tlp


def test_an_emptied_cache_empties_what_the_process_kept(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    build_brief(papers_world.m25, user=secretariat)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        build_brief(papers_world.m25, user=secretariat)
    assert _snapshot_reads(queries.captured_queries) >= 1


def test_each_reader_still_sees_only_their_part_of_what_was_kept(
    papers_world: PapersWorld, all_users: dict[str, Any]
) -> None:
    """Built for each reader with nothing kept, then again with everything the Secretariat's
    brief left behind: the same brief, word for word and marking."""
    alone = {}
    for name, user in all_users.items():
        cache.clear()
        paper = build_brief(papers_world.m25, user=user)
        alone[name] = (paper.text(), paper.tlp)
    cache.clear()
    build_brief(papers_world.m25, user=all_users["secretariat"])
    for name, user in all_users.items():
        paper = build_brief(papers_world.m25, user=user)
        assert (paper.text(), paper.tlp) == alone[name], name


def test_no_reader_changes_what_the_process_kept(
    papers_world: PapersWorld, all_users: dict[str, Any]
) -> None:
    cache.clear()
    build_brief(papers_world.m25, user=all_users["secretariat"])
    kept = copy.deepcopy({k: snapshots._MEMO[k] for k in ("light", "detail", "derived")})
    assert kept["light"] and kept["detail"] and kept["derived"]
    for user in all_users.values():
        build_brief(papers_world.m25, user=user)
    for kind, parts in kept.items():
        assert {key: snapshots._MEMO[kind][key] for key in parts} == parts, kind


def test_parts_too_large_to_keep_are_read_again(
    papers_world: PapersWorld, secretariat: Any, monkeypatch: Any
) -> None:
    """The process keeps a bounded number of report cells; parts beyond it are read each time
    (when nothing built from them is kept either)."""
    monkeypatch.setitem(snapshots._KEPT, "cells", 2)
    monkeypatch.setitem(snapshots._KEPT, "derived", 0)
    cache.clear()
    build_brief(papers_world.m25, user=secretariat)
    with CaptureQueriesContext(connection) as queries:
        build_brief(papers_world.m25, user=secretariat)
    assert _snapshot_reads(queries.captured_queries) >= 1
    assert snapshots._MEMO["cells"] <= 2


def test_an_instruments_figures_are_built_once_and_read_no_part_again(
    papers_world: PapersWorld, secretariat: Any, monkeypatch: Any
) -> None:
    """Even when the parts are too large to keep, the figures and changes built from them are
    kept: a brief built again reads no part and says the same, charts and all."""
    from mufakat.papers.templatetags.paper_tags import paper_blocks

    def html(paper: Any) -> str:
        return "".join(paper_blocks(section.blocks) for section in paper.all_sections())

    monkeypatch.setitem(snapshots._KEPT, "cells", 2)  # no room: parts are not kept
    cache.clear()
    first = build_brief(papers_world.m25, user=secretariat)
    assert snapshots._MEMO["derived"]
    with CaptureQueriesContext(connection) as queries:
        again = build_brief(papers_world.m25, user=secretariat)
    assert _snapshot_reads(queries.captured_queries) == 0
    assert (again.text(), again.tlp, html(again)) == (first.text(), first.tlp, html(first))


def test_kept_figures_are_built_again_when_the_cache_is_emptied(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    build_brief(papers_world.m25, user=secretariat)
    assert snapshots._MEMO["derived"]
    cache.clear()
    assert not snapshots._memo()["derived"]
