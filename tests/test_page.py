"""The page is a contract: --width W makes the picture W wide, or says why not."""

from __future__ import annotations

import re
from functools import cache

import conceptmap
from conceptmap import DrawOptions, make_scene, render_bytes
from conceptmap._api import width_warning
from conceptmap._scene import Scene

from .conftest import SHOWCASE
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
    assert width_warning(showcase_scene(16), 16 * CM) is None


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
    message = width_warning(scene, 16 * CM)
    assert message is not None
    assert re.match(r"the picture is \d+\.\d cm wide, not the 16\.0 cm asked for", message)
    assert "--width" in message and "7 pt" in message
