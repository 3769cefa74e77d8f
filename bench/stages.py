"""Where the time of a cold render goes: each stage of `conceptmap render MAP -o out.svg`
timed in a fresh process, so that speed work starts from measured stages.

    .venv/bin/python bench/stages.py [--runs 5] [--maps showcase,policy-26,gen-40]

Stages, in the order a render pays them:

- floor: importing matplotlib (Agg), matplotlib.pyplot, networkx and yaml, as bench/run.py's
  import floor;
- conceptmap: importing conceptmap's command line and the modules a render loads;
- scipy: importing the parts of scipy the routing uses (sparse.csgraph, spatial);
- load: reading and checking the map;
- layout: placing actors and labels and routing the relations;
- scene: what is drawn, from that layout;
- svg: matplotlib drawing the scene as SVG.

Each figure is the median of --runs fresh processes. Maps: `showcase`, `gen-N`
(tests/mapgen.py) or the name of a tests/maps/*.yaml file. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import FLOOR, compiled, map_file  # noqa: E402

STAGES = ("floor", "conceptmap", "scipy", "load", "layout", "scene", "svg")

# Runs in a fresh interpreter: prints each stage's seconds as JSON. Its floor is
# bench/run.py's, imported inside the process.
CHILD = f"""
import json, sys, time
seconds = {{}}
mark = time.perf_counter()
def stage(name):
    global mark
    now = time.perf_counter()
    seconds[name] = now - mark
    mark = now
{FLOOR}
stage("floor")
import conceptmap, conceptmap.cli, conceptmap._render, conceptmap._layout.selection
stage("conceptmap")
import scipy.sparse.csgraph, scipy.spatial
stage("scipy")
options = conceptmap.DrawOptions()
model = conceptmap.load(sys.argv[1])
stage("load")
layout = conceptmap.layout(model, options)
stage("layout")
scene = conceptmap.make_scene(model, options, layout)
stage("scene")
from conceptmap._api import pictures, render_options
pictures(scene, ("svg",), render_options(model, options))
stage("svg")
print(json.dumps(seconds))
"""


def stage_seconds(path: Path, runs: int) -> dict[str, float]:
    """The median seconds of each stage over `runs` fresh processes."""
    measured = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                              text=True, check=True)
        measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {name: statistics.median(m[name] for m in measured) for name in STAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per map (default 5)")
    parser.add_argument("--maps", default="showcase,policy-26,gen-40",
                        help="comma-separated (default showcase,policy-26,gen-40)")
    args = parser.parse_args(argv)
    compiled()
    print("| map | " + " | ".join(STAGES) + " | total | beyond the floor |")
    print("|---|" + "---:|" * (len(STAGES) + 2))
    with tempfile.TemporaryDirectory() as folder:
        for name in [n.strip() for n in args.maps.split(",") if n.strip()]:
            seconds = stage_seconds(map_file(name, Path(folder)), args.runs)
            total = sum(seconds.values())
            cells = " | ".join(f"{seconds[s]:.2f}" for s in STAGES)
            print(f"| {name} | {cells} | {total:.2f} | {total - seconds['floor']:.2f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
