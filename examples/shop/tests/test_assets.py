"""The sales assets: the export's split, retries, metadata, the revenue check, the weekly roll-up."""

import tempfile

from shop.api import ApiUnavailable, ShopApi
from shop.assets import (
    daily,
    daily_revenue,
    revenue_is_not_negative,
    shop_export,
    weekly,
    weekly_revenue,
)

import partwise as dg

DAY = "2024-03-01"
CALLS: list[str] = []


class FlakyShopApi(ShopApi):
    """Unavailable on the first call, as the real API is now and then."""

    def export(self, day: str) -> list[dict[str, object]]:
        CALLS.append(day)
        if len(CALLS) == 1:
            raise ApiUnavailable("503 Service Unavailable")
        return super().export(day)


def test_export_splits_the_day_into_orders_and_refunds() -> None:
    result = dg.materialize([shop_export], partition_key=DAY, resources={"shop_api": ShopApi()})
    assert result.success
    lines = ShopApi().export(DAY)
    orders, refunds = (
        result.output_for_node("shop_export", "orders"),
        result.output_for_node("shop_export", "refunds"),
    )
    assert len(orders) + len(refunds) == len(lines)
    assert {line["kind"] for line in orders} == {"order"}
    rows = {
        m.asset_key.to_user_string(): m.metadata["rows"].value
        for m in result.asset_materializations_for_node("shop_export")
    }
    assert rows == {"orders": len(orders), "refunds": len(refunds)}


def test_an_unavailable_api_is_retried() -> None:
    CALLS.clear()
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [shop_export], partition_key=DAY, resources={"shop_api": FlakyShopApi()}, instance=instance
    )
    assert result.success
    assert CALLS == [DAY, DAY]
    retries = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.STEP_UP_FOR_RETRY)
    assert len(retries) == 1


def test_daily_revenue_records_its_metadata_and_passes_its_check() -> None:
    result = dg.materialize(
        [shop_export, daily_revenue, revenue_is_not_negative],
        partition_key=DAY,
        resources={"shop_api": ShopApi()},
    )
    assert result.success
    lines = ShopApi().export(DAY)
    expected = sum(int(x["amount"]) * (1 if x["kind"] == "order" else -1) for x in lines)
    assert result.output_for_node("daily_revenue") == expected
    (materialization,) = result.asset_materializations_for_node("daily_revenue")
    assert materialization.metadata["revenue"].value == expected
    assert materialization.metadata["day"].value == DAY
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.passed
    assert evaluation.asset_key == dg.AssetKey("daily_revenue")


def test_weekly_revenue_sums_its_seven_days() -> None:
    week = weekly.get_first_partition_key()
    days = daily.get_partition_keys_in_time_window(weekly.time_window_for_partition_key(week))
    assert len(days) == 7
    with tempfile.TemporaryDirectory() as base_dir:
        resources = {"shop_api": ShopApi(), "io_manager": dg.FilesystemIOManager(base_dir=base_dir)}
        instance = dg.DagsterInstance.ephemeral()
        totals = []
        for day in days:
            result = dg.materialize(
                [shop_export, daily_revenue],
                partition_key=day,
                resources=resources,
                instance=instance,
            )
            totals.append(result.output_for_node("daily_revenue"))
        result = dg.materialize(
            [shop_export, daily_revenue, weekly_revenue],
            selection=[weekly_revenue],
            partition_key=week,
            resources=resources,
            instance=instance,
        )
    assert result.output_for_node("weekly_revenue") == sum(totals)
    (materialization,) = result.asset_materializations_for_node("weekly_revenue")
    assert materialization.metadata["days"].value == 7
