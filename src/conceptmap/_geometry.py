"""Plane geometry shared by layout and scene: rectangles, curves, intersections.

Coordinates are points (1/72 inch), y pointing up. Everything is numpy and pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Rect",
    "overlap_pairs",
    "quad_points",
    "rects_hit_by_polyline",
    "remove_overlaps",
    "segment_hits_rects",
]

Point = tuple[float, float]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle given by its centre and size."""

    cx: float
    cy: float
    width: float
    height: float

    @property
    def x0(self) -> float:
        return self.cx - self.width / 2

    @property
    def x1(self) -> float:
        return self.cx + self.width / 2

    @property
    def y0(self) -> float:
        return self.cy - self.height / 2

    @property
    def y1(self) -> float:
        return self.cy + self.height / 2

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        return (abs(self.cx - other.cx) < (self.width + other.width) / 2 + gap
                and abs(self.cy - other.cy) < (self.height + other.height) / 2 + gap)

    def contains(self, other: Rect) -> bool:
        return (self.x0 <= other.x0 and other.x1 <= self.x1
                and self.y0 <= other.y0 and other.y1 <= self.y1)


def enclosing(rects: Sequence[Rect]) -> Rect:
    """The smallest rectangle holding all of `rects` (at least one)."""
    x0, x1 = min(r.x0 for r in rects), max(r.x1 for r in rects)
    y0, y1 = min(r.y0 for r in rects), max(r.y1 for r in rects)
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


def overlap_pairs(centers: FloatArray, sizes: FloatArray, gap: float) -> NDArray[np.int_]:
    """Index pairs (i < j, in row order) of boxes closer than `gap` on both axes."""
    if len(centers) < 2:
        return np.empty((0, 2), dtype=int)
    if len(centers) <= _DENSE_LIMIT:
        # Comparing every pair at once is faster than building a tree for small drawings.
        i, j = _upper_pairs(len(centers))
        need = (sizes[i] + sizes[j]) / 2 + gap - np.abs(centers[i] - centers[j])
        close = (need[:, 0] > 1e-9) & (need[:, 1] > 1e-9)
        return np.column_stack((i[close], j[close]))
    from scipy.spatial import cKDTree

    reach = float(np.hypot(sizes[:, 0], sizes[:, 1]).max()) + gap * 1.5
    pairs = cKDTree(centers).query_pairs(reach, output_type="ndarray")
    if len(pairs) == 0:
        return pairs
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    i, j = pairs[:, 0], pairs[:, 1]
    need = (sizes[i] + sizes[j]) / 2 + gap - np.abs(centers[i] - centers[j])
    return pairs[(need[:, 0] > 1e-9) & (need[:, 1] > 1e-9)]


_DENSE_LIMIT = 400  # boxes up to which overlap_pairs compares all pairs directly


@lru_cache(maxsize=8)
def _upper_pairs(count: int) -> tuple[NDArray[np.int_], NDArray[np.int_]]:
    """Indices (i, j) of every pair i < j, in row order; the same few counts recur
    in every round of a layout."""
    i, j = np.triu_indices(count, k=1)
    return i, j


