"""Stage 5: what to draw, as data: shapes, strokes, texts, regions and the legend.

All coordinates are points (1/72 inch) on a canvas whose lower-left corner is
(0, 0). The renderer only turns this into matplotlib artists; every decision
about size, colour and position is made here, so it can be tested without
drawing and compared as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

import numpy as np

from ._geometry import Point, Rect
from ._i18n import builtin_text
from ._layout import PAGE_SHAPE, Layout, drawn_bounds
from ._looks import (
    ActorLook,
    RelationLook,
    actor_looks,
    actor_types,
    line_width,
    plain_look,
    relation_looks,
)
from ._model import STATUSES, Actor, Map, Relation
from ._text import wrap
from ._theme import THEMES, Theme, contrast_text, mix, theme_named

__all__ = [
    "PAGE_SHAPE",
    "DrawingRoom",
    "LayoutInput",
    "Scene",
    "SceneOptions",
    "TextRuler",
    "build_scene",
    "content_bounds",
    "drawing_room",
    "layout_input",
    "page_width",
]

ACTOR_FONT = 10.0
LABEL_FONT = 8.0
GROUP_FONT = 9.0
TITLE_FONT = 16.0
SUBTITLE_FONT = 11.0
CAPTION_FONT = 8.0
LEGEND_FONT = 8.0
MARGIN = 18.0
CM = 72 / 2.54


class TextRuler(Protocol):
    """Measures a block of lines: (width, height) in points at `size` pt and `weight`."""

    def __call__(self, lines: tuple[str, ...], size: float, weight: str, /
                 ) -> tuple[float, float]: ...


@dataclass(frozen=True)
class SceneOptions:
    theme: str | None = None  # None: the map's theme, else light
    layout: str | None = None  # None: the map's layout, else default
    seed: int = 7
    legend: bool | None = None  # None: as the map says
    width: float | None = None  # the page's width in points; None: a report page


REPORT_WIDTH = 16 * CM  # a report page's text width: the page when none is given
# The scene is laid out for the page at this scale, so that 8 pt labels print at 7.2 pt:
# close to the 7 pt floor, with a little room for a map that needs it.
PAGE_SCALE = 0.9


def page_width(width: float | None) -> float:
    """The scene width (points at scale 1) that fills a page `width` points wide."""
    return (width or REPORT_WIDTH) / PAGE_SCALE


@dataclass(frozen=True)
class TextBlock:
    gid: str
    x: float  # centre
    y: float
    lines: tuple[str, ...]
    size: float
    color: str
    width: float
    height: float
    weight: str = "normal"
    align: str = "center"  # "left": x is the left edge
    background: str | None = None

    @property
    def rect(self) -> Rect:
        cx = self.x + self.width / 2 if self.align == "left" else self.x
        return Rect(cx, self.y, self.width, self.height)


@dataclass(frozen=True)
class Shape:
    gid: str
    kind: str
    cx: float
    cy: float
    width: float
    height: float
    fill: str
    stroke: str
    label: TextBlock | None = None
    line_width: float = 0.9
    line_style: str = "solid"  # dashed: a removed actor in a diff
    halo: str | None = None  # a highlighter stroke around it: an added actor in a diff


@dataclass(frozen=True)
class Arrowhead:
    points: tuple[Point, ...]
    filled: bool


@dataclass(frozen=True)
class Stroke:
    gid: str
    points: tuple[Point, ...]
    color: str
    width: float
    pattern: str  # solid, dashed, dotted, dashdot (zigzag is already in the points)
    heads: tuple[Arrowhead, ...] = ()
    label: TextBlock | None = None
    halo: str | None = None  # a highlighter stroke under it: an added relation in a diff


@dataclass(frozen=True)
class Region:
    gid: str
    rect: Rect
    fill: str
    stroke: str
    label: TextBlock


@dataclass(frozen=True)
class LegendBlock:
    gid: str
    rect: Rect
    samples: tuple[Shape | Stroke, ...]
    texts: tuple[TextBlock, ...]
    fill: str
    stroke: str


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    title: str
    background: str
    regions: tuple[Region, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    shapes: tuple[Shape, ...] = ()
    texts: tuple[TextBlock, ...] = ()
    legend: LegendBlock | None = None
    unrouted: tuple[str, ...] = field(default=())
    description: str = ""  # the map in words: the SVG's <desc>, alt text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def text_blocks(self) -> list[TextBlock]:
        """Every piece of text in the scene, for overlap checks."""
        blocks = [s.label for s in self.shapes if s.label is not None]
        blocks += [s.label for s in self.strokes if s.label is not None]
        blocks += [r.label for r in self.regions]
        blocks += list(self.texts)
        if self.legend is not None:
            blocks += list(self.legend.texts)
        return blocks


def _shape_size(kind: str, text_size: tuple[float, float]) -> tuple[float, float]:
    w, h = text_size
    if kind == "ellipse":
        return w * 1.25 + 16, h * 1.5 + 12
    if kind == "circle":
        d = max(w + 18, h + 14) * 1.08
        return d, d
    if kind in ("hexagon", "octagon"):
        return w + h + 22, h + 14
    return w + 20, h + 12


def _actor_text(actor: Actor, ruler: TextRuler, size: float = ACTOR_FONT
                ) -> tuple[tuple[str, ...], tuple[float, float]]:
    lines = wrap(actor.label, 18, whole_words=True)
    return lines, ruler(lines, size, "normal")


def _measure(model: Map, name: str) -> dict[str, float]:
    """Actor id -> one of the measures `conceptmap analyze` reports (SIZE_MEASURES)."""
    from ._analysis import analyze

    return {m.id: float(getattr(m, name)) for m in analyze(model).actors}


SIZE_FONTS = (8.0, 15.0)  # actor text from the lowest to the highest value of `size_by`


def _actor_fonts(model: Map) -> dict[str, float]:
    """Each actor's text size: ACTOR_FONT, or scaled to the map's `size_by` measure
    (linearly from 0 to the highest value; never below the relation labels' 8 pt)."""
    if model.size_by is None:
        return {a.id: ACTOR_FONT for a in model.actors}
    values = _measure(model, model.size_by)
    top = max(values.values(), default=0.0)
    low, high = SIZE_FONTS
    return {a.id: round(low + (high - low) * values[a.id] / top, 2) if top > 0 else ACTOR_FONT
            for a in model.actors}


def _relation_text(relation: Relation, ruler: TextRuler
                   ) -> tuple[tuple[str, ...], tuple[float, float]] | None:
    if not relation.label:
        return None
    lines = wrap(relation.label, 22, max_lines=4, whole_words=True)
    return lines, ruler(lines, LABEL_FONT, "normal")


_HEADS = {"arrow": (8.5, 7.0, True), "heavy": (12.0, 10.0, True), "open": (9.0, 8.0, False),
          "bar": (0.0, 10.0, False)}


def _points(array: np.ndarray, offset: Point) -> tuple[Point, ...]:
    moved = np.round(np.asarray(array, dtype=float) + np.asarray(offset, dtype=float), 2)
    return tuple(map(tuple, moved.tolist()))


_STATUS_PATTERN = {"latent": "dotted"}  # a latent tension: a dotted zigzag


def _stroke_geometry(route: tuple[Point, ...], ends: tuple[tuple, tuple], style: RelationLook,
                     width: float, status: str | None = None
                     ) -> tuple[np.ndarray, list[tuple[tuple[Point, ...], bool]]]:
    from ._paths import arrowhead, clip_to_shapes, crossbars, cut_back, sample_route, zigzag

    line = clip_to_shapes(sample_route(route), *ends)
    heads: list[tuple[tuple[Point, ...], bool]] = []
    if style.directed and style.marker in _HEADS:
        length, head_width, filled = _HEADS[style.marker]
        scale = 1 + (width - 1.3) * 0.25
        tip = line[-1]
        if style.marker == "bar":
            stub = cut_back(line, 3.0)
            left, _tip, right = arrowhead(tip, stub[-1], 0.0, head_width * scale)
            heads.append(((left, right), False))
        else:
            line = cut_back(line, length * scale * (0.85 if filled else 0.1))
            heads.append((arrowhead(tip, line[-1], length * scale, head_width * scale), filled))
    if status == "escalated":  # bars across the line, a third of the way from each end
        bar = 2 * (2.6 + width * 0.6) + 10
        heads += [(pair, False) for pair in crossbars(line, (0.25, 0.75), bar, 3.5 + width)]
    if style.zigzag:
        # Teeth in proportion to the line: clear in grayscale, quiet beside plain lines.
        # They grow more slowly than the line, so a strong tension's band (teeth plus
        # line) stays about 6 pt instead of 7.3 and does not outshout every other line.
        line = zigzag(line, amplitude=1.2 + width * 0.3, period=4.0 + width * 1.5)
    return line, heads


def _label_block(gid: str, center: Point, text: tuple[tuple[str, ...], tuple[float, float]],
                 size: float, color: str, background: str | None, offset: Point,
                 weight: str = "normal") -> TextBlock:
    lines, (w, h) = text
    return TextBlock(gid, round(center[0] + offset[0], 2), round(center[1] + offset[1], 2),
                     lines, size, color, w, h, weight, "center", background)


def _strokes(model: Map, layout: Layout, shapes: dict[str, Shape], theme: Theme,
             offset: Point, ruler: TextRuler) -> list[Stroke]:
    styles = relation_looks(model, theme)
    strokes = []
    for relation in model.relations:
        key = relation.element_id
        mark = model.mark_of(key)
        style = styles[relation.type]
        if mark == "removed":
            style = replace(style, color=mix(style.color, theme.background, _GHOST))
        width = line_width(style, relation.strength)
        ends = tuple((shapes[a].kind, (shapes[a].cx - offset[0], shapes[a].cy - offset[1]),
                      (shapes[a].width, shapes[a].height))
                     for a in (relation.source, relation.target))
        line, heads = _stroke_geometry(layout.routes[key], ends, style, width,  # type: ignore[arg-type]
                                       relation.status)
        text = _relation_text(relation, ruler)
        label = None if text is None else _label_block(
            f"{key}-label", layout.labels[key], text, LABEL_FONT,
            mix(theme.text, theme.background, _GHOST) if mark == "removed" else theme.text,
            theme.label_background, offset)
        strokes.append(Stroke(key, _points(line, offset), style.color, round(width, 2),
                              _STATUS_PATTERN.get(relation.status or "", style.pattern),
                              tuple(Arrowhead(_points(np.array(p), offset), f)
                                    for p, f in heads), label,
                              theme.highlight if mark == "added" else None))
    return strokes


def _shapes(model: Map, layout: Layout, looks: dict[str | None, ActorLook],
            offset: Point, theme: Theme, ruler: TextRuler) -> dict[str, Shape]:
    shapes = {}
    fonts = _actor_fonts(model)
    for actor in model.actors:
        look = _marked_look(looks[actor.type], model.mark_of(actor.element_id), theme)
        lines, text_size = _actor_text(actor, ruler, fonts[actor.id])
        width, height = _shape_size(look.shape, text_size)
        cx, cy = layout.centers[actor.id]
        text_color = contrast_text(look.fill)
        if look.line_style == "dashed":  # removed: the text fades with the box
            text_color = mix(text_color, look.fill, 0.45)
        label = _label_block(f"{actor.element_id}-label", (cx, cy), (lines, text_size),
                             fonts[actor.id], text_color, None, offset)
        shapes[actor.id] = Shape(actor.element_id, look.shape, round(cx + offset[0], 2),
                                 round(cy + offset[1], 2), round(width, 2), round(height, 2),
                                 look.fill, look.stroke, label, look.line_width,
                                 look.line_style, look.halo)
    return shapes


_GHOST = 0.72  # how far a removed actor or relation fades into the background


@dataclass(frozen=True)
class _MarkedLook:
    shape: str
    fill: str
    stroke: str
    line_width: float = 0.9
    line_style: str = "solid"
    halo: str | None = None


def _marked_look(look: ActorLook, mark: str | None, theme: Theme) -> _MarkedLook:
    """A diff's marks: added actors highlighted, removed ones ghosted (dashed and faded)."""
    if mark == "added":
        return _MarkedLook(look.shape, look.fill, theme.text, 2.4, "solid", theme.highlight)
    if mark == "removed":
        return _MarkedLook(look.shape, mix(look.fill, theme.background, _GHOST),
                           mix(look.stroke, theme.background, 0.4), 1.1, "dashed")
    return _MarkedLook(look.shape, look.fill, look.stroke)


def _group_label(model: Map, gid: str, ruler: TextRuler
                 ) -> tuple[tuple[str, ...], tuple[float, float]]:
    group = next(g for g in model.groups if g.id == gid)
    lines = wrap(group.label, 40, max_lines=1)
    return lines, ruler(lines, GROUP_FONT, "bold")


def _regions(model: Map, layout: Layout, measured: LayoutInput, theme: Theme, offset: Point,
             ruler: TextRuler) -> list[Region]:
    regions = []
    own = {g.id for g in model.groups}
    # A layout made for a larger map (a view's) may hold groups this map has not.
    placed = sorted(item for item in layout.groups.items() if item[0] in own)
    texts = {gid: _group_label(model, gid, ruler) for gid, _rect in placed}
    places = _title_places([(rect, texts[gid][1][0]) for gid, rect in placed],
                           *_title_surroundings(model, layout, measured))
    for (gid, rect), place in zip(placed, places, strict=True):
        lines, (w, h) = texts[gid]
        moved = Rect(round(rect.cx + offset[0], 2), round(rect.cy + offset[1], 2),
                     round(rect.width, 2), round(rect.height, 2))
        x = moved.x0 + 8 + place * (moved.x1 - 8 - w - (moved.x0 + 8))
        label = TextBlock(f"group-{gid}-label", round(x, 2),
                          round(moved.y1 - 4 - h / 2, 2), lines, GROUP_FONT, theme.muted_text,
                          w, h, "bold", "left")
        regions.append(Region(f"group-{gid}", moved, theme.group_fill, theme.group_stroke, label))
    return regions


def _title_surroundings(model: Map, layout: Layout, measured: LayoutInput
                        ) -> tuple[list[np.ndarray], np.ndarray]:
    """The relations' lines (sampled) and the boxes of actors and label plates
    (x0, y0, x1, y1), in layout points: what a group's title may cross or cover."""
    from ._paths import sample_route

    lines = [sample_route(layout.routes[r.element_id], 12) for r in model.relations
             if r.element_id in layout.routes]
    placed = [(layout.centers[a], size) for a, size in measured.sizes.items()
              if a in layout.centers]
    placed += [(layout.labels[k], size) for k, size in measured.label_sizes.items()
               if k in layout.labels]
    boxes = np.array([(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for (x, y), (w, h) in placed],
                     dtype=float).reshape(-1, 4)
    return lines, boxes


def _title_places(regions: Sequence[tuple[Rect, float]], lines: Sequence[np.ndarray],
                  boxes: np.ndarray) -> list[float]:
    """For each region (with its title's width), where along its top its title goes, as a
    share of the way from the top left corner (0, where the layout keeps room for it) to
    the top right (1): the top right first, then TITLE_PLACES between, where fewer
    relations cross than at the top left and it covers no actor or label."""
    from ._geometry import rects_hit_by_polyline

    places = [0.0, 1.0, *(k / TITLE_PLACES for k in range(1, TITLE_PLACES))]
    rows = []
    for region, width in regions:
        free = max(0.0, region.width - width - 16)  # how far right the title can go
        rows += [(region.x0 + free * place, region.y1 - TITLE_STRIP,
                  region.x0 + free * place + width + 16, region.y1) for place in places]
    strips = np.array(rows, dtype=float).reshape(-1, 4)
    crossed = np.zeros(len(strips), dtype=int)
    for line in lines:  # one test per line against every place of every region
        crossed += rects_hit_by_polyline(line, strips)
    covered = ((boxes[:, None, 0] < strips[:, 2]) & (boxes[:, None, 2] > strips[:, 0])
               & (boxes[:, None, 1] < strips[:, 3]) & (boxes[:, None, 3] > strips[:, 1])
               ).any(axis=0)
    covered[::len(places)] = False  # the layout kept each top left clear of actors, labels
    chosen = []
    for first in range(0, len(strips), len(places)):
        best = min(range(len(places)),
                   key=lambda k: (covered[first + k], crossed[first + k], k))
        chosen.append(places[best])
    return chosen


TITLE_PLACES = 4  # a title may also stand 1/4, 2/4 or 3/4 of the way to the top right


TITLE_STRIP = 18.0  # points: the strip along a region's top that holds its title


@dataclass(frozen=True)
class _LegendRow:
    key: str
    text: tuple[tuple[str, ...], tuple[float, float]]
    look: ActorLook | None = None
    style: RelationLook | None = None
    status: str | None = None
    mark: str | None = None
    sized: bool = False  # the row that says what actor sizes mean


def _legend_rows(model: Map, theme: Theme, looks: dict[str | None, ActorLook],
                 ruler: TextRuler) -> list[_LegendRow]:
    rows = []
    for actor_type in actor_types(model):
        if actor_type is None:
            continue
        lines = wrap(model.legend.label_for(actor_type, looks[actor_type].legend), 28)
        rows.append(_LegendRow(f"actor-{actor_type}", (lines, ruler(lines, LEGEND_FONT, "normal")),
                               look=looks[actor_type]))
    styles = relation_looks(model, theme)
    # A type whose relations all have a status is explained by the status rows alone.
    used = {r.type for r in model.relations if r.status is None}
    for rtype in model.relation_types:
        if rtype.name in used:
            lines = wrap(styles[rtype.name].legend, 28)
            size = ruler(lines, LEGEND_FONT, "normal")
            rows.append(_LegendRow(f"relation-{rtype.name}", (lines, size),
                                   style=styles[rtype.name]))
    return rows + _detail_rows(model, styles, ruler)


def _legend_row(key: str, text: str, ruler: TextRuler, **what: object) -> _LegendRow:
    lines = tuple(line for part in text.split("\n") for line in wrap(part, 28))
    return _LegendRow(key, (lines, ruler(lines, LEGEND_FONT, "normal")), **what)  # type: ignore[arg-type]


def _detail_rows(model: Map, styles: dict[str, RelationLook], ruler: TextRuler
                 ) -> list[_LegendRow]:
    """Rows for tension statuses in use, for what actor sizes mean, and for a diff's marks."""
    rows = []
    used = [s for s in STATUSES if any(r.status == s for r in model.relations)]
    for status in used:
        tension = next(r.type for r in model.relations if r.status == status)
        rows.append(_legend_row(f"status-{status}", model.legend.label_for(
            status, builtin_text(status, model.lang)), ruler, style=styles[tension],
            status=status))
    if model.size_by is not None and model.actors:
        values = _measure(model, model.size_by).values()
        low, high = (f"{v:.2f}" if model.size_by == "betweenness" else f"{v:g}"
                     for v in (min(values), max(values)))
        if model.lang == "nl":
            low, high = low.replace(".", ","), high.replace(".", ",")
        rows.append(_legend_row("size", f"{builtin_text('size-' + model.size_by, model.lang)}"
                                f"\n{low} – {high}", ruler, sized=True))
    marks = {mark for _key, mark in model.marks}
    for mark in ("added", "removed"):
        if mark in marks:
            rows.append(_legend_row(f"mark-{mark}", model.legend.label_for(
                mark, builtin_text(mark, model.lang)), ruler, mark=mark))
    return rows


_SAMPLE_W = 36.0
_LEGEND_PAD = 8.0


def _row_height(row: _LegendRow) -> float:
    return max(16.0, row.text[1][1] + 4)


def _legend_columns(rows: list[_LegendRow], columns: int) -> list[list[_LegendRow]]:
    """Rows split into `columns` columns in reading order, the first ones fullest."""
    per_column = -(-len(rows) // max(1, columns))
    return [rows[k:k + per_column] for k in range(0, len(rows), per_column)]


def _column_width(column: list[_LegendRow]) -> float:
    return _SAMPLE_W + 10 + max(r.text[1][0] for r in column)


def _legend_size(rows: list[_LegendRow], title: tuple[str, ...] | None, ruler: TextRuler,
                 columns: int = 1) -> tuple[float, float]:
    split = _legend_columns(rows, columns)
    title_w, title_h = ruler(title, LEGEND_FONT, "bold") if title else (0.0, 0.0)
    height = max(sum(_row_height(r) for r in column) for column in split) + 2 * _LEGEND_PAD
    body = sum(_column_width(c) for c in split) + _COLUMN_GAP * (len(split) - 1)
    width = max(body, title_w) + 2 * _LEGEND_PAD
    return width, height + (title_h + 4 if title else 0.0)


def _legend_fit(rows: list[_LegendRow], title: tuple[str, ...] | None, room: float,
                ruler: TextRuler) -> int:
    """The most columns (so the fewest rows, and the lowest legend) whose legend fits
    `room` wide, for a legend under a drawing: every row it saves is page height the
    drawing can have."""
    best = 1
    for columns in range(2, len(rows) + 1):
        if len(_legend_columns(rows, columns)) < columns:
            continue  # the same split as fewer columns
        if _legend_size(rows, title, ruler, columns)[0] > room:
            break
        best = columns
    return best


_COLUMN_GAP = 14.0
_LEGEND_GAP = 20.0  # between the drawing and a legend beside it


def _legend_samples(row: _LegendRow, x: float, y: float, theme: Theme
                    ) -> list[Shape | Stroke]:
    """The pictures beside a legend row: for sizes, a small and a large box."""
    gid = f"legend-{row.key}"
    if row.sized:
        low, high = (12.0, 8.0), (20.0, 14.0)
        return [Shape(f"{gid}-low", "rounded", x + low[0] / 2, y, *low, theme.background,
                      theme.actor_stroke),
                Shape(f"{gid}-high", "rounded", x + _SAMPLE_W - high[0] / 2, y, *high,
                      theme.background, theme.actor_stroke)]
    if row.mark is not None:
        look = _marked_look(plain_look(theme), row.mark, theme)
        return [Shape(gid, look.shape, x + _SAMPLE_W / 2, y, 26.0, 12.0, look.fill, look.stroke,
                      None, look.line_width, look.line_style, look.halo)]
    return [_legend_sample(row, x, y, theme)]


def _legend_sample(row: _LegendRow, x: float, y: float, theme: Theme) -> Shape | Stroke:
    gid = f"legend-{row.key}"
    if row.look is not None:
        return Shape(gid, row.look.shape, x + _SAMPLE_W / 2, y, 26.0, 12.0, row.look.fill,
                     row.look.stroke)
    style = row.style
    assert style is not None
    fake_ends = (("box", (x - 1, y), (2.0, 2.0)), ("box", (x + _SAMPLE_W + 1, y), (2.0, 2.0)))
    route = ((x, y), (x + _SAMPLE_W / 2, y), (x + _SAMPLE_W, y))
    width = line_width(style, 1)
    points, heads = _stroke_geometry(route, fake_ends, style, width, row.status)  # type: ignore[arg-type]
    return Stroke(gid, _points(points, (0, 0)), style.color, width,
                  _STATUS_PATTERN.get(row.status or "", style.pattern),
                  tuple(Arrowhead(_points(np.array(p), (0, 0)), f) for p, f in heads))


def _legend(model: Map, rows: list[_LegendRow], theme: Theme, x0: float, y1: float,
            ruler: TextRuler, columns: int = 1) -> LegendBlock:
    title = wrap(model.legend.title, 30, 2) if model.legend.title else None
    width, height = _legend_size(rows, title, ruler, columns)
    texts, samples = [], []
    top = y1 - _LEGEND_PAD
    if title:
        tw, th = ruler(title, LEGEND_FONT, "bold")
        texts.append(TextBlock("legend-title", x0 + _LEGEND_PAD, top - th / 2, title,
                               LEGEND_FONT, theme.text, tw, th, "bold", "left"))
        top -= th + 4
    x = x0 + _LEGEND_PAD
    for column in _legend_columns(rows, columns):
        y = top
        for row in column:
            cy = y - _row_height(row) / 2
            samples.extend(_legend_samples(row, x, cy, theme))
            lines, (tw, th) = row.text
            texts.append(TextBlock(f"legend-{row.key}-label", x + _SAMPLE_W + 10, cy, lines,
                                   LEGEND_FONT, theme.text, tw, th, "normal", "left"))
            y -= _row_height(row)
        x += _column_width(column) + _COLUMN_GAP
    rect = Rect(x0 + width / 2, y1 - height / 2, width, height)
    return LegendBlock("legend", rect, tuple(samples), tuple(texts), theme.background,
                       theme.group_stroke)


def content_bounds(model: Map, layout: Layout, sizes: dict[str, tuple[float, float]],
                    label_sizes: dict[str, tuple[float, float]]) -> Rect:
    """The drawn extent of the map's own actors, labels, routes and regions.

    Only the map's own: a layout made for a larger map (a view) may hold more.
    """
    keys = {r.element_id for r in model.relations}
    own = Layout({a.id: layout.centers[a.id] for a in model.actors},
                 {k: p for k, p in layout.labels.items() if k in keys},
                 {k: layout.routes[k] for k in sorted(keys)},
                 {g.id: layout.groups[g.id] for g in model.groups if g.id in layout.groups})
    return drawn_bounds(own, sizes, label_sizes)


@dataclass(frozen=True)
class LayoutInput:
    """What the layout needs to know of the drawing: box sizes, in points."""

    sizes: dict[str, tuple[float, float]]  # actor id -> footprint
    label_sizes: dict[str, tuple[float, float]]  # relation element id -> label plate
    headers: dict[str, float]  # group id -> width of its title


def layout_input(model: Map, ruler: TextRuler) -> LayoutInput:
    """Box sizes that hold in every theme, so that a theme restyles but never moves.

    An actor's footprint is the largest of the shapes the themes draw it with; each
    theme then draws its own shape, centred in that footprint.
    """
    fonts = _actor_fonts(model)
    text_sizes = {a.id: _actor_text(a, ruler, fonts[a.id])[1] for a in model.actors}
    shapes_by_type: dict[str | None, set[str]] = {}
    for theme in THEMES.values():
        for actor_type, look in actor_looks(model, theme).items():
            shapes_by_type.setdefault(actor_type, set()).add(look.shape)
    sizes = {}
    for actor in model.actors:
        dims = [_shape_size(kind, text_sizes[actor.id]) for kind in
                sorted(shapes_by_type[actor.type])]
        sizes[actor.id] = (max(w for w, _ in dims), max(h for _, h in dims))
    label_sizes = {}
    for relation in model.relations:
        text = _relation_text(relation, ruler)
        if text is not None:
            label_sizes[relation.element_id] = (text[1][0] + 6, text[1][1] + 4)
    headers = {g.id: _group_label(model, g.id, ruler)[1][0] + 8 for g in model.groups}
    return LayoutInput(sizes, label_sizes, headers)




def _heading(model: Map, theme: Theme, width: float) -> list[tuple[str, tuple, float, str, str]]:
    parts = []
    if model.title:
        parts.append(("title", wrap(model.title, max(30, int(width / 8.5)), 3), TITLE_FONT,
                      "bold", theme.text))
    if model.subtitle:
        parts.append(("subtitle", wrap(model.subtitle, max(40, int(width / 5.8)), 3),
                      SUBTITLE_FONT, "normal", theme.muted_text))
    return parts


def _stack(parts: list, x: float, top: float, gap: float, ruler: TextRuler
           ) -> tuple[list[TextBlock], float]:
    """Left-aligned text blocks from `top` downwards; returns them and the bottom y."""
    blocks, y = [], top
    for gid, lines, size, weight, color in parts:
        w, h = ruler(lines, size, weight)
        blocks.append(TextBlock(gid, x, y - h / 2, lines, size, color, w, h, weight, "left"))
        y -= h + gap
    return blocks, y


@dataclass(frozen=True)
class _Frame:
    """What surrounds the drawing: heading, legend and caption, and their heights."""

    heading: list
    heading_h: float
    caption: tuple
    caption_h: float
    legend_right: bool  # beside the drawing; else under it
    columns: int  # of the legend
    below: float  # height of the legend under the drawing, with its gap
    beside: float  # width the legend takes beside the drawing, with its gap (0: none)


def _frame(model: Map, theme: Theme, rows: list[_LegendRow], ruler: TextRuler, room: float,
           bounds: Rect) -> _Frame:
    """The frame of a drawing whose extent is `bounds`, on a page `room` wide."""
    legend_title = wrap(model.legend.title, 30, 2) if model.legend.title else None
    legend_size = _legend_size(rows, legend_title, ruler) if rows else (0.0, 0.0)
    # Beside the drawing where the page has room for both and the drawing is tall
    # enough to stand beside it; under it otherwise, in as many columns as fit.
    beside = legend_size[0] + _LEGEND_GAP if rows else 0.0
    legend_right = bool(rows) and bounds.width + beside <= room \
        and bounds.height >= legend_size[1] * 0.8
    columns = 1
    if rows and not legend_right:
        columns = _legend_fit(rows, legend_title, max(room, bounds.width), ruler)
        legend_size = _legend_size(rows, legend_title, ruler, columns)
    # The picture is the page's width at least (a narrower drawing is centred on it),
    # so title and caption may take that width.
    width_guess = max(bounds.width + (beside if legend_right else 0), legend_size[0], room)
    caption = (("source", wrap(model.source, max(50, int(width_guess / 4.3)), 4),
                CAPTION_FONT, "normal", theme.muted_text),) if model.source else ()
    caption_h = ruler(caption[0][1], CAPTION_FONT, "normal")[1] + 10 if caption else 0.0
    below = 0.0 if legend_right or not rows else legend_size[1] + 16
    heading = _heading(model, theme, width_guess)
    heading_h = sum(ruler(p[1], p[2], p[3])[1] + 6 for p in heading) + (6 if heading else 0)
    return _Frame(heading, heading_h, caption, caption_h, legend_right, columns, below, beside)


@dataclass(frozen=True)
class DrawingRoom:
    """What a page leaves the drawing, in points (see drawing_room)."""

    height: float  # for a drawing as wide as the page, legend under it
    legend_width: float  # the legend beside a drawing takes this much of the width ...
    legend_height: float  # ... and gives back this much height (0, 0: no legend)


def drawing_room(model: Map, ruler: TextRuler, width: float | None,
                 legend: bool | None = None) -> DrawingRoom:
    """The height the drawing may take on a page `width` wide for the whole picture,
    with its title, legend and caption, to stay within the page's shape (PAGE_SHAPE
    widths high); and what
    the legend costs beside a narrower drawing instead of under it.

    The same in every theme (measured in the default one), so that themes never move."""
    theme = theme_named(None)
    show_legend = model.legend.show if legend is None else legend
    rows = _legend_rows(model, theme, actor_looks(model, theme), ruler) if show_legend else []
    room = page_width(width) - 2 * MARGIN
    frame = _frame(model, theme, rows, ruler, room, Rect(0.0, 0.0, room, room))
    height = (PAGE_SHAPE * page_width(width) - 2 * MARGIN - frame.heading_h - frame.below
              - frame.caption_h)
    return DrawingRoom(height, frame.beside, frame.below)


def build_scene(model: Map, layout: Layout, ruler: TextRuler,
                options: SceneOptions = SceneOptions()) -> Scene:
    """Decide everything that will be drawn, around a finished layout.

    `layout` may come from a larger map holding this one's actors and relations (a
    view); `ruler` measures text, so that this stage needs no drawing library.
    """
    theme = theme_named(options.theme or model.theme)
    looks = actor_looks(model, theme)
    measured = layout_input(model, ruler)
    bounds = content_bounds(model, layout, measured.sizes, measured.label_sizes)
    show_legend = model.legend.show if options.legend is None else options.legend
    rows = _legend_rows(model, theme, looks, ruler) if show_legend else []
    room = page_width(options.width) - 2 * MARGIN
    frame = _frame(model, theme, rows, ruler, room, bounds)
    offset = (MARGIN - bounds.x0, MARGIN + frame.caption_h + frame.below - bounds.y0)
    content_top = bounds.y1 + offset[1]
    height = content_top + frame.heading_h + MARGIN
    titles, _bottom = _stack(frame.heading, MARGIN, height - MARGIN, 6, ruler)
    legend = None
    if rows:
        lx, ly = ((bounds.x1 + offset[0] + _LEGEND_GAP, content_top) if frame.legend_right
                  else (MARGIN, MARGIN + frame.caption_h + frame.below - 16))
        legend = _legend(model, rows, theme, lx, ly, ruler, frame.columns)
    captions, _ = _stack(list(frame.caption), MARGIN, MARGIN + frame.caption_h - 4, 0, ruler)
    shapes = _shapes(model, layout, looks, offset, theme, ruler)
    right = max([bounds.x1 + offset[0]] + [t.rect.x1 for t in titles + captions]
                + ([legend.rect.x1] if legend else []))
    return Scene(
        width=round(right + MARGIN, 2), height=round(height, 2),
        title=model.title or model.name, background=theme.background,
        regions=tuple(_regions(model, layout, measured, theme, offset, ruler)),
        strokes=tuple(_strokes(model, layout, shapes, theme, offset, ruler)),
        shapes=tuple(shapes[a.id] for a in model.actors), texts=tuple(titles + captions),
        legend=legend, unrouted=layout.unrouted)
