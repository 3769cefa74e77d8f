"""The SVG travels: inlined in a web page, opened in another viewer, read by a person."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import conceptmap
from conceptmap import DrawOptions, render_bytes
from conceptmap._api import render_options
from conceptmap._svg import FONT_STACK, id_prefix_for
from conceptmap.cli import main

from .conftest import SHOWCASE

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SMALL = """\
title: Klein
actors:
  raad: {label: Gemeenteraad, description: "Kiest het college."}
  college: {label: College van B&W}
relations:
  - {from: raad, to: college, type: control, label: "stelt kaders voor het beleid",
     description: "Jaarlijks.", quote: "De raad stelt de kaders & controleert"}
"""


@pytest.fixture(scope="module")
def showcase() -> conceptmap.Map:
    return conceptmap.load(SHOWCASE)


@pytest.fixture(scope="module")
def showcase_svg(showcase) -> bytes:
    return render_bytes(showcase, "svg")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> conceptmap.Map:
    path = tmp_path_factory.mktemp("maps") / "klein kaartje.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return conceptmap.load(path)


def ids_and_references(root: ET.Element) -> tuple[set[str], set[str]]:
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    references = set()
    for element in root.iter():
        for key, value in element.attrib.items():
            references.update(re.findall(r"url\(#([^)]+)\)", value))
            if key in ("href", XLINK_HREF) and value.startswith("#"):
                references.add(value[1:])
    return ids, references


def test_two_pictures_in_one_page_share_no_ids_and_resolve_their_own(showcase_svg, small):
    first = ET.fromstring(showcase_svg)
    second = ET.fromstring(render_bytes(small, "svg"))
    first_ids, first_refs = ids_and_references(first)
    second_ids, second_refs = ids_and_references(second)
    assert first_ids and second_ids and first_refs and second_refs
    assert first_ids.isdisjoint(second_ids)
    assert first_refs <= first_ids and second_refs <= second_ids
    assert all(i.startswith("ambtenaar-3-0-") for i in first_ids)
    assert all(i.startswith("klein-kaartje-") for i in second_ids)
    assert "klein-kaartje-actor-raad" in second_ids


def test_glyph_outlines_are_referenced_within_the_picture(small):
    root = ET.fromstring(render_bytes(small, "svg", DrawOptions(svg_text="paths")))
    assert list(root.iter(f"{SVG}text")) == []  # glyphs, not text
    ids, references = ids_and_references(root)
    glyphs = {ref for ref in references if "DejaVuSans" in ref}
    assert glyphs and references <= ids
    assert all(ref.startswith("klein-kaartje-") for ref in references)
    assert root.find(f"{SVG}title").text == "Klein"


def test_id_prefix_is_settable_and_derived_safely(small, tmp_path, capsys):
    root = ET.fromstring(render_bytes(small, "svg", DrawOptions(id_prefix="fig2")))
    ids, _refs = ids_and_references(root)
    assert "fig2-actor-raad" in ids and all(i.startswith("fig2-") for i in ids)
    assert id_prefix_for("ambtenaar-3.0") == "ambtenaar-3-0"
    assert id_prefix_for("2024 kaart (v2)") == "map-2024-kaart-v2"
    assert id_prefix_for("<stdin>") == "stdin"
    assert id_prefix_for("Überzicht façade") == "Uberzicht-facade"
    assert id_prefix_for("日本") == "map"
    map_path = tmp_path / "k.yaml"
    map_path.write_text(SMALL, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["render", str(map_path), "--id-prefix", "1x"], out, err) == 2
    assert "invalid id prefix '1x'" in capsys.readouterr().err
    target = tmp_path / "k.svg"
    assert main(["render", str(map_path), "-o", str(target), "--id-prefix", "links"],
                out, err) == 0
    assert 'id="links-actor-raad"' in target.read_text(encoding="utf-8")


def test_no_css_that_reaches_outside_and_one_title(showcase_svg, showcase):
    root = ET.fromstring(showcase_svg)
    assert list(root.iter(f"{SVG}style")) == []
    assert b"<style" not in showcase_svg and b"*{" not in showcase_svg
    # matplotlib's global rule lives on as inherited presentation attributes
    assert root.get("stroke-linejoin") == "round"
    titles = root.findall(f"{SVG}title")
    assert [t.text for t in titles] == [showcase.title]
    assert root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"


def test_descriptions_and_quotes_are_tooltips_and_desc_summarises(small):
    root = ET.fromstring(render_bytes(small, "svg"))
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    relation = by_id["klein-kaartje-relation-raad-college-1"]
    assert relation[0].tag == f"{SVG}title"
    assert relation[0].text == ("Gemeenteraad → College van B&W: control (stelt kaders voor "
                                "het beleid)\nJaarlijks.\n“De raad stelt de kaders & controleert”")
    label = by_id["klein-kaartje-relation-raad-college-1-label"]
    assert label[0].tag == f"{SVG}title" and label[0].text == relation[0].text
    actor = by_id["klein-kaartje-actor-raad"]
    assert actor[0].tag == f"{SVG}title" and actor[0].text == "Gemeenteraad\nKiest het college."
    college = by_id["klein-kaartje-actor-college"]  # no description: no tooltip
    assert college.find(f"{SVG}title") is None
    desc = root.find(f"{SVG}desc").text  # the map in words, as `render --alt-text` says it
    assert desc == conceptmap.describe_map(small)
    assert "Gemeenteraad" in desc and "College van B&W" in desc
    assert len(root.findall(f"{SVG}title")) == 1


def test_tooltips_name_the_relation_type_as_the_legend_does(small):
    # In the map's language (conceptmap's own words), or as `legend: labels:` renames it.
    dutch = conceptmap.loads(SMALL.replace("title: Klein", "lang: nl\ntitle: Klein"),
                             path="klein.yaml")
    renamed = conceptmap.loads(SMALL + "legend: {labels: {control: stuurt aan}}\n",
                               path="klein.yaml")
    for model, word in ((small, "control"), (dutch, "sturing"), (renamed, "stuurt aan")):
        root = ET.fromstring(render_bytes(model, "svg"))
        relation = next(e for e in root.iter()
                        if e.get("id", "").endswith("relation-raad-college-1"))
        assert relation.find(f"{SVG}title").text.splitlines()[0] == (
            f"Gemeenteraad → College van B&W: {word} (stelt kaders voor het beleid)")


def test_text_names_a_font_stack_ending_in_a_generic_family(showcase_svg):
    root = ET.fromstring(showcase_svg)
    families = {re.search(r"font-family: ([^;]+)", t.get("style")).group(1)
                for t in root.iter(f"{SVG}text")}
    assert families == {"'DejaVu Sans', 'Noto Sans', Verdana, Arial, sans-serif"}
    assert FONT_STACK[-1] == "sans-serif"


def test_lines_of_centred_labels_are_anchored_at_their_centre(showcase, showcase_svg):
    root = ET.fromstring(showcase_svg)
    scene = conceptmap.make_scene(showcase)
    scale = render_options(showcase, DrawOptions()).scale_for(scene)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    multi = [b for b in scene.text_blocks() if b.align == "center" and len(b.lines) > 1]
    assert len(multi) >= 10
    for block in multi:
        lines = groups[f"ambtenaar-3-0-{block.gid}"].findall(f"{SVG}text")
        assert [line.text for line in lines] == list(block.lines)
        for line in lines:
            assert "text-anchor: middle" in line.get("style")
            assert float(line.get("x")) == pytest.approx(block.x * scale, abs=0.01)


def _substitute_fonts() -> dict[str, str]:
    """Installed fonts of the stack after DejaVu Sans, or metric twins of them."""
    from matplotlib import font_manager

    wanted = ("Noto Sans", "Verdana", "Arial", "Liberation Sans", "Arimo")  # Liberation=Arial
    found = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.name in wanted and entry.style == "normal" and entry.weight in (400, "normal"):
            found.setdefault(entry.name, entry.fname)
    return found


def test_boxes_leave_room_for_a_substitute_font(showcase):
    """Every actor label fits its box in DejaVu Sans with room to spare for a font 15%
    wider, and in every substitute font of the stack installed here."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(1, 1, 72)
    scene = conceptmap.make_scene(showcase)
    fonts = {"DejaVu Sans": None, **_substitute_fonts()}
    assert len(fonts) >= 2 or not os.environ.get("CI"), "no substitute font to measure with"
    for shape in scene.shapes:
        assert shape.label is not None
        room = shape.width - 4  # inside the outline
        for name, path in fonts.items():
            props = FontProperties(fname=path, size=shape.label.size) if path else \
                FontProperties(family=name, size=shape.label.size)
            widest = max(renderer.get_text_width_height_descent(line, props, ismath=False)[0]
                         for line in shape.label.lines)
            spare = 1.15 if name == "DejaVu Sans" else 1.0
            assert widest * spare <= room, (shape.gid, name, widest, room)


