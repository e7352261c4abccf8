"""The partitions guide's examples, rewritten as tests of the reference's observable results.

Each test follows one example of the guide in our own code: same definitions and calls, with the
files, paths, loaded values, tags and keys the reference produces. Network downloads are replaced
by local files. Schedule and sensor examples run once those APIs exist (issue 4).
"""

from __future__ import annotations

import csv
import pickle
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import partwise
from partwise import (
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetSelection,
    Config,
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    OpExecutionContext,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    asset,
    daily_partitioned_config,
    define_asset_job,
    job,
    materialize,
    op,
    static_partitioned_config,
    validate_run_config,
)

needs_automation = pytest.mark.skipif(
    not hasattr(partwise, "build_schedule_from_partitioned_job"),
    reason="schedules and sensors arrive with issue 4",
)


@pytest.fixture
def instance(tmp_path: Path) -> Any:
    with Instance.local(tmp_path / "home") as inst:
        yield inst


def storage(instance: Any, *parts: str) -> Path:
    return Path(instance.root_directory, "storage", *parts)


# -- Defining partitioned assets ----------------------------------------------------------------


def test_daily_asset_writes_its_own_file(tmp_path: Path, instance: Any) -> None:
    """A daily asset reads its key from the context and writes ``observations/<key>.csv``."""
    source = tmp_path / "feed"
    source.mkdir()
    (source / "2022-07-23.csv").write_text("hour,temp\n0,18\n1,17\n")
    target = tmp_path / "observations"
    target.mkdir()

    @asset(partitions_def=DailyPartitionsDefinition(start_date="2022-01-01"))
    def weather_observations(context: AssetExecutionContext) -> None:
        day = context.asset_partition_key_for_output()
        (target / f"{day}.csv").write_bytes((source / f"{day}.csv").read_bytes())

    result = materialize([weather_observations], partition_key="2022-07-23", instance=instance)
    assert result.success
    assert (target / "2022-07-23.csv").read_text().startswith("hour,temp")
    assert not storage(instance, "weather_observations").exists()  # ``-> None``: nothing pickled


def test_daily_asset_stored_by_the_default_io_manager(tmp_path: Path, instance: Any) -> None:
    """A returned DataFrame is pickled by the default I/O manager at ``<asset>/<key>``."""
    feed = tmp_path / "2022-07-23.csv"
    with feed.open("w", newline="") as f:
        csv.writer(f).writerows([["city", "rain_mm"], ["Oslo", 3], ["Lima", 0]])

    @asset(partitions_def=DailyPartitionsDefinition(start_date="2022-01-01"))
    def daily_rain(context: AssetExecutionContext) -> pd.DataFrame:
        return pd.read_csv(tmp_path / f"{context.asset_partition_key_for_output()}.csv")

    materialize([daily_rain], partition_key="2022-07-23", instance=instance)
    with storage(instance, "daily_rain", "2022-07-23").open("rb") as f:
        frame = pickle.load(f)
    assert list(frame["city"]) == ["Oslo", "Lima"]


# -- Multi-dimensional partitions ---------------------------------------------------------------

COLOR_BY_DAY = MultiPartitionsDefinition(
    {
        "date": DailyPartitionsDefinition(start_date="2022-01-01"),
        "color": StaticPartitionsDefinition(["red", "yellow", "blue"]),
    }
)


def test_multi_partition_keys_combine_every_color_and_date() -> None:
    """Every (color, date) pair is a key, spelled ``color|date`` (dimensions sorted by name)."""
    keys = COLOR_BY_DAY.get_partition_keys(current_time=datetime(2022, 1, 3))
    assert keys == [
        "red|2022-01-01",
        "red|2022-01-02",
        "yellow|2022-01-01",
        "yellow|2022-01-02",
        "blue|2022-01-01",
        "blue|2022-01-02",
    ]


def test_multi_partitioned_asset_materializes_one_combination(instance: Any) -> None:
    """Materializing a ``MultiPartitionKey`` gives the asset that key, split by dimension."""
    seen: dict[str, str] = {}

    @asset(partitions_def=COLOR_BY_DAY)
    def multi_partitions_asset(context: AssetExecutionContext) -> str:
        seen.update(context.partition_key.keys_by_dimension)
        return f"{seen['color']} on {seen['date']}"

    result = materialize(
        [multi_partitions_asset],
        partition_key=MultiPartitionKey({"date": "2022-01-01", "color": "red"}),
        instance=instance,
    )
    assert seen == {"date": "2022-01-01", "color": "red"}
    assert result.dagster_run.tags["dagster/partition"] == "red|2022-01-01"
    assert result.dagster_run.tags["dagster/partition/color"] == "red"
    assert result.dagster_run.tags["dagster/partition/date"] == "2022-01-01"
    with storage(instance, "multi_partitions_asset", "red", "2022-01-01").open("rb") as f:
        assert pickle.load(f) == "red on 2022-01-01"


