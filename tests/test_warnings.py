"""Warnings are diagnostics too: `path:line:col: warning: ...`; --strict makes them errors."""

from __future__ import annotations

import conceptmap

from .test_cli import run

WARNED = """
    groups:
      leeg: {label: Leeg}
      vol: {label: Vol}
    actors:
      a: {group: vol}
      b: {}
      eenzaam: {label: Eenzaam}
    relations:
      - {from: a, to: b, type: tension, label: botsing}
      - {from: a, to: b, type: tension, label: botsing}
"""


def warnings_of(path) -> list[str]:
    return [str(d) for d in conceptmap.check(path).diagnostics]


def test_each_warning_has_its_position(write_map):
    path = write_map(WARNED)
    assert warnings_of(path) == [
        f'{path}:2:3: warning: group "leeg" has no members',
        f'{path}:7:3: warning: actor "eenzaam" has no relations',
        f"{path}:10:5: warning: relation duplicates the one at line 9 exactly",
    ]
    assert conceptmap.check(path).map is not None  # warnings do not stop a map


def test_only_exact_duplicates_are_reported(write_map):
    path = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: b, type: tension, label: x}
          - {from: b, to: a, type: information, label: x}
          - {from: a, to: b, type: tension, label: y}
          - {from: a, to: b, type: cooperation, label: x}
          - {from: a, to: b, type: tension, label: x, quote: "anders"}
          - {from: a, to: b, type: tension, label: x, strength: 2}
    """)
    assert warnings_of(path) == []
    again = write_map("""
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: b, type: tension, label: x, quote: "q", strength: 2}
          - {from: a, to: b, type: tension, label: x, quote: "q", strength: 2}
          - {from: a, to: b, type: tension, label: x, quote: "q", strength: 2}
    """, "again.yaml")
    assert warnings_of(again) == [
        f"{again}:4:5: warning: relation duplicates the one at line 3 exactly",
        f"{again}:5:5: warning: relation duplicates the one at line 3 exactly",
    ]


def test_a_map_without_relations_does_not_warn_about_each_actor(write_map):
    assert warnings_of(write_map("actors: {a: {}, b: {}}\n")) == []


def test_validate_prints_warnings_and_passes(write_map):
    path = write_map(WARNED)
    code, out, err = run("validate", str(path))
    assert (code, out) == (0, "")
    assert err.splitlines() == warnings_of(path)


def test_strict_turns_warnings_into_errors(write_map, tmp_path):
    path = write_map(WARNED)
    code, _out, err = run("validate", "--strict", str(path))
    assert code == 1
    assert err.splitlines() == [w.replace(": warning: ", ": error: ") for w in warnings_of(path)]
    target = tmp_path / "kaart.svg"
    code, _out, err = run("render", str(path), "-o", str(target), "--strict")
    assert code == 1 and not target.exists()
    assert f'{path}:2:3: error: group "leeg" has no members' in err
    code, _out, _err = run("export", str(path), "--to", "json", "--strict")
    assert code == 1


def test_render_with_warnings_still_draws(write_map, tmp_path):
    path = write_map(WARNED)
    target = tmp_path / "kaart.svg"
    code, _out, err = run("render", str(path), "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"<?xml")
    assert f'{path}:7:3: warning: actor "eenzaam" has no relations' in err.splitlines()


def test_warnings_and_errors_are_reported_together(write_map):
    path = write_map("""
        groups: {leeg: {}}
        actors: {a: {}, b: {}}
        relations:
          - {from: a, to: c, type: tension}
    """)
    result = conceptmap.check(path)
    assert result.map is None
    assert [str(d) for d in result.diagnostics] == [
        f'{path}:1:10: warning: group "leeg" has no members',
        f'{path}:4:19: error: unknown actor "c"',
    ]
