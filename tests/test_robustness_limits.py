"""Resource bounds: huge, deep and self-multiplying files are refused quickly, with a position.

The time bounds here are generous (machines are noisy); bench/limits.py measures the
real times.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import conceptmap
from conceptmap import LoadLimits, MapError

from .test_cli import run

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(12)) + "actors: {x: *m}\n"


def refused(data: bytes, limits: LoadLimits = LoadLimits()) -> tuple[str, float]:
    """The single diagnostic a refused document gets, and the seconds it took."""
    start = time.perf_counter()
    with pytest.raises(MapError) as caught:
        conceptmap.loads(data, path="hostile.yaml", limits=limits)
    elapsed = time.perf_counter() - start
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.severity == "error"
    return str(diagnostic), elapsed


def test_input_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"actors:\n" + b"  # padding\n" * 400_000)  # 4.8 MB
    start = time.perf_counter()
    result = conceptmap.check(path)
    assert time.perf_counter() - start < 2
    assert [str(d) for d in result.diagnostics] == [
        f"{path}: error: file is larger than the limit of 2,097,152 bytes; refusing it "
        "(raise the limit with --max-bytes)"]


def test_max_bytes_is_configurable_in_the_library(write_map):
    path = write_map("actors:\n  a: {}\n")  # 16 bytes
    assert conceptmap.check(path, LoadLimits(max_bytes=16)).map is not None
    [diagnostic] = conceptmap.check(path, LoadLimits(max_bytes=15)).diagnostics
    assert "larger than the limit of 15 bytes" in diagnostic.message


def test_max_bytes_is_configurable_on_the_command_line(write_map):
    path = str(write_map("actors:\n  a: {label: " + "x" * 3000 + "}\n"))
    code, _out, err = run("validate", path, "--max-bytes", "1k")
    assert code == 1
    assert err == (f"{path}: error: file is larger than the limit of 1,024 bytes; "
                   "refusing it (raise the limit with --max-bytes)\n")
    assert run("validate", path, "--max-bytes", "4K")[0] == 0
    assert run("validate", path, "--max-bytes", "2MB")[0] == 0
    assert run("validate", path, "--max-bytes", "3100")[0] == 0
    assert run("validate", path, "--max-bytes", "lots")[0] == 2
    assert run("validate", path, "--max-bytes", "0")[0] == 2


@pytest.mark.parametrize(("document", "where"), [
    (b"[" * 100_000, "1:65"),
    (b"actors:\n  a: " + b"{a: " * 100_000, "2:251"),
    (b"- " * 100_000, "1:129"),
    (b"actors:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, 300)), "64:64"),
])
def test_deep_nesting_is_refused_fast(document, where):
    message, elapsed = refused(document)
    assert message == (f"hostile.yaml:{where}: error: nested deeper than 64 levels; "
                       "refusing the file")
    assert elapsed < 2


def test_nesting_depth_is_configurable():
    deep = b"actors: {a: {label: x}}\nlegend: {labels: {x: y}}\n"
    assert conceptmap.loads(deep, limits=LoadLimits(max_depth=4)).actors
    message, _elapsed = refused(deep, LoadLimits(max_depth=3))
    assert message == "hostile.yaml:1:14: error: nested deeper than 3 levels; refusing the file"


def test_alias_bomb_is_refused_fast():
    message, elapsed = refused(BILLION_LAUGHS.encode())
    assert message.startswith("hostile.yaml:")
    assert message.endswith("error: aliases expand to more than 250,000 values; "
                            "refusing the file")
    assert elapsed < 2


def test_alias_count_and_cycles_are_bounded():
    many = b"a: &x 1\nb: [" + b"*x, " * 5_000 + b"]\nactors: {}\n"
    message, elapsed = refused(many)
    assert message.endswith("more than 1,000 aliases; refusing the file")
    assert elapsed < 2
    message, _elapsed = refused(b"a: &a [*a]\nactors: {x: {}}\n")
    assert message == "hostile.yaml:1:4: error: an alias refers to itself (a cycle)"


def test_number_of_values_is_bounded():
    flood = b"actors: {}\nrelations: [" + b"1, " * 3_000 + b"]\n"
    message, elapsed = refused(flood, LoadLimits(max_nodes=1_000))
    assert message.endswith("error: more than 1,000 values; refusing the file")
    assert message.startswith("hostile.yaml:2:")
    assert elapsed < 2


def big_map(actors: int, relations: int = 0) -> str:
    lines = ["actors:", *(f"  a{i}: {{}}" for i in range(actors)), "relations:"]
    lines += [f"  - {{from: a{i % actors}, to: a{(i + 1) % actors}, type: tension, label: r{i}}}"
              for i in range(relations)]
    return "\n".join(lines) + "\n"


def test_5000_actor_map_is_refused_with_a_clear_message(write_map: Callable[..., Path]):
    path = write_map(big_map(5_000, 5_000))
    start = time.perf_counter()
    code, _out, err = run("render", str(path), "-o", str(path.with_suffix(".svg")))
    assert time.perf_counter() - start < 30
    assert code == 1
    assert err == (f"{path}:2:3: error: the map has 5,000 actors, more than the limit of 2,000; "
                   "refusing to draw it (raise the limit with --max-actors)\n")
    assert not path.with_suffix(".svg").exists()


def test_actor_and_relation_limits_are_configurable(write_map):
    path = str(write_map(big_map(30, 40)))
    assert run("validate", path)[0] == 0
    assert run("validate", path, "--max-actors", "30", "--max-relations", "40")[0] == 0
    code, _out, err = run("validate", path, "--max-actors", "29")
    assert code == 1 and "the map has 30 actors, more than the limit of 29" in err
    code, _out, err = run("validate", path, "--max-relations", "39")
    assert code == 1 and f"{path}:33:3: error: the map has 40 relations" in err
    assert run("validate", path, "--max-actors", "none")[0] == 2


def test_many_unknown_references_stay_fast(write_map):
    """"did you mean" suggestions have a budget, so 3,000 typos cost no more than a few."""
    typos = "".join(f"  - {{from: actr{i}, to: actor{i}, type: tension}}\n" for i in range(3_000))
    text = big_map(1_500).replace("  a", "  actor").replace("relations:\n", "relations:\n" + typos)
    start = time.perf_counter()
    result = conceptmap.check(write_map(text))
    assert time.perf_counter() - start < 20
    assert len(result.errors) == 4_500  # actor1500 and up do not exist either
    assert result.errors[0].message == 'unknown actor "actr0" (did you mean "actor0"?)'
    assert result.errors[-2].message == 'unknown actor "actr2999"'  # the budget is spent


def test_huge_positions_are_refused_before_drawing(write_map):
    path = write_map("actors:\n  a: {pos: [1.0e+20, 0]}\n  b: {pos: [0x10, -1000]}\n")
    assert [str(d) for d in conceptmap.check(path).errors] == [
        f"{path}:2:13: error: pos must lie between -1000 and 1000 centimetres, not 1.0e+20"]


def test_a_huge_png_is_drawn_smaller_or_refused_not_allocated(write_map, tmp_path):
    path = write_map("actors:\n  a: {}\n  b: {}\nrelations:\n  - {from: a, to: b, type: tension}\n")
    target = tmp_path / "groot.png"
    huge = ("--width", "1000cm", "--dpi", "2400")  # 94,000 pixels wide
    code, _out, err = run("render", str(path), "-o", str(target), "--strict", *huge)
    assert code == 1 and not target.exists()
    assert err.startswith(f"{path}: error: {target} is drawn at ")
    code, _out, err = run("render", str(path), "-o", str(target), *huge)
    assert code == 0
    assert err.startswith(f"{path}: warning: {target} is drawn at ")
    assert "dpi instead of 2400: larger, it would have more than 40 million pixels" in err
    from PIL import Image

    with Image.open(target) as picture:
        assert 30_000_000 < picture.width * picture.height <= 40_000_000
    with pytest.raises(conceptmap.OutputError, match=r"the PNG would be [\d,]+ x [\d,]+ pixels"):
        conceptmap.render_bytes(conceptmap.load(path), "png",
                                conceptmap.DrawOptions(width=28_000, dpi=2400))
    assert run("render", str(path), "-o", str(target), "--dpi", "0")[0] == 2
    assert run("render", str(path), "-o", str(target), "--width", "20000cm")[0] == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_instead_of_waiting_forever(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    [diagnostic] = conceptmap.check(pipe).diagnostics
    assert str(diagnostic) == (f"{pipe}: error: is not a regular file (a pipe or a "
                               "device?); save the map to a file")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /dev/zero")
def test_an_endless_device_is_refused():
    [diagnostic] = conceptmap.check("/dev/zero").diagnostics
    assert diagnostic.message.startswith("is not a regular file")


def test_without_libyaml_the_results_are_the_same(monkeypatch):
    """libyaml parses first, for speed; PyYAML's own parser must agree on every corpus file."""
    from conceptmap import _load

    from .test_fuzz import CORPUS_FILES

    files = [*sorted((Path(__file__).parent.parent / "maps").glob("*.yaml")), *CORPUS_FILES]
    fast = {path.name: conceptmap.check(path) for path in files}
    monkeypatch.setattr(_load, "_fast_composer_class", lambda: None)
    for path in files:
        slow = conceptmap.check(path)
        assert (slow.map, slow.errors) == (fast[path.name].map, fast[path.name].errors), path
