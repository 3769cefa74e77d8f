"""Stage 4: place actors, relation labels and group regions; route relations.

Pure: a graph, the sizes of what will be drawn and options go in, positions come
out (points, y up). Every layout is seeded, so the same input gives the same
picture. Relation labels take part in the layout as small nodes of their own
(as Graphviz does), so overlap removal keeps them clear of actors and of each
other; relations are then routed through their label and bent around actors
they do not connect.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy as np

from ._geometry import (
    Point,
    Rect,
    free_spot,
    overlap_pairs,
    rects_hit_by_polyline,
    remove_overlaps,
)
from ._routing import leg_options, route_leg

__all__ = ["LAYOUTS", "Layout", "LayoutOptions", "compute_layout"]

LAYOUTS = ("default", "force", "kamada-kawai", "circular", "layered")
# Layouts that place each group on its own, so that group regions stay clean.
CLUSTERED = ("default", "force", "kamada-kawai")
Size = tuple[float, float]


@dataclass(frozen=True)
class LayoutOptions:
    algorithm: str = "default"
    seed: int = 7
    gap: float = 16.0  # least space between two boxes, in points
    group_padding: float = 12.0
    group_header: float = 18.0  # room above a group's members for its label
    # Width the drawing should keep within (points), or None for no limit: the page.
    page_width: float | None = None


@dataclass(frozen=True)
class Layout:
    """Where everything goes. Routes are quadratic Bezier chains: P0 C0 P1 C1 P2 ..."""

    centers: Mapping[str, Point]
    labels: Mapping[str, Point]
    routes: Mapping[str, tuple[Point, ...]]
    groups: Mapping[str, Rect]
    unrouted: tuple[str, ...] = ()
    ends: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # relation -> actors


@dataclass(frozen=True)
class _Edge:
    key: str
    source: str
    target: str
    waypoint: str | None  # id of the label node the relation passes through


def _label_node(key: str) -> str:
    return f"\x00label:{key}"


def _edges(graph: nx.MultiDiGraph, label_sizes: Mapping[str, Size]) -> list[_Edge]:
    pair_counts: dict[frozenset[str], int] = {}
    for source, target in graph.edges():
        pair = frozenset((source, target))
        pair_counts[pair] = pair_counts.get(pair, 0) + 1
    edges = []
    for source, target, key in graph.edges(keys=True):
        needs_waypoint = key in label_sizes or pair_counts[frozenset((source, target))] > 1
        edges.append(_Edge(key, source, target, _label_node(key) if needs_waypoint else None))
    return edges


def _waypoint_size(key: str, label_sizes: Mapping[str, Size]) -> Size:
    return label_sizes.get(key, (6.0, 6.0))


def _unit_positions(nodes: Sequence[str], links: Iterable[tuple[str, str, float]],
                    algorithm: str, seed: int,
                    layers: Mapping[str, int] | None = None) -> dict[str, np.ndarray]:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for u, v, weight in links:
        if u != v:
            old = graph.get_edge_data(u, v, {"weight": 0.0})["weight"]
            graph.add_edge(u, v, weight=old + weight)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if algorithm == "circular":
        return nx.circular_layout(graph)
    if algorithm == "kamada-kawai" and nx.is_connected(graph):
        return nx.kamada_kawai_layout(graph, weight=None)
    if algorithm == "layered":
        return _layered(graph, nodes, layers or {})
    start = _stress_layout(graph, nodes, seed) \
        if algorithm == "default" and len(nodes) <= 200 else None
    return nx.spring_layout(graph, pos=start, seed=seed, weight="weight", iterations=100)


def _stress_layout(graph: nx.Graph, nodes: Sequence[str], seed: int,
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


def _layered(graph: nx.Graph, nodes: Sequence[str],
             layers: Mapping[str, int]) -> dict[str, np.ndarray]:
    for node in nodes:
        graph.nodes[node]["layer"] = layers.get(node, 0)
    positions = nx.multipartite_layout(graph, subset_key="layer", align="horizontal")
    # Layer 0 on top: flip y so that relations read downwards.
    return {n: np.array([p[0], -p[1]]) for n, p in positions.items()}


def _layers(graph: nx.MultiDiGraph) -> dict[str, int]:
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


def _scale_to_points(unit: Mapping[str, np.ndarray], sizes: Mapping[str, Size],
                     links: Sequence[tuple[str, str, float]], gap: float) -> dict[str, np.ndarray]:
    """Scale unit-square positions so that linked boxes sit about one gap apart."""
    diag = {n: max(sizes[n]) * 0.4 for n in unit}
    lengths = [float(np.linalg.norm(unit[u] - unit[v])) for u, v, _w in links if u != v]
    targets = [diag[u] + diag[v] + gap for u, v, _w in links if u != v]
    if lengths and float(np.median(lengths)) > 1e-9:
        factor = float(np.median(targets)) / float(np.median(lengths))
    else:
        area = sum((w + gap) * (h + gap) for w, h in sizes.values())
        factor = math.sqrt(area)
    return {n: p * factor for n, p in unit.items()}


def _place(nodes: Sequence[str], sizes: Mapping[str, Size],
           links: Sequence[tuple[str, str, float]], options: LayoutOptions,
           algorithm: str, layers: Mapping[str, int] | None = None) -> dict[str, Point]:
    """Place boxes of the given sizes without overlaps, linked ones near each other.

    Unconnected parts are laid out one by one and packed side by side (as Graphviz
    does), so that a lone actor is not flung to the far edge of the picture.
    """
    nodes = sorted(nodes)
    if algorithm in ("circular", "layered"):
        return _place_component(nodes, sizes, links, options, algorithm, layers)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((u, v) for u, v, _w in links)
    parts = [sorted(c) for c in nx.connected_components(graph)]
    parts.sort(key=lambda c: (-len(c), c[0]))
    if len(parts) == 1:
        return _place_component(nodes, sizes, links, options, algorithm, layers)
    placed_parts = []
    for part in parts:
        members = set(part)
        inner = [link for link in links if link[0] in members]
        placed_parts.append(_place_component(part, sizes, inner, options, algorithm, layers))
    return _pack(placed_parts, sizes, options.gap * 2)


def _place_component(nodes: Sequence[str], sizes: Mapping[str, Size],
                     links: Sequence[tuple[str, str, float]], options: LayoutOptions,
                     algorithm: str, layers: Mapping[str, int] | None) -> dict[str, Point]:
    unit = _unit_positions(nodes, links, algorithm, options.seed, layers)
    scaled = _scale_to_points(unit, sizes, links, options.gap)
    centers = np.array([scaled[n] for n in nodes], dtype=float)
    size_array = np.array([sizes[n] for n in nodes], dtype=float)
    placed = remove_overlaps(centers, size_array, np.ones(len(nodes), bool), options.gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def _bounds(placed: Mapping[str, Point], sizes: Mapping[str, Size]) -> Rect:
    x0 = min(x - sizes[n][0] / 2 for n, (x, y) in placed.items())
    x1 = max(x + sizes[n][0] / 2 for n, (x, y) in placed.items())
    y0 = min(y - sizes[n][1] / 2 for n, (x, y) in placed.items())
    y1 = max(y + sizes[n][1] / 2 for n, (x, y) in placed.items())
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


def _pack(parts: Sequence[Mapping[str, Point]], sizes: Mapping[str, Size], gap: float
          ) -> dict[str, Point]:
    """Shelf-pack laid-out parts, largest first, into rows about 1.5 times wider than tall."""
    boxes = [_bounds(part, sizes) for part in parts]
    area = sum((b.width + gap) * (b.height + gap) for b in boxes)
    row_width = max(max(b.width for b in boxes), math.sqrt(area * 1.5))
    result: dict[str, Point] = {}
    x = y = row_height = 0.0
    for part, box in zip(parts, boxes, strict=True):
        if x > 0 and x + box.width > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        dx, dy = x - box.x0, y - box.y1
        result.update({n: (px + dx, py + dy) for n, (px, py) in part.items()})
        x += box.width + gap
        row_height = max(row_height, box.height)
    return result


def _inner_width(options: LayoutOptions) -> float | None:
    """The width a group's members may take: the page less the group's padding."""
    if options.page_width is None:
        return None
    return options.page_width - 2 * options.group_padding


def _fit_width(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
               gap: float, rounds: int = 6) -> dict[str, Point]:
    """Bring a placement within `limit` points of width, for a page that is narrower
    than the drawing: first turn it upright (a quarter turn keeps every distance, so
    it costs no crossings), then squeeze it sideways and let overlap removal stack
    the boxes that collide, which makes it taller instead."""
    box = _bounds(placed, sizes)
    if limit is None or box.width <= limit or len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    turned = _turn(pos, dims, gap)
    if _extent(turned, dims)[0] < box.width:
        pos = turned
    # A map too large for the page keeps a report-friendly shape (at most about A4's
    # height for its width) instead of becoming a strip: it is then drawn wider.
    width, height = _extent(pos, dims)
    limit = max(limit, math.sqrt(width * height / _TALLEST))
    for _ in range(rounds):
        width = _extent(pos, dims)[0]
        if width <= limit:
            break
        # Squeeze the distances between centres, which the boxes' own widths cannot.
        spread = width - dims[:, 0].max()
        room = max(limit - dims[:, 0].max(), 1.0)
        factor = min(0.95, room / max(spread, 1e-9))
        centre = pos[:, 0].mean()
        pos[:, 0] = centre + (pos[:, 0] - centre) * factor
        pos = remove_overlaps(pos, dims, np.ones(len(nodes), bool), gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}


def _turn(pos: np.ndarray, dims: np.ndarray, gap: float) -> np.ndarray:
    """A quarter turn of the centres; boxes stay upright, so some may then touch."""
    turned = np.column_stack([-pos[:, 1], pos[:, 0]])
    if len(overlap_pairs(turned, dims, gap)):
        turned = remove_overlaps(turned, dims, np.ones(len(pos), bool), gap)
    return turned


def _upright(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
             gap: float) -> dict[str, Point]:
    """A quarter turn for a placement wider than `limit` that is narrower turned: it
    keeps the distances between centres (a group, before its members face out)."""
    if limit is None or len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    turned = _turn(pos, dims, gap)
    width = _extent(pos, dims)[0]
    if width <= limit or _extent(turned, dims)[0] >= width:
        return placed
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, turned, strict=True)}


def _compact(placed: dict[str, Point], sizes: Mapping[str, Size], gap: float
             ) -> dict[str, Point]:
    """Shrink a placement uniformly towards its centre as far as its boxes allow.

    Force layouts leave space that no box needs; scaling all distances alike keeps
    the drawing's shape (and its crossings) while the empty space goes."""
    if len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    if len(overlap_pairs(pos, dims, gap)):
        return placed
    centre = pos.mean(axis=0)
    # All distances alike first (the shape stays), then each axis on its own (the
    # space that is left between rows or between columns).
    for axes in (np.array([1.0, 1.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0])):
        low, high = 0.2, 1.0
        for _ in range(10):  # bisect the smallest factor with no two boxes too close
            mid = (low + high) / 2
            factor = 1 - (1 - mid) * axes
            if len(overlap_pairs(centre + (pos - centre) * factor, dims, gap)):
                low = mid
            else:
                high = mid
        pos = centre + (pos - centre) * (1 - (1 - high) * axes)
    # What one tight pair kept from shrinking: squeeze further and push apart again
    # only where boxes then collide (kept if the drawing got smaller).
    squeezed = remove_overlaps(centre + (pos - centre) * _SQUEEZE, dims,
                               np.ones(len(nodes), bool), gap)
    if np.prod(_extent(squeezed, dims)) < np.prod(_extent(pos, dims)):
        pos = squeezed
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}


