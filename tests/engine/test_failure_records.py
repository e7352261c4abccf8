"""A failed step keeps its exception (type, message, the user's frames); steps keep log lines."""

from __future__ import annotations

import logging

import pytest

import partwise as pw
from partwise._execution.failure import LogLine, StepFailure

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01")


def _divide(context: pw.AssetExecutionContext) -> float:
    return 1 / (len(context.partition_key) - 10)


@pw.asset(partitions_def=daily)
def fragile(context: pw.AssetExecutionContext) -> float:
    context.log.info("dividing for %s", context.partition_key)
    logging.getLogger("partwise.helpers").warning("about to divide")
    return _divide(context)


@pw.asset(partitions_def=daily)
def chatty(context: pw.AssetExecutionContext) -> int:
    context.log.debug("debug kept too")
    return 1


def _failure_event(instance: pw.Instance, run_id: str) -> pw.EventLogEntry:
    [event] = instance.all_logs(run_id, of_type="STEP_FAILURE")
    return event


def test_failure_keeps_type_message_and_user_frames() -> None:
    instance = pw.Instance.ephemeral()
    result = pw.materialize(
        [fragile], instance=instance, partition_key="2024-01-02", raise_on_error=False
    )
    failure = StepFailure.from_event(_failure_event(instance, result.run_id))
    assert failure.step == "fragile"
    assert failure.error_type == "ZeroDivisionError"
    assert failure.message == "division by zero"
    assert failure.one_line == "ZeroDivisionError: division by zero"
    functions = [frame[2] for frame in failure.frames]
    assert functions == ["fragile", "_divide"]  # the user's frames only, outermost first
    file, line, _, source = failure.frames[-1]
    assert line == _divide.__code__.co_firstlineno + 1
    assert file == __file__ and source == "return 1 / (len(context.partition_key) - 10)"
    assert failure.traceback_lines()[-1] == "ZeroDivisionError: division by zero"


def test_log_lines_are_kept_with_the_run(tmp_path: pytest.TempPathFactory) -> None:
    """context.log records (any level) and the partwise logger's records, in a stored instance."""
    with pw.Instance.local(str(tmp_path)) as instance:
        failed = pw.materialize(
            [fragile], instance=instance, partition_key="2024-01-02", raise_on_error=False
        )
        ok = pw.materialize([chatty], instance=instance, partition_key="2024-01-02")
    with pw.Instance.local(str(tmp_path)) as instance:
        lines = LogLine.all_from(_failure_event(instance, failed.run_id).metadata)
        [success] = instance.all_logs(ok.run_id, of_type="STEP_SUCCESS")
        kept = LogLine.all_from(success.metadata)
    assert [(line.level, line.logger, line.message) for line in lines] == [
        ("INFO", "partwise.fragile", "dividing for 2024-01-02"),
        ("WARNING", "partwise.helpers", "about to divide"),
    ]
    assert [(line.level, line.message) for line in kept] == [("DEBUG", "debug kept too")]


def test_step_logs_reach_handlers_only_at_their_level(caplog: pytest.LogCaptureFixture) -> None:
    """Keeping every record does not make INFO records print where WARNING is configured."""
    caplog.set_level(logging.WARNING)
    pw.materialize([fragile], partition_key="2024-01-02", raise_on_error=False)
    assert [r.getMessage() for r in caplog.records] == ["about to divide"]
    caplog.clear()
    caplog.set_level(logging.INFO, logger="partwise")
    pw.materialize([fragile], partition_key="2024-01-02", raise_on_error=False)
    assert [r.getMessage() for r in caplog.records] == [
        "dividing for 2024-01-02",
        "about to divide",
    ]
