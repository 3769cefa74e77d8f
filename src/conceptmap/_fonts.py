"""Fonts: which installed font draws which character.

DejaVu Sans (shipped with matplotlib) draws Latin, Greek, Cyrillic, Arabic and
more. For a character it lacks, the first installed font that has it is used:
first the families in FALLBACK_FAMILIES (in that order), then any other
installed font, sorted by name. Measuring (_text) and drawing (_render) both ask
families_for(), so a box always fits its text, and text that needs no fallback
is drawn exactly as before. A character no installed font has is reported by
missing_glyphs(), so that it becomes a warning instead of a silent box.

matplotlib's font manager is imported on first use only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

__all__ = ["FALLBACK_FAMILIES", "PRIMARY_FAMILY", "families_for", "missing_glyphs"]

PRIMARY_FAMILY = "DejaVu Sans"
FALLBACK_FAMILIES = (
    "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC",
    "Noto Sans CJK KR", "Noto Sans CJK HK", "Noto Sans Arabic", "Noto Sans Hebrew",
    "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Gurmukhi", "Noto Sans Gujarati",
    "Noto Sans Oriya", "Noto Sans Tamil", "Noto Sans Telugu", "Noto Sans Kannada",
    "Noto Sans Malayalam", "Noto Sans Sinhala", "Noto Sans Thai", "Noto Sans Lao",
    "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Sans Tibetan", "Noto Sans Georgian",
    "Noto Sans Armenian", "Noto Sans Ethiopic", "Noto Sans Symbols", "Noto Sans Symbols2",
    "Noto Sans Symbols 2", "Noto Sans Math", "Noto Emoji", "Droid Sans Fallback",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "Yu Gothic", "Malgun Gothic", "Nirmala UI",
    "Segoe UI", "Segoe UI Symbol", "Arial Unicode MS", "FreeSans", "Unifont",
)
# Fonts that are installed but must not draw labels: TeX and size-variant math fonts,
# matplotlib's "Last Resort" boxes, and colour bitmap emoji fonts FreeType cannot scale.
_NOT_FOR_TEXT = re.compile(r"cm[a-z]+\d+|STIXSize.*|STIXNonUnicode|Last Resort.*|.*Color Emoji.*")
_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))


def needs_glyph(ch: str) -> bool:
    """False for spaces, controls, format characters and variation selectors."""
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(ch) not in _INVISIBLE


@lru_cache(maxsize=1)
def _regular_faces() -> dict[str, object]:
    """Installed family name -> the font entry closest to an upright, normal weight face."""
    from matplotlib import font_manager

    def key(entry: font_manager.FontEntry) -> tuple[bool, float, str, int]:
        weight = font_manager.weight_dict.get(entry.weight, entry.weight)
        distance = abs(float(weight) - 400) if isinstance(weight, (int, float)) else 1000.0
        return (entry.style != "normal", distance, str(entry.fname), getattr(entry, "index", 0))

    faces: dict[str, object] = {}
    for entry in sorted(font_manager.fontManager.ttflist, key=key):
        faces.setdefault(entry.name, entry)
    return faces


@lru_cache(maxsize=1)
def _ranked_families() -> tuple[str, ...]:
    """Installed families in the order they are tried: primary, preferred, the rest."""
    installed = set(_regular_faces())
    preferred = [name for name in FALLBACK_FAMILIES if name in installed]
    rest = sorted(name for name in installed - {PRIMARY_FAMILY, *preferred}
                  if not _NOT_FOR_TEXT.fullmatch(name))
    return (PRIMARY_FAMILY, *preferred, *rest)


@cache
def _charmap(family: str) -> frozenset[int]:
    """The code points a family's regular face has; empty if it cannot be used."""
    from matplotlib import font_manager

    entry = _regular_faces().get(family)
    if entry is None:
        return frozenset()
    index = getattr(entry, "index", 0)
    path = entry.fname  # type: ignore[attr-defined]
    try:
        if index and hasattr(font_manager, "FontPath"):
            path = font_manager.FontPath(path, index)
        font = font_manager.get_font(path)
        font.set_size(10, 72)  # fails for bitmap-only fonts, which cannot be scaled
        return frozenset(font.get_charmap())
    except (ValueError, RuntimeError, OSError):
        return frozenset()


@lru_cache(maxsize=65536)
def _family_for(code: int) -> str | None:
    """The first family, in rank order, with a glyph for this code point."""
    return next((name for name in _ranked_families() if code in _charmap(name)), None)


def _needed(text: str) -> set[int]:
    primary = _charmap(PRIMARY_FAMILY)
    return {ord(ch) for ch in set(text) if ord(ch) not in primary and needs_glyph(ch)}


def families_for(text: str) -> tuple[str, ...]:
    """The font families to draw (and measure) `text` with: primary first, then fallbacks.

    The fallbacks are in a fixed rank order, so each character is drawn with the
    same font whether it is measured line by line or drawn as a block.
    """
    chosen = {_family_for(code) for code in _needed(text)} - {None, PRIMARY_FAMILY}
    if not chosen:
        return (PRIMARY_FAMILY,)
    rank = {name: index for index, name in enumerate(_ranked_families())}
    return (PRIMARY_FAMILY, *sorted(chosen, key=rank.__getitem__))  # type: ignore[arg-type]


def missing_glyphs(text: str) -> tuple[str, ...]:
    """The characters of `text` that no installed font can draw, in order of appearance."""
    missing = {code for code in _needed(text) if _family_for(code) is None}
    return tuple(dict.fromkeys(ch for ch in text if ord(ch) in missing))
