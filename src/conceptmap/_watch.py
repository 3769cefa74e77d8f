"""`render --watch`: render again whenever a map is saved, until Ctrl-C.

watchfiles (Rust `notify`: inotify, FSEvents, ReadDirectoryChangesW) reports the
changes. The folders holding the maps are watched rather than the files, because
many editors save by writing a new file and renaming it over the old one, which
ends a watch on the file itself. Problems are printed and the watch goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["DEBOUNCE_MS", "watch_folders"]

DEBOUNCE_MS = 300  # an editor's save is several events; wait this long for the last one
IDLE_MS = 500  # with no change, watchfiles yields (an empty set) this often


def watch_folders(folders: Iterable[Path], on_change: Callable[[set[Path]], None],
                  on_ready: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Call on_ready once the watch is live (changes from then on are seen), then
    on_change with the (resolved) paths that changed, until `stop` is set. Ctrl-C raises
    KeyboardInterrupt (watchfiles would log a line of its own instead)."""
    from watchfiles import watch

    ready = False
    for changes in watch(*sorted(set(folders)), debounce=DEBOUNCE_MS, stop_event=stop,
                         yield_on_timeout=True, rust_timeout=IDLE_MS,
                         ignore_permission_denied=True):
        if not ready:  # the first yield, at the latest after IDLE_MS: the watch is live
            ready = True
            on_ready()
        if changes:
            on_change({Path(path).resolve() for _kind, path in changes})
