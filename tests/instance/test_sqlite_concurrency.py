"""The SQLite instance under real concurrency: processes, threads, forks and killed runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

from partwise._asset_key import AssetKey
from partwise._instance import (
    AssetPartitionStatus,
    DagsterRunStatus,
    EventLogEntry,
    Instance,
    RunsFilter,
)

A = AssetKey("a")

WRITER = """
import pathlib, sys, time
from partwise._instance import DagsterRunStatus, EventLogEntry, Instance
from partwise._asset_key import AssetKey

root, name, go = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
a = AssetKey("a")
with Instance.local(root) as inst:
    while not go.exists():
        time.sleep(0.001)
    for i in range(500):
        if i < 200:
            key = f"{name}-{i}"
            run = inst.create_run(
                "job", tags={"writer": name, "dagster/partition": key}, asset_selection=[a]
            )
            inst.store_events([
                EventLogEntry(run.run_id, "STEP_START", step_key="a"),
                EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", a, key),
            ])
            inst.report_run_status(run.run_id, DagsterRunStatus.SUCCESS)
        inst.add_dynamic_partitions("d", [f"{name}-{i}"])
        inst.add_dynamic_partitions("shared", [f"s-{i % 50}"])
print("done")
"""

ABANDONER = """
import os, sys
from partwise._instance import Instance
inst = Instance.local(sys.argv[1])
inst.create_run("job", run_id="killed", tags={"dagster/partition": "p"}, asset_selection=["a"])
os._exit(0)
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class _OneKey:
    def get_partition_keys_in_range(self, partition_key_range: object) -> list[str]:
        return ["p"]


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    """Two processes writing runs, events and dynamic keys at once lose nothing and never fail."""
    root, go = str(tmp_path / "home"), tmp_path / "go"
    Instance.local(root).close()  # schema in place before the race starts
    procs = [_python(WRITER, root, name, str(go)) for name in ("w1", "w2")]
    time.sleep(0.2)
    go.touch()
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    with Instance.local(root) as inst:
        for name in ("w1", "w2"):
            runs = inst.get_runs(RunsFilter(tags={"writer": name}))
            assert len(runs) == 200 and all(run.is_success for run in runs)
            keys = [k for k in inst.get_dynamic_partitions("d") if k.startswith(name)]
            assert keys == [f"{name}-{i}" for i in range(500)]
        assert len(inst.get_materialized_partitions(A)) == 400
        assert len(inst.get_event_records()) == 400 * 4
        assert sorted(inst.get_dynamic_partitions("shared")) == sorted(f"s-{i}" for i in range(50))


def test_threads_share_one_instance(tmp_path: Path) -> None:
    """Eight threads writing through one instance (a connection each) lose nothing."""
    errors: list[BaseException] = []
    with Instance.local(tmp_path) as inst:

        def work(n: int) -> None:
            try:
                for i in range(50):
                    run = inst.create_run("job", tags={"t": str(n)})
                    inst.store_event(
                        EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", A, f"{n}-{i}")
                    )
                    inst.add_dynamic_partitions("d", [f"{n}-{i}"])
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert inst.get_runs_count() == 400
        assert len(inst.get_materialized_partitions(A)) == 400
        assert len(inst.get_dynamic_partitions("d")) == 400


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_reopens_its_connection(tmp_path: Path) -> None:
    """A child forked after the parent used the instance writes through a fresh connection."""
    with Instance.local(tmp_path) as inst:
        inst.create_run("job", run_id="parent")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 0
            try:
                inst.create_run("job", run_id="child")
                inst.add_dynamic_partitions("d", ["from-child"])
            except BaseException:
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        inst.create_run("job", run_id="parent-again")
        assert {run.run_id for run in inst.get_runs()} == {"parent", "child", "parent-again"}
        assert inst.get_dynamic_partitions("d") == ["from-child"]


def test_killed_run_is_never_success(tmp_path: Path) -> None:
    """A run whose process died mid-run is FAILURE ("process died") once the instance reopens."""
    proc = _python(ABANDONER, str(tmp_path))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    with Instance.local(tmp_path) as inst:
        run = inst.get_run_by_id("killed")
        assert run is not None and run.status is DagsterRunStatus.FAILURE and run.pid == proc.pid
        assert run.tags["dagster/failure_reason"] == "UNEXPECTED_TERMINATION"
        (failure,) = inst.all_logs("killed", "PIPELINE_FAILURE")
        assert failure.message.startswith("process died")
        assert inst.get_status_by_partition(A, ["p"], _OneKey()) == {
            "p": AssetPartitionStatus.FAILED
        }
        assert inst.mark_abandoned_runs_failed() == []


def test_a_long_wait_for_another_writer_is_said_once_then_the_write_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A writer held up by another process's transaction logs one warning naming the database,
    and its write goes through once the other transaction ends (nothing is lost)."""
    from partwise._instance import sqlite as storage

    monkeypatch.setattr(storage, "_BUSY_TIMEOUT_MS", 20)  # SQLite's own wait: short, so we retry
    monkeypatch.setattr(storage, "_SAY_WAITING_AFTER", 0.1)
    with Instance.local(tmp_path) as instance:
        instance.add_dynamic_partitions("d", ["before"])  # the database exists
        holder = sqlite3.connect(tmp_path / "partwise.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
        caplog.set_level("WARNING", logger="partwise.storage")
        writer = threading.Thread(target=instance.add_dynamic_partitions, args=("d", ["after"]))
        writer.start()
        deadline = time.monotonic() + 30
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.02)
        holder.execute("ROLLBACK")
        holder.close()
        writer.join(30)
        assert not writer.is_alive()
        assert instance.get_dynamic_partitions("d") == ["before", "after"]
    [record] = [r for r in caplog.records if r.name == "partwise.storage"]
    assert str(tmp_path / "partwise.db") in record.getMessage()
    assert "another process" in record.getMessage()
