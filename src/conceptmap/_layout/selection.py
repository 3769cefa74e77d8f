"""Selection: seeded starts tried on small maps, the one that crosses least kept;
then pins applied and the winner routed."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import networkx as nx
import numpy as np

from .._geometry import (
    Point,
    Rect,
    enclosing,
    rects_hit_by_polyline,
    remove_overlaps,
)
from .._registry import LAYOUTS
from .base import (
    TRIAL_LIMIT,
    Edge,
    Layout,
    LayoutOptions,
    Size,
    is_label_node,
    relation_edges,
    waypoint_size,
)
from .crossings import count_crossings
from .groups import Settled, clean_regions, clustered, title_rect
from .labels import fit_labels
from .orthogonal import drawn_layouts
from .page import OVERFLOW_SLACK, overflow, overflow_units
from .placement import bounds_of, flat_layout
from .routing import eased, plates_at, route_all


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
    with fewest unrouted relations, then fewest crossings and lines under other labels,
    then least relation length.
    A result whose labels or curves stick out of the page is laid out again, from the
    same start, for a page narrower by what stuck out.
    """
    if options.algorithm not in LAYOUTS:
        raise ValueError(f"unknown layout {options.algorithm!r}; known: {', '.join(LAYOUTS)}")
    if not graph.nodes:
        return Layout({}, {}, {}, {})
    options = page_for_density(options, sizes, label_sizes)
    if LAYOUTS[options.algorithm].routes and \
            not any(graph.nodes[n].get("pos") is not None for n in graph.nodes):
        # The engine draws the lines too (a pinned actor leaves them to the router).
        return min(drawn_layouts(graph, sizes, label_sizes, group_headers, options),
                   key=lambda made: trial_score(made, sizes, label_sizes, options))
    chosen, placement, reshaped = chosen_start(graph, sizes, label_sizes, group_headers,
                                               options)
    if placement is None:
        placement = place_actors(graph, sizes, label_sizes, group_headers, chosen)
    layout = finish(graph, placement, titles=titles_of(placement, group_headers, options))
    final = placement
    room = options.page_width
    for _ in range(PAGE_RETRIES):
        if room is None or chosen.page_width is None:
            break
        box = drawn_bounds(layout, sizes, label_sizes)
        if box.width <= room + OVERFLOW_SLACK or chosen.page_width < room / 2 \
                or box.width > room * NARROWER_HELPS:
            break
        chosen = replace(chosen, page_width=chosen.page_width - (box.width - room) - 4)
        narrower = place_actors(graph, sizes, label_sizes, group_headers, chosen)
        tried = (reshaped and narrower.reshaped()) or narrower
        retry = finish(graph, tried, titles=titles_of(tried, group_headers, options))
        if overflow(drawn_bounds(retry, sizes, label_sizes), options) >= \
                overflow(box, options):
            break  # a narrower page did not help; a still narrower one will not either
        layout, final = retry, tried
    return eased_apart(layout, final, drawn_bounds(layout, sizes, label_sizes))


def routed_at(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
              label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
              centers: Mapping[str, Point], regions: Mapping[str, Rect],
              labels: Mapping[str, Point], options: LayoutOptions = LayoutOptions()
              ) -> Layout:
    """The layout with every actor at `centers` and every group region at `regions` as
    given, each relation routed through its label. A label in `labels` that stands
    within OFF_LINE of the straight line between its actors stays there; the others
    are put on their relation's line anew, clear of the rest and of the regions' titles.
    A part of a larger map (a view) drawn where the larger map has its actors: a label
    that the larger map's other relations had pushed aside moves in where they were."""
    edges = relation_edges(graph, label_sizes)
    all_sizes = dict(sizes)
    all_sizes.update({e.waypoint: waypoint_size(e.key, label_sizes)
                      for e in edges if e.waypoint})
    kept = {e.key: labels[e.key] for e in edges if e.waypoint is not None and e.key in labels
            and _off_line(labels[e.key], centers[e.source], centers[e.target]) <= OFF_LINE}
    titles = [title_rect(region, group_headers.get(gid, 0.0), options)
              for gid, region in sorted(regions.items())]
    keep_clear = [*titles, *(Rect(*kept[key], *label_sizes[key]) for key in sorted(kept))]
    actors = {n: centers[n] for n in sorted(graph.nodes)}
    placed = fit_labels(actors, all_sizes,
                        [e for e in edges if e.waypoint is not None and e.key not in kept],
                        label_sizes, options, keep_clear)
    placed.update({e.waypoint: kept[e.key] for e in edges if e.key in kept})
    _back_where_nearer(placed, all_sizes, edges, labels, centers, keep_clear)
    placement = Placement(placed, dict(regions), edges, all_sizes)
    layout = finish(graph, placement, titles=titles)
    return eased_apart(layout, placement, drawn_bounds(layout, sizes, label_sizes))


