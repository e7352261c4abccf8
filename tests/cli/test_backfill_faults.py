"""A killed ``partwise backfill``: no orphan workers, no run left STARTED, and ``--missing``
finishes the job (issue 10, items 4 and 5) — through the real command in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

from partwise import AssetKey, Instance
from partwise._instance.processes import process_is_gone
from partwise._instance.records import DagsterRunStatus

PROJECT = textwrap.dedent(
    """
    import os, time
    from pathlib import Path
    from partwise import DailyPartitionsDefinition, Definitions, asset

    DAYS = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-31")
    MARKS = Path(os.environ["MARKS"])

    @asset(partitions_def=DAYS)
    def raw(context):
        (MARKS / f"{os.getpid()}-{context.partition_key}").touch()
        time.sleep(float(os.environ["SLOW_SECONDS"]))
        return context.partition_key

    @asset(partitions_def=DAYS)
    def clean(raw):
        return raw.upper()

    defs = Definitions(assets=[raw, clean])
    """
)
DAYS = 30


def _backfill(tmp_path: Path, slow: float, *flags: str) -> subprocess.Popen[str]:
    (tmp_path / "project.py").write_text(PROJECT)
    marks = tmp_path / "marks"
    marks.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PARTWISE_HOME": str(tmp_path / "home"),
        "MARKS": str(marks),
        "SLOW_SECONDS": str(slow),
    }
    command = [sys.executable, "-m", "partwise", "backfill", "project.py", "--no-progress"]
    return subprocess.Popen(
        [*command, "--select", "raw,clean", *flags],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _marks(tmp_path: Path) -> list[tuple[int, str]]:
    names = [p.name.split("-", 1) for p in (tmp_path / "marks").iterdir()]
    return [(int(pid), key) for pid, key in names]


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    proc = _backfill(tmp_path, 60, "--all", "--workers", "2")
    _wait_for(lambda: len({pid for pid, _ in _marks(tmp_path)}) == 2, "two busy workers")
    workers = {pid for pid, _ in _marks(tmp_path)}
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    _wait_for(lambda: all(process_is_gone(pid) for pid in workers), "the workers to exit", 20)
    with Instance.local(tmp_path / "home") as instance:
        runs = instance.get_runs()
        seen = [(r.pid, r.status.value, r.tags.get("dagster/partition")) for r in runs]
        assert len(runs) >= 2, seen
        assert all(run.is_finished for run in runs), seen
        # the workers' runs were interrupted by the parent-death signal, and say so
        busy = [run for run in runs if run.pid in workers]
        assert {run.status for run in busy} == {DagsterRunStatus.CANCELED}, (workers, seen)


def _materializations(instance: Instance, asset: str) -> Counter[str]:
    events = instance.get_event_records(
        event_type="ASSET_MATERIALIZATION", asset_key=AssetKey(asset)
    )
    return Counter(event.partition for event in events if event.partition is not None)


def test_missing_resumes_a_killed_backfill(tmp_path: Path) -> None:
    proc = _backfill(tmp_path, 0.05, "--all")
    _wait_for(lambda: len(_marks(tmp_path)) >= 5, "a few partitions")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with Instance.local(tmp_path / "home") as instance:
        assert all(run.is_finished for run in instance.get_runs()), "a run stayed STARTED"
        before = _materializations(instance, "clean")
    assert 0 < len(before) < DAYS

    resumed = _backfill(tmp_path, 0, "--missing")
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    with Instance.local(tmp_path / "home") as instance:
        for asset in ("raw", "clean"):
            assert _materializations(instance, asset) == Counter(
                {f"2024-01-{day:02d}": 1 for day in range(1, DAYS + 1)}
            ), asset
    assert " 0 failed" in out

    again = _backfill(tmp_path, 0, "--missing")
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "0 runs" in out
