"""Drawing quality of every registered layout engine on tests/maps, against a committed
budget (tests/quality_budget.json).

The budget holds, per map and engine, the crossings allowed and the faults allowed
(text overlaps, relations through actors, lines under text, coinciding relations, ...);
faults are meant to be 0, and where today's engine does not reach 0 the measured count
is recorded so that the suite is green now and any regression fails. Rewrite it only
deliberately, after looking at the pictures:

    .venv/bin/python -m tests.layout_quality [--maps a,b] [--engines x,y]

measures the named maps and engines (default: all), writes their entries and prints
what changed. `--json` prints the measures instead (tests/test_layout_quality.py uses
it). Measuring always runs with PYTHONHASHSEED=0 (the tool restarts itself so), so that
an engine whose result depends on Python's string hashing still gives the numbers the
budget was made with; test_layout_quality checks that engines do not depend on it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import conceptmap

from .figure_metrics import FigureMetrics, measure

ROOT = Path(__file__).resolve().parent.parent
MAP_FOLDER = ROOT / "tests" / "maps"
BUDGET = ROOT / "tests" / "quality_budget.json"
WIDTH_PT = 16 / 2.54 * 72  # `--width 16cm`: the report page
SLOW_ACTORS = 100  # maps larger than this are marked slow
HASH_SEED = "0"
EXAMPLES = 3  # ids shown per fault when a test fails


def registered_layouts() -> tuple[str, ...]:
    """The names of every layout engine the code registers (the registry as it is on
    main: a `conceptmap.layout` package's ENGINES or LAYOUTS if it exists, else
    conceptmap._layout.LAYOUTS)."""
    for module_name in ("conceptmap.layout", "conceptmap._layout"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for attribute in ("ENGINES", "LAYOUTS"):
            names = getattr(module, attribute, None)
            if names:
                return tuple(names)
    raise RuntimeError("no layout registry found")


def map_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in MAP_FOLDER.glob("*.yaml")))


def load(name: str) -> conceptmap.Map:
    return conceptmap.load(MAP_FOLDER / f"{name}.yaml")


def measured(name: str, engine: str, seed: int = 7
             ) -> tuple[FigureMetrics, tuple[float, float]]:
    """Draw the map with the engine at report width (and the layout's `seed`, 7 as the
    command's) and measure the figure, in points; with the picture's width and height
    (points)."""
    model = load(name)
    figure = conceptmap.draw(model, layout=engine, width=WIDTH_PT, seed=seed)
    width, height = figure.get_size_inches() * 72
    return measure(figure, model), (round(float(width), 2), round(float(height), 2))


def summary(metrics: FigureMetrics, size: tuple[float, float]) -> dict[str, object]:
    """Crossings, fault counts, the picture's size (points) and a few example ids per
    fault (for failure messages)."""
    faults = metrics.faults()
    return {"crossings": len(metrics.edge_crossings), "faults": faults, "size_pt": size,
            "examples": {k: [list(x) if isinstance(x, tuple) else x
                             for x in getattr(metrics, k)[:EXAMPLES]]
                         for k, v in faults.items() if v}}


def measure_isolated(names: Sequence[str], engine: str) -> dict[str, dict]:
    """map -> summary, measured in a fresh interpreter with PYTHONHASHSEED fixed."""
    env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
    result = subprocess.run(
        [sys.executable, "-m", "tests.layout_quality", "--json", "--maps", ",".join(names),
         "--engines", engine], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"measuring {engine} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)[engine]


def summarized(name: str, engine: str) -> dict[str, object]:
    """The summary of a map drawn with an engine, or {"refused": why} for a map the
    engine does not draw (one too large for it)."""
    try:
        return summary(*measured(name, engine))
    except conceptmap.OptionError as exc:
        return {"refused": str(exc)}


def entry(found: dict) -> dict[str, object]:
    """A budget entry from a summary: the crossings and faults found, or that the
    engine refuses the map."""
    if "refused" in found:
        return {"refused": True}
    return {"crossings": found["crossings"], "faults_allowed": found["faults"]}


def read_budget(path: Path = BUDGET) -> dict[str, dict[str, dict]]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["budgets"]


def write_budget(budgets: dict[str, dict[str, dict]], path: Path = BUDGET) -> None:
    document = {
        "about": ("Per map (tests/maps) and layout engine: the crossings and faults a "
                  "drawing 16 cm wide may have. Faults should be 0; nonzero values record "
                  "today's engine and may only go down. Rewrite deliberately with "
                  "`python -m tests.layout_quality`."),
        "width_pt": round(WIDTH_PT, 2),
        "budgets": {m: dict(sorted(e.items())) for m, e in sorted(budgets.items())},
    }
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def over_budget(found: dict, budget: dict) -> dict[str, tuple[int, int]]:
    """name -> (found, allowed) for every count of a summary above its budget."""
    counts = {"crossings": found["crossings"], **found["faults"]}
    allowed = {"crossings": budget["crossings"], **budget["faults_allowed"]}
    return {k: (v, allowed.get(k, 0)) for k, v in counts.items() if v > allowed.get(k, 0)}


def _changes(old: dict, new: dict) -> Iterable[str]:
    before = {"crossings": old.get("crossings"), **old.get("faults_allowed", {})}
    after = {"crossings": new.get("crossings"), **new.get("faults_allowed", {})}
    if old.get("refused") != new.get("refused"):
        yield f"refused {bool(old.get('refused'))} -> {bool(new.get('refused'))}"
    for key, value in after.items():
        if before.get(key) != value:
            yield f"{key} {before.get(key)} -> {value}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", default=",".join(map_names()))
    parser.add_argument("--engines", default=",".join(registered_layouts()))
    parser.add_argument("--json", action="store_true",
                        help="print the measures as JSON instead of writing the budget")
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != HASH_SEED:  # measure as the tests do
        env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
        command = [sys.executable, "-m", "tests.layout_quality", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    names, engines = args.maps.split(","), args.engines.split(",")
    if args.json:
        found = {e: {n: summarized(n, e) for n in names} for e in engines}
        print(json.dumps(found))
        return 0
    budgets = read_budget()
    for name in names:
        for engine in engines:
            new = entry(summarized(name, engine))
            old = budgets.setdefault(name, {}).get(engine, {})
            budgets[name][engine] = new
            changed = ", ".join(_changes(old, new)) or "unchanged"
            print(f"{name} / {engine}: {changed}", flush=True)
            write_budget(budgets)  # after each, so that an interrupted run keeps its work
    return 0


if __name__ == "__main__":
    sys.exit(main())
