"""Draw a graph with OGDF's orthogonal layout, planarized by conceptmap (run as a script
by engines/orthogonal.py, in a process of its own: see there why).

Reads {"sizes": {node: [w, h]}, "links": [[a, b], ...], "seeds": [...], "separation": s}
as JSON on standard input; writes, for each seed, {"centers": {node: [x, y]}, "lines":
[[[x, y], ...], ...]} (y up; each line from its first node's centre to its second's).

The planarization is done here rather than by OGDF's own planarizer, whose parallel
restarts make its result depend on how its threads happen to run: links are taken in
the seed's order and kept where the graph stays planar (networkx's planarity test);
each link left over is then routed by OGDF's edge inserter through the planar graph
so far, and every crossing becomes a small node of its own. OGDF then draws that
planar graph, which needs no planarizing, with orthogonal lines.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

import networkx as nx

try:
    import ogdf
except ImportError as exc:  # installed, but not loadable here (a broken or foreign build)
    print(exc, file=sys.stderr)
    sys.exit(3)

CROSSING = 2.0  # points: the size of the node that stands for a crossing
_EDGE = re.compile(r"\tedge\n\t\[\n\t\tsource\t(\d+)\n\t\ttarget\t(\d+)\n(.*?)\n\t\]", re.S)
_POINT = re.compile(r"point \[ x (-?[\d.e+-]+) y (-?[\d.e+-]+) \]")

Node = str
Point = tuple[float, float]


def planarized(nodes: list[Node], links: list[tuple[Node, Node]], seed: int
               ) -> tuple[dict[int, list[Node]], int]:
    """Each link's path through the crossing nodes ("\\x00x<k>", k < the count returned)."""
    order = list(range(len(links)))
    if seed:
        random.Random(seed).shuffle(order)
    planar = nx.MultiGraph()
    planar.add_nodes_from(nodes)
    paths: dict[int, list[Node]] = {}
    later = []
    for k in order:
        key = planar.add_edge(*links[k])
        if nx.check_planarity(nx.Graph(planar))[0]:
            paths[k] = list(links[k])
        else:
            planar.remove_edge(*links[k], key=key)
            later.append(k)
    crossings = 0
    for k in later:
        graph = ogdf.Graph()
        handles = {n: graph.new_node() for n in [*nodes, *_crossing_names(crossings)]}
        pieces = {}
        for j, path in paths.items():
            for a, b in itertools.pairwise(path):
                pieces[graph.new_edge(handles[a], handles[b])] = (j, a, b)
        source, target = links[k]
        ((_edge, crossed),) = ogdf.insert_edges(graph, [graph.new_edge(handles[source],
                                                                      handles[target])])
        path = [source]
        for piece in crossed:
            j, a, b = pieces[piece]
            crossing = f"\x00x{crossings}"
            crossings += 1
            at = next(i for i in range(len(paths[j]) - 1) if paths[j][i:i + 2] == [a, b])
            paths[j].insert(at + 1, crossing)
            path.append(crossing)
        paths[k] = [*path, target]
    return paths, crossings


def _crossing_names(count: int) -> list[Node]:
    return [f"\x00x{k}" for k in range(count)]


def drawn(sizes: dict[Node, list[float]], links: list[tuple[Node, Node]], seed: int,
          separation: float) -> dict[str, object]:
    nodes = sorted(sizes)
    with ogdf.seeded(seed):
        paths, crossings = planarized(nodes, links, seed)
        graph = ogdf.Graph()
        attributes = ogdf.GraphAttributes(graph, ogdf.ALL_ATTRIBUTES)
        handles = {}
        for name in [*nodes, *_crossing_names(crossings)]:
            handles[name] = graph.new_node()
            width, height = sizes.get(name, (CROSSING, CROSSING))
            attributes.set_width(handles[name], width)
            attributes.set_height(handles[name], height)
        made = []
        for k in sorted(paths):
            for a, b in itertools.pairwise(paths[k]):
                graph.new_edge(handles[a], handles[b])
                made.append((k, a, b))
        layout = ogdf.PlanarizationLayout()
        layout.use_orthogonal_layout(separation)
        layout.call(attributes)
    # OGDF's y grows downwards: turned over, the first node it places is on top.
    centers = {n: (attributes.x(h), -attributes.y(h)) for n, h in handles.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawing.gml"
        ogdf.write_gml(attributes, str(path))
        written = path.read_text(encoding="utf-8")
    index = {name: k for k, name in enumerate(handles)}  # GML numbers nodes as made
    lines: list[list[Point]] = [[] for _ in links]
    for (k, a, b), (source, target, body) in zip(made, _EDGE.findall(written), strict=True):
        if (int(source), int(target)) != (index[a], index[b]):
            raise RuntimeError("OGDF wrote its links in another order than they were made")
        if not lines[k]:
            lines[k].append(centers[a])
        lines[k].extend([*((float(x), -float(y)) for x, y in _POINT.findall(body)), centers[b]])
    return {"centers": {n: centers[n] for n in nodes}, "lines": lines}


def main() -> None:
    # Whatever OGDF itself prints goes to standard error; the answer alone to the output.
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    asked = json.load(sys.stdin)
    links = [tuple(link) for link in asked["links"]]
    json.dump([drawn(asked["sizes"], links, seed, asked["separation"])
               for seed in asked["seeds"]], answer)
    answer.close()


if __name__ == "__main__":
    main()
