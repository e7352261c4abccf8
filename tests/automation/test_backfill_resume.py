"""Resuming backfills: ``missing_only`` and ``failed_only`` (issue 10, item 5)."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    DailyPartitionsDefinition,
    Instance,
    InvalidInvocationError,
    asset,
    backfill,
    job,
    materialize,
    op,
)

DAYS = DailyPartitionsDefinition("2022-01-01", end_date="2022-01-11")
KEYS = DAYS.get_partition_keys()


def graph(calls: list[tuple[str, str]], broken: set[str]) -> list[Any]:
    """``up`` fails on the ``broken`` keys (a set the test may empty to "fix" it); ``down`` reads it."""

    @asset(partitions_def=DAYS)
    def up(context: Any) -> str:
        calls.append(("up", context.partition_key))
        if context.partition_key in broken:
            raise ValueError("boom")
        return str(context.partition_key)

    @asset(partitions_def=DAYS)
    def down(context: Any, up: str) -> str:
        calls.append(("down", context.partition_key))
        return up

    @asset
    def total(context: Any) -> int:
        calls.append(("total", ""))
        return 1

    return [up, down, total]


def test_missing_only_runs_each_assets_missing_partitions() -> None:
    calls: list[tuple[str, str]] = []
    broken = {KEYS[2], KEYS[7]}
    assets = graph(calls, broken)
    instance = Instance.ephemeral()
    first = backfill(assets, instance=instance)
    assert sorted(first.failed) == sorted(broken)
    broken.clear()
    calls.clear()
    resumed = backfill(assets, instance=instance, missing_only=True)
    assert resumed.success
    assert sorted(calls) == sorted(
        [("up", KEYS[2]), ("down", KEYS[2]), ("up", KEYS[7]), ("down", KEYS[7])]
    )
    calls.clear()
    assert backfill(assets, instance=instance, missing_only=True).runs == ()
    assert calls == []


def test_missing_only_is_per_asset() -> None:
    """``up`` is complete and ``down`` only half: only ``down`` runs, reading the stored ``up``."""
    calls: list[tuple[str, str]] = []
    up, down, _ = graph(calls, set())
    instance = Instance.ephemeral()
    backfill([up], instance=instance)
    for key in KEYS[:5]:
        materialize([up, down], selection=[down], partition_key=key, instance=instance)
    calls.clear()
    result = backfill([up, down], instance=instance, missing_only=True)
    assert result.success
    assert calls == [("down", key) for key in KEYS[5:]]


def test_failed_only_reruns_the_failed_partitions_only() -> None:
    calls: list[tuple[str, str]] = []
    broken = {KEYS[3]}
    up, down, _ = graph(calls, broken)
    instance = Instance.ephemeral()
    backfill([up, down], instance=instance, partition_keys=KEYS[:5])
    broken.clear()
    calls.clear()
    result = backfill([up, down], instance=instance, failed_only=True)
    assert result.success
    # down's step was skipped, but the failed run was planned for it: failed too (spec §7.3)
    assert calls == [("up", KEYS[3]), ("down", KEYS[3])]
    calls.clear()
    backfill([up, down], instance=instance, missing_only=True)
    assert calls == [(name, key) for key in KEYS[5:] for name in ("up", "down")]


def test_resume_of_an_op_job() -> None:
    broken = {KEYS[1]}
    ran: list[str] = []

    @op
    def work(context: Any) -> None:
        ran.append(context.partition_key)
        if context.partition_key in broken:
            raise ValueError("boom")

    @job(partitions_def=DAYS)
    def daily_job() -> None:
        work()

    instance = Instance.ephemeral()
    backfill(daily_job, instance=instance, partition_keys=KEYS[:4])
    broken.clear()
    ran.clear()
    backfill(daily_job, instance=instance, failed_only=True)
    assert ran == [KEYS[1]]
    ran.clear()
    backfill(daily_job, instance=instance, missing_only=True)
    assert ran == KEYS[4:]


def test_unpartitioned_assets_rerun_only_if_never_materialized() -> None:
    calls: list[tuple[str, str]] = []
    _, _, total = graph(calls, set())
    instance = Instance.ephemeral()
    backfill([total], instance=instance, missing_only=True)
    backfill([total], instance=instance, missing_only=True)
    assert calls == [("total", "")]


def test_missing_and_failed_together_are_refused() -> None:
    with pytest.raises(InvalidInvocationError, match="not both"):
        backfill(graph([], set()), missing_only=True, failed_only=True)
