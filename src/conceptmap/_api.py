"""The library's entry points: load a map, draw it, render it to a file."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ._diagnostics import (
    Diagnostic,
    MapError,
    OptionError,
    OutputError,
    Position,
    sort_diagnostics,
)
from ._load import LoadLimits, Source, compose, decode_source, read_source, within
from ._model import Map

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ._layout import Layout
    from ._pipeline import Stages
    from ._render import RenderOptions
    from ._scene import Scene

__all__ = [
    "ALT_TEXT_PIVOTS",
    "DrawOptions",
    "LoadResult",
    "MarkdownResult",
    "ViewPart",
    "check",
    "check_text",
    "describe_map",
    "draw",
    "glyph_warnings",
    "layout",
    "load",
    "loads",
    "make_scene",
    "page_warning",
    "picture_bytes",
    "png_dpi",
    "render",
    "render_bytes",
    "render_markdown",
    "render_options",
    "report_lang",
    "views",
    "write_report",
]


@dataclass(frozen=True)
class LoadResult:
    """A checked map (None if it has errors) and everything found on the way."""

    map: Map | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def _check_source(source: Source, limits: LoadLimits) -> LoadResult:
    from ._schema import build_map

    try:
        root = compose(source, limits)
    except MapError as exc:
        return LoadResult(None, tuple(within(source.text, exc.diagnostics)))
    model, diagnostics = build_map(root, source.path, limits, source.text)
    return LoadResult(model, tuple(sort_diagnostics(within(source.text, diagnostics))))


def _refuse_text_as_path(path: object, function: str) -> None:
    """A map's text passed where its path belongs: point to loads() instead of failing."""
    text = path.decode("utf-8", "replace") if isinstance(path, bytes) else path
    if not isinstance(text, str) or os.path.exists(text):
        return
    if "\n" in text or re.match(r"\s*(\{|[A-Za-z_]+:(\s|$))", text):
        raise OptionError(f"{function}() takes the path of a map file, and this is YAML "
                          "text; use conceptmap.loads(text) to read a map from text")


def check(path: str | os.PathLike[str], limits: LoadLimits = LoadLimits()) -> LoadResult:
    """Read and check a map file; never raises for problems in the file itself."""
    _refuse_text_as_path(path, "check")
    try:
        source = read_source(path, limits)
    except MapError as exc:
        return LoadResult(None, exc.diagnostics)
    return _check_source(source, limits)


def load(path: str | os.PathLike[str], limits: LoadLimits = LoadLimits()) -> Map:
    """Read a map file; raise MapError carrying every diagnostic if it has errors.

    Given YAML text instead of a path, raises OptionError pointing to loads().
    """
    _refuse_text_as_path(path, "load")
    result = check(path, limits)
    if result.map is None:
        raise MapError(result.errors or result.diagnostics)
    return result.map


