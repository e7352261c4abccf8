"""partwise.backfill: dependency order, policies, failure isolation, tags and executors (spec §7)."""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import automation_assets as shared
import pytest

from partwise import (
    AssetDep,
    AssetIn,
    BackfillPolicy,
    DailyPartitionsDefinition,
    Definitions,
    Instance,
    InvalidInvocationError,
    PartitionKeyRange,
    RunsFilter,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    UnknownPartitionError,
    WeeklyPartitionsDefinition,
    asset,
    backfill,
    define_asset_job,
    job,
    op,
)

DAILY = DailyPartitionsDefinition("2022-01-01", end_date="2022-01-31")


class Log:
    """Records (asset, partition) in call order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def add(self, name: str, context: Any) -> None:
        with self.lock:
            self.calls.append((name, str(context.partition_key)))

    def keys(self, name: str) -> list[str]:
        return [k for n, k in self.calls if n == name]


def chain(log: Log, pdef: Any = DAILY, fail_on: str | None = None) -> tuple[Any, Any]:
    @asset(partitions_def=pdef)
    def up(context: Any) -> int:
        log.add("up", context)
        if context.partition_key == fail_on:
            raise ValueError("boom")
        return 1

    @asset(partitions_def=pdef)
    def down(context: Any, up: int) -> int:
        log.add("down", context)
        return up + 1

    return up, down


# -- ordering -------------------------------------------------------------------------------------
def test_partitions_run_chronologically_not_by_string() -> None:
    """Keys run in definition order even when their strings sort differently."""
    log = Log()
    pdef = DailyPartitionsDefinition("30.01.2022", end_date="03.02.2022", fmt="%d.%m.%Y")
    up, down = chain(log, pdef)
    result = backfill(
        [up, down], partition_keys=["02.02.2022", "30.01.2022", "01.02.2022", "31.01.2022"]
    )
    assert log.keys("up") == ["30.01.2022", "31.01.2022", "01.02.2022", "02.02.2022"]
    assert result.succeeded == ("30.01.2022", "31.01.2022", "01.02.2022", "02.02.2022")


def test_upstream_partition_runs_before_its_downstream() -> None:
    """Identity edges run both assets of a partition in one run, upstream first."""
    log = Log()
    up, down = chain(log)
    result = backfill([down, up], partition_range=("2022-01-01", "2022-01-03"))
    assert log.calls == [
        (n, k) for k in ["2022-01-01", "2022-01-02", "2022-01-03"] for n in ("up", "down")
    ]
    assert len(result.runs) == 3 and result.runs[0].asset_keys == (up.key, down.key)


def test_offset_mapping_waits_for_the_previous_upstream_day() -> None:
    """A downstream reading the previous upstream day runs after that day's upstream run."""
    log = Log()

    @asset(partitions_def=DAILY)
    def source(context: Any) -> int:
        log.add("source", context)
        return 1

    previous = TimeWindowPartitionMapping(
        start_offset=-1, end_offset=-1, allow_nonexistent_upstream_partitions=True
    )

    @asset(partitions_def=DAILY, deps=[AssetDep(source, partition_mapping=previous)])
    def lagged(context: Any) -> None:
        log.add("lagged", context)

    result = backfill([source, lagged], partition_keys=["2022-01-03", "2022-01-02"])
    assert result.success
    assert log.calls.index(("source", "2022-01-02")) < log.calls.index(("lagged", "2022-01-03"))
    assert len(result.runs) == 4  # offset edges keep the assets in separate runs


def test_self_dependency_runs_day_by_day() -> None:
    """A self-dependent asset materializes each day after the previous one in the backfill."""
    log = Log()
    previous = TimeWindowPartitionMapping(
        start_offset=-1, end_offset=-1, allow_nonexistent_upstream_partitions=True
    )

    @asset(partitions_def=DAILY, ins={"running": AssetIn("running", partition_mapping=previous)})
    def running(context: Any, running: Any) -> int:
        log.add("running", context)
        return (running or 0) + 1

    result = backfill(
        [running], partition_keys=["2022-01-04", "2022-01-01", "2022-01-03", "2022-01-02"]
    )
    assert result.success
    assert log.keys("running") == ["2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04"]


def test_weekly_downstream_waits_for_all_its_days() -> None:
    """A weekly asset over daily upstream runs after every day of its week in the backfill."""
    log = Log()
    daily_def = DailyPartitionsDefinition("2022-01-02", end_date="2022-01-16")

    @asset(partitions_def=daily_def)
    def day(context: Any) -> int:
        log.add("day", context)
        return 1

    @asset(partitions_def=WeeklyPartitionsDefinition("2022-01-02", end_date="2022-01-16"))
    def week(context: Any, day: dict[str, int]) -> int:
        log.add("week", context)
        return sum(day.values())

    result = backfill([day, week])
    assert result.success
    assert log.calls.index(("week", "2022-01-02")) > log.calls.index(("day", "2022-01-08"))
    assert log.keys("week") == ["2022-01-02", "2022-01-09"]


