"""The `conceptmap` command: parse arguments, call the library, report, choose the exit code.

Exit codes: 0 ok, 1 invalid input (or an output that could not be written), 2 usage error.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._api import DrawOptions, LoadResult, check
from ._diagnostics import ConceptmapError, Diagnostic, MapError, OptionError, OutputError
from ._export import EXPORT_FORMATS, EXPORTERS, ExportOptions, format_for_path
from ._load import LoadLimits
from ._model import SIZE_MEASURES, THEMES, Map
from ._options import width_points
from ._output import safe_name
from ._schema import LAYOUT_NAMES

if TYPE_CHECKING:
    from ._layout import Layout
    from ._scene import Scene

__all__ = ["main"]

FORMATS = ("svg", "png", "pdf")
MAP_SUFFIXES = (".yaml", ".yml")
_SIZES = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class UsageError(Exception):
    """A problem with the command line itself (exit code 2)."""


def parse_width(text: str) -> float:
    """'16cm', '6.5in', '170mm', '400pt' or '800px' -> points (as the library reads it)."""
    try:
        return width_points(text)
    except OptionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_dpi(text: str) -> float:
    try:
        dpi = float(text)
    except ValueError:
        dpi = math.nan
    if not 0 < dpi <= 2400:
        raise argparse.ArgumentTypeError(f"invalid dpi {text!r}: use a number from 1 to 2400")
    return dpi


def parse_size(text: str) -> int:
    """'2M', '500k', '2MB' or '1048576' -> bytes (k, M and G count in 1024s)."""
    match = re.fullmatch(r"\s*([0-9]+)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not match or int(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"invalid size {text!r}: use a number of bytes, "
                                         "or one with k, M or G, like 500k or 4M")
    return int(match.group(1)) * _SIZES[match.group(2).lower()]


def parse_count(text: str) -> int:
    if not text.strip().isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}: use a whole number above 0")
    return int(text)


def parse_lang(text: str) -> str:
    from ._i18n import LANG_CODE

    if not LANG_CODE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"invalid language {text!r}: use a code such as "
                                         "nl or en")
    return text


def _add_drawing(command: argparse.ArgumentParser) -> None:
    """Options of every command that draws."""
    command.add_argument("--theme", choices=sorted(THEMES), help="colour theme (default: light)")
    command.add_argument("--layout", choices=LAYOUT_NAMES, help="layout algorithm")
    command.add_argument("--width", type=parse_width, metavar="SIZE",
                         help="picture width, e.g. 16cm or 6in (text stays >= 7 pt)")
    command.add_argument("--dpi", type=parse_dpi, default=200.0,
                         help="PNG resolution (default 200, at most 2400)")
    command.add_argument("--seed", type=int, default=7, help="layout seed (default 7)")
    command.add_argument("--lang", type=parse_lang, metavar="CODE",
                         help="language of the texts, e.g. en or nl (default: the map's lang)")
    command.add_argument("--no-legend", action="store_true", help="leave the legend out")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def _add_limits(command: argparse.ArgumentParser) -> None:
    defaults = LoadLimits()
    limits = command.add_argument_group("limits (bigger maps are refused, with a message)")
    limits.add_argument("--max-bytes", type=parse_size, default=defaults.max_bytes,
                        metavar="SIZE", help="largest map file to read (default 2M)")
    limits.add_argument("--max-actors", type=parse_count, default=defaults.max_actors,
                        metavar="N", help=f"most actors in a map (default {defaults.max_actors})")
    limits.add_argument("--max-relations", type=parse_count, default=defaults.max_relations,
                        metavar="N",
                        help=f"most relations in a map (default {defaults.max_relations})")


def _limits(args: argparse.Namespace) -> LoadLimits:
    return LoadLimits(max_bytes=args.max_bytes, max_actors=args.max_actors,
                      max_relations=args.max_relations)


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
    _add_limits(validate)
    render = commands.add_parser("render", help="draw maps as SVG, PNG or PDF")
    render.add_argument("maps", nargs="+", metavar="MAP", help="map files or folders")
    render.add_argument("-o", "--output", metavar="OUT",
                        help="output file (format from its extension) or folder "
                             "(default: output/<map name>.svg and .png)")
    render.add_argument("-f", "--format", type=parse_formats, metavar="LIST",
                        help="formats to write into a folder, e.g. svg,png,pdf "
                             "(default: svg,png)")
    _add_drawing(render)
    render.add_argument("--size-by", choices=SIZE_MEASURES,
                        help="scale actors by a measure (the legend says which)")
    views = render.add_mutually_exclusive_group()
    views.add_argument("--view", metavar="NAME", help="draw one of the map's views")
    views.add_argument("--all-views", action="store_true",
                       help="draw every view of the map, one file each (<map>-<view>.svg)")
    render.add_argument("--alt-text", action="store_true",
                        help="print the map in words (the SVG's <desc>) instead of drawing")
    _add_limits(render)
    diff = commands.add_parser("diff", help="draw how a map changed: added and removed "
                                            "actors and relations, and list them")
    diff.add_argument("old", metavar="OLD", help="the older map")
    diff.add_argument("new", metavar="NEW", help="the newer map")
    diff.add_argument("-o", "--output", metavar="FILE",
                      help="output file, .svg, .png or .pdf (default: "
                           "output/<new map name>-diff.svg and .png)")
    _add_drawing(diff)
    _add_limits(diff)
    _add_export(commands)
    _add_import_and_schema(commands)
    _add_analysis_commands(commands)
    return parser


def _add_export(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export", help="write a map for Graphviz, Mermaid, Gephi, yEd or as JSON",
        description="Write a map as " + "; ".join(
            f"{e.name} ({', '.join(e.suffixes)}): {e.description}"
            for e in EXPORTERS.values()) + ".")
    export.add_argument("map", metavar="MAP", help="a map file")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="output file, its extension chooses the format "
                             "(default, or -: standard output)")
    export.add_argument("--to", choices=EXPORT_FORMATS,
                        help="the format (default: from the extension of -o FILE)")
    export.add_argument("--theme", choices=sorted(THEMES),
                        help="whose colours and shapes (default: the map's, else light)")
    export.add_argument("--positions", action="store_true",
                        help="json: add where the layout puts actors, labels and routes")
    export.add_argument("--layout", choices=LAYOUT_NAMES, help="layout for --positions")
    export.add_argument("--seed", type=int, default=7, help="layout seed for --positions")
    export.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_limits(export)


def _add_import_and_schema(commands: argparse._SubParsersAction) -> None:
    tables = commands.add_parser(
        "import", help="make a map from spreadsheets (CSV or .xlsx) of actors and relations",
        description="Columns (English or Dutch): actors: id, label, type, group, "
                    "description; relations: from, to, type, label, description, quote, "
                    "strength. One .xlsx with sheets actors and relations also works.")
    tables.add_argument("actors", metavar="ACTORS", help="actors table (.csv or .xlsx)")
    tables.add_argument("relations", metavar="RELATIONS", nargs="?",
                        help="relations table (.csv or .xlsx; optional with one workbook)")
    tables.add_argument("-o", "--output", metavar="FILE",
                        help="the map to write (default, or -: standard output)")
    tables.add_argument("--strict", action="store_true", help="treat warnings as errors")
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the map format (for editors)")
    schema.add_argument("-o", "--output", metavar="FILE",
                        help="file to write (default, or -: standard output)")


def _add_analysis_commands(commands: argparse._SubParsersAction) -> None:
    from ._analysis import ANALYSIS_FORMATS

    analyze = commands.add_parser(
        "analyze", help="measures per actor (relations, tensions, brokerage) and of the map")
    analyze.add_argument("map", metavar="MAP", help="a map file")
    analyze.add_argument("-f", "--format", choices=ANALYSIS_FORMATS, default="table",
                         help="table (default), csv, json or markdown")
    analyze.add_argument("-o", "--output", metavar="FILE",
                         help="output file (default: standard output)")
    analyze.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_limits(analyze)
    report = commands.add_parser(
        "report", help="a report: figure, description, actors, tensions with their quotes, "
                       "measures (.md or .html)")
    report.add_argument("map", metavar="MAP", help="a map file")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="report.md (the figure goes next to it as report.svg) or "
                             "report.html (one file); default: output/<map name>-report.md")
    report.add_argument("--lang", type=parse_lang, metavar="CODE",
                        help="language of the report, e.g. en or nl (default: the map's "
                             "lang; conceptmap's own words in English or Dutch)")
    report.add_argument("--theme", choices=sorted(THEMES), help="colour theme of the figure")
    report.add_argument("--width", type=parse_width, metavar="SIZE",
                        help="figure width, e.g. 16cm")
    report.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_limits(report)
    markdown = commands.add_parser(
        "markdown", help="draw every ```conceptmap block of a Markdown file and link the images")
    markdown.add_argument("document", metavar="DOC", help="a Markdown file")
    markdown.add_argument("-o", "--output", metavar="FILE",
                          help="write a new document with each block replaced by its image "
                               "(default: update DOC in place, keeping the blocks)")
    markdown.add_argument("-f", "--format", choices=("svg", "png"), default="svg",
                          help="image format (default svg)")
    markdown.add_argument("--theme", choices=sorted(THEMES), help="colour theme")
    markdown.add_argument("--width", type=parse_width, metavar="SIZE",
                          help="picture width, e.g. 16cm")
    markdown.add_argument("--strict", action="store_true", help="treat warnings as errors")
    markdown.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    _add_limits(markdown)


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
    if _names_a_file(output):
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


def _names_a_file(output: str | None) -> bool:
    return output is not None and Path(output).suffix.lower().lstrip(".") in FORMATS \
        and not Path(output).is_dir()


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
        ok = _report(check(path, _limits(args)), args.strict, stream) and ok
    return 0 if ok else 1


def _render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    maps = expand_maps(args.maps)
    if args.alt_text:
        return _alt_text(maps, args, out, err)
    clash = next((m for m in maps if args.output and _same_file(Path(args.output), m)), None)
    if clash is not None:
        print(f"conceptmap: error: cannot write {args.output}: refusing to overwrite the "
              f"input map {clash}; choose another output", file=err)
        return 1
    plan = plan_outputs(maps, args.output, args.format)
    if not _outputs_ready(plan, args.output, tuple(maps), err):
        return 1
    if args.all_views and _names_a_file(args.output):
        raise UsageError("--all-views writes one file per view: give -o a folder")
    failed = 0
    for number, (path, targets) in enumerate(plan.items(), start=1):
        done = _render_one(path, targets, args, tuple(maps), err)
        if done is None:
            failed += 1
        elif not args.quiet:
            written = ", ".join(str(t.path) for t in done)
            print(f"[{number}/{len(plan)}] {path} -> {written}", file=out)
    return 1 if failed else 0


def _outputs_ready(plan: dict[Path, list[Target]], output: str | None,
                   maps: tuple[Path, ...], err: TextIO) -> bool:
    """Create the output folder and check every target can be written, before any drawing."""
    from ._output import check_writable

    targets = [t for ts in plan.values() for t in ts]
    to_file = output is not None and len(targets) == 1 and targets[0].path == Path(output)
    if not to_file:
        folder = Path(output) if output else Path("output")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"conceptmap: error: cannot create the folder {folder}: "
                  f"{exc.strerror or exc}", file=err)
            return False
    problems = []
    for target in targets:
        try:
            check_writable(target.path, protect=maps)
        except ConceptmapError as exc:
            problems.append(f"conceptmap: error: {exc}")
    for problem in problems:
        print(problem, file=err)
    return not problems


def _alt_text(maps: list[Path], args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print each map's description, the text the SVG carries as <desc>."""
    from ._api import describe_map

    failed = 0
    for path in maps:
        model = _checked(path, args, err)  # in the language asked for (--lang)
        if model is None:
            failed += 1
            continue
        heading = f"{path}:\n" if len(maps) > 1 else ""
        print(f"{heading}{describe_map(model)}\n", file=out)
    return 1 if failed else 0


