"""Routing: each relation through its label, around the actors it does not connect."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._geometry import (
    Point,
    rects_hit_by_polyline,
)
from .._paths import sample_route
from .apart import LIMIT as EASE_LIMIT
from .apart import SAMPLES, Relation, ease_apart
from .base import Edge, Size
from .crossings import segments_cross
from .legs import (
    chain_corners,
    chain_points,
    leg_options,
    plates_under,
    rounded_chain,
    route_leg,
    straight_chain,
)


@dataclass(frozen=True)
class Leg:
    edge: str
    start: Point
    end: Point
    preferred: Point | None
    keep: np.ndarray  # which obstacles this leg must miss


def route_all(centers: Mapping[str, Point], sizes: Mapping[str, Size], edges: Sequence[Edge],
           actors: Sequence[str], uncross: bool = True, around_labels: bool = True,
           titles: np.ndarray | None = None, regions: np.ndarray | None = None
           ) -> tuple[dict[str, tuple[Point, ...]], list[str]]:
    """Each relation's route through its label, around the actors it does not connect,
    and the relations left unrouted. `around_labels`: a route under another relation's
    label, or across a group's title (`titles`: x0, y0, x1, y1), goes round it where
    that is not much longer and stays within CALM_SPILL of the drawing (the boxes,
    labels and group `regions`: x0, y0, x1, y1), on maps of up to CALM_LIMIT relations;
    `uncross`: bends are chosen to cross least and shared ways are laid side by side."""
    index = {a: i for i, a in enumerate(actors)}
    margin = 5.0  # clears zigzags and arrowheads too
    boxes = actor_boxes(centers, sizes, actors)
    obstacles = boxes + margin * np.array([-1.0, -1.0, 1.0, 1.0])
    legs: dict[str, list[Leg]] = {}
    chains: dict[str, list[tuple[Point, ...]]] = {}
    unrouted: list[str] = []
    ports = port_points(centers, sizes, edges)
    plates = label_plates(centers, sizes, edges)
    plate_keys = list(plates)
    plate_rects = np.array(list(plates.values()), dtype=float).reshape(-1, 4)
    around_labels = around_labels and len(edges) <= CALM_LIMIT
    strips = np.zeros((0, 4)) if titles is None else titles
    drawn = np.vstack([boxes, plate_rects, np.zeros((0, 4)) if regions is None else regions])
    extent = (*(drawn[:, :2].min(axis=0) - CALM_SPILL),
              *(drawn[:, 2:].max(axis=0) + CALM_SPILL))
    for edge in edges:
        stops = [ports[(edge.key, edge.source)]]
        if edge.waypoint is not None:
            stops.append(centers[edge.waypoint])
        stops.append(ports[(edge.key, edge.target)])
        legs[edge.key] = [Leg(edge.key, a, b, c, leg_keep(edge, number, len(stops), index))
                          for number, ((a, b), c) in enumerate(
                              zip(itertools.pairwise(stops), smooth_controls(stops),
                                  strict=True))]
        chains[edge.key] = []
        others = np.vstack([plate_rects[[k != edge.key for k in plate_keys]], strips]) \
            if around_labels else None
        for leg in legs[edge.key]:
            chain, clear = route_leg(leg.start, leg.end, obstacles[leg.keep], leg.preferred)
            if not clear:
                # Boxes standing closer than twice the margin can shut a label in: the
                # route then keeps to the boxes themselves rather than cross one.
                chain, clear = route_leg(leg.start, leg.end, boxes[leg.keep], leg.preferred)
            if others is not None and clear and plates_under(leg.start, chain, others):
                # A line under another relation's label is hidden there: around it.
                chain = calm_leg(leg, chain, obstacles[leg.keep], others, extent)
            if not clear:
                unrouted.append(edge.key)
            chains[edge.key].append(chain)
    if uncross and len(edges) <= UNCROSS_LIMIT:
        uncross_bends(chains, legs, {e.key: (e.source, e.target) for e in edges}, obstacles,
                      plates)
    if uncross:
        separate_corridors(chains, legs, obstacles, margin)
        separate_runs(chains, legs, obstacles, margin)
    routes = {key: (legs[key][0].start, *itertools.chain.from_iterable(chains[key]))
              for key in chains}
    if uncross:
        for edge in edges:
            label = len(chains[edge.key][0]) if edge.waypoint is not None else None
            routes[edge.key] = smooth_junctions(routes[edge.key],
                                                boxes[_others(edge, index)], label)
    return routes, sorted(set(unrouted))


def eased(routes: Mapping[str, tuple[Point, ...]], centers: Mapping[str, Point],
          sizes: Mapping[str, Size], edges: Sequence[Edge], actors: Sequence[str],
          extent: tuple[float, float, float, float]) -> dict[str, tuple[Point, ...]]:
    """The routes, eased apart where two run on top of each other (see apart.py), on maps
    of up to EASE_LIMIT relations, within `extent`: each misses the other actors by
    ROUNDING_MARGIN (or, where it already runs closer, the boxes themselves), and its
    ends and label stay where they are."""
    if len(edges) > EASE_LIMIT:
        return dict(routes)  # before any rule is made: those cost time on large maps too
    index = {a: i for i, a in enumerate(actors)}
    boxes = actor_boxes(centers, sizes, actors)
    rules = {}
    for edge in edges:
        route = routes[edge.key]
        others = boxes[_others(edge, index)]
        grown = others + ROUNDING_MARGIN * np.array([-1.0, -1.0, 1.0, 1.0])
        near = rects_hit_by_polyline(sample_route(route, samples=SAMPLES), grown)
        fixed = {0, len(route) - 1}
        if edge.waypoint is not None:
            label = centers[edge.waypoint]
            fixed |= {k for k, point in enumerate(route) if point == label}
        rules[edge.key] = Relation(np.vstack([grown[~near], others[near]]),
                                   frozenset(fixed), (edge.source, edge.target))
    return ease_apart(routes, rules, label_plates(centers, sizes, edges), extent)


def actor_boxes(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                actors: Sequence[str]) -> np.ndarray:
    """The actors' boxes (x0, y0, x1, y1), in the order of `actors`."""
    return np.array([(centers[a][0] - sizes[a][0] / 2, centers[a][1] - sizes[a][1] / 2,
                      centers[a][0] + sizes[a][0] / 2, centers[a][1] + sizes[a][1] / 2)
                     for a in actors], dtype=float).reshape(-1, 4)


