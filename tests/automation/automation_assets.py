"""Module-level assets for the backfill tests that run in worker processes (they must import them)."""

from __future__ import annotations

from typing import Any

from partwise import DailyPartitionsDefinition, Definitions, asset, define_asset_job

DAILY = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-02-01")


@asset(partitions_def=DAILY)
def raw(context: Any) -> str:
    return str(context.partition_key)


@asset(partitions_def=DAILY)
def clean(context: Any, raw: str) -> str:
    if context.partition_key == "2022-01-05":
        raise ValueError("bad day")
    return raw.upper()


both_job = define_asset_job("both_job", selection=[raw, clean])
defs = Definitions(assets=[raw, clean], jobs=[both_job])
