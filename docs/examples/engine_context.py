"""One context class: the same partition answers in a unit test and in a real run."""

from __future__ import annotations

from datetime import datetime, timezone

from partwise import (
    AssetExecutionContext,
    DailyPartitionsDefinition,
    PartitionKeyRange,
    WeeklyPartitionsDefinition,
    asset,
    build_asset_context,
    materialize_to_memory,
)

weekly = WeeklyPartitionsDefinition(start_date="2024-01-07")
daily = DailyPartitionsDefinition(start_date="2024-01-01")


@asset(partitions_def=daily)
def visits() -> int:
    return 1


@asset(partitions_def=weekly, deps=[visits])
def weekly_report(context: AssetExecutionContext) -> dict[str, object]:
    return {
        "week": context.partition_key,
        "days": context.asset_partition_keys_for_input("visits"),
        "starts": context.partition_time_window.start,
    }


expected = {
    "week": "2024-01-14",
    "days": [f"2024-01-{d}" for d in range(14, 21)],
    "starts": datetime(2024, 1, 14, tzinfo=timezone.utc),
}

# Unit test: build a context bound to the asset (and its upstream, for input accessors).
ctx = build_asset_context(
    partition_key="2024-01-14", assets_def=weekly_report, upstream_assets=[visits]
)
assert weekly_report(ctx) == expected

# Real run: the same function sees the same answers.
run = materialize_to_memory(
    [visits, weekly_report], partition_key="2024-01-14", selection=[weekly_report]
)
assert run.output_for_node("weekly_report") == expected


# A key-only context learns the asset's definition when the asset is called with it.
@asset(partitions_def=weekly)
def week_bounds(context: AssetExecutionContext) -> tuple[datetime, datetime]:
    window = context.partition_time_window
    return window.start, window.end


start, end = week_bounds(build_asset_context(partition_key="2024-01-07"))
assert (end - start).days == 7

# Ranges work in direct builds too, once the context knows the definition.
ranged = build_asset_context(
    partition_key_range=PartitionKeyRange("2024-01-07", "2024-01-14"), asset_partitions_def=weekly
)
assert ranged.partition_keys == ["2024-01-07", "2024-01-14"]
assert ranged.partition_time_window.end == datetime(2024, 1, 21, tzinfo=timezone.utc)