def titles_of(placement: Placement, group_headers: Mapping[str, float],
              options: LayoutOptions) -> list[Rect]:
    """Where the regions' titles stand (their top left corners, as the layout keeps
    them clear)."""
    return [title_rect(region, group_headers.get(gid, 0.0), options)
            for gid, region in sorted(placement.groups.items())]


def _back_where_nearer(placed: dict[str, Point], sizes: Mapping[str, Size],
                       edges: Sequence[Edge], labels: Mapping[str, Point],
                       centers: Mapping[str, Point], titles: Sequence[Rect]) -> None:
    """Each label put anew that landed further off its line than where `labels` had it
    goes back there, where that spot is still free."""
    for edge in edges:
        if edge.waypoint is None or edge.key not in labels:
            continue
        ends = centers[edge.source], centers[edge.target]
        before, now = labels[edge.key], placed[edge.waypoint]
        if _off_line(before, *ends) >= _off_line(now, *ends):
            continue
        spot = Rect(*before, *sizes[edge.waypoint])
        others = [Rect(*placed[n], *sizes[n]) for n in placed if n != edge.waypoint]
        if not any(spot.overlaps(other) for other in [*others, *titles]):
            placed[edge.waypoint] = before


def _off_line(point: Point, start: Point, end: Point) -> float:
    """How far `point` lies from the segment from `start` to `end`."""
    p, a, b = np.asarray(point), np.asarray(start), np.asarray(end)
    span = b - a
    t = float(np.clip(np.dot(p - a, span) / max(float(np.dot(span, span)), 1e-9), 0.0, 1.0))
    return float(np.hypot(*(p - a - t * span)))


OFF_LINE = 45.0  # points a label may stand off its relation's straight line and stay


def eased_apart(layout: Layout, placement: Placement, box: Rect) -> Layout:
    """The layout with relations that run on top of each other eased apart, within the
    drawing's extent `box` as it is (so that the drawing grows no larger)."""
    # drawn_bounds allows 4 points beyond the curves for zigzag teeth and arrowheads.
    extent = (box.x0 + 4, box.y0 + 4, box.x1 - 4, box.y1 - 4)
    routes = eased(layout.routes, placement.centers, placement.sizes, placement.edges,
                   sorted(layout.centers), extent)
    return replace(layout, routes=routes)


def page_for_density(options: LayoutOptions, sizes: Mapping[str, Size],
                     label_sizes: Mapping[str, Size]) -> LayoutOptions:
    """The page a map is laid out for: the given one, or, for a map whose boxes and
    labels need more of it than a drawing with room for its lines can fill, a larger
    page of the same shape. Such a map is drawn wider than the page either way (its
    text would fall below 7 pt); squeezed into the page's width it became a strip two
    pages high, with relations running its whole length."""
    if options.page_width is None or options.page_height is None:
        return options
    gap = options.gap
    need = sum((w + gap) * (h + gap) for w, h in sizes.values())
    need += sum(w * h for w, h in label_sizes.values())
    grow = math.sqrt(need / (FILLABLE * options.page_width * options.page_height))
    if grow <= 1:
        return options
    return replace(options, page_width=options.page_width * grow,
                   page_height=options.page_height * grow)


FILLABLE = 0.5  # of a page the boxes and labels (with their gaps) may fill: the rest is
# room for the relations to pass between them


