"""Schedules: build_schedule_from_partitioned_job (spec §6.1) and @schedule / evaluate_tick (§6.2)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import pytest

from partwise import (
    CheckError,
    DailyPartitionsDefinition,
    DefaultScheduleStatus,
    Definitions,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvariantViolationError,
    MonthlyPartitionsDefinition,
    MultiPartitionsDefinition,
    PartitionsDefinition,
    RunRequest,
    ScheduleDefinition,
    SkipReason,
    StaticPartitionsDefinition,
    UnknownPartitionError,
    UnresolvedPartitionedAssetScheduleDefinition,
    WeeklyPartitionsDefinition,
    asset,
    build_schedule_context,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    define_asset_job,
    job,
    op,
    schedule,
    static_partitioned_config,
)

UTC = _dt.timezone.utc
T = _dt.datetime(2022, 3, 5, tzinfo=UTC)


@op
def noop() -> None:
    pass


def op_job(pdef: PartitionsDefinition, name: str = "pj") -> Any:
    @job(name=name, partitions_def=pdef)
    def _job() -> None:
        noop()

    return _job


def keys_at(sched: Any, when: _dt.datetime) -> list[str | None]:
    data = sched.evaluate_tick(build_schedule_context(scheduled_execution_time=when))
    return [r.partition_key for r in data.run_requests]


def at(*args: int) -> _dt.datetime:
    return _dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- §6.1: one row of the spec's table per case ---------------------------------------------------
ROWS: list[tuple[str, Callable[[], PartitionsDefinition], dict[str, Any], str, _dt.datetime, list[str]]] = [
    ("daily", lambda: DailyPartitionsDefinition("2022-01-01"), {}, "0 0 * * *", at(2022, 3, 5), ["2022-03-04"]),
    ("daily-off-cron", lambda: DailyPartitionsDefinition("2022-01-01"), {}, "0 0 * * *", at(2022, 3, 5, 12), ["2022-03-04"]),
    ("daily-overrides", lambda: DailyPartitionsDefinition("2022-01-01"), {"hour_of_day": 2, "minute_of_hour": 30}, "30 2 * * *", at(2022, 3, 5, 2, 30), ["2022-03-04"]),
    ("daily-hour-offset", lambda: DailyPartitionsDefinition("2022-01-01", hour_offset=6), {}, "0 6 * * *", at(2022, 3, 5, 6), ["2022-03-04"]),
    ("daily-end-offset", lambda: DailyPartitionsDefinition("2022-01-01", end_offset=1), {}, "0 0 * * *", at(2022, 3, 5), ["2022-03-05"]),
    ("daily-us-central", lambda: DailyPartitionsDefinition("2022-01-01", timezone="US/Central"), {}, "0 0 * * *", at(2022, 3, 5, 6), ["2022-03-04"]),
    ("hourly", lambda: HourlyPartitionsDefinition("2022-01-01-00:00"), {}, "0 * * * *", at(2022, 3, 5, 7), ["2022-03-05-06:00"]),
    ("hourly-half-past", lambda: HourlyPartitionsDefinition("2022-01-01-00:00"), {}, "0 * * * *", at(2022, 3, 5, 7, 30), ["2022-03-05-06:00"]),
    ("hourly-minute-offset", lambda: HourlyPartitionsDefinition("2022-01-01-00:00", minute_offset=15), {}, "15 * * * *", at(2022, 3, 5, 7, 15), ["2022-03-05-06:15"]),
    ("weekly-day-offset", lambda: WeeklyPartitionsDefinition("2022-01-03", day_offset=1), {}, "0 0 * * 1", at(2022, 3, 7), ["2022-02-28"]),
    ("monthly", lambda: MonthlyPartitionsDefinition("2022-01-01"), {}, "0 0 1 * *", at(2022, 3, 1), ["2022-02-01"]),
    ("monthly-day-of-month", lambda: MonthlyPartitionsDefinition("2022-01-01"), {"day_of_month": 3}, "0 0 3 * *", at(2022, 3, 3), ["2022-02-01"]),
    (
        "multi",
        lambda: MultiPartitionsDefinition(
            {"date": DailyPartitionsDefinition("2022-01-01"), "l": StaticPartitionsDefinition(["x", "y"])}
        ),
        {}, "0 0 * * *", at(2022, 3, 5), ["2022-03-04|x", "2022-03-04|y"],
    ),
    ("static", lambda: StaticPartitionsDefinition(["p", "q"]), {"cron_schedule": "0 * * * *"}, "0 * * * *", at(2022, 3, 5, 9), ["p", "q"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("pdef", "kwargs", "cron", "when", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_partitioned_schedule_table_row(
    pdef: Callable[[], PartitionsDefinition],
    kwargs: dict[str, Any],
    cron: str,
    when: _dt.datetime,
    expected: list[str],
) -> None:
    """Each row of §6.1: the derived cron and the keys requested at tick T (run_key = key)."""
    sched = build_schedule_from_partitioned_job(op_job(pdef()), **kwargs)
    assert isinstance(sched, ScheduleDefinition)
    assert sched.cron_schedule == cron
    data = sched.evaluate_tick(build_schedule_context(scheduled_execution_time=when))
    assert [r.partition_key for r in data.run_requests] == expected
    assert [r.run_key for r in data.run_requests] == expected


def test_partitioned_schedule_before_first_window_skips() -> None:
    """A tick before the first window ends requests nothing and says why (§6.1 last row)."""
    sched = build_schedule_from_partitioned_job(op_job(DailyPartitionsDefinition("2022-01-01")))
    data = sched.evaluate_tick(build_schedule_context(scheduled_execution_time=at(2022, 1, 1)))
    assert data.run_requests == []
    assert data.skip_message == "The job's PartitionsDefinition has no partitions"


def test_partitioned_schedule_timezone_is_the_partitions_timezone() -> None:
    """execution_timezone is taken from the time partitions; static schedules keep the given one."""
    central = build_schedule_from_partitioned_job(
        op_job(DailyPartitionsDefinition("2022-01-01", timezone="US/Central"))
    )
    static = build_schedule_from_partitioned_job(
        op_job(StaticPartitionsDefinition(["p"])), cron_schedule="0 * * * *"
    )
    assert central.execution_timezone == "US/Central"
    assert static.execution_timezone is None


def test_partitioned_schedule_naive_tick_time_is_in_partitions_timezone() -> None:
    """A naive scheduled time is read in the partitions' timezone (local midnight → previous day)."""
    sched = build_schedule_from_partitioned_job(
        op_job(DailyPartitionsDefinition("2022-01-01", timezone="US/Central"))
    )
    assert keys_at(sched, _dt.datetime(2022, 3, 5)) == ["2022-03-04"]


