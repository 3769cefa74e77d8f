"""Geometry of drawn relations: sampling routes, clipping at shapes, heads, zigzags."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._geometry import FloatArray, Point, quad_points

__all__ = ["arrowhead", "clip_to_shapes", "crossbars", "cut_back", "sample_route", "zigzag"]


def sample_route(route: Sequence[Point], samples: int = 24) -> FloatArray:
    """A polyline along a chain of quadratic curves P0 C0 P1 C1 P2 ..."""
    pieces = []
    for k in range(0, len(route) - 2, 2):
        piece = quad_points(route[k], route[k + 1], route[k + 2], samples)
        pieces.append(piece if k == 0 else piece[1:])
    return np.vstack(pieces)


def inside(kind: str, center: Point, size: tuple[float, float], points: FloatArray
           ) -> np.ndarray:
    """Which points lie inside a shape, so that lines stop exactly at its outline.

    Rounded boxes count as boxes (their corners are small); hexagons and octagons
    are cut as _render draws them: corners cut by the half height, or 0.6 of it."""
    half_w, half_h = size[0] / 2, size[1] / 2
    x = np.abs(points[:, 0] - center[0])
    y = np.abs(points[:, 1] - center[1])
    if kind in ("ellipse", "circle"):
        return (x / half_w) ** 2 + (y / half_h) ** 2 <= 1.0
    in_box = (x <= half_w) & (y <= half_h)
    if kind == "hexagon":
        return in_box & (x <= half_w - half_h * (y / half_h))
    if kind == "octagon":
        cut = half_h * 0.6
        return in_box & (x + y <= half_w + half_h - cut)
    return in_box


def _boundary(kind: str, center: Point, size: tuple[float, float], a: FloatArray,
              b: FloatArray) -> FloatArray:
    """Bisect the segment a (inside) - b (outside) for the point on the border."""
    # One point at a time, in plain floats: the same arithmetic as `inside` on arrays
    # (IEEE doubles either way), without numpy's cost per call on a single point.
    ax, ay, bx, by = float(a[0]), float(a[1]), float(b[0]), float(b[1])
    for _ in range(30):
        mx, my = (ax + bx) / 2, (ay + by) / 2
        if _inside_point(kind, center, size, mx, my):
            ax, ay = mx, my
        else:
            bx, by = mx, my
    return np.array([bx, by])


def _inside_point(kind: str, center: Point, size: tuple[float, float], px: float,
                  py: float) -> bool:
    """`inside` for one point."""
    half_w, half_h = size[0] / 2, size[1] / 2
    x, y = abs(px - center[0]), abs(py - center[1])
    if kind in ("ellipse", "circle"):
        return (x / half_w) * (x / half_w) + (y / half_h) * (y / half_h) <= 1.0
    in_box = x <= half_w and y <= half_h
    if kind == "hexagon":
        return in_box and x <= half_w - half_h * (y / half_h)
    if kind == "octagon":
        cut = half_h * 0.6
        return in_box and x + y <= half_w + half_h - cut
    return in_box


def clip_to_shapes(points: FloatArray, start_shape: tuple[str, Point, tuple[float, float]],
                   end_shape: tuple[str, Point, tuple[float, float]]) -> FloatArray:
    """Cut the parts of a polyline that lie inside its start and end shapes."""
    start_in = inside(*start_shape, points)
    end_in = inside(*end_shape, points)
    outside = np.flatnonzero(~start_in & ~end_in)
    if len(outside) == 0:
        return points[[0, -1]]
    first, last = int(outside[0]), int(outside[-1])
    head, tail = points[first], points[last]
    if first > 0 and start_in[first - 1]:
        head = _boundary(*start_shape, points[first - 1], points[first])
    if last < len(points) - 1 and end_in[last + 1]:
        tail = _boundary(*end_shape, points[last + 1], points[last])
    return np.vstack([head, points[first : last + 1], tail])


def cut_back(points: FloatArray, length: float) -> FloatArray:
    """The polyline shortened by `length` at its end."""
    remaining = length
    pts = list(points)
    while len(pts) >= 2:
        seg = pts[-1] - pts[-2]
        seg_len = float(np.hypot(*seg))
        if seg_len > remaining:
            pts[-1] = pts[-1] - seg * (remaining / seg_len)
            return np.array(pts)
        remaining -= seg_len
        pts.pop()
    return np.array(pts[:1] * 2)


def arrowhead(tip: FloatArray, base_from: FloatArray, length: float, width: float
              ) -> tuple[Point, ...]:
    """Triangle (tip, left, right) pointing from base_from towards tip."""
    direction = tip - base_from
    norm = float(np.hypot(*direction)) or 1.0
    unit = direction / norm
    normal = np.array([-unit[1], unit[0]])
    base = tip - unit * length
    left, right = base + normal * width / 2, base - normal * width / 2
    return tuple((float(p[0]), float(p[1])) for p in (left, tip, right))


def _resample(points: FloatArray, step: float) -> FloatArray:
    seg = np.hypot(*np.diff(points, axis=0).T)
    dist = np.concatenate([[0.0], np.cumsum(seg)])
    if dist[-1] <= 0:
        return points
    count = max(2, round(dist[-1] / step) + 1)
    at = np.linspace(0.0, dist[-1], count)
    return np.column_stack([np.interp(at, dist, points[:, 0]), np.interp(at, dist, points[:, 1])])


def zigzag(points: FloatArray, amplitude: float = 3.2, period: float = 9.0) -> FloatArray:
    """A sawtooth along the polyline: the mark of a tension, visible in grayscale too."""
    even = _resample(points, period / 2)
    if len(even) < 5:
        return points
    tangent = np.gradient(even, axis=0)
    norms = np.hypot(tangent[:, 0], tangent[:, 1])[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]]) / np.where(norms == 0, 1, norms)
    sides = np.where(np.arange(len(even)) % 2 == 0, 1.0, -1.0)
    # The teeth grow over the first and last 1.5 periods, so that several tensions
    # arriving at one actor meet it as clean lines instead of a tangle of teeth.
    steps = np.arange(len(even))
    from_end = np.minimum(steps, steps[::-1]) * (period / 2)
    taper = np.clip(from_end / (1.5 * period), 0.0, 1.0)
    return even + normal * (sides * amplitude * taper)[:, None]


def crossbars(points: FloatArray, at: Sequence[float], length: float, gap: float
              ) -> list[tuple[Point, Point]]:
    """Pairs of short bars across the polyline at the fractions `at` of its length
    (like the marks on a fuse): the sign of an escalated tension, in any colour."""
    seg = np.hypot(*np.diff(points, axis=0).T)
    dist = np.concatenate([[0.0], np.cumsum(seg)])
    bars: list[tuple[Point, Point]] = []
    if dist[-1] <= 0:
        return bars
    for fraction in at:
        for shift in (-gap / 2, gap / 2):
            where = min(max(dist[-1] * fraction + shift, 0.0), float(dist[-1]))
            k = int(min(np.searchsorted(dist, where, side="right") - 1, len(seg) - 1))
            unit = (points[k + 1] - points[k]) / (seg[k] or 1.0)
            centre = points[k] + unit * (where - dist[k])
            normal = np.array([-unit[1], unit[0]]) * length / 2
            a, b = centre + normal, centre - normal
            bars.append(((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))))
    return bars