_SQUEEZE = 0.6


_TALLEST = 1.4  # height / width that squeezing a drawing to a page may reach


def _extent(pos: np.ndarray, dims: np.ndarray) -> tuple[float, float]:
    low = (pos - dims / 2).min(axis=0)
    high = (pos + dims / 2).max(axis=0)
    return float(high[0] - low[0]), float(high[1] - low[1])


def _split_links(edges: Sequence[_Edge], owner: Mapping[str, str]) -> list[tuple[str, str, float]]:
    """Links between layout nodes (via owner: node -> the box that stands for it)."""
    links: list[tuple[str, str, float]] = []
    for edge in edges:
        if edge.waypoint is None:
            links.append((owner[edge.source], owner[edge.target], 1.0))
        else:
            links.append((owner[edge.source], owner[edge.waypoint], 1.0))
            links.append((owner[edge.waypoint], owner[edge.target], 1.0))
    return links


def _group_rect(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                members: Iterable[str], options: LayoutOptions, header_width: float) -> Rect:
    boxes = [Rect(*centers[m], *sizes[m]) for m in members]
    pad = options.group_padding
    x0 = min(b.x0 for b in boxes) - pad
    x1 = max(max(b.x1 for b in boxes) + pad, x0 + header_width + 2 * pad)
    y0 = min(b.y0 for b in boxes) - pad
    y1 = max(b.y1 for b in boxes) + pad + options.group_header
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


