"""Themes: the colours and line styles a map is drawn with. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from ._colors import hex_rgb

__all__ = ["THEMES", "Theme", "contrast_text", "mix", "theme_named", "to_hex"]

# Okabe & Ito (2008): distinguishable with the common forms of colour blindness.
OKABE_ITO = ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted_text: str
    group_fill: str
    group_stroke: str
    actor_colors: tuple[str, ...]
    actor_fill_mix: float  # how far each actor colour is blended into the background
    actor_stroke: str
    label_background: str
    relation_colors: dict[str, str]
    extra_relation_colors: tuple[str, ...]
    vary_shapes: bool = False  # print: shapes carry the type when colour cannot
    highlight: str = "#F5E14B"  # a highlighter's colour: what a diff adds


LIGHT = Theme(
    name="light", background="#ffffff", text="#1a1a1a", muted_text="#555555",
    group_fill="#eef1f5", group_stroke="#b8c0cc", actor_colors=OKABE_ITO, actor_fill_mix=0.55,
    actor_stroke="#404040", label_background="#ffffff",
    relation_colors={"tension": "#D55E00", "cooperation": "#009E73", "information": "#0072B2",
                     "control": "#333333", "influence": "#CC79A7"},
    extra_relation_colors=("#E69F00", "#56B4E9", "#000000", "#7f7f7f"),
)
DARK = Theme(
    name="dark", background="#1e2127", text="#eceff4", muted_text="#aab1bd",
    group_fill="#2a2f38", group_stroke="#4b5363", actor_colors=OKABE_ITO, actor_fill_mix=0.35,
    actor_stroke="#d8dee9", label_background="#1e2127",
    relation_colors={"tension": "#FF7A3D", "cooperation": "#2BC19A", "information": "#5AB0F0",
                     "control": "#E5E9F0", "influence": "#E59BC8"},
    extra_relation_colors=("#F0C05A", "#9ED6F5", "#ffffff", "#a0a0a0"),
    highlight="#8C7A12",
)
PRINT = Theme(
    name="print", background="#ffffff", text="#000000", muted_text="#333333",
    group_fill="#f2f2f2", group_stroke="#8c8c8c",
    # Type i gets shape i % 5 and grey i % 7: types that share a shape differ in grey.
    actor_colors=("#ffffff", "#d9d9d9", "#b0b0b0", "#ececec", "#c8c8c8", "#8f8f8f", "#e3e3e3"),
    actor_fill_mix=0.0, actor_stroke="#000000", label_background="#ffffff",
    relation_colors={"tension": "#000000", "cooperation": "#4d4d4d", "information": "#000000",
                     "control": "#000000", "influence": "#333333"},
    extra_relation_colors=("#000000", "#404040"),
    vary_shapes=True,
    highlight="#c4c4c4",
)
THEMES = {t.name: t for t in (LIGHT, DARK, PRINT)}


def theme_named(name: str | None) -> Theme:
    return THEMES[name or "light"]


def _rgb(color: str) -> tuple[float, float, float]:
    rgb = hex_rgb(color)
    if rgb is not None:
        return rgb
    from matplotlib.colors import to_rgb  # only for colour names given in a map

    return to_rgb(color)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def to_hex(color: str) -> str:
    """A colour name or hex code as #rrggbb (for formats that know fewer names)."""
    return _hex(_rgb(color))


def mix(color: str, other: str, amount: float) -> str:
    """Blend `amount` (0..1) of `other` into `color`."""
    a, b = _rgb(color), _rgb(other)
    return _hex(tuple(x * (1 - amount) + y * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def _luminance(color: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_text(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG contrast)."""
    lum = _luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
