"""Jobs: ``@job`` over ops, ``define_asset_job`` over assets, both resolving to ``JobDefinition``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from partwise._asset_key import AssetKey
from partwise._compat import check_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import CheckError, InvalidDefinitionError, check_param

from .asset_graph import AssetGraph
from .fn import check_valid_name, signature
from .op import Node, trace_composition
from .run_request import RunRequest
from .selection import CoercibleToAssetSelection, coerce_selection

if TYPE_CHECKING:
    from partwise._execution.result import ExecuteInProcessResult

__all__ = ["JobDefinition", "UnresolvedAssetJobDefinition", "define_asset_job", "job"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

EPHEMERAL_JOB_NAME = "__ephemeral_asset_job__"


@dataclass(eq=False)
class JobDefinition:
    """An executable job: op nodes (``@job``) or selected assets of an asset graph."""

    name: str
    nodes: tuple[Node, ...] = ()
    asset_graph: AssetGraph | None = None
    selected: tuple[AssetKey, ...] = ()
    partitions_def: PartitionsDefinition | None = None
    config: Any = None  # dict | RunConfig | PartitionedConfig | None, as given
    resource_defs: Mapping[str, Any] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    input_values: Mapping[str, Any] = field(default_factory=dict)
    graph_outputs: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """The job's own outputs (what its graph returned): name -> (node, output name)."""
    run_tags: Mapping[str, str] | None = None  # tags for its runs; None: ``tags``, as the reference
    op_retry_policy: Any = None
    selection: tuple[Sequence[str] | None, Sequence[Any] | None] = (None, None)
    """The default ``(op_selection, asset_selection)`` of its runs (see ``get_subset``)."""

    @property
    def is_asset_job(self) -> bool:
        return self.asset_graph is not None

    @cached_property
    def partitioned_config(self) -> Any:
        """The job's ``PartitionedConfig`` (a fixed config wrapped per key), or ``None``."""
        if self.partitions_def is None:
            return None
        from partwise._config.partitioned import PartitionedConfig

        if isinstance(self.config, PartitionedConfig):
            return self.config
        return PartitionedConfig.from_flexible_config(self.config, self.partitions_def)

    @cached_property
    def plan(self) -> Any:
        from partwise._execution.plan import build_plan

        return build_plan(self)

    @cached_property
    def config_schema(self) -> Any:
        from partwise._config.schema import RunConfigSchema

        specs = {step.name: step.config_type for step in self.plan.steps}
        resources = {key: None for key in self.resource_defs}
        resources.setdefault("io_manager", None)
        return RunConfigSchema(specs, resources, self.name)

    def with_resources(self, resources: Mapping[str, Any]) -> JobDefinition:
        merged = {**resources, **self.resource_defs}
        if merged == dict(self.resource_defs):
            return self
        return _replace(self, resource_defs=merged)

    def get_subset(
        self,
        *,
        op_selection: Sequence[str] | None = None,
        asset_selection: Iterable[Any] | None = None,
        asset_check_selection: Iterable[Any] | None = None,
    ) -> JobDefinition:
        """This job, running only the selected ops or assets unless a run selects otherwise."""
        assets = list(asset_selection) if asset_selection is not None else None
        return _replace(self, selection=(op_selection, assets))

    def execute_in_process(
        self,
        run_config: Any = None,
        instance: Any = None,
        partition_key: Any = None,
        raise_on_error: bool = True,
        op_selection: Sequence[str] | None = None,
        asset_selection: Sequence[Any] | None = None,
        run_id: str | None = None,
        input_values: Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        resources: Mapping[str, Any] | None = None,
    ) -> ExecuteInProcessResult:
        """Run the job in this process: plain function calls in dependency order."""
        from partwise._execution.execute import execute_job

        return execute_job(
            self,
            run_config=run_config,
            instance=instance,
            partition_key=partition_key,
            raise_on_error=raise_on_error,
            op_selection=op_selection if op_selection is not None else self.selection[0],
            asset_selection=asset_selection if asset_selection is not None else self.selection[1],
            run_id=run_id,
            input_values={**self.input_values, **(input_values or {})},
            tags=tags,
            resources=resources,
        )

    def run_request_for_partition(
        self,
        partition_key: str,
        run_key: str | None = None,
        tags: Mapping[str, str] | None = None,
        asset_selection: Sequence[Any] | None = None,
        run_config: Any = None,
    ) -> Any:
        """A run request for one partition, tagged with the job's partition set (as the reference).

        An unresolved ``define_asset_job(...)`` adds no such tag, as in the reference.
        """
        own = {"dagster/partition_set": f"{self.name}_partition_set"}
        return _partition_request(
            self.name, self.partitions_def, partition_key, run_key, {**(tags or {}), **own},
            asset_selection, run_config,
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"JobDefinition(name={self.name!r}, partitions_def={self.partitions_def!r})"


def _partition_request(
    name: str,
    partitions_def: PartitionsDefinition | None,
    partition_key: str,
    run_key: str | None,
    tags: Mapping[str, str] | None,
    asset_selection: Sequence[Any] | None,
    run_config: Any,
) -> RunRequest:
    if partitions_def is None:
        raise CheckError(f"Job {name!r} is not partitioned")
    partitions_def.validate_partition_key(partition_key)
    merged = {**(tags or {}), **partitions_def.get_tags_for_partition_key(partition_key)}
    return RunRequest(
        run_key=run_key,
        run_config=run_config or {},
        tags=merged,
        job_name=name,
        asset_selection=asset_selection,
        partition_key=partition_key,
    )


def _replace(job: JobDefinition, **changes: Any) -> JobDefinition:
    fields = {
        name: getattr(job, name)
        for name in [
            "name",
            "nodes",
            "asset_graph",
            "selected",
            "partitions_def",
            "config",
            "resource_defs",
            "tags",
            "description",
            "metadata",
            "input_values",
            "graph_outputs",
            "run_tags",
            "op_retry_policy",
            "selection",
        ]
    }
    return JobDefinition(**{**fields, **changes})


def _config_partitions(config: Any, partitions_def: PartitionsDefinition | None) -> Any:
    """A ``PartitionedConfig``'s definition wins; both given must agree."""
    inner = getattr(config, "partitions_def", None)
    if inner is None or type(config).__name__ != "PartitionedConfig":
        return partitions_def
    if partitions_def is not None and partitions_def != inner:
        raise PartitionedConfigConflict(
            "Can't supply a PartitionedConfig for 'config' with a different PartitionsDefinition "
            f"than supplied for 'partitions_def'. The config is partitioned by {inner}, "
            f"partitions_def is {partitions_def}; pass only one"
        )
    return inner


class PartitionedConfigConflict(InvalidDefinitionError, CheckError):
    """A definition error the reference reports as a failed check: catchable as either."""


@overload
def job(fn: Callable[..., Any]) -> JobDefinition: ...


@overload
def job(fn: None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], JobDefinition]: ...


