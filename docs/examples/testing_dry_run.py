"""A schedule's next runs, as the ``partwise_clock`` fixture computes them: ``python testing_dry_run.py``."""

from __future__ import annotations

import datetime as dt

from pytest_partwise import PartwiseClock

import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", timezone="Europe/Berlin")


@pw.op(config_schema={"day": str})
def load(context: pw.OpExecutionContext) -> None:
    pass


@pw.job(partitions_def=daily, config={"ops": {"load": {"config": {"day": "?"}}}})
def loading() -> None:
    load()


nightly = pw.build_schedule_from_partitioned_job(loading, hour_of_day=1)
clock = PartwiseClock(session_now=dt.datetime(2024, 3, 29, tzinfo=dt.timezone.utc))

# Naive times are wall times in the schedule's timezone (Europe/Berlin, set by the partitions).
rows = clock.ticks(nightly, start=dt.datetime(2024, 3, 29), end=dt.datetime(2024, 4, 2))
for row in rows:
    print(f"{row.time.isoformat()}  ->  {row.partition_key}")
assert [row.partition_key for row in rows] == [
    "2024-03-28",
    "2024-03-29",
    "2024-03-30",
    "2024-03-31",
]
assert [row.time.utcoffset() for row in rows][-1] == dt.timedelta(
    hours=2
)  # summer time from the 31st
