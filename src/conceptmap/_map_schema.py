"""The map format as a JSON Schema (draft 2020-12), for completion and checks in editors.

Built from the same registries the checker uses (keys, shapes, themes, layouts, lines,
markers, built-in relation types, colour names), so it cannot drift from them. The
schema checks the shape of a map; the checker also checks what a schema cannot say:
that relations name existing actors and types, that a relation joins two different
actors, the limits on size, and that ids hold letters and digits only (the schema lets
any non-ASCII character through, as JSON Schema has no portable "letter" class).
"""

from __future__ import annotations

from ._colors import COLOR_NAMES, HEX_COLOR
from ._i18n import LANG_CODE
from ._model import (
    BUILTIN_RELATION_TYPES,
    LINE_PATTERNS,
    MARKERS,
    SHAPES,
    SIZE_MEASURES,
    STATUSES,
    THEMES,
)
from ._schema import (
    ACTOR_KEYS,
    FILTER_KEYS,
    GROUP_KEYS,
    LAYOUT_NAMES,
    LEGEND_KEYS,
    MAX_STEPS,
    POS_LIMIT,
    RELATION_KEYS,
    RELATION_TYPE_KEYS,
    STYLE_KEYS,
    TOP_KEYS,
    VIEW_KEYS,
)

__all__ = ["SCHEMA_DIALECT", "map_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Letters, digits, _ and -: ASCII spelled out; any other non-space character beyond
# ASCII is let through (the checker then accepts letters and digits only).
ID_PATTERN = r"^(?:[A-Za-z0-9_-]|[^\u0000-\u007f\s])+$"

Schema = dict[str, object]


def _text(description: str) -> Schema:
    """Any single value; numbers and true/false are read as their text."""
    return {"description": description, "type": ["string", "number", "boolean", "null"]}


def _words(description: str) -> Schema:
    """A text, or the same in several languages: a mapping of language codes to texts."""
    plain = _text(description)
    languages = {"description": f"{description}, per language (nl, en, ...)",
                 "type": "object", "minProperties": 1,
                 "propertyNames": {"pattern": f"^{LANG_CODE.pattern}$"},
                 "additionalProperties": {"type": ["string", "number", "boolean", "null"]}}
    return {"description": description, "anyOf": [plain, languages]}


def _choice(description: str, choices: tuple[str, ...]) -> Schema:
    return {"description": description, "type": "string", "enum": list(choices)}


def _object(description: str, properties: dict[str, Schema], keys: tuple[str, ...],
            nullable: bool = False) -> Schema:
    """An object with exactly `keys` allowed; `properties` must describe each of them."""
    assert tuple(properties) == keys, (tuple(properties), keys)
    schema: Schema = {"description": description,
                      "type": ["object", "null"] if nullable else "object",
                      "properties": properties, "additionalProperties": False}
    return schema


def _color() -> Schema:
    return {"description": "a colour: a hex code (#1b9e77) or a CSS colour name (teal)",
            "anyOf": [{"type": "string", "pattern": f"^{HEX_COLOR}$"},
                      {"type": "string", "enum": list(COLOR_NAMES)}]}


def _reference(description: str) -> Schema:
    return {"description": description, "type": ["string", "integer"]}


def _by_id(description: str, value: Schema) -> Schema:
    return {"description": description, "type": "object",
            "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": value}


def _legend() -> Schema:
    labels = {"description": "legend text per relation type or actor type",
              "type": "object", "additionalProperties": _words("the legend text")}
    return {
        "description": "the legend: false hides it",
        "anyOf": [{"type": "boolean"}, _object("the legend's settings", {
            "show": {"description": "false hides the legend", "type": "boolean"},
            "title": _words("a title above the legend"),
            "labels": labels}, LEGEND_KEYS, nullable=True)]}


def _styles() -> Schema:
    style = _object("the look of one actor type", {
        "color": _color(),
        "shape": _choice("the shape of its actors", SHAPES),
        "label": _words("its text in the legend")}, STYLE_KEYS, nullable=True)
    return {"description": "per actor type: colour, shape and legend text",
            "type": "object", "additionalProperties": style}


def _relation_types() -> Schema:
    rtype = _object("a relation type", {
        "directed": {"description": "true: drawn with an end marker", "type": "boolean"},
        "label": _words("its text in the legend"),
        "color": _color(),
        "line": _choice("the line pattern", LINE_PATTERNS),
        "marker": _choice("the end marker of directed relations", MARKERS),
    }, RELATION_TYPE_KEYS, nullable=True)
    return _by_id("declare relation types, or restyle a built-in one ("
                  + ", ".join(BUILTIN_RELATION_TYPES) + ")", rtype)


def _groups() -> Schema:
    group = _object("a group", {
        "label": _words("shown on the group's region (default: the id)"),
        "description": _words("what the group is"),
    }, GROUP_KEYS, nullable=True)
    return _by_id("groups, drawn as labelled regions; a text is the label",
                  {"anyOf": [{"type": "string"}, group]})


def _actors() -> Schema:
    pos = {"description": f"pins the actor: [x, y] in centimetres, y upwards, within "
                          f"±{POS_LIMIT:g}",
           "type": "array", "minItems": 2, "maxItems": 2,
           "items": {"type": "number", "minimum": -POS_LIMIT, "maximum": POS_LIMIT}}
    actor = _object("an actor", {
        "label": _words("any text (default: the id)"),
        "type": _text("a free word: actors of one type share a colour and shape"),
        "group": _reference("the id of a group"),
        "description": _words("what the actor is (a tooltip in the SVG)"),
        "pos": pos,
    }, ACTOR_KEYS, nullable=True)
    label = {"description": "the label", "type": ["string", "number", "boolean"]}
    return _by_id("actors by id (letters, digits, _ and -); a text is the label",
                  {"anyOf": [label, actor]})


def _relations() -> Schema:
    relation = _object("a relation between two actors", {
        "from": _reference("the id of an actor"),
        "to": _reference("the id of another actor"),
        "type": {"description": "a built-in type or one declared in relation_types",
                 "anyOf": [{"enum": list(BUILTIN_RELATION_TYPES)},
                           {"type": ["string", "integer"]}]},
        "label": _words("drawn on the line"),
        "description": _words("what the relation is (a tooltip in the SVG)"),
        "quote": _words("a verbatim quote from the source"),
        "strength": {"description": "line width: 1, 2 or 3", "enum": [1, 2, 3]},
        "status": _choice("how far a tension has come", STATUSES),
    }, RELATION_KEYS)
    relation["required"] = ["from", "to", "type"]
    return {"description": "relations, in order", "type": ["array", "null"],
            "items": relation}


def _views() -> Schema:
    names = {"anyOf": [{"type": ["string", "integer"]},
                       {"type": "array", "items": {"type": ["string", "integer"]}}]}
    what = {"types": "actor types", "groups": "group ids", "actors": "actor ids",
            "relations": "relation types"}

    def spec(description: str) -> Schema:
        return _object(description, {key: {**names, "description": what[key]}
                                     for key in FILTER_KEYS}, FILTER_KEYS, nullable=True)

    view = _object("a view: a part of the map drawn as a picture of its own", {
        "title": _words("the view's title (default: the map's)"),
        "subtitle": _words("the view's subtitle (default: the map's)"),
        "keep": spec("keep only the actors and relations named"),
        "drop": spec("leave out the actors and relations named"),
        "focus": _reference("an actor: keep it and its neighbours up to `steps` away"),
        "steps": {"description": "how many relations away from `focus` (default 1)",
                  "type": "integer", "minimum": 0, "maximum": MAX_STEPS},
        "layout": _choice("a layout of its own (own: the map's algorithm) instead of the "
                          "whole map's positions", ("own", *LAYOUT_NAMES)),
        "size_by": _choice("scale actors by this measure", SIZE_MEASURES),
        "keep_unconnected": {"description": "keep actors whose relations the view all "
                                            "leaves out", "type": "boolean"},
    }, VIEW_KEYS, nullable=True)
    return _by_id("named views (render --view NAME, --all-views)", view)


def map_schema() -> Schema:
    """The JSON Schema of a conceptmap map (YAML or JSON)."""
    properties: dict[str, Schema] = {
        "title": _words("shown above the picture; also the SVG <title>"),
        "subtitle": _words("shown under the title"),
        "source": _words("a caption under the picture"),
        "theme": _choice("colour theme", tuple(THEMES)),
        "layout": _choice("layout algorithm", LAYOUT_NAMES),
        "legend": _legend(),
        "styles": _styles(),
        "relation_types": _relation_types(),
        "groups": _groups(),
        "actors": _actors(),
        "relations": _relations(),
        "lang": {"description": "the language the picture shows where texts give several "
                                "(nl, en, ...); also of the legend's own words",
                 "type": "string", "pattern": f"^{LANG_CODE.pattern}$"},
        "size_by": _choice("scale actors by this measure (of conceptmap analyze)",
                           SIZE_MEASURES),
        "views": _views(),
        "computed": {"description": "written by `conceptmap export --positions`: where the "
                                    "layout put actors, labels, routes and groups; ignored "
                                    "when the map is read", "type": "object"},
    }
    schema = _object("A map of actors and the relations and tensions between them, "
                     "drawn by conceptmap.", properties, TOP_KEYS)
    return {"$schema": SCHEMA_DIALECT, "title": "conceptmap map", **schema,
            "required": ["actors"]}
