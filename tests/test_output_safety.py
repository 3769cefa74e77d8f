"""Output safety: all-or-nothing writes, never over the map, clear errors, safe names."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import conceptmap
from conceptmap import OutputError
from conceptmap._output import STALE_AFTER, safe_name, write_atomic

from .test_cli import TWO_ACTORS, run

ROOT = Path(__file__).resolve().parent.parent


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "kaart.svg"
    target.write_bytes(b"old")
    write_atomic(target, b"new picture")
    assert target.read_bytes() == b"new picture"
    assert leftovers(tmp_path) == []
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "kaart.svg"
    target.write_bytes(b"old")

    def disk_full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match=r"cannot write .*kaart\.svg: No space left on device"):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_output_equal_to_the_input_is_refused(write_map, tmp_path):
    path = write_map(TWO_ACTORS, "kaart.yaml")
    before = path.read_bytes()
    code, _out, err = run("render", str(path), "-o", str(path))
    assert code == 1
    assert err == (f"conceptmap: error: cannot write {path}: refusing to overwrite the input "
                   f"map {path}; choose another output\n")
    svg_named = write_map(TWO_ACTORS, "kaart.svg")  # a map that happens to end in .svg
    code, _out, err = run("render", str(svg_named), "-o", str(svg_named))
    assert code == 1 and "refusing to overwrite the input map" in err
    link = tmp_path / "link.svg"
    link.symlink_to(svg_named)
    code, _out, err = run("render", str(svg_named), "-o", str(link))
    assert code == 1 and "refusing to overwrite the input map" in err
    assert path.read_bytes() == before and svg_named.read_bytes() == before
    with pytest.raises(OutputError, match="refusing to overwrite the input map"):
        write_atomic(tmp_path / "." / "kaart.yaml", b"x", protect=(path,))


def test_a_missing_or_impossible_output_folder_is_a_clear_error(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    code, _out, err = run("render", str(path), "-o", str(tmp_path / "nergens" / "x.svg"))
    assert code == 1
    assert err == (f"conceptmap: error: cannot write {tmp_path / 'nergens' / 'x.svg'}: the "
                   f"folder {tmp_path / 'nergens'} does not exist\n")
    (tmp_path / "bestand").write_text("not a folder")
    code, _out, err = run("render", str(path), "-o", str(tmp_path / "bestand" / "x.svg"))
    assert code == 1
    assert err.endswith(f": {tmp_path / 'bestand'} is not a folder\n")
    assert "Traceback" not in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_a_folder_that_cannot_be_written_is_a_clear_error(write_map):
    """/proc refuses new files even to root, unlike a chmod-ed folder."""
    path = write_map(TWO_ACTORS)
    code, _out, err = run("render", str(path), "-o", "/proc/kaart.svg")
    assert code == 1
    assert err.startswith("conceptmap: error: cannot write /proc/kaart.svg: cannot create a "
                          "file in the folder /proc: ")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders anyway")
def test_a_read_only_folder_is_a_clear_error(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _out, err = run("render", str(path), "-o", str(folder / "x.svg"))
    finally:
        folder.chmod(0o755)
    assert code == 1
    assert err == (f"conceptmap: error: cannot write {folder / 'x.svg'}: cannot create a file "
                   f"in the folder {folder}: Permission denied\n")


def test_permission_denied_is_reported_for_root_too(tmp_path, monkeypatch):
    def refuse(**_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match=r"cannot create a file in the folder .*: Permission"):
        write_atomic(tmp_path / "x.svg", b"data")


def test_default_output_folder_that_cannot_be_made(write_map, tmp_path, monkeypatch):
    path = write_map(TWO_ACTORS)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output").write_text("a file, not a folder")
    code, _out, err = run("render", str(path))
    assert code == 1
    assert err == "conceptmap: error: cannot create the folder output: File exists\n"


def test_batch_output_names_are_sanitised(write_map, tmp_path):
    for name in ("con.yaml", "-rf.yaml", "kaart: v2?.yaml", ".verborgen.yaml", "kaart  v2_.yaml"):
        write_map(TWO_ACTORS, name)
    out = tmp_path / "uit"
    out.mkdir()
    code, _out, err = run("render", str(tmp_path), "-o", str(out), "--format", "svg")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [
        "_con.svg", "kaart__v2-2.svg", "kaart__v2.svg", "rf.svg", "verborgen.svg"]


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "..", ".", "", "a/b\\c", "NUL", "com1.backup", "-x", "é" * 300,
    "kaart\x00\n\t", "\u202egpj.exe", " spaties ",
])
def test_safe_name_never_escapes_or_hides(name):
    safe = safe_name(name)
    assert safe and len(safe.encode("utf-8")) <= 121
    assert not set(safe) & set("/\\\x00\n\t\u202e :")
    assert not safe.startswith((".", "-"))
    assert safe.split(".")[0].lower() not in ("con", "prn", "aux", "nul", "com1", "lpt1")


def test_parallel_writes_leave_one_complete_file(tmp_path):
    """Writers race and a reader watches: it only ever sees a whole file."""
    target = tmp_path / "kaart.svg"
    payloads = [bytes([65 + n]) * 300_000 for n in range(4)]
    target.write_bytes(payloads[0])
    seen: set[bytes] = set()
    stop = threading.Event()

    def write(payload: bytes) -> None:
        for _ in range(15):
            write_atomic(target, payload)

    def watch() -> None:
        while not stop.is_set():
            seen.add(target.read_bytes())

    watcher = threading.Thread(target=watch)
    watcher.start()
    writers = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    watcher.join()
    assert seen <= set(payloads)
    assert target.read_bytes() in payloads
    assert leftovers(tmp_path) == []


def conceptmap_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "conceptmap", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_renders_of_the_same_map_to_the_same_file(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    target = tmp_path / "samen.svg"
    expected = conceptmap.render_bytes(conceptmap.load(path), "svg")
    processes = [conceptmap_process("render", str(path), "-o", str(target)) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    assert target.read_bytes() == expected
    assert leftovers(tmp_path) == []


SLOW_WRITE = """
import os, sys, time
from conceptmap import _output
from conceptmap.cli import main

