"""Languages: texts as mappings of language codes; `lang:` and --lang pick one."""

from __future__ import annotations

import conceptmap
from conceptmap import make_scene

from .test_cli import run

BILINGUAL = """
    lang: nl
    title: {nl: Kaart, en: Map}
    actors:
      raad: {label: {nl: Gemeenteraad, en: Council}, type: politiek}
      burgers: {label: {nl: Burgers, en: Citizens}, description: {en: People}}
    styles:
      politiek: {label: {nl: Politiek, en: Politics}}
    relations:
      - from: burgers
        to: raad
        type: tension
        label: {nl: niet gehoord, en: not heard}
        quote: "Wij worden niet gehoord"
      - {from: raad, to: burgers, type: information}
"""


def legend_texts(model: conceptmap.Map) -> list[str]:
    return [" ".join(t.lines) for t in make_scene(model).legend.texts]


def test_the_maps_lang_picks_the_text(write_map):
    model = conceptmap.load(write_map(BILINGUAL))
    assert (model.lang, model.title) == ("nl", "Kaart")
    assert [a.label for a in model.actors] == ["Gemeenteraad", "Burgers"]
    # A text without the map's language shows its first one (with a warning).
    assert model.actor("burgers").description == "People"
    assert conceptmap.languages(model) == ("en", "nl")
    assert legend_texts(model) == ["Politiek", "spanning", "informatie"]


def test_translate_gives_english_labels_and_legend(write_map):
    model = conceptmap.translate(conceptmap.load(write_map(BILINGUAL)), "en")
    assert (model.lang, model.title) == ("en", "Map")
    assert [a.label for a in model.actors] == ["Council", "Citizens"]
    assert model.relations[0].label == "not heard"
    assert model.relations[0].quote == "Wij worden niet gehoord"  # one language: as written
    assert legend_texts(model) == ["Politics", "tension", "information"]
    back = conceptmap.translate(model, "nl")
    assert [a.label for a in back.actors] == ["Gemeenteraad", "Burgers"]


def test_without_lang_the_first_language_counts_and_legend_words_are_english(write_map):
    model = conceptmap.load(write_map(BILINGUAL.replace("    lang: nl\n", "")))
    assert (model.lang, model.title) == (None, "Kaart")
    assert legend_texts(model) == ["Politiek", "tension", "information"]


def test_language_diagnostics_have_positions(write_map):
    path = write_map("""
        lang: nl
        title: {nl: Kaart, English: Map}
        actors:
          a: {label: {en: A}}
          b: {label: {}}
    """)
    assert [str(d) for d in conceptmap.check(path).diagnostics] == [
        f'{path}:2:20: error: "English" in title is not a language code; a text in several '
        "languages maps codes such as nl or en to texts",
        f'{path}:4:14: warning: label has no "nl" text (the map\'s lang); the "en" text is '
        "used",
        f"{path}:5:14: error: label is an empty mapping; give a text, or language codes "
        "with texts",
    ]
    path = write_map("lang: Nederlands\nactors: {a: {}}\n", "taal.yaml")
    assert [str(d) for d in conceptmap.check(path).diagnostics] == [
        f'{path}:1:7: error: lang "Nederlands" is not a language code such as nl or en']


def test_translation_warnings_name_untranslated_texts(write_map):
    path = write_map(BILINGUAL)
    model = conceptmap.load(path)
    assert [str(d) for d in conceptmap.translation_warnings(model, str(path), "en")] == []
    model = conceptmap.load(write_map(BILINGUAL.replace(", en: Citizens", ""), "b.yaml"))
    assert [f"{d.line}:{d.column}: {d.message}" for d in
            conceptmap.translation_warnings(model, "b.yaml", "en")] == [
        '5:20: no "en" text for "Burgers"; it stays as written']
    assert [str(d) for d in conceptmap.translation_warnings(model, "b.yaml", "fr")] == [
        'b.yaml: warning: the map has no texts in "fr" (it has en, nl); they stay as written']


def test_cli_lang_writes_an_english_picture_beside_the_dutch_one(write_map, tmp_path):
    path = write_map(BILINGUAL, "kaart.yaml")
    code, out, err = run("render", str(path), "--lang", "en", "-o", str(tmp_path),
                         "--format", "svg")
    assert (code, err) == (0, f'{path}:5:62: warning: description has no "nl" text (the '
                              'map\'s lang); the "en" text is used\n')
    assert out == f"[1/1] {path} -> {tmp_path / 'kaart-en.svg'}\n"
    svg = (tmp_path / "kaart-en.svg").read_text(encoding="utf-8")
    assert "<title>Map</title>" in svg
    for text in ("Council", "Citizens", "not heard", "Politics", "tension", "information"):
        assert f">{text}<" in svg, text
    assert ">Gemeenteraad<" not in svg and ">spanning<" not in svg
    assert run("render", str(path), "--lang", "English")[0] == 2
