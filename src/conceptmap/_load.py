"""Stage 1: map file bytes -> a YAML node tree that remembers source positions.

Only composes nodes (never constructs Python objects), so YAML tags cannot run
code. Nesting depth, alias count, alias expansion and the number of values are
bounded, so hostile documents are refused before they cost time or memory.
libyaml does the parsing when PyYAML has it (four times faster); PyYAML's
pure-Python parser words syntax errors, and is the fallback without libyaml.
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ._diagnostics import Diagnostic, MapError, Position
from ._syntax import LINE_BREAK, QuotedSpan, explain

__all__ = ["LoadLimits", "Source", "compose", "node_position", "read_source", "within"]

SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True)
class LoadLimits:
    """Bounds on what a map may cost to read and to draw.

    Size, depth, aliases and values are checked while the file is read, actors and
    relations while it is checked, so a hostile file is refused with a diagnostic
    before it has cost much time or memory.
    """

    max_bytes: int = 2 * 1024 * 1024  # file size
    max_depth: int = 64  # nesting of lists and mappings
    max_aliases: int = 1_000  # YAML aliases (*name)
    max_nodes: int = 250_000  # values in the file, with aliases expanded
    max_actors: int = 2_000  # drawing time grows quickly with the number of actors
    max_relations: int = 10_000


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


def _error(path: str, position: Position | None, message: str) -> MapError:
    return MapError([Diagnostic(path, position, "error", message)])


_LINE_BREAK = LINE_BREAK
EMPTY_MAP = "the map is empty: it needs `actors:`"


def _offset_position(text: str, offset: int) -> Position:
    """The position of a character offset, counting line breaks as YAML does."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return Position(line, offset - start + 1)


