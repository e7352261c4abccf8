"""Backfill runs stored in batches keep every guarantee: nothing lost, nothing stuck (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from partwise import AssetKey, DailyPartitionsDefinition, Instance, asset, backfill
from partwise._instance.records import DagsterRunStatus, RunsFilter

DAYS = DailyPartitionsDefinition("2022-01-01", end_date="2022-01-21")
KEYS = DAYS.get_partition_keys()


def test_an_interrupted_batch_stores_what_ran_and_cancels_the_rest(tmp_path: Path) -> None:
    @asset(partitions_def=DAYS)
    def daily(context: Any) -> int:
        if context.partition_key == KEYS[5]:
            raise KeyboardInterrupt
        return 1

    with Instance.local(tmp_path) as instance:
        with pytest.raises(KeyboardInterrupt):
            backfill([daily], instance=instance)
        runs = instance.get_runs()
        by_status = {s: [r for r in runs if r.status is s] for s in DagsterRunStatus}
        assert not by_status[DagsterRunStatus.STARTED]
        assert instance.get_materialized_partitions(daily.key) == set(KEYS[:5])
        assert len(by_status[DagsterRunStatus.SUCCESS]) == 5
        assert by_status[DagsterRunStatus.CANCELED]  # the interrupted run, and any not started
        assert sorted(os.listdir(tmp_path / "storage" / "daily")) == KEYS[:5]


def test_a_batch_that_cannot_be_stored_leaves_no_file_and_no_started_run(tmp_path: Path) -> None:
    with Instance.local(tmp_path) as instance:
        conn = instance._storage._state().conn  # type: ignore[attr-defined]

        @asset(partitions_def=DAYS)
        def heavy(context: Any) -> int:
            context.add_output_metadata({"blob": "x" * 50_000})
            if context.partition_key == KEYS[-1]:  # the database is full from now on
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")
            return 1

        result = backfill([heavy], instance=instance)
        conn.execute("PRAGMA max_page_count = 1073741823")
        assert not result.success
        assert any("Could not record run" in (run.error or "") for run in result.runs)
        stored = instance.get_materialized_partitions(AssetKey("heavy"))
        files = set(os.listdir(tmp_path / "storage" / "heavy"))
        assert files == stored  # every file has its record, and no record lacks its file
        assert KEYS[-1] not in stored
        started = instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.STARTED]))
        assert started == []