def test_partitioned_schedule_name_defaults_to_job_schedule() -> None:
    """The default name is '<job>_schedule'; name=, description= and default_status= are kept."""
    daily = DailyPartitionsDefinition("2022-01-01")
    assert (
        build_schedule_from_partitioned_job(op_job(daily, "do_stuff")).name == "do_stuff_schedule"
    )
    custom = build_schedule_from_partitioned_job(
        op_job(daily), name="custom", description="d", default_status=DefaultScheduleStatus.RUNNING
    )
    assert (custom.name, custom.description, custom.default_status) == (
        "custom",
        "d",
        DefaultScheduleStatus.RUNNING,
    )


def test_partitioned_schedule_default_status_is_stopped() -> None:
    """Schedules are STOPPED by default, like the reference's."""
    sched = build_schedule_from_partitioned_job(op_job(DailyPartitionsDefinition("2022-01-01")))
    assert sched.default_status is DefaultScheduleStatus.STOPPED


def test_partitioned_schedule_tags_user_first_then_partition_then_schedule() -> None:
    """tags= come first, then the partition tags (and partition set), then the schedule name."""
    sched = build_schedule_from_partitioned_job(
        op_job(DailyPartitionsDefinition("2022-01-01")), tags={"team": "a"}
    )
    (request,) = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T)
    ).run_requests
    assert list(request.tags.items()) == [
        ("team", "a"),
        ("dagster/partition", "2022-03-04"),
        ("dagster/partition_set", "pj_partition_set"),
        ("dagster/schedule_name", "pj_schedule"),
    ]
    assert request.job_name == "pj"


