"""Routing one leg of a relation around the actor boxes it does not connect.

First a gentle curve (a quadratic Bezier bent by growing amounts to either
side); where every bend still hits a box, a shortest path on a grid around the
boxes (Dijkstra), straightened by line-of-sight and rounded at its corners.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._geometry import (
    FloatArray,
    Point,
    meeting_box,
    quad_points,
    rects_hit_by_polyline,
    segment_hits_rects,
)

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["chain_corners", "chain_points", "leg_options", "plates_under", "rounded_chain",
           "route_leg", "straight_chain"]

_BENDS = (0.0, 0.2, -0.2, 0.4, -0.4, 0.65, -0.65, 0.9, -0.9)
_GRIDS = (120, 360)  # grid cells along the longer side, coarse first: a fine grid costs
# ten times more, and is needed only where boxes stand closer than a coarse cell


def leg_options(start: Point, end: Point, obstacles: FloatArray,
                preferred: Point | None = None, first_only: bool = False,
                max_bend: float = 1.0) -> list[tuple[Point, ...]]:
    """Every simple curve (one control point) from start to end that misses the obstacles,
    the preferred one first, then straight, then growing bends (up to `max_bend`)."""
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    dx, dy = end[0] - start[0], end[1] - start[1]
    candidates = [(mx - bend * dy, my + bend * dx) for bend in _BENDS if abs(bend) <= max_bend]
    controls = [preferred, *candidates] if preferred else candidates
    clear = curves_clear(start, controls, end, obstacles)
    found = [(control, end) for control, free in zip(controls, clear, strict=True) if free]
    return found[:1] if first_only else found


def curves_clear(start: Point, controls: Sequence[Point], end: Point, obstacles: FloatArray
                 ) -> NDArray[np.bool_]:
    """For each control: whether the curve start-control-end misses every obstacle (all
    curves measured at once)."""
    if not len(controls):
        return np.zeros(0, dtype=bool)
    curves = np.stack([quad_points(start, control, end) for control in controls])
    if len(obstacles) == 0:
        return np.ones(len(controls), dtype=bool)
    near = obstacles[meeting_box(obstacles, curves)]
    if len(near) == 0:
        return np.ones(len(controls), dtype=bool)
    hits = segment_hits_rects(curves[:, :-1].reshape(-1, 2), curves[:, 1:].reshape(-1, 2), near)
    return ~hits.reshape(len(controls), -1).any(axis=1)


def route_leg(start: Point, end: Point, obstacles: FloatArray, preferred: Point | None = None,
              grids: Sequence[int] = _GRIDS) -> tuple[tuple[Point, ...], bool]:
    """Control points after `start` (C, P, C, P, ... ending at `end`) and whether they
    clear; a grid path on the first of `grids` that finds one where no curve is free."""
    options = leg_options(start, end, obstacles, preferred, first_only=True)
    if options:
        return options[0], True
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    corners = None
    for cells in grids:
        corners = _grid_path(start, end, obstacles, cells)
        if corners is not None:
            break
    if corners is None:
        return ((mx, my), end), False
    return _as_chain(start, corners, end, obstacles), True


def plates_under(start: Point, chain: Sequence[Point], plates: FloatArray) -> int:
    """How many of `plates` (x0, y0, x1, y1) a chain of quadratic pieces runs under."""
    if len(plates) == 0:
        return 0
    return int(rects_hit_by_polyline(chain_points(start, chain), plates).sum())


def chain_points(start: Point, chain: Sequence[Point]) -> FloatArray:
    """Points along a chain of quadratic pieces (C, P, C, P, ...) after `start`."""
    points = [start, *chain]
    return np.vstack([quad_points(points[k], points[k + 1], points[k + 2], 12)
                      for k in range(0, len(points) - 2, 2)])


def _as_chain(start: Point, corners: Sequence[Point], end: Point, obstacles: FloatArray
              ) -> tuple[Point, ...]:
    """Corners rounded by quadratic pieces (corner = control) if that stays clear."""
    rounded = rounded_chain(start, corners, end)
    if not rects_hit_by_polyline(chain_points(start, rounded), obstacles).any():
        return rounded
    return straight_chain(start, corners, end)


def rounded_chain(start: Point, corners: Sequence[Point], end: Point) -> tuple[Point, ...]:
    """A path through `corners` as a chain: each corner a control, the pieces meeting
    halfway between corners."""
    points = [start, *corners, end]
    rounded: list[Point] = []
    for k in range(1, len(points) - 1):
        stop = end if k == len(points) - 2 else _mid(points[k], points[k + 1])
        rounded.extend([points[k], stop])
    return tuple(rounded)


def straight_chain(start: Point, corners: Sequence[Point], end: Point) -> tuple[Point, ...]:
    """A path through `corners` as a chain of straight pieces (controls halfway)."""
    straight: list[Point] = []
    for a, b in itertools.pairwise([start, *corners, end]):
        straight.extend([_mid(a, b), b])
    return tuple(straight)


def chain_corners(start: Point, chain: Sequence[Point]) -> tuple[np.ndarray, bool] | None:
    """The corners of a grid path's chain and whether it is a straight_chain (else a
    rounded_chain); None for a chain that is neither."""
    points = np.asarray(chain, dtype=float)
    if len(points) % 2:
        return None
    straight = np.allclose(points[0], (np.asarray(start) + points[1]) / 2)
    corners = points[1:-1:2] if straight else points[0::2]
    return corners, bool(straight)


def _mid(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _grid_path(start: Point, end: Point, obstacles: FloatArray, most_cells: int
               ) -> list[Point] | None:
    length = math.hypot(end[0] - start[0], end[1] - start[1])
    margin = max(120.0, 0.6 * length)
    x0, x1 = min(start[0], end[0]) - margin, max(start[0], end[0]) + margin
    y0, y1 = min(start[1], end[1]) - margin, max(start[1], end[1]) + margin
    cell = max(5.0, max(x1 - x0, y1 - y0) / most_cells)
    cols, rows = int((x1 - x0) / cell) + 1, int((y1 - y0) / cell) + 1
    xs, ys = x0 + (np.arange(cols) + 0.5) * cell, y0 + (np.arange(rows) + 0.5) * cell
    blocked = np.zeros((rows, cols), dtype=bool)
    pad = cell * 0.75
    near = (obstacles[:, 2] >= x0 - pad) & (obstacles[:, 0] <= x1 + pad) \
        & (obstacles[:, 3] >= y0 - pad) & (obstacles[:, 1] <= y1 + pad)
    # The cells whose centre lies within `pad` of a box: as index ranges (xs, ys ascend).
    near_boxes = obstacles[near]
    first_col = np.searchsorted(xs, near_boxes[:, 0] - pad, side="left")
    last_col = np.searchsorted(xs, near_boxes[:, 2] + pad, side="right")
    first_row = np.searchsorted(ys, near_boxes[:, 1] - pad, side="left")
    last_row = np.searchsorted(ys, near_boxes[:, 3] + pad, side="right")
    for c0, c1, r0, r1 in zip(first_col, last_col, first_row, last_row, strict=True):
        blocked[r0:r1, c0:c1] = True

    def to_cell(p: Point) -> tuple[int, int]:
        return (min(rows - 1, max(0, int((p[1] - y0) / cell))),
                min(cols - 1, max(0, int((p[0] - x0) / cell))))

    first, last = to_cell(start), to_cell(end)
    blocked[first] = blocked[last] = False
    cells = _shortest_cells(blocked, first, last)
    if cells is None:
        return None
    path = [start] + [(float(xs[c]), float(ys[r])) for r, c in cells[1:-1]] + [end]
    # The path stays within the grid, so boxes beyond it cannot block a sight line.
    return _straighten(path, near_boxes)[1:-1]


def _shortest_cells(blocked: np.ndarray, first: tuple[int, int], last: tuple[int, int]
                    ) -> list[tuple[int, int]] | None:
    """Shortest 8-connected path between two free grid cells (scipy's Dijkstra, in C)."""
    from scipy.sparse.csgraph import dijkstra

    cols = blocked.shape[1]
    source, target = first[0] * cols + first[1], last[0] * cols + last[1]
    _dist, previous = dijkstra(_grid_graph(blocked), directed=False, indices=source,
                               return_predecessors=True)
    if previous[target] < 0:
        return None
    path = [target]
    while path[-1] != source:
        path.append(int(previous[path[-1]]))
    return [divmod(cell, cols) for cell in reversed(path)]


# From a cell to the neighbours after it (row-major): right, down-left, down, down-right,
# in the order of their cell numbers, with the length of the step.
_STEP_WEIGHTS = np.array([1.0, math.sqrt(2), 1.0, math.sqrt(2)])


def _grid_graph(blocked: np.ndarray) -> csr_matrix:
    """The grid's free cells linked to their free neighbours after them, as the compressed
    sparse rows scipy would make of the list of links: each cell's links in the order of
    their cell numbers (built directly, as sorting the list cost more than the search)."""
    from scipy.sparse import csr_matrix

    rows, cols = blocked.shape
    free = ~blocked
    link = np.zeros((rows, cols, 4), dtype=bool)
    link[:, :-1, 0] = free[:, :-1] & free[:, 1:]
    link[:-1, 1:, 1] = free[:-1, 1:] & free[1:, :-1]
    link[:-1, :, 2] = free[:-1, :] & free[1:, :]
    link[:-1, :-1, 3] = free[:-1, :-1] & free[1:, 1:]
    cell, step = np.divmod(np.flatnonzero(link), 4)
    offsets = np.array([1, cols - 1, cols, cols + 1])
    starts = np.zeros(rows * cols + 1, dtype=np.int32)
    np.cumsum(link.reshape(-1, 4).sum(axis=1), out=starts[1:])
    return csr_matrix((_STEP_WEIGHTS[step], (cell + offsets[step]).astype(np.int32), starts),
                      shape=(rows * cols, rows * cols))


def _straighten(path: list[Point], obstacles: FloatArray) -> list[Point]:
    """Drop the points the path can see past (greedy string pulling, forwards): from
    each kept point, go on to the last point before the first one it cannot see."""
    points = np.asarray(path, dtype=float)
    result = [path[0]]
    i = 0
    while i < len(path) - 1:
        ahead = points[i + 2:]
        blocked = _sight_blocked(points[i], ahead, obstacles)
        j = i + 1 + (int(np.argmax(blocked)) if blocked.any() else len(ahead))
        result.append(path[j])
        i = j
    return result


def _sight_blocked(origin: FloatArray, targets: FloatArray, obstacles: FloatArray
                   ) -> np.ndarray:
    """For each target, whether the straight line from origin to it passes a box."""
    if len(targets) == 0 or len(obstacles) == 0:
        return np.zeros(len(targets), dtype=bool)
    starts = np.broadcast_to(origin, targets.shape)
    low, high = np.minimum(starts, targets), np.maximum(starts, targets)
    # Only the boxes that meet the box around all the lines need testing at all.
    obstacles = obstacles[meeting_box(obstacles, np.vstack([origin, targets]))]
    if len(obstacles) == 0:
        return np.zeros(len(targets), dtype=bool)
    # A box outside a line's bounding box cannot be hit (as rects_hit_by_polyline).
    boxes = obstacles[None, :, :]
    near = (boxes[..., 0] <= high[:, None, 0]) & (boxes[..., 2] >= low[:, None, 0]) \
        & (boxes[..., 1] <= high[:, None, 1]) & (boxes[..., 3] >= low[:, None, 1])
    return (segment_hits_rects(starts, targets, obstacles) & near).any(axis=1)
