"""Random and mutated input only ever gives clean diagnostics, never another exception.

Every diagnostic's line and column lie inside the file (lines counted as YAML counts
them). bench/fuzz.py runs the same idea at 10,000 cases and renders a sample.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conceptmap
from conceptmap import Diagnostic, MapError

from .conftest import SHOWCASE

CORPUS = Path(__file__).resolve().parent / "corpus"
SHOWCASE_LINES = SHOWCASE.read_text(encoding="utf-8").splitlines(keepends=True)
WORDS = ["actors", "relations", "groups", "from", "to", "type", "label", "tension", "a", "b",
         "group", ":", "-", "{", "}", "[", "]", "&x", "*x", "!!python/object", "'", '"',
         "pos", "strength", "styles", "\t", "  ", "\n", "#", "3", "null", "~", "\r", "\u2028",
         "? ", "|", ">-", "---", "%YAML 1.1", "\\", "\ufeff", "é", "中"]
TYPE_SWAPS = ["[]", "{}", "~", "42", "-1.5e+3", "true", "'tekst'", "[a, b]", "{a: b}", "*x",
              "!!binary aGk=", '"\\x07"', "0x1F", ".nan"]
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def inside(data: bytes, diagnostic: Diagnostic) -> bool:
    """True if the diagnostic points at a character of the file, or just past a line's end."""
    if diagnostic.position is None:  # about the whole file: points at no line
        return True
    lines = LINE_BREAK.split(data.decode("utf-8-sig", errors="replace"))
    if not 1 <= diagnostic.line <= len(lines) or diagnostic.column < 1:
        return False
    return diagnostic.column <= len(lines[diagnostic.line - 1]) + 1


def outcome(data: bytes) -> str:
    """'ok' or 'diagnostics'; anything else raises and fails the test."""
    try:
        model = conceptmap.loads(data, path="fuzz.yaml")
    except MapError as exc:
        assert exc.diagnostics, "a MapError must carry at least one diagnostic"
        for diagnostic in exc.diagnostics:
            assert inside(data, diagnostic), f"{diagnostic} lies outside the file"
        return "diagnostics"
    assert model.actors is not None
    return "ok"


def test_inside_counts_lines_as_yaml_does():
    def at(line: int, column: int) -> Diagnostic:
        return Diagnostic("x", conceptmap.Position(line, column), "error", "m")

    assert inside(b"ab\r\ncd\x0bx", at(2, 5)) and not inside(b"ab\r\ncd", at(2, 4))
    assert inside("a\u2028b".encode(), at(2, 2)) and not inside(b"a\nb", at(3, 1))


@pytest.mark.parametrize("data", [
    b"---", b"--- ", b"---\n...", b"actors:", b"actors: [", b"\xef\xbb\xbf", b"\r", b"\t",
    "actors:\u2028".encode(), b"actors: {a: {}}\n---", b"? ", b"&a", b"*a", b"!!str",
])
def test_edge_inputs(data):
    outcome(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data):
    outcome(data)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_random_yaml_tokens(tokens):
    outcome(" ".join(tokens).encode())


def mutate(data: st.DataObject, lines: list[str]) -> list[str]:
    """One structure-aware edit: delete, swap, duplicate, truncate, edit or change a type."""
    action = data.draw(st.sampled_from(["delete", "swap", "duplicate", "truncate", "edit",
                                        "retype"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    if action == "delete":
        del lines[i]
    elif action == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif action == "duplicate":
        lines.insert(j, lines[i])
    elif action == "truncate":
        lines = [*lines[:i], lines[i][: data.draw(st.integers(0, len(lines[i])))]]
    elif action == "edit":
        lines[i] = data.draw(st.sampled_from(WORDS)) + lines[i][data.draw(
            st.integers(0, max(0, len(lines[i]) - 1))):]
    elif ":" in lines[i]:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {data.draw(st.sampled_from(TYPE_SWAPS))}\n"
    return lines or [""]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_showcase(data):
    lines = list(SHOWCASE_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        lines = mutate(data, lines)
    outcome("".join(lines).encode("utf-8", errors="surrogatepass"))


CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_file_gives_diagnostics_or_a_picture(path):
    data = path.read_bytes()
    result = conceptmap.check(path)
    for diagnostic in result.diagnostics:
        assert inside(data, diagnostic), f"{diagnostic} lies outside the file"
    if result.map is None:
        assert result.errors
    else:
        assert conceptmap.render_bytes(result.map, "svg").startswith(b"<?xml")


def test_corpus_through_the_command_line_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "conceptmap", "render", str(CORPUS), "-o", str(tmp_path),
         "--format", "svg,png", "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr  # some corpus maps are invalid on purpose
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert all(re.match(r".+?(:\d+:\d+)?: (error|warning): ", line)
               for line in result.stderr.splitlines()), result.stderr
    assert {p.stem for p in tmp_path.glob("*.svg")} >= {"xml_specials", "scripts", "emoji"}
