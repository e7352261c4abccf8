"""partwise.tick: daemonless evaluation of due schedule ticks and sensors, with launched runs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    RunRequest,
    RunsFilter,
    SensorResult,
    SkipReason,
    StaticPartitionsDefinition,
    asset,
    build_schedule_from_partitioned_job,
    define_asset_job,
    job,
    op,
    schedule,
    sensor,
    tick,
)

UTC = _dt.timezone.utc
HOURLY = HourlyPartitionsDefinition("2022-01-01-00:00")
FRUITS = DynamicPartitionsDefinition(name="fruits")


@asset(partitions_def=HOURLY)
def hourly_asset(context: Any) -> str:
    return str(context.partition_key)


@asset(partitions_def=FRUITS)
def fruit(context: Any) -> str:
    return str(context.partition_key)


HOURLY_JOB = define_asset_job("hourly_job", selection=[hourly_asset])
FRUIT_JOB = define_asset_job("fruit_job", selection=[fruit], partitions_def=FRUITS)


def at(*args: int) -> _dt.datetime:
    return _dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def hourly_defs(**extra: Any) -> Definitions:
    return Definitions(
        assets=[hourly_asset, fruit],
        schedules=[build_schedule_from_partitioned_job(HOURLY_JOB)],
        **extra,
    )


def schedule_keys(result: Any) -> list[str | None]:
    return [
        r.partition_key for e in result.evaluations if e.kind == "schedule" for r in e.run_requests
    ]


def test_first_call_evaluates_only_the_latest_tick() -> None:
    """No catch-up: the first call evaluates the most recent tick at or before now."""
    instance = Instance.ephemeral()
    result = tick(hourly_defs(), instance=instance, now=at(2022, 3, 5, 7, 30))
    assert schedule_keys(result) == ["2022-03-05-06:00"]
    assert [e.tick_time for e in result.evaluations] == [at(2022, 3, 5, 7)]
    assert result.success and len(result.runs) == 1


def test_later_calls_evaluate_each_new_tick_once() -> None:
    """A later call evaluates every tick since the last one, and each only once."""
    instance, defs = Instance.ephemeral(), hourly_defs()
    tick(defs, instance=instance, now=at(2022, 3, 5, 7, 30))
    second = tick(defs, instance=instance, now=at(2022, 3, 5, 10, 0))
    third = tick(defs, instance=instance, now=at(2022, 3, 5, 10, 59))
    assert schedule_keys(second) == ["2022-03-05-07:00", "2022-03-05-08:00", "2022-03-05-09:00"]
    assert schedule_keys(third) == []


def test_launched_runs_carry_schedule_tags() -> None:
    """Runs are executed in-process with schedule name, scheduled time and run key tags."""
    instance = Instance.ephemeral()
    (run,) = tick(hourly_defs(), instance=instance, now=at(2022, 3, 5, 7)).runs
    assert run.success
    tags = run.dagster_run.tags
    assert tags["dagster/schedule_name"] == "hourly_job_schedule"
    assert tags[".dagster/scheduled_execution_time"] == "2022-03-05T07:00:00+00:00"
    assert (tags["dagster/run_key"], tags["dagster/partition"]) == (
        "2022-03-05-06:00",
        "2022-03-05-06:00",
    )
    assert instance.get_materialized_partitions(hourly_asset.key) == {"2022-03-05-06:00"}


def test_schedule_run_keys_are_scoped_to_their_tick() -> None:
    """The same run key on two ticks launches twice (dedupe is per scheduled time, as upstream)."""

    @op
    def noop() -> None:
        pass

    @job(partitions_def=StaticPartitionsDefinition(["Asia"]))
    def continent_job() -> None:
        noop()

    @schedule(cron_schedule="0 0 * * *", job=continent_job)
    def daily_continents() -> Any:
        yield RunRequest(run_key="Asia", partition_key="Asia")

    defs, instance = Definitions(schedules=[daily_continents]), Instance.ephemeral()
    tick(defs, instance=instance, now=at(2022, 3, 5, 1))
    result = tick(defs, instance=instance, now=at(2022, 3, 6, 1))
    assert len(result.runs) == 1 and not result.skipped_run_requests
    assert instance.get_runs_count(RunsFilter(tags={"dagster/run_key": "Asia"})) == 2


def test_sensor_run_keys_are_deduplicated_across_calls() -> None:
    """A sensor run key already launched is skipped on later calls."""

    @sensor(job=FRUIT_JOB)
    def same_key(context: Any) -> SensorResult:
        return SensorResult(
            run_requests=[RunRequest(run_key="apple-1", partition_key="apple")],
            dynamic_partitions_requests=[FRUITS.build_add_request(["apple"])],
        )

    defs, instance = Definitions(assets=[fruit], sensors=[same_key]), Instance.ephemeral()
    first = tick(defs, instance=instance, now=at(2022, 3, 5))
    second = tick(defs, instance=instance, now=at(2022, 3, 5, 1))
    assert (len(first.runs), len(second.runs)) == (1, 0)
    assert [r.run_key for r in second.skipped_run_requests] == ["apple-1"]
    assert second.evaluations[0].skipped_run_keys == ("apple-1",)


def test_dynamic_partition_requests_are_applied() -> None:
    """Keys a sensor adds land on the instance, and their runs execute."""

    @sensor(job=FRUIT_JOB)
    def new_fruit(context: Any) -> Any:
        new = [
            k
            for k in ["apple", "durian"]
            if not context.instance.has_dynamic_partition("fruits", k)
        ]
        if not new:
            return SkipReason("nothing new")
        return SensorResult(
            run_requests=[RunRequest(partition_key=k, run_key=k) for k in new],
            dynamic_partitions_requests=[FRUITS.build_add_request(new)],
        )

    defs, instance = Definitions(assets=[fruit], sensors=[new_fruit]), Instance.ephemeral()
    first = tick(defs, instance=instance, now=at(2022, 3, 5))
    second = tick(defs, instance=instance, now=at(2022, 3, 5, 1))
    assert list(instance.get_dynamic_partitions("fruits")) == ["apple", "durian"]
    assert instance.get_materialized_partitions(fruit.key) == {"apple", "durian"}
    assert first.success and second.evaluations[0].skip_message == "nothing new"


def test_dynamic_partition_delete_requests_are_applied() -> None:
    """A delete request removes the key from the instance."""

    @sensor(job=FRUIT_JOB)
    def drop(context: Any) -> SensorResult:
        return SensorResult(dynamic_partitions_requests=[FRUITS.build_delete_request(["apple"])])

    instance = Instance.ephemeral()
    instance.add_dynamic_partitions("fruits", ["apple", "fig"])
    tick(Definitions(assets=[fruit], sensors=[drop]), instance=instance, now=at(2022, 3, 5))
    assert list(instance.get_dynamic_partitions("fruits")) == ["fig"]


def test_sensor_cursor_is_kept_between_calls() -> None:
    """The cursor a tick returns is the next tick's context.cursor."""
    seen: list[str | None] = []

    @sensor(job=FRUIT_JOB)
    def counting(context: Any) -> SensorResult:
        seen.append(context.cursor)
        return SensorResult(cursor=str(int(context.cursor or 0) + 1))

    defs, instance = Definitions(assets=[fruit], sensors=[counting]), Instance.ephemeral()
    for hour in range(3):
        tick(defs, instance=instance, now=at(2022, 3, 5, hour))
    assert seen == [None, "1", "2"]


