"""The lineage graph: which instruments derive from, implement, supersede or amend which.

Pure functions, no queries: the selector hands in the links the reader may see, this module
finds the part connected to one instrument and lays it out in layers, older (parents) on top.
Layering is by longest path, so every edge points upwards; within a layer nodes are ordered by
year, then title. The SVG is drawn by a Django template (auto-escaped), no script, no library.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

NODE_WIDTH = 220
NODE_HEIGHT = 50
H_GAP = 28
V_GAP = 74
MARGIN = 12
MAX_LABEL = 30


@dataclass(frozen=True)
class Edge:
    """``source`` derives from / implements / supersedes / amends ``target`` (its parent)."""

    source: int
    target: int
    kind: str


@dataclass(frozen=True)
class NodeInfo:
    pk: int
    title: str
    label: str
    year: int | None
    period: str
    url: str


@dataclass(frozen=True)
class PlacedNode:
    info: NodeInfo
    x: int
    y: int
    current: bool

    @property
    def label(self) -> str:
        return shorten(self.info.label)

    @property
    def text_x(self) -> int:
        return self.x + NODE_WIDTH // 2


@dataclass(frozen=True)
class PlacedEdge:
    edge: Edge
    label: str
    x1: int
    y1: int
    x2: int
    y2: int

    @property
    def label_x(self) -> int:
        return (self.x1 + self.x2) // 2 + 4

    @property
    def label_y(self) -> int:
        return (self.y1 + self.y2) // 2 + 4


@dataclass(frozen=True)
class Layout:
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    width: int
    height: int


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def connected(start: int, edges: Iterable[Edge]) -> tuple[set[int], list[Edge]]:
    """Instruments reachable from ``start`` following links up and down, and their links."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    edge_list = list(edges)
    for e in edge_list:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    seen = {start}
    queue = deque([start])
    while queue:
        for other in neighbours[queue.popleft()]:
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen, [e for e in edge_list if e.source in seen and e.target in seen]


def layers(nodes: Iterable[int], edges: Iterable[Edge]) -> dict[int, int]:
    """Layer of each node: 0 without parents, else one below its deepest parent.

    The services keep lineage acyclic; should a cycle still be stored, the edge closing it is
    ignored rather than looping.
    """
    parents: dict[int, set[int]] = defaultdict(set)
    for e in edges:
        parents[e.source].add(e.target)
    depth: dict[int, int] = {}

    def visit(node: int, path: frozenset[int]) -> int:
        if node in depth:
            return depth[node]
        above = [visit(p, path | {node}) for p in parents[node] if p not in path and p != node]
        depth[node] = 1 + max(above) if above else 0
        return depth[node]

    for node in nodes:
        visit(node, frozenset())
    return depth


def layout(
    current: int,
    infos: Mapping[int, NodeInfo],
    edges: Iterable[Edge],
    relation_labels: Mapping[str, str],
) -> Layout:
    """Place every node and edge; ``infos`` holds only instruments the reader may see."""
    edge_list = [e for e in edges if e.source in infos and e.target in infos]
    depth = layers(infos, edge_list)
    rows: dict[int, list[NodeInfo]] = defaultdict(list)
    for pk, info in infos.items():
        rows[depth[pk]].append(info)
    widest = max((len(row) for row in rows.values()), default=1)
    width = 2 * MARGIN + widest * NODE_WIDTH + (widest - 1) * H_GAP
    placed: dict[int, PlacedNode] = {}
    for level in sorted(rows):
        row = sorted(rows[level], key=lambda n: (n.year or 9999, n.title))
        row_width = len(row) * NODE_WIDTH + (len(row) - 1) * H_GAP
        left = (width - row_width) // 2
        for index, info in enumerate(row):
            placed[info.pk] = PlacedNode(
                info=info,
                x=left + index * (NODE_WIDTH + H_GAP),
                y=MARGIN + level * (NODE_HEIGHT + V_GAP),
                current=info.pk == current,
            )
    height = 2 * MARGIN + (max(rows, default=0) + 1) * (NODE_HEIGHT + V_GAP) - V_GAP
    placed_edges = [
        PlacedEdge(
            edge=e,
            label=relation_labels.get(e.kind, e.kind),
            x1=placed[e.source].text_x,
            y1=placed[e.source].y,
            x2=placed[e.target].text_x,
            y2=placed[e.target].y + NODE_HEIGHT + 3,
        )
        for e in edge_list
    ]
    return Layout(
        nodes=sorted(placed.values(), key=lambda n: (n.y, n.x)),
        edges=placed_edges,
        width=width,
        height=height,
    )


def render_svg(graph: Layout, *, title: str, description: str) -> SafeString:
    return SafeString(
        render_to_string(
            "workplans/includes/lineage.svg",
            {
                "graph": graph,
                "title": title,
                "description": description,
                "node_height": NODE_HEIGHT,
                "node_width": NODE_WIDTH,
            },
        )
    )
