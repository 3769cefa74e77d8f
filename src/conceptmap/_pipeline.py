"""The one place that sequences the stages: model -> graph -> layout (placement and
routes) -> scene, which the renderer turns into bytes (see _api.picture_bytes).

Loading and checking come before (see _api); every stage after it is pure and
receives what the stage before produced. Text is measured here, with the fonts the
renderer draws with, and handed to the layout (as box sizes) and the scene (as a
ruler), so neither of them needs a drawing library.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._diagnostics import OptionError
from ._graph import to_graph
from ._layout import Layout, LayoutOptions, compute_layout
from ._model import Map
from ._registry import LAYOUTS, missing_package
from ._scene import (
    CM,
    MARGIN,
    Scene,
    SceneOptions,
    TextRuler,
    build_scene,
    drawing_room,
    layout_input,
    page_width,
)
from ._text import measure

__all__ = ["Stages", "lay_out", "scene"]

@dataclass(frozen=True)
class Stages:
    """What the stages need to know of a drawing, beyond the map itself."""

    theme: str | None = None
    layout: str | None = None  # a name in conceptmap._registry.LAYOUTS
    legend: bool | None = None
    width: float | None = None  # the page width in points; None: a report page
    seed: int = 7
    ruler: TextRuler = measure


def layout_name(model: Map, asked: str | None) -> str:
    """The layout a map is drawn with: the one asked for, else the map's own, else the
    default. A map's own layout whose package is not installed gives way to the default
    (loading the map warned about it); one asked for, or one a map too large for it,
    is refused."""
    name = asked or model.layout or "default"
    missing = missing_package(name)
    if missing is not None:
        if asked:
            raise OptionError(missing)
        name = "default"
    most = LAYOUTS[name].most_relations
    if most is not None and len(model.relations) > most:
        raise OptionError(f"the {name} layout draws maps of up to {most} relations, and "
                          f"this map has {len(model.relations)}: choose another layout")
    return name


def lay_out(model: Map, stages: Stages = Stages()) -> Layout:
    """Where every actor, label and relation goes (points, y up), the same in every
    theme, kept within the page width where the map allows."""
    measured = layout_input(model, stages.ruler)
    graph = to_graph(model)
    for actor in model.actors:
        if actor.pos is not None:
            graph.nodes[actor.id]["pos"] = (actor.pos[0] * CM, actor.pos[1] * CM)
    room = page_width(stages.width) - 2 * MARGIN
    page = drawing_room(model, stages.ruler, stages.width, stages.legend)
    options = LayoutOptions(algorithm=layout_name(model, stages.layout),
                            seed=stages.seed, page_width=room, page_height=page.height,
                            legend_beside=(page.legend_width, page.legend_height))
    return compute_layout(graph, measured.sizes, measured.label_sizes, measured.headers,
                          options)


def scene(model: Map, stages: Stages = Stages(), layout: Layout | None = None) -> Scene:
    """What will be drawn; lays the map out first unless a finished layout is given."""
    if layout is None:
        layout = lay_out(model, stages)
    return build_scene(model, layout, stages.ruler,
                       SceneOptions(stages.theme, stages.layout, stages.seed, stages.legend,
                                    stages.width))
