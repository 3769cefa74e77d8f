"""conceptmap: YAML maps of actors, relations and tensions -> report-ready diagrams."""

from ._analysis import ActorMeasures, Analysis, Balance, Triad, analyze, format_analysis
from ._api import (
    DrawOptions,
    LoadResult,
    check,
    draw,
    glyph_warnings,
    layout,
    load,
    loads,
    make_scene,
    render,
    render_bytes,
)
from ._diagnostics import (
    ConceptmapError,
    Diagnostic,
    MapError,
    OptionError,
    OutputError,
    Position,
)
from ._export import ExportOptions, export
from ._import import ImportResult, import_tables
from ._load import LoadLimits
from ._map_schema import map_schema
from ._model import Actor, ActorStyle, Group, Legend, Map, Relation, RelationType

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorMeasures",
    "ActorStyle",
    "Analysis",
    "Balance",
    "ConceptmapError",
    "Diagnostic",
    "DrawOptions",
    "ExportOptions",
    "Group",
    "ImportResult",
    "Legend",
    "LoadLimits",
    "LoadResult",
    "Map",
    "MapError",
    "OptionError",
    "OutputError",
    "Position",
    "Relation",
    "RelationType",
    "Triad",
    "__version__",
    "analyze",
    "check",
    "draw",
    "export",
    "format_analysis",
    "glyph_warnings",
    "import_tables",
    "layout",
    "load",
    "loads",
    "make_scene",
    "map_schema",
    "render",
    "render_bytes",
]
