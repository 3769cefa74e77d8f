"""Random and mutated input only ever gives clean diagnostics, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conceptmap
from conceptmap import MapError

from .conftest import SHOWCASE

SHOWCASE_LINES = SHOWCASE.read_text(encoding="utf-8").splitlines(keepends=True)
WORDS = ["actors", "relations", "groups", "from", "to", "type", "label", "tension", "a", "b",
         "group", ":", "-", "{", "}", "[", "]", "&x", "*x", "!!python/object", "'", '"',
         "pos", "strength", "styles", "\t", "  ", "\n", "#", "3", "null", "~"]


def outcome(data: bytes) -> str:
    """'ok' or 'diagnostics'; anything else raises and fails the test."""
    try:
        model = conceptmap.loads(data, path="fuzz.yaml")
    except MapError as exc:
        assert exc.diagnostics, "a MapError must carry at least one diagnostic"
        lines = data.count(b"\n") + 1
        for diagnostic in exc.diagnostics:
            assert 1 <= diagnostic.line <= lines + 1
            assert diagnostic.column >= 1
        return "diagnostics"
    assert model.actors is not None
    return "ok"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes(data):
    outcome(data)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_random_yaml_tokens(tokens):
    outcome(" ".join(tokens).encode())


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_showcase(data):
    lines = list(SHOWCASE_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["delete", "swap", "duplicate", "truncate", "edit"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if action == "delete":
            del lines[i]
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "truncate":
            lines = lines[:i]
            lines.append(data.draw(st.text(max_size=10)))
        else:
            lines[i] = data.draw(st.sampled_from(WORDS)) + lines[i][data.draw(
                st.integers(0, max(0, len(lines[i]) - 1))):]
        if not lines:
            lines = [""]
    outcome("".join(lines).encode("utf-8", errors="surrogatepass"))