def _rsvg() -> str | None:
    found = shutil.which("rsvg-convert")
    if found is None and os.environ.get("CI"):
        pytest.fail("rsvg-convert is missing: .ci/run installs librsvg2-bin")
    return found


def _grey(data: bytes, size: tuple[int, int] | None = None) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("L")
    if size is not None and image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    return np.asarray(image, dtype=float)


def _rsvg_png(rsvg: str, svg: bytes, size: tuple[int, int], tmp_path) -> np.ndarray:
    path = tmp_path / "picture.svg"
    path.write_bytes(svg)
    result = subprocess.run([rsvg, "-w", str(size[0]), "-h", str(size[1]), "-b", "white",
                             str(path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return _grey(result.stdout, size)


def _ink(crop: np.ndarray) -> tuple[int, int, int]:
    """Pixels that stand out from the crop's background, and their leftmost and rightmost
    columns."""
    ink = np.abs(crop - np.median(crop)) > 60
    columns = np.nonzero(ink.any(axis=0))[0]
    if len(columns) == 0:
        return 0, -1, -1
    return int(ink.sum()), int(columns[0]), int(columns[-1])


def texts_drawn_differently(scene, pixels_per_point: float, ours: np.ndarray,
                            theirs: np.ndarray) -> list[str]:
    """The ids of the texts that one image does not draw as the other does: about as much
    ink (0.6-1.6 times), starting and ending in about the same columns."""
    different = []
    for block in scene.text_blocks():
        rect = block.rect
        x0, x1 = int(rect.x0 * pixels_per_point) - 2, int(rect.x1 * pixels_per_point) + 3
        y0 = int((scene.height - rect.y1) * pixels_per_point) - 2
        y1 = int((scene.height - rect.y0) * pixels_per_point) + 3
        mine, other = _ink(ours[y0:y1, x0:x1]), _ink(theirs[y0:y1, x0:x1])
        slack = max(4, 0.03 * (x1 - x0))
        if not (0.6 * mine[0] <= other[0] <= 1.6 * mine[0]) or \
                abs(mine[1] - other[1]) > slack or abs(mine[2] - other[2]) > slack:
            different.append(block.gid)
    return different


def test_a_second_renderer_draws_the_showcase_svg_like_conceptmaps_png(showcase, showcase_svg,
                                                                       tmp_path):
    rsvg = _rsvg()
    if rsvg is None:
        pytest.skip("rsvg-convert not installed (Debian: librsvg2-bin)")
    dpi = 100
    png = render_bytes(showcase, "png", DrawOptions(dpi=dpi))
    ours = _grey(png)
    size = (ours.shape[1], ours.shape[0])
    theirs = _rsvg_png(rsvg, showcase_svg, size, tmp_path)
    # the whole picture, at a quarter of the size: the same drawing
    quarter = (size[0] // 4, size[1] // 4)
    difference = np.abs(_grey(png, quarter) - _grey(_png_bytes(theirs), quarter))
    assert difference.mean() < 4.0, difference.mean()
    assert (difference > 64).mean() < 0.01, (difference > 64).mean()
    # every text drawn by both, alike and in the same place: no missing text
    scene = conceptmap.make_scene(showcase)
    pixels_per_point = render_options(showcase, DrawOptions()).scale_for(scene) * dpi / 72
    assert texts_drawn_differently(scene, pixels_per_point, ours, theirs) == []
    # ... which this comparison would notice: the same SVG without one label
    without = re.sub(rb"(<g id=\"ambtenaar-3-0-actor-burgers-label\">.*?)<text[^>]*>[^<]*</text>",
                     rb"\1", showcase_svg, flags=re.DOTALL)
    assert without != showcase_svg
    damaged = _rsvg_png(rsvg, without, size, tmp_path)
    assert texts_drawn_differently(scene, pixels_per_point, ours, damaged) == [
        "actor-burgers-label"]


def _png_bytes(pixels: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()
