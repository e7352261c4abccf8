"""Asset jobs: a selection, partitions inferred from it, resolved by ``Definitions``."""

from __future__ import annotations

from partwise import (
    AssetSelection,
    DailyPartitionsDefinition,
    Definitions,
    InvalidDefinitionError,
    StaticPartitionsDefinition,
    asset,
    define_asset_job,
)

daily = DailyPartitionsDefinition(start_date="2024-01-01")


@asset(partitions_def=daily, group_name="ingest")
def raw_orders() -> list[int]:
    return [3, 4]


@asset(partitions_def=daily, group_name="ingest")
def order_total(raw_orders: list[int]) -> int:
    return sum(raw_orders)


@asset(group_name="reference")
def currencies() -> list[str]:
    return ["EUR", "USD"]


defs = Definitions(
    assets=[raw_orders, order_total, currencies],
    jobs=[define_asset_job("ingest_job", AssetSelection.groups("ingest"))],
)
ingest_job = defs.get_job_def("ingest_job")
result = ingest_job.execute_in_process(partition_key="2024-01-03")

assert ingest_job.partitions_def == daily  # inferred from the selected assets
assert result.output_for_node("order_total") == 7
assert result.dagster_run.tags["dagster/partition_set"] == "ingest_job_partition_set"


# validate_loadable checks every edge's partition mapping and names both assets when one is wrong.
@asset(partitions_def=StaticPartitionsDefinition(["eu", "us"]))
def regional_total(order_total: int) -> int:
    return order_total


try:
    Definitions.validate_loadable(Definitions(assets=[order_total, regional_total]))
except InvalidDefinitionError as error:
    assert str(error).startswith("Invalid partition mapping from regional_total to order_total")
else:
    raise AssertionError("expected an invalid mapping")
