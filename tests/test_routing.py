"""Routing and layout geometry, checked against slow obvious versions and hand-made cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conceptmap._geometry import Rect, overlap_pairs, remove_overlaps
from conceptmap._layout.base import LayoutOptions, label_node
from conceptmap._layout.crossings import count_crossings, segments_cross
from conceptmap._layout.groups import tighten
from conceptmap._layout.legs import _straighten, plates_under, route_leg


def _brute_crossings(routes, ends) -> int:
    """Every segment against every other: the definition count_crossings must keep."""
    from conceptmap._paths import sample_route

    keys = sorted(routes)
    segments = {k: (lambda p: np.hstack([p[:-1], p[1:]]))(sample_route(routes[k], samples=8))
                for k in keys}
    found = 0
    for a, b in itertools.combinations(keys, 2):
        if set(ends[a]) & set(ends[b]):
            continue
        found += bool(segments_cross(segments[a], segments[b]).any())
    return found


@pytest.mark.parametrize("seed", range(6))
def test_count_crossings_equals_every_segment_against_every_other(seed):
    rng = np.random.default_rng(seed)
    actors = [f"a{k}" for k in range(9)]
    spots = {a: tuple(rng.uniform(0, 300, 2)) for a in actors}
    routes, ends = {}, {}
    for number, (u, v) in enumerate(itertools.combinations(actors, 2)):
        if rng.random() < 0.5:
            bend = tuple(np.add(np.divide(np.add(spots[u], spots[v]), 2), rng.normal(0, 40, 2)))
            routes[f"r{number}"] = (spots[u], bend, spots[v])
            ends[f"r{number}"] = (u, v)
    expected = _brute_crossings(routes, ends)
    assert expected > 0
    assert count_crossings(routes, ends) == expected


def test_straighten_keeps_the_last_point_it_can_see():
    wall = np.array([[40.0, -10.0, 60.0, 100.0]])  # x0, y0, x1, y1
    path = [(0.0, 0.0), (0.0, 120.0), (50.0, 120.0), (100.0, 120.0), (100.0, 0.0)]
    # (0, 0) sees only (0, 120) past the wall; from there (100, 120) is in sight.
    assert _straighten(path, wall) == [(0.0, 0.0), (0.0, 120.0), (100.0, 120.0), (100.0, 0.0)]


def test_a_leg_through_a_narrow_gap_is_routed_on_the_finer_grid():
    # A wall across the whole search area with a 60 pt gap off the straight line: no
    # gentle curve passes it, and on the coarse grid (cells of 55 pt for a leg this long)
    # the padding around the wall closes the gap; the finer grid finds the way through.
    walls = np.array([[1470.0, -5000.0, 1530.0, 120.0], [1470.0, 180.0, 1530.0, 5000.0]])
    chain, clear = route_leg((0.0, 0.0), (3000.0, 0.0), walls)
    assert clear
    assert plates_under((0.0, 0.0), chain, walls) == 0


def test_plates_under_counts_the_labels_a_curve_runs_under():
    plates = np.array([[40.0, -5.0, 60.0, 5.0], [40.0, 50.0, 60.0, 60.0]])
    assert plates_under((0.0, 0.0), ((50.0, 0.0), (100.0, 0.0)), plates) == 1
    assert plates_under((0.0, 0.0), ((50.0, 110.0), (100.0, 0.0)), plates) == 1
    assert plates_under((0.0, 0.0), ((50.0, -60.0), (100.0, 0.0)), plates) == 0


def test_overlap_removal_leaves_no_pair_closer_than_the_gap():
    rng = np.random.default_rng(3)
    centers = rng.uniform(0, 80, (30, 2))
    sizes = rng.uniform(10, 40, (30, 2))
    placed = remove_overlaps(centers, sizes, np.ones(30, dtype=bool), gap=6.0)
    assert len(overlap_pairs(placed, sizes, 6.0 - 1e-6)) == 0


LABEL = label_node("relation-x")


def test_a_region_whose_tight_title_would_meet_a_label_keeps_its_top_only():
    options = LayoutOptions()
    placed = {"a": (0.0, 0.0), "b": (0.0, -60.0), LABEL: (-10.0, 30.0)}
    sizes = {"a": (80.0, 20.0), "b": (80.0, 20.0), LABEL: (40.0, 12.0)}
    group_of = {"a": "g", "b": "g", LABEL: None}
    loose = Rect(0.0, -40.0, 140.0, 240.0)  # reaches far below b and above a
    tight = tighten({"g": loose}, placed, sizes, group_of, {"g": 30.0}, options)["g"]
    assert tight.y1 == pytest.approx(loose.y1)  # the top stays: the title keeps clear
    assert tight.y0 > loose.y0 + 30  # the empty strip below is gone


def test_a_member_with_no_relation_stays_beside_its_group():
    from conceptmap._layout.groups import place_anchored
    from conceptmap._layout.placement import bounds_of

    options = LayoutOptions()
    members = [f"m{k:02d}" for k in range(16)] + ["lone"]
    sizes = {m: (60.0, 20.0) for m in members}
    chain = [(a, b, 1.0) for a, b in itertools.pairwise(members[:-1])]
    anchors = {"\x00anchor:x": np.array([1.8, 0.0])}
    outside = [("m00", "\x00anchor:x", 0.6)]
    placed = place_anchored(members, sizes, chain, outside, anchors, options)
    others = bounds_of({m: p for m, p in placed.items() if m != "lone"}, sizes)
    x, y = placed["lone"]
    apart_x = max(others.x0 - (x + 30.0), (x - 30.0) - others.x1, 0.0)
    apart_y = max(others.y0 - (y + 10.0), (y - 10.0) - others.y1, 0.0)
    assert max(apart_x, apart_y) <= 2 * options.gap + 1e-6


def _corridor_case(obstacles: np.ndarray):
    """Two grid paths (corner, midpoint, corner, end) from the left to the right that
    turn at nearly the same corners: the same gap between boxes."""
    from conceptmap._layout.routing import Leg

    keep = np.ones(len(obstacles), dtype=bool)
    legs = {"a": [Leg("a", (0.0, 0.0), (100.0, 0.0), None, keep)],
            "b": [Leg("b", (0.0, 4.0), (100.0, 4.0), None, keep)]}
    chains = {"a": [((20.0, 30.0), (50.0, 30.0), (80.0, 30.0), (100.0, 0.0))],
              "b": [((20.5, 30.5), (50.5, 30.5), (80.5, 30.5), (100.0, 4.0))]}
    return chains, legs


def test_grid_paths_through_one_gap_are_laid_side_by_side():
    from conceptmap._layout.routing import CORRIDOR_STEP, separate_corridors

    chains, legs = _corridor_case(np.zeros((0, 4)))
    separate_corridors(chains, legs, np.zeros((0, 4)), 5.0)
    for index in range(3):
        a, b = np.array(chains["a"][0][index]), np.array(chains["b"][0][index])
        assert np.hypot(*(a - b)) == pytest.approx(CORRIDOR_STEP)
        assert a[1] < b[1]  # the same order at every corner: side by side, no crossing
    assert chains["a"][0][3] == (100.0, 0.0) and chains["b"][0][3] == (100.0, 4.0)


def test_a_path_that_would_touch_a_box_keeps_its_place():
    from conceptmap._layout.routing import separate_corridors

    # A box just below the gap (its top at 29 pt, the path passes at 30 pt), given with
    # its 5 pt margin as routing has it: moving "a" down to make room hits it.
    obstacles = np.array([[47.0 - 5, 0.0 - 5, 53.0 + 5, 29.0 + 5]])
    chains, legs = _corridor_case(obstacles)
    before = chains["a"][0]
    separate_corridors(chains, legs, obstacles, 5.0)
    assert chains["a"][0] == before


def test_grid_paths_along_one_line_with_their_own_corners_are_laid_on_lanes():
    from conceptmap._layout.routing import CORRIDOR_STEP, Leg, separate_runs

    # Two rounded grid paths (corner, midpoint, corner, end) from the left to the right
    # that run along y = 30 between different corners, crossing there at a glancing
    # angle: drawn, they lie on top of each other for some 60 pt.
    keep = np.ones(0, dtype=bool)
    legs = {"a": [Leg("a", (0.0, 0.0), (120.0, 0.0), None, keep)],
            "b": [Leg("b", (10.0, 4.0), (110.0, 4.0), None, keep)]}
    chains = {"a": [((10.0, 30.5), (55.0, 30.0), (100.0, 29.5), (120.0, 0.0))],
              "b": [((30.0, 29.5), (60.0, 30.0), (90.0, 30.5), (110.0, 4.0))]}
    separate_runs(chains, legs, np.zeros((0, 4)), 5.0)
    a0, a1 = (np.array(chains["a"][0][i]) for i in (0, 2))
    b0, b1 = (np.array(chains["b"][0][i]) for i in (0, 2))
    way = (a1 - a0) / np.hypot(*(a1 - a0))
    assert float(way[0] * (b1 - b0)[1] - way[1] * (b1 - b0)[0]) == pytest.approx(0.0, abs=1e-9)
    normal = np.array([-way[1], way[0]])
    assert float(np.dot(b0 - a0, normal)) == pytest.approx(CORRIDOR_STEP)  # a lane apart
    assert a0[1] < b0[1] and a1[1] < b1[1]  # "a", whose ends lie lower, below "b"
    for key in chains:  # the midpoint between the corners moved with them
        (x0, y0), middle, (x1, y1) = chains[key][0][:3]
        assert middle == pytest.approx(((x0 + x1) / 2, (y0 + y1) / 2))
    assert chains["a"][0][3] == (120.0, 0.0) and chains["b"][0][3] == (110.0, 4.0)


def test_a_label_beside_the_far_actor_is_reached_around_it_not_behind_it():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.base import Edge
    from conceptmap._layout.routing import route_all
    from conceptmap._paths import sample_route

    # Two actors close together, the label of their relation below the second:
    # straight on, the line to the label would run behind that actor's box.
    centers = {"s": (0.0, 0.0), "t": (0.0, -45.0), "\x00label:r": (10.0, -110.0)}
    sizes = {"s": (100.0, 30.0), "t": (100.0, 30.0), "\x00label:r": (80.0, 24.0)}
    routes, unrouted = route_all(centers, sizes, [Edge("r", "s", "t", "\x00label:r")],
                                 ["s", "t"])
    assert not unrouted
    route = routes["r"]
    label_at = [i for i, p in enumerate(route) if p == centers["\x00label:r"]]
    assert label_at  # the route passes through its label
    to_label = sample_route(route[: label_at[0] + 1], 24)
    assert not rects_hit_by_polyline(to_label, np.array([[-50.0, -60.0, 50.0, -30.0]])).any()


def _turns(route) -> list[float]:
    """The turn (degrees) where each two pieces of a chain P0 C0 P1 C1 P2 ... meet."""
    points = np.asarray(route, dtype=float)
    found = []
    for k in range(2, len(points) - 2, 2):
        into, out = points[k] - points[k - 1], points[k + 1] - points[k]
        cosine = np.dot(into, out) / (np.hypot(*into) * np.hypot(*out))
        found.append(float(np.degrees(np.arccos(np.clip(cosine, -1, 1)))))
    return found


def test_a_grid_path_round_a_box_has_no_corners_and_still_misses_it():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.base import Edge
    from conceptmap._layout.routing import SHARP, route_all
    from conceptmap._paths import sample_route

    # A wide box straight between two actors, wider than any gentle curve can pass:
    # the relation is routed on the grid, round the box's corners.
    centers = {"s": (0.0, 0.0), "t": (300.0, 0.0), "wall": (150.0, 0.0)}
    sizes = {"s": (60.0, 30.0), "t": (60.0, 30.0), "wall": (60.0, 300.0)}
    routes, unrouted = route_all(centers, sizes, [Edge("r", "s", "t", None)],
                                 ["s", "t", "wall"])
    assert not unrouted
    route = routes["r"]
    assert len(route) > 3  # more than one piece: round the wall, not a single curve
    assert max(_turns(route)) <= np.degrees(SHARP)
    wall = np.array([[120.0, -150.0, 180.0, 150.0]])
    grown = np.add(wall, [-2.0, -2.0, 2.0, 2.0])  # the rounding keeps 2 pt from the box
    assert not rects_hit_by_polyline(sample_route(route, 24), grown).any()


def test_rounding_a_corner_keeps_both_far_ends_and_their_directions():
    from conceptmap._layout.routing import smooth_junctions

    # Two straight pieces meeting at a right angle at (100, 0); a box inside the turn.
    route = ((0.0, 0.0), (50.0, 0.0), (100.0, 0.0), (100.0, 50.0), (100.0, 100.0))
    box = np.array([[62.0, 7.0, 93.0, 38.0]])  # the rounding keeps 2 pt from it
    rounded = smooth_junctions(route, box)
    assert _turns(rounded) == pytest.approx([0.0] * len(_turns(rounded)), abs=1e-6)
    assert rounded[0] == route[0] and rounded[-1] == route[-1]
    assert rounded[1][1] == pytest.approx(0.0) and rounded[-2][0] == pytest.approx(100.0)
    # The box leaves room for a rounding that starts 16 pt before the corner, not 24.
    assert rounded[2] == pytest.approx((84.0, 0.0))


def test_the_turn_at_a_label_is_left_to_its_plate():
    from conceptmap._layout.routing import smooth_junctions

    route = ((0.0, 0.0), (50.0, 0.0), (100.0, 0.0), (100.0, 50.0), (100.0, 100.0))
    assert smooth_junctions(route, np.zeros((0, 4)), label=2) == route


def test_a_relation_is_routed_around_another_relations_label():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.base import Edge
    from conceptmap._layout.routing import route_all
    from conceptmap._paths import sample_route

    # The label of u-v stands right on the straight line from s to t: s-t goes round it.
    label = "\x00label:uv"
    centers = {"s": (0.0, 0.0), "t": (300.0, 0.0), "u": (150.0, 150.0),
               "v": (150.0, -150.0), label: (150.0, 0.0)}
    sizes = {"s": (60.0, 30.0), "t": (60.0, 30.0), "u": (60.0, 30.0), "v": (60.0, 30.0),
             label: (80.0, 24.0)}
    edges = [Edge("st", "s", "t", None), Edge("uv", "u", "v", label)]
    # Without the later choice of bends by crossings (as when starts are compared):
    # the way round comes from routing itself.
    routes, unrouted = route_all(centers, sizes, edges, ["s", "t", "u", "v"], uncross=False)
    assert not unrouted
    plate = np.array([[111.0, -11.0, 189.0, 11.0]])  # the label's plate, 1 pt in
    assert not rects_hit_by_polyline(sample_route(routes["st"], 24), plate).any()


def test_a_relation_is_routed_around_a_group_title():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.base import Edge
    from conceptmap._layout.routing import route_all
    from conceptmap._paths import sample_route

    # A group's title stands right on the straight line from s to t: s-t goes round it,
    # as round another relation's label; without the title given, it runs straight.
    centers = {"s": (0.0, 0.0), "t": (300.0, 0.0)}
    sizes = {"s": (60.0, 30.0), "t": (60.0, 30.0)}
    title = np.array([[110.0, -8.0, 190.0, 8.0]])
    edges = [Edge("st", "s", "t", None)]
    around, _ = route_all(centers, sizes, edges, ["s", "t"], titles=title)
    straight, _ = route_all(centers, sizes, edges, ["s", "t"])
    assert not rects_hit_by_polyline(sample_route(around["st"], 24), title).any()
    assert rects_hit_by_polyline(sample_route(straight["st"], 24), title).any()


def test_a_label_shut_in_by_the_margins_of_close_boxes_is_still_reached_between_them():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.base import Edge
    from conceptmap._layout.routing import route_all
    from conceptmap._paths import sample_route

    # Four boxes round a label, 14 pt apart at the corners: their 5 pt routing margins
    # leave no way out on the grid, the boxes themselves do. The relation must not be
    # left unrouted (drawn straight, through a box).
    label = "\x00label:r"
    centers = {"s": (0.0, 200.0), "t": (0.0, -200.0), label: (0.0, 0.0),
               "n": (0.0, 40.0), "e": (79.0, 0.0), "so": (0.0, -40.0), "w": (-79.0, 0.0)}
    sizes = {"s": (60.0, 30.0), "t": (60.0, 30.0), label: (60.0, 20.0),
             "n": (100.0, 30.0), "e": (30.0, 100.0), "so": (100.0, 30.0), "w": (30.0, 100.0)}
    actors = ["s", "t", "n", "e", "so", "w"]
    routes, unrouted = route_all(centers, sizes, [Edge("r", "s", "t", label)], actors)
    assert not unrouted
    boxes = np.array([[centers[a][0] - sizes[a][0] / 2 + 1, centers[a][1] - sizes[a][1] / 2 + 1,
                       centers[a][0] + sizes[a][0] / 2 - 1, centers[a][1] + sizes[a][1] / 2 - 1]
                      for a in ("n", "e", "so", "w")])
    assert not rects_hit_by_polyline(sample_route(routes["r"], 24), boxes).any()


def test_starts_are_compared_by_routings_that_do_not_go_round_labels(monkeypatch):
    # Going round labels takes half of a routing's time and changes its crossings
    # little: the quick routings that rank the starts leave it to the winner's routing.
    import conceptmap
    from conceptmap._graph import to_graph
    from conceptmap._layout import routing
    from conceptmap._layout.selection import finish, place_actors
    from conceptmap._scene import layout_input
    from conceptmap._text import measure

    from .conftest import SHOWCASE

    model = conceptmap.load(SHOWCASE)
    measured = layout_input(model, measure)
    graph = to_graph(model)
    placement = place_actors(graph, measured.sizes, measured.label_sizes, measured.headers,
                             LayoutOptions(page_width=430.0, page_height=560.0))
    calls = []
    calm_leg = routing.calm_leg
    monkeypatch.setattr(routing, "calm_leg", lambda *a: calls.append(a) or calm_leg(*a))
    finish(graph, placement, uncross=False)
    assert calls == []
    finish(graph, placement)
    assert calls  # the showcase has routes under other labels to go round


@pytest.mark.parametrize("seed", range(6))
def test_swap_changes_equal_the_tangle_measured_again_after_each_swap(seed):
    """All swaps are measured at once, from the relations of the two actors only; the
    definition is the whole tangle measured before and after each swap."""
    from conceptmap._layout.base import Edge
    from conceptmap._layout.groups import Tangle

    rng = np.random.default_rng(seed)
    names = [f"a{k}" for k in range(9)]
    pairs = [tuple(rng.choice(9, 2, replace=False)) for _ in range(16)] + [(0, 0)]
    edges = [Edge(f"r{k}", names[i], names[j], None) for k, (i, j) in enumerate(pairs)]
    tangle = Tangle(names, edges, unit=40.0)
    pos = rng.uniform(0, 200, (9, 2))
    swaps = np.array(list(itertools.combinations(range(9), 2)))
    lines = [(i, j) for i, j in pairs if i != j]
    brute = sum(bool(segments_cross(np.hstack([pos[[i]], pos[[j]]]),
                                    np.hstack([pos[[k]], pos[[m]]]))[0, 0])
                for (i, j), (k, m) in itertools.combinations(lines, 2)
                if not {i, j} & {k, m})
    length = sum(float(np.hypot(*(pos[i] - pos[j]))) for i, j in lines)
    assert tangle(pos) == pytest.approx(brute + 0.15 * length / 40.0)
    changes = tangle.swap_changes(pos, tangle.crossing(pos), swaps)
    for (a, b), change in zip(swaps, changes, strict=True):
        swapped = pos.copy()
        swapped[[a, b]] = pos[[b, a]]
        assert change == pytest.approx(tangle(swapped) - tangle(pos))
        assert tangle.change(pos, tangle.crossing(pos), swapped, np.array([a, b])) == \
            pytest.approx(change)


def test_on_a_map_without_groups_any_two_actors_may_change_places_to_cross_less():
    from conceptmap._layout.base import Edge
    from conceptmap._layout.groups import untangle

    # Four actors on a square whose two relations are its diagonals: they cross.
    centers = {"a": (0.0, 0.0), "b": (200.0, 0.0), "c": (0.0, 200.0), "d": (200.0, 200.0)}
    sizes = dict.fromkeys(centers, (60.0, 30.0))
    edges = [Edge("ad", "a", "d", None), Edge("bc", "b", "c", None)]

    def crossed(placed):
        ad, bc = ([*placed[e.source], *placed[e.target]] for e in edges)
        return int(segments_cross(np.array([ad]), np.array([bc]))[0, 0])

    assert crossed(centers) == 1
    placed = untangle(centers, sizes, edges, dict.fromkeys(centers), gap=8.0)
    assert crossed(placed) == 0
    assert sorted(placed.values()) == sorted(centers.values())  # places swapped, not moved


def test_one_pass_of_untangling_undoes_more_than_one_crossing():
    """The tangle does not come down one swap per pass: two squares whose diagonals
    cross are both uncrossed in one pass."""
    from conceptmap._layout.base import Edge
    from conceptmap._layout.groups import untangle

    centers, edges = {}, []
    for square, x in (("p", 0.0), ("q", 600.0)):
        corners = {f"{square}{k}": (x + dx, dy) for k, (dx, dy) in
                   enumerate(((0.0, 0.0), (200.0, 0.0), (0.0, 200.0), (200.0, 200.0)))}
        centers.update(corners)
        edges += [Edge(f"{square}-03", f"{square}0", f"{square}3", None),
                  Edge(f"{square}-12", f"{square}1", f"{square}2", None)]
    sizes = dict.fromkeys(centers, (60.0, 30.0))
    placed = untangle(centers, sizes, edges, dict.fromkeys(centers), gap=8.0, passes=1)
    lines = np.array([[*placed[e.source], *placed[e.target]] for e in edges])
    assert not segments_cross(lines, lines).any()


@pytest.mark.parametrize("seed", range(5))
def test_free_spot_is_the_first_free_point_of_the_spiral(seed):
    """A ring of the spiral is tested at once; the definition is one point at a time."""
    from conceptmap._geometry import free_spot

    def one_at_a_time(start, size, centers, sizes, gap, rings=60):
        step = max(float(size[1]), 8.0) / 2 + gap / 2
        half = (sizes + size) / 2 + gap
        for ring in range(rings + 1):
            count = max(1, 8 * ring)
            angles = np.arange(count) * (2 * np.pi / count)
            for angle in angles:
                candidate = start + ring * step * np.array([np.cos(angle), np.sin(angle)])
                if not (np.abs(centers - candidate) < half).all(axis=1).any():
                    return candidate
        return None

    rng = np.random.default_rng(seed)
    centers = rng.uniform(0, 300, (40, 2))
    sizes = rng.uniform(20, 80, (40, 2))
    start, size = rng.uniform(0, 300, 2), np.array([60.0, 24.0])
    expected = one_at_a_time(start, size, centers, sizes, 8.0)
    assert np.allclose(free_spot(start, size, centers, sizes, 8.0), expected)


@pytest.mark.parametrize("seed", range(5))
def test_curves_measured_together_miss_the_boxes_they_miss_one_by_one(seed):
    from conceptmap._geometry import quad_points, rects_hit_by_polyline
    from conceptmap._layout.legs import curves_clear

    rng = np.random.default_rng(seed)
    corners = rng.uniform(0, 300, (30, 2))
    boxes = np.hstack([corners, corners + rng.uniform(10, 60, (30, 2))])
    start, end = tuple(rng.uniform(0, 300, 2)), tuple(rng.uniform(0, 300, 2))
    controls = [tuple(rng.uniform(-50, 350, 2)) for _ in range(12)]
    one_by_one = [not rects_hit_by_polyline(quad_points(start, c, end), boxes).any()
                  for c in controls]
    assert list(curves_clear(start, controls, end, boxes)) == one_by_one


@pytest.mark.parametrize("seed", range(6))
def test_a_label_slides_to_the_first_free_spot_whose_legs_are_clear(seed):
    """All spots along and beside the line are tested at once; the definition is one
    spot at a time, nearest the middle first (a step beside the line worth an eighth of
    it along the line), the first with clear legs, else the first free one."""
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.labels import ALONG, slide

    rng = np.random.default_rng(seed)
    start, end = rng.uniform(0, 100, 2), rng.uniform(200, 300, 2)
    occupied = np.hstack([rng.uniform(0, 300, (25, 2)), rng.uniform(20, 70, (25, 2))])
    corners = rng.uniform(0, 300, (8, 2))
    blockers = np.hstack([corners, corners + 30.0])
    size, offset, gap = (50.0, 20.0), 0.0, 6.0
    direction = end - start
    normal = np.array([-direction[1], direction[0]]) / np.hypot(*direction)

    def one_at_a_time():
        half = (occupied[:, 2:] + np.array(size)) / 2 + gap
        step = size[1] / 2 + 8
        free = []
        ranked = sorted(((abs(k) + 8 * abs(t - 0.5), k, t) for k in (0, 1, -1, 2, -2, 3, -3)
                         for t in ALONG), key=lambda spot: spot[0])
        for _cost, k, t in ranked:
            spot = start + (end - start) * t + normal * (offset + k * step)
            if (np.abs(occupied[:, :2] - spot) < half).all(axis=1).any():
                continue
                free.append(spot)
                if not rects_hit_by_polyline(np.array([start, spot, end]), blockers).any():
                    return tuple(spot)
        return tuple(free[0]) if free else None

    expected = one_at_a_time()
    if expected is not None:
        assert slide((start, end), offset, normal, size, occupied, blockers, gap) == \
            pytest.approx(expected)


def test_a_label_steps_beside_the_middle_of_its_line_before_sliding_towards_an_actor():
    """The middle of the line is taken as far as 0.3 and 0.7 of the way: the label stands
    one step beside the middle rather than on the line a quarter of the way from an
    actor, where that actor's other relations leave it."""
    from conceptmap._layout.labels import slide

    start, end = np.array([0.0, 0.0]), np.array([400.0, 0.0])
    taken = np.array([[200.0, 0.0, 100.0, 4.0]])  # a label plate: x 150..250, thin
    spot = slide((start, end), 0.0, np.array([0.0, 1.0]), (50.0, 20.0), taken,
                 np.zeros((0, 4)), 6.0)
    assert spot == pytest.approx((200.0, 18.0))  # one step (20 / 2 + 8) beside the middle


