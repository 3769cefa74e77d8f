"""The orthogonal layout (OGDF's planarization): lines across and along the page, the
same drawing every time, refused where it cannot serve, and a map that asks for it on a
machine without OGDF still drawn, with a warning that says how to get it."""

from __future__ import annotations

import importlib.util
import io

import numpy as np
import pytest

import conceptmap
from conceptmap._paths import sample_route
from conceptmap.cli import main

from .conftest import ROOT

NOGROUPS = ROOT / "tests" / "maps" / "policy-26-nogroups.yaml"
ORTHOGONAL = conceptmap.DrawOptions(layout="orthogonal", width="16cm")


@pytest.fixture(scope="module")
def policy_layout() -> conceptmap.Layout:
    return conceptmap.layout(conceptmap.load(NOGROUPS), ORTHOGONAL)


def _straight_share(route: tuple) -> float:
    """The share of a route's length that runs exactly across or along the page."""
    points = sample_route(route, samples=24)
    step = np.diff(points, axis=0)
    length = np.hypot(*step.T)
    level = (np.abs(step[:, 0]) < 1e-6) | (np.abs(step[:, 1]) < 1e-6)
    return float(length[level].sum() / length.sum())


def test_the_lines_run_across_and_along_between_rounded_corners(policy_layout):
    # Three quarters of a typical route run across or along (0.78 on this map), against
    # under half for the default layout's curves.
    shares = [_straight_share(route) for route in policy_layout.routes.values()]
    assert np.median(shares) > 0.75
    default = conceptmap.layout(conceptmap.load(NOGROUPS), conceptmap.DrawOptions(width="16cm"))
    assert np.median([_straight_share(r) for r in default.routes.values()]) < 0.5


def test_the_same_map_gives_the_same_layout_every_time_in_one_process():
    # OGDF's heuristics draw from one random stream per process: each drawing seeds it.
    # (The karate club's drawing depends on that stream; the policy map's does not.)
    model = conceptmap.load(ROOT / "tests" / "maps" / "karate-34.yaml")
    assert conceptmap.layout(model, ORTHOGONAL) == conceptmap.layout(model, ORTHOGONAL)


def test_a_pinned_actor_keeps_its_place(write_map):
    path = write_map("""
        actors:
          a: {label: A, pos: [2, 3]}
          b: B
          c: C
        relations:
          - {from: a, to: b, type: cooperation}
          - {from: b, to: c, type: tension, label: botst}
        """)
    made = conceptmap.layout(conceptmap.load(path), conceptmap.DrawOptions(layout="orthogonal"))
    assert made.centers["a"] == pytest.approx((2 * 72 / 2.54, 3 * 72 / 2.54))
    assert set(made.routes) == {r.element_id for r in conceptmap.load(path).relations}


def test_a_map_too_large_for_it_is_refused_with_the_limit(write_map):
    actors = "".join(f"  a{k}: A{k}\n" for k in range(152))
    relations = "".join(f"  - {{from: a{k}, to: a{k + 1}, type: cooperation}}\n"
                        for k in range(151))
    model = conceptmap.load(write_map(f"actors:\n{actors}relations:\n{relations}"))
    with pytest.raises(conceptmap.OptionError, match="up to 150 relations, and this map has "
                                                     "151: choose another layout"):
        conceptmap.layout(model, conceptmap.DrawOptions(layout="orthogonal"))


@pytest.fixture
def without_ogdf(monkeypatch):
    """A machine on which OGDF is not installed."""
    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "ogdf" else found(name, *rest))


INSTALL = "pip install 'conceptmap[ogdf]'"


def test_asking_for_it_without_ogdf_says_how_to_install_it(without_ogdf, tmp_path):
    with pytest.raises(conceptmap.OptionError, match=INSTALL.replace("[", r"\[")):
        conceptmap.DrawOptions(layout="orthogonal")
    err = io.StringIO()
    code = main(["render", str(NOGROUPS), "--layout", "orthogonal", "-o",
                 str(tmp_path / "out.svg")], out=io.StringIO(), err=err)
    assert code == 2
    assert err.getvalue() == ("conceptmap: error: the orthogonal layout needs OGDF, which is "
                              f"not installed: {INSTALL}\n")
    assert not (tmp_path / "out.svg").exists()


def test_a_map_that_asks_for_it_without_ogdf_is_drawn_by_default(without_ogdf, write_map):
    text = "layout: orthogonal\nactors: {a: A, b: B}\nrelations: [{from: a, to: b, " \
           "type: cooperation}]\n"
    result = conceptmap.check(write_map(text))
    assert [(d.severity, d.position.line, d.position.column, d.message)
            for d in result.diagnostics] == [
        ("warning", 1, 9, f"the orthogonal layout needs OGDF, which is not installed: "
                          f"{INSTALL}; until then the map is drawn with the default layout")]
    plain = conceptmap.loads(text.replace("layout: orthogonal\n", ""))
    assert conceptmap.layout(result.map) == conceptmap.layout(plain)


@pytest.mark.parametrize(("script", "message"), [
    ("import sys; print('Traceback ...', file=sys.stderr); print('ValueError: bad graph', "
     "file=sys.stderr); sys.exit(1)",
     "OGDF could not draw the map (ValueError: bad graph); choose another layout"),
    ("import sys; print('libOGDF.so: undefined symbol', file=sys.stderr); sys.exit(3)",
     "OGDF is installed but cannot be loaded: libOGDF.so: undefined symbol"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)",
     "OGDF stopped with signal 11 while drawing the map; choose another layout"),
])
def test_a_failing_ogdf_gives_a_one_line_error_not_a_traceback(monkeypatch, tmp_path, script,
                                                              message):
    from conceptmap._layout.engines import orthogonal

    worker = tmp_path / "worker.py"
    worker.write_text(script, encoding="utf-8")
    monkeypatch.setattr(orthogonal, "WORKER", worker)
    with pytest.raises(conceptmap.EngineError) as failed:
        conceptmap.layout(conceptmap.load(NOGROUPS), ORTHOGONAL)
    assert str(failed.value) == message
    err = io.StringIO()
    code = main(["render", str(NOGROUPS), "--layout", "orthogonal", "-o",
                 str(tmp_path / "out.svg")], out=io.StringIO(), err=err)
    assert code == 1
    assert f"error: {message}" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / "out.svg").exists()
