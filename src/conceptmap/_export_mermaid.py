"""A Mermaid flowchart that keeps the picture's meaning.

One subgraph per group, one `classDef` per actor type (the picture's fill and a node
shape close to its shape), and per relation the picture's colour, width and line
pattern (`linkStyle`) and end marker (the link's arrow), so that every relation type
looks different, also in print.
"""

from __future__ import annotations

import json

from ._export_common import ExportOptions, Looks, looks_for, members
from ._looks import RelationLook, line_width
from ._model import Actor, Map, Relation
from ._theme import contrast_text, to_hex

__all__ = ["mermaid_id", "mermaid_text", "to_mermaid"]

# Mermaid cannot draw a zigzag: a long-short-short dash, used by no other line, stands
# for it.
_DASHES = {"solid": None, "dashed": "6 4", "dotted": "2 3", "dashdot": "8 3 2 3",
           "zigzag": "12 3 3 3 3 3"}
# marker -> the link's end (directed); undirected links have none
_LINK = {"none": "---", "arrow": "-->", "heavy": "==>", "open": "--o", "bar": "--x"}
# shape -> (opening, closing) of a Mermaid node; octagon has no Mermaid shape: the
# double-sided box is closest
_NODE = {"rounded": ("(", ")"), "box": ("[", "]"), "ellipse": ("([", "])"),
         "hexagon": ("{{", "}}"), "octagon": ("[[", "]]"), "circle": ("((", "))")}
_UNTYPED = "notype"  # no "_": it cannot meet a type class, which all start "type_"


def mermaid_id(prefix: str, name: str) -> str:
    """A Mermaid-safe id, different for different names: `_` -> `__`, any other
    character outside A-Z a-z 0-9 -> `_<hex code>_`."""
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "__" if ch == "_"
                   else f"_{ord(ch):x}_" for ch in name)
    return f"{prefix}_{safe}"


def mermaid_text(text: str) -> str:
    """Text for inside a Mermaid "..." label, shown literally: entity codes for what
    Mermaid would read otherwise, `<br>` for line breaks."""
    for char, code in (("#", "#35;"), ("&", "#38;"), ('"', "#quot;"), ("<", "#lt;"),
                       (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _class_name(actor_type: str | None) -> str:
    return _UNTYPED if actor_type is None else mermaid_id("type", actor_type)


def _node(actor: Actor, looks: Looks, indent: str) -> str:
    opening, closing = _NODE[looks.actors[actor.type].shape]
    return f'{indent}{mermaid_id("a", actor.id)}{opening}"{mermaid_text(actor.label)}"{closing}'


def _evidence(relation: Relation) -> list[str]:
    """The relation's description and quote as a comment line: Mermaid has no tooltips
    on links, but the text travels with the diagram."""
    parts = [relation.description or "", f"“{relation.quote}”" if relation.quote else ""]
    text = " ".join(" ".join(p.split()) for p in parts if p)
    return [f"  %% {relation.element_id}: {text}"] if text else []


def _link(relation: Relation, look: RelationLook) -> list[str]:
    arrow = _LINK[look.marker] if look.directed else "---"
    label = f'|"{mermaid_text(relation.label)}"|' if relation.label else ""
    return [*_evidence(relation), f"  {mermaid_id('a', relation.source)} {arrow}{label} "
                                  f"{mermaid_id('a', relation.target)}"]


def _link_style(index: int, relation: Relation, look: RelationLook) -> str:
    color = to_hex(look.color)
    parts = [f"stroke:{color}", f"stroke-width:{line_width(look, relation.strength):g}px",
             f"color:{color}"]
    dashes = _DASHES[look.line]
    if dashes:
        parts.append(f"stroke-dasharray:{dashes}")
    return f"  linkStyle {index} {','.join(parts)}"


def _classes(model: Map, looks: Looks) -> list[str]:
    lines = []
    used: dict[str, list[str]] = {}
    for actor in model.actors:
        used.setdefault(_class_name(actor.type), []).append(mermaid_id("a", actor.id))
    for actor_type, look in looks.actors.items():
        name = _class_name(actor_type)
        if name in used:
            lines.append(f"  classDef {name} fill:{to_hex(look.fill)},stroke:{to_hex(look.stroke)},"
                         f"color:{contrast_text(look.fill)}")
            lines.append(f"  class {','.join(used[name])} {name}")
    return lines


def to_mermaid(model: Map, options: ExportOptions = ExportOptions()) -> str:
    """The map as a Mermaid flowchart, in the colours of the picture's theme."""
    looks = looks_for(model, options)
    lines = []
    if model.title:
        lines += ["---", f"title: {json.dumps(model.title, ensure_ascii=False)}", "---"]
    lines.append("flowchart LR")
    grouped, loose = members(model)
    for group in model.groups:
        lines.append(f'  subgraph {mermaid_id("g", group.id)}["{mermaid_text(group.label)}"]')
        lines += [_node(actor, looks, "    ") for actor in grouped[group.id]]
        lines.append("  end")
    lines += [_node(actor, looks, "  ") for actor in loose]
    relation_looks = [looks.relations[r.type] for r in model.relations]
    for relation, look in zip(model.relations, relation_looks, strict=True):
        lines += _link(relation, look)
    lines += _classes(model, looks)
    lines += [_link_style(i, r, look) for i, (r, look)
              in enumerate(zip(model.relations, relation_looks, strict=True))]
    return "\n".join(lines) + "\n"
