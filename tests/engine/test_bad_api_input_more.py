"""A second fuzz of the public API: entry points the first one (test_bad_api_input.py) did not
reach, each × the same bad values. Every call gives a result or a partwise error, never a bare
built-in one; before their fixes these raised 31 kinds of TypeError/AttributeError/ValueError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partwise import (
    AssetMaterialization,
    AssetSpec,
    DailyPartitionsDefinition,
    DefaultPartitionsSubset,
    Definitions,
    Failure,
    HourlyPartitionsDefinition,
    MaterializeResult,
    Output,
    RunRequest,
    ScheduleDefinition,
    SensorDefinition,
    SensorResult,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
    TimeWindowPartitionsSubset,
    asset,
    backfill,
    build_asset_context,
    build_init_resource_context,
    build_input_context,
    build_op_context,
    build_output_context,
    build_schedule_context,
    build_schedule_from_partitioned_job,
    build_sensor_context,
    daily_partitioned_config,
    define_asset_job,
    graph,
    job,
    load_assets_from_modules,
    load_assets_from_package_name,
    op,
    schedule_ticks,
    tick,
    validate_run_config,
    with_resources,
)
from partwise.errors import CheckError, InvalidDefinitionError, PartwiseError

from .test_bad_api_input import BAD_VALUES, daily_asset, one_job

DAYS = DailyPartitionsDefinition("2024-01-01", end_date="2024-01-05")
ENTRIES: dict[str, Callable[[Any], Any]] = {
    "op(fn)": lambda v: op(v),
    "graph(fn)": lambda v: graph(v),
    "job(fn)": lambda v: job(v),
    "asset(fn)": lambda v: asset(v),
    "Daily exclusions": lambda v: DailyPartitionsDefinition("2024-01-01", exclusions=v),
    "daily_partitioned_config exclusions": lambda v: daily_partitioned_config(
        "2024-01-01", exclusions=v
    )(lambda s, e: {}),
    "TimeWindow schedule_type": lambda v: TimeWindowPartitionsDefinition(
        start="2024-01-01", fmt="%Y-%m-%d", schedule_type=v
    ),
    "DefaultPartitionsSubset": lambda v: DefaultPartitionsSubset(v),
    "TimeWindowPartitionsSubset": lambda v: TimeWindowPartitionsSubset(v),
    "AssetMaterialization metadata": lambda v: AssetMaterialization("a", metadata=v),
    "Output metadata": lambda v: Output(1, metadata=v),
    "MaterializeResult metadata": lambda v: MaterializeResult(metadata=v),
    "Failure metadata": lambda v: Failure("x", metadata=v),
    "AssetSpec deps": lambda v: AssetSpec("a", deps=v),
    "RunRequest run_config": lambda v: RunRequest(run_config=v),
    "RunRequest tags": lambda v: RunRequest(tags=v),
    "SensorResult run_requests": lambda v: SensorResult(v),
    "ScheduleDefinition job_name": lambda v: ScheduleDefinition(job_name=v, cron_schedule="@daily"),
    "SensorDefinition evaluation_fn": lambda v: SensorDefinition(evaluation_fn=v),
    "define_asset_job tags": lambda v: define_asset_job("j", tags=v),
    "define_asset_job metadata": lambda v: define_asset_job("j", metadata=v),
    "job tags": lambda v: job(tags=v)(lambda: None),
    "Definitions loggers": lambda v: Definitions(loggers=v),
    "Definitions metadata": lambda v: Definitions(metadata=v),
    "build_op_context resources": lambda v: build_op_context(resources=v),
    "build_asset_context resources": lambda v: build_asset_context(resources=v),
    "build_init_resource_context": lambda v: build_init_resource_context(config=v),
    "build_schedule_context resources": lambda v: build_schedule_context(resources=v),
    "build_sensor_context resources": lambda v: build_sensor_context(resources=v),
    "build_input_context partitions_def": lambda v: build_input_context(partitions_def=v),
    "build_output_context partitions_def": lambda v: build_output_context(partitions_def=v),
    "backfill definitions": lambda v: backfill(["daily_asset"], definitions=v),
    "backfill resources": lambda v: backfill([daily_asset], resources=v),
    "schedule_ticks definitions": lambda v: schedule_ticks("s", "2024-01-01", "2024-01-02", v),
    "tick definitions": lambda v: tick(v, instance=None),
    "validate_run_config job": lambda v: validate_run_config(v),
    "build_schedule_from_partitioned_job": lambda v: build_schedule_from_partitioned_job(v),
    "with_resources resource_defs": lambda v: with_resources([daily_asset], v),
    "load_assets_from_modules": lambda v: load_assets_from_modules(v),
    "load_assets_from_package_name": lambda v: load_assets_from_package_name(v),
}


def test_more_entry_points_raise_only_partwise_errors() -> None:
    bare = []
    for name, call in ENTRIES.items():
        for value in BAD_VALUES:
            try:
                call(value)
            except (PartwiseError, ModuleNotFoundError):  # a package that does not exist
                pass
            except Exception as e:
                bare.append(f"{name}({value!r}): {type(e).__name__}: {e}")
    assert bare == []


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: op(5), InvalidDefinitionError, "@op decorates a function, got 5"),
        (lambda: job("x"), InvalidDefinitionError, "@job decorates a function, got 'x'"),
        (lambda: asset(str), InvalidDefinitionError, "@asset decorates a function, got <class"),
        (lambda: Output(1, metadata=5), CheckError, 'Param "metadata" is not a Mapping'),
        (lambda: RunRequest(run_config=5), CheckError, 'Param "run_config" is not a Mapping'),
        (lambda: define_asset_job("j", tags=5), CheckError, 'Param "tags" is not a Mapping'),
        (
            lambda: DailyPartitionsDefinition("2024-01-01", exclusions=5),
            CheckError,
            'Param "exclusions" is not a list',
        ),
        (
            lambda: TimeWindowPartitionsDefinition(start="2024-01-01", fmt="%Y", schedule_type=5),
            CheckError,
            'Param "schedule_type" is not a ScheduleType (HOURLY, DAILY, WEEKLY, MONTHLY). Got 5',
        ),
        (lambda: tick(None, instance=None), CheckError, 'Param "definitions" is not a Definitions'),
        (lambda: validate_run_config(None), CheckError, 'Param "job_def" is not a JobDefinition'),
        (
            lambda: ScheduleDefinition(job_name="", cron_schedule="@daily"),
            CheckError,
            "needs a job, target or job_name",
        ),
    ],
)
def test_the_error_names_the_parameter_and_value(call: Any, error: type, words: str) -> None:
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value)


def test_what_the_checks_still_accept() -> None:
    """The reference's accepted forms keep working: a RunConfig-like object, a generator of
    subset keys, a definitions reference by module path, no metadata at all."""
    assert DefaultPartitionsSubset(k for k in ["a"]).get_partition_keys() == {"a"}
    assert RunRequest(run_config={"ops": {}}, tags={"t": "1"}).tags == {"t": "1"}
    assert Output(1, metadata=None).metadata == {}
    assert validate_run_config(one_job) == validate_run_config(one_job, {})


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_limits_past_any_count_or_negative_mean_no_limit(backend: str, tmp_path: Any) -> None:
    """Was a StorageError calling the database "damaged" (SQLite cannot hold 10**23), and -1
    meant "all" on SQLite but "all but the last" in memory."""
    from partwise import Instance, materialize

    instance = Instance.ephemeral() if backend == "memory" else Instance.local(tmp_path)
    for key in ["2024-01-01", "2024-01-02", "2024-01-03"]:
        materialize([daily_asset], partition_key=key, instance=instance)
    assert len(instance.get_runs(limit=10**23)) == len(instance.get_runs(limit=-1)) == 3
    assert len(instance.get_runs(limit=2)) == 2
    events = instance.get_event_records(limit=10**23)
    assert len(events) == len(instance.get_event_records()) > 3


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_instance_methods_raise_only_partwise_errors(
    backend: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every public Instance method × bad values on both backends (was 66 kinds of bare
    OverflowError — SQLite cannot hold 10**30 —, TypeError and AttributeError)."""
    import inspect

    from partwise import Instance

    monkeypatch.chdir(tmp_path)  # Instance.from_config(" ") makes folders where it stands
    instance = Instance.ephemeral() if backend == "memory" else Instance.local(tmp_path / "i")
    skip = {"close", "dispose", "wipe", "get", "local", "mark_abandoned_runs_failed"}
    bare = []
    for name in [n for n in dir(instance) if not n.startswith("_") and n not in skip]:
        method = getattr(instance, name)
        if not callable(method):
            continue
        params = [
            p
            for p in inspect.signature(method).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        for param in params:
            for value in [*BAD_VALUES, 10**30, [None], "\x00"]:
                args = {
                    q.name: value if q is param else "x" if q.default is q.empty else q.default
                    for q in params
                }
                try:
                    method(**args)
                except (PartwiseError, NotImplementedError):
                    pass
                except Exception as e:
                    bare.append(f"{name}({param.name}={value!r}): {type(e).__name__}: {e}")
    assert bare == []


@pytest.mark.parametrize(
    "call",
    [
        lambda: DailyPartitionsDefinition("9999-12-01").time_window_for_partition_key("9999-12-31"),
        lambda: DailyPartitionsDefinition("2024-01-01", end_offset=10**9).get_partition_keys(),
        lambda: (
            TimeWindowPartitionMapping(start_offset=-(10**9))
            .get_upstream_mapped_partitions_result_for_partitions(
                DAYS.subset_with_partition_keys(["2024-01-02"]), DAYS, DAYS
            )
            .partitions_subset.get_partition_keys()
        ),
        lambda: HourlyPartitionsDefinition("9999-12-31-00:00").time_window_for_partition_key(
            "9999-12-31-23:00"
        ),
    ],
    ids=["window-of-the-last-day", "end-offset", "mapping-offset", "last-hour"],
)
def test_positions_past_the_calendar_are_a_check_error(call: Any) -> None:
    """Was a bare ``ValueError: year 10000 is out of range`` / ``ordinal must be >= 1`` (the
    reference raises a bare OverflowError)."""
    with pytest.raises(CheckError, match="beyond the calendar"):
        call()
