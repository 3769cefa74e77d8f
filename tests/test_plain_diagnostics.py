"""Everyday slips get plain words at the place to edit; suspicious YAML gets a warning.

Each test pins the exact line, column and message of what a user sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conceptmap
from conceptmap import OptionError, check

from .conftest import SHOWCASE
from .test_cli import TWO_ACTORS, run


def shown(path: Path) -> list[str]:
    """The diagnostics as printed, with the file name left out."""
    return [str(d).removeprefix(str(path)) for d in check(path).diagnostics]


# --- YAML syntax errors ------------------------------------------------------------


def test_an_unclosed_quote_is_reported_where_it_opens(write_map):
    path = write_map("""
        actors:
          a: {label: "Wijkraad}
          b: {}
        relations:
          - {from: a, to: b, type: tension}
    """)
    assert shown(path) == [
        ':2:14: error: this quote " is never closed, so the text runs on to the end of the '
        'file; end the text with "']


def test_an_apostrophe_that_opens_a_quote_is_reported_where_it_opens(write_map):
    path = write_map("""
        actors:
          a:
            label: 't Hof
          b:
            label: 'Bestuur'
    """)
    assert shown(path) == [
        ":3:12: error: this quote ' is closed only by the ' on line 5, so all the lines "
        "between are read as one text; end the text with ' on this line, or, if the ' "
        "belongs to the text (as in 't Hof), put the whole value in double quotes"]
    alone = write_map("actors:\n  a: {label: 's-Hertogenbosch}\n", "alone.yaml")
    assert shown(alone) == [
        ":2:14: error: this quote ' is never closed, so the text runs on to the end of the "
        "file; end the text with ', or, if the ' belongs to the text (as in 't Hof), put the "
        "whole value in double quotes"]


def test_a_tab_used_for_indentation(write_map):
    path = write_map("actors:\n  a:\n\tlabel: A\n")
    assert shown(path) == [":3:1: error: tabs cannot indent YAML; indent with spaces"]
    after_spaces = write_map("actors:\n  a: {}\n  \tb: {}\n", "spaces.yaml")
    assert shown(after_spaces) == [":3:3: error: tabs cannot indent YAML; indent with spaces"]


def test_a_colon_and_space_inside_an_unquoted_value(write_map):
    path = write_map("""
        actors:
          a:
            label: Wijkraad: bewoners
    """)
    assert shown(path) == [
        ':3:12: error: the value of "label" holds ": " (a colon and a space), which YAML '
        "reads as the start of a new key; put the value in straight quotes: "
        'label: "Wijkraad: bewoners"']


def test_a_colon_inside_curly_quotes_from_a_word_processor(write_map):
    path = write_map("""
        actors:
          a: {}
          b: {}
        relations:
          - {from: a, to: b, type: tension, label: \u201cWijkraad: bewoners\u201d}
    """)
    assert shown(path) == [
        ':5:44: error: the value of "label" holds ": " (a colon and a space), which YAML '
        "reads as the start of a new key; the curly quotes \u201c \u201d (from a word "
        "processor) are not quotes to YAML; put the value in straight quotes: "
        'label: "Wijkraad: bewoners"']


def test_a_key_indented_between_two_levels_is_named_at_its_own_line(write_map):
    path = write_map("""
        actors:
          a:
            label: A
           type: ambtenaar
          b: {}
    """)
    assert shown(path) == [
        ':4:4: error: the key "type" is indented 3 spaces, which lines up with nothing '
        'above it; indent it 4 spaces to go with "label" (line 3), or 2 spaces to go with '
        '"a" (line 2)']
    top = write_map("actors:\n  a: {}\n relations: []\n", "top.yaml")
    assert shown(top) == [
        ':3:2: error: the key "relations" is indented 1 space, which lines up with nothing '
        'above it; indent it 2 spaces to go with "a" (line 2), or start it at the beginning '
        'of the line to go with "actors" (line 1)']


def test_a_key_indented_too_deep_is_named_not_the_colon_after_it(write_map):
    path = write_map("""
        actors:
          a:
            label: A
              type: ambtenaar
    """)
    assert shown(path) == [
        ':4:7: error: "type" is indented more than "label" on line 3, so YAML reads it as '
        'more text of the value of "label"; to make "type" a key next to "label", indent it '
        "4 spaces"]


def test_a_key_that_falls_out_of_its_list_item(write_map):
    path = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - from: a
            to: b
          type: tension
    """)
    assert shown(path) == [
        ':5:3: error: the key "type" is indented 2 spaces, as the "-" of the list item on '
        'line 3 is, so it is not part of that item; indent it 4 spaces to go with "to" '
        "(line 4)"]


def test_syntax_errors_through_the_command_line(write_map):
    path = write_map("actors:\n  a:\n    label: Wijkraad: bewoners\n")
    code, _out, err = run("validate", str(path))
    assert code == 1
    assert err.startswith(f'{path}:3:12: error: the value of "label" holds ": "')
    empty = write_map("# alleen commentaar\n", "leeg.yaml")
    assert run("validate", str(empty)) == (
        1, "", f"{empty}: error: the map is empty: it needs `actors:`\n")


