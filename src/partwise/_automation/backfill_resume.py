"""Resuming a backfill: keep only the partitions still missing, or only the failed ones.

``missing``: per asset, the partitions never materialized (for an op job: without a successful
run of the job). ``failed``: per asset, the partitions whose latest run failed and that were not
materialized since (for an op job: whose latest run of the job failed). A killed backfill's runs
are failed ("process died") once the instance is reopened, so both find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from partwise._asset_key import AssetKey
from partwise._instance.records import DagsterRunStatus, RunsFilter
from partwise._instance.storage import targeted_partitions
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidInvocationError

__all__ = ["Only", "asset_keys_to_run", "job_keys_to_run", "resume_mode"]

Only = Literal["missing", "failed"]


def resume_mode(missing_only: bool, failed_only: bool) -> Only | None:
    if missing_only and failed_only:
        raise InvalidInvocationError(
            "Pass missing_only=True or failed_only=True, not both (missing partitions include "
            "the failed ones that were never materialized)"
        )
    return "missing" if missing_only else "failed" if failed_only else None


def asset_keys_to_run(
    instance: Any, key: AssetKey, pdef: PartitionsDefinition, keys: Sequence[str], only: Only
) -> list[str]:
    """The ``keys`` of asset ``key`` that still need a run, in the given order."""
    if only == "missing":
        done = instance.get_materialized_partitions(key)
        return [k for k in keys if k not in done]
    statuses = instance.get_status_by_partition(key, keys, pdef)
    return [k for k in keys if statuses[k] is not None and statuses[k].value == "FAILED"]


def unpartitioned_needs_run(instance: Any, key: AssetKey) -> bool:
    """An unpartitioned asset is rerun (in either mode) only if it was never materialized."""
    return instance.get_latest_materialization_event(key) is None


def job_keys_to_run(
    instance: Any, job_name: str, pdef: PartitionsDefinition, keys: Sequence[str], only: Only
) -> list[str]:
    """The ``keys`` of an op job without a successful run (``missing``) or whose latest run
    failed (``failed``), judged from the job's runs, oldest first."""
    latest: dict[str, DagsterRunStatus] = {}
    succeeded: set[str] = set()
    cache: dict[str, list[str]] = {}
    for record in instance.get_run_records(RunsFilter(job_name=job_name), ascending=True):
        run = record.dagster_run
        for key in targeted_partitions(run.tags, pdef, cache):
            latest[key] = run.status
            if run.status is DagsterRunStatus.SUCCESS:
                succeeded.add(key)
    if only == "missing":
        return [k for k in keys if k not in succeeded]
    return [k for k in keys if latest.get(k) is DagsterRunStatus.FAILURE]
