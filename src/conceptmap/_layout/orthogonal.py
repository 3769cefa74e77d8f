"""Layouts from an engine that draws the lines too (see LayoutEngine.routes): OGDF's
planarization with orthogonal lines.

Each relation label is a box of its own that the relation runs through, as in the
other layouts, so labels take room in the drawing and no line runs under one. The
engine's lines keep their course; only their corners are rounded, where that stays
clear of the boxes the line passes. Groups are drawn where their members came out
together, as in the other layouts that ignore groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from .._geometry import Point, Rect, rects_hit_by_polyline
from .._paths import sample_route
from .base import TRIAL_LIMIT, Edge, Layout, LayoutOptions, Size, relation_edges, waypoint_size
from .engines import engine_named
from .groups import clean_regions, title_rect
from .legs import straight_chain
from .routing import smooth_junctions

__all__ = ["ORDERS", "drawn_layouts"]

LABEL_REACH = 1.0  # points: a line this close to its label's plate touches it
ORDERS = 4  # orders of the input tried on maps of up to TRIAL_LIMIT actors (OGDF's
# drawing changes with the order; its time does not allow more)


def drawn_layouts(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
                  label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
                  options: LayoutOptions) -> list[Layout]:
    """One layout per order of the input tried, for the caller to choose from."""
    engine = engine_named(options.algorithm)
    edges = relation_edges(graph, label_sizes)
    boxes = dict(sizes)
    boxes.update({e.waypoint: waypoint_size(e.key, label_sizes) for e in edges if e.waypoint})
    links = [link for e in edges for link in _legs(e)]
    orders = ORDERS if len(graph.nodes) <= TRIAL_LIMIT else 1
    seeds = [options.seed + k for k in range(orders)]
    return [_layout(graph, edges, centers, lines, boxes, group_headers, options)
            for centers, lines in engine.draw(boxes, links, seeds)]  # type: ignore[attr-defined]


def _legs(edge: Edge) -> list[tuple[str, str]]:
    """The links of a relation: through its label's box where it has one."""
    if edge.waypoint is None:
        return [(edge.source, edge.target)]
    return [(edge.source, edge.waypoint), (edge.waypoint, edge.target)]


def _layout(graph: nx.MultiDiGraph, edges: Sequence[Edge], centers: Mapping[str, Point],
            lines: Sequence[Sequence[Point]], boxes: Mapping[str, Size],
            group_headers: Mapping[str, float], options: LayoutOptions) -> Layout:
    actors = sorted(graph.nodes)
    rects = {n: (centers[n][0] - boxes[n][0] / 2, centers[n][1] - boxes[n][1] / 2,
                 centers[n][0] + boxes[n][0] / 2, centers[n][1] + boxes[n][1] / 2)
             for n in boxes}
    routes: dict[str, tuple[Point, ...]] = {}
    at = 0
    for edge in edges:
        legs = lines[at:at + len(_legs(edge))]
        at += len(legs)
        points = _without_repeats([p for number, leg in enumerate(legs)
                                   for p in (leg if number == 0 else leg[1:])])
        if edge.waypoint is not None:
            points = _under_plate(points, len(_without_repeats(legs[0])) - 1)
        points = _straight_in(points, boxes[edge.source], boxes[edge.target])
        # A rounded corner keeps clear of the other actors and of the other labels.
        others = np.array([r for n, r in rects.items()
                           if n not in (edge.source, edge.target, edge.waypoint)],
                          dtype=float).reshape(-1, 4)
        # Turns under the label's plate may be rounded like the others: it hides them.
        line = _straightened(points)
        chain = (line[0], *straight_chain(line[0], line[1:-1], line[-1]))
        routes[edge.key] = smooth_junctions(chain, others)
        if edge.waypoint is not None and \
                not _touches(routes[edge.key], rects[edge.waypoint]):
            # The line turned at the very edge of its label, and rounding that turn
            # took it off the label: that turn stays.
            routes[edge.key] = smooth_junctions(chain, others,
                                                _nearest_turn(chain, centers[edge.waypoint]))
    group_of = {a: graph.nodes[a].get("group") for a in actors}
    labels = {e.key: centers[e.waypoint] for e in edges if e.waypoint is not None}
    regions = {gid: region for gid, region in
               clean_regions(dict(centers), boxes, group_of, group_headers, options).items()
               if _title_clear(title_rect(region, group_headers.get(gid, 0.0), options),
                               [Rect(*centers[e.waypoint], *boxes[e.waypoint])
                                for e in edges if e.waypoint is not None], routes.values())}
    return Layout({a: centers[a] for a in actors}, labels, routes, regions, (),
                  {e.key: (e.source, e.target) for e in edges})


