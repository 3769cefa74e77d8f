"""Everyday commands: maps through pipes, batches in parallel with progress."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from conceptmap._batch import JobResult, Progress
from conceptmap.cli import main

TINY = """\
title: Klein
actors:
  a: {label: Een}
  b: {label: Twee}
relations:
  - {from: a, to: b, type: tension, label: botsing}
"""
BROKEN = "actors:\n  a: {group: x}\n"
SVG = "{http://www.w3.org/2000/svg}"


def run(*argv: str, stdin: bytes = b"", out: io.StringIO | None = None
        ) -> tuple[int, str, str]:
    out = out if out is not None else io.StringIO()
    err = io.StringIO()
    code = main(list(argv), out, err, io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def conceptmap_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "conceptmap", *argv]


def test_render_in_a_real_pipe_writes_only_the_svg_to_stdout(tmp_path):
    result = subprocess.run(conceptmap_command("render", "-", "--format", "svg", "-o", "-"),
                            input=TINY.encode(), capture_output=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    root = ET.fromstring(result.stdout)
    assert root.tag == f"{SVG}svg"
    assert "botsing" in "".join(root.itertext())
    assert list(tmp_path.iterdir()) == []  # nothing written besides standard output


def test_validate_stdin_names_it_in_diagnostics():
    code, _out, err = run("validate", "-", stdin=BROKEN.encode())
    assert code == 1
    assert err == '<stdin>:2:14: error: unknown group "x"\n'
    assert run("validate", "-", stdin=TINY.encode())[0] == 0


def test_render_stdin_errors_name_stdin_and_write_nothing(tmp_path):
    code, out, err = run("render", "-", "-o", "-", stdin=BROKEN.encode())
    assert (code, out) == (1, "")
    assert err == '<stdin>:2:14: error: unknown group "x"\n'
    code, _out, err = run("render", "-", "-o", "-", stdin=b"actors: {a: {}}\n\xff")
    assert code == 1 and err.startswith("<stdin>:2:1: error: file is not UTF-8 text")


def test_render_stdin_to_a_file_and_to_the_default_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("render", "-", "-o", "kaart.pdf", stdin=TINY.encode())[0] == 0
    assert (tmp_path / "kaart.pdf").read_bytes().startswith(b"%PDF")
    code, out, _err = run("render", "-", "--format", "svg", stdin=TINY.encode())
    assert code == 0 and out == "[1/1] <stdin> -> output/stdin.svg\n"


def test_export_and_analyze_read_a_map_from_stdin(tmp_path):
    (tmp_path / "kaart.yaml").write_text(TINY, encoding="utf-8")
    code, piped, err = run("export", "-", "--to", "dot", stdin=TINY.encode())
    assert (code, err) == (0, "")
    from_file = run("export", str(tmp_path / "kaart.yaml"), "--to", "dot")[1]
    assert piped == from_file.replace('digraph "kaart"', 'digraph "<stdin>"')
    code, table, err = run("analyze", "-", "--format", "csv", stdin=TINY.encode())
    assert (code, err) == (0, "")
    assert table == run("analyze", str(tmp_path / "kaart.yaml"), "--format", "csv")[1]
    for command in (["export", "-", "--to", "json"], ["analyze", "-"]):
        assert run(*command, stdin=BROKEN.encode()) == (
            1, "", '<stdin>:2:14: error: unknown group "x"\n')


def test_stdout_usage_errors():
    code, _out, err = run("render", "-", "-o", "-", "--format", "svg,png", stdin=TINY.encode())
    assert code == 2 and "-o - writes one picture" in err
    code, _out, err = run("render", "-", "-o", "-", "--format", "png", stdin=TINY.encode(),
                          out=Terminal())
    assert code == 2 and "not writing PNG to a terminal" in err
    code, _out, err = run("validate", "-", "-", stdin=TINY.encode())
    assert code == 2 and "standard input (-) can be named only once" in err


def test_batch_in_parallel_keeps_going_and_summarises(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("een", "twee", "drie"):
        (maps / f"{name}.yaml").write_text(TINY, encoding="utf-8")
    (maps / "kapot.yaml").write_text(BROKEN, encoding="utf-8")
    out_dir = tmp_path / "out"  # does not exist yet: -o FOLDER creates it
    # `python -m conceptmap` in a real process: the workers must not run the command again
    result = subprocess.run(conceptmap_command("render", str(maps), "-o", f"{out_dir}/",
                                               "--format", "svg", "--jobs", "2"),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["drie.svg", "een.svg", "twee.svg"]
    assert result.stderr == f'{maps / "kapot.yaml"}:2:14: error: unknown group "x"\n'
    lines = result.stdout.splitlines()
    counts = [line.split("] ", 1)[0] for line in lines[:3]]  # maps done, failures too
    assert counts == sorted(counts) and set(counts) <= {"[1/4", "[2/4", "[3/4", "[4/4"}
    assert {line.split("] ", 1)[1] for line in lines[:3]} == {
        f"{maps / name}.yaml -> {out_dir / name}.svg" for name in ("een", "twee", "drie")}
    assert lines[3].startswith("3 of 4 maps rendered in ")
    assert lines[3].endswith(f" s; 1 failed: {maps / 'kapot.yaml'}")


GROUPED = """\
title: Klein voorbeeld
groups: {stad: Stadhuis}
actors:
  raad: {label: Gemeenteraad, type: politiek, group: stad}
  college: {label: College van B&W, type: bestuur, group: stad}
  burgers: {label: Burgers, type: burger}
relations:
  - {from: raad, to: college, type: control, label: controleert}
  - {from: burgers, to: raad, type: tension, label: voelt zich niet gehoord}