def test_outcomes_per_asset_keep_each_partitions_definition_apart() -> None:
    """by_asset gives each asset its own keys; a failed day fails its week, not the other one."""
    daily_def = DailyPartitionsDefinition("2022-01-02", end_date="2022-01-16")

    @asset(partitions_def=daily_def)
    def day(context: Any) -> int:
        if context.partition_key == "2022-01-03":
            raise ValueError("boom")
        return 1

    @asset(partitions_def=WeeklyPartitionsDefinition("2022-01-02", end_date="2022-01-16"))
    def week(day: dict[str, int]) -> int:
        return sum(day.values())

    result = backfill([day, week])
    days = result.by_asset[day.key]
    weeks = result.by_asset[week.key]
    assert len(days) == 14 and days["2022-01-03"] == "failed" and days["2022-01-04"] == "succeeded"
    assert weeks == {"2022-01-02": "not_run", "2022-01-09": "succeeded"}


def test_requested_keys_map_to_a_differently_partitioned_downstream() -> None:
    """Keys given for the upstream definition select the downstream partitions they map to."""
    log = Log()
    daily_def = DailyPartitionsDefinition("2022-01-02", end_date="2022-01-16")

    @asset(partitions_def=daily_def)
    def day(context: Any) -> None:
        log.add("day", context)

    @asset(
        partitions_def=WeeklyPartitionsDefinition("2022-01-02", end_date="2022-01-16"), deps=[day]
    )
    def week(context: Any) -> None:
        log.add("week", context)

    backfill([day, week], partition_keys=["2022-01-10"])
    assert log.calls == [("day", "2022-01-10"), ("week", "2022-01-09")]


def test_unpartitioned_downstream_runs_once_after_all_partitions() -> None:
    """An unpartitioned asset downstream of partitioned ones runs once, last."""
    log = Log()

    @asset(partitions_def=DAILY)
    def part(context: Any) -> None:
        log.add("part", context)

    @asset(deps=[part])
    def summary(context: Any) -> None:
        log.calls.append(("summary", ""))

    result = backfill([part, summary], partition_range=("2022-01-01", "2022-01-02"))
    assert log.calls[-1] == ("summary", "") and len(log.calls) == 3
    assert result.success


# -- policies -------------------------------------------------------------------------------------
def test_single_run_policy_gives_one_ranged_run() -> None:
    """BackfillPolicy.single_run(): one run over the whole range, with range tags."""
    ranges: list[Any] = []

    @asset(partitions_def=DAILY, backfill_policy=BackfillPolicy.single_run())
    def ranged(context: Any) -> None:
        ranges.append(context.partition_key_range)

    result = backfill([ranged], partition_range=("2022-01-02", "2022-01-08"))
    (run,) = result.runs
    assert ranges == [PartitionKeyRange("2022-01-02", "2022-01-08")]
    assert run.partition_range == PartitionKeyRange("2022-01-02", "2022-01-08")
    tags = result.instance.get_run_by_id(run.run_id).tags
    assert (
        tags["dagster/asset_partition_range_start"],
        tags["dagster/asset_partition_range_end"],
    ) == ("2022-01-02", "2022-01-08")


def test_multi_run_policy_splits_contiguous_ranges() -> None:
    """multi_run(3): chunks of at most 3 contiguous keys; a gap starts a new chunk."""

    @asset(partitions_def=DAILY, backfill_policy=BackfillPolicy.multi_run(3))
    def chunked(context: Any) -> None:
        pass

    keys = ["2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04", "2022-01-05", "2022-01-07"]
    result = backfill([chunked], partition_keys=keys)
    assert [r.partition_keys for r in result.runs] == [
        ("2022-01-01", "2022-01-02", "2022-01-03"),
        ("2022-01-04", "2022-01-05"),
        ("2022-01-07",),
    ]


def test_max_partitions_per_run_applies_to_assets_without_policy() -> None:
    """max_partitions_per_run= is the policy of assets that declare none."""
    log = Log()
    up, down = chain(log)
    result = backfill(
        [up, down], partition_range=("2022-01-01", "2022-01-04"), max_partitions_per_run=2
    )
    assert [r.partition_keys for r in result.runs] == [
        ("2022-01-01", "2022-01-02"),
        ("2022-01-03", "2022-01-04"),
    ]


