"""The command line: exit codes, where output goes, and that validate stays light."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from conceptmap.cli import main

from .conftest import SHOWCASE

TWO_ACTORS = """
    title: Twee
    actors:
      a: {label: Een}
      b: {label: Twee}
    relations:
      - {from: a, to: b, type: tension, label: botsing}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_validate_ok_and_invalid(write_map):
    assert run("validate", str(write_map(TWO_ACTORS)))[0] == 0
    bad = write_map("actors:\n  a: {group: x}\n", "bad.yaml")
    code, _out, err = run("validate", str(bad))
    assert code == 1
    assert err == f'{bad}:2:14: error: unknown group "x"\n'


def test_usage_errors_exit_2(write_map, tmp_path):
    assert run()[0] == 2
    assert run("render")[0] == 2
    assert run("frobnicate", "x.yaml")[0] == 2
    assert run("render", str(write_map(TWO_ACTORS)), "--width", "wide")[0] == 2
    path = str(write_map(TWO_ACTORS))
    code, _out, err = run("render", path, path, "-o", str(tmp_path / "one.svg"))
    assert code == 2 and "several maps need -o FOLDER" in err


def test_render_to_file_formats(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    for ext, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"twee.{ext}"
        assert run("render", str(path), "-o", str(out))[0] == 0
        assert out.read_bytes().startswith(magic)


def test_render_default_output_folder(write_map, tmp_path, monkeypatch):
    path = write_map(TWO_ACTORS, "mijn kaart.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _err = run("render", str(path))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        "mijn_kaart.png", "mijn_kaart.svg"]
    assert "mijn_kaart.svg" in out


def test_render_folder_of_maps_with_formats(write_map, tmp_path):
    write_map(TWO_ACTORS, "een.yaml")
    write_map(TWO_ACTORS, "twee.yml")
    outdir = tmp_path / "out"
    outdir.mkdir()
    code, _out, _err = run("render", str(tmp_path), "-o", str(outdir), "--format", "pdf,svg")
    assert code == 0
    assert sorted(p.name for p in outdir.iterdir()) == [
        "een.pdf", "een.svg", "twee.pdf", "twee.svg"]


def test_invalid_map_writes_nothing_and_keeps_old_output(write_map, tmp_path):
    out = tmp_path / "kaart.svg"
    out.write_text("old picture")
    bad = write_map("actors:\n  a: {group: x}\n")
    code, _out, err = run("render", str(bad), "-o", str(out))
    assert code == 1 and "error" in err
    assert out.read_text() == "old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.svg", "map.yaml"]


def test_no_traceback_for_missing_file(tmp_path):
    code, _out, err = run("render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "x.svg"))
    assert code == 1
    assert err.strip() == f"{tmp_path / 'nope.yaml'}: error: no such file"


def test_validate_does_not_import_matplotlib():
    code = (
        "import sys; from conceptmap.cli import main; "
        f"rc = main(['validate', {str(SHOWCASE)!r}]); "
        "heavy = [m for m in ('matplotlib', 'scipy', 'numpy') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.stdout.strip() == "0 []"


def test_console_script_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "conceptmap", "validate", str(SHOWCASE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [\n")
    result = subprocess.run([sys.executable, "-m", "conceptmap", "validate", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:2:1: error: YAML syntax error")


def test_a_reader_that_stops_early_gets_no_traceback():
    # The reader goes away (as `| head` does once it has its lines) before the picture,
    # which takes a while to draw, is written.
    process = subprocess.Popen([sys.executable, "-m", "conceptmap", "render", str(SHOWCASE),
                                "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=300) == 1  # the output could not all be written
    assert err == b""


def test_output_folder_path_is_relative_to_cwd(write_map, tmp_path, monkeypatch):
    path = write_map(TWO_ACTORS)
    sub = tmp_path / "elders"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert run("render", str(path), "-o", "plaatje.png")[0] == 0
    assert Path(sub / "plaatje.png").read_bytes()[:4] == b"\x89PNG"


def test_large_maps_announce_the_wait(tmp_path):
    from .mapgen import map_text

    path = tmp_path / "groot.yaml"
    path.write_text(map_text(200), encoding="utf-8")
    code, _out, err = run("render", str(path), "-o", str(tmp_path / "groot.svg"))
    assert code == 0
    assert f"{path}: laying out 200 actors and " in err