def _alongside() -> dict:
    """Two relations that run 1 pt apart for 100 pt in the middle of their ways."""
    straight = ((0.0, 0.0), (25.0, 0.0), (50.0, 0.0), (75.0, 0.0), (100.0, 0.0),
                (125.0, 0.0), (150.0, 0.0), (175.0, 0.0), (200.0, 0.0))
    dipping = ((0.0, 60.0), (50.0, 1.0), (75.0, 1.0), (100.0, 1.0), (125.0, 1.0),
               (150.0, 1.0), (200.0, 60.0))
    return {"a": straight, "b": dipping}


def _eased(routes, avoid=np.zeros((0, 4)), extent=(-100.0, -100.0, 300.0, 200.0)):
    from conceptmap._layout.apart import Relation, ease_apart

    rules = {"a": Relation(avoid, frozenset({0, 8}), ("p", "q")),
             "b": Relation(avoid, frozenset({0, 6}), ("r", "s"))}
    return ease_apart(routes, rules, {}, extent)


def _on_top(routes) -> list:
    from conceptmap._paths import sample_route

    from .quality_geometry import coinciding_pairs

    return coinciding_pairs([sample_route(routes[k], samples=24) for k in sorted(routes)])


def test_two_relations_drawn_on_top_of_each_other_are_eased_apart_smoothly():
    routes = _alongside()
    assert _on_top(routes) == [(0, 1)]
    eased = _eased(routes)
    assert _on_top(eased) == []
    for key, route in routes.items():  # the ends stay, and so does a smooth curve
        assert eased[key][0] == route[0] and eased[key][-1] == route[-1]
        points = np.asarray(eased[key])
        for k in range(2, len(points) - 1, 2):
            before, here, after = points[k - 1], points[k], points[k + 1]
            turn = (here - before)[0] * (after - here)[1] - (here - before)[1] * (after - here)[0]
            assert abs(turn) < 1e-6 * np.hypot(*(here - before)) * np.hypot(*(after - here))


