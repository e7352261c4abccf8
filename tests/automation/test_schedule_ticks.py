"""partwise.schedule_ticks: a pure dry run of a schedule over [start, end)."""

from __future__ import annotations

import datetime as _dt
import subprocess
import sys
import zoneinfo
from typing import Any

import pytest

from partwise import (
    DailyPartitionsDefinition,
    Definitions,
    HourlyPartitionsDefinition,
    Instance,
    InvalidInvocationError,
    InvariantViolationError,
    PartitionsDefinition,
    RunRequest,
    StaticPartitionsDefinition,
    asset,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    define_asset_job,
    job,
    op,
    schedule,
    schedule_ticks,
)

UTC = _dt.timezone.utc
CENTRAL = zoneinfo.ZoneInfo("US/Central")


@op
def noop() -> None:
    pass


def partitioned_schedule(pdef: PartitionsDefinition, **kwargs: Any) -> Any:
    @job(partitions_def=pdef)
    def pj() -> None:
        noop()

    return build_schedule_from_partitioned_job(pj, **kwargs)


def test_a_year_of_an_hourly_schedule() -> None:
    """8760 ticks in 2022, each requesting the hour before it, keys all distinct."""
    sched = partitioned_schedule(HourlyPartitionsDefinition("2021-01-01-00:00"))
    ticks = schedule_ticks(
        sched, _dt.datetime(2022, 1, 1, tzinfo=UTC), _dt.datetime(2023, 1, 1, tzinfo=UTC)
    )
    assert len(ticks) == 8760
    assert (ticks[0].tick_time, ticks[0].partition_key) == (
        _dt.datetime(2022, 1, 1, tzinfo=UTC),
        "2021-12-31-23:00",
    )
    assert ticks[-1].partition_key == "2022-12-31-22:00"
    assert len({t.partition_key for t in ticks}) == 8760
    assert all(t.run_key == t.partition_key for t in ticks)


def test_a_year_of_an_hourly_schedule_in_us_central() -> None:
    """A local year still has 8760 hourly ticks: one 23-hour day and one 25-hour day."""
    sched = partitioned_schedule(
        HourlyPartitionsDefinition("2021-01-01-00:00", timezone="US/Central")
    )
    ticks = schedule_ticks(sched, "2022-01-01", "2023-01-01")
    per_day: dict[_dt.date, int] = {}
    for t in ticks:
        per_day[t.tick_time.date()] = per_day.get(t.tick_time.date(), 0) + 1
    assert len(ticks) == 8760
    assert (per_day[_dt.date(2022, 3, 13)], per_day[_dt.date(2022, 11, 6)]) == (23, 25)


def test_spring_forward_day_skips_the_missing_hour() -> None:
    """On 2022-03-13 (US/Central) 02:00 does not exist: ticks go 01:00 → 03:00."""
    sched = partitioned_schedule(
        HourlyPartitionsDefinition("2022-01-01-00:00", timezone="US/Central")
    )
    ticks = schedule_ticks(sched, "2022-03-13T00:00", "2022-03-13T05:00")
    assert [t.tick_time.isoformat() for t in ticks] == [
        "2022-03-13T00:00:00-06:00",
        "2022-03-13T01:00:00-06:00",
        "2022-03-13T03:00:00-05:00",
        "2022-03-13T04:00:00-05:00",
    ]
    assert [t.partition_key for t in ticks] == [
        "2022-03-12-23:00",
        "2022-03-13-00:00",
        "2022-03-13-01:00",
        "2022-03-13-03:00",
    ]


def test_fall_back_day_ticks_twice_at_one_am() -> None:
    """On 2022-11-06 01:00 happens twice; the second pass requests the first 01:00 window."""
    sched = partitioned_schedule(
        HourlyPartitionsDefinition("2022-01-01-00:00", timezone="US/Central")
    )
    ticks = schedule_ticks(sched, "2022-11-06T00:00", "2022-11-06T03:00")
    assert [t.tick_time.isoformat() for t in ticks] == [
        "2022-11-06T00:00:00-05:00",
        "2022-11-06T01:00:00-05:00",
        "2022-11-06T01:00:00-06:00",
        "2022-11-06T02:00:00-06:00",
    ]
    assert [t.partition_key for t in ticks] == [
        "2022-11-05-23:00",
        "2022-11-06-00:00",
        "2022-11-06-01:00",
        "2022-11-06-01:00-0600",
    ]


def test_daily_schedule_across_dst_fires_at_local_midnight() -> None:
    """A US/Central daily schedule fires at local midnight on both sides of the change."""
    sched = partitioned_schedule(DailyPartitionsDefinition("2022-01-01", timezone="US/Central"))
    ticks = schedule_ticks(sched, "2022-03-12", "2022-03-15")
    assert [t.tick_time.astimezone(UTC).hour for t in ticks] == [6, 6, 5]
    assert [t.partition_key for t in ticks] == ["2022-03-11", "2022-03-12", "2022-03-13"]


def test_daily_schedule_at_a_nonexistent_local_time_moves_to_the_gap_end() -> None:
    """A 02:30 daily tick on the spring-forward day fires at 03:00 local."""
    sched = partitioned_schedule(
        DailyPartitionsDefinition("2022-01-01", timezone="US/Central"),
        hour_of_day=2,
        minute_of_hour=30,
    )
    ticks = schedule_ticks(sched, "2022-03-12", "2022-03-15")
    assert [t.tick_time.isoformat() for t in ticks] == [
        "2022-03-12T02:30:00-06:00",
        "2022-03-13T03:00:00-05:00",
        "2022-03-14T02:30:00-05:00",
    ]


