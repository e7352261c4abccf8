"""Scratch files beside stored files, and what a dead process's scratch files mean.

Where the system allows (Linux: ``O_TMPFILE`` and ``/proc``), a new file is written unnamed in its
directory and then linked under its name, which fails if a file is already there: nothing to
rename, nothing to clean up, and a process killed half way leaves nothing behind.

Otherwise a write goes to ``.NAME.<pid>-<hex>.tmp`` and is then renamed over ``NAME``; a write that
replaces a file first keeps the old one as ``.NAME.<pid>-<hex>.bak`` until its run is recorded
(see ``partwise._io.journal``). A process killed on the way left these behind: its temporary
files are half-written, and each backup is the last recorded version of a file that an
unrecorded run replaced. Recovery removes the first and puts the second back.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re

from partwise._instance.processes import process_is_gone

__all__ = ["link_unnamed", "open_unnamed", "recover_scratch_files", "scratch_name"]

_SCRATCH = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+\.(?P<kind>tmp|bak)$")
_UNNAMED = getattr(os, "O_TMPFILE", 0) | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)


def scratch_name(path: str, suffix: str) -> str:
    """A hidden sibling of ``path`` owned by this process: ``.NAME.<pid>-<hex>.<suffix>``."""
    directory, sep, filename = path.rpartition(os.sep)
    return f"{directory}{sep}.{filename}.{os.getpid()}-{os.urandom(4).hex()}.{suffix}"


@functools.cache
def _can_link_descriptors() -> bool:
    """Whether an open file can be linked by its ``/proc/self/fd`` entry (Linux with ``/proc``)."""
    usable = hasattr(os, "O_TMPFILE") and os.link in os.supports_dir_fd
    return usable and os.path.isdir("/proc/self/fd")


def open_unnamed(directory: str) -> int | None:
    """A file descriptor open for writing on a new, unnamed file in ``directory``.

    ``None`` where this system or file system has no unnamed files: the caller writes a named
    temporary file instead. A missing ``directory`` raises ``FileNotFoundError`` (or
    ``NotADirectoryError``), as ``open`` would.
    """
    if not _can_link_descriptors():
        return None
    try:
        return os.open(directory or os.curdir, _UNNAMED, 0o666)
    except (FileNotFoundError, NotADirectoryError):
        raise
    except OSError:  # EOPNOTSUPP: not on this file system; EISDIR: a kernel without O_TMPFILE
        return None


def link_unnamed(fd: int, path: str) -> None:
    """Give the unnamed file open as ``fd`` the name ``path``.

    Raises ``FileExistsError`` if something is at ``path`` already: unlike a rename, a link never
    replaces. (``src_dir_fd`` only makes Python call ``linkat`` with ``AT_SYMLINK_FOLLOW``; the
    kernel ignores it for an absolute source.)
    """
    os.link(f"/proc/self/fd/{fd}", path, src_dir_fd=fd, follow_symlinks=True)


def recover_scratch_files(directory: str, *, recursive: bool = False) -> None:
    """Undo what dead processes left in ``directory`` (and below, if ``recursive``)."""
    if recursive:
        for folder, _, files in os.walk(directory):
            _recover(folder, files)
        return
    with contextlib.suppress(OSError):
        _recover(directory, [e.name for e in os.scandir(directory) if e.is_file()])


def _recover(folder: str, files: list[str]) -> None:
    for name in files:
        match = _SCRATCH.match(name)
        if match is None or not process_is_gone(int(match["pid"])):
            continue
        scratch = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            if match["kind"] == "bak":  # the write it undoes was never recorded
                os.replace(scratch, os.path.join(folder, match["name"]))
            else:
                os.unlink(scratch)
