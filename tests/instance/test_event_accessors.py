"""Reference-style accessors on events and the instance: ``is_step_success``, run stats, keys."""

from __future__ import annotations

import pytest

from partwise import (
    DagsterEventType,
    EventLogEntry,
    StaticPartitionsDefinition,
    asset,
    instance_for_test,
    materialize,
)
from partwise.errors import InvalidInvocationError

letters = StaticPartitionsDefinition(["a", "b"])


@asset(partitions_def=letters)
def numbers() -> int:
    return 1


@asset
def broken() -> int:
    raise ValueError("no")


def test_each_event_says_what_it_is() -> None:
    result = materialize([numbers], partition_key="a")
    kinds = {
        name: [e.event_type for e in result.all_events if getattr(e, name)]
        for name in (
            "is_step_start",
            "is_step_success",
            "is_successful_output",
            "is_step_materialization",
            "is_job_success",
            "is_failure",
        )
    }
    assert kinds == {
        "is_step_start": ["STEP_START"],
        "is_step_success": ["STEP_SUCCESS"],
        "is_successful_output": ["STEP_OUTPUT"],
        "is_step_materialization": ["ASSET_MATERIALIZATION"],
        "is_job_success": ["PIPELINE_SUCCESS"],
        "is_failure": [],
    }
    assert len(result.filter_events(lambda e: e.is_step_event)) >= 4
    assert all(e.is_job_event for e in result.all_events if not e.is_step_event)
    assert {e.node_name for e in result.all_events if e.is_step_event} == {"numbers"}


def test_failures_are_failures() -> None:
    failed = materialize([broken], raise_on_error=False)
    failures = [e.event_type for e in failed.all_events if e.is_failure]
    assert failures == ["STEP_FAILURE", "PIPELINE_FAILURE"]
    entry = EventLogEntry("r", DagsterEventType.RUN_FAILURE)
    assert entry.is_run_failure and entry.is_job_failure and not entry.is_step_failure


def test_run_stats_and_asset_keys() -> None:
    with instance_for_test() as instance:
        ok = materialize([numbers], partition_key="b", instance=instance)
        bad = materialize([broken], instance=instance, raise_on_error=False)
        stats = instance.get_run_stats(ok.run_id)
        assert (stats.steps_succeeded, stats.steps_failed, stats.materializations) == (1, 0, 1)
        assert stats.start_time is not None and stats.end_time is not None
        assert stats.end_time >= stats.start_time
        failed = instance.get_run_stats(bad.run_id)
        assert (failed.steps_succeeded, failed.steps_failed, failed.materializations) == (0, 1, 0)
        assert instance.all_asset_keys() == instance.get_asset_keys() == [broken.key, numbers.key]
        with pytest.raises(InvalidInvocationError, match="No run with id 'nope'"):
            instance.get_run_stats("nope")
