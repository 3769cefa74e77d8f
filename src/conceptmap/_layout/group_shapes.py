"""Groups reshaped to fill the page.

A group laid out on its own takes whatever shape its relations give it: a long
strip, often. Side by side with the others such strips make a drawing as tall as its
tallest group and leave the rest of the page empty; stacked, two pages high. Where
the groups do not fit the page as laid out, each group is also tried as a grid of one,
two, three ... columns (its members, and the labels of the relations inside it, in
the order they stood), and the combination whose groups pack into the page best is
kept, with as few groups reshaped as will do.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._geometry import Point, Rect
from .base import LayoutOptions, Size, group_node
from .page import OVERFLOW_UNITS, overflow
from .placement import bounds_of, pack_in_width

Frame = Callable[[dict[str, Point]], Rect]  # a group's region around its placed members


@dataclass(frozen=True)
class Arrangement:
    """The groups and lone actors at the top level: where each stands (`top`: group
    nodes and lone nodes), the members' offsets from their group's centre (`local`),
    and every top-level node's size."""

    top: dict[str, Point]
    local: dict[str, Point]
    sizes: dict[str, Size]


def fill_page(arranged: Arrangement, sizes: Mapping[str, Size],
              members: Mapping[str, Sequence[str]], frame: Mapping[str, Frame],
              options: LayoutOptions) -> Arrangement:
    """The arrangement with some groups (id -> members) made grids and all of it packed
    into the page, where that at least halves how far it sticks out of the page; else
    `arranged` itself.

    Packing ignores the relations between the groups, so it is worth its crossings
    only where it brings the drawing much nearer the page: the shapes chosen stick
    out least (in sixteenths of the page width), then reshape fewest groups, then
    take the least room."""
    before = beyond_page(arranged.top, arranged.sizes, options)
    if before <= 0:
        return arranged
    gap = options.gap * TOP_GAP
    tried = {gid: grid_shapes(arranged, gid, names, sizes, frame[gid], options.gap)
             for gid, names in sorted(members.items())}

    def score(picks: Mapping[str, int]) -> tuple[float, int, float]:
        top_sizes = dict(arranged.sizes)
        top_sizes.update({group_node(gid): tried[gid][k][1] for gid, k in picks.items()})
        packed = pack_in_width(arranged.top, top_sizes, options.page_width, gap)
        box = bounds_of(packed, top_sizes)
        return (beyond_page(packed, top_sizes, options), sum(1 for k in picks.values() if k),
                box.width * box.height)

    def rank(value: tuple[float, int, float]) -> tuple[int, int, float]:
        # Whole units, without the slack the starts are allowed: among packings, one
        # that sticks out a little still ranks behind one that fits.
        return math.ceil(value[0] / (options.page_width / OVERFLOW_UNITS)), value[1], value[2]

    picks = dict.fromkeys(tried, 0)
    best = score(picks)
    if math.prod(len(shapes) for shapes in tried.values()) <= COMBOS:
        for combo in itertools.product(*(range(len(shapes)) for shapes in tried.values())):
            other = dict(zip(tried, combo, strict=True))
            value = score(other)
            if rank(value) < rank(best):
                picks, best = other, value
    else:
        # Too many combinations: each group in turn takes the shape that packs best
        # with the others' as they are, for a few rounds.
        for _ in range(ROUNDS):
            changed = False
            for gid, shapes in tried.items():
                for k in range(len(shapes)):
                    other = {**picks, gid: k}
                    value = score(other)
                    if rank(value) < rank(best):
                        picks, best, changed = other, value, True
            if not changed:
                break
    if best[0] > before * FILL_GAIN:
        return arranged
    chosen = {gid: tried[gid][k][0] for gid, k in picks.items()}
    local = dict(arranged.local)
    top_sizes = dict(arranged.sizes)
    for gid, columns in chosen.items():
        if columns is None:
            continue
        placed = as_grid({m: arranged.local[m] for m in members[gid]}, sizes, columns,
                         options.gap)
        region = frame[gid](placed)
        local.update({m: (x - region.cx, y - region.cy) for m, (x, y) in placed.items()})
        top_sizes[group_node(gid)] = (region.width, region.height)
    return Arrangement(pack_in_width(arranged.top, top_sizes, options.page_width, gap), local,
                       top_sizes)


FILL_GAIN = 0.5  # packing must at least halve how far the groups stick out of the page
TOP_GAP = 2.5  # the gap between groups, in gaps between boxes (as the groups are placed)
COMBOS = 512  # combinations of group shapes tried one by one at most; beyond, ...
ROUNDS = 3  # ... rounds of trying each group's shapes with the others' kept


def grid_shapes(arranged: Arrangement, gid: str, names: Sequence[str],
                sizes: Mapping[str, Size], frame: Frame, gap: float
                ) -> list[tuple[int | None, Size]]:
    """A group's shapes (columns of a grid, None: as it is) with the size each takes;
    from one column up to one more than a square, leaving out sizes already had."""
    shapes: list[tuple[int | None, Size]] = [(None, arranged.sizes[group_node(gid)])]
    placed = {m: arranged.local[m] for m in names}
    for columns in range(1, min(len(names), math.ceil(math.sqrt(len(names))) + 1) + 1):
        region = frame(as_grid(placed, sizes, columns, gap))
        size = (region.width, region.height)
        if all(abs(size[0] - w) + abs(size[1] - h) > 1 for _c, (w, h) in shapes):
            shapes.append((columns, size))
    return shapes


def as_grid(placed: Mapping[str, Point], sizes: Mapping[str, Size], columns: int, gap: float
            ) -> dict[str, Point]:
    """The members in rows of `columns`, top to bottom and left to right in the order
    they stood, each centred in its cell."""
    columns = min(columns, len(placed))
    order = sorted(placed, key=lambda n: (-placed[n][1], placed[n][0], n))
    rows = [sorted(order[k:k + columns], key=lambda n: (placed[n][0], order.index(n)))
            for k in range(0, len(order), columns)]
    widths = [max(sizes[row[c]][0] for row in rows if c < len(row)) for c in range(columns)]
    lefts = np.cumsum([0.0] + [w + gap for w in widths[:-1]])
    result: dict[str, Point] = {}
    y = 0.0
    for row in rows:
        height = max(sizes[n][1] for n in row)
        for c, n in enumerate(row):
            result[n] = (float(lefts[c] + widths[c] / 2), y - height / 2)
        y -= height + gap
    return result


def beyond_page(top: Mapping[str, Point], sizes: Mapping[str, Size],
                options: LayoutOptions) -> float:
    """How far (points) an arrangement sticks out of the page (see page.overflow)."""
    return overflow(bounds_of(top, sizes), options)
