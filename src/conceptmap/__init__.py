"""conceptmap: YAML maps of actors, relations and tensions -> report-ready diagrams."""

from importlib import import_module
from typing import TYPE_CHECKING

from ._api import (
    DrawOptions,
    LoadResult,
    MarkdownResult,
    ViewPart,
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
    views,
    write_report,
)
from ._diagnostics import (
    ConceptmapError,
    Diagnostic,
    EngineError,
    MapError,
    OptionError,
    OutputError,
    Position,
)
from ._i18n import Localized, languages, translate, translation_warnings
from ._load import LoadLimits
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

if TYPE_CHECKING:
    from ._analysis import ActorMeasures, Analysis, Balance, Triad, analyze, format_analysis
    from ._export import ExportOptions, export
    from ._import import ImportResult, import_tables
    from ._map_schema import map_schema
    from ._series import Diff, diff, pinned, positions, view

# Names whose modules a render does not need: imported on first use (PEP 562), so that
# `import conceptmap` does not pay for exporters, importers, series and the schema.
_LAZY = {
    **dict.fromkeys(("ActorMeasures", "Analysis", "Balance", "Triad", "analyze",
                     "format_analysis"), "._analysis"),
    **dict.fromkeys(("ExportOptions", "export"), "._export"),
    **dict.fromkeys(("ImportResult", "import_tables"), "._import"),
    "map_schema": "._map_schema",
    **dict.fromkeys(("Diff", "diff", "pinned", "positions", "view"), "._series"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # later look-ups find it without calling here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "EngineError",
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
    "ViewPart",
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
    "views",
    "write_report",
]