def test_partitioned_schedule_fills_run_config_from_partitioned_config() -> None:
    """An op job with a PartitionedConfig gets the generated run config for the requested key."""

    @daily_partitioned_config(start_date="2022-01-01")
    def cfg(start: _dt.datetime, _end: _dt.datetime) -> dict[str, Any]:
        return {"ops": {"o": {"config": {"d": start.isoformat()}}}}

    @op(config_schema={"d": str})
    def o(context: Any) -> None:
        pass

    @job(config=cfg)
    def cj() -> None:
        o()

    (request,) = (
        build_schedule_from_partitioned_job(cj)
        .evaluate_tick(build_schedule_context(scheduled_execution_time=T))
        .run_requests
    )
    assert request.run_config == {"ops": {"o": {"config": {"d": "2022-03-04T00:00:00+00:00"}}}}


def test_partitioned_schedule_static_config_per_key() -> None:
    """A static partitioned config gives each requested key its own config."""

    @static_partitioned_config(partition_keys=["p", "q"])
    def cfg(key: str) -> dict[str, Any]:
        return {"ops": {"o": {"config": {"k": key}}}}

    @op(config_schema={"k": str})
    def o(context: Any) -> None:
        pass

    @job(config=cfg)
    def sj() -> None:
        o()

    sched = build_schedule_from_partitioned_job(sj, cron_schedule="0 0 * * *")
    requests = sched.evaluate_tick(build_schedule_context(scheduled_execution_time=T)).run_requests
    assert [r.run_config["ops"]["o"]["config"]["k"] for r in requests] == ["p", "q"]


def test_partitioned_schedule_multi_requests_carry_dimension_tags() -> None:
    """Multi-partitioned requests carry the per-dimension tags."""
    pdef = MultiPartitionsDefinition(
        {"date": DailyPartitionsDefinition("2022-01-01"), "l": StaticPartitionsDefinition(["x"])}
    )
    (request,) = (
        build_schedule_from_partitioned_job(op_job(pdef))
        .evaluate_tick(build_schedule_context(scheduled_execution_time=T))
        .run_requests
    )
    assert request.tags["dagster/partition/date"] == "2022-03-04"
    assert request.tags["dagster/partition/l"] == "x"


def test_partitioned_schedule_skips_ticks_whose_last_window_is_excluded() -> None:
    """With exclusions, a tick whose latest window (ignoring exclusions) is excluded is skipped."""
    pdef = DailyPartitionsDefinition("2022-01-01", exclusions=["0 0 * * 6"])  # Saturdays
    sched = build_schedule_from_partitioned_job(op_job(pdef, "j"))
    sunday = sched.evaluate_tick(build_schedule_context(scheduled_execution_time=at(2022, 3, 6)))
    assert sunday.skip_message == "should_execute function for j_schedule returned false."
    assert keys_at(sched, at(2022, 3, 7)) == ["2022-03-06"]


def test_partitioned_schedule_without_time_works_as_of_now() -> None:
    """Without a scheduled time the tick is evaluated as of the clock (a key exists)."""
    sched = build_schedule_from_partitioned_job(op_job(DailyPartitionsDefinition("2022-01-01")))
    assert len(sched.evaluate_tick(build_schedule_context()).run_requests) == 1