def test_assets_with_different_policies_run_separately() -> None:
    """Assets with different policies never share a run."""

    @asset(partitions_def=DAILY, backfill_policy=BackfillPolicy.single_run())
    def whole(context: Any) -> None:
        pass

    @asset(partitions_def=DAILY, deps=[whole])
    def daily_child(context: Any) -> None:
        pass

    result = backfill([whole, daily_child], partition_range=("2022-01-01", "2022-01-03"))
    assert [len(r.partition_keys) for r in result.runs] == [3, 1, 1, 1]


# -- failures -------------------------------------------------------------------------------------
def test_failure_stops_only_its_downstream() -> None:
    """A failed partition blocks its downstream; independent partitions still run."""
    log = Log()

    @asset(partitions_def=DAILY)
    def up(context: Any) -> int:
        log.add("up", context)
        if context.partition_key == "2022-01-02":
            raise ValueError("boom")
        return 1

    lag = TimeWindowPartitionMapping(
        start_offset=-1, end_offset=-1, allow_nonexistent_upstream_partitions=True
    )

    @asset(partitions_def=DAILY, ins={"up": AssetIn(partition_mapping=lag)})
    def next_day(context: Any, up: Any) -> None:
        log.add("next_day", context)

    result = backfill([up, next_day], partition_range=("2022-01-01", "2022-01-04"))
    assert not result.success
    assert ("next_day", "2022-01-03") not in log.calls
    assert ("up", "2022-01-04") in log.calls and ("next_day", "2022-01-04") in log.calls
    assert result.failed == ("2022-01-02",)
    assert result.not_run == ("2022-01-03",)
    failed_run = next(r for r in result.runs if not r.success)
    assert failed_run.error is not None and "boom" in failed_run.error


def test_failed_run_in_a_self_dependent_chain_blocks_later_days() -> None:
    """Later days of a self-dependent asset are not run after a failed day."""
    previous = TimeWindowPartitionMapping(
        start_offset=-1, end_offset=-1, allow_nonexistent_upstream_partitions=True
    )

    @asset(partitions_def=DAILY, ins={"acc": AssetIn("acc", partition_mapping=previous)})
    def acc(context: Any, acc: Any) -> int:
        if context.partition_key == "2022-01-02":
            raise ValueError("boom")
        return 1

    result = backfill([acc], partition_range=("2022-01-01", "2022-01-04"))
    assert (result.succeeded, result.failed, result.not_run) == (
        ("2022-01-01",),
        ("2022-01-02",),
        ("2022-01-03", "2022-01-04"),
    )


# -- tags, targets, errors ------------------------------------------------------------------------
def test_every_run_is_tagged_with_backfill_and_partition() -> None:
    """Runs carry dagster/backfill=<id> and dagster/partition."""
    up, down = chain(Log())
    instance = Instance.ephemeral()
    result = backfill([up, down], partition_range=("2022-01-01", "2022-01-03"), instance=instance)
    runs = instance.get_runs(RunsFilter(tags={"dagster/backfill": result.backfill_id}))
    assert len(runs) == 3 and len(result.backfill_id) == 8
    assert sorted(r.tags["dagster/partition"] for r in runs) == [
        "2022-01-01",
        "2022-01-02",
        "2022-01-03",
    ]


def test_op_job_backfill_runs_each_partition() -> None:
    """An op job runs once per key, in definition order, with its partition-set tag."""
    seen: list[str] = []

    @op
    def record(context: Any) -> None:
        seen.append(context.partition_key)

    @job(partitions_def=StaticPartitionsDefinition(["x", "y", "z"]))
    def static_job() -> None:
        record()

    result = backfill(static_job, partition_keys=["z", "x"])
    assert seen == ["x", "z"]
    tags = result.instance.get_run_by_id(result.runs[0].run_id).tags
    assert tags["dagster/partition_set"] == "static_job_partition_set"


def test_job_by_name_and_asset_job_through_definitions() -> None:
    """A job name or an unresolved asset job is resolved through definitions=."""
    result = backfill("both_job", definitions=shared.defs, partition_keys=["2022-01-01"])
    again = backfill(
        shared.both_job, definitions="automation_assets:defs", partition_keys=["2022-01-02"]
    )
    assert result.success and again.success
    assert result.instance.get_run_by_id(result.runs[0].run_id).job_name == "both_job"