def test_relations_stay_on_top_of_each_other_where_easing_them_would_hit_a_box():
    routes = _alongside()
    boxes = np.array([[80.0, 2.2, 120.0, 30.0], [80.0, -30.0, 120.0, -1.2]])
    assert _eased(routes, avoid=boxes) == routes


def test_a_relation_is_not_eased_out_of_the_drawing():
    routes = _alongside()
    free = _eased(routes)
    assert free["a"] != routes["a"] and free["b"] == routes["b"]  # the first one moves
    # With no room below the drawing's lower edge, the second moves up instead.
    kept = _eased(routes, extent=(0.0, -1.0, 200.0, 60.0))
    assert kept["a"] == routes["a"] and kept["b"] != routes["b"]
    assert _on_top(kept) == []


def test_a_relation_under_another_relations_label_is_shifted_out_from_under_it():
    from conceptmap._geometry import rects_hit_by_polyline
    from conceptmap._layout.apart import Relation, ease_apart
    from conceptmap._paths import sample_route

    routes = {"a": _alongside()["a"],
              "b": ((100.0, 100.0), (100.0, 80.0), (100.0, 60.0))}
    plate = (90.0, -6.0, 110.0, 6.0)  # b's label, though b runs far from it
    rules = {"a": Relation(np.zeros((0, 4)), frozenset({0, 8}), ("p", "q")),
             "b": Relation(np.zeros((0, 4)), frozenset({0, 2}), ("r", "s"))}
    eased = ease_apart(routes, rules, {"b": plate}, (-100.0, -100.0, 300.0, 200.0))
    assert not rects_hit_by_polyline(sample_route(eased["a"]), np.array([plate])).any()
    assert eased["a"][0] == routes["a"][0] and eased["a"][-1] == routes["a"][-1]
    assert eased["b"] == routes["b"]


