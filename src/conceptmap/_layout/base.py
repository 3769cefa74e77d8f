"""What the layout stages share: options, the result, relations as edges, node ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NewType

import networkx as nx

from .._geometry import (
    Point,
    Rect,
)

Size = tuple[float, float]


@dataclass(frozen=True)
class LayoutOptions:
    algorithm: str = "default"
    seed: int = 7
    gap: float = 12.0  # least space between two boxes, in points
    group_padding: float = 12.0
    group_header: float = 18.0  # room above a group's members for its label
    # Width the drawing should keep within (points), or None for no limit: the page.
    page_width: float | None = None
    # Height the drawing should keep within (points): the page's height less its title,
    # legend and caption; None: TALLEST_DRAWING page widths.
    page_height: float | None = None
    # The legend beside a drawing narrower than the page: the width it takes there and
    # the height it then leaves the drawing (it is under a drawing as wide as the page).
    legend_beside: tuple[float, float] = (0.0, 0.0)
    # Groups narrowed to their share of the page, to stand side by side (else each
    # group may take the page's width).
    narrow_groups: bool = True


@dataclass(frozen=True)
class Layout:
    """Where everything goes. Routes are quadratic Bezier chains: P0 C0 P1 C1 P2 ..."""

    centers: Mapping[str, Point]
    labels: Mapping[str, Point]
    routes: Mapping[str, tuple[Point, ...]]
    groups: Mapping[str, Rect]
    unrouted: tuple[str, ...] = ()
    ends: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # relation -> actors


@dataclass(frozen=True)
class Edge:
    key: str
    source: str
    target: str
    waypoint: str | None  # id of the label node the relation passes through


NodeId = NewType("NodeId", str)
"""A layout node that is not an actor: a relation's label, a group, an anchor.

Actor ids are ids from the map; these are prefixed with a NUL character, which no
map id can hold, so the two can never clash."""


def label_node(key: str) -> NodeId:
    """The node that holds room for relation `key`'s label."""
    return NodeId(f"\x00label:{key}")


def group_node(gid: str) -> NodeId:
    """The node that stands for group `gid` when the groups are placed."""
    return NodeId(f"\x00group:{gid}")


def anchor_node(owner: str) -> NodeId:
    """A fixed node in the direction of `owner`, which a group's members lean towards."""
    return NodeId(f"\x00anchor:{owner}")


def is_label_node(node: str) -> bool:
    return node.startswith("\x00label:")


def is_group_node(node: str) -> bool:
    return node.startswith("\x00group:")


def relation_edges(graph: nx.MultiDiGraph, label_sizes: Mapping[str, Size]) -> list[Edge]:
    pair_counts: dict[frozenset[str], int] = {}
    for source, target in graph.edges():
        pair = frozenset((source, target))
        pair_counts[pair] = pair_counts.get(pair, 0) + 1
    edges = []
    for source, target, key in graph.edges(keys=True):
        needs_waypoint = key in label_sizes or pair_counts[frozenset((source, target))] > 1
        edges.append(Edge(key, source, target, label_node(key) if needs_waypoint else None))
    return edges


def waypoint_size(key: str, label_sizes: Mapping[str, Size]) -> Size:
    return label_sizes.get(key, (6.0, 6.0))


TRIAL_LIMIT = 60  # actors: above this one start is enough (and trials cost too much)
