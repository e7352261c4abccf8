"""A project whose partitioned config is wrong for some days: two bad types, one raising day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partwise import Config, Definitions, daily_partitioned_config, job, op


class DayConfig(Config):
    day: str


@op
def load(config: DayConfig) -> str:
    return config.day


@daily_partitioned_config(start_date=dt.datetime(2024, 1, 1), end_offset=0)
def day_config(start: dt.datetime, _end: dt.datetime) -> dict[str, Any]:
    day: Any = start.day if start.day in (6, 7) else start.strftime("%Y-%m-%d")
    if start.day == 9:
        raise RuntimeError("no config on the 9th")
    return {"ops": {"load": {"config": {"day": day}}}}


@job(config=day_config)
def load_job() -> None:
    load()


defs = Definitions(jobs=[load_job])
