"""The test loop's costs (issue 11), printed as JSON.

* ``ticks_fresh_process``: 1,000 × (``build_schedule_context`` + ``evaluate_tick``) of the schedule
  of a daily partitioned job, each measurement in a fresh process: ``import_ms`` (the package),
  ``setup_ms`` (the definitions, with whatever they import on first use), ``cold_ms`` (the first
  1,000 ticks: first-call costs included) and ``warm_ms`` (best later 1,000). Side by side with the
  reference when ``PARTWISE_REFERENCE_PYTHON`` (default ``/work/refvenv/bin/python``) exists; the
  ratios are reference / partwise (goal for ``cold``: ≥ 30×).
* ``plugin``: pytest start-up overhead of the plugin (goal < 30 ms) and the 365-key
  partition-parametrized suite (goal ≤ 0.7 s), from ``bench_plugin``.
* ``html_report``: a 1,000-test partition-parametrized run with and without ``--partwise-html``
  (goal: ≤ 50 ms added), and the page's in-process render time alone.

Usage: ``python benchmarks/bench_test_loop.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import emit
from bench_plugin import PARTWISE_SUITE, _suite, startup

REFERENCE = os.environ.get("PARTWISE_REFERENCE_PYTHON", "/work/refvenv/bin/python")

TICKS = r"""
import datetime as dt, gc, json, sys, time, warnings
warnings.filterwarnings("ignore")
began = time.perf_counter()
lib = __import__(sys.argv[1])
imported = time.perf_counter()
daily = lib.DailyPartitionsDefinition(start_date="2020-01-01")

@lib.op
def work():
    pass

@lib.job(partitions_def=daily)
def daily_job():
    work()

sched = lib.build_schedule_from_partitioned_job(daily_job)
set_up = time.perf_counter()
first = dt.datetime(2022, 3, 5, tzinfo=dt.timezone.utc)
times = [first + dt.timedelta(days=i) for i in range(1000)]

def run():
    for t in times:
        data = sched.evaluate_tick(lib.build_schedule_context(scheduled_execution_time=t))
    return data.run_requests[0].partition_key

start = time.perf_counter()
assert run() == "2024-11-27"
cold = time.perf_counter() - start
warm = float("inf")
for _ in range(5):
    gc.collect()
    start = time.perf_counter()
    run()
    warm = min(warm, time.perf_counter() - start)
print(json.dumps({"import_ms": (imported - began) * 1e3, "setup_ms": (set_up - imported) * 1e3,
                  "cold_ms": cold * 1e3, "warm_ms": warm * 1e3}))
"""


def ticks(python: str, lib: str, repeat: int) -> dict[str, float] | None:
    """The best of ``repeat`` fresh processes, per phase."""
    import json

    runs = []
    for _ in range(repeat):
        try:
            done = subprocess.run(
                [python, "-c", TICKS, lib], capture_output=True, text=True, check=True, timeout=900
            )
        except (OSError, subprocess.SubprocessError):
            return None
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: round(min(r[key] for r in runs), 1) for key in runs[0]}


def ticks_side_by_side(repeat: int) -> dict[str, Any]:
    ours = ticks(sys.executable, "partwise", repeat)
    assert ours is not None
    out: dict[str, Any] = {"partwise": ours}
    theirs = ticks(REFERENCE, "dagster", repeat) if os.path.exists(REFERENCE) else None
    if theirs is None:
        out["reference"] = f"skipped: no reference at {REFERENCE}"
        return out
    out["reference"] = theirs
    total = {k: v["import_ms"] + v["setup_ms"] + v["cold_ms"] for k, v in out.items()}
    out["ratio_cold"] = round(theirs["cold_ms"] / ours["cold_ms"], 1)
    out["ratio_warm"] = round(theirs["warm_ms"] / ours["warm_ms"], 1)
    out["ratio_whole_process"] = round(total["reference"] / total["partwise"], 1)
    return out


THOUSAND = """
import pytest
import partwise as pw

hourly = pw.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", end_date="2024-02-11-16:00")


@pytest.mark.partitions(hourly)
def test_hour(partition_key):
    assert partition_key.endswith(":00")
"""


def html_report(repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "test_thousand.py").write_text(THOUSAND)
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        html = [*base, "--partwise-html", "report.html"]
        without, with_page = float("inf"), float("inf")
        for _ in range(repeat):  # interleaved, so load on the machine hits both alike
            without = min(without, _wall(base, root))
            with_page = min(with_page, _wall(html, root))
        size = (root / "report.html").stat().st_size
    return {
        "tests": 1000,
        "without_s": round(without, 3),
        "with_html_s": round(with_page, 3),
        "added_ms": round((with_page - without) * 1e3, 1),
        "render_ms": render_ms(),
        "page_kib": round(size / 1024, 1),
    }


def _wall(cmd: list[str], cwd: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    return time.perf_counter() - began


def render_ms() -> float:
    """Building and writing the page of 1,000 partitions in process (best of 5)."""
    from types import SimpleNamespace

    from pytest_partwise._html import ValidationOutcomes, write_report
    from pytest_partwise._summary import PartitionSummary

    summary = PartitionSummary()
    for i in range(1000):
        failed = i % 97 == 0
        report = SimpleNamespace(
            when="call",
            failed=failed,
            skipped=False,
            longreprtext="E   AssertionError: boom" if failed else "",
            partwise_partition=["t.py::test_x", f"k{i:04d}", i, 1000, i, None, None],
        )
        summary.record(report)
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(5):
            began = time.perf_counter()
            write_report(Path(tmp) / "r.html", summary, ValidationOutcomes(), "bench")
            best = min(best, time.perf_counter() - began)
    return round(best * 1e3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per figure")
    args = parser.parse_args()
    emit(
        {
            "ticks_fresh_process": ticks_side_by_side(args.repeat),
            "plugin": {
                "startup": startup(5),
                "suite_365_daily_keys": _suite(sys.executable, PARTWISE_SUITE, args.repeat),
            },
            "html_report": html_report(args.repeat),
        }
    )


if __name__ == "__main__":
    main()
