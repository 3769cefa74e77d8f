"""Exporters: DOT, Mermaid, GraphML, GEXF and JSON keep the map's meaning.

Golden files live in tests/golden/; run with CONCEPTMAP_UPDATE_GOLDEN=1 to rewrite them
after an intended change. Graphviz tests skip where `dot` is missing, except in CI
(which installs it).
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from xml.etree import ElementTree

import networkx as nx
import numpy as np
import pytest

import conceptmap
from conceptmap._export import EXPORTERS, export, format_for_path
from conceptmap._export_common import ExportOptions, looks_for
from conceptmap._export_dot import to_dot
from conceptmap._export_graph import to_gexf, to_graphml
from conceptmap._export_json import map_data, to_json
from conceptmap._export_mermaid import mermaid_id, to_mermaid
from conceptmap._looks import line_width
from conceptmap._paths import sample_route
from conceptmap._theme import to_hex

from .conftest import ROOT, SHOWCASE

GOLDEN = ROOT / "tests" / "golden"
SUFFIX = {"dot": "dot", "json": "json", "mermaid": "mmd"}
TRICKY = textwrap.dedent(r"""
    title: 'Citaat "tussen" aanhalingstekens \ en #1 <b> & co'
    groups:
      g-1: {label: "Groep \"één\"", description: "Een & twee"}
      leeg: Lege groep
    actors:
      a-b: {label: "Regel 1\nregel 2", group: g-1, type: dienst, description: "x < y"}
      a_b: {label: "back\\slash \\N", group: g-1, type: dienst}
      é: {label: "Ëen &amp; B&W", type: burger}
      los: {}
    relations:
      - {from: a-b, to: a_b, type: tension, label: 'zegt "nee"', quote: "Zij & wij"}
      - {from: a_b, to: é, type: information}
      - {from: é, to: los, type: control, label: "x -> y; {z}"}
      - {from: los, to: a-b, type: influence, strength: 3}
      - {from: a-b, to: a_b, type: cooperation, description: "twee\nregels"}
""").lstrip()
# Every kind of field, declared and restyled types, styles with colours, pins.
FULL = textwrap.dedent("""
    title: Volledig
    subtitle: Alles ingevuld
    source: "Bron: test"
    theme: dark
    layout: circular
    legend: {title: Legenda, labels: {tension: spanning, dienst: Diensten}}
    styles:
      dienst: {color: "#336699", shape: hexagon, label: De dienst}
      burger: {shape: ellipse}
    relation_types:
      steun: {directed: true, color: teal, line: dashdot, marker: bar, label: steunt}
      tension: {color: "#aa0000"}
    groups:
      g: {label: Groep, description: Een groep}
    actors:
      a: {label: A, type: dienst, group: g, description: De eerste, pos: [1.5, -2]}
      b: {label: B, type: burger, group: g}
      c: C
      d: {}
    relations:
      - {from: a, to: b, type: steun, label: helpt, description: omdat, quote: "‘zo’", strength: 2}
      - {from: b, to: c, type: tension, strength: 3, status: escalated}
      - {from: c, to: d, type: cooperation}
      - {from: d, to: a, type: control}
      - {from: a, to: c, type: influence}
      - {from: b, to: d, type: information}
