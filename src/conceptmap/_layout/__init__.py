"""Stage 4: place actors, relation labels and group regions; route relations.

Pure: a graph, the sizes of what will be drawn and options (the page width among
them) go in, positions come out (points, y up). Every layout is seeded, so the
same input gives the same picture. Relation labels take part in the layout as
small nodes of their own (as Graphviz does), so overlap removal keeps them clear
of actors and of each other; relations are then routed through their label and
bent around actors they do not connect.

The stages, one module each: engines/ (unit positions, one module per engine,
named in conceptmap._registry), placement (boxes in points, page fit,
compaction), groups (the group-aware wrapper), group_shapes (groups made grids and
packed where that makes them fit the page), page (how far a drawing sticks out of
the page), labels (label placement),
routing and legs (relation routes), selection (seeded starts, the best kept; a
part of a larger map, such as a view, routed at the larger map's places),
crossings (counting them), orthogonal (layouts from an engine that draws the lines
too: OGDF's planarization).
"""

from .._registry import LAYOUTS
from .base import Layout, LayoutOptions
from .crossings import count_crossings, segments_cross
from .groups import fitted_region
from .page import PAGE_SHAPE
from .selection import compute_layout, drawn_bounds, routed_at

__all__ = ["LAYOUTS", "PAGE_SHAPE", "Layout", "LayoutOptions", "compute_layout", "count_crossings",
           "drawn_bounds", "fitted_region", "routed_at", "segments_cross"]
