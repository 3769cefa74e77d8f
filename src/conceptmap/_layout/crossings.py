"""Counting crossings between drawn relations."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._geometry import (
    Point,
)


def count_crossings(routes: Mapping[str, tuple[Point, ...]],
                    ends: Mapping[str, tuple[str, str]]) -> int:
    """Pairs of relations whose drawn curves cross, not counting relations that share
    an actor (those meet at the actor anyway)."""
    from .._paths import sample_route

    keys = sorted(routes)
    if not keys:
        return 0
    polylines = [sample_route(routes[key], samples=8) for key in keys]
    segments = np.vstack([np.hstack([points[:-1], points[1:]]) for points in polylines])
    counts = np.array([len(points) - 1 for points in polylines])
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    low = np.array([points.min(axis=0) for points in polylines])
    high = np.array([points.max(axis=0) for points in polylines])
    actor = {name: k for k, name in enumerate(sorted({a for key in keys for a in ends[key]}))}
    source = np.array([actor[ends[key][0]] for key in keys])
    target = np.array([actor[ends[key][1]] for key in keys])
    # Only relations whose boxes meet and that share no actor can cross: test the
    # segments of those pairs alone, not every segment against every other.
    i, j = np.triu_indices(len(keys), k=1)
    meet = (low[i] <= high[j]).all(axis=1) & (low[j] <= high[i]).all(axis=1)
    apart = (source[i] != source[j]) & (source[i] != target[j]) \
        & (target[i] != source[j]) & (target[i] != target[j])
    i, j = i[meet & apart], j[meet & apart]
    per_pair = counts[i] * counts[j]
    pair = np.repeat(np.arange(len(i)), per_pair)
    step = np.arange(int(per_pair.sum())) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    a = first[i][pair] + step // counts[j][pair]
    b = first[j][pair] + step % counts[j][pair]
    return len(np.unique(pair[pairs_cross(segments[a], segments[b])]))


def pairs_cross(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """cross[k]: segment p[k] (x0, y0, x1, y1) properly crosses segment q[k]."""
    return _properly_cross(p[:, :2], p[:, 2:], q[:, :2], q[:, 2:])


def segments_cross(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """cross[i, j]: segment p[i] (x0, y0, x1, y1) properly crosses segment q[j]."""
    return _properly_cross(p[:, None, :2], p[:, None, 2:], q[None, :, :2], q[None, :, 2:])


def rows_cross(start: np.ndarray, end: np.ndarray, starts: np.ndarray, ends: np.ndarray
               ) -> np.ndarray:
    """cross[i, j]: the segment start[i]-end[i] properly crosses the segment
    starts[i, j]-ends[i, j] (each row against its own set of segments)."""
    return _properly_cross(start[:, None, :], end[:, None, :], starts, ends)


def _properly_cross(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray
                    ) -> np.ndarray:
    """Whether segment a0-a1 crosses segment b0-b1 at a point inside both (touching and
    overlapping do not count); points on the last axis, the rest broadcast."""
    apart = _opposite(a0, a1, b0, b1)
    if not apart.any():  # most pairs tested do not cross: spare the other test
        return apart
    return apart & _opposite(b0, b1, a0, a1)


def _opposite(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Whether c and d lie strictly on opposite sides of the line a-b (its direction
    worked out once for both)."""
    dx, dy = b[..., 0] - a[..., 0], b[..., 1] - a[..., 1]
    return np.sign(dx * (c[..., 1] - a[..., 1]) - dy * (c[..., 0] - a[..., 0])) \
        * np.sign(dx * (d[..., 1] - a[..., 1]) - dy * (d[..., 0] - a[..., 0])) < 0
