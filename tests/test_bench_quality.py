"""bench/quality.py's OGDF cluster rows: what OGDF answers is measured as drawn. OGDF
itself is not installed for the tests; a stand-in Python prints a known answer."""

from __future__ import annotations

import importlib.util
import json
import stat
import sys
from pathlib import Path

import pytest

import conceptmap

ROOT = Path(__file__).resolve().parent.parent
MAP = """\
title: Two groups
groups:
  left: {label: Links}
  right: {label: Rechts}
actors:
  a: {label: A, group: left}
  b: {label: B, group: left}
  c: {label: C, group: right}
  d: {label: D, group: right}
relations:
  - {from: a, to: d, type: cooperation}
  - {from: b, to: c, type: cooperation}
"""


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("bench_quality", ROOT / "bench/quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def stand_in(folder: Path, answer: dict | None, stderr: str = "") -> str:
    """An executable that takes bench/ogdf_cluster.py's place: it prints `answer` (or
    `stderr` and fails)."""
    script = folder / "python"
    body = (f"cat > /dev/null\necho '{json.dumps(answer)}'\n" if answer is not None
            else f"cat > /dev/null\necho '{stderr}' >&2\nexit 139\n")
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def answer(a_to_d: list, b_to_c: list, right: list) -> dict:
    return {"seconds": 0.01,
            "nodes": {"a": [0, 100, 40, 120], "b": [0, 0, 40, 20],
                      "c": [200, 100, 240, 120], "d": [200, 0, 240, 20]},
            "edges": [a_to_d, b_to_c],
            "groups": [[-10, -10, 50, 130], right]}


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for Python")
def test_crossing_routes_are_counted_and_intruders_named(quality, write_map, tmp_path):
    model = conceptmap.load(write_map(MAP))
    crossing = answer([[20, 110], [220, 10]], [[20, 10], [220, 110]], [190, -10, 250, 130])
    row = quality.ogdf_cluster_row("two", model, 1, 400.0, stand_in(tmp_path, crossing))
    assert row.counts["crossings"] == 1
    assert row.counts["through"] == 0
    assert row.note == ""
    # The same lines around each other (one over the top), and the right group's box
    # drawn over an actor of the left group.
    apart = answer([[20, 110], [20, 150], [220, 150], [220, 10]], [[20, 10], [220, 110]],
                   [-5, -10, 250, 130])
    row = quality.ogdf_cluster_row("two", model, 1, 400.0, stand_in(tmp_path, apart))
    assert row.counts["crossings"] == 0
    assert row.note == "2 actors inside another group"


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for Python")
def test_a_crash_is_a_row_that_says_so(quality, write_map, tmp_path):
    model = conceptmap.load(write_map(MAP))
    python = stand_in(tmp_path, None, " *** Break *** segmentation violation")
    row = quality.ogdf_cluster_row("two", model, 1, 400.0, python)
    assert row.counts is None
    assert row.note == "failed: Break *** segmentation violation"


def test_without_a_python_or_groups_nothing_is_measured(quality, write_map):
    model = conceptmap.load(write_map(MAP))
    assert quality.ogdf_cluster_row("two", model, 1, 400.0, None).note.startswith(
        "not measured: --ogdf-cluster-python")
    flat = conceptmap.load(write_map(MAP.split("groups:")[0] + "actors:\n  a: {label: A}\n"
                                     "  b: {label: B}\nrelations:\n"
                                     "  - {from: a, to: b, type: cooperation}\n"))
    assert quality.ogdf_cluster_row("flat", flat, 1, 400.0, "python").note == \
        "not measured: the map has no groups"


def test_totals_sum_each_seed_and_each_layout_over_its_maps(quality):
    """--seeds: the counts of conceptmap's rows are summed per seed and per layout; rows
    of other tools and of refused layouts are left out."""
    def row(name: str, tool: str, crossings: int | None) -> object:
        counts = None if crossings is None else {c: 0 for c in quality.Row.COLUMNS}
        if counts is not None:
            counts["crossings"] = crossings
        return quality.Row(name, 4, 2, tool, 0.1, counts)

    rows = [row("a", "conceptmap seed 3", 2), row("a", "conceptmap seed 7", 5),
            row("a", "dot (clusters)", 40), row("b", "conceptmap seed 3", 1),
            row("b", "conceptmap seed 7", 0), row("b", "conceptmap orthogonal seed 3", None)]
    lines = quality.totals(rows).splitlines()
    crossings = {line.split(" | ")[0].strip("| "): (int(line.split(" | ")[1]),
                                                   int(line.split(" | ")[2]))
                 for line in lines[2:]}
    assert crossings == {"conceptmap seed 3": (2, 3), "conceptmap seed 7": (2, 5),
                         "conceptmap, all seeds": (4, 8)}
