"""The group-aware wrapper: each group laid out on its own, then the groups and the
lone actors; members turned towards the groups they relate to; untangling."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import networkx as nx
import numpy as np

from .._geometry import (
    Point,
    Rect,
    free_spot,
    remove_overlaps,
)
from .base import (
    TRIAL_LIMIT,
    Edge,
    LayoutOptions,
    Size,
    anchor_node,
    group_node,
    is_group_node,
    is_label_node,
    waypoint_size,
)
from .crossings import pairs_cross, rows_cross, segments_cross
from .group_shapes import Arrangement, Frame, fill_page
from .labels import fit_labels
from .placement import (
    bounds_of,
    compact,
    fit_width,
    inner_width,
    lie_flat,
    pack,
    pack_in_width,
    place_boxes,
    scale_to_points,
    split_links,
    upright,
)


def group_rect(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                members: Iterable[str], options: LayoutOptions, header_width: float) -> Rect:
    boxes = [Rect(*centers[m], *sizes[m]) for m in members]
    pad = options.group_padding
    x0 = min(b.x0 for b in boxes) - pad
    x1 = max(max(b.x1 for b in boxes) + pad, x0 + header_width + 2 * pad)
    y0 = min(b.y0 for b in boxes) - pad
    y1 = max(b.y1 for b in boxes) + pad + options.group_header
    return Rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


Settled = tuple[dict[str, Point], dict[str, Rect]]  # where every node goes; regions


def clustered(graph: nx.MultiDiGraph, sizes: Mapping[str, Size], edges: Sequence[Edge],
               label_sizes: Mapping[str, Size], group_headers: Mapping[str, float],
               options: LayoutOptions) -> tuple[Settled, Callable[[], Settled | None]]:
    """Lay out each group on its own, then the groups and lone actors, then every label
    on its relation's line. Also returns how to lay it out with its groups reshaped to
    fill the page (see group_shapes.fill_page; None where that changes nothing), for
    the caller to ask for only where no start fits the page."""
    group_of = {n: graph.nodes[n].get("group") for n in graph.nodes}
    all_sizes = dict(sizes)
    cross = []
    for edge in edges:
        if edge.waypoint:
            all_sizes[edge.waypoint] = waypoint_size(edge.key, label_sizes)
            source_group, target_group = group_of[edge.source], group_of[edge.target]
            if source_group is not None and source_group == target_group:
                group_of[edge.waypoint] = source_group
            elif source_group is None and target_group is None:
                group_of[edge.waypoint] = None
            else:
                cross.append(edge)
    widths = group_widths(group_of, all_sizes, options)
    local, cluster_sizes, groups = place_groups(group_of, all_sizes, edges, group_headers,
                                                 options, widths)
    owner = {n: (group_node(g) if g is not None else n) for n, g in group_of.items()}
    for node, gid in group_of.items():
        if gid is None:
            cluster_sizes[node] = all_sizes[node]
            local[node] = (0.0, 0.0)
    outer = [e if e not in cross else Edge(e.key, e.source, e.target, None)
             for e in edges if owner[e.source] != owner[e.target]]
    spaced = replace(options, gap=options.gap * 2.5)
    top_links = split_links(outer, owner)
    top = place_boxes(sorted(cluster_sizes), cluster_sizes, top_links, spaced, options.algorithm)
    top = fit_width(pull_in(top, cluster_sizes, top_links, spaced.gap), cluster_sizes,
                     options.page_width, spaced.gap)
    top = lie_flat(compact(top, cluster_sizes, spaced.gap), cluster_sizes, options.page_width,
                   spaced.gap)
    if groups and outer:
        # Second pass: turn each group's members towards the clusters they relate to.
        local, groups = face_outwards(group_of, all_sizes, edges, group_headers, options,
                                       local, top, owner, widths)
        for gid, rect in groups.items():
            cluster_sizes[group_node(gid)] = (rect.width, rect.height)
        top = fit_width(respace(top, cluster_sizes, spaced.gap), cluster_sizes,
                         options.page_width, spaced.gap)
        top = lie_flat(compact(top, cluster_sizes, spaced.gap), cluster_sizes,
                       options.page_width, spaced.gap)
    if len(groups) > 1 and len(sizes) <= TRIAL_LIMIT and options.page_width is not None and \
            bounds_of(top, cluster_sizes).width > options.page_width * PACK_BEYOND:
        top = pack_in_width(top, cluster_sizes, options.page_width, spaced.gap)
    arranged = Arrangement(top, local, cluster_sizes)

    def settled(arranged: Arrangement) -> Settled:
        # The label nodes have made room; now put every label on its relation's line.
        centers = {n: (arranged.top[owner[n]][0] + arranged.local[n][0],
                       arranged.top[owner[n]][1] + arranged.local[n][1]) for n in group_of}
        regions = {gid: Rect(*arranged.top[group_node(gid)], *arranged.sizes[group_node(gid)])
                   for gid in groups}
        headers = [title_rect(r, group_headers.get(g, 0.0), options)
                   for g, r in regions.items()]
        actors_only = untangle({n: c for n, c in centers.items() if n in sizes}, sizes, edges,
                               group_of, options.gap / 2)
        labelled = [e for e in edges if e.waypoint is not None]
        placed = fit_labels(actors_only, all_sizes, labelled, label_sizes, options, headers)
        return placed, tighten(regions, placed, all_sizes, group_of, group_headers, options)

    def reshaped() -> Settled | None:
        if not groups:
            return None
        members = {gid: sorted(n for n in group_of if group_of[n] == gid) for gid in groups}
        frame = {gid: region_of(all_sizes, group_headers.get(gid, 0.0), options)
                 for gid in groups}
        filled = fill_page(arranged, all_sizes, members, frame, options)
        return None if filled is arranged else settled(filled)

    return settled(arranged), reshaped


def untangle(centers: dict[str, Point], sizes: Mapping[str, Size], edges: Sequence[Edge],
              group_of: Mapping[str, str | None], gap: float, passes: int = 3
              ) -> dict[str, Point]:
    """Hill-climb on crossings of straight relations: mirror a group, or swap two of
    its members (on a map without groups: any two actors), wherever that crosses less
    and no box then overlaps another."""
    names = sorted(centers)
    if len(names) > UNTANGLE_LIMIT or not edges:
        return centers
    index = {n: k for k, n in enumerate(names)}
    pos = np.array([centers[n] for n in names], dtype=float)
    dims = np.array([sizes[n] for n in names], dtype=float)
    tangle = Tangle(names, edges, float(np.mean(np.hypot(dims[:, 0], dims[:, 1]))))
    groups = sorted({g for a, g in group_of.items() if g is not None and a in index})
    pools = [np.array([index[a] for a in names if group_of.get(a) == gid]) for gid in groups]
    if not groups:
        pools = [np.arange(len(names))]  # no groups: any two actors may change places
    for _ in range(passes):
        improved = False
        for rows in pools:
            pos, better = untangle_pool(tangle, pos, dims, rows, gap)
            improved |= better
        if not improved:
            break
    return {n: (float(x), float(y)) for n, (x, y) in zip(names, pos, strict=True)}


def untangle_pool(tangle: Tangle, pos: np.ndarray, dims: np.ndarray, rows: np.ndarray,
                  gap: float) -> tuple[np.ndarray, bool]:
    """One pass over a pool of actors (`rows`): the best move, then the next best swaps
    where they still help after the ones made. Returns the positions and whether they
    changed."""
    # Members may use the group padding too (the region is drawn around them).
    bound = ((pos[rows] - dims[rows] / 2).min(axis=0) - 8,
             (pos[rows] + dims[rows] / 2).max(axis=0) + 8)
    if not fits(pos, dims, rows, gap, bound):
        return pos, False  # already crowded: a move would be judged against overlaps
    score = tangle(pos)
    value, best, others = best_move(tangle, pos, score, dims, rows, gap, bound)
    if value >= score - 1e-9:
        return pos, False
    pos, crossing = best, None
    for pair in others[:EXTRA_MOVES]:
        swapped = pos.copy()
        swapped[pair] = pos[pair[::-1]]
        if not fits(swapped, dims, pair, gap, bound):
            continue
        if crossing is None:  # measured again only once the positions have changed
            crossing = tangle.crossing(pos)
        if tangle.change(pos, crossing, swapped, pair) < -1e-9:
            pos, crossing = swapped, None
    return pos, True


UNTANGLE_LIMIT = 100  # actors: untangling a map this large takes about a second (it
# crosses 13-25% less on the 77-actor co-occurrence network, with no groups); 150 in
# three groups took 7 s for 8% fewer crossings
LENGTH_WEIGHT = 0.15  # crossings one box diagonal of extra relation length is worth


class Tangle:
    """What untangling minimises: crossings of the straight relations (not counting
    two that share an actor), plus total relation length in box diagonals (weighted),
    so that fewer crossings are not bought with long detours."""

    def __init__(self, names: Sequence[str], edges: Sequence[Edge], unit: float) -> None:
        index = {n: k for k, n in enumerate(names)}
        lines = [(index[e.source], index[e.target]) for e in edges if e.source != e.target]
        self.unit = unit
        self.source = np.array([a for a, _b in lines], dtype=int)
        self.target = np.array([b for _a, b in lines], dtype=int)
        s, t = self.source, self.target
        share = ((s[:, None] == s[None, :]) | (s[:, None] == t[None, :])
                 | (t[:, None] == s[None, :]) | (t[:, None] == t[None, :]))
        self.may_cross = ~share  # pairs sharing no actor (a line shares its own actors)
        actors = np.arange(len(names))[:, None]
        self.touches = (s[None, :] == actors) | (t[None, :] == actors)  # [actor, relation]
        self.lines_of = [np.flatnonzero(row) for row in self.touches]

    def __call__(self, pos: np.ndarray) -> float:
        return self._part(pos, np.arange(len(self.source)))

    def crossing(self, pos: np.ndarray) -> np.ndarray:
        """crossing[i, j]: relations i and j cross at positions `pos`."""
        segments = np.hstack([pos[self.source], pos[self.target]])
        return segments_cross(segments, segments) & self.may_cross

    def change(self, before: np.ndarray, crossing: np.ndarray, after: np.ndarray,
               moved: np.ndarray) -> float:
        """How much the tangle grows from positions `before` (whose `crossing` matrix is
        given) to `after`, where only the rows `moved` differ: only the relations of
        those actors are measured again."""
        touched = np.unique(np.concatenate([self.lines_of[k] for k in moved]))
        old = crossing[touched]
        crossings = int(old.sum()) - int(old[:, touched].sum()) // 2
        return self._part(after, touched) - \
            (crossings + LENGTH_WEIGHT * self._length(before, touched))

    def swap_changes(self, pos: np.ndarray, crossing: np.ndarray, swaps: np.ndarray
                     ) -> np.ndarray:
        """For each swap (rows a, b): how much the tangle grows when actors a and b
        change places, measured on their relations only, all swaps at once."""
        # Each swap's relations, in order (as np.union1d of a's and b's would list them).
        owner, lines = np.nonzero(self.touches[swaps[:, 0]] | self.touches[swaps[:, 1]])
        sizes = np.bincount(owner, minlength=len(swaps))
        a, b = swaps[owner, 0], swaps[owner, 1]

        def placed(ends: np.ndarray) -> np.ndarray:  # actor rows after the swap
            return np.where(ends == a, b, np.where(ends == b, a, ends))

        start, end = pos[placed(self.source[lines])], pos[placed(self.target[lines])]
        # Against the relations that stay (the same for every swap) ...
        cross = rows_cross(start, end, pos[self.source][None], pos[self.target][None])
        # ... and against the other moved relations of the same swap, where they now lie.
        first = np.cumsum(sizes) - sizes
        row = np.repeat(np.arange(len(lines)), sizes[owner])
        # Each row against every row of its swap: first[swap], first[swap] + 1, ...
        other = first[owner[row]] + np.arange(len(row)) \
            - np.repeat(np.cumsum(sizes[owner]) - sizes[owner], sizes[owner])
        cross[row, lines[other]] = pairs_cross(np.hstack([start[row], end[row]]),
                                               np.hstack([start[other], end[other]]))
        cross &= self.may_cross[lines]
        old = crossing[lines]
        # Pairs of two moved relations are counted from both sides: once in all.
        shared = np.bincount(row, weights=cross[row, lines[other]].astype(float)
                             - old[row, lines[other]], minlength=len(lines))
        grown = cross.sum(axis=1) - old.sum(axis=1) - shared / 2
        length = np.hypot(*(end - start).T) - np.hypot(
            *(pos[self.target[lines]] - pos[self.source[lines]]).T)
        grown = grown + LENGTH_WEIGHT * length / self.unit
        return np.bincount(owner, weights=grown, minlength=len(swaps))

    def _part(self, pos: np.ndarray, touched: np.ndarray) -> float:
        """The tangle of the `touched` relations: their crossings with every relation
        (each pair once) and their length."""
        segments = np.hstack([pos[self.source], pos[self.target]])
        cross = segments_cross(segments[touched], segments) & self.may_cross[touched]
        crossings = int(cross.sum()) - int(cross[:, touched].sum()) // 2
        return crossings + LENGTH_WEIGHT * self._length(pos, touched)

    def _length(self, pos: np.ndarray, touched: np.ndarray) -> float:
        """The length of the `touched` relations, in box diagonals."""
        step = pos[self.target[touched]] - pos[self.source[touched]]
        return float(np.hypot(step[:, 0], step[:, 1]).sum()) / self.unit


def best_move(tangle: Tangle, pos: np.ndarray, score: float, dims: np.ndarray,
              rows: np.ndarray, gap: float, bound: tuple[np.ndarray, np.ndarray]
              ) -> tuple[float, np.ndarray, np.ndarray]:
    """Of the moves of a pool of actors (`rows`) that keep their boxes apart and inside
    `bound`: the one that leaves the least tangle, as (tangle, positions), and the other
    swaps (row pairs) that would leave less tangle than `score`, the tangle now, best
    first. The moves: the pool mirrored across either axis of its extent, and each two
    of them swapped (the first of equals wins)."""
    crossing = tangle.crossing(pos)
    best, chosen = math.inf, pos
    for axis in (0, 1):
        mirrored = pos.copy()
        mirrored[rows, axis] = bound[0][axis] + bound[1][axis] - pos[rows, axis]
        if fits(mirrored, dims, rows, gap, bound):
            value = score + tangle.change(pos, crossing, mirrored, rows)
            if value < best:
                best, chosen = value, mirrored
    pairs = np.array(list(itertools.combinations(rows, 2)), dtype=int).reshape(-1, 2)
    values = np.full(len(pairs), math.inf)
    for block in range(0, len(pairs), SWAP_BLOCK):
        swaps = pairs[block:block + SWAP_BLOCK]
        found = score + tangle.swap_changes(pos, crossing, swaps)
        found[~swaps_fit(pos, dims, swaps, gap, bound)] = math.inf
        values[block:block + SWAP_BLOCK] = found
    order = np.argsort(values, kind="stable")
    if len(order) and values[order[0]] < best:
        best, chosen = float(values[order[0]]), pos.copy()
        chosen[pairs[order[0]]] = pos[pairs[order[0]][::-1]]
        order = order[1:]
    return best, chosen, pairs[order[values[order] < score - 1e-9]]


EXTRA_MOVES = 30  # further improving swaps found by the same measuring that are made
# in one pass (each measured again first), so that a pool's tangle does not come down
# one swap per pass: 13% fewer crossings over twelve maps at three seeds
SWAP_BLOCK = 256  # swaps measured at once: bounds the arrays (swaps x relations)


def swaps_fit(pos: np.ndarray, dims: np.ndarray, swaps: np.ndarray, gap: float,
              bound: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """For each swap (rows a, b): whether a's box in b's place and b's in a's stay
    inside `bound` and keep `gap` from every other box (the two keep the distance
    they had)."""
    ok = np.ones(len(swaps), dtype=bool)
    for mover, place in ((swaps[:, 0], swaps[:, 1]), (swaps[:, 1], swaps[:, 0])):
        centre, size = pos[place], dims[mover]
        ok &= ((centre - size / 2) >= bound[0] - 0.01).all(axis=1)
        ok &= ((centre + size / 2) <= bound[1] + 0.01).all(axis=1)
        apart = (np.abs(centre[:, None, :] - pos[None, :, :])
                 >= (size[:, None, :] + dims[None, :, :]) / 2 + gap).any(axis=2)
        others = np.arange(len(pos))[None, :]
        apart |= (others == swaps[:, :1]) | (others == swaps[:, 1:])
        ok &= apart.all(axis=1)
    return ok


def fits(pos: np.ndarray, dims: np.ndarray, moved: np.ndarray, gap: float,
         bound: tuple[np.ndarray, np.ndarray]) -> bool:
    """The moved boxes stay inside `bound` (low, high corners) and keep `gap` from
    every other box."""
    mine_pos, mine_dims = pos[moved], dims[moved]
    if ((mine_pos - mine_dims / 2) < bound[0] - 0.01).any() or \
            ((mine_pos + mine_dims / 2) > bound[1] + 0.01).any():
        return False
    apart = np.abs(mine_pos[:, None, :] - pos[None, :, :]) >= \
        (mine_dims[:, None, :] + dims[None, :, :]) / 2 + gap
    clash = ~apart.any(axis=2)
    clash[np.arange(len(moved)), moved] = False
    return not clash.any()


def tighten(regions: Mapping[str, Rect], placed: Mapping[str, Point],
             sizes: Mapping[str, Size], group_of: Mapping[str, str | None],
             group_headers: Mapping[str, float], options: LayoutOptions) -> dict[str, Rect]:
    """Fit each region to where its members and labels ended up, where that stays clean
    (see fitted_region); else keep it as it was."""
    tight = dict(regions)
    labels = [Rect(*placed[n], *sizes[n]) for n in placed if is_label_node(n)]
    for gid in sorted(regions):
        inside = [n for n in placed if group_of.get(n) == gid]
        fitted = group_rect(placed, sizes, inside, options, group_headers.get(gid, 0.0))
        blocking = [Rect(*placed[n], *sizes[n]) for n in placed
                    if group_of.get(n) != gid and not is_label_node(n)]
        blocking += [r for g, r in tight.items() if g != gid]
        region = fitted_region(fitted, regions[gid], group_headers.get(gid, 0.0), labels,
                               options, blocking)
        tight[gid] = region or regions[gid]
    return tight


def title_rect(region: Rect, title_width: float, options: LayoutOptions) -> Rect:
    """Where a region's title goes: its top left corner, 8 pt to either side of the text."""
    return Rect(region.x0 + (title_width + 16) / 2, region.y1 - options.group_header / 2,
                title_width + 16, options.group_header)


