"""The values an instance stores and returns: runs, run filters, event log entries, statuses."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from partwise import _clock
from partwise._asset_key import AssetKey, asset_key_param
from partwise.errors import check_param

__all__ = [
    "ASSET_PARTITION_RANGE_END_TAG",
    "ASSET_PARTITION_RANGE_START_TAG",
    "FINISHED_STATUSES",
    "PARTITION_KEYS_TAG",
    "AssetPartitionStatus",
    "DagsterEventType",
    "DagsterRun",
    "DagsterRunStatus",
    "EventLogEntry",
    "EventLogRecord",
    "EventRecordsFilter",
    "RunRecord",
    "RunStatus",
    "RunsFilter",
]

ASSET_PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
ASSET_PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"
PARTITION_KEYS_TAG = "partwise/partition_keys"
"""A JSON list of the keys a key-set run targets (partwise's addition to Dagster's run tags)."""


class DagsterRunStatus(Enum):
    """The life cycle of a run; values equal names."""

    QUEUED = "QUEUED"
    STARTING = "STARTING"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELED = "CANCELED"


RunStatus = DagsterRunStatus
FINISHED_STATUSES = frozenset(
    {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
)


class AssetPartitionStatus(Enum):
    """The status of one asset partition; a never-materialized partition has status ``None``."""

    MATERIALIZED = "MATERIALIZED"
    IN_PROGRESS = "IN_PROGRESS"
    FAILED = "FAILED"


class DagsterEventType(str, Enum):
    """Event types the engine records; members compare equal to their string values."""

    ASSET_MATERIALIZATION = "ASSET_MATERIALIZATION"
    ASSET_MATERIALIZATION_PLANNED = "ASSET_MATERIALIZATION_PLANNED"
    ASSET_OBSERVATION = "ASSET_OBSERVATION"
    ASSET_CHECK_EVALUATION = "ASSET_CHECK_EVALUATION"
    STEP_START = "STEP_START"
    STEP_OUTPUT = "STEP_OUTPUT"
    STEP_SUCCESS = "STEP_SUCCESS"
    STEP_FAILURE = "STEP_FAILURE"
    STEP_UP_FOR_RETRY = "STEP_UP_FOR_RETRY"
    STEP_RESTARTED = "STEP_RESTARTED"
    HANDLED_OUTPUT = "HANDLED_OUTPUT"
    LOADED_INPUT = "LOADED_INPUT"
    # Run events keep the reference's historical "PIPELINE_*" values.
    RUN_ENQUEUED = "PIPELINE_ENQUEUED"
    RUN_STARTING = "PIPELINE_STARTING"
    RUN_START = "PIPELINE_START"
    RUN_SUCCESS = "PIPELINE_SUCCESS"
    RUN_FAILURE = "PIPELINE_FAILURE"
    RUN_CANCELED = "PIPELINE_CANCELED"


def event_type_value(event_type: str | DagsterEventType) -> str:
    """The stored string of an event type given as a :class:`DagsterEventType`, its name
    (``"RUN_FAILURE"``, stored as ``"PIPELINE_FAILURE"``, as the reference does) or its value."""
    if isinstance(event_type, DagsterEventType):
        return event_type.value
    member = DagsterEventType.__members__.get(str(event_type))
    return member.value if member is not None else str(event_type)


@dataclass(frozen=True)
class DagsterRun:
    """One run of a job: identity, status, tags, config and the assets it targets."""

    run_id: str
    job_name: str
    status: DagsterRunStatus = DagsterRunStatus.STARTED
    tags: Mapping[str, str] = field(default_factory=dict)
    run_config: Mapping[str, Any] = field(default_factory=dict)
    asset_selection: frozenset[AssetKey] | None = None
    start_time: float | None = None
    end_time: float | None = None
    pid: int | None = None
    hostname: str | None = None
    process_start: str | None = None
    """When the run's process started (see :func:`partwise._instance.processes.process_start`)."""

    @property
    def is_success(self) -> bool:
        return self.status is DagsterRunStatus.SUCCESS

    @property
    def is_failure(self) -> bool:
        return self.status is DagsterRunStatus.FAILURE

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


