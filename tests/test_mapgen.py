"""The generated maps used by the quality tests and bench/quality.py."""

from __future__ import annotations

from collections import Counter

import pytest

import conceptmap

from .mapgen import LABEL_RANGE, RELATION_TYPES, generate_map, map_text


def test_same_size_and_seed_give_the_same_text():
    assert map_text(40) == map_text(40)
    assert map_text(40, seed=2) != map_text(40)


@pytest.mark.parametrize("n", [40, 150])
def test_generated_map_is_valid_without_warnings(n, tmp_path):
    path = tmp_path / f"gen-{n}.yaml"
    path.write_text(map_text(n), encoding="utf-8")
    assert conceptmap.check(path).diagnostics == ()


@pytest.mark.parametrize("n", [40, 150, 1000])
def test_generated_map_has_the_promised_shape(n):
    model = generate_map(n)
    assert [a.id for a in model.actors][:2] == (["a001", "a002"] if n < 1000
                                                 else ["a0001", "a0002"])
    assert len(model.actors) == n
    assert len(model.groups) == n // 10
    assert 1.5 * n <= len(model.relations) <= 2 * n
    assert {r.type for r in model.relations} == set(RELATION_TYPES)
    assert len({a.type for a in model.actors}) >= 5
    assert any(a.group is None for a in model.actors)
    assert all(sum(a.group == g.id for a in model.actors) >= 2 for g in model.groups)
    assert any(r.number == 2 for r in model.relations)


@pytest.mark.parametrize("n", [40, 150])
def test_labels_are_10_to_40_characters_and_most_relations_have_one(n):
    model = generate_map(n)
    labels = [a.label for a in model.actors] + [r.label for r in model.relations if r.label]
    assert all(LABEL_RANGE[0] <= len(label) <= LABEL_RANGE[1] for label in labels)
    assert sum(r.label is not None for r in model.relations) >= 0.75 * len(model.relations)


def test_relations_are_mostly_within_a_group_with_some_across():
    model = generate_map(150)
    group = {a.id: a.group for a in model.actors}
    kinds = Counter("within" if group[r.source] is not None and group[r.source] == group[r.target]
                    else "across" for r in model.relations)
    assert kinds["within"] > kinds["across"] >= 0.15 * len(model.relations)