def test_partitioned_schedule_direct_invocation_returns_raw_request() -> None:
    """Calling the schedule returns the request without the schedule-name tag."""
    sched = build_schedule_from_partitioned_job(op_job(DailyPartitionsDefinition("2022-01-01")))
    raw = sched(build_schedule_context(scheduled_execution_time=T))
    assert isinstance(raw, RunRequest)
    assert "dagster/schedule_name" not in raw.tags


# -- §6.1 errors -------------------------------------------------------------------------------------
def test_partitioned_schedule_rejects_dynamic_partitions() -> None:
    """Dynamic partitions cannot drive a schedule."""
    with pytest.raises(
        InvalidDefinitionError,
        match=r"^Tried to build a partitioned schedule from an asset job, but received an invalid partitions definition\.",
    ):
        build_schedule_from_partitioned_job(op_job(DynamicPartitionsDefinition(name="d")))


def test_partitioned_schedule_rejects_multi_without_single_time_dimension() -> None:
    """A multi definition needs exactly one time dimension."""
    pdef = MultiPartitionsDefinition(
        {"a": StaticPartitionsDefinition(["1"]), "b": StaticPartitionsDefinition(["2"])}
    )
    with pytest.raises(InvalidDefinitionError, match=r"invalid partitions definition"):
        build_schedule_from_partitioned_job(op_job(pdef))


@pytest.mark.parametrize("kwargs", [{"cron_schedule": "0 1 * * *"}, {"execution_timezone": "UTC"}])
def test_partitioned_schedule_time_job_refuses_cron_and_timezone(kwargs: dict[str, str]) -> None:
    """cron_schedule / execution_timezone are derived for time-partitioned jobs."""
    with pytest.raises(
        CheckError,
        match=r"Cannot provide cron_schedule or execution_timezone to build_schedule_from_partitioned_job for a time-partitioned job.",
    ):
        build_schedule_from_partitioned_job(
            op_job(DailyPartitionsDefinition("2022-01-01")), **kwargs
        )


def test_partitioned_schedule_refuses_cron_with_overrides() -> None:
    """cron_schedule and the minute/hour/day overrides are mutually exclusive."""
    with pytest.raises(
        CheckError, match=r"Cannot provide both cron_schedule / execution_timezone parameters"
    ):
        build_schedule_from_partitioned_job(
            op_job(StaticPartitionsDefinition(["p"])), cron_schedule="0 * * * *", hour_of_day=1
        )


def test_partitioned_schedule_refuses_day_of_week_with_day_of_month() -> None:
    """day_of_week and day_of_month cannot both be given."""
    with pytest.raises(CheckError, match=r"Cannot provide both day_of_month and day_of_week"):
        build_schedule_from_partitioned_job(
            op_job(MonthlyPartitionsDefinition("2022-01-01")), day_of_week=1, day_of_month=2
        )


def test_partitioned_schedule_refuses_hour_override_for_hourly() -> None:
    """An hour override makes no sense for hourly partitions."""
    with pytest.raises(CheckError, match=r"Cannot set hour parameter with hourly partitions"):
        build_schedule_from_partitioned_job(
            op_job(HourlyPartitionsDefinition("2022-01-01-00:00")), hour_of_day=3
        )


def test_partitioned_schedule_static_needs_cron() -> None:
    """A static job's schedule needs an explicit cron."""
    with pytest.raises(
        CheckError,
        match=r"^Expected non-None value: Creating a schedule from a static partitions definition requires a cron schedule",
    ):
        build_schedule_from_partitioned_job(op_job(StaticPartitionsDefinition(["p"])))


def test_partitioned_schedule_unpartitioned_job_is_an_error() -> None:
    """An unpartitioned job cannot make a partitioned schedule."""

    @job
    def plain() -> None:
        noop()

    with pytest.raises(CheckError, match=r"The provided job is not partitioned"):
        build_schedule_from_partitioned_job(plain)


# -- asset jobs --------------------------------------------------------------------------------------
DAILY = DailyPartitionsDefinition("2022-01-01")