@dataclass(frozen=True)
class RunRecord:
    """A stored run with its storage id and timestamps (what ``get_run_records`` returns)."""

    storage_id: int
    dagster_run: DagsterRun
    create_timestamp: _dt.datetime
    update_timestamp: _dt.datetime
    start_time: float | None = None
    end_time: float | None = None


@dataclass(frozen=True)
class RunsFilter:
    """Which runs ``get_runs`` returns; a tag value may be a list (any of them matches)."""

    run_ids: Sequence[str] | None = None
    job_name: str | None = None
    statuses: Sequence[DagsterRunStatus] | None = None
    tags: Mapping[str, str | Sequence[str]] | None = None

    def tag_values(self) -> dict[str, tuple[str, ...]]:
        """Each filter tag with its accepted values as a tuple."""
        return {
            key: (value,) if isinstance(value, str) else tuple(value)
            for key, value in (self.tags or {}).items()
        }

    def matches(self, run: DagsterRun) -> bool:
        """Whether ``run`` passes every condition of this filter."""
        if self.run_ids is not None and run.run_id not in self.run_ids:
            return False
        if self.job_name is not None and run.job_name != self.job_name:
            return False
        if self.statuses is not None and run.status not in self.statuses:
            return False
        return all(run.tags.get(key) in values for key, values in self.tag_values().items())


def _of_type(*types: DagsterEventType) -> property:
    """A read-only property: whether the entry's type is one of ``types`` (as the reference)."""
    values = frozenset(t.value for t in types)
    return property(lambda entry: entry.event_type in values)


_E = DagsterEventType


@dataclass(frozen=True)
class EventLogEntry:
    """One event of a run, as stored (``storage_id`` is set once stored).

    ``dagster_event`` and ``asset_materialization`` return the entry itself, so Dagster-style
    code such as ``entry.dagster_event.partition`` or ``entry.asset_materialization.metadata``
    works unchanged.
    """

    run_id: str
    event_type: str
    asset_key: AssetKey | None = None
    partition: str | None = None
    step_key: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    message: str = ""
    timestamp: float = field(default_factory=_clock.timestamp)
    storage_id: int | None = None

    def __post_init__(self) -> None:
        if type(self.event_type) is not str:  # a DagsterEventType (a str Enum) or other value
            object.__setattr__(self, "event_type", event_type_value(self.event_type))

    @property
    def dagster_event(self) -> EventLogEntry:
        return self

    @property
    def node_name(self) -> str | None:
        return self.step_key

    is_step_start = _of_type(_E.STEP_START)
    is_step_success = _of_type(_E.STEP_SUCCESS)
    is_step_failure = _of_type(_E.STEP_FAILURE)
    is_successful_output = _of_type(_E.STEP_OUTPUT)
    is_step_up_for_retry = _of_type(_E.STEP_UP_FOR_RETRY)
    is_step_restarted = _of_type(_E.STEP_RESTARTED)
    is_handled_output = _of_type(_E.HANDLED_OUTPUT)
    is_loaded_input = _of_type(_E.LOADED_INPUT)
    is_step_materialization = _of_type(_E.ASSET_MATERIALIZATION)
    is_asset_observation = _of_type(_E.ASSET_OBSERVATION)
    is_asset_materialization_planned = _of_type(_E.ASSET_MATERIALIZATION_PLANNED)
    is_job_success = _of_type(_E.RUN_SUCCESS)
    is_job_failure = is_run_failure = _of_type(_E.RUN_FAILURE)
    is_failure = _of_type(_E.RUN_FAILURE, _E.STEP_FAILURE, _E.RUN_CANCELED)
    is_job_event = _of_type(
        _E.RUN_ENQUEUED,
        _E.RUN_STARTING,
        _E.RUN_START,
        _E.RUN_SUCCESS,
        _E.RUN_FAILURE,
        _E.RUN_CANCELED,
    )
    is_step_event = _of_type(
        _E.STEP_START,
        _E.STEP_OUTPUT,
        _E.STEP_FAILURE,
        _E.STEP_SUCCESS,
        _E.ASSET_MATERIALIZATION,
        _E.ASSET_OBSERVATION,
        _E.ASSET_CHECK_EVALUATION,
        _E.HANDLED_OUTPUT,
        _E.LOADED_INPUT,
        _E.STEP_RESTARTED,
        _E.STEP_UP_FOR_RETRY,
    )

    @property
    def event_type_value(self) -> str:
        return self.event_type

    @property
    def dagster_event_type(self) -> str:
        return self.event_type

    @property
    def partition_key(self) -> str | None:
        return self.partition

    @property
    def event_log_entry(self) -> EventLogEntry:
        return self

    @property
    def event_specific_data(self) -> EventLogEntry:
        """The entry itself: ``entry.event_specific_data.materialization.metadata`` works."""
        return self

    @property
    def asset_observation(self) -> EventLogEntry | None:
        """The entry itself if it records an observation, else ``None``."""
        return self if self.event_type == DagsterEventType.ASSET_OBSERVATION.value else None

    @property
    def materialization(self) -> EventLogEntry | None:
        return self.asset_materialization

    @property
    def asset_materialization(self) -> EventLogEntry | None:
        """The entry itself if it records a materialization, else ``None``."""
        return self if self.event_type == DagsterEventType.ASSET_MATERIALIZATION.value else None