@pytest.mark.parametrize("kind", ["box", "rounded", "ellipse", "circle", "hexagon", "octagon"])
def test_a_line_stops_on_the_outline_that_inside_draws(kind):
    # _boundary bisects in plain floats: it must agree with `inside` on every point, or
    # lines would stop short of (or inside) the shapes they meet.
    from conceptmap._paths import _boundary, _inside_point, inside

    rng = np.random.default_rng(5)
    center, size = (10.0, -4.0), (80.0, 30.0)
    points = rng.uniform((-40.0, -25.0), (60.0, 17.0), size=(4000, 2))
    together = inside(kind, center, size, points)
    one_by_one = [_inside_point(kind, center, size, float(x), float(y)) for x, y in points]
    assert together.tolist() == one_by_one
    assert 0 < together.sum() < len(points)
    border = _boundary(kind, center, size, np.array(center), np.array((60.0, 17.0)))
    step = np.array((60.0, 17.0)) - np.array(center)
    assert inside(kind, center, size, (border - step * 1e-6)[None, :])[0]
    assert not inside(kind, center, size, (border + step * 1e-6)[None, :])[0]


def test_a_labels_legs_are_tested_only_against_the_boxes_near_them():
    from conceptmap._geometry import meeting_box

    rects = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [100, 100, 110, 110],
                      [-50, 5, -40, 8], [5, -30, 8, -1]], dtype=float)
    points = np.array([[2.0, 2.0], [25.0, 25.0], [12.0, 3.0]])
    assert rects[meeting_box(rects, points)].tolist() == rects[:2].tolist()
