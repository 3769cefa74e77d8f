"""Label placement: every relation label on its relation's line, clear of the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .._geometry import (
    Point,
    Rect,
    free_spot,
    meeting_box,
    segment_hits_rects,
)
from .base import Edge, LayoutOptions, Size, is_label_node, waypoint_size


def fit_labels(centers: dict[str, Point], sizes: Mapping[str, Size], edges: Sequence[Edge],
                label_sizes: Mapping[str, Size], options: LayoutOptions,
                keep_clear: Sequence[Rect] = ()) -> dict[str, Point]:
    """Put each waypoint on its relation's line where it overlaps nothing.

    Parallel relations get lines offset to either side; the label takes the free spot
    nearest the middle of its line, on it or a few steps beside it (see slide), and
    only if all of those are taken does it go to the nearest free spot at all.
    """
    placed = dict(centers)
    fixed = [(*centers[n], *sizes[n]) for n in centers] + \
        [(r.cx, r.cy, r.width, r.height) for r in keep_clear]
    # Short relations first: their line leaves a label the fewest places on it.
    waypoints = sorted((e for e in edges if e.waypoint is not None),
                       key=lambda e: float(np.hypot(centers[e.target][0] - centers[e.source][0],
                                                    centers[e.target][1] - centers[e.source][1])))
    occupied = np.zeros((len(fixed) + len(waypoints), 4))
    occupied[: len(fixed)] = np.array(fixed, dtype=float).reshape(-1, 4)
    count = len(fixed)
    actors = [n for n in centers if not is_label_node(n)]
    row = {a: i for i, a in enumerate(actors)}
    boxes = np.array([(centers[a][0] - sizes[a][0] / 2 - 5, centers[a][1] - sizes[a][1] / 2 - 5,
                       centers[a][0] + sizes[a][0] / 2 + 5, centers[a][1] + sizes[a][1] / 2 + 5)
                      for a in actors], dtype=float).reshape(-1, 4)
    seen: dict[frozenset[str], int] = {}
    for edge in waypoints:
        start, end = np.array(centers[edge.source]), np.array(centers[edge.target])
        pair = frozenset((edge.source, edge.target))
        rank = seen[pair] = seen.get(pair, 0) + 1
        offset = (rank // 2) * (1 if rank % 2 else -1) * 26.0
        direction = end - start
        length = float(np.hypot(*direction)) or 1.0
        normal = np.array([-direction[1], direction[0]]) / length
        size = waypoint_size(edge.key, label_sizes)
        keep = np.ones(len(actors), dtype=bool)
        keep[[row[edge.source], row[edge.target]]] = False
        spot = slide((start, end), offset, normal, size, occupied[:count], boxes[keep],
                      options.gap / 2)
        assert edge.waypoint is not None
        placed[edge.waypoint] = spot
        occupied[count] = (*spot, *size)
        count += 1
    return placed


ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)  # of the way from source to target
BESIDE = (0, 1, -1, 2, -2, 3, -3)  # steps across the line (from the parallel offset)
STEP_ALONG = 0.125  # of the line's length along it: what one step beside it is worth
# The spots (BESIDE by ALONG, row by row) nearest the middle first: the same for every label.
SPOT_ORDER = np.argsort((np.abs(np.array(BESIDE))[:, None]
                         + np.abs(np.array(ALONG) - 0.5)[None, :] / STEP_ALONG).ravel(),
                        kind="stable")


def spots_in_order(ends: tuple[np.ndarray, np.ndarray], offset: float, normal: np.ndarray,
                   step: float) -> np.ndarray:
    """A label's candidate spots on and beside its line (`offset` across it, then BESIDE
    steps further), the nearest to the line's middle first: a spot one step beside the
    middle comes before one an eighth of the line away along it. A label far along its
    line stands beside an actor, where that actor's other relations leave it and would
    run under the label; one beside the middle bends its own line a little instead."""
    start, end = ends
    along, beside = np.array(ALONG), np.array(BESIDE, dtype=float)
    spots = (start + (end - start) * along[None, :, None]
             + normal * (offset + beside * step)[:, None, None]).reshape(-1, 2)
    return spots[SPOT_ORDER]


def slide(ends: tuple[np.ndarray, np.ndarray], offset: float, normal: np.ndarray, size: Size,
           occupied: np.ndarray, blockers: np.ndarray, gap: float) -> Point:
    """The first free spot, nearest the middle of the line first (see spots_in_order),
    from which straight legs to both ends pass no other actor; failing that, the first
    free spot at all. `occupied` rows are (cx, cy, width, height)."""
    start, end = ends
    reach = float(np.hypot(*(end - start))) / 2 + 4 * (size[1] / 2 + 8) + max(size) + gap
    middle = (start + end) / 2
    near = np.abs(occupied[:, :2] - middle).max(axis=1) < reach + occupied[:, 2:].max(axis=1)
    rects = occupied[near]
    half = (rects[:, 2:] + np.array(size)) / 2 + gap
    # Every candidate at once, in order.
    candidates = spots_in_order(ends, offset, normal, size[1] / 2 + 8)
    free = ~(np.abs(rects[None, :, :2] - candidates[:, None, :]) < half).all(axis=2).any(axis=1)
    if free.any():
        clear = np.zeros(len(candidates), dtype=bool)
        blockers = blockers[meeting_box(blockers, np.vstack([candidates[free], start, end]))]
        if len(blockers):
            # The straight legs to both ends of each free candidate, against the blockers.
            spots = candidates[free]
            legs_from = np.vstack([np.broadcast_to(start, spots.shape), spots])
            legs_to = np.vstack([spots, np.broadcast_to(end, spots.shape)])
            hit = segment_hits_rects(legs_from, legs_to, blockers).any(axis=1)
            clear[free] = ~(hit[:len(spots)] | hit[len(spots):])
        else:
            clear = free
        chosen = candidates[np.flatnonzero(clear)[0] if clear.any() else np.flatnonzero(free)[0]]
        return (float(chosen[0]), float(chosen[1]))
    spot = free_spot(middle + normal * offset, np.array(size, dtype=float), occupied[:, :2],
                     occupied[:, 2:], gap)
    chosen = middle + normal * offset if spot is None else spot
    return (float(chosen[0]), float(chosen[1]))
