"""Layout engines: each places the nodes of a graph in unit coordinates, seeded.

One module per engine, each with `place(graph, seed) -> {node: array([x, y])}`;
their names live in conceptmap._registry.LAYOUTS. Sizes, pins and groups are the
business of the stages around an engine, not of the engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import networkx as nx
import numpy as np

from ..._registry import LAYOUTS

__all__ = ["Engine", "engine_named", "unit_positions"]


class Engine(Protocol):
    def place(self, graph: nx.Graph, seed: int) -> dict[str, np.ndarray]: ...


def engine_named(name: str) -> Engine:
    """The engine module registered under `name` (imported on first use)."""
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; known: {', '.join(LAYOUTS)}")
    module = importlib.import_module(f"{__name__}.{LAYOUTS[name].module}")
    return module  # type: ignore[return-value]


def unit_positions(nodes: Sequence[str], links: Iterable[tuple[str, str, float]],
                   algorithm: str, seed: int,
                   layers: Mapping[str, int] | None = None) -> dict[str, np.ndarray]:
    """Positions of `nodes`, linked by weighted `links`, from the named engine.

    `layers` (node -> layer) is given to the engine as the node attribute "layer".
    """
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for u, v, weight in links:
        if u != v:
            old = graph.get_edge_data(u, v, {"weight": 0.0})["weight"]
            graph.add_edge(u, v, weight=old + weight)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    for node, layer in (layers or {}).items():
        if node in graph:
            graph.nodes[node]["layer"] = layer
    return engine_named(algorithm).place(graph, seed)
