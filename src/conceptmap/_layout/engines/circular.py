"""Actors on a circle (networkx), in node order."""

from __future__ import annotations

import networkx as nx
import numpy as np

__all__ = ["place"]


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    return nx.circular_layout(graph)
