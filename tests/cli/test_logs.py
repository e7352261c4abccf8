"""Failures you can read from the command line: `logs`, `runs --failed`, and the one-line error
`tick` and `backfill` print next to each failed run."""

from __future__ import annotations

import pytest

from .conftest import Cli

PROJECT = """
import partwise as pw

days = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-06")


def check(key):
    if key in ("2024-01-02", "2024-01-04"):
        raise ValueError(f"no readings for {key}")


@pw.asset(partitions_def=days)
def readings(context):
    context.log.info("reading %s", context.partition_key)
    check(context.partition_key)
    return 1


@pw.asset(partitions_def=days)
def summary(readings):
    return readings + 1


readings_job = pw.define_asset_job("readings_job", selection=["readings"], partitions_def=days)
defs = pw.Definitions(
    assets=[readings, summary],
    jobs=[readings_job],
    schedules=[pw.build_schedule_from_partitioned_job(readings_job)],
)
"""


@pytest.fixture
def failing(cli: Cli) -> Cli:
    (cli.cwd / "failing.py").write_text(PROJECT)
    return cli


def _run_id(outcome_line: str) -> str:
    return outcome_line.split()[2]


def test_backfill_summarizes_per_asset_and_names_each_failed_run(failing: Cli) -> None:
    outcome = failing("backfill", "failing.py", "--select", "readings,summary", "--all")
    assert outcome.code == 1
    lines = outcome.lines
    assert lines[0].startswith("backfill ") and "5/5 runs" in lines[0]  # the bar ends at 5/5
    assert lines[1].endswith(": 5 runs (3 succeeded, 2 failed)")
    assert lines[2] == "  readings  ran 5: 3 succeeded, 2 failed (2024-01-02, 2024-01-04)"
    assert lines[3] == (
        "  summary   ran 3: 3 succeeded, 0 failed; skipped downstream of a failure: 2 "
        "(2024-01-02, 2024-01-04)"
    )
    failed = [line for line in lines if line.startswith("  failed run ")]
    assert [line.split(" ", 5)[5] for line in failed] == [
        "2024-01-02: readings: ValueError: no readings for 2024-01-02",
        "2024-01-04: readings: ValueError: no readings for 2024-01-04",
    ]


def test_logs_prints_the_latest_run_with_its_log_lines_and_traceback(failing: Cli) -> None:
    failing("materialize", "failing.py", "--select", "readings", "--partition", "2024-01-01")
    failed = failing(
        "materialize", "failing.py", "--select", "readings", "--partition", "2024-01-04"
    )
    assert failed.code == 1
    outcome = failing("logs")
    assert outcome.code == 0, outcome.err
    lines = outcome.lines
    assert lines[0].startswith("run ")
    head = lines[1].split()
    assert head[:5] == ["job", "__cli_materialize", "partition", "2024-01-04", "FAILURE"]
    assert head[5].endswith("s")  # the duration
    assert lines[2] == "log:"
    assert lines[3].endswith(" INFO    readings: reading 2024-01-04")
    assert lines[4] == "step readings failed: ValueError: no readings for 2024-01-04"
    project = str(failing.cwd / "failing.py")
    assert lines[6:] == [
        f'    File "{project}", line 15, in readings',
        "      check(context.partition_key)",
        f'    File "{project}", line 9, in check',
        '      raise ValueError(f"no readings for {key}")',
        "    ValueError: no readings for 2024-01-04",
    ]
    assert "partwise/_execution" not in outcome.out


def test_logs_takes_a_run_id_prefix(failing: Cli) -> None:
    ok = failing("materialize", "failing.py", "--select", "readings", "--partition", "2024-01-01")
    run_id = ok.out.split("(run ")[1].rstrip(")\n")
    failing("materialize", "failing.py", "--select", "readings", "--partition", "2024-01-02")
    outcome = failing("logs", run_id)
    assert outcome.code == 0, outcome.err
    assert "partition 2024-01-01  SUCCESS" in outcome.lines[1]
    assert "failed" not in outcome.out
    unknown = failing("logs", "zzzz")
    assert unknown.code == 2
    assert unknown.err.startswith("partwise: error: No run 'zzzz'; the latest runs: ")


def test_logs_without_runs_says_so(failing: Cli) -> None:
    outcome = failing("logs")
    assert outcome.code == 2
    assert "No runs yet" in outcome.err


def test_runs_failed_lists_failed_runs_with_their_error(failing: Cli) -> None:
    failing("backfill", "failing.py", "--select", "readings", "--all", "--no-progress")
    outcome = failing("runs", "failing.py", "--failed")
    assert outcome.code == 0, outcome.err
    rows = [line.split("  ", 3)[1:] for line in outcome.lines]
    assert rows == [
        ["__ASSET_JOB", "2024-01-04", "readings: ValueError: no readings for 2024-01-04"],
        ["__ASSET_JOB", "2024-01-02", "readings: ValueError: no readings for 2024-01-02"],
    ]
    none = failing("runs", "failing.py", "--failed", "--job", "readings_job")
    assert none.out.strip() == "no failed runs of readings_job"
    neither = failing("runs", "failing.py")
    assert neither.code == 2 and "--job JOB" in neither.err


def test_tick_prints_the_error_next_to_a_failed_run(failing: Cli) -> None:
    outcome = failing("tick", "failing.py", "--at", "2024-01-03T00:05")
    assert outcome.code == 1
    [run] = [line for line in outcome.lines if line.startswith("  run ")]
    assert run.endswith(
        "readings_job 2024-01-02 failure  readings: ValueError: no readings for 2024-01-02"
    )
