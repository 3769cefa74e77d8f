"""JSON: the checked map in the map format, with every default filled in.

JSON is YAML, so the file is itself a map: `conceptmap render map.json` draws the same
picture as the YAML it came from. Defaults are written out (labels, theme, layout,
legend, each relation type's direction, line and marker, strength); only what the
theme decides (colours and shapes not set in the map) and text that was never given
are left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ._export_common import ExportOptions
from ._model import Map, RelationType, View, ViewFilter

__all__ = ["map_data", "to_json"]

# Positions are written to a micrometre; this also keeps json from writing exponents
# (1e-05), which YAML 1.1 would read as text.
_POS_DECIMALS = 4


def _given(pairs: Mapping[str, object]) -> dict[str, object]:
    """The pairs whose value was given (not None)."""
    return {key: value for key, value in pairs.items() if value is not None}


def _relation_type(rtype: RelationType) -> dict[str, object]:
    return _given({"directed": rtype.directed, "label": rtype.legend_label,
                   "color": rtype.color, "line": rtype.line or "solid",
                   "marker": rtype.marker or ("arrow" if rtype.directed else "none")})


def _pos(pos: tuple[float, float] | None) -> list[float] | None:
    return None if pos is None else [round(v, _POS_DECIMALS) + 0.0 for v in pos]


def _filter(names: ViewFilter) -> dict[str, object] | None:
    lists = {key: list(value) for key, value in
             (("types", names.types), ("groups", names.groups), ("actors", names.actors),
              ("relations", names.relations)) if value}
    return lists or None


def _view(view: View) -> dict[str, object]:
    return _given({"title": view.title, "subtitle": view.subtitle,
                   "keep": _filter(view.keep), "drop": _filter(view.drop),
                   "focus": view.focus, "steps": view.steps, "layout": view.layout,
                   "size_by": view.size_by, "keep_unconnected": view.keep_unconnected})


def map_data(model: Map) -> dict[str, object]:
    """The map as plain data in the map format, keys in the README's order."""
    legend = _given({"show": model.legend.show, "title": model.legend.title,
                     "labels": dict(model.legend.labels)})
    return {
        **_given({"lang": model.lang, "title": model.title, "subtitle": model.subtitle,
                  "source": model.source, "size_by": model.size_by}),
        "theme": model.theme or "light",
        "layout": model.layout or "default",
        "legend": legend,
        "styles": {s.type: _given({"color": s.color, "shape": s.shape, "label": s.label})
                   for s in model.styles},
        "relation_types": {t.name: _relation_type(t) for t in model.relation_types},
        "groups": {g.id: _given({"label": g.label, "description": g.description})
                   for g in model.groups},
        "actors": {a.id: _given({"label": a.label, "type": a.type, "group": a.group,
                                 "description": a.description, "pos": _pos(a.pos)})
                   for a in model.actors},
        "relations": [_given({"from": r.source, "to": r.target, "type": r.type,
                              "label": r.label, "description": r.description,
                              "quote": r.quote, "strength": r.strength or 1,
                              "status": r.status})
                      for r in model.relations],
        **({"views": {v.name: _view(v) for v in model.views}} if model.views else {}),
    }


def to_json(model: Map, options: ExportOptions = ExportOptions()) -> str:
    """The map as JSON (UTF-8 text, 2-space indent, keys in a fixed order).

    With options.positions, a `computed` key adds where conceptmap.layout() puts each actor,
    label, relation route and group (see `positions_data`).
    """
    data = map_data(model)
    if options.positions:
        from ._export_positions import positions_data

        data["computed"] = positions_data(model, options)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
