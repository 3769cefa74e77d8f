"""The drawing-quality helper finds what it should, on figures and geometry made by hand."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import conceptmap

from .figure_metrics import FAULTS, measure
from .quality_geometry import (
    Drawing,
    Line,
    boxes_hit_by_polyline,
    centerline,
    coinciding_pairs,
    crossing_pairs,
    detached_labels,
    detours,
    edge_crossings,
    lines_under_text,
    outside,
    overlapping_pairs,
    polylines_through_boxes,
    relations_through_actors,
    routes_outside,
    segments_cross,
    sharp_corners,
)

MODEL = conceptmap.loads("""
groups: {g: {}}
actors: {a: {group: g}, b: {}, c: {}, d: {}}
relations:
  - {from: a, to: d, type: tension, label: van a naar d}
  - {from: b, to: c, type: cooperation}
  - {from: c, to: d, type: information}
""", path="hand.yaml")


def _figure(bad: bool) -> Figure:
    """288 x 216 px at 72 dpi; data units are pixels. `bad` adds one of each defect."""
    figure = Figure(figsize=(4, 3), dpi=72)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 288)
    ax.set_ylim(0, 216)
    ax.set_axis_off()

    def box(gid: str, x: float, y: float, w: float, h: float) -> None:
        ax.add_patch(Rectangle((x, y), w, h, gid=gid))

    def text(gid: str, x: float, y: float, label: str, **kw: object) -> None:
        ax.text(x, y, label, gid=gid, fontsize=8, **kw)

    box("group-g", 0, 0, 105 if bad else 62, 60)
    box("actor-a", 10, 10, 50, 30)
    box("actor-b", 50 if bad else 64, 20, 36, 30)
    box("actor-c", 150, 100, 40, 30)
    box("actor-d", 220, 150, 40, 30)
    xs, ys = ([20, 240], [40, 150]) if bad else ([20, 140, 220], [40, 140, 165])
    ax.add_line(Line2D(xs, ys, gid="relation-a-d-1"))  # the bad one passes through c
    ax.add_line(Line2D([100, 150], [35, 115], gid="relation-b-c-1"))
    ax.add_line(Line2D([190, 220], [130, 160], gid="relation-c-d-1"))
    text("actor-a-label", 14, 25, "aaaa")
    if bad:
        text("relation-a-d-1-label", 24, 27, "van a naar d")
    else:  # centred on its line, clear of everything else
        text("relation-a-d-1-label", 80, 90, "van a naar d", ha="center", va="center")
    text("title", 250 if bad else 120, 200, "Titel van de kaart")
    box("legend", 200, 5, 80, 40)
    text("legend-x-label", 210, 20, "uitleg")  # inside the legend: no overlap
    return figure


def test_helper_reports_each_defect_by_id():
    metrics = measure(_figure(bad=True), MODEL)
    assert metrics.missing_artists == []
    assert metrics.text_overlaps == [("actor-a-label", "relation-a-d-1-label")]
    assert metrics.clipped_texts == ["title"]
    assert metrics.actor_overlaps == [("a", "b")]
    assert metrics.relations_through_actors == [("relation-a-d-1", "c")]
    assert metrics.groups_with_non_members == [("g", "b")]
    assert metrics.edge_crossings == [("relation-a-d-1", "relation-b-c-1")]
    assert metrics.detached_labels == ["relation-a-d-1"]


def test_helper_finds_nothing_in_a_clean_figure():
    metrics = measure(_figure(bad=False), MODEL)
    assert metrics.counts() == dict.fromkeys(metrics.counts(), 0)


def test_helper_reports_missing_artists():
    figure = Figure(figsize=(2, 2))
    figure.add_axes((0, 0, 1, 1))
    assert measure(figure, MODEL).missing_artists == [
        "actor-a", "actor-b", "actor-c", "actor-d", "relation-a-d-1", "relation-b-c-1",
        "relation-c-d-1", "group-g"]


def test_overlaps_need_more_than_a_touch():
    boxes = [(0, 0, 10, 10), (10, 0, 20, 10), (9.9, 9.9, 30, 30), (5, 5, 7, 7)]
    assert overlapping_pairs(boxes) == [(0, 2), (0, 3), (1, 2)]
    assert overlapping_pairs(boxes, min_area=0.5) == [(0, 3), (1, 2)]  # areas 4, 1, 0.01
    assert overlapping_pairs(boxes, min_area=2) == [(0, 3)]
    assert outside(boxes, (0, 0, 25, 25)) == [2]


@pytest.mark.parametrize(("points", "hit"), [
    ([(-5, 5), (15, 5)], True),  # straight through
    ([(-5, 10), (15, 10)], False),  # along the top edge
    ([(-5, -5), (0, 0), (-5, 5)], False),  # touches a corner
    ([(-5, 15), (15, -5)], True),  # diagonally across a corner region
    ([(11, -5), (11, 15)], False),  # beside it
    ([(5, 5), (5, 5)], True),  # a point inside
    ([(-5, 20), (20, 20), (20, 5), (5, 5)], True),  # the last leg goes in
])
def test_polyline_against_a_box(points, hit):
    assert boxes_hit_by_polyline(np.array(points, float), [(0, 0, 10, 10)]).tolist() == [hit]


def test_crossings_between_polylines():
    lines = [np.array(p, float) for p in (
        [(0, 0), (10, 10)], [(0, 10), (10, 0)], [(20, 0), (30, 0)], [(5, -5), (5, 20), (25, 20)],
        [(0, 5), (4, 5)])]
    assert crossing_pairs(lines) == [(0, 1), (0, 3), (1, 3)]
    skip = np.zeros((5, 5), bool)
    skip[0, 1] = skip[1, 0] = True
    assert crossing_pairs(lines, skip) == [(0, 3), (1, 3)]


def test_crossings_and_through_actors_leave_out_the_relations_own_actors():
    drawing = Drawing(
        boxes={"p": (0, 0, 10, 10), "q": (40, 0, 50, 10), "r": (20, 0, 30, 10),
               "s": (20, 20, 30, 30)},
        lines=(Line("pq", "p", "q", np.array([(10, 5), (40, 5)], float)),
               Line("rs", "r", "s", np.array([(25, 10), (25, 20)], float)),
               Line("ps", "p", "s", np.array([(5, 10), (20, 25)], float)),
               Line("rq", "r", "q", np.array([(30, 8), (35, 0), (40, 2)], float))))
    assert relations_through_actors(drawing) == [("pq", "r")]
    assert edge_crossings(drawing) == []  # pq crosses rq, but both end at q


def _random_polylines(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(40):
        start = rng.uniform(0, 500, 2)
        steps = rng.normal(0, rng.choice([3.0, 40.0, 300.0]), (int(rng.integers(1, 30)), 2))
        lines.append(np.vstack([start, start + np.cumsum(steps, axis=0)]))
    return lines


@pytest.mark.parametrize("seed", range(5))
def test_grid_search_finds_what_brute_force_finds(seed):
    lines = _random_polylines(seed)
    segments = [np.hstack([p[:-1], p[1:]]) for p in lines]
    brute = [(i, j) for i in range(len(lines)) for j in range(i + 1, len(lines))
             if segments_cross(segments[i], segments[j]).any()]
    assert crossing_pairs(lines) == brute
    assert len(brute) > 20
    rng = np.random.default_rng(seed)
    corners = rng.uniform(0, 500, (30, 2))
    boxes = np.hstack([corners, corners + rng.uniform(5, 80, (30, 2))])
    brute_boxes = [(i, k) for i, p in enumerate(lines)
                   for k in np.flatnonzero(boxes_hit_by_polyline(p, boxes))]
    assert polylines_through_boxes(lines, boxes) == brute_boxes
    assert len(brute_boxes) > 10


CALM = conceptmap.loads("""
title: Titel
groups: {g: {label: Groep g}}
actors: {p: {group: g}, q: {group: g}, r: {}, s: {}}
relations:
  - {from: p, to: q, type: cooperation, label: eerste}
  - {from: r, to: s, type: information, label: tweede}
  - {from: p, to: s, type: tension}
