"""Composition: graphs with partitioned config and a schedule, multi-assets, graph assets, checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from partwise import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetIn,
    AssetOut,
    AssetSpec,
    DailyPartitionsDefinition,
    MaterializeResult,
    OpExecutionContext,
    Out,
    StaticPartitionsDefinition,
    asset,
    asset_check,
    build_schedule_context,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    graph,
    graph_asset,
    materialize_to_memory,
    multi_asset,
    op,
)

# -- a graph made into a partitioned job, and its schedule ---------------------------------------


@op(config_schema={"day": str}, out={"orders": Out(), "refunds": Out()})
def fetch(context: OpExecutionContext) -> tuple[list[int], list[int]]:
    day = context.op_config["day"]
    return [10, 20, 30], [5] if day.endswith("5") else []


@op
def net(orders: list[int], refunds: list[int]) -> int:
    return sum(orders) - sum(refunds)


@graph
def daily_revenue() -> Any:
    orders, refunds = fetch()
    return net(orders, refunds)


@daily_partitioned_config(start_date="2024-01-01")
def revenue_config(start: dt.datetime, _end: dt.datetime) -> dict[str, Any]:
    return {"ops": {"fetch": {"config": {"day": start.strftime("%Y-%m-%d")}}}}


revenue_job = daily_revenue.to_job(name="revenue_job", config=revenue_config)
revenue_schedule = build_schedule_from_partitioned_job(revenue_job)

result = revenue_job.execute_in_process(partition_key="2024-03-05")
assert result.output_value() == 55  # the graph's own output: net(...)
assert result.output_for_node("fetch", "refunds") == [5]

tick = revenue_schedule.evaluate_tick(
    build_schedule_context(scheduled_execution_time=dt.datetime(2024, 3, 6))
)
assert [r.partition_key for r in tick.run_requests] == ["2024-03-05"]

# -- a multi-asset: one function, several assets ------------------------------------------------

daily = DailyPartitionsDefinition(start_date="2024-01-01")


@multi_asset(
    outs={"orders": AssetOut(), "refunds": AssetOut(key_prefix="finance")},
    partitions_def=daily,
)
def split_sales(context: AssetExecutionContext) -> tuple[str, str]:
    return f"orders {context.partition_key}", f"refunds {context.partition_key}"


@asset(partitions_def=daily, ins={"refunds": AssetIn(key=["finance", "refunds"])})
def sales_report(orders: str, refunds: str) -> str:
    return f"{orders} / {refunds}"


result = materialize_to_memory([split_sales, sales_report], partition_key="2024-03-05")
assert result.asset_value("sales_report") == "orders 2024-03-05 / refunds 2024-03-05"


# With specs and can_subset=True the function materializes only what the run selected.
@multi_asset(specs=[AssetSpec("users"), AssetSpec("accounts", deps=["users"])], can_subset=True)
def sync(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
    for key in sorted(context.selected_asset_keys, key=lambda k: k.to_user_string() != "users"):
        yield MaterializeResult(asset_key=key, metadata={"rows": 42})


only_accounts = materialize_to_memory([sync], selection=["accounts"])
assert [e.asset_key.to_user_string() for e in only_accounts.get_asset_materialization_events()] == [
    "accounts"
]

# Specs may be partitioned different ways; a run materializes the assets of one definition.
regions = StaticPartitionsDefinition(["eu", "us"])


@multi_asset(
    specs=[AssetSpec("prices", partitions_def=daily), AssetSpec("stock", partitions_def=regions)],
    can_subset=True,
)
def inventory(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
    for key in context.selected_asset_keys:
        yield MaterializeResult(asset_key=key, metadata={"partition": context.partition_key})


stock = materialize_to_memory([inventory], selection=["stock"], partition_key="eu")
assert [
    (e.asset_key.to_user_string(), e.partition) for e in stock.get_asset_materialization_events()
] == [("stock", "eu")]

# -- a graph-backed asset: each op is a step, and sees the partition -----------------------------


@op
def clean(context: OpExecutionContext, orders: str) -> str:
    return f"clean({orders}) for {context.partition_key}"


@graph_asset(partitions_def=daily)
def clean_orders(orders: str) -> Any:
    return clean(orders)


result = materialize_to_memory([split_sales, clean_orders], partition_key="2024-03-05")
assert result.asset_value("clean_orders") == "clean(orders 2024-03-05) for 2024-03-05"

# -- asset checks, recorded per partition -------------------------------------------------------


@asset_check(asset=sales_report, partitions_def=daily)
def report_mentions_refunds(sales_report: str) -> AssetCheckResult:
    return AssetCheckResult(
        passed="refunds" in sales_report, metadata={"length": len(sales_report)}
    )


@asset_check(asset=sales_report, blocking=True, partitions_def=daily)
def report_is_short(sales_report: str) -> AssetCheckResult:
    return AssetCheckResult(passed=len(sales_report) < 10, severity=AssetCheckSeverity.WARN)


result = materialize_to_memory(
    [split_sales, sales_report, report_mentions_refunds, report_is_short],
    partition_key="2024-03-05",
)
checks = {e.check_name: (e.passed, e.partition) for e in result.get_asset_check_evaluations()}
assert checks == {
    "report_mentions_refunds": (True, "2024-03-05"),
    "report_is_short": (False, "2024-03-05"),  # WARN: blocks nothing, the run succeeds
}
assert result.success
