"""Wrapping and measuring text, so that boxes can be sized before anything is drawn.

Measures with the same FreeType font matplotlib renders with (DejaVu Sans ships
with matplotlib, so sizes are the same on every machine). matplotlib's font
manager is imported on first use only.
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache

__all__ = ["FONT_FAMILY", "clean_text", "measure", "wrap"]

FONT_FAMILY = "DejaVu Sans"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text: str) -> str:
    """Drop control and bidi-override characters that would garble a drawing."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" " if ch == "\t" else ch)
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def wrap(text: str, width: int, max_lines: int = 6) -> tuple[str, ...]:
    """Wrap to lines of about `width` characters; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        pieces = textwrap.wrap(paragraph, width=width, break_long_words=True,
                               break_on_hyphens=True) or [""]
        lines.extend(pieces)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _ellipsize(lines[max_lines - 1], width)]
    return tuple(lines)


def _ellipsize(line: str, width: int) -> str:
    return (line[: max(1, width - 1)].rstrip() + "…") if line else "…"


@lru_cache(maxsize=4)
def _renderer() -> object:
    # The Agg renderer at 72 dpi measures in points exactly as matplotlib lays out text.
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)


@lru_cache(maxsize=8)
def _font_properties(size: float, weight: str) -> object:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONT_FAMILY, size=size, weight=weight)


@lru_cache(maxsize=65536)
def _line_width(line: str, size: float, weight: str) -> float:
    renderer = _renderer()
    width, _height, _descent = renderer.get_text_width_height_descent(  # type: ignore[attr-defined]
        line, _font_properties(size, weight), ismath=False
    )
    return float(width)


def line_height(size: float) -> float:
    """Baseline-to-baseline distance matplotlib uses for multi-line text (points)."""
    return size * 1.2


def measure(lines: tuple[str, ...], size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of a block of lines at `size` pt."""
    width = max((_line_width(line, size, weight) for line in lines), default=0.0)
    return width, line_height(size) * max(1, len(lines))
