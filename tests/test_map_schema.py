"""The JSON Schema of the map format: valid as a schema, true to the checker."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conceptmap
from conceptmap._map_schema import map_schema
from conceptmap._model import LINE_PATTERNS, MARKERS, SHAPES, THEMES
from conceptmap._schema import ACTOR_KEYS, LAYOUT_NAMES, RELATION_KEYS, TOP_KEYS

from .conftest import ROOT

SCHEMA = map_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
COMMITTED = ROOT / "schema" / "conceptmap.schema.json"


def schema_errors(data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(data)]


def loader_accepts(data: object) -> bool:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        conceptmap.loads(text, path="generated.yaml")
    except conceptmap.MapError:
        return False
    return True


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(SCHEMA["properties"]) == list(TOP_KEYS)
    assert SCHEMA["additionalProperties"] is False and SCHEMA["required"] == ["actors"]


def test_enums_come_from_the_registries():
    props = SCHEMA["properties"]
    assert props["theme"]["enum"] == list(THEMES)
    assert props["layout"]["enum"] == list(LAYOUT_NAMES)
    style = props["styles"]["additionalProperties"]["properties"]
    assert style["shape"]["enum"] == list(SHAPES)
    rtype = props["relation_types"]["additionalProperties"]["properties"]
    assert (rtype["line"]["enum"], rtype["marker"]["enum"]) == (list(LINE_PATTERNS),
                                                                 list(MARKERS))
    actor = props["actors"]["additionalProperties"]["anyOf"][1]
    assert list(actor["properties"]) == list(ACTOR_KEYS)
    relation = props["relations"]["items"]
    assert list(relation["properties"]) == list(RELATION_KEYS)
    assert relation["properties"]["type"]["anyOf"][0]["enum"] == [
        "tension", "cooperation", "information", "control", "influence"]
    assert all(p.get("description") for p in props.values())


def test_the_committed_schema_file_is_up_to_date():
    """schema/conceptmap.schema.json is what `conceptmap schema` prints (for editors that
    point at it from a map in this repository)."""
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == SCHEMA


def test_every_map_in_maps_validates():
    maps = sorted((ROOT / "maps").glob("*.yaml")) + sorted((ROOT / "tests" / "maps").glob("*.yaml"))
    assert len(maps) > 1
    for path in maps:
        assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path


def readme_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)


def test_every_yaml_example_in_the_readme_validates_and_loads():
    examples = readme_examples()
    assert len(examples) >= 3
    for text in examples:
        data = yaml.safe_load(text)
        if "actors" not in data:  # a fragment showing some keys: add the one required key
            data["actors"] = {"a": {}}
        assert schema_errors(data) == [], text
        assert loader_accepts(data), text


def test_the_schema_names_what_is_wrong():
    errors = schema_errors({"actors": {"a b": {"labl": "x", "pos": [1, 2000]}},
                            "theme": "donker", "relations": [{"from": "a", "to": "b"}]})
    assert any(e.startswith("theme: 'donker' is not one of") for e in errors)
    assert any("'a b' does not match" in e for e in errors)
    assert any("relations/0: 'type' is a required property" in e for e in errors)


# Generated maps: valid ones by construction, then one change the schema can see.
IDS = st.text(st.sampled_from("abcxyz09_-éß"), min_size=1, max_size=6)
TEXT = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans(), st.none())


@st.composite
def valid_maps(draw: st.DrawFn) -> dict:
    groups = draw(st.lists(IDS, max_size=3, unique=True))
    actor_ids = draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
    declared = draw(st.lists(IDS.map(lambda s: "t" + s), max_size=2, unique=True))
    types = ["tension", "cooperation", "information", "control", "influence", *declared]
    data: dict = {}
    if draw(st.booleans()):
        data["title"] = draw(TEXT)
    if draw(st.booleans()):
        data["theme"] = draw(st.sampled_from(THEMES))
    if draw(st.booleans()):
        data["legend"] = draw(st.one_of(st.booleans(), st.fixed_dictionaries(
            {}, optional={"title": TEXT, "labels": st.dictionaries(st.sampled_from(types),
                                                                  TEXT, max_size=2)})))
    if draw(st.booleans()):
        data["styles"] = {draw(IDS): draw(st.one_of(st.none(), st.fixed_dictionaries(
            {}, optional={"shape": st.sampled_from(SHAPES),
                          "color": st.sampled_from(["teal", "#abc", "#A0B1C2"])})))}
    if declared:
        data["relation_types"] = {name: draw(st.fixed_dictionaries({}, optional={
            "directed": st.booleans(), "line": st.sampled_from(LINE_PATTERNS),
            "marker": st.sampled_from(MARKERS)})) for name in declared}
    if groups:
        data["groups"] = {g: draw(st.one_of(st.text(max_size=5), st.none(),
                                            st.fixed_dictionaries({"label": TEXT})))
                          for g in groups}
    data["actors"] = {a: draw(st.one_of(st.none(), st.text(min_size=1, max_size=5),
                                        st.fixed_dictionaries({}, optional={
                                            "type": TEXT,
                                            "group": st.sampled_from(groups or ["-"]),
                                            "pos": st.lists(st.floats(-1000, 1000),
                                                            min_size=2, max_size=2)})))
                      for a in actor_ids}
    if not groups:  # no group to name: drop the placeholder
        for actor in data["actors"].values():
            if isinstance(actor, dict):
                actor.pop("group", None)
    pairs = st.tuples(st.sampled_from(actor_ids), st.sampled_from(actor_ids)).filter(
        lambda p: p[0] != p[1])
    data["relations"] = [
        {"from": s, "to": t, "type": draw(st.sampled_from(types)),
         **draw(st.fixed_dictionaries({}, optional={"label": TEXT,
                                                    "strength": st.sampled_from([1, 2, 3])}))}
        for s, t in draw(st.lists(pairs, max_size=4))]
    return data


def _first_actor(data: dict) -> str:
    return next(iter(data["actors"]))


def _set_actor(key: str, value: object):
    def change(data: dict) -> None:
        actor = _first_actor(data)
        fields = data["actors"][actor] if isinstance(data["actors"][actor], dict) else {}
        data["actors"][actor] = {**fields, key: value}
    return change


BREAKS = {
    "unknown top-level key": lambda d: d.update(relatoins=[]),
    "unknown theme": lambda d: d.update(theme="donker"),
    "unknown layout": lambda d: d.update(layout="spiral"),
    "unknown actor key": _set_actor("labl", "x"),
    "pos with three numbers": _set_actor("pos", [1, 2, 3]),
    "pos out of range": _set_actor("pos", [0, 1000.5]),
    "pos as text": _set_actor("pos", "1, 2"),
    "actor as a list": lambda d: d["actors"].update({_first_actor(d): ["a"]}),
    "actor id with a space": lambda d: d["actors"].update({"a b": {}}),
    "actor id with punctuation": lambda d: d["actors"].update({"a!": {}}),
    "actors as a list": lambda d: d.update(actors=["a"]),
    "relations as a mapping": lambda d: d.update(relations={"a": "b"}),
    "relation without a type": lambda d: d.update(relations=[
        {"from": _first_actor(d), "to": list(d["actors"])[1]}]),
    "strength 4": lambda d: d.update(relations=[
        {"from": _first_actor(d), "to": list(d["actors"])[1], "type": "tension",
         "strength": 4}]),
    "strength as text": lambda d: d.update(relations=[
        {"from": _first_actor(d), "to": list(d["actors"])[1], "type": "tension",
         "strength": "2"}]),
    "strength true": lambda d: d.update(relations=[
        {"from": _first_actor(d), "to": list(d["actors"])[1], "type": "tension",
         "strength": True}]),
    "empty relation": lambda d: d.update(relations=[None]),
    "unknown shape": lambda d: d.update(styles={"x": {"shape": "star"}}),
    "not a colour": lambda d: d.update(styles={"x": {"color": "blauwig"}}),
    "style as text": lambda d: d.update(styles={"x": "rood"}),
    "unknown line": lambda d: d.update(relation_types={"t": {"line": "wavy"}}),
    "directed as text": lambda d: d.update(relation_types={"t": {"directed": "yes"}}),
    "group as a number": lambda d: d.update(groups={"g": 3}),
    "legend labels missing": lambda d: d.update(legend={"labels": None}),
    "title as a list": lambda d: d.update(title=["a"]),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_schema_and_loader_accept_the_same_generated_maps(data):
    assert schema_errors(data) == []
    assert loader_accepts(data)


@pytest.mark.parametrize("name", sorted(BREAKS))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=valid_maps())
def test_schema_and_loader_refuse_the_same_broken_maps(name, data):
    BREAKS[name](data)
    assert schema_errors(data) != []
    assert not loader_accepts(data)


def test_schema_command_prints_or_writes_the_schema(tmp_path):
    from .test_cli import run

    code, out, err = run("schema")
    assert (code, err) == (0, "")
    assert json.loads(out) == SCHEMA
    assert out == COMMITTED.read_text(encoding="utf-8")
    target = tmp_path / "conceptmap.schema.json"
    assert run("schema", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == out


def test_the_computed_key_is_allowed_and_must_be_a_mapping():
    base = {"actors": {"a": {}}}
    assert schema_errors({**base, "computed": {"unit": "pt"}}) == []
    assert loader_accepts({**base, "computed": {"unit": "pt"}})
    assert schema_errors({**base, "computed": [1]}) != []
    with pytest.raises(conceptmap.MapError, match="computed must be a mapping, not a list"):
        conceptmap.loads("actors: {a: {}}\ncomputed: [1]\n")
