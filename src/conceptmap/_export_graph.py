"""GraphML and GEXF (Gephi, yEd, Cytoscape) through networkx's own writers.

Every actor becomes a node and every relation an edge, keeping all that the map says
(label, type, group, description, quote, strength, a tension's status) plus the
picture's look (colour, shape, line, marker). Fields the map leaves empty are left
out, as both formats allow. GEXF reserves an edge's `type` for its direction (and
networkx reads no graph that mixes directed and undirected edges), so there the
relation type is `relation_type` and every edge is directed, with `directed` saying
what the relation is; GEXF also gets `viz` colours, shapes and thicknesses for Gephi.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import networkx as nx

from ._export_common import ExportOptions, Looks, looks_for
from ._looks import line_width
from ._model import Map
from ._theme import to_hex

__all__ = ["model_graph", "to_gexf", "to_graphml"]

# GEXF edge shapes: solid, dotted, dashed, double. A tension's zigzag becomes double.
_GEXF_LINE = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed",
              "zigzag": "double"}
# GEXF node shapes: disc, square, triangle, diamond, image.
_GEXF_SHAPE = {"rounded": "square", "box": "square", "ellipse": "disc", "circle": "disc",
               "hexagon": "diamond", "octagon": "diamond"}


def _given(pairs: Mapping[str, object]) -> dict[str, object]:
    """The given values; texts as plain str (the writers know no str subclass, such as a
    text kept in several languages)."""
    return {key: str(value) if isinstance(value, str) else value
            for key, value in pairs.items() if value is not None}


def model_graph(model: Map, looks: Looks) -> nx.MultiDiGraph:
    """Actors (file order) and relations (file order, keyed by their element id), with
    every field of the map and the look of each type as attributes."""
    groups = {g.id: g for g in model.groups}
    graph = nx.MultiDiGraph()
    graph.graph.update(_given({"name": model.name, "title": model.title,
                               "subtitle": model.subtitle, "source": model.source}))
    for actor in model.actors:
        look = looks.actors[actor.type]
        group = groups.get(actor.group or "")
        graph.add_node(actor.id, **_given({
            "label": actor.label, "type": actor.type, "group": actor.group,
            "group_label": group.label if group else None,
            "description": actor.description, "color": to_hex(look.fill), "shape": look.shape,
            "x": actor.pos[0] if actor.pos else None,
            "y": actor.pos[1] if actor.pos else None}))
    for relation in model.relations:
        look = looks.relations[relation.type]
        graph.add_edge(relation.source, relation.target, key=relation.element_id, **_given({
            "label": relation.label, "type": relation.type, "directed": look.directed,
            "description": relation.description, "quote": relation.quote,
            "status": relation.status, "strength": relation.strength or 1,
            "color": to_hex(look.color), "line": look.line, "marker": look.marker}))
    return graph


def to_graphml(model: Map, options: ExportOptions = ExportOptions()) -> str:
    """GraphML with one data key per attribute (see model_graph)."""
    graph = model_graph(model, looks_for(model, options))
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"


def _rgb(color: str) -> dict[str, int]:
    code = to_hex(color)
    red, green, blue = (int(code[i:i + 2], 16) for i in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}


def _gexf_graph(model: Map, looks: Looks) -> nx.MultiDiGraph:
    """model_graph with GEXF's reserved names: relation_type for type, weight = strength."""
    graph = model_graph(model, looks)
    for _node, data in graph.nodes(data=True):
        data["viz"] = {"color": _rgb(str(data["color"])),
                       "shape": _GEXF_SHAPE[str(data["shape"])]}
    for _source, _target, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # the GEXF writer numbers edges unless given an id
        data["relation_type"] = data.pop("type")
        data["weight"] = data["strength"]
        look = looks.relations[data["relation_type"]]
        data["viz"] = {"color": _rgb(look.color), "shape": _GEXF_LINE[look.line],
                       "thickness": round(line_width(look, int(data["strength"])), 2)}
    return graph


def to_gexf(model: Map, options: ExportOptions = ExportOptions()) -> str:
    """GEXF 1.2 with attributes (see model_graph) and viz colours, shapes, thicknesses."""
    graph = _gexf_graph(model, looks_for(model, options))
    text = "\n".join(nx.generate_gexf(graph, encoding="utf-8", prettyprint=True,
                                      version="1.2draft")) + "\n"
    # Same map, same bytes: drop the date networkx stamps into the header.
    return re.sub(r'<meta lastmodifieddate="[^"]*"', "<meta", text, count=1)
