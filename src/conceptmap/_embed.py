"""Maps inside Markdown: find the fenced ```conceptmap blocks and put image links in.

markdown-it-py finds the blocks as a CommonMark reader sees them (in list items and
block quotes, not inside another fence, not in an indented code block), with their
lines. Positions in a block's YAML are moved to where they are in the document, so
diagnostics point into the Markdown file. Nothing here draws or writes files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._diagnostics import Diagnostic, Position

__all__ = ["LANGUAGE", "MapBlock", "find_blocks", "image_link", "in_document", "with_links"]

LANGUAGE = "conceptmap"  # the fence's info string: ```conceptmap


@dataclass(frozen=True)
class MapBlock:
    """One fenced map in a document."""

    number: int  # from 1, in document order
    start: int  # index (from 0) of the opening fence line
    end: int  # index of the first line after the block (after its closing fence)
    text: str  # the YAML, as the fence holds it
    indent: int  # columns in front of the YAML on the document's lines (list item, "> ")


def find_blocks(document: str) -> list[MapBlock]:
    """Every ```conceptmap (or ~~~conceptmap) block, in document order."""
    from markdown_it import MarkdownIt

    lines = document.splitlines()
    blocks = []
    for token in MarkdownIt("commonmark").parse(document):
        words = token.info.split()
        if token.type != "fence" or not words or words[0] != LANGUAGE or token.map is None:
            continue
        start, end = token.map
        blocks.append(MapBlock(len(blocks) + 1, start, end, token.content,
                               _indent(lines[start + 1:end], token.content)))
    return blocks


def _indent(document_lines: list[str], content: str) -> int:
    """How many characters the fence's container takes off the front of each line."""
    for line, inner in zip(document_lines, content.splitlines(), strict=False):
        if inner.strip() and line.endswith(inner):
            return len(line) - len(inner)
    return 0


def in_document(diagnostic: Diagnostic, block: MapBlock, path: str) -> Diagnostic:
    """A diagnostic about a block's YAML, placed at its line and column in the document;
    one about the whole map (no position) points at the block's opening fence."""
    if diagnostic.position is None:
        return Diagnostic(path, Position(block.start + 1, block.indent + 1),
                          diagnostic.severity, diagnostic.message)
    position = Position(block.start + 1 + diagnostic.line, diagnostic.column + block.indent)
    return Diagnostic(path, position, diagnostic.severity, diagnostic.message)


def image_link(alt: str, target: str) -> str:
    alt = re.sub(r"([\\\[\]])", r"\\\1", " ".join(alt.split()))
    return f"![{alt}]({target})"


def _is_link_to(line: str, target: str) -> bool:
    return re.fullmatch(r"\s*!\[(?:[^\]\\]|\\.)*\]\(" + re.escape(target) + r"\)\s*",
                        line) is not None


def with_links(document: str, blocks: list[MapBlock], links: list[tuple[str, str]],
               keep_blocks: bool) -> str:
    """The document with each block's image link (alt, target) after it, or instead of it.

    With `keep_blocks`, a link that an earlier run put after the block is replaced, not
    added again, so running twice gives the same document.
    """
    lines = document.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in document else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    out: list[str] = []
    done = 0
    for block, (alt, target) in zip(blocks, links, strict=True):
        indent = _prefix(lines[block.start])
        out += lines[done:block.start]
        link = indent + image_link(alt, target) + newline
        done = block.end
        if keep_blocks:
            out += lines[block.start:block.end]
            following = done
            if following < len(lines) and not lines[following].strip():
                following += 1
            if following < len(lines) and _is_link_to(lines[following], target):
                done = following + 1
            out += [indent.rstrip() + newline, link]
        else:
            out.append(link)
    out += lines[done:]
    return "".join(out)


def _prefix(fence_line: str) -> str:
    """What stands in front of a fence: spaces of a list item, ">" of a quote."""
    match = re.match(r"[ \t>]*", fence_line)
    return match.group(0) if match else ""
