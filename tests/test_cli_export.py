"""`conceptmap export MAP --to dot|json|mermaid [-o FILE]`."""

from __future__ import annotations

import json

import conceptmap
from conceptmap._export import to_dot, to_mermaid

from .test_cli import TWO_ACTORS, run


def test_export_to_standard_output(write_map):
    path = write_map(TWO_ACTORS)
    code, out, err = run("export", str(path), "--to", "dot")
    assert (code, err) == (0, "")
    assert out == to_dot(conceptmap.load(path))
    assert '"a" -> "b" [label="botsing"' in out


def test_export_to_a_file(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    target = tmp_path / "kaart.mmd"
    code, out, err = run("export", str(path), "--to", "mermaid", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == to_mermaid(conceptmap.load(path))
    code, _out, _err = run("export", str(path), "--to", "json", "-o", str(target))
    assert code == 0
    assert [a["label"] for a in json.loads(target.read_text("utf-8"))["actors"]] == [
        "Een", "Twee"]


def test_export_reports_bad_maps_and_bad_arguments(write_map, tmp_path):
    bad = write_map("actors:\n  a: {group: x}\n", "bad.yaml")
    code, out, err = run("export", str(bad), "--to", "dot")
    assert (code, out) == (1, "")
    assert err == f'{bad}:2:14: error: unknown group "x"\n'
    assert run("export", str(bad), "--to", "png")[0] == 2
    assert run("export", str(bad))[0] == 2  # --to is required
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