@asset(partitions_def=DAILY)
def daily_asset() -> int:
    return 1


@asset
def plain_asset() -> int:
    return 1


def test_asset_job_without_partitions_def_gives_unresolved_schedule() -> None:
    """An asset job taking its partitions from its assets yields an unresolved schedule (no cron)."""
    sched = build_schedule_from_partitioned_job(define_asset_job("aj", selection=[daily_asset]))
    assert isinstance(sched, UnresolvedPartitionedAssetScheduleDefinition)
    assert not hasattr(sched, "cron_schedule")
    assert sched.name == "aj_schedule"


def test_unresolved_schedule_resolves_through_definitions() -> None:
    """Definitions.resolve_schedule_def reads the assets' partitions and gives a cron."""
    aj = define_asset_job("aj", selection=[daily_asset])
    defs = Definitions(
        assets=[daily_asset], schedules=[build_schedule_from_partitioned_job(aj, hour_of_day=3)]
    )
    sched = defs.resolve_schedule_def("aj_schedule")
    assert sched.cron_schedule == "0 3 * * *"
    (request,) = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=at(2022, 3, 5, 3))
    ).run_requests
    assert request.tags["dagster/partition_set"] == "aj_partition_set"


def test_unresolved_schedule_evaluates_with_repository_def_only() -> None:
    """evaluate_tick on the unresolved schedule needs repository_def= (and then works)."""
    aj = define_asset_job("aj", selection=[daily_asset])
    sched = build_schedule_from_partitioned_job(aj)
    defs = Definitions(assets=[daily_asset], schedules=[sched])
    with pytest.raises(
        InvariantViolationError,
        match=r"^Attempted to access repository_def, but no repository_def was provided.",
    ):
        sched.evaluate_tick(build_schedule_context(scheduled_execution_time=T))
    ok = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T, repository_def=defs)
    )
    assert [r.partition_key for r in ok.run_requests] == ["2022-03-04"]


def test_unresolved_schedule_refuses_cron_schedule() -> None:
    """An asset job without partitions_def cannot take cron_schedule= (it is time-derived)."""
    with pytest.raises(CheckError, match=r"for a time-partitioned job"):
        build_schedule_from_partitioned_job(
            define_asset_job("aj", selection=[daily_asset]), cron_schedule="0 0 * * *"
        )


def test_unresolved_schedule_of_unpartitioned_assets_fails_to_resolve() -> None:
    """Resolving against unpartitioned assets says the job must contain partitioned assets."""
    pj = define_asset_job("pj", selection=[plain_asset])
    defs = Definitions(assets=[plain_asset], schedules=[build_schedule_from_partitioned_job(pj)])
    with pytest.raises(
        CheckError, match=r"must contain partitioned assets or a partitions definition"
    ):
        defs.resolve_schedule_def("pj_schedule")


def test_asset_job_with_partitions_def_gives_schedule_without_partition_set() -> None:
    """An asset job with an explicit partitions_def schedules directly; no partition-set tag."""
    aj2 = define_asset_job("aj2", selection=[daily_asset], partitions_def=DAILY)
    sched = build_schedule_from_partitioned_job(aj2, tags={"u": "1"})
    (request,) = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T)
    ).run_requests
    assert request.tags == {
        "u": "1",
        "dagster/partition": "2022-03-04",
        "dagster/schedule_name": "aj2_schedule",
    }


# -- §6.2: @schedule and evaluate_tick -----------------------------------------------------------------
CONTINENTS = ["Africa", "Antarctica", "Asia", "Europe"]
CONTINENT_JOB = op_job(StaticPartitionsDefinition(CONTINENTS), "continent_job")