TRIALS = 6  # seeded starts tried on small maps
CROSSINGS_PER_UNIT = 3  # a start with groups reshaped to fill the page is kept where
# every sixteenth of the page width (about 1 cm) it brings the drawing nearer the page
# costs at most this many more crossings than the best start as laid out
ROOMY_GAP = 16.0  # points between boxes on large maps and in layouts that ignore groups,
# where relations need the room to pass between actors
PAGE_RETRIES = 2  # times a layout that sticks out of the page is made for a narrower one
NARROWER_HELPS = 1.5  # ... if it is at most this many pages wide: a wider one is a map
# too large for the page, which a narrower page cannot bring back (and costs a routing)


def chosen_start(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
                 label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
                 options: LayoutOptions
                 ) -> tuple[LayoutOptions, Placement | None, bool]:
    """The options (engine, seed, group shape) of the start the layout goes on from,
    its placement where trying the starts made it already, and whether its groups are
    reshaped to fill the page: where no start fits the page, each is also tried so.

    Starts alternate stress settled by springs with springs alone (plain stress where
    the map has no groups), and groups that may take the page's width
    with groups narrowed to stand side by side."""
    if len(graph.nodes) > TRIAL_LIMIT:
        # A map this large does not fit a report page anyway: its groups keep their
        # shape, and its relations get more room between the boxes.
        options = replace(options, narrow_groups=False, gap=ROOMY_GAP)
    if options.algorithm == "default" and len(graph.nodes) > 100:
        # Stress starts pay off on small maps only; large ones go straight to springs.
        return replace(options, algorithm="force"), None, False
    if options.algorithm != "default" or len(graph.nodes) > TRIAL_LIMIT:
        return options, None, False
    grouped = any(graph.nodes[n].get("group") for n in graph.nodes)
    # Springs give groups' members room to settle around the relations between groups;
    # without groups, plain stress keeps the graph's distances and crosses less (over
    # seeds 3, 7 and 11 of six maps without groups and seeds 5 and 9 of eight, 775 -> 728
    # crossings; with groups, plain stress crossed more: 341 -> 368 over eight maps).
    kinds = ("default", "force") if grouped else ("default", "stress")
    starts = [replace(options, algorithm=kinds[k % 2], seed=options.seed + k,
                      narrow_groups=k % 4 < 2)
              for k in range(TRIALS)]
    placements = [place_actors(graph, sizes, label_sizes, group_headers, start)
                  for start in starts]
    scores = trial_scores(graph, placements, sizes, label_sizes, options)
    unfilled = min(scores)
    if unfilled.overflowing:
        # No start fits the page: each is tried again with its groups reshaped.
        for k in range(len(starts)):
            placement = placements[k].reshaped()
            if placement is None or \
                    beyond_units(drawn_boxes(placement, label_sizes), options) >= unfilled.beyond:
                continue  # not reshaped, or fitting no better even before its routes
            quick = finish(graph, placement, uncross=False)
            score = trial_score(quick, sizes, label_sizes, options)
            # Packing ignores the relations between groups: it must buy enough page
            # for the crossings it adds.
            saved, added = unfilled.beyond - score.beyond, score.crossings - unfilled.crossings
            if saved > 0 and added <= CROSSINGS_PER_UNIT * saved:
                starts.append(starts[k])
                placements.append(placement)
                scores.append(score)
    best = scores.index(min(scores))
    return starts[best], placements[best], best >= TRIALS


class Score(NamedTuple):
    """How good a start is, best first (see trial_score)."""

    unrouted: int
    overflowing: bool  # whether the drawing sticks out of the page at all
    cost: int  # crossings and lines under other labels, and CROSSINGS_PER_UNIT for every
    # unit it sticks out
    length: float  # of the relations, in actor box diagonals
    beyond: int  # units the drawing sticks out
    crossings: int


