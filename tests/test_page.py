"""The page is a contract: --width W makes the picture W wide, or says why not."""

from __future__ import annotations

import re
from functools import cache

import conceptmap
from conceptmap import DrawOptions, make_scene, render_bytes
from conceptmap._api import page_warning
from conceptmap._layout import LayoutOptions
from conceptmap._render import RenderOptions
from conceptmap._scene import Scene

from .conftest import SHOWCASE
from .layout_quality import MAP_FOLDER as MAPS
from .mapgen import generate_map

CM = 72 / 2.54


@cache
def showcase_scene(width_cm: float | None) -> Scene:
    width = None if width_cm is None else width_cm * CM
    return make_scene(conceptmap.load(SHOWCASE), DrawOptions(width=width))


def svg_size(data: bytes) -> tuple[float, float]:
    match = re.search(rb'width="([0-9.]+)pt" height="([0-9.]+)pt"', data)
    assert match is not None
    return float(match.group(1)), float(match.group(2))


def test_the_showcase_at_16cm_is_16cm_wide_with_text_of_7pt_or_more():
    model = conceptmap.load(SHOWCASE)
    data = render_bytes(model, "svg", DrawOptions(width=16 * CM))
    width, _height = svg_size(data)
    assert abs(width - 16 * CM) < 0.5
    sizes = [float(s) for s in re.findall(rb"font-size: ?([0-9.]+)px", data)]
    assert sizes and min(sizes) >= 7.0
    assert page_warning(showcase_scene(16), 16 * CM) is None


def test_a_narrow_page_puts_the_legend_under_the_drawing():
    scene = showcase_scene(16)
    assert scene.legend is not None
    drawing_bottom = min(s.cy - s.height / 2 for s in scene.shapes)
    assert scene.legend.rect.y1 < drawing_bottom
    assert scene.legend.rect.x1 <= scene.width


def test_a_wide_page_puts_the_legend_beside_the_drawing():
    scene = showcase_scene(40)
    assert scene.legend is not None
    drawing_right = max(s.cx + s.width / 2 for s in scene.shapes)
    assert scene.legend.rect.x0 > drawing_right


def test_a_map_that_cannot_fit_says_how_wide_it_became_and_what_to_change():
    scene = make_scene(generate_map(150), DrawOptions(width=16 * CM))
    message = page_warning(scene, 16 * CM)
    assert message is not None
    assert re.match(r"the picture is \d+\.\d cm wide, not the 16\.0 cm asked for", message)
    assert "--width" in message and "7 pt" in message


def picture_height_cm(scene: Scene, width_cm: float = 16) -> float:
    """The height of the picture drawn for a page `width_cm` wide."""
    return RenderOptions(width_cm * CM).size_for(scene)[1] / CM


def test_the_showcase_and_a_15_actor_network_fit_a_report_page_24cm_high():
    assert picture_height_cm(showcase_scene(16)) <= 24.0
    florentine = conceptmap.load(MAPS / "florentine-15.yaml")
    assert picture_height_cm(make_scene(florentine, DrawOptions(width=16 * CM))) <= 24.0


def test_maps_of_up_to_35_actors_fit_a_report_page_16cm_by_24cm():
    from .test_layout_quality import found  # the quality suite draws them at 16 cm anyway

    for name in ("florentine-15", "davis-32", "karate-34"):
        width, height = found(name, "default")["size_pt"]
        assert abs(width - 16 * CM) < 0.5, name
        assert height <= 24 * CM + 0.5, name


