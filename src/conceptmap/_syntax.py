"""Plain words for YAML syntax errors, at the place the user has to edit.

PyYAML says where its parser got stuck ("mapping values are not allowed here",
"expected <block end>"), which is often not where the slip is, and never what to do.
Each rule here recognises one everyday slip from the parser's error and the text
around it, and words it at the place to edit; anything unrecognised keeps the
parser's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import yaml

from ._diagnostics import Position

__all__ = ["LINE_BREAK", "QuotedSpan", "explain"]

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts
CURLY_QUOTES = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb"  # “”„‟‘’‚‛«»
# Each pattern reads a line in one pass: no two parts can match the same spaces.
_KEY = (r"(?P<lead>[ \t]*(?:-[ \t]+)*)(?!-[ \t])"
        r"(?P<key>[^\s#:'\"{\[](?:[^:#{}\[\]]*[^\s:#{}\[\]])?)[ \t]*:")
_KEY_VALUE = re.compile(_KEY + r"[ \t]+")
_KEY_ALONE = re.compile(_KEY + r"[ \t]*(?:#.*)?$")
_FLOW_KEY_VALUE = re.compile(r"[{,][ \t]*(?P<key>[^\s,{}\[\]:#](?:[^,{}:#]*[^\s,{}:#])?)"
                             r"[ \t]*:[ \t]+"
                             r"(?P<value>[^,{}]*)$")


@dataclass(frozen=True)
class QuotedSpan:
    """Where a quoted text opened and closed (0-based line and column of each quote)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class _Context:
    lines: list[str]
    error: yaml.MarkedYAMLError
    quotes: Sequence[QuotedSpan]  # the last quoted texts the scanner read, oldest first

    @property
    def problem(self) -> str:
        return self.error.problem or ""

    @property
    def context(self) -> str:
        return self.error.context or ""

    def at(self, mark: yaml.Mark | None) -> tuple[int, int]:
        if mark is None or mark.column >= _MAX_LINE:
            raise ValueError("no position, or too far right to read the line around it")
        return mark.line, mark.column

    def line(self, number: int) -> str:
        return _head(self.lines[number]) if 0 <= number < len(self.lines) else ""


_MAX_LINE = 1000  # characters of a line the rules read: keys and slips sit near its start


def _head(text: str) -> str:
    return text[:_MAX_LINE]


def _short(text: str, limit: int = 40) -> str:
    """A piece of the map quoted in a message: a hostile map cannot make it long."""
    return text if len(text) <= limit else text[:limit].rstrip() + "\u2026"


_Rule = Callable[[_Context], "tuple[Position, str] | None"]


def explain(text: str, error: yaml.MarkedYAMLError, quotes: Sequence[QuotedSpan] = ()
            ) -> tuple[Position, str] | None:
    """(where to edit, what to do) for a recognised slip, or None."""
    context = _Context(LINE_BREAK.split(text), error, quotes)
    for rule in _RULES:
        try:
            found = rule(context)
        except Exception:  # wording must never hide the error itself: fall back to YAML's
            found = None
        if found is not None:
            return found
    return None


def _pos(line: int, column: int) -> Position:
    return Position(line + 1, column + 1)


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _indent_to(count: int) -> str:
    return f"indent it {_spaces(count)}" if count else "start it at the beginning of the line"


def _indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _is_content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _quoted(value: str) -> str:
    """The value in straight quotes, curly quotes around it replaced."""
    value = value.strip()
    if len(value) >= 2 and value[0] in CURLY_QUOTES and value[-1] in CURLY_QUOTES:
        value = value[1:-1]
    if len(value) > 120:
        return '"..."'  # too long to repeat: the reader sees where
    if '"' in value:
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\") + '"'


def _apostrophe_hint(quote: str) -> str:
    if quote != "'":
        return ""
    return (", or, if the ' belongs to the text (as in 't Hof), put the whole value "
            "in double quotes")


def _unclosed_quote(c: _Context) -> tuple[Position, str] | None:
    if "quoted scalar" not in c.context or "end of stream" not in c.problem:
        return None
    line, column = c.at(c.error.context_mark)
    quote = c.line(line)[column]
    return _pos(line, column), (
        f"this quote {quote} is never closed, so the text runs on to the end of the file; "
        f"end the text with {quote}{_apostrophe_hint(quote)}")


