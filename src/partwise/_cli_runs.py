"""Which runs the ``runs`` matrix shows, found through indexed tag queries (not every run)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["newest_with_runs", "runs_by_key"]

_PARTITION = "dagster/partition"
_RANGE_START, _RANGE_END = (
    "dagster/asset_partition_range_start",
    "dagster/asset_partition_range_end",
)
_CHUNK = 256  # keys per query (SQLite limits the parameters of one statement)


def _belongs(run: Any, job: Any) -> bool:
    """A run of ``job``, or any run of its assets (a backfill, ``materialize``)."""
    return run.job_name == job.name or bool(set(job.selected) & (run.asset_selection or set()))


def runs_by_key(instance: Any, job: Any, keys: Sequence[str]) -> dict[str, list[Any]]:
    """The runs of ``job`` or of its assets for each of ``keys`` (ranges expanded), newest first."""
    from partwise._instance.records import RunsFilter
    from partwise._partitions.definitions.base import PartitionKeyRange

    wanted = set(keys)
    found: dict[int, Any] = {}  # storage id -> run
    starts = sorted(instance.get_run_tags([_RANGE_START])[0][1])
    for tag, values in [(_PARTITION, list(keys)), (_RANGE_START, starts)]:
        for start in range(0, len(values), _CHUNK):
            filters = RunsFilter(tags={tag: values[start : start + _CHUNK]})
            found.update((r.storage_id, r.dagster_run) for r in instance.get_run_records(filters))
    out: dict[str, list[Any]] = {}
    for _, run in sorted(found.items(), reverse=True):  # newest first
        if not _belongs(run, job):
            continue
        single = run.tags.get(_PARTITION)
        if single is not None:
            targets: Sequence[Any] = [single] if single in wanted else []
        else:
            first, last = run.tags.get(_RANGE_START), run.tags.get(_RANGE_END)
            if first is None or last is None:
                continue
            targets = job.partitions_def.get_partition_keys_in_range(PartitionKeyRange(first, last))
        for key in targets:
            if str(key) in wanted:
                out.setdefault(str(key), []).append(run)
    return out


def newest_with_runs(instance: Any, job: Any, keys: Sequence[str]) -> int:
    """One past the index of the newest key with a run of ``job`` or its assets (all keys when
    none has one). Walks back from the newest key, so only the keys it passes are looked at."""
    tagged = {
        value for _, values in instance.get_run_tags([_PARTITION, _RANGE_END]) for value in values
    }
    candidates: list[int] = []
    for index in range(len(keys) - 1, -1, -1):
        if keys[index] in tagged:
            candidates.append(index)
        if candidates and (len(candidates) == _CHUNK or index == 0):
            found = runs_by_key(instance, job, [keys[i] for i in candidates])
            if found:
                return max(i for i in candidates if keys[i] in found) + 1
            candidates = []
    return len(keys)
