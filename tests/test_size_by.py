"""Actors sized by a measure: the box and text grow with it, the legend says which."""

from __future__ import annotations

import dataclasses

import pytest

import conceptmap
from conceptmap import make_scene
from conceptmap._analysis import ACTOR_MEASURES
from conceptmap._model import SIZE_MEASURES
from conceptmap._render import RenderOptions

from .test_cli import run

STAR = """
    actors:
      a: {label: Aa}
      b: {label: Bb}
      c: {label: Cc}
      d: {label: Dd}
    relations:
      - {from: a, to: b, type: tension}
      - {from: b, to: c, type: tension}
      - {from: b, to: d, type: cooperation}
"""


@pytest.fixture(scope="module")
def star(tmp_path_factory) -> conceptmap.Map:
    import textwrap

    path = tmp_path_factory.mktemp("size") / "ster.yaml"
    path.write_text(textwrap.dedent(STAR), encoding="utf-8")
    return conceptmap.load(path)


def sized(model: conceptmap.Map, measure: str):
    return make_scene(dataclasses.replace(model, size_by=measure))


def test_size_measures_are_measures_of_analyze():
    assert set(SIZE_MEASURES) <= set(ACTOR_MEASURES)


# By hand: b lies on every path between a, c and d (3 of 3 pairs: betweenness 1.0), the
# others on none; b has 3 relations (2 tensions), the others 1 (c and a: 1 tension).
@pytest.mark.parametrize(("measure", "fonts", "legend"), [
    ("betweenness", {"a": 8.0, "b": 15.0, "c": 8.0, "d": 8.0},
     ["size: brokerage", "(betweenness)", "0.00 – 1.00"]),
    ("degree", {"a": 10.33, "b": 15.0, "c": 10.33, "d": 10.33},
     ["size: number of relations", "1 – 3"]),
    ("tensions", {"a": 11.5, "b": 15.0, "c": 11.5, "d": 8.0},
     ["size: number of tensions", "0 – 2"]),
])
def test_actors_scale_with_the_measure_and_the_legend_says_so(star, measure, fonts, legend):
    scene = sized(star, measure)
    assert {s.gid[6:]: s.label.size for s in scene.shapes} == fonts
    widths = {s.gid[6:]: s.width for s in scene.shapes}
    assert widths["b"] > widths["d"]
    row = next(t for t in scene.legend.texts if t.gid == "legend-size-label")
    assert list(row.lines) == legend
    low, high = (s for s in scene.legend.samples if s.gid.startswith("legend-size"))
    assert low.width < high.width and low.height < high.height


def test_sized_text_stays_readable_at_report_size(star):
    scene = sized(star, "degree")
    scale = RenderOptions(width=16 * 72 / 2.54).scale_for(scene)
    assert min(t.size for t in scene.text_blocks()) * scale >= 7.0


def test_without_size_by_every_actor_has_the_usual_size(star):
    assert {s.label.size for s in make_scene(star).shapes} == {10.0}


def test_size_by_in_the_map_and_its_diagnostic(write_map):
    model = conceptmap.load(write_map("size_by: degree\n" + "actors: {a: {}}\n"))
    assert model.size_by == "degree"
    path = write_map("size_by: brokerage\nactors: {a: {}}\n", "fout.yaml")
    assert [str(d) for d in conceptmap.check(path).diagnostics] == [
        f'{path}:1:10: error: unknown size_by "brokerage"; choose one of: betweenness, '
        "degree, tensions"]


def test_cli_size_by(write_map, tmp_path):
    path = write_map(STAR, "ster.yaml")
    target = tmp_path / "ster.svg"
    assert run("render", str(path), "--size-by", "betweenness", "-o", str(target))[0] == 0
    svg = target.read_text(encoding="utf-8")
    assert ">size: brokerage" in svg
    assert run("render", str(path), "--size-by", "brokerage")[0] == 2
