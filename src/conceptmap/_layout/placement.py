"""Placing boxes: an engine's unit positions scaled to points, without overlaps,
packed, fitted to the page and compacted."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import networkx as nx
import numpy as np

from .._geometry import (
    Point,
    Rect,
    overlap_pairs,
    remove_overlaps,
)
from .base import Edge, LayoutOptions, Size
from .engines import unit_positions
from .engines.layered import layers_of
from .labels import fit_labels


def scale_to_points(unit: Mapping[str, np.ndarray], sizes: Mapping[str, Size],
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


def place_boxes(nodes: Sequence[str], sizes: Mapping[str, Size],
           links: Sequence[tuple[str, str, float]], options: LayoutOptions,
           algorithm: str, layers: Mapping[str, int] | None = None) -> dict[str, Point]:
    """Place boxes of the given sizes without overlaps, linked ones near each other.

    Unconnected parts are laid out one by one and packed side by side (as Graphviz
    does), so that a lone actor is not flung to the far edge of the picture.
    """
    nodes = sorted(nodes)
    if algorithm in ("circular", "layered"):
        return place_component(nodes, sizes, links, options, algorithm, layers)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((u, v) for u, v, _w in links)
    parts = [sorted(c) for c in nx.connected_components(graph)]
    parts.sort(key=lambda c: (-len(c), c[0]))
    if len(parts) == 1:
        return place_component(nodes, sizes, links, options, algorithm, layers)
    placed_parts = []
    for part in parts:
        members = set(part)
        inner = [link for link in links if link[0] in members]
        placed_parts.append(place_component(part, sizes, inner, options, algorithm, layers))
    return pack(placed_parts, sizes, options.gap * 2)


def place_component(nodes: Sequence[str], sizes: Mapping[str, Size],
                     links: Sequence[tuple[str, str, float]], options: LayoutOptions,
                     algorithm: str, layers: Mapping[str, int] | None) -> dict[str, Point]:
    unit = unit_positions(nodes, links, algorithm, options.seed, layers)
    scaled = scale_to_points(unit, sizes, links, options.gap)
    centers = np.array([scaled[n] for n in nodes], dtype=float)
    size_array = np.array([sizes[n] for n in nodes], dtype=float)
    placed = remove_overlaps(centers, size_array, np.ones(len(nodes), bool), options.gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def bounds_of(placed: Mapping[str, Point], sizes: Mapping[str, Size]) -> Rect:
    x0 = min(x - sizes[n][0] / 2 for n, (x, y) in placed.items())
    x1 = max(x + sizes[n][0] / 2 for n, (x, y) in placed.items())
    y0 = min(y - sizes[n][1] / 2 for n, (x, y) in placed.items())
    y1 = max(y + sizes[n][1] / 2 for n, (x, y) in placed.items())
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


def pack(parts: Sequence[Mapping[str, Point]], sizes: Mapping[str, Size], gap: float
          ) -> dict[str, Point]:
    """Shelf-pack laid-out parts, largest first, into rows about 1.5 times wider than tall."""
    boxes = [bounds_of(part, sizes) for part in parts]
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


def inner_width(options: LayoutOptions) -> float | None:
    """The width a group's members may take: the page less the group's padding."""
    if options.page_width is None:
        return None
    return options.page_width - 2 * options.group_padding


def fit_width(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
               gap: float, rounds: int = 6, tallest: float | None = None) -> dict[str, Point]:
    """Bring a placement within `limit` points of width, for a page that is narrower
    than the drawing: first turn it upright (a quarter turn keeps every distance, so
    it costs no crossings), then squeeze it sideways and let overlap removal stack
    the boxes that collide, which makes it taller instead."""
    box = bounds_of(placed, sizes)
    if limit is None or box.width <= limit or len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    turned = turn(pos, dims, gap)
    if extent(turned, dims)[0] < box.width:
        pos = turned
    # A map too large for the page keeps a report-friendly shape (at most about A4's
    # height for its width) instead of becoming a strip: it is then drawn wider.
    width, height = extent(pos, dims)
    limit = max(limit, math.sqrt(width * height / (tallest or TALLEST)))
    for _ in range(rounds):
        width = extent(pos, dims)[0]
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


def pack_in_width(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
                  gap: float) -> dict[str, Point]:
    """Boxes too wide together for the page, packed into it from the top down (a
    skyline packing): each box, taken in the placement's reading order, goes where it
    lies highest, near its old left-to-right place. Groups and lone actors then fill
    the page's width instead of running off it."""
    if limit is None or len(placed) < 2:
        return placed
    nodes = sorted(placed, key=lambda n: (-placed[n][1], placed[n][0], n))
    width = max(limit, max(sizes[n][0] for n in nodes) + gap)
    xs = [placed[n][0] for n in nodes]
    low, span = min(xs), max(max(xs) - min(xs), 1e-9)
    # The skyline: the depth below the top down to which each stretch of width is taken.
    edges = [0.0, width]
    depth = [0.0]
    result: dict[str, Point] = {}
    for node in nodes:
        w, h = sizes[node]
        wanted = (placed[node][0] - low) / span * (width - w)
        best: tuple[float, float] | None = None
        for x in sorted({min(max(e, 0.0), width - w) for e in edges} | {wanted}):
            cost = _depth_under(edges, depth, x, x + w) + PACK_PULL * abs(x - wanted)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, x)
        assert best is not None
        x = best[1]
        top = _depth_under(edges, depth, x, x + w)
        result[node] = (x + w / 2, -(top + h / 2))
        edges, depth = _raise_skyline(edges, depth, x, x + w + gap, top + h + gap)
    return result


