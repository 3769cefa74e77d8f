"""Fruchterman-Reingold springs (networkx), seeded."""

from __future__ import annotations

import networkx as nx
import numpy as np

__all__ = ["place"]


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    return nx.spring_layout(graph, seed=seed, weight="weight", iterations=100)
