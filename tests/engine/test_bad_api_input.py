"""Bad input to the public API is a partwise error (which also subclasses the fitting built-in),
never a bare ``TypeError``/``AttributeError``/``ValueError`` from deep inside; and a few inputs
the API used to accept silently are refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AssetKey,
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    MonthlyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    RunRequest,
    ScheduleDefinition,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
    asset,
    backfill,
    build_asset_context,
    build_schedule_from_partitioned_job,
    define_asset_job,
    job,
    materialize,
    op,
    schedule_ticks,
    tick,
)
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    PartwiseError,
    StorageError,
)

DAYS = DailyPartitionsDefinition("2024-01-01", end_date="2024-01-05")


@asset(partitions_def=DAYS)
def daily_asset(context: Any) -> str:
    return str(context.partition_key)


@op
def one() -> int:
    return 1


@job
def one_job() -> None:
    one()


@pytest.fixture(params=["memory", "sqlite"])
def instance(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Instance]:
    made = Instance.ephemeral() if request.param == "memory" else Instance.local(tmp_path)
    with made:
        yield made


# -- the cases the issue names ----------------------------------------------------------------
NAMED: dict[str, tuple[Callable[[], Any], type[Exception], str]] = {
    "timezone not a str": (
        lambda: DailyPartitionsDefinition(start_date="2024-01-01", timezone=5),  # type: ignore[arg-type]
        CheckError,
        'Param "timezone" is not a str. Got 5',
    ),
    "end_offset not an int": (
        lambda: DailyPartitionsDefinition(start_date="2024-01-01", end_offset="x"),  # type: ignore[arg-type]
        CheckError,
        'Param "end_offset" is not a int',
    ),
    "instance not an Instance": (
        lambda: materialize([daily_asset], partition_key="2024-01-01", instance="x"),
        CheckError,
        'Param "instance" is not a Instance',
    ),
    "run_config a list": (
        lambda: one_job.execute_in_process(run_config=["x"]),
        CheckError,
        "Param \"run_config\" is not one of ['Mapping']",
    ),
    "run_config a YAML string": (
        lambda: one_job.execute_in_process(run_config="ops: {}"),
        CheckError,
        "Param \"run_config\" is not one of ['Mapping']",
    ),
    "AssetKey(None)": (
        lambda: AssetKey(None),  # type: ignore[arg-type]
        CheckError,
        'Param "path" is not a Sequence. Got None',
    ),
    "get_runs(filters=str)": (
        lambda: Instance.ephemeral().get_runs(filters="x"),  # type: ignore[arg-type]
        CheckError,
        'Param "filters" is not a RunsFilter',
    ),
    "Instance.local on a file": (
        lambda: Instance.local("/etc/passwd"),
        StorageError,
        "Cannot use /etc/passwd as an instance folder: it is not a folder",
    ),
    "end before start": (
        lambda: DailyPartitionsDefinition("2024-01-05", end_date="2024-01-01"),
        InvalidDefinitionError,
        "comes before the start",
    ),
    "'|' in a multi key value": (
        lambda: MultiPartitionKey({"x": "a|b", "y": "c"}),
        CheckError,
        "contains '|'",
    ),
    "conflicting dagster/partition tag": (
        lambda: materialize(
            [daily_asset], partition_key="2024-01-01", tags={"dagster/partition": "2024-01-02"}
        ),
        InvalidInvocationError,
        "name different partitions",
    ),
}


@pytest.mark.parametrize("call, error, message", NAMED.values(), ids=NAMED.keys())
def test_named_bad_input_is_a_partwise_error(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    """Each case the issue found raises its partwise error, naming the value."""
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


def test_partwise_errors_are_also_the_fitting_builtin() -> None:
    """CheckError is a ValueError, StorageError an OSError: old ``except`` clauses still work."""
    assert issubclass(CheckError, ValueError) and issubclass(CheckError, PartwiseError)
    assert issubclass(StorageError, OSError) and issubclass(StorageError, PartwiseError)


def test_an_empty_backfill_is_an_empty_result() -> None:
    """partition_keys=[] runs nothing and succeeds (was KeyError: (0, None))."""
    result = backfill([daily_asset], partition_keys=[])
    assert (result.runs, result.succeeded, result.failed, result.success) == ((), (), (), True)


def test_a_str_asset_key_is_coerced_alike_on_both_backends(instance: Instance) -> None:
    """get_materialized_partitions("daily_asset") answers as for AssetKey("daily_asset")."""
    materialize([daily_asset], partition_key="2024-01-02", instance=instance)
    assert instance.get_materialized_partitions("daily_asset") == {"2024-01-02"}
    assert instance.get_materialized_partitions(["daily_asset"]) == {"2024-01-02"}
    assert instance.has_asset_key("daily_asset")
    assert instance.get_latest_materialization_event("daily_asset") is not None


def test_dynamic_keys_with_control_characters_are_refused(instance: Instance) -> None:
    """A NUL or newline in a dynamic key is refused, as in a static key."""
    for bad in ["nul\x00", "two\nlines"]:
        with pytest.raises(CheckError, match="holds the control characters"):
            instance.add_dynamic_partitions("files", [bad])
    assert instance.get_dynamic_partitions("files") == []


def test_a_multi_key_of_other_dimensions_is_no_member() -> None:
    """MultiPartitionKey({"p": …, "q": …}) is not a key of a definition over x and y."""
    multi = MultiPartitionsDefinition(
        {"x": StaticPartitionsDefinition(["a"]), "y": StaticPartitionsDefinition(["c"])}
    )
    assert multi.has_partition_key(MultiPartitionKey({"x": "a", "y": "c"}))
    assert not multi.has_partition_key(MultiPartitionKey({"p": "a", "q": "c"}))


# -- the fuzz: wrong types and values into the main entry points -------------------------------
BAD_VALUES: list[Any] = [
    None,
    5,
    -1,
    10**30,
    3.5,
    float("nan"),
    "",
    "x",
    "\x00",
    b"b",
    [],
    ["x"],
    {},
    {"x": 1},
    object(),
    True,
    dt.datetime.max,
    dt.date.min,
]


def _entries(instance: Instance) -> dict[str, Callable[[Any], Any]]:
    daily_job = define_asset_job("d", selection=[daily_asset], partitions_def=DAYS)
    every_day = ScheduleDefinition(job=one_job, cron_schedule="0 0 * * *")
    return {
        "Daily start_date": lambda v: DailyPartitionsDefinition(start_date=v),
        "Daily end_date": lambda v: DailyPartitionsDefinition("2024-01-01", end_date=v),
        "Daily minute_offset": lambda v: DailyPartitionsDefinition("2024-01-01", minute_offset=v),
        "Daily hour_offset": lambda v: DailyPartitionsDefinition("2024-01-01", hour_offset=v),
        "Daily timezone": lambda v: DailyPartitionsDefinition("2024-01-01", timezone=v),
        "Daily fmt": lambda v: DailyPartitionsDefinition("2024-01-01", fmt=v),
        "Daily end_offset": lambda v: DailyPartitionsDefinition("2024-01-01", end_offset=v),
        "Hourly start_date": lambda v: HourlyPartitionsDefinition(start_date=v),
        "Weekly day_offset": lambda v: WeeklyPartitionsDefinition("2024-01-01", day_offset=v),
        "Monthly day_offset": lambda v: MonthlyPartitionsDefinition("2024-01-01", day_offset=v),
        "TimeWindow cron_schedule": lambda v: TimeWindowPartitionsDefinition(
            start="2024-01-01", fmt="%Y-%m-%d", cron_schedule=v
        ),
        "TimeWindow fmt": lambda v: TimeWindowPartitionsDefinition(
            start="2024-01-01", fmt=v, cron_schedule="0 0 * * *"
        ),
        "Static keys": lambda v: StaticPartitionsDefinition(v),
        "Dynamic name": lambda v: DynamicPartitionsDefinition(name=v),
        "Multi dimensions": lambda v: MultiPartitionsDefinition(v),
        "MultiPartitionKey": lambda v: MultiPartitionKey(v),
        "AssetKey": lambda v: AssetKey(v),
        "key range": lambda v: DAYS.get_partition_keys_in_range(PartitionKeyRange(v, "2024-01-02")),
        "has_partition_key": lambda v: DAYS.has_partition_key(v),
        "time_window_for_partition_key": lambda v: DAYS.time_window_for_partition_key(v),
        "get_partition_keys current_time": lambda v: DAYS.get_partition_keys(current_time=v),
        "subset_with_partition_keys": lambda v: DAYS.subset_with_partition_keys(v),
        "materialize assets": lambda v: materialize(v),
        "materialize partition_key": lambda v: materialize([daily_asset], partition_key=v),
        "materialize instance": lambda v: materialize(
            [daily_asset], partition_key="2024-01-01", instance=v
        ),
        "materialize tags": lambda v: materialize(
            [daily_asset], partition_key="2024-01-01", tags=v
        ),
        "materialize run_config": lambda v: materialize(
            [daily_asset], partition_key="2024-01-01", run_config=v
        ),
        "materialize resources": lambda v: materialize(
            [daily_asset], partition_key="2024-01-01", resources=v
        ),
        "materialize selection": lambda v: materialize(
            [daily_asset], partition_key="2024-01-01", selection=v
        ),
        "execute_in_process run_config": lambda v: one_job.execute_in_process(run_config=v),
        "execute_in_process instance": lambda v: one_job.execute_in_process(instance=v),
        "execute_in_process tags": lambda v: one_job.execute_in_process(tags=v),
        "execute_in_process partition_key": lambda v: one_job.execute_in_process(partition_key=v),
        "execute_in_process op_selection": lambda v: one_job.execute_in_process(op_selection=v),
        "backfill target": lambda v: backfill(v),
        "backfill partition_keys": lambda v: backfill([daily_asset], partition_keys=v),
        "backfill partition_range": lambda v: backfill([daily_asset], partition_range=v),
        "backfill instance": lambda v: backfill([daily_asset], instance=v),
        "backfill max_partitions_per_run": lambda v: backfill(
            [daily_asset], max_partitions_per_run=v
        ),
        "Instance.local": lambda v: Instance.local(v),
        "get_runs filters": lambda v: instance.get_runs(filters=v),
        "get_runs limit": lambda v: instance.get_runs(limit=v),
        "get_runs cursor": lambda v: instance.get_runs(cursor=v),
        "get_run_by_id": lambda v: instance.get_run_by_id(v),
        "get_materialized_partitions": lambda v: instance.get_materialized_partitions(v),
        "get_latest_materialization_event": lambda v: instance.get_latest_materialization_event(v),
        "has_asset_key": lambda v: instance.has_asset_key(v),
        "get_status_by_partition key": lambda v: instance.get_status_by_partition(
            v, ["2024-01-01"], DAYS
        ),
        "get_status_by_partition keys": lambda v: instance.get_status_by_partition(
            AssetKey("a"), v, DAYS
        ),
        "add_dynamic_partitions name": lambda v: instance.add_dynamic_partitions(v, ["k"]),
        "add_dynamic_partitions keys": lambda v: instance.add_dynamic_partitions("f", v),
        "has_dynamic_partition": lambda v: instance.has_dynamic_partition("f", v),
        "get_event_records filter": lambda v: instance.get_event_records(v),
        "get_event_records limit": lambda v: instance.get_event_records(limit=v),
        "Definitions assets": lambda v: Definitions(assets=v),
        "Definitions jobs": lambda v: Definitions(jobs=v),
        "define_asset_job name": lambda v: define_asset_job(v, selection=[daily_asset]),
        "define_asset_job selection": lambda v: Definitions(
            assets=[daily_asset], jobs=[define_asset_job("x", selection=v)]
        ).resolve_job_def("x"),
        "asset partitions_def": lambda v: asset(partitions_def=v)(lambda: 1),
        "asset name": lambda v: asset(name=v)(lambda: 1),
        "asset key_prefix": lambda v: asset(key_prefix=v)(lambda: 1),
        "TimeWindowPartitionMapping": lambda v: TimeWindowPartitionMapping(start_offset=v),
        "StaticPartitionMapping": lambda v: StaticPartitionMapping(v),
        "partitioned schedule hour": lambda v: build_schedule_from_partitioned_job(
            daily_job, hour_of_day=v
        ),
        "ScheduleDefinition cron": lambda v: ScheduleDefinition(job=one_job, cron_schedule=v),
        "RunRequest partition_key": lambda v: RunRequest(partition_key=v),
        "schedule_ticks start": lambda v: schedule_ticks(every_day, v, "2024-01-02"),
        "tick now": lambda v: tick(Definitions(jobs=[one_job]), instance=instance, now=v),
        "build_asset_context": lambda v: build_asset_context(partition_key=v),
    }


def test_wrong_types_and_values_raise_only_partwise_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry point × every bad value: a result, or a PartwiseError; never a bare one."""
    monkeypatch.chdir(tmp_path)  # Instance.local("x") makes a folder "x"
    bare = []
    with Instance.local(tmp_path / "home") as instance:
        for name, call in _entries(instance).items():
            for value in BAD_VALUES:
                try:
                    call(value)
                except PartwiseError:
                    pass
                except Exception as e:
                    bare.append(f"{name}({value!r}): {type(e).__name__}: {e}")
    assert bare == []
