"""Bad input gets one clear line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import pytest

from .conftest import Cli

P = "project.py"

ERRORS = {
    "unknown partition key": (
        ["materialize", P, "--select", "raw", "--partition", "2024-01-32"],
        "Unknown partition '2024-01-32' (Daily, starting 2024-01-01 UTC); nearest valid keys: ",
    ),
    "unknown key names the nearest": (
        ["backfill", P, "--select", "raw", "--from", "2024-01-02", "--to", "2024-1-05"],
        "nearest valid keys: 2024-01-04, 2024-01-05, 2024-01-06",
    ),
    "malformed date": (
        ["ticks", P, "--schedule", "pipeline_job_schedule", "--from", "2024-01-01", "--to", "soon"],
        "Malformed --to time 'soon': expected an ISO date or datetime",
    ),
    "malformed tick time": (["tick", P, "--at", "2024-99-01"], "Malformed --at time '2024-99-01'"),
    "missing module": (["status", "no_such_module:defs"], "No module named 'no_such_module'"),
    "missing file": (["status", "missing.py"], "No such file: 'missing.py'"),
    "missing attribute": (
        ["status", "project.py:nope"],
        "project.py has no attribute 'nope'; Definitions found there: defs",
    ),
    "not a Definitions": (["status", "project.py:DAYS"], "is a DailyPartitionsDefinition"),
    "unknown asset": (
        ["partitions", P, "--asset", "claen"],
        "Unknown asset 'claen'; did you mean 'clean'?",
    ),
    "unknown job": (
        ["backfill", P, "--job", "pipline_job", "--all"],
        "Unknown job 'pipline_job'; did you mean 'pipeline_job'?",
    ),
    "unknown schedule": (
        ["ticks", P, "--schedule", "pipeline", "--from", "2024-01-01", "--to", "2024-01-02"],
        "Unknown schedule 'pipeline'; did you mean 'pipeline_job_schedule'?",
    ),
    "no partitions selector": (
        ["backfill", P, "--select", "raw"],
        "Say which partitions, one way: --from K --to K, --partitions k1,k2 or --all",
    ),
    "two partition selectors": (
        ["backfill", P, "--select", "raw", "--all", "--partitions", "2024-01-01"],
        "Say which partitions, one way",
    ),
    "reversed range": (
        ["backfill", P, "--select", "raw", "--from", "2024-01-05", "--to", "2024-01-02"],
        "--from 2024-01-05 comes after --to 2024-01-02",
    ),
    "partitioned asset without a partition": (
        ["materialize", P, "--select", "raw"],
        "raw is partitioned (Daily, starting 2024-01-01 UTC): pass --partition K (the last is "
        "2024-01-10)",
    ),
    "assets of different partitions in one run": (
        ["materialize", P, "--select", "raw,uploaded", "--partition", "2024-01-01"],
        "One run materializes assets of one partitions definition",
    ),
    "config of an unknown partition": (
        ["config", P, "--job", "report_job", "--partition", "yesterday"],
        "Unknown partition 'yesterday'",
    ),
    "error while importing the target": (
        ["status", "needs_dep.py"],
        "Cannot import needs_dep.py: ModuleNotFoundError: No module named 'no_such_dependency' (",
    ),
}


@pytest.mark.parametrize("args, message", ERRORS.values(), ids=ERRORS.keys())
def test_bad_input_is_one_line_exit_2(cli: Cli, args: list[str], message: str) -> None:
    """Each bad value: exit 2 and a single `partwise: error:` line naming it."""
    (cli.cwd / "needs_dep.py").write_text("import no_such_dependency\n")
    outcome = cli(*args)
    assert outcome.code == 2, outcome.out
    assert "Traceback" not in outcome.err
    assert len(outcome.err.splitlines()) == 1, outcome.err
    assert outcome.err.startswith("partwise: error: ")
    assert message in outcome.err


USAGE = {
    "no command": [],
    "unknown command": ["bogus", P],
    "missing required option": ["partitions", P],
    "job and select together": ["backfill", P, "--job", "pipeline_job", "--select", "raw"],
    "workers below 1": ["backfill", P, "--select", "raw", "--all", "--workers", "0"],
    "not a number": ["runs", P, "--job", "pipeline_job", "--last", "many"],
}


@pytest.mark.parametrize("args", USAGE.values(), ids=USAGE.keys())
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    """argparse usage errors are one line pointing at --help, exit 2, without a traceback."""
    outcome = cli(*args)
    assert outcome.code == 2
    assert len(outcome.err.splitlines()) == 1, outcome.err
    assert outcome.err.startswith("partwise") and "error: " in outcome.err
    assert outcome.err.rstrip().endswith("--help)")


FAILING_CODE = """
import datetime as dt
from partwise import Definitions, daily_partitioned_config, job, op, schedule


@op
def noop() -> None:
    pass


@daily_partitioned_config(start_date=dt.datetime(2024, 1, 1))
def config(start, _end):
    raise KeyError("no settings for " + start.strftime("%Y-%m-%d"))


@job(config=config)
def configured() -> None:
    noop()


@schedule(cron_schedule="0 * * * *", job=configured)
def hourly(context):
    return 1 / 0


defs = Definitions(jobs=[configured], schedules=[hourly])
"""


def _line_of(text: str) -> int:
    return next(i for i, line in enumerate(FAILING_CODE.splitlines(), 1) if text in line)


CODE_ERRORS = {
    "schedule raises": (
        [
            "ticks",
            "failing.py",
            "--schedule",
            "hourly",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-02",
        ],
        "partwise: error: Schedule hourly raised ZeroDivisionError: division by zero (",
        _line_of("1 / 0"),
    ),
    "config function raises": (
        ["config", "failing.py", "--job", "configured", "--partition", "2024-01-02"],
        "partwise: error: The config function of configured raised KeyError: "
        "'no settings for 2024-01-02' (",
        _line_of("raise KeyError"),
    ),
}


@pytest.mark.parametrize("args, message, line", CODE_ERRORS.values(), ids=CODE_ERRORS.keys())
def test_failing_project_code_is_one_line_exit_1(
    cli: Cli, args: list[str], message: str, line: int
) -> None:
    """The project's own code raising: exit 1 and one line naming the error and where it was."""
    (cli.cwd / "failing.py").write_text(FAILING_CODE)
    outcome = cli(*args)
    assert outcome.code == 1, outcome.out
    assert "Traceback" not in outcome.err
    assert outcome.err.startswith(message), outcome.err
    assert outcome.err.endswith(f"failing.py:{line})\n")
