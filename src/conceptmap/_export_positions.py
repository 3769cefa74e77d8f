"""Where the layout puts things, as plain data for the JSON export's `computed` key.

Read from the layout (conceptmap.layout: the positions every picture of the map is
drawn at, the same in every theme), never from the renderer: points (1/72 inch), y
upwards, in the layout's own coordinates (`bounds` gives the extent of everything).

Laying a map out measures its text with the fonts the picture is drawn with, so this
loads matplotlib's font machinery (not its figures, nor conceptmap's renderer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._export_common import ExportOptions, looks_for
from ._geometry import Point, Rect
from ._model import Map

__all__ = ["ROUTE_KIND", "ROUTE_POINTS", "clipped_route", "positions_data"]

ROUTE_KIND = "quadratic-bezier-chain"
ROUTE_POINTS = ("[P0, C0, P1, C1, ..., Pn], in pt: piece k is the quadratic Bezier curve from "
                "P(k) to P(k+1) bent towards its control point C(k) (a straight piece has "
                "C(k) halfway); P0 lies on the `from` actor's box, Pn on the `to` actor's")
_STEPS = 64  # samples per piece when looking for where a curve leaves a box


def _xy(point: Sequence[float]) -> list[float]:
    return [round(float(point[0]), 2) + 0.0, round(float(point[1]), 2) + 0.0]


def _rect(rect: Rect) -> dict[str, float]:
    return {"x0": round(rect.x0, 2) + 0.0, "y0": round(rect.y0, 2) + 0.0,
            "x1": round(rect.x1, 2) + 0.0, "y1": round(rect.y1, 2) + 0.0}


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _split(piece: tuple[Point, Point, Point], t: float
           ) -> tuple[tuple[Point, Point, Point], tuple[Point, Point, Point]]:
    """De Casteljau: the two pieces of one quadratic curve before and after t, exactly."""
    start, control, end = piece
    first, second = _lerp(start, control, t), _lerp(control, end, t)
    middle = _lerp(first, second, t)
    return (start, first, middle), (middle, second, end)


def _point_at(piece: tuple[Point, Point, Point], t: float) -> Point:
    return _split(piece, t)[0][2]


def _leaving(piece: tuple[Point, Point, Point], inside: Callable[[Point], bool]
             ) -> float | None:
    """The parameter where a piece starting inside a box first leaves it; None if it stays."""
    previous = 0.0
    for step in range(1, _STEPS + 1):
        t = step / _STEPS
        if not inside(_point_at(piece, t)):
            low, high = previous, t
            for _ in range(40):
                mid = (low + high) / 2
                low, high = (mid, high) if inside(_point_at(piece, mid)) else (low, mid)
            return high
        previous = t
    return None


def _box_test(center: Point, size: tuple[float, float]) -> Callable[[Point], bool]:
    half_w, half_h = size[0] / 2, size[1] / 2
    return lambda p: abs(p[0] - center[0]) <= half_w and abs(p[1] - center[1]) <= half_h


def _pieces(route: Sequence[Point]) -> list[tuple[Point, Point, Point]]:
    return [(route[k], route[k + 1], route[k + 2]) for k in range(0, len(route) - 2, 2)]


def _cut_start(pieces: list[tuple[Point, Point, Point]], inside: Callable[[Point], bool]
               ) -> list[tuple[Point, Point, Point]]:
    for number, piece in enumerate(pieces):
        t = _leaving(piece, inside)
        if t is not None:
            return [_split(piece, t)[1], *pieces[number + 1:]]
    return pieces  # never leaves the box: keep it whole


def _reversed(pieces: list[tuple[Point, Point, Point]]) -> list[tuple[Point, Point, Point]]:
    return [(end, control, start) for start, control, end in reversed(pieces)]


def clipped_route(route: Sequence[Point], source: tuple[Point, tuple[float, float]],
                  target: tuple[Point, tuple[float, float]]) -> tuple[Point, ...]:
    """The layout's route (a quadratic Bezier chain from inside its source's box to inside
    its target's) cut where it leaves the one and enters the other: the same curve,
    split exactly, so that it starts and ends on the two boxes (centre, size)."""
    pieces = _cut_start(_pieces(route), _box_test(*source))
    pieces = _reversed(_cut_start(_reversed(pieces), _box_test(*target)))
    chain: list[Point] = [pieces[0][0]]
    for _start, control, end in pieces:
        chain += [control, end]
    return tuple(chain)


def positions_data(model: Map, options: ExportOptions) -> dict[str, object]:
    """Actor boxes, relation routes (as the layout has them, cut at the boxes) with their
    label plates, and group rectangles, exactly where conceptmap.layout() puts them."""
    from ._api import DrawOptions, layout
    from ._scene import content_bounds, layout_input
    from ._text import measure

    placed = layout(model, DrawOptions(theme=options.theme, layout=options.layout,
                                       seed=options.seed))
    measured = layout_input(model, measure)  # the box sizes the layout was given
    looks = looks_for(model, options).actors
    boxes = {a.id: (placed.centers[a.id], measured.sizes[a.id]) for a in model.actors}
    relations: dict[str, object] = {}
    for relation in model.relations:
        key = relation.element_id
        route = clipped_route(placed.routes[key], boxes[relation.source],
                              boxes[relation.target])
        entry: dict[str, object] = {"from": relation.source, "to": relation.target,
                                    "route": [_xy(p) for p in route]}
        if key in measured.label_sizes:
            entry["label"] = {"center": _xy(placed.labels[key]),
                              "size": _xy(measured.label_sizes[key])}
        relations[key] = entry
    return {
        "unit": "pt",
        "y": "up",
        "layout": options.layout or model.layout or "default",
        "seed": options.seed,
        "bounds": _rect(content_bounds(model, placed, measured.sizes, measured.label_sizes)),
        "route_kind": ROUTE_KIND,
        "route_points": ROUTE_POINTS,
        "actors": {a.id: {"center": _xy(placed.centers[a.id]), "size": _xy(measured.sizes[a.id]),
                          "shape": looks[a.type].shape}
                   for a in model.actors},
        "relations": relations,
        "groups": {g.id: _rect(placed.groups[g.id]) for g in model.groups
                   if g.id in placed.groups},
        "unrouted": list(placed.unrouted),
    }