CALM_LIMIT = 300  # relations: above this, routing around labels costs too much time
# (sbm-150, 327 relations: 11.6 -> 14.0 s; 1,000 actors: 35 -> 42 s)
CALM_GRIDS = (120,)  # the coarse grid only: where that finds no way, a finer one costs
# nine times as much for little
CALM_DETOUR = 1.4  # a route around other labels may be this much longer than one under them
CALM_CLEARANCE = 3.0  # points it keeps further from actors: squeezed between an actor and
# a label, a zigzag would otherwise graze the actor
CALM_SPILL = 8.0  # points a route around labels may reach beyond the boxes, labels and
# regions: the drawing grows by at most that, where staying within them often left only
# ways under the labels (over seeds 3, 7 and 11 of ten maps and 5 and 9 of twelve, lines
# under text 784 -> 745 and crossings 1,067 -> 1,047)
CALM_CORNERS = 3  # a route around labels with more corners than this is not taken ...
CALM_TURN = math.radians(90)  # ... nor one that turns sharper: such turns cannot be
# rounded off, and their lanes beside other relations kink


def calm_leg(leg: Leg, chain: tuple[Point, ...], actors: np.ndarray, plates: np.ndarray,
             extent: tuple[float, float, float, float]) -> tuple[Point, ...]:
    """The leg routed around the other relations' label `plates` as well as the
    `actors`, where that is not much longer, turns little and keeps within the
    `extent`: what is drawn anyway (boxes, labels and group regions) and a little
    beyond (a detour around the drawing would widen the picture); else `chain` (which
    runs under a plate)."""
    grown = actors + CALM_CLEARANCE * np.array([-1.0, -1.0, 1.0, 1.0])
    calm, clear = route_leg(leg.start, leg.end, np.vstack([grown, plates]), leg.preferred,
                            grids=CALM_GRIDS)
    turns = _turns(leg.start, calm)
    if not clear or len(turns) > CALM_CORNERS or (turns > CALM_TURN).any() \
            or _length(leg.start, calm) > CALM_DETOUR * _length(leg.start, chain):
        return _fewest_plates(leg, chain, grown, plates)
    drawn = chain_points(leg.start, calm)
    if (drawn.min(axis=0) < extent[:2]).any() or (drawn.max(axis=0) > extent[2:]).any():
        return _fewest_plates(leg, chain, grown, plates)
    return calm