def test_explicit_minimum_interval_is_honoured() -> None:
    """A sensor with minimum_interval_seconds= is not evaluated again too soon."""
    calls: list[int] = []

    @sensor(job=FRUIT_JOB, minimum_interval_seconds=600)
    def slow(context: Any) -> None:
        calls.append(1)

    defs, instance = Definitions(assets=[fruit], sensors=[slow]), Instance.ephemeral()
    tick(defs, instance=instance, now=at(2022, 3, 5, 0, 0))
    tick(defs, instance=instance, now=at(2022, 3, 5, 0, 5))
    tick(defs, instance=instance, now=at(2022, 3, 5, 0, 11))
    assert len(calls) == 2


def test_sensor_without_explicit_interval_runs_every_call() -> None:
    """Without minimum_interval_seconds= every tick() evaluates the sensor."""
    calls: list[int] = []

    @sensor(job=FRUIT_JOB)
    def eager(context: Any) -> None:
        calls.append(1)

    defs, instance = Definitions(assets=[fruit], sensors=[eager]), Instance.ephemeral()
    tick(defs, instance=instance, now=at(2022, 3, 5))
    tick(defs, instance=instance, now=at(2022, 3, 5))
    assert len(calls) == 2


def test_failed_run_makes_the_result_unsuccessful() -> None:
    """A failing run is recorded and reported; tick itself does not raise."""

    @asset(partitions_def=HOURLY)
    def broken() -> None:
        raise ValueError("boom")

    defs = Definitions(
        assets=[broken],
        schedules=[build_schedule_from_partitioned_job(define_asset_job("b", selection=[broken]))],
    )
    result = tick(defs, instance=Instance.ephemeral(), now=at(2022, 3, 5, 7))
    assert not result.success
    assert result.runs[0].dagster_run.tags["dagster/failure_reason"] == "STEP_FAILURE"


