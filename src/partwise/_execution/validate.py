"""``validate_run_config``: check run config against a job without running it."""

from __future__ import annotations

from typing import Any

from partwise._compat import strict_keywords
from partwise.errors import check_param

__all__ = ["validate_run_config"]


@strict_keywords
def validate_run_config(job_def: Any, run_config: Any = None) -> dict[str, Any]:
    """The fully resolved run config (defaults filled) or ``InvalidConfigError`` naming each path.

    Like the reference, this does not consult the job's ``PartitionedConfig``: validate the
    config of one partition with ``job.partitioned_config.get_run_config_for_partition_key(k)``.
    """
    from partwise._definitions.job import JobDefinition

    check_param(job_def, "job_def", JobDefinition)
    resolved: dict[str, Any] = job_def.config_schema.resolve(run_config)
    return resolved
