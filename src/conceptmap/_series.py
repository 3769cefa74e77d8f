"""Several pictures of one map that read as one: views and diffs are drawn at one layout.

A view is drawn at the whole map's layout, a diff at the layout of the union of the two
maps (every actor and relation either has): each picture then has every actor it shares
with the others at the same place, and relations routed by the layout itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ._diagnostics import OptionError, did_you_mean
from ._model import Actor, Map, Relation
from ._views import has_own_layout, view_map

if TYPE_CHECKING:
    from ._geometry import Rect
    from ._layout import Layout, LayoutOptions

__all__ = ["Diff", "diff", "part_layout", "pinned", "positions", "view", "view_layout"]

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


def view(model: Map, name: str) -> Map:
    """View `name` of the map as a map of its own (draw it at view_layout's layout).

    An unknown name raises OptionError naming the map's views."""
    known = [v.name for v in model.views]
    if name not in known:
        raise OptionError(f'the map has no view "{name}"{did_you_mean(name, known)}; '
                          f"its views: {', '.join(known) or 'none'}")
    return view_map(model, name)


def part_layout(part: Map, whole: Layout) -> Layout:
    """The layout of a larger map for drawing a part of it: every actor, label and route
    stays where the larger map has it; each group region the part still has is fitted
    to what is left in it, and the unrouted relations are the part's own."""
    relations = {r.element_id for r in part.relations}
    return replace(whole, groups=_fitted_regions(part, whole),
                   unrouted=tuple(k for k in whole.unrouted if k in relations))


def _fitted_regions(part: Map, whole: Layout) -> dict[str, Rect]:
    """Each group region of the part, drawn around the members (and their labels) it
    still has as the layout draws a region, but never beyond the larger map's region (so
    it takes in no outsider and meets no other region). Its title must stay clear of the
    labels: else the region keeps the larger map's top or left side (or both), or failing
    that, all of it."""
    from ._geometry import Rect
    from ._layout import LayoutOptions
    from ._scene import layout_input
    from ._text import measure

    measured = layout_input(part, measure)
    labels = {r.element_id: Rect(*whole.labels[r.element_id],
                                 *measured.label_sizes[r.element_id])
              for r in part.relations
              if r.element_id in whole.labels and r.element_id in measured.label_sizes}
    group_of = {a.id: a.group for a in part.actors}
    regions = {}
    for group in part.groups:
        if group.id not in whole.groups:
            continue
        inside = [Rect(*whole.centers[a], *measured.sizes[a])
                  for a, g in group_of.items() if g == group.id]
        inside += [labels[r.element_id] for r in part.relations if r.element_id in labels
                   and group_of[r.source] == group_of[r.target] == group.id]
        regions[group.id] = _fitted(whole.groups[group.id], inside, measured.headers[group.id],
                                    list(labels.values()), LayoutOptions())
    return regions


def _fitted(region: Rect, inside: list[Rect], title_width: float, labels: list[Rect],
            options: LayoutOptions) -> Rect:
    from ._geometry import Rect
    from ._layout import fitted_region

    if not inside:
        return region
    pad, header = options.group_padding, options.group_header
    fitted_left = max(region.x0, min(b.x0 for b in inside) - pad)
    x1 = min(region.x1, max(max(b.x1 for b in inside) + pad,
                            fitted_left + title_width + 2 * pad))
    y0 = max(region.y0, min(b.y0 for b in inside) - pad)
    fitted_top = min(region.y1, max(b.y1 for b in inside) + pad + header)
    fitted = Rect((fitted_left + x1) / 2, (y0 + fitted_top) / 2, x1 - fitted_left,
                  fitted_top - y0)
    # The title sits in the top left corner: fit that corner too where the title stays
    # clear there, else keep the larger map's (where the layout put the title).
    return fitted_region(fitted, region, title_width, labels, options) or region


def view_layout(model: Map, name: str, whole: Layout, layout: str | None = None
                ) -> Layout | None:
    """Where view `name` is drawn: with its actors where the whole map's layout `whole`
    has them, so that a series of pictures reads as one, or None when the view asks to be
    laid out afresh (a layout of its own, or actors sized otherwise than the map).

    The view's relations are routed anew, and a label that the whole map's other
    relations had pushed off its line moves back onto it where the view leaves room
    (see routed_at); unless `layout` (the whole map's, as DrawOptions name it) is one
    whose engine draws the lines too: those keep the whole map's lines and labels."""
    from ._layout import LAYOUTS
    from ._pipeline import layout_name

    if has_own_layout(model, name):
        return None
    part = view_map(model, name)
    if LAYOUTS[layout_name(model, layout)].routes:
        return part_layout(part, whole)
    return part_layout(part, _relaid(part, whole))


def _relaid(part: Map, whole: Layout) -> Layout:
    """The part with its actors and group regions where `whole` has them, and its own
    labels put on its relations' lines and routed."""
    from ._graph import to_graph
    from ._layout import routed_at
    from ._scene import layout_input
    from ._text import measure

    measured = layout_input(part, measure)
    regions = {g.id: whole.groups[g.id] for g in part.groups if g.id in whole.groups}
    return routed_at(to_graph(part), measured.sizes, measured.label_sizes, measured.headers,
                     whole.centers, regions, whole.labels)


@dataclass(frozen=True)
class Diff:
    """What changed between two maps, and the map that draws it: the union of both.

    Lay out `map` once (conceptmap.layout) and draw it at that layout for the newer map
    with the changes marked; draw `old` at `old_layout(that layout)` for the older map
    with every actor where the diff has it.
    """

    map: Map  # the newer map plus, marked removed, what only the older had: the union
    added_actors: tuple[Actor, ...]
    removed_actors: tuple[Actor, ...]
    added_relations: tuple[Relation, ...]
    removed_relations: tuple[Relation, ...]
    changed: tuple[str, ...]  # one line per changed actor or relation
    old: Map
    # Each relation of the older map, and the union's relation that stands for it.
    old_relations: tuple[tuple[Relation, Relation], ...] = ()

    def old_layout(self, union: Layout) -> Layout:
        """The union's layout for drawing the older map: its relations (which may be
        numbered otherwise there, or run the other way) take the union's routes."""
        labels, routes, ends = {}, {}, {}
        for before, relation in self.old_relations:
            key, drawn = before.element_id, relation.element_id
            route = union.routes[drawn]
            if (before.source, before.target) != (relation.source, relation.target):
                route = route[::-1]  # an undirected relation written the other way round
            routes[key] = route
            ends[key] = (before.source, before.target)
            if drawn in union.labels:
                labels[key] = union.labels[drawn]
        unrouted = tuple(before.element_id for before, relation in self.old_relations
                         if relation.element_id in union.unrouted)
        return part_layout(self.old, replace(union, labels=labels, routes=routes, ends=ends,
                                             unrouted=unrouted))

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


def diff(old: Map, new: Map) -> Diff:
    """Compare two maps. The drawn map is their union: `new` plus, marked removed, what
    `old` had and `new` has not; laid out once, it places both pictures (see Diff)."""
    new_ids = {a.id for a in new.actors}
    old_ids = {a.id for a in old.actors}
    added_actors = tuple(a for a in new.actors if a.id not in old_ids)
    removed_actors = tuple(a for a in old.actors if a.id not in new_ids)
    old_keys, new_keys = _relation_keys(old), _relation_keys(new)
    added_relations = tuple(r for k, r in new_keys.items() if k not in old_keys)
    removed_relations = tuple(r for k, r in old_keys.items() if k not in new_keys)
    shared = [(old_keys[k], r) for k, r in new_keys.items() if k in old_keys]
    originals = [*new.relations, *removed_relations]
    relations = _renumber(originals)
    union_of = {id(o): r for o, r in zip(originals, relations, strict=True)}
    added = {id(r) for r in added_relations}
    marks = [(a.element_id, "added") for a in added_actors]
    marks += [(a.element_id, "removed") for a in removed_actors]
    for index, (relation, original) in enumerate(zip(relations, originals, strict=True)):
        if index >= len(new.relations):
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
    old_relations = tuple((before, union_of[id(new_keys.get(key, before))])
                          for key, before in old_keys.items())
    return Diff(merged, added_actors, removed_actors, added_relations, removed_relations,
                tuple(_changes(old, new, shared)), old, old_relations)
