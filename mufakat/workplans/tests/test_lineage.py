"""The lineage layout: parents above children, layers by longest path, no query, no script."""

from mufakat.workplans.lineage import Edge, NodeInfo, connected, layers, layout, shorten


def info(pk: int, year: int | None, title: str = "") -> NodeInfo:
    title = title or f"Instrument {pk}"
    return NodeInfo(pk=pk, title=title, label=title, year=year, period=str(year), url=f"/i/{pk}/")


def test_the_component_follows_links_up_and_down_but_not_elsewhere() -> None:
    edges = [Edge(2, 1, "implements"), Edge(3, 2, "derives_from"), Edge(5, 4, "supersedes")]

    members, kept = connected(2, edges)

    assert members == {1, 2, 3}
    assert Edge(5, 4, "supersedes") not in kept


def test_a_node_sits_one_layer_below_its_deepest_parent() -> None:
    # 3 derives from both 1 (layer 0) and 2 (layer 1): longest path puts it on layer 2.
    edges = [Edge(2, 1, "implements"), Edge(3, 2, "derives_from"), Edge(3, 1, "amends")]

    assert layers([1, 2, 3], edges) == {1: 0, 2: 1, 3: 2}


def test_a_stored_cycle_does_not_loop_forever() -> None:
    edges = [Edge(1, 2, "amends"), Edge(2, 1, "amends")]

    assert set(layers([1, 2], edges)) == {1, 2}


def test_nodes_of_a_layer_are_ordered_by_year_then_title_and_parents_are_on_top() -> None:
    infos = {1: info(1, 2014), 2: info(2, 2024, "B plan"), 3: info(3, 2023, "Z plan")}
    edges = [Edge(2, 1, "implements"), Edge(3, 1, "implements")]

    graph = layout(2, infos, edges, {"implements": "implements"})

    placed = {n.info.pk: n for n in graph.nodes}
    assert placed[1].y < placed[2].y == placed[3].y
    assert placed[3].x < placed[2].x  # 2023 before 2024
    assert placed[2].current and not placed[1].current
    assert {e.label for e in graph.edges} == {"implements"}
    assert all(e.y1 > e.y2 for e in graph.edges)  # arrows point up, to the parent


def test_edges_to_instruments_the_reader_cannot_see_are_dropped() -> None:
    graph = layout(1, {1: info(1, 2014)}, [Edge(9, 1, "derives_from")], {})

    assert graph.edges == []
    assert [n.info.pk for n in graph.nodes] == [1]


def test_long_titles_are_shortened_for_the_boxes() -> None:
    assert shorten("x" * 50).endswith("…")
    assert len(shorten("x" * 50)) == 30