def test_schedule_yielding_run_requests_per_static_key() -> None:
    """The guide's continent schedule: one resolved request per yielded key."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def continent_schedule() -> Any:
        for c in CONTINENTS:
            yield RunRequest(run_key=c, partition_key=c)

    requests = continent_schedule.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T)
    ).run_requests
    assert [r.partition_key for r in requests] == CONTINENTS
    assert requests[0].tags == {
        "dagster/partition": "Africa",
        "dagster/partition_set": "continent_job_partition_set",
        "dagster/schedule_name": "continent_schedule",
    }


def test_schedule_returning_one_request_without_repository() -> None:
    """A returned RunRequest is resolved against the schedule's own job: no repository needed."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def antarctica_schedule() -> RunRequest:
        return RunRequest(partition_key="Antarctica")

    (request,) = antarctica_schedule.evaluate_tick(build_schedule_context()).run_requests
    assert request.tags["dagster/partition"] == "Antarctica"
    assert request.run_key is None


def test_schedule_returning_list_of_requests() -> None:
    """A returned list with run keys is accepted as is."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def two(context: Any) -> list[RunRequest]:
        return [
            RunRequest(run_key="a", partition_key="Asia"),
            RunRequest(run_key="e", partition_key="Europe"),
        ]

    assert [r.run_key for r in two.evaluate_tick(build_schedule_context()).run_requests] == [
        "a",
        "e",
    ]


def test_schedule_returning_run_config_dict() -> None:
    """A returned dict is the run config of one request, with the schedule's tags."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB, tags={"t": "1"})
    def cfg(context: Any) -> dict[str, Any]:
        return {"ops": {}}

    (request,) = cfg.evaluate_tick(build_schedule_context(scheduled_execution_time=T)).run_requests
    assert request.run_config == {"ops": {}}
    assert request.tags == {"t": "1", "dagster/schedule_name": "cfg"}


@pytest.mark.parametrize("result", [None, [], [None]])
def test_schedule_returning_nothing_skips(result: Any) -> None:
    """None (or an empty result) skips with the reference's message."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def nothing() -> Any:
        return result

    data = nothing.evaluate_tick(build_schedule_context())
    assert (data.run_requests, data.skip_message) == (
        [],
        "Schedule function returned an empty result",
    )


def test_schedule_returning_skip_reason() -> None:
    """A SkipReason's message becomes the tick's skip message."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def skipper(context: Any) -> SkipReason:
        return SkipReason("not today")

    assert skipper.evaluate_tick(build_schedule_context()).skip_message == "not today"


def test_schedule_multiple_requests_need_run_keys() -> None:
    """Several requests without run keys are refused, as in the reference."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def keyless() -> list[RunRequest]:
        return [RunRequest(partition_key="Asia"), RunRequest(partition_key="Europe")]

    with pytest.raises(
        CheckError,
        match=r"Schedules that return multiple RunRequests must specify a run_key in each RunRequest",
    ):
        keyless.evaluate_tick(build_schedule_context())


def test_schedule_returning_garbage_is_an_error() -> None:
    """Anything else is a CheckError naming what was returned."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def bad() -> int:
        return 42

    with pytest.raises(CheckError, match=r"returned 42"):
        bad.evaluate_tick(build_schedule_context())


def test_schedule_validates_keys_as_of_tick_time() -> None:
    """A key that exists by the wall clock but not at T is unknown at T (§6.2)."""
    daily_job = op_job(DailyPartitionsDefinition("2022-01-01"))

    @schedule(cron_schedule="0 0 * * *", job=daily_job)
    def future(context: Any) -> RunRequest:
        return RunRequest(partition_key="2022-06-01", run_key="a")

    with pytest.raises(
        UnknownPartitionError, match=r"^Could not find a partition with key `2022-06-01`."
    ):
        future.evaluate_tick(build_schedule_context(scheduled_execution_time=T))
    ok = future.evaluate_tick(build_schedule_context(scheduled_execution_time=at(2022, 7, 1)))
    assert ok.run_requests[0].partition_key == "2022-06-01"