"""


def test_a_parallel_batch_writes_the_bytes_of_separate_runs(tmp_path):
    """Workers forked warm from a fork server, one figure for each map's SVG and PNG:
    the files are byte for byte those a separate run writes, and the fork server stops
    with the batch."""
    import multiprocessing.forkserver

    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "klein.yaml").write_text(TINY, encoding="utf-8")
    (maps / "stad.yaml").write_text(GROUPED, encoding="utf-8")
    code, _out, err = run("render", str(maps), "-o", str(tmp_path / "batch"), "--format",
                          "svg,png", "--jobs", "2")
    assert (code, err) == (0, "")
    assert multiprocessing.forkserver._forkserver._forkserver_pid is None
    for name in ("klein", "stad"):
        single = tmp_path / "single" / name
        assert run("render", str(maps / f"{name}.yaml"), "-o", str(single), "--format",
                   "svg,png")[0] == 0
        for fmt in ("svg", "png"):
            assert (tmp_path / "batch" / f"{name}.{fmt}").read_bytes() == \
                (single / f"{name}.{fmt}").read_bytes()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server on Linux only")
def test_batch_workers_start_from_a_warm_fork_server():
    from conceptmap._batch import _pool_context

    assert _pool_context().get_start_method() == "forkserver"
    code = ("import sys, conceptmap._warm; from conceptmap._text import _line_width; "
            "print(_line_width.cache_info().currsize > 0, sorted(m for m in ("
            "'matplotlib.backends.backend_agg', 'matplotlib.backends.backend_svg', "
            "'PIL.PngImagePlugin') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    # the warm-up drew: text measured, both backends and the PNG writer loaded
    assert result.stdout.split(" ", 1)[0] == "True"
    assert result.stdout.strip().split(" ", 1)[1] == str(sorted((
        "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg",
        "PIL.PngImagePlugin")))


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise():
    plain_out, plain_err = io.StringIO(), io.StringIO()
    plain = Progress(2, plain_out, plain_err, quiet=False)
    plain.finished(JobResult("a.yaml", True, ("out/a.svg",)))
    plain.finished(JobResult("b.yaml", False, messages="b.yaml:1:1: error: kapot\n"))
    plain.close()
    assert plain_err.getvalue() == "b.yaml:1:1: error: kapot\n"
    assert plain_out.getvalue().startswith(
        "[1/2] a.yaml -> out/a.svg\n1 of 2 maps rendered in ")

    out, terminal = io.StringIO(), Terminal()
    bar = Progress(2, out, terminal, quiet=False)
    bar.finished(JobResult("a.yaml", True, ("out/a.svg",)))
    bar.finished(JobResult("b.yaml", False, messages="b.yaml:1:1: error: kapot\n"))
    bar.close()
    shown = terminal.getvalue()
    assert "1/2 maps" in shown and "2/2 maps" in shown and "100%" in shown
    assert "b.yaml:1:1: error: kapot" in shown
    assert "[1/2]" not in out.getvalue()  # the bar replaces the per-map lines
    assert out.getvalue().startswith("1 of 2 maps rendered in ")


def test_quiet_batch_prints_only_problems(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "een.yaml").write_text(TINY, encoding="utf-8")
    (maps / "kapot.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, err = run("render", str(maps), "-o", str(tmp_path / "out"), "--format", "svg",
                         "-q")
    assert (code, out) == (1, "")
    assert err == f'{maps / "kapot.yaml"}:2:14: error: unknown group "x"\n'


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(jobs, tmp_path):
    (tmp_path / "een.yaml").write_text(TINY, encoding="utf-8")
    assert run("render", str(tmp_path / "een.yaml"), "--jobs", jobs)[0] == 2



class _Lines:
    """Lines a process writes, collected by a thread, to wait for without blocking."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def wait_for(self, predicate, timeout: float = 90.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if predicate(self.lines):
                    return list(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"timed out; lines so far: {self.lines}")


def test_watch_renders_again_on_each_save_and_survives_errors(tmp_path):
    source = tmp_path / "kaart.yaml"
    source.write_text(TINY, encoding="utf-8")
    target = tmp_path / "kaart.svg"
    process = subprocess.Popen(
        conceptmap_command("render", str(source), "-o", str(target), "--watch"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        out, err = _Lines(process.stdout), _Lines(process.stderr)
        rendered = f"[1/1] {source} -> {target}"
        out.wait_for(lambda lines: lines.count(rendered) == 1)
        err.wait_for(lambda lines: any(line.startswith("watching 1 folder") for line in lines))
        assert "botsing" in target.read_text(encoding="utf-8")

        # an editor saving through a temporary file and a rename
        staged = tmp_path / ".kaart.yaml.swp"
        staged.write_text(TINY.replace("botsing", "nieuwe botsing"), encoding="utf-8")
        os.replace(staged, source)
        out.wait_for(lambda lines: lines.count(rendered) == 2)
        assert "nieuwe botsing" in target.read_text(encoding="utf-8")

        # a mistake: reported with its position, the picture kept, the watch goes on
        source.write_text(BROKEN, encoding="utf-8")
        err.wait_for(lambda lines: f'{source}:2:14: error: unknown group "x"' in lines)
        assert "nieuwe botsing" in target.read_text(encoding="utf-8")

        source.write_text(TINY.replace("botsing", "opgelost"), encoding="utf-8")
        out.wait_for(lambda lines: lines.count(rendered) == 3)
        assert "opgelost" in target.read_text(encoding="utf-8")
        assert process.poll() is None  # still watching

        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=30) == 0
        assert all(line.startswith(("watching", str(source))) for line in err.lines), err.lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_watch_needs_files(tmp_path):
    code, _out, err = run("render", "-", "--watch", stdin=TINY.encode())
    assert code == 2 and "--watch needs map files" in err