def _clustered(graph: nx.MultiDiGraph, sizes: Mapping[str, Size], edges: Sequence[_Edge],
               label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
               options: LayoutOptions) -> tuple[dict[str, Point], dict[str, Rect]]:
    """Lay out each group on its own, then the groups and lone actors, then every label
    on its relation's line."""
    group_of = {n: graph.nodes[n].get("group") for n in graph.nodes}
    all_sizes = dict(sizes)
    cross = []
    for edge in edges:
        if edge.waypoint:
            all_sizes[edge.waypoint] = _waypoint_size(edge.key, label_sizes)
            source_group, target_group = group_of[edge.source], group_of[edge.target]
            if source_group is not None and source_group == target_group:
                group_of[edge.waypoint] = source_group
            elif source_group is None and target_group is None:
                group_of[edge.waypoint] = None
            else:
                cross.append(edge)
    local, cluster_sizes, groups = _place_groups(group_of, all_sizes, edges, group_headers,
                                                 options)
    owner = {n: (f"\x00group:{g}" if g is not None else n) for n, g in group_of.items()}
    for node, gid in group_of.items():
        if gid is None:
            cluster_sizes[node] = all_sizes[node]
            local[node] = (0.0, 0.0)
    outer = [e if e not in cross else _Edge(e.key, e.source, e.target, None)
             for e in edges if owner[e.source] != owner[e.target]]
    spaced = replace(options, gap=options.gap * 2.5)
    top_links = _split_links(outer, owner)
    top = _place(sorted(cluster_sizes), cluster_sizes, top_links, spaced, options.algorithm)
    top = _fit_width(_pull_in(top, cluster_sizes, top_links, spaced.gap), cluster_sizes,
                     options.page_width, spaced.gap)
    top = _compact(top, cluster_sizes, spaced.gap)
    if groups and outer:
        # Second pass: turn each group's members towards the clusters they relate to.
        local, groups = _face_outwards(group_of, all_sizes, edges, group_headers, options,
                                       local, top, owner)
        for gid, rect in groups.items():
            cluster_sizes[f"\x00group:{gid}"] = (rect.width, rect.height)
        top = _fit_width(_respace(top, cluster_sizes, spaced.gap), cluster_sizes,
                         options.page_width, spaced.gap)
        top = _compact(top, cluster_sizes, spaced.gap)
    centers = {n: (top[owner[n]][0] + local[n][0], top[owner[n]][1] + local[n][1])
               for n in group_of}
    regions = {gid: Rect(*top[f"\x00group:{gid}"], rect.width, rect.height)
               for gid, rect in groups.items()}
    headers = [Rect(r.x0 + (group_headers.get(g, 0.0) + 16) / 2, r.y1 - options.group_header / 2,
                    group_headers.get(g, 0.0) + 16, options.group_header)
               for g, r in regions.items()]
    # The label nodes have made room; now put every label on its relation's line.
    actors_only = _untangle({n: c for n, c in centers.items() if n in sizes}, sizes, edges,
                            group_of, options.gap / 2)
    labelled = [e for e in edges if e.waypoint is not None]
    placed = _fit_labels(actors_only, all_sizes, labelled, label_sizes, options, headers)
    return placed, _tighten(regions, placed, all_sizes, group_of, group_headers, options)


def _straight_crossings(centers: Mapping[str, Point], edges: Sequence[_Edge]) -> int:
    lines = [(e.source, e.target) for e in edges if e.source != e.target]
    seg = np.array([(*centers[a], *centers[b]) for a, b in lines], dtype=float).reshape(-1, 4)
    hits = np.triu(segments_cross(seg, seg), k=1)
    a, b = np.nonzero(hits)
    return sum(1 for i, j in zip(a, b, strict=True) if not set(lines[i]) & set(lines[j]))


