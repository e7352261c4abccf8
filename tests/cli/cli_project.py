"""The command-line tests' project: ten daily partitions, a failing asset, a config job, a sensor."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from partwise import (
    Config,
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    RunRequest,
    SensorResult,
    SkipReason,
    asset,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    define_asset_job,
    job,
    op,
    sensor,
)

DAYS = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-11")
FILES = DynamicPartitionsDefinition(name="files")
BAD_DAYS = {"2024-01-03", "2024-01-04", "2024-01-08"}
DROP_DIR = Path(os.environ.get("PARTWISE_DROP_DIR", "drop"))


@asset(partitions_def=DAYS)
def raw(context: Any) -> str:
    return str(context.partition_key)


@asset(partitions_def=DAYS)
def clean(raw: str) -> str:
    return raw.upper()


@asset(partitions_def=DAYS)
def flaky(context: Any) -> str:
    if context.partition_key in BAD_DAYS:
        raise ValueError(f"no data for {context.partition_key}")
    return "ok"


@asset
def settings() -> dict[str, int]:
    return {"retries": 2}


@asset(partitions_def=FILES)
def uploaded(context: Any) -> int:
    return len((DROP_DIR / context.partition_key).read_text())


class ReportConfig(Config):
    day: str
    rows: int = 10


@op
def report(config: ReportConfig) -> str:
    return f"{config.day}:{config.rows}"


@daily_partitioned_config(start_date=dt.datetime(2024, 1, 1), end_offset=0)
def report_config(start: dt.datetime, _end: dt.datetime) -> dict[str, Any]:
    return {"ops": {"report": {"config": {"day": start.strftime("%Y-%m-%d")}}}}


@job(config=report_config)
def report_job() -> None:
    report()


pipeline_job = define_asset_job("pipeline_job", selection=["raw", "clean"])
flaky_job = define_asset_job("flaky_job", selection=["flaky"])
uploads_job = define_asset_job("uploads_job", selection=["uploaded"])
pipeline_schedule = build_schedule_from_partitioned_job(pipeline_job, hour_of_day=3)


@sensor(job=uploads_job)
def drop_sensor(context: Any) -> SensorResult | SkipReason:
    files = sorted(p.name for p in DROP_DIR.glob("*.csv")) if DROP_DIR.is_dir() else []
    new = [f for f in files if not context.instance.has_dynamic_partition("files", f)]
    if not new:
        return SkipReason("no new files")
    return SensorResult(
        run_requests=[RunRequest(partition_key=f, run_key=f) for f in new],
        dynamic_partitions_requests=[FILES.build_add_request(new)],
    )


defs = Definitions(
    assets=[raw, clean, flaky, uploaded, settings],
    jobs=[pipeline_job, flaky_job, uploads_job, report_job],
    schedules=[pipeline_schedule],
    sensors=[drop_sensor],
)
