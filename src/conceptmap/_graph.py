"""Stage 3: the map as a networkx graph, the shape layouts and exporters work on."""

from __future__ import annotations

import networkx as nx

from ._model import Map

__all__ = ["to_graph", "undirected_weights"]


def to_graph(model: Map) -> nx.MultiDiGraph:
    """One node per actor (sorted by id), one keyed edge per relation (file order)."""
    graph = nx.MultiDiGraph(title=model.title or model.name)
    for actor in sorted(model.actors, key=lambda a: a.id):
        graph.add_node(actor.id, label=actor.label, type=actor.type, group=actor.group,
                       pos=actor.pos)
    for relation in model.relations:
        rtype = model.relation_type(relation.type)
        graph.add_edge(relation.source, relation.target, key=relation.element_id,
                       type=relation.type, directed=rtype.directed, label=relation.label,
                       strength=relation.strength or 1)
    return graph


def undirected_weights(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph whose edge weight counts the relations between two actors."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for source, target in graph.edges():
        if source == target:
            continue
        weight = simple.get_edge_data(source, target, {"weight": 0})["weight"] + 1
        simple.add_edge(source, target, weight=weight)
    return simple
