"""Views: named parts of a map, drawn where the whole map puts them."""

from __future__ import annotations

import pytest

import conceptmap
from conceptmap import make_scene
from conceptmap._layout import Layout

from .conftest import SHOWCASE
from .test_cli import run

VIEWS_MAP = """
    title: Wijk
    subtitle: Hele kaart
    groups: {stad: Stadhuis}
    actors:
      raad: {label: Gemeenteraad, type: politiek, group: stad}
      college: {label: College, type: bestuur, group: stad}
      ambtenaar: {label: Ambtenaar, type: ambtenaar, group: stad}
      burgers: {label: Burgers, type: burger}
      pers: {label: Pers, type: media}
      los: {label: Los, type: media}
    relations:
      - {from: burgers, to: raad, type: tension, label: niet gehoord}
      - {from: raad, to: college, type: control}
      - {from: college, to: ambtenaar, type: control}
      - {from: ambtenaar, to: burgers, type: tension}
      - {from: pers, to: burgers, type: information}
      - {from: pers, to: college, type: influence}
    views:
      spanningen:
        title: Alleen spanningen
        keep: {relations: [tension]}
      stadhuis:
        keep: {groups: [stad]}
      zonder-media:
        drop: {types: [media]}
      rond-raad:
        focus: raad
        steps: 1
      rond-raad-2:
        focus: raad
        steps: 2
        drop: {relations: [information]}
      met-los:
        keep: {types: [media], actors: [burgers]}
        keep_unconnected: true
      eigen:
        keep: {relations: [tension]}
        layout: own
      groot:
        keep: {groups: [stad]}
        size_by: degree
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> conceptmap.Map:
    import textwrap

    path = tmp_path_factory.mktemp("views") / "wijk.yaml"
    path.write_text(textwrap.dedent(VIEWS_MAP), encoding="utf-8")
    return conceptmap.load(path)


@pytest.fixture(scope="module")
def whole(model) -> Layout:
    return conceptmap.layout(model)


def ids(model: conceptmap.Map) -> list[str]:
    return [a.id for a in model.actors]


def relation_ids(model: conceptmap.Map) -> list[str]:
    return [r.element_id for r in model.relations]


@pytest.mark.parametrize(("name", "actors", "relations"), [
    ("spanningen", ["raad", "ambtenaar", "burgers", "los"],
     ["relation-burgers-raad-1", "relation-ambtenaar-burgers-1"]),
    ("stadhuis", ["raad", "college", "ambtenaar"],
     ["relation-raad-college-1", "relation-college-ambtenaar-1"]),
    ("zonder-media", ["raad", "college", "ambtenaar", "burgers"],
     ["relation-burgers-raad-1", "relation-raad-college-1", "relation-college-ambtenaar-1",
      "relation-ambtenaar-burgers-1"]),
    ("rond-raad", ["raad", "college", "burgers"],
     ["relation-burgers-raad-1", "relation-raad-college-1"]),
    ("rond-raad-2", ["raad", "college", "ambtenaar", "burgers", "pers"],
     ["relation-burgers-raad-1", "relation-raad-college-1", "relation-college-ambtenaar-1",
      "relation-ambtenaar-burgers-1", "relation-pers-college-1"]),
    ("met-los", ["burgers", "pers", "los"], ["relation-pers-burgers-1"]),
])
def test_a_view_keeps_exactly_its_actors_and_relations(model, name, actors, relations):
    part = conceptmap.view(model, name)
    assert ids(part) == actors
    assert relation_ids(part) == relations


def test_relations_filtered_out_take_their_unconnected_actors_along(model):
    # college and pers have no tension: gone; "los" never had a relation: it stays.
    part = conceptmap.view(model, "spanningen")
    assert {"college", "pers"}.isdisjoint(ids(part))
    assert "los" in ids(part)


def test_a_view_sets_its_own_title_and_keeps_the_rest(model):
    part = conceptmap.view(model, "spanningen")
    assert (part.title, part.subtitle) == ("Alleen spanningen", "Hele kaart")
    assert conceptmap.view(model, "stadhuis").title == "Wijk"
    assert [g.id for g in conceptmap.view(model, "zonder-media").groups] == ["stad"]
    assert conceptmap.view(model, "met-los").groups == ()  # no member left


def offsets(scene) -> dict[str, tuple[float, float]]:
    """Each actor's centre in a drawn scene, from the first actor's (scenes shift the
    drawing to their own margins, and round to 0.01 pt)."""
    drawn = {s.gid: (s.cx, s.cy) for s in scene.shapes}
    x0, y0 = next(iter(drawn.values()))
    return {gid: (x - x0, y - y0) for gid, (x, y) in drawn.items()}


def test_views_are_drawn_at_the_whole_maps_layout(model, whole):
    full = {s.gid: (s.cx, s.cy) for s in make_scene(model, layout=whole).shapes}
    names = ["spanningen", "stadhuis", "zonder-media", "rond-raad", "rond-raad-2", "met-los"]
    for part in conceptmap.views(model, names):
        assert all(a.pos is None for a in part.map.actors)  # not pinned
        assert part.layout is not None
        assert {a.id: part.layout.centers[a.id] for a in part.map.actors} == {
            a.id: whole.centers[a.id] for a in part.map.actors}, part.name
        first = f"actor-{part.map.actors[0].id}"
        for gid, (dx, dy) in offsets(make_scene(part.map, layout=part.layout)).items():
            assert dx == pytest.approx(full[gid][0] - full[first][0], abs=0.011), gid
            assert dy == pytest.approx(full[gid][1] - full[first][1], abs=0.011), gid
        # Only the group regions the view still has.
        assert set(part.layout.groups) == {g.id for g in part.map.groups}


def test_a_view_with_its_own_layout_or_sizes_is_laid_out_afresh(model):
    own = conceptmap.views(model, ["eigen", "groot"])
    assert [(p.name, p.layout) for p in own] == [("eigen", None), ("groot", None)]
    assert all(a.pos is None for p in own for a in p.map.actors)
    assert conceptmap.view(model, "groot").size_by == "degree"


def test_an_unknown_view_is_an_option_error(model):
    with pytest.raises(conceptmap.OptionError) as caught:
        conceptmap.views(model, ["spaningen"])
    assert str(caught.value) == (
        'the map has no view "spaningen" (did you mean "spanningen"?); its views: '
        "spanningen, stadhuis, zonder-media, rond-raad, rond-raad-2, met-los, eigen, groot")


@pytest.fixture(scope="module")
def showcase() -> conceptmap.Map:
    return conceptmap.load(SHOWCASE)


def test_the_showcases_views_keep_every_actor_where_the_whole_map_has_it(showcase):
    import dataclasses

    whole = conceptmap.layout(showcase)
    names = [v.name for v in showcase.views]
    assert names == ["spanningen", "gemeenteraad", "stadhuis"]
    own = dataclasses.replace(showcase.view("spanningen"), name="eigen", layout="own")
    model = dataclasses.replace(showcase, views=(*showcase.views, own))
    parts = {p.name: p for p in conceptmap.views(model)}
    full = {s.gid: (s.cx, s.cy) for s in make_scene(showcase, layout=whole).shapes}
    for name in names:
        part = parts[name]
        assert part.layout is not None
        for actor in part.map.actors:
            assert part.layout.centers[actor.id] == whole.centers[actor.id], (name, actor.id)
        # ... and in the picture: the same offsets between actors as in the whole map's.
        first = f"actor-{part.map.actors[0].id}"
        for gid, (dx, dy) in offsets(make_scene(part.map, layout=part.layout)).items():
            assert dx == pytest.approx(full[gid][0] - full[first][0], abs=0.011), gid
            assert dy == pytest.approx(full[gid][1] - full[first][1], abs=0.011), gid
    # A view with a layout of its own is laid out afresh: its actors move.
    assert parts["eigen"].layout is None
    mine = conceptmap.layout(parts["eigen"].map)
    assert any(mine.centers[a.id] != whole.centers[a.id] for a in parts["eigen"].map.actors)


def test_a_views_group_region_fits_what_is_left_in_it(showcase):
    from conceptmap._render import figure_for

    from .figure_metrics import measure

    whole = conceptmap.layout(showcase)
    (part,) = conceptmap.views(showcase, ["gemeenteraad"])
    region, before = part.layout.groups["stadhuis"], whole.groups["stadhuis"]
    # Within the whole map's region (to rounding), so it takes in no outsider ...
    assert before.x0 - 1e-9 <= region.x0 and region.x1 <= before.x1 + 1e-9
    assert before.y0 - 1e-9 <= region.y0 and region.y1 <= before.y1 + 1e-9
    # ... and smaller: three of the six members are left (the rest is empty room).
    assert region.width * region.height < before.width * before.height * 0.9
    members = [a.id for a in part.map.actors if a.group == "stadhuis"]
    assert members == ["procesambtenaar", "college", "gemeenteraad"]
    scene = make_scene(part.map, layout=part.layout)
    drawn = next(r.rect for r in scene.regions if r.gid == "group-stadhuis")
    for shape in (s for s in scene.shapes if s.gid.removeprefix("actor-") in members):
        assert drawn.x0 < shape.cx - shape.width / 2 and shape.cx + shape.width / 2 < drawn.x1
        assert drawn.y0 < shape.cy - shape.height / 2 and shape.cy + shape.height / 2 < drawn.y1
    metrics = measure(figure_for(scene), part.map)
    assert (metrics.groups_with_non_members, metrics.text_overlaps) == ([], [])


def test_a_views_labels_move_in_where_the_whole_maps_other_relations_had_theirs(showcase):
    from conceptmap._layout.selection import OFF_LINE, _off_line
    from conceptmap._render import figure_for

    from .figure_metrics import measure

    whole = conceptmap.layout(showcase)
    (part,) = conceptmap.views(showcase, ["spanningen"])

    def off(layout: Layout, key: str) -> float:
        source, target = layout.ends[key]
        return _off_line(layout.labels[key], layout.centers[source], layout.centers[target])

    keys = [r.element_id for r in part.map.relations]
    # "depolitisering door participatie" stood 118 pt above its line in the whole map,
    # where the other relations had taken the spots on it; the tensions alone leave it room.
    assert off(whole, "relation-burgers-gemeenteraad-1") > OFF_LINE
    assert off(part.layout, "relation-burgers-gemeenteraad-1") <= OFF_LINE
    for key in keys:
        assert off(part.layout, key) <= off(whole, key) + 1e-6, key
        if off(whole, key) <= OFF_LINE:  # a label on its line stays where the reader saw it
            assert part.layout.labels[key] == whole.labels[key], key
    figure = measure(figure_for(make_scene(part.map, layout=part.layout)), part.map)
    assert sum(figure.faults()[name] for name in (
        "text_overlaps", "clipped_texts", "relations_through_actors",
        "groups_with_non_members", "detached_labels", "routes_outside")) == 0
    assert len(figure.detours) < 2  # three before: lines out to far labels and back


def test_the_command_line_draws_a_view_as_the_library_does(showcase, tmp_path):
    code, _out, _err = run("render", str(SHOWCASE), "--view", "spanningen",
                           "-o", str(tmp_path / "v.svg"))
    assert code == 0
    (part,) = conceptmap.views(showcase, ["spanningen"])
    options = conceptmap.DrawOptions(id_prefix="ambtenaar-3-0-spanningen")
    assert (tmp_path / "v.svg").read_bytes() == conceptmap.render_bytes(
        part.map, "svg", options, part.layout)


def test_actor_types_keep_their_colours_in_a_view(model):
    full = {s.gid: s.fill for s in make_scene(model).shapes}
    part = {s.gid: s.fill for s in make_scene(conceptmap.view(model, "rond-raad")).shapes}
    assert all(part[gid] == full[gid] for gid in part)


def test_view_diagnostics_have_positions(write_map):
    path = write_map("""
        actors:
          a: {type: x, group: g}
          b: {type: y}
        groups: {g: G}
        relations:
          - {from: a, to: b, type: tension}
        views:
          een:
            keep: {types: [z], groups: [h], relations: [tenson]}
            focus: c
          twee:
            steps: -1
            layot: own
          drie:
            keep: {actors: [a]}
            drop: {groups: [g]}
          vier bis: {}
    """)
    messages = [f"{d.line}:{d.column}: {d.message}" for d in conceptmap.check(path).diagnostics]
    assert messages == [
        '9:20: view "een" keep types: unknown "z"; known: x, y',
        '9:33: view "een" keep groups: unknown "h"; known: g',
        '9:49: view "een" keep relations: unknown "tenson" (did you mean "tension"?); '
        "known: control, cooperation, influence, information, tension",
        '10:12: view "een" focus: unknown "c"; known: a, b',
        "12:12: steps must be a whole number from 0 to 20, not -1",
        '13:5: unknown key "layot" in view "twee" (did you mean "layout"?); allowed: title, '
        "subtitle, keep, drop, focus, steps, layout, size_by, keep_unconnected",
        '17:3: view name "vier bis" may only hold letters, digits, _ and -',
    ]
    path = write_map("""
        actors:
          a: {type: x, group: g}
          b: {type: y}
        groups: {g: G}
        relations:
          - {from: a, to: b, type: tension}
        views:
          drie:
            keep: {actors: [a]}
            drop: {groups: [g]}
    """, "leeg.yaml")
    assert [str(d) for d in conceptmap.check(path).diagnostics] == [
        f'{path}:8:3: error: view "drie" leaves no actors to draw']


def test_cli_view_and_all_views_write_one_file_per_view(write_map, tmp_path, monkeypatch):
    path = write_map(VIEWS_MAP, "wijk.yaml")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "uit").mkdir()
    (tmp_path / "alle").mkdir()
    warning = f'{path}:10:3: warning: actor "los" has no relations\n'
    code, out, err = run("render", str(path), "--view", "rond-raad", "--format", "svg",
                         "-o", "uit", "--size-by", "degree")
    assert (code, out, err) == (0, f"[1/1] {path} -> uit/wijk-rond-raad.svg\n", warning)
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == ["wijk-rond-raad.svg"]
    svg = (tmp_path / "uit" / "wijk-rond-raad.svg").read_text(encoding="utf-8")
    assert 'id="wijk-rond-raad-actor-raad"' in svg and 'actor-pers"' not in svg
    assert ">size: number of relations<" in svg
    code, _out, err = run("render", str(path), "--all-views", "--format", "svg", "-o", "alle")
    assert (code, err) == (0, warning)
    assert sorted(p.name for p in (tmp_path / "alle").iterdir()) == sorted(
        f"wijk-{name}.svg" for name in ("spanningen", "stadhuis", "zonder-media", "rond-raad",
                                        "rond-raad-2", "met-los", "eigen", "groot"))
    spanningen = (tmp_path / "alle" / "wijk-spanningen.svg").read_text(encoding="utf-8")
    assert "<title>Alleen spanningen</title>" in spanningen


def test_cli_unknown_view_is_an_error_with_a_position(write_map):
    path = write_map(VIEWS_MAP)
    code, _out, err = run("render", str(path), "--view", "spaningen", "-o", "x.svg")
    assert code == 1
    assert err == (f'{path}:10:3: warning: actor "los" has no relations\n'
                   f'{path}:19:3: error: the map has no view "spaningen" (did you mean '
                   '"spanningen"?); its views: spanningen, stadhuis, zonder-media, rond-raad, '
                   "rond-raad-2, met-los, eigen, groot\n")
    assert run("render", str(path), "--all-views", "-o", "x.svg")[0] == 2


def test_a_view_of_a_layout_that_draws_its_own_lines_keeps_them(model):
    # The router would redraw OGDF's lines across and along the page as curves.
    orthogonal = conceptmap.DrawOptions(layout="orthogonal")
    whole = conceptmap.layout(model, orthogonal)
    (part,) = conceptmap.views(model, ["spanningen"], orthogonal)
    assert part.layout is not None
    for relation in part.map.relations:
        key = relation.element_id
        assert part.layout.routes[key] == whole.routes[key]
        if key in whole.labels:
            assert part.layout.labels[key] == whole.labels[key]
