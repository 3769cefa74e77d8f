"""What every exporter needs: options, the theme's looks, and actors by group."""

from __future__ import annotations

from dataclasses import dataclass

from ._looks import ActorLook, RelationLook, actor_looks, actor_types, relation_looks
from ._model import Actor, Map
from ._theme import Theme, theme_named

__all__ = ["ExportOptions", "Looks", "legend_entries", "looks_for", "members"]


@dataclass(frozen=True)
class ExportOptions:
    """How to export a map. None means: as the map says, else the default."""

    theme: str | None = None  # colours and shapes of which theme (light, dark, print)
    positions: bool = False  # JSON: add the computed actor positions and relation routes
    layout: str | None = None  # the layout algorithm for positions
    seed: int = 7  # the layout seed for positions


@dataclass(frozen=True)
class Looks:
    """The picture's looks in one theme: per actor type and per relation type."""

    theme: Theme
    actors: dict[str | None, ActorLook]
    relations: dict[str, RelationLook]


def looks_for(model: Map, options: ExportOptions) -> Looks:
    theme = theme_named(options.theme or model.theme)
    return Looks(theme, actor_looks(model, theme), relation_looks(model, theme))


def members(model: Map) -> tuple[dict[str, list[Actor]], list[Actor]]:
    """Actors per group id (every group, file order) and the ungrouped actors."""
    grouped: dict[str, list[Actor]] = {g.id: [] for g in model.groups}
    loose: list[Actor] = []
    for actor in model.actors:
        if actor.group in grouped:
            grouped[actor.group].append(actor)
        else:
            loose.append(actor)
    return grouped, loose


def legend_entries(model: Map, looks: Looks) -> tuple[list[tuple[str, str]],
                                                       list[tuple[str, str]]]:
    """(actor type, legend text) and (relation type, legend text) as the picture's legend
    shows them: the types in use, in order; empty lists if the map hides its legend."""
    if not model.legend.show:
        return [], []
    actors = [(t, model.legend.label_for(t, looks.actors[t].legend))
              for t in actor_types(model) if t is not None]
    used = {r.type for r in model.relations}
    relations = [(t.name, looks.relations[t.name].legend) for t in model.relation_types
                 if t.name in used]
    return actors, relations
