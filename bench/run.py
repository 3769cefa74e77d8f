"""Speed and memory of a cold `conceptmap render`, against the import floor and Graphviz.

    .venv/bin/python bench/run.py [--runs 5] [--maps showcase,gen-40,gen-1000]

Every figure is the median of --runs runs of a fresh process (one run for maps of more
than 150 actors), measured in one run of this script so that the ratios compare like
with like:

- floor: `python -c "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot,
  networkx, yaml"`, what any render pays before it starts;
- conceptmap: `conceptmap render MAP -o out.svg` (layout, routing, scene and SVG);
- neato: `neato -Goverlap=prism -Tsvg` on conceptmap's DOT export of the same map;
- peak memory: the largest resident set of the render process (/usr/bin/time -f %M).

Maps: `showcase`, `gen-N` (tests/mapgen.py) or the name of a tests/maps/*.yaml file.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.mapgen import map_text  # noqa: E402

FLOOR = ("import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot, networkx, "
         "yaml")
CONCEPTMAP = [sys.executable, "-m", "conceptmap"]


def map_file(name: str, folder: Path) -> Path:
    if name == "showcase":
        return ROOT / "maps" / "ambtenaar-3.0.yaml"
    if name.startswith("gen-"):
        path = folder / f"{name}.yaml"
        path.write_text(map_text(int(name.removeprefix("gen-"))), encoding="utf-8")
        return path
    return ROOT / "tests" / "maps" / f"{name}.yaml"


def timed(command: list[str]) -> tuple[float, int]:
    """Seconds and peak resident memory (kB; 0 if unknown) of one run of `command`."""
    time_tool = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists()
                                         else None)
    prefix = [time_tool, "-f", "%M"] if time_tool else []
    start = time.perf_counter()
    result = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    peak = int(result.stderr.strip().splitlines()[-1]) if prefix else 0
    return seconds, peak


def compiled() -> None:
    """Write conceptmap's bytecode before anything is timed, as installing it does. An
    editable install run where PYTHONDONTWRITEBYTECODE is set (as on some machines and
    in containers) would otherwise compile conceptmap's source in every timed process
    (about 0.1 s), while the floor's libraries come compiled."""
    import compileall

    import conceptmap

    compileall.compile_dir(str(Path(conceptmap.__file__).parent), quiet=1)


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    samples = [timed(command) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)


def actors_in(path: Path) -> int:
    import conceptmap

    return len(conceptmap.load(path).actors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--maps", default="showcase,policy-26,gen-40,sbm-150,gen-1000")
    args = parser.parse_args()
    compiled()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor, _ = median_run([sys.executable, "-c", FLOOR], args.runs)
        print(f"import floor: {floor:.2f} s (median of {args.runs})\n")
        print("| map | actors | conceptmap s | x floor | peak MB | neato s | x neato |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in args.maps.split(","):
            path = map_file(name, folder)
            actors = actors_in(path)
            runs = args.runs if actors <= 150 else 1
            out = folder / f"{name}.svg"
            seconds, peak = median_run([*CONCEPTMAP, "render", str(path), "-o", str(out),
                                        "-q"], runs)
            neato = "n/a"
            ratio = "n/a"
            if shutil.which("neato"):
                dot = folder / f"{name}.dot"
                subprocess.run([*CONCEPTMAP, "export", str(path), "-o", str(dot)], check=True,
                               capture_output=True)
                neato_s, _ = median_run(["neato", "-Goverlap=prism", "-Tsvg", "-o",
                                         str(folder / f"{name}-neato.svg"), str(dot)], runs)
                neato, ratio = f"{neato_s:.2f}", f"{seconds / neato_s:.1f}"
            print(f"| {name} | {actors} | {seconds:.2f} | {seconds / floor:.1f} | "
                  f"{peak / 1024:.0f} | {neato} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
