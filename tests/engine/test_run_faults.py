"""No run stays STARTED: interrupts, kills, pid reuse and a full database (issue 10, item 2)."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from partwise import AssetKey, DailyPartitionsDefinition, Instance, asset, materialize
from partwise._instance.processes import hostname, process_start
from partwise._instance.records import DagsterRun, DagsterRunStatus
from partwise.errors import InvariantViolationError

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
KEY = "2022-01-02"

SLOW = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from partwise import DailyPartitionsDefinition, Instance, asset, materialize

    @asset(partitions_def=DailyPartitionsDefinition(start_date="2022-01-01"))
    def slow(context):
        Path(sys.argv[2]).touch()
        time.sleep(60)
        return 1

    with Instance.local(sys.argv[1]) as instance:
        materialize([slow], partition_key="2022-01-02", instance=instance)
    """
)


def _start_slow_run(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    script, marker, root = tmp_path / "slow.py", tmp_path / "in-step", tmp_path / "home"
    script.write_text(SLOW)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(root), str(marker)], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the run never reached its step"
        time.sleep(0.02)
    return proc, root


def _only_run(root: Path) -> tuple[DagsterRun, str]:
    with Instance.local(root) as instance:
        (run,) = instance.get_runs()
        last = instance.all_logs(run.run_id)[-1]
        return run, last.message


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_terminated_or_interrupted_run_is_canceled(tmp_path: Path, signum: int) -> None:
    proc, root = _start_slow_run(tmp_path)
    proc.send_signal(signum)
    proc.communicate(timeout=60)
    run, message = _only_run(root)
    assert run.status is DagsterRunStatus.CANCELED
    assert signal.Signals(signum).name in message or "KeyboardInterrupt" in message


def test_killed_run_is_failed_when_the_instance_reopens(tmp_path: Path) -> None:
    proc, root = _start_slow_run(tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    run, message = _only_run(root)
    assert run.status is DagsterRunStatus.FAILURE
    assert run.tags["dagster/failure_reason"] == "UNEXPECTED_TERMINATION"
    assert message == f"process died (pid {proc.pid} on {hostname()})"


def test_a_reused_pid_does_not_keep_a_dead_run_alive(tmp_path: Path) -> None:
    """The run's pid now belongs to another live process, started later: the run is dead."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with Instance.local(tmp_path) as instance:
            for run_id, started in [("reused", "other-boot:1"), ("alive", None)]:
                started = started or process_start(sleeper.pid)
                instance.add_run(
                    DagsterRun(
                        run_id, "job", pid=sleeper.pid, hostname=hostname(), process_start=started
                    )
                )
            assert instance.mark_abandoned_runs_failed() == ["reused"]
            alive = instance.get_run_by_id("alive")
            assert alive is not None and alive.status is DagsterRunStatus.STARTED
    finally:
        sleeper.kill()
        sleeper.wait()


def _big_then_full(instance: Instance) -> object:
    """An asset that logs more metadata than the database has room left for."""
    conn = instance._storage._state().conn  # type: ignore[attr-defined]

    @asset(partitions_def=DAILY, name="big")
    def big(context: object) -> int:
        context.add_output_metadata({"blob": "x" * 200_000})  # type: ignore[attr-defined]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return 2

    return big


def test_full_database_leaves_no_file_behind(tmp_path: Path) -> None:
    with Instance.local(tmp_path) as instance:
        big = _big_then_full(instance)
        with pytest.raises(InvariantViolationError, match="Could not record run"):
            materialize([big], partition_key=KEY, instance=instance)
        instance._storage._state().conn.execute("PRAGMA max_page_count = 1073741823")  # type: ignore[attr-defined]
        (run,) = instance.get_runs()
        assert run.status is DagsterRunStatus.FAILURE
        assert not (tmp_path / "storage" / "big" / KEY).exists()
        assert instance.get_materialized_partitions(AssetKey("big")) == set()
        assert os.listdir(tmp_path / "storage" / "big") == []  # no temp or backup file either


def test_full_database_puts_the_previous_file_back(tmp_path: Path) -> None:
    @asset(partitions_def=DAILY, name="big")
    def first() -> int:
        return 1

    with Instance.local(tmp_path) as instance:
        materialize([first], partition_key=KEY, instance=instance)
        with pytest.raises(InvariantViolationError):
            materialize([_big_then_full(instance)], partition_key=KEY, instance=instance)
        path = tmp_path / "storage" / "big" / KEY
        assert pickle.loads(path.read_bytes()) == 1
        assert os.listdir(path.parent) == [KEY]


def test_keyboard_interrupt_in_a_step_cancels_the_run(tmp_path: Path) -> None:
    @asset(partitions_def=DAILY)
    def interrupted() -> int:
        raise KeyboardInterrupt

    with Instance.local(tmp_path) as instance:
        with pytest.raises(KeyboardInterrupt):
            materialize([interrupted], partition_key=KEY, instance=instance)
        (run,) = instance.get_runs()
        assert run.status is DagsterRunStatus.CANCELED


def test_sys_exit_in_a_step_fails_the_run() -> None:
    @asset
    def exits() -> int:
        sys.exit(3)

    instance = Instance.ephemeral()
    with pytest.raises(SystemExit):
        materialize([exits], instance=instance)
    (run,) = instance.get_runs()
    assert run.status is DagsterRunStatus.FAILURE


def test_read_commands_fail_dead_runs_when_they_may_write(tmp_path: Path) -> None:
    """``status`` opens read-only, yet a killed run must not show as in progress forever."""
    proc, root = _start_slow_run(tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    with Instance.local(root, read_only=True) as reader:
        (run,) = reader.get_runs()
        assert reader.is_read_only
        assert run.status is DagsterRunStatus.FAILURE
        assert run.tags["dagster/failure_reason"] == "UNEXPECTED_TERMINATION"
