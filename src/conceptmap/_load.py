"""Stage 1: map file bytes -> a YAML node tree that remembers source positions.

Only composes nodes (never constructs Python objects), so YAML tags cannot run
code. Nesting depth, alias count and alias expansion are bounded, so hostile
documents are refused before they cost time or memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ._diagnostics import Diagnostic, MapError, Position

__all__ = ["LoadLimits", "Source", "compose", "node_position", "read_source"]

SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True)
class LoadLimits:
    """Bounds on what a map file may cost to read."""

    max_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 1_000
    max_nodes: int = 2_000_000


@dataclass(frozen=True)
class Source:
    """A map's text and the name diagnostics use for it."""

    path: str
    text: str


class _LimitExceeded(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def node_position(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _error(path: str, position: Position, message: str) -> MapError:
    return MapError([Diagnostic(path, position, "error", message)])


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    line = before.count("\n") + 1
    return Position(line, offset - (before.rfind("\n") + 1) + 1)


def read_source(path: str | os.PathLike[str], limits: LoadLimits = LoadLimits()) -> Source:
    """Read and decode a map file; raise MapError for anything that is not UTF-8 text."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        raise _error(name, Position(), "is a folder, not a map file") from None
    except FileNotFoundError:
        raise _error(name, Position(), "no such file") from None
    except OSError as exc:
        raise _error(name, Position(), f"cannot read the file: {exc.strerror}") from None
    return decode_source(name, data, limits)


def decode_source(name: str, data: bytes, limits: LoadLimits = LoadLimits()) -> Source:
    """Decode map bytes as UTF-8 (a BOM is allowed), with a positioned error if not."""
    if len(data) > limits.max_bytes:
        raise _error(
            name, Position(), f"file is larger than the limit of {limits.max_bytes:,} bytes"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(name, Position(), "file is UTF-16 encoded; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8-sig", errors="replace")
        raise _error(
            name,
            _offset_position(good, len(good)),
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None
    if "\x00" in text:
        raise _error(name, _offset_position(text, text.index("\x00")), "file contains a NUL byte; "
                     "it looks like a binary file, not a map")
    return Source(name, text)


class _BoundedComposer(Reader, Scanner, Parser, Composer, Resolver):
    """PyYAML's pure-Python composer with bounds on depth and aliases."""

    def __init__(self, text: str, limits: LoadLimits) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)
        self._limits = limits
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        here = Position(event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > self._limits.max_aliases:
                raise _LimitExceeded(
                    here, f"more than {self._limits.max_aliases:,} aliases; refusing the file"
                )
        self._depth += 1
        if self._depth > self._limits.max_depth:
            raise _LimitExceeded(
                here, f"nested deeper than {self._limits.max_depth} levels; refusing the file"
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: Node, limits: LoadLimits) -> None:
    """Count the nodes the tree has once aliases are expanded, without expanding them."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = total
            in_progress.discard(key)
            if total > limits.max_nodes:
                raise _LimitExceeded(
                    node_position(node),
                    f"aliases expand to more than {limits.max_nodes:,} values; refusing the file",
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise _LimitExceeded(node_position(node), "an alias refers to itself (a cycle)")
        in_progress.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.problem, exc.context) if part]
    message = "; ".join(parts) if parts else "invalid YAML"
    return f"YAML syntax error: {message}"


def compose(source: Source, limits: LoadLimits = LoadLimits()) -> Node:
    """Parse a source into one YAML node tree; raise MapError with positions on failure."""
    if not source.text.strip() or _only_comments(source.text):
        raise _error(source.path, Position(), "file is empty; a map needs at least `actors:`")
    composer: _BoundedComposer | None = None
    try:
        composer = _BoundedComposer(source.text, limits)
        root = composer.get_single_node()
        if root is not None:
            _check_expansion(root, limits)
    except _LimitExceeded as exc:
        raise _error(source.path, exc.position, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(mark.line + 1, mark.column + 1) if mark else Position()
        raise _error(source.path, where, _yaml_message(exc)) from None
    except yaml.reader.ReaderError as exc:
        where = _offset_position(source.text, exc.position)
        raise _error(
            source.path, where, f"character {_codepoint(exc.character)} is not allowed in YAML"
        ) from None
    except RecursionError:
        raise _error(source.path, Position(), "nested too deeply; refusing the file") from None
    finally:
        if composer is not None:
            composer.dispose()
    if root is None:
        raise _error(source.path, Position(), "file is empty; a map needs at least `actors:`")
    return root


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _codepoint(character: str | int) -> str:
    code = character if isinstance(character, int) else ord(character)
    return f"U+{code:04X}"