def job(
    fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    config: Any = None,
    partitions_def: PartitionsDefinition | None = None,
    resource_defs: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    run_tags: Mapping[str, str] | None = None,
    description: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    op_retry_policy: Any = None,
    **ignored: Any,
) -> JobDefinition | Callable[[Callable[..., Any]], JobDefinition]:
    """Compose ops into a job by calling them inside the decorated function."""
    check_keywords(job, ignored)
    for value, param in ((tags, "tags"), (run_tags, "run_tags"), (metadata, "metadata")):
        check_param(value, param, Mapping, optional=True)

    def build(f: Callable[..., Any]) -> JobDefinition:
        signature(f, "job")
        nodes = trace_composition(f)
        return JobDefinition(
            name=check_valid_name(name or f.__name__, "job"),
            nodes=nodes,
            partitions_def=_config_partitions(config, partitions_def),
            config=config,
            resource_defs=dict(resource_defs or {}),
            tags=dict(tags or {}),
            description=description or (f.__doc__ or "").strip() or None,
            metadata=dict(metadata or {}),
            run_tags=None if run_tags is None else dict(run_tags),
            op_retry_policy=op_retry_policy,
        )

    return build(fn) if fn is not None else build


@dataclass(eq=False)
class UnresolvedAssetJobDefinition:
    """A job over an asset selection, resolved against the assets of a ``Definitions``."""

    name: str
    selection: CoercibleToAssetSelection = None
    config: Any = None
    description: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    partitions_def: PartitionsDefinition | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    op_retry_policy: Any = None
    allow_different_partitions_defs: bool = False
    """The implicit asset job's: its assets may be partitioned different ways (the job then has
    no ``partitions_def``, and each run takes the one its selected assets share)."""

    def resolve(
        self,
        asset_graph: AssetGraph | Sequence[Any],
        resource_defs: Mapping[str, Any] | None = None,
    ) -> JobDefinition:
        graph = (
            asset_graph if isinstance(asset_graph, AssetGraph) else AssetGraph(list(asset_graph))
        )
        try:
            keys = coerce_selection(self.selection).resolve(graph)
            partitions_def = self._partitions(graph, keys)
        except InvalidDefinitionError as e:
            raise InvalidDefinitionError(f"Failed to resolve asset job {self.name}: {e}") from e
        return JobDefinition(
            name=self.name,
            asset_graph=graph,
            selected=tuple(graph.toposort(keys)),
            partitions_def=_config_partitions(self.config, partitions_def),
            config=self.config,
            resource_defs=dict(resource_defs or {}),
            tags=dict(self.tags),
            description=self.description,
            metadata=dict(self.metadata),
            op_retry_policy=self.op_retry_policy,
        )

    def _partitions(
        self, graph: AssetGraph, keys: frozenset[AssetKey]
    ) -> PartitionsDefinition | None:
        defs: dict[PartitionsDefinition, AssetKey] = {}
        for key in sorted(keys):
            pdef = graph.partitions_def(key)
            if pdef is not None:
                defs.setdefault(pdef, key)
        if len(defs) > 1 and self.allow_different_partitions_defs:
            return None
        if len(defs) > 1:  # checked first, as in the reference
            listing = "; ".join(f"{k.to_user_string()}: {d}" for d, k in defs.items())
            raise InvalidDefinitionError(
                f'Error resolving selection for asset job "{self.name}": Selected assets must have '
                "the same partitions definitions, but the selected assets have different "
                f"partitions definitions: {listing}"
            )
        if self.partitions_def is not None:
            for pdef, key in defs.items():
                if pdef != self.partitions_def:
                    raise InvalidDefinitionError(
                        f"Executable asset {key!r} has a different partitions definition than the "
                        f"one specified for the job. Specified: {self.partitions_def}; asset's: {pdef}"
                    )
            return self.partitions_def
        return next(iter(defs), None)

    def run_request_for_partition(
        self,
        partition_key: str,
        run_key: str | None = None,
        tags: Mapping[str, str] | None = None,
        asset_selection: Sequence[Any] | None = None,
        run_config: Any = None,
    ) -> Any:
        """A run request for one partition of this job (its ``partitions_def=`` is required)."""
        return _partition_request(
            self.name, self.partitions_def, partition_key, run_key, tags, asset_selection,
            run_config,
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"UnresolvedAssetJobDefinition(name={self.name!r}, selection={self.selection!r})"


def define_asset_job(
    name: str,
    selection: CoercibleToAssetSelection = None,
    config: Any = None,
    description: str | None = None,
    tags: Mapping[str, str] | None = None,
    run_tags: Mapping[str, str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    op_retry_policy: Any = None,
    **ignored: Any,
) -> UnresolvedAssetJobDefinition:
    """A job that materializes the selected assets; its partitions come from the selection."""
    check_keywords(define_asset_job, ignored)
    for value, param in ((tags, "tags"), (run_tags, "run_tags"), (metadata, "metadata")):
        check_param(value, param, Mapping, optional=True)
    return UnresolvedAssetJobDefinition(
        name=name,
        selection=selection,
        config=config,
        description=description,
        tags={**(tags or {}), **(run_tags or {})},
        partitions_def=partitions_def,
        metadata=dict(metadata or {}),
        op_retry_policy=op_retry_policy,
    )
