"""Wrapping and measuring text, so that boxes can be sized before anything is drawn.

Measures with the same FreeType fonts matplotlib renders with: DejaVu Sans (it
ships with matplotlib, so Latin text measures the same on every machine), plus
installed fallback fonts for other scripts (see _fonts). matplotlib's font
manager is imported on first use only.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from ._fonts import PRIMARY_FAMILY, families_for

__all__ = ["FONT_FAMILY", "clean_text", "measure", "quiet_glyph_warnings", "wrap"]

FONT_FAMILY = PRIMARY_FAMILY
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_KEEP_FORMAT = frozenset("\u200c\u200d")  # zero-width (non-)joiners: they shape scripts


def clean_text(text: str) -> str:
    """Text as it is drawn: no control, format or bidi-override characters.

    Controls would garble a drawing (or an SVG file); invisible format characters,
    such as right-to-left overrides and soft hyphens pasted from a word processor,
    can make a label show something else than it says. Tabs become spaces and every
    kind of line break becomes a newline.
    """
    return _LINE_BREAKS.sub("\n", text).translate(_CLEAN_TABLE)


class _CleanTable(dict[int, str | None]):
    """str.translate table: drop controls (Cc), surrogates (Cs) and format characters (Cf).

    Format characters live below U+20000 and in the tag block U+E0000-U+E007F. Each
    character is looked up when first met: listing all 130,000 of them up front cost
    a cold render 60 ms.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        dropped = (char != "\n" and char not in _KEEP_FORMAT
                   and (code < 0x20000 or 0xE0000 <= code < 0xE0080)
                   and unicodedata.category(char) in ("Cc", "Cs", "Cf"))
        self[code] = " " if char == "\t" else None if dropped else char
        return self[code]


_CLEAN_TABLE = _CleanTable()


@contextmanager
def quiet_glyph_warnings() -> Iterator[None]:
    """Hide matplotlib's "Glyph ... missing" warnings: they become diagnostics instead.

    The library never prints; missing glyphs are reported by conceptmap.glyph_warnings.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from",
                                category=UserWarning)
        yield


def wrap(text: str, width: int, max_lines: int = 6, whole_words: bool = False
         ) -> tuple[str, ...]:
    """Wrap to lines of about `width` characters; explicit newlines are kept.

    Only what can be shown is wrapped: at most max_lines + 1 paragraphs of at most
    8 * width * max_lines characters each, so a huge label costs no more than a long one.
    `whole_words` (for actors' and relations' labels): words are kept whole up to 1.5
    times the width, and a third line is saved by going up to WIDER characters wider.
    """
    lines: list[str] = []
    cap = 8 * width * max_lines
    for paragraph in clean_text(text).split("\n", max_lines + 1)[: max_lines + 1]:
        if whole_words:
            pieces = _keeping_words(paragraph[:cap], width)
        else:
            pieces = textwrap.wrap(paragraph[:cap], width=width, break_long_words=True,
                                   break_on_hyphens=True)
        lines.extend(pieces or [""])
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _ellipsize(lines[max_lines - 1], width)]
    return tuple(lines)


WIDER = 2  # characters a label of three lines or more may run over its width to save a
# line, so that "Zuivelcoöperatie en veevoerindustrie" is two lines, not three


def _keeping_words(text: str, width: int) -> list[str]:
    # A compound word (Dutch has many) stays whole up to 1.5 widths: broken at an
    # arbitrary letter ("Tuinbouwo / rganisatie") it cannot be read.
    longest = width + width // 2
    text = " ".join(piece for word in text.split()
                    for piece in textwrap.wrap(word, longest, break_on_hyphens=False))
    lines = _greedy(text, width)
    if len(lines) <= 2:  # one line instead of two would be a longer plate
        return lines
    for wider in range(width + 1, width + WIDER + 1):
        fewer = _greedy(text, wider)
        if len(fewer) < len(lines):
            return fewer
    return lines


def _greedy(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True)


def _ellipsize(line: str, width: int) -> str:
    return (line[: max(1, width - 1)].rstrip() + "…") if line else "…"


@lru_cache(maxsize=4)
def _renderer() -> object:
    # The Agg renderer at 72 dpi measures in points exactly as matplotlib lays out text.
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)


@lru_cache(maxsize=256)
def _font_properties(size: float, weight: str, families: tuple[str, ...]) -> object:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=list(families), size=size, weight=weight)


@lru_cache(maxsize=65536)
def _line_width(line: str, size: float, weight: str) -> float:
    renderer = _renderer()
    properties = _font_properties(size, weight, families_for(line))
    with quiet_glyph_warnings():
        width, _height, _descent = renderer.get_text_width_height_descent(  # type: ignore[attr-defined]
            line, properties, ismath=False
        )
    return float(width)


def line_height(size: float) -> float:
    """Baseline-to-baseline distance matplotlib uses for multi-line text (points)."""
    return size * 1.2


def measure(lines: tuple[str, ...], size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of a block of lines at `size` pt."""
    width = max((_line_width(line, size, weight) for line in lines), default=0.0)
    return width, line_height(size) * max(1, len(lines))
