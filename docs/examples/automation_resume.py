"""Resuming a backfill: only the failed (or the missing) partitions run again."""

from __future__ import annotations

from partwise import AssetExecutionContext, DailyPartitionsDefinition, Instance, asset, backfill

days = DailyPartitionsDefinition(start_date="2024-03-01", end_date="2024-03-11")
feed_down = {"2024-03-04"}


@asset(partitions_def=days)
def readings(context: AssetExecutionContext) -> int:
    if context.partition_key in feed_down:
        raise ValueError("the feed was down that day")
    return 1


@asset(partitions_def=days)
def totals(readings: int) -> int:
    return readings * 10


with Instance.local_temp() as instance:
    first = backfill([readings, totals], instance=instance)
    assert first.failed == ("2024-03-04",)

    feed_down.clear()  # the feed is back: run again only what failed
    again = backfill([readings, totals], instance=instance, failed_only=True)
    assert again.succeeded == ("2024-03-04",)

    # Nothing is missing any more, so resuming runs nothing.
    assert backfill([readings, totals], instance=instance, missing_only=True).runs == ()
