"""OGDF's cluster planarization with orthogonal routes, as a reference for maps with
groups. bench/quality.py runs this script with the Python given by --ogdf-cluster-python,
one that has `ogdf-python` and `ogdf-wheel` installed (a 480 MB, GPL-licensed install that
conceptmap itself does not use), in a process of its own so that its OGDF build and
conceptmap's `ogdf-py` never share one process.

Reads a graph as JSON on standard input:
    {"nodes": [{"id": ..., "width": ..., "height": ...}], "edges": [[source, target], ...],
     "groups": [[node id, ...], ...], "seed": 1, "separation": 10.0}
and writes on standard output the layout, with y growing upwards:
    {"seconds": ..., "nodes": {id: [x0, y0, x1, y1]}, "edges": [[[x, y], ...], ...],
     "groups": [[x0, y0, x1, y1], ...]}
where each edge runs from its source's centre through its bends to its target's centre.
`seconds` is the time of the layout call alone (OGDF's import takes seconds of its own).
"""

from __future__ import annotations

import json
import sys
import time


def layout(graph: dict) -> dict:
    from ogdf_python import cppinclude, ogdf

    cppinclude("ogdf/cluster/ClusterPlanarizationLayout.h")
    cppinclude("ogdf/cluster/ClusterOrthoLayout.h")
    ogdf.setSeed(int(graph.get("seed", 1)))
    g = ogdf.Graph()
    clusters = ogdf.ClusterGraph(g)
    attributes = ogdf.ClusterGraphAttributes(clusters, ogdf.ClusterGraphAttributes.all)
    nodes = {}
    for node in graph["nodes"]:
        handle = g.newNode()
        nodes[node["id"]] = handle
        attributes.width[handle] = float(node["width"])
        attributes.height[handle] = float(node["height"])
    edges = [g.newEdge(nodes[s], nodes[t]) for s, t in graph["edges"]]
    groups = []
    for members in graph["groups"]:
        cluster = clusters.newCluster(clusters.rootCluster())
        for member in members:
            clusters.reassignNode(nodes[member], cluster)
        groups.append(cluster)
    ortho = ogdf.ClusterOrthoLayout()
    ortho.separation(float(graph.get("separation", 10.0)))
    ortho.__python_owns__ = False  # the planarization layout deletes its layouter itself
    planarization = ogdf.ClusterPlanarizationLayout()
    planarization.setPlanarLayouter(ortho)
    start = time.perf_counter()
    planarization.call(g, attributes, clusters)
    seconds = time.perf_counter() - start

    def box(x: float, y: float, w: float, h: float) -> list[float]:
        return [x - w / 2, -y - h / 2, x + w / 2, -y + h / 2]

    return {
        "seconds": seconds,
        "nodes": {key: box(attributes.x[n], attributes.y[n], attributes.width[n],
                           attributes.height[n]) for key, n in nodes.items()},
        "edges": [[[attributes.x[e.source()], -attributes.y[e.source()]],
                   *([p.m_x, -p.m_y] for p in attributes.bends[e]),
                   [attributes.x[e.target()], -attributes.y[e.target()]]] for e in edges],
        # A cluster's x and y are its top left corner (OGDF's y grows downwards).
        "groups": [[attributes.x[c], -attributes.y[c] - attributes.height[c],
                    attributes.x[c] + attributes.width[c], -attributes.y[c]]
                   for c in groups],
    }


def main() -> int:
    json.dump(layout(json.load(sys.stdin)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
