"""Resource bounds, measured: how fast hostile input is refused, and what big maps cost.

    .venv/bin/python bench/limits.py [--render 500,1000] [--timeout 3600]

Part 1 times each refusal (best of three). Part 2 times checking generated maps
(tests/mapgen.py). Part 3 renders generated maps to SVG, each in a fresh process, and
reports the wall time and the peak memory (maximum resident set size) of that process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT / "src"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from tests.mapgen import map_text  # noqa: E402

import conceptmap  # noqa: E402
from conceptmap import LoadLimits  # noqa: E402

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(12)) + "actors: {x: *m}\n"
HOSTILE = {
    "10 MB file (limit 2 MiB)": b"actors:\n" + b"  # padding\n" * 860_000,
    "100,000 nested [": b"[" * 100_000,
    "100,000 nested {a:": b"actors: " + b"{a: " * 100_000,
    "alias bomb (10^13 values)": BOMB.encode(),
    "5,000 aliases": b"a: &x 1\nb: [" + b"*x, " * 5_000 + b"]\nactors: {}\n",
    "300,000 values in 1.5 MB": b"actors: {}\nrelations: [" + b"1, " * 300_000 + b"]\n",
    "2 MB label": b"actors:\n  a: {label: " + b"x" * 2_000_000 + b"}\n",
}
CHILD = """
import json, resource, sys, time
import conceptmap
text = sys.stdin.read()
start = time.perf_counter()
model = conceptmap.loads(text, limits=conceptmap.LoadLimits(max_actors=100_000))
scene = conceptmap.make_scene(model)
from conceptmap._api import picture_bytes
from conceptmap._render import RenderOptions
data = picture_bytes(scene, "svg", RenderOptions())
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "svg_bytes": len(data)}))
"""


def best_of(times: int, action: Callable[[], str]) -> tuple[str, float]:
    best, outcome = float("inf"), ""
    for _ in range(times):
        start = time.perf_counter()
        outcome = action()
        best = min(best, time.perf_counter() - start)
    return outcome, best


def check_bytes(data: bytes, folder: Path) -> str:
    path = folder / "map.yaml"
    path.write_bytes(data)
    result = conceptmap.check(path)
    first = result.errors[0] if result.errors else None
    return "accepted" if first is None else f"{first.line}:{first.column}: {first.message}"


def refusals(folder: Path) -> None:
    print("Refusals (best of 3)")
    print(f"  {'input':<28}{'seconds':>9}  outcome")
    cases = {**HOSTILE, "5,000 actors (limit 2,000)": map_text(5_000).encode()}
    for name, data in cases.items():
        outcome, seconds = best_of(3, lambda data=data: check_bytes(data, folder))
        print(f"  {name:<28}{seconds:>9.3f}  {outcome[:90]}")


def checking(sizes: list[int], folder: Path) -> None:
    print("\nChecking generated maps (conceptmap.check, best of 3)")
    for size in sizes:
        data = map_text(size).encode()
        path = folder / "map.yaml"
        path.write_bytes(data)
        limits = LoadLimits(max_actors=size)
        _outcome, seconds = best_of(
            3, lambda path=path, limits=limits: str(conceptmap.check(path, limits).map))
        print(f"  {size:>6,} actors, {len(data):>9,} bytes: {seconds:7.3f} s")


def rendering(sizes: list[int], timeout: float) -> None:
    print("\nRendering generated maps to SVG (a fresh process each)")
    for size in sizes:
        try:
            result = subprocess.run([sys.executable, "-c", CHILD], input=map_text(size),
                                    capture_output=True, text=True, timeout=timeout,
                                    cwd=ROOT)
        except subprocess.TimeoutExpired:
            print(f"  {size:>6,} actors: stopped after {timeout:.0f} s")
            continue
        if result.returncode != 0:
            print(f"  {size:>6,} actors: failed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        figures = json.loads(result.stdout)
        print(f"  {size:>6,} actors: {figures['seconds']:8.1f} s, "
              f"peak {figures['peak_mb']:6.0f} MB, SVG {figures['svg_bytes'] / 1e6:5.1f} MB")


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", type=sizes, default=sizes("500,2000,5000"),
                        help="actor counts to time checking for (default 500,2000,5000)")
    parser.add_argument("--render", type=sizes, default=sizes("100,500"),
                        help="actor counts to render (default 100,500)")
    parser.add_argument("--timeout", type=float, default=3600.0,
                        help="seconds allowed per render (default 3600)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        refusals(Path(folder))
        checking(args.check, Path(folder))
    rendering(args.render, args.timeout)


if __name__ == "__main__":
    main()