# -- Dynamic partitions -------------------------------------------------------------------------

IMAGES = DynamicPartitionsDefinition(name="images")


@asset(partitions_def=IMAGES)
def images(context: AssetExecutionContext) -> str:
    return f"processed {context.partition_key}"


IMAGES_JOB = define_asset_job("images_job", AssetSelection.keys("images"), partitions_def=IMAGES)


def test_dynamic_partitions_are_added_then_materialized(instance: Any) -> None:
    """Keys added to the instance become partitions the images job can run."""
    instance.add_dynamic_partitions("images", ["cat.png", "dog.png"])
    assert IMAGES.get_partition_keys(dynamic_partitions_store=instance) == ["cat.png", "dog.png"]
    images_job = Definitions(assets=[images], jobs=[IMAGES_JOB]).get_job_def("images_job")
    result = images_job.execute_in_process(partition_key="dog.png", instance=instance)
    assert result.output_for_node("images") == "processed dog.png"
    assert result.dagster_run.tags["dagster/partition"] == "dog.png"
    assert storage(instance, "images", "dog.png").is_file()


def test_dynamic_partition_membership_deduplicates_new_files(instance: Any) -> None:
    """``has_dynamic_partition`` tells which landed files are new, as the guide's sensor does."""
    instance.add_dynamic_partitions("images", ["a.png"])
    landed = ["a.png", "b.png", "c.png"]
    new = [f for f in landed if not instance.has_dynamic_partition(IMAGES.name, f)]
    assert new == ["b.png", "c.png"]
    instance.add_dynamic_partitions(IMAGES.name, new)
    assert instance.get_dynamic_partitions("images") == landed


@needs_automation
def test_image_sensor_requests_runs_for_new_files(instance: Any) -> None:
    """The guide's sensor adds new keys and requests one run per new file."""
    from partwise import RunRequest, SensorResult, build_sensor_context, sensor  # type: ignore[attr-defined]

    landed = ["a.png", "b.png"]

    @sensor(job=IMAGES_JOB)
    def image_sensor(context: Any) -> Any:
        new = [f for f in landed if not context.instance.has_dynamic_partition(IMAGES.name, f)]
        return SensorResult(
            run_requests=[RunRequest(partition_key=f) for f in new],
            dynamic_partitions_requests=[IMAGES.build_add_request(new)],
        )

    instance.add_dynamic_partitions("images", ["a.png"])
    result = image_sensor(build_sensor_context(instance=instance))
    assert [r.partition_key for r in result.run_requests] == ["b.png"]
    (request,) = result.dynamic_partitions_requests
    assert request.partitions_def_name == "images"
    assert list(request.partition_keys) == ["b.png"]


# -- Partition dependencies ---------------------------------------------------------------------


def test_daily_over_hourly_depends_on_24_hours(instance: Any) -> None:
    """By default a daily partition reads the 24 hourly partitions of its day."""

    @asset(partitions_def=HourlyPartitionsDefinition(start_date="2022-04-01-00:00"))
    def hourly_counts(context: AssetExecutionContext) -> int:
        return int(context.partition_key[-5:-3])

    @asset(partitions_def=DailyPartitionsDefinition(start_date="2022-04-01"))
    def daily_total(context: AssetExecutionContext, hourly_counts: dict[str, int]) -> int:
        assert context.asset_partition_key_range_for_input("hourly_counts").start == (
            "2022-04-12-00:00"
        )
        return sum(hourly_counts.values())

    for hour in range(24):
        materialize([hourly_counts], partition_key=f"2022-04-12-{hour:02d}:00", instance=instance)
    result = materialize(
        [hourly_counts, daily_total],
        partition_key="2022-04-12",
        instance=instance,
        selection=[daily_total],
    )
    assert result.output_for_node("daily_total") == sum(range(24))


EVENTS_DEF = DailyPartitionsDefinition(start_date="2023-01-21")


@asset(partitions_def=EVENTS_DEF)
def events(context: AssetExecutionContext) -> list[str]:
    return [f"event-{context.partition_key}"]


@asset(
    partitions_def=EVENTS_DEF,
    ins={
        "events": AssetIn(
            partition_mapping=TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
        )
    },
)
def yesterday_event_stats(events: list[str]) -> int:
    return len(events)