def _quote_closed_late(c: _Context) -> tuple[Position, str] | None:
    """A quote closed only by the opening quote of a later value ('t Hof ... 'B')."""
    line, column = c.at(c.error.problem_mark)
    for span in reversed(c.quotes):
        if (span.end_line, span.end_column) > (line, column):
            continue
        if span.end_line != line or span.start_line == span.end_line:
            return None
        quote = c.line(span.start_line)[span.start_column]
        return _pos(span.start_line, span.start_column), (
            f"this quote {quote} is closed only by the {quote} on line {span.end_line + 1}, "
            f"so all the lines between are read as one text; end the text with {quote} "
            f"on this line{_apostrophe_hint(quote)}")
    return None


def _tab(c: _Context) -> tuple[Position, str] | None:
    if "'\\t' that cannot start any token" not in c.problem:
        return None
    line, column = c.at(c.error.problem_mark)
    if c.line(line)[:column].strip():
        return _pos(line, column), "a tab cannot stand here in YAML; use spaces instead"
    return _pos(line, column), "tabs cannot indent YAML; indent with spaces"


def _cannot_start(c: _Context) -> tuple[Position, str] | None:
    match = re.fullmatch(r"found character '(.)' that cannot start any token", c.problem)
    alias = re.fullmatch(r"found undefined alias '(.*)'", c.problem)
    dash = c.problem == "sequence entries are not allowed here"
    if match is None and alias is None and not dash:
        return None
    line, column = c.at(c.error.problem_mark)
    text = c.line(line)
    value = text[column:].split(" #")[0].strip()
    if re.search(r"[{\[]", text[:column]):  # in a {...} or [...]: the value ends at , } ]
        value = re.split(r"[,}\]]", value)[0].strip()
    if dash:
        return _pos(line, column), (
            'a value cannot start with "- " in YAML (it starts a list); if the "-" belongs '
            f"to the text, put the value in quotes: {_quoted(value)}")
    if match is not None:
        return _pos(line, column), (
            f'a value cannot start with "{match.group(1)}" in YAML; put the value in '
            f"quotes: {_quoted(value)}")
    return _pos(line, column), (
        f'"*" starts a reference to an anchor in YAML, and there is no anchor '
        f'"&{alias.group(1) if alias else ""}"; if the "*" belongs to the text, put the '
        f"value in quotes: {_quoted(value)}")


def _bad_escape(c: _Context) -> tuple[Position, str] | None:
    match = re.fullmatch(r"found unknown escape character '?(.*?)'?", c.problem)
    if match is None or "double-quoted" not in c.context:
        return None
    line, column = c.at(c.error.problem_mark)
    return _pos(line, column - 1), (
        f'in double quotes a backslash starts an escape, and "\\{match.group(1)}" is none; '
        "write \\\\ for a backslash, or put the text in single quotes")


def _colon_message(key: str, value: str) -> str:
    key = _short(key)
    curly = sorted({ch for ch in value if ch in CURLY_QUOTES})
    note = ""
    if curly:
        note = (f"; the curly quotes {' '.join(curly)} (from a word processor) are not "
                "quotes to YAML")
    return (f'the value of "{key}" holds ": " (a colon and a space), which YAML reads as '
            f"the start of a new key{note}; put the value in straight quotes: "
            f"{key}: {_quoted(value)}")


def _colon_in_value(c: _Context) -> tuple[Position, str] | None:
    if c.problem != "mapping values are not allowed here":
        return None
    line, column = c.at(c.error.problem_mark)
    text = c.line(line)
    match = _KEY_VALUE.match(text)
    if match is None or match.end() > column:
        return None
    value = text[match.end():].split(" #")[0].rstrip()
    return _pos(line, match.end()), _colon_message(match.group("key"), value)


def _colon_in_flow_value(c: _Context) -> tuple[Position, str] | None:
    if not c.problem.startswith("expected ',' or '}'") or not c.problem.endswith("':'"):
        return None
    line, column = c.at(c.error.problem_mark)
    text = c.line(line)
    match = _FLOW_KEY_VALUE.search(text[:column])
    if match is None:
        return None
    rest = re.match(r"[^,{}]*", text[match.start("value"):])
    value = rest.group(0).rstrip() if rest else ""
    return _pos(line, match.start("value")), _colon_message(match.group("key"), value)


def _unclosed_flow(c: _Context) -> tuple[Position, str] | None:
    if c.context not in ("while parsing a flow mapping", "while parsing a flow sequence"):
        return None
    line = c.at(c.error.problem_mark)[0]
    start_line, start_column = c.at(c.error.context_mark)
    if line == start_line:
        return None
    opening = c.line(start_line)[start_column]
    closing = {"{": "}", "[": "]"}.get(opening)
    if closing is None:
        return None
    return _pos(start_line, start_column), (
        f'this "{opening}" is not closed by a "{closing}" before line {line + 1}; '
        f'end it with "{closing}" on this line')


