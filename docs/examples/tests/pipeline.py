"""A small partitioned pipeline that the testing guide's examples test.

Daily orders are loaded per day and summed into daily revenue; a weekly report reads the seven
days of its week, and revenue in dollars reads the day's exchange rates. A job loads one day's files with run config computed from the partition.
"""

from __future__ import annotations

from typing import Any

import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2025-01-01")
weekly = pw.WeeklyPartitionsDefinition(start_date="2024-01-01", end_date="2025-01-01")
regions = pw.StaticPartitionsDefinition(["eu", "us", "apac"])
daily_by_region = pw.MultiPartitionsDefinition({"date": daily, "region": regions})


@pw.asset(partitions_def=daily)
def raw_orders(context: pw.AssetExecutionContext) -> list[dict[str, Any]]:
    """Three orders a day; amounts grow with the day of the month."""
    day = context.partition_time_window.start.day
    return [{"day": context.partition_key, "amount": day * n} for n in (1, 2, 3)]


@pw.asset(partitions_def=daily)
def daily_revenue(raw_orders: list[dict[str, Any]]) -> int:
    return sum(order["amount"] for order in raw_orders)


@pw.asset(partitions_def=weekly)
def weekly_report(daily_revenue: dict[str, int]) -> dict[str, int]:
    """A weekly partition reads its seven daily partitions (a dict keyed by day)."""
    return {"days": len(daily_revenue), "revenue": sum(daily_revenue.values())}


rates_daily = pw.DailyPartitionsDefinition(start_date="2024-02-01", end_date="2025-01-01")


@pw.asset(partitions_def=rates_daily)
def exchange_rates(context: pw.AssetExecutionContext) -> float:
    """The rates provider's history starts on 2024-02-01."""
    return 1.1


@pw.asset(partitions_def=daily)
def revenue_usd(daily_revenue: int, exchange_rates: float) -> float:
    """Daily revenue in dollars. (January has no rates: the guide's CI-validation example
    catches that.)"""
    return daily_revenue * exchange_rates


@pw.asset(partitions_def=daily_by_region)
def regional_orders(context: pw.AssetExecutionContext) -> str:
    keys = context.partition_key.keys_by_dimension
    return f"{keys['region']}:{keys['date']}"


@pw.op(config_schema={"path": str, "limit": int})
def load_files(context: pw.OpExecutionContext) -> str:
    return str(context.op_config["path"])


@pw.daily_partitioned_config(start_date="2024-01-01")
def load_config(start: Any, end: Any) -> dict[str, Any]:
    day = start.strftime("%Y-%m-%d")
    return {"ops": {"load_files": {"config": {"path": f"s3://orders/{day}.csv", "limit": 1000}}}}


@pw.job(config=load_config)
def load_job() -> None:
    load_files()


nightly = pw.build_schedule_from_partitioned_job(load_job, hour_of_day=2)
revenue_job = pw.define_asset_job("revenue_job", selection=[raw_orders, daily_revenue])

defs = pw.Definitions(
    assets=[raw_orders, daily_revenue, weekly_report, exchange_rates, revenue_usd, regional_orders],
    jobs=[load_job, revenue_job],
    schedules=[nightly],
)