def test_prior_day_mapping_reads_yesterday(instance: Any) -> None:
    """With offsets (-1, -1) partition D reads the upstream partition of D-1."""
    materialize([events], partition_key="2023-01-21", instance=instance)
    seen: list[Any] = []

    @asset(
        name="yesterday_event_stats",
        partitions_def=EVENTS_DEF,
        ins={
            "events": AssetIn(
                partition_mapping=TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
            )
        },
    )
    def capture(context: AssetExecutionContext, events: list[str]) -> int:
        seen.append((context.asset_partition_keys_for_input("events"), events))
        return len(events)

    materialize(
        [events, capture], partition_key="2023-01-22", instance=instance, selection=[capture]
    )
    assert seen == [(["2023-01-21"], ["event-2023-01-21"])]
    assert yesterday_event_stats.get_partition_mapping("events").start_offset == -1


def test_prior_day_mapping_first_partition_reads_nothing(instance: Any) -> None:
    """The first partition has no yesterday: its input is ``None``."""
    seen: list[Any] = []

    @asset(
        name="yesterday_event_stats",
        partitions_def=EVENTS_DEF,
        ins={
            "events": AssetIn(
                partition_mapping=TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
            )
        },
    )
    def capture(events: Any) -> int:
        seen.append(events)
        return 0

    materialize(
        [events, capture], partition_key="2023-01-21", instance=instance, selection=[capture]
    )
    assert seen == [None]


# -- Partitioned asset jobs ---------------------------------------------------------------------

HOURLY_DEF = HourlyPartitionsDefinition(start_date="2022-05-31-00:00")


@asset(partitions_def=HOURLY_DEF)
def asset1(context: AssetExecutionContext) -> str:
    return context.partition_key


@asset(partitions_def=HOURLY_DEF)
def asset2(asset1: str) -> str:
    return f"after {asset1}"


def test_partitioned_asset_job_materializes_one_hour_of_both(instance: Any) -> None:
    """The asset job infers hourly partitions and materializes one hour of both assets."""
    partitioned_asset_job = define_asset_job(
        "partitioned_job", selection=AssetSelection.assets(asset1, asset2)
    )
    defs = Definitions(assets=[asset1, asset2], jobs=[partitioned_asset_job])
    resolved = defs.get_job_def("partitioned_job")
    assert resolved.partitions_def == HOURLY_DEF
    result = resolved.execute_in_process(partition_key="2022-05-31-07:00", instance=instance)
    assert result.output_for_node("asset2") == "after 2022-05-31-07:00"
    assert result.dagster_run.tags == {
        "dagster/partition": "2022-05-31-07:00",
        "dagster/partition_set": "partitioned_job_partition_set",
    }
    assert storage(instance, "asset1", "2022-05-31-07:00").is_file()
    assert storage(instance, "asset2", "2022-05-31-07:00").is_file()


# -- Non-asset jobs: date config, partitioned config --------------------------------------------


class ProcessDateConfig(Config):
    date: str


@op
def process_data_for_date(context: OpExecutionContext, config: ProcessDateConfig) -> str:
    context.log.info("processing data for %s", config.date)
    return config.date


@job
def do_stuff() -> None:
    process_data_for_date()


@daily_partitioned_config(start_date=datetime(2020, 1, 1))
def my_partitioned_config(start: datetime, _end: datetime) -> dict[str, Any]:
    return {"ops": {"process_data_for_date": {"config": {"date": start.strftime("%Y-%m-%d")}}}}


@job(config=my_partitioned_config)
def do_stuff_partitioned() -> None:
    process_data_for_date()


def test_unpartitioned_job_takes_the_date_as_config() -> None:
    """The plain job runs for any date given in its run config."""
    result = do_stuff.execute_in_process(
        run_config={"ops": {"process_data_for_date": {"config": {"date": "2020-05-05"}}}}
    )
    assert result.output_for_node("process_data_for_date") == "2020-05-05"


def test_partitioned_job_generates_config_per_date() -> None:
    """The partitioned job derives the date config from the partition key."""
    result = do_stuff_partitioned.execute_in_process(partition_key="2020-01-01")
    assert result.success
    assert result.output_for_node("process_data_for_date") == "2020-01-01"
    assert result.dagster_run.run_config == {
        "ops": {"process_data_for_date": {"config": {"date": "2020-01-01"}}}
    }
    assert result.dagster_run.tags["dagster/partition"] == "2020-01-01"


def test_partitioned_job_partitions_span_from_start_date() -> None:
    """The daily config defines one partition per day since its start."""
    keys = do_stuff_partitioned.partitions_def.get_partition_keys(current_time=datetime(2020, 1, 4))
    assert keys == ["2020-01-01", "2020-01-02", "2020-01-03"]


CONTINENTS = [
    "Africa",
    "Antarctica",
    "Asia",
    "Europe",
    "North America",
    "Oceania",
    "South America",
]


@static_partitioned_config(partition_keys=CONTINENTS)
def continent_config(partition_key: str) -> dict[str, Any]:
    return {"ops": {"continent_op": {"config": {"continent_name": partition_key}}}}


class ContinentOpConfig(Config):
    continent_name: str


