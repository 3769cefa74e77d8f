"""The pipeline's seams: stages that need no drawing library, an injected text ruler,
one registry of layout engines, and a public layout that drawing reuses."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx

import conceptmap
from conceptmap._layout.engines import engine_named
from conceptmap._pipeline import Stages, lay_out, scene
from conceptmap._registry import LAYOUTS
from conceptmap._schema import LAYOUT_NAMES

from .conftest import SHOWCASE


def test_layout_and_scene_import_no_drawing_library():
    code = ("import sys, conceptmap._pipeline, conceptmap._layout, conceptmap._scene; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_text_is_measured_by_the_ruler_the_pipeline_is_given():
    def ruler(lines: tuple[str, ...], size: float, weight: str) -> tuple[float, float]:
        return 10.0 * max(len(line) for line in lines), 2.0 * size * len(lines)

    model = conceptmap.loads("actors: {a: {label: Dertien teken}, b: B}\n"
                             "relations: [{from: a, to: b, type: cooperation}]\n")
    drawn = scene(model, Stages(legend=False, ruler=ruler))
    box = next(s for s in drawn.shapes if s.gid == "actor-a")
    assert box.label is not None and box.label.width == 130.0  # 13 characters x 10
    assert box.width == 150.0  # a rounded box: text + 20


def test_every_registered_layout_has_an_engine_and_is_a_valid_map_name():
    assert tuple(LAYOUTS) == LAYOUT_NAMES
    graph = nx.path_graph(["a", "b", "c"])
    for name in LAYOUTS:
        for node in graph.nodes:
            graph.nodes[node]["layer"] = ord(node) - ord("a")
        positions = engine_named(name).place(graph, 7)
        assert sorted(positions) == ["a", "b", "c"]


def test_a_public_layout_draws_the_same_picture_as_one_made_while_drawing():
    model = conceptmap.load(SHOWCASE)
    made = conceptmap.layout(model)
    assert made == lay_out(model)
    assert conceptmap.make_scene(model, layout=made) == conceptmap.make_scene(model)


def test_a_part_of_a_map_draws_at_the_whole_maps_layout_without_its_dropped_groups():
    model = conceptmap.loads(
        "groups: {g: G, h: H}\n"
        "actors: {a: {group: g}, b: {group: g}, c: {group: h}}\n"
        "relations: [{from: a, to: b, type: cooperation}, {from: b, to: c, type: tension}]\n")
    part = conceptmap.loads(
        "groups: {g: G}\n"
        "actors: {a: {group: g}, b: {group: g}}\n"
        "relations: [{from: a, to: b, type: cooperation}]\n")
    whole = conceptmap.layout(model)
    drawn = conceptmap.make_scene(part, layout=whole)
    assert [r.gid for r in drawn.regions] == ["group-g"]
    a = next(s for s in drawn.shapes if s.gid == "actor-a")
    offset = (a.cx - whole.centers["a"][0], a.cy - whole.centers["a"][1])
    b = next(s for s in drawn.shapes if s.gid == "actor-b")
    assert (round(b.cx - offset[0], 1), round(b.cy - offset[1], 1)) == \
        (round(whole.centers["b"][0], 1), round(whole.centers["b"][1], 1))
