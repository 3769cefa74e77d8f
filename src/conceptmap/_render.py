"""Stage 6: a Scene -> matplotlib Figure -> PNG, SVG or PDF bytes.

matplotlib is imported here and only here (plus text measuring), lazily, so
that checking a map never pays for it. The renderer decides nothing about the
picture: it draws the scene as given, scaled to fit the requested page (its width,
and PAGE_SHAPE times that high).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ._fonts import families_for
from ._scene import PAGE_SHAPE, Arrowhead, Region, Scene, Shape, Stroke, TextBlock
from ._svg import SvgNotes, travelling_svg
from ._text import FONT_FAMILY, clean_text, quiet_glyph_warnings

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

__all__ = ["FORMATS", "MIN_FONT_PT", "RenderOptions", "figure_for", "render_bytes",
           "render_formats"]

FORMATS = ("svg", "png", "pdf")
MIN_FONT_PT = 7.0
_DASHES = {"solid": "-", "dashed": (0, (5.0, 3.0)), "dotted": (0, (1.0, 2.2)),
           "dashdot": (0, (6.0, 2.5, 1.2, 2.5))}
_RC = {
    "svg.hashsalt": "conceptmap",  # fixed ids: same input, same SVG bytes
    "svg.fonttype": "none",  # keep text as <text>: searchable and editable
    "pdf.fonttype": 42,
    "font.family": [FONT_FAMILY],
    "text.usetex": False,
    "path.simplify": False,
}


@dataclass(frozen=True)
class RenderOptions:
    width: float | None = None  # points; None: the scene's natural size
    dpi: float = 200.0
    svg: SvgNotes = SvgNotes()  # id prefix, summary and tooltips (SVG only)
    text_as_paths: bool = False  # SVG: glyphs as outlines instead of <text>

    def scale_for(self, scene: Scene) -> float:
        """Scene points -> output points: as large as fits the page (`width` wide and
        PAGE_SHAPE times that high), but never so small that the smallest text drops
        below 7 pt; the scene's own size where no width is given."""
        smallest = min((t.size for t in scene.text_blocks()), default=MIN_FONT_PT)
        if self.width is None:
            scale = 1.0
        else:
            scale = min(self.width / scene.width, PAGE_SHAPE * self.width / scene.height)
        return max(scale, MIN_FONT_PT / smallest)

    def size_for(self, scene: Scene) -> tuple[float, float]:
        """The picture's width and height in points. A scene fitted to the page's
        height comes out narrower than the page: it is centred on a picture the
        page's width, so that placed at the page's width its text keeps its size."""
        scale = self.scale_for(scene)
        width = scene.width * scale
        if self.width is not None:
            width = max(width, self.width)
        return width, scene.height * scale

    def margin_for(self, scene: Scene) -> float:
        """The room (scene points) either side of a scene centred on a wider picture."""
        scale = self.scale_for(scene)
        return (self.size_for(scene)[0] / scale - scene.width) / 2


def _text(ax: Axes, block: TextBlock, scale: float, zorder: float = 6) -> None:
    if block.background is not None:
        _text_background(ax, block, zorder - 0.1)
    text = "\n".join(block.lines)
    artist = ax.text(block.x, block.y, text, ha=block.align, va="center",
                     fontsize=block.size * scale, color=block.color, fontweight=block.weight,
                     linespacing=1.2, parse_math=False, zorder=zorder,
                     fontfamily=list(families_for(text)),  # the fonts _text measured with
                     multialignment="center" if block.align == "center" else "left")
    artist.set_gid(block.gid)


def _text_background(ax: Axes, block: TextBlock, zorder: float) -> None:
    """The plate behind a label: the room the layout kept free for it (a patch of our
    own is much cheaper to draw than a text's bbox, which lays the text out again)."""
    from matplotlib import patches

    rect = block.rect
    plate = patches.FancyBboxPatch(
        (rect.x0 - 3, rect.y0 - 2), rect.width + 6, rect.height + 4,
        boxstyle="round,pad=0,rounding_size=2.5", facecolor=block.background,
        edgecolor="none", alpha=0.92, zorder=zorder)
    plate.set_gid(f"{block.gid}-plate")
    ax.add_artist(plate)


