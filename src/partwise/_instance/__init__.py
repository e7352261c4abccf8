"""The instance: runs, events, materializations by partition and dynamic partitions."""

from __future__ import annotations

from .instance import DagsterInstance, Instance
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