def _continued_value(c: _Context) -> tuple[Position, str] | None:
    """`label: A` then `  type: x` indented deeper: YAML reads "A type" as the label."""
    if c.problem != "mapping values are not allowed here":
        return None
    line, column = c.at(c.error.problem_mark)
    text = c.line(line)
    key = re.sub(r"^-[ \t]+", "", text[:column].strip()).strip()
    if not key or ":" in key:
        return None
    indent = text.index(key)
    key = _short(key)
    for above in range(line - 1, -1, -1):
        owner = _KEY_VALUE.match(c.line(above))
        if owner is None or _indentation(c.line(above)) >= indent:
            continue
        owner_key = _short(owner.group("key"))
        owner_indent = owner.start("key")
        return _pos(line, indent), (
            f'"{key}" is indented more than "{owner_key}" on line {above + 1}, so YAML '
            f'reads it as more text of the value of "{owner_key}"; to make "{key}" a key '
            f'next to "{owner_key}", {_indent_to(owner_indent)}')
    return None


@dataclass(frozen=True)
class _Level:
    indent: int
    line: int
    name: str  # a key, or "" for a list item


def _open_levels(lines: list[str], line: int) -> list[_Level]:
    """The keys and list items above `line` that a line below could still belong to."""
    levels: list[_Level] = []
    limit = len(lines[line]) + 1 if line < len(lines) else 10**6
    for above in range(line - 1, -1, -1):
        text = _head(lines[above])
        if not _is_content(text):
            continue
        item = re.match(r"([ \t]*)-[ \t]+(?=\S)", text)
        key = _KEY_VALUE.match(text) or _KEY_ALONE.match(text)
        if key is not None and key.start("key") < limit:
            levels.append(_Level(key.start("key"), above, key.group("key")))
            limit = key.start("key")
        if item is not None and len(item.group(1)) < limit:
            levels.append(_Level(len(item.group(1)), above, ""))
            limit = len(item.group(1))
        if limit == 0:
            break
    return levels


def _off_indentation(c: _Context) -> tuple[Position, str] | None:
    if not c.problem.startswith("expected <block end>") or "block" not in c.context:
        return None
    line, column = c.at(c.error.problem_mark)
    text = c.line(line)
    what = re.match(r"(-[ \t]+)?([^:#\s](?:[^:#]*[^:#\s])?)[ \t]*:(\s|$)", text[column:])
    if what is None or text[:column].strip():
        return None
    name = f'the key "{_short(what.group(2))}"'
    if what.group(1):
        name = "this list item"
    levels = _open_levels(c.lines, line)
    deeper = [level for level in levels if level.indent > column]
    shallower = [level for level in levels if level.indent < column]
    same_item = next((level for level in levels
                      if level.indent == column and not level.name), None)
    options = []
    if deeper:
        options.append(min(deeper, key=lambda level: level.indent))
    parent = max(shallower, key=lambda level: level.indent) if shallower else None
    # a key just inside a list item belongs in it: going further out is no advice
    if parent is not None and (parent.name or what.group(1)) and same_item is None:
        options.append(parent)
    if not options:
        return None
    advice = ", or ".join(
        f"{_indent_to(level.indent)} to go with {_level_name(level)} (line {level.line + 1})"
        for level in options)
    advice = advice.replace(", or indent it ", ", or ")
    if same_item is not None and not what.group(1):
        return _pos(line, column), (
            f'{name} is indented {_spaces(column)}, as the "-" of the list item on line '
            f"{same_item.line + 1} is, so it is not part of that item; {advice}")
    return _pos(line, column), (
        f"{name} is indented {_spaces(column)}, which lines up with nothing above it; "
        f"{advice}")


def _level_name(level: _Level) -> str:
    return f'"{_short(level.name)}"' if level.name else "the list item"


def _missing_colon(c: _Context) -> tuple[Position, str] | None:
    if "simple key" not in c.context or "could not find expected ':'" not in c.problem:
        return None
    line, column = c.at(c.error.context_mark)
    word = _short(c.line(line)[column:].split(" #")[0].strip())
    if not word:
        return None
    return _pos(line, column), (
        f'"{word}" has no ":" after it; write "{word}:" if it is a key, or, if it '
        "continues the text above, put that whole text in quotes")


_RULES: tuple[_Rule, ...] = (
    _unclosed_quote, _quote_closed_late, _tab, _cannot_start, _bad_escape,
    _colon_in_value, _colon_in_flow_value, _unclosed_flow, _continued_value,
    _off_indentation, _missing_colon,
)