""", path="calm.yaml")


def _calm_figure(bad: bool) -> Figure:
    """288 x 216 pt; data units are points. `bad` adds the faults of calm lines: a line
    under other texts, two lines on top of each other, a detached label, a route that
    leaves the picture."""
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(4, 3), dpi=72)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 288)
    ax.set_ylim(0, 216)
    ax.set_axis_off()

    def text(gid: str, x: float, y: float, label: str, ha: str = "center") -> None:
        ax.text(x, y, label, gid=gid, fontsize=8, ha=ha, va="center")

    ax.add_patch(Rectangle((10, 110), 140, 90, gid="group-g"))
    text("group-g-label", 16, 190, "Groep g", ha="left")
    text("title", 150, 206, "Titel")
    for gid, x, y in (("p", 20, 120), ("q", 100, 150), ("r", 200, 20), ("s", 200, 150)):
        ax.add_patch(Rectangle((x, y), 40, 25, gid=f"actor-{gid}"))
    ax.add_line(Line2D([60, 100], [135, 160], gid="relation-p-q-1"))
    ax.add_patch(FancyBboxPatch((67, 142), 26, 11, boxstyle="square,pad=0",
                                gid="relation-p-q-1-label-plate"))
    text("relation-p-q-1-label", 80, 147.5, "eerste")
    if bad:
        ax.add_line(Line2D([220, 80, 30, 150, 220], [45, 150, 190, 206, 175],
                           gid="relation-r-s-1"))
        text("relation-r-s-1-label", 260, 100, "tweede")
        ax.add_line(Line2D([60, 100, 200, 210], [136, 161, -10, 150], gid="relation-p-s-1"))
    else:
        ax.add_line(Line2D([220, 220], [45, 150], gid="relation-r-s-1"))
        text("relation-r-s-1-label", 220, 100, "tweede")
        ax.add_line(Line2D([60, 200], [125, 155], gid="relation-p-s-1"))
    return figure


def test_calm_line_faults_are_found_by_id():
    metrics = measure(_calm_figure(bad=True), CALM)
    assert metrics.lines_under_text == [
        ("relation-p-s-1", "relation-p-q-1-label"),  # runs along p-q, under its plate
        ("relation-r-s-1", "group-g-label"),
        ("relation-r-s-1", "relation-p-q-1-label"),
        ("relation-r-s-1", "title"),
    ]
    assert metrics.coinciding_relations == [("relation-p-q-1", "relation-p-s-1")]
    assert metrics.detached_labels == ["relation-r-s-1"]
    assert metrics.routes_outside == ["relation-p-s-1"]


def test_calm_figure_without_faults_counts_zero():
    metrics = measure(_calm_figure(bad=False), CALM)
    assert metrics.faults() == dict.fromkeys(FAULTS, 0)
    assert metrics.edge_crossings == []


def _line(*points: tuple[float, float]) -> np.ndarray:
    return np.array(points, float)


def test_coinciding_needs_closeness_over_a_length():
    base = _line((0, 0), (100, 0))
    assert coinciding_pairs([base, _line((20, 1.4), (60, 1.4))]) == [(0, 1)]  # 40 long
    assert coinciding_pairs([base, _line((20, 1.6), (60, 1.6))]) == []  # too far apart
    assert coinciding_pairs([base, _line((20, 1.0), (33, 1.0))]) == []  # 13 long
    assert coinciding_pairs([base, _line((20, 1.0), (35, 1.0))]) == [(0, 1)]  # 15 long
    # crossing at a small angle: within 1.5 of each other over 2 * 1.5 / slope
    assert coinciding_pairs([base, _line((0, -5), (100, 5))]) == [(0, 1)]  # 30 long
    assert coinciding_pairs([base, _line((0, -20), (100, 20))]) == []  # 7.5 long
    assert coinciding_pairs([base, _line((0, 0), (0, 50))]) == []  # meet at an end


def test_a_plain_line_along_a_zigzag_coincides_with_it():
    x = np.arange(0, 101, 4.5)
    teeth = np.column_stack([x, np.where(np.arange(len(x)) % 2, -3.4, 3.4)])
    assert np.allclose(centerline(teeth)[1:-1, 1], 0)  # the zigzag's axis
    assert coinciding_pairs([teeth, _line((0, 0), (100, 0))]) == [(0, 1)]
    assert coinciding_pairs([teeth, _line((0, 8), (100, 8))]) == []
    assert coinciding_pairs([teeth, teeth[::-1] * [1, -1]]) == [(0, 1)]  # opposite phase


def test_labels_lines_and_frame_on_geometry():
    drawing = Drawing(
        boxes={"a": (0, 0, 10, 10), "b": (90, 0, 100, 10)},
        lines=(Line("ab", "a", "b", _line((10, 5), (90, 5))),
               Line("ba", "b", "a", _line((90, 8), (50, 30), (10, 8)))),
        labels={"ab": (40, 0, 60, 10), "ba": (40, 40, 60, 50)},
        texts={"title": (0, 25, 100, 35)},
        frame=(0, 0, 100, 40))
    assert lines_under_text(drawing) == [("ba", "title")]
    assert detached_labels(drawing) == ["ba"]
    assert routes_outside(drawing) == []
    moved = Drawing(drawing.boxes, drawing.lines, {"ab": (60, 10, 80, 30)}, {}, (0, 0, 100, 25))
    assert lines_under_text(moved) == [("ba", "ab-label")]  # ba passes y = 19 at x = 70
    assert detached_labels(moved) == ["ab"]  # its line at y = 5, the plate from y = 10
    assert routes_outside(moved) == ["ba"]  # up to y = 30 in a frame 25 high
    touching = Drawing(drawing.boxes, drawing.lines, {"ab": (40, 5.5, 60, 15)})
    assert detached_labels(touching) == []  # 0.5 from its line: within reach


def test_a_corner_is_sharp_a_curve_and_a_zigzag_are_not():
    # Finely sampled, as drawn lines are (a centreline of three points cuts the corner).
    along = np.linspace(0, 50, 51)
    corner = np.vstack([np.column_stack([along, 0 * along]),
                        np.column_stack([50 + 0 * along[1:], along[1:]])])
    angle = np.linspace(-np.pi / 2, 0, 40)  # a quarter circle of radius 20 pt
    curve = np.vstack([_line((0, 0), (30, 0)),
                       np.column_stack([30 + 20 * np.cos(angle), 20 + 20 * np.sin(angle)]),
                       _line((50, 20), (50, 50))])
    x = np.linspace(0, 100, 41)
    teeth = np.column_stack([x, np.where(np.arange(len(x)) % 2, -3.4, 3.4)])
    drawing = Drawing(boxes={}, lines=(Line("corner", "a", "b", corner),
                                       Line("curve", "a", "b", curve),
                                       Line("zigzag", "a", "b", teeth)))
    assert sharp_corners(drawing) == ["corner"]
    under_label = Drawing({}, drawing.lines, labels={"corner": (40, -10, 60, 10)})
    assert sharp_corners(under_label) == []  # its own label's plate hides the turn


def test_a_line_twice_as_long_as_its_straight_way_is_a_detour():
    """Boxes 100 pt apart (border to border): a line over the top that is 300 pt long is
    a detour; a gentle curve is not, nor a zigzag along the straight way (counted by its
    axis), nor a short relation bent round a label (less than 28 pt longer)."""
    boxes = {"a": (0, 0, 20, 20), "b": (120, 0, 140, 20), "c": (20, 40, 30, 50),
             "d": (40, 40, 50, 50)}
    over = np.vstack([_line((20, 10), (20, 110)), _line((20, 110), (120, 110)),
                      _line((120, 110), (120, 10))])
    gentle = np.vstack([_line((20, 10), (70, 40)), _line((70, 40), (120, 10))])
    x = np.linspace(20, 120, 41)
    teeth = np.column_stack([x, 10 + np.where(np.arange(len(x)) % 2, -3.4, 3.4)])
    short = np.vstack([_line((30, 45), (35, 60)), _line((35, 60), (40, 45))])
    drawing = Drawing(boxes, (Line("over", "a", "b", over), Line("gentle", "a", "b", gentle),
                              Line("zigzag", "a", "b", teeth), Line("short", "c", "d", short)))
    assert detours(drawing) == ["over"]
