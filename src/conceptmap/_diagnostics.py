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
    """One problem: where it is, how bad it is and what it is."""

    path: str
    position: Position
    severity: Severity
    message: str

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def column(self) -> int:
        return self.position.column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class ConceptmapError(Exception):
    """Base class of every error conceptmap raises on purpose."""


class MapError(ConceptmapError):
    """A map could not be used; `diagnostics` says every reason, with positions."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class OutputError(ConceptmapError):
    """An output file could not be written; nothing of the old file was lost."""


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file and position so that reports are stable and read top-down."""
    return sorted(diagnostics, key=lambda d: (d.path, d.position, d.severity, d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix when a close match exists, else ''."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""
