"""Rendering maps for the command line: one job per map, in this process or in workers.

A job holds everything needed to check, draw and write one map, so that it can be
sent to another process. Jobs print their diagnostics to the stream they are given;
in a worker that is a buffer, handed back with the result. Progress goes to stderr
as a bar on a terminal and as one plain line per map otherwise (tqdm draws the bar).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._api import DrawOptions, LoadResult, check, check_text
from ._diagnostics import ConceptmapError, Diagnostic, MapError, OutputError
from ._load import LoadLimits

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

    from tqdm import tqdm

    from ._layout import Layout
    from ._model import Map
    from ._render import RenderOptions
    from ._scene import Scene

__all__ = ["STDIN", "JobResult", "MapInput", "Progress", "RenderJob", "Target", "check_input",
           "prepared_map", "report", "run_job", "run_jobs", "write_scene"]

STDIN = "<stdin>"  # the name diagnostics give a map read from standard input
BIG_MAP = 200  # actors: from here on, rendering says what it is doing before it starts


@dataclass(frozen=True)
class MapInput:
    """A map to read: a file, or bytes already read from standard input."""

    name: str  # the path as given, or STDIN
    data: bytes | None = None  # the map itself when it came from standard input


@dataclass(frozen=True)
class Target:
    """One output: a file, or standard output when path is None."""

    path: Path | None
    fmt: str

    def __str__(self) -> str:
        return "standard output" if self.path is None else str(self.path)


@dataclass(frozen=True)
class RenderJob:
    source: MapInput
    targets: tuple[Target, ...]
    options: DrawOptions
    limits: LoadLimits = LoadLimits()
    strict: bool = False
    announce: bool = True  # say so before laying out a big map
    protect: tuple[str, ...] = ()  # the maps: never written over
    lang: str | None = None  # draw the map's texts in this language
    size_by: str | None = None  # scale actors by this measure
    view: str | None = None  # draw this view of the map
    all_views: bool = False  # draw every view, one picture each
    rename: bool = True  # name each picture <map>[-<view>][-<lang>] (not with -o FILE)


@dataclass(frozen=True)
class JobResult:
    name: str
    ok: bool
    written: tuple[str, ...] = ()
    stdout: bytes = b""  # the picture, for a target on standard output
    messages: str = ""  # diagnostics, when they were kept for later


def check_input(source: MapInput, limits: LoadLimits) -> LoadResult:
    if source.data is None:
        return check(source.name, limits)
    return check_text(source.data, source.name, limits)


def report(result: LoadResult, strict: bool, stream: TextIO) -> bool:
    """Print the diagnostics; True if the map can be used."""
    for diagnostic in result.diagnostics:
        if strict and diagnostic.severity == "warning":
            print(str(diagnostic).replace(": warning: ", ": error: ", 1), file=stream)
        else:
            print(diagnostic, file=stream)
    return result.map is not None and not (strict and result.warnings)


def prepared_map(source: MapInput, limits: LoadLimits, strict: bool, lang: str | None,
                 size_by: str | None, err: TextIO) -> Map | None:
    """The map, checked, in the language and with the sizes asked for; None on errors."""
    from ._i18n import translate, translation_warnings

    result = check_input(source, limits)
    if not report(result, strict, err) or result.map is None:
        return None
    model = result.map
    if lang:
        warnings = translation_warnings(model, source.name, lang)
        if not report(LoadResult(model, warnings), strict, err):
            return None
        model = translate(model, lang)
    if size_by:
        model = replace(model, size_by=size_by)
    return model


def _variants(job: RenderJob, model: Map) -> list[tuple[str, Map, Layout | None]]:
    """(view name, map, layout) for each picture to draw: the whole map, or the views
    asked for (at the whole map's layout, as conceptmap.views gives them)."""
    from ._api import views
    from ._diagnostics import did_you_mean

    if not (job.view or job.all_views):
        return [("", model, None)]
    known = [v.name for v in model.views]
    names = known if job.all_views else [job.view]
    if not names or job.view not in (None, *known):
        where = model.position_of("views")
        message = (f'the map has no view "{job.view}"{did_you_mean(job.view, known)}; '
                   f"its views: {', '.join(known) or 'none'}" if job.view else
                   "the map has no views to draw (see `views:` in the README)")
        raise MapError([Diagnostic(job.source.name, where, "error", message)])
    parts = views(model, names, job.options)
    # The command line wins over a view's own size_by (a view at the whole map's layout
    # already has the map's, which is the command line's).
    return [(p.name, replace(p.map, size_by=job.size_by) if job.size_by else p.map, p.layout)
            for p in parts]


def _renamed(job: RenderJob, view_name: str) -> tuple[Target, ...]:
    """Targets for one picture: <map>[-<view>][-<lang>].<format>, unless -o names a file."""
    suffix = "".join(f"-{part}" for part in (view_name, job.lang) if part)
    if not job.rename or not suffix:
        return job.targets
    return tuple(Target(t.path.with_name(f"{t.path.stem}{suffix}.{t.fmt}"), t.fmt)
                 if t.path is not None else t for t in job.targets)


def _view_options(options: DrawOptions, model: Map, view_name: str) -> DrawOptions:
    """A view's SVG ids get the view's name too, so that the views of one map can share
    a web page."""
    if not view_name:
        return options
    from ._svg import id_prefix_for

    base = options.id_prefix if options.id_prefix is not None else id_prefix_for(model.name)
    view_part = id_prefix_for(view_name).removeprefix("map-")
    return replace(options, id_prefix=f"{base}-{view_part}" if base else view_part)


def run_job(job: RenderJob, err: TextIO) -> JobResult:
    """Check, draw and write one map (or its views); print every problem to err."""
    from ._api import glyph_warnings, make_scene, render_options

    name = job.source.name
    model = prepared_map(job.source, job.limits, job.strict, job.lang, job.size_by, err)
    if model is None or not report(LoadResult(model, glyph_warnings(model)), job.strict, err):
        return JobResult(name, False)
    if len(model.actors) >= BIG_MAP and job.announce:
        # Large maps take seconds to lay out: say so before the wait, not after.
        print(f"{name}: laying out {len(model.actors):,} actors and "
              f"{len(model.relations):,} relations ...", file=err, flush=True)
    try:
        written: list[str] = []
        stdout = b""
        for view_name, part, at in _variants(job, model):
            options = _view_options(job.options, model, view_name)
            done = write_scene(name, make_scene(part, options, at), render_options(part, options),
                               _renamed(job, view_name), job.strict, job.protect, err)
            written += done.written
            stdout = done.stdout or stdout
            if not done.ok:
                return JobResult(name, False, tuple(written))
        return JobResult(name, True, tuple(written), stdout)
    except OutputError as exc:  # about the output, not about a line of the map
        print(f"conceptmap: error: {exc}", file=err)
    except MapError as exc:
        report(LoadResult(None, exc.diagnostics), job.strict, err)
    except ConceptmapError as exc:
        print(f"{name}: error: {exc}", file=err)
    except Exception as exc:  # a bug, not a problem in the map: still no traceback
        print(f"{name}: error: internal error while drawing ({type(exc).__name__}: "
              f"{exc}); please report it", file=err)
    return JobResult(name, False)


def write_scene(name: str, scene: Scene, drawing: RenderOptions, targets: tuple[Target, ...],
                strict: bool, protect: tuple[str, ...], err: TextIO) -> JobResult:
    """Draw the scene into each target; a PNG too large for memory gets a lower dpi.

    Targets drawn at the same options (an SVG and a PNG, usually) share one figure."""
    from ._api import MAX_PNG_PIXELS, page_warning, pictures, png_dpi
    from ._output import write_atomic

    too_large = page_warning(scene, drawing.width)
    if too_large is not None:
        print(f"{name}: warning: {too_large}", file=err)
        if strict:
            return JobResult(name, False)
    dpi = drawing.dpi
    plans: list[tuple[Target, RenderOptions]] = []
    for target in targets:
        options = drawing
        if target.fmt == "png" and png_dpi(scene, options) < dpi:
            options = replace(drawing, dpi=png_dpi(scene, options))
            warning = Diagnostic(name, None, "warning", (
                f"{target} is drawn at {options.dpi:g} dpi instead of {dpi:g}: "
                f"larger, it would have more than {MAX_PNG_PIXELS // 1_000_000} million "
                "pixels (SVG and PDF keep every detail)"))
            report(LoadResult(None, (warning,)), strict, err)
            if strict:
                return JobResult(name, False)
        plans.append((target, options))
    drawn = {options: pictures(scene, [t.fmt for t, o in plans if o == options], options)
             for options in dict.fromkeys(options for _target, options in plans)}
    written, stdout = [], b""
    for target, options in plans:
        data = drawn[options][target.fmt]
        if target.path is None:
            stdout = data
        else:
            write_atomic(target.path, data, protect=protect)
        written.append(str(target))
    return JobResult(name, True, tuple(written), stdout)


def _run_in_worker(job: RenderJob) -> JobResult:
    messages = io.StringIO()
    return replace(run_job(job, messages), messages=messages.getvalue())


class Progress:
    """Progress on the terminal (a bar on stderr) or as plain lines, and the summary."""

    def __init__(self, total: int, out: TextIO, err: TextIO, quiet: bool) -> None:
        self.total, self.out, self.err, self.quiet = total, out, err, quiet
        self.done = 0
        self.failed: list[str] = []
        self.started = time.monotonic()
        self.bar: tqdm | None = None
        if total > 1 and not quiet and _is_terminal(err):
            from tqdm import tqdm

            columns, lines = _terminal_size(err)
            self.bar = tqdm(total=total, file=err, unit="map", ncols=columns, nrows=lines,
                            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} maps "
                                       "[{elapsed}<{remaining}]")

    @property
    def keeps_messages(self) -> bool:
        """True if diagnostics must wait until a map is done (so as not to tear the bar)."""
        return self.bar is not None

    def starting(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(_short(name), refresh=True)

    def finished(self, result: JobResult) -> None:
        self.done += 1
        if result.messages:
            self.message(result.messages)
        if not result.ok:
            self.failed.append(result.name)
        if self.bar is not None:
            self.bar.update(1)
        elif result.ok and not self.quiet and result.written:
            print(f"[{self.done}/{self.total}] {result.name} -> {', '.join(result.written)}",
                  file=self.out, flush=True)

    def message(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text.rstrip("\n"), file=self.err)
        else:
            self.err.write(text)
            self.err.flush()

    def close(self) -> None:
        """Take the bar down and, for several maps, say how it went."""
        if self.bar is not None:
            self.bar.set_description_str("")
            self.bar.close()
        if self.total < 2 or self.quiet:  # quiet: the diagnostics alone, for tools to read
            return
        seconds = time.monotonic() - self.started
        rendered = self.total - len(self.failed)
        summary = f"{rendered} of {self.total} maps rendered in {seconds:.1f} s"
        if self.failed:
            names = ", ".join(self.failed[:10]) + (" ..." if len(self.failed) > 10 else "")
            summary += f"; {len(self.failed)} failed: {names}"
        print(summary, file=self.out, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _terminal_size(stream: TextIO) -> tuple[int, int]:
    """Columns and lines; 80 x 24 where the terminal reports none (size 0 hides the bar)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return 80, 24
    return size.columns or 80, size.lines or 24


def _short(name: str, width: int = 30) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]


def run_jobs(jobs: Sequence[RenderJob], workers: int, progress: Progress) -> list[JobResult]:
    """Run every job, in `workers` processes when there is more than one; keeps going
    after a map fails. KeyboardInterrupt cancels what has not started."""
    if workers <= 1 or len(jobs) <= 1:
        return list(_run_here(jobs, progress))
    return list(_run_in_pool(jobs, min(workers, len(jobs)), progress))


def _run_here(jobs: Sequence[RenderJob], progress: Progress) -> Iterator[JobResult]:
    for job in jobs:
        progress.starting(job.source.name)
        if progress.keeps_messages:
            result = _run_in_worker(replace(job, announce=False))
        else:
            result = run_job(job, progress.err)
        progress.finished(result)
        yield result


def _run_in_pool(jobs: Sequence[RenderJob], workers: int, progress: Progress
                 ) -> Iterator[JobResult]:
    # Imported here: a render of one map does not start a pool (and multiprocessing
    # costs it 15 ms to import).
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = _pool_context()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures: dict[Future[JobResult], RenderJob] = {
            pool.submit(_run_in_worker, replace(job, announce=False)): job for job in jobs}
        for future in as_completed(futures):
            result = _result_of(future, futures[future])
            progress.finished(result)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if context.get_start_method() == "forkserver":
            _stop_fork_server()


def _pool_context() -> BaseContext:
    """How workers start. Both ways start from a fresh interpreter, never from this
    process, so they are safe with the threads a progress bar starts.

    On Linux, a fork server: one fresh process imports the drawing libraries and draws
    a small map once (conceptmap._warm), and each worker is forked from it, warm, so a
    batch pays for starting up once instead of once per worker. Elsewhere (macOS,
    Windows, where forking is unsafe or missing) each worker is spawned afresh."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["conceptmap._warm"])
        return context
    return multiprocessing.get_context("spawn")


def _stop_fork_server() -> None:
    """Stop the fork server with the batch, so that no process outlives it and the
    workers' time is counted to this process (as `time` and bench/batch.py read it)."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # the only way the module has
    if stop is not None:
        stop()


def _result_of(future: Future[JobResult], job: RenderJob) -> JobResult:
    try:
        return future.result()
    except Exception as exc:  # the worker died (killed, out of memory): report, go on
        name = job.source.name
        return JobResult(name, False, messages=(
            f"{name}: error: internal error: the process drawing this map stopped "
            f"({type(exc).__name__}: {exc}); please report it\n"))
