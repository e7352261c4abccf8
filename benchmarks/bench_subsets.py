"""Subset workloads: serialize/deserialize of 10-year daily subsets, key sets and multi key ranges.

Usage: ``python benchmarks/bench_subsets.py [--compare] [--repeat N]``. Prints JSON. With
``--compare`` the same workloads also run under the reference package in a subprocess (the
interpreter named by ``PARTWISE_REFERENCE_PYTHON``); without one the comparison is skipped.
Goal: serialize and deserialize of a 10-year daily subset each at most 1 ms.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

from _harness import per_call_us
from bench_partitions import compare_cli

HERE = Path(__file__).resolve()
CALLS = 100
NOW = dt.datetime(2025, 1, 2)


def _round_trip(lib: Any, defn: Any, keys: list[str], label: str, repeat: int) -> dict[str, Any]:
    """Microseconds to serialize ``keys`` as a subset of ``defn``, and to read the text back."""
    subset = defn.subset_with_partition_keys(keys)
    text = subset.serialize()
    with lib.partition_loading_context(effective_dt=NOW):
        assert len(defn.deserialize_subset(text)) == len(keys)

        def write() -> None:
            for _ in range(CALLS):
                subset.serialize()

        def read() -> None:
            for _ in range(CALLS):
                defn.deserialize_subset(text)

        return {
            f"{label}_keys": len(keys),
            f"{label}_serialize_us": round(per_call_us(write, CALLS, repeat), 1),
            f"{label}_deserialize_us": round(per_call_us(read, CALLS, repeat), 1),
        }


def ten_year_daily(lib: Any, repeat: int) -> dict[str, Any]:
    daily = lib.DailyPartitionsDefinition("2015-01-01")
    keys = list(daily.get_partition_keys(NOW))
    patchy = [k for i, k in enumerate(keys) if i % 7]  # every week has a hole: ~520 runs
    out = _round_trip(lib, daily, keys, "daily_10y_full", repeat)
    out.update(_round_trip(lib, daily, patchy, "daily_10y_patchy", repeat))
    return out


def key_set(lib: Any, repeat: int) -> dict[str, Any]:
    static = lib.StaticPartitionsDefinition([f"k{i:04d}" for i in range(2000)])
    return _round_trip(lib, static, [f"k{i:04d}" for i in range(0, 2000, 2)], "static_1k", repeat)


def multi_ranges(lib: Any, repeat: int) -> dict[str, Any]:
    """Ranges of every "red" hour of a two-year hourly × colour subset (one range expected)."""
    hours = lib.HourlyPartitionsDefinition(
        start_date="2023-01-01-00:00", end_date="2025-01-01-00:00"
    )
    colours = lib.StaticPartitionsDefinition(["red", "yellow", "blue"])
    multi = lib.MultiPartitionsDefinition({"a_date": hours, "color": colours})
    reds = multi.get_multipartition_keys_with_dimension_value("color", "red")
    subset = multi.subset_with_partition_keys(reds)
    ranges = subset.get_partition_key_ranges(multi)
    return {
        "multi_red_hours": len(reds),
        "multi_red_ranges": len(ranges),
        "multi_red_ranges_us": round(
            per_call_us(lambda: subset.get_partition_key_ranges(multi), 1, repeat), 1
        ),
    }


def run_all(impl: str, repeat: int) -> dict[str, Any]:
    lib = importlib.import_module(impl)
    results: dict[str, Any] = {"impl": impl}
    for workload in (ten_year_daily, key_set, multi_ranges):
        results.update(workload(lib, repeat))
    return results


if __name__ == "__main__":
    compare_cli(__doc__, run_all, HERE)
