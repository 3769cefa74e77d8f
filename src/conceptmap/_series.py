"""Several pictures of one map that read as one: views and diffs keep the actors where
the whole map (or the older map) has them.

Positions are taken from the layout of the whole map (actor centres, in cm, y up)
and given to the smaller map as pins, so the layout places everything else around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ._model import Actor, Map, Relation
from ._views import has_own_layout, view_map

if TYPE_CHECKING:
    from ._layout import Layout

__all__ = ["Diff", "diff", "pinned", "positions", "view"]

CM = 72 / 2.54
Positions = Mapping[str, tuple[float, float]]


def positions(model: Map, layout: str | None = None, seed: int = 7
              ) -> dict[str, tuple[float, float]]:
    """Where the map's actors go when it is drawn: actor id -> centre (cm, y up)."""
    from ._pipeline import Stages, lay_out

    placed = lay_out(model, Stages(layout=layout, seed=seed, legend=False))
    return {a.id: (placed.centers[a.id][0] / CM, placed.centers[a.id][1] / CM)
            for a in model.actors}


def pinned(model: Map, where: Positions) -> Map:
    """The map with each actor that `where` has pinned at that position."""
    return replace(model, actors=tuple(
        replace(a, pos=where[a.id]) if a.id in where else a for a in model.actors))


def view(model: Map, name: str, where: Positions | None = None) -> Map:
    """View `name` of the map as a map of its own; given the whole map's positions, its
    actors stay there (unless the view asks for a layout of its own)."""
    part = view_map(model, name)
    if where is None or has_own_layout(model, name):
        return part
    return pinned(part, where)


def part_layout(part: Map, whole: Layout) -> Layout:
    """The whole map's layout, holding only the group regions the part still has."""
    kept = {g.id for g in part.groups}
    return replace(whole, groups={g: r for g, r in whole.groups.items() if g in kept})


@dataclass(frozen=True)
class Diff:
    """What changed between two maps, and the newer map drawn with the changes marked."""

    map: Map  # the newer map plus the removed actors and relations, marked
    added_actors: tuple[Actor, ...]
    removed_actors: tuple[Actor, ...]
    added_relations: tuple[Relation, ...]
    removed_relations: tuple[Relation, ...]
    changed: tuple[str, ...]  # one line per changed actor or relation

    def summary(self) -> list[str]:
        """The changes in words, one line each: what was added, removed and changed."""
        if not (self.added_actors or self.removed_actors or self.added_relations
                or self.removed_relations or self.changed):
            return ["no differences"]
        lines = [f"added actor {_actor_words(a)}" for a in self.added_actors]
        lines += [f"removed actor {_actor_words(a)}" for a in self.removed_actors]
        lines += [f"added relation {_relation_words(r)}" for r in self.added_relations]
        lines += [f"removed relation {_relation_words(r)}" for r in self.removed_relations]
        return lines + [f"changed {line}" for line in self.changed]


def _actor_words(actor: Actor) -> str:
    return f'{actor.id} ("{actor.label}")' if actor.label != actor.id else actor.id


def _relation_words(relation: Relation) -> str:
    text = f"{relation.source} -> {relation.target} ({relation.type})"
    return f'{text} "{relation.label}"' if relation.label else text


def _relation_keys(model: Map) -> dict[tuple[str, str, str, int], Relation]:
    """Relations by ends, type and how many alike came before; an undirected relation's
    ends count either way round."""
    keys: dict[tuple[str, str, str, int], Relation] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for relation in model.relations:
        ends = (relation.source, relation.target)
        if not model.relation_type(relation.type).directed:
            ends = tuple(sorted(ends))  # type: ignore[assignment]
        base = (*ends, relation.type)
        counts[base] = counts.get(base, 0) + 1
        keys[(*base, counts[base])] = relation
    return keys


def _changes(old: Map, new: Map, shared_relations: list[tuple[Relation, Relation]]
             ) -> list[str]:
    lines = []
    old_actors = {a.id: a for a in old.actors}
    for actor in new.actors:
        before = old_actors.get(actor.id)
        for field in ("label", "type", "group"):
            if before is not None and getattr(before, field) != getattr(actor, field):
                lines.append(f"actor {actor.id}: {field} {getattr(before, field)!s} -> "
                             f"{getattr(actor, field)!s}")
    for before, after in shared_relations:
        for field in ("label", "status", "strength"):
            if getattr(before, field) != getattr(after, field):
                lines.append(f"relation {_relation_words(after)}: {field} "
                             f"{getattr(before, field)!s} -> {getattr(after, field)!s}")
    return lines


def _renumber(relations: list[Relation]) -> list[Relation]:
    counts: dict[frozenset[str], int] = {}
    numbered = []
    for relation in relations:
        pair = frozenset((relation.source, relation.target))
        counts[pair] = counts.get(pair, 0) + 1
        numbered.append(replace(relation, number=counts[pair]))
    return numbered


def diff(old: Map, new: Map, where: Positions | None = None) -> Diff:
    """Compare two maps. The drawn map is `new` plus, ghosted, what `old` had and `new`
    has not; given the older map's positions, every actor both have stays where it was."""
    new_ids = {a.id for a in new.actors}
    old_ids = {a.id for a in old.actors}
    added_actors = tuple(a for a in new.actors if a.id not in old_ids)
    removed_actors = tuple(a for a in old.actors if a.id not in new_ids)
    old_keys, new_keys = _relation_keys(old), _relation_keys(new)
    added_relations = tuple(r for k, r in new_keys.items() if k not in old_keys)
    removed_relations = tuple(r for k, r in old_keys.items() if k not in new_keys)
    shared = [(old_keys[k], r) for k, r in new_keys.items() if k in old_keys]
    relations = _renumber([*new.relations, *removed_relations])
    ghosts = set(range(len(new.relations), len(relations)))
    added = {id(r) for r in added_relations}
    marks = [(a.element_id, "added") for a in added_actors]
    marks += [(a.element_id, "removed") for a in removed_actors]
    for index, (relation, original) in enumerate(
            zip(relations, [*new.relations, *removed_relations], strict=True)):
        if index in ghosts:
            marks.append((relation.element_id, "removed"))
        elif id(original) in added:
            marks.append((relation.element_id, "added"))
    group_ids = {g.id for g in new.groups}
    type_names = {t.name for t in new.relation_types}
    style_types = {s.type for s in new.styles}
    merged = replace(
        new, actors=new.actors + removed_actors, relations=tuple(relations),
        groups=new.groups + tuple(g for g in old.groups if g.id not in group_ids
                                  and any(a.group == g.id for a in removed_actors)),
        relation_types=new.relation_types + tuple(
            t for t in old.relation_types if t.name not in type_names),
        styles=new.styles + tuple(s for s in old.styles if s.type not in style_types),
        marks=tuple(marks), views=(),
        type_order=tuple(dict.fromkeys(new.actor_types() + old.actor_types())))
    if where is not None:
        merged = pinned(merged, {a: p for a, p in where.items() if a in old_ids})
    return Diff(merged, added_actors, removed_actors, added_relations, removed_relations,
                tuple(_changes(old, new, shared)))
