"""``partwise_clock``: frozen time, one tick, and dry-run ticks over a period."""

from __future__ import annotations

import pytest

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")
SCHEDULE = """
@pw.op
def load(context): pass

@pw.job(partitions_def=daily)
def loading(): load()

nightly = pw.build_schedule_from_partitioned_job(loading)
@pw.schedule(cron_schedule="0 6 * * *", job=loading, execution_timezone="Europe/Berlin")
def berlin(context):
    if context.scheduled_execution_time.weekday() == 6:
        return pw.SkipReason("no loads on Sundays")
    day = (context.scheduled_execution_time - dt.timedelta(days=1)).strftime("%Y-%m-%d")
    return pw.RunRequest(run_key=context.scheduled_execution_time.isoformat(), partition_key=day)
"""


def run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makepyfile(source)
    return pytester.runpytest(*BASE)


def test_freeze_stops_datetime_and_partwise(pytester: pytest.Pytester, header: str) -> None:
    """After ``freeze(at)`` both ``datetime.now`` and partwise's "now" read ``at``."""
    result = run(
        pytester,
        header
        + """
def test_f(partwise_clock):
    partwise_clock.freeze("2024-03-10T12:00:00+00:00")
    assert dt.datetime.now(dt.timezone.utc) == dt.datetime(2024, 3, 10, 12, tzinfo=dt.timezone.utc)
    assert pw.DailyPartitionsDefinition(start_date="2024-03-01").get_last_partition_key() == "2024-03-09"
    assert partwise_clock.frozen_at.day == 10
""",
    )
    result.assert_outcomes(passed=1)


def test_freeze_as_a_block_restores_the_previous_time(
    pytester: pytest.Pytester, header: str
) -> None:
    """Nested ``with`` freezes restore the outer frozen time, then running time."""
    result = run(
        pytester,
        header
        + """
def test_b(partwise_clock):
    with partwise_clock.freeze(dt.datetime(2024, 1, 1)):
        with partwise_clock.freeze(dt.date(2023, 5, 5)):
            assert dt.date.today() == dt.date(2023, 5, 5)
        assert dt.date.today() == dt.date(2024, 1, 1)
    assert partwise_clock.frozen_at is None
    assert dt.date.today().year >= 2025
""",
    )
    result.assert_outcomes(passed=1)


def test_time_runs_again_after_each_test(pytester: pytest.Pytester, header: str) -> None:
    """A freeze left open ends with its test."""
    result = run(
        pytester,
        header
        + """
def test_1(partwise_clock):
    partwise_clock.freeze("2001-01-01")

def test_2(partwise_clock):
    assert partwise_clock.frozen_at is None
    assert dt.date.today().year > 2001
""",
    )
    result.assert_outcomes(passed=2)


def test_naive_freeze_takes_a_timezone(pytester: pytest.Pytester, header: str) -> None:
    """Naive instants are UTC unless ``timezone=`` says otherwise."""
    result = run(
        pytester,
        header
        + """
def test_z(partwise_clock):
    frozen = partwise_clock.freeze(dt.datetime(2024, 7, 1, 8), timezone="Europe/Berlin")
    assert frozen.at.utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime.now(dt.timezone.utc).hour == 6
""",
    )
    result.assert_outcomes(passed=1)


def test_tick_returns_the_run_requests(pytester: pytest.Pytester, header: str) -> None:
    """``tick(schedule, at=...)`` evaluates one tick: the nightly run fills the previous day."""
    result = run(
        pytester,
        header
        + SCHEDULE
        + """
def test_t(partwise_clock):
    [request] = partwise_clock.tick(nightly, at=dt.datetime(2024, 3, 2))
    assert request.partition_key == "2024-03-01"
    assert request.tags["dagster/partition"] == "2024-03-01"
""",
    )
    result.assert_outcomes(passed=1)


def test_tick_reads_naive_times_in_the_schedule_timezone(
    pytester: pytest.Pytester, header: str
) -> None:
    """A naive ``at`` is wall time in the schedule's execution timezone."""
    result = run(
        pytester,
        header
        + SCHEDULE
        + """
def test_n(partwise_clock):
    [request] = partwise_clock.tick(berlin, at=dt.datetime(2024, 7, 1, 6))
    assert request.run_key == "2024-07-01T06:00:00+02:00"
    assert request.partition_key == "2024-06-30"
    assert partwise_clock.frozen_at is None

def test_skip(partwise_clock):
    result = partwise_clock.evaluate(berlin, at=dt.datetime(2024, 6, 30, 6))
    assert result.run_requests == [] and result.skip_message == "no loads on Sundays"
""",
    )
    result.assert_outcomes(passed=2)


def test_ticks_lists_every_requested_run(pytester: pytest.Pytester, header: str) -> None:
    """``ticks(schedule, start=, end=)`` is a dry run: one row per run in ``[start, end)``."""
    result = run(
        pytester,
        header
        + SCHEDULE
        + """
def test_r(partwise_clock):
    rows = partwise_clock.ticks(nightly, start="2024-03-01", end="2024-03-04")
    assert [row.partition_key for row in rows] == ["2024-02-29", "2024-03-01", "2024-03-02"]
    assert [row.time.day for row in rows] == [1, 2, 3]
    assert all(row.run_config == {} for row in rows)
    assert rows[0].run_key is None or isinstance(rows[0].run_key, str)
""",
    )
    result.assert_outcomes(passed=1)


def test_ticks_across_a_dst_change_keep_local_wall_time(
    pytester: pytest.Pytester, header: str
) -> None:
    """Berlin's 06:00 ticks stay at 06:00 local across the spring change."""
    result = run(
        pytester,
        header
        + SCHEDULE
        + """
def test_d(partwise_clock):
    rows = partwise_clock.ticks(berlin, start=dt.datetime(2024, 3, 30), end=dt.datetime(2024, 4, 3))
    assert [r.time.day for r in rows] == [30, 1, 2]  # Sunday the 31st skips
    assert [r.time.hour for r in rows] == [6, 6, 6]
    assert [r.time.utcoffset().total_seconds() / 3600 for r in rows] == [1, 2, 2]
    assert rows[1].run_key == "2024-04-01T06:00:00+02:00"
""",
    )
    result.assert_outcomes(passed=1)


def test_asset_job_schedule_needs_definitions(pytester: pytest.Pytester, header: str) -> None:
    """A schedule of an unresolved asset job is resolved with ``definitions=``."""
    result = run(
        pytester,
        header
        + """
@pw.asset(partitions_def=daily)
def thing(): return 1

job = pw.define_asset_job("things", selection=[thing])
sched = pw.build_schedule_from_partitioned_job(job)
defs = pw.Definitions(assets=[thing], jobs=[job], schedules=[sched])

def test_a(partwise_clock):
    with pytest.raises(pw.InvalidInvocationError, match="pass definitions=defs"):
        partwise_clock.tick(sched, at="2024-05-02")
    [request] = partwise_clock.tick(sched, at="2024-05-02", definitions=defs)
    assert request.partition_key == "2024-05-01"
""",
    )
    result.assert_outcomes(passed=1)
