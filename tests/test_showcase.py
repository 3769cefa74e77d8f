"""The showcase map stays faithful to the article it models."""

from __future__ import annotations

from collections import Counter

import pytest

import conceptmap

from .conftest import ROOT, SHOWCASE

ARTICLE = ROOT.parent / "shared" / "sources" / "de-toekomst-is-aan-de-3.0-ambtenaar.txt"


@pytest.fixture(scope="module")
def showcase() -> conceptmap.Map:
    return conceptmap.load(SHOWCASE)


def test_showcase_is_valid_without_warnings():
    result = conceptmap.check(SHOWCASE)
    assert result.diagnostics == ()


def test_showcase_has_the_article_actors_and_groups(showcase):
    ids = {a.id for a in showcase.actors}
    assert {"procesambtenaar", "vakambtenaar", "gemeenteraad", "college", "burgers",
            "organisatie", "regulering"} <= ids
    assert {g.id for g in showcase.groups} == {"stadhuis", "samenleving"}
    assert "10 procent" in showcase.actor("procesambtenaar").description


def test_every_tension_has_a_quote_and_there_are_at_least_five(showcase):
    tensions = [r for r in showcase.relations if r.type == "tension"]
    assert len(tensions) >= 5
    assert all(r.quote for r in tensions)
    assert Counter(r.type for r in showcase.relations)["information"] >= 1


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article is kept beside the repository")
def test_quotes_are_verbatim(showcase):
    article = ARTICLE.read_text(encoding="utf-8")
    for relation in showcase.relations:
        if relation.quote:
            assert relation.quote in article, relation.element_id
