"""Scratch files beside stored files, and what a dead process's scratch files mean.

A write goes to ``.NAME.<pid>-<hex>.tmp`` and is then renamed over ``NAME``; a write that
replaces a file first keeps the old one as ``.NAME.<pid>-<hex>.bak`` until its run is recorded
(see ``partwise._io.journal``). A process killed on the way left these behind: its temporary
files are half-written, and each backup is the last recorded version of a file that an
unrecorded run replaced. Recovery removes the first and puts the second back.
"""

from __future__ import annotations

import contextlib
import os
import re

from partwise._instance.processes import process_is_gone

__all__ = ["recover_scratch_files", "scratch_name"]

_SCRATCH = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+\.(?P<kind>tmp|bak)$")


def scratch_name(path: str, suffix: str) -> str:
    """A hidden sibling of ``path`` owned by this process: ``.NAME.<pid>-<hex>.<suffix>``."""
    directory, sep, filename = path.rpartition(os.sep)
    return f"{directory}{sep}.{filename}.{os.getpid()}-{os.urandom(4).hex()}.{suffix}"


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
