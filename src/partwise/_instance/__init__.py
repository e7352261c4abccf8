"""The instance: runs, events, materializations by partition and dynamic partitions.

``Instance`` loads on first use: code that only needs the record types (schedules, run requests)
does not import the storages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import (
    AssetPartitionStatus,
    DagsterEventType,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventLogRecord,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
    RunStatus,
)

__all__ = [
    "AssetPartitionStatus",
    "DagsterEventType",
    "DagsterInstance",
    "DagsterRun",
    "DagsterRunStatus",
    "EventLogEntry",
    "EventLogRecord",
    "EventRecordsFilter",
    "Instance",
    "RunRecord",
    "RunStatus",
    "RunsFilter",
]

if TYPE_CHECKING:
    from .instance import DagsterInstance as DagsterInstance, Instance as Instance


def __getattr__(name: str) -> Any:
    if name in ("Instance", "DagsterInstance"):
        from . import instance

        return getattr(instance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