def test_end_offset_requests_the_current_partition() -> None:
    """With end_offset=1 each tick requests the partition that starts at the tick."""
    sched = partitioned_schedule(DailyPartitionsDefinition("2022-01-01", end_offset=1))
    assert [t.partition_key for t in schedule_ticks(sched, "2022-03-01", "2022-03-04")] == [
        "2022-03-01",
        "2022-03-02",
        "2022-03-03",
    ]


def test_bounds_are_half_open_and_naive_bounds_use_the_schedule_timezone() -> None:
    """start is included, end is not; naive bounds are local to the execution timezone."""
    sched = partitioned_schedule(DailyPartitionsDefinition("2022-01-01", timezone="US/Central"))
    ticks = schedule_ticks(sched, _dt.datetime(2022, 3, 1), _dt.datetime(2022, 3, 3))
    assert [t.tick_time for t in ticks] == [
        _dt.datetime(2022, 3, 1, tzinfo=CENTRAL),
        _dt.datetime(2022, 3, 2, tzinfo=CENTRAL),
    ]
    assert schedule_ticks(sched, "2022-03-03", "2022-03-01") == []


def test_ticks_before_the_first_partition_are_skips() -> None:
    """Ticks before any partition exists carry the skip message and no key."""
    sched = partitioned_schedule(DailyPartitionsDefinition("2022-01-01"))
    first, second = schedule_ticks(sched, "2022-01-01", "2022-01-03")
    assert (first.skipped, first.skip_message, first.partition_key) == (
        True,
        "The job's PartitionsDefinition has no partitions",
        None,
    )
    assert second.partition_key == "2022-01-01"


def test_ticks_carry_run_config_and_tags() -> None:
    """Each tick shows the run config and tags its run would get."""

    @daily_partitioned_config(start_date="2022-01-01")
    def cfg(start: _dt.datetime, _end: _dt.datetime) -> dict[str, Any]:
        return {"ops": {"o": {"config": {"date": start.strftime("%Y-%m-%d")}}}}

    @op(config_schema={"date": str})
    def o(context: Any) -> None:
        pass

    @job(config=cfg)
    def cj() -> None:
        o()

    (only,) = schedule_ticks(build_schedule_from_partitioned_job(cj), "2022-03-05", "2022-03-06")
    assert only.run_config == {"ops": {"o": {"config": {"date": "2022-03-04"}}}}
    assert only.tags["dagster/schedule_name"] == "cj_schedule"


def test_static_schedule_ticks_have_several_requests() -> None:
    """A static schedule requests every key per tick; .partition_key then refuses to pick one."""
    sched = partitioned_schedule(
        StaticPartitionsDefinition(["p", "q"]), cron_schedule="0 */12 * * *"
    )
    ticks = schedule_ticks(sched, "2022-03-05", "2022-03-06")
    assert [t.partition_keys for t in ticks] == [["p", "q"], ["p", "q"]]
    with pytest.raises(InvariantViolationError, match=r"requests 2 runs"):
        _ = ticks[0].partition_key


def test_dry_run_executes_and_stores_nothing() -> None:
    """Nothing runs: the schedule function is evaluated, the instance stays empty."""
    calls: list[_dt.datetime] = []

    @job(partitions_def=StaticPartitionsDefinition(["a"]))
    def sj() -> None:
        noop()

    @schedule(cron_schedule="*/15 * * * *", job=sj)
    def quarterly(context: Any) -> RunRequest:
        calls.append(context.scheduled_execution_time)
        return RunRequest(partition_key="a")

    instance = Instance.ephemeral()
    ticks = schedule_ticks(quarterly, "2022-03-05T00:00", "2022-03-05T01:00", instance=instance)
    assert len(ticks) == len(calls) == 4
    assert instance.get_runs() == []


def test_unresolved_schedule_needs_definitions() -> None:
    """A schedule of an asset job without partitions_def dry-runs only with definitions=."""
    daily_def = DailyPartitionsDefinition("2022-01-01")

    @asset(partitions_def=daily_def)
    def a() -> None:
        pass

    sched = build_schedule_from_partitioned_job(define_asset_job("aj", selection=[a]))
    defs = Definitions(assets=[a], schedules=[sched])
    with pytest.raises(InvalidInvocationError, match=r"pass definitions=defs"):
        schedule_ticks(sched, "2022-03-05", "2022-03-06")
    (by_object,) = schedule_ticks(sched, "2022-03-05", "2022-03-06", definitions=defs)
    (by_name,) = schedule_ticks("aj_schedule", "2022-03-05", "2022-03-06", definitions=defs)
    assert by_object.partition_key == by_name.partition_key == "2022-03-04"


def test_malformed_bound_names_the_value() -> None:
    """A bound that is not ISO 8601 is reported with the value."""
    sched = partitioned_schedule(DailyPartitionsDefinition("2022-01-01"))
    with pytest.raises(InvalidInvocationError, match=r"'March 5'"):
        schedule_ticks(sched, "March 5", "2022-03-06")


def test_standard_cadences_do_not_import_croniter() -> None:
    """Standard and step crons are tick arithmetic: croniter is never imported."""
    code = (
        "import sys, partwise as p\n"
        "@p.op\n"
        "def o(): pass\n"
        "@p.job(partitions_def=p.HourlyPartitionsDefinition('2022-01-01-00:00'))\n"
        "def j(): o()\n"
        "assert len(p.schedule_ticks(p.build_schedule_from_partitioned_job(j), '2022-01-01', '2022-02-01')) == 744\n"
        "@p.schedule(cron_schedule='*/15 * * * *', job=j)\n"
        "def s(): return {}\n"
        "assert len(p.schedule_ticks(s, '2022-01-01', '2022-01-02')) == 96\n"
        "assert 'croniter' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
