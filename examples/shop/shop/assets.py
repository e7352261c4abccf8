"""The day's export, split into orders and refunds; revenue per day and per week; a revenue check."""

import partwise as dg

from .api import ShopApi

daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")
weekly = dg.WeeklyPartitionsDefinition(start_date="2024-01-01")


@dg.multi_asset(
    outs={
        "orders": dg.AssetOut(description="The day's orders."),
        "refunds": dg.AssetOut(description="The day's refunds."),
    },
    partitions_def=daily,
    group_name="sales",
    retry_policy=dg.RetryPolicy(max_retries=2),
)
def shop_export(context: dg.AssetExecutionContext, shop_api: ShopApi):
    """One call to the shop's API per day; the lines go to ``orders`` or ``refunds`` by kind."""
    lines = shop_api.export(context.partition_key)
    orders = [line for line in lines if line["kind"] == "order"]
    refunds = [line for line in lines if line["kind"] == "refund"]
    yield dg.Output(orders, output_name="orders", metadata={"rows": len(orders)})
    yield dg.Output(refunds, output_name="refunds", metadata={"rows": len(refunds)})


@dg.asset(partitions_def=daily, group_name="sales")
def daily_revenue(context: dg.AssetExecutionContext, orders: list, refunds: list) -> dg.Output[int]:
    """Orders minus refunds, with what went into it as metadata."""
    revenue = sum(o["amount"] for o in orders) - sum(r["amount"] for r in refunds)
    return dg.Output(
        revenue,
        metadata={
            "revenue": dg.MetadataValue.int(revenue),
            "orders": len(orders),
            "day": dg.MetadataValue.text(context.partition_key),
        },
    )


@dg.asset_check(
    asset=daily_revenue, partitions_def=daily, description="Refunds never exceed the day's orders."
)
def revenue_is_not_negative(daily_revenue: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=daily_revenue >= 0, metadata={"revenue": daily_revenue})


@dg.asset(partitions_def=weekly, group_name="sales")
def weekly_revenue(daily_revenue: dict[str, int]) -> dg.Output[int]:
    """The week's revenue, from its seven daily partitions (a time-window partition mapping)."""
    return dg.Output(sum(daily_revenue.values()), metadata={"days": len(daily_revenue)})
