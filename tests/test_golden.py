"""Golden files for what is drawn: the scene as JSON, and the showcase SVGs in output/.

Run with CONCEPTMAP_UPDATE_GOLDEN=1 to rewrite them (and the PNGs beside the SVGs)
after an intended change; then look at the pictures before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import conceptmap
from conceptmap import DrawOptions, make_scene, render_bytes

from .conftest import ROOT, SHOWCASE

GOLDEN = ROOT / "tests" / "golden"
OUTPUT = ROOT / "output"
UPDATE = os.environ.get("CONCEPTMAP_UPDATE_GOLDEN") == "1"
SMALL_MAP = """\
title: Klein voorbeeld
groups: {stad: Stadhuis}
actors:
  raad: {label: Gemeenteraad, type: politiek, group: stad}
  college: {label: College van B&W, type: bestuur, group: stad}
  burgers: {label: Burgers, type: burger}
relations:
  - {from: raad, to: college, type: control, label: controleert}
  - {from: college, to: raad, type: information, label: informeert}
  - {from: burgers, to: raad, type: tension, label: voelt zich niet gehoord}
  - {from: burgers, to: college, type: influence}
"""


def compare(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with CONCEPTMAP_UPDATE_GOLDEN=1"
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.name} changed; if intended, rerun with CONCEPTMAP_UPDATE_GOLDEN=1 and review")


def test_scene_json_of_a_small_map(tmp_path):
    source = tmp_path / "klein.yaml"
    source.write_text(SMALL_MAP, encoding="utf-8")
    scene = make_scene(conceptmap.load(source))
    compare(GOLDEN / "scene-klein.json",
            json.dumps(scene.to_dict(), indent=1, ensure_ascii=False, sort_keys=True) + "\n")


@pytest.mark.parametrize("theme", ["light", "dark", "print"])
def test_showcase_renders_in_output_are_current(theme):
    model = conceptmap.load(SHOWCASE)
    suffix = "" if theme == "light" else f"-{theme}"
    svg = render_bytes(model, "svg", DrawOptions(theme=theme)).decode("utf-8")
    if UPDATE:
        png = render_bytes(model, "png", DrawOptions(theme=theme))
        (OUTPUT / f"ambtenaar-3.0{suffix}.png").write_bytes(png)
    compare(OUTPUT / f"ambtenaar-3.0{suffix}.svg", svg)
