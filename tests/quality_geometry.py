"""Pure geometry for drawing-quality measures: boxes, polylines, overlaps, crossings.

Units are whatever the caller uses (display pixels for a matplotlib figure, points
for Graphviz output); every function is vectorised with numpy so that maps of a
thousand actors are measured in seconds. Used by tests/figure_metrics.py and by
bench/quality.py, so both measure conceptmap and Graphviz the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Box",
    "Drawing",
    "Line",
    "boxes_hit_by_polyline",
    "crossing_pairs",
    "edge_crossings",
    "outside",
    "overlapping",
    "overlapping_pairs",
    "relations_through_actors",
    "segments_cross",
    "shrink",
]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
_CHUNK = 512


def shrink(box: Box, by: float) -> Box:
    """The box made smaller by `by` on every side (never inside out)."""
    x0, y0, x1, y1 = box
    dx, dy = min(by, (x1 - x0) / 2), min(by, (y1 - y0) / 2)
    return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)


def _as_boxes(boxes: Sequence[Box] | np.ndarray) -> np.ndarray:
    return np.asarray(boxes, dtype=float).reshape(-1, 4)


def overlapping_pairs(boxes: Sequence[Box] | np.ndarray, min_area: float = 0.0
                      ) -> list[tuple[int, int]]:
    """Index pairs (i < j) of boxes whose intersection is larger than min_area."""
    array = _as_boxes(boxes)
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(array), _CHUNK):
        rows = array[start:start + _CHUNK, None, :]
        w = np.minimum(rows[..., 2], array[:, 2]) - np.maximum(rows[..., 0], array[:, 0])
        h = np.minimum(rows[..., 3], array[:, 3]) - np.maximum(rows[..., 1], array[:, 1])
        area = np.where((w > 0) & (h > 0), w * h, 0.0)
        for i, j in np.argwhere(area > min_area):
            if start + i < j:
                pairs.append((int(start + i), int(j)))
    return pairs


def overlapping(box: Box, boxes: Sequence[Box] | np.ndarray) -> np.ndarray:
    """(n,) bool: which boxes have an intersection of positive area with `box`."""
    array = _as_boxes(boxes)
    x0, y0, x1, y1 = box
    return ((array[:, 0] < x1) & (array[:, 2] > x0) & (array[:, 1] < y1) & (array[:, 3] > y0))


def outside(boxes: Sequence[Box] | np.ndarray, frame: Box, tolerance: float = 0.0
            ) -> list[int]:
    """Indexes of boxes that reach outside the frame by more than the tolerance."""
    array = _as_boxes(boxes)
    x0, y0, x1, y1 = frame
    out = ((array[:, 0] < x0 - tolerance) | (array[:, 1] < y0 - tolerance)
           | (array[:, 2] > x1 + tolerance) | (array[:, 3] > y1 + tolerance))
    return [int(i) for i in np.flatnonzero(out)]


def _segments(points: np.ndarray) -> np.ndarray:
    """(k, 2) polyline points -> (k-1, 4) segments x0, y0, x1, y1."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(points) < 2:
        return np.empty((0, 4))
    return np.hstack([points[:-1], points[1:]])


