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
    segments, owners = [], []
    for number, key in enumerate(keys):
        points = sample_route(routes[key], samples=8)
        segments.append(np.hstack([points[:-1], points[1:]]))
        owners.append(np.full(len(points) - 1, number))
    if not segments:
        return 0
    seg, own = np.vstack(segments), np.concatenate(owners)
    hits = segments_cross(seg, seg)
    a, b = np.nonzero(np.triu(hits, k=1))
    pairs = {(int(own[i]), int(own[j])) for i, j in zip(a, b, strict=True) if own[i] != own[j]}
    return sum(1 for i, j in pairs if not set(ends[keys[i]]) & set(ends[keys[j]]))


def segments_cross(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """cross[i, j]: segment p[i] (x0, y0, x1, y1) properly crosses segment q[j]."""
    def orient(ax, ay, bx, by, cx, cy):  # type: ignore[no-untyped-def]
        return np.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))

    a0x, a0y, a1x, a1y = (p[:, k][:, None] for k in range(4))
    b0x, b0y, b1x, b1y = (q[:, k][None, :] for k in range(4))
    d1 = orient(a0x, a0y, a1x, a1y, b0x, b0y)
    d2 = orient(a0x, a0y, a1x, a1y, b1x, b1y)
    d3 = orient(b0x, b0y, b1x, b1y, a0x, a0y)
    d4 = orient(b0x, b0y, b1x, b1y, a1x, a1y)
    return (d1 * d2 < 0) & (d3 * d4 < 0)