def _same_file(output: Path, path: Path) -> bool:
    try:
        return output.resolve() == path.resolve() or (output.exists() and output.samefile(path))
    except OSError:
        return False


_BIG_MAP = 200  # actors: from here on, rendering says what it is doing before it starts


def _checked(path: Path, args: argparse.Namespace, err: TextIO) -> Map | None:
    """The map, checked, in the language and with the sizes asked for; None on errors."""
    from ._i18n import translate, translation_warnings

    result = check(path, _limits(args))
    if not _report(result, args.strict, err) or result.map is None:
        return None
    model = result.map
    if args.lang:
        warnings = translation_warnings(model, str(path), args.lang)
        if not _report(LoadResult(model, warnings), args.strict, err):
            return None
        model = translate(model, args.lang)
    if getattr(args, "size_by", None):
        model = replace(model, size_by=args.size_by)
    return model


def _variants(path: Path, model: Map, args: argparse.Namespace, options: DrawOptions
              ) -> list[tuple[str, Map, Layout | None]]:
    """(view name, map, layout to draw it at) for each picture: the whole map, or the views
    asked for, at the whole map's layout unless a view is laid out afresh."""
    from ._api import layout
    from ._diagnostics import did_you_mean
    from ._series import part_layout, view
    from ._views import has_own_layout

    if not (args.view or args.all_views):
        return [("", model, None)]
    known = [v.name for v in model.views]
    names = known if args.all_views else [args.view]
    if not names or args.view not in (None, *known):
        where = model.position_of("views")
        message = (f'the map has no view "{args.view}"{did_you_mean(args.view, known)}; '
                   f"its views: {', '.join(known) or 'none'}" if args.view else
                   "the map has no views to draw (see `views:` in the README)")
        raise MapError([Diagnostic(str(path), where, "error", message)])
    own = {n: has_own_layout(model, n) for n in names}
    whole = None if all(own.values()) else layout(model, options)
    parts = [(n, view(model, n)) for n in names]
    if args.size_by:  # the command line wins over a view's own size_by
        parts = [(n, replace(part, size_by=args.size_by)) for n, part in parts]
    return [(n, part, None if own[n] or whole is None else part_layout(part, whole))
            for n, part in parts]


