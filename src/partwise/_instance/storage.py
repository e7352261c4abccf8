"""The storage protocol both backends implement, and the backend-independent status logic.

How a run "targets" asset partitions (used for ``IN_PROGRESS`` / ``FAILED``):

- assets: ``add_run`` records one ``ASSET_MATERIALIZATION_PLANNED`` event per key of the run's
  ``asset_selection`` (as Dagster does), in the same transaction as the run;
- partitions: the run's tags, ``dagster/partition`` (one key), or
  ``dagster/asset_partition_range_start`` / ``_end`` (a range, expanded by the partitions
  definition), or ``partwise/partition_keys`` (a JSON list, for key-set runs).

The storage id of the planned event orders the attempt against materializations of the same
partition, so statuses stay correct when the clock is frozen.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from partwise._asset_key import AssetKey
from partwise._partitions.definitions.base import (
    PARTITION_NAME_TAG,
    PartitionKeyRange,
    check_dynamic_key,
)
from partwise.errors import CheckError, PartwiseError, check_param

from .records import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
    FINISHED_STATUSES,
    PARTITION_KEYS_TAG,
    AssetPartitionStatus,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
)

__all__ = [
    "FinishedRun",
    "MaterializationAttempts",
    "check_dynamic_keys",
    "PartitionRangeResolver",
    "Storage",
    "status_by_partition",
    "status_values",
]


@dataclass(frozen=True)
class MaterializationAttempts:
    """What the status query needs from storage, for one asset.

    ``materialized`` holds every partition with a materialization; ``latest_materialization``
    maps a partition to the storage id of its latest materialization, for at least every
    partition an attempt targets; ``attempts`` lists ``(planned storage id, run status, run
    tags)`` for runs targeting the asset.
    """

    materialized: Collection[str]
    latest_materialization: Mapping[str, int]
    attempts: Sequence[tuple[int, DagsterRunStatus, Mapping[str, str]]]


@dataclass(frozen=True)
class FinishedRun:
    """A run's final state to store: the run, the tags it gained, and its events."""

    run: DagsterRun
    new_tags: Mapping[str, str]
    events: Sequence[EventLogEntry]


class Storage(Protocol):
    """Runs, events and dynamic partitions; the in-memory and SQLite backends implement it."""

    def add_runs(self, runs: Sequence[tuple[DagsterRun, Sequence[EventLogEntry]]]) -> None:
        """Store each run with its planned events, all in one transaction."""
        ...

    def update_run(self, run: DagsterRun, event: EventLogEntry | None) -> None: ...

    def finish_runs(self, runs: Sequence[FinishedRun]) -> None:
        """Store each run's status, times, new tags and events, all in one transaction."""
        ...

    def set_run_statuses(self, run_ids: Sequence[str], status: DagsterRunStatus) -> None:
        """Only the runs' status column, in place (it needs no room: works on a full disk)."""
        ...

    def add_run_tags(self, run_id: str, tags: Mapping[str, str]) -> None: ...

    def get_run_records(
        self, filters: RunsFilter | None, limit: int | None, ascending: bool
    ) -> list[RunRecord]: ...

    def count_runs(self, filters: RunsFilter | None) -> int: ...

    def delete_run(self, run_id: str) -> None: ...

    def get_run_tag_values(self, key: str) -> set[str]:
        """Every value the tag ``key`` has on some run."""
        ...

    def store_events(self, events: Sequence[EventLogEntry]) -> None: ...

    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogEntry]: ...

    def get_materialized_partitions(
        self, asset_key: AssetKey, before_cursor: int | None, after_cursor: int | None
    ) -> set[str]: ...

    def get_materialization_attempts(self, asset_key: AssetKey) -> MaterializationAttempts: ...

    def has_asset_key(self, asset_key: AssetKey) -> bool: ...

    def get_asset_keys(self) -> list[AssetKey]: ...

    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None: ...

    def delete_dynamic_partition(self, name: str, key: str) -> None: ...

    def get_dynamic_partitions(self, name: str) -> list[str]: ...

    def has_dynamic_partition(self, name: str, key: str) -> bool: ...

    def close(self) -> None: ...


class PartitionRangeResolver(Protocol):
    """The one method of a partitions definition the status query needs."""

    def get_partition_keys_in_range(
        self, partition_key_range: PartitionKeyRange
    ) -> Sequence[str]: ...


