"""What a run needs before its first step: its steps, tags, run config and resources.

Everything here may raise, and does so before the run is recorded.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from partwise._config.mapping import ConfigMapping
from partwise._definitions.asset import keys_of, partitioned
from partwise._instance import Instance
from partwise._partitions.definitions.base import PARTITION_NAME_TAG, PartitionsDefinition
from partwise.errors import (
    CheckError,
    InvalidConfigError,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvariantViolationError,
    check_param,
)

from .asset_plan import asset_steps
from .steps import Step
from .target import PartitionTarget

__all__ = [
    "RunPlan",
    "as_tag_values",
    "resolve_config",
    "resources_for",
    "run_config_for",
    "run_partitions_def",
    "selected_steps",
]


@dataclass(frozen=True)
class RunPlan:
    """What every run of one job shares whatever its partition: steps, partitions, resources."""

    job: Any
    instance: Instance
    run_config: Any
    steps: tuple[Step, ...]
    partitions_def: PartitionsDefinition | None
    what: str  # the run as messages name it: ``Job 'daily'``
    tags: dict[str, str]  # the caller's tags
    resource_values: dict[str, Any] | Exception  # not initialised yet; or why there are none
    asset_keys: frozenset[Any] | None  # the run's asset selection, for an asset job


def as_tag_values(tags: dict[str, Any]) -> dict[str, str]:
    """Tags with non-string values (a dict from ``tags_for_partition_key_fn``) JSON-encoded."""
    if all(isinstance(value, str) for value in tags.values()):
        return tags
    import json

    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in tags.items()}


def selected_steps(
    job: Any, op_selection: Sequence[str] | None, asset_selection: Sequence[Any] | None
) -> tuple[Step, ...]:
    """The job's steps, or those of the selected ops, or a plan for the selected assets alone."""
    if asset_selection is not None and job.is_asset_job:
        graph = job.asset_graph
        keys = {k for a in asset_selection for k in keys_of(a)}
        for key in keys:
            graph.get(key)  # an unknown key fails here, naming the nearest one
        return asset_steps(graph, graph.toposort(keys), job.op_retry_policy)
    check_param(op_selection, "op_selection", (list, tuple, set, frozenset), optional=True)
    return job.plan.select(set(op_selection) if op_selection is not None else None)  # type: ignore[no-any-return]


def run_partitions_def(job: Any, steps: Sequence[Step]) -> PartitionsDefinition | None:
    """The partitions of a run: the one definition its job and selected assets share.

    The implicit asset job has none of its own (its assets may be partitioned different ways), so
    a run of it takes its selection's; a selection spanning two definitions is refused.
    """
    by_key = {k: d for s in steps for k, d in _asset_partitions(s)}
    defs = partitioned([job.partitions_def, *by_key.values()])
    if len(defs) > 1:
        listing = "; ".join(f"{k.to_user_string()}: {d}" for k, d in by_key.items())
        if job.partitions_def is not None:
            listing = f"job {job.name!r}: {job.partitions_def}; {listing}"
        raise CheckError(
            "Failure condition: There is no PartitionsDefinition shared by all the provided "
            f"assets ({listing}); select the assets of one partitions definition"
        )
    return defs[0] if defs else None


def _asset_partitions(step: Step) -> list[tuple[Any, PartitionsDefinition | None]]:
    """Each asset a step materializes (or checks) with its partitions definition."""
    node = step.assets_def
    if node is None:
        return []
    if step.check_target is not None:
        return [(step.check_target, step.partitions_def)]
    return [(o.asset_key, node.output_partitions_def(o.name)) for o in step.outputs if o.asset_key]