def test_a_picture_too_high_for_the_page_is_scaled_to_its_height_and_centred():
    """Scaled to the page's width, a tall drawing would run past the page's height
    (PAGE_SHAPE widths): it is scaled to that height instead (text staying at 7 pt or
    more) and centred on a picture as wide as the page, so that a report placing it at
    the page's width keeps its size."""
    from dataclasses import replace

    scene = showcase_scene(16)
    tall = replace(scene, height=scene.width * 1.55)
    options = RenderOptions(16 * CM)
    width, height = options.size_for(tall)
    assert abs(width - 16 * CM) < 0.01
    assert abs(height - 24 * CM) < 0.01
    assert options.scale_for(tall) < 16 * CM / tall.width
    margin = options.margin_for(tall)
    assert margin > 0
    assert abs((tall.width + 2 * margin) * options.scale_for(tall) - width) < 0.01
    assert page_warning(tall, 16 * CM) is None
    data = conceptmap.render_bytes(conceptmap.load(SHOWCASE), "svg", DrawOptions(width=16 * CM))
    assert abs(svg_size(data)[0] - 16 * CM) < 0.5


def test_a_picture_that_cannot_fit_the_page_height_says_how_high_it_became():
    from dataclasses import replace

    scene = showcase_scene(16)
    tall = replace(scene, height=scene.width * 3)  # at 7 pt text still two pages high
    message = page_warning(tall, 16 * CM)
    assert message is not None
    assert re.match(r"the picture is \d+\.\d cm high, more than the 24\.0 cm of a page "
                    r"16\.0 cm wide", message)
    assert "--width" in message and "7 pt" in message


def test_a_legend_under_the_drawing_takes_the_fewest_rows_that_fit_the_page():
    scene = make_scene(conceptmap.load(MAPS / "florentine-15.yaml"), DrawOptions(width=16 * CM))
    assert scene.legend is not None
    rows = {round(t.y, 2) for t in scene.legend.texts}
    assert len(scene.legend.texts) == 3 and len(rows) == 1
    assert scene.legend.rect.x1 <= scene.width


def test_a_drawing_narrower_than_the_page_may_be_as_high_as_a_wider_one():
    """The picture is scaled to fit the page's width and height, and a narrower one is
    centred on it: only what sticks out beyond either counts (the width twice, as the
    text shrinks with it), and a legend beside the drawing gives back its height."""
    from conceptmap._geometry import Rect
    from conceptmap._layout import LayoutOptions
    from conceptmap._layout.page import overflow

    options = LayoutOptions(page_width=400.0, page_height=500.0)
    assert overflow(Rect(0, 0, 400, 500), options) == 0
    assert overflow(Rect(0, 0, 300, 500), options) == 0
    assert overflow(Rect(0, 0, 300, 530), options) == 30
    assert overflow(Rect(0, 0, 410, 400), options) == 2 * 10
    # A legend 130 wide beside the drawing gives back the 50 it took under it.
    beside = LayoutOptions(page_width=400.0, page_height=500.0, legend_beside=(130.0, 50.0))
    assert overflow(Rect(0, 0, 250, 540), beside) == 0
    assert overflow(Rect(0, 0, 250, 570), beside) == 20
    assert overflow(Rect(0, 0, 300, 520), beside) == 20  # no room beside it


def test_a_map_too_dense_for_the_page_is_laid_out_for_a_larger_page_of_its_shape():
    from conceptmap._layout.base import LayoutOptions
    from conceptmap._layout.selection import page_for_density

    page = LayoutOptions(page_width=460.0, page_height=570.0)
    sparse = {f"a{i}": (100.0, 30.0) for i in range(10)}
    assert page_for_density(page, sparse, {}) == page
    dense = {f"a{i}": (100.0, 30.0) for i in range(60)}
    grown = page_for_density(page, dense, {"r": (120.0, 30.0)})
    assert grown.page_width is not None and grown.page_height is not None
    assert grown.page_width > 460.0
    assert abs(grown.page_height / grown.page_width - 570.0 / 460.0) < 1e-9


def test_a_policy_map_too_dense_for_16cm_is_drawn_wider_but_page_shaped():
    from .test_layout_quality import found  # the quality suite draws it at 16 cm anyway

    width, height = found("policy-26", "default")["size_pt"]
    assert width > 16 * CM + 1  # drawn wider than asked, which the warning says
    # About the page's shape (1.5), so that scaled into the page it still fits its
    # height; a strip two pages high (2.6) did not.
    assert height / width <= 1.6


