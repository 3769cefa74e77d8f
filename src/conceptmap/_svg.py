"""SVG that travels: matplotlib's SVG, made safe to inline in a page and to read anywhere.

matplotlib writes a good drawing, but one meant to stand alone: ids such as `figure_1`
and `p9bed5e31ed` that every picture shares, a global CSS rule (`*{...}`) that restyles
a whole web page when the SVG is inlined, a font list of one font, and multi-line
labels placed line by line from that font's widths. This module rewrites the file:

- every id gets a per-picture prefix (from the map name), and so does every reference
  to it (`url(#...)`, `href="#..."`), so two maps inlined in one page never clash;
- the CSS rule becomes presentation attributes on the root: no CSS in the file at all;
- text names a font stack that ends in a generic family, and every line of a centred
  label is anchored at its centre, so that a substitute font stays centred in its box;
- exactly one `<title>` (the map's), a `<desc>` that summarises the map, and a
  `<title>` tooltip inside each actor and relation with a description or quote.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

from ._i18n import type_legend_text
from ._model import Map
from ._text import clean_text

__all__ = ["FONT_STACK", "SvgNotes", "id_prefix_for", "svg_notes", "travelling_svg",
           "valid_id_prefix"]

FONT_STACK = ("DejaVu Sans", "Noto Sans", "Verdana", "Arial", "sans-serif")
_GENERIC = frozenset(("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"))
_NS = {"": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink",
       "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "cc": "http://creativecommons.org/ns#"}
_SVG = "{" + _NS[""] + "}"
_XLINK_HREF = "{" + _NS["xlink"] + "}href"
_URL = re.compile(r"url\(#([^)\s]+)\)")
_TRANSLATE = re.compile(r"\s*(?:translate\(\s*([-0-9.e]+)\s+([-0-9.e]+)\s*\))?\s*")
_VALID_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0

for _prefix in ("xlink", "rdf", "dc", "cc"):  # the usual prefixes, not ns0, ns1, ...
    ET.register_namespace(_prefix, _NS[_prefix])


@dataclass(frozen=True)
class SvgNotes:
    """What the SVG says about the map beyond the drawing itself."""

    id_prefix: str = "conceptmap"  # "" keeps matplotlib's ids as they are
    description: str = ""  # the <desc>
    tooltips: tuple[tuple[str, str], ...] = ()  # element id (unprefixed) -> tooltip text


def valid_id_prefix(prefix: str) -> bool:
    """An id prefix must itself start an XML name: a letter or _, then letters, digits, _.-"""
    return prefix == "" or _VALID_PREFIX.fullmatch(prefix) is not None


def id_prefix_for(name: str) -> str:
    """The id prefix for a map name: ASCII letters, digits and -, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:40].strip("-")
    if not cleaned[:1].isalpha():
        cleaned = f"map-{cleaned}".rstrip("-")
    return cleaned


def svg_notes(model: Map, id_prefix: str | None = None) -> SvgNotes:
    """The SVG's summary and tooltips for a map; id_prefix None: derived from its name."""
    prefix = id_prefix_for(model.name) if id_prefix is None else id_prefix
    return SvgNotes(prefix, _description(model), _tooltips(model))


def _description(model: Map) -> str:
    counts = Counter(r.type for r in model.relations)
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    actors = "actor" if len(model.actors) == 1 else "actors"
    relations = "relation" if len(model.relations) == 1 else "relations"
    parts = [f"Concept map of {len(model.actors)} {actors} and {len(model.relations)} "
             f"{relations}" + (f" ({kinds})." if kinds else ".")]
    if model.subtitle:
        parts.append(model.subtitle.rstrip(".") + ".")
    parts.append("Actors: " + ", ".join(a.label for a in model.actors) + ".")
    if model.groups:
        sizes = Counter(a.group for a in model.actors)
        parts.append("Groups: " + ", ".join(f"{g.label} ({sizes[g.id]})"
                                            for g in model.groups) + ".")
    if model.source:
        parts.append(model.source)
    return clean_text(" ".join(parts))


def _tooltips(model: Map) -> tuple[tuple[str, str], ...]:
    """Descriptions and quotes, shown when the pointer rests on an actor or relation."""
    tips = []
    for actor in model.actors:
        if actor.description:
            tips.append((actor.element_id, f"{actor.label}\n{actor.description}"))
    for relation in model.relations:
        if not (relation.description or relation.quote):
            continue
        rtype = model.relation_type(relation.type)
        arrow = "→" if rtype.directed else "–"
        # The type as the legend names it: in the map's language, or as `legend:` renames it.
        kind = model.legend.label_for(rtype.name, type_legend_text(rtype, model.lang))
        heading = (f"{model.actor(relation.source).label} {arrow} "
                   f"{model.actor(relation.target).label}: {kind}")
        if relation.label:
            heading += f" ({relation.label})"
        lines = [heading, relation.description or "",
                 f"“{relation.quote}”" if relation.quote else ""]
        tips.append((relation.element_id, "\n".join(line for line in lines if line)))
    return tuple((gid, clean_text(text)) for gid, text in tips)


