"""Pure geometry for drawing-quality measures: boxes, polylines, overlaps, crossings.

Units are whatever the caller uses (display pixels for a matplotlib figure, points
for Graphviz output); every function is vectorised with numpy so that maps of a
thousand actors are measured in seconds. Used by tests/figure_metrics.py and by
bench/quality.py, so both measure conceptmap and Graphviz the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Box",
    "Drawing",
    "Line",
    "boxes_hit_by_polyline",
    "centerline",
    "coinciding_pairs",
    "coinciding_relations",
    "crossing_pairs",
    "detached_labels",
    "detours",
    "edge_crossings",
    "grow",
    "lines_under_text",
    "outside",
    "overlapping",
    "overlapping_pairs",
    "polylines_through_boxes",
    "relations_through_actors",
    "routes_outside",
    "segments_cross",
    "sharp_corners",
    "shrink",
]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
_CHUNK = 512


def shrink(box: Box, by: float) -> Box:
    """The box made smaller by `by` on every side (never inside out)."""
    x0, y0, x1, y1 = box
    dx, dy = min(by, (x1 - x0) / 2), min(by, (y1 - y0) / 2)
    return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)


def grow(box: Box, dx: float, dy: float | None = None) -> Box:
    """The box made larger by dx left and right and dy (default dx) below and above."""
    dy = dx if dy is None else dy
    x0, y0, x1, y1 = box
    return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


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


def _segment_in_box(s: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Segments s pass through open boxes b (arrays (..., 4) that broadcast); touching
    a border or a corner does not count."""
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
    segments = _segments(points)
    if not len(segments) or not len(array):
        return np.zeros(len(array), dtype=bool)
    return _segment_in_box(segments[:, None, :], array[None, :, :]).any(axis=0)


