"""The default filesystem I/O manager's cost per partition, without the rest of the engine.

Usage: ``python benchmarks/bench_fs_writes.py [--partitions N] [--dir PATH] [--no-strace]``;
prints JSON. Each partition does what a run of the two-asset daily backfill of
``bench_scale.py`` asks of the I/O manager: store ``readings``, load it back as the input of
``summary``, store ``summary`` (two writes and one read), with the contexts the engine builds and
a write journal committed after each run, as a recorded run commits it.

* ``new_us`` / ``new_cpu_us``: microseconds (wall, CPU) per partition when every file is new,
  the backfill case — goal ≤ 60 µs of CPU on ``/dev/shm``;
* ``overwrite_us`` / ``overwrite_cpu_us``: the same partitions again, replacing every file;
* ``syscalls_new`` / ``syscalls_overwrite``: system calls per partition by name (``strace -c``
  of a child process, minus a child that does no partition), when ``strace`` is installed.

The contexts are built before the clock starts: only ``handle_output``/``load_input`` (and the
journal's commit) are timed. ``--dir`` picks the file system (default ``/dev/shm`` if present).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import emit

import partwise
from partwise import AssetKey, DailyPartitionsDefinition, FilesystemIOManager, _scratch
from partwise._io.base import InputContext, OutputContext
from partwise._io.journal import WriteJournal

DAYS = DailyPartitionsDefinition(start_date="1700-01-01", end_date="2100-01-01")
READINGS, SUMMARY = AssetKey("readings"), AssetKey("summary")
HERE = os.path.abspath(__file__)


def _output(
    asset: AssetKey, key: str, instance: Any, journal: WriteJournal | None
) -> OutputContext:
    name = asset.path[-1]
    out = OutputContext(
        name="result",
        step_key=name,
        asset_key=asset,
        partitions_def=DAYS,
        partition_keys=(key,),
        run_id="0" * 36,
        instance=instance,
        op_def_name=name,
        run_partition_key=key,
    )
    out._journal = journal
    return out


def _contexts(keys: list[str], instance: Any) -> list[tuple[Any, ...]]:
    """Per partition: the run's journal and the contexts of its two writes and one read."""
    plan = []
    for key in keys:
        journal = WriteJournal()
        loading = InputContext(
            name="readings",
            asset_key=READINGS,
            partitions_def=DAYS,
            asset_partition_keys=(key,),
            upstream_output=_output(READINGS, key, instance, None),
            partition_key=key,
            instance=instance,
            step_key="summary",
        )
        writes = (
            _output(READINGS, key, instance, journal),
            _output(SUMMARY, key, instance, journal),
        )
        plan.append((journal, writes[0], loading, writes[1]))
    return plan


def _partitions(manager: FilesystemIOManager, plan: list[tuple[Any, ...]]) -> None:
    for journal, first, loading, second in plan:
        manager.handle_output(first, 7)
        first.consume_logged_metadata()
        value = manager.load_input(loading)
        manager.handle_output(second, value * 2)
        second.consume_logged_metadata()
        journal.commit()


def measure(count: int, directory: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` µs per partition: new files, then the same files replaced."""
    keys = DAYS.get_partition_keys()[:count]
    best: dict[str, float] = {}
    for _ in range(repeat):
        root = tempfile.mkdtemp(prefix="partwise-fs-", dir=directory)
        try:
            with partwise.Instance.local(root) as instance:
                manager = FilesystemIOManager()
                for phase in ("new", "overwrite"):
                    plan = _contexts(keys, instance)
                    gc.collect()
                    wall, cpu = time.perf_counter(), time.process_time()
                    _partitions(manager, plan)
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    for label, seconds in ((f"{phase}_us", wall), (f"{phase}_cpu_us", cpu)):
                        best[label] = min(best.get(label, float("inf")), seconds / count * 1e6)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return {label: round(value, 1) for label, value in best.items()}


def child(count: int, directory: str, phase: str) -> None:
    """One phase over ``count`` partitions (after the "new" phase, for ``overwrite``)."""
    keys = DAYS.get_partition_keys()[:count]
    root = tempfile.mkdtemp(prefix="partwise-fs-", dir=directory)
    try:
        with partwise.Instance.local(root) as instance:
            manager = FilesystemIOManager()
            if phase == "overwrite":
                _partitions(manager, _contexts(keys, instance))
            plan = _contexts(keys, instance)
            os.kill(os.getpid(), 0)  # a marker in the trace: counting starts after it
            _partitions(manager, plan)
            os.kill(os.getpid(), 0)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def syscalls(count: int, directory: str, phase: str, named: bool) -> dict[str, float]:
    """System calls per partition by name, between the two markers of :func:`child`."""
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as trace:
        subprocess.run(
            ["strace", "-f", "-qq", "-o", trace.name, sys.executable, HERE, "--child", phase,
             str(count), directory, *(["--named"] if named else [])],
            check=True,
        )  # fmt: skip
        lines = trace.read().splitlines()
    marks = [i for i, line in enumerate(lines) if "kill(" in line and ", 0)" in line]
    counts: dict[str, int] = {}
    for line in lines[marks[0] + 1 : marks[-1]]:
        name = line.split(None, 1)[-1].split("(", 1)[0]
        if name.isidentifier():
            counts[name] = counts.get(name, 0) + 1
    per = {name: round(n / count, 2) for name, n in sorted(counts.items(), key=lambda i: -i[1])}
    return {"total": round(sum(counts.values()) / count, 2), **per}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--named", action="store_true", help="write named temporary files")
    parser.add_argument("--partitions", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    default_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    parser.add_argument("--dir", default=default_dir, help="the file system to write to")
    parser.add_argument("--no-strace", action="store_true", help="skip the system call counts")
    args = parser.parse_args()
    if args.named:  # as on a system without O_TMPFILE or /proc
        _scratch._can_link_descriptors = lambda: False  # type: ignore[method-assign]
    if args.child:
        phase, count, directory = args.child
        child(int(count), directory, phase)
        return
    results: dict[str, Any] = {"dir": args.dir, "named": args.named, "partitions": args.partitions}
    results["load_average_1m"] = os.getloadavg()[0]
    results.update(measure(args.partitions, args.dir, args.repeat))
    if not args.no_strace and shutil.which("strace"):
        small = min(args.partitions, 500)
        for phase in ("new", "overwrite"):
            results[f"syscalls_{phase}"] = syscalls(small, args.dir, phase, args.named)
    emit(results)


if __name__ == "__main__":
    main()