def _segment_box_hits(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(m, n) bool: segment i passes through the open box j (touching does not count)."""
    s = segments[:, None, :]
    b = boxes[None, :, :]
    sx0, sx1 = np.minimum(s[..., 0], s[..., 2]), np.maximum(s[..., 0], s[..., 2])
    sy0, sy1 = np.minimum(s[..., 1], s[..., 3]), np.maximum(s[..., 1], s[..., 3])
    spans = (sx0 < b[..., 2]) & (sx1 > b[..., 0]) & (sy0 < b[..., 3]) & (sy1 > b[..., 1])
    dx, dy = s[..., 2] - s[..., 0], s[..., 3] - s[..., 1]
    sides = [dx * (b[..., cy] - s[..., 1]) - dy * (b[..., cx] - s[..., 0])
             for cx, cy in ((0, 1), (0, 3), (2, 1), (2, 3))]
    low, high = np.minimum.reduce(sides), np.maximum.reduce(sides)
    point = (dx == 0) & (dy == 0)  # a zero-length segment: inside or not
    return spans & (((low < 0) & (high > 0)) | point)


def boxes_hit_by_polyline(points: np.ndarray, boxes: Sequence[Box] | np.ndarray
                          ) -> np.ndarray:
    """(n,) bool: which open boxes the polyline passes through."""
    array = _as_boxes(boxes)
    hits = np.zeros(len(array), dtype=bool)
    segments = _segments(points)
    if not len(segments) or not len(array):
        return hits
    near = ((array[:, 0] < segments[:, [0, 2]].max()) & (array[:, 2] > segments[:, [0, 2]].min())
            & (array[:, 1] < segments[:, [1, 3]].max())
            & (array[:, 3] > segments[:, [1, 3]].min()))
    if near.any():
        hits[near] = _segment_box_hits(segments, array[near]).any(axis=0)
    return hits


def segments_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(m, k) bool: segment i of a meets segment j of b (collinear overlaps excluded)."""
    p, r = a[:, None, :2], a[:, None, 2:] - a[:, None, :2]
    q, s = b[None, :, :2], b[None, :, 2:] - b[None, :, :2]

    def cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]

    d1, d2 = cross(r, q - p), cross(r, q + s - p)
    d3, d4 = cross(s, p - q), cross(s, p + r - q)
    collinear = (d1 == 0) & (d2 == 0)
    return (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~collinear


def _bounds(segments: np.ndarray) -> np.ndarray:
    return np.column_stack([np.minimum(segments[:, 0], segments[:, 2]),
                            np.minimum(segments[:, 1], segments[:, 3]),
                            np.maximum(segments[:, 0], segments[:, 2]),
                            np.maximum(segments[:, 1], segments[:, 3])])


def _near(bounds: np.ndarray, box: np.ndarray) -> np.ndarray:
    return ((bounds[:, 0] <= box[2]) & (bounds[:, 2] >= box[0])
            & (bounds[:, 1] <= box[3]) & (bounds[:, 3] >= box[1]))


def crossing_pairs(polylines: Sequence[np.ndarray], skip: np.ndarray | None = None
                   ) -> list[tuple[int, int]]:
    """Index pairs (i < j) of polylines that cross; skip[i, j] True leaves a pair out."""
    parts = [_segments(p) for p in polylines]
    owner = np.repeat(np.arange(len(parts)), [len(s) for s in parts])
    segments = np.vstack(parts) if parts else np.empty((0, 4))
    bounds = _bounds(segments)
    boxes = np.array([[*b[:, :2].min(axis=0), *b[:, 2:].max(axis=0)] if len(b) else
                      [np.inf, np.inf, -np.inf, -np.inf] for b in map(_bounds, parts)])
    pairs: list[tuple[int, int]] = []
    for i, mine in enumerate(parts):
        if not len(mine):
            continue
        keep = (owner > i) & _near(bounds, boxes[i])
        if skip is not None:
            keep &= ~skip[i, owner]
        if not keep.any():
            continue
        hits = segments_cross(mine, segments[keep]).any(axis=0)
        pairs += [(i, int(j)) for j in np.unique(owner[keep][hits])]
    return pairs


@dataclass(frozen=True)
class Line:
    """A drawn relation: its id, the actors it connects and its polyline."""

    id: str
    source: str
    target: str
    points: np.ndarray  # (k, 2)


@dataclass(frozen=True)
class Drawing:
    """Actor boxes and relation polylines of one drawing, in one unit."""

    boxes: dict[str, Box]
    lines: tuple[Line, ...]


def edge_crossings(drawing: Drawing) -> list[tuple[str, str]]:
    """Pairs of relations that cross, leaving out pairs that share an actor."""
    lines = drawing.lines
    names = {a: k for k, a in enumerate(sorted({e for x in lines for e in (x.source, x.target)}))}
    src = np.array([names[x.source] for x in lines], dtype=int)
    dst = np.array([names[x.target] for x in lines], dtype=int)
    skip = ((src[:, None] == src) | (src[:, None] == dst) | (dst[:, None] == src)
            | (dst[:, None] == dst))
    pairs = crossing_pairs([line.points for line in lines], skip)
    return sorted((lines[i].id, lines[j].id) for i, j in pairs)


def relations_through_actors(drawing: Drawing, margin: float = 1.0) -> list[tuple[str, str]]:
    """(relation id, actor id) for each actor box a relation passes through but does not
    connect; boxes are shrunk by `margin` so that touching a border does not count."""
    ids = sorted(drawing.boxes)
    boxes = np.array([shrink(drawing.boxes[a], margin) for a in ids]).reshape(-1, 4)
    found: list[tuple[str, str]] = []
    for line in drawing.lines:
        hits = boxes_hit_by_polyline(line.points, boxes)
        found += [(line.id, ids[k]) for k in np.flatnonzero(hits)
                  if ids[k] not in (line.source, line.target)]
    return sorted(found)
