"""Drawing quality, measured on the rendered figure (default layout and theme).

For the showcase map and generated maps of 40 and 150 actors: no overlapping texts,
no text cut off by the canvas, no overlapping actors, no relation through an actor
it does not connect, no group region over an actor outside the group.
"""

from __future__ import annotations

from functools import cache

import pytest

import conceptmap

from .conftest import SHOWCASE
from .figure_metrics import FigureMetrics, measure
from .mapgen import generate_map

MAPS = ("showcase", "gen-40", "gen-150")


def load(name: str) -> conceptmap.Map:
    if name == "showcase":
        return conceptmap.load(SHOWCASE)
    return generate_map(int(name.removeprefix("gen-")))


@cache
def metrics(name: str) -> FigureMetrics:
    model = load(name)
    return measure(conceptmap.draw(model), model)


@pytest.mark.parametrize("name", MAPS)
def test_every_element_is_drawn_with_its_id(name):
    assert metrics(name).missing_artists == []


@pytest.mark.parametrize("name", MAPS)
def test_no_texts_overlap(name):
    assert metrics(name).text_overlaps == []


@pytest.mark.parametrize("name", MAPS)
def test_no_text_is_clipped_by_the_canvas(name):
    assert metrics(name).clipped_texts == []


@pytest.mark.parametrize("name", MAPS)
def test_no_actors_overlap(name):
    assert metrics(name).actor_overlaps == []


@pytest.mark.parametrize("name", MAPS)
def test_no_relation_passes_through_an_actor_it_does_not_connect(name):
    assert metrics(name).relations_through_actors == []


@pytest.mark.parametrize("name", MAPS)
def test_no_group_region_covers_a_non_member(name):
    assert metrics(name).groups_with_non_members == []
