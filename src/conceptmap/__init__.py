"""conceptmap: YAML maps of actors, relations and tensions -> report-ready diagrams."""

from ._analysis import ActorMeasures, Analysis, Balance, Triad, analyze, format_analysis
from ._api import (
    DrawOptions,
    LoadResult,
    MarkdownResult,
    check,
    check_text,
    describe_map,
    draw,
    glyph_warnings,
    layout,
    load,
    loads,
    make_scene,
    render,
    render_bytes,
    render_markdown,
    write_report,
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
from ._i18n import Localized, languages, translate, translation_warnings
from ._import import ImportResult, import_tables
from ._load import LoadLimits
from ._map_schema import map_schema
from ._model import (
    Actor,
    ActorStyle,
    Group,
    Legend,
    Map,
    Relation,
    RelationType,
    View,
    ViewFilter,
)
from ._series import Diff, diff, pinned, positions, view

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorMeasures",
    "ActorStyle",
    "Analysis",
    "Balance",
    "ConceptmapError",
    "Diagnostic",
    "Diff",
    "DrawOptions",
    "ExportOptions",
    "Group",
    "ImportResult",
    "Legend",
    "LoadLimits",
    "LoadResult",
    "Localized",
    "Map",
    "MapError",
    "MarkdownResult",
    "OptionError",
    "OutputError",
    "Position",
    "Relation",
    "RelationType",
    "Triad",
    "View",
    "ViewFilter",
    "__version__",
    "analyze",
    "check",
    "check_text",
    "describe_map",
    "diff",
    "draw",
    "export",
    "format_analysis",
    "glyph_warnings",
    "import_tables",
    "languages",
    "layout",
    "load",
    "loads",
    "make_scene",
    "map_schema",
    "pinned",
    "positions",
    "render",
    "render_bytes",
    "render_markdown",
    "translate",
    "translation_warnings",
    "view",
    "write_report",
]