def _shape(ax: Axes, shape: Shape, scale: float, zorder: float = 4) -> None:
    if shape.halo is not None:  # a highlighter stroke around the outline, underneath
        halo = _shape_patch(shape, {"facecolor": "none", "edgecolor": shape.halo,
                                    "linewidth": (shape.line_width + 7) * scale,
                                    "zorder": zorder - 0.5})
        halo.set_gid(f"{shape.gid}-halo")
        ax.add_artist(halo)
    patch = _shape_patch(shape, {"facecolor": shape.fill, "edgecolor": shape.stroke,
                                 "linewidth": shape.line_width * scale, "zorder": zorder,
                                 "linestyle": _DASHES.get(shape.line_style, "-")})
    patch.set_gid(shape.gid)
    ax.add_artist(patch)  # no autoscaling: limits are set
    if shape.label is not None:
        _text(ax, shape.label, scale, zorder + 2)


def _shape_patch(shape: Shape, style: dict[str, object]) -> Patch:
    from matplotlib import patches

    x0, y0 = shape.cx - shape.width / 2, shape.cy - shape.height / 2
    if shape.kind in ("ellipse", "circle"):
        patch = patches.Ellipse((shape.cx, shape.cy), shape.width, shape.height, **style)
    elif shape.kind in ("hexagon", "octagon"):
        patch = patches.Polygon(_polygon(shape), closed=True, **style)
    else:
        rounding = min(7.0, shape.height / 3) if shape.kind == "rounded" else 0.0
        patch = patches.FancyBboxPatch(
            (x0, y0), shape.width, shape.height,
            boxstyle=f"round,pad=0,rounding_size={rounding}" if rounding else "square,pad=0",
            **style)
    return patch


def _polygon(shape: Shape) -> list[tuple[float, float]]:
    w, h, cx, cy = shape.width / 2, shape.height / 2, shape.cx, shape.cy
    cut = h if shape.kind == "hexagon" else h * 0.6
    if shape.kind == "hexagon":
        return [(cx - w, cy), (cx - w + cut, cy + h), (cx + w - cut, cy + h), (cx + w, cy),
                (cx + w - cut, cy - h), (cx - w + cut, cy - h)]
    return [(cx - w + cut, cy + h), (cx + w - cut, cy + h), (cx + w, cy + h - cut),
            (cx + w, cy - h + cut), (cx + w - cut, cy - h), (cx - w + cut, cy - h),
            (cx - w, cy - h + cut), (cx - w, cy + h - cut)]


def _stroke(ax: Axes, stroke: Stroke, scale: float, zorder: float = 3) -> None:
    from matplotlib.lines import Line2D

    xs, ys = zip(*stroke.points, strict=True)
    if stroke.halo is not None:  # a highlighter stroke underneath
        halo = Line2D(xs, ys, color=stroke.halo, linewidth=(stroke.width + 7) * scale,
                      solid_capstyle="round", solid_joinstyle="round", zorder=zorder - 0.5)
        halo.set_gid(f"{stroke.gid}-halo")
        ax.add_artist(halo)
    line = Line2D(xs, ys, color=stroke.color, linewidth=stroke.width * scale,
                  linestyle=_DASHES.get(stroke.pattern, "-"), solid_joinstyle="round",
                  solid_capstyle="round", dash_capstyle="round", zorder=zorder)
    line.set_gid(stroke.gid)
    ax.add_artist(line)  # no autoscaling: limits are set
    for number, head in enumerate(stroke.heads, start=1):
        _head(ax, head, stroke, scale, f"{stroke.gid}-head-{number}", zorder)
    if stroke.label is not None:
        _text(ax, stroke.label, scale)


def _head(ax: Axes, head: Arrowhead, stroke: Stroke, scale: float, gid: str,
          zorder: float) -> None:
    from matplotlib import patches

    patch = patches.Polygon(head.points, closed=head.filled, fill=head.filled,
                            facecolor=stroke.color, edgecolor=stroke.color,
                            linewidth=stroke.width * scale * (0.6 if head.filled else 1.0),
                            joinstyle="miter", zorder=zorder + 0.5)
    patch.set_gid(gid)
    ax.add_artist(patch)  # no autoscaling: limits are set


def _region(ax: Axes, region: Region, scale: float) -> None:
    from matplotlib import patches

    rect = region.rect
    patch = patches.FancyBboxPatch(
        (rect.x0, rect.y0), rect.width, rect.height, boxstyle="round,pad=0,rounding_size=10",
        facecolor=region.fill, edgecolor=region.stroke, linewidth=1.0 * scale, alpha=0.85,
        zorder=1)
    patch.set_gid(region.gid)
    ax.add_artist(patch)  # no autoscaling: limits are set
    _text(ax, region.label, scale)


NOTEBOOK_DPI = 144  # 1.5 pixels per CSS pixel: sharp on most screens, small in a notebook


