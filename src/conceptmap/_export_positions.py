"""Where the picture puts things, as plain data for the JSON export's `computed` key.

Read from the scene (conceptmap.make_scene: what will be drawn, as data), never from
the renderer: points (1/72 inch), y upwards, on the picture's canvas with its origin in
the lower-left corner, so the numbers match the SVG's drawing (whose y runs down).
"""

from __future__ import annotations

from ._export_common import ExportOptions
from ._model import Map

__all__ = ["positions_data"]


def _xy(x: float, y: float) -> list[float]:
    return [round(float(x), 2) + 0.0, round(float(y), 2) + 0.0]


def positions_data(model: Map, options: ExportOptions) -> dict[str, object]:
    """Actor boxes, relation lines (as drawn: clipped at the actors, zigzags included)
    with their label centres, and group rectangles."""
    from ._api import DrawOptions, make_scene

    scene = make_scene(model, DrawOptions(theme=options.theme, layout=options.layout,
                                          seed=options.seed))
    shapes = {s.gid: s for s in scene.shapes}
    strokes = {s.gid: s for s in scene.strokes}
    regions = {r.gid: r for r in scene.regions}
    relations: dict[str, object] = {}
    for relation in model.relations:
        stroke = strokes[relation.element_id]
        entry: dict[str, object] = {"from": relation.source, "to": relation.target,
                                    "points": [_xy(x, y) for x, y in stroke.points]}
        if stroke.label is not None:
            entry["label"] = _xy(stroke.label.x, stroke.label.y)
        relations[relation.element_id] = entry
    return {
        "unit": "pt",
        "y": "up",
        "canvas": _xy(scene.width, scene.height),
        "layout": options.layout or model.layout or "default",
        "seed": options.seed,
        "actors": {a.id: {"center": _xy(shapes[a.element_id].cx, shapes[a.element_id].cy),
                          "size": _xy(shapes[a.element_id].width,
                                      shapes[a.element_id].height),
                          "shape": shapes[a.element_id].kind}
                   for a in model.actors},
        "relations": relations,
        "groups": {g.id: {"x0": round(rect.x0, 2), "y0": round(rect.y0, 2),
                          "x1": round(rect.x1, 2), "y1": round(rect.y1, 2)}
                   for g in model.groups if g.element_id in regions
                   for rect in [regions[g.element_id].rect]},
    }
