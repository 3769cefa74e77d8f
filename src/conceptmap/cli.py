"""The `conceptmap` command: parse arguments, call the library, report, choose the exit code.

Exit codes: 0 ok, 1 invalid input (or an output that could not be written), 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ._api import DrawOptions, LoadResult, check
from ._diagnostics import ConceptmapError
from ._export import EXPORT_FORMATS
from ._model import THEMES
from ._schema import LAYOUT_NAMES

__all__ = ["main"]

FORMATS = ("svg", "png", "pdf")
MAP_SUFFIXES = (".yaml", ".yml")
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}


class UsageError(Exception):
    """A problem with the command line itself (exit code 2)."""


def parse_width(text: str) -> float:
    """'16cm', '6.5in', '170mm', '400pt' or '800px' -> points."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(pt|in|cm|mm|px)?\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(
            f"invalid width {text!r}: use a number with a unit, like 16cm, 6in or 170mm")
    return float(match.group(1)) * _UNITS[match.group(2) or "pt"]


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower().lstrip(".") for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or text!r}: choose from {', '.join(FORMATS)}")
    return formats


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conceptmap",
        description="Turn YAML maps of actors, relations and tensions into diagrams.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check maps and report every problem")
    validate.add_argument("maps", nargs="+", metavar="MAP", help="map files or folders")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    render = commands.add_parser("render", help="draw maps as SVG, PNG or PDF")
    render.add_argument("maps", nargs="+", metavar="MAP", help="map files or folders")
    render.add_argument("-o", "--output", metavar="OUT",
                        help="output file (format from its extension) or folder "
                             "(default: output/<map name>.svg and .png)")
    render.add_argument("-f", "--format", type=parse_formats, metavar="LIST",
                        help="formats to write into a folder, e.g. svg,png,pdf "
                             "(default: svg,png)")
    render.add_argument("--theme", choices=sorted(THEMES), help="colour theme (default: light)")
    render.add_argument("--layout", choices=LAYOUT_NAMES, help="layout algorithm")
    render.add_argument("--width", type=parse_width, metavar="SIZE",
                        help="picture width, e.g. 16cm or 6in (text stays >= 7 pt)")
    render.add_argument("--dpi", type=float, default=200.0, help="PNG resolution (default 200)")
    render.add_argument("--seed", type=int, default=7, help="layout seed (default 7)")
    render.add_argument("--no-legend", action="store_true", help="leave the legend out")
    render.add_argument("--strict", action="store_true", help="treat warnings as errors")
    render.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    export = commands.add_parser("export", help="write a map as Graphviz DOT, JSON or Mermaid")
    export.add_argument("map", metavar="MAP", help="a map file")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="the text format")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="output file (default: standard output)")
    export.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def expand_maps(arguments: Sequence[str]) -> list[Path]:
    """Map files named on the command line; a folder stands for its *.yaml/*.yml files."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in MAP_SUFFIXES
                           and p.is_file())
            if not found:
                raise UsageError(f"{argument}: no .yaml or .yml maps in this folder")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


@dataclass(frozen=True)
class Target:
    path: Path
    fmt: str


def plan_outputs(maps: Sequence[Path], output: str | None, formats: tuple[str, ...] | None
                 ) -> dict[Path, list[Target]]:
    """Which files each map is rendered to (see the README: 'Where output goes')."""
    from ._output import safe_name

    out = Path(output) if output else None
    to_file = out is not None and out.suffix.lower().lstrip(".") in FORMATS \
        and not out.is_dir()
    if to_file:
        assert out is not None
        if len(maps) > 1:
            raise UsageError("several maps need -o FOLDER, not a single file")
        if formats:
            raise UsageError("--format goes with -o FOLDER; with -o FILE the extension "
                             "chooses the format")
        return {maps[0]: [Target(out, out.suffix.lower().lstrip("."))]}
    if out is not None and out.suffix and not out.is_dir() and not output.endswith("/"):
        raise UsageError(f"{output}: unknown output format {out.suffix!r}; "
                         "use .svg, .png or .pdf, or name a folder")
    folder = out if out is not None else Path("output")
    chosen = formats or ("svg", "png")
    plan: dict[Path, list[Target]] = {}
    used: set[Path] = set()
    for path in maps:
        name = safe_name(path.stem)
        stem, n = name, 1
        while folder / f"{stem}.{chosen[0]}" in used:
            n += 1
            stem = f"{name}-{n}"
        targets = [Target(folder / f"{stem}.{fmt}", fmt) for fmt in chosen]
        used.update(t.path for t in targets)
        plan[path] = targets
    return plan


def _report(result: LoadResult, strict: bool, stream: TextIO) -> bool:
    """Print the diagnostics; True if the map can be used."""
    for diagnostic in result.diagnostics:
        if strict and diagnostic.severity == "warning":
            print(str(diagnostic).replace(": warning: ", ": error: ", 1), file=stream)
        else:
            print(diagnostic, file=stream)
    return result.map is not None and not (strict and result.warnings)


def _validate(args: argparse.Namespace, stream: TextIO) -> int:
    ok = True
    for path in expand_maps(args.maps):
        ok = _report(check(path), args.strict, stream) and ok
    return 0 if ok else 1


def _render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._api import make_scene
    from ._output import write_atomic
    from ._render import RenderOptions, render_bytes

    maps = expand_maps(args.maps)
    plan = plan_outputs(maps, args.output, args.format)
    if args.output is None:
        Path("output").mkdir(exist_ok=True)
    options = DrawOptions(args.theme, args.layout, False if args.no_legend else None,
                          args.width, args.dpi, args.seed)
    failed = 0
    for number, (path, targets) in enumerate(plan.items(), start=1):
        result = check(path)
        if not _report(result, args.strict, err) or result.map is None:
            failed += 1
            continue
        try:
            scene = make_scene(result.map, options)
            for target in targets:
                data = render_bytes(scene, target.fmt, RenderOptions(args.width, args.dpi))
                write_atomic(target.path, data, protect=tuple(maps))
        except ConceptmapError as exc:
            print(f"error: {exc}", file=err)
            failed += 1
            continue
        if not args.quiet:
            written = ", ".join(str(t.path) for t in targets)
            print(f"[{number}/{len(plan)}] {path} -> {written}", file=out)
    return 1 if failed else 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._export import export
    from ._output import write_atomic

    result = check(args.map)
    if not _report(result, args.strict, err) or result.map is None:
        return 1
    text = export(result.map, args.to)
    if args.output is None:
        out.write(text)
        return 0
    try:
        write_atomic(args.output, text.encode("utf-8"), protect=(args.map,))
    except ConceptmapError as exc:
        print(f"error: {exc}", file=err)
        return 1
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (see `run`)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        if args.command == "validate":
            return _validate(args, err)
        if args.command == "export":
            return _export(args, out, err)
        return _render(args, out, err)
    except UsageError as exc:
        print(f"conceptmap: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("conceptmap: interrupted", file=err)
        return 130


def run() -> None:
    sys.exit(main())