def fitted_region(fitted: Rect, old: Rect, title_width: float, labels: Sequence[Rect],
                  options: LayoutOptions, blocking: Sequence[Rect] = ()) -> Rect | None:
    """The region fitted to its contents, or where its title (top left) would meet a
    label, the fitted one with the old top, the old left side, or both: the first that
    holds the fitted one, meets none of `blocking` and whose title stays clear; None if
    none does."""
    for x0, y1 in ((fitted.x0, fitted.y1), (fitted.x0, old.y1), (old.x0, fitted.y1),
                   (old.x0, old.y1)):
        rect = Rect((x0 + fitted.x1) / 2, (fitted.y0 + y1) / 2, fitted.x1 - x0, y1 - fitted.y0)
        title = title_rect(rect, title_width, options)
        if rect.contains(fitted) and not any(rect.overlaps(b) for b in blocking) \
                and not any(title.overlaps(label) for label in labels):
            return rect
    return None


def pull_in(top: Mapping[str, Point], sizes: Mapping[str, Size],
             links: Sequence[tuple[str, str, float]], gap: float) -> dict[str, Point]:
    """Bring each lone actor to the free spot nearest its neighbours (springs leave
    small nodes linked to large groups far out)."""
    placed = dict(top)
    nodes = sorted(placed)
    for node in nodes:
        if is_group_node(node):
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


