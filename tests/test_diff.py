"""Diff: the newer map with additions highlighted and removals ghosted, and in words."""

from __future__ import annotations

import textwrap

import pytest

import conceptmap
from conceptmap import make_scene

from .test_cli import run

OLD = """
    title: Wijkaanpak
    lang: nl
    groups: {gemeente: Gemeente}
    actors:
      raad: {label: Gemeenteraad, type: politiek, group: gemeente}
      college: {label: College, type: bestuur, group: gemeente}
      burgers: {label: Burgers, type: burger}
      corporatie: {label: Woningcorporatie, type: partner}
    relations:
      - {from: raad, to: college, type: control, label: controleert}
      - {from: burgers, to: raad, type: tension, label: niet gehoord, status: open}
      - {from: corporatie, to: college, type: cooperation, label: prestatieafspraken}
      - {from: corporatie, to: burgers, type: information}
"""
NEW = """
    title: Wijkaanpak
    lang: nl
    groups: {gemeente: Gemeente}
    actors:
      raad: {label: Gemeenteraad, type: politiek, group: gemeente}
      college: {label: College, type: bestuur, group: gemeente}
      burgers: {label: Burgers, type: burger}
      wijkteam: {label: Wijkteam, type: partner}
    relations:
      - {from: raad, to: college, type: control, label: controleert}
      - {from: raad, to: burgers, type: tension, label: niet gehoord, status: escalated}
      - {from: wijkteam, to: burgers, type: cooperation, label: keukentafel}
      - {from: college, to: wijkteam, type: control, label: opdracht}
"""
SUMMARY = [
    'added actor wijkteam ("Wijkteam")',
    'removed actor corporatie ("Woningcorporatie")',
    'added relation wijkteam -> burgers (cooperation) "keukentafel"',
    'added relation college -> wijkteam (control) "opdracht"',
    'removed relation corporatie -> college (cooperation) "prestatieafspraken"',
    "removed relation corporatie -> burgers (information)",
    # A tension is undirected: raad -> burgers is the same tension as burgers -> raad.
    'changed relation raad -> burgers (tension) "niet gehoord": status open -> escalated',
]


@pytest.fixture(scope="module")
def maps(tmp_path_factory) -> tuple[conceptmap.Map, conceptmap.Map]:
    folder = tmp_path_factory.mktemp("diff")
    loaded = []
    for name, text in (("oud", OLD), ("nieuw", NEW)):
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        loaded.append(conceptmap.load(folder / f"{name}.yaml"))
    return loaded[0], loaded[1]


@pytest.fixture(scope="module")
def changes(maps) -> conceptmap.Diff:
    old, new = maps
    return conceptmap.diff(old, new, conceptmap.positions(old))


def test_the_summary_names_what_was_added_removed_and_changed(changes):
    assert changes.summary() == SUMMARY


def test_no_differences(maps):
    assert conceptmap.diff(maps[0], maps[0]).summary() == ["no differences"]


def test_the_drawn_map_holds_both_and_marks_the_changes(changes):
    merged = changes.map
    assert [a.id for a in merged.actors] == ["raad", "college", "burgers", "wijkteam",
                                            "corporatie"]
    assert dict(merged.marks) == {
        "actor-wijkteam": "added", "actor-corporatie": "removed",
        "relation-wijkteam-burgers-1": "added", "relation-college-wijkteam-1": "added",
        "relation-corporatie-college-1": "removed", "relation-corporatie-burgers-1": "removed"}


def test_added_is_highlighted_and_removed_is_ghosted(changes):
    scene = make_scene(changes.map)
    shapes = {s.gid: s for s in scene.shapes}
    strokes = {s.gid: s for s in scene.strokes}
    plain, added, removed = (shapes[f"actor-{a}"] for a in ("raad", "wijkteam", "corporatie"))
    assert (plain.halo, plain.line_style, plain.line_width) == (None, "solid", 0.9)
    assert added.halo == "#F5E14B" and added.line_width > 2
    assert removed.line_style == "dashed" and removed.halo is None
    assert strokes["relation-college-wijkteam-1"].halo == "#F5E14B"
    assert strokes["relation-raad-college-1"].halo is None
    # Ghosted: cooperation green #009E73 faded 72% towards white: (184, 228, 216).
    assert strokes["relation-corporatie-college-1"].color == "#b8e4d8"
    texts = [" ".join(t.lines) for t in scene.legend.texts]
    assert texts[-2:] == ["toegevoegd", "verwijderd"]


def test_shared_actors_stay_where_the_older_map_has_them(maps, changes):
    old, _new = maps
    before = {s.gid: (s.cx, s.cy) for s in make_scene(old).shapes}
    after = {s.gid: (s.cx, s.cy) for s in make_scene(changes.map).shapes}
    where = conceptmap.positions(old)
    assert all(a.pos == where[a.id] for a in changes.map.actors if a.id in where)
    shared = ["actor-raad", "actor-college", "actor-burgers", "actor-corporatie"]
    for gid in shared[1:]:
        for axis in (0, 1):
            assert after[gid][axis] - after[shared[0]][axis] == pytest.approx(
                before[gid][axis] - before[shared[0]][axis], abs=0.011), gid


def test_cli_diff_prints_the_summary_and_writes_the_picture(tmp_path):
    for name, text in (("oud", OLD), ("nieuw", NEW)):
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    target = tmp_path / "verschil.svg"
    code, out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                         "-o", str(target))
    assert code == 0
    assert out.splitlines() == SUMMARY
    assert err == f"{tmp_path / 'oud.yaml'} -> {tmp_path / 'nieuw.yaml'}: {target}\n"
    svg = target.read_text(encoding="utf-8")
    assert 'id="nieuw-actor-wijkteam-halo"' in svg and 'id="nieuw-actor-corporatie"' in svg
    code, _out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                          "-o", str(tmp_path / "oud.yaml"))
    assert code == 1 and "refusing to overwrite" in err
