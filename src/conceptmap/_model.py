"""Stage 2: the map as frozen, typed dataclasses. No I/O, no drawing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._diagnostics import Position

__all__ = [
    "BUILTIN_RELATION_TYPES",
    "LINE_PATTERNS",
    "MARKERS",
    "MARKS",
    "SHAPES",
    "SIZE_MEASURES",
    "STATUSES",
    "THEMES",
    "Actor",
    "ActorStyle",
    "Group",
    "Legend",
    "Map",
    "Relation",
    "RelationType",
    "View",
    "ViewFilter",
]

LINE_PATTERNS = ("solid", "dashed", "dotted", "dashdot", "zigzag")
MARKERS = ("none", "arrow", "heavy", "open", "bar")
SHAPES = ("rounded", "box", "ellipse", "hexagon", "octagon", "circle")
THEMES = ("light", "dark", "print")
STATUSES = ("latent", "open", "escalated")  # how far a tension has come
# What actor sizes can show: measures of `conceptmap analyze` (ActorMeasures fields).
SIZE_MEASURES = ("betweenness", "degree", "tensions")
MARKS = ("added", "removed")  # what a diff says of an actor or relation


@dataclass(frozen=True)
class RelationType:
    """How one kind of relation is read and drawn. None means: the theme decides."""

    name: str
    directed: bool
    label: str | None = None
    color: str | None = None
    line: str | None = None
    marker: str | None = None
    builtin: bool = False

    @property
    def legend_label(self) -> str:
        return self.label if self.label is not None else self.name


BUILTIN_RELATION_TYPES: dict[str, RelationType] = {
    rt.name: rt
    for rt in (
        RelationType("tension", directed=False, line="zigzag", marker="none", builtin=True),
        RelationType("cooperation", directed=False, line="solid", marker="none", builtin=True),
        RelationType("information", directed=True, line="dashed", marker="arrow", builtin=True),
        RelationType("control", directed=True, line="solid", marker="heavy", builtin=True),
        RelationType("influence", directed=True, line="dotted", marker="open", builtin=True),
    )
}


@dataclass(frozen=True)
class ActorStyle:
    """A per-type actor style from the map's `styles:`; None means: the theme decides."""

    type: str
    color: str | None = None
    shape: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    description: str | None = None
    position: Position = Position()

    @property
    def element_id(self) -> str:
        return f"group-{self.id}"


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    type: str | None = None
    group: str | None = None
    description: str | None = None
    pos: tuple[float, float] | None = None
    position: Position = Position()

    @property
    def element_id(self) -> str:
        return f"actor-{self.id}"


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    type: str
    label: str | None = None
    description: str | None = None
    quote: str | None = None
    strength: int | None = None
    number: int = 1  # counts relations between the same two actors, from 1, in file order
    position: Position = Position()
    status: str | None = None  # latent, open or escalated (tensions only)

    @property
    def element_id(self) -> str:
        return f"relation-{self.source}-{self.target}-{self.number}"


@dataclass(frozen=True)
class Legend:
    show: bool = True
    title: str | None = None
    labels: tuple[tuple[str, str], ...] = ()

    def label_for(self, key: str, default: str) -> str:
        return dict(self.labels).get(key, default)


@dataclass(frozen=True)
class ViewFilter:
    """Which actors (by type, group or id) and relations (by type) a view names."""

    types: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """A named perspective on a map: a part of it, drawn where the whole map puts it."""

    name: str
    title: str | None = None
    subtitle: str | None = None
    keep: ViewFilter = ViewFilter()  # names nothing: every actor and relation
    drop: ViewFilter = ViewFilter()
    focus: str | None = None  # an actor id: keep it and its neighbours up to `steps` away
    steps: int = 1
    layout: str | None = None  # None: the whole map's positions; else its own layout
    size_by: str | None = None
    keep_unconnected: bool = False  # keep actors whose relations the view all drops
    position: Position = Position()


@dataclass(frozen=True)
class Map:
    """A whole map: what is in it, plus the presentation choices it makes."""

    path: str
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...] = ()
    groups: tuple[Group, ...] = ()
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    theme: str | None = None
    layout: str | None = None
    legend: Legend = Legend()
    styles: tuple[ActorStyle, ...] = ()
    relation_types: tuple[RelationType, ...] = field(
        default_factory=lambda: tuple(BUILTIN_RELATION_TYPES.values())
    )
    positions: tuple[tuple[str, Position], ...] = ()  # where each top-level key's value is
    lang: str | None = None  # the language of the texts; None: as written
    views: tuple[View, ...] = ()
    size_by: str | None = None  # a measure from SIZE_MEASURES that scales the actors
    marks: tuple[tuple[str, str], ...] = ()  # element id -> "added" or "removed" (diffs)
    # Actor types in the order that gives each its colour (and in print, its shape); empty:
    # as they first appear. A view keeps its whole map's, so each type looks the same in both.
    type_order: tuple[str, ...] = ()

    def actor_types(self) -> tuple[str, ...]:
        """Every actor type, in the order that gives each its colour."""
        seen = dict.fromkeys(self.type_order)
        seen.update(dict.fromkeys(a.type for a in self.actors if a.type is not None))
        return tuple(seen)

    def position_of(self, key: str) -> Position:
        """Where a top-level key (title, legend, ...) is in the file; 1:1 if unknown."""
        return dict(self.positions).get(key, Position())

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def relation_type(self, name: str) -> RelationType:
        return next(rt for rt in self.relation_types if rt.name == name)

    def view(self, name: str) -> View:
        return next(v for v in self.views if v.name == name)

    def mark_of(self, element_id: str) -> str | None:
        return dict(self.marks).get(element_id)

    def style_for(self, actor_type: str | None) -> ActorStyle | None:
        return next((s for s in self.styles if s.type == actor_type), None)

    def _repr_svg_(self) -> str:
        """Jupyter and IPython show a map as its picture.

        The one place the model reaches downstream: a display hook asks the renderer,
        lazily, so that loading and checking a map never import matplotlib.
        """
        from ._api import render_bytes

        return render_bytes(self, "svg").decode("utf-8")

    @property
    def name(self) -> str:
        """The file name without folder and extension: used to name outputs."""
        base = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base
