"""The default engine: stress majorization for the shape, springs to settle it."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np

__all__ = ["place"]

STRESS_LIMIT = 200  # nodes: beyond this the all-pairs distances cost more than they give


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    nodes = list(graph.nodes)
    start = stress_layout(graph, nodes, seed) if len(nodes) <= STRESS_LIMIT else None
    return nx.spring_layout(graph, pos=start, seed=seed, weight="weight", iterations=100)


def stress_layout(graph: nx.Graph, nodes: Sequence[str], seed: int,
                  rounds: int = 150) -> dict[str, np.ndarray]:
    """Stress majorization (SMACOF) on graph distances: Kamada-Kawai's goal, reached
    with a few hundred matrix products instead of a general optimiser."""
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    dist = np.full((n, n), np.inf)
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, length in lengths.items():
            dist[index[source], index[target]] = length
    finite = dist[np.isfinite(dist)]
    dist[~np.isfinite(dist)] = (finite.max() if finite.size else 1.0) + 1.0
    np.fill_diagonal(dist, 0.0)
    weights = np.zeros_like(dist)
    off = dist > 0
    weights[off] = dist[off] ** -2.0
    laplacian = -weights
    np.fill_diagonal(laplacian, weights.sum(axis=1))
    inverse = np.linalg.pinv(laplacian)
    positions = np.random.default_rng(seed).uniform(-1.0, 1.0, (n, 2))
    for _ in range(rounds):
        gaps = np.hypot(*(positions[:, None, :] - positions[None, :, :]).transpose(2, 0, 1))
        ratio = np.zeros_like(dist)
        ratio[off] = -weights[off] * dist[off] / np.maximum(gaps[off], 1e-9)
        np.fill_diagonal(ratio, -ratio.sum(axis=1))
        positions = inverse @ (ratio @ positions)
    positions -= positions.mean(axis=0)
    scale = np.abs(positions).max() or 1.0
    return {node: positions[index[node]] / scale for node in nodes}