def _renamed(targets: list[Target], view_name: str, args: argparse.Namespace) -> list[Target]:
    """Targets for one picture: <map>[-<view>][-<lang>].<format>, unless -o names a file."""
    if _names_a_file(args.output):
        return targets
    suffix = "".join(f"-{part}" for part in (view_name, args.lang) if part)
    return [Target(t.path.with_name(f"{t.path.stem}{suffix}.{t.fmt}"), t.fmt) for t in targets]


def _render_one(path: Path, targets: list[Target], args: argparse.Namespace,
                maps: tuple[Path, ...], err: TextIO) -> list[Target] | None:
    """Check, draw and write one map (or its views); print every problem; return what
    was written, or None if anything went wrong."""
    from ._api import glyph_warnings, make_scene

    model = _checked(path, args, err)
    if model is None or not _report(LoadResult(model, glyph_warnings(model)), args.strict,
                                    err):
        return None
    options = DrawOptions(args.theme, args.layout, False if args.no_legend else None,
                          args.width, args.dpi, args.seed)
    if len(model.actors) >= _BIG_MAP and not args.quiet:
        # Large maps take seconds to lay out: say so before the wait, not after.
        print(f"{path}: laying out {len(model.actors):,} actors and "
              f"{len(model.relations):,} relations ...", file=err, flush=True)
    try:
        done: list[Target] = []
        for name, part, at in _variants(path, model, args, options):
            written = _renamed(targets, name, args)
            if not _write(path, make_scene(part, options, at), written, args, maps, err):
                return None
            done += written
        return done
    except OutputError as exc:  # about the output, not about a line of the map
        print(f"conceptmap: error: {exc}", file=err)
    except MapError as exc:
        _report(LoadResult(None, exc.diagnostics), args.strict, err)
    except ConceptmapError as exc:
        print(f"{path}: error: {exc}", file=err)
    except Exception as exc:  # a bug, not a problem in the map: still no traceback
        print(f"{path}: error: internal error while drawing ({type(exc).__name__}: "
              f"{exc}); please report it", file=err)
    return None


