"""Compare conceptmap with Graphviz (and OGDF when installed) on the same maps, measured
on the drawn pictures with the same geometry code. Prints a Markdown table.

    .venv/bin/python bench/quality.py [--maps policy-26,karate-34,...] [--runs 3]
                                      [--tools conceptmap,neato,sfdp,dot,fdp,ogdf,ogdf-cluster]
                                      [--ogdf-cluster-python PYTHON]
                                      [--layouts default,force] [--width-cm 16]
                                      [--seeds 3,7,11]

Maps: the names of tests/maps/*.yaml (default: all of them), `showcase`, or `gen-N`
(tests/mapgen.py). conceptmap draws each map with `--width` (16 cm by default) and is
measured on the matplotlib figure by tests/figure_metrics.py, in points of the picture
as rendered. Graphviz lays out conceptmap's DOT export (`neato -Goverlap=prism`, `sfdp
-Goverlap=prism`, and the cluster-aware `dot` and `fdp`, which keep groups); its `-Tjson`
output (node boxes, edge splines, edge-label and cluster-title text) is scaled to the
width of conceptmap's picture of the same map, so both are measured on a picture of the
same width; the column "text pt" gives the smallest text size in each picture. OGDF
(`pip install ogdf-py`): planarization with orthogonal routes (separation 10), without
groups, on boxes of conceptmap's actor sizes; it places no relation labels. OGDF's
cluster planarization (tool ogdf-cluster; bench/ogdf_cluster.py, run by the Python given
as --ogdf-cluster-python, one with `ogdf-python` and `ogdf-wheel`): the same with groups
kept, on maps that have groups; its seconds are OGDF's layout call alone.

Columns: crossings (pairs of relations whose lines cross, relations sharing an actor
left out), through (relation drawn across an actor it does not connect), under text
(relation under a text other than its own label: other label plates, group titles,
legend, title), coinciding (pairs within 1.5 pt over more than 14 pt), detached (labels
their own line does not touch), outside (routes leaving the picture), corners (relations
whose line turns more than 30 degrees within 3 pt, outside its own label), detours
(relations drawn more than twice as long as the straight way between their actors'
boxes, and at least 28 pt longer), seconds
(median of --runs runs of layout and SVG output; one run above 150 actors), text pt,
cm (the size of conceptmap's picture, width x height). A layout that does not draw a map
(one too large for it) gets a row that says so.

--seeds draws each map with each of conceptmap's seeds (default: 7, its own default), a
row per seed; a table of totals over the maps, per layout and seed, follows. A change to
the layout is judged on several seeds: on one, which of the seeded starts wins can move
by chance, and a map's counts with it.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.figure_metrics import (  # noqa: E402
    BORDER,
    CLIP_TOLERANCE,
    COINCIDE_DISTANCE,
    COINCIDE_LENGTH,
    LABEL_REACH,
    PLATE,
    SHARP_TURN,
    SHARP_WITHIN,
    measure,
)
from tests.mapgen import generate_map  # noqa: E402
from tests.quality_geometry import (  # noqa: E402
    Box,
    Drawing,
    Line,
    coinciding_relations,
    detached_labels,
    detours,
    edge_crossings,
    grow,
    lines_under_text,
    relations_through_actors,
    routes_outside,
    sharp_corners,
)

import conceptmap  # noqa: E402
from conceptmap._export_dot import to_dot  # noqa: E402

SHOWCASE = ROOT / "maps" / "ambtenaar-3.0.yaml"
MAPS = ROOT / "tests" / "maps"
GRAPHVIZ = {
    "neato": ["neato", "-Goverlap=prism"],
    "sfdp": ["sfdp", "-Goverlap=prism"],
    "dot": ["dot"],  # clusters: groups kept
    "fdp": ["fdp"],  # clusters: groups kept
}
GRAPHVIZ_NAMES = {"neato": "neato -Goverlap=prism", "sfdp": "sfdp -Goverlap=prism",
                  "dot": "dot (clusters)", "fdp": "fdp (clusters)"}
DEFAULT_TOOLS = "conceptmap,neato,sfdp,dot,fdp,ogdf,ogdf-cluster"
DEFAULT_SEED = conceptmap.DrawOptions().seed
OGDF_CLUSTER_TIMEOUT = 600  # seconds per run (1,000 actors took about 127 s)
CM = 72 / 2.54


@dataclass(frozen=True)
class Row:
    map: str
    actors: int
    relations: int
    tool: str
    seconds: float | None
    counts: dict[str, int] | None  # None: not measured (see note)
    text_pt: float | None = None
    note: str = ""
    size_cm: tuple[float, float] | None = None  # conceptmap's picture, width x height

    COLUMNS = ("crossings", "through", "under text", "coinciding", "detached", "outside",
               "corners", "detours")

    def markdown(self) -> str:
        def cell(value: object) -> str:
            return "–" if value is None else str(value)

        counts = self.counts or {}
        values = [cell(counts.get(c)) for c in self.COLUMNS]
        seconds = "–" if self.seconds is None else f"{self.seconds:.2f}"
        text = "–" if self.text_pt is None else f"{self.text_pt:.1f}"
        size = "–" if self.size_cm is None else f"{self.size_cm[0]:.1f} x {self.size_cm[1]:.1f}"
        tool = f"{self.tool} ({self.note})" if self.note else self.tool
        return (f"| {self.map} | {self.actors} | {self.relations} | {tool} | "
                + " | ".join(values) + f" | {seconds} | {text} | {size} |")


HEADER = ("| map | actors | relations | tool | " + " | ".join(Row.COLUMNS)
          + " | seconds | text pt | cm |\n|---|---:|---:|---|" + "---:|" * (len(Row.COLUMNS) + 3))


def map_names() -> list[str]:
    return sorted(p.stem for p in MAPS.glob("*.yaml"))


def load(name: str) -> conceptmap.Map:
    if name == "showcase":
        return conceptmap.load(SHOWCASE)
    if name.startswith("gen-"):
        return generate_map(int(name.removeprefix("gen-")))
    return conceptmap.load(MAPS / f"{name}.yaml")


def median_time(run: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def counts_of(drawing: Drawing) -> dict[str, int]:
    """The table's counts for a drawing in points (conceptmap's thresholds)."""
    return {
        "crossings": len(edge_crossings(drawing)),
        "through": len(relations_through_actors(drawing, BORDER)),
        "under text": len(lines_under_text(drawing, BORDER)),
        "coinciding": len(coinciding_relations(drawing, COINCIDE_DISTANCE, COINCIDE_LENGTH)),
        "detached": len(detached_labels(drawing, LABEL_REACH)),
        "outside": len(routes_outside(drawing, CLIP_TOLERANCE)),
        "corners": len(sharp_corners(drawing, SHARP_TURN, SHARP_WITHIN)),
        "detours": len(detours(drawing)),
    }


# --- conceptmap ------------------------------------------------------------------------------

def conceptmap_row(name: str, model: conceptmap.Map, runs: int, width: float,
                   layout: str = "default", seed: int = DEFAULT_SEED) -> tuple[Row, float]:
    """The row, and the width of the picture in points (Graphviz is scaled to it)."""
    from conceptmap._render import RenderOptions, figure_for, render_bytes

    options = conceptmap.DrawOptions(layout=layout, width=width, seed=seed)

    def scene_and_svg() -> object:
        scene = conceptmap.make_scene(model, options)
        render_bytes(scene, "svg", RenderOptions(width))
        return scene

    seconds, scene = median_time(scene_and_svg, runs)
    render = RenderOptions(width)
    figure = figure_for(scene, render)  # type: ignore[arg-type]
    metrics = measure(figure, model)
    counts = {"crossings": len(metrics.edge_crossings),
              "through": len(metrics.relations_through_actors),
              "under text": len(metrics.lines_under_text),
              "coinciding": len(metrics.coinciding_relations),
              "detached": len(metrics.detached_labels),
              "outside": len(metrics.routes_outside),
              "corners": len(metrics.sharp_corners),
              "detours": len(metrics.detours)}
    others = {k: v for k, v in metrics.faults().items()
              if v and k not in ("relations_through_actors", "lines_under_text",
                                 "coinciding_relations", "detached_labels", "routes_outside",
                                 "sharp_corners")}
    note = ", ".join(f"{k} {v}" for k, v in others.items())
    smallest = min(t.size for t in scene.text_blocks()) * render.scale_for(scene)  # type: ignore[attr-defined]
    tool = "conceptmap" if layout == "default" else f"conceptmap {layout}"
    inches = figure.get_size_inches()
    size = (float(inches[0]) * 2.54, float(inches[1]) * 2.54)
    return (Row(name, len(model.actors), len(model.relations), tool, seconds, counts,
                smallest, note, size), float(figure.bbox.width) * 72 / figure.dpi)


# --- Graphviz --------------------------------------------------------------------------------

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


def _edge_curves(edge: dict) -> list[np.ndarray]:
    """An edge's line: its spline's control points from `pos`, where Graphviz gives
    them, else its drawing operations. A tapered edge (conceptmap's tension) is drawn
    as a filled outline, not a curve: read from its drawing, it would not be measured
    at all."""
    points = [[float(v) for v in token.split(",")] for token in edge.get("pos", "").split()
              if not token.startswith(("s,", "e,"))]
    if len(points) >= 4:
        return [_bezier(points)]
    draw = edge.get("_draw_", [])
    curves = [_bezier(op["points"]) for op in draw if op["op"] in ("b", "B")]
    return curves + [np.asarray(op["points"], float) for op in draw if op["op"] == "L"]


def _texts(ops: list[dict]) -> list[Box]:
    """Boxes of the text operations of an xdot list (baseline point, width, font size)."""
    boxes, size = [], 14.0
    for op in ops:
        if op["op"] == "F":
            size = float(op["size"])
        elif op["op"] == "T":
            x, y = (float(v) for v in op["pt"])
            w = float(op["width"])
            x0 = {"l": x, "r": x - w}.get(op["align"], x - w / 2)
            boxes.append((x0, y - 0.25 * size, x0 + w, y + 0.95 * size))
    return boxes


def _union(boxes: list[Box]) -> Box:
    array = np.asarray(boxes, dtype=float)
    return (float(array[:, 0].min()), float(array[:, 1].min()),
            float(array[:, 2].max()), float(array[:, 3].max()))


def smallest_font(graph: dict) -> float:
    """The smallest font size any text of a Graphviz `-Tjson` drawing is set in."""
    sizes = [float(op["size"]) for item in [graph, *graph.get("objects", []),
                                            *graph.get("edges", [])]
             for op in item.get("_ldraw_", []) if op["op"] == "F"]
    return min(sizes, default=14.0)


def graphviz_drawing(graph: dict) -> Drawing:
    """Node boxes, edge polylines, edge-label plates, cluster titles and the graph title,
    in points, from Graphviz `-Tjson` output."""
    objects = graph.get("objects", [])
    boxes, texts = {}, {}
    for node in objects:
        if "nodes" in node or "pos" not in node:  # a cluster
            for k, box in enumerate(_texts(node.get("_ldraw_", []))):
                texts[f"{node['name']}-label-{k}"] = box
            continue
        x, y = (float(v) for v in node["pos"].split(","))
        w, h = float(node["width"]) * 72, float(node["height"]) * 72
        boxes[node["name"]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    for k, box in enumerate(_texts(graph.get("_ldraw_", []))):
        texts[f"title-{k}"] = box
    lines, labels = [], {}
    for edge in graph.get("edges", []):
        curves = _edge_curves(edge)
        if not curves:
            continue
        key = edge.get("id", str(edge["_gvid"]))
        lines.append(Line(key, objects[edge["tail"]]["name"], objects[edge["head"]]["name"],
                          np.vstack(curves)))
        label = _texts(edge.get("_ldraw_", []))
        if label:
            labels[key] = grow(_union(label), *PLATE)
    x0, y0, x1, y1 = (float(v) for v in graph["bb"].split(","))
    return Drawing(boxes, tuple(lines), labels, texts, (x0, y0, x1, y1))


def scaled(drawing: Drawing, factor: float) -> Drawing:
    """The drawing made `factor` times as large (boxes, lines, texts, frame)."""
    def box(b: Box) -> Box:
        return (b[0] * factor, b[1] * factor, b[2] * factor, b[3] * factor)

    return Drawing({k: box(b) for k, b in drawing.boxes.items()},
                   tuple(Line(x.id, x.source, x.target, x.points * factor)
                         for x in drawing.lines),
                   {k: box(b) for k, b in drawing.labels.items()},
                   {k: box(b) for k, b in drawing.texts.items()},
                   None if drawing.frame is None else box(drawing.frame))


def _graphviz(command: list[str], dot: bytes, fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command, f"-T{fmt}"], input=dot, capture_output=True,
                          check=True)


def graphviz_row(name: str, model: conceptmap.Map, runs: int, engine: str,
                 width: float) -> Row:
    # Without the legend cluster: only the map's own actors and relations are measured.
    dot = to_dot(dataclasses.replace(model, legend=conceptmap.Legend(show=False))).encode()
    command, note = GRAPHVIZ[engine], []
    if engine not in ("dot", "fdp") and model.groups:
        note.append("groups ignored")
    try:
        _graphviz(command, dot, "json")
    except subprocess.CalledProcessError as error:
        # dot 2.43 stops with "trouble in init_rank" on some clustered graphs; its
        # newer ranking handles them.
        command = [*command, "-Gnewrank=true"]
        note.append("-Gnewrank=true")
        try:
            _graphviz(command, dot, "json")
        except subprocess.CalledProcessError:
            reason = error.stderr.decode(errors="replace").splitlines()[0]
            return Row(name, len(model.actors), len(model.relations), GRAPHVIZ_NAMES[engine],
                       None, None, None, f"failed: {reason}")
    seconds, _ = median_time(lambda: _graphviz(command, dot, "svg"), runs)
    layout = json.loads(_graphviz(command, dot, "json").stdout)
    drawing = graphviz_drawing(layout)
    frame = drawing.frame or (0.0, 0.0, width, width)
    factor = width / max(frame[2] - frame[0], 1e-9)
    return Row(name, len(model.actors), len(model.relations), GRAPHVIZ_NAMES[engine],
               seconds, counts_of(scaled(drawing, factor)), smallest_font(layout) * factor,
               ", ".join(note))


# --- OGDF ------------------------------------------------------------------------------------

_POINT = re.compile(r"point \[ x (-?[\d.e+-]+) y (-?[\d.e+-]+) \]")


def _outside_boxes(points: np.ndarray, boxes: list[Box], step: float = 1.0) -> np.ndarray:
    """The polyline, finely resampled, without the parts inside the given boxes (OGDF
    routes run from centre to centre)."""
    p = np.asarray(points, dtype=float)
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(p, axis=0).T))])
    at = np.append(np.arange(0.0, arc[-1], step), arc[-1])
    fine = np.column_stack([np.interp(at, arc, p[:, 0]), np.interp(at, arc, p[:, 1])])
    keep = np.ones(len(fine), dtype=bool)
    for x0, y0, x1, y1 in boxes:
        keep &= ~((fine[:, 0] > x0) & (fine[:, 0] < x1) & (fine[:, 1] > y0)
                  & (fine[:, 1] < y1))
    return fine[keep] if keep.sum() >= 2 else fine[[0, -1]]


def _ogdf_counts(model: conceptmap.Map, boxes: dict[str, Box], routes: list, groups: list,
                 width: float) -> dict[str, int]:
    """The table's counts for an OGDF drawing: actor `boxes`, each relation's route from
    its source's centre to its target's (clipped to the boxes here), and group boxes,
    scaled to `width`. OGDF places no relation labels and no group titles: the columns
    about labels and text are left out."""
    lines = []
    for relation, points in zip(model.relations, routes, strict=True):
        ends = [boxes[relation.source], boxes[relation.target]]
        lines.append(Line(relation.element_id, relation.source, relation.target,
                          _outside_boxes(np.asarray(points, dtype=float), ends)))
    array = np.asarray([*boxes.values(), *groups])
    factor = width / max(float(array[:, 2].max() - array[:, 0].min()), 1e-9)
    counts = counts_of(scaled(Drawing(boxes, tuple(lines), {}, {}, None), factor))
    counts.pop("detached")
    counts.pop("under text")
    return counts


def ogdf_row(name: str, model: conceptmap.Map, runs: int, width: float) -> Row:
    try:
        import ogdf
    except ImportError:
        return Row(name, len(model.actors), len(model.relations), "OGDF planarization", None,
                   None, None, "not measured: `pip install ogdf-py` to add it")
    scene = conceptmap.make_scene(model)
    sizes = {s.gid: (s.width, s.height) for s in scene.shapes}  # type: ignore[attr-defined]

    def run() -> tuple[object, object, dict, list]:
        graph = ogdf.Graph()
        attributes = ogdf.GraphAttributes(graph, ogdf.ALL_ATTRIBUTES)
        nodes = {}
        for actor in model.actors:
            node = graph.new_node()
            nodes[actor.id] = node
            w, h = sizes.get(actor.element_id, (60.0, 20.0))
            attributes.set_width(node, w)
            attributes.set_height(node, h)
        edges = [graph.new_edge(nodes[r.source], nodes[r.target]) for r in model.relations]
        layout = ogdf.PlanarizationLayout()
        layout.use_orthogonal_layout(10.0)
        layout.call(attributes)
        return graph, attributes, nodes, edges

    seconds, (_graph, attributes, nodes, _edges) = median_time(run, runs)  # type: ignore[misc]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "layout.gml"
        ogdf.write_gml(attributes, str(path))
        gml = path.read_text(encoding="utf-8")
    boxes = {}
    for actor in model.actors:
        node = nodes[actor.id]
        x, y = attributes.x(node), attributes.y(node)
        w, h = attributes.width(node), attributes.height(node)
        boxes[actor.id] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    routes = []
    for relation, chunk in zip(model.relations, gml.split("\tedge\n")[1:], strict=True):
        src, dst = (((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
                    for b in (boxes[relation.source], boxes[relation.target]))
        bends = [(float(x), float(y)) for x, y in _POINT.findall(chunk)]
        routes.append([src, *bends, dst])
    counts = _ogdf_counts(model, boxes, routes, [], width)
    note = "groups ignored" if model.groups else ""
    return Row(name, len(model.actors), len(model.relations), "OGDF planarization (ortho)",
               seconds, counts, None, note)


def ogdf_cluster_row(name: str, model: conceptmap.Map, runs: int, width: float,
                     python: str | None) -> Row:
    """OGDF's cluster planarization (bench/ogdf_cluster.py, run by `python`), groups kept,
    on boxes of conceptmap's actor sizes; seconds are OGDF's layout call alone."""
    tool = "OGDF cluster planarization (ortho)"
    if not model.groups:
        return Row(name, len(model.actors), len(model.relations), tool, None, None, None,
                   "not measured: the map has no groups")
    if python is None:
        return Row(name, len(model.actors), len(model.relations), tool, None, None, None,
                   "not measured: --ogdf-cluster-python names a Python with ogdf-python")
    scene = conceptmap.make_scene(model)
    sizes = {s.gid: (s.width, s.height) for s in scene.shapes}  # type: ignore[attr-defined]
    members = {g.id: [a.id for a in model.actors if a.group == g.id] for g in model.groups}
    graph = {
        "nodes": [{"id": a.id, "width": sizes.get(a.element_id, (60.0, 20.0))[0],
                   "height": sizes.get(a.element_id, (60.0, 20.0))[1]} for a in model.actors],
        "edges": [[r.source, r.target] for r in model.relations],
        # A group of every actor draws as no group; OGDF's cluster planarization crashes
        # on it (ogdf-wheel 2025.10), so it is left out.
        "groups": [ids for ids in members.values() if 0 < len(ids) < len(model.actors)],
        "seed": 1, "separation": 10.0,
    }
    answers = []
    for _ in range(runs):
        done = subprocess.run([python, str(Path(__file__).with_name("ogdf_cluster.py"))],
                              input=json.dumps(graph), capture_output=True, text=True,
                              timeout=OGDF_CLUSTER_TIMEOUT)
        if done.returncode != 0:
            said = done.stderr.strip().splitlines()
            crash = [x.strip(" *") for x in said if "*** Break ***" in x]
            reason = (crash or said or [f"exit code {done.returncode}"])[-1]
            return Row(name, len(model.actors), len(model.relations), tool, None, None, None,
                       f"failed: {reason}")
        answers.append(json.loads(done.stdout))
    answer = answers[-1]
    boxes = {key: tuple(b) for key, b in answer["nodes"].items()}
    counts = _ogdf_counts(model, boxes, answer["edges"], answer["groups"], width)
    intruders = _group_intruders(model, boxes, answer["groups"], graph["groups"])
    notes = [f"{intruders} actors inside another group"] if intruders else []
    if not graph["groups"]:
        notes.append("its one group holds every actor: drawn without it")
    seconds = statistics.median(a["seconds"] for a in answers)
    return Row(name, len(model.actors), len(model.relations), tool, seconds, counts, None,
               ", ".join(notes))


def _group_intruders(model: conceptmap.Map, boxes: dict[str, Box],
                     group_boxes: list[list[float]], groups: list[list[str]]) -> int:
    """Actors whose centre lies inside the box of a group they are not in."""
    count = 0
    for frame, ids in zip(group_boxes, groups, strict=True):
        for actor in model.actors:
            x0, y0, x1, y1 = boxes[actor.id]
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
            inside = frame[0] < x < frame[2] and frame[1] < y < frame[3]
            count += inside and actor.id not in ids
    return count


def _versions() -> str:
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    try:
        from importlib.metadata import version

        ogdf = f"ogdf-py {version('ogdf-py')}"
    except Exception:
        ogdf = "ogdf-py not installed"
    return (f"conceptmap {conceptmap.__version__}; {dot}; {ogdf}; Python "
            f"{platform.python_version()} on {platform.machine()}")


def rows_for(name: str, model: conceptmap.Map, tools: list[str], layouts: list[str],
             runs: int, width: float, ogdf_cluster_python: str | None = None,
             seeds: Sequence[int] = (DEFAULT_SEED,)) -> list[Row]:
    """The rows of one map, printed as they are made: conceptmap in each layout with
    each seed, then the other tools, drawn as wide as conceptmap's first picture."""
    rows, drawn_width, refused = [], width, set()
    for layout, seed in itertools.product(layouts, seeds):
        if layout in refused:
            continue  # refused with another seed already: said once
        try:
            row, figure_width = conceptmap_row(name, model, runs, width, layout, seed)
        except conceptmap.OptionError as exc:  # a map the layout does not draw
            row = Row(name, len(model.actors), len(model.relations), f"conceptmap {layout}",
                      None, None, None, f"refused: {exc}")
            refused.add(layout)
            rows.append(row)
            print(row.markdown(), flush=True)
            continue
        if not rows:
            drawn_width = figure_width
        if seeds != (DEFAULT_SEED,):
            row = dataclasses.replace(row, tool=f"{row.tool} seed {seed}")
        rows.append(row)
        print(row.markdown(), flush=True)
    for tool in tools:
        print(f"{name}: {tool}...", file=sys.stderr, flush=True)
        if tool in GRAPHVIZ:
            row = graphviz_row(name, model, runs, tool, drawn_width)
        elif tool == "ogdf":
            row = ogdf_row(name, model, runs, drawn_width)
        elif tool == "ogdf-cluster":
            row = ogdf_cluster_row(name, model, runs, drawn_width, ogdf_cluster_python)
        else:
            continue
        rows.append(row)
        print(row.markdown(), flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", default=None,
                        help="comma-separated: names in tests/maps (default: all), showcase, "
                             "gen-N")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per timing for maps up to 150 actors (default 3)")
    parser.add_argument("--tools", default=DEFAULT_TOOLS,
                        help=f"comma-separated, besides conceptmap (default {DEFAULT_TOOLS})")
    parser.add_argument("--ogdf-cluster-python", default=None,
                        help="a Python with ogdf-python and ogdf-wheel installed, to measure "
                             "OGDF's cluster planarization (tool ogdf-cluster)")
    parser.add_argument("--layouts", default="default",
                        help="conceptmap layouts to measure (comma-separated; default: default)")
    parser.add_argument("--width-cm", type=float, default=16.0,
                        help="picture width, as `--width` (default 16)")
    parser.add_argument("--seeds", default=str(DEFAULT_SEED),
                        help="conceptmap's seeds, comma-separated (default "
                             f"{DEFAULT_SEED}); with more than one, totals follow")
    args = parser.parse_args(argv)
    names = [n.strip() for n in (args.maps or ",".join(map_names())).split(",") if n.strip()]
    tools = [t.strip() for t in args.tools.split(",") if t.strip() and t.strip() != "conceptmap"]
    layouts = [x.strip() for x in args.layouts.split(",") if x.strip()]
    try:
        seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    except ValueError:
        seeds = []
    if not seeds:
        parser.error(f"--seeds: whole numbers separated by commas, not {args.seeds!r}")
    print(_versions())
    print(f"Pictures {args.width_cm:g} cm wide as asked (wider where text would drop below "
          f"7 pt); Graphviz and OGDF scaled to conceptmap's width of the same map.")
    print()
    print(HEADER, flush=True)
    rows = []
    for name in names:
        model = load(name)
        runs = args.runs if len(model.actors) <= 150 else 1
        rows += rows_for(name, model, tools, layouts, runs, args.width_cm * CM,
                         args.ogdf_cluster_python, tuple(seeds))
    table = totals(rows) if len(seeds) > 1 else ""
    if table:
        print()
        print(table)
    return 0


def totals(rows: Sequence[Row]) -> str:
    """A Markdown table of each conceptmap tool's counts summed over the maps it drew,
    then each layout's over all its seeds; empty where conceptmap drew none."""
    drawn = [r for r in rows if r.tool.startswith("conceptmap") and r.counts is not None]
    if not drawn:
        return ""
    layouts = {r.tool: r.tool.split(" seed ")[0] for r in drawn}
    lines = ["| conceptmap | maps | " + " | ".join(Row.COLUMNS) + " |",
             "|---|---:|" + "---:|" * len(Row.COLUMNS)]
    groups = [(tool, [r for r in drawn if r.tool == tool]) for tool in dict.fromkeys(layouts)]
    groups += [(f"{layout}, all seeds", [r for r in drawn if layouts[r.tool] == layout])
               for layout in dict.fromkeys(layouts.values())]
    for label, members in groups:
        sums = [sum(r.counts[c] for r in members) for c in Row.COLUMNS]  # type: ignore[index]
        lines.append(f"| {label} | {len(members)} | " + " | ".join(map(str, sums)) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