# --- warnings: legal YAML that is almost surely a mistake --------------------------


def test_a_style_for_a_type_no_actor_has(write_map):
    path = write_map("""
        styles:
          ambtenar: {color: "#56B4E9"}
          raad: {shape: box}
        actors:
          a: {type: ambtenaar}
    """)
    assert shown(path) == [
        ':2:3: warning: style for type "ambtenar", which no actor has '
        '(did you mean "ambtenaar"?)',
        ':3:3: warning: style for type "raad", which no actor has']


def test_a_legend_label_that_names_nothing(write_map):
    path = write_map("""
        legend:
          labels: {tenson: spanning, ambtenaar: Ambtenaren, control: sturing, xyz: iets}
        actors:
          a: {type: ambtenaar}
          b: {}
        relations:
          - {from: a, to: b, type: tension}
    """)
    assert shown(path) == [
        ':2:12: warning: legend label for "tenson", which is no relation type or actor type '
        'in the map (did you mean "tension"?)',
        ':2:71: warning: legend label for "xyz", which is no relation type or actor type '
        "in the map"]


def test_empty_labels_and_a_label_read_as_a_comment(write_map):
    path = write_map("""
        actors:
          a:
            label: #1 prioriteit
          b:
            label: ""
          c:
            label:
          d: #kop
        relations:
          - {from: a, to: b, type: tension, label: ""}
          - {from: c, to: d, type: tension}
    """)
    assert shown(path) == [
        ':3:12: warning: the text after "#" is a comment to YAML, so it is not the label of '
        'actor "a"; put the label in quotes: label: "#1 prioriteit"',
        ':5:12: warning: actor "b" has an empty label; write the text, or leave the label out',
        ':7:5: warning: actor "c" has an empty label; write the text after "label:", or '
        "leave the label out",
        ':8:6: warning: the text after "#" is a comment to YAML, so it is not the label of '
        'actor "d"; put the label in quotes: d: "#kop"',
        ":10:44: warning: relation 1 has an empty label; write the text, or leave the label "
        "out"]


def test_an_actor_named_like_a_field_probably_lost_its_indentation(write_map):
    path = write_map("""
        actors:
          raad:
            label: Gemeenteraad
          type: bestuur
          burgers: {}
        relations:
          - {from: raad, to: burgers, type: tension}
    """)
    assert shown(path) == [
        ':4:3: warning: actor id "type" is the name of an actor field: this line probably '
        'lost its indentation and belongs to actor "raad" (line 2); indent it under "raad"']
    first = write_map("actors:\n  label: Raad\n  b: {}\n", "first.yaml")
    assert shown(first)[0] == (
        ':2:3: warning: actor id "label" is the name of an actor field: this line probably '
        "lost its indentation and belongs to an actor; indent it under that actor")


def test_a_relation_repeated_in_reverse_for_an_undirected_type(write_map):
    path = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: b, type: tension}
          - {from: b, to: a, type: tension}
          - {from: a, to: b, type: information}
          - {from: b, to: a, type: information}
          - {from: b, to: a, type: cooperation, label: samen}
          - {from: a, to: b, type: cooperation, label: apart}
    """)
    assert shown(path) == [
        ':4:5: warning: relation repeats the one at line 3 in reverse: "tension" has no '
        'direction, so "b" to "a" says the same as "a" to "b"']


def test_a_strength_in_quotes(write_map):
    path = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: b, type: tension, strength: "2"}
    """)
    assert shown(path) == [
        ':3:47: error: strength must be 1, 2 or 3 without quotes, not "2"; write '
        "strength: 2"]
    words = write_map("actors: {a: {}, b: {}}\nrelations:\n"
                      "  - {from: a, to: b, type: tension, strength: zwaar}\n", "zwaar.yaml")
    assert shown(words) == [':3:47: error: strength must be 1, 2 or 3 without quotes, '
                            'not "zwaar"']


def test_strict_makes_the_new_warnings_errors(write_map):
    path = write_map("""
        styles: {ambtenar: {shape: box}}
        actors: {a: {type: ambtenaar}, b: {}}
        relations:
          - {from: a, to: b, type: tension}
    """)
    assert run("validate", str(path)) == (
        0, "", f'{path}:1:10: warning: style for type "ambtenar", which no actor has '
               '(did you mean "ambtenaar"?)\n')
    code, _out, err = run("validate", "--strict", str(path))
    assert code == 1 and err.startswith(f'{path}:1:10: error: style for type "ambtenar"')


def test_the_showcase_has_none_of_these_warnings():
    assert check(SHOWCASE).diagnostics == ()


# --- messages that are not about a line of the map ---------------------------------


def test_a_missing_file_has_no_position(tmp_path):
    path = tmp_path / "kaart.yaml"
    assert [str(d) for d in check(path).diagnostics] == [f"{path}: error: no such file"]
    assert run("validate", str(path)) == (1, "", f"{path}: error: no such file\n")