def within(text: str, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with any position past the end of the text moved onto its end.

    libyaml places an empty value at the end of a file on the line after the last one.
    """
    lengths = [len(line) for line in _LINE_BREAK.split(text)]
    moved = []
    for diagnostic in diagnostics:
        if diagnostic.position is None:  # about the whole file
            moved.append(diagnostic)
            continue
        line, column = diagnostic.line, diagnostic.column
        if line > len(lengths):
            line, column = len(lengths), lengths[-1] + 1
        column = min(column, lengths[line - 1] + 1)
        moved.append(dataclasses.replace(diagnostic, position=Position(line, column)))
    return moved


def read_source(path: str | os.PathLike[str], limits: LoadLimits = LoadLimits()) -> Source:
    """Read and decode a map file; raise MapError for anything that is not UTF-8 text."""
    name = os.fspath(path)
    try:
        if os.path.exists(name) and not os.path.isdir(name) and not os.path.isfile(name):
            raise _error(name, None, "is not a regular file (a pipe or a device?); "
                                           "save the map to a file")
        with open(name, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)  # never more than the limit
    except IsADirectoryError:
        raise _error(name, None, "is a folder, not a map file") from None
    except FileNotFoundError:
        raise _error(name, None, "no such file") from None
    except OSError as exc:
        raise _error(name, None, f"cannot read the file: {exc.strerror}") from None
    return decode_source(name, data, limits)


def decode_source(name: str, data: bytes, limits: LoadLimits = LoadLimits()) -> Source:
    """Decode map bytes as UTF-8 (a BOM is allowed), with a positioned error if not."""
    if len(data) > limits.max_bytes:
        raise _error(name, None, f"file is larger than the limit of {limits.max_bytes:,} "
                                       "bytes; refusing it (raise the limit with --max-bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(name, None, "file is UTF-16 encoded; save it as UTF-8")
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


class _Bounds:
    """Bounds on depth, aliases and values, checked as each node is composed."""

    _limits: LoadLimits
    _depth = 0
    _aliases = 0
    _nodes = 0

    def _too_deep(self) -> str:
        return f"nested deeper than {self._limits.max_depth} levels; refusing the file"

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        here = Position(event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > self._limits.max_aliases:
                raise _LimitExceeded(
                    here, f"more than {self._limits.max_aliases:,} aliases; refusing the file"
                )
        else:
            self._nodes += 1
            if self._nodes > self._limits.max_nodes:
                raise _LimitExceeded(
                    here, f"more than {self._limits.max_nodes:,} values; refusing the file")
        self._depth += 1
        if self._depth > self._limits.max_depth:
            raise _LimitExceeded(here, self._too_deep())
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


class _BoundedComposer(_Bounds, Reader, Scanner, Parser, Composer, Resolver):
    """PyYAML's pure-Python composer with bounds: slow, but with PyYAML's own messages."""

    def __init__(self, text: str, limits: LoadLimits) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)
        self._limits = limits
        self.quoted_spans: deque[QuotedSpan] = deque(maxlen=8)

    def fetch_flow_scalar(self, style: str) -> None:
        """Remember where quoted texts open and close: a quote left open shows there."""
        super().fetch_flow_scalar(style)  # type: ignore[misc]
        start, end = self.tokens[-1].start_mark, self.tokens[-1].end_mark  # type: ignore[attr-defined]
        self.quoted_spans.append(QuotedSpan(start.line, start.column, end.line, end.column - 1))

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        """Refuse deep `[[[...` while scanning, before the scanner looks far ahead."""
        if self.flow_level >= self._limits.max_depth:
            mark = self.get_mark()
            raise _LimitExceeded(Position(mark.line + 1, mark.column + 1), self._too_deep())
        super().fetch_flow_collection_start(TokenClass)  # type: ignore[misc]


@lru_cache(maxsize=1)
def _fast_composer_class() -> type | None:
    """The same composer on libyaml's parser (four times faster), if PyYAML has it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML without libyaml
        return None

    class _FastComposer(_Bounds, Composer, CParser, Resolver):  # type: ignore[misc,valid-type]
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def __init__(self, text: str, limits: LoadLimits) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._limits = limits

    return _FastComposer


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
    """Parse a source into one YAML node tree; raise MapError with positions on failure.

    libyaml parses first, when PyYAML has it; if it finds any problem other than a
    limit, PyYAML's pure-Python parser runs again to report it in its own words.
    """
    if not source.text.strip() or _only_comments(source.text):
        raise _error(source.path, None, EMPTY_MAP)
    try:
        root = _compose_fast(source, limits)
    except (yaml.YAMLError, ValueError, RecursionError):
        root = _compose_exact(source, limits)
    if root is None or (isinstance(root, ScalarNode) and root.value == ""
                        and root.tag == "tag:yaml.org,2002:null"):  # nothing but `---`
        raise _error(source.path, None, EMPTY_MAP)
    return root


def _compose_fast(source: Source, limits: LoadLimits) -> Node | None:
    fast = _fast_composer_class()
    if fast is None:
        return _compose_exact(source, limits)
    composer = fast(source.text, limits)
    try:
        root = composer.get_single_node()
        if root is not None:
            _check_expansion(root, limits)
        return root  # type: ignore[no-any-return]
    except _LimitExceeded as exc:
        raise _error(source.path, exc.position, exc.message) from None


def _compose_exact(source: Source, limits: LoadLimits) -> Node | None:
    composer: _BoundedComposer | None = None
    try:
        composer = _BoundedComposer(source.text, limits)
        root = composer.get_single_node()
        if root is not None:
            _check_expansion(root, limits)
        return root
    except _LimitExceeded as exc:
        raise _error(source.path, exc.position, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        spans = composer.quoted_spans if composer is not None else ()
        explained = explain(source.text, exc, tuple(spans))
        if explained is not None:
            raise _error(source.path, *explained) from None
        mark = exc.problem_mark or exc.context_mark
        where = Position(mark.line + 1, mark.column + 1) if mark else Position()
        raise _error(source.path, where, _yaml_message(exc)) from None
    except yaml.reader.ReaderError as exc:
        where = _offset_position(source.text, exc.position)
        raise _error(
            source.path, where, f"character {_codepoint(exc.character)} is not allowed in YAML"
        ) from None
    except RecursionError:
        raise _error(source.path, None, "nested too deeply; refusing the file") from None
    finally:
        if composer is not None:
            composer.dispose()


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _codepoint(character: str | int) -> str:
    code = character if isinstance(character, int) else ord(character)
    return f"U+{code:04X}"