def run_config_for(
    job: Any, run_config: Any, target: PartitionTarget | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The run config to use (explicit wins; else the partitioned config; else the job's)."""
    if not (run_config is None or isinstance(run_config, Mapping) or _is_run_config(run_config)):
        raise CheckError(
            f"Param \"run_config\" is not one of ['Mapping']. Got {run_config!r} which is type "
            f"{type(run_config)}. Expected a dict or a RunConfig."
        )
    if isinstance(job.config, ConfigMapping):
        return job.config.resolve(_as_dict(run_config) if run_config else {}), {}
    if run_config:
        return _as_dict(run_config), {}
    # A job without config needs no PartitionedConfig (its tags are the target's own), which
    # keeps pydantic out of runs that never use config.
    pconfig = job.partitioned_config if job.config is not None else None
    if pconfig is not None and target is not None and target.single is not None:
        tags = pconfig.get_tags_for_partition_key(target.single)
        tags.pop(PARTITION_NAME_TAG, None)
        return pconfig.get_run_config_for_partition_key(target.single), tags
    if job.config is not None and not hasattr(job.config, "get_run_config_for_partition_key"):
        from partwise._config.config import RunConfig

        cfg = job.config
        return (cfg.to_config_dict() if isinstance(cfg, RunConfig) else dict(cfg)), {}
    return {}, {}


def _as_dict(run_config: Any) -> dict[str, Any]:
    from partwise._config.config import RunConfig

    if isinstance(run_config, RunConfig):
        return run_config.to_config_dict()
    return dict(run_config)


def _is_run_config(value: Any) -> bool:
    from partwise._config.config import RunConfig

    return isinstance(value, RunConfig)


def resolve_config(
    job: Any, config: dict[str, Any], steps: Sequence[Step], target: PartitionTarget | None
) -> dict[str, Any] | None:
    """Validated run config, or ``None`` when nothing takes config and none was given."""
    if not config and all(s.config_type is None for s in steps):
        return None
    try:
        return job.config_schema.resolve(config)  # type: ignore[no-any-return]
    except InvalidConfigError as error:
        if target is None or target.single is not None or not hasattr(job.config, "decorated_fn"):
            raise
        raise InvalidConfigError(
            f"{error}\n    Hint: job {job.name!r} makes its run config per partition, and this run "
            f"covers {len(target.keys)} partitions; pass run_config= for the whole run, or run "
            "one partition at a time",
            error.errors,
        ) from None


def resources_for(
    job: Any,
    steps: Sequence[Step],
    given: Mapping[str, Any] | None,
    instance: Instance,
    override: Any,
) -> dict[str, Any]:
    values = {**job.resource_defs, **_attached_resources(job, given or {}), **(given or {})}
    out_keys = {o.io_manager_key for s in steps for o in s.outputs}
    io_keys = (
        out_keys
        | {
            i.input_manager_key or job.asset_graph.io_manager_key(i.key)
            for s in steps
            for i in s.asset_inputs
        }
        if job.is_asset_job
        else out_keys
    )
    if override is not None:
        clash = sorted(k for k in io_keys if k in (given or {}))
        if clash:
            raise InvariantViolationError(
                "Attempted to call `materialize_to_memory` with a resource provided for io "
                f"manager key {clash[0]!r}. Do not provide resources for io manager keys when "
                "calling `materialize_to_memory`, as it will override io management behavior "
                "for all keys (materialize_to_memory keeps every output in memory)."
            )
        values.update({k: override for k in io_keys})
    for key in io_keys:
        if key not in values:
            if key != "io_manager":
                raise InvalidDefinitionError(
                    f"I/O manager {key!r} is used but no resource {key!r} was given"
                )
            values[key] = _default_io_manager(job.is_asset_job)
    for step in steps:
        missing = sorted(step.resource_keys - set(values))
        if missing:
            raise InvalidDefinitionError(
                f"resource with key {missing[0]!r} required by op {step.name!r} was not "
                f"provided (missing: {missing}; provided: {sorted(values)})"
            )
    return values


def _attached_resources(job: Any, given: Mapping[str, Any]) -> dict[str, Any]:
    """The resources the job's assets carry; a different one given for the same key is refused."""
    if not job.is_asset_job:
        return {}
    attached = job.asset_graph.attached_resources
    clash = sorted(k for k in attached if k in given and given[k] is not attached[k][0])
    if clash:
        node = attached[clash[0]][1]
        path = json.dumps(list(min(node.keys).path))
        raise InvalidInvocationError(
            f"AssetsDefinition with key {path} has conflicting resource definitions with "
            f"provided resources for the following keys: {', '.join(clash)}. Either remove the "
            "existing resources from the asset or change the resource keys so that they don't "
            "overlap."
        )
    return {key: value for key, (value, _) in attached.items()}


def _default_io_manager(asset_job: bool) -> Any:
    if asset_job:
        return _default_filesystem_io_manager()
    from partwise._io.memory import InMemoryIOManager

    return InMemoryIOManager()


@functools.cache
def _default_filesystem_io_manager() -> Any:
    """Asset jobs' default I/O manager: stateless, so one per process serves every run."""
    from partwise._io.file_store import PickledObjectFilesystemIOManager

    return PickledObjectFilesystemIOManager()