def _fewest_plates(leg: Leg, chain: tuple[Point, ...], actors: np.ndarray,
                   plates: np.ndarray) -> tuple[Point, ...]:
    """Of the gentle curves that miss the actors, the one under the fewest plates, where
    it is under fewer than `chain`."""
    best, fewest = chain, plates_under(leg.start, chain, plates)
    for option in leg_options(leg.start, leg.end, actors, leg.preferred, max_bend=0.65):
        under = plates_under(leg.start, option, plates)
        if under < fewest:
            best, fewest = option, under
    return best


def _turns(start: Point, chain: tuple[Point, ...]) -> np.ndarray:
    """The angles (radians) a grid path's chain turns by at its corners (none for a
    single curve)."""
    found = chain_corners(start, chain) if len(chain) > 2 else None
    if found is None:
        return np.zeros(0)
    steps = np.diff(np.vstack([start, found[0], chain[-1]]), axis=0)
    headings = np.arctan2(steps[:, 1], steps[:, 0])
    return np.abs((np.diff(headings) + math.pi) % (2 * math.pi) - math.pi)


def _length(start: Point, chain: Sequence[Point]) -> float:
    points = chain_points(start, chain)
    return float(np.hypot(*np.diff(points, axis=0).T).sum())


SHARP = math.radians(3)  # a turn this sharp where two pieces of a route meet is a corner
ROUNDING_MARGIN = 2.0  # points a rounded corner keeps from the boxes it must miss, and
# the box itself where its corner already came that close
ROUNDING = (24.0, 16.0, 10.0, 6.0, 3.0)  # points before and after a corner where its
# rounding starts and ends, widest first; the same for every route, so that relations
# running side by side through a corner are rounded alike and do not cross there


def smooth_junctions(route: tuple[Point, ...], boxes: np.ndarray,
                     label: int | None = None) -> tuple[Point, ...]:
    """The route without corners: where two pieces meet at an angle (a grid path's
    corner, or where two bends of a route meet), the end of the one and the start of
    the other are replaced by one curve that turns smoothly from the first direction
    into the second (a fillet), as wide as the `boxes` it must miss allow (it keeps
    ROUNDING_MARGIN from them). Not at the label (`label`: the index of its point),
    which the line must reach and whose plate covers the turn. A corner no rounding
    clears stays."""
    points = [tuple(map(float, p)) for p in route]
    obstacles = boxes - ROUNDING_MARGIN * np.array([1.0, 1.0, -1.0, -1.0])
    for j in range(len(points) - 3, 1, -2):  # from the end: insertions keep indices valid
        if j == label or not _is_corner(points[j - 1:j + 2]):
            continue  # at the label, its plate covers the turn and the line must reach it
        # Boxes the two pieces already pass within ROUNDING_MARGIN of (a grid path
        # turning close by) do not forbid a rounding that keeps out of the box itself.
        near = rects_hit_by_polyline(chain_points(points[j - 2], points[j - 1:j + 3]),
                                     obstacles)
        for radius in ROUNDING:
            rounded = _fillet(points[j - 2:j + 3], radius)
            if rounded is None:
                continue
            drawn = chain_points(rounded[0], rounded[1:])
            if not (rects_hit_by_polyline(drawn, obstacles) & ~near).any() and \
                    not rects_hit_by_polyline(drawn, boxes[near]).any():
                points[j - 2:j + 3] = rounded
                break
    return tuple(points)


