"""Automation speed: schedule ticks, a year of dry-run ticks, and a 10,000-partition backfill.

Usage: ``python benchmarks/bench_automation.py [--no-reference] [--partitions N] [--no-pool]``;
prints JSON.

* ``schedule_1000_ticks_ms``: 1,000 × (``build_schedule_context`` + ``evaluate_tick``) of the
  schedule of a daily partitioned job (target ≤ 21 ms, 20× faster than the reference). The same
  source runs under the reference when ``PARTWISE_REFERENCE_PYTHON`` (default
  ``/work/dagster-venv/bin/python``) exists.
* ``schedule_ticks_year_hourly_s``: ``schedule_ticks`` over one year of an hourly schedule.
* ``backfill_*``: a daily two-asset graph (default filesystem I/O manager) over N partitions, in
  process on an ephemeral instance (target < 10 s for 10,000), then serially and on a 2-process
  pool against the same kind of local SQLite instance (the speed-up is reported), and once more
  with ``--work-ms`` of CPU per asset on a tenth of the partitions, where work outweighs the
  instance's writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import best_of, emit

import partwise

DEFAULT_REFERENCE = "/work/dagster-venv/bin/python"
START = dt.date(1990, 1, 1)

# One source for both packages: ``LIB`` is "partwise" or "dagster".
TICKS = r"""
import datetime as dt, gc, json, sys, time, warnings
warnings.filterwarnings("ignore")
lib = __import__(sys.argv[1])
daily = lib.DailyPartitionsDefinition(start_date="2020-01-01")

@lib.op
def work():
    pass

@lib.job(partitions_def=daily)
def daily_job():
    work()

sched = lib.build_schedule_from_partitioned_job(daily_job)
first = dt.datetime(2022, 3, 5, tzinfo=dt.timezone.utc)
times = [first + dt.timedelta(days=i) for i in range(1000)]

def run():
    for t in times:
        data = sched.evaluate_tick(lib.build_schedule_context(scheduled_execution_time=t))
    return data.run_requests[0].partition_key

assert run() == "2024-11-27"
best = float("inf")
for _ in range(7):
    gc.collect()
    began = time.perf_counter()
    run()
    best = min(best, time.perf_counter() - began)
print(json.dumps({"ms": best * 1e3}))
"""

DAILY = partwise.DailyPartitionsDefinition(
    start_date=START.isoformat(), end_date=(START + dt.timedelta(days=10_000)).isoformat()
)


@partwise.asset(partitions_def=DAILY)
def readings(context: Any) -> int:
    return len(context.partition_key)


@partwise.asset(partitions_def=DAILY)
def summary(readings: int) -> int:
    return readings * 2


def busy(ms: float) -> None:
    """Spin for ``ms`` milliseconds of CPU: a stand-in for real per-partition work."""
    end = time.process_time() + ms / 1e3
    while time.process_time() < end:
        pass


@partwise.asset(partitions_def=DAILY)
def heavy_readings(context: Any) -> int:
    busy(float(os.environ.get("BENCH_WORK_MS", "0")))
    return len(context.partition_key)


@partwise.asset(partitions_def=DAILY)
def heavy_summary(heavy_readings: int) -> int:
    busy(float(os.environ.get("BENCH_WORK_MS", "0")))
    return heavy_readings * 2


def ticks_ms(python: str, lib: str) -> float | None:
    """1,000 ticks under ``python`` importing ``lib``, in a fresh process."""
    try:
        done = subprocess.run(
            [python, "-c", TICKS, lib], capture_output=True, text=True, check=True, timeout=600
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return float(json.loads(done.stdout.strip().splitlines()[-1])["ms"])


def year_of_hourly_ticks() -> dict[str, float]:
    out = {}
    for label, tz in [("utc", "UTC"), ("us_central", "US/Central")]:
        hourly = partwise.HourlyPartitionsDefinition(start_date="2023-01-01-00:00", timezone=tz)

        @partwise.op
        def work() -> None:
            pass

        @partwise.job(partitions_def=hourly)
        def hourly_job() -> None:
            work()

        sched = partwise.build_schedule_from_partitioned_job(hourly_job)
        seconds, ticks = best_of(
            lambda s=sched: partwise.schedule_ticks(s, "2024-01-01", "2025-01-01"), 3
        )
        assert len(ticks) == 8784  # 2024 is a leap year
        out[f"schedule_ticks_year_hourly_{label}_s"] = round(seconds, 3)
    return out


def timed_backfill(assets: list[Any], keys: list[str], **kwargs: Any) -> float:
    began = time.perf_counter()
    result = partwise.backfill(assets, partition_keys=keys, **kwargs)
    elapsed = time.perf_counter() - began
    assert result.success and len(result.runs) == len(keys), result
    return elapsed


def serial_and_pool(assets: list[Any], keys: list[str], label: str) -> dict[str, float]:
    """The same backfill serially and on 2 processes, each on a fresh local SQLite instance."""
    with partwise.Instance.local_temp() as instance:
        serial = timed_backfill(assets, keys, instance=instance)
    with partwise.Instance.local_temp() as instance, ProcessPoolExecutor(2) as executor:
        pooled = timed_backfill(assets, keys, instance=instance, executor=executor)
    return {
        f"{label}_in_process_local_s": round(serial, 2),
        f"{label}_2_processes_local_s": round(pooled, 2),
        f"{label}_2_processes_speedup": round(serial / pooled, 2),
    }


def backfills(count: int, pool: bool, work_ms: float) -> dict[str, Any]:
    keys = DAILY.get_partition_keys()[:count]
    out: dict[str, Any] = {"backfill_partitions": len(keys)}
    seconds = timed_backfill([readings, summary], keys, instance=partwise.Instance.ephemeral())
    out["backfill_in_process_ephemeral_s"] = round(seconds, 2)
    if not pool:
        return out
    out.update(serial_and_pool([readings, summary], keys, "backfill"))
    os.environ["BENCH_WORK_MS"] = str(work_ms)
    heavy_keys = keys[: max(1, count // 10)]
    out[f"cpu_bound_partitions_{work_ms:g}ms_per_asset"] = len(heavy_keys)
    out.update(serial_and_pool([heavy_readings, heavy_summary], heavy_keys, "cpu_bound"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--no-pool", action="store_true")
    parser.add_argument("--partitions", type=int, default=10_000)
    parser.add_argument("--work-ms", type=float, default=5.0, help="CPU per asset (pool run)")
    args = parser.parse_args()
    results: dict[str, Any] = {"cpus": os.cpu_count()}
    ours = ticks_ms(sys.executable, "partwise")
    results["schedule_1000_ticks_ms"] = None if ours is None else round(ours, 2)
    reference = os.environ.get("PARTWISE_REFERENCE_PYTHON", DEFAULT_REFERENCE)
    if not args.no_reference and os.path.exists(reference):
        theirs = ticks_ms(reference, "dagster")
        results["reference_schedule_1000_ticks_ms"] = None if theirs is None else round(theirs, 1)
        if ours and theirs:
            results["schedule_ticks_speedup"] = round(theirs / ours, 1)
    results.update(year_of_hourly_ticks())
    with tempfile.TemporaryDirectory() as home:
        os.environ.setdefault("PARTWISE_HOME", home)
        results.update(backfills(args.partitions, not args.no_pool, args.work_ms))
    emit(results)


if __name__ == "__main__":
    main()
