"""Every ``partwise`` command, run for real in a subprocess on a small ten-day project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from partwise import Instance

from .conftest import Cli

DAYS = [f"2024-01-{day:02d}" for day in range(1, 11)]


def _runs(cli: Cli) -> list[Any]:
    with Instance.local(cli.home) as instance:
        return list(instance.get_runs())


# -- partitions ----------------------------------------------------------------------------------
def test_partitions_lists_every_key(cli: Cli) -> None:
    """`partitions --asset` prints the asset's keys, one per line, in order."""
    outcome = cli("partitions", "project.py", "--asset", "raw")
    assert outcome.code == 0, outcome.err
    assert outcome.lines == DAYS


def test_partitions_count(cli: Cli) -> None:
    """`partitions --count` prints only how many keys there are."""
    outcome = cli("partitions", "project.py", "--asset", "clean", "--count")
    assert (outcome.code, outcome.out.strip()) == (0, "10")


def test_partitions_accepts_a_module_target(cli: Cli) -> None:
    """TARGET may be `module:attr`, imported from the working directory."""
    outcome = cli("partitions", "project:defs", "--asset", "raw", "--count")
    assert (outcome.code, outcome.out.strip()) == (0, "10")


# -- materialize ---------------------------------------------------------------------------------
def test_materialize_one_partition(cli: Cli) -> None:
    """`materialize` runs the selected assets for one partition and records it."""
    outcome = cli("materialize", "project.py", "--select", "raw,clean", "--partition", "2024-01-05")
    assert outcome.code == 0, outcome.err
    assert "materialized raw, clean [2024-01-05]" in outcome.out
    status = cli("status", "project.py", "--select", "clean")
    assert "1/10" in status.out


def test_materialize_failing_asset_exits_1_with_the_error(cli: Cli) -> None:
    """A failing step: exit 1 and one line naming the asset, the partition and the error."""
    outcome = cli("materialize", "project.py", "--select", "flaky", "--partition", "2024-01-03")
    assert outcome.code == 1
    assert "failed flaky [2024-01-03]: ValueError: no data for 2024-01-03" in outcome.out
    assert "Traceback" not in outcome.err + outcome.out


# -- backfill ------------------------------------------------------------------------------------
def test_backfill_from_to(cli: Cli) -> None:
    """`--from K --to K` runs that inclusive range, one run per partition."""
    outcome = cli(
        "backfill", "project.py", "--select", "raw", "--from", "2024-01-02", "--to", "2024-01-04"
    )
    assert outcome.code == 0, outcome.err
    assert ": 3 runs (3 succeeded, 0 failed)" in outcome.out
    assert "  raw  ran 3: 3 succeeded, 0 failed\n" in outcome.out
    assert sorted(run.tags["dagster/partition"] for run in _runs(cli)) == DAYS[1:4]


def test_backfill_partitions_list(cli: Cli) -> None:
    """`--partitions k1,k2` runs exactly those keys."""
    outcome = cli(
        "backfill", "project.py", "--select", "raw", "--partitions", "2024-01-09,2024-01-01"
    )
    assert outcome.code == 0, outcome.err
    assert {run.tags["dagster/partition"] for run in _runs(cli)} == {"2024-01-01", "2024-01-09"}


def test_backfill_all_of_a_job(cli: Cli) -> None:
    """`--job J --all` runs every partition of the job, tagged with the backfill id."""
    outcome = cli("backfill", "project.py", "--job", "pipeline_job", "--all", "--no-progress")
    assert outcome.code == 0, outcome.err
    runs = _runs(cli)
    assert len(runs) == 10
    assert all("dagster/backfill" in run.tags for run in runs)


def test_backfill_of_an_op_job_with_partitioned_config(cli: Cli) -> None:
    """An op job's backfill runs each partition with that partition's config."""
    outcome = cli(
        "backfill",
        "project.py",
        "--job",
        "report_job",
        "--from",
        "2024-01-02",
        "--to",
        "2024-01-03",
    )
    assert outcome.code == 0, outcome.err
    days = {run.run_config["ops"]["report"]["config"]["day"] for run in _runs(cli)}
    assert days == {"2024-01-02", "2024-01-03"}