def targeted_partitions(
    tags: Mapping[str, str], partitions_def: PartitionRangeResolver, cache: dict[str, list[str]]
) -> Iterable[str]:
    """The partition keys a run's tags target (see the module docstring)."""
    if PARTITION_NAME_TAG in tags:
        return (tags[PARTITION_NAME_TAG],)
    if PARTITION_KEYS_TAG in tags:
        return [str(key) for key in json.loads(tags[PARTITION_KEYS_TAG])]
    start = tags.get(ASSET_PARTITION_RANGE_START_TAG)
    end = tags.get(ASSET_PARTITION_RANGE_END_TAG)
    if start is None or end is None:
        return ()
    cache_key = json.dumps([start, end])
    if cache_key not in cache:
        try:
            keys = partitions_def.get_partition_keys_in_range(PartitionKeyRange(start, end))
        except PartwiseError:  # the range no longer exists in the definition
            keys = []
        cache[cache_key] = list(keys)
    return cache[cache_key]


def status_by_partition(
    partition_keys: Sequence[str],
    data: MaterializationAttempts,
    partitions_def: PartitionRangeResolver,
) -> dict[str, AssetPartitionStatus | None]:
    """Per key: IN_PROGRESS > FAILED > MATERIALIZED > None, judged by the latest attempt."""
    values = status_values(partition_keys, data, partitions_def)
    return dict(zip(partition_keys, map(_STATUS_OF_VALUE.__getitem__, values), strict=True))


_STATUS_OF_VALUE: dict[str | None, AssetPartitionStatus | None] = {
    None: None,
    **{status.value: status for status in AssetPartitionStatus},
}


def status_values(
    partition_keys: Sequence[str],
    data: MaterializationAttempts,
    partitions_def: PartitionRangeResolver,
) -> list[str | None]:
    """The status value of each key in order (``"MATERIALIZED"``, ``"FAILED"``,
    ``"IN_PROGRESS"`` or None): IN_PROGRESS > FAILED > MATERIALIZED > None.

    A partition is in progress (or failed) when the latest run targeting it is unfinished (or
    failed) and no materialization of it was recorded after that run was planned. Built with
    C-level passes over the keys, so 100,000 partitions cost no per-key Python code.
    """
    marks: dict[str, str | None] = dict.fromkeys(data.materialized, "MATERIALIZED")
    latest: dict[str, tuple[int, DagsterRunStatus]] = {}
    if data.attempts:
        wanted = set(partition_keys)
        cache: dict[str, list[str]] = {}
        for planned_id, status, tags in sorted(data.attempts, key=lambda item: item[0]):
            for key in wanted.intersection(targeted_partitions(tags, partitions_def, cache)):
                latest[key] = (planned_id, status)
    for key, attempt in latest.items():  # the few keys a run targeted: judge them one by one
        judged = _status(key, attempt, data.latest_materialization)
        marks[key] = judged.value if judged is not None else None
    return list(map(marks.get, partition_keys))


def _status(
    key: str,
    attempt: tuple[int, DagsterRunStatus] | None,
    materialized: Mapping[str, int],
) -> AssetPartitionStatus | None:
    mat_id = materialized.get(key)
    if attempt is not None and (mat_id is None or attempt[0] > mat_id):
        if attempt[1] not in FINISHED_STATUSES:
            return AssetPartitionStatus.IN_PROGRESS
        if attempt[1] is DagsterRunStatus.FAILURE:
            return AssetPartitionStatus.FAILED
    return AssetPartitionStatus.MATERIALIZED if mat_id is not None else None


def check_dynamic_keys(name: str, partition_keys: Sequence[str]) -> list[str]:
    """``partition_keys`` as a list, after checking it is a sequence of distinct strings."""
    if not isinstance(name, str):
        raise CheckError(f"partitions_def_name must be a str, got {name!r}")
    if isinstance(partition_keys, str):
        raise CheckError(
            f"partition_keys must be a sequence of str, got the str {partition_keys!r}; "
            f"did you mean [{partition_keys!r}]?"
        )
    check_param(partition_keys, "partition_keys", Sequence)
    keys = list(partition_keys)
    bad = [key for key in keys if not isinstance(key, str)]
    if bad:
        raise CheckError(f"partition_keys must all be str, got {bad[0]!r} in {name!r}")
    for key in keys:
        check_dynamic_key(key, name)
    if len(set(keys)) != len(keys):
        repeated = sorted({key for key, count in Counter(keys).items() if count > 1})
        raise CheckError(
            f"partition_keys for dynamic partitions {name!r} repeat {repeated}; "
            "pass each key once (keys already stored are fine)"
        )
    return keys