def trial_scores(graph: nx.MultiDiGraph, placements: list[Placement], sizes: Mapping[str, Size],
                 label_sizes: Mapping[str, Size], options: LayoutOptions) -> list[Score]:
    """Each start's trial_score, from a quick routing (only the winner is routed
    carefully), where the start can still win. A drawing sticks out of the page at
    least as far as its boxes and regions do, before any route: so the starts are
    routed from the one whose boxes stick out least, and a start whose boxes already
    stick out further than a start that routed every relation is not routed at all.
    It gets a score that ranks it after that start (its boxes' overflow, no crossings),
    so that the winner is the one that routing every start would give."""
    bounds = [beyond_units(drawn_boxes(p, label_sizes), options) for p in placements]
    scores: list[Score | None] = [None] * len(placements)
    best: Score | None = None
    for k in sorted(range(len(placements)), key=lambda k: (bounds[k], k)):
        if best is not None and best.unrouted == 0 and bounds[k] > 0 and \
                (not best.overflowing or best.cost < CROSSINGS_PER_UNIT * bounds[k]):
            scores[k] = Score(0, True, CROSSINGS_PER_UNIT * bounds[k], 0.0, bounds[k], 0)
            continue
        quick = finish(graph, placements[k], uncross=False)
        scores[k] = trial_score(quick, sizes, label_sizes, options)
        best = scores[k] if best is None else min(best, scores[k])
    assert all(score is not None for score in scores)
    return scores  # type: ignore[return-value]


def drawn_bounds(layout: Layout, sizes: Mapping[str, Size],
                 label_sizes: Mapping[str, Size]) -> Rect:
    """The extent of actors, labels, regions and the curves themselves (not their
    control points, which lie well outside a bend); +4 covers zigzag teeth and
    arrowheads."""
    from .._paths import sample_route

    rects = [Rect(*layout.centers[a], *sizes[a]) for a in layout.centers]
    rects += [Rect(*layout.labels[k], *label_sizes[k]) for k in layout.labels
              if k in label_sizes]
    box = enclosing([*rects, *layout.groups.values()])
    x0, x1, y0, y1 = box.x0, box.x1, box.y0, box.y1
    for route in layout.routes.values():
        points = sample_route(route, samples=12)
        low, high = points.min(axis=0), points.max(axis=0)
        x0, x1 = min(x0, float(low[0]) - 4), max(x1, float(high[0]) + 4)
        y0, y1 = min(y0, float(low[1]) - 4), max(y1, float(high[1]) + 4)
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


def trial_score(layout: Layout, sizes: Mapping[str, Size], label_sizes: Mapping[str, Size],
                options: LayoutOptions) -> Score:
    """Unrouted relations first, then whether the drawing sticks out of the page, then
    its crossings, its lines under other relations' labels and how far it sticks out
    (in sixteenths of the page width, see overflow) weighed together, then relation
    length. A start that fits the page beats every one that does not; of starts that
    all stick out, one that sticks out a unit (about 1 cm) further wins where it
    crosses more than CROSSINGS_PER_UNIT times less: such a map is drawn larger than
    the page either way."""
    from .._paths import sample_route

    unit = float(np.mean([math.hypot(*sizes[a]) for a in layout.centers]))
    length = 0.0
    for route in layout.routes.values():
        points = sample_route(route, samples=8)
        length += float(np.hypot(*np.diff(points, axis=0).T).sum())
    crossings = count_crossings(layout.routes, layout.ends)
    hidden = round(UNDER_WEIGHT * lines_under_labels(layout, label_sizes))
    beyond = beyond_units(drawn_bounds(layout, sizes, label_sizes), options)
    return Score(len(layout.unrouted), beyond > 0,
                 crossings + hidden + CROSSINGS_PER_UNIT * beyond,
                 round(length / unit, 6), beyond, crossings)


UNDER_WEIGHT = 1.0  # crossings a line under another relation's label is worth: hidden
# there, it is as hard to follow as at a crossing (over seeds 3, 7 and 11 of ten maps
# and 5 and 9 of twelve: lines under labels 935 -> 846, crossings 1,053 -> 1,075)


def lines_under_labels(layout: Layout, label_sizes: Mapping[str, Size]) -> int:
    """How many times a relation runs under another relation's label: (route, plate)
    pairs, with plates as the routing has them (see routing.plates_at), so that a line
    along a plate's border does not count."""
    from .._paths import sample_route

    keys = [k for k in layout.labels if k in label_sizes]
    if not keys:
        return 0
    plates = plates_at(np.array([layout.labels[k] for k in keys], dtype=float),
                       np.array([label_sizes[k] for k in keys], dtype=float))
    own = {k: n for n, k in enumerate(keys)}
    under = 0
    for key, route in layout.routes.items():
        hit = rects_hit_by_polyline(sample_route(route, samples=8), plates)
        if key in own:
            hit[own[key]] = False
        under += int(hit.sum())
    return under