def _touches(route: Sequence[Point], rect: tuple[float, float, float, float]) -> bool:
    """Whether the route comes within LABEL_REACH of the box `rect` (x0, y0, x1, y1)."""
    reach = np.array([[rect[0] - LABEL_REACH, rect[1] - LABEL_REACH,
                       rect[2] + LABEL_REACH, rect[3] + LABEL_REACH]])
    return bool(rects_hit_by_polyline(sample_route(tuple(route), samples=8), reach)[0])


def _nearest_turn(chain: Sequence[Point], center: Point) -> int:
    """The index of the chain's junction (an even index past the first) nearest `center`."""
    junctions = range(2, len(chain) - 1, 2)
    return min(junctions, key=lambda j: (chain[j][0] - center[0]) ** 2
               + (chain[j][1] - center[1]) ** 2, default=-1)


def _title_clear(title: Rect, labels: Sequence[Rect], routes: Iterable[tuple[Point, ...]]
                 ) -> bool:
    """Whether a region's title would stand clear of every label and line: regions
    here are drawn only where the engine happened to keep a group together, and are
    left out where their title would cover something."""
    if any(title.overlaps(label) for label in labels):
        return False
    corners = np.array([[title.x0, title.y0, title.x1, title.y1]])
    return not any(rects_hit_by_polyline(sample_route(route, samples=8), corners)[0]
                   for route in routes)


def _without_repeats(points: Sequence[Point]) -> list[Point]:
    """The points without any that repeats the one before (a bend on a box's border)."""
    kept = [points[0]]
    for point in points[1:]:
        if abs(point[0] - kept[-1][0]) > 1e-6 or abs(point[1] - kept[-1][1]) > 1e-6:
            kept.append(point)
    return kept


def _under_plate(points: list[Point], label: int) -> list[Point]:
    """The line through its label (points[label], the centre) with its turns there
    moved under the plate: the pieces that reach the label's box, carried on inside it
    until they meet, instead of two steps to and from the centre, which turn where the
    line meets the plate."""
    if label < 2 or label + 2 >= len(points):
        return points
    before, come, center, leave, after = points[label - 2:label + 3]
    into, out = _axis(before, come), _axis(leave, after)
    if into is None or out is None:
        return points
    if into == out == "x":  # horizontal in and out: a step across under the plate
        inner = [(center[0], come[1]), (center[0], leave[1])]
    elif into == out == "y":
        inner = [(come[0], center[1]), (leave[0], center[1])]
    elif into == "x":
        inner = [(leave[0], come[1])]
    else:
        inner = [(come[0], leave[1])]
    return _without_repeats([*points[:label], *inner, *points[label + 1:]])


def _axis(start: Point, end: Point) -> str | None:
    """'x' for a horizontal piece, 'y' for a vertical one, None for neither."""
    if abs(start[1] - end[1]) < 1e-6:
        return "x"
    if abs(start[0] - end[0]) < 1e-6:
        return "y"
    return None


def _straight_in(points: list[Point], first: Size, last: Size) -> list[Point]:
    """The line with each end moved from its actor's centre to where its first (last)
    piece, carried on straight into the box, comes level with the centre: the engine's
    lines meet a box anywhere along a side, and a last step to the centre would turn
    right where the line meets the box. Only where the piece meets the box away from
    its corners, which the shape a theme draws in the footprint may leave empty (there,
    carried on, it would run beside the drawn shape)."""
    if len(points) < 4:
        return points
    return [_inwards(points[0], points[1], points[2], first), *points[1:-1],
            _inwards(points[-1], points[-2], points[-3], last)]


def _inwards(center: Point, border: Point, beyond: Point, size: Size) -> Point:
    (cx, cy), (bx, by), (nx_, ny) = center, border, beyond
    width, height = size
    if abs(bx - nx_) < 1e-6 and abs(bx - cx) <= width / 2 - height / 2 - 2:
        return (bx, cy)  # through the top or bottom, within the straight part of a hexagon
    if abs(by - ny) < 1e-6 and abs(by - cy) <= height / 2 - 4:
        return (cx, by)  # through a side, clear of the rounded corners
    return center


def _straightened(points: Sequence[Point]) -> list[Point]:
    """The polyline without the points where it goes on straight (a line's pieces meet
    there at the border of a label's box), so that each corner is rounded over the
    whole length of its pieces."""
    kept = [points[0]]
    for here, ahead in itertools.pairwise(points[1:]):
        behind = kept[-1]
        turn = (here[0] - behind[0]) * (ahead[1] - here[1]) \
            - (here[1] - behind[1]) * (ahead[0] - here[0])
        forward = (here[0] - behind[0]) * (ahead[0] - here[0]) \
            + (here[1] - behind[1]) * (ahead[1] - here[1])
        if abs(turn) > 1e-6 or forward <= 0:
            kept.append(here)
    kept.append(points[-1])
    return kept