def _is_corner(around: Sequence[Point]) -> bool:
    """Whether the pieces meeting at around[1] (between their controls around[0] and
    around[2]) turn there by more than SHARP."""
    before, here, after = (np.asarray(p, dtype=float) for p in around)
    into, out = here - before, after - here
    lengths = float(np.hypot(*into)) * float(np.hypot(*out))
    return lengths > 1e-12 and float(np.dot(into, out)) < math.cos(SHARP) * lengths


def _fillet(pieces: Sequence[Point], radius: float) -> list[Point] | None:
    """Two quadratic pieces (P C J C P) that meet at a corner J, with about `radius`
    points (at most half) of either replaced by one piece whose control is where their
    tangents there meet; None where those tangents do not meet near J."""
    first, before, corner, after, last = (np.asarray(p, dtype=float) for p in pieces)
    # de Casteljau: the first piece split `cut` before its end, the second after its start.
    cut = 1 - min(0.5, radius / max(float(np.hypot(*(corner - first))), 1e-9))
    head_control = first + (before - first) * cut
    entry_control = before + (corner - before) * cut
    entry = head_control + (entry_control - head_control) * cut
    cut = min(0.5, radius / max(float(np.hypot(*(last - corner))), 1e-9))
    leave_control = corner + (after - corner) * cut
    tail_control = after + (last - after) * cut
    exit_point = leave_control + (tail_control - leave_control) * cut
    control = _meet(entry, entry - entry_control, exit_point, tail_control - exit_point)
    if control is None or np.hypot(*(control - corner)) > 2 * radius:
        return None
    new = [first, head_control, entry, control, exit_point, tail_control, last]
    return [(float(x), float(y)) for x, y in new]


def _meet(a: np.ndarray, a_back: np.ndarray, b: np.ndarray, b_ahead: np.ndarray
          ) -> np.ndarray | None:
    """Where the line leaving a (direction -a_back) meets the line reaching b (direction
    b_ahead), if it lies ahead of a and before b: a + s da = b - t db, s and t > 0."""
    direction_a, direction_b = -a_back, b_ahead
    cross = direction_a[0] * direction_b[1] - direction_a[1] * direction_b[0]
    if abs(cross) < 1e-9:
        return None
    delta = b - a
    s = (delta[0] * direction_b[1] - delta[1] * direction_b[0]) / cross
    t = (direction_a[0] * delta[1] - direction_a[1] * delta[0]) / cross
    if s <= 0 or t <= 0:
        return None
    return a + direction_a * s


def _others(edge: Edge, index: Mapping[str, int]) -> np.ndarray:
    """Which actors a relation must miss: all but its own two."""
    keep = np.ones(len(index), dtype=bool)
    keep[[index[edge.source], index[edge.target]]] = False
    return keep


def leg_keep(edge: Edge, number: int, stops: int, index: Mapping[str, int]) -> np.ndarray:
    """Which actors leg `number` of a relation must miss: all but its own two; and a
    half that runs to or from the label misses the other half's actor as well, so that
    a label beside the far actor is reached around it, not behind it."""
    keep = _others(edge, index)
    if stops == 3 and edge.source != edge.target:
        keep[index[edge.target if number == 0 else edge.source]] = True
    return keep


def label_plates(centers: Mapping[str, Point], sizes: Mapping[str, Size], edges: Sequence[Edge]
                 ) -> dict[str, tuple[float, float, float, float]]:
    """Each labelled relation's label plate (see plates_at)."""
    keys = [e.key for e in edges if e.waypoint is not None]
    waypoints = [e.waypoint for e in edges if e.waypoint is not None]
    rects = plates_at(np.array([centers[w] for w in waypoints], dtype=float).reshape(-1, 2),
                      np.array([sizes[w] for w in waypoints], dtype=float).reshape(-1, 2))
    return {key: tuple(rect) for key, rect in zip(keys, rects.tolist(), strict=True)}


