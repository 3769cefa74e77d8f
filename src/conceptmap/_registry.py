"""The names a map or a command line may use for a layout, in one registry.

Pure data and light to import (no numpy, no networkx), so that checking a map can
name the layouts without loading any of them. Adding a layout engine is one entry
here plus its module under _layout/engines/.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LAYOUTS", "LayoutEngine"]


@dataclass(frozen=True)
class LayoutEngine:
    module: str  # conceptmap._layout.engines.<module>: place(graph, seed) -> unit positions
    keeps_groups: bool  # True: groups are laid out one by one, their regions stay clean
    summary: str


LAYOUTS: dict[str, LayoutEngine] = {
    "default": LayoutEngine("stress", True,
                            "stress majorization, refined by springs (groups kept together)"),
    "force": LayoutEngine("spring", True, "Fruchterman-Reingold springs (groups kept together)"),
    "kamada-kawai": LayoutEngine("kamada_kawai", True,
                                 "Kamada-Kawai energy (groups kept together)"),
    "circular": LayoutEngine("circular", False, "actors on a circle (groups ignored)"),
    "layered": LayoutEngine("layered", False,
                            "layers along the directed relations (groups ignored)"),
}