def test_of_starts_that_all_stick_out_of_the_page_one_crossing_far_less_wins():
    """policy-26 cannot fit 16 cm at 7 pt, so every start sticks out. From seed 11 the
    start that stuck out least won, though it crossed 80 times (21.8 x 33.7 cm); now a
    unit of page (about 1 cm) counts as CROSSINGS_PER_UNIT crossings among such starts,
    and one 2.3 cm wider that crosses 27 times wins: the map is drawn larger than the
    page either way."""
    from conceptmap._layout.crossings import count_crossings

    model = conceptmap.load(MAPS / "policy-26.yaml")
    made = conceptmap.layout(model, DrawOptions(width=16 * CM, seed=11))
    assert count_crossings(made.routes, made.ends) <= 40


def _strip_and_block() -> tuple:
    """Group `a`: twelve members in one column (a strip 12 rows high); group `b`: four
    members in a row. Side by side they are far higher than a page 500 x 300 pt."""
    from conceptmap._layout.base import group_node
    from conceptmap._layout.group_shapes import Arrangement
    from conceptmap._layout.groups import region_of

    sizes = {f"a{i}": (80.0, 24.0) for i in range(12)}
    sizes.update({f"b{i}": (60.0, 24.0) for i in range(4)})
    local = {f"a{i}": (0.0, -36.0 * i) for i in range(12)}
    local.update({f"b{i}": (72.0 * i, 0.0) for i in range(4)})
    members = {"a": [f"a{i}" for i in range(12)], "b": [f"b{i}" for i in range(4)]}
    options = LayoutOptions(page_width=500.0, page_height=300.0)
    frame = {g: region_of(sizes, 20.0, options) for g in members}
    top_sizes, top, local_offsets = {}, {}, {}
    for x, (gid, names) in zip((0.0, 240.0), members.items(), strict=True):
        region = frame[gid]({m: local[m] for m in names})
        top_sizes[group_node(gid)] = (region.width, region.height)
        top[group_node(gid)] = (x, 0.0)
        local_offsets.update({m: (local[m][0] - region.cx, local[m][1] - region.cy)
                              for m in names})
    return Arrangement(top, local_offsets, top_sizes), sizes, members, frame, options


def test_a_group_too_high_for_the_page_becomes_a_grid_and_the_groups_are_packed_into_it():
    from conceptmap._geometry import Rect
    from conceptmap._layout.base import group_node
    from conceptmap._layout.group_shapes import beyond_page, fill_page

    arranged, sizes, members, frame, options = _strip_and_block()
    assert beyond_page(arranged.top, arranged.sizes, options) > 0
    filled = fill_page(arranged, sizes, members, frame, options)
    assert beyond_page(filled.top, filled.sizes, options) == 0
    # Only the strip is reshaped: the row of four already fits.
    assert filled.sizes[group_node("b")] == arranged.sizes[group_node("b")]
    width, height = filled.sizes[group_node("a")]
    assert height < 300 and width > arranged.sizes[group_node("a")][0]
    # Members keep their order (top to bottom, then left to right) and do not overlap.
    placed = {m: filled.local[m] for m in members["a"]}
    order = sorted(placed, key=lambda m: (-round(placed[m][1]), placed[m][0]))
    assert order == members["a"]
    boxes = [Rect(*placed[m], *sizes[m]) for m in order]
    assert not any(p.overlaps(q) for i, p in enumerate(boxes) for q in boxes[i + 1:])
    # Groups do not overlap either.
    regions = [Rect(*filled.top[group_node(g)], *filled.sizes[group_node(g)]) for g in "ab"]
    assert not regions[0].overlaps(regions[1])


def test_groups_that_fit_or_cannot_be_made_to_fit_are_left_as_they_are():
    from dataclasses import replace

    from conceptmap._layout.group_shapes import fill_page

    arranged, sizes, members, frame, options = _strip_and_block()
    roomy = replace(options, page_height=1000.0)
    assert fill_page(arranged, sizes, members, frame, roomy) is arranged
    tiny = replace(options, page_width=100.0, page_height=60.0)
    assert fill_page(arranged, sizes, members, frame, tiny) is arranged


