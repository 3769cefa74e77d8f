"""Text matplotlib could misread, and text no font can show: drawn literally, or reported."""

from __future__ import annotations

import time
import warnings
import xml.etree.ElementTree as ET

import matplotlib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg

import conceptmap
from conceptmap import Actor, Map, Relation, render_bytes
from conceptmap._fonts import families_for
from conceptmap._text import clean_text, wrap

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(model: Map) -> tuple[bytes, ET.Element]:
    """The SVG bytes and their parsed tree: parsing fails if the file is not well-formed."""
    data = render_bytes(model, "svg")
    return data, ET.fromstring(data)


def texts(tree: ET.Element) -> list[str]:
    return [element.text or "" for element in tree.iter(f"{SVG}text")]


def test_dollars_backslashes_percent_and_braces_are_drawn_literally():
    model = conceptmap.loads(r"""
        title: "kosten $5 en $10"
        actors:
          a: {label: "$\\alpha$ en $x^2$"}
          b: {label: "C:\\nieuw\\tab"}
          c: {label: "100% {zeker} %s"}
        relations:
          - {from: a, to: b, type: tension, label: "$$ \\$ {0} {{x}}"}
          - {from: b, to: c, type: cooperation}
    """.replace("\n        ", "\n"))
    _data, tree = svg_of(model)
    drawn = texts(tree)
    for literal in ("kosten $5 en $10", r"$\alpha$ en $x^2$", r"C:\nieuw\tab", "100% {zeker} %s",
                    r"$$ \$ {0} {{x}}"):
        assert literal in drawn
    for fmt in ("png", "pdf"):  # mathtext would raise on some of these; plain text does not
        assert render_bytes(model, fmt)


def test_xml_specials_are_escaped_and_the_svg_is_well_formed():
    model = conceptmap.loads("""
title: "<script>alert(1)</script>"
actors:
  a: {label: "A & B ]]>"}
  b: {label: "<![CDATA[x]]>", type: '"><svg onload=alert(1)>'}
  c: {label: "<!ENTITY e SYSTEM 'file:///etc/passwd'>&e;"}
relations:
  - {from: a, to: b, type: tension, label: "</text></svg>"}
  - {from: b, to: c, type: cooperation}
""")
    data, tree = svg_of(model)
    drawn = texts(tree)
    assert "<script>alert(1)</script>" in drawn
    assert tree.find(f"{SVG}title").text == "<script>alert(1)</script>"
    for literal in ("A & B ]]>", "<![CDATA[x]]>", "</text></svg>", '"><svg onload=alert(1)>'):
        assert literal in drawn
    assert "&e;" in " ".join(drawn)
    assert b"<script" not in data and b"<svg onload" not in data and b"<!ENTITY" not in data
    assert not [el for el in tree.iter() if el.tag.split("}")[-1] in ("script", "foreignObject")]


def test_control_and_bidi_override_characters_are_removed():
    model = conceptmap.loads(r"""
title: "bel\a vt\v esc\e[31m"
actors:
  a: {label: "admin\u202etxt.exe\u2066x\u2069", type: "ty\x01pe"}
  b: {label: "soft\u00adhyphen\ufeff zw\u200bsp \u200fmark"}
relations:
  - {from: a, to: b, type: tension, label: "tab\there\r\nnext"}
""")
    data, tree = svg_of(model)  # the type's \x01 ends up in an id: the SVG must still parse
    drawn = texts(tree)
    assert "admintxt.exex" in drawn
    assert [t for t in drawn if t in ("softhyphen zwsp", "mark")] == ["softhyphen zwsp", "mark"]
    assert [t for t in drawn if t in ("tab here", "next")] == ["tab here", "next"]
    assert tree.find(f"{SVG}title").text == "bel vt esc[31m"
    assert not any(ord(ch) < 32 for ch in data.decode() if ch not in "\n")
    assert not any(ch in "\u202e\u2066\u2069\u00ad\ufeff\u200b\u200f" for ch in data.decode())


def test_clean_text_keeps_meaning_and_drops_the_rest():
    assert clean_text("a\tb\r\nc\rd\u2028e\x85f") == "a b\nc\nd\ne\nf"
    assert clean_text("\x00\x07\x1b\x7f\x9b") == ""
    assert clean_text("abc\u202edef\u2067\u2069") == "abcdef"
    assert clean_text("👨\u200d👩\u200c") == "👨\u200d👩\u200c"  # joiners shape emoji and scripts
    assert clean_text("\U000e0041tag") == "tag"


def test_a_10000_character_label_is_cut_to_fit():
    model = conceptmap.loads(
        f"actors:\n  a: {{label: {'x' * 10_000}}}\n  b: {{label: \"{'woord ' * 2_000}\"}}\n"
        f"relations:\n  - {{from: a, to: b, type: tension, label: {'r' * 10_000}}}\n"
        f"title: {'t' * 10_000}\n")
    start = time.perf_counter()
    scene = conceptmap.make_scene(model)
    _data, tree = svg_of(model)
    assert time.perf_counter() - start < 30
    shapes = {shape.gid: shape for shape in scene.shapes}
    for gid in ("actor-a", "actor-b"):
        label = shapes[gid].label
        assert len(label.lines) <= 6 and label.lines[-1].endswith("…")
        assert shapes[gid].width < 300
    assert any(text.endswith("…") for text in texts(tree))
    assert wrap("x" * 2_000_000, 18) == (*["x" * 18] * 5, "x" * 17 + "…")


