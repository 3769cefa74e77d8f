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
    return conceptmap.diff(old, new)


@pytest.fixture(scope="module")
def union(changes) -> conceptmap.Layout:
    """The layout of both maps' actors and relations, which places both pictures."""
    return conceptmap.layout(changes.map)


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


def centres(scene) -> dict[str, tuple[float, float]]:
    return {s.gid: (s.cx, s.cy) for s in scene.shapes}


def test_shared_actors_have_the_same_positions_in_the_old_and_the_new_picture(
        maps, changes, union):
    old, new = maps
    assert all(a.pos is None for a in changes.map.actors)  # laid out, not pinned
    before = changes.old_layout(union)
    shared = ["raad", "college", "burgers"]
    assert {a: before.centers[a] for a in shared} == {a: union.centers[a] for a in shared}
    # In the pictures: the same offsets between actors (scenes round to 0.01 pt).
    drawn_old = centres(make_scene(old, layout=before))
    drawn_new = centres(make_scene(changes.map, layout=union))
    drawn_newer = centres(make_scene(new, layout=union))  # the newer map alone
    for gid in ("actor-college", "actor-burgers"):
        for axis in (0, 1):
            offset = drawn_new[gid][axis] - drawn_new["actor-raad"][axis]
            assert drawn_old[gid][axis] - drawn_old["actor-raad"][axis] == pytest.approx(
                offset, abs=0.011), gid
            assert drawn_newer[gid][axis] - drawn_newer["actor-raad"][axis] == pytest.approx(
                offset, abs=0.011), gid


def test_removed_actors_are_ghosted_where_the_union_puts_them(changes, union):
    scene = make_scene(changes.map, layout=union)
    drawn = centres(scene)
    raad = union.centers["raad"]
    for actor in ("corporatie", "burgers"):
        x, y = union.centers[actor]
        assert drawn[f"actor-{actor}"][0] - drawn["actor-raad"][0] == pytest.approx(
            x - raad[0], abs=0.011)
        assert drawn[f"actor-{actor}"][1] - drawn["actor-raad"][1] == pytest.approx(
            y - raad[1], abs=0.011)
    assert {s.gid: s.line_style for s in scene.shapes}["actor-corporatie"] == "dashed"
    # Drawn without a layout given, the diff is laid out as the union is.
    assert centres(make_scene(changes.map)) == drawn


def test_the_older_map_takes_the_unions_routes_for_its_relations(changes, union):
    before = changes.old_layout(union)
    # burgers -> raad in the older map is the newer map's raad -> burgers (a tension is
    # undirected): the same curve, from the other end.
    assert before.routes["relation-burgers-raad-1"] == union.routes[
        "relation-raad-burgers-1"][::-1]
    assert before.labels["relation-burgers-raad-1"] == union.labels["relation-raad-burgers-1"]
    assert before.routes["relation-corporatie-college-1"] == union.routes[
        "relation-corporatie-college-1"]
    assert set(before.routes) == {r.element_id for r in changes.old.relations}


def test_a_relation_numbered_otherwise_in_the_older_map_keeps_its_own_route():
    old = conceptmap.loads("actors: {a: {}, b: {}}\n"
                           "relations: [{from: a, to: b, type: cooperation, label: samen}]")
    new = conceptmap.loads("actors: {a: {}, b: {}}\n"
                           "relations: [{from: a, to: b, type: tension, label: botsing}]")
    changes = conceptmap.diff(old, new)
    # In the union the old cooperation comes second between a and b.
    assert [r.element_id for r in changes.map.relations] == ["relation-a-b-1",
                                                            "relation-a-b-2"]
    union = conceptmap.layout(changes.map)
    before = changes.old_layout(union)
    assert before.routes == {"relation-a-b-1": union.routes["relation-a-b-2"]}
    assert before.labels == {"relation-a-b-1": union.labels["relation-a-b-2"]}


@pytest.mark.parametrize("picture", ["diff", "old"])
def test_the_diff_of_the_example_maps_is_drawn_without_faults(picture):
    from conceptmap._render import figure_for

    from .conftest import ROOT
    from .figure_metrics import measure

    old, new = (conceptmap.load(ROOT / "maps" / f"wijkaanpak-{year}.yaml")
                for year in (2023, 2025))
    changes = conceptmap.diff(old, new)
    union = conceptmap.layout(changes.map)
    model, at = (changes.map, union) if picture == "diff" else (old, changes.old_layout(union))
    metrics = measure(figure_for(make_scene(model, layout=at)), model)
    assert metrics.relations_through_actors == []
    assert metrics.faults() == dict.fromkeys(metrics.faults(), 0)


def test_cli_diff_draws_the_older_map_at_the_diffs_layout(tmp_path):
    for name, text in (("oud", OLD), ("nieuw", NEW)):
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    code, _out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                          "-o", str(tmp_path / "d.svg"), "--old-picture",
                          str(tmp_path / "toen.svg"))
    assert (code, err) == (0, f"{tmp_path / 'oud.yaml'} -> {tmp_path / 'nieuw.yaml'}: "
                              f"{tmp_path / 'd.svg'}, {tmp_path / 'toen.svg'}\n")
    old, new = (conceptmap.load(tmp_path / f"{name}.yaml") for name in ("oud", "nieuw"))
    changes = conceptmap.diff(old, new)
    union = conceptmap.layout(changes.map)
    assert (tmp_path / "toen.svg").read_bytes() == conceptmap.render_bytes(
        old, "svg", layout=changes.old_layout(union))
    assert (tmp_path / "d.svg").read_bytes() == conceptmap.render_bytes(
        changes.map, "svg", layout=union)
    code, _out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                          "-o", str(tmp_path / "d.svg"), "--old-picture", str(tmp_path / "d.svg"))
    assert (code, err) == (2, f"conceptmap: error: --old-picture {tmp_path / 'd.svg'} is the "
                              "diff's own picture; choose another file\n")


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
    # A folder is created, as render creates it; a file in a missing folder is refused
    # before anything is drawn.
    code, _out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                          "-o", f"{tmp_path / 'nieuw-map'}/", "-q")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "nieuw-map").iterdir()) == [
        "nieuw-diff.png", "nieuw-diff.svg"]
    code, out, err = run("diff", str(tmp_path / "oud.yaml"), str(tmp_path / "nieuw.yaml"),
                         "-o", str(tmp_path / "weg" / "d.svg"))
    assert (code, out) == (1, "")
    assert err == (f"conceptmap: error: cannot write {tmp_path / 'weg' / 'd.svg'}: the "
                   f"folder {tmp_path / 'weg'} does not exist\n")
