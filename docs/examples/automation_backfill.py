"""Backfills without a daemon: dependency order, failure isolation, policies, worker processes."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from partwise import (
    AssetExecutionContext,
    AssetIn,
    BackfillPolicy,
    DailyPartitionsDefinition,
    Instance,
    PartitionKeyRange,
    RunsFilter,
    TimeWindowPartitionMapping,
    asset,
    backfill,
)

daily = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")


@asset(partitions_def=daily)
def observations(context: AssetExecutionContext) -> list[float]:
    if context.partition_key == "2024-01-05":
        raise ValueError("the sensor feed was down that day")
    return [1.0, 2.0, 3.0]


@asset(partitions_def=daily)
def daily_mean(observations: list[float]) -> float:
    return sum(observations) / len(observations)


previous_day = TimeWindowPartitionMapping(
    start_offset=-1, end_offset=-1, allow_nonexistent_upstream_partitions=True
)


@asset(
    partitions_def=daily,
    ins={"running_total": AssetIn("running_total", partition_mapping=previous_day)},
)
def running_total(daily_mean: float, running_total: float | None) -> float:
    """Self-dependent: each day adds to the previous day's total."""
    return (running_total or 0.0) + daily_mean


@asset(partitions_def=daily, backfill_policy=BackfillPolicy.single_run())
def monthly_export(context: AssetExecutionContext) -> None:
    """One run for the whole range: the body sees context.partition_key_range."""
    assert context.partition_key_range == PartitionKeyRange("2024-01-01", "2024-01-31")


instance = Instance.ephemeral()
result = backfill([observations, daily_mean, running_total], instance=instance)

# Every upstream partition in the backfill ran first, day by day for the self-dependency.
# The failed day stops only what depends on it: its mean and every later running total.
assert result.failed == ("2024-01-05",)
assert result.not_run == tuple(f"2024-01-{d:02d}" for d in range(6, 32))
assert result.succeeded == ("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04")
runs = instance.get_runs(RunsFilter(tags={"dagster/backfill": result.backfill_id}))
assert len(runs) == len(result.runs)
assert instance.get_materialized_partitions(daily_mean.key) == {
    k for k in daily.get_partition_keys() if k != "2024-01-05"
}

(export_run,) = backfill([monthly_export]).runs
assert export_run.partition_range == PartitionKeyRange("2024-01-01", "2024-01-31")


def backfill_on_processes() -> None:
    """Worker processes import the assets by module path; runs share a local (SQLite) instance."""
    with Instance.local_temp() as shared, ProcessPoolExecutor(max_workers=2) as pool:
        on_pool = backfill(
            [observations, daily_mean],
            partition_range=("2024-01-01", "2024-01-10"),
            instance=shared,
            executor=pool,
            progress=True,
        )
        assert on_pool.failed == ("2024-01-05",) and len(on_pool.succeeded) == 9


if __name__ == "__main__":
    backfill_on_processes()
