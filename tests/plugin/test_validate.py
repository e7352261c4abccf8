"""CI validation items from ``--partwise-definitions module:attr``."""

from __future__ import annotations

import pytest

DEFS = """
import datetime as dt
import partwise as pw

@pw.op(config_schema={"date": str, "rows": int})
def load(context): pass

@pw.daily_partitioned_config(start_date="2024-01-01", end_offset=0)
def config(start, end):
    rows = "many" if start.day == 3 else 10
    return {"ops": {"load": {"config": {"date": start.strftime("%Y-%m-%d"), "rows": rows}}}}

@pw.job(config=config)
def load_job(): load()

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")
late = pw.DailyPartitionsDefinition(start_date="2024-01-05", end_date="2024-02-01")

@pw.asset(partitions_def=late)
def raw(): return 1

@pw.asset(partitions_def=daily)
def clean(raw): return raw

@pw.asset(partitions_def=daily, ins={"clean": pw.AssetIn(partition_mapping=pw.TimeWindowPartitionMapping(start_offset=-1, allow_nonexistent_upstream_partitions=True))})
def rolling(clean): return clean

nightly = pw.build_schedule_from_partitioned_job(load_job)

defs = pw.Definitions(assets=[raw, clean, rolling], jobs=[load_job], schedules=[nightly])

def make_defs():
    return pw.Definitions(jobs=[load_job])

not_defs = 42
"""
BASE = ("-p", "no:cacheprovider", "--partitions-now", "2024-01-06")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(mydefs=DEFS, test_nothing="def test_ok(): pass\n")
    pytester.syspathinsert()
    return pytester


def test_items_per_job_key_schedule_and_edge(project: pytest.Pytester) -> None:
    """Ids read ``partwise-validate::<job>[<key>]``, ``::<schedule>`` and ``::<up>-><down>``."""
    result = project.runpytest(*BASE, "--partwise-definitions", "mydefs:defs", "--co", "-q")
    ids = [line for line in result.outlines if line.startswith("partwise-validate::")]
    assert ids == [
        "partwise-validate::definitions",
        *(f"partwise-validate::load_job[2024-01-0{d}]" for d in range(1, 6)),
        "partwise-validate::load_job_schedule",
        "partwise-validate::raw->clean",
        "partwise-validate::clean->rolling",
    ]


def test_config_failure_shows_the_dotted_path(project: pytest.Pytester) -> None:
    """A bad run config fails its key's item with the path, expected type and value."""
    result = project.runpytest(*BASE, "--partwise-definitions", "mydefs:defs")
    result.assert_outcomes(passed=8, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*_ partwise-validate::load_job[[]2024-01-03[]] _*",
            "run config of job 'load_job' for partition '2024-01-03' is invalid:",
            '*Value "many"*not valid for expected type "Int". (at ops.load.config.rows)',
        ]
    )


def test_edge_failure_lists_unresolvable_keys_as_ranges(project: pytest.Pytester) -> None:
    """Downstream keys whose upstream partitions do not exist are listed as ranges."""
    result = project.runpytest(*BASE, "--partwise-definitions", "mydefs:defs", "-k", "raw")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*4 downstream partitions do not resolve: 2024-01-01...2024-01-04; e.g. '2024-01-01' "
            "needs nonexistent upstream partitions [[]'2024-01-01'[]]"
        ]
    )


def test_sample_and_now_options_are_honoured(project: pytest.Pytester) -> None:
    """``--partitions-sample`` caps the keys per job; ``--partitions-now`` decides them."""
    result = project.runpytest(
        "-p",
        "no:cacheprovider",
        "--partitions-now",
        "2024-06-01",
        "--partitions-sample",
        "3",
        "--partwise-definitions",
        "mydefs:defs",
        "--co",
        "-q",
    )
    keys = [line for line in result.outlines if "load_job[" in line]
    assert keys[0].endswith("[2024-01-01]") and keys[-1].endswith("[2024-05-31]")
    assert len(keys) == 3


def test_ini_and_factory_function(project: pytest.Pytester) -> None:
    """The ini value works too, and ``attr`` may be a function returning the Definitions."""
    project.makeini("[pytest]\npartwise_definitions = mydefs:make_defs\n")
    result = project.runpytest(*BASE, "--co", "-q")
    assert "partwise-validate::load_job[2024-01-05]" in result.outlines


def test_definitions_by_file_path(pytester: pytest.Pytester) -> None:
    """``path.py:attr`` loads a file that is not on ``sys.path``."""
    pytester.mkdir("project")
    (pytester.path / "project" / "pipeline_file.py").write_text(DEFS)
    result = pytester.runpytest(
        *BASE, "--partwise-definitions", "project/pipeline_file.py:defs", "--co", "-q"
    )
    assert "partwise-validate::load_job[2024-01-05]" in result.outlines


def test_items_select_with_k(project: pytest.Pytester) -> None:
    """Validation items are ordinary items: ``-k`` selects them."""
    result = project.runpytest(
        *BASE, "--partwise-definitions", "mydefs:defs", "-k", "load_job and 01-01"
    )
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nosuchmodule:defs", "*No module named 'nosuchmodule' (looked in *"),
        ("mydefs:deffs", "*mydefs has no attribute 'deffs'; Definitions found there: defs"),
        ("mydefs:not_defs", "*not_defs is an int, not a Definitions (or a function returning*"),
    ],
)
def test_bad_spec_is_a_usage_error(project: pytest.Pytester, spec: str, message: str) -> None:
    """A spec that does not name a Definitions stops pytest with a usage error."""
    result = project.runpytest(*BASE, "--partwise-definitions", spec)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_schedule_item_checks_next_ticks(pytester: pytest.Pytester) -> None:
    """A schedule whose next tick requests a missing partition fails its item."""
    pytester.makepyfile(
        mydefs2="""
import partwise as pw
daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-10")

@pw.op
def load(): pass

@pw.job(partitions_def=daily)
def load_job(): load()

@pw.schedule(cron_schedule="0 0 * * *", job=load_job)
def wrong(context):
    return pw.RunRequest(partition_key="2023-12-31")

defs = pw.Definitions(jobs=[load_job], schedules=[wrong])
""",
    )
    pytester.syspathinsert()
    result = pytester.runpytest(*BASE, "--partwise-definitions", "mydefs2:defs", "-k", "wrong")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["wrong: UnknownPartitionError: *`2023-12-31`*"])