def travelling_svg(data: bytes, title: str, notes: SvgNotes,
                   centres: dict[str, float] | None = None) -> bytes:
    """Rewrite matplotlib's SVG (see the module docstring). `centres`: the x (in SVG
    units) of each centred multi-line text block, by id, to anchor its lines at."""
    text = _NOT_XML.sub("", data.decode("utf-8"))
    root = _plain_names(ET.fromstring(text))
    _drop_global_css(root)
    _anchor_centred_lines(root, centres or {})
    _add_font_stack(root)
    _add_tooltips(root, dict(notes.tooltips))
    _set_title(root, title, notes)
    if notes.id_prefix:
        _prefix_ids(root, notes.id_prefix)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + body + "\n").encode()


def _plain_names(root: ET.Element) -> ET.Element:
    """SVG elements without their namespace in the tag, declared once on the root instead
    (ElementTree would otherwise write ns0: before every name)."""
    for element in root.iter():
        if element.tag.startswith(_SVG):
            element.tag = element.tag[len(_SVG):]
    root.set("xmlns", _NS[""])
    return root


def _drop_global_css(root: ET.Element) -> None:
    """matplotlib's `*{...}` rule would restyle every element of an HTML page the SVG is
    inlined in; as presentation attributes on the root it is inherited inside only."""
    for defs in root.findall("defs"):
        for style in defs.findall("style"):
            for selector, declarations in re.findall(r"([^{}]+)\{([^}]*)\}", style.text or ""):
                if selector.strip() != "*":
                    raise ValueError(f"unexpected CSS rule in matplotlib's SVG: {selector}")
                for declaration in declarations.split(";"):
                    if ":" in declaration:
                        key, value = declaration.split(":", 1)
                        root.set(key.strip(), value.strip())
            defs.remove(style)
        if len(defs) == 0:
            root.remove(defs)
    if root.find(".//style") is not None:
        raise ValueError("unexpected <style> in matplotlib's SVG")


def _anchor_centred_lines(root: ET.Element, centres: dict[str, float]) -> None:
    """matplotlib places each line of a multi-line label at the left edge it measured
    with DejaVu Sans; anchored at the centre, a line stays centred in any font."""
    for group in root.iter("g"):
        centre = centres.get(group.get("id", ""))
        if centre is None:
            continue
        for line in group.findall("text"):
            match = _TRANSLATE.fullmatch(line.get("transform", ""))
            if match is None:
                continue
            line.attrib.pop("transform", None)
            line.set("x", _number(centre))
            line.set("y", match.group(2) or "0")
            line.set("style", line.get("style", "").rstrip("; ") + "; text-anchor: middle")


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _add_font_stack(root: ET.Element) -> None:
    for element in root.iter("text"):
        style = element.get("style")
        if style:
            element.set("style", re.sub(r"font-family:\s*([^;]*)", _with_stack, style))


def _with_stack(match: re.Match[str]) -> str:
    names = [name.strip().strip("'\"") for name in match.group(1).split(",") if name.strip()]
    wanted = [n for n in dict.fromkeys([*names, *FONT_STACK]) if n not in _GENERIC]
    generic = next((n for n in names if n in _GENERIC), FONT_STACK[-1])
    return "font-family: " + ", ".join([*(f"'{n}'" if " " in n else n for n in wanted),
                                        generic])


def _add_tooltips(root: ET.Element, tooltips: dict[str, str]) -> None:
    """A <title> as first child of the element and of its label (and the label's plate),
    so that the tooltip shows wherever the pointer rests on it."""
    if not tooltips:
        return
    for element in root.iter():
        gid = element.get("id", "")
        owner = gid if gid in tooltips else gid.removesuffix("-plate").removesuffix("-label")
        if owner in tooltips and gid in (owner, f"{owner}-label", f"{owner}-label-plate"):
            tip = ET.Element("title")
            tip.text = tooltips[owner]
            tip.tail = element.text
            element.text = None
            element.insert(0, tip)


def _set_title(root: ET.Element, title: str, notes: SvgNotes) -> None:
    """Exactly one <title> (matplotlib writes one too, from the metadata) and a <desc>;
    with role="img", screen readers name the picture by them."""
    for old in root.findall("title") + root.findall("desc"):
        root.remove(old)
    heading = ET.Element("title")
    heading.text = title
    heading.tail = "\n "
    root.insert(0, heading)
    if notes.description:
        desc = ET.Element("desc")
        desc.text = notes.description
        desc.tail = "\n "
        root.insert(1, desc)
    root.text = "\n "
    root.set("role", "img")


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Prefix every id and every same-document reference to one."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        for key, value in element.attrib.items():
            if key == "id":
                element.set(key, f"{prefix}-{value}")
            elif key in ("href", _XLINK_HREF) and value.startswith("#") and value[1:] in ids:
                element.set(key, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.set(key, _URL.sub(
                    lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids else m.group(0),
                    value))
