"""Layers along the directed relations, longest path first, layer 0 on top."""

from __future__ import annotations

import networkx as nx
import numpy as np

__all__ = ["layers_of", "place"]


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    """Needs the node attribute "layer" (see layers_of); nodes without one go on top."""
    layers: dict[int, list[str]] = {}
    for node in graph.nodes:
        layers.setdefault(graph.nodes[node].get("layer", 0), []).append(node)
    # Layers given as lists in node order: by attribute name networkx groups the nodes
    # into sets, whose order changes with the string hash seed from run to run.
    positions = nx.multipartite_layout(graph, subset_key=dict(sorted(layers.items())),
                                       align="horizontal")
    # Layer 0 on top: flip y so that relations read downwards.
    return {n: np.array([p[0], -p[1]]) for n, p in positions.items()}


def layers_of(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Longest-path layers of the directed relations, cycles broken in DFS order."""
    dag = nx.DiGraph()
    dag.add_nodes_from(sorted(graph.nodes))
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if data.get("directed") and source != target:
            dag.add_edge(source, target)
    _break_cycles(dag)
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        preds = list(dag.predecessors(node))
        layer[node] = 1 + max(layer[p] for p in preds) if preds else 0
    return layer


def _break_cycles(dag: nx.DiGraph) -> None:
    """Remove the closing edge of each cycle until none is left (deterministic order)."""
    while True:
        try:
            cycle = nx.find_cycle(dag)
        except nx.NetworkXNoCycle:
            return
        dag.remove_edge(cycle[-1][0], cycle[-1][1])
