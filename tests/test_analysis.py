"""`conceptmap analyze`: measures checked by hand, against networkx and on the showcase."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

import conceptmap
from conceptmap import analyze, format_analysis

from .conftest import SHOWCASE
from .test_cli import run

# a - b - c - d in a line (a-b tension, b-c cooperation, c-d information), plus a tension
# triangle e-f-g hanging off d by influence d -> e.
PATH_AND_TRIANGLE = """
actors: {a: {label: A}, b: {label: B}, c: {label: C}, d: {label: D}, e: {label: E},
         f: {label: F}, g: {label: G}}
relations:
  - {from: a, to: b, type: tension}
  - {from: b, to: c, type: cooperation}
  - {from: c, to: d, type: information}
  - {from: d, to: e, type: influence}
  - {from: e, to: f, type: tension}
  - {from: f, to: g, type: tension}
  - {from: e, to: g, type: tension}
  - {from: e, to: g, type: tension}
"""


@pytest.fixture(scope="module")
def showcase() -> conceptmap.Analysis:
    return analyze(conceptmap.load(SHOWCASE))


def test_counts_and_brokerage_by_hand():
    result = analyze(conceptmap.loads(PATH_AND_TRIANGLE))
    by_id = {m.id: m for m in result.actors}
    # (in, out, tensions, cooperation, degree): the e-g tension is there twice
    counts = {key: (m.relations_in, m.relations_out, m.tensions, m.cooperation, m.degree)
              for key, m in by_id.items()}
    assert counts == {"a": (0, 0, 1, 0, 1), "b": (0, 0, 1, 1, 2), "c": (0, 1, 0, 1, 2),
                      "d": (1, 1, 0, 0, 2), "e": (1, 0, 3, 0, 4), "f": (0, 0, 2, 0, 2),
                      "g": (0, 0, 3, 0, 3)}
    # 7 actors: 15 pairs of others each. b lies on every path from a (5 pairs: a-c..a-g);
    # c on a,b x d,e,f,g (8); d on a,b,c x e,f,g (9); e on a..d x f,g (8); normalised by
    # (n-1)(n-2)/2 = 15. Parallel relations count once: paths, not relations.
    assert {key: round(m.betweenness * 15, 9) for key, m in by_id.items()} == {
        "a": 0, "b": 5, "c": 8, "d": 9, "e": 8, "f": 0, "g": 0}
    # ties in betweenness go to the higher degree: e (4) before c (2), g, f, a
    assert [m.id for m in result.actors] == ["d", "e", "c", "b", "g", "f", "a"]
    # 7 linked pairs of 21; 5 of 8 relations are tensions
    assert result.density == pytest.approx(7 / 21)
    assert (result.tensions, result.relations, result.tension_share) == (5, 8, 5 / 8)


def test_structural_balance_by_hand():
    text = """
    actors: {a: {label: A}, b: {label: B}, c: {label: C}, d: {label: D}, e: {label: E}}
    relations:
      - {from: a, to: b, type: tension}
      - {from: b, to: c, type: tension}
      - {from: c, to: a, type: cooperation}
      - {from: c, to: d, type: cooperation}
      - {from: d, to: a, type: tension}
      - {from: b, to: d, type: tension}
      - {from: d, to: e, type: cooperation}
      - {from: d, to: e, type: tension}
      - {from: e, to: a, type: information}
    """
    balance = analyze(conceptmap.loads(text)).balance
    # triads: a-b-c (- - +) balanced; a-b-d (- - -) unbalanced; a-c-d (+ - +) unbalanced;
    # b-c-d (- - +) balanced. d-e has both kinds: ambivalent, in no triad; e-a unsigned.
    assert [(t.actors, t.balanced) for t in balance.triads] == [
        (("a", "b", "c"), True), (("a", "b", "d"), False), (("a", "c", "d"), False),
        (("b", "c", "d"), True)]
    assert balance.ambivalent_pairs == (("d", "e"),)
    assert (balance.balanced, balance.ratio) == (2, 0.5)
    table = format_analysis(analyze(conceptmap.loads(text)), "table")
    assert "structural balance  2 of 4 triads (50%)" in table
    assert "unbalanced triad    A, B, D\n" in table
    assert "unbalanced triad    A, C, D\n" in table
    assert "ambivalent pair     D, E\n" in table


def test_no_relations_no_triads():
    result = analyze(conceptmap.loads("actors: {a: {}, b: {}}\n"))
    assert (result.density, result.tension_share, result.balance.ratio) == (0.0, 0.0, None)
    assert "structural balance  no signed triads" in format_analysis(result, "table")


def _karate_map() -> str:
    graph = nx.karate_club_graph()
    actors = "\n".join(f"  n{n}: {{label: Member {n}}}" for n in graph.nodes)
    relations = "\n".join(f"  - {{from: n{a}, to: n{b}, type: cooperation}}"
                          for a, b in graph.edges)
    return f"actors:\n{actors}\nrelations:\n{relations}\n"


def test_karate_club_matches_networkx_and_the_literature():
    graph = nx.karate_club_graph()
    result = analyze(conceptmap.loads(_karate_map()))
    by_id = {m.id: m for m in result.actors}
    expected = nx.betweenness_centrality(graph)
    assert {k: m.betweenness for k, m in by_id.items()} == pytest.approx(
        {f"n{n}": v for n, v in expected.items()})
    assert {k: m.degree for k, m in by_id.items()} == {f"n{n}": d for n, d in graph.degree}
    assert result.density == pytest.approx(nx.density(graph)) == pytest.approx(78 / 561)
    # Zachary's club: the instructor (0) and the administrator (33) broker most; the
    # published normalised betweenness values are 0.4376 and 0.3041.
    assert [m.id for m in result.actors[:2]] == ["n0", "n33"]
    assert by_id["n0"].betweenness == pytest.approx(0.43763528, abs=1e-8)
    assert by_id["n33"].betweenness == pytest.approx(0.30407497, abs=1e-8)
    assert result.balance.ratio == 1.0  # cooperation only: every triad is balanced
    assert len(result.balance.triads) == sum(nx.triangles(graph).values()) // 3 == 45


def test_showcase_brokers(showcase):
    """Betweenness on the showcase, as networkx computes it on the undirected map.

    The process itself ("Dynamiek van het proces") brokers most: it is tied to six of
    the seven other actors. The process official comes fourth: most actors it is tied to
    are also tied to each other.
    """
    graph = nx.Graph()
    model = conceptmap.load(SHOWCASE)
    graph.add_nodes_from(a.id for a in model.actors)
    graph.add_edges_from((r.source, r.target) for r in model.relations)
    expected = nx.betweenness_centrality(graph)
    assert [m.id for m in showcase.actors] == sorted(expected, key=lambda k: -expected[k])
    assert [m.id for m in showcase.actors[:4]] == [
        "proces", "burgers", "gemeenteraad", "procesambtenaar"]
    assert showcase.actors[0].betweenness == pytest.approx(0.2650794, abs=1e-7)
    top = showcase.actors[0]
    assert (top.degree, top.tensions, top.relations_in) == (9, 6, 3)
    assert (showcase.tensions, showcase.relations) == (11, 22)
    assert showcase.density == pytest.approx(16 / 28)


def test_formats(showcase):
    data = json.loads(format_analysis(showcase, "json"))
    first = data["actors"][0]
    assert list(first) == ["id", "label", "relations_in", "relations_out", "tensions",
                           "cooperation", "degree", "betweenness"]
    assert (first["id"], first["label"]) == ("proces", "Dynamiek van het proces")
    assert data["map"]["tension_share"] == 0.5
    assert data["map"]["balance"]["unbalanced"] == [
        ["vakambtenaar", "proces", "burgers"], ["gemeenteraad", "proces", "burgers"]]
    rows = list(csv.DictReader(io.StringIO(format_analysis(showcase, "csv"))))
    assert len(rows) == 8 and rows[3]["id"] == "procesambtenaar"
    assert rows[3]["betweenness"] == repr(showcase.actors[3].betweenness)
    markdown = format_analysis(showcase, "markdown")
    assert "| Procesambtenaar (ambtenaar 3.0) | procesambtenaar | 0 | 3 | 3 | 1 | 7 | 0.075 |" \
        in markdown
    assert "| share of tensions | 11 of 22 (50%) |" in markdown
    table = format_analysis(showcase, "table").splitlines()
    assert table[0].split() == ["actor", "id", "in", "out", "tensions", "cooperation",
                                "degree", "betweenness"]
    assert table[2].split()[-2:] == ["9", "0.265"]


def test_markdown_escapes_pipes():
    result = analyze(conceptmap.loads("actors: {a: {label: 'x | y'}, b: {}}\n"))
    assert "| x \\| y | a |" in format_analysis(result, "markdown")


def test_analyze_command(tmp_path, write_map):
    code, out, err = run("analyze", str(SHOWCASE), "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["actors"][0]["id"] == "proces"
    target = tmp_path / "m.csv"
    assert run("analyze", str(SHOWCASE), "-f", "csv", "-o", str(target)) == (0, "", "")
    assert target.read_text("utf-8").startswith("id,label,relations_in,")
    bad = write_map("actors:\n  a: {group: x}\n", "bad.yaml")
    assert run("analyze", str(bad)) == (1, "", f'{bad}:2:14: error: unknown group "x"\n')
    assert run("analyze", str(SHOWCASE), "--format", "xml")[0] == 2
    code, out, err = run("analyze", str(SHOWCASE), "-f", "csv", "--lang", "en")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("proces,Dynamics of the process,3,0,6,0,9,"
                                   "0.2650793650793651")
