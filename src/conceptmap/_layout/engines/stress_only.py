"""Stress majorization alone (neato's model): graph distances kept as well as they can
be, without the springs that the default engine settles the shape with."""

from __future__ import annotations

import networkx as nx
import numpy as np

from . import spring
from .stress import STRESS_LIMIT, stress_layout

__all__ = ["place"]


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    if len(graph) > STRESS_LIMIT:
        return spring.place(graph, seed)
    return stress_layout(graph, list(graph.nodes), seed)