def respace(top: Mapping[str, Point], sizes: Mapping[str, Size], gap: float
             ) -> dict[str, Point]:
    nodes = sorted(top)
    placed = remove_overlaps(np.array([top[n] for n in nodes], dtype=float),
                             np.array([sizes[n] for n in nodes], dtype=float),
                             np.ones(len(nodes), bool), gap)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, placed, strict=True)}


def face_outwards(group_of: Mapping[str, str | None], sizes: Mapping[str, Size],
                   edges: Sequence[Edge], group_headers: Mapping[str, float],
                   options: LayoutOptions, local: Mapping[str, Point],
                   top: Mapping[str, Point], owner: Mapping[str, str],
                   widths: Mapping[str, float | None]
                   ) -> tuple[dict[str, Point], dict[str, Rect]]:
    """Re-place each group's members with fixed anchors in the directions of their
    outside neighbours, so that relations leave a group on the side they are going."""
    new_local = dict(local)
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        cluster = group_node(gid)
        members = sorted(n for n in group_of if group_of[n] == gid)
        inner = split_links([e for e in edges if group_of[e.source] == gid == group_of[e.target]],
                             {m: m for m in members})
        anchors: dict[str, np.ndarray] = {}
        outside: list[tuple[str, str, float]] = []
        for edge in edges:
            for mine, other in ((edge.source, edge.target), (edge.target, edge.source)):
                if group_of[mine] == gid and owner[other] != cluster:
                    direction = np.subtract(top[owner[other]], top[cluster])
                    norm = float(np.hypot(*direction)) or 1.0
                    anchor = anchor_node(owner[other])
                    anchors[anchor] = direction / norm * 1.8
                    outside.append((mine, anchor, 0.6))
        placed = place_anchored(members, sizes, inner, outside, anchors, options)
        placed = compact(fit_width(placed, sizes, widths[gid], options.gap,
                                   tallest=group_tallest(options)),
                          sizes, options.gap)
        rect = group_rect(placed, sizes, members, options, group_headers.get(gid, 0.0))
        regions[gid] = rect
        new_local.update({m: (x - rect.cx, y - rect.cy) for m, (x, y) in placed.items()})
    return new_local, regions


