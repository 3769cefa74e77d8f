"""Compare conceptmap with Graphviz neato on the same maps: time, crossings, relations
through actors. Prints a Markdown table.

    .venv/bin/python bench/quality.py [--maps showcase,gen-40,gen-150,gen-1000]
                                      [--runs 3] [--with-kk]

conceptmap: make_scene + SVG, median of --runs runs (one run for maps over 150
actors); measured on the figure with tests/figure_metrics.py. Graphviz: `neato
-Goverlap=prism -Tsvg` on conceptmap's DOT export of the same map (median of --runs),
measured on `-Tjson` output with the same geometry code (tests/quality_geometry.py).
Both are measured in points. --with-kk adds the time networkx's Kamada-Kawai layout
alone takes on the largest map (about 18 s at 1,000 actors).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.figure_metrics import BORDER, measure  # noqa: E402
from tests.mapgen import generate_map  # noqa: E402
from tests.quality_geometry import (  # noqa: E402
    Drawing,
    Line,
    edge_crossings,
    relations_through_actors,
)

import conceptmap  # noqa: E402
from conceptmap._export_dot import to_dot  # noqa: E402

SHOWCASE = ROOT / "maps" / "ambtenaar-3.0.yaml"
NEATO = ["neato", "-Goverlap=prism"]
DEFAULT_MAPS = "showcase,gen-40,gen-150,gen-1000"


@dataclass(frozen=True)
class Row:
    map: str
    actors: int
    relations: int
    tool: str
    seconds: float
    crossings: int | None
    through: int | None

    def markdown(self) -> str:
        def count(value: int | None) -> str:
            return "–" if value is None else str(value)

        return (f"| {self.map} | {self.actors} | {self.relations} | {self.tool} | "
                f"{self.seconds:.2f} | {count(self.crossings)} | {count(self.through)} |")


def load(name: str) -> conceptmap.Map:
    if name == "showcase":
        return conceptmap.load(SHOWCASE)
    return generate_map(int(name.removeprefix("gen-")))


def median_time(run: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def conceptmap_row(name: str, model: conceptmap.Map, runs: int) -> Row:
    from conceptmap._render import figure_for, render_bytes

    def scene_and_svg() -> object:
        scene = conceptmap.make_scene(model)
        render_bytes(scene, "svg")
        return scene

    seconds, scene = median_time(scene_and_svg, runs)
    metrics = measure(figure_for(scene), model)  # type: ignore[arg-type]
    return Row(name, len(model.actors), len(model.relations), "conceptmap", seconds,
               len(metrics.edge_crossings), len(metrics.relations_through_actors))


def _bezier(points: list[list[float]], steps: int = 12) -> np.ndarray:
    """Sample a cubic B-spline given as Graphviz control points P0 C C P1 C C P2 ..."""
    control = np.asarray(points, dtype=float)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    parts = [control[:1]]
    for k in range(0, len(control) - 3, 3):
        p0, p1, p2, p3 = control[k:k + 4]
        parts.append(((1 - t) ** 3) * p0 + 3 * ((1 - t) ** 2) * t * p1
                     + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3)
    return np.vstack(parts)


def neato_drawing(graph: dict) -> Drawing:
    """Node boxes and edge polylines, in points, from `neato -Tjson` output."""
    objects = graph["objects"]
    boxes = {}
    for node in objects:
        if "pos" in node and "nodes" not in node:
            x, y = (float(v) for v in node["pos"].split(","))
            w, h = float(node["width"]) * 72, float(node["height"]) * 72
            boxes[node["name"]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    lines = []
    for edge in graph.get("edges", []):
        curves = [_bezier(op["points"]) for op in edge.get("_draw_", [])
                  if op["op"] in ("b", "B")]
        curves += [np.asarray(op["points"], float) for op in edge.get("_draw_", [])
                   if op["op"] == "L"]
        if curves:
            lines.append(Line(edge.get("id", str(edge["_gvid"])), objects[edge["tail"]]["name"],
                              objects[edge["head"]]["name"], np.vstack(curves)))
    return Drawing(boxes, tuple(lines))


def neato_row(name: str, model: conceptmap.Map, runs: int) -> Row:
    # Without the legend cluster: only the map's own actors and relations are measured.
    dot = to_dot(dataclasses.replace(model, legend=conceptmap.Legend(show=False))).encode()

    def svg() -> object:
        return subprocess.run([*NEATO, "-Tsvg"], input=dot, capture_output=True, check=True)

    seconds, _ = median_time(svg, runs)
    result = subprocess.run([*NEATO, "-Tjson"], input=dot, capture_output=True, check=True)
    drawing = neato_drawing(json.loads(result.stdout))
    return Row(name, len(model.actors), len(model.relations), "neato -Goverlap=prism",
               seconds, len(edge_crossings(drawing)),
               len(relations_through_actors(drawing, BORDER)))


def kamada_kawai_row(name: str, model: conceptmap.Map) -> Row:
    import networkx as nx

    from conceptmap._graph import to_graph, undirected_weights

    graph = undirected_weights(to_graph(model))
    seconds, _ = median_time(lambda: nx.kamada_kawai_layout(graph), 1)
    return Row(name, len(model.actors), len(model.relations),
               "kamada-kawai (networkx, layout only)", seconds, None, None)


def _versions() -> str:
    neato = subprocess.run(["neato", "-V"], capture_output=True, text=True).stderr.strip()
    return (f"conceptmap {conceptmap.__version__}; {neato}; Python "
            f"{platform.python_version()} on {platform.machine()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", default=DEFAULT_MAPS,
                        help=f"comma-separated: showcase, gen-N (default {DEFAULT_MAPS})")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per timing for maps up to 150 actors (default 3)")
    parser.add_argument("--with-kk", action="store_true",
                        help="also time networkx Kamada-Kawai on the largest map")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.maps.split(",") if n.strip()]
    print(_versions())
    print()
    print("| map | actors | relations | tool | seconds | crossings | through actors |")
    print("|---|---:|---:|---|---:|---:|---:|")
    models = {name: load(name) for name in names}
    for name, model in models.items():
        runs = args.runs if len(model.actors) <= 150 else 1
        for make in (conceptmap_row, neato_row):
            print(f"{name}: {make.__name__}...", file=sys.stderr, flush=True)
            print(make(name, model, runs).markdown(), flush=True)
    if args.with_kk and models:
        name = max(models, key=lambda n: len(models[n].actors))
        print(kamada_kawai_row(name, models[name]).markdown(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
