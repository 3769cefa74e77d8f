"""`conceptmap export MAP [-o FILE] [--to FORMAT] [--theme T] [--positions]`."""

from __future__ import annotations

import json

import pytest

import conceptmap
from conceptmap._export import export
from conceptmap._export_dot import to_dot
from conceptmap._export_mermaid import to_mermaid

from .test_cli import TWO_ACTORS, run


def test_export_to_standard_output(write_map):
    path = write_map(TWO_ACTORS)
    code, out, err = run("export", str(path), "--to", "dot")
    assert (code, err) == (0, "")
    assert out == to_dot(conceptmap.load(path))
    assert '"a" -> "b" [label="botsing"' in out
    assert run("export", str(path), "--to", "dot", "-o", "-") == (0, out, "")


@pytest.mark.parametrize(("suffix", "fmt"), [
    ("dot", "dot"), ("gv", "dot"), ("mmd", "mermaid"), ("graphml", "graphml"),
    ("gexf", "gexf"), ("json", "json")])
def test_export_chooses_the_format_from_the_extension(write_map, tmp_path, suffix, fmt):
    path = write_map(TWO_ACTORS)
    target = tmp_path / f"kaart.{suffix}"
    assert run("export", str(path), "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == export(conceptmap.load(path), fmt)


def test_to_overrides_the_extension_and_theme_changes_the_colours(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    target = tmp_path / "kaart.txt"
    assert run("export", str(path), "--to", "mermaid", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == to_mermaid(conceptmap.load(path))
    code, out, _err = run("export", str(path), "--to", "dot", "--theme", "dark")
    assert code == 0 and 'color="#ff7a3d"' in out and 'bgcolor="#1e2127"' in out
    code, out, _err = run("export", str(path), "-o", "-", "--to", "json")
    assert [a["label"] for a in json.loads(out)["actors"].values()] == ["Een", "Twee"]


def test_export_usage_errors(write_map, tmp_path):
    path = str(write_map(TWO_ACTORS))
    code, out, err = run("export", path)
    assert (code, out) == (2, "")
    assert err == ("conceptmap: error: say which format with --to "
                   "(dot, mermaid, graphml, gexf, json)\n")
    code, _out, err = run("export", path, "-o", str(tmp_path / "kaart.png"))
    assert code == 2 and "kaart.png: the extension does not name a format" in err
    assert ".dot, .gv, .mmd" in err
    assert run("export", path, "--to", "png")[0] == 2


def test_export_reports_bad_maps(write_map):
    bad = write_map("actors:\n  a: {group: x}\n", "bad.yaml")
    code, out, err = run("export", str(bad), "--to", "dot")
    assert (code, out) == (1, "")
    assert err == f'{bad}:2:14: error: unknown group "x"\n'
    lonely = write_map("actors: {a: {}, b: {}, c: {}}\n"
                       "relations: [{from: a, to: b, type: tension}]\n", "lonely.yaml")
    assert run("export", str(lonely), "--to", "dot")[0] == 0
    assert run("export", str(lonely), "--to", "dot", "--strict")[0] == 1


def test_export_never_overwrites_the_map_or_writes_into_a_missing_folder(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    before = path.read_bytes()
    code, _out, err = run("export", str(path), "--to", "dot", "-o", str(path))
    assert code == 1 and "refusing to overwrite the input map" in err
    assert path.read_bytes() == before
    code, _out, err = run("export", str(path), "--to", "dot", "-o",
                          str(tmp_path / "nope" / "x.dot"))
    assert code == 1 and "does not exist" in err


def test_json_export_renders_to_the_same_svg_as_the_yaml(tmp_path):
    from .test_export import FULL

    yaml_map = tmp_path / "yaml" / "kaart.yaml"
    json_map = tmp_path / "json" / "kaart.json"
    for path in (yaml_map, json_map):
        path.parent.mkdir()
    yaml_map.write_text(FULL, encoding="utf-8")
    assert run("export", str(yaml_map), "-o", str(json_map))[0] == 0
    for path in (yaml_map, json_map):
        assert run("render", str(path), "-o", str(path.with_suffix(".svg")), "-q")[0] == 0
    svg = yaml_map.with_suffix(".svg").read_bytes()
    assert b"Volledig" in svg and b"relation-a-b-1" in svg
    assert json_map.with_suffix(".svg").read_bytes() == svg


def test_no_text_command_writes_over_its_input(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    before = path.read_bytes()
    for command in (["export", str(path), "--to", "json"], ["analyze", str(path)]):
        code, out, err = run(*command, "-o", str(path))
        assert (code, out) == (1, "")
        assert err == (f"conceptmap: error: cannot write {path}: refusing to overwrite the "
                       "input map\n")
    assert path.read_bytes() == before
    actors = tmp_path / "a.csv"
    actors.write_text("label\nA\n", encoding="utf-8")
    code, _out, err = run("import", str(actors), "-o", str(actors))
    assert code == 1 and "refusing to overwrite" in err
    assert actors.read_text(encoding="utf-8") == "label\nA\n"


def test_positions_go_with_json_only(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    code, _out, err = run("export", str(path), "--to", "dot", "--positions")
    assert (code, err) == (2, "conceptmap: error: --positions goes with json output, not dot\n")
    target = tmp_path / "kaart.json"
    assert run("export", str(path), "-o", str(target), "--positions", "--seed", "3") == (
        0, "", "")
    computed = json.loads(target.read_text(encoding="utf-8"))["computed"]
    assert (sorted(computed["actors"]), computed["seed"]) == (["a", "b"], 3)
    assert run("validate", str(target)) == (0, "", "")