def loads(text: str | bytes, path: str = "<string>", limits: LoadLimits = LoadLimits()) -> Map:
    """Like load, from text or bytes in memory."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        result = _check_source(decode_source(path, data, limits), limits)
    except MapError as exc:
        raise MapError(exc.diagnostics) from None
    if result.map is None:
        raise MapError(result.errors)
    return result.map


def _drawn_texts(model: Map) -> list[tuple[str, Position, str]]:
    """(what, where, text) for every text of the map that can end up in the picture."""
    heading = (("title", model.title), ("subtitle", model.subtitle), ("source", model.source))
    texts = [(f"the {key}", model.position_of(key), value) for key, value in heading if value]
    texts += [(f'actor "{a.id}"', a.position, f"{a.label} {a.type or ''}") for a in model.actors]
    texts += [(f"relation {r.source} -> {r.target}", r.position, f"{r.label or ''} {r.type}")
              for r in model.relations]
    texts += [(f'group "{g.id}"', g.position, g.label) for g in model.groups]
    legend = [model.legend.title or "", *(label for _key, label in model.legend.labels)]
    texts.append(("the legend", model.position_of("legend"), " ".join(legend)))
    texts += [(f'style "{s.type}"', model.position_of("styles"), s.label or "")
              for s in model.styles]
    texts += [(f'relation type "{t.name}"', model.position_of("relation_types"), t.label or "")
              for t in model.relation_types if not t.builtin]
    return texts


def glyph_warnings(model: Map) -> tuple[Diagnostic, ...]:
    """Warnings for text that no installed font can draw (it would show as empty boxes).

    Part of rendering, not of checking: it asks matplotlib which fonts are installed.
    """
    from ._fonts import missing_glyphs
    from ._text import clean_text

    found = []
    for what, where, text in _drawn_texts(model):
        missing = missing_glyphs(clean_text(text))
        if missing:
            found.append(Diagnostic(model.path, where, "warning", _glyph_message(what, missing)))
    return tuple(sort_diagnostics(found))


def _glyph_message(what: str, missing: tuple[str, ...]) -> str:
    shown = ", ".join(f'"{ch}" (U+{ord(ch):04X})' for ch in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    return (f"{what}: no installed font has a glyph for {shown}{more}; it would be drawn as "
            "an empty box (install a font for this script: see the README, \"Fonts\")")


@dataclass(frozen=True)
class DrawOptions:
    """How to draw a map. None means: as the map says, else the default.

    Unknown themes and layouts raise OptionError (with the allowed names) right here,
    and `width` may be given as the command line takes it ("16cm", "6in", "170mm").
    """

    theme: str | None = None  # light, dark or print
    layout: str | None = None  # default, stress, force, kamada-kawai, circular, ...
    legend: bool | None = None
    width: float | None = None  # points (1/72 inch), or "16cm"; text never drops below 7 pt
    dpi: float = 200.0  # PNG only
    seed: int = 7
    id_prefix: str | None = None  # SVG ids: <prefix>-actor-<id>; None: from the map's name
    svg_text: str = "text"  # SVG text as "text" (searchable) or "paths" (glyph outlines)

    def __post_init__(self) -> None:
        from ._diagnostics import OptionError
        from ._model import THEMES
        from ._options import check_choice, width_points
        from ._registry import missing_package
        from ._schema import LAYOUT_NAMES
        from ._svg import valid_id_prefix

        check_choice("theme", self.theme, THEMES)
        check_choice("layout", self.layout, LAYOUT_NAMES)
        missing = None if self.layout is None else missing_package(self.layout)
        if missing is not None:
            raise OptionError(missing)
        check_choice("svg_text", self.svg_text, ("text", "paths"))
        if self.id_prefix is not None and not valid_id_prefix(self.id_prefix):
            raise OptionError(f'invalid id prefix "{self.id_prefix}": use a letter or _, '
                              "then letters, digits, _, - or .")
        if self.width is not None:
            object.__setattr__(self, "width", width_points(self.width))


def layout(model: Map, options: DrawOptions | None = None) -> Layout:
    """Where everything goes, in points (y up): actor centres, label centres, relation
    routes (quadratic Bezier chains P0 C0 P1 C1 P2 ...) and group rectangles.

    The same in every theme. Give it to make_scene, draw or render_bytes to draw a map
    (or a part of it, such as a view) at these positions.
    """
    from ._pipeline import lay_out

    return lay_out(model, _stages(options or DrawOptions()))


def _stages(options: DrawOptions) -> Stages:
    from ._pipeline import Stages

    return Stages(options.theme, options.layout, options.legend, options.width, options.seed)


def make_scene(model: Map, options: DrawOptions | None = None,
               layout: Layout | None = None) -> Scene:
    """What will be drawn, as data (boxes, paths, texts, legend), before any drawing.

    `layout` (from conceptmap.layout) draws the map at given positions; it may come from
    a larger map holding this one's actors and relations.
    """
    from ._pipeline import scene

    drawn = scene(model, _stages(options or DrawOptions()), layout)
    return replace(drawn, description=describe_map(model))


@dataclass(frozen=True)
class ViewPart:
    """One view of a map, ready to draw: make_scene(part.map, options, part.layout)."""

    name: str
    map: Map  # the view as a map of its own (see conceptmap.view)
    layout: Layout | None  # at the whole map's positions; None: laid out afresh


def views(model: Map, names: Sequence[str] | None = None,
          options: DrawOptions | None = None) -> tuple[ViewPart, ...]:
    """The views `names` (default: all) of the map, each drawn where the whole map has
    its actors, so that a series of figures reads as one; a view that asks for a layout
    of its own (or sizes its actors otherwise) is laid out afresh.

    The whole map is laid out once, with `options` (draw the views with the same ones).
    An unknown name raises OptionError.
    """
    from ._series import view, view_layout
    from ._views import has_own_layout

    chosen = [v.name for v in model.views] if names is None else list(names)
    parts = [(name, view(model, name)) for name in chosen]  # unknown names fail here
    whole = None
    if not all(has_own_layout(model, name) for name in chosen):
        whole = layout(model, options)
    return tuple(ViewPart(name, part, None if whole is None else
                          view_layout(model, name, whole, (options or DrawOptions()).layout))
                 for name, part in parts)


ALT_TEXT_PIVOTS = 100  # a description of a larger map estimates brokerage (see analyze)


def describe_map(model: Map, lang: str | None = None) -> str:
    """The map in words (ties, tensions, brokers): the SVG's <desc>, alt text for a figure.

    In `lang` (the map's texts translated where they have it), else the map's language.
    """
    from ._analysis import analyze
    from ._describe import describe
    from ._i18n import translate

    model = translate(model, lang) if lang else model
    return describe(model, report_lang(model), analyze(model, ALT_TEXT_PIVOTS))


def draw(model: Map, *, theme: str | None = None, layout: str | None = None,
         legend: bool | None = None, width: float | str | None = None, dpi: float = 200.0,
         seed: int = 7) -> Figure:
    """A matplotlib Figure of the map; its artists carry ids (gid) such as actor-<id>."""
    from ._render import RenderOptions, figure_for

    options = DrawOptions(theme, layout, legend, width, dpi, seed)  # type: ignore[arg-type]
    return figure_for(make_scene(model, options), RenderOptions(options.width, dpi))


def page_warning(scene: Scene, width: float | None) -> str | None:
    """Why a picture comes out wider than the `width` (points) asked for, or higher
    than the page that width stands for (PAGE_SHAPE times as high), or None.

    Text never shrinks below 7 pt, so a map too large for the page is drawn larger;
    the message names the size reached and what to change.
    """
    from ._render import RenderOptions
    from ._scene import PAGE_SHAPE

    if width is None:
        return None
    drawn_width, drawn_height = RenderOptions(width).size_for(scene)
    cm = 2.54 / 72
    advice = ("smaller, its text would fall below 7 pt; give a larger --width, shorten "
              "long labels, or draw parts of the map separately (its `views:`, such as "
              "one per group, drawn with --all-views)")
    if drawn_width > width * 1.001:
        return (f"the picture is {drawn_width * cm:.1f} cm wide, not the {width * cm:.1f} cm "
                f"asked for: {advice}")
    if drawn_height > PAGE_SHAPE * width * 1.001:
        return (f"the picture is {drawn_height * cm:.1f} cm high, more than the "
                f"{PAGE_SHAPE * width * cm:.1f} cm of a page {width * cm:.1f} cm wide: "
                f"{advice}")
    return None


MAX_PNG_PIXELS = 40_000_000  # 160 MB of pixels while drawing; beyond that, use SVG or PDF


def png_dpi(scene: Scene, options: RenderOptions) -> float:
    """The highest resolution, at most options.dpi, at which the PNG stays within the limit."""
    width, height = options.size_for(scene)
    fitting = math.sqrt(MAX_PNG_PIXELS / (width / 72 * height / 72))
    return min(options.dpi, max(1.0, math.floor(fitting * 10) / 10))


def picture_bytes(scene: Scene, fmt: str, options: RenderOptions) -> bytes:
    """A drawn scene as file bytes; refuses (OutputError) a PNG too large to hold in memory."""
    return pictures(scene, (fmt,), options)[fmt]


def pictures(scene: Scene, fmts: Sequence[str], options: RenderOptions) -> dict[str, bytes]:
    """A drawn scene as the bytes of each format (as picture_bytes gives them), all saved
    from one figure, so that a picture wanted as SVG and PNG is set up once."""
    from ._render import render_formats

    if not 0 < options.dpi <= 2400:
        raise ValueError(f"dpi must be above 0 and at most 2400, not {options.dpi}")
    if "png" in fmts:
        size = options.size_for(scene)
        width, height = (round(v * options.dpi / 72) for v in size)
        if width * height > MAX_PNG_PIXELS:
            raise OutputError(
                f"the PNG would be {width:,} x {height:,} pixels, more than the limit of "
                f"{MAX_PNG_PIXELS // 1_000_000} million; lower the dpi or the width, "
                "or write SVG or PDF")
    return render_formats(scene, fmts, options)


def render_options(model: Map, options: DrawOptions) -> RenderOptions:
    """How to draw the model's scene into a file: size, and what the SVG says besides."""
    from ._render import RenderOptions
    from ._svg import svg_notes

    return RenderOptions(options.width, options.dpi, svg_notes(model, options.id_prefix),
                         options.svg_text == "paths")


def render_bytes(model: Map, fmt: str, options: DrawOptions | None = None,
                 layout: Layout | None = None) -> bytes:
    """The map as the bytes of a .svg, .png or .pdf file (at `layout`'s positions if given)."""
    options = options or DrawOptions()
    return picture_bytes(make_scene(model, options, layout), fmt,
                         render_options(model, options))


def render(model: Map, path: str | os.PathLike[str], *, theme: str | None = None,
           layout: str | None = None, legend: bool | None = None,
           width: float | str | None = None, dpi: float = 200.0, seed: int = 7) -> Path:
    """Render to `path`; the format follows its extension (.svg, .png, .pdf).

    The file is written atomically: on any error an existing file is left as it was.
    A PNG of more than MAX_PNG_PIXELS raises OutputError: lower the dpi or the width.
    """
    from ._output import write_atomic
    from ._render import FORMATS

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{target}: unknown output format {fmt!r}; use .svg, .png or .pdf")
    options = DrawOptions(theme, layout, legend, width, dpi, seed)  # type: ignore[arg-type]
    data = render_bytes(model, fmt, options)
    write_atomic(target, data, protect=(model.path,))
    return target


def report_lang(model: Map, lang: str | None = None) -> str:
    """The language a report or description is written in: the one asked for, else the
    map's `lang:`, else English. conceptmap's own words exist in English and Dutch."""
    return lang or model.lang or "en"


def write_report(model: Map, path: str | os.PathLike[str], *, lang: str | None = None,
                 options: DrawOptions | None = None) -> tuple[Path, ...]:
    """Write a report on the map: `.md` (with the figure as `<name>.svg` next to it) or
    `.html` (one file, the figure inline). Returns the files written, each atomically.
    `lang`: the report's language (the map's texts translated where they have it);
    default the map's `lang:`, else English.
    """
    from ._analysis import analyze
    from ._i18n import translate
    from ._output import write_atomic
    from ._report import report_blocks, to_html, to_markdown

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("md", "html", "htm"):
        raise ValueError(f"{target}: unknown report format {fmt!r}; use .md or .html")
    model = translate(model, lang) if lang else model
    language = report_lang(model)
    analysis = analyze(model)
    blocks = report_blocks(model, language, analysis)
    svg = render_bytes(model, "svg", options)
    if fmt == "md":
        figure = target.with_suffix(".svg")
        write_atomic(figure, svg, protect=(model.path,))
        text = to_markdown(blocks, figure.name)
        write_atomic(target, text.encode("utf-8"), protect=(model.path,))
        return figure, target
    text = to_html(blocks, svg, language, model.title or model.name)
    write_atomic(target, text.encode("utf-8"), protect=(model.path,))
    return (target,)


def check_text(text: str | bytes, path: str = "<string>",
               limits: LoadLimits = LoadLimits()) -> LoadResult:
    """Like check, for a map in memory; never raises for problems in the text."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        return _check_source(decode_source(path, data, limits), limits)
    except MapError as exc:
        return LoadResult(None, exc.diagnostics)


@dataclass(frozen=True)
class MarkdownResult:
    """What `render_markdown` did: the files it wrote (none if any map has errors) and
    every diagnostic, placed in the Markdown document."""

    written: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    maps: int  # how many ```conceptmap blocks the document has


def render_markdown(path: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                    *, fmt: str = "svg", options: DrawOptions | None = None,
                    limits: LoadLimits = LoadLimits(), strict: bool = False,
                    lang: str | None = None) -> MarkdownResult:
    """Draw every ```conceptmap block of a Markdown file to `<document>-<n>.<fmt>` next to
    the document written, and link the images, as mermaid-cli does for Mermaid.

    With `output`, the new document has each block replaced by its image link; without,
    the file is updated in place, each block kept and its link written after it (a
    second run replaces the link). Every map is checked before anything is written;
    with `strict`, a warning stops the writing as an error does. `lang`: each map's
    texts in that language where it has them (a warning for those it lacks), as for
    `render --lang`.
    """
    from ._embed import find_blocks, in_document, with_links
    from ._i18n import translate, translation_warnings
    from ._output import write_atomic

    source = Path(path)
    try:
        text = read_source(source, limits).text
    except MapError as exc:
        return MarkdownResult((), exc.diagnostics, 0)
    target = Path(output) if output is not None else source
    in_place = output is None or _same_path(target, source)
    blocks = find_blocks(text)
    diagnostics: list[Diagnostic] = []
    models: list[Map] = []
    for block in blocks:
        result = check_text(block.text, str(source), limits)
        found = list(result.diagnostics)
        model = result.map
        if model is not None and lang:
            found += translation_warnings(model, str(source), lang)
            model = translate(model, lang)
        diagnostics += [in_document(d, block, str(source)) for d in found]
        if model is not None:
            models.append(model)
    if len(models) < len(blocks) or not blocks or (strict and diagnostics):
        return MarkdownResult((), tuple(diagnostics), len(blocks))
    written: list[Path] = []
    links = []
    for block, model in zip(blocks, models, strict=True):
        image = target.with_name(f"{target.stem}-{block.number}.{fmt}")
        write_atomic(image, render_bytes(model, fmt, options), protect=(source,))
        written.append(image)
        links.append((model.title or f"map {block.number}", image.name))
    document = with_links(text, blocks, links, keep_blocks=in_place)
    write_atomic(target, document.encode("utf-8"), protect=() if in_place else (source,))
    return MarkdownResult((*written, target), tuple(diagnostics), len(blocks))


def _same_path(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False
