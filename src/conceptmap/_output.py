"""Writing output files safely: all or nothing, never over the map itself.

A picture is written to a temporary file next to the target (`.<name>.<random>.tmp`),
flushed to disk and renamed over the target in one step. Readers, a second render
of the same map at the same moment, and a render killed at any point all see either
the old file or the new one, never a part. A killed render can leave its temporary
file behind; the next write to the same target removes such files once they are
older than STALE_AFTER seconds (a live render's temporary file is seconds old).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

from ._diagnostics import OutputError

__all__ = ["STALE_AFTER", "check_writable", "safe_name", "write_atomic"]

STALE_AFTER = 600.0  # seconds
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)


def write_atomic(path: str | os.PathLike[str], data: bytes,
                 protect: tuple[str | os.PathLike[str], ...] = ()) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    Raises OutputError, with the old file (if any) left exactly as it was, when the
    folder is missing or not writable, or when `path` is one of `protect` (the maps).
    """
    target = Path(path)
    _check_target(target, protect)
    folder = target.parent
    prefix = _temp_prefix(target.name)
    _remove_stale_temps(folder, prefix)
    handle, temp_name = _temp_file(target)
    try:
        _fill(handle, temp_name, data)
        os.replace(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror}") from None
        raise
    _sync_folder(folder)


def check_writable(path: str | os.PathLike[str],
                   protect: tuple[str | os.PathLike[str], ...] = ()) -> None:
    """Raise OutputError now if `path` cannot be written, before any drawing starts.

    Tries what write_atomic will do (create a temporary file in the folder) and removes
    the file again, so a missing, read-only or full folder is found in milliseconds.
    """
    target = Path(path)
    _check_target(target, protect)
    handle, temp_name = _temp_file(target)
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(temp_name)


def _check_target(target: Path, protect: tuple[str | os.PathLike[str], ...]) -> None:
    _refuse_protected(target, protect)
    folder = target.parent
    if not folder.is_dir():
        reason = f"{folder} is not a folder" if folder.exists() else \
            f"the folder {folder} does not exist"
        raise OutputError(f"cannot write {target}: {reason}")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")


def _temp_file(target: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp",
                                dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: cannot create a file in the folder "
                          f"{target.parent}: {exc.strerror}") from None


def _refuse_protected(target: Path, protect: tuple[str | os.PathLike[str], ...]) -> None:
    for other in protect:
        with contextlib.suppress(OSError):
            if (target.exists() and target.samefile(other)) or \
                    target.resolve() == Path(other).resolve():
                raise OutputError(f"cannot write {target}: refusing to overwrite the input map")


def _fill(handle: int, temp_name: str, data: bytes) -> None:
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temp_name, 0o644)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _temp_prefix(name: str) -> str:
    """`.<name>.`, with the name cut so that the temporary name stays a legal length."""
    short = name.encode("utf-8")[:100].decode("utf-8", errors="ignore")
    return f".{short}."


def _remove_stale_temps(folder: Path, prefix: str) -> None:
    """Remove temporary files that renders of this target left behind when killed."""
    pattern = re.compile(re.escape(prefix) + r"[a-z0-9_]{8}\.tmp")
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                        os.unlink(entry.path)


def safe_name(name: str) -> str:
    """A file name from a map name, safe on any file system.

    No folders, no hidden files, no leading "-" (mistaken for an option), no odd
    characters, no Windows device names (CON, NUL, ...), at most 120 bytes in UTF-8.
    """
    name = unicodedata.normalize("NFC", name)
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    cleaned = cleaned.strip("._-") or "map"
    cleaned = cleaned.encode("utf-8")[:120].decode("utf-8", errors="ignore").rstrip("._-")
    if _WINDOWS_RESERVED.fullmatch(cleaned.split(".")[0]):
        cleaned = f"_{cleaned}"
    return cleaned or "map"