""").lstrip()
BUILTINS = ("tension", "cooperation", "information", "control", "influence")
IN_CI = os.environ.get("CI") == "true"


def tricky() -> conceptmap.Map:
    return conceptmap.loads(TRICKY, path="tricky.yaml")


def full() -> conceptmap.Map:
    return conceptmap.loads(FULL, path="full.yaml")


MAPS = {"showcase": lambda: conceptmap.load(SHOWCASE), "tricky": tricky}


def graphviz(*args: str, dot: str) -> bytes:
    """Run Graphviz `dot`; skip without it, except in CI, where it must be installed."""
    if shutil.which("dot") is None:
        if IN_CI:
            pytest.fail("Graphviz (dot) is not installed; .ci/run installs it")
        pytest.skip("Graphviz is not installed")
    result = subprocess.run(["dot", *args], input=dot.encode(), capture_output=True,
                            check=True, timeout=60)
    assert result.stderr.decode() == ""  # no warnings: every attribute is understood
    return result.stdout


def dot_attributes(line: str) -> dict[str, str]:
    return {key: value.replace('\\"', '"') for key, value in
            re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', line.split("[", 1)[1])}


def dot_edges(dot: str) -> dict[str, dict[str, str]]:
    """Relation element id -> the attributes of its edge line."""
    edges = {}
    for line in dot.splitlines():
        if " -> " in line:
            attributes = dot_attributes(line)
            edges[attributes["id"]] = attributes
    return edges


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("name", sorted(MAPS))
def test_export_matches_golden_file(name, fmt):
    text = export(MAPS[name](), fmt)
    golden = GOLDEN / f"{name}.{SUFFIX[fmt]}"
    if os.environ.get("CONCEPTMAP_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} is missing; run with CONCEPTMAP_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted((ROOT / "maps").glob("*.yaml"))
                         + sorted((ROOT / "tests" / "maps").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_format_exports_every_map(path):
    model = conceptmap.load(path)
    for fmt in EXPORTERS:
        text = export(model, fmt)
        assert model.actors[0].id in text, fmt


def test_registry_chooses_formats_by_extension_and_rejects_unknown_ones():
    assert {s: format_for_path(f"kaart{s}") for s in
            (".dot", ".gv", ".mmd", ".graphml", ".gexf", ".json", ".JSON", ".svg", "")} == {
        ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".graphml": "graphml",
        ".gexf": "gexf", ".json": "json", ".JSON": "json", ".svg": None, "": None}
    assert sorted(EXPORTERS) == ["dot", "gexf", "graphml", "json", "mermaid"]
    for fmt in EXPORTERS:
        assert export(full(), fmt) == export(full(), fmt)  # deterministic
    with pytest.raises(ValueError, match="unknown export format 'png'"):
        export(tricky(), "png")


def test_dot_quotes_every_id_and_label():
    dot = to_dot(tricky())
    assert '"a-b" -> "a_b" [label="zegt \\"nee\\""' in dot
    assert 'label="back\\\\slash \\\\N"' in dot  # a literal backslash, not \N
    assert 'label="Regel 1\\nregel 2"' in dot
    assert 'label="Ëen &amp;amp; B&amp;W"' in dot  # Graphviz decodes entities: see below
    assert 'subgraph "cluster_g-1" {' in dot
    assert 'subgraph "cluster_leeg" {' in dot  # an empty group is exported too
    assert 'quote="Zij &amp; wij"' in dot and 'tooltip="“Zij &amp; wij”"' in dot


def test_dot_tells_every_relation_type_apart_as_the_picture_does():
    model = full()
    edges = dot_edges(to_dot(model))
    looks = {rtype: (edges[r.element_id]["color"], edges[r.element_id]["style"],
                     edges[r.element_id].get("arrowhead"), edges[r.element_id].get("dir"))
             for r in model.relations for rtype in [r.type]}
    assert looks == {
        "steun": ("#008080", "dashed", "tee", None),
        "tension": ("#aa0000", "tapered", "none", "both"),
        "cooperation": ("#2bc19a", "solid", "none", "none"),  # dark theme, from the map
        "control": ("#e5e9f0", "solid", "normal", None),
        "influence": ("#e59bc8", "dotted", "empty", None),
        "information": ("#5ab0f0", "dashed", "normal", None),
    }
    shown = dot_edges(to_dot(model, ExportOptions(theme="light")))
    styles = {r.type: (shown[r.element_id]["color"], shown[r.element_id]["style"],
                       shown[r.element_id]["arrowhead"]) for r in model.relations}
    assert len({styles[t] for t in BUILTINS}) == 5
    assert styles["tension"][:2] != styles["cooperation"][:2]  # colour and style both differ
    control = next(r for r in model.relations if r.type == "control")
    assert shown[control.element_id]["arrowsize"] == "1.4"  # heavy arrow


def test_dot_pen_width_follows_strength_and_keeps_the_fields():
    model = full()
    edges = dot_edges(to_dot(model))
    assert edges["relation-b-c-1"]["penwidth"] == "6.5"  # tapered, strength 3: 2.5 * 2.6
    assert edges["relation-a-b-1"]["penwidth"] == "2.52"  # strength 2: 1.4 * 1.8
    assert edges["relation-c-d-1"]["penwidth"] == "1.4"  # no strength: 1
    assert {k: edges["relation-a-b-1"][k] for k in ("type", "description", "quote", "strength",
                                                    "label")} == {
        "type": "steun", "description": "omdat", "quote": "‘zo’", "strength": "2",
        "label": "helpt"}
    assert edges["relation-b-c-1"]["status"] == "escalated"  # a tension's status is kept
    assert "status" not in edges["relation-a-b-1"]


def test_dot_fills_each_actor_type_as_the_picture_does():
    model = full()
    dot = to_dot(model)
    nodes = {a["id"]: a for line in dot.splitlines()
             if line.strip().startswith('"') and " -> " not in line
             for a in [dot_attributes(line)] if "id" in a}
    scene = conceptmap.make_scene(model)
    for shape in scene.shapes:
        assert nodes[shape.gid]["fillcolor"] == shape.fill
    assert (nodes["actor-a"]["shape"], nodes["actor-b"]["shape"]) == ("hexagon", "ellipse")
    assert nodes["actor-c"]["style"] == "rounded,filled"
    assert nodes["legend-actor-dienst"]["label"] == "Diensten"
    assert nodes["legend-actor-dienst"]["fillcolor"] == nodes["actor-a"]["fillcolor"]


def test_dot_legend_cluster_names_the_types_in_use():
    dot = to_dot(full())
    legend = dot[dot.index('subgraph "cluster_legend"'):]
    assert 'label="Legenda", id="legend"' in legend
    assert re.findall(r'id="(legend-[^"]+)"', legend) == [
        "legend-actor-dienst", "legend-actor-burger", "legend-relation-tension",
        "legend-relation-cooperation", "legend-relation-information", "legend-relation-control",
        "legend-relation-influence", "legend-relation-steun"]  # the picture's legend order
    hidden = conceptmap.loads(FULL.replace(
        "legend: {title: Legenda, labels: {tension: spanning, dienst: Diensten}}",
        "legend: false"))
    assert "cluster_legend" not in to_dot(hidden)


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_graphviz_draws_the_dot_export_with_labels_as_written():
    model = tricky()
    svg = graphviz("-Tsvg", dot=to_dot(model)).decode()
    texts = _svg_texts(svg)
    for expected in ("back\\slash \\N", "Regel 1", "regel 2", 'zegt "nee"', "x -> y; {z}",
                     'Groep "één"', "Ëen &amp; B&W", "Legend"):
        assert expected in texts
    ids = {html.unescape(i) for i in re.findall(r'id="([^"]+)"', svg)}
    assert {a.element_id for a in model.actors} <= ids
    assert {r.element_id for r in model.relations} <= ids
    assert {"group-g-1", "legend", "legend-relation-tension"} <= ids
    plain = html.unescape(svg)
    tension = plain[plain.index('id="relation-a-b-a_b-1"'):]
    cooperation = plain[plain.index('id="relation-a-b-a_b-2"'):]
    assert 'fill="#d55e00"' in tension[:tension.index("</g>")]  # tapered: a filled shape
    assert 'stroke="#009e73"' in cooperation[:cooperation.index("</g>")]


def test_graphviz_keeps_every_actor_group_and_relation_of_the_showcase():
    model = conceptmap.load(SHOWCASE)
    graph = json.loads(graphviz("-Tjson", dot=to_dot(model)))
    nodes = {o["name"]: o for o in graph["objects"] if "nodes" not in o
             and not o["name"].startswith("legend:")}
    assert {n: o["label"] for n, o in nodes.items()} == {
        a.id: a.label.replace("&", "&amp;") for a in model.actors}  # as written in DOT
    clusters = {o["name"]: {graph["objects"][i]["name"] for i in o.get("nodes", [])}
                for o in graph["objects"] if o["name"].startswith("cluster_")}
    legend = clusters.pop("cluster_legend")
    assert clusters == {f"cluster_{g.id}": {a.id for a in model.actors if a.group == g.id}
                        for g in model.groups}
    assert len(legend) == 6 + 2 * 5  # six actor types, five relation types
    relations = sorted(e["id"] for e in graph["edges"] if not e["id"].startswith("legend"))
    assert relations == sorted(r.element_id for r in model.relations)


def test_mermaid_ids_are_safe_and_distinct():
    names = ["a-b", "a_b", "a__b", "a_2d_b", "é", "end", "x"]
    ids = [mermaid_id("a", n) for n in names]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i) for i in ids)
    assert ids[:2] == ["a_a_2d_b", "a_a__b"]


def test_mermaid_escapes_what_mermaid_would_parse():
    text = to_mermaid(tricky())
    assert 'a_a_2d_b ---|"zegt #quot;nee#quot;"| a_a__b' in text
    assert '("Regel 1<br>regel 2")' in text
    assert 'a__e9_ ==>|"x -#gt; y; {z}"| a_los' in text
    assert '("Ëen #38;amp; B#38;W")' in text
    assert 'subgraph g_leeg["Lege groep"]' in text
    assert "  %% relation-a-b-a_b-1: “Zij & wij”\n" in text  # evidence, as a comment
    assert "  %% relation-a-b-a_b-2: twee regels\n" in text  # on one line
    assert text.startswith('---\ntitle: "Citaat \\"tussen\\" aanhalingstekens \\\\ en #1 <b> & co"')


def _link_looks(text: str) -> dict[int, tuple[str, str]]:
    """Link number -> (arrow, linkStyle) of a Mermaid flowchart."""
    arrows = re.findall(r"^  a_\w+ (\S+?)(?:\|.*\|)? a_\w+$", text, re.MULTILINE)
    styles = dict(re.findall(r"^  linkStyle (\d+) (.+)$", text, re.MULTILINE))
    return {i: (arrow, styles[str(i)]) for i, arrow in enumerate(arrows)}


def test_mermaid_gives_every_relation_type_its_own_look_and_each_actor_type_a_class():
    model = full()
    text = to_mermaid(model, ExportOptions(theme="light"))
    looks = _link_looks(text)
    assert len(looks) == len(model.relations)
    by_type = {r.type: looks[i] for i, r in enumerate(model.relations)}
    assert by_type["tension"] == (
        "---", "stroke:#aa0000,stroke-width:2.34px,color:#aa0000,"
               "stroke-dasharray:12 3 3 3 3 3")
    assert by_type["cooperation"] == ("---", "stroke:#009e73,stroke-width:1.4px,color:#009e73")
    assert by_type["information"][0] == "-->" and "stroke-dasharray:6 4" in by_type[
        "information"][1]
    assert by_type["control"] == ("==>", "stroke:#333333,stroke-width:1.4px,color:#333333")
    assert by_type["influence"][0] == "--o" and "stroke-dasharray:2 3" in by_type[
        "influence"][1]
    assert by_type["steun"][0] == "--x" and "stroke-dasharray:8 3 2 3" in by_type["steun"][1]
    plain = {t: (a, re.sub(r"stroke-width:[\d.]+px,", "", s)) for t, (a, s) in by_type.items()}
    assert len(set(plain.values())) == len(plain)  # every type differs, whatever the strength
    scene = conceptmap.make_scene(model, conceptmap.DrawOptions(theme="light"))
    fills = {s.gid: s.fill for s in scene.shapes}
    assert f"classDef type_dienst fill:{fills['actor-a']},stroke:#404040,color:#ffffff" in text
    assert f"classDef type_burger fill:{fills['actor-b']},stroke:#404040,color:#000000" in text
    assert "class a_c,a_d notype" in text
    assert '  a_a{{"A"}}' in text and '  a_b(["B"])' in text  # hexagon, ellipse


def _edges_by_id(graph: nx.DiGraph) -> dict[str, dict]:
    """Edge data by relation id (networkx reads GEXF without parallel edges as a DiGraph,
    keeping the id as data)."""
    if graph.is_multigraph():
        return {key: data for _s, _t, key, data in graph.edges(keys=True, data=True)}
    return {data["id"]: data for _s, _t, data in graph.edges(data=True)}


def _graph_matches_model(graph: nx.DiGraph, model: conceptmap.Map, type_key: str) -> None:
    assert list(graph.nodes) == [a.id for a in model.actors]
    for actor in model.actors:
        data = graph.nodes[actor.id]
        assert data["label"] == actor.label
        assert data.get("type") == actor.type
        assert data.get("group") == actor.group
        assert data.get("description") == actor.description
        assert re.fullmatch(r"#[0-9a-f]{6}", data["color"])
    groups = {g.id: g.label for g in model.groups}
    assert graph.nodes["a"]["group_label"] == groups["g"]
    assert (graph.nodes["a"]["x"], graph.nodes["a"]["y"]) == (1.5, -2.0)
    edges = _edges_by_id(graph)
    assert sorted(edges) == sorted(r.element_id for r in model.relations)
    for relation in model.relations:
        data = edges[relation.element_id]
        assert data[type_key] == relation.type
        assert data.get("label") == relation.label
        assert data.get("description") == relation.description
        assert data.get("quote") == relation.quote
        assert data.get("status") == relation.status
        assert data["strength"] == (relation.strength or 1)
        assert data["directed"] is model.relation_type(relation.type).directed
    assert edges["relation-a-b-1"]["color"] == "#008080"  # teal, from the map
    assert (edges["relation-a-b-1"]["line"], edges["relation-a-b-1"]["marker"]) == (
        "dashdot", "bar")
    assert edges["relation-b-c-1"]["line"] == "zigzag"
    assert edges["relation-b-c-1"]["status"] == "escalated"


def test_graphml_round_trips_every_attribute_through_networkx(tmp_path):
    model = full()
    path = tmp_path / "full.graphml"
    path.write_text(to_graphml(model), encoding="utf-8")
    graph = nx.read_graphml(path, force_multigraph=True)
    _graph_matches_model(graph, model, "type")
    assert graph.graph["title"] == "Volledig" and graph.graph["source"] == "Bron: test"


def test_gexf_round_trips_every_attribute_through_networkx(tmp_path):
    model = full()
    path = tmp_path / "full.gexf"
    path.write_text(to_gexf(model), encoding="utf-8")
    graph = nx.read_gexf(path)
    _graph_matches_model(graph, model, "relation_type")
    assert _edges_by_id(graph)["relation-b-c-1"]["weight"] == 3
    assert graph.nodes["a"]["viz"]["color"] == {"r": 51, "g": 102, "b": 153, "a": 1.0}
    # networkx reads no edge viz: read it from the XML
    viz = "{http://www.gexf.net/1.2draft/viz}"
    root = ElementTree.fromstring(to_gexf(model))
    edges = {e.get("id"): e for e in root.iter("{http://www.gexf.net/1.2draft}edge")}
    tension = edges["relation-b-c-1"]
    assert tension.find(f"{viz}shape").get("value") == "double"  # the zigzag
    assert {k: tension.find(f"{viz}color").get(k) for k in "rgb"} == {
        "r": "170", "g": "0", "b": "0"}
    assert tension.find(f"{viz}thickness").get("value") == "2.34"  # strength 3: 0.9 * 2.6
    assert edges["relation-a-c-1"].find(f"{viz}shape").get("value") == "dotted"
    nodes = {n.get("id"): n for n in root.iter("{http://www.gexf.net/1.2draft}node")}
    assert nodes["a"].find(f"{viz}shape").get("value") == "diamond"  # a hexagon
    assert root.find("{http://www.gexf.net/1.2draft}meta").get("lastmodifieddate") is None


def _model_content(model: conceptmap.Map) -> tuple:
    strip = [(a.id, a.label, a.type, a.group, a.description, a.pos) for a in model.actors]
    relations = [(r.element_id, r.type, r.label, r.description, r.quote, r.strength or 1,
                  r.status) for r in model.relations]
    views = [dataclasses.replace(v, position=conceptmap.Position()) for v in model.views]
    return (model.title, model.subtitle, model.source, model.theme or "light",
            model.layout or "default", model.legend, model.styles,
            [(t.name, t.directed, t.legend_label, t.color, t.line or "solid",
              t.marker or ("arrow" if t.directed else "none"), t.builtin)
             for t in model.relation_types],
            [(g.id, g.label, g.description) for g in model.groups], strip, relations,
            model.lang, model.size_by, views)


@pytest.mark.parametrize("make", [full, tricky, lambda: conceptmap.load(SHOWCASE)])
def test_json_is_a_map_with_every_default_filled_in(make):
    model = make()
    text = to_json(model)
    again = conceptmap.loads(text, path="again.json")
    assert _model_content(again) == _model_content(model)
    assert to_json(again) == text


def test_json_writes_the_defaults_out():
    data = json.loads(to_json(tricky()))
    assert (data["theme"], data["layout"], data["legend"]) == ("light", "default",
                                                               {"show": True, "labels": {}})
    assert data["actors"]["los"] == {"label": "los"}
    assert data["relations"][1] == {"from": "a_b", "to": "é", "type": "information",
                                    "strength": 1}
    assert data["relation_types"]["tension"] == {"directed": False, "label": "tension",
                                                 "line": "zigzag", "marker": "none"}
    assert map_data(full())["relation_types"]["tension"]["color"] == "#aa0000"


def showcase_view() -> conceptmap.Map:
    from conceptmap._views import view_map

    return view_map(conceptmap.load(SHOWCASE), "spanningen")  # keeps its map's type colours


@pytest.mark.parametrize(("make", "theme"), [
    (full, "light"), (full, "dark"), (full, "print"), (showcase_view, "light")])
def test_every_export_uses_the_pictures_colours(make, theme):
    """The exporters' looks come from the same place as the picture's: compare with the
    scene, per actor and per relation, in every theme."""
    model = make()
    scene = conceptmap.make_scene(model, conceptmap.DrawOptions(theme=theme))
    options = ExportOptions(theme=theme)
    edges = dot_edges(to_dot(model, options))
    graph = nx.parse_graphml(to_graphml(model, options), force_multigraph=True)
    graph_edges = _edges_by_id(graph)
    relations = {r.element_id: r for r in model.relations}
    for stroke in scene.strokes:
        look = looks_for(model, options).relations[relations[stroke.gid].type]
        assert line_width(look, relations[stroke.gid].strength) == pytest.approx(stroke.width)
        assert edges[stroke.gid]["color"] == to_hex(stroke.color)  # teal -> #008080
        assert graph_edges[stroke.gid]["color"] == to_hex(stroke.color)
    for shape in scene.shapes:
        actor = shape.gid.removeprefix("actor-")
        assert graph.nodes[actor]["color"] == to_hex(shape.fill)
        assert graph.nodes[actor]["shape"] == shape.kind


MMDC = ROOT / ".ci" / "mermaid" / "node_modules" / ".bin" / "mmdc"


def mermaid_svg(text: str, tmp_path) -> str:
    """Draw Mermaid text with the real Mermaid CLI and Debian's Chromium (.ci/run installs
    both); skip where they are missing."""
    chromium = shutil.which("chromium")
    if chromium is None or not MMDC.exists():
        pytest.skip("the Mermaid CLI or Chromium is not installed (.ci/run installs them)")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium,
                                  "args": ["--no-sandbox", "--disable-gpu"]}))
    source, target = tmp_path / "map.mmd", tmp_path / "map.svg"
    source.write_text(text, encoding="utf-8")
    subprocess.run([str(MMDC), "-q", "-p", str(config), "-i", str(source), "-o", str(target)],
                   check=True, capture_output=True, timeout=180)
    return target.read_text(encoding="utf-8")


def test_the_mermaid_cli_draws_each_relation_type_in_its_own_style(tmp_path):
    model = full()
    svg = mermaid_svg(to_mermaid(model, ExportOptions(theme="light")), tmp_path)
    tags = {re.search(r'id="[^"]*L_([^"]+)_0"', tag)[1]: tag
            for tag in re.findall(r"<path [^>]*flowchart-link[^>]*>", svg)}
    drawn = {}
    for relation in model.relations:
        tag = tags[f"{mermaid_id('a', relation.source)}_{mermaid_id('a', relation.target)}"]
        dashes = re.search(r"stroke-dasharray:([\d ]+)", tag)
        marker = re.search(r'marker-end="[^"]*flowchart-v2-(\w+)End', tag)
        drawn[relation.type] = (re.search(r"stroke:(#\w+)", tag)[1],
                                dashes[1] if dashes else None, marker[1] if marker else None,
                                "edge-thickness-thick" in tag)
    assert drawn == {
        "steun": ("#008080", "8 3 2 3", "cross", False),
        "tension": ("#aa0000", "12 3 3 3 3 3", None, False),
        "cooperation": ("#009e73", None, None, False),
        "control": ("#333333", None, "point", True),
        "influence": ("#cc79a7", "2 3", "circle", False),
        "information": ("#0072b2", "6 4", "point", False),
    }


def test_the_mermaid_cli_shows_labels_as_written(tmp_path):
    svg = html.unescape(mermaid_svg(to_mermaid(tricky()), tmp_path))
    for text in ('Groep "één"', 'zegt "nee"', "x -> y; {z}", "back\\slash \\N",
                 "Ëen &amp; B&W", "Lege groep"):
        assert f">{text}<" in svg


def _on_box(point: list[float], box: dict) -> bool:
    """True if a point lies on the border of an actor's box (to the 0.01 pt written)."""
    (cx, cy), (w, h) = box["center"], box["size"]
    return abs(max(abs(point[0] - cx) - w / 2, abs(point[1] - cy) - h / 2)) <= 0.011


