"""The `conceptmap` command: parse arguments, call the library, report, choose the exit code.

Exit codes: 0 ok, 1 invalid input (or an output that could not be written), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from ._api import DrawOptions, LoadResult
from ._batch import (
    STDIN,
    JobResult,
    MapInput,
    Progress,
    RenderJob,
    Target,
    check_input,
    prepared_map,
    report,
    run_jobs,
    write_scene,
)
from ._diagnostics import ConceptmapError, OptionError, OutputError
from ._export import EXPORT_FORMATS, EXPORTERS, ExportOptions, format_for_path
from ._load import LoadLimits
from ._model import SIZE_MEASURES, THEMES, Map
from ._options import width_points
from ._output import safe_name
from ._registry import missing_package
from ._schema import LAYOUT_NAMES

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


def parse_id_prefix(text: str) -> str:
    from ._svg import valid_id_prefix

    if not valid_id_prefix(text):
        raise argparse.ArgumentTypeError(
            f"invalid id prefix {text!r}: use a letter or _, then letters, digits, _, - or .")
    return text


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
    validate.add_argument("maps", nargs="+", metavar="MAP",
                          help="map files or folders; - reads a map from standard input")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_limits(validate)
    render = commands.add_parser("render", help="draw maps as SVG, PNG or PDF")
    render.add_argument("maps", nargs="+", metavar="MAP",
                        help="map files or folders; - reads a map from standard input")
    render.add_argument("-o", "--output", metavar="OUT",
                        help="output file (format from its extension) or folder "
                             "(default: output/<map name>.svg and .png); "
                             "- writes one picture to standard output (SVG unless --format)")
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
    render.add_argument("--svg-text", choices=("text", "paths"), default="text",
                        help="SVG text as searchable text (default, with a font stack) or as "
                             "glyph outlines (looks the same everywhere)")
    render.add_argument("--id-prefix", type=parse_id_prefix, metavar="PREFIX",
                        help="SVG ids start with PREFIX- (default: from the map's name), so "
                             "that pictures inlined in one web page do not clash")
    render.add_argument("-w", "--watch", action="store_true",
                        help="render again whenever a map changes, until Ctrl-C")
    render.add_argument("-j", "--jobs", type=parse_count, default=1, metavar="N",
                        help="render N maps at a time, in parallel processes (default 1)")
    _add_limits(render)
    diff = commands.add_parser("diff", help="draw how a map changed: added and removed "
                                            "actors and relations, and list them")
    diff.add_argument("old", metavar="OLD", help="the older map")
    diff.add_argument("new", metavar="NEW", help="the newer map")
    diff.add_argument("-o", "--output", metavar="FILE",
                      help="output file, .svg, .png or .pdf (default: "
                           "output/<new map name>-diff.svg and .png)")
    diff.add_argument("--old-picture", metavar="FILE",
                      help="also draw the older map to FILE (.svg, .png or .pdf), every actor "
                           "where the diff has it")
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
    export.add_argument("map", metavar="MAP", help="a map file; - reads it from standard input")
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
    analyze.add_argument("map", metavar="MAP",
                         help="a map file; - reads it from standard input")
    analyze.add_argument("-f", "--format", choices=ANALYSIS_FORMATS, default="table",
                         help="table (default), csv, json or markdown")
    analyze.add_argument("-o", "--output", metavar="FILE",
                         help="output file (default: standard output)")
    analyze.add_argument("--lang", type=parse_lang, metavar="CODE",
                         help="language of the labels, e.g. en or nl (default: the map's lang)")
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
    markdown.add_argument("--lang", type=parse_lang, metavar="CODE",
                          help="language of the maps' texts, e.g. en or nl (default: each "
                               "map's lang)")
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


def plan_outputs(maps: Sequence[MapInput], output: str | None,
                 formats: tuple[str, ...] | None) -> dict[MapInput, list[Target]]:
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
    plan: dict[MapInput, list[Target]] = {}
    used: set[Path] = set()
    for source in maps:
        name = safe_name(Path(source.name).stem)
        stem, n = name, 1
        while folder / f"{stem}.{chosen[0]}" in used:
            n += 1
            stem = f"{name}-{n}"
        targets = [Target(folder / f"{stem}.{fmt}", fmt) for fmt in chosen]
        used.update(t.path for t in targets)
        plan[source] = targets
    return plan


def _names_a_file(output: str | None) -> bool:
    return output is not None and Path(output).suffix.lower().lstrip(".") in FORMATS \
        and not Path(output).is_dir()


def _read_inputs(arguments: Sequence[str], limits: LoadLimits, stdin: BinaryIO | None
                 ) -> list[MapInput]:
    """The maps named on the command line; "-" is standard input (at most once)."""
    if list(arguments).count("-") > 1:
        raise UsageError("standard input (-) can be named only once")
    inputs: list[MapInput] = []
    for argument in arguments:
        if argument == "-":
            inputs.append(_one_input(argument, limits, stdin))
        else:
            inputs.extend(MapInput(str(path)) for path in expand_maps([argument]))
    return inputs


def _one_input(argument: str, limits: LoadLimits, stdin: BinaryIO | None) -> MapInput:
    """One map named on the command line: a file, or standard input for "-"."""
    if argument != "-":
        return MapInput(argument)
    stream = stdin if stdin is not None else sys.stdin.buffer
    return MapInput(STDIN, stream.read(limits.max_bytes + 1))


def _validate(args: argparse.Namespace, stream: TextIO, stdin: BinaryIO | None) -> int:
    ok = True
    for source in _read_inputs(args.maps, _limits(args), stdin):
        ok = report(check_input(source, _limits(args)), args.strict, stream) and ok
    return 0 if ok else 1


class _Failed(Exception):
    """Stop the command with exit code 1; the problem has been printed."""


def _render(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None) -> int:
    if args.alt_text:
        return _alt_text(expand_maps(args.maps), args, out, err)
    if args.watch and ("-" in args.maps or args.output == "-"):
        raise UsageError("--watch needs map files, not standard input or output (-)")
    try:
        jobs = _render_jobs(args, out, err, stdin)
    except _Failed:
        return 1
    before = _map_states(args.maps) if args.watch else {}
    results = _run(jobs, args, out, err)
    if args.watch:
        return _watch(args, out, err, before)
    if args.output == "-" and results and results[0].ok:
        _write_stdout(out, results[0].stdout)
    return 0 if all(result.ok for result in results) else 1


def _render_jobs(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None
                 ) -> list[RenderJob]:
    """One job per map named on the command line; raises _Failed after printing why not."""
    to_stdout = args.output == "-"
    if to_stdout and args.format and len(args.format) > 1:
        raise UsageError("-o - writes one picture: choose one format, e.g. --format svg")
    inputs = _read_inputs(args.maps, _limits(args), stdin)
    files = [Path(source.name) for source in inputs if source.data is None]
    clash = next((m for m in files if args.output and _same_file(Path(args.output), m)), None)
    if clash is not None:
        print(f"conceptmap: error: cannot write {args.output}: refusing to overwrite the "
              f"input map {clash}; choose another output", file=err)
        raise _Failed
    if to_stdout:
        if len(inputs) > 1:
            raise UsageError("several maps need -o FOLDER, not -o -")
        fmt = args.format[0] if args.format else "svg"
        if fmt != "svg" and _is_terminal(out):
            raise UsageError(f"not writing {fmt.upper()} to a terminal: redirect it to a "
                             "file or a pipe, or use -o FILE")
        plan = {inputs[0]: [Target(None, fmt)]}
    else:
        plan = plan_outputs(inputs, args.output, args.format)
    if args.all_views and (_names_a_file(args.output) or to_stdout):
        raise UsageError("--all-views writes one file per view: give -o a folder")
    if not _outputs_ready(plan, args.output, tuple(files), err):
        raise _Failed
    options = DrawOptions(args.theme, args.layout, False if args.no_legend else None,
                          args.width, args.dpi, args.seed, args.id_prefix, args.svg_text)
    return [RenderJob(source, tuple(targets), options, _limits(args), args.strict,
                      protect=tuple(str(f) for f in files), lang=args.lang,
                      size_by=args.size_by, view=args.view, all_views=args.all_views,
                      rename=not _names_a_file(args.output))
            for source, targets in plan.items()]


def _run(jobs: list[RenderJob], args: argparse.Namespace, out: TextIO, err: TextIO
         ) -> list[JobResult]:
    progress = Progress(len(jobs), out, err, args.quiet or args.output == "-")
    try:
        return run_jobs(jobs, args.jobs, progress)
    finally:
        progress.close()


def _map_states(arguments: Sequence[str]) -> dict[Path, tuple[int, int]]:
    """Size and modification time of each map file named (or in a folder named)."""
    states = {}
    for argument in arguments:
        path = Path(argument)
        found = [p for p in path.iterdir() if p.suffix.lower() in MAP_SUFFIXES] \
            if path.is_dir() else [path]
        for map_path in found:
            with contextlib.suppress(OSError):
                stat = map_path.stat()
                states[map_path.resolve()] = (stat.st_size, stat.st_mtime_ns)
    return states


def _watch(args: argparse.Namespace, out: TextIO, err: TextIO,
           before: dict[Path, tuple[int, int]]) -> int:
    """Render each map again when it changes (new maps in a named folder too), until Ctrl-C.

    `before`: the maps as they were when first rendered, so that a change made before
    the watch was live is not missed."""
    from ._watch import watch_folders

    folders = {path if path.is_dir() else path.parent
               for path in (Path(argument).resolve() for argument in args.maps)}
    missing = sorted(str(f) for f in folders if not f.is_dir())
    if missing:
        raise UsageError(f"cannot watch {', '.join(missing)}: no such folder")

    def render_changed(changed: set[Path]) -> None:
        try:
            jobs = _render_jobs(args, out, err, None)
        except (UsageError, _Failed) as exc:  # e.g. the last map of a folder was removed
            if str(exc):
                print(f"conceptmap: error: {exc}", file=err, flush=True)
            return
        todo = [job for job in jobs if Path(job.source.name).resolve() in changed]
        if todo:
            _run(todo, args, out, err)

    def ready() -> None:
        now = _map_states(args.maps)
        render_changed({path for path, state in now.items() if before.get(path) != state})
        if not args.quiet:
            print(f"watching {len(folders)} folder{'s' if len(folders) > 1 else ''} for "
                  "changes to the maps; Ctrl-C stops", file=err, flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C while rendering: stop too
        watch_folders(folders, render_changed, ready)
    return 0


def _write_stdout(out: TextIO, data: bytes) -> None:
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text-only stream (tests): only SVG can go there
        out.write(data.decode("utf-8"))
    else:
        out.flush()
        binary.write(data)
        binary.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _outputs_ready(plan: dict[MapInput, list[Target]], output: str | None,
                   maps: tuple[Path, ...], err: TextIO) -> bool:
    """Create the output folder and check every target can be written, before any drawing."""
    from ._output import check_writable

    if output == "-":
        return True
    targets = [t for ts in plan.values() for t in ts if t.path is not None]
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


def _checked(path: Path, args: argparse.Namespace, err: TextIO) -> Map | None:
    """The map, checked, in the language and with the sizes asked for; None on errors."""
    return prepared_map(MapInput(str(path)), _limits(args), args.strict, args.lang,
                        getattr(args, "size_by", None), err)


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


def _export(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None) -> int:
    from ._export import export

    fmt = _export_format(args)
    if args.positions and not EXPORTERS[fmt].positions:
        able = ", ".join(e.name for e in EXPORTERS.values() if e.positions)
        raise UsageError(f"--positions goes with {able} output, not {fmt}")
    result = check_input(_one_input(args.map, _limits(args), stdin), _limits(args))
    if not report(result, args.strict, err) or result.map is None:
        return 1
    try:
        text = export(result.map, fmt, ExportOptions(args.theme, args.positions, args.layout,
                                                     args.seed))
    except Exception as exc:  # a bug, not a problem in the map: still no traceback
        print(f"{args.map}: error: internal error while exporting ({type(exc).__name__}: "
              f"{exc}); please report it", file=err)
        return 1
    return _write_text(text, args.output, (args.map,), out, err)


def _analyze(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None
             ) -> int:
    from ._analysis import analyze, format_analysis

    source = _one_input(args.map, _limits(args), stdin)
    model = prepared_map(source, _limits(args), args.strict, args.lang, None, err)
    if model is None:
        return 1
    return _write_text(format_analysis(analyze(model), args.format), args.output,
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
    report(LoadResult(None, result.diagnostics), args.strict, err)
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
    from ._api import layout, make_scene, render_options
    from ._series import diff

    paths = (Path(args.old), Path(args.new))
    clash = next((p for p in paths if args.output and _same_file(Path(args.output), p)), None)
    if clash is not None:
        print(f"conceptmap: error: cannot write {args.output}: refusing to overwrite the "
              f"input map {clash}; choose another output", file=err)
        return 1
    old, new = (_checked(p, args, err) for p in paths)
    if old is None or new is None:
        return 1
    newer = MapInput(str(paths[1]))
    targets = plan_outputs([newer], args.output, None)[newer]
    if not _names_a_file(args.output):
        lang = f"-{args.lang}" if args.lang else ""
        targets = [Target(t.path.with_name(f"{t.path.stem}-diff{lang}.{t.fmt}"), t.fmt)
                   for t in targets]
    if args.old_picture is not None and not _names_a_file(args.old_picture):
        raise UsageError(f"--old-picture takes a file ending in .svg, .png or .pdf, not "
                         f"{args.old_picture}")
    if args.old_picture is not None and any(
            _same_file(Path(args.old_picture), t.path) for t in targets if t.path):
        raise UsageError(f"--old-picture {args.old_picture} is the diff's own picture; "
                         "choose another file")
    older = MapInput(str(paths[0]))
    before = [Target(Path(args.old_picture), Path(args.old_picture).suffix.lower()[1:])] \
        if args.old_picture else []
    if not _outputs_ready({newer: targets}, args.output, paths, err) or (
            before and not _outputs_ready({older: before}, args.old_picture, paths, err)):
        return 1
    options = DrawOptions(args.theme, args.layout, False if args.no_legend else None,
                          args.width, args.dpi, args.seed)
    try:
        changes = diff(old, new)
        union = layout(changes.map, options)  # both maps' actors and relations, laid out once
        written = write_scene(str(paths[1]), make_scene(changes.map, options, union),
                              render_options(changes.map, options), tuple(targets),
                              args.strict, tuple(str(p) for p in paths), err)
        if not written.ok:
            return 1
        if before:  # the older map beside the diff, at the union's layout too
            written = write_scene(str(paths[0]),
                                  make_scene(old, options, changes.old_layout(union)),
                                  render_options(old, options), tuple(before), args.strict,
                                  tuple(str(p) for p in paths), err)
            if not written.ok:
                return 1
            targets = [*targets, *before]
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
                                 options=options, limits=_limits(args), strict=args.strict,
                                 lang=args.lang)
    except ConceptmapError as exc:
        print(f"conceptmap: error: {exc}", file=err)  # about the output, not a line
        return 1
    report(LoadResult(None, result.diagnostics), args.strict, err)
    if not result.written and (result.maps or result.diagnostics):
        return 1
    if result.maps == 0:
        print(f"{args.document}: no ```conceptmap blocks; nothing to do", file=err)
    elif not args.quiet:
        print(f"{args.document} -> {', '.join(str(p) for p in result.written)}", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None, stdin: BinaryIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (see `run`).

    `stdin` is where a map named "-" is read from (default: standard input).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        missing = missing_package(args.layout) if getattr(args, "layout", None) else None
        if missing is not None:
            raise UsageError(missing)
        if args.command == "validate":
            return _validate(args, err, stdin)
        if args.command == "export":
            return _export(args, out, err, stdin)
        if args.command == "import":
            return _import(args, out, err)
        if args.command == "schema":
            return _schema(args, out, err)
        if args.command == "analyze":
            return _analyze(args, out, err, stdin)
        if args.command == "diff":
            return _diff(args, out, err)
        if args.command == "report":
            return _report_command(args, out, err)
        if args.command == "markdown":
            return _markdown_command(args, out, err)
        return _render(args, out, err, stdin)
    except UsageError as exc:
        print(f"conceptmap: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("conceptmap: interrupted", file=err)
        return 130


def run() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read the output stopped early (`| head`): the output could not all be
        # written (exit code 1), but that is no reason for a traceback. Python flushes
        # standard output once more on exit; send that to nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)
