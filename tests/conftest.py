from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = ROOT / "maps" / "ambtenaar-3.0.yaml"


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[[str], Path]:
    """Write a map's text (dedented) to a file and return its path."""

    def write(text: str, name: str = "map.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Start measuring the layout quality maps as soon as the tests are known: the
    measuring runs in other interpreters, on the core the rest of the suite leaves free,
    instead of after the tests that come before it."""
    def selected(name: str) -> bool:
        return any(item.nodeid.startswith(f"tests/test_layout_quality.py::{name}")
                   for item in items)

    if selected("test_faults_and_crossings"):
        from .test_layout_quality import _all_measured

        _all_measured()
    if selected("test_engine_output_does_not_depend"):
        from .test_layout_quality import _hashes_started

        _hashes_started()
