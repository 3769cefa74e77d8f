"""Exporters: the map in the formats of other tools, kept in one registry.

Exporters read the model (and, for positions, the layout), never the renderer, so the
same map gives the same text, byte for byte. To add a format, write a function
`(Map, ExportOptions) -> str` and add one Exporter to EXPORTERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from ._export_common import ExportOptions
from ._export_dot import to_dot
from ._export_graph import to_gexf, to_graphml
from ._export_json import to_json
from ._export_mermaid import to_mermaid
from ._model import Map

__all__ = ["EXPORTERS", "EXPORT_FORMATS", "ExportOptions", "Exporter", "export",
           "format_for_path"]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffixes: tuple[str, ...]  # file extensions that choose this format, with the dot
    write: Callable[[Map, ExportOptions], str]
    description: str
    positions: bool = False  # can add the computed layout (ExportOptions.positions)


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("dot", (".dot", ".gv"), to_dot, "Graphviz DOT, in the picture's colours"),
    Exporter("mermaid", (".mmd", ".mermaid"), to_mermaid,
             "Mermaid flowchart (Markdown, GitHub, GitLab)"),
    Exporter("graphml", (".graphml",), to_graphml, "GraphML (yEd, Cytoscape, Gephi)"),
    Exporter("gexf", (".gexf",), to_gexf, "GEXF (Gephi)"),
    Exporter("json", (".json",), to_json, "the map as JSON, every default filled in",
             positions=True),
)}
EXPORT_FORMATS = tuple(EXPORTERS)


def format_for_path(path: str) -> str | None:
    """The export format a file name's extension asks for, or None."""
    suffix = PurePath(path).suffix.lower()
    return next((e.name for e in EXPORTERS.values() if suffix in e.suffixes), None)


def export(model: Map, fmt: str, options: ExportOptions = ExportOptions()) -> str:
    """The map as text in one of EXPORT_FORMATS."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; choose from "
                         f"{', '.join(EXPORT_FORMATS)}")
    return EXPORTERS[fmt].write(model, options)