def slow_fill(handle, temp_name, data):
    os.write(handle, data[: len(data) // 2])  # half the picture is on disk...
    open(sys.argv[1], "w").close()  # ...tell the test...
    time.sleep(60)  # ...and wait for SIGKILL

_output._fill = slow_fill
main(["render", sys.argv[2], "-o", sys.argv[3]])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_render_killed_while_writing_leaves_the_old_file(write_map, tmp_path):
    path = write_map(TWO_ACTORS)
    target = tmp_path / "kaart.svg"
    target.write_bytes(b"the previous picture")
    started = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(started), str(path),
                              str(target)])
    deadline = time.monotonic() + 120
    while not started.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the child never started writing"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert target.read_bytes() == b"the previous picture"
    [stale] = leftovers(tmp_path)  # the killed render's half file: stale, not harmful
    assert stale.startswith(".kaart.svg.")
    old = time.time() - STALE_AFTER - 1
    os.utime(tmp_path / stale, (old, old))
    fresh = tmp_path / ".kaart.svg.abcd1234.tmp"  # as if another render is writing now
    fresh.write_bytes(b"busy")
    assert run("render", str(path), "-o", str(target))[0] == 0
    assert target.read_bytes() == conceptmap.render_bytes(conceptmap.load(path), "svg")
    assert leftovers(tmp_path) == [fresh.name]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_a_render_killed_at_any_moment_leaves_a_whole_file(write_map, tmp_path, delay):
    path = write_map("actors:\n" + "".join(f"  a{i}: {{label: Actor {i}}}\n" for i in range(40))
                     + "relations:\n" + "".join(
                         f"  - {{from: a{i}, to: a{(i * 7 + 1) % 40}, type: tension}}\n"
                         for i in range(40)))
    target = tmp_path / "kaart.pdf"
    target.write_bytes(b"the previous picture")
    child = conceptmap_process("render", str(path), "-o", str(target))
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    content = target.read_bytes()
    assert content == b"the previous picture" or (
        content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF"))
