"""Worker processes end with their parent: a killed ``partwise backfill`` leaves no orphans.

Two guards, installed once per worker process at its first backfill task: on Linux the kernel
sends SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread
polls the parent pid and sends SIGTERM itself. SIGTERM interrupts a running run, which is then
recorded ``CANCELED``; if the process is still there a few seconds later, it exits.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent", "orphaned"]

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.25
_GRACE_SECONDS = 5.0


def _set_parent_death_signal() -> bool:
    """Ask Linux to send SIGTERM when the parent dies; whether that worked."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no usable libc: the watchdog thread still guards
        return False


def _watch(parent: int, send_sigterm: bool) -> None:
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    if send_sigterm:  # (the kernel already did, where the parent-death signal is set)
        os.kill(os.getpid(), signal.SIGTERM)  # interrupts a run in progress, or ends the process
    time.sleep(_GRACE_SECONDS)
    os._exit(1)


@functools.cache
def die_with_parent() -> int | None:
    """In a ``multiprocessing`` child (a pool worker), end this process when the parent dies.

    Returns the parent's pid (``None`` outside a ``multiprocessing`` child).
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return None
    signalled = _set_parent_death_signal()
    threading.Thread(
        target=_watch, args=(parent.pid, not signalled), name="partwise-parent-watch", daemon=True
    ).start()
    return parent.pid


def orphaned() -> bool:
    """Whether this is a pool worker whose parent died (it must not start new runs)."""
    parent = die_with_parent()
    return parent is not None and os.getppid() != parent