def place_anchored(members: Sequence[str], sizes: Mapping[str, Size],
                    inner: Sequence[tuple[str, str, float]],
                    outside: Sequence[tuple[str, str, float]],
                    anchors: Mapping[str, np.ndarray], options: LayoutOptions
                    ) -> dict[str, Point]:
    """Members by springs towards the fixed anchors of their outside neighbours; a member
    with no relation at all is packed beside the others, as place_boxes does, instead of
    being pushed away by all of them to the far edge of the group."""
    linked = {node for u, v, _w in [*inner, *outside] for node in (u, v)}
    lone = [m for m in members if m not in linked]
    if lone and len(lone) < len(members):
        placed = place_anchored([m for m in members if m in linked], sizes, inner, outside,
                                anchors, options)
        return pack([placed, *({m: (0.0, 0.0)} for m in lone)], sizes, options.gap * 2)
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
    scaled = scale_to_points(member_unit, sizes, inner, options.gap)
    if not inner:
        spread = max(float(np.ptp([p for p in member_unit.values()], axis=0).max()), 1e-9)
        scaled = {m: p / spread * math.sqrt(sum(sizes[n][0] * sizes[n][1] for n in members))
                  for m, p in member_unit.items()}
    centers = np.array([scaled[m] for m in members], dtype=float)
    placed = remove_overlaps(centers, np.array([sizes[m] for m in members], dtype=float),
                             np.ones(len(members), bool), options.gap)
    return {m: (float(x), float(y)) for m, (x, y) in zip(members, placed, strict=True)}


