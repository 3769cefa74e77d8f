"""Graphviz DOT that keeps the picture's meaning.

Groups become clusters; each actor type gets the picture's fill colour and shape, each
relation type its colour, line pattern and end marker (a zigzag tension becomes a
tapered line, which no other type uses), strength sets the pen width, and a legend
cluster explains the types. The map's own fields (type, group, description, quote,
strength, a tension's status) are kept as extra attributes, which Graphviz carries
along and ignores.
"""

from __future__ import annotations

from ._export_common import ExportOptions, Looks, legend_entries, looks_for, members
from ._looks import STRENGTH_WIDTH, RelationLook, line_width
from ._model import Actor, Map, Relation
from ._theme import contrast_text, to_hex

__all__ = ["dot_quote", "to_dot"]

FONT = "DejaVu Sans"
# Graphviz has no zigzag: a tapered line stands for it (no other type is tapered).
_STYLE = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed",
          "zigzag": "tapered"}
_ARROWHEAD = {"none": "none", "arrow": "normal", "heavy": "normal", "open": "empty",
              "bar": "tee"}
# shape in the map -> (Graphviz shape, extra style)
_SHAPE = {"rounded": ("box", "rounded,filled"), "box": ("box", "filled"),
          "ellipse": ("ellipse", "filled"), "hexagon": ("hexagon", "filled"),
          "octagon": ("octagon", "filled"), "circle": ("circle", "filled")}
_TAPER_WIDTH = 2.5  # a tapered line is this wide in the middle at strength 1

Attributes = list[tuple[str, str | None]]


