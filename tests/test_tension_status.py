"""Tension details: a status (latent, open, escalated) that the drawing and legend show."""

from __future__ import annotations

import conceptmap
from conceptmap import DrawOptions, make_scene

STATUS_MAP = """
    lang: {lang}
    actors:
      a: {{label: Een}}
      b: {{label: Twee}}
      c: {{label: Drie}}
      d: {{label: Vier}}
    relations:
      - {{from: a, to: b, type: tension, status: latent}}
      - {{from: b, to: c, type: tension, status: open}}
      - {{from: c, to: d, type: tension, status: escalated}}
      - {{from: d, to: a, type: tension}}
"""


def scene(write_map, lang: str = "en", **options):
    model = conceptmap.load(write_map(STATUS_MAP.format(lang=lang)))
    return model, make_scene(model, DrawOptions(**options))


def test_status_is_read_into_the_model(write_map):
    model, _scene = scene(write_map)
    assert [r.status for r in model.relations] == ["latent", "open", "escalated", None]


def test_status_is_drawn_by_pattern_and_bars_also_in_print(write_map):
    for theme in ("light", "print"):
        _model, drawn = scene(write_map, theme=theme)
        strokes = {s.gid: s for s in drawn.strokes}
        latent, open_, escalated, plain = (strokes[f"relation-{k}-1"]
                                           for k in ("a-b", "b-c", "c-d", "d-a"))
        assert latent.pattern == "dotted"
        assert (open_.pattern, open_.heads) == ("solid", ())
        assert (plain.pattern, plain.heads) == ("solid", ())
        # Escalated: two pairs of bars across the line, unfilled two-point marks.
        assert escalated.pattern == "solid"
        assert len(escalated.heads) == 4
        assert all(len(h.points) == 2 and not h.filled for h in escalated.heads)


def test_the_legend_explains_each_status_in_use(write_map):
    _model, drawn = scene(write_map)
    texts = [" ".join(t.lines) for t in drawn.legend.texts]
    assert texts == ["tension", "latent tension", "open tension", "escalated tension"]
    samples = {s.gid: s for s in drawn.legend.samples}
    assert samples["legend-status-latent"].pattern == "dotted"
    assert len(samples["legend-status-escalated"].heads) == 4
    _model, drawn = scene(write_map, lang="nl")
    texts = [" ".join(t.lines) for t in drawn.legend.texts]
    assert texts == ["spanning", "latente spanning", "open spanning", "geëscaleerde spanning"]


def test_status_errors_have_positions(write_map):
    path = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: b, type: cooperation, status: open}
          - {from: a, to: b, type: tension, status: escalatd}
    """)
    assert [str(d) for d in conceptmap.check(path).diagnostics] == [
        f'{path}:3:49: error: status is for tensions; a "cooperation" relation has none '
        "(it goes with types drawn as a zigzag)",
        f'{path}:4:45: error: unknown status "escalatd" (did you mean "escalated"?); '
        "choose one of: latent, open, escalated",
    ]