def group_tallest(options: LayoutOptions) -> float | None:
    """How tall for its width a group may become when fitted to its width."""
    return GROUP_TALLEST if options.narrow_groups else None


def group_widths(group_of: Mapping[str, str | None], sizes: Mapping[str, Size],
                 options: LayoutOptions) -> dict[str, float | None]:
    """The width each group's members may take on the page: the group's share of all
    the room the map's boxes need, so that groups can stand side by side instead of
    each taking the page's width and the groups piling up (never narrower than its
    widest member)."""
    room = inner_width(options)
    gids = sorted({g for g in group_of.values() if g is not None})
    if room is None or not options.narrow_groups:
        return dict.fromkeys(gids, room)
    gap = options.gap
    area = {n: (w + gap) * (h + gap) for n, (w, h) in sizes.items() if n in group_of}
    total = sum(area.values())
    widths: dict[str, float | None] = {}
    # Groups side by side in about a square arrangement: each at least a column's width.
    column = 1 / max(1, math.ceil(math.sqrt(len(gids))))
    for gid in gids:
        members = [n for n in group_of if group_of[n] == gid]
        share = max(sum(area[m] for m in members) / total, column)
        widest = max(sizes[m][0] for m in members)
        widths[gid] = min(room, max(widest, room * share * GROUP_SHARE))
    return widths


