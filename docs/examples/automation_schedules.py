"""Schedules: a partitioned job's schedule, hand-written schedules, and a dry run over a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from partwise import (
    Config,
    DailyPartitionsDefinition,
    OpExecutionContext,
    RunRequest,
    StaticPartitionsDefinition,
    build_schedule_context,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    job,
    op,
    schedule,
    schedule_ticks,
)


class ProcessDateConfig(Config):
    date: str


@op
def process_data_for_date(context: OpExecutionContext, config: ProcessDateConfig) -> str:
    return config.date


@daily_partitioned_config(start_date=dt.datetime(2020, 1, 1))
def my_partitioned_config(start: dt.datetime, _end: dt.datetime) -> dict[str, object]:
    return {"ops": {"process_data_for_date": {"config": {"date": start.strftime("%Y-%m-%d")}}}}


@job(config=my_partitioned_config)
def do_stuff_partitioned() -> None:
    process_data_for_date()


# A schedule at the cadence of the partitions: each tick requests the partition that just ended.
do_stuff_partitioned_schedule = build_schedule_from_partitioned_job(
    do_stuff_partitioned, hour_of_day=1
)

tick_time = dt.datetime(2024, 3, 5, 1, tzinfo=dt.timezone.utc)
context = build_schedule_context(scheduled_execution_time=tick_time)
data = do_stuff_partitioned_schedule.evaluate_tick(context)  # no repository needed
(request,) = data.run_requests
assert do_stuff_partitioned_schedule.cron_schedule == "0 1 * * *"
assert request.partition_key == request.run_key == "2024-03-04"
assert request.run_config == {"ops": {"process_data_for_date": {"config": {"date": "2024-03-04"}}}}
assert request.tags["dagster/schedule_name"] == "do_stuff_partitioned_schedule"

# Hand-written schedules over a static partitioned job (the guide's continents).
CONTINENTS = ["Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America"]


@op
def continent_op(context: OpExecutionContext) -> str:
    return context.partition_key


@job(partitions_def=StaticPartitionsDefinition(CONTINENTS))
def continent_job() -> None:
    continent_op()


@schedule(cron_schedule="0 0 * * *", job=continent_job)
def continent_schedule() -> Iterator[RunRequest]:
    for c in CONTINENTS:
        yield RunRequest(run_key=c, partition_key=c)


@schedule(cron_schedule="0 0 * * *", job=continent_job)
def antarctica_schedule() -> RunRequest:
    return RunRequest(partition_key="Antarctica")


every = continent_schedule.evaluate_tick(build_schedule_context(scheduled_execution_time=tick_time))
assert [r.partition_key for r in every.run_requests] == CONTINENTS
only = antarctica_schedule.evaluate_tick(build_schedule_context())
assert only.run_requests[0].tags["dagster/partition"] == "Antarctica"
assert antarctica_schedule() == RunRequest(partition_key="Antarctica")  # direct call: raw output

# What would this schedule do over the next year? A dry run: nothing executes.
ticks = schedule_ticks(do_stuff_partitioned_schedule, "2024-01-01", "2025-01-01")
assert len(ticks) == 366
assert ticks[0].tick_time == dt.datetime(2024, 1, 1, 1, tzinfo=dt.timezone.utc)
assert ticks[0].partition_key == "2023-12-31"
assert ticks[-1].run_config["ops"]["process_data_for_date"]["config"]["date"] == "2024-12-30"

# Time zones: a US/Central daily schedule fires at local midnight on both sides of a DST change.
central = DailyPartitionsDefinition(start_date="2024-01-01", timezone="US/Central")


@job(partitions_def=central)
def central_job() -> None:
    continent_op()


central_ticks = schedule_ticks(
    build_schedule_from_partitioned_job(central_job), "2024-03-09", "2024-03-12"
)
assert [t.tick_time.isoformat() for t in central_ticks] == [
    "2024-03-09T00:00:00-06:00",
    "2024-03-10T00:00:00-06:00",
    "2024-03-11T00:00:00-05:00",
]
assert [t.partition_key for t in central_ticks] == ["2024-03-08", "2024-03-09", "2024-03-10"]
