"""partwise: partitioned data pipelines and their tests.

A small in-process engine whose partitions API follows Dagster's, so code written against it runs with
only the import line changed. Everything public is listed in ``__all__``.
"""

from __future__ import annotations

from partwise._partitions.base import PartitionKeyRange, PartitionsDefinition, TimeWindow
from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.subset import DefaultPartitionsSubset, PartitionsSubset
from partwise._partitions.time_window import ScheduleType, TimeWindowPartitionsDefinition
from partwise._partitions.time_window_cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.time_window_subset import TimeWindowPartitionsSubset
from partwise.errors import (
    CheckError,
    DagsterError,
    DagsterInvalidConfigError,
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    DagsterInvariantViolationError,
    DagsterUnknownPartitionError,
    InvalidConfigError,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvalidPartitionKeyError,
    InvariantViolationError,
    PartwiseError,
    UnknownPartitionError,
    UnknownTimezoneError,
)

__version__ = "0.1.0"

__all__ = [
    "CheckError",
    "DagsterError",
    "DagsterInvalidConfigError",
    "DagsterInvalidDefinitionError",
    "DagsterInvalidInvocationError",
    "DagsterInvariantViolationError",
    "DagsterUnknownPartitionError",
    "DailyPartitionsDefinition",
    "DefaultPartitionsSubset",
    "DynamicPartitionsStore",
    "HourlyPartitionsDefinition",
    "InvalidConfigError",
    "InvalidDefinitionError",
    "InvalidInvocationError",
    "InvalidPartitionKeyError",
    "InvariantViolationError",
    "MonthlyPartitionsDefinition",
    "PartitionKeyRange",
    "PartitionsDefinition",
    "PartitionsSubset",
    "PartwiseError",
    "ScheduleType",
    "TimeWindow",
    "TimeWindowPartitionsDefinition",
    "TimeWindowPartitionsSubset",
    "UnknownPartitionError",
    "UnknownTimezoneError",
    "WeeklyPartitionsDefinition",
    "partition_loading_context",
]