GROUP_SHARE = 0.8  # a group's width on the page, over its share of the map's area
PACK_BEYOND = 1.15  # groups wider than this times the page are packed into it
GROUP_TALLEST = 4.0  # height / width a group may take to stand beside the others


def region_of(sizes: Mapping[str, Size], header_width: float, options: LayoutOptions
              ) -> Frame:
    """The region a group's placed members take, with its padding and title."""
    return lambda placed: group_rect(placed, sizes, placed, options, header_width)


def place_groups(group_of: Mapping[str, str | None], sizes: Mapping[str, Size],
                  edges: Sequence[Edge], group_headers: Mapping[str, float],
                  options: LayoutOptions, widths: Mapping[str, float | None]
                  ) -> tuple[dict[str, Point], dict[str, Size], dict[str, Rect]]:
    """Each group laid out around its own centre; returns offsets, sizes and regions."""
    local: dict[str, Point] = {}
    cluster_sizes: dict[str, Size] = {}
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        members = [n for n in group_of if group_of[n] == gid]
        inner = [e for e in edges if group_of[e.source] == gid == group_of[e.target]]
        placed = place_boxes(members, sizes, split_links(inner, {m: m for m in members}),
                        options, options.algorithm)
        placed = upright(placed, sizes, widths[gid], options.gap)
        if options.narrow_groups:
            placed = fit_width(placed, sizes, widths[gid], options.gap,
                               tallest=group_tallest(options))
        placed = compact(placed, sizes, options.gap)
        rect = group_rect(placed, sizes, members, options, group_headers.get(gid, 0.0))
        cluster_sizes[group_node(gid)] = (rect.width, rect.height)
        regions[gid] = rect
        local.update({m: (x - rect.cx, y - rect.cy) for m, (x, y) in placed.items()})
    return local, cluster_sizes, regions


def clean_regions(centers: Mapping[str, Point], sizes: Mapping[str, Size],
                   group_of: Mapping[str, str | None], group_headers: Mapping[str, float],
                   options: LayoutOptions) -> dict[str, Rect]:
    """Regions around each group's members, leaving out any that would take in an
    outsider or another region (layouts that ignore groups cannot promise clean ones)."""
    regions: dict[str, Rect] = {}
    for gid in sorted({g for g in group_of.values() if g is not None}):
        members = [a for a in group_of if group_of[a] == gid]
        rect = group_rect(centers, sizes, members, options, group_headers.get(gid, 0.0))
        outsiders = [Rect(*centers[a], *sizes[a]) for a in group_of if group_of[a] != gid]
        if not any(rect.overlaps(o) for o in outsiders) and \
                not any(rect.overlaps(r) for r in regions.values()):
            regions[gid] = rect
    return regions
