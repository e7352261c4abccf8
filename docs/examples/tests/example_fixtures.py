"""Fixtures: materialize one partition into a fresh instance, per key.

Run: ``pytest docs/examples/tests/example_fixtures.py``
"""

from __future__ import annotations

import pytest
from pipeline import (
    daily,
    daily_revenue,
    load_job,
    raw_orders,
    regional_orders,
    weekly,
    weekly_report,
)
from pytest_partwise import MaterializePartition

import partwise as pw


@pytest.mark.partitions(daily, range=("2024-01-01", "2024-01-31"))
def test_revenue_is_six_times_the_day(
    partition_key: str,
    partition_time_window: pw.TimeWindow,
    materialize_partition: MaterializePartition,
) -> None:
    result = materialize_partition(raw_orders, daily_revenue)
    assert result.success
    assert result.output_for_node("daily_revenue") == 6 * partition_time_window.start.day


@pytest.mark.partitions(daily, last=2)
def test_runs_are_recorded_in_the_test_instance(
    partition_key: str, materialize_partition: MaterializePartition, partwise_instance: pw.Instance
) -> None:
    materialize_partition(raw_orders, daily_revenue)
    assert partwise_instance.get_materialized_partitions(daily_revenue.key) == {partition_key}
    assert partwise_instance.get_runs_count() == 1  # a fresh instance per test


@pytest.mark.partitions(weekly, keys=["2024-01-07"])
def test_weekly_report_reads_its_seven_days(
    materialize_partition: MaterializePartition, partwise_instance: pw.Instance
) -> None:
    for day in daily.get_partition_keys_in_range(pw.PartitionKeyRange("2024-01-07", "2024-01-13")):
        materialize_partition(raw_orders, daily_revenue, partition_key=day)
    result = materialize_partition(
        raw_orders, daily_revenue, weekly_report, selection=[weekly_report]
    )
    assert result.output_for_node("weekly_report") == {"days": 7, "revenue": 420}


@pytest.mark.partitions(regional_orders, keys=["2024-06-01|apac"])
def test_the_marker_asset_is_the_default(materialize_partition: MaterializePartition) -> None:
    assert materialize_partition().output_for_node("regional_orders") == "apac:2024-06-01"


@pytest.mark.partitions(load_job, last=1)
def test_the_marker_job_runs_with_its_partition_config(
    partition_key: str, materialize_partition: MaterializePartition
) -> None:
    result = materialize_partition()
    assert result.output_for_node("load_files") == f"s3://orders/{partition_key}.csv"