def test_schedule_explicit_run_config_is_kept() -> None:
    """A request's own run config wins over the partitioned config."""

    @static_partitioned_config(partition_keys=["p"])
    def cfg(key: str) -> dict[str, Any]:
        return {"from": "config"}

    @job(config=cfg)
    def sj() -> None:
        noop()

    @schedule(cron_schedule="0 0 * * *", job=sj)
    def own(context: Any) -> RunRequest:
        return RunRequest(partition_key="p", run_config={"mine": 1})

    assert own.evaluate_tick(build_schedule_context()).run_requests[0].run_config == {"mine": 1}


def test_schedule_partition_tags_override_user_partition_tags_only_when_unresolved() -> None:
    """User tags come first; partition tags are merged after them."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def tagged() -> RunRequest:
        return RunRequest(partition_key="Asia", tags={"x": "y"})

    (request,) = tagged.evaluate_tick(build_schedule_context()).run_requests
    assert list(request.tags)[:2] == ["x", "dagster/partition"]


def test_schedule_partition_key_on_unpartitioned_job_is_an_error() -> None:
    """Requesting a partition of an unpartitioned job is a CheckError."""

    @job
    def plain() -> None:
        noop()

    @schedule(cron_schedule="0 0 * * *", job=plain)
    def wrong() -> RunRequest:
        return RunRequest(partition_key="x")

    with pytest.raises(CheckError, match=r"is not partitioned"):
        wrong.evaluate_tick(build_schedule_context())


def test_schedule_on_unresolved_asset_job_needs_repository_def() -> None:
    """An asset job whose partitions come from its assets needs repository_def= to resolve keys."""
    aj = define_asset_job("aj", selection=[daily_asset])

    @schedule(cron_schedule="0 0 * * *", job=aj)
    def asks() -> RunRequest:
        return RunRequest(partition_key="2022-03-01")

    defs = Definitions(assets=[daily_asset], schedules=[asks])
    with pytest.raises(
        InvariantViolationError,
        match=r"^Attempted to access repository_def, but no repository_def was provided.",
    ):
        asks.evaluate_tick(build_schedule_context(scheduled_execution_time=T))
    ctx = build_schedule_context(
        scheduled_execution_time=T, repository_def=defs.get_repository_def()
    )
    assert asks.evaluate_tick(ctx).run_requests[0].tags["dagster/partition"] == "2022-03-01"


def test_schedule_definition_with_run_config_and_tags() -> None:
    """ScheduleDefinition(run_config=, tags=) makes one request; its name defaults to '<job>_schedule'."""
    sched = ScheduleDefinition(
        job=CONTINENT_JOB, cron_schedule="0 0 * * *", run_config={"a": 1}, tags={"t": "1"}
    )
    (request,) = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T)
    ).run_requests
    assert sched.name == "continent_job_schedule"
    assert (request.run_config, request.tags) == (
        {"a": 1},
        {"t": "1", "dagster/schedule_name": "continent_job_schedule"},
    )


def test_schedule_definition_run_config_fn_sees_the_tick() -> None:
    """run_config_fn receives the context with the scheduled time."""
    sched = ScheduleDefinition(
        name="x",
        job=CONTINENT_JOB,
        cron_schedule="0 0 * * *",
        run_config_fn=lambda ctx: {"b": ctx.scheduled_execution_time.isoformat()},
    )
    (request,) = sched.evaluate_tick(
        build_schedule_context(scheduled_execution_time=T)
    ).run_requests
    assert request.run_config == {"b": "2022-03-05T00:00:00+00:00"}


def test_schedule_should_execute_false_skips() -> None:
    """should_execute returning False skips with the reference's message."""
    sched = ScheduleDefinition(
        name="y", job=CONTINENT_JOB, cron_schedule="0 0 * * *", should_execute=lambda ctx: False
    )
    assert (
        sched.evaluate_tick(build_schedule_context()).skip_message
        == "should_execute function for y returned false."
    )


