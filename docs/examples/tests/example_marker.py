"""The ``partitions`` marker: one test per partition key, the key as the test id.

Run: ``pytest docs/examples/tests/example_marker.py -v``
"""

from __future__ import annotations

import datetime as dt

import pytest
from pipeline import daily, daily_by_region, daily_revenue, load_config, load_job

import partwise as pw


@pytest.mark.partitions(daily)
def test_every_day_has_a_one_day_window(
    partition_key: str, partition_time_window: pw.TimeWindow
) -> None:
    # 366 tests: test_every_day_has_a_one_day_window[2024-01-01] ... [2024-12-31]
    assert partition_time_window.start.strftime("%Y-%m-%d") == partition_key
    assert partition_time_window.end - partition_time_window.start == dt.timedelta(days=1)


@pytest.mark.partitions(daily, last=7)
def test_the_last_week(partition_key: str) -> None:
    assert partition_key >= "2024-12-25"


@pytest.mark.partitions(daily, range=("2024-02-27", "2024-03-01"))  # both ends included
def test_around_leap_day(partition_key: str) -> None:
    assert partition_key[:7] in ("2024-02", "2024-03")


@pytest.mark.partitions(daily, sample=10)  # first, last and 8 seeded picks in between
def test_a_sample(partition_key: str, partitions_def: pw.PartitionsDefinition) -> None:
    assert partitions_def.has_partition_key(partition_key)


@pytest.mark.partitions(
    daily_by_region, keys=["2024-03-10|eu", {"date": "2024-03-10", "region": "us"}]
)
def test_chosen_multi_keys(partition_key: pw.MultiPartitionKey) -> None:
    # ids: test_chosen_multi_keys[2024-03-10|eu], test_chosen_multi_keys[2024-03-10|us]
    assert partition_key.keys_by_dimension["date"] == "2024-03-10"


@pytest.mark.partitions(daily_revenue, last=3)  # an asset: its partitions definition
def test_asset_source(partitions_def: pw.PartitionsDefinition) -> None:
    assert partitions_def is daily


@pytest.mark.partitions(load_job, keys=["2024-05-01"])  # a job with partitioned config
def test_job_source(run_config_for_partition: dict[str, object]) -> None:
    assert pw.validate_run_config(load_job, run_config_for_partition)


@pytest.mark.partitions(load_config, range=("2024-01-01", "2024-01-03"))  # a PartitionedConfig
def test_config_source(partition_key: str, run_config_for_partition: dict[str, dict]) -> None:
    path = run_config_for_partition["ops"]["load_files"]["config"]["path"]
    assert path == f"s3://orders/{partition_key}.csv"
