"""Rendering: deterministic bytes, searchable SVG with stable ids, the library API."""

from __future__ import annotations

import re

import pytest

import conceptmap
from conceptmap import DrawOptions, render_bytes

from .conftest import SHOWCASE


@pytest.fixture(scope="module")
def showcase() -> conceptmap.Map:
    return conceptmap.load(SHOWCASE)


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_same_input_same_bytes(showcase, fmt):
    first = render_bytes(showcase, fmt)
    again = render_bytes(conceptmap.load(SHOWCASE), fmt)
    assert first == again


def test_svg_has_title_text_and_stable_ids(showcase):
    svg = render_bytes(showcase, "svg").decode("utf-8")
    assert f"<title>{showcase.title}</title>" in svg
    assert "Procesambtenaar" in re.sub(r"<[^>]+>", "", svg)  # text, not glyph paths
    assert "<text" in svg
    prefixed = set(re.findall(r'id="([^"]+)"', svg))
    assert all(i.startswith("ambtenaar-3-0-") for i in prefixed)  # from the map's name
    ids = {i.removeprefix("ambtenaar-3-0-") for i in prefixed}
    for actor in showcase.actors:
        assert f"actor-{actor.id}" in ids
    for relation in showcase.relations:
        assert relation.element_id in ids
    assert {"group-stadhuis", "group-samenleving", "legend"} <= ids
    assert "relation-proces-gemeenteraad-1" in ids
    assert "relation-gemeenteraad-proces-3" in ids
    assert "Date" not in svg and "dc:date" not in svg


def test_relation_numbers_count_per_pair(write_map):
    model = conceptmap.load(write_map("""
        actors: {a: {}, b: {}, c: {}}
        relations:
          - {from: a, to: b, type: tension}
          - {from: b, to: a, type: information}
          - {from: a, to: c, type: control}
          - {from: a, to: b, type: cooperation}
    """))
    assert [r.element_id for r in model.relations] == [
        "relation-a-b-1", "relation-b-a-2", "relation-a-c-1", "relation-a-b-3"]


def test_draw_returns_figure_with_gids(showcase):
    figure = conceptmap.draw(showcase, theme="dark")
    gids = {artist.get_gid() for artist in figure.findobj() if artist.get_gid()}
    assert "actor-procesambtenaar" in gids
    assert "relation-procesambtenaar-vakambtenaar-1" in gids
    assert "group-stadhuis" in gids


def test_render_writes_file_by_extension(showcase, tmp_path):
    target = conceptmap.render(showcase, tmp_path / "kaart.pdf", theme="print")
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError, match="unknown output format"):
        conceptmap.render(showcase, tmp_path / "kaart.gif")


def test_width_sets_size_but_text_stays_readable(showcase):
    from conceptmap._render import RenderOptions

    scene = conceptmap.make_scene(showcase)
    assert RenderOptions(width=scene.width * 2).scale_for(scene) == pytest.approx(2.0)
    smallest = min(t.size for t in scene.text_blocks())
    tiny = RenderOptions(width=200).scale_for(scene)
    assert smallest * tiny == pytest.approx(7.0)


def test_dollar_signs_render_literally(write_map):
    model = conceptmap.load(write_map("actors:\n  a: {label: 'kosten $5 en $10'}\n"))
    svg = render_bytes(model, "svg", DrawOptions()).decode()
    assert "kosten $5 en $10" in svg


def test_public_api_is_guarded():
    assert conceptmap.__all__ == [
        "Actor", "ActorMeasures", "ActorStyle", "Analysis", "Balance",
        "ConceptmapError", "Diagnostic", "Diff", "DrawOptions", "EngineError", "ExportOptions",
        "Group", "ImportResult", "Legend", "LoadLimits", "LoadResult", "Localized",
        "Map", "MapError", "MarkdownResult", "OptionError", "OutputError", "Position",
        "Relation", "RelationType", "Triad", "View", "ViewFilter", "ViewPart", "__version__",
        "analyze", "check", "check_text", "describe_map", "diff", "draw", "export",
        "format_analysis", "glyph_warnings", "import_tables", "languages", "layout",
        "load", "loads", "make_scene", "map_schema", "pinned", "positions", "render",
        "render_bytes", "render_markdown", "translate", "translation_warnings", "view",
        "views", "write_report",
    ]
    for name in conceptmap.__all__:
        assert hasattr(conceptmap, name)


@pytest.mark.parametrize("svg_text", ["text", "paths"])
def test_one_figure_saves_each_format_as_its_own_figure_would(svg_text):
    """A batch draws a map's SVG, PNG and PDF from one figure: the bytes must be those
    of a figure made for each format alone, in whatever order they are saved."""
    from conceptmap._api import make_scene, pictures, render_options

    model = conceptmap.loads(
        "title: Eén figuur\ngroups: {g: Groep}\n"
        "actors: {a: {label: Een actor, group: g, type: x}, b: {label: Twee, group: g}, c: C}\n"
        "relations: [{from: a, to: b, type: tension, label: botst},\n"
        "            {from: b, to: c, type: information}]\n", path="een.yaml")
    options = DrawOptions(theme="print", svg_text=svg_text)
    scene, drawing = make_scene(model, options), render_options(model, options)
    alone = {fmt: render_bytes(model, fmt, options) for fmt in ("svg", "png", "pdf")}
    assert pictures(scene, ("svg", "png", "pdf"), drawing) == alone
    assert pictures(scene, ("pdf", "png", "svg"), drawing) == alone