def test_evaluation_error_is_recorded_and_retried() -> None:
    """An error in a schedule function is reported and the tick is evaluated again next call."""
    attempts: list[int] = []

    @schedule(cron_schedule="0 * * * *", job=HOURLY_JOB)
    def flaky(context: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first time")
        return SkipReason("fine")

    defs, instance = Definitions(assets=[hourly_asset], schedules=[flaky]), Instance.ephemeral()
    first = tick(defs, instance=instance, now=at(2022, 3, 5, 7, 10))
    second = tick(defs, instance=instance, now=at(2022, 3, 5, 7, 20))
    assert first.errors == ["schedule 'flaky': RuntimeError: first time"]
    assert second.success and second.evaluations[0].skip_message == "fine"


def test_state_survives_in_a_persistent_instance(tmp_path: Path) -> None:
    """A local instance remembers evaluated ticks across Instance objects."""
    defs = hourly_defs()
    with Instance.local(tmp_path) as instance:
        tick(defs, instance=instance, now=at(2022, 3, 5, 7))
    with Instance.local(tmp_path) as instance:
        result = tick(defs, instance=instance, now=at(2022, 3, 5, 8))
    assert schedule_keys(result) == ["2022-03-05-07:00"]


def test_now_decides_partitions_regardless_of_wall_clock() -> None:
    """Runs execute as of now=, so a future now launches keys the wall clock has not reached."""
    daily_def = DailyPartitionsDefinition("2098-01-01")

    @asset(partitions_def=daily_def)
    def future_asset() -> int:
        return 1

    defs = Definitions(
        assets=[future_asset],
        schedules=[
            build_schedule_from_partitioned_job(define_asset_job("f", selection=[future_asset]))
        ],
    )
    result = tick(defs, instance=Instance.ephemeral(), now="2099-01-01T00:00:00")
    assert result.success and result.run_requests[0].partition_key == "2098-12-31"


def test_sensor_targeting_a_job_by_name() -> None:
    """A sensor with job_name= runs the job registered in the definitions."""

    @sensor(job_name="fruit_job")
    def by_name(context: Any) -> SensorResult:
        return SensorResult(
            run_requests=[RunRequest(partition_key="kiwi")],
            dynamic_partitions_requests=[FRUITS.build_add_request(["kiwi"])],
        )

    defs = Definitions(assets=[fruit], jobs=[FRUIT_JOB], sensors=[by_name])
    result = tick(defs, instance=Instance.ephemeral(), now=at(2022, 3, 5))
    assert result.success and result.runs[0].dagster_run.job_name == "fruit_job"


@pytest.mark.parametrize("now", ["2022-03-05T07:00:00", _dt.datetime(2022, 3, 5, 7)])
def test_naive_now_is_utc(now: Any) -> None:
    """A naive now (or ISO string) is read as UTC."""
    result = tick(hourly_defs(), instance=Instance.ephemeral(), now=now)
    assert schedule_keys(result) == ["2022-03-05-06:00"]


def test_sensor_with_asset_selection_runs_those_assets() -> None:
    """A sensor targeting assets (asset_selection=) runs them as an anonymous asset job."""

    @sensor(asset_selection=[hourly_asset])
    def by_assets(context: Any) -> RunRequest:
        return RunRequest(partition_key="2022-03-05-01:00")

    defs = Definitions(assets=[hourly_asset], sensors=[by_assets])
    instance = Instance.ephemeral()
    result = tick(defs, instance=instance, now=at(2022, 3, 5, 7))
    assert result.success
    assert instance.get_materialized_partitions(hourly_asset.key) == {"2022-03-05-01:00"}


def test_request_without_a_job_is_reported() -> None:
    """A sensor with no target cannot launch its request: the evaluation error says how to fix it."""

    @sensor()
    def aimless(context: Any) -> RunRequest:
        return RunRequest(run_key="x")

    result = tick(Definitions(sensors=[aimless]), instance=Instance.ephemeral(), now=at(2022, 3, 5))
    assert not result.success
    assert "set RunRequest(job_name=...)" in result.errors[0]
