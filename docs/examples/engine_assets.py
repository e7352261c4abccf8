"""Partitioned assets end to end: materialize a day, read what was stored, map partitions."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path

from partwise import (
    AssetExecutionContext,
    AssetIn,
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    TimeWindowPartitionMapping,
    asset,
    materialize,
)

hourly = HourlyPartitionsDefinition(start_date="2024-05-01-00:00")
daily = DailyPartitionsDefinition(start_date="2024-05-01")


@asset(partitions_def=hourly)
def page_views(context: AssetExecutionContext) -> int:
    """Views in one hour (here: the hour number, so the totals are easy to check)."""
    return int(context.partition_key[11:13])


@asset(partitions_def=daily)
def daily_views(context: AssetExecutionContext, page_views: dict[str, int]) -> int:
    """A day reads the 24 hours inside its window, as a dict keyed by hourly key."""
    assert len(page_views) == 24
    return sum(page_views.values())


@asset(
    partitions_def=daily,
    ins={"daily_views": AssetIn(partition_mapping=TimeWindowPartitionMapping(-1, -1))},
)
def growth(context: AssetExecutionContext, daily_views: int | None) -> int:
    """Compares a day with the one before; the first day has no yesterday and gets ``None``."""
    return 0 if daily_views is None else daily_views


with tempfile.TemporaryDirectory() as home, Instance.local(home) as instance:
    for hour in range(24):
        materialize([page_views], partition_key=f"2024-05-01-{hour:02d}:00", instance=instance)
    result = materialize(
        [page_views, daily_views],
        partition_key="2024-05-01",
        instance=instance,
        selection=[daily_views],
    )
    assert result.output_for_node("daily_views") == sum(range(24))
    assert result.dagster_run.tags["dagster/partition"] == "2024-05-01"

    # The default I/O manager pickles one file per partition below <instance>/storage.
    stored = Path(home, "storage", "daily_views", "2024-05-01")
    assert pickle.loads(stored.read_bytes()) == 276

    first = materialize(
        [daily_views, growth], partition_key="2024-05-01", instance=instance, selection=[growth]
    )
    assert first.output_for_node("growth") == 0
    assert instance.get_materialized_partitions(daily_views.key) == {"2024-05-01"}
