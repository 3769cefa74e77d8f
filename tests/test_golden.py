"""Golden files for what is drawn: the scene as JSON, and the showcase SVGs in output/.

Run with CONCEPTMAP_UPDATE_GOLDEN=1 to rewrite them (and the PNGs beside the SVGs)
after an intended change; then look at the pictures before committing.
"""

from __future__ import annotations

import dataclasses
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


def _showcase_variant(name: str) -> tuple[conceptmap.Map, object]:
    """The showcase in English, sized by brokerage, or as its tension view drawn at the
    whole map's layout (as `render --view` draws it)."""
    model = conceptmap.load(SHOWCASE)
    if name == "en":
        return conceptmap.translate(model, "en"), None
    if name == "betweenness":
        return dataclasses.replace(model, size_by="betweenness"), None
    (part,) = conceptmap.views(model, [name])
    return part.map, part.layout


@pytest.mark.parametrize("name", ["en", "spanningen", "betweenness"])
def test_showcase_variants_in_output_are_current(name):
    model, at = _showcase_variant(name)
    svg = render_bytes(model, "svg", DrawOptions(), at).decode("utf-8")
    if UPDATE:
        (OUTPUT / f"ambtenaar-3.0-{name}.png").write_bytes(
            render_bytes(model, "png", DrawOptions(), at))
    compare(OUTPUT / f"ambtenaar-3.0-{name}.svg", svg)


def test_diff_example_in_output_is_current():
    old, new = (conceptmap.load(ROOT / "maps" / f"wijkaanpak-{year}.yaml")
                for year in (2023, 2025))
    changes = conceptmap.diff(old, new)
    union = conceptmap.layout(changes.map)  # as `conceptmap diff` lays it out
    svg = render_bytes(changes.map, "svg", DrawOptions(), union).decode("utf-8")
    if UPDATE:
        (OUTPUT / "wijkaanpak-diff.png").write_bytes(
            render_bytes(changes.map, "png", DrawOptions(), union))
        # The older map beside it, every actor where the diff has it.
        (OUTPUT / "wijkaanpak-2023.png").write_bytes(
            render_bytes(old, "png", DrawOptions(), changes.old_layout(union)))
    compare(OUTPUT / "wijkaanpak-diff.svg", svg)
