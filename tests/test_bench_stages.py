"""bench/stages.py: every stage of a cold render is timed, in a fresh process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_each_stage_of_a_cold_render_is_timed(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_stages", ROOT / "bench/stages.py")
    assert spec is not None and spec.loader is not None
    stages = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = stages
    try:
        spec.loader.exec_module(stages)
        path = tmp_path / "small.yaml"
        path.write_text("actors: {a: A, b: B}\nrelations:\n"
                        "  - {from: a, to: b, type: tension, label: botst}\n", encoding="utf-8")
        seconds = stages.stage_seconds(path, runs=1)
    finally:
        del sys.modules[spec.name]
    assert list(seconds) == list(stages.STAGES)
    assert all(value > 0 for value in seconds.values())
    assert seconds["floor"] > seconds["load"]  # matplotlib's import outweighs a tiny map