def test_schedule_definition_errors() -> None:
    """Bad cron, bad timezone and a missing job are refused at definition time."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^Found invalid cron schedule 'bad' for schedule"
    ):
        ScheduleDefinition(job=CONTINENT_JOB, cron_schedule="bad")
    with pytest.raises(InvalidDefinitionError, match=r"^Invalid execution timezone Nope/Nope"):
        ScheduleDefinition(
            job=CONTINENT_JOB, cron_schedule="0 0 * * *", execution_timezone="Nope/Nope"
        )
    with pytest.raises(CheckError, match=r"Must provide target, job, or job_name"):
        ScheduleDefinition(cron_schedule="0 0 * * *")


def test_schedule_accepts_cron_aliases() -> None:
    """'@daily' is accepted and kept as written."""

    @schedule(cron_schedule="@daily", job=CONTINENT_JOB)
    def aliased() -> dict[str, Any]:
        return {}

    assert aliased.cron_schedule == "@daily"


def test_schedule_resources_are_passed_by_name() -> None:
    """Parameters after the context are filled from the context's resources."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def with_resource(context: Any, region: str) -> RunRequest:
        return RunRequest(partition_key=region)

    ctx = build_schedule_context(resources={"region": "Asia"})
    assert with_resource.evaluate_tick(ctx).run_requests[0].partition_key == "Asia"


# -- build_schedule_context and direct invocation ----------------------------------------------------
def test_context_without_scheduled_time_is_an_error_on_access() -> None:
    """Reading an unset scheduled_execution_time is a CheckError."""
    with pytest.raises(CheckError, match=r"no scheduled_execution_time was set on this context"):
        _ = build_schedule_context().scheduled_execution_time


def test_context_without_instance_is_an_error_on_access() -> None:
    """Reading an unset instance names the missing argument."""
    with pytest.raises(InvariantViolationError, match=r"^Attempted to initialize dagster instance"):
        _ = build_schedule_context().instance


def test_context_keeps_naive_time_and_instance() -> None:
    """The context returns what it was given (a naive time stays naive)."""
    instance = Instance.ephemeral()
    ctx = build_schedule_context(
        instance=instance, scheduled_execution_time=_dt.datetime(2022, 3, 5)
    )
    assert ctx.scheduled_execution_time == _dt.datetime(2022, 3, 5)
    assert ctx.instance is instance


def test_direct_invocation_returns_raw_output() -> None:
    """Calling a decorated schedule returns the function's output, unresolved."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def raw(context: Any) -> RunRequest:
        return RunRequest(partition_key="Asia")

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def no_context() -> dict[str, Any]:
        return {"ops": {}}

    assert raw(build_schedule_context()).tags == {}
    assert no_context() == {"ops": {}}
    assert no_context(build_schedule_context()) == {"ops": {}}


def test_direct_invocation_without_needed_context_is_an_error() -> None:
    """A function taking a context must be given one."""

    @schedule(cron_schedule="0 0 * * *", job=CONTINENT_JOB)
    def needs(context: Any) -> None:
        return None

    with pytest.raises(
        InvalidInvocationError, match=r"^Schedule evaluation function expected context argument"
    ):
        needs()


def test_direct_invocation_of_non_decorated_schedule_is_an_error() -> None:
    """Only decorated schedules can be invoked."""
    sched = ScheduleDefinition(job=CONTINENT_JOB, cron_schedule="0 0 * * *", run_config={})
    with pytest.raises(
        InvalidInvocationError,
        match=r"^Schedule invocation is only supported for schedules created via the schedule decorators.",
    ):
        sched(build_schedule_context())


def test_evaluate_tick_needs_a_schedule_context() -> None:
    """evaluate_tick refuses anything but a ScheduleEvaluationContext."""
    sched = ScheduleDefinition(job=CONTINENT_JOB, cron_schedule="0 0 * * *", run_config={})
    with pytest.raises(CheckError, match=r"ScheduleEvaluationContext"):
        sched.evaluate_tick("now")  # type: ignore[arg-type]
