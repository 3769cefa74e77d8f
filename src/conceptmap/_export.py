"""Exporters: the map as Graphviz DOT, JSON or Mermaid text.

They read the model only (never the layout or the renderer), so the same map gives
the same text, byte for byte. Actors appear in file order, grouped actors inside their
group; relations in file order.
"""

from __future__ import annotations

import json

from ._model import Actor, Map, Relation, RelationType

__all__ = ["EXPORT_FORMATS", "export", "to_dot", "to_json", "to_mermaid"]

EXPORT_FORMATS = ("dot", "json", "mermaid")
_DOT_STYLE = {"dashed": "dashed", "dotted": "dotted", "dashdot": "dashed"}
_DOT_HEAD = {"none": "none", "arrow": "normal", "heavy": "normal", "open": "empty",
             "bar": "tee"}
_MERMAID_LINKS = {"plain": ("-->", "---"), "dotted": ("-.->", "-.-"), "thick": ("==>", "===")}


def _members(model: Map) -> tuple[dict[str, list[Actor]], list[Actor]]:
    """Actors per group id (every group, file order) and the ungrouped actors."""
    members: dict[str, list[Actor]] = {g.id: [] for g in model.groups}
    loose: list[Actor] = []
    for actor in model.actors:
        if actor.group in members:
            members[actor.group].append(actor)
        else:
            loose.append(actor)
    return members, loose


def dot_quote(text: str) -> str:
    """A DOT double-quoted string whose label shows `text` literally."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_attributes(pairs: list[tuple[str, str | None]]) -> str:
    parts = [f"{key}={dot_quote(value)}" for key, value in pairs if value is not None]
    return f" [{', '.join(parts)}]" if parts else ""


def _dot_actor(actor: Actor, indent: str) -> str:
    return (f"{indent}{dot_quote(actor.id)}"
            + _dot_attributes([("label", actor.label), ("id", actor.element_id),
                               ("class", actor.type), ("tooltip", actor.description)])
            + ";")


def _dot_relation(relation: Relation, rtype: RelationType) -> str:
    marker = rtype.marker or ("arrow" if rtype.directed else "none")
    pairs: list[tuple[str, str | None]] = [
        ("label", relation.label), ("id", relation.element_id), ("class", relation.type),
        ("style", _DOT_STYLE.get(rtype.line or "solid")),
        ("penwidth", str(relation.strength) if relation.strength else None),
        ("dir", None if rtype.directed else "none"),
        ("arrowhead", _DOT_HEAD[marker] if rtype.directed and marker != "arrow" else None),
        ("tooltip", relation.description)]
    return (f"  {dot_quote(relation.source)} -> {dot_quote(relation.target)}"
            + _dot_attributes(pairs) + ";")


def to_dot(model: Map) -> str:
    """Graphviz DOT: box nodes, one `cluster_<id>` subgraph per group, labelled edges."""
    lines = [f"digraph {dot_quote(model.name)} {{"]
    if model.title:
        lines.append(f"  graph{_dot_attributes([('label', model.title), ('labelloc', 't')])};")
    lines.append('  node [shape="box"];')
    members, loose = _members(model)
    for group in model.groups:
        lines.append(f"  subgraph {dot_quote('cluster_' + group.id)} {{")
        attributes = _dot_attributes([("label", group.label), ("id", group.element_id)])
        lines.append(f"    graph{attributes};")
        lines.extend(_dot_actor(actor, "    ") for actor in members[group.id])
        lines.append("  }")
    lines.extend(_dot_actor(actor, "  ") for actor in loose)
    lines.extend(_dot_relation(r, model.relation_type(r.type)) for r in model.relations)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _json_data(model: Map) -> dict[str, object]:
    return {
        "format": "conceptmap/1",
        "title": model.title, "subtitle": model.subtitle, "source": model.source,
        "groups": [{"id": g.id, "label": g.label, "description": g.description}
                   for g in model.groups],
        "actors": [{"id": a.id, "label": a.label, "type": a.type, "group": a.group,
                    "description": a.description, "pos": list(a.pos) if a.pos else None}
                   for a in model.actors],
        "relations": [{"id": r.element_id, "from": r.source, "to": r.target, "type": r.type,
                       "directed": model.relation_type(r.type).directed, "label": r.label,
                       "description": r.description, "quote": r.quote,
                       "strength": r.strength} for r in model.relations],
        "relation_types": [{"name": t.name, "directed": t.directed, "label": t.label,
                            "color": t.color, "line": t.line, "marker": t.marker}
                           for t in model.relation_types],
    }


def to_json(model: Map) -> str:
    """The map's content as JSON (UTF-8 text, 2-space indent, keys in a fixed order)."""
    return json.dumps(_json_data(model), ensure_ascii=False, indent=2) + "\n"


def mermaid_id(prefix: str, name: str) -> str:
    """A Mermaid-safe node id, different for different names: `_` -> `__`, any other
    character outside A-Z a-z 0-9 -> `_<hex code>_`."""
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "__" if ch == "_"
                   else f"_{ord(ch):x}_" for ch in name)
    return f"{prefix}_{safe}"


def mermaid_text(text: str) -> str:
    """Text for inside a Mermaid "..." label: entity codes for what Mermaid would parse."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _mermaid_link(relation: Relation, rtype: RelationType) -> str:
    kind = ("dotted" if (rtype.line or "solid") in _DOT_STYLE
            else "thick" if rtype.marker == "heavy" else "plain")
    arrow = _MERMAID_LINKS[kind][0 if rtype.directed else 1]
    label = f'|"{mermaid_text(relation.label)}"|' if relation.label else ""
    return (f"  {mermaid_id('a', relation.source)} {arrow}{label} "
            f"{mermaid_id('a', relation.target)}")


def to_mermaid(model: Map) -> str:
    """A Mermaid flowchart: one subgraph per group, labelled links."""
    lines = []
    if model.title:
        lines += ["---", f"title: {json.dumps(model.title, ensure_ascii=False)}", "---"]
    lines.append("flowchart LR")
    members, loose = _members(model)
    for group in model.groups:
        lines.append(f'  subgraph {mermaid_id("g", group.id)}["{mermaid_text(group.label)}"]')
        lines += [f'    {mermaid_id("a", a.id)}["{mermaid_text(a.label)}"]'
                  for a in members[group.id]]
        lines.append("  end")
    lines += [f'  {mermaid_id("a", a.id)}["{mermaid_text(a.label)}"]' for a in loose]
    lines += [_mermaid_link(r, model.relation_type(r.type)) for r in model.relations]
    return "\n".join(lines) + "\n"


def export(model: Map, fmt: str) -> str:
    """The map as text in one of EXPORT_FORMATS."""
    exporters = {"dot": to_dot, "json": to_json, "mermaid": to_mermaid}
    if fmt not in exporters:
        raise ValueError(f"unknown export format {fmt!r}; choose from "
                         f"{', '.join(EXPORT_FORMATS)}")
    return exporters[fmt](model)