def _write(path: Path, scene: Scene, targets: list[Target], args: argparse.Namespace,
           maps: tuple[Path, ...], err: TextIO) -> bool:
    """Draw the scene into each target; a PNG too large for memory gets a lower dpi."""
    from ._api import MAX_PNG_PIXELS, picture_bytes, png_dpi, width_warning
    from ._output import write_atomic
    from ._render import RenderOptions

    too_wide = width_warning(scene, args.width)
    if too_wide is not None:
        print(f"{path}: warning: {too_wide}", file=err)
        if args.strict:
            return False

    for target in targets:
        options = RenderOptions(args.width, args.dpi)
        if target.fmt == "png" and png_dpi(scene, options) < args.dpi:
            options = RenderOptions(args.width, png_dpi(scene, options))
            warning = Diagnostic(str(path), None, "warning", (
                f"{target.path} is drawn at {options.dpi:g} dpi instead of {args.dpi:g}: "
                f"larger, it would have more than {MAX_PNG_PIXELS // 1_000_000} million "
                "pixels (SVG and PDF keep every detail)"))
            _report(LoadResult(None, (warning,)), args.strict, err)
            if args.strict:
                return False
        write_atomic(target.path, picture_bytes(scene, target.fmt, options), protect=maps)
    return True


def _export_format(args: argparse.Namespace) -> str:
    """--to, else the extension of -o FILE; a usage error if neither says."""
    if args.to:
        return str(args.to)
    to_stdout = args.output in (None, "-")
    fmt = None if to_stdout else format_for_path(args.output)
    if fmt is None:
        known = ", ".join(s for e in EXPORTERS.values() for s in e.suffixes)
        raise UsageError(("say which format with --to" if to_stdout else
                          f"{args.output}: the extension does not name a format ({known}); "
                          "use one of them or say --to") + f" ({', '.join(EXPORT_FORMATS)})")
    return fmt


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._export import export

    fmt = _export_format(args)
    if args.positions and not EXPORTERS[fmt].positions:
        able = ", ".join(e.name for e in EXPORTERS.values() if e.positions)
        raise UsageError(f"--positions goes with {able} output, not {fmt}")
    result = check(args.map, _limits(args))
    if not _report(result, args.strict, err) or result.map is None:
        return 1
    try:
        text = export(result.map, fmt, ExportOptions(args.theme, args.positions, args.layout,
                                                     args.seed))
    except Exception as exc:  # a bug, not a problem in the map: still no traceback
        print(f"{args.map}: error: internal error while exporting ({type(exc).__name__}: "
              f"{exc}); please report it", file=err)
        return 1
    return _write_text(text, args.output, (args.map,), out, err)