def test_backfill_failures_exit_1_and_list_ranges(backfilled: Cli) -> None:
    """Failed partitions: exit 1, listed per asset as compact ranges; each failed run with its
    one-line error."""
    outcome = backfilled("backfill", "project.py", "--select", "flaky", "--all", "--no-progress")
    assert outcome.code == 1
    assert "flaky  ran 10: 7 succeeded, 3 failed (2024-01-03...2024-01-04, 2024-01-08)" in (
        outcome.out
    )
    failed = [line for line in outcome.lines if line.startswith("  failed run ")]
    assert [line.split(" ", 5)[5] for line in failed] == [
        f"{day}: flaky: ValueError: no data for {day}"
        for day in ("2024-01-03", "2024-01-04", "2024-01-08")
    ]


MULTI_ASSET_PROJECT = """
import partwise as pw

LETTERS = pw.StaticPartitionsDefinition(["a", "b"])
NUMBERS = pw.StaticPartitionsDefinition(["1", "2", "3"])


@pw.multi_asset(
    specs=[pw.AssetSpec("letter", partitions_def=LETTERS), pw.AssetSpec("number", partitions_def=NUMBERS)],
    can_subset=True,
)
def pair(context):
    for key in context.selected_asset_keys:
        yield pw.MaterializeResult(asset_key=key)


defs = pw.Definitions(assets=[pair])
"""


def test_backfill_of_a_multi_asset_runs_each_definitions_assets(cli: Cli) -> None:
    """Selecting assets of one multi-asset backfills each under its own partitions."""
    (cli.cwd / "multi.py").write_text(MULTI_ASSET_PROJECT)
    outcome = cli("backfill", "multi.py", "--select", "letter,number", "--all", "--no-progress")
    assert outcome.code == 0, outcome.err
    keys = sorted(run.tags["dagster/partition"] for run in _runs(cli))
    assert keys == ["1", "2", "3", "a", "b"]


def test_backfill_shows_a_progress_bar(cli: Cli) -> None:
    """Without --no-progress the backfill draws a bar with the run count."""
    outcome = cli("backfill", "project.py", "--select", "raw", "--partitions", "2024-01-01")
    assert outcome.code == 0, outcome.err
    assert "1/1 runs" in outcome.out


def test_backfill_with_worker_processes(cli: Cli) -> None:
    """`--workers 2` runs every partition in worker processes that import the path.py target."""
    outcome = cli("backfill", "project.py", "--select", "raw,clean", "--all", "--workers", "2")
    assert outcome.code == 0, outcome.err
    runs = _runs(cli)
    assert len(runs) == 10
    assert all(run.pid not in (None, outcome.pid) for run in runs)