def _untangle(centers: dict[str, Point], sizes: Mapping[str, Size], edges: Sequence[_Edge],
              group_of: Mapping[str, str | None], gap: float, passes: int = 3
              ) -> dict[str, Point]:
    """Hill-climb on crossings of straight relations: mirror a group, or swap two of
    its members, wherever that crosses less and no box then overlaps another."""
    if len(centers) > _TRIAL_LIMIT or not edges:
        return centers
    best = dict(centers)
    unit = float(np.mean([math.hypot(*sizes[a]) for a in best]))
    score = _tangle(best, edges, unit)
    groups = sorted({g for a, g in group_of.items() if g is not None and a in best})
    for _ in range(passes):
        improved = False
        for gid in groups:
            members = sorted(a for a in best if group_of.get(a) == gid)
            tight = _bounds({m: best[m] for m in members}, sizes)
            # Members may use the group padding too (the region is drawn around them).
            bound = Rect(tight.cx, tight.cy, tight.width + 16, tight.height + 16)
            for candidate in _group_moves(best, sizes, members):
                if _fits(candidate, sizes, members, gap, bound):
                    new = _tangle(candidate, edges, unit)
                    if new < score - 1e-9:
                        best, score, improved = candidate, new, True
        if not improved:
            break
    return best


LENGTH_WEIGHT = 0.15  # crossings one box diagonal of extra relation length is worth


def _tangle(centers: Mapping[str, Point], edges: Sequence[_Edge], unit: float) -> float:
    """What untangling minimises: crossings, plus total relation length in box
    diagonals (weighted), so that fewer crossings are not bought with long detours."""
    length = sum(math.dist(centers[e.source], centers[e.target]) for e in edges)
    return _straight_crossings(centers, edges) + LENGTH_WEIGHT * length / unit


def _group_moves(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                 members: Sequence[str]) -> Iterable[dict[str, Point]]:
    box = _bounds({m: centers[m] for m in members}, sizes)
    for axis in (0, 1):
        mirrored = dict(centers)
        for m in members:
            point = list(centers[m])
            point[axis] = 2 * (box.cx, box.cy)[axis] - point[axis]
            mirrored[m] = (point[0], point[1])
        yield mirrored
    for a, b in itertools.combinations(members, 2):
        swapped = dict(centers)
        swapped[a], swapped[b] = centers[b], centers[a]
        yield swapped


def _fits(centers: Mapping[str, Point], sizes: Mapping[str, Size], members: Sequence[str],
          gap: float, bound: Rect) -> bool:
    """The members' boxes overlap nothing and stay inside `bound` (their old extent)."""
    names = list(centers)
    pos = np.array([centers[n] for n in names], dtype=float)
    dims = np.array([sizes[n] for n in names], dtype=float)
    rows = np.array([names.index(m) for m in members])
    mine_pos, mine_dims = pos[rows], dims[rows]
    if ((mine_pos - mine_dims / 2) < (bound.x0 - 0.01, bound.y0 - 0.01)).any() or \
            ((mine_pos + mine_dims / 2) > (bound.x1 + 0.01, bound.y1 + 0.01)).any():
        return False
    apart = np.abs(mine_pos[:, None, :] - pos[None, :, :]) >= \
        (mine_dims[:, None, :] + dims[None, :, :]) / 2 + gap
    clash = ~apart.any(axis=2)
    clash[np.arange(len(rows)), rows] = False
    return not clash.any()


def _tighten(regions: Mapping[str, Rect], placed: Mapping[str, Point],
             sizes: Mapping[str, Size], group_of: Mapping[str, str | None],
             group_headers: Mapping[str, float], options: LayoutOptions) -> dict[str, Rect]:
    """Fit each region to where its members and labels ended up, where that stays clean."""
    tight = dict(regions)
    for gid in sorted(regions):
        inside = [n for n in placed if group_of.get(n) == gid]
        rect = _group_rect(placed, sizes, inside, options, group_headers.get(gid, 0.0))
        outsiders = [Rect(*placed[n], *sizes[n]) for n in placed
                     if group_of.get(n) != gid and not n.startswith("\x00label:")]
        others = [r for g, r in tight.items() if g != gid]
        header = Rect(rect.x0 + (group_headers.get(gid, 0.0) + 16) / 2,
                      rect.y1 - options.group_header / 2, group_headers.get(gid, 0.0) + 16,
                      options.group_header)
        labels = [Rect(*placed[n], *sizes[n]) for n in placed if n.startswith("\x00label:")]
        if not any(rect.overlaps(o) for o in outsiders + others) and \
                not any(header.overlaps(label) for label in labels):
            tight[gid] = rect
    return tight


def _pull_in(top: Mapping[str, Point], sizes: Mapping[str, Size],
             links: Sequence[tuple[str, str, float]], gap: float) -> dict[str, Point]:
    """Bring each lone actor to the free spot nearest its neighbours (springs leave
    small nodes linked to large groups far out)."""
    placed = dict(top)
    nodes = sorted(placed)
    for node in nodes:
        if node.startswith("\x00group:"):
            continue
        neighbours = sorted({v for u, v, _w in links if u == node and v != node}
                            | {u for u, v, _w in links if v == node and u != node})
        if not neighbours:
            continue
        target = np.mean([placed[n] for n in neighbours], axis=0)
        others = [n for n in nodes if n != node]
        spot = free_spot(target, np.array(sizes[node], dtype=float),
                         np.array([placed[n] for n in others], dtype=float),
                         np.array([sizes[n] for n in others], dtype=float), gap, rings=200)
        here = np.array(placed[node])
        if spot is not None and np.hypot(*(spot - target)) < np.hypot(*(here - target)):
            placed[node] = (float(spot[0]), float(spot[1]))
    return placed