def _analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._analysis import analyze, format_analysis

    result = check(args.map, _limits(args))
    if not _report(result, args.strict, err) or result.map is None:
        return 1
    return _write_text(format_analysis(analyze(result.map), args.format), args.output,
                       (args.map,), out, err)


def _write_text(text: str, output: str | None, protect: tuple[str, ...], out: TextIO,
                err: TextIO) -> int:
    """Write to the file `output` (atomically, never over one of `protect`), or to `out`
    for None and "-"; the exit code."""
    from ._output import write_atomic

    if output in (None, "-"):
        out.write(text)
        return 0
    try:
        write_atomic(output, text.encode("utf-8"), protect=protect)
    except ConceptmapError as exc:
        print(f"conceptmap: error: {exc}", file=err)  # about the output, not a map line
        return 1
    return 0


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._import import import_tables

    inputs = (args.actors, *([args.relations] if args.relations else []))
    result = import_tables(args.actors, args.relations)
    _report(LoadResult(None, result.diagnostics), args.strict, err)
    warned = any(d.severity == "warning" for d in result.diagnostics)
    if result.text is None or (args.strict and warned):
        return 1
    return _write_text(result.text, args.output, inputs, out, err)


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from ._map_schema import map_schema

    text = json.dumps(map_schema(), ensure_ascii=False, indent=2) + "\n"
    return _write_text(text, args.output, (), out, err)


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Draw the newer map with what changed marked, and print the changes."""
    from ._api import make_scene
    from ._series import diff, positions

    paths = (Path(args.old), Path(args.new))
    clash = next((p for p in paths if args.output and _same_file(Path(args.output), p)), None)
    if clash is not None:
        print(f"conceptmap: error: cannot write {args.output}: refusing to overwrite the "
              f"input map {clash}; choose another output", file=err)
        return 1
    old, new = (_checked(p, args, err) for p in paths)
    if old is None or new is None:
        return 1
    targets = plan_outputs([paths[1]], args.output, None)[paths[1]]
    if not _names_a_file(args.output):
        lang = f"-{args.lang}" if args.lang else ""
        targets = [Target(t.path.with_name(f"{t.path.stem}-diff{lang}.{t.fmt}"), t.fmt)
                   for t in targets]
        if args.output is None:
            Path("output").mkdir(exist_ok=True)
    options = DrawOptions(args.theme, args.layout, False if args.no_legend else None,
                          args.width, args.dpi, args.seed)
    try:
        changes = diff(old, new, positions(old, args.layout, args.seed))
        if not _write(paths[1], make_scene(changes.map, options), targets, args, paths, err):
            return 1
    except OutputError as exc:  # about the output, not about a line of a map
        print(f"conceptmap: error: {exc}", file=err)
        return 1
    except ConceptmapError as exc:
        print(f"{args.new}: error: {exc}", file=err)
        return 1
    for line in changes.summary():
        print(line, file=out)
    if not args.quiet:
        print(f"{args.old} -> {args.new}: {', '.join(str(t.path) for t in targets)}", file=err)
    return 0


def _report_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._api import write_report

    output = Path(args.output) if args.output else \
        Path("output") / f"{safe_name(Path(args.map).stem)}-report.md"
    if output.suffix.lower() not in (".md", ".html", ".htm"):
        raise UsageError(f"{output}: a report is .md or .html")
    model = _checked(Path(args.map), args, err)  # in the language asked for (--lang)
    if model is None:
        return 1
    if args.output is None:
        output.parent.mkdir(exist_ok=True)
    options = DrawOptions(theme=args.theme, width=args.width)
    try:
        written = write_report(model, output, options=options)
    except ConceptmapError as exc:
        print(f"conceptmap: error: {exc}", file=err)  # about the output, not a map line
        return 1
    print(f"{args.map} -> {', '.join(str(p) for p in written)}", file=out)
    return 0


def _markdown_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._api import render_markdown

    options = DrawOptions(theme=args.theme, width=args.width)
    try:
        result = render_markdown(args.document, args.output, fmt=args.format,
                                 options=options, limits=_limits(args), strict=args.strict)
    except ConceptmapError as exc:
        print(f"conceptmap: error: {exc}", file=err)  # about the output, not a line
        return 1
    _report(LoadResult(None, result.diagnostics), args.strict, err)
    if not result.written and (result.maps or result.diagnostics):
        return 1
    if result.maps == 0:
        print(f"{args.document}: no ```conceptmap blocks; nothing to do", file=err)
    elif not args.quiet:
        print(f"{args.document} -> {', '.join(str(p) for p in result.written)}", file=out)
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
        if args.command == "import":
            return _import(args, out, err)
        if args.command == "schema":
            return _schema(args, out, err)
        if args.command == "analyze":
            return _analyze(args, out, err)
        if args.command == "diff":
            return _diff(args, out, err)
        if args.command == "report":
            return _report_command(args, out, err)
        if args.command == "markdown":
            return _markdown_command(args, out, err)
        return _render(args, out, err)
    except UsageError as exc:
        print(f"conceptmap: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("conceptmap: interrupted", file=err)
        return 130


def run() -> None:
    sys.exit(main())
