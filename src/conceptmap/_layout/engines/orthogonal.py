"""OGDF's orthogonal drawing of a planarized graph: where relations must cross, each
crossing becomes a node of its own, the planar graph is drawn on a grid and every
relation becomes a line of horizontal and vertical pieces around the boxes.

The engine gives unit positions like the others (`place`), and, given box sizes, the
lines as well (`draw`), which _layout/orthogonal.py turns into a layout. OGDF runs in
a process of its own (_ogdf_worker.py): its result depends on the state of its memory
pool, so a drawing made after other drawings in one process could differ from the same
drawing made first; a fresh process gives the same drawing every time, and a crash in
OGDF's C++ code cannot take conceptmap down with it. The seed shuffles the order links
are planarized in and seeds OGDF's own random heuristics.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import networkx as nx
import numpy as np

from ..._diagnostics import EngineError
from ..._geometry import Point

__all__ = ["SEPARATION", "draw", "place"]

Size = tuple[float, float]
Drawing = tuple[dict[str, Point], list[list[Point]]]
SEPARATION = 10.0  # points between parallel lines and between a line and a box
WORKER = Path(__file__).with_name("_ogdf_worker.py")
TIMEOUT = 600  # seconds: maps the layout accepts take well under a minute
CANNOT_LOAD = 3  # the worker's exit code where OGDF cannot be imported


def place(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    nodes = sorted(graph.nodes)
    ((centers, _lines),) = draw(dict.fromkeys(nodes, (1.0, 1.0)), sorted(graph.edges), [seed])
    pos = np.array([centers[n] for n in nodes], dtype=float)
    pos -= pos.mean(axis=0)
    pos /= np.abs(pos).max() or 1.0
    return {n: pos[k] for k, n in enumerate(nodes)}


def draw(sizes: Mapping[str, Size], links: Sequence[tuple[str, str]], seeds: Sequence[int]
         ) -> list[Drawing]:
    """For each seed: the centres of boxes of `sizes` and, for each link, its line from
    the first box's centre to the second's (y up)."""
    if getattr(sys, "frozen", False):
        raise EngineError("the orthogonal layout cannot run inside a frozen application: "
                          "OGDF runs in a Python process of its own")
    asked = {"sizes": {n: list(s) for n, s in sizes.items()},
             "links": [list(link) for link in links], "seeds": list(seeds),
             "separation": SEPARATION}
    try:
        result = subprocess.run([sys.executable, str(WORKER)], input=json.dumps(asked),
                                capture_output=True, text=True, encoding="utf-8",
                                errors="replace", timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise EngineError(f"OGDF did not finish drawing the map within {TIMEOUT} s; "
                          "choose another layout") from None
    if result.returncode != 0:
        raise EngineError(_failure(result.returncode, result.stderr))
    return [({n: (float(x), float(y)) for n, (x, y) in made["centers"].items()},
             [[(float(x), float(y)) for x, y in line] for line in made["lines"]])
            for made in json.loads(result.stdout)]


def _failure(code: int, stderr: str) -> str:
    """What went wrong in the worker, in one line."""
    last = (stderr.strip().splitlines() or [""])[-1]
    if code == CANNOT_LOAD:
        return f"OGDF is installed but cannot be loaded: {last}"
    if code < 0:
        return f"OGDF stopped with signal {-code} while drawing the map; choose another layout"
    return f"OGDF could not draw the map ({last or f'exit code {code}'}); choose another layout"