def remove_overlaps(centers: FloatArray, sizes: FloatArray, movable: NDArray[np.bool_],
                    gap: float, max_rounds: int = 200) -> FloatArray:
    """Push rectangles apart until no two are closer than `gap` (PRISM-like, local).

    Each round moves every overlapping pair apart along the axis that needs the
    smaller move, so the drawing keeps its shape. Deterministic: no randomness.
    """
    pos = centers.astype(float).copy()
    close_pairs = _ClosePairs(sizes, movable.astype(float), gap)
    for _round in range(max_rounds):
        i, j, delta, need, share_i, share_j = close_pairs(pos)
        if len(i) == 0:
            break
        on_y = need[:, 1] < need[:, 0]  # the axis that needs the smaller move
        amount = np.where(on_y, need[:, 1], need[:, 0]) + 0.5
        sign = np.sign(np.where(on_y, delta[:, 1], delta[:, 0]))
        sign = np.where(sign == 0, np.where((i + j) % 2 == 0, 1.0, -1.0), sign)
        push = sign * amount
        # Each box sums the pushes of its pairs on each axis, in pair order: i's first,
        # then j's (bincount adds in input order, as np.add.at did, so the sums are the
        # same to the bit); one count over (box, axis) bins does both axes.
        bins = np.concatenate((i, j)) * 2 + np.concatenate((on_y, on_y))
        pushes = np.concatenate((push * share_i, -push * share_j))
        shift = np.bincount(bins, pushes, minlength=2 * len(pos)).reshape(len(pos), 2)
        pos += shift * (0.8 if _round < max_rounds // 2 else 1.0)
        if _round % 25 == 24:
            # Boxes squeezed from both sides get no net push: spread everything a little.
            centre = pos.mean(axis=0)
            pos = np.where(movable[:, None], centre + (pos - centre) * 1.04, pos)
    return _settle(pos, sizes, movable, gap)


class _ClosePairs:
    """The pairs of boxes closer than the gap, with their offsets (i - j), the move
    each needs on each axis and the share of it each box takes. On small drawings
    every pair's reach and shares are worked out once, as sizes never change."""

    def __init__(self, sizes: FloatArray, weights: FloatArray, gap: float) -> None:
        self.sizes, self.weights, self.gap = sizes, weights, gap
        self.dense = len(sizes) <= _DENSE_LIMIT
        if self.dense:
            self.i, self.j = _upper_pairs(len(sizes))
            self.reach = (sizes[self.i] + sizes[self.j]) / 2 + gap
            self.share_i, self.share_j = _shares(weights[self.i], weights[self.j])

    def __call__(self, pos: FloatArray) -> tuple[NDArray[np.int_], NDArray[np.int_], FloatArray,
                                                 FloatArray, FloatArray, FloatArray]:
        if self.dense:
            delta = pos[self.i] - pos[self.j]
            need = self.reach - np.abs(delta)
            close = np.flatnonzero((need[:, 0] > 1e-9) & (need[:, 1] > 1e-9))
            return (self.i[close], self.j[close], delta[close], need[close],
                    self.share_i[close], self.share_j[close])
        pairs = overlap_pairs(pos, self.sizes, self.gap)
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        need = (self.sizes[i] + self.sizes[j]) / 2 + self.gap - np.abs(delta)
        return (i, j, delta, need, *_shares(self.weights[i], self.weights[j]))


def _settle(pos: FloatArray, sizes: FloatArray, movable: NDArray[np.bool_], gap: float
            ) -> FloatArray:
    """Move each movable box still overlapping to the nearest free spot (spiral search)."""
    pairs = overlap_pairs(pos, sizes, gap)
    stuck = sorted({int(k) for pair in pairs for k in pair if movable[k]})
    for k in stuck:
        others = np.delete(np.arange(len(pos)), k)
        spot = free_spot(pos[k], sizes[k], pos[others], sizes[others], gap)
        if spot is not None:
            pos[k] = spot
    return pos


def free_spot(start: FloatArray, size: FloatArray, centers: FloatArray, sizes: FloatArray,
              gap: float, rings: int = 60) -> FloatArray | None:
    """The nearest centre on a spiral around `start` where a box of `size` overlaps nothing."""
    step = max(float(size[1]), 8.0) / 2 + gap / 2
    half = (sizes + size) / 2 + gap
    # Several rings at once (a ring alone is too small for numpy to pay off); the first
    # free candidate in ring order wins, as if the rings were tried one by one.
    for first in range(0, rings + 1, _RINGS_AT_ONCE):
        ring, unit = _ring_units(first, min(first + _RINGS_AT_ONCE, rings + 1))
        candidates = start + (ring * step)[:, None] * unit
        clash = (np.abs(centers[None, :, 0] - candidates[:, None, 0]) < half[:, 0]) \
            & (np.abs(centers[None, :, 1] - candidates[:, None, 1]) < half[:, 1])
        free = np.flatnonzero(~clash.any(axis=1))
        if len(free):
            return candidates[free[0]]
    return None


_RINGS_AT_ONCE = 8


@lru_cache(maxsize=16)
def _ring_units(first: int, stop: int) -> tuple[FloatArray, FloatArray]:
    """For rings first..stop-1 of free_spot's spiral: each candidate's ring and its
    direction (a ring of 8 * ring candidates, ring 0 the centre alone)."""
    rings, units = [], []
    for ring in range(first, stop):
        count = max(1, 8 * ring)
        angles = np.arange(count) * (2 * np.pi / count)
        rings.append(np.full(count, float(ring)))
        units.append(np.column_stack([np.cos(angles), np.sin(angles)]))
    return np.concatenate(rings), np.vstack(units)


def _shares(wi: FloatArray, wj: FloatArray) -> tuple[FloatArray, FloatArray]:
    total = wi + wj
    safe = np.where(total == 0, 1.0, total)
    return np.where(total == 0, 0.0, wi / safe), np.where(total == 0, 0.0, wj / safe)


@lru_cache(maxsize=16)
def _bezier_basis(samples: int) -> FloatArray:
    t = np.linspace(0.0, 1.0, samples + 1)[:, None]
    return np.hstack([(1 - t) ** 2, 2 * (1 - t) * t, t**2])


def quad_points(start: Point, control: Point, end: Point, samples: int = 24) -> FloatArray:
    """Points along the quadratic Bezier curve start-control-end."""
    basis = _bezier_basis(samples)
    return basis @ np.array((start, control, end), dtype=float)


def segment_hits_rects(a: FloatArray, b: FloatArray, rects: FloatArray) -> NDArray[np.bool_]:
    """For segments a[k]-b[k] and rects (x0, y0, x1, y1): hit[k, r] (Liang-Barsky)."""
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        enter_x, exit_x = _slab(a[:, 0], d[:, 0], rects[:, 0], rects[:, 2])
        enter_y, exit_y = _slab(a[:, 1], d[:, 1], rects[:, 1], rects[:, 3])
    # The largest entry and the smallest exit, within the segment (0..1): max and min
    # are exact, so their order does not matter.
    lo = np.maximum(enter_x, enter_y)
    np.maximum(lo, 0.0, out=lo)
    hi = np.minimum(exit_x, exit_y)
    np.minimum(hi, 1.0, out=hi)
    return lo <= hi


def _slab(start: FloatArray, step: FloatArray, low: FloatArray, high: FloatArray
          ) -> tuple[FloatArray, FloatArray]:
    """Where segments (start, step along one axis) enter and leave the rects' slabs
    low..high on that axis: [segment, rect], in units of the segment."""
    start, step = start[:, None], step[:, None]
    t0 = (low - start) / step
    t1 = (high - start) / step
    enter, leave = np.minimum(t0, t1), np.maximum(t0, t1)
    parallel = np.abs(step[:, 0]) < 1e-12
    if parallel.any():  # rare: most segments are not axis-parallel
        inside = (start >= low) & (start <= high)
        enter = np.where(parallel[:, None], np.where(inside, 0.0, 2.0), enter)
        leave = np.where(parallel[:, None], np.where(inside, 1.0, -1.0), leave)
    return enter, leave


def meeting_box(rects: FloatArray, points: FloatArray) -> NDArray[np.bool_]:
    """Which rects (x0, y0, x1, y1) meet the box around `points` (the rows of an array
    of any shape ending in 2): the only ones a line between the points can pass."""
    flat = points.reshape(-1, 2)
    low, high = flat.min(axis=0), flat.max(axis=0)
    return (rects[:, 0] <= high[0]) & (rects[:, 2] >= low[0]) \
        & (rects[:, 1] <= high[1]) & (rects[:, 3] >= low[1])


def rects_hit_by_polyline(points: FloatArray, rects: FloatArray) -> NDArray[np.bool_]:
    """Which rects (x0, y0, x1, y1) a polyline passes through."""
    if len(rects) == 0:
        return np.zeros(0, dtype=bool)
    near = meeting_box(rects, points)
    result = np.zeros(len(rects), dtype=bool)
    if near.any():
        hits = segment_hits_rects(points[:-1], points[1:], rects[near])
        result[np.flatnonzero(near)] = hits.any(axis=0)
    return result
