"""How each actor type and relation type looks in a theme: colour, shape, line, marker.

Pure data from the model and a theme, and the one place these rules live: the drawing
(`_scene`) and the exporters both read them, so that a DOT, Mermaid or GEXF file shows
the same colours, shapes, line patterns and end markers as the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._i18n import type_legend_text
from ._model import SHAPES, Map
from ._theme import Theme, mix

__all__ = ["STRENGTH_WIDTH", "ActorLook", "RelationLook", "actor_looks", "actor_types",
           "line_width", "plain_look", "relation_looks"]

# Line width per strength, relative to strength 1.
STRENGTH_WIDTH = {1: 1.0, 2: 1.8, 3: 2.6}

# Print: the shape tells the type where colour cannot (circles are left out: a wide
# label makes a huge circle).
_PRINT_SHAPES = tuple(shape for shape in SHAPES if shape != "circle")
# Colour themes: once the palette has given every colour, the next types take its colours
# again with another shape, so that no two types look alike (palette x shapes types);
# the shapes farthest from the rounded box come first.
_ROUND_SHAPES = ("rounded", "hexagon", "ellipse", "octagon", "box")


@dataclass(frozen=True)
class ActorLook:
    fill: str
    stroke: str
    shape: str
    legend: str


@dataclass(frozen=True)
class RelationLook:
    color: str
    pattern: str  # solid, dashed, dotted, dashdot (a zigzag is drawn solid)
    zigzag: bool
    marker: str  # none, arrow, heavy, open, bar
    directed: bool
    legend: str

    @property
    def line(self) -> str:
        """The line as the map names it: solid, dashed, dotted, dashdot or zigzag."""
        return "zigzag" if self.zigzag else self.pattern


def actor_types(model: Map) -> list[str | None]:
    """The actor types in order of first use (None: actors without a type), as the
    legend lists them."""
    seen: list[str | None] = []
    for actor in model.actors:
        if actor.type not in seen:
            seen.append(actor.type)
    return seen


def actor_looks(model: Map, theme: Theme) -> dict[str | None, ActorLook]:
    """The look of every actor type in the map; key None is the look of untyped actors."""
    looks: dict[str | None, ActorLook] = {}
    for index, actor_type in enumerate(model.actor_types()):  # a view keeps its map's order
        style = model.style_for(actor_type)
        own_color = style.color if style and style.color and theme.name != "print" else None
        base = own_color or theme.actor_colors[index % len(theme.actor_colors)]
        shape = style.shape if style and style.shape else _type_shape(index, theme)
        legend = style.label if style and style.label else actor_type
        # A colour set in the map is used as it is; palette colours are softened.
        fill = own_color or mix(base, theme.background, theme.actor_fill_mix)
        looks[actor_type] = ActorLook(fill, theme.actor_stroke, shape, legend)
    looks[None] = plain_look(theme)
    return looks


def _type_shape(index: int, theme: Theme) -> str:
    """The shape of the `index`-th actor type: in print, shapes in turn (with the greys
    in turn, a pair no other type among the first greys x shapes has); in colour, the
    rounded box until the palette comes round again."""
    if theme.vary_shapes:
        return _PRINT_SHAPES[index % len(_PRINT_SHAPES)]
    return _ROUND_SHAPES[(index // len(theme.actor_colors)) % len(_ROUND_SHAPES)]


def plain_look(theme: Theme) -> ActorLook:
    """How an actor without a type looks."""
    return ActorLook(mix(theme.muted_text, theme.background, 0.8), theme.actor_stroke,
                     "rounded", "")


def relation_looks(model: Map, theme: Theme) -> dict[str, RelationLook]:
    """The look of every relation type the map knows (built-in and declared)."""
    looks: dict[str, RelationLook] = {}
    extra = 0
    for rtype in model.relation_types:
        color = rtype.color if rtype.color and theme.name != "print" else None
        if color is None:
            color = theme.relation_colors.get(rtype.name)
        if color is None:
            color = theme.extra_relation_colors[extra % len(theme.extra_relation_colors)]
            extra += 1
        line = rtype.line or "solid"
        looks[rtype.name] = RelationLook(
            color, "solid" if line == "zigzag" else line, line == "zigzag",
            rtype.marker or ("arrow" if rtype.directed else "none"), rtype.directed,
            model.legend.label_for(rtype.name, type_legend_text(rtype, model.lang)))
    return looks


def line_width(look: RelationLook, strength: int | None) -> float:
    """The drawn width in points of a relation of this look and strength (1 if unset)."""
    return (0.9 if look.zigzag else 1.4) * STRENGTH_WIDTH[strength or 1]
