"""Routing one leg of a relation around the actor boxes it does not connect.

First a gentle curve (a quadratic Bezier bent by growing amounts to either
side); where every bend still hits a box, a shortest path on a grid around the
boxes (A*), straightened by line-of-sight and rounded at its corners.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence

import numpy as np

from ._geometry import FloatArray, Point, quad_points, rects_hit_by_polyline

__all__ = ["route_leg"]

_BENDS = (0.0, 0.2, -0.2, 0.4, -0.4, 0.65, -0.65)
_MAX_CELLS = 170  # grid cells along the longer side: bounds the cost of one search


def route_leg(start: Point, end: Point, obstacles: FloatArray, preferred: Point | None = None
              ) -> tuple[tuple[Point, ...], bool]:
    """Control points after `start` (C, P, C, P, ... ending at `end`) and whether they clear."""
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    dx, dy = end[0] - start[0], end[1] - start[1]
    candidates = [(mx - bend * dy, my + bend * dx) for bend in _BENDS]
    for control in [preferred, *candidates] if preferred else candidates:
        if not rects_hit_by_polyline(quad_points(start, control, end), obstacles).any():
            return (control, end), True
    corners = _grid_path(start, end, obstacles)
    if corners is None:
        return ((mx, my), end), False
    return _as_chain(start, corners, end, obstacles), True


def _as_chain(start: Point, corners: Sequence[Point], end: Point, obstacles: FloatArray
              ) -> tuple[Point, ...]:
    """Corners rounded by quadratic pieces (corner = control) if that stays clear."""
    points = [start, *corners, end]
    rounded: list[Point] = []
    for k in range(1, len(points) - 1):
        stop = end if k == len(points) - 2 else _mid(points[k], points[k + 1])
        rounded.extend([points[k], stop])
    smooth = np.vstack([quad_points(p, c, q, 12) for p, c, q in
                        zip([start, *rounded[1::2]], rounded[0::2], rounded[1::2], strict=False)])
    if not rects_hit_by_polyline(smooth, obstacles).any():
        return tuple(rounded)
    straight: list[Point] = []
    for a, b in itertools.pairwise(points):
        straight.extend([_mid(a, b), b])
    return tuple(straight)


def _mid(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _grid_path(start: Point, end: Point, obstacles: FloatArray) -> list[Point] | None:
    length = math.hypot(end[0] - start[0], end[1] - start[1])
    margin = max(120.0, 0.6 * length)
    x0, x1 = min(start[0], end[0]) - margin, max(start[0], end[0]) + margin
    y0, y1 = min(start[1], end[1]) - margin, max(start[1], end[1]) + margin
    cell = max(5.0, max(x1 - x0, y1 - y0) / _MAX_CELLS)
    cols, rows = int((x1 - x0) / cell) + 1, int((y1 - y0) / cell) + 1
    xs, ys = x0 + (np.arange(cols) + 0.5) * cell, y0 + (np.arange(rows) + 0.5) * cell
    blocked = np.zeros((rows, cols), dtype=bool)
    pad = cell * 0.75
    for bx0, by0, bx1, by1 in obstacles:
        cs = (xs >= bx0 - pad) & (xs <= bx1 + pad)
        rs = (ys >= by0 - pad) & (ys <= by1 + pad)
        if cs.any() and rs.any():
            blocked[np.ix_(rs, cs)] = True

    def to_cell(p: Point) -> tuple[int, int]:
        return (min(rows - 1, max(0, int((p[1] - y0) / cell))),
                min(cols - 1, max(0, int((p[0] - x0) / cell))))

    first, last = to_cell(start), to_cell(end)
    blocked[first] = blocked[last] = False
    cells = _astar(blocked, first, last)
    if cells is None:
        return None
    path = [start] + [(float(xs[c]), float(ys[r])) for r, c in cells[1:-1]] + [end]
    return _straighten(path, obstacles)[1:-1]


_STEPS = [(dr, dc, math.hypot(dr, dc)) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc]


def _astar(blocked: np.ndarray, first: tuple[int, int], last: tuple[int, int]
           ) -> list[tuple[int, int]] | None:
    rows, cols = blocked.shape
    best = {first: 0.0}
    came: dict[tuple[int, int], tuple[int, int]] = {}
    frontier = [(0.0, 0, first)]
    counter = 0
    while frontier:
        _f, _n, here = heapq.heappop(frontier)
        if here == last:
            path = [here]
            while path[-1] in came:
                path.append(came[path[-1]])
            return path[::-1]
        for dr, dc, cost in _STEPS:
            nxt = (here[0] + dr, here[1] + dc)
            if not (0 <= nxt[0] < rows and 0 <= nxt[1] < cols) or blocked[nxt]:
                continue
            score = best[here] + cost
            if score < best.get(nxt, math.inf):
                best[nxt] = score
                came[nxt] = here
                counter += 1
                guess = score + math.hypot(nxt[0] - last[0], nxt[1] - last[1])
                heapq.heappush(frontier, (guess, counter, nxt))
    return None


def _straighten(path: list[Point], obstacles: FloatArray) -> list[Point]:
    """Drop every point that the path can see past (string pulling)."""
    result = [path[0]]
    i = 0
    while i < len(path) - 1:
        j = len(path) - 1
        while j > i + 1:
            segment = np.array([path[i], path[j]])
            if not rects_hit_by_polyline(segment, obstacles).any():
                break
            j -= 1
        result.append(path[j])
        i = j
    return result
