"""A ``partwise materialize`` killed with SIGKILL mid-run, then the instance reopened by the next
command: files and records agree again and no scratch file is left (issue 10, item 2 and 3).

Found by the second fault campaign: a run that replaced one asset's file and was killed while
computing the next left the new, never recorded value in place (the recorded one survived only
as a ``.bak`` file, later deleted), and a kill during a write left its ``.tmp`` file for good.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from partwise import AssetKey, Instance

from .test_backfill_faults import _wait_for

PROJECT = textwrap.dedent(
    """
    import os, time
    from pathlib import Path
    from partwise import Definitions, asset

    MARKS = Path(os.environ["MARKS"])

    def _block(what):
        (MARKS / what).touch()
        while True:  # until killed
            time.sleep(0.05)

    class Stuck:
        def __reduce__(self):  # writing this value blocks half way through the file
            _block("pickling")

    @asset
    def first():
        value = os.environ["VALUE"]
        return [b"x" * 100_000, Stuck()] if value == "stuck" else value

    @asset
    def second(first):
        if os.environ.get("BLOCK_SECOND"):
            _block("second")
        return f"{first}!"

    defs = Definitions(assets=[first, second])
    """
)


def _cli(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    (tmp_path / "marks").mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PARTWISE_HOME": str(tmp_path / "home"),
        "MARKS": str(tmp_path / "marks"),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "partwise", *args],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    with _cli(tmp_path, *args, **env) as process:
        out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _kill_when_marked(tmp_path: Path, mark: str, *args: str, **env: str) -> None:
    process = _cli(tmp_path, *args, **env)
    try:
        _wait_for(lambda: (tmp_path / "marks" / mark).exists(), mark)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)


def _scratch_files(storage: Path) -> list[str]:
    return sorted(p.name for p in storage.rglob(".*"))


def test_a_killed_overwrite_puts_the_recorded_file_back(tmp_path: Path) -> None:
    (tmp_path / "project.py").write_text(PROJECT)
    select = ("materialize", "project.py", "--select", "first,second")
    assert _run(tmp_path, *select, VALUE="A")[0] == 0
    _kill_when_marked(tmp_path, "second", *select, VALUE="B", BLOCK_SECOND="1")

    code, out, err = _run(tmp_path, "status", "project.py")  # the next command reopens it
    assert code == 0, err
    storage = tmp_path / "home" / "storage"
    assert pickle.loads((storage / "first").read_bytes()) == "A"  # was "B", recorded nowhere
    assert _scratch_files(storage) == []
    with Instance.local(tmp_path / "home") as instance:
        latest = instance.get_latest_materialization_event(AssetKey("first"))
        runs = instance.get_runs()
        assert latest is not None and latest.run_id == runs[-1].run_id  # the first, "A" run
        assert [r.status.value for r in runs] == ["FAILURE", "SUCCESS"]
    code, out, err = _run(tmp_path, "runs", "project.py", "--failed")
    assert code == 0, err
    assert "process died (pid" in out  # was "failed before any step ran"


def test_a_write_killed_half_way_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "project.py").write_text(PROJECT)
    _kill_when_marked(
        tmp_path, "pickling", "materialize", "project.py", "--select", "first", VALUE="stuck"
    )
    storage = tmp_path / "home" / "storage"
    # what the kill left: nothing where new files are written unnamed (Linux), else a .tmp file
    assert {p.suffix for p in storage.rglob(".*")} <= {".tmp"}

    code, out, err = _run(tmp_path, "status", "project.py")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["first", "×", "failed"]  # was "█ materialized"
    assert _scratch_files(storage) == []
    assert not (storage / "first").exists()
