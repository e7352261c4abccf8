"""What schedules and sensors return: run requests, skip reasons and sensor results.

``RunRequest`` itself is a definitions-layer value (a job can build one for a partition); it is
re-exported here with the rest of what ticks return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from partwise._definitions.run_request import RunRequest
from partwise._partitions.definitions.dynamic import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
)
from partwise.errors import CheckError, check_param

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
        check_param(self.run_requests, "run_requests", (list, tuple), optional=True)
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
