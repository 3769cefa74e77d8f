"""The page a drawing must fit: how far a drawing sticks out of it, in points and in
the units the starts and the group shapes are ranked by."""

from __future__ import annotations

import math

from .._geometry import Rect
from .base import LayoutOptions


def overflow(box: Rect, options: LayoutOptions) -> float:
    """How far (points) a drawing with extent `box` sticks out of the page: beyond its
    width, or above its height (the picture is scaled to fit both; a drawing narrower
    than the page is centred on it, so it may be as high as a wider one)."""
    if options.page_width is None:
        return 0.0
    tallest = TALLEST_DRAWING * options.page_width if options.page_height is None \
        else options.page_height
    legend_width, legend_height = options.legend_beside
    if legend_width and options.page_width - box.width >= legend_width:
        # The legend stands beside the drawing: its rows under it are drawing room.
        tallest += legend_height
    # Too wide costs twice: the picture is scaled down to the page, and its text with it.
    return 2 * max(0.0, box.width - options.page_width) + max(0.0, box.height - tallest)


def overflow_units(points: float, options: LayoutOptions) -> int:
    """An overflow of `points`, in OVERFLOW_UNITS of the page's width (OVERFLOW_SLACK
    counting as none)."""
    if options.page_width is None:
        return 0
    return math.ceil(max(0.0, points - OVERFLOW_SLACK) / (options.page_width / OVERFLOW_UNITS))


OVERFLOW_UNITS = 16  # overflow is counted in this fraction of the page width (about 1 cm
# on a report page): starts that stick out about as far rank by their crossings
OVERFLOW_SLACK = 12.0  # points a drawing may stick out and still count as fitting: the
# page is laid out at 0.9 scale (8 pt labels print at 7.2 pt), so a drawing 12 points
# wider than a 16 cm page, scaled down to it, still prints its labels above 7 pt
TALLEST_DRAWING = 1.2  # height over width of a drawing that, with title and legend,
# still fits a report page (16 cm wide, 24 cm high), where the page height is not given
PAGE_SHAPE = 1.5  # a report page's picture: its height over its width (24 cm by 16 cm)
