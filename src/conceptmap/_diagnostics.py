"""Diagnostics: problems found in a map, each tied to a position in its source."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how bad it is and what it is.

    `position` is None for a problem with the file as a whole (it does not exist, it
    is empty, it is too large): such a message has no line to point at, and a made-up
    `1:1` would send the reader to the wrong place.
    """

    path: str
    position: Position | None
    severity: Severity
    message: str

    @property
    def line(self) -> int | None:
        return self.position.line if self.position else None

    @property
    def column(self) -> int | None:
        return self.position.column if self.position else None

    def __str__(self) -> str:
        where = f":{self.line}:{self.column}" if self.position else ""
        return f"{self.path}{where}: {self.severity}: {self.message}"


class ConceptmapError(Exception):
    """Base class of every error conceptmap raises on purpose."""


class MapError(ConceptmapError):
    """A map could not be used; `diagnostics` says every reason, with positions."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class OutputError(ConceptmapError):
    """An output file could not be written; nothing of the old file was lost."""


class EngineError(ConceptmapError):
    """A layout engine outside conceptmap (OGDF) failed to draw a map."""


class OptionError(ConceptmapError, ValueError):
    """A library call got an argument it cannot use (an unknown theme, a bad width...)."""


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file and position so that reports are stable and read top-down."""
    return sorted(diagnostics, key=lambda d: (d.path, d.position is not None,
                                              d.position or Position(0, 0), d.severity,
                                              d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix when a close match exists, else ''."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""
