"""Op jobs with typed config, a daily partitioned config, and config validation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from partwise import (
    Config,
    DagsterInvalidConfigError,
    OpExecutionContext,
    daily_partitioned_config,
    job,
    op,
    validate_run_config,
)


class ExportConfig(Config):
    day: str
    compress: bool = True


@op
def export_orders(context: OpExecutionContext, config: ExportConfig) -> str:
    suffix = ".gz" if config.compress else ""
    return f"orders-{config.day}.csv{suffix}"


@daily_partitioned_config(start_date=datetime(2024, 1, 1), hour_offset=2)
def export_config(start: datetime, _end: datetime) -> dict[str, Any]:
    return {"ops": {"export_orders": {"config": {"day": start.strftime("%Y-%m-%d")}}}}


@job(config=export_config)
def nightly_export() -> None:
    export_orders()


# One partition = one day; its run config is generated from the window.
result = nightly_export.execute_in_process(partition_key="2024-03-10")
assert result.output_for_node("export_orders") == "orders-2024-03-10.csv.gz"
assert result.dagster_run.tags["dagster/partition_set"] == "nightly_export_partition_set"

# Explicit run config wins over the generated one.
manual = nightly_export.execute_in_process(
    partition_key="2024-03-10",
    run_config={"ops": {"export_orders": {"config": {"day": "manual", "compress": False}}}},
)
assert manual.output_for_node("export_orders") == "orders-manual.csv"

# Test the generated config without running anything.
assert export_config.get_partition_keys()[:2] == ["2024-01-01", "2024-01-02"]
generated = export_config.get_run_config_for_partition_key("2024-01-02")
resolved = validate_run_config(nightly_export, generated)
assert resolved["ops"]["export_orders"]["config"] == {"day": "2024-01-02", "compress": True}

# A wrong type is reported with its path, the expected type and the value received.
try:
    validate_run_config(nightly_export, {"ops": {"export_orders": {"config": {"day": 5}}}})
except DagsterInvalidConfigError as error:
    assert "root:ops:export_orders:config:day" in str(error)
else:
    raise AssertionError("expected a config error")
