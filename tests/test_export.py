"""Exporters: DOT, JSON and Mermaid text, compared with golden files in tests/golden/.

Run with CONCEPTMAP_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import textwrap

import pytest

import conceptmap
from conceptmap._export import export, mermaid_id, to_dot, to_json, to_mermaid

from .conftest import ROOT, SHOWCASE

GOLDEN = ROOT / "tests" / "golden"
SUFFIX = {"dot": "dot", "json": "json", "mermaid": "mmd"}
TRICKY = textwrap.dedent(r"""
    title: 'Citaat "tussen" aanhalingstekens \ en #1 <b>'
    groups:
      g-1: {label: "Groep \"één\""}
      leeg: Lege groep
    actors:
      a-b: {label: "Regel 1\nregel 2", group: g-1, type: dienst}
      a_b: {label: "back\\slash \\N", group: g-1, type: dienst}
      é: Ëen
      los: {}
    relations:
      - {from: a-b, to: a_b, type: tension, label: 'zegt "nee"'}
      - {from: a_b, to: é, type: information}
      - {from: é, to: los, type: control, label: "x -> y; {z}"}
      - {from: los, to: a-b, type: influence, strength: 3}
      - {from: a-b, to: a_b, type: cooperation, description: "twee\nregels"}
""").lstrip()


def tricky() -> conceptmap.Map:
    return conceptmap.loads(TRICKY, path="tricky.yaml")


MAPS = {"showcase": lambda: conceptmap.load(SHOWCASE), "tricky": tricky}


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


def test_export_is_deterministic_and_rejects_unknown_formats():
    assert to_dot(tricky()) == to_dot(tricky())
    with pytest.raises(ValueError, match="unknown export format 'png'"):
        export(tricky(), "png")


def test_dot_quotes_every_id_and_label():
    dot = to_dot(tricky())
    assert '"a-b" -> "a_b" [label="zegt \\"nee\\""' in dot
    assert 'label="back\\\\slash \\\\N"' in dot  # a literal backslash, not \N
    assert 'label="Regel 1\\nregel 2"' in dot
    assert 'subgraph "cluster_g-1" {' in dot
    assert 'subgraph "cluster_leeg" {' in dot  # an empty group is exported too
    assert '"é" -> "los"' in dot and 'dir="none"' in dot


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_export_and_shows_labels_literally():
    model = tricky()
    result = subprocess.run(["dot", "-Tsvg"], input=to_dot(model).encode(), capture_output=True,
                            check=True, timeout=60)
    svg = result.stdout.decode()
    texts = _svg_texts(svg)
    for expected in ("back\\slash \\N", "Regel 1", "regel 2", 'zegt "nee"', "x -> y; {z}",
                     'Groep "één"', "Ëen"):
        assert expected in texts
    ids = {html.unescape(i) for i in re.findall(r'id="([^"]+)"', svg)}
    assert {a.element_id for a in model.actors} <= ids
    assert {r.element_id for r in model.relations} <= ids
    assert "group-g-1" in ids  # Graphviz leaves empty clusters (group-leeg) out


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_keeps_every_actor_and_relation_of_the_showcase():
    model = conceptmap.load(SHOWCASE)
    result = subprocess.run(["dot", "-Tjson"], input=to_dot(model).encode(),
                            capture_output=True, check=True, timeout=60)
    graph = json.loads(result.stdout)
    nodes = {o["name"]: o for o in graph["objects"] if "nodes" not in o}
    assert {n: o["label"] for n, o in nodes.items()} == {a.id: a.label for a in model.actors}
    clusters = {o["name"]: {graph["objects"][i]["name"] for i in o.get("nodes", [])}
                for o in graph["objects"] if o["name"].startswith("cluster_")}
    assert clusters == {f"cluster_{g.id}": {a.id for a in model.actors if a.group == g.id}
                        for g in model.groups}
    assert sorted(e["id"] for e in graph["edges"]) == sorted(
        r.element_id for r in model.relations)


def test_json_export_round_trips_the_content():
    model = tricky()
    data = json.loads(to_json(model))
    assert data["title"] == model.title
    assert [a["id"] for a in data["actors"]] == ["a-b", "a_b", "é", "los"]
    assert data["actors"][0]["label"] == "Regel 1\nregel 2"
    first = data["relations"][0]
    assert first == {"id": "relation-a-b-a_b-1", "from": "a-b", "to": "a_b", "type": "tension",
                     "directed": False, "label": 'zegt "nee"', "description": None,
                     "quote": None, "strength": None}
    assert data["relations"][3]["strength"] == 3
    assert [g["id"] for g in data["groups"]] == ["g-1", "leeg"]


def test_mermaid_ids_are_safe_and_distinct():
    names = ["a-b", "a_b", "a__b", "a_2d_b", "é", "end", "x"]
    ids = [mermaid_id("a", n) for n in names]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i) for i in ids)
    assert ids[:2] == ["a_a_2d_b", "a_a__b"]


def test_mermaid_escapes_what_mermaid_would_parse():
    text = to_mermaid(tricky())
    assert 'a_a_2d_b ---|"zegt #quot;nee#quot;"| a_a__b' in text
    assert '["Regel 1<br>regel 2"]' in text
    assert 'a__e9_ ==>|"x -#gt; y; {z}"| a_los' in text
    assert 'subgraph g_leeg["Lege groep"]' in text
    assert text.startswith('---\ntitle: "Citaat \\"tussen\\" aanhalingstekens \\\\ en #1 <b>"')
