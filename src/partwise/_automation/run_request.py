"""What schedules and sensors return: run requests, skip reasons and sensor results."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise._instance.records import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)
from partwise._partitions.definitions.base import PARTITION_NAME_TAG, PartitionKeyRange
from partwise._partitions.definitions.dynamic import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
)
from partwise.errors import CheckError

__all__ = [
    "BACKFILL_ID_TAG",
    "RUN_KEY_TAG",
    "SCHEDULED_EXECUTION_TIME_TAG",
    "SCHEDULE_NAME_TAG",
    "SENSOR_NAME_TAG",
    "AddDynamicPartitionsRequest",
    "DeleteDynamicPartitionsRequest",
    "DynamicPartitionsRequest",
    "RunRequest",
    "SensorResult",
    "SkipReason",
]

SCHEDULE_NAME_TAG = "dagster/schedule_name"
SENSOR_NAME_TAG = "dagster/sensor_name"
RUN_KEY_TAG = "dagster/run_key"
BACKFILL_ID_TAG = "dagster/backfill"
SCHEDULED_EXECUTION_TIME_TAG = ".dagster/scheduled_execution_time"

DynamicPartitionsRequest = AddDynamicPartitionsRequest | DeleteDynamicPartitionsRequest


def _config_dict(run_config: Any) -> dict[str, Any]:
    if run_config is None:
        return {}
    to_dict = getattr(run_config, "to_config_dict", None)
    if to_dict is not None:  # a RunConfig object
        return dict(to_dict())
    return dict(run_config)


@dataclass(frozen=True)
class RunRequest:
    """A request to launch one run: its job, partition, config, tags and dedupe ``run_key``."""

    run_key: str | None = None
    run_config: Mapping[str, Any] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    job_name: str | None = None
    asset_selection: Sequence[Any] | None = None
    stale_assets_only: bool = False
    partition_key: str | None = None
    asset_check_keys: Sequence[Any] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.run_config, dict):
            object.__setattr__(self, "run_config", _config_dict(self.run_config))
        if not isinstance(self.tags, dict):
            object.__setattr__(self, "tags", dict(self.tags or {}))
        if self.asset_selection is not None:
            from partwise._definitions.asset import asset_key_of

            keys = [asset_key_of(a) for a in self.asset_selection]
            object.__setattr__(self, "asset_selection", keys)

    def with_replaced_attrs(self, **changes: Any) -> RunRequest:
        """A copy with the given fields replaced."""
        return dataclasses.replace(self, **changes)

    def has_resolved_partition(self) -> bool:
        """Whether partition tags are already set (always true without a partition key)."""
        return self.partition_key is None or PARTITION_NAME_TAG in self.tags

    @property
    def partition_key_range(self) -> PartitionKeyRange | None:
        """The range named by the range tags, if both are set."""
        start = self.tags.get(ASSET_PARTITION_RANGE_START_TAG)
        end = self.tags.get(ASSET_PARTITION_RANGE_END_TAG)
        return PartitionKeyRange(start, end) if start is not None and end is not None else None


@dataclass(frozen=True)
class SkipReason:
    """Why a schedule or sensor tick requested no runs."""

    skip_message: str | None = None


@dataclass(frozen=True)
class SensorResult:
    """A sensor's answer: run requests or a skip reason, a new cursor, dynamic-partition changes."""

    run_requests: Sequence[RunRequest] | None = None
    skip_reason: SkipReason | str | None = None
    cursor: str | None = None
    dynamic_partitions_requests: Sequence[DynamicPartitionsRequest] | None = None
    asset_events: Sequence[Any] | None = None

    def __post_init__(self) -> None:
        if self.run_requests and self.skip_reason:
            raise CheckError(
                "Failure condition: Expected a single skip reason or one or more run requests: "
                "received values for both run_requests and skip_reason"
            )
        if isinstance(self.skip_reason, str):
            object.__setattr__(self, "skip_reason", SkipReason(self.skip_reason))
        object.__setattr__(self, "run_requests", list(self.run_requests or ()))
        requests = list(self.dynamic_partitions_requests or ())
        for request in requests:
            if not isinstance(
                request, AddDynamicPartitionsRequest | DeleteDynamicPartitionsRequest
            ):
                raise CheckError(
                    f"dynamic_partitions_requests must hold AddDynamicPartitionsRequest or "
                    f"DeleteDynamicPartitionsRequest values; got {request!r}"
                )
        object.__setattr__(self, "dynamic_partitions_requests", requests)
        object.__setattr__(self, "asset_events", list(self.asset_events or ()))
