"""Views: named parts of a map (by actor type, group or id, relation type, or around one
actor), each drawn as a map of its own. Pure: a model goes in, a smaller model comes out."""

from __future__ import annotations

from dataclasses import replace

from ._model import Actor, Map, View, ViewFilter

__all__ = ["has_own_layout", "view_map"]


def _names_actors(spec: ViewFilter) -> bool:
    return bool(spec.types or spec.groups or spec.actors)


def _matches(actor: Actor, spec: ViewFilter) -> bool:
    return actor.type in spec.types or actor.group in spec.groups or actor.id in spec.actors


def _relation_type_kept(view: View, rtype: str) -> bool:
    return (not view.keep.relations or rtype in view.keep.relations) \
        and rtype not in view.drop.relations


def _within_steps(model: Map, view: View) -> set[str]:
    """The focus actor and every actor at most `steps` relations (of kept types) away."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in model.actors)
    graph.add_edges_from((r.source, r.target) for r in model.relations
                         if _relation_type_kept(view, r.type))
    return set(nx.single_source_shortest_path_length(graph, view.focus, cutoff=view.steps))


def view_map(model: Map, name: str) -> Map:
    """The part of the map that view `name` shows, with the view's title and choices.

    Relations keep their element ids, so a view can be drawn at the whole map's positions.
    An actor whose relations the view all leaves out goes too (unless keep_unconnected),
    except the focus actor.
    """
    view = model.view(name)
    near = _within_steps(model, view) if view.focus is not None else None
    kept = {a.id for a in model.actors
            if (not _names_actors(view.keep) or _matches(a, view.keep))
            and not _matches(a, view.drop) and (near is None or a.id in near)}
    relations = tuple(r for r in model.relations if r.source in kept and r.target in kept
                      and _relation_type_kept(view, r.type))
    if not view.keep_unconnected:
        connected = {r.source for r in model.relations} | {r.target for r in model.relations}
        still = {r.source for r in relations} | {r.target for r in relations}
        kept -= {a for a in connected - still if a != view.focus}
    actors = tuple(a for a in model.actors if a.id in kept)
    groups = tuple(g for g in model.groups if any(a.group == g.id for a in actors))
    return replace(
        model, actors=actors, relations=relations, groups=groups,
        title=view.title if view.title is not None else model.title,
        subtitle=view.subtitle if view.subtitle is not None else model.subtitle,
        layout=_layout(model, view), size_by=view.size_by or model.size_by, views=(),
        type_order=model.actor_types())


def has_own_layout(model: Map, name: str) -> bool:
    """Whether view `name` is laid out afresh rather than drawn where the whole map has
    its actors: when it asks for a layout, or sizes its actors otherwise than the map
    (boxes of other sizes would not fit the whole map's places)."""
    view = model.view(name)
    return view.layout is not None or (view.size_by or model.size_by) != model.size_by


def _layout(model: Map, view: View) -> str | None:
    if view.layout == "own":
        return model.layout
    return view.layout or model.layout