def _segments_meet(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Segments a meet segments b (arrays (..., 4) that broadcast); collinear overlaps
    do not count."""
    p, r = a[..., :2], a[..., 2:] - a[..., :2]
    q, s = b[..., :2], b[..., 2:] - b[..., :2]

    def cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]

    d1, d2 = cross(r, q - p), cross(r, q + s - p)
    d3, d4 = cross(s, p - q), cross(s, p + r - q)
    collinear = (d1 == 0) & (d2 == 0)
    return (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~collinear


def segments_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(m, k) bool: segment i of a meets segment j of b (collinear overlaps excluded)."""
    return _segments_meet(a[:, None, :], b[None, :, :])


def _bounds(segments: np.ndarray) -> np.ndarray:
    return np.column_stack([np.minimum(segments[:, 0], segments[:, 2]),
                            np.minimum(segments[:, 1], segments[:, 3]),
                            np.maximum(segments[:, 0], segments[:, 2]),
                            np.maximum(segments[:, 1], segments[:, 3])])


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each count c, concatenated."""
    return np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)


def _split(segments: np.ndarray, owner: np.ndarray, cell: float
           ) -> tuple[np.ndarray, np.ndarray]:
    """Cut segments longer than `cell` into equal pieces (the same line, finer)."""
    length = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    pieces = np.maximum(1, np.ceil(length / cell)).astype(np.int64)
    index = np.repeat(np.arange(len(segments)), pieces)
    k = _ranges(pieces)
    start, delta = segments[index, :2], segments[index, 2:] - segments[index, :2]
    t0, t1 = (k / pieces[index])[:, None], ((k + 1) / pieces[index])[:, None]
    return np.hstack([start + delta * t0, start + delta * t1]), owner[index]


def _cells(bounds: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """(cell key, item) for every cell of a `cell`-sized grid each bounding box touches."""
    low = np.floor(bounds[:, :2] / cell).astype(np.int64)
    high = np.floor(bounds[:, 2:] / cell).astype(np.int64)
    nx, ny = high[:, 0] - low[:, 0] + 1, high[:, 1] - low[:, 1] + 1
    item = np.repeat(np.arange(len(bounds)), nx * ny)
    k = _ranges(nx * ny)
    cx, cy = low[item, 0] + k % nx[item], low[item, 1] + k // nx[item]
    return (cx << 32) + (cy + (1 << 31)), item


def _grid_pairs(a: np.ndarray, b: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i into a, j into b) of bounding boxes that share a grid cell: every
    pair that can intersect, and few others."""
    if not len(a) or not len(b):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    key_a, item_a = _cells(a, cell)
    key_b, item_b = _cells(b, cell)
    order = np.argsort(key_b, kind="stable")
    key_b, item_b = key_b[order], item_b[order]
    start = np.searchsorted(key_b, key_a, "left")
    counts = np.searchsorted(key_b, key_a, "right") - start
    left = np.repeat(item_a, counts)
    right = item_b[np.repeat(start, counts) + _ranges(counts)]
    pairs = np.unique(left * len(b) + right)
    return pairs // len(b), pairs % len(b)


def _all_segments(polylines: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, float]:
    """Every segment, its polyline's index, and a grid cell size that suits them; long
    segments are cut so that each touches at most four cells."""
    parts = [_segments(p) for p in polylines]
    owner = np.repeat(np.arange(len(parts)), [len(s) for s in parts])
    segments = np.vstack([np.empty((0, 4)), *parts])
    length = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    cell = max(2 * float(np.median(length)) if len(length) else 1.0, 1e-6)
    segments, owner = _split(segments, owner, cell)
    return segments, owner, cell


def crossing_pairs(polylines: Sequence[np.ndarray], skip: np.ndarray | None = None
                   ) -> list[tuple[int, int]]:
    """Index pairs (i < j) of polylines that cross; skip[i, j] True leaves a pair out."""
    segments, owner, cell = _all_segments(polylines)
    bounds = _bounds(segments)
    i, j = _grid_pairs(bounds, bounds, cell)
    keep = owner[i] < owner[j]
    if skip is not None:
        keep &= ~skip[owner[i], owner[j]]
    i, j = i[keep], j[keep]
    hits = _segments_meet(segments[i], segments[j])
    found = np.unique(owner[i][hits] * len(polylines) + owner[j][hits])
    return [(int(k // len(polylines)), int(k % len(polylines))) for k in found]


def polylines_through_boxes(polylines: Sequence[np.ndarray], boxes: Sequence[Box] | np.ndarray
                            ) -> list[tuple[int, int]]:
    """(polyline index, box index) for every open box a polyline passes through."""
    array = _as_boxes(boxes)
    segments, owner, cell = _all_segments(polylines)
    i, j = _grid_pairs(_bounds(segments), array, cell)
    hits = _segment_in_box(segments[i], array[j])
    found = np.unique(owner[i][hits] * max(len(array), 1) + j[hits])
    return [(int(k // len(array)), int(k % len(array))) for k in found]


@dataclass(frozen=True)
class Line:
    """A drawn relation: its id, the actors it connects and its polyline."""

    id: str
    source: str
    target: str
    points: np.ndarray  # (k, 2)


@dataclass(frozen=True)
class Drawing:
    """Actor boxes and relation polylines of one drawing, in one unit; optionally the
    relations' label plates (by relation id), the other texts that are not actor labels
    (titles, group titles, the legend: by id) and the frame of the picture."""

    boxes: dict[str, Box]
    lines: tuple[Line, ...]
    labels: dict[str, Box] = field(default_factory=dict)
    texts: dict[str, Box] = field(default_factory=dict)
    frame: Box | None = None


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
    boxes = [shrink(drawing.boxes[a], margin) for a in ids]
    lines = drawing.lines
    pairs = polylines_through_boxes([line.points for line in lines], boxes)
    return sorted((lines[i].id, ids[k]) for i, k in pairs
                  if ids[k] not in (lines[i].source, lines[i].target))


def lines_under_text(drawing: Drawing, margin: float = 1.0) -> list[tuple[str, str]]:
    """(relation id, text id) for each text a relation runs under, other than its own
    label: other relations' label plates (text id `<relation id>-label`), titles, group
    titles, the legend. Actor labels are left out: a line under another actor's label
    runs through that actor, which relations_through_actors counts. Boxes shrink by
    `margin`, so that a line along a border does not count."""
    keys = [f"{rid}-label" for rid in drawing.labels] + list(drawing.texts)
    boxes = [shrink(b, margin) for b in (*drawing.labels.values(), *drawing.texts.values())]
    if not keys or not drawing.lines:
        return []
    lines = drawing.lines
    pairs = polylines_through_boxes([line.points for line in lines], boxes)
    return sorted((lines[i].id, keys[k]) for i, k in pairs if keys[k] != f"{lines[i].id}-label")


def detached_labels(drawing: Drawing, reach: float = 1.0) -> list[str]:
    """Relations whose label plate their own line does not touch (within `reach`)."""
    found = []
    for line in drawing.lines:
        plate = drawing.labels.get(line.id)
        if plate is not None and not boxes_hit_by_polyline(line.points,
                                                           [grow(plate, reach)])[0]:
            found.append(line.id)
    return sorted(found)


def routes_outside(drawing: Drawing, tolerance: float = 0.5) -> list[str]:
    """Relations whose line reaches outside the picture's frame by more than `tolerance`."""
    if drawing.frame is None:
        return []
    x0, y0, x1, y1 = drawing.frame
    found = []
    for line in drawing.lines:
        p = np.asarray(line.points, dtype=float).reshape(-1, 2)
        if ((p[:, 0] < x0 - tolerance) | (p[:, 0] > x1 + tolerance)
                | (p[:, 1] < y0 - tolerance) | (p[:, 1] > y1 + tolerance)).any():
            found.append(line.id)
    return sorted(found)


def sharp_corners(drawing: Drawing, turn: float = 30.0, within: float = 3.0) -> list[str]:
    """Relations whose line turns by more than `turn` degrees within `within` of its
    length somewhere (along its centreline, so a zigzag's teeth do not count): a corner,
    not a curve. A turn under the relation's own label plate, which hides it, does
    not count, nor one in the first or last two `within` of the line (where a zigzag's
    centreline starts from its first tooth)."""
    found = []
    for line in drawing.lines:
        points, arc = _resample(centerline(line.points), 1.0)
        if len(points) < 3:
            continue
        step = np.diff(points, axis=0)
        keep = np.hypot(*step.T) > 1e-9
        heading = np.arctan2(step[keep, 1], step[keep, 0])
        starts, along = points[:-1][keep], arc[:-1][keep]
        span = max(1, round(within))
        change = np.abs((heading[span:] - heading[:-span] + np.pi) % (2 * np.pi) - np.pi)
        inner = (along[span:] > 2 * within) & (along[span:] < arc[-1] - 2 * within)
        where = starts[span:][(change > np.radians(turn)) & inner]
        plate = drawing.labels.get(line.id)
        if plate is not None and len(where):
            where = where[outside(np.hstack([where, where]), plate)]
        if len(where):
            found.append(line.id)
    return sorted(found)


def detours(drawing: Drawing, ratio: float = 2.0, extra: float = 28.0) -> list[str]:
    """Relations whose line (along its centreline, so a zigzag counts by its axis) is
    more than `ratio` times as long as the straight way between their actors' boxes and
    at least `extra` longer (a short relation bent round a label is no detour): lines
    that wander off and come back."""
    found = []
    for line in drawing.lines:
        straight = _straight_way(drawing.boxes[line.source], drawing.boxes[line.target])
        drawn = float(np.hypot(*np.diff(centerline(line.points), axis=0).T).sum())
        if straight > 1.0 and drawn > ratio * straight and drawn - straight >= extra:
            found.append(line.id)
    return sorted(found)


def _straight_way(a: Box, b: Box) -> float:
    """The length of the segment between two boxes' centres that lies outside both."""
    ca = np.array([(a[0] + a[2]) / 2, (a[1] + a[3]) / 2])
    cb = np.array([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2])
    direction = cb - ca
    length = float(np.hypot(*direction))
    if length < 1e-9:
        return 0.0

    def inside(box: Box) -> float:  # from the centre to the border, along the way
        half = np.array([(box[2] - box[0]) / 2, (box[3] - box[1]) / 2])
        with np.errstate(divide="ignore"):
            reach = half / np.abs(direction / length)
        return float(reach.min())

    return max(0.0, length - inside(a) - inside(b))


def centerline(points: np.ndarray) -> np.ndarray:
    """The polyline through its ends and the midpoints of its segments: for a zigzag,
    whose corners alternate sides, the axis it is drawn along; for a smooth, finely
    sampled curve, the curve itself."""
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(p) < 3:
        return p
    return np.vstack([p[:1], (p[:-1] + p[1:]) / 2, p[-1:]])


def _resample(points: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` along the polyline (and its end), with their arc length."""
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    if not len(p):
        return p, np.empty(0)
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(p, axis=0).T))])
    at = np.append(np.arange(0.0, arc[-1], step), arc[-1])
    return np.column_stack([np.interp(at, arc, p[:, 0]), np.interp(at, arc, p[:, 1])]), at


def _longest_runs(keys: np.ndarray, samples: np.ndarray, arc: np.ndarray
                  ) -> dict[int, float]:
    """key -> the longest arc length over which consecutive samples are recorded under
    that key (records are (key, sample index) pairs, repeats allowed; indexes are
    consecutive along a polyline)."""
    if not len(keys):
        return {}
    total = len(arc)
    codes = np.unique(keys.astype(np.int64) * total + samples)  # sorted, no repeats
    keys, samples = codes // total, codes % total
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (samples[1:] != samples[:-1] + 1)
    starts = np.flatnonzero(fresh)
    ends = np.append(starts[1:], len(keys)) - 1
    lengths = arc[samples[ends]] - arc[samples[starts]]
    run_keys = keys[starts]
    firsts = np.flatnonzero(np.append(True, run_keys[1:] != run_keys[:-1]))
    best = np.maximum.reduceat(lengths, firsts)
    return dict(zip(run_keys[firsts].tolist(), best.tolist(), strict=True))


def coinciding_pairs(polylines: Sequence[np.ndarray], distance: float = 1.5,
                     length: float = 14.0, step: float = 0.25) -> list[tuple[int, int]]:
    """Index pairs (i < j) of polylines that run within `distance` of each other for
    more than `length`, measured along each one (so that a short line ending near a
    long one is not lengthened by its end caps). Zigzags are compared by their axis
    (see centerline), so a plain line drawn along a zigzag counts.

    Each line is sampled every `step`; a sample is close to another line when a sample
    of that line lies within `distance` (off by at most step²/8 / distance: 0.005 for
    the defaults)."""
    from scipy.spatial import cKDTree

    parts = [_resample(centerline(p), step) for p in polylines]
    if not parts:
        return []
    points = np.vstack([p for p, _ in parts])
    arc = np.concatenate([a for _, a in parts])
    owner = np.repeat(np.arange(len(parts)), [len(a) for _, a in parts])
    i, j = cKDTree(points).query_pairs(distance, output_type="ndarray").T
    other = owner[i] != owner[j]
    i, j = i[other], j[other]
    samples = np.concatenate([i, j])  # sample of one line ...
    near = np.concatenate([owner[j], owner[i]])  # ... close to this other line
    n = len(parts)
    runs = _longest_runs(owner[samples] * n + near, samples, arc)
    found = []
    for key, run in runs.items():
        a, b = divmod(key, n)
        if a < b and run > length and runs.get(b * n + a, 0.0) > length:
            found.append((a, b))
    return sorted(found)


def coinciding_relations(drawing: Drawing, distance: float = 1.5, length: float = 14.0
                         ) -> list[tuple[str, str]]:
    """Pairs of relations drawn on top of each other: within `distance` for more than
    `length` (the issue's 1.5 pt over 14 pt when measured in points)."""
    lines = drawing.lines
    pairs = coinciding_pairs([line.points for line in lines], distance, length)
    return sorted(tuple(sorted((lines[i].id, lines[j].id))) for i, j in pairs)
