"""A small, realistic partitioned project: daily weather observations and their summaries.

* ``observations``      hourly readings of four regions, one partition per day;
* ``daily_summary``     per-region statistics of each day (same partitions: identity mapping);
* ``weekly_summary``    per-region statistics of each week (reads its 7 daily partitions);
* ``regional_extremes`` the day's extremes, partitioned by date × region (a multi partition);
* ``uploaded_readings`` one partition per CSV file dropped into ``$PARTWISE_DROP_DIR``, added by
  ``upload_sensor`` (dynamic partitions);
* ``report_job``        an op job whose run config comes from the day (a ``PartitionedConfig``).

The data is synthetic but deterministic, so every run gives the same numbers. Try:
``partwise backfill examples/weather.py --select observations,daily_summary,weekly_summary,regional_extremes --all``
then ``partwise status examples/weather.py``; ``partwise config examples/weather.py --job report_job
--partition 2024-03-01`` shows a day's run config and ``partwise validate examples/weather.py``
checks every day's.
"""

from __future__ import annotations

import os
import random
import zlib
from pathlib import Path
from typing import Any

import pandas as pd

from partwise import (
    Config,
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    MultiPartitionsDefinition,
    PandasIOManager,
    PartitionedConfig,
    RunRequest,
    SensorResult,
    SkipReason,
    StaticPartitionsDefinition,
    WeeklyPartitionsDefinition,
    asset,
    build_schedule_from_partitioned_job,
    define_asset_job,
    job,
    op,
    sensor,
)

REGIONS = ["north", "south", "east", "west"]
daily = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-04-01")
weekly = WeeklyPartitionsDefinition(start_date="2024-01-07", end_date="2024-03-31")
region_by_day = MultiPartitionsDefinition(
    {"date": daily, "region": StaticPartitionsDefinition(REGIONS)}
)
uploads = DynamicPartitionsDefinition(name="uploads")
DROP_DIR = Path(os.environ.get("PARTWISE_DROP_DIR", Path(__file__).parent / "drop"))


@asset(partitions_def=daily, group_name="weather")
def observations(context: Any) -> pd.DataFrame:
    """Hourly temperature and rain of every region on the partition's day."""
    window = context.partition_time_window
    rng = random.Random(zlib.crc32(context.partition_key.encode()))
    hours = pd.date_range(window.start, window.end, freq="h", inclusive="left")
    rows = [
        {
            "time": t,
            "region": region,
            "temperature_c": round(8 + 6 * rng.random() + (t.hour - 12) * 0.4 * rng.random(), 1),
            "rain_mm": round(max(0.0, rng.gauss(0.0, 1.2)), 1),
        }
        for t in hours
        for region in REGIONS
    ]
    return pd.DataFrame(rows)


@asset(partitions_def=daily, group_name="weather")
def daily_summary(observations: pd.DataFrame) -> pd.DataFrame:
    """Per-region minimum, maximum and mean temperature, and total rain, of one day."""
    day = observations["time"].iloc[0].date().isoformat()
    stats = observations.groupby("region").agg(
        t_min=("temperature_c", "min"),
        t_max=("temperature_c", "max"),
        t_mean=("temperature_c", "mean"),
        rain_mm=("rain_mm", "sum"),
    )
    return stats.reset_index().assign(date=day)


@asset(partitions_def=weekly, group_name="weather")
def weekly_summary(daily_summary: pd.DataFrame) -> pd.DataFrame:
    """Per-region statistics of a week, from its seven daily summaries (loaded as one frame)."""
    return (
        daily_summary.groupby("region")
        .agg(t_min=("t_min", "min"), t_max=("t_max", "max"), rain_mm=("rain_mm", "sum"))
        .reset_index()
    )


@asset(partitions_def=region_by_day, group_name="weather")
def regional_extremes(context: Any, observations: pd.DataFrame) -> pd.DataFrame:
    """The hottest and coldest hour of one region on one day."""
    region = context.partition_key.keys_by_dimension["region"]
    mine = observations[observations["region"] == region]
    hottest, coldest = (
        mine.loc[mine["temperature_c"].idxmax()],
        mine.loc[mine["temperature_c"].idxmin()],
    )
    return pd.DataFrame([hottest, coldest]).assign(kind=["hottest", "coldest"])


@asset(partitions_def=uploads, group_name="uploads")
def uploaded_readings(context: Any) -> pd.DataFrame:
    """A CSV file of readings that someone dropped into the drop directory."""
    return pd.read_csv(DROP_DIR / context.partition_key)


class ReportConfig(Config):
    """Which day the daily report covers, and in which unit."""

    day: str
    unit: str = "celsius"


@op
def daily_report(context: Any, config: ReportConfig) -> None:
    """Log the report's headline (a real project would send it somewhere)."""
    context.log.info(f"Weather report for {config.day}, temperatures in {config.unit}")


def report_run_config(partition_key: str) -> dict[str, Any]:
    """The run config of one day's report."""
    return {"ops": {"daily_report": {"config": {"day": partition_key}}}}


@job(config=PartitionedConfig(daily, run_config_for_partition_key_fn=report_run_config))
def report_job() -> None:
    daily_report()


daily_job = define_asset_job("daily_job", selection=["observations", "daily_summary"])
uploads_job = define_asset_job("uploads_job", selection=["uploaded_readings"])
daily_schedule = build_schedule_from_partitioned_job(daily_job, hour_of_day=1)


@sensor(job=uploads_job, minimum_interval_seconds=30)
def upload_sensor(context: Any) -> SensorResult | SkipReason:
    """Add a partition for every new CSV file in the drop directory and run it."""
    files = sorted(p.name for p in DROP_DIR.glob("*.csv")) if DROP_DIR.is_dir() else []
    new = [f for f in files if not context.instance.has_dynamic_partition("uploads", f)]
    if not new:
        return SkipReason(f"no new files in {DROP_DIR}")
    return SensorResult(
        run_requests=[RunRequest(partition_key=f, run_key=f) for f in new],
        dynamic_partitions_requests=[uploads.build_add_request(new)],
    )


defs = Definitions(
    assets=[observations, daily_summary, weekly_summary, regional_extremes, uploaded_readings],
    jobs=[daily_job, uploads_job, report_job],
    schedules=[daily_schedule],
    sensors=[upload_sensor],
    resources={"io_manager": PandasIOManager()},
)