EventLogRecord = EventLogEntry


@dataclass(frozen=True)
class RunStats:
    """Counts and times of one run (the reference's ``DagsterRunStatsSnapshot`` fields)."""

    run_id: str
    steps_succeeded: int
    steps_failed: int
    materializations: int
    expectations: int = 0
    enqueued_time: float | None = None
    launch_time: float | None = None
    start_time: float | None = None
    end_time: float | None = None

    @staticmethod
    def of(run: DagsterRun, events: Sequence[EventLogEntry]) -> RunStats:
        """The stats of ``run`` from its stored events."""
        counts = Counter(e.event_type for e in events)
        return RunStats(
            run.run_id,
            steps_succeeded=counts[DagsterEventType.STEP_SUCCESS.value],
            steps_failed=counts[DagsterEventType.STEP_FAILURE.value],
            materializations=counts[DagsterEventType.ASSET_MATERIALIZATION.value],
            start_time=run.start_time,
            end_time=run.end_time,
        )


@dataclass(frozen=True)
class EventRecordsFilter:
    """Which events ``get_event_records`` returns; cursors are exclusive storage-id bounds."""

    event_type: str | DagsterEventType | None = None
    asset_key: AssetKey | None = None
    asset_partitions: Sequence[str] | None = None
    run_id: str | None = None
    after_cursor: int | None = None
    before_cursor: int | None = None

    def __post_init__(self) -> None:
        if self.asset_key is not None:  # a str or a sequence names a key, as the reference's does
            object.__setattr__(self, "asset_key", asset_key_param(self.asset_key))
        check_param(self.run_id, "run_id", str, optional=True)
        for name in ("after_cursor", "before_cursor"):  # held within what SQLite can compare
            cursor = check_param(getattr(self, name), name, int, optional=True)
            if cursor is not None:
                object.__setattr__(self, name, max(-(2**62), min(cursor, 2**62)))

    def matches(self, entry: EventLogEntry) -> bool:
        """Whether ``entry`` passes every condition of this filter."""
        if self.event_type is not None and entry.event_type != event_type_value(self.event_type):
            return False
        if self.asset_key is not None and entry.asset_key != self.asset_key:
            return False
        if self.asset_partitions is not None and entry.partition not in self.asset_partitions:
            return False
        if self.run_id is not None and entry.run_id != self.run_id:
            return False
        sid = entry.storage_id or 0
        if self.after_cursor is not None and sid <= self.after_cursor:
            return False
        return self.before_cursor is None or sid < self.before_cursor