def test_backfill_workers_import_the_target_when_spawned(cli: Cli) -> None:
    """Spawned workers (no fork) import the definitions file by themselves."""
    script = (
        "import multiprocessing, sys; multiprocessing.set_start_method('spawn'); "
        "from partwise.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    args = ("backfill", "project.py", "--job", "pipeline_job", "--from", "2024-01-01")
    outcome = cli(*args, "--to", "2024-01-04", "--workers", "2", prefix=("-c", script))
    assert outcome.code == 0, outcome.err
    assert ": 4 runs (4 succeeded, 0 failed)" in outcome.out


# -- status and runs -----------------------------------------------------------------------------
def test_status_bars_and_counts(backfilled: Cli) -> None:
    """`status` draws one bar per asset with `materialized/total` and the failed count."""
    outcome = backfilled("status", "project.py")
    assert outcome.code == 0, outcome.err
    lines = {line.split()[0]: line for line in outcome.lines if line.strip()}
    assert "██████████  10/10" in lines["raw"]
    assert "██××███×██  7/10  3 failed" in lines["flaky"]
    assert "no partitions yet" in lines["uploaded"]
    assert "× failed" in outcome.lines[-1]  # the legend


def test_status_of_an_unpartitioned_asset(cli: Cli) -> None:
    """An asset without partitions shows whether it is materialized."""
    assert (
        "settings  ░  not materialized" in cli("status", "project.py", "--select", "settings").out
    )
    assert cli("materialize", "project.py", "--select", "settings").code == 0
    assert "settings  █  materialized" in cli("status", "project.py", "--select", "settings").out


def test_status_select(backfilled: Cli) -> None:
    """`status --select` shows only the selected assets."""
    outcome = backfilled("status", "project.py", "--select", "clean")
    assert [line.split()[0] for line in outcome.lines[:-1]] == ["clean"]


def test_runs_matrix_has_a_dot_per_step_and_partition(backfilled: Cli) -> None:
    """`runs --job` draws steps × partitions with ● for each successful step."""
    outcome = backfilled("runs", "project.py", "--job", "pipeline_job", "--last", "4")
    assert outcome.code == 0, outcome.err
    rows = {line.split()[0]: line.split()[1:] for line in outcome.lines if line.strip()}
    assert rows["step"] == ["01-07", "01-08", "01-09", "01-10"]
    assert rows["raw"] == rows["clean"] == ["●"] * 4


def test_runs_matrix_marks_failed_steps(backfilled: Cli) -> None:
    """Failed steps show ✗ and partitions without a run show ·."""
    outcome = backfilled("runs", "project.py", "--job", "flaky_job", "--to", "2024-01-04")
    rows = {line.split()[0]: line.split()[1:] for line in outcome.lines if line.strip()}
    assert rows["flaky"] == ["●", "●", "✗", "✗"]
    empty = backfilled("runs", "project.py", "--job", "report_job", "--to", "2024-01-02")
    assert [line.split() for line in empty.lines if "report" in line.split()[:1]] == [
        ["report", "·", "·"]
    ]


# -- ticks and tick ------------------------------------------------------------------------------
def test_ticks_dry_run_rows(cli: Cli) -> None:
    """`ticks` lists each tick in [from, to) with the partition it would run."""
    args = ("--schedule", "pipeline_job_schedule", "--from", "2024-01-02", "--to", "2024-01-05")
    outcome = cli("ticks", "project.py", *args)
    assert outcome.code == 0, outcome.err
    rows = [line.split("│")[1:3] for line in outcome.lines if "T03:00" in line]
    assert [[cell.strip() for cell in row] for row in rows] == [
        ["2024-01-02T03:00:00+00:00", "2024-01-01"],
        ["2024-01-03T03:00:00+00:00", "2024-01-02"],
        ["2024-01-04T03:00:00+00:00", "2024-01-03"],
    ]
    assert _runs(cli) == []


def test_tick_adds_dynamic_partitions_and_runs_them(cli: Cli) -> None:
    """Two files dropped: one tick adds two partitions and runs them; a second adds nothing."""
    (cli.drop / "one.csv").write_text("a\n")
    (cli.drop / "two.csv").write_text("bb\n")
    first = cli("tick", "project.py", "--at", "2024-01-06T04:00")
    assert first.code == 0, first.err
    assert "added 2 partitions to 'files': one.csv, two.csv" in first.out
    assert "uploads_job one.csv success" in first.out
    assert "pipeline_job 2024-01-05 success" in first.out
    assert "3 runs launched" in first.out
    assert cli("partitions", "project.py", "--asset", "uploaded").lines == ["one.csv", "two.csv"]
    second = cli("tick", "project.py", "--at", "2024-01-06T04:00")
    assert second.code == 0, second.err
    assert "added" not in second.out
    assert "skipped (no new files)" in second.out
    assert "0 runs launched" in second.out


# -- config and validate -------------------------------------------------------------------------
def test_config_prints_the_partition_run_config(cli: Cli) -> None:
    """`config` prints the partition's run config as JSON."""
    outcome = cli("config", "project.py", "--job", "report_job", "--partition", "2024-01-05")
    assert outcome.code == 0, outcome.err
    assert json.loads(outcome.out) == {"ops": {"report": {"config": {"day": "2024-01-05"}}}}


def test_validate_ok(cli: Cli) -> None:
    """A sound project validates with exit 0."""
    outcome = cli("validate", "project.py")
    assert outcome.code == 0, outcome.err
    assert outcome.lines[-1].startswith("validated ") and outcome.lines[-1].endswith(": ok")


def test_validate_reports_broken_partition_configs(cli: Cli) -> None:
    """Bad partition configs: exit 1, each named job[partition] with the config path."""
    outcome = cli("validate", "broken.py", "--max-problems", "3")
    assert outcome.code == 1
    assert outcome.lines[0].startswith("✗ load_job[2024-01-06]: Invalid scalar at path ")
    assert "root:ops:load:config:day" in outcome.lines[0]
    assert outcome.lines[2] == (
        "✗ load_job[2024-01-09]: the config function raised RuntimeError: no config on the 9th"
    )
    assert outcome.lines[3].startswith("… and ")
    assert "Traceback" not in outcome.err


# -- entry points ----------------------------------------------------------------------------------
def test_console_script_runs(cli: Cli) -> None:
    """The `partwise` console script is the same command line."""
    script = Path(sys.executable).parent / "partwise"
    result = subprocess.run(
        [str(script), "partitions", "project.py", "--asset", "raw", "--count"],
        cwd=cli.cwd,
        env=cli.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "10")


def test_importing_the_cli_is_lazy() -> None:
    """`import partwise.cli` imports neither rich nor pandas."""
    code = "import sys, partwise.cli; print(sorted({'rich', 'pandas'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
