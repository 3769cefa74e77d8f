"""Jupyter: a map and a drawn figure display themselves, without pyplot."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import conceptmap

SVG = "{http://www.w3.org/2000/svg}"
MAP = """\
title: In een notebook
actors:
  a: {label: Een, description: Eerste}
  b: {label: Twee}
relations:
  - {from: a, to: b, type: cooperation, label: samen}
"""


def test_a_loaded_map_displays_as_svg(tmp_path):
    path = tmp_path / "notebook.yaml"
    path.write_text(MAP, encoding="utf-8")
    model = conceptmap.load(path)
    svg = model._repr_svg_()
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "In een notebook"
    assert {"Een", "Twee", "samen"} <= {t.text for t in root.iter(f"{SVG}text")}
    assert svg == conceptmap.render_bytes(model, "svg").decode("utf-8")


def test_a_drawn_figure_displays_as_png_without_pyplot():
    """In a fresh interpreter, as in a notebook kernel without %matplotlib inline:
    draw() and the display hook never import pyplot (which would pick a backend)."""
    code = (
        "import json, sys, conceptmap\n"
        f"model = conceptmap.loads({MAP!r}, 'notebook.yaml')\n"
        "figure = conceptmap.draw(model)\n"
        "data, size = figure._repr_png_()\n"
        "sys.stdout.buffer.write(data)\n"
        "print(json.dumps(size), 'matplotlib.pyplot' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120,
                            env={**os.environ, "MPLBACKEND": "module://no_such_backend"})
    assert result.returncode == 0, result.stderr.decode()
    from PIL import Image

    image = Image.open(io.BytesIO(result.stdout))
    size_text, pyplot = result.stderr.decode().strip().rsplit(" ", 1)
    size = json.loads(size_text)
    assert pyplot == "False"
    # drawn at 1.5 pixels per CSS pixel, shown at the figure's size (96 CSS px per inch)
    assert abs(image.width - size["width"] * 1.5) <= 2
    assert abs(image.height - size["height"] * 1.5) <= 2
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a drawing, not a blank canvas
