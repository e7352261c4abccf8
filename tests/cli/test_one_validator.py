"""`partwise validate` and pytest's `--partwise-definitions` items run the same checks: on the same
project they report the same problems (and both accept a function returning the Definitions)."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import Cli

PROJECT = """
import partwise as pw

days = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-08")
late = pw.DailyPartitionsDefinition(start_date="2024-01-03", end_date="2024-01-08")


@pw.op(config_schema={"rows": int})
def load(context):
    pass


@pw.daily_partitioned_config(start_date="2024-01-01", end_offset=0)
def load_config(start, _end):
    if start.isoformat().startswith("2024-01-05"):
        raise RuntimeError("no config on the 5th")
    return {"ops": {"load": {"config": {"rows": "many" if start.isoformat().startswith("2024-01-02") else 10}}}}


@pw.job(config=load_config)
def load_job():
    load()


@pw.schedule(cron_schedule="0 0 * * *", job=load_job)
def stale(context):
    return pw.RunRequest(partition_key="2023-12-31")


@pw.asset(partitions_def=late)
def raw():
    return 1


@pw.asset(partitions_def=days)
def clean(raw):
    return raw


def make_defs():
    return pw.Definitions(assets=[raw, clean], jobs=[load_job], schedules=[stale])
"""
EXPECTED = {"load_job[2024-01-02]", "load_job[2024-01-05]", "stale", "raw->clean"}


def test_cli_and_pytest_report_the_same_problems(cli: Cli) -> None:
    (cli.cwd / "validated.py").write_text(PROJECT)
    outcome = cli("validate", "validated.py:make_defs", "--max-problems", "50")
    assert outcome.code == 1
    cli_problems = {line[2:].split(": ", 1)[0] for line in outcome.lines if line.startswith("✗ ")}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf"]
    command += ["--partwise-definitions", "validated:make_defs"]
    pytest_run = subprocess.run(
        command, cwd=cli.cwd, env=cli.env(), capture_output=True, text=True, timeout=300
    )
    failed = re.findall(r"^FAILED partwise-validate::(\S+)", pytest_run.stdout, re.M)
    assert cli_problems == set(failed) == EXPECTED
    lines = {line[2:].split(": ", 1)[0]: line for line in outcome.lines if line.startswith("✗ ")}
    config_error = "the config function raised RuntimeError: no config on the 5th"
    assert config_error in lines["load_job[2024-01-05]"]
    assert "Could not find a partition with key `2023-12-31`" in lines["stale"]
    assert "2 downstream partitions do not resolve: 2024-01-01...2024-01-02" in lines["raw->clean"]
    items = re.search(r"(\d+) passed", pytest_run.stdout)
    assert items is not None
    assert outcome.lines[-1] == f"validated {int(items[1]) + 4} items: 4 problems"
