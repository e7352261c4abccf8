"""Which process runs a run, and whether that process is still alive.

A run records its host, pid and the process's start time, so a later process can tell a run whose
process died (killed, out of memory, power cut) from one still running, even once the pid has been
reused by an unrelated process.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from partwise import _clock
from partwise._asset_key import AssetKey, CoercibleToAssetKey

from .records import DagsterRun, DagsterRunStatus

__all__ = ["hostname", "new_run", "process_is_gone", "process_start"]


@functools.cache
def hostname() -> str:
    """This machine's name, recorded with each run so liveness is only judged locally."""
    import socket

    return socket.gethostname()


@functools.cache
def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as file:
            return file.read().strip()
    except OSError:
        return "?"


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (``None`` without procfs)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()
    except OSError:
        return None


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque token (``None`` where the OS does not say).

    On Linux: the boot id and the start time in clock ticks since boot (``/proc/<pid>/stat``),
    which differ for any later process that reuses the pid.
    """
    fields = _stat_fields(pid)
    if fields is None or len(fields) < 20:
        return None
    return f"{_boot_id()}:{fields[19]}"


@functools.cache
def own_process_start(pid: int) -> str | None:
    """:func:`process_start` of this process (cached per pid, so a fork computes its own)."""
    return process_start(pid)


def process_is_gone(pid: int, started: str | None = None) -> bool:
    """Whether the process ``pid`` that started at ``started`` no longer runs on this host.

    A zombie counts as gone, and so does a live process with the same pid but another start time.
    """
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) would kill it
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, owned by another user
    fields = _stat_fields(pid)
    if fields is None:
        return False
    if fields[0] == "Z":
        return True
    return started is not None and process_start(pid) not in (None, started)


def new_run(
    job_name: str,
    run_id: str | None = None,
    tags: Mapping[str, str] | None = None,
    run_config: Mapping[str, Any] | None = None,
    asset_selection: Iterable[CoercibleToAssetKey] | None = None,
    status: DagsterRunStatus = DagsterRunStatus.STARTED,
) -> DagsterRun:
    """A run owned by this process (host, pid, process start time), not yet stored."""
    pid = os.getpid()
    return DagsterRun(
        run_id=run_id or str(uuid.uuid4()),
        job_name=job_name,
        status=status,
        tags=dict(tags or {}),
        run_config=dict(run_config or {}),
        asset_selection=None if asset_selection is None else _asset_keys(asset_selection),
        start_time=_clock.timestamp() if status is DagsterRunStatus.STARTED else None,
        pid=pid,
        hostname=hostname(),
        process_start=own_process_start(pid),
    )


def _asset_keys(selection: Iterable[CoercibleToAssetKey]) -> frozenset[AssetKey]:
    """The selection as asset keys; a set of keys already (every run of a backfill) as it is."""
    if isinstance(selection, frozenset) and all(type(key) is AssetKey for key in selection):
        return selection
    return frozenset(AssetKey.from_coercible(key) for key in selection)
