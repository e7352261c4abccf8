"""Partitions workloads: key lists, multi keys, O(1) lookups and default-mapping upstream keys.

Usage: ``python benchmarks/bench_partitions.py [--compare] [--repeat N]``. Prints JSON. With
``--compare`` the same workloads also run under the reference package in a subprocess, using the
interpreter named by ``PARTWISE_REFERENCE_PYTHON`` (default ``/work/dagster-venv/bin/python`` when
it exists); without one the comparison is reported as skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from _harness import best_of, cpu_seconds, emit, peak_memory, per_call_us

HERE = Path(__file__).resolve()
DEFAULT_REFERENCE = "/work/dagster-venv/bin/python"
LOOKUPS = 1_000
END_OF_CENTURY = dt.datetime(2100, 1, 2, tzinfo=dt.timezone.utc)


def load(impl: str) -> SimpleNamespace:
    """The classes a workload needs, from partwise or from the reference package."""
    if impl == "dagster":
        import dagster
        from dagster._core.definitions.partitions.utils.mapping import infer_partition_mapping

        return SimpleNamespace(lib=dagster, infer=infer_partition_mapping, multi=True)
    import partwise

    try:
        from partwise._partitions.mappings.infer import infer_partition_mapping
    except ImportError:
        infer_partition_mapping = None
    try:
        import partwise._partitions.definitions.multi
    except ImportError:
        multi = False
    else:
        multi = True
    return SimpleNamespace(lib=partwise, infer=infer_partition_mapping, multi=multi)


def key_lists(ns: SimpleNamespace, repeat: int) -> dict[str, Any]:
    """Hourly keys 2015-2025 and daily keys 1990-2025 (definition built inside the timing)."""
    lib = ns.lib

    def hourly() -> list[str]:
        defn = lib.HourlyPartitionsDefinition("2015-01-01-00:00", end_date="2025-01-01-00:00")
        return list(defn.get_partition_keys())

    def daily() -> list[str]:
        defn = lib.DailyPartitionsDefinition("1990-01-01", end_date="2025-01-01")
        return list(defn.get_partition_keys())

    hourly_s, hourly_keys = best_of(hourly, repeat)
    daily_s, daily_keys = best_of(daily, repeat)
    return {
        "hourly_2015_2025_keys": len(hourly_keys),
        "hourly_2015_2025_s": round(hourly_s, 5),
        "hourly_2015_2025_us_per_key": round(hourly_s / len(hourly_keys) * 1e6, 3),
        "daily_1990_2025_keys": len(daily_keys),
        "daily_1990_2025_s": round(daily_s, 5),
    }


def multi_keys(ns: SimpleNamespace, repeat: int) -> dict[str, Any]:
    """Daily (5 years) x 50 static regions: all keys, time and peak memory."""
    if not ns.multi:
        return {"multi_skipped": "partwise._partitions.definitions.multi is not there yet"}
    lib = ns.lib

    def build() -> list[str]:
        daily = lib.DailyPartitionsDefinition("2020-01-01", end_date="2025-01-01")
        regions = lib.StaticPartitionsDefinition([f"region_{i:02d}" for i in range(50)])
        defn = lib.MultiPartitionsDefinition({"date": daily, "region": regions})
        return list(defn.get_partition_keys())

    seconds, keys = best_of(build, repeat)
    peak, _ = peak_memory(build)
    return {
        "multi_daily_x_50_keys": len(keys),
        "multi_daily_x_50_s": round(seconds, 5),
        "multi_daily_x_50_peak_mib": round(peak / 2**20, 2),
        **multi_lookups(lib, repeat),
    }


def multi_lookups(lib: Any, repeat: int) -> dict[str, Any]:
    """Count and membership on 91k two-dimension keys (goal: < 50 ms for both, no key list)."""
    daily = lib.DailyPartitionsDefinition("2020-01-01", end_date="2025-01-01")
    regions = lib.StaticPartitionsDefinition([f"region-{i:02d}" for i in range(50)])
    defn = lib.MultiPartitionsDefinition({"date": daily, "region": regions})

    def count_and_membership() -> bool:
        return defn.get_num_partitions() == 91_350 and defn.has_partition_key(
            "2024-12-31|region-49"
        )

    seconds, answer = best_of(count_and_membership, repeat)
    assert answer
    return {"multi_91k_count_and_membership_s": round(seconds, 5)}


def lookups(ns: SimpleNamespace, repeat: int) -> dict[str, Any]:
    """Count, membership and key -> window on an hourly definition spanning 2000-2100.

    Goal: each far below a millisecond (lookups never iterate the 876,000 keys).
    """
    lib = ns.lib
    defn = lib.HourlyPartitionsDefinition("2000-01-01-00:00", end_date="2100-01-01-00:00")
    rng = random.Random(7)
    base = dt.datetime(2000, 1, 1)
    hours = (dt.datetime(2100, 1, 1) - base).days * 24
    keys = [
        (base + dt.timedelta(hours=rng.randrange(hours))).strftime("%Y-%m-%d-%H:%M")
        for _ in range(LOOKUPS)
    ]
    with lib.partition_loading_context(effective_dt=END_OF_CENTURY):  # every key exists
        assert all(defn.has_partition_key(k) for k in keys)
        return _lookup_timings(defn, keys, repeat)


def _lookup_timings(defn: Any, keys: list[str], repeat: int) -> dict[str, Any]:
    return {
        "hourly_100y_partitions": defn.get_num_partitions(),
        "count_us": round(per_call_us(defn.get_num_partitions, 1, repeat=50), 2),
        "membership_us": round(
            per_call_us(lambda: [defn.has_partition_key(k) for k in keys], LOOKUPS, repeat), 2
        ),
        "key_to_window_us": round(
            per_call_us(
                lambda: [defn.time_window_for_partition_key(k) for k in keys], LOOKUPS, repeat
            ),
            2,
        ),
    }


def mapped_keys(ns: SimpleNamespace, repeat: int) -> dict[str, Any]:
    """365 daily partitions, each mapped to its hourly upstream keys by the default mapping."""
    if ns.infer is None:
        return {"mapping_skipped": "partwise._partitions.mappings.base is not there yet"}
    lib = ns.lib
    daily = lib.DailyPartitionsDefinition("2023-01-01", end_date="2024-01-01")
    hourly = lib.HourlyPartitionsDefinition("2023-01-01-00:00", end_date="2024-01-01-00:00")
    mapping = ns.infer(None, daily, hourly)
    days = list(daily.get_partition_keys())

    def run() -> int:
        total = 0
        for day in days:
            result = mapping.get_upstream_mapped_partitions_result_for_partitions(
                daily.subset_with_partition_keys([day]), daily, hourly
            )
            total += len(list(result.partitions_subset.get_partition_keys()))
        return total

    seconds, total = best_of(run, repeat)
    cpu = cpu_seconds(run, 4 * repeat)
    whole_year = daily.subset_with_partition_keys(days)

    def at_once() -> int:
        result = mapping.get_upstream_mapped_partitions_result_for_partitions(
            whole_year, daily, hourly
        )
        return len(result.partitions_subset)

    year_seconds, hours = best_of(at_once, repeat)
    assert hours == 8760, hours
    return {
        "daily_to_hourly_mappings": len(days),
        "daily_to_hourly_upstream_keys": total,
        "daily_to_hourly_s": round(seconds, 5),
        "daily_to_hourly_us_per_day": round(seconds / len(days) * 1e6, 2),
        # Goal: at most 20 us of CPU per day (one-day subset, its upstream hours, their keys).
        "daily_to_hourly_cpu_us_per_day": round(cpu / len(days) * 1e6, 2),
        # Goal: well under 10 ms, the year's 8760 hours mapped without listing keys.
        "year_of_days_to_hours_at_once_s": round(year_seconds, 5),
    }


def run_all(impl: str, repeat: int) -> dict[str, Any]:
    ns = load(impl)
    results: dict[str, Any] = {"impl": impl}
    for workload in (key_lists, multi_keys, lookups, mapped_keys):
        results.update(workload(ns, repeat))
    return results


def reference_python() -> str | None:
    """The reference interpreter to compare against, if one is configured and present."""
    path = os.environ.get("PARTWISE_REFERENCE_PYTHON") or DEFAULT_REFERENCE
    return path if Path(path).exists() else None


def run_reference(python: str, repeat: int, script: Path = HERE) -> dict[str, Any]:
    """``script``'s workloads run under the reference interpreter ``python``."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DAGSTER_HOME": home, "PYTHONWARNINGS": "ignore"}
        out = subprocess.run(
            [python, str(script), "--impl", "dagster", "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["failed"]}
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def speedups(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, float]:
    """Reference / partwise for every time and memory figure both sides measured."""
    out = {}
    for name, value in ours.items():
        timed = name.endswith(("_s", "_us", "_mib"))
        if timed and isinstance(theirs.get(name), (int, float)) and value:
            out[name] = round(theirs[name] / value, 1)
    return out


def compare_cli(
    doc: str | None, run_all: Callable[[str, int], dict[str, Any]], script: Path
) -> None:
    """The command line of a benchmark script: run ``run_all``, with ``--compare`` side by side."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--compare", action="store_true", help="also run the reference package")
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    parser.add_argument("--impl", choices=["partwise", "dagster"], default="partwise")
    args = parser.parse_args()
    results = run_all(args.impl, args.repeat)
    if args.impl == "partwise" and args.compare:
        python = reference_python()
        if python is None:
            results["comparison"] = "skipped: set PARTWISE_REFERENCE_PYTHON to compare"
        else:
            reference = run_reference(python, max(1, min(args.repeat, 3)), script)
            results = {
                "partwise": results,
                "reference": reference,
                "reference_over_partwise": speedups(results, reference),
            }
    emit(results)


def main() -> None:
    compare_cli(__doc__, run_all, HERE)


if __name__ == "__main__":
    main()
