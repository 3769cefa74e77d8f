"""Writing output files safely: all or nothing, never over the map itself."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ._diagnostics import OutputError

__all__ = ["safe_name", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes,
                 protect: tuple[str | os.PathLike[str], ...] = ()) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    Readers (and a crash at any moment) see either the old file or the new one,
    never a part. Refuses to overwrite any file in `protect` (the input maps).
    """
    target = Path(path)
    for other in protect:
        with contextlib.suppress(OSError):
            if (target.exists() and target.samefile(other)) or \
                    target.resolve() == Path(other).resolve():
                raise OutputError(f"{target}: refusing to overwrite the input map")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputError(f"{target}: cannot write the file: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def safe_name(name: str) -> str:
    """A file name from a map name: no folders, no hidden files, no odd characters."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    cleaned = cleaned.strip("._") or "map"
    return cleaned[:120]