PACK_PULL = 0.3  # points of depth one point of sideways displacement is worth


def _depth_under(edges: list[float], depth: list[float], x0: float, x1: float) -> float:
    """How deep the skyline is taken anywhere between x0 and x1."""
    return max(d for a, b, d in zip(edges, edges[1:], depth, strict=False)
               if a < x1 - 1e-9 and b > x0 + 1e-9)


def _raise_skyline(edges: list[float], depth: list[float], x0: float, x1: float,
                   level: float) -> tuple[list[float], list[float]]:
    """The skyline with the stretch x0..x1 taken down to `level`."""
    cuts = sorted({*edges, min(max(x0, edges[0]), edges[-1]), min(x1, edges[-1])})
    new_edges, new_depth = [cuts[0]], []
    for a, b in itertools.pairwise(cuts):
        if b - a < 1e-9:
            continue
        middle = (a + b) / 2
        old = next(d for e0, e1, d in zip(edges, edges[1:], depth, strict=False)
                   if e0 <= middle <= e1)
        value = max(old, level) if x0 <= middle <= x1 else old
        if new_depth and abs(new_depth[-1] - value) < 1e-9:
            new_edges[-1] = b
        else:
            new_depth.append(value)
            new_edges.append(b)
    return new_edges, new_depth


def lie_flat(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
             gap: float) -> dict[str, Point]:
    """A quarter turn for a placement taller than wide whose turned form still fits
    `limit`: groups stacked on a narrow page stand side by side where there is room."""
    if limit is None or len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    width, height = extent(pos, dims)
    if height <= width:
        return placed
    turned = turn(pos, dims, gap)
    turned_width, turned_height = extent(turned, dims)
    if turned_width > limit or turned_height >= height:
        return placed
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, turned, strict=True)}


def turn(pos: np.ndarray, dims: np.ndarray, gap: float) -> np.ndarray:
    """A quarter turn of the centres; boxes stay upright, so some may then touch."""
    turned = np.column_stack([-pos[:, 1], pos[:, 0]])
    if len(overlap_pairs(turned, dims, gap)):
        turned = remove_overlaps(turned, dims, np.ones(len(pos), bool), gap)
    return turned


def upright(placed: dict[str, Point], sizes: Mapping[str, Size], limit: float | None,
             gap: float) -> dict[str, Point]:
    """A quarter turn for a placement wider than `limit` that is narrower turned: it
    keeps the distances between centres (a group, before its members face out)."""
    if limit is None or len(placed) < 2:
        return placed
    nodes = sorted(placed)
    pos = np.array([placed[n] for n in nodes], dtype=float)
    dims = np.array([sizes[n] for n in nodes], dtype=float)
    turned = turn(pos, dims, gap)
    width = extent(pos, dims)[0]
    if width <= limit or extent(turned, dims)[0] >= width:
        return placed
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, turned, strict=True)}


def compact(placed: dict[str, Point], sizes: Mapping[str, Size], gap: float
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
    squeezed = remove_overlaps(centre + (pos - centre) * SQUEEZE, dims,
                               np.ones(len(nodes), bool), gap)
    if np.prod(extent(squeezed, dims)) < np.prod(extent(pos, dims)):
        pos = squeezed
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}


SQUEEZE = 0.6


TALLEST = 1.4  # height / width that squeezing a drawing to a page may reach


def extent(pos: np.ndarray, dims: np.ndarray) -> tuple[float, float]:
    low = (pos - dims / 2).min(axis=0)
    high = (pos + dims / 2).max(axis=0)
    return float(high[0] - low[0]), float(high[1] - low[1])


def split_links(edges: Sequence[Edge], owner: Mapping[str, str]) -> list[tuple[str, str, float]]:
    """Links between layout nodes (via owner: node -> the box that stands for it)."""
    links: list[tuple[str, str, float]] = []
    for edge in edges:
        if edge.waypoint is None:
            links.append((owner[edge.source], owner[edge.target], 1.0))
        else:
            links.append((owner[edge.source], owner[edge.waypoint], 1.0))
            links.append((owner[edge.waypoint], owner[edge.target], 1.0))
    return links


def flat_layout(graph: nx.MultiDiGraph, sizes: Mapping[str, Size], edges: Sequence[Edge],
          label_sizes: Mapping[str, Size], options: LayoutOptions) -> dict[str, Point]:
    """Place actors with the chosen algorithm, then fit labels in around them."""
    actors = sorted(graph.nodes)
    layers = layers_of(graph) if options.algorithm == "layered" else None
    plain = [Edge(e.key, e.source, e.target, None) for e in edges]
    widest = max((w for w, _h in label_sizes.values()), default=0.0)
    roomy = replace(options, gap=options.gap + widest * 0.6)
    centers = place_boxes(actors, sizes, split_links(plain, {a: a for a in actors}), roomy,
                     options.algorithm, layers)
    if options.algorithm != "layered":  # layers read downwards: keep their direction
        centers = fit_width(centers, sizes, options.page_width, roomy.gap)
    return fit_labels(centers, sizes, edges, label_sizes, options)
