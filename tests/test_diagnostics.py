"""Every input problem is reported with its exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

import conceptmap
from conceptmap import check


def problems(path: Path) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.severity, d.message) for d in check(path).diagnostics]


def errors(path: Path) -> list[tuple[int, int, str]]:
    return [(line, col, msg) for line, col, sev, msg in problems(path) if sev == "error"]


def test_valid_minimal_map_has_no_diagnostics(write_map):
    path = write_map("""
        actors:
          a: {}
          b: Burgers
        relations:
          - {from: a, to: b, type: tension}
    """)
    result = check(path)
    assert result.diagnostics == ()
    assert [a.label for a in result.map.actors] == ["a", "Burgers"]


def test_yaml_syntax_error_position(write_map):
    path = write_map("""
        actors:
          a: {label: "x"
          b: {}
    """)
    assert errors(path) == [
        (2, 6, 'this "{" is not closed by a "}" before line 3; end it with "}" on this line')]


def test_unrecognised_yaml_syntax_error_keeps_the_parser_words(write_map):
    path = write_map("""
        actors:
          a: {label: "x" y}
    """)
    [(line, col, message)] = errors(path)
    assert (line, col) == (2, 18)
    assert message == ("YAML syntax error: expected ',' or '}', but got '<scalar>'; "
                       "while parsing a flow mapping")


def test_not_utf8_points_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("actors:\n  caf\u00e9: {}\n".encode("latin-1"))
    [(line, col, message)] = errors(path)
    assert (line, col) == (2, 6)
    assert "not UTF-8" in message


def test_empty_file(write_map):
    """An empty map has no line to point at: the message names the file only."""
    for text in ("", "# only a comment\n\n   # and another\n", "---\n"):
        path = write_map(text)
        assert [str(d) for d in check(path).diagnostics] == [
            f"{path}: error: the map is empty: it needs `actors:`"]


def test_top_level_must_be_a_mapping(write_map):
    [(line, col, message)] = errors(write_map("- a\n- b\n"))
    assert (line, col) == (1, 1)
    assert "top level of a map must be a mapping" in message


def test_unknown_top_key_with_suggestion(write_map):
    path = write_map("""
        actors:
          a: {}
        relatoins: []
    """)
    [(line, col, message)] = errors(path)
    assert (line, col) == (3, 1)
    assert 'unknown key "relatoins"' in message and 'did you mean "relations"?' in message


def test_unknown_nested_keys(write_map):
    path = write_map("""
        actors:
          a: {lable: A}
          b: {}
        relations:
          - {from: a, to: b, type: tension, lable: x}
    """)
    found = errors(path)
    assert (2, 7) in [(line, col) for line, col, _ in found]
    assert (5, 37) in [(line, col) for line, col, _ in found]
    assert all('did you mean "label"?' in m for _, _, m in found)


def test_duplicate_actor_reports_both_lines(write_map):
    path = write_map("""
        actors:
          a: {}
          b: {}
          a: {label: again}
    """)
    found = errors(path)
    assert [(line, col) for line, col, _ in found] == [(2, 3), (4, 3)]
    assert "defined again at line 4" in found[0][2]
    assert "first defined at line 2" in found[1][2]


def test_wrong_kind_of_value(write_map):
    path = write_map("""
        actors:
          a:
            label: [a, b]
    """)
    assert errors(path) == [(3, 12, "label must be a single value, not a list")]


def test_missing_required_field(write_map):
    path = write_map("""
        actors:
          a: {}
          b: {}
        relations:
          - from: a
            type: tension
    """)
    assert errors(path) == [(5, 5, 'relation 1 is missing the required key "to"')]


def test_missing_actors(write_map):
    assert errors(write_map("title: x\n")) == [
        (1, 1, 'the map is missing the required key "actors"')]


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("actors:\n  a: {}\nrelations:\n  - {from: a, to: zz, type: tension}\n",
         (4, 19), 'unknown actor "zz"'),
        ("actors:\n  abc: {}\n  b: {}\nrelations:\n  - {from: abd, to: b, type: tension}\n",
         (5, 12), 'unknown actor "abd" (did you mean "abc"?)'),
        ("groups: {stad: {}}\nactors:\n  a: {group: stadd}\n",
         (3, 14), 'unknown group "stadd" (did you mean "stad"?)'),
        ("actors:\n  a: {}\n  b: {}\nrelations:\n  - {from: a, to: b, type: tenson}\n",
         (5, 28), 'unknown relation type "tenson" (did you mean "tension"?)'),
    ],
)
def test_unknown_references(write_map, text, position, fragment):
    found = errors(write_map(text))
    assert [(line, col) for line, col, _ in found] == [position]
    assert fragment in found[0][2]


def test_python_tags_are_refused_and_never_run(write_map, tmp_path):
    marker = tmp_path / "ran"
    path = write_map(f"""
        actors:
          a: !!python/object/apply:os.system ["touch {marker}"]
    """)
    found = errors(path)
    assert (2, 6) in [(line, col) for line, col, _ in found]
    assert any("YAML tag" in m and "python/object/apply" in m for _, _, m in found)
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(write_map):
    import time

    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = write_map("\n".join(lines) + "\nactors: {}\n")
    started = time.perf_counter()
    found = errors(path)
    assert time.perf_counter() - started < 2.0
    assert len(found) == 1 and "aliases expand to more than" in found[0][2]
    # a5 is the first list whose expansion (9**6 values) passes the limit
    assert found[0][:2] == (6, 5)


def test_all_problems_are_reported_at_once(write_map):
    path = write_map("""
        tittle: x
        actors:
          a: {group: nope}
        relations:
          - {from: a, to: b, type: tension}
    """)
    assert len(errors(path)) == 3


def test_load_raises_map_error_with_diagnostics(write_map):
    path = write_map("actors:\n  a: {colour: red}\n")
    with pytest.raises(conceptmap.MapError) as caught:
        conceptmap.load(path)
    [diagnostic] = caught.value.diagnostics
    assert str(diagnostic).startswith(f"{path}:2:7: error: unknown key")