def _respace(top: Mapping[str, Point], sizes: Mapping[str, Size], gap: float
             ) -> dict[str, Point]:
    nodes = sorted(top)
    placed = remove_overlaps(np.array([top[n] for n in nodes], dtype=float),
                             np.array([sizes[n] for n in nodes], dtype=float),
                             np.ones(len(nodes), bool), gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def _face_outwards(group_of: Mapping[str, str | None], sizes: Mapping[str, Size],
                   edges: Sequence[_Edge], group_headers: Mapping[str, float],
                   options: LayoutOptions, local: Mapping[str, Point],
                   top: Mapping[str, Point], owner: Mapping[str, str]
                   ) -> tuple[dict[str, Point], dict[str, Rect]]:
    """Re-place each group's members with fixed anchors in the directions of their
    outside neighbours, so that relations leave a group on the side they are going."""
    new_local = dict(local)
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        cluster = f"\x00group:{gid}"
        members = sorted(n for n in group_of if group_of[n] == gid)
        inner = _split_links([e for e in edges if group_of[e.source] == gid == group_of[e.target]],
                             {m: m for m in members})
        anchors: dict[str, np.ndarray] = {}
        outside: list[tuple[str, str, float]] = []
        for edge in edges:
            for mine, other in ((edge.source, edge.target), (edge.target, edge.source)):
                if group_of[mine] == gid and owner[other] != cluster:
                    direction = np.subtract(top[owner[other]], top[cluster])
                    norm = float(np.hypot(*direction)) or 1.0
                    anchor = f"\x00anchor:{owner[other]}"
                    anchors[anchor] = direction / norm * 1.8
                    outside.append((mine, anchor, 0.6))
        placed = _place_anchored(members, sizes, inner, outside, anchors, options)
        placed = _compact(_fit_width(placed, sizes, _inner_width(options), options.gap),
                          sizes, options.gap)
        rect = _group_rect(placed, sizes, members, options, group_headers.get(gid, 0.0))
        regions[gid] = rect
        new_local.update({m: (x - rect.cx, y - rect.cy) for m, (x, y) in placed.items()})
    return new_local, regions


def _place_anchored(members: Sequence[str], sizes: Mapping[str, Size],
                    inner: Sequence[tuple[str, str, float]],
                    outside: Sequence[tuple[str, str, float]],
                    anchors: Mapping[str, np.ndarray], options: LayoutOptions
                    ) -> dict[str, Point]:
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_nodes_from(sorted(anchors))
    for u, v, weight in [*inner, *outside]:
        old = graph.get_edge_data(u, v, {"weight": 0.0})["weight"]
        graph.add_edge(u, v, weight=old + weight)
    rng = np.random.default_rng(options.seed)
    start = {m: rng.uniform(-0.5, 0.5, 2) for m in members}
    start.update(anchors)
    unit = nx.spring_layout(graph, pos=start, fixed=sorted(anchors) or None, seed=options.seed,
                            weight="weight", iterations=100, k=1 / math.sqrt(len(members) + 1))
    member_unit = {m: unit[m] for m in members}
    scaled = _scale_to_points(member_unit, sizes, inner, options.gap)
    if not inner:
        spread = max(float(np.ptp([p for p in member_unit.values()], axis=0).max()), 1e-9)
        scaled = {m: p / spread * math.sqrt(sum(sizes[n][0] * sizes[n][1] for n in members))
                  for m, p in member_unit.items()}
    centers = np.array([scaled[m] for m in members], dtype=float)
    placed = remove_overlaps(centers, np.array([sizes[m] for m in members], dtype=float),
                             np.ones(len(members), bool), options.gap)
    return {m: (float(x), float(y)) for m, (x, y) in zip(members, placed, strict=True)}


def _place_groups(group_of: Mapping[str, str | None], sizes: Mapping[str, Size],
                  edges: Sequence[_Edge], group_headers: Mapping[str, float],
                  options: LayoutOptions
                  ) -> tuple[dict[str, Point], dict[str, Size], dict[str, Rect]]:
    """Each group laid out around its own centre; returns offsets, sizes and regions."""
    local: dict[str, Point] = {}
    cluster_sizes: dict[str, Size] = {}
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        members = [n for n in group_of if group_of[n] == gid]
        inner = [e for e in edges if group_of[e.source] == gid == group_of[e.target]]
        placed = _place(members, sizes, _split_links(inner, {m: m for m in members}),
                        options, options.algorithm)
        placed = _upright(placed, sizes, _inner_width(options), options.gap)
        placed = _compact(placed, sizes, options.gap)
        rect = _group_rect(placed, sizes, members, options, group_headers.get(gid, 0.0))
        cluster_sizes[f"\x00group:{gid}"] = (rect.width, rect.height)
        regions[gid] = rect
        local.update({m: (x - rect.cx, y - rect.cy) for m, (x, y) in placed.items()})
    return local, cluster_sizes, regions


def _flat(graph: nx.MultiDiGraph, sizes: Mapping[str, Size], edges: Sequence[_Edge],
          label_sizes: Mapping[str, Size], options: LayoutOptions) -> dict[str, Point]:
    """Place actors with the chosen algorithm, then fit labels in around them."""
    actors = sorted(graph.nodes)
    layers = _layers(graph) if options.algorithm == "layered" else None
    plain = [_Edge(e.key, e.source, e.target, None) for e in edges]
    widest = max((w for w, _h in label_sizes.values()), default=0.0)
    roomy = replace(options, gap=options.gap + widest * 0.6)
    centers = _place(actors, sizes, _split_links(plain, {a: a for a in actors}), roomy,
                     options.algorithm, layers)
    if options.algorithm != "layered":  # layers read downwards: keep their direction
        centers = _fit_width(centers, sizes, options.page_width, roomy.gap)
    return _fit_labels(centers, sizes, edges, label_sizes, options)


def _fit_labels(centers: dict[str, Point], sizes: Mapping[str, Size], edges: Sequence[_Edge],
                label_sizes: Mapping[str, Size], options: LayoutOptions,
                keep_clear: Sequence[Rect] = ()) -> dict[str, Point]:
    """Put each waypoint on its relation's line where it overlaps nothing.

    Parallel relations get lines offset to either side; along the line the label
    slides from the middle outwards, and only if the whole line is taken does it
    go to the nearest free spot off the line.
    """
    placed = dict(centers)
    fixed = [(*centers[n], *sizes[n]) for n in centers] + \
        [(r.cx, r.cy, r.width, r.height) for r in keep_clear]
    waypoints = [e for e in edges if e.waypoint is not None]
    occupied = np.zeros((len(fixed) + len(waypoints), 4))
    occupied[: len(fixed)] = np.array(fixed, dtype=float).reshape(-1, 4)
    count = len(fixed)
    actors = [n for n in centers if not n.startswith("\x00label:")]
    row = {a: i for i, a in enumerate(actors)}
    boxes = np.array([(centers[a][0] - sizes[a][0] / 2 - 5, centers[a][1] - sizes[a][1] / 2 - 5,
                       centers[a][0] + sizes[a][0] / 2 + 5, centers[a][1] + sizes[a][1] / 2 + 5)
                      for a in actors], dtype=float).reshape(-1, 4)
    seen: dict[frozenset[str], int] = {}
    for edge in waypoints:
        start, end = np.array(centers[edge.source]), np.array(centers[edge.target])
        pair = frozenset((edge.source, edge.target))
        rank = seen[pair] = seen.get(pair, 0) + 1
        offset = (rank // 2) * (1 if rank % 2 else -1) * 26.0
        direction = end - start
        length = float(np.hypot(*direction)) or 1.0
        normal = np.array([-direction[1], direction[0]]) / length
        size = _waypoint_size(edge.key, label_sizes)
        keep = np.ones(len(actors), dtype=bool)
        keep[[row[edge.source], row[edge.target]]] = False
        spot = _slide((start, end), offset, normal, size, occupied[:count], boxes[keep],
                      options.gap / 2)
        assert edge.waypoint is not None
        placed[edge.waypoint] = spot
        occupied[count] = (*spot, *size)
        count += 1
    return placed


_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)


def _slide(ends: tuple[np.ndarray, np.ndarray], offset: float, normal: np.ndarray, size: Size,
           occupied: np.ndarray, blockers: np.ndarray, gap: float) -> Point:
    """The first free spot along the line (then beside it) from which straight legs to
    both ends pass no other actor; failing that, the first free spot at all.
    `occupied` rows are (cx, cy, width, height)."""
    start, end = ends
    reach = float(np.hypot(*(end - start))) / 2 + 4 * (size[1] / 2 + 8) + max(size) + gap
    middle = (start + end) / 2
    near = np.abs(occupied[:, :2] - middle).max(axis=1) < reach + occupied[:, 2:].max(axis=1)
    rects = occupied[near]
    half = (rects[:, 2:] + np.array(size)) / 2 + gap
    step = size[1] / 2 + 8
    free: list[np.ndarray] = []
    for shift in (offset, offset + step, offset - step, offset + 3 * step, offset - 3 * step):
        for t in _ALONG:
            candidate = start + (end - start) * t + normal * shift
            if (np.abs(rects[:, :2] - candidate) < half).all(axis=1).any():
                continue
            free.append(candidate)
            if not rects_hit_by_polyline(np.array([start, candidate, end]), blockers).any():
                return (float(candidate[0]), float(candidate[1]))
    if free:
        return (float(free[0][0]), float(free[0][1]))
    spot = free_spot(middle + normal * offset, np.array(size, dtype=float), occupied[:, :2],
                     occupied[:, 2:], gap)
    chosen = middle + normal * offset if spot is None else spot
    return (float(chosen[0]), float(chosen[1]))


@dataclass(frozen=True)
class _Leg:
    edge: str
    start: Point
    end: Point
    preferred: Point | None
    keep: np.ndarray  # which obstacles this leg must miss


def _route(centers: Mapping[str, Point], sizes: Mapping[str, Size], edges: Sequence[_Edge],
           actors: Sequence[str], uncross: bool = True
           ) -> tuple[dict[str, tuple[Point, ...]], list[str]]:
    index = {a: i for i, a in enumerate(actors)}
    margin = 5.0  # clears zigzags and arrowheads too
    obstacles = np.array([
        (centers[a][0] - sizes[a][0] / 2 - margin, centers[a][1] - sizes[a][1] / 2 - margin,
         centers[a][0] + sizes[a][0] / 2 + margin, centers[a][1] + sizes[a][1] / 2 + margin)
        for a in actors], dtype=float).reshape(-1, 4)
    legs: dict[str, list[_Leg]] = {}
    chains: dict[str, list[tuple[Point, ...]]] = {}
    unrouted: list[str] = []
    ports = _ports(centers, sizes, edges)
    for edge in edges:
        stops = [ports[(edge.key, edge.source)]]
        if edge.waypoint is not None:
            stops.append(centers[edge.waypoint])
        stops.append(ports[(edge.key, edge.target)])
        keep = np.ones(len(actors), dtype=bool)
        keep[[index[edge.source], index[edge.target]]] = False
        legs[edge.key] = [_Leg(edge.key, a, b, c, keep) for (a, b), c in
                          zip(itertools.pairwise(stops), _smooth_controls(stops), strict=True)]
        chains[edge.key] = []
        for leg in legs[edge.key]:
            chain, clear = route_leg(leg.start, leg.end, obstacles[keep], leg.preferred)
            if not clear:
                unrouted.append(edge.key)
            chains[edge.key].append(chain)
    if uncross and len(edges) <= _UNCROSS_LIMIT:
        _uncross(chains, legs, {e.key: (e.source, e.target) for e in edges}, obstacles)
    routes = {key: (legs[key][0].start, *itertools.chain.from_iterable(chains[key]))
              for key in chains}
    return routes, sorted(set(unrouted))


_PORT_ANGLE = math.radians(25)  # relations leaving an actor this close together share a side


def _ports(centers: Mapping[str, Point], sizes: Mapping[str, Size], edges: Sequence[_Edge]
           ) -> dict[tuple[str, str], Point]:
    """Where each relation leaves or reaches each of its actors: the centre, except that
    relations heading the same way are spread side by side across the box, so that a
    busy actor is met by a fan of lines instead of one bundle."""
    leaving: dict[str, list[tuple[float, str]]] = {}
    for edge in edges:
        for here, there in ((edge.source, edge.waypoint or edge.target),
                            (edge.target, edge.waypoint or edge.source)):
            (x0, y0), (x1, y1) = centers[here], centers[there]
            leaving.setdefault(here, []).append((math.atan2(y1 - y0, x1 - x0), edge.key))
    ports: dict[tuple[str, str], Point] = {}
    for actor, directions in leaving.items():
        directions.sort()
        for bundle in _bundles(directions):
            mean = math.atan2(sum(math.sin(a) for a, _k in bundle),
                              sum(math.cos(a) for a, _k in bundle))
            across = (-math.sin(mean), math.cos(mean))
            width, height = sizes[actor]
            room = abs(across[0]) * (width - 16) + abs(across[1]) * (height - 8)
            step = min(8.0, max(room, 0.0) / max(len(bundle), 1))
            for number, (_angle, key) in enumerate(bundle):
                shift = (number - (len(bundle) - 1) / 2) * step
                # Sorted by angle, the first of a bundle points most clockwise: it takes
                # the clockwise side (shift < 0), so that neighbours do not cross there.
                ports[(key, actor)] = (centers[actor][0] + across[0] * shift,
                                       centers[actor][1] + across[1] * shift)
    for edge in edges:
        for actor in (edge.source, edge.target):
            ports.setdefault((edge.key, actor), centers[actor])
    return ports


def _bundles(directions: Sequence[tuple[float, str]]) -> list[list[tuple[float, str]]]:
    """Split angle-sorted directions into runs of close neighbours."""
    bundles: list[list[tuple[float, str]]] = []
    for angle, key in directions:
        if bundles and angle - bundles[-1][-1][0] < _PORT_ANGLE:
            bundles[-1].append((angle, key))
        else:
            bundles.append([(angle, key)])
    return bundles


_UNCROSS_LIMIT = 300  # relations: above this, choosing bends by crossings costs too much


def _uncross(chains: dict[str, list[tuple[Point, ...]]], legs: Mapping[str, list[_Leg]],
             ends: Mapping[str, tuple[str, str]], obstacles: np.ndarray, passes: int = 2
             ) -> None:
    """Re-choose each leg's bend (among those that miss every actor) to cross the other
    relations least; two passes in file order, so the result is deterministic."""
    from ._paths import sample_route

    keys = list(chains)

    def polyline(key: str) -> np.ndarray:
        route = (legs[key][0].start, *itertools.chain.from_iterable(chains[key]))
        points = sample_route(route, samples=8)
        return np.hstack([points[:-1], points[1:]])

    drawn = {key: polyline(key) for key in keys}
    for _ in range(passes):
        for key in keys:
            others = [drawn[k] for k in keys if k != key and not set(ends[k]) & set(ends[key])]
            if not others:
                continue
            against = np.vstack(others)
            for number, leg in enumerate(legs[key]):
                # Gentle bends only: a crossing saved is not worth a wild detour.
                options = leg_options(leg.start, leg.end, obstacles[leg.keep], leg.preferred,
                                      max_bend=0.4)
                if len(options) < 2 or len(chains[key][number]) > 2:
                    continue  # one way only, or a grid path: keep it
                best, fewest = chains[key][number], None
                for option in options:
                    chains[key][number] = option
                    mine = polyline(key)
                    lo = np.minimum(mine[:, :2], mine[:, 2:]).min(axis=0)
                    hi = np.maximum(mine[:, :2], mine[:, 2:]).max(axis=0)
                    near = (np.maximum(against[:, 0], against[:, 2]) >= lo[0]) \
                        & (np.minimum(against[:, 0], against[:, 2]) <= hi[0]) \
                        & (np.maximum(against[:, 1], against[:, 3]) >= lo[1]) \
                        & (np.minimum(against[:, 1], against[:, 3]) <= hi[1])
                    count = int(segments_cross(mine, against[near]).sum())
                    if fewest is None or count < fewest:
                        best, fewest = option, count
                chains[key][number] = best
            drawn[key] = polyline(key)


def _clean_regions(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                   group_of: Mapping[str, str | None], group_headers: Mapping[str, float],
                   options: LayoutOptions) -> dict[str, Rect]:
    """Regions around each group's members, leaving out any that would take in an
    outsider or another region (layouts that ignore groups cannot promise clean ones)."""
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        members = [a for a in group_of if group_of[a] == gid]
        rect = _group_rect(centers, sizes, members, options, group_headers.get(gid, 0.0))
        outsiders = [Rect(*centers[a], *sizes[a]) for a in group_of if group_of[a] != gid]
        if not any(rect.overlaps(o) for o in outsiders) and \
                not any(rect.overlaps(r) for r in regions.values()):
            regions[gid] = rect
    return regions


def _smooth_controls(stops: Sequence[Point]) -> list[Point | None]:
    """Controls that make a two-leg route pass smoothly through its label."""
    if len(stops) != 3:
        return [None] * (len(stops) - 1)
    (ax, ay), (lx, ly), (bx, by) = stops
    length = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    first = math.hypot(lx - ax, ly - ay) / 2
    second = math.hypot(bx - lx, by - ly) / 2
    return [(lx - ux * first, ly - uy * first), (lx + ux * second, ly + uy * second)]


def _apply_pins(centers: dict[str, Point], sizes: Mapping[str, Size],
                pins: Mapping[str, Point], options: LayoutOptions) -> dict[str, Point]:
    """Move pinned actors to their place, keep the rest where they were relative to them."""
    shift = np.mean([np.subtract(pins[p], centers[p]) for p in pins], axis=0)
    nodes = sorted(centers)
    positions = np.array([pins.get(n, np.add(centers[n], shift)) for n in nodes], dtype=float)
    movable = np.array([n not in pins for n in nodes])
    placed = remove_overlaps(positions, np.array([sizes[n] for n in nodes]), movable,
                             options.gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def compute_layout(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
                   label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
                   options: LayoutOptions = LayoutOptions()) -> Layout:
    """Place every actor (box sizes in `sizes`) and relation label; route relations.

    `pos` node attributes (points) pin actors; `group` attributes form regions.
    The default layout tries a few seeded starts on small maps and keeps the one
    with fewest unrouted relations, then fewest crossings, then least relation length.
    """
    if options.algorithm not in LAYOUTS:
        raise ValueError(f"unknown layout {options.algorithm!r}")
    if not graph.nodes:
        return Layout({}, {}, {}, {})
    if options.algorithm == "default" and len(graph.nodes) > 100:
        # Stress starts pay off on small maps only; large ones go straight to springs.
        options = replace(options, algorithm="force")
    if options.algorithm != "default" or len(graph.nodes) > _TRIAL_LIMIT:
        return _finish(graph, _placement(graph, sizes, label_sizes, group_headers, options))
    kinds = ("default", "force")
    placements = [_placement(graph, sizes, label_sizes, group_headers,
                             replace(options, algorithm=kinds[k % 2], seed=options.seed + k))
                  for k in range(_TRIALS)]
    # Rank the starts on a quick routing; then route only the winner carefully.
    scores = [_score(_finish(graph, p, uncross=False), sizes) for p in placements]
    return _finish(graph, placements[scores.index(min(scores))])


_TRIALS = 10  # seeded starts tried on small maps (stress and spring, alternating)
_TRIAL_LIMIT = 60  # actors: above this one start is enough (and trials cost too much)


def _score(layout: Layout, sizes: Mapping[str, Size]) -> tuple[int, int, float]:
    """Unrouted relations first, then crossings, then relation length."""
    from ._paths import sample_route

    unit = float(np.mean([math.hypot(*sizes[a]) for a in layout.centers]))
    length = 0.0
    for route in layout.routes.values():
        points = sample_route(route, samples=8)
        length += float(np.hypot(*np.diff(points, axis=0).T).sum())
    crossings = count_crossings(layout.routes, layout.ends)
    return len(layout.unrouted), crossings, round(length / unit, 6)


def count_crossings(routes: Mapping[str, tuple[Point, ...]],
                    ends: Mapping[str, tuple[str, str]]) -> int:
    """Pairs of relations whose drawn curves cross, not counting relations that share
    an actor (those meet at the actor anyway)."""
    from ._paths import sample_route

    keys = sorted(routes)
    segments, owners = [], []
    for number, key in enumerate(keys):
        points = sample_route(routes[key], samples=8)
        segments.append(np.hstack([points[:-1], points[1:]]))
        owners.append(np.full(len(points) - 1, number))
    if not segments:
        return 0
    seg, own = np.vstack(segments), np.concatenate(owners)
    hits = segments_cross(seg, seg)
    a, b = np.nonzero(np.triu(hits, k=1))
    pairs = {(int(own[i]), int(own[j])) for i, j in zip(a, b, strict=True) if own[i] != own[j]}
    return sum(1 for i, j in pairs if not set(ends[keys[i]]) & set(ends[keys[j]]))


def segments_cross(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """cross[i, j]: segment p[i] (x0, y0, x1, y1) properly crosses segment q[j]."""
    def orient(ax, ay, bx, by, cx, cy):  # type: ignore[no-untyped-def]
        return np.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))

    a0x, a0y, a1x, a1y = (p[:, k][:, None] for k in range(4))
    b0x, b0y, b1x, b1y = (q[:, k][None, :] for k in range(4))
    d1 = orient(a0x, a0y, a1x, a1y, b0x, b0y)
    d2 = orient(a0x, a0y, a1x, a1y, b1x, b1y)
    d3 = orient(b0x, b0y, b1x, b1y, a0x, a0y)
    d4 = orient(b0x, b0y, b1x, b1y, a1x, a1y)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


@dataclass(frozen=True)
class _Placement:
    """Where actors, labels and regions go, before any relation is routed."""

    centers: dict[str, Point]
    groups: dict[str, Rect]
    edges: list[_Edge]
    sizes: dict[str, Size]  # actors and label nodes


def _placement(graph: nx.MultiDiGraph, sizes: Mapping[str, Size],
               label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
               options: LayoutOptions) -> _Placement:
    actors = sorted(graph.nodes)
    edges = _edges(graph, label_sizes)
    all_sizes = dict(sizes)
    all_sizes.update({e.waypoint: _waypoint_size(e.key, label_sizes)
                      for e in edges if e.waypoint})
    if options.algorithm in CLUSTERED:
        centers, groups = _clustered(graph, sizes, edges, label_sizes, group_headers, options)
    else:
        centers, groups = _flat(graph, sizes, edges, label_sizes, options), {}
    pins = {n: graph.nodes[n]["pos"] for n in actors if graph.nodes[n].get("pos") is not None}
    group_of = {n: graph.nodes[n].get("group") for n in actors}
    if pins:
        centers = _apply_pins(centers, all_sizes, pins, options)
    if pins or options.algorithm not in CLUSTERED:
        groups = _clean_regions(centers, all_sizes, group_of, group_headers, options)
    return _Placement(centers, groups, edges, all_sizes)


def _finish(graph: nx.MultiDiGraph, placement: _Placement, uncross: bool = True) -> Layout:
    """Route the relations of a placement and package the result."""
    actors = sorted(graph.nodes)
    centers, edges = placement.centers, placement.edges
    routes, unrouted = _route(centers, placement.sizes, edges, actors, uncross)
    labels = {e.key: centers[e.waypoint] for e in edges if e.waypoint is not None}
    ends = {e.key: (e.source, e.target) for e in edges}
    return Layout({a: centers[a] for a in actors}, labels, routes, placement.groups,
                  tuple(unrouted), ends)
