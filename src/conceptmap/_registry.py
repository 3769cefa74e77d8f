"""The names a map or a command line may use for a layout, in one registry.

Pure data and light to import (no numpy, no networkx), so that checking a map can
name the layouts without loading any of them. Adding a layout engine is one entry
here plus its module under _layout/engines/.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LAYOUTS", "LayoutEngine", "missing_package"]


@dataclass(frozen=True)
class LayoutEngine:
    module: str  # conceptmap._layout.engines.<module>: place(graph, seed) -> unit positions
    keeps_groups: bool  # True: groups are laid out one by one, their regions stay clean
    summary: str
    # The engine draws the relations' lines too (the module's draw(), see
    # _layout/orthogonal.py), instead of leaving them to conceptmap's own routing.
    routes: bool = False
    # What it needs beyond conceptmap's own dependencies: the module it imports, the
    # extra that installs it (pip install 'conceptmap[<extra>]') and its name; None: none.
    needs: tuple[str, str, str] | None = None
    # The most relations it draws in reasonable time (None: no limit).
    most_relations: int | None = None


LAYOUTS: dict[str, LayoutEngine] = {
    "default": LayoutEngine("stress", True,
                            "stress majorization, refined by springs (groups kept together)"),
    "stress": LayoutEngine("stress_only", True,
                           "stress majorization alone, as Graphviz's neato "
                           "(groups kept together)"),
    "force": LayoutEngine("spring", True, "Fruchterman-Reingold springs (groups kept together)"),
    "kamada-kawai": LayoutEngine("kamada_kawai", True,
                                 "Kamada-Kawai energy (groups kept together)"),
    "circular": LayoutEngine("circular", False, "actors on a circle (groups ignored)"),
    "layered": LayoutEngine("layered", False,
                            "layers along the directed relations (groups ignored)"),
    "orthogonal": LayoutEngine("orthogonal", False,
                               "OGDF's planarization with orthogonal lines: fewest crossings "
                               "(groups ignored; needs pip install 'conceptmap[ogdf]')",
                               routes=True, needs=("ogdf", "ogdf", "OGDF"),
                               most_relations=150),
}


def missing_package(name: str) -> str | None:
    """For a layout whose package is not installed, how to install it; else None."""
    from importlib.util import find_spec

    needs = LAYOUTS[name].needs if name in LAYOUTS else None
    if needs is None or find_spec(needs[0]) is not None:
        return None
    _module, extra, what = needs
    return f"the {name} layout needs {what}, which is not installed: " \
        f"pip install 'conceptmap[{extra}]'"