def dot_quote(text: str) -> str:
    """A DOT double-quoted string that Graphviz shows exactly as `text`.

    Backslashes are doubled (no `\\N` or `\\l` escapes), quotes escaped, line breaks
    become `\\n`, and `&` becomes `&amp;` because Graphviz decodes HTML entities in
    labels (so `&amp;` typed in a label stays `&amp;` and `&` stays `&`).
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _attributes(pairs: Attributes) -> str:
    parts = [f"{key}={dot_quote(value)}" for key, value in pairs if value is not None]
    return f" [{', '.join(parts)}]" if parts else ""


def _tooltip(description: str | None, quote: str | None) -> str | None:
    parts = [description or "", f"“{quote}”" if quote else ""]
    return "\n".join(p for p in parts if p) or None


def _actor_style(actor_type: str | None, looks: Looks) -> Attributes:
    look = looks.actors[actor_type]
    shape, style = _SHAPE[look.shape]
    return [("shape", shape), ("style", style), ("fillcolor", to_hex(look.fill)),
            ("color", to_hex(look.stroke)), ("fontcolor", contrast_text(look.fill))]


def _actor(actor: Actor, looks: Looks, indent: str) -> str:
    pairs: Attributes = [
        ("label", actor.label), ("id", actor.element_id), ("class", actor.type),
        ("type", actor.type), ("group", actor.group), ("description", actor.description),
        ("tooltip", actor.description), *_actor_style(actor.type, looks)]
    return f"{indent}{dot_quote(actor.id)}{_attributes(pairs)};"


def _relation_style(look: RelationLook, strength: int | None) -> Attributes:
    tapered = look.zigzag
    width = _TAPER_WIDTH * STRENGTH_WIDTH[strength or 1] if tapered else \
        line_width(look, strength)
    # both: an undirected tapered line is widest in the middle, like a spindle
    direction = None if look.directed else "both" if tapered else "none"
    head = _ARROWHEAD[look.marker] if look.directed else "none"
    color = to_hex(look.color)
    return [("color", color), ("fontcolor", color), ("style", _STYLE[look.line]),
            ("penwidth", f"{width:g}"), ("dir", direction), ("arrowhead", head),
            ("arrowtail", "none" if direction == "both" else None),
            ("arrowsize", "1.4" if look.marker == "heavy" and look.directed else None)]


def _relation(relation: Relation, looks: Looks) -> str:
    pairs: Attributes = [
        ("label", relation.label), ("id", relation.element_id), ("class", relation.type),
        ("type", relation.type), ("description", relation.description),
        ("quote", relation.quote),
        ("strength", str(relation.strength) if relation.strength else None),
        ("status", relation.status),
        ("tooltip", _tooltip(relation.description, relation.quote)),
        *_relation_style(looks.relations[relation.type], relation.strength)]
    return (f"  {dot_quote(relation.source)} -> {dot_quote(relation.target)}"
            f"{_attributes(pairs)};")


def _legend(model: Map, looks: Looks) -> list[str]:
    """A cluster with one sample per actor type and relation type in use.

    Its node names hold a `:`, which actor ids cannot, so they never meet an actor.
    """
    actor_rows, relation_rows = legend_entries(model, looks)
    if not actor_rows and not relation_rows:
        return []
    theme = looks.theme
    lines = ['  subgraph "cluster_legend" {',
             "    graph" + _attributes([
                 ("label", model.legend.title or "Legend"), ("id", "legend"),
                 ("style", "rounded"), ("color", theme.group_stroke),
                 ("fontcolor", theme.text)]) + ";"]
    for actor_type, text in actor_rows:
        pairs = [("label", text), ("id", f"legend-actor-{actor_type}"),
                 *_actor_style(actor_type, looks)]
        lines.append(f"    {dot_quote('legend:actor:' + actor_type)}{_attributes(pairs)};")
    for name, text in relation_rows:
        ends = [dot_quote(f"legend:relation:{name}:{end}") for end in ("from", "to")]
        point: Attributes = [("shape", "point"), ("width", "0.05"),
                             ("color", theme.group_stroke)]
        lines += [f"    {end}{_attributes(point)};" for end in ends]
        lines.append(f"    {{rank=same; {ends[0]}; {ends[1]};}}")  # a sample lies flat
        pairs = [("label", text), ("id", f"legend-relation-{name}"),
                 *_relation_style(looks.relations[name], None)]
        lines.append(f"    {ends[0]} -> {ends[1]}{_attributes(pairs)};")
    lines.append("  }")
    return lines


def _heading(model: Map, looks: Looks) -> Attributes:
    title = "\n".join(t for t in (model.title, model.subtitle) if t) or None
    return [("label", title), ("labelloc", "t" if title else None),
            ("fontname", FONT), ("bgcolor", looks.theme.background),
            ("fontcolor", looks.theme.text)]


def to_dot(model: Map, options: ExportOptions = ExportOptions()) -> str:
    """The map as a Graphviz digraph, in the colours and shapes of the picture's theme."""
    looks = looks_for(model, options)
    lines = [f"digraph {dot_quote(model.name)} {{",
             f"  graph{_attributes(_heading(model, looks))};",
             f"  node{_attributes([('fontname', FONT), ('fontsize', '10')])};",
             f"  edge{_attributes([('fontname', FONT), ('fontsize', '8')])};"]
    grouped, loose = members(model)
    theme = looks.theme
    for group in model.groups:
        lines.append(f"  subgraph {dot_quote('cluster_' + group.id)} {{")
        pairs: Attributes = [
            ("label", group.label), ("id", group.element_id),
            ("description", group.description), ("tooltip", group.description),
            ("style", "filled,rounded"), ("fillcolor", theme.group_fill),
            ("color", theme.group_stroke), ("fontcolor", theme.muted_text)]
        lines.append(f"    graph{_attributes(pairs)};")
        lines += [_actor(actor, looks, "    ") for actor in grouped[group.id]]
        lines.append("  }")
    lines += [_actor(actor, looks, "  ") for actor in loose]
    lines += [_relation(relation, looks) for relation in model.relations]
    lines += _legend(model, looks)
    lines.append("}")
    return "\n".join(lines) + "\n"
