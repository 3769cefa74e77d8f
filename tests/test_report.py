"""Reports, the description in words, the SVG's <desc> and `render --alt-text`."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import conceptmap
from conceptmap._api import describe_map, write_report
from conceptmap._describe import describe
from conceptmap._report import md_escape

from .conftest import ROOT, SHOWCASE
from .test_cli import run
from .test_golden import UPDATE

SMALL = """
title: Buurt
groups: {wijk: {label: De wijk}}
actors:
  a: {label: Raad, group: wijk}
  b: {label: Wethouder, group: wijk}
  c: {label: Bewoners}
  d: {label: Pers}
relations:
  - {from: a, to: b, type: tension, label: budget, quote: "Het geld is op."}
  - {from: b, to: c, type: cooperation}
  - {from: a, to: c, type: information}
  - {from: c, to: d, type: tension}
"""
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def showcase_model() -> conceptmap.Map:
    return conceptmap.load(SHOWCASE)


@pytest.fixture(scope="module")
def reports(tmp_path_factory, showcase_model) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    write_report(showcase_model, folder / "ambtenaar-3.0-report.md")  # the map's lang: nl
    write_report(showcase_model, folder / "ambtenaar-3.0-report.html")
    write_report(showcase_model, folder / "ambtenaar-3.0-report-en.md", lang="en")
    return folder


@pytest.mark.parametrize("name", ["ambtenaar-3.0-report.md", "ambtenaar-3.0-report.svg",
                                  "ambtenaar-3.0-report.html", "ambtenaar-3.0-report-en.md",
                                  "ambtenaar-3.0-report-en.svg"])
def test_committed_example_reports_are_current(reports, name):
    """output/ holds the showcase's reports as the code writes them today.

    CONCEPTMAP_UPDATE_GOLDEN=1 rewrites them (as for the other pictures in output/).
    """
    made = (reports / name).read_bytes()
    if UPDATE:
        (ROOT / "output" / name).write_bytes(made)
    assert (ROOT / "output" / name).read_bytes() == made, f"output/{name} is out of date"


def test_description_of_a_small_map_by_hand():
    text = describe(conceptmap.loads(SMALL))
    assert text == (
        "Buurt: a map of 4 actors and 4 relations. De wijk: Raad and Wethouder. "
        "Outside any group: Bewoners and Pers. Most connected: Bewoners (tied to 3 others), "
        "Raad (tied to 2 others) and Wethouder (tied to 2 others). "
        "Cooperation: Wethouder – Bewoners. Information: Raad → Bewoners.\n\n"
        "2 of the 4 relations are tensions (50%). Most tensions involve Bewoners (1), "
        "Raad (1) and Wethouder (1). Tensions: Raad – Wethouder: budget; "
        "Bewoners – Pers.\n\n"
        # Bewoners lies between Pers and the other two: 2 of 3 pairs; the triad
        # Raad-Wethouder-Bewoners has tension, cooperation and no sign (information).
        "Bewoners brokers most (betweenness 0.67).")
    dutch = describe(conceptmap.loads(SMALL), "nl")
    assert "Bewoners is de belangrijkste verbinder (betweenness 0,67)." in dutch
    assert dutch.startswith("Buurt: een kaart van 4 actoren en 4 relaties. De wijk: Raad en "
                            "Wethouder.")


def test_description_names_unbalanced_triads_and_estimates_on_large_maps():
    text = describe(conceptmap.loads("""
        actors: {a: {label: A}, b: {label: B}, c: {label: C}}
        relations:
          - {from: a, to: b, type: tension}
          - {from: b, to: c, type: tension}
          - {from: a, to: c, type: tension}
        """))
    assert text.endswith("No actor lies between two others: nobody brokers. Triads of "
                         "tension and cooperation: 0 of 1 balanced; unbalanced: A, B, C.")
    from .mapgen import generate_map

    model = generate_map(150)
    estimated = conceptmap.analyze(model, pivots=40)
    assert estimated.pivots == 40 and conceptmap.analyze(model).pivots is None
    assert estimated == conceptmap.analyze(model, pivots=40)  # seeded: same estimate
    assert "(betweenness ≈" in describe(model, analysis=estimated)


def test_showcase_description_mentions_the_top_broker(showcase_model):
    dutch = describe_map(showcase_model)  # the map's lang: nl
    assert "Dynamiek van het proces is de belangrijkste verbinder (betweenness 0,27), " \
           "gevolgd door Burgers / inwoners (0,16) en Gemeenteraad (0,09)." in dutch
    assert "11 van de 22 relaties zijn spanningen (50%)." in dutch
    text = describe_map(showcase_model, "en")  # the map's own English texts, too
    assert "Dynamics of the process brokers most (betweenness 0.27), followed by " \
           "Citizens / residents (0.16) and Municipal council (0.09)." in text
    assert "11 of the 22 relations are tensions (50%)." in text
    assert "Triads of tension and cooperation: 4 of 6 balanced; unbalanced: Subject " \
           "specialist, Dynamics of the process, Citizens / residents; Municipal council, " \
           "Dynamics of the process, Citizens / residents." in text


def _quotes_and_descriptions(model: conceptmap.Map) -> tuple[list[str], list[str]]:
    quotes = [r.quote for r in model.relations if r.quote]
    descriptions = [r.description for r in model.relations if r.description]
    assert len(quotes) == len(descriptions) == 22
    return quotes, descriptions


def test_markdown_report(reports, showcase_model):
    text = (reports / "ambtenaar-3.0-report.md").read_text("utf-8")
    assert text.startswith("# De ambtenaar 3.0: proces tegenover organisatie\n")
    assert "![De ambtenaar 3.0: proces tegenover organisatie](ambtenaar-3.0-report.svg)" \
        in text
    quotes, descriptions = _quotes_and_descriptions(showcase_model)
    for quote in quotes:
        assert f"> {md_escape(quote)}\n" in text
    for description in descriptions:
        assert md_escape(description) in text
    assert "| actor | type | groep | beschrijving |" in text
    assert "| Procesambtenaar (ambtenaar 3.0) | Ambtenaren | Stadhuis | Ambtenaar die veel " \
        in text
    assert "| Dynamiek van het proces | 3 | 0 | 6 | 0 | 9 | 0,265 |" in text
    tensions = text.split("## Spanningen\n")[1].split("## Overige relaties")[0]
    assert len(re.findall(r"^### \d+\. ", tensions, re.M)) == 11
    assert "Dynamiek van het proces is de belangrijkste verbinder" in text
    figure = ET.parse(reports / "ambtenaar-3.0-report.svg").getroot()
    assert figure.find(f"{SVG}desc").text == describe_map(showcase_model)


def test_english_report_of_the_dutch_showcase(reports, showcase_model):
    text = (reports / "ambtenaar-3.0-report-en.md").read_text("utf-8")
    assert text.startswith("# The 3.0 civil servant: process versus organisation\n")
    english = conceptmap.translate(showcase_model, "en")
    quotes, descriptions = _quotes_and_descriptions(english)
    for quote in quotes:  # verbatim, as the article has them
        assert f"> {md_escape(quote)}\n" in text
    for description in descriptions:
        assert md_escape(description) in text
    assert "| actor | type | group | description |" in text
    assert "| Dynamics of the process | 3 | 0 | 6 | 0 | 9 | 0.265 |" in text
    assert "Dynamics of the process brokers most (betweenness 0.27)" in text
    figure = ET.parse(reports / "ambtenaar-3.0-report-en.svg").getroot()
    assert figure.find(f"{SVG}desc").text == describe_map(showcase_model, "en")


def test_html_report_is_one_self_contained_file(reports, showcase_model):
    text = (reports / "ambtenaar-3.0-report.html").read_text("utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert text.count("<svg") == 1 and "<?xml" not in text
    assert not re.search(r'(src|href)="(?!#)', text)  # nothing loaded from elsewhere
    for quote in _quotes_and_descriptions(showcase_model)[0]:
        assert f"<blockquote>{html.escape(quote, quote=False)}</blockquote>" in text
    assert "<h2>Spanningen</h2>" in text and "<h2>Actoren</h2>" in text
    assert "Dynamiek van het proces is de belangrijkste verbinder (betweenness 0,27)" in text
    assert '<td>Dynamiek van het proces</td><td class="n">3</td>' in text


def test_markdown_escaping_keeps_text_as_written():
    assert md_escape("a *b* [c](d) | e_f <g>") == r"a \*b\* \[c\](d) \| e\_f \<g\>"
    assert md_escape("- item", starts_block=True) == r"\- item"
    assert md_escape("1. item", starts_block=True) == r"\1. item"
    assert md_escape("1. item") == "1. item"


def test_report_command(tmp_path, write_map):
    path = write_map(SMALL)
    target = tmp_path / "out.md"
    code, out, err = run("report", str(path), "-o", str(target), "--lang", "nl")
    assert (code, err) == (0, "")
    assert out == f"{path} -> {tmp_path / 'out.svg'}, {target}\n"
    text = target.read_text("utf-8")
    assert "## Spanningen\n\n### 1. Raad – Wethouder: budget\n\n> Het geld is op.\n" in text
    assert run("report", str(path), "-o", str(tmp_path / "x.pdf"))[0] == 2
    bad = write_map("actors:\n  a: {group: x}\n", "bad.yaml")
    assert run("report", str(bad), "-o", str(target)) == (
        1, "", f'{bad}:2:14: error: unknown group "x"\n')


def test_alt_text_is_the_svg_desc(write_map, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_map(SMALL)
    code, out, err = run("render", str(path), "--alt-text")
    assert (code, err) == (0, "")
    assert out == describe(conceptmap.load(path)) + "\n\n"
    assert not (tmp_path / "output").exists()  # printed, not drawn
    svg = tmp_path / "m.svg"
    assert run("render", str(path), "-o", str(svg), "-q")[0] == 0
    assert ET.parse(svg).getroot().find(f"{SVG}desc").text == out.strip()


def test_description_of_an_untitled_map_with_a_declared_type():
    text = describe(conceptmap.loads("""
        relation_types: {steun: {directed: true, label: steunt}}
        actors: {a: {label: "Lange\\nnaam"}, b: {}, c: {}}
        relations:
          - {from: a, to: b, type: steun}
          - {from: b, to: c, type: cooperation}
        """), "nl")
    assert text == (
        "Een kaart van 3 actoren en 2 relaties. Het meest verbonden: b (met 2 anderen), "
        "Lange naam (met 1 andere) en c (met 1 andere). Samenwerking: b – c. "
        "Steunt: Lange naam → b.\n\nDe kaart heeft geen spanningen.\n\n"
        "b is de belangrijkste verbinder (betweenness 1,00).")


def test_descriptions_and_reports_drop_invisible_characters():
    model = conceptmap.loads('actors: {a: {label: "admin\\u202etxt.exe"}, b: {}}\n'
                             "relations: [{from: a, to: b, type: tension, quote: \"x\\u200by\"}]\n")
    from conceptmap._report import report_blocks, to_markdown

    text = describe(model) + to_markdown(report_blocks(model), "x.svg")
    assert "admintxt.exe" in text and "> xy\n" in text
    assert not any(ch in text for ch in "\u202e\u200b")


def test_one_actor_and_one_relation_are_counted_in_the_singular():
    assert describe(conceptmap.loads("actors: {a: {}}\n")) == "A map of 1 actor and 0 relations."
    two = conceptmap.loads("actors: {a: {}, b: {}}\nrelations: [{from: a, to: b, type: tension}]\n")
    assert describe(two, "nl").startswith("Een kaart van 2 actoren en 1 relatie. ")
