"""Imported by the process that batch workers are forked from: warms it up once.

`render --jobs N` on Linux starts its workers from a fork server (see
_batch._pool_context). Importing this module there draws a small map to SVG and PNG
in memory, so that the imports (matplotlib, scipy, networkx), the font list, the
glyph tables and the text caches are made once, in that server, and every worker
forked from it starts warm instead of paying for them itself. Fonts opened here are
not shared: matplotlib empties its cache of open font files in a forked child.
"""

from __future__ import annotations

__all__ = ["warm_up"]

_SMALL_MAP = """\
title: Opwarmen
groups: {g: Groep}
actors:
  a: {label: Een actor, type: een, group: g}
  b: {label: Nog een, type: twee, group: g}
  c: Derde
relations:
  - {from: a, to: b, type: tension, label: spanning}
  - {from: b, to: c, type: information}
  - {from: c, to: a, type: cooperation}
"""


def warm_up() -> None:
    """Draw a small map as every worker would, keeping nothing but the caches.

    Best effort: a failure here only means that the workers warm up themselves."""
    try:
        from ._api import DrawOptions, glyph_warnings, loads, make_scene, pictures, render_options

        model = loads(_SMALL_MAP, path="warm.yaml")
        glyph_warnings(model)
        options = DrawOptions()
        pictures(make_scene(model, options), ("svg", "png"), render_options(model, options))
    except Exception:  # warming is an optimisation: never a reason to fail
        pass


warm_up()