def test_a_grid_keeps_its_members_order_in_rows_of_the_given_columns():
    from conceptmap._layout.group_shapes import as_grid

    placed = {f"m{i}": (float(i % 2), -float(i)) for i in range(7)}
    sizes = {m: (50.0 + 10 * (i % 3), 20.0) for i, m in enumerate(placed)}
    grid = as_grid(placed, sizes, 3, 12.0)
    rows = sorted({y for _x, y in grid.values()}, reverse=True)
    assert len(rows) == 3
    top_row = sorted(m for m in grid if grid[m][1] == rows[0])
    assert top_row == ["m0", "m1", "m2"]  # the three that stood highest
    xs = sorted({x for x, _y in grid.values()})
    assert len(xs) == 3  # three columns


def test_a_20_actor_map_of_two_groups_with_every_relation_labelled_is_not_two_pages_high():
    """Laid out as they came, its two groups were strips, stacked: 16.0 x 47.8 cm
    (765 cm2, two pages). Made grids and packed into the page they come within about a
    page and a half (17.9 x 31.9 cm; 19.6 x 29.7 since labels are placed from the
    shortest relation on: about 580 cm2 either way), without trading that height for
    much width."""
    scene = make_scene(generate_map(20), DrawOptions(width=16 * CM))
    width, height = RenderOptions(16 * CM).size_for(scene)
    assert height <= 34 * CM
    assert width <= 20 * CM
    assert width * height <= 1.55 * (16 * CM) * (24 * CM)


def _crossing_pair(label_of_upright: tuple[float, float]):
    """Two relations crossing at (100, 0): a-b level, through its label at (50, 0);
    c-d upright, through its label at `label_of_upright`."""
    from conceptmap._layout.base import Layout

    centers = {"a": (0.0, 0.0), "b": (200.0, 0.0), "c": (100.0, -150.0), "d": (100.0, 150.0)}
    routes = {"level": ((0.0, 0.0), (50.0, 0.0), (50.0, 0.0), (125.0, 0.0), (200.0, 0.0)),
              "upright": ((100.0, -150.0), (100.0, label_of_upright[1] / 2 - 75),
                          label_of_upright, (100.0, label_of_upright[1] / 2 + 75),
                          (100.0, 150.0))}
    layout = Layout(centers, {"level": (50.0, 0.0), "upright": label_of_upright}, routes, {},
                    ends={"level": ("a", "b"), "upright": ("c", "d")})
    sizes = dict.fromkeys(centers, (40.0, 20.0))
    return layout, sizes, {"level": (60.0, 14.0), "upright": (60.0, 14.0)}


def test_a_line_under_another_relations_label_counts_and_its_own_label_does_not():
    from conceptmap._layout.selection import lines_under_labels

    hidden, _, label_sizes = _crossing_pair((100.0, 4.0))  # level runs under it
    clear, _, _ = _crossing_pair((100.0, 80.0))
    assert lines_under_labels(hidden, label_sizes) == 1
    assert lines_under_labels(clear, label_sizes) == 0


def test_of_two_starts_crossing_as_often_the_one_with_no_line_under_a_label_wins():
    """A line under another relation's label is hidden there: starts are ranked by it
    as by a crossing (over seeds 3, 7 and 11 of ten maps and 5 and 9 of twelve, lines
    under labels 935 -> 846 for crossings 1,053 -> 1,075)."""
    from conceptmap._layout.selection import trial_score

    hidden, sizes, label_sizes = _crossing_pair((100.0, 4.0))
    clear, _, _ = _crossing_pair((100.0, 80.0))
    options = LayoutOptions()
    assert trial_score(hidden, sizes, label_sizes, options).crossings == \
        trial_score(clear, sizes, label_sizes, options).crossings == 1
    assert trial_score(clear, sizes, label_sizes, options) < \
        trial_score(hidden, sizes, label_sizes, options)
