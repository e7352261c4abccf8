"""The SQLite status query (latest attempts computed in SQL) agrees with the in-memory one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from partwise import AssetKey, Instance, PartitionKeyRange
from partwise._instance.records import DagsterRunStatus, EventLogEntry

A = AssetKey("a")
KEYS = [f"k{i:02d}" for i in range(12)]
STATUSES = list(DagsterRunStatus)


class KeysDef:
    def get_partition_keys_in_range(self, partition_key_range: PartitionKeyRange) -> list[str]:
        start, end = KEYS.index(partition_key_range.start), KEYS.index(partition_key_range.end)
        return KEYS[start : end + 1]


def _history(instance: Instance, seed: int) -> None:
    """Single-key and range runs in random statuses, some materializing, some not."""
    rng = random.Random(seed)
    range_share = 0.25 if seed % 2 else 0.0  # without range runs, SQL drops settled attempts
    for _ in range(40):
        first = rng.randrange(len(KEYS))
        if rng.random() < range_share:
            last = rng.randrange(first, len(KEYS))
            tags = {
                "dagster/asset_partition_range_start": KEYS[first],
                "dagster/asset_partition_range_end": KEYS[last],
            }
            targeted = KEYS[first : last + 1]
        else:
            tags, targeted = {"dagster/partition": KEYS[first]}, [KEYS[first]]
        run = instance.create_run("job", tags=tags, asset_selection=[A])
        status = rng.choice(STATUSES)
        if status is DagsterRunStatus.SUCCESS or rng.random() < 0.2:
            for key in targeted:
                instance.store_event(EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", A, key))
        if status is not DagsterRunStatus.STARTED:
            instance.report_run_status(run.run_id, status)


@pytest.mark.parametrize("seed", range(25))
def test_sqlite_status_matches_memory(tmp_path: Path, seed: int) -> None:
    memory = Instance.ephemeral()
    with Instance.local(tmp_path) as sqlite:
        for instance in (memory, sqlite):
            _history(instance, seed)
        expected = memory.get_status_by_partition(A, KEYS, KeysDef())
        assert sqlite.get_status_by_partition(A, KEYS, KeysDef()) == expected
        values = [None if status is None else status.value for status in expected.values()]
        for instance in (memory, sqlite):
            assert instance.get_status_values(A, KEYS, KeysDef()) == values


def test_status_values_with_more_failed_partitions_than_one_query_names(tmp_path: Path) -> None:
    """Past the bound on a query's variables, every latest materialization id is read."""
    keys = [f"p{i:04d}" for i in range(950)]
    memory = Instance.ephemeral()
    with Instance.local(tmp_path) as sqlite:
        for instance in (memory, sqlite):
            for key in keys:
                if key.endswith("0"):  # materialized before the failed attempt: FAILED still
                    instance.store_event(EventLogEntry("old", "ASSET_MATERIALIZATION", A, key))
                run = instance.create_run(
                    "job", tags={"dagster/partition": key}, asset_selection=[A]
                )
                if key == "p0001":  # materialized by the attempt: MATERIALIZED
                    instance.store_event(EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", A, key))
                instance.report_run_status(run.run_id, DagsterRunStatus.FAILURE)
        values = sqlite.get_status_values(A, [*keys, "never"], KeysDef())
        assert memory.get_status_values(A, [*keys, "never"], KeysDef()) == values
    assert values[:3] == ["FAILED", "MATERIALIZED", "FAILED"]
    assert values.count("FAILED") == len(keys) - 1
    assert values[-1] is None


def test_run_tags_and_count(tmp_path: Path) -> None:
    with Instance.local(tmp_path) as sqlite:
        for instance in (Instance.ephemeral(), sqlite):
            for key in ("x", "y", "x"):
                instance.create_run("job", tags={"dagster/partition": key, "team": "t"})
            assert instance.get_run_tags(["dagster/partition", "team"]) == [
                ("dagster/partition", {"x", "y"}),
                ("team", {"t"}),
            ]
            assert instance.get_run_tags(["dagster/partition"], value_prefix="y") == [
                ("dagster/partition", {"y"})
            ]
            assert instance.get_runs_count() == 3
