"""Batch rendering: N small maps in one `render --jobs J` against N separate runs.

A separate run pays for starting Python and importing matplotlib, scipy and networkx
every time; a batch pays for that once (on Linux its workers are forked warm from one
fork server; elsewhere once per worker process). Prints a table of wall time (what a
user waits) and CPU time (summed over all processes: the work done, less affected by
other jobs on a shared machine), per map and relative to one cold single run. The
target is a per-map cost in a batch of at most 0.2 cold runs.

    .venv/bin/python bench/batch.py                 # 50 maps of 6 actors, --jobs 1 and 2
    .venv/bin/python bench/batch.py --maps 20 --jobs 2 --format svg
    .venv/bin/python bench/batch.py --singles 10    # time 10 separate runs, not 50
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.mapgen import map_text

COMMAND = [sys.executable, "-m", "conceptmap"]


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def timed(argv: list[str]) -> Timing:
    """Run a command; its wall time and the CPU time of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def write_maps(folder: Path, count: int, actors: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"kaart-{number:03d}.yaml"
        path.write_text(map_text(actors, seed=number + 1), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=50, help="how many maps (default 50)")
    parser.add_argument("--actors", type=int, default=6, help="actors per map (default 6)")
    parser.add_argument("--jobs", default="1,2", help="worker counts to try (default 1,2)")
    parser.add_argument("--format", default="svg,png", help="formats (default svg,png)")
    parser.add_argument("--singles", type=int, default=None,
                        help="time this many separate runs and estimate the rest from their "
                             "median (default: all maps)")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "maps"
        folder.mkdir()
        maps = write_maps(folder, args.maps, args.actors)
        out = Path(tmp) / "out"
        print(f"{args.maps} maps of {args.actors} actors, formats {args.format}",
              file=sys.stderr)
        singles = []
        timed_maps = maps[:args.singles]
        for number, path in enumerate(timed_maps, start=1):
            singles.append(timed([*COMMAND, "render", str(path), "-o", str(out / "single"),
                                  "--format", args.format]))
            print(f"  separate run {number}/{len(timed_maps)}: {singles[-1].wall:.2f} s",
                  file=sys.stderr, end="\r")
        print(file=sys.stderr)
        batches = {}
        for count in jobs:
            batches[count] = timed([*COMMAND, "render", str(folder), "-o",
                                    str(out / f"jobs-{count}"), "--format", args.format,
                                    "--jobs", str(count)])
            produced = len(list((out / f"jobs-{count}").iterdir()))
            assert produced == len(maps) * len(args.format.split(",")), produced
    cold = Timing(statistics.median(t.wall for t in singles),
                  statistics.median(t.cpu for t in singles))
    rows = [("one cold run (median)", cold.wall, cold.cpu, 1, cold)]
    if len(singles) == len(maps):
        rows.append((f"{len(maps)} separate runs", sum(t.wall for t in singles),
                     sum(t.cpu for t in singles), len(maps), None))
    else:  # estimated from the median of the runs timed
        rows.append((f"{len(maps)} separate runs (from {len(singles)} timed)",
                     cold.wall * len(maps), cold.cpu * len(maps), len(maps), None))
    rows += [(f"one batch, --jobs {count}", t.wall, t.cpu, len(maps), None)
             for count, t in batches.items()]
    print("| how | maps | wall s | wall s per map | CPU s per map | per map / cold run (wall) |")
    print("|---|---:|---:|---:|---:|---:|")
    for how, wall, cpu, count, _ in rows:
        print(f"| {how} | {count} | {wall:.1f} | {wall / count:.2f} | {cpu / count:.2f} | "
              f"{wall / count / cold.wall:.2f} |")
    print(f"\nMeasured with conceptmap on Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, {platform.machine()}.")


if __name__ == "__main__":
    main()
