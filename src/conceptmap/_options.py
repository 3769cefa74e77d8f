"""Drawing options a caller passes, checked and read as the command line reads them.

The library and the command line accept the same words (`width="16cm"`,
`theme="dark"`) and refuse the same mistakes with the same messages, so that what
works in a terminal works in a script.
"""

from __future__ import annotations

import re

from ._diagnostics import OptionError, did_you_mean

__all__ = ["MAX_WIDTH_PT", "UNITS", "check_choice", "width_points"]

UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
MAX_WIDTH_PT = 1000 * 72 / 2.54  # 10 metres
_WIDTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(pt|in|cm|mm|px)?\s*")


def width_points(width: float | str) -> float:
    """'16cm', '6.5in', '170mm', '400pt', '800px' or a number of points -> points."""
    if isinstance(width, str):
        match = _WIDTH.fullmatch(width)
        points = float(match.group(1)) * UNITS[match.group(2) or "pt"] if match else 0.0
    elif isinstance(width, (int, float)) and not isinstance(width, bool):
        points = float(width)
    else:
        points = 0.0
    if not 0 < points <= MAX_WIDTH_PT:
        raise OptionError(f"invalid width {width!r}: use a number with a unit, like 16cm, "
                          "6in or 170mm, or a number of points (at most 10 m)")
    return points


def check_choice(what: str, value: str | None, choices: tuple[str, ...]) -> None:
    """Refuse a name that is not one of `choices`, suggesting the nearest."""
    if value is not None and value not in choices:
        raise OptionError(f'unknown {what} "{value}"{did_you_mean(str(value), choices)}; '
                          f"choose one of: {', '.join(choices)}")