PLATE_INSET = 1.0  # points a plate is smaller than its text box on every side, so that a
# line along its border does not count as running under it


def plates_at(centres: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The plates (x0, y0, x1, y1) of boxes with these centres and sizes (rows of x, y
    and width, height), PLATE_INSET smaller on every side."""
    half = np.maximum(sizes / 2 - PLATE_INSET, 0.0)
    return np.hstack([centres - half, centres + half])


PORT_ANGLE = math.radians(25)  # relations leaving an actor this close together share a side


def port_points(centers: Mapping[str, Point], sizes: Mapping[str, Size], edges: Sequence[Edge]
           ) -> dict[tuple[str, str], Point]:
    """Where each relation leaves or reaches each of its actors: the centre, except that
    relations heading the same way are spread side by side across the box, so that a
    busy actor is met by a fan of lines instead of one bundle."""
    leaving: dict[str, list[tuple[float, str]]] = {}
    for edge in edges:
        for here, there in ((edge.source, edge.waypoint or edge.target),
                            (edge.target, edge.waypoint or edge.source)):
            (x0, y0), (x1, y1) = centers[here], centers[there]
            leaving.setdefault(here, []).append((math.atan2(y1 - y0, x1 - x0), edge.key))
    ports: dict[tuple[str, str], Point] = {}
    for actor, directions in leaving.items():
        directions.sort()
        for bundle in bundle_directions(directions):
            mean = math.atan2(sum(math.sin(a) for a, _k in bundle),
                              sum(math.cos(a) for a, _k in bundle))
            across = (-math.sin(mean), math.cos(mean))
            width, height = sizes[actor]
            room = abs(across[0]) * (width - 16) + abs(across[1]) * (height - 8)
            step = min(8.0, max(room, 0.0) / max(len(bundle), 1))
            for number, (_angle, key) in enumerate(bundle):
                shift = (number - (len(bundle) - 1) / 2) * step
                # Sorted by angle, the first of a bundle points most clockwise: it takes
                # the clockwise side (shift < 0), so that neighbours do not cross there.
                ports[(key, actor)] = (centers[actor][0] + across[0] * shift,
                                       centers[actor][1] + across[1] * shift)
    for edge in edges:
        for actor in (edge.source, edge.target):
            ports.setdefault((edge.key, actor), centers[actor])
    return ports


def bundle_directions(directions: Sequence[tuple[float, str]]) -> list[list[tuple[float, str]]]:
    """Split angle-sorted directions into runs of close neighbours."""
    bundles: list[list[tuple[float, str]]] = []
    for angle, key in directions:
        if bundles and angle - bundles[-1][-1][0] < PORT_ANGLE:
            bundles[-1].append((angle, key))
        else:
            bundles.append([(angle, key)])
    return bundles


UNCROSS_LIMIT = 300  # relations: above this, choosing bends by crossings costs too much


def uncross_bends(chains: dict[str, list[tuple[Point, ...]]], legs: Mapping[str, list[Leg]],
             ends: Mapping[str, tuple[str, str]], obstacles: np.ndarray,
             plates: Mapping[str, tuple[float, float, float, float]], passes: int = 2) -> None:
    """Re-choose each leg's bend (among those that miss every actor) to cross the other
    relations and run under other labels (`plates`) least; two passes in file order,
    so the result is deterministic."""
    from .._paths import sample_route

    keys = list(chains)

    def polyline(key: str) -> np.ndarray:
        route = (legs[key][0].start, *itertools.chain.from_iterable(chains[key]))
        points = sample_route(route, samples=8)
        return np.hstack([points[:-1], points[1:]])

    drawn = {key: polyline(key) for key in keys}
    for _ in range(passes):
        for key in keys:
            others = [drawn[k] for k in keys if k != key and not set(ends[k]) & set(ends[key])]
            if not others:
                continue
            against = np.vstack(others)
            labels = np.array([plate for k, plate in plates.items() if k != key],
                              dtype=float).reshape(-1, 4)
            for number, leg in enumerate(legs[key]):
                # Gentle bends only: a crossing saved is not worth a wild detour.
                options = leg_options(leg.start, leg.end, obstacles[leg.keep], leg.preferred,
                                      max_bend=0.4)
                if len(options) < 2 or len(chains[key][number]) > 2:
                    continue  # one way only, or a grid path: keep it
                best, fewest = chains[key][number], None
                for option in [best, *options]:
                    chains[key][number] = option
                    mine = polyline(key)
                    lo = np.minimum(mine[:, :2], mine[:, 2:]).min(axis=0)
                    hi = np.maximum(mine[:, :2], mine[:, 2:]).max(axis=0)
                    near = (np.maximum(against[:, 0], against[:, 2]) >= lo[0]) \
                        & (np.minimum(against[:, 0], against[:, 2]) <= hi[0]) \
                        & (np.maximum(against[:, 1], against[:, 3]) >= lo[1]) \
                        & (np.minimum(against[:, 1], against[:, 3]) <= hi[1])
                    # A crossing and a line under another label count alike; of bends
                    # equal in that, the one under fewest labels.
                    crossed = int(segments_cross(mine, against[near]).sum())
                    under = plates_under(leg.start, option, labels)
                    cost = (crossed + under, under)
                    if fewest is None or cost < fewest:
                        best, fewest = option, cost
                chains[key][number] = best
            drawn[key] = polyline(key)


CORRIDOR_STEP = 3.0  # points between relations that share a corridor of the routing grid
CORRIDOR_SPREAD = 8.0  # at most this wide in all, so that they stay within the boxes' margin
CORRIDOR_NEAR = 3.0  # corners of two grid paths this close stand in the same gap


def separate_corridors(chains: dict[str, list[tuple[Point, ...]]], legs: Mapping[str, list[Leg]],
                       obstacles: np.ndarray, margin: float) -> None:
    """Relations whose grid paths turn at nearly the same corners (the same gap between
    boxes) would be drawn on top of each other there: lay them side by side instead,
    CORRIDOR_STEP apart across their way, each on the side its own ends lie on, so that
    relations sharing a stretch keep their order along it and run beside each other
    without crossing there. A path that would then touch a box it must miss keeps its
    place."""
    from scipy.spatial import cKDTree

    spots = [(key, number, index) for key in sorted(chains)
             for number, chain in enumerate(chains[key]) if len(chain) > 2
             for index in range(len(chain) - 1)]
    if len(spots) < 2:
        return
    points = np.array([chains[k][n][i] for k, n, i in spots], dtype=float)
    groups = _close_groups(cKDTree(points).query_pairs(CORRIDOR_NEAR, output_type="ndarray"),
                           [k for k, _n, _i in spots])
    moved: dict[tuple[str, int], list[Point]] = {}
    for members in groups:
        chosen = _one_per_relation(members, [k for k, _n, _i in spots])
        if len(chosen) < 2:
            continue
        across = _common_normal([_neighbours(chains, legs, spots[m]) for m in chosen])
        lanes = _lanes(chosen, [spots[m][:2] for m in chosen], legs, across)
        centre = points[[m for m, _shift in lanes]].mean(axis=0)
        for m, shift in lanes:
            key, number, index = spots[m]
            chain = moved.setdefault((key, number), list(chains[key][number]))
            chain[index] = (float(centre[0] + across[0] * shift),
                            float(centre[1] + across[1] * shift))
    for (key, number), chain in sorted(moved.items()):
        if _clear(legs[key][number], tuple(chain), obstacles, margin):
            chains[key][number] = tuple(chain)


def _one_per_relation(members: Sequence[int], keys: Sequence[str]) -> list[int]:
    """The first of `members` (spots or stretches) of each relation, in order."""
    by_key: dict[str, int] = {}
    for m in members:
        by_key.setdefault(keys[m], m)
    return list(by_key.values())


def _lanes(members: Sequence[int], owners: Sequence[tuple[str, int]],
           legs: Mapping[str, list[Leg]], across: np.ndarray) -> list[tuple[int, float]]:
    """Each member (of the leg `owners` names: relation key, leg number) with its lane,
    in order across: its offset from the middle, CORRIDOR_STEP apart (CORRIDOR_SPREAD at
    most in all). Each relation goes to the side its own ends lie on (the same side
    wherever it shares a way, whichever way the normal points there), ties by key."""
    owner = dict(zip(members, owners, strict=True))

    def side(m: int) -> float:
        leg = legs[owner[m][0]][owner[m][1]]
        return float(np.dot(np.add(leg.start, leg.end) / 2, across))

    ordered = sorted(members, key=lambda m: (side(m), owner[m][0]))
    step = min(CORRIDOR_STEP, CORRIDOR_SPREAD / (len(ordered) - 1))
    return [(m, (rank - (len(ordered) - 1) / 2) * step) for rank, m in enumerate(ordered)]


def _clear(leg: Leg, chain: tuple[Point, ...], obstacles: np.ndarray, margin: float) -> bool:
    """Whether a moved chain still misses the boxes (without their margin) it must."""
    boxes = obstacles[leg.keep] + np.array([margin, margin, -margin, -margin])
    return not rects_hit_by_polyline(chain_points(leg.start, chain), boxes).any()


RUN_ANGLE = math.radians(8)  # stretches of grid paths this close to parallel ...
RUN_NEAR = 2.5  # ... that come this close across (or cross) ...
RUN_ALONG = 10.0  # ... where both run for this long side by side, share one line


def separate_runs(chains: dict[str, list[tuple[Point, ...]]], legs: Mapping[str, list[Leg]],
                  obstacles: np.ndarray, margin: float) -> None:
    """Stretches of grid paths between two corners that run along the same line (a
    box's side, a column of boxes) without sharing their corners, or that cross at a
    glancing angle, laid on lanes CORRIDOR_STEP apart: each stretch's two corners move
    onto its lane, each relation on the side its own ends lie on (as separate_corridors
    does for shared corners). A path that would then touch a box keeps its place."""
    found = {(key, number): chain_corners(legs[key][number].start, chain)
             for key in sorted(chains) for number, chain in enumerate(chains[key])
             if len(chain) > 2}
    paths = {k: v for k, v in found.items() if v is not None and len(v[0]) >= 2}
    runs = [(k, i) for k, (corners, _straight) in paths.items()
            for i in range(len(corners) - 1)]
    if len(runs) < 2:
        return
    ends = np.array([[*paths[k][0][i], *paths[k][0][i + 1]] for k, i in runs], dtype=float)
    pairs = _parallel_pairs(ends, [k[0] for k, _i in runs])
    if not pairs:
        return
    moved = {k: corners.copy() for k, (corners, _straight) in paths.items()}
    for members in _close_groups(np.array(pairs), [k[0] for k, _i in runs]):
        chosen = _one_per_relation(members, [k[0] for k, _i in runs])
        if len(chosen) < 2:
            continue
        across = _common_normal([(tuple(ends[m, :2]), tuple(ends[m, 2:])) for m in chosen])
        lanes = _lanes(chosen, [runs[m][0] for m in chosen], legs, across)
        centre = float(np.mean([np.dot((ends[m, :2] + ends[m, 2:]) / 2, across)
                                for m, _shift in lanes]))
        for m, shift in lanes:
            path, i = runs[m]
            for corner in (i, i + 1):  # both onto the lane: parallel to the others
                point = moved[path][corner]
                moved[path][corner] = point + across * (centre + shift
                                                        - float(np.dot(point, across)))
    for (key, number), corners in sorted(moved.items()):
        if np.array_equal(corners, paths[key, number][0]):
            continue
        leg = legs[key][number]
        build = straight_chain if paths[key, number][1] else rounded_chain
        chain = build(leg.start, [(float(x), float(y)) for x, y in corners], leg.end)
        if _clear(leg, chain, obstacles, margin):
            chains[key][number] = chain


def _parallel_pairs(ends: np.ndarray, owners: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of stretches (rows x0 y0 x1 y1) of different relations that run along the
    same line: nearly parallel, side by side for RUN_ALONG or more, and there within
    RUN_NEAR of each other at one end at least, or crossing."""
    direction = ends[:, 2:] - ends[:, :2]
    length = np.hypot(direction[:, 0], direction[:, 1])
    unit = direction / np.maximum(length, 1e-9)[:, None]
    low = np.minimum(ends[:, :2], ends[:, 2:]) - RUN_NEAR
    high = np.maximum(ends[:, :2], ends[:, 2:]) + RUN_NEAR
    found = []
    for i in range(len(ends)):
        if length[i] < RUN_ALONG:
            continue
        near = np.flatnonzero((low[:, 0] <= high[i, 0]) & (high[:, 0] >= low[i, 0])
                              & (low[:, 1] <= high[i, 1]) & (high[:, 1] >= low[i, 1]))
        for j in near[near > i]:
            if owners[i] == owners[j] or length[j] < RUN_ALONG:
                continue
            if abs(float(unit[i][0] * unit[j][1] - unit[i][1] * unit[j][0])) > \
                    math.sin(RUN_ANGLE):
                continue
            normal = np.array([-unit[i][1], unit[i][0]])
            along = [float(np.dot(ends[j, k:k + 2] - ends[i, :2], unit[i])) for k in (0, 2)]
            across = [float(np.dot(ends[j, k:k + 2] - ends[i, :2], normal)) for k in (0, 2)]
            if along[0] > along[1]:
                along, across = along[::-1], across[::-1]
            first, last = max(along[0], 0.0), min(along[1], float(length[i]))
            if last - first < RUN_ALONG:
                continue
            # How far apart they are where they run side by side (j's line clipped to i).
            apart = np.interp([first, last], along, across)
            if np.abs(apart).min() <= RUN_NEAR or apart[0] * apart[1] < 0:
                found.append((i, int(j)))
    return found


def _close_groups(pairs: np.ndarray, owners: Sequence[str]) -> list[list[int]]:
    """Groups of spots joined by close pairs of different relations (union-find)."""
    parent = list(range(len(owners)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        if owners[i] != owners[j]:
            parent[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(owners)):
        groups.setdefault(root(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def _neighbours(chains: Mapping[str, list[tuple[Point, ...]]], legs: Mapping[str, list[Leg]],
                spot: tuple[str, int, int]) -> tuple[Point, Point]:
    key, number, index = spot
    chain = chains[key][number]
    before = legs[key][number].start if index == 0 else chain[index - 1]
    return before, chain[index + 1]


def _common_normal(ways: Sequence[tuple[Point, Point]]) -> np.ndarray:
    """The unit normal of the mean direction of `ways` (before, after), directions taken
    without their sense (angles doubled), so that opposite ways agree."""
    angles = [2 * math.atan2(b[1] - a[1], b[0] - a[0]) for a, b in ways]
    mean = math.atan2(sum(math.sin(t) for t in angles), sum(math.cos(t) for t in angles)) / 2
    return np.array([-math.sin(mean), math.cos(mean)])


def smooth_controls(stops: Sequence[Point]) -> list[Point | None]:
    """Controls that make a two-leg route pass smoothly through its label."""
    if len(stops) != 3:
        return [None] * (len(stops) - 1)
    (ax, ay), (lx, ly), (bx, by) = stops
    length = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    first = math.hypot(lx - ax, ly - ay) / 2
    second = math.hypot(bx - lx, by - ly) / 2
    return [(lx - ux * first, ly - uy * first), (lx + ux * second, ly + uy * second)]
