"""``materialize`` and ``materialize_to_memory``: run assets without declaring a job."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from partwise._compat import strict_keywords
from partwise._definitions.asset_graph import AssetGraph
from partwise._definitions.job import EPHEMERAL_JOB_NAME, JobDefinition, define_asset_job
from partwise._definitions.selection import CoercibleToAssetSelection
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import check_param

from .execute import execute_job
from .result import ExecuteInProcessResult

__all__ = ["materialize", "materialize_to_memory"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

_CACHE_SIZE = 128


@strict_keywords
def materialize(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: Any = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: CoercibleToAssetSelection = None,
) -> ExecuteInProcessResult:
    """Materialize ``assets`` (or the ``selection`` of them) in this process.

    ``partition_key`` may be a key, a ``PartitionKeyRange`` or a collection of keys (one run).
    Assets outside the selection only tell where inputs come from.
    """
    return _materialize(
        assets,
        run_config,
        instance,
        resources,
        partition_key,
        raise_on_error,
        tags,
        selection,
        None,
    )


@strict_keywords
def materialize_to_memory(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: Any = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: CoercibleToAssetSelection = None,
) -> ExecuteInProcessResult:
    """Like :func:`materialize`, with every I/O manager replaced by an in-memory one."""
    from partwise._io.memory import InMemoryIOManager

    return _materialize(
        assets,
        run_config,
        instance,
        resources,
        partition_key,
        raise_on_error,
        tags,
        selection,
        InMemoryIOManager(),
    )


def _materialize(
    assets: Sequence[Any],
    run_config: Any,
    instance: Any,
    resources: Mapping[str, Any] | None,
    partition_key: Any,
    raise_on_error: bool,
    tags: Mapping[str, str] | None,
    selection: CoercibleToAssetSelection,
    io_override: Any,
) -> ExecuteInProcessResult:
    check_param(assets, "assets", (list, tuple))
    check_param(resources, "resources", Mapping, optional=True)
    job = _ephemeral_job(assets, selection)
    return execute_job(
        job,
        run_config=run_config,
        instance=instance,
        partition_key=partition_key,
        raise_on_error=raise_on_error,
        tags=tags,
        resources=resources,
        io_manager_override=io_override,
        run_label=_label(job),
    )


def _label(job: JobDefinition) -> str:
    """``materialize([a, b])``: how messages name a run of the ephemeral job."""
    names = [s.asset_key.to_user_string() for s in job.plan.steps if s.asset_key is not None]
    return f"materialize([{', '.join(names)}])"


def _ephemeral_job(assets: Sequence[Any], selection: CoercibleToAssetSelection) -> JobDefinition:
    """The job ``materialize`` runs; resolved once per (assets, selection) and then reused."""
    frozen: Any = tuple(selection) if isinstance(selection, list | tuple | set) else selection
    frozen_assets = tuple(assets)
    try:
        hash((frozen_assets, frozen))
    except TypeError:  # something unhashable in the selection: resolve without the cache
        return _resolve(assets, selection)
    return _resolved(frozen_assets, frozen)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _resolved(assets: tuple[Any, ...], selection: Any) -> JobDefinition:
    """A pure function of its (hashable) arguments, so caching it is safe."""
    return _resolve(assets, selection)


def _resolve(assets: Sequence[Any], selection: CoercibleToAssetSelection) -> JobDefinition:
    graph = AssetGraph(list(assets))
    return define_asset_job(EPHEMERAL_JOB_NAME, selection=selection).resolve(graph)
