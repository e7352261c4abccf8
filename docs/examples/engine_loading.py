"""Loading assets from modules, grouping them, and the older ``@repository``."""

from __future__ import annotations

import sys
from typing import Any

from partwise import (
    AssetKey,
    Definitions,
    SourceAsset,
    asset,
    define_asset_job,
    job,
    load_assets_from_modules,
    materialize_to_memory,
    op,
    repository,
)

vendor_prices = SourceAsset("vendor_prices")


@asset
def orders() -> list[int]:
    return [10, 20]


@asset(deps=[vendor_prices])
def revenue(orders: list[int]) -> int:
    return sum(orders)


# In a project: load_assets_from_modules([shop.assets, shop.finance], ...) or
# load_assets_from_package_module(shop). Here, this very module:
this_module = sys.modules[__name__]
shop_assets = load_assets_from_modules(
    [this_module], key_prefix="shop", group_name="shop", source_key_prefix="vendor"
)
assert [a.key.to_user_string() for a in shop_assets] == [
    "vendor/vendor_prices",
    "shop/orders",
    "shop/revenue",
]
# Dependencies between loaded assets follow the new keys.
shop_revenue = shop_assets[2]
assert shop_revenue.keys_by_input_name == {
    "orders": AssetKey(["shop", "orders"]),
    "vendor_prices": AssetKey(["vendor", "vendor_prices"]),  # a dep, under its first name
}
assert materialize_to_memory(shop_assets).asset_value(["shop", "revenue"]) == 30


@op
def ping() -> str:
    return "pong"


@job
def health() -> None:
    ping()


@repository
def shop_repo() -> list[Any]:
    return [orders, revenue, vendor_prices, health, define_asset_job("daily_assets")]


assert shop_repo.has_job("health")
assert shop_repo.get_job("daily_assets").execute_in_process().output_for_node("revenue") == 30

# Definitions from several places merge into one.
defs = Definitions.merge(Definitions(assets=[orders, revenue]), Definitions(jobs=[health]))
assert defs.get_job_def("health").execute_in_process().output_for_node("ping") == "pong"
