"""The files a run wrote, kept undoable until the run is recorded.

A run's files and its record must agree: if the instance cannot record the run (a full disk, a
damaged database), the files it wrote are put back as they were. Each write that replaces a file
first keeps the old one as a hard link (``.NAME.<pid>-<hex>.bak``), removed once the run is recorded;
if the process dies first, the backup is put back when the instance is next opened (see
``partwise._scratch``). A write that made a new file is undone by removing it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from partwise._scratch import scratch_name

__all__ = ["WriteJournal"]


@dataclass
class _Entry:
    path: str
    backup: str | None  # the previous file, if there was one
    undoable: bool  # False when the previous file could not be kept (no hard links)


class WriteJournal:
    """Replacements of files made by one run (or one batch of runs), undoable until committed."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []

    def replace(self, temp: str, path: str) -> None:
        """``os.replace(temp, path)``, keeping what was at ``path`` until :meth:`commit`."""
        backup: str | None = scratch_name(path, "bak")
        undoable = True
        try:
            os.link(path, backup)  # type: ignore[arg-type]
        except FileNotFoundError:
            backup = None
        except OSError:  # a file system without hard links: this write cannot be undone
            backup, undoable = None, False
        try:
            os.replace(temp, path)
        except BaseException:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
            raise
        self._entries.append(_Entry(path, backup, undoable))

    def created(self, path: str) -> None:
        """A new file was made at ``path`` (where there was none): undone by removing it."""
        self._entries.append(_Entry(path, None, True))

    def commit(self) -> None:
        """The writes are recorded: drop the kept files."""
        for entry in self._entries:
            if entry.backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(entry.backup)
        self._entries.clear()

    def rollback(self) -> None:
        """Put every file back as it was before the run, newest write first."""
        for entry in reversed(self._entries):
            with contextlib.suppress(OSError):
                if entry.backup is not None:
                    os.replace(entry.backup, entry.path)
                elif entry.undoable:
                    os.unlink(entry.path)
        self._entries.clear()
