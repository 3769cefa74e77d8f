"""Selection: seeded starts tried on small maps, the one that crosses least kept;
then pins applied and the winner routed."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from .._geometry import (
    Point,
    Rect,
    remove_overlaps,
)
from .._registry import LAYOUTS
from .base import TRIAL_LIMIT, Edge, Layout, LayoutOptions, Size, relation_edges, waypoint_size
from .crossings import count_crossings
from .groups import clean_regions, clustered
from .placement import flat_layout
from .routing import route_all


def apply_pins(centers: dict[str, Point], sizes: Mapping[str, Size],
                pins: Mapping[str, Point], options: LayoutOptions) -> dict[str, Point]:
    """Move pinned actors to their place, keep the rest where they were relative to them."""
    shift = np.mean([np.subtract(pins[p], centers[p]) for p in pins], axis=0)
    nodes = sorted(centers)
    positions = np.array([pins.get(n, np.add(centers[n], shift)) for n in nodes], dtype=float)
    movable = np.array([n not in pins for n in nodes])
    placed = remove_overlaps(positions, np.array([sizes[n] for n in nodes]), movable,
                             options.gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def compute_layout(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
                   label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
                   options: LayoutOptions = LayoutOptions()) -> Layout:
    """Place every actor (box sizes in `sizes`) and relation label; route relations.

    `pos` node attributes (points) pin actors; `group` attributes form regions.
    The default layout tries a few seeded starts on small maps and keeps the one
    with fewest unrouted relations, then fewest crossings, then least relation length.
    """
    if options.algorithm not in LAYOUTS:
        raise ValueError(f"unknown layout {options.algorithm!r}; known: {', '.join(LAYOUTS)}")
    if not graph.nodes:
        return Layout({}, {}, {}, {})
    if options.algorithm == "default" and len(graph.nodes) > 100:
        # Stress starts pay off on small maps only; large ones go straight to springs.
        options = replace(options, algorithm="force")
    if options.algorithm != "default" or len(graph.nodes) > TRIAL_LIMIT:
        return finish(graph, place_actors(graph, sizes, label_sizes, group_headers, options))
    kinds = ("default", "force")
    placements = [place_actors(graph, sizes, label_sizes, group_headers,
                             replace(options, algorithm=kinds[k % 2], seed=options.seed + k))
                  for k in range(TRIALS)]
    # Rank the starts on a quick routing; then route only the winner carefully.
    scores = [trial_score(finish(graph, p, uncross=False), sizes) for p in placements]
    return finish(graph, placements[scores.index(min(scores))])


TRIALS = 10  # seeded starts tried on small maps (stress and spring, alternating)


def trial_score(layout: Layout, sizes: Mapping[str, Size]) -> tuple[int, int, float]:
    """Unrouted relations first, then crossings, then relation length."""
    from .._paths import sample_route

    unit = float(np.mean([math.hypot(*sizes[a]) for a in layout.centers]))
    length = 0.0
    for route in layout.routes.values():
        points = sample_route(route, samples=8)
        length += float(np.hypot(*np.diff(points, axis=0).T).sum())
    crossings = count_crossings(layout.routes, layout.ends)
    return len(layout.unrouted), crossings, round(length / unit, 6)


@dataclass(frozen=True)
class Placement:
    """Where actors, labels and regions go, before any relation is routed."""

    centers: dict[str, Point]
    groups: dict[str, Rect]
    edges: list[Edge]
    sizes: dict[str, Size]  # actors and label nodes


def place_actors(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
               label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
               options: LayoutOptions) -> Placement:
    actors = sorted(graph.nodes)
    edges = relation_edges(graph, label_sizes)
    all_sizes = dict(sizes)
    all_sizes.update({e.waypoint: waypoint_size(e.key, label_sizes)
                      for e in edges if e.waypoint})
    if LAYOUTS[options.algorithm].keeps_groups:
        centers, groups = clustered(graph, sizes, edges, label_sizes, group_headers, options)
    else:
        centers, groups = flat_layout(graph, sizes, edges, label_sizes, options), {}
    pins = {n: graph.nodes[n]["pos"] for n in actors if graph.nodes[n].get("pos") is not None}
    group_of = {n: graph.nodes[n].get("group") for n in actors}
    if pins:
        centers = apply_pins(centers, all_sizes, pins, options)
    if pins or not LAYOUTS[options.algorithm].keeps_groups:
        groups = clean_regions(centers, all_sizes, group_of, group_headers, options)
    return Placement(centers, groups, edges, all_sizes)


def finish(graph: nx.MultiDiGraph, placement: Placement, uncross: bool = True) -> Layout:
    """Route the relations of a placement and package the result."""
    actors = sorted(graph.nodes)
    centers, edges = placement.centers, placement.edges
    routes, unrouted = route_all(centers, placement.sizes, edges, actors, uncross)
    labels = {e.key: centers[e.waypoint] for e in edges if e.waypoint is not None}
    ends = {e.key: (e.source, e.target) for e in edges}
    return Layout({a: centers[a] for a in actors}, labels, routes, placement.groups,
                  tuple(unrouted), ends)