def test_asset_keys_with_definitions() -> None:
    """Asset keys select assets of the definitions."""
    result = backfill(["raw"], definitions=shared.defs, partition_keys=["2022-01-03"])
    assert result.runs[0].asset_keys == (shared.raw.key,)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"partition_keys": ["2022-01-01"], "partition_range": ("2022-01-01", "2022-01-02")},
            InvalidInvocationError,
            "not both",
        ),
        ({"partition_keys": ["2023-01-01"]}, UnknownPartitionError, "2023-01-01"),
        ({"partition_keys": "2022-01-01"}, InvalidInvocationError, "did you mean"),
        ({"max_partitions_per_run": 0}, InvalidInvocationError, "at least 1"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    """Bad keys and options are refused before anything runs, naming the value."""
    up, down = chain(Log())
    with pytest.raises(error, match=message):
        backfill([up, down], **kwargs)


def test_keys_without_definitions_are_an_error() -> None:
    """Plain asset keys need definitions= to find their assets."""
    with pytest.raises(InvalidInvocationError, match=r"need definitions=defs"):
        backfill(["raw"])


def test_unpartitioned_job_is_an_error() -> None:
    """An unpartitioned op job has nothing to backfill."""

    @op
    def noop() -> None:
        pass

    @job
    def plain() -> None:
        noop()

    with pytest.raises(InvalidInvocationError, match=r"not partitioned"):
        backfill(plain)


# -- executors and progress -----------------------------------------------------------------------
def test_thread_pool_with_ephemeral_instance() -> None:
    """A thread pool shares this process's objects, so an ephemeral instance works."""
    log = Log()
    up, down = chain(log, fail_on="2022-01-02")
    with ThreadPoolExecutor(4) as pool:
        result = backfill([up, down], partition_range=("2022-01-01", "2022-01-06"), executor=pool)
    assert result.failed == ("2022-01-02",)
    assert len(result.succeeded) == 5 and ("down", "2022-01-02") not in log.calls


def test_process_pool_with_a_local_instance(tmp_path: Path) -> None:
    """A process pool runs the backfill in workers against a local instance."""
    with Instance.local(tmp_path) as instance, ProcessPoolExecutor(2) as pool:
        result = backfill([shared.raw, shared.clean], instance=instance, executor=pool)
        assert (
            len(instance.get_runs(RunsFilter(tags={"dagster/backfill": result.backfill_id}))) == 31
        )
        assert instance.get_materialized_partitions(shared.clean.key) == {
            k for k in shared.DAILY.get_partition_keys() if k != "2022-01-05"
        }
    assert result.failed == ("2022-01-05",) and len(result.succeeded) == 30


def test_process_pool_with_definitions_path(tmp_path: Path) -> None:
    """definitions='module:attr' tells workers what to import."""
    with Instance.local(tmp_path) as instance, ProcessPoolExecutor(2) as pool:
        result = backfill(
            "both_job",
            definitions="automation_assets:defs",
            partition_keys=["2022-01-01", "2022-01-02"],
            instance=instance,
            executor=pool,
        )
    assert result.success


def test_process_pool_refuses_an_ephemeral_instance() -> None:
    """Worker processes cannot see an ephemeral instance: a clear error, before any run."""
    with (
        ProcessPoolExecutor(1) as pool,
        pytest.raises(InvalidInvocationError, match=r"ephemeral instance"),
    ):
        backfill([shared.raw], executor=pool)


def test_process_pool_refuses_unpicklable_resources(tmp_path: Path) -> None:
    """Resources that cannot be pickled are reported before submitting."""
    with (
        Instance.local(tmp_path) as instance,
        ProcessPoolExecutor(1) as pool,
        pytest.raises(InvalidInvocationError, match=r"cannot be sent to worker processes"),
    ):
        backfill(
            [shared.raw], instance=instance, executor=pool, resources={"lock": threading.Lock()}
        )


def test_process_pool_refuses_local_assets(tmp_path: Path) -> None:
    """Assets defined inside a function cannot be imported by workers: the error says so."""
    up, _ = chain(Log())
    with (
        Instance.local(tmp_path) as instance,
        ProcessPoolExecutor(1) as pool,
        pytest.raises(InvalidInvocationError, match=r"not a module-level attribute"),
    ):
        backfill([up], instance=instance, executor=pool)


def test_dask_local_cluster(tmp_path: Path) -> None:
    """A dask.distributed client spreads runs over two worker processes (dev extra: distributed)."""
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        Instance.local(tmp_path) as instance,
    ):
        result = backfill(
            [shared.raw, shared.clean],
            partition_range=("2022-01-01", "2022-01-08"),
            instance=instance,
            executor=client,
        )
    assert result.failed == ("2022-01-05",) and len(result.succeeded) == 7


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """progress=True draws a rich progress bar naming the backfill."""
    up, down = chain(Log())
    result = backfill([up, down], partition_range=("2022-01-01", "2022-01-03"), progress=True)
    assert result.backfill_id in capsys.readouterr().out


def test_definitions_object_is_accepted() -> None:
    """definitions= may be a Definitions object."""
    up, down = chain(Log())
    defs = Definitions(assets=[up, down], jobs=[define_asset_job("pair", selection=[up, down])])
    assert backfill("pair", definitions=defs, partition_keys=["2022-01-01"]).success
