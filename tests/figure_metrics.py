"""Measure the drawing quality of a rendered figure, by the gids of its artists.

`measure(figure, model)` draws the figure on an Agg canvas, reads the display-pixel
extents of texts, actor boxes, relation lines and group regions, and reports every
defect as ids, so that a failing assertion says what is wrong where. At the default
72 dpi one pixel is one point of the figure as rendered (after `--width`), so the
thresholds below are in points.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from conceptmap import Map

from .quality_geometry import (
    Box,
    Drawing,
    Line,
    coinciding_relations,
    detached_labels,
    detours,
    edge_crossings,
    grow,
    lines_under_text,
    outside,
    overlapping,
    overlapping_pairs,
    relations_through_actors,
    routes_outside,
    sharp_corners,
    shrink,
)

__all__ = ["FAULTS", "FigureMetrics", "drawing_of", "measure", "text_boxes"]

MIN_TEXT_OVERLAP = 0.5  # px²: less is rounding, not a visible overlap
BORDER = 1.0  # px: boxes shrink by this much, so that touching is not overlapping
CLIP_TOLERANCE = 0.5  # px
LEGEND = "legend"
PLATE = (3.0, 2.0)  # pt: a label's plate reaches this far beyond its text (see _render)
COINCIDE_DISTANCE = 1.5  # pt: two relations closer than this ...
COINCIDE_LENGTH = 14.0  # pt: ... for longer than this are drawn on top of each other
LABEL_REACH = 1.0  # pt: a label whose plate its line passes farther away is detached
SHARP_TURN = 30.0  # degrees a line may turn ...
SHARP_WITHIN = 3.0  # ... within this many points of its length: more is a corner


@dataclass(frozen=True)
class FigureMetrics:
    """Every defect found, by id; each list is empty for a clean drawing."""

    missing_artists: list[str]  # model elements without an artist of their gid
    text_overlaps: list[tuple[str, str]]
    clipped_texts: list[str]
    actor_overlaps: list[tuple[str, str]]
    relations_through_actors: list[tuple[str, str]]  # (relation gid, actor id)
    groups_with_non_members: list[tuple[str, str]]  # (group id, actor id)
    edge_crossings: list[tuple[str, str]]  # a count to compare, not a defect
    lines_under_text: list[tuple[str, str]]  # (relation gid, text gid): not its own
    coinciding_relations: list[tuple[str, str]]  # drawn on top of each other
    detached_labels: list[str]  # relation gids whose label does not touch the line
    routes_outside: list[str]  # relation gids whose line leaves the picture
    sharp_corners: list[str]  # relation gids whose line turns at a corner, not a curve
    detours: list[str]  # relation gids drawn twice as long as their straight way: a count
    # to compare, not a defect (a way round an actor or a label may need it)

    def counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}

    def faults(self) -> dict[str, int]:
        """The counts that a good drawing has at 0 (everything but crossings)."""
        return {name: len(getattr(self, name)) for name in FAULTS}


FAULTS = ("missing_artists", "text_overlaps", "clipped_texts", "actor_overlaps",
          "relations_through_actors", "groups_with_non_members", "lines_under_text",
          "coinciding_relations", "detached_labels", "routes_outside", "sharp_corners")


def _renderer(figure: Figure) -> RendererBase:
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) \
        else FigureCanvasAgg(figure)
    figure.draw_without_rendering()  # lays everything out as a draw does, paints nothing
    return canvas.get_renderer()


def _artists(figure: Figure) -> dict[str, Artist]:
    """gid -> artist; the first artist wins if two share a gid."""
    found: dict[str, Artist] = {}
    for artist in figure.findobj(lambda a: bool(a.get_gid())):
        found.setdefault(str(artist.get_gid()), artist)
    return found


def _box(artist: Artist, renderer: RendererBase) -> Box:
    extent = artist.get_window_extent(renderer)
    return (float(extent.x0), float(extent.y0), float(extent.x1), float(extent.y1))


def text_boxes(artists: dict[str, Artist], renderer: RendererBase) -> dict[str, Box]:
    """Every visible, non-empty text by gid, plus the legend frame as one block."""
    boxes = {gid: _box(a, renderer) for gid, a in artists.items()
             if isinstance(a, Text) and a.get_visible() and a.get_text().strip()}
    if isinstance(artists.get(LEGEND), Patch):
        boxes[LEGEND] = _box(artists[LEGEND], renderer)
    return boxes


def _text_overlaps(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    names = sorted(boxes)
    pairs = overlapping_pairs([boxes[n] for n in names], MIN_TEXT_OVERLAP)
    found = []
    for i, j in pairs:
        a, b = names[i], names[j]
        if LEGEND in (a, b) and (a.startswith(f"{LEGEND}-") or b.startswith(f"{LEGEND}-")):
            continue  # the legend's own texts sit inside its frame
        found.append((a, b))
    return found


def _polyline(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_transform().transform(line.get_xydata()), dtype=float)


def _label_plates(model: Map, artists: dict[str, Artist], texts: dict[str, Box],
                  renderer: RendererBase) -> dict[str, Box]:
    """Relation gid -> the plate behind its label (the text grown by PLATE if none)."""
    plates = {}
    for relation in model.relations:
        gid = f"{relation.element_id}-label"
        plate = artists.get(f"{gid}-plate")
        if isinstance(plate, Patch):
            plates[relation.element_id] = _box(plate, renderer)
        elif gid in texts:
            plates[relation.element_id] = grow(texts[gid], *PLATE)
    return plates


def _other_texts(model: Map, texts: dict[str, Box]) -> dict[str, Box]:
    """Texts that are neither an actor's nor a relation's label (nor inside the legend):
    title, subtitle, source, group titles, the legend frame."""
    own = {f"{x.element_id}-label" for x in (*model.actors, *model.relations)}
    legend = LEGEND in texts
    return {gid: box for gid, box in texts.items()
            if gid not in own and not (legend and gid.startswith(f"{LEGEND}-"))}


def drawing_of(model: Map, artists: dict[str, Artist], renderer: RendererBase,
               texts: dict[str, Box] | None = None, frame: Box | None = None) -> Drawing:
    """Actor boxes (by actor id), relation polylines, label plates (by relation gid) and
    the other texts, in display pixels."""
    boxes = {a.id: _box(artists[a.element_id], renderer) for a in model.actors
             if isinstance(artists.get(a.element_id), Patch)}
    lines = tuple(Line(r.element_id, r.source, r.target, _polyline(artists[r.element_id]))
                  for r in model.relations if isinstance(artists.get(r.element_id), Line2D))
    texts = text_boxes(artists, renderer) if texts is None else texts
    return Drawing(boxes, lines, _label_plates(model, artists, texts, renderer),
                   _other_texts(model, texts), frame)


def _missing(model: Map, artists: dict[str, Artist]) -> list[str]:
    wanted = [(a.element_id, Patch) for a in model.actors]
    wanted += [(r.element_id, Line2D) for r in model.relations]
    wanted += [(g.element_id, Patch) for g in model.groups]
    return [gid for gid, kind in wanted if not isinstance(artists.get(gid), kind)]


def _actor_overlaps(drawing: Drawing) -> list[tuple[str, str]]:
    ids = sorted(drawing.boxes)
    pairs = overlapping_pairs([shrink(drawing.boxes[a], BORDER) for a in ids])
    return [(ids[i], ids[j]) for i, j in pairs]


def _groups_with_non_members(model: Map, drawing: Drawing, artists: dict[str, Artist],
                             renderer: RendererBase) -> list[tuple[str, str]]:
    found = []
    actors = sorted(drawing.boxes)
    for group in model.groups:
        patch = artists.get(group.element_id)
        if not isinstance(patch, Patch):
            continue
        others = [a for a in actors if model.actor(a).group != group.id]
        hits = overlapping(_box(patch, renderer),
                           [shrink(drawing.boxes[a], BORDER) for a in others])
        found += [(group.id, others[k]) for k in np.flatnonzero(hits)]
    return sorted(found)


def measure(figure: Figure, model: Map, dpi: float | None = 72.0) -> FigureMetrics:
    """Draw the figure and list its defects; `model` tells which artist is what.

    Pixels are measured at `dpi` (72: one pixel is one point; None: the figure's own
    dpi, which for a large map at 200 dpi means drawing hundreds of megapixels).
    """
    original = figure.dpi
    if dpi is not None:
        figure.set_dpi(dpi)
    try:
        return _measure(figure, model)
    finally:
        figure.set_dpi(original)


def _measure(figure: Figure, model: Map) -> FigureMetrics:
    renderer = _renderer(figure)
    artists = _artists(figure)
    texts = text_boxes(artists, renderer)
    names = sorted(texts)
    frame = (0.0, 0.0, float(figure.bbox.width), float(figure.bbox.height))
    drawing = drawing_of(model, artists, renderer, texts, frame)
    return FigureMetrics(
        missing_artists=_missing(model, artists),
        text_overlaps=_text_overlaps(texts),
        clipped_texts=[names[i] for i in outside([texts[n] for n in names], frame,
                                                      CLIP_TOLERANCE)],
        actor_overlaps=_actor_overlaps(drawing),
        relations_through_actors=relations_through_actors(drawing, BORDER),
        groups_with_non_members=_groups_with_non_members(model, drawing, artists, renderer),
        edge_crossings=edge_crossings(drawing),
        lines_under_text=lines_under_text(drawing, BORDER),
        coinciding_relations=coinciding_relations(drawing, COINCIDE_DISTANCE,
                                                  COINCIDE_LENGTH),
        detached_labels=detached_labels(drawing, LABEL_REACH),
        routes_outside=routes_outside(drawing, CLIP_TOLERANCE),
        sharp_corners=sharp_corners(drawing, SHARP_TURN, SHARP_WITHIN),
        detours=detours(drawing),
    )
