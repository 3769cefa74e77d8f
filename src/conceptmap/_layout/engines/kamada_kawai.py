"""Kamada-Kawai path-length energy (networkx); springs where the graph falls apart."""

from __future__ import annotations

import networkx as nx
import numpy as np

from . import spring

__all__ = ["place"]


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    if nx.is_connected(graph):
        return nx.kamada_kawai_layout(graph, weight=None)
    return spring.place(graph, seed)
