"""Instance queries through real runs (§7.3), and two processes writing one SQLite instance."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetPartitionStatus,
    DagsterRunStatus,
    DailyPartitionsDefinition,
    Instance,
    PartitionKeyRange,
    RunsFilter,
    asset,
    materialize,
)

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
KEYS = DAILY.get_partition_keys(current_time=datetime(2022, 1, 8))
MAT = AssetPartitionStatus.MATERIALIZED
FAILED = AssetPartitionStatus.FAILED


@asset(partitions_def=DAILY)
def tracked(context: AssetExecutionContext) -> str:
    if context.get_tag("fail") == "yes":
        raise RuntimeError(f"failing {context.partition_key}")
    return str(context.partition_key)


@pytest.fixture
def instance(tmp_path: Path) -> Any:
    with Instance.local(tmp_path / "home") as inst:
        yield inst


def run(instance: Any, key: str, fail: bool = False) -> Any:
    tags = {"fail": "yes"} if fail else {}
    return materialize(
        [tracked], partition_key=key, instance=instance, tags=tags, raise_on_error=False
    )


def test_status_by_partition_follows_the_spec_example(instance: Any) -> None:
    """Three successes then two failures give the §7.3 statuses; a later success flips one back."""
    for key in ("2022-01-01", "2022-01-02", "2022-01-03"):
        assert run(instance, key).success
    for key in ("2022-01-03", "2022-01-04"):
        assert not run(instance, key, fail=True).success
    status = instance.get_status_by_partition(AssetKey("tracked"), KEYS, DAILY)
    assert status == {
        "2022-01-01": MAT,
        "2022-01-02": MAT,
        "2022-01-03": FAILED,
        "2022-01-04": FAILED,
        "2022-01-05": None,
        "2022-01-06": None,
        "2022-01-07": None,
    }
    assert "2022-01-03" in instance.get_materialized_partitions(AssetKey("tracked"))
    run(instance, "2022-01-04")
    status = instance.get_status_by_partition(AssetKey("tracked"), KEYS, DAILY)
    assert status["2022-01-04"] is MAT
    assert status["2022-01-03"] is FAILED


def test_partition_in_flight_is_in_progress(instance: Any) -> None:
    """While a run is executing, its target partition reports ``IN_PROGRESS``."""
    seen: dict[str, Any] = {}

    @asset(partitions_def=DAILY, name="tracked")
    def observing(context: AssetExecutionContext) -> int:
        statuses = context.instance.get_status_by_partition(AssetKey("tracked"), KEYS, DAILY)
        seen.update(statuses)
        return 1

    materialize([observing], partition_key="2022-01-02", instance=instance)
    assert seen["2022-01-02"] is AssetPartitionStatus.IN_PROGRESS
    assert instance.get_status_by_partition(AssetKey("tracked"), ["2022-01-02"], DAILY) == {
        "2022-01-02": MAT
    }


def test_latest_materialization_event_names_the_partition(instance: Any) -> None:
    """The latest materialization event carries its partition key."""
    run(instance, "2022-01-05")
    run(instance, "2022-01-02")
    event = instance.get_latest_materialization_event(AssetKey("tracked"))
    assert event is not None
    assert event.dagster_event.partition == "2022-01-02"


def test_runs_are_found_by_partition_tag(instance: Any) -> None:
    """Runs for a partition, failed ones included, are found by the partition tag."""
    run(instance, "2022-01-06")
    run(instance, "2022-01-06", fail=True)
    runs = instance.get_runs(filters=RunsFilter(tags={"dagster/partition": "2022-01-06"}))
    assert sorted(r.status.value for r in runs) == ["FAILURE", "SUCCESS"]


def test_range_run_materializes_every_partition(instance: Any) -> None:
    """A single range run records a materialization for each partition in the range."""

    @asset(partitions_def=DAILY, name="tracked")
    def ranged(context: AssetExecutionContext) -> None:
        return None

    materialize(
        [ranged], partition_key=PartitionKeyRange("2022-01-01", "2022-01-03"), instance=instance
    )
    assert instance.get_materialized_partitions(AssetKey("tracked")) == {
        "2022-01-01",
        "2022-01-02",
        "2022-01-03",
    }


def test_run_status_is_stored(instance: Any) -> None:
    """Finished runs are stored with their final status."""
    ok = run(instance, "2022-01-01")
    bad = run(instance, "2022-01-02", fail=True)
    assert instance.get_run_by_id(ok.run_id).status is DagsterRunStatus.SUCCESS
    assert instance.get_run_by_id(bad.run_id).status is DagsterRunStatus.FAILURE


WORKER = textwrap.dedent(
    """
    import pathlib
    import sys
    import time

    from partwise import DailyPartitionsDefinition, Instance, asset, materialize

    DAILY = DailyPartitionsDefinition(start_date="2022-01-01")

    @asset(partitions_def=DAILY)
    def shared(context):
        return context.partition_key

    root, offset, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    keys = DAILY.get_partition_keys()[offset : offset + count]
    barrier = pathlib.Path(root).parent
    (barrier / f"ready-{offset}").touch()
    deadline = time.monotonic() + 30
    while len(list(barrier.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)  # start writing together, so the writes really interleave
    with Instance.local(root) as instance:
        for key in keys:
            assert materialize([shared], partition_key=key, instance=instance).success
    print("done", len(keys))
    """
)


def test_two_processes_writing_one_instance_lose_nothing(tmp_path: Path) -> None:
    """Two processes materializing different partitions into one instance at once lose nothing."""
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    root = tmp_path / "shared_home"
    count = 60
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(root), str(offset), str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for offset in (0, count)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == f"done {count}"
    expected = set(DAILY.get_partition_keys()[: 2 * count])
    with Instance.local(root) as instance:
        assert instance.get_materialized_partitions(AssetKey("shared")) == expected
        runs = instance.get_runs()
        assert len(runs) == 2 * count
        assert all(r.status is DagsterRunStatus.SUCCESS for r in runs)
    files = {p.name for p in (root / "storage" / "shared").iterdir()}
    assert files == expected


KILLED = textwrap.dedent(
    """
    import os
    import sys
    from partwise import DailyPartitionsDefinition, Instance, asset, materialize

    DAILY = DailyPartitionsDefinition(start_date="2022-01-01")

    @asset(partitions_def=DAILY)
    def shared(context):
        os._exit(3)  # the process dies in the middle of the step

    with Instance.local(sys.argv[1]) as instance:
        materialize([shared], partition_key="2022-01-02", instance=instance)
    """
)


def test_run_killed_mid_way_is_never_a_success(tmp_path: Path) -> None:
    """A process killed inside a step leaves a run that reopening the instance marks failed."""
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    root = tmp_path / "home"
    proc = subprocess.run([sys.executable, str(script), str(root)], capture_output=True, timeout=60)
    assert proc.returncode == 3
    with Instance.local(root) as instance:
        (run,) = instance.get_runs()
        assert run.status is DagsterRunStatus.FAILURE
        assert instance.mark_abandoned_runs_failed() == []
        key = AssetKey("shared")
        assert instance.get_status_by_partition(key, ["2022-01-02"], DAILY) == {
            "2022-01-02": FAILED
        }
        assert instance.get_materialized_partitions(key) == set()
