"""SQLite write cost per backfill run: ``add_runs`` + ``finish_runs`` as a backfill calls them.

Usage: ``python benchmarks/bench_sqlite_writes.py [--runs N] [--repeat N] [--dir PATH ...]``;
prints JSON. A two-asset daily backfill of ``--runs`` partitions runs once on an in-memory
instance whose storage records every ``add_runs`` / ``finish_runs`` batch (so the runs, tags
and events are exactly what the engine writes); the batches are then replayed, in the same
order, on a new SQLite storage in each ``--dir`` (default ``/dev/shm`` and the system temporary
directory). ``write_us_per_run_<dir>`` is the least CPU time of ``--repeat`` replays divided by
the number of runs — goal ≤ 40 µs (issue 10, item 9). ``db_kb_per_run_<dir>`` is the database
size one replay leaves (after its log is folded in).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import emit

import partwise
from partwise._instance import Instance
from partwise._instance.memory import MemoryStorage
from partwise._instance.records import DagsterRun, EventLogEntry
from partwise._instance.sqlite import SqliteStorage
from partwise._instance.storage import FinishedRun

GOAL = "≤ 40 µs of CPU per run for add_runs + finish_runs"
START = dt.date(1700, 1, 1)
DAYS = partwise.DailyPartitionsDefinition(
    start_date=START.isoformat(), end_date=(START + dt.timedelta(days=110_000)).isoformat()
)


@partwise.asset(partitions_def=DAYS)
def readings(context: Any) -> int:
    return len(context.partition_key)


@partwise.asset(partitions_def=DAYS)
def summary(readings: int) -> int:
    return readings * 2


Batch = tuple[str, Any]


class RecordingStorage(MemoryStorage):
    """An in-memory storage that also keeps each write batch a backfill makes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[Batch] = []

    def add_runs(self, runs: Sequence[tuple[DagsterRun, Sequence[EventLogEntry]]]) -> None:
        self.batches.append(("add_runs", list(runs)))
        super().add_runs(runs)

    def finish_runs(self, runs: Sequence[FinishedRun]) -> None:
        self.batches.append(("finish_runs", list(runs)))
        super().finish_runs(runs)


def record_backfill(count: int) -> list[Batch]:
    """The write batches of a ``count``-partition backfill of ``readings`` and ``summary``."""
    storage = RecordingStorage()
    keys = list(DAYS.get_partition_keys()[:count])
    with tempfile.TemporaryDirectory() as root, Instance(storage, root) as instance:
        result = partwise.backfill([readings, summary], partition_keys=keys, instance=instance)
    assert result.success and len(result.runs) == count, "the backfill failed"
    return storage.batches


def replay(batches: list[Batch], directory: str, repeat: int) -> tuple[float, int]:
    """The least CPU seconds of ``repeat`` replays of ``batches``, each on a new database (its
    creation not counted), and the size of the database one replay leaves."""
    best, size = float("inf"), 0
    for _ in range(repeat):
        where = tempfile.mkdtemp(prefix="partwise-writes-", dir=directory)
        path = os.path.join(where, "partwise.db")
        storage = SqliteStorage(path)
        try:
            storage.get_dynamic_partitions("warm-up")  # opens the connection, makes the schema
            gc.collect()
            began = time.process_time()
            for method, batch in batches:
                getattr(storage, method)(batch)
            best = min(best, time.process_time() - began)
        finally:
            storage.close()  # folds the write-ahead log into the file
            size = os.path.getsize(path)
            shutil.rmtree(where, ignore_errors=True)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="partitions (runs) per backfill")
    parser.add_argument("--repeat", type=int, default=5, help="least CPU time of N replays")
    parser.add_argument("--dir", action="append", help="where the databases live (repeatable)")
    args = parser.parse_args()
    directories = args.dir or [d for d in ("/dev/shm", tempfile.gettempdir()) if os.path.isdir(d)]
    batches = record_backfill(args.runs)
    runs = sum(len(batch) for method, batch in batches if method == "add_runs")
    events = sum(
        len(planned) for method, batch in batches if method == "add_runs" for _, planned in batch
    ) + sum(len(f.events) for method, batch in batches if method == "finish_runs" for f in batch)
    results: dict[str, Any] = {
        "runs": runs,
        "events_per_run": round(events / runs, 2),
        "batches": len(batches),
        "sqlite_version": sqlite3.sqlite_version,
    }
    for directory in directories:
        seconds, size = replay(batches, directory, args.repeat)
        label = directory.strip("/").replace("/", "_") or "root"
        results[f"write_us_per_run_{label}"] = round(seconds / runs * 1e6, 1)
        results[f"db_kb_per_run_{label}"] = round(size / runs / 1024, 2)
    results["goal"] = GOAL
    emit(results)


if __name__ == "__main__":
    main()