def test_labels_keep_long_words_whole_and_save_a_lone_third_line():
    # Broken at its width, a Dutch compound cannot be read ("Tuinbouwo / rganisatie").
    assert wrap("Land- en Tuinbouworganisatie Nederland", 18, whole_words=True) == (
        "Land- en", "Tuinbouworganisatie", "Nederland")
    assert wrap("Zuivelcoöperatie en veevoerindustrie", 18, whole_words=True) == (
        "Zuivelcoöperatie en", "veevoerindustrie")
    # Two lines stay two: one line would be a long plate along the relation.
    assert wrap("ruzie over de lesprijzen", 22, whole_words=True) == (
        "ruzie over de", "lesprijzen")
    # Only what can be shown is wrapped, also where words are kept whole.
    assert wrap("x" * 2_000_000, 18, whole_words=True) == (*["x" * 27] * 5, "x" * 17 + "…")


def test_empty_labels_are_fine():
    model = conceptmap.loads('title: ""\nactors:\n  a: {label: ""}\n  b: ""\n'
                             'relations:\n  - {from: a, to: b, type: tension, label: ""}\n')
    assert [actor.label for actor in model.actors] == ["", ""]
    _data, tree = svg_of(model)
    ids = {el.get("id", "").removeprefix("string-") for el in tree.iter()}  # loads: <string>
    assert {"actor-a", "actor-b", "relation-a-b-1"} <= ids


def test_a_character_no_font_has_is_a_warning_with_a_position(write_map):
    path = write_map("""
        actors:
          a: {label: "onbekend \u0378 teken"}
          b: {label: Gewoon}
        relations:
          - {from: a, to: b, type: tension, label: "ook \U0010fffd hier"}
    """)
    model = conceptmap.load(path)
    assert [str(d) for d in conceptmap.glyph_warnings(model)] == [
        f'{path}:2:3: warning: actor "a": no installed font has a glyph for "\u0378" (U+0378); '
        'it would be drawn as an empty box (install a font for this script: see the README, '
        '"Fonts")',
        f'{path}:5:5: warning: relation a -> b: no installed font has a glyph for "\U0010fffd" '
        '(U+10FFFD); it would be drawn as an empty box (install a font for this script: see '
        'the README, "Fonts")']


def test_missing_glyphs_are_not_printed_by_matplotlib():
    model = conceptmap.loads("actors:\n  a: {label: \"\u0378 🎉 नमस्ते\"}\n  b: {}\n"
                             "relations:\n  - {from: a, to: b, type: tension}\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("svg", "png", "pdf"):
            render_bytes(model, fmt)
    assert [str(w.message) for w in caught if "Glyph" in str(w.message)] == []


def test_render_warns_about_missing_glyphs_and_strict_refuses(write_map, tmp_path):
    from .test_cli import run

    path = write_map("actors:\n  a: {label: \"x \u0378\"}\n  b: {}\n"
                     "relations:\n  - {from: a, to: b, type: tension}\n")
    target = tmp_path / "x.svg"
    code, _out, err = run("render", str(path), "-o", str(target))
    assert code == 0 and target.exists()
    assert err.startswith(f'{path}:2:3: warning: actor "a": no installed font has a glyph')
    target.unlink()
    code, _out, err = run("render", str(path), "-o", str(target), "--strict")
    assert code == 1 and not target.exists()
    assert err.startswith(f'{path}:2:3: error: actor "a": no installed font has a glyph')


def test_other_scripts_use_an_installed_font_or_warn():
    """With a CJK font installed (fonts-noto-cjk) it draws the label; without, a warning."""
    model = conceptmap.loads("actors:\n  zh: {label: 中文标签中文}\n  b: {label: Latijn}\n"
                             "relations:\n  - {from: zh, to: b, type: tension}\n")
    families = families_for("中文标签中文")
    warned = conceptmap.glyph_warnings(model)
    if len(families) == 1:  # no font on this machine has Chinese characters
        assert [(d.line, d.column) for d in warned] == [(2, 3)]
        assert 'actor "zh": no installed font has a glyph for "中" (U+4E2D)' in warned[0].message
        return
    assert warned == ()
    _data, tree = svg_of(model)
    [style] = [el.get("style") for el in tree.iter(f"{SVG}text") if el.text == "中文标签中文"]
    assert f"font-family: 'DejaVu Sans', '{families[1]}'" in style
    assert_boxes_fit_their_text(model)


def assert_boxes_fit_their_text(model: Map) -> None:
    """The measured width of every label is what matplotlib draws, within 5%."""
    from conceptmap._render import _RC, RenderOptions, figure_for

    scene = conceptmap.make_scene(model)
    blocks = {block.gid: block for block in scene.text_blocks()}
    with matplotlib.rc_context(_RC):
        figure = figure_for(scene, RenderOptions())
        renderer = FigureCanvasAgg(figure).get_renderer()
        scale = RenderOptions().scale_for(scene) * figure.dpi / 72
        for artist in figure.findobj(matplotlib.text.Text):
            block = blocks.get(artist.get_gid())
            if block is not None and block.width > 0:
                assert artist.get_fontfamily() == list(families_for("\n".join(block.lines)))
                drawn = artist.get_window_extent(renderer).width / scale
                assert drawn == pytest.approx(block.width, rel=0.05, abs=1.0)


def test_latin_text_fits_its_box_too():
    assert_boxes_fit_their_text(conceptmap.loads(
        "actors:\n  a: {label: Procesambtenaar (ambtenaar 3.0)}\n  b: {label: Ωμέγα Жук}\n"
        "relations:\n  - {from: a, to: b, type: tension, label: spanning}\n"))


LABELS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LABELS, LABELS, LABELS)
def test_any_text_gives_a_well_formed_svg(label, relation_label, title):
    model = Map("fuzz.yaml", (Actor("a", label, type=relation_label), Actor("b", title)),
                (Relation("a", "b", "tension", relation_label),), title=title)
    _data, tree = svg_of(model)
    assert (tree.find(f"{SVG}title").text or "") == clean_text(title or "fuzz")