@op
def continent_op(context: OpExecutionContext, config: ContinentOpConfig) -> str:
    return config.continent_name


@job(config=continent_config)
def continent_job() -> None:
    continent_op()


@pytest.mark.parametrize("continent", CONTINENTS)
def test_static_partitioned_job_runs_each_continent(continent: str) -> None:
    """Each continent is a partition whose config names it."""
    result = continent_job.execute_in_process(partition_key=continent)
    assert result.output_for_node("continent_op") == continent
    assert result.dagster_run.tags["dagster/partition_set"] == "continent_job_partition_set"


def test_static_partitioned_job_keys_keep_declared_order() -> None:
    """The job's partitions are the continents in the order given."""
    assert continent_job.partitions_def.get_partition_keys() == CONTINENTS


# -- Schedules ----------------------------------------------------------------------------------


@needs_automation
def test_schedule_from_partitioned_job_runs_daily() -> None:
    """A schedule built from the daily job ticks daily and is named after the job."""
    from partwise import build_schedule_from_partitioned_job  # type: ignore[attr-defined]

    schedule = build_schedule_from_partitioned_job(do_stuff_partitioned)
    assert schedule.cron_schedule == "0 0 * * *"
    assert schedule.name == "do_stuff_partitioned_schedule"


@needs_automation
def test_static_schedules_yield_run_requests_per_continent() -> None:
    """A schedule over the continent job can request every continent or just one."""
    from partwise import RunRequest, schedule  # type: ignore[attr-defined]

    @schedule(cron_schedule="0 0 * * *", job=continent_job)
    def continent_schedule() -> Any:
        for c in CONTINENTS:
            yield RunRequest(run_key=c, partition_key=c)

    @schedule(cron_schedule="0 0 * * *", job=continent_job)
    def antarctica_schedule() -> Any:
        return RunRequest(partition_key="Antarctica")

    requests = list(continent_schedule())
    assert [(r.run_key, r.partition_key) for r in requests] == [(c, c) for c in CONTINENTS]
    assert antarctica_schedule().partition_key == "Antarctica"


# -- Testing partitioned config and jobs --------------------------------------------------------


def test_partitioned_config_is_directly_invocable_and_valid() -> None:
    """Calling the partitioned config runs the function; its output validates against the job."""
    run_config = my_partitioned_config(datetime(2020, 1, 3), datetime(2020, 1, 4))
    assert run_config == {"ops": {"process_data_for_date": {"config": {"date": "2020-01-03"}}}}
    assert validate_run_config(do_stuff_partitioned, run_config)


@daily_partitioned_config(start_date=datetime(2020, 1, 1), minute_offset=15)
def my_offset_partitioned_config(start: datetime, _end: datetime) -> dict[str, Any]:
    return {
        "ops": {
            "process_data": {
                "config": {
                    "start": start.strftime("%Y-%m-%d-%H:%M"),
                    "end": _end.strftime("%Y-%m-%d-%H:%M"),
                }
            }
        }
    }


class ProcessDataConfig(Config):
    start: str
    end: str


@op
def process_data(context: OpExecutionContext, config: ProcessDataConfig) -> tuple[str, str]:
    return config.start, config.end


@job(config=my_offset_partitioned_config)
def do_more_stuff_partitioned() -> None:
    process_data()


def test_offset_partitioned_config_keys_and_config() -> None:
    """Offset partitions keep date keys while the config carries the 00:15 window bounds."""
    keys = my_offset_partitioned_config.get_partition_keys()
    assert keys[0] == "2020-01-01"
    assert keys[1] == "2020-01-02"
    run_config = my_offset_partitioned_config.get_run_config_for_partition_key(keys[0])
    assert validate_run_config(do_more_stuff_partitioned, run_config)
    assert run_config == {
        "ops": {
            "process_data": {"config": {"start": "2020-01-01-00:15", "end": "2020-01-02-00:15"}}
        }
    }


def test_offset_partitioned_job_runs_a_partition() -> None:
    """Running a partition of the offset job feeds the window bounds to the op."""
    result = do_more_stuff_partitioned.execute_in_process(partition_key="2020-01-01")
    assert result.output_for_node("process_data") == ("2020-01-01-00:15", "2020-01-02-00:15")


def test_do_stuff_partitioned_in_process() -> None:
    """The guide's one-line test: running a partition in process succeeds."""
    assert do_stuff_partitioned.execute_in_process(partition_key="2020-01-01").success


def test_materialized_partitions_are_visible_on_the_instance(instance: Any) -> None:
    """After materializing, the instance lists the partition (the UI's green bar)."""
    materialize([events], partition_key="2023-01-25", instance=instance)
    assert instance.get_materialized_partitions(AssetKey("events")) == {"2023-01-25"}