@lru_cache(maxsize=1)
def _figure_class() -> type[Figure]:
    """matplotlib's Figure, plus a PNG display hook (defined on first use: matplotlib is
    imported lazily)."""
    from matplotlib.figure import Figure

    class MapFigure(Figure):
        """A Figure that Jupyter shows by itself, without pyplot or %matplotlib inline."""

        def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
            import matplotlib

            buffer = io.BytesIO()
            with matplotlib.rc_context(_RC), quiet_glyph_warnings():
                self.savefig(buffer, format="png", dpi=NOTEBOOK_DPI,
                             facecolor=self.get_facecolor())
            width, height = self.get_size_inches()
            return buffer.getvalue(), {"width": round(width * 96), "height": round(height * 96)}

    return MapFigure


def figure_for(scene: Scene, options: RenderOptions = RenderOptions()) -> Figure:
    """A matplotlib Figure drawing the scene; artists carry the scene's ids as gid."""
    from matplotlib import patches

    scale = options.scale_for(scene)
    width, height = options.size_for(scene)
    figure = _figure_class()(figsize=(width / 72, height / 72), dpi=options.dpi,
                             facecolor=scene.background)
    ax = figure.add_axes((0, 0, 1, 1))
    margin = options.margin_for(scene)
    ax.set_xlim(-margin, scene.width + margin)
    ax.set_ylim(0, scene.height)
    ax.set_axis_off()
    for region in scene.regions:
        _region(ax, region, scale)
    for stroke in scene.strokes:
        _stroke(ax, stroke, scale)
    for shape in scene.shapes:
        _shape(ax, shape, scale)
    for block in scene.texts:
        _text(ax, block, scale)
    if scene.legend is not None:
        legend = scene.legend
        frame = patches.FancyBboxPatch(
            (legend.rect.x0, legend.rect.y0), legend.rect.width, legend.rect.height,
            boxstyle="round,pad=0,rounding_size=6", facecolor=legend.fill,
            edgecolor=legend.stroke, linewidth=0.8 * scale, zorder=7)
        frame.set_gid(legend.gid)
        ax.add_artist(frame)  # no autoscaling: limits are set
        for sample in legend.samples:
            if isinstance(sample, Shape):
                _shape(ax, sample, scale, zorder=8)
            else:
                _stroke(ax, sample, scale, zorder=8)
        for block in legend.texts:
            _text(ax, block, scale, zorder=9)
    return figure


def _centres(scene: Scene, options: RenderOptions) -> dict[str, float]:
    """The centre x, in SVG units, of each centred text block of more than one line."""
    scale = options.scale_for(scene)
    margin = options.margin_for(scene)
    return {block.gid: (block.x + margin) * scale for block in scene.text_blocks()
            if block.align == "center" and len(block.lines) > 1}


def render_bytes(scene: Scene, fmt: str, options: RenderOptions = RenderOptions()) -> bytes:
    """The scene as a file's bytes; the same scene and options give the same bytes."""
    return render_formats(scene, (fmt,), options)[fmt]


def render_formats(scene: Scene, fmts: Sequence[str], options: RenderOptions = RenderOptions()
                   ) -> dict[str, bytes]:
    """The scene as the bytes of each format, all saved from one figure: a batch that
    writes SVG and PNG builds the figure once. The bytes are those render_bytes gives."""
    import matplotlib

    unknown = [fmt for fmt in fmts if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    with matplotlib.rc_context(_RC), quiet_glyph_warnings():
        figure = figure_for(scene, options)
    return {fmt: _saved(figure, scene, fmt, options) for fmt in dict.fromkeys(fmts)}


PNG_COMPRESSION = 3  # zlib level: half the encoding time of the default 6 for files
# about a tenth larger; a report's picture is encoded far more often than it is sent


def _saved(figure: Figure, scene: Scene, fmt: str, options: RenderOptions) -> bytes:
    import matplotlib

    title = clean_text(scene.title)
    metadata = {"svg": {"Date": None, "Title": title},
                "pdf": {"CreationDate": None, "ModDate": None, "Title": title},
                "png": {"Title": title}}[fmt]
    buffer = io.BytesIO()
    rc = {**_RC, "svg.fonttype": "path"} if options.text_as_paths else _RC
    extra = {"pil_kwargs": {"compress_level": PNG_COMPRESSION}} if fmt == "png" else {}
    with matplotlib.rc_context(rc), quiet_glyph_warnings():
        figure.savefig(buffer, format=fmt, dpi=options.dpi, metadata=metadata,
                       facecolor=scene.background, **extra)
    data = buffer.getvalue()
    if fmt != "svg":
        return data
    notes = options.svg
    if scene.description:  # the map in words, in its language (see _describe)
        notes = replace(notes, description=scene.description)
    return travelling_svg(data, title, notes, _centres(scene, options))
