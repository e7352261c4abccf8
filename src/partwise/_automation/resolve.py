"""Resolving run requests against the job they target: partition validation, tags and config.

Schedules and sensors hold their job, so requests resolve without a repository object; only an
asset job whose partitions come from its assets needs the ``Definitions`` to be known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from partwise._partitions.context import DynamicPartitionsStore
from partwise._partitions.definitions.base import PARTITION_NAME_TAG, PartitionsDefinition
from partwise._partitions.definitions.dynamic import NO_STORE_MESSAGE
from partwise.errors import CheckError, InvariantViolationError

from .run_request import AddDynamicPartitionsRequest, DynamicPartitionsRequest, RunRequest

__all__ = [
    "NO_REPOSITORY_MESSAGE",
    "JobTarget",
    "StoreAfterRequests",
    "add_tags",
    "job_target",
    "needs_target",
    "resolve_request",
]

NO_REPOSITORY_MESSAGE = "Attempted to access repository_def, but no repository_def was provided."


@dataclass(frozen=True)
class JobTarget:
    """What resolving a partitioned request needs from a job."""

    name: str
    partitions_def: PartitionsDefinition | None
    partitioned_config: Any  # PartitionedConfig | None


def _from_job(job: Any) -> JobTarget:
    return JobTarget(job.name, job.partitions_def, job.partitioned_config)


def job_target(job: Any, job_name: str | None, definitions: Any) -> JobTarget:
    """The target of a schedule or sensor: its job object, else the job named in ``definitions``."""
    from partwise._definitions.job import JobDefinition, UnresolvedAssetJobDefinition

    name = job_name or getattr(job, "name", None)
    if definitions is not None and name is not None and name in definitions.job_names:
        return _from_job(definitions.resolve_job_def(name))
    if isinstance(job, JobDefinition):
        return _from_job(job)
    if isinstance(job, UnresolvedAssetJobDefinition) and job.partitions_def is not None:
        from partwise._config.partitioned import PartitionedConfig

        pdef = job.partitions_def
        return JobTarget(job.name, pdef, PartitionedConfig.from_flexible_config(job.config, pdef))
    if definitions is not None and name is not None:
        return _from_job(definitions.resolve_job_def(name))
    raise InvariantViolationError(
        f"{NO_REPOSITORY_MESSAGE} Job {name!r} takes its partitions from its assets, so resolving "
        "a partitioned run request needs them: pass repository_def=defs (a Definitions) when "
        "building the context, or give define_asset_job a partitions_def="
    )


def resolve_request(
    request: RunRequest, target: JobTarget | None, extra_tags: Mapping[str, str]
) -> RunRequest:
    """``request`` with partition tags and config filled in and ``extra_tags`` merged last.

    Reads "now" and the dynamic-partitions store from the ambient ``partition_loading_context``.
    """
    key = request.partition_key
    if key is None or PARTITION_NAME_TAG in request.tags:
        return add_tags(request, extra_tags)
    assert target is not None
    if target.partitions_def is None:
        raise CheckError(
            f"Failure condition: A RunRequest asked for partition {key!r} but job "
            f"{target.name!r} is not partitioned; drop partition_key= or target a partitioned job"
        )
    target.partitions_def.validate_partition_key(key)
    config = target.partitioned_config
    tags = {
        **request.tags,
        **config.get_tags_for_partition_key(key, job_name=target.name),
        **extra_tags,
    }
    run_config = request.run_config or config.get_run_config_for_partition_key(key)
    return RunRequest(
        request.run_key,
        run_config,
        tags,
        request.job_name,
        request.asset_selection,
        request.stale_assets_only,
        key,
        request.asset_check_keys,
    )


def add_tags(request: RunRequest, extra_tags: Mapping[str, str]) -> RunRequest:
    """``request`` with ``extra_tags`` merged over its tags."""
    return RunRequest(
        request.run_key,
        request.run_config,
        {**request.tags, **extra_tags},
        request.job_name,
        request.asset_selection,
        request.stale_assets_only,
        request.partition_key,
        request.asset_check_keys,
    )


def needs_target(requests: Iterable[RunRequest]) -> bool:
    """Whether any request still has a partition key to resolve."""
    return any(r.partition_key is not None and PARTITION_NAME_TAG not in r.tags for r in requests)


class StoreAfterRequests:
    """A dynamic-partitions store as it will be once ``requests`` are applied (read-only)."""

    def __init__(
        self, base: DynamicPartitionsStore | None, requests: Sequence[DynamicPartitionsRequest]
    ) -> None:
        self._base = base
        self._added: dict[str, dict[str, None]] = {}
        self._deleted: dict[str, set[str]] = {}
        for request in requests:
            name, keys = request.partitions_def_name, request.partition_keys
            if isinstance(request, AddDynamicPartitionsRequest):
                self._added.setdefault(name, {}).update(dict.fromkeys(keys))
                self._deleted.get(name, set()).difference_update(keys)
            else:
                self._deleted.setdefault(name, set()).update(keys)
                for key in keys:
                    self._added.get(name, {}).pop(key, None)

    def _base_keys(self, name: str) -> Sequence[str]:
        if self._base is not None:
            return self._base.get_dynamic_partitions(name)
        if name in self._added:
            return []
        raise CheckError(NO_STORE_MESSAGE)

    def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]:
        name = partitions_def_name
        keys = dict.fromkeys(self._base_keys(name))
        keys.update(self._added.get(name, {}))
        deleted = self._deleted.get(name, set())
        return [key for key in keys if key not in deleted]

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        name, key = partitions_def_name, partition_key
        if key in self._deleted.get(name, ()):
            return False
        if key in self._added.get(name, ()):
            return True
        if self._base is None:
            self._base_keys(name)
            return False
        return self._base.has_dynamic_partition(name, key)