def test_an_output_problem_is_reported_as_such_before_any_layout(write_map, tmp_path,
                                                                 monkeypatch):
    path = write_map(TWO_ACTORS, "kaart.yaml")

    def no_layout(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("laid out before the output was checked")

    monkeypatch.setattr(conceptmap._api, "make_scene", no_layout)
    target = tmp_path / "uit" / "kaart.svg"
    assert run("render", str(path), "-o", str(target)) == (
        1, "", f"conceptmap: error: cannot write {target}: the folder {tmp_path / 'uit'} "
               "does not exist\n")


@pytest.mark.parametrize("command", [("export", "--to", "dot"), ("analyze",)])
def test_text_outputs_report_output_problems_as_such(write_map, tmp_path, command):
    path = write_map(TWO_ACTORS, "kaart.yaml")
    target = tmp_path / "uit" / "kaart.txt"
    assert run(command[0], str(path), *command[1:], "-o", str(target)) == (
        1, "", f"conceptmap: error: cannot write {target}: the folder {tmp_path / 'uit'} "
               "does not exist\n")


def test_an_output_folder_that_does_not_exist_is_created(write_map, tmp_path):
    path = write_map(TWO_ACTORS, "kaart.yaml")
    folder = tmp_path / "figuren" / "2026"
    code, _out, err = run("render", str(path), "-o", str(folder), "--format", "svg", "-q")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in folder.iterdir()) == ["kaart.svg"]


# --- the library speaks the same way ------------------------------------------------


@pytest.fixture(scope="module")
def small_map() -> conceptmap.Map:
    return conceptmap.loads("actors: {a: {}, b: {}}\n"
                            "relations:\n  - {from: a, to: b, type: tension}\n")


def test_an_unknown_theme_or_layout_names_the_allowed_ones(small_map):
    with pytest.raises(OptionError) as caught:
        conceptmap.draw(small_map, theme="drak")
    assert str(caught.value) == ('unknown theme "drak" (did you mean "dark"?); choose one of: '
                                 "light, dark, print")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(OptionError, match=r'unknown layout "forse" \(did you mean "force"\?\)'):
        conceptmap.render_bytes(small_map, "svg", conceptmap.DrawOptions(layout="forse"))


def test_render_takes_the_width_strings_of_the_command_line(small_map, tmp_path):
    by_string = conceptmap.render(small_map, tmp_path / "a.svg", width="16cm")
    by_points = conceptmap.render(small_map, tmp_path / "b.svg", width=16 * 72 / 2.54)
    assert by_string.read_bytes() == by_points.read_bytes()
    assert conceptmap.DrawOptions(width="6in").width == 432.0
    with pytest.raises(OptionError, match=r"invalid width '16 furlongs': use a number with a "
                                          "unit, like 16cm"):
        conceptmap.render(small_map, tmp_path / "c.svg", width="16 furlongs")


def test_load_given_yaml_text_points_to_loads():
    text = "actors:\n  a: {}\n"
    message = ("load() takes the path of a map file, and this is YAML text; use "
               "conceptmap.loads(text) to read a map from text")
    with pytest.raises(OptionError) as caught:
        conceptmap.load(text)
    assert str(caught.value) == message
    with pytest.raises(OptionError, match=r"use conceptmap.loads\(text\)"):
        conceptmap.load("actors: {a: {}}")
    assert [a.id for a in conceptmap.loads(text).actors] == ["a"]


# --- the README shows the messages as they read -------------------------------------


def test_the_readme_diagnostics_example_is_what_validate_prints(tmp_path, monkeypatch):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### Diagnostics and exit codes")[1].split("\n## ")[0]
    blocks = [b.removeprefix("text\n") for b in section.split("```")[1::2]]
    source, before, after = blocks[:3]  # the map, then what validate says twice
    monkeypatch.chdir(tmp_path)
    Path("kaart.yaml").write_text(source, encoding="utf-8")
    assert run("validate", "kaart.yaml") == (1, "", before.split("\n", 1)[1])
    fixed = source.replace("\u201cRaad: gemeente\u201d", '"Raad: gemeente"')
    Path("kaart.yaml").write_text(fixed, encoding="utf-8")
    assert run("validate", "kaart.yaml") == (1, "", after.split("\n", 1)[1])


def test_wording_a_syntax_error_stays_fast_and_short_on_hostile_lines(write_map):
    """The rules read lines with patterns that cannot backtrack, and quote little of them."""
    import time

    path = write_map("a:\n  b: c\n    x" + " " * 200_000 + "y\n d: e\n")
    started = time.perf_counter()
    [diagnostic] = check(path).diagnostics
    assert time.perf_counter() - started < 10
    assert (diagnostic.line, diagnostic.column) == (4, 2)
    assert diagnostic.message.startswith('the key "d" is indented 1 space')
    long_key = write_map("a:\n  b: c\n  " + "k" * 5000 + "\n", "long.yaml")
    [diagnostic] = check(long_key).diagnostics
    assert len(diagnostic.message) < 250