def _curve(route) -> np.ndarray:
    return sample_route([tuple(p) for p in route], samples=200)


def _distances(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Each point's distance to a polyline (to its nearest segment)."""
    a, b = line[:-1][None, :, :], line[1:][None, :, :]
    p = points[:, None, :]
    ab = b - a
    t = np.clip(((p - a) * ab).sum(axis=2) / np.maximum((ab * ab).sum(axis=2), 1e-12), 0, 1)
    return np.hypot(*(a + ab * t[..., None] - p).transpose(2, 0, 1)).min(axis=1)


@pytest.fixture(scope="module", params=["full", "showcase"])
def placed(request):
    """A map, its `computed` key and conceptmap.layout()'s result for it."""
    model = full() if request.param == "full" else conceptmap.load(SHOWCASE)
    text = to_json(model, ExportOptions(positions=True))
    return model, text, json.loads(text)["computed"], conceptmap.layout(model)


def test_positions_are_where_the_layout_puts_everything(placed):
    model, _text, computed, layout = placed
    assert (computed["unit"], computed["y"], computed["seed"]) == ("pt", "up", 7)
    assert computed["layout"] == (model.layout or "default")
    assert computed["route_kind"] == "quadratic-bezier-chain"
    assert list(computed["actors"]) == [a.id for a in model.actors]
    assert list(computed["relations"]) == [r.element_id for r in model.relations]
    assert list(computed["groups"]) == [g.id for g in model.groups]
    for actor in model.actors:
        assert computed["actors"][actor.id]["center"] == pytest.approx(
            layout.centers[actor.id], abs=0.005)
    for group in model.groups:
        rect = layout.groups[group.id]
        assert [computed["groups"][group.id][k] for k in ("x0", "y0", "x1", "y1")] == \
            pytest.approx([rect.x0, rect.y0, rect.x1, rect.y1], abs=0.005)
    for relation in model.relations:
        entry = computed["relations"][relation.element_id]
        assert (entry["from"], entry["to"]) == (relation.source, relation.target)
        assert ("label" in entry) == (relation.label is not None)
        if relation.label is not None:
            assert entry["label"]["center"] == pytest.approx(
                layout.labels[relation.element_id], abs=0.005)
    bounds = computed["bounds"]
    for actor in computed["actors"].values():
        (x, y), (w, h) = actor["center"], actor["size"]
        assert bounds["x0"] <= x - w / 2 and x + w / 2 <= bounds["x1"]
        assert bounds["y0"] <= y - h / 2 and y + h / 2 <= bounds["y1"]


def test_position_boxes_hold_every_themes_shape(placed):
    model, _text, computed, layout = placed
    for theme in ("light", "print"):
        scene = conceptmap.make_scene(model, conceptmap.DrawOptions(theme=theme), layout)
        for shape in scene.shapes:
            box = computed["actors"][shape.gid.removeprefix("actor-")]
            assert shape.width <= box["size"][0] + 0.01 and shape.height <= box["size"][1] + 0.01
            if theme == "light":
                assert box["shape"] == shape.kind


def test_position_routes_run_from_box_to_box_along_the_layouts_curve(placed):
    model, _text, computed, layout = placed
    actors = computed["actors"]
    for relation in model.relations:
        route = computed["relations"][relation.element_id]["route"]
        assert len(route) % 2 == 1 and len(route) >= 3
        assert _on_box(route[0], actors[relation.source])
        assert _on_box(route[-1], actors[relation.target])
        # the same curve as the layout's, cut at the boxes: every point of it is on the
        # layout's curve, and what was cut off lies inside the two boxes
        mine, theirs = _curve(route), _curve(layout.routes[relation.element_id])
        assert _distances(mine, theirs).max() < 0.05, relation.element_id
        for (x, y), near in zip(theirs, _distances(theirs, mine), strict=True):
            if near > 0.05:
                assert any(abs(x - a["center"][0]) <= a["size"][0] / 2 + 0.01
                           and abs(y - a["center"][1]) <= a["size"][1] / 2 + 0.01
                           for a in (actors[relation.source], actors[relation.target]))


def test_a_map_with_positions_reads_back_the_same(placed):
    model, text, _computed, _layout = placed
    again = conceptmap.loads(text, path="again.json")
    assert _model_content(again) == _model_content(model)
    assert json.loads(to_json(again)) == {k: v for k, v in json.loads(text).items()
                                          if k != "computed"}


def test_export_positions_does_not_load_the_renderer(tmp_path):
    """Positions come from the layout: neither conceptmap's renderer nor matplotlib's
    figures are loaded (measuring text does load matplotlib's font machinery)."""
    path = tmp_path / "kaart.yaml"
    path.write_text(FULL, encoding="utf-8")
    code = ("import sys; from conceptmap.cli import main; "
            f"code = main(['export', {str(path)!r}, '--to', 'json', '--positions', '-o', "
            f"{str(tmp_path / 'k.json')!r}]); "
            "print(code, sorted(m for m in sys.modules if m in ('conceptmap._render', "
            "'matplotlib.figure', 'matplotlib.pyplot', 'matplotlib.backends.backend_svg')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "0 []"
    assert "computed" in json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))


def test_positions_follow_layout_and_seed():
    model = full()
    circular = json.loads(to_json(model, ExportOptions(positions=True)))["computed"]
    force = json.loads(to_json(model, ExportOptions(positions=True, layout="force",
                                                    seed=3)))["computed"]
    assert (force["layout"], force["seed"]) == ("force", 3)
    assert force["actors"] != circular["actors"]