def beyond_units(box: Rect, options: LayoutOptions) -> int:
    """How far a drawing with extent `box` sticks out of the page, in OVERFLOW_UNITS
    of the page's width (see overflow)."""
    return overflow_units(overflow(box, options), options)


def drawn_boxes(placement: Placement, label_sizes: Mapping[str, Size]) -> Rect:
    """The extent of what drawn_bounds will box of a placement (actors, labels, regions),
    before any route: a drawing is at least this large."""
    labels = {e.waypoint for e in placement.edges if e.waypoint and e.key in label_sizes}
    kept = {n: c for n, c in placement.centers.items()
            if n in labels or not is_label_node(n)}
    return enclosing([bounds_of(kept, placement.sizes), *placement.groups.values()])


@dataclass(frozen=True)
class Placement:
    """Where actors, labels and regions go, before any relation is routed."""

    centers: dict[str, Point]
    groups: dict[str, Rect]
    edges: list[Edge]
    sizes: dict[str, Size]  # actors and label nodes
    # The same start with its groups reshaped to fill the page, made when asked for
    # (None: it would change nothing).
    reshaped: Callable[[], Placement | None] = field(default=lambda: None, compare=False)


def place_actors(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
               label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
               options: LayoutOptions) -> Placement:
    actors = sorted(graph.nodes)
    edges = relation_edges(graph, label_sizes)
    all_sizes = dict(sizes)
    all_sizes.update({e.waypoint: waypoint_size(e.key, label_sizes)
                      for e in edges if e.waypoint})
    reshape: Callable[[], Settled | None] | None = None
    if LAYOUTS[options.algorithm].keeps_groups:
        (centers, groups), reshape = clustered(graph, sizes, edges, label_sizes, group_headers,
                                               options)
    else:
        roomy = replace(options, gap=max(options.gap, ROOMY_GAP))
        centers, groups = flat_layout(graph, sizes, edges, label_sizes, roomy), {}
    pins = {n: graph.nodes[n]["pos"] for n in actors if graph.nodes[n].get("pos") is not None}
    group_of = {n: graph.nodes[n].get("group") for n in actors}
    if pins:
        centers = apply_pins(centers, all_sizes, pins, options)
        reshape = None  # pinned actors stay where the map puts them
    if pins or not LAYOUTS[options.algorithm].keeps_groups:
        groups = clean_regions(centers, all_sizes, group_of, group_headers, options)

    def reshaped() -> Placement | None:
        made = None if reshape is None else reshape()
        return None if made is None else Placement(*made, edges, all_sizes)

    return Placement(centers, groups, edges, all_sizes, reshaped)


def finish(graph: nx.MultiDiGraph, placement: Placement, uncross: bool = True,
           titles: Sequence[Rect] = ()) -> Layout:
    """Route the relations of a placement and package the result, around the group
    `titles` as around other relations' labels; `uncross` False: a quick routing, to
    rank starts by (no bends chosen, no way round other labels)."""
    actors = sorted(graph.nodes)
    centers, edges = placement.centers, placement.edges
    strips = plates_at(np.array([(t.cx, t.cy) for t in titles], dtype=float).reshape(-1, 2),
                       np.array([(t.width, t.height) for t in titles],
                                dtype=float).reshape(-1, 2))
    regions = np.array([(r.x0, r.y0, r.x1, r.y1) for r in placement.groups.values()],
                       dtype=float).reshape(-1, 4)
    # Going round labels changes a quick routing's crossings little, for half its time.
    routes, unrouted = route_all(centers, placement.sizes, edges, actors, uncross,
                                 around_labels=uncross, titles=strips, regions=regions)
    labels = {e.key: centers[e.waypoint] for e in edges if e.waypoint is not None}
    ends = {e.key: (e.source, e.target) for e in edges}
    return Layout({a: centers[a] for a in actors}, labels, routes, placement.groups,
                  tuple(unrouted), ends)
