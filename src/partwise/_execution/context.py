"""The one execution context: what a real run passes to a step, and what tests build directly.

``build_asset_context()`` / ``build_op_context()`` return this same class, so every partition
accessor behaves the same in a unit test as in a run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._compat import check_keywords
from partwise._definitions.asset_graph import AssetGraph
from partwise._partitions.definitions.base import (
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
)
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import (
    CheckError,
    InvalidInvocationError,
    InvariantViolationError,
    check_param,
)

from .resources import Resources, initialize_resources
from .target import PartitionTarget

__all__ = [
    "AssetExecutionContext",
    "OpExecutionContext",
    "build_asset_context",
    "build_op_context",
]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


def _time_window(pdef: PartitionsDefinition | None, keys: Sequence[str]) -> TimeWindow:
    if pdef is None:
        raise InvariantViolationError("Partitions definition is not defined")
    window = pdef.time_window_for_partition_keys(keys)
    if window is None:
        raise InvariantViolationError(
            "Expected a TimeWindowPartitionsDefinition or MultiPartitionsDefinition with a single "
            f"time dimension, but instead found {type(pdef).__name__}: {pdef}"
        )
    return window


@dataclass(frozen=True)
class NodeHandle:
    """The name of a step's node, as the reference's ``context.op`` / ``context.node_handle``."""

    name: str

    def __str__(self) -> str:
        return self.name


class AssetExecutionContext:
    """Run-, step- and partition-level information for one step (asset or op)."""

    def __init__(
        self,
        *,
        instance: Any = None,
        resources: Resources | None = None,
        run: Any = None,
        step_name: str | None = None,
        assets_def: Any = None,
        partitions_def: PartitionsDefinition | None = None,
        target: PartitionTarget | None = None,
        asset_graph: Any = None,
        op_config: Any = None,
        log: logging.Logger | None = None,
        run_tags: Mapping[str, str] | None = None,
    ) -> None:
        self._instance = instance
        self._resources = resources or Resources({})
        self._run = run
        self._step_name = step_name
        self._assets_def = assets_def
        self._partitions_def = partitions_def
        self._target = target
        self._graph = asset_graph
        self._op_config = op_config
        self._log = log
        check_param(run_tags, "run_tags", Mapping, optional=True)
        self._run_tags = dict(run_tags or (run.tags if run is not None else {}))
        self._output_metadata: dict[str, Any] = {}
        self._asset_metadata: dict[tuple[AssetKey, str | None], dict[str, Any]] = {}
        self._input_keys: dict[str, tuple[PartitionsDefinition | None, tuple[str, ...]]] = {}
        self._upstream_assets: Sequence[Any] = ()  # for binding a directly built context
        self._outputs: Sequence[Any] | None = None  # the step's selected outputs, in a run
        self._checks: Sequence[Any] = ()
        self._mapping_key: str | None = None
        self._retry_number = 0
        self._logged_events: list[Any] = []

    # -- run level -----------------------------------------------------------------------------
    @property
    def run_id(self) -> str:
        return self._run.run_id if self._run is not None else "EPHEMERAL"

    @property
    def run(self) -> Any:
        return self._run

    dagster_run = run

    @property
    def instance(self) -> Any:
        if self._instance is None:
            from partwise._instance import Instance

            self._instance = Instance.ephemeral()
        return self._instance

    @property
    def resources(self) -> Resources:
        return self._resources

    @property
    def log(self) -> logging.Logger:
        if self._log is None:
            self._log = logging.getLogger(f"partwise.{self._step_name or 'context'}")
        return self._log

    @property
    def retry_number(self) -> int:
        """How many times this step was retried before this attempt (0 on the first)."""
        return self._retry_number

    @property
    def op_config(self) -> Any:
        return self._op_config

    @property
    def run_tags(self) -> dict[str, str]:
        return dict(self._run_tags)

    def has_tag(self, key: str) -> bool:
        return key in self._run_tags

    def get_tag(self, key: str) -> str | None:
        return self._run_tags.get(key)

    @property
    def op_execution_context(self) -> AssetExecutionContext:
        return self

    @property
    def step_name(self) -> str | None:
        return self._step_name

    @property
    def assets_def(self) -> Any:
        """The step's node; limited to the selected assets when a run selects some of them."""
        node = self._assets_def
        if node is None or node.graph is not None or not self._outputs:
            return node
        selected = self.selected_asset_keys
        return node if len(selected) == len(node.outputs) else node.subset_for(selected)

    @property
    def asset_key(self) -> AssetKey:
        if self._assets_def is None:
            raise InvariantViolationError("This step does not materialize an asset: no asset_key")
        key: AssetKey = self._assets_def.key
        return key

    def asset_key_for_output(self, output_name: str = "result") -> AssetKey:
        if self._assets_def is None or len(self._assets_def.outputs) == 1:
            return self.asset_key
        key: AssetKey = self._assets_def.keys_by_output_name[output_name]
        return key

    def get_mapping_key(self) -> str | None:
        """The mapping key of this copy of a mapped step (``.map``), else ``None``."""
        return self._mapping_key

    @property
    def has_assets_def(self) -> bool:
        return self._assets_def is not None

    @property
    def job_name(self) -> str | None:
        return self._run.job_name if self._run is not None else None

    @property
    def op(self) -> NodeHandle:
        """The step's node (``context.op.name``)."""
        return NodeHandle(self._step_name or "")

    node_handle = op

    @property
    def step_launcher(self) -> None:
        """Always ``None``: partwise runs every step in this process."""
        return None

    @property
    def is_subset(self) -> bool:
        """Whether this run wants fewer than all of the step's assets."""
        if self._assets_def is None or self._outputs is None:
            return False
        return len(self._outputs) < len(self._assets_def.outputs)

    def asset_key_for_input(self, input_name: str) -> AssetKey:
        """The upstream asset that input ``input_name`` reads."""
        return self._upstream_key(input_name)

    @property
    def selected_output_names(self) -> set[str]:
        """The outputs this run wants from the step (fewer than all in a subset run)."""
        if self._outputs is not None:
            return {o.name for o in self._outputs}
        return {o.name for o in self._assets_def.outputs} if self._assets_def is not None else set()

    @property
    def selected_asset_keys(self) -> set[AssetKey]:
        """The assets this run materializes with this step."""
        if self._outputs is not None:
            return {o.asset_key for o in self._outputs if o.asset_key is not None}
        return set(self._assets_def.keys) if self._assets_def is not None else set()

    @property
    def selected_asset_check_keys(self) -> set[Any]:
        return {c.key for c in self._checks}

    @property
    def check_specs(self) -> list[Any]:
        return list(self._checks)

    def log_event(self, event: Any) -> None:
        """Record an ``AssetMaterialization`` or ``AssetObservation`` for this step's run."""
        if type(event).__name__ not in ("AssetMaterialization", "AssetObservation"):
            raise InvalidInvocationError(
                f"log_event takes an AssetMaterialization or AssetObservation; got {event!r}"
            )
        self._logged_events.append(event)

    def add_output_metadata(
        self, metadata: Mapping[str, Any], output_name: str | None = None
    ) -> None:
        """Attach metadata to this step's materialization(s)."""
        if output_name is not None and self._outputs is not None:
            names = [o.name for o in self._outputs]
            if output_name not in names:
                raise InvariantViolationError(
                    f"Output {output_name!r} is not an output of this step; its outputs are {names}"
                )
        self._output_metadata.update(metadata)

    def add_asset_metadata(
        self,
        metadata: Mapping[str, Any],
        asset_key: CoercibleToAssetKey | None = None,
        partition_key: str | None = None,
    ) -> None:
        """Attach metadata to one asset's materialization(s): every partition of the run, or
        only ``partition_key`` (one of the run's)."""
        selected = self.selected_asset_keys
        if asset_key is None:
            if len(selected) != 1:
                raise InvariantViolationError(
                    f"This step materializes {sorted(k.to_user_string() for k in selected)}: "
                    "pass asset_key= to add_asset_metadata"
                )
            key = next(iter(selected))
        else:
            key = AssetKey.from_coercible(asset_key)
            if key not in selected:
                raise InvariantViolationError(
                    f"Asset {key.to_user_string()!r} is not materialized by this step; it "
                    f"materializes {sorted(k.to_user_string() for k in selected)}"
                )
        if partition_key is not None:
            output = (
                self._assets_def.get_output_name_for_asset_key(key) if self._assets_def else None
            )
            if partition_key not in self._output_keys(output):
                raise InvariantViolationError(
                    f"Partition {partition_key!r} is not one this run materializes of "
                    f"{key.to_user_string()!r} ({list(self._output_keys(output))})"
                )
        self._asset_metadata.setdefault((key, partition_key), {}).update(metadata)

    def _metadata_for(self, asset_key: AssetKey, partition_key: str | None) -> dict[str, Any]:
        """What ``add_asset_metadata`` attached to one materialization."""
        found = dict(self._asset_metadata.get((asset_key, None), {}))
        if partition_key is not None:
            found.update(self._asset_metadata.get((asset_key, partition_key), {}))
        return found

    # -- run partitions ------------------------------------------------------------------------
    @property
    def partitions_def(self) -> PartitionsDefinition | None:
        if self._partitions_def is not None:
            return self._partitions_def
        return self._target.partitions_def if self._target is not None else None

    @property
    def has_partition_key(self) -> bool:
        return self._target is not None and self._target.single is not None

    @property
    def has_partition_key_range(self) -> bool:
        return self._target is not None and self._target.single is None

    def _require_target(self) -> PartitionTarget:
        if self._target is None:
            raise InvariantViolationError("Cannot access partition_key for a non-partitioned run")
        return self._target

    @property
    def partition_key(self) -> str:
        target = self._require_target()
        if target.single is None:
            raise InvariantViolationError(
                "Cannot access partition_key for a partitioned run with a range of partitions. "
                "Call partition_key_range instead."
            )
        return self._typed_key(target.single)

    def _typed_key(self, key: str) -> str:
        pdef = self.partitions_def
        return key if pdef is None else pdef.partition_key_from_str(key)

    @property
    def partition_keys(self) -> list[str]:
        target = self._require_target()
        if not target.keys:
            raise InvariantViolationError(
                "Cannot list the keys of a partition range without a partitions definition: "
                "pass asset_partitions_def= to build_asset_context"
            )
        return [self._typed_key(k) for k in target.keys]

    @property
    def partition_key_range(self) -> PartitionKeyRange:
        start, end = self._require_target().range
        return PartitionKeyRange(self._typed_key(start), self._typed_key(end))

    @property
    def partition_time_window(self) -> TimeWindow:
        if self._target is None:
            raise InvariantViolationError("Partitions definition is not defined")
        if self.partitions_def is None:
            raise InvariantViolationError(
                "Partitions definition is not defined: this context was built with a partition "
                "key but no definition; pass asset_partitions_def= to build_asset_context (or "
                "partitions_def= to build_op_context), or call the asset with the context"
            )
        return _time_window(self.partitions_def, self.partition_keys)

    @property
    def multi_partition_key(self) -> Any:
        if self.partitions_def is None or not self.partitions_def.dimensions:
            raise InvariantViolationError(
                "Cannot access multi_partition_key for a run that is not partitioned with a "
                "MultiPartitionsDefinition."
            )
        return self.partition_key

    # -- output (this asset's) partitions ------------------------------------------------------
    def _output_def(self, output_name: str | None = None) -> PartitionsDefinition | None:
        """The partitions of the asset under ``output_name`` (of the step's assets by default).

        A multi-asset's assets may be partitioned different ways; a step runs outputs that share
        one definition, the context's own.
        """
        node = self._assets_def
        if node is None:
            return self.partitions_def
        if node.output_partitions is None:
            return node.partitions_def  # type: ignore[no-any-return]
        if output_name is not None and output_name in node.output_partitions:
            return node.output_partitions[output_name]  # type: ignore[no-any-return]
        return self._partitions_def

    def _output_keys(self, output_name: str | None = None) -> tuple[str, ...]:
        if self._output_def(output_name) is None or self._target is None:
            return ()
        return tuple(self.partition_keys)

    def asset_partition_key_for_output(self, output_name: str = "result") -> str:
        keys = self._output_keys(output_name)
        if not keys:
            raise CheckError("Failure condition: The output has no asset partitions")
        if len(keys) > 1:
            raise CheckError(
                f"Failure condition: Tried to access partition key for output '{output_name}' of "
                f"step '{self._step_name}', but the step output has a partition range: "
                f"'{keys[0]}' to '{keys[-1]}'."
            )
        return keys[0]

    def asset_partition_keys_for_output(self, output_name: str = "result") -> list[str]:
        keys = self._output_keys(output_name)
        if not keys:
            self.asset_partitions_def_for_output(output_name)
        return list(keys)

    def asset_partition_key_range_for_output(
        self, output_name: str = "result"
    ) -> PartitionKeyRange:
        keys = self._output_keys(output_name)
        if not keys:
            raise CheckError("Failure condition: The output has no asset partitions")
        return (
            self._target.range if self._target is not None else PartitionKeyRange(keys[0], keys[-1])
        )

    def asset_partitions_time_window_for_output(self, output_name: str = "result") -> TimeWindow:
        keys = self._output_keys(output_name)
        if not keys:
            raise CheckError(
                f"Tried to get asset partitions for an output '{output_name}' that does not "
                "correspond to a partitioned asset."
            )
        try:
            return _time_window(self.partitions_def, keys)
        except InvariantViolationError:
            raise CheckError(
                f"Tried to get asset partitions for an output '{output_name}' that correponds to "
                "a partitioned asset that is not time-partitioned."
            ) from None

    def asset_partitions_def_for_output(self, output_name: str = "result") -> PartitionsDefinition:
        pdef = self._output_def(output_name)
        if pdef is None:
            node = self._assets_def
            key: Any = self._step_name
            if node is not None:
                key = (
                    node.key
                    if len(node.outputs) == 1
                    else node.keys_by_output_name.get(output_name, node.node_name)
                )
            raise InvariantViolationError(
                f"Attempting to access partitions def for asset {key!r}, but it is not partitioned"
            )
        return pdef

    # -- input (upstream) partitions -----------------------------------------------------------
    def _upstream_key(self, input_name: str) -> AssetKey:
        if self._assets_def is None:
            raise InvalidInvocationError(
                f"Input {input_name!r}: this context has no asset; build it with assets_def= "
                "(and upstream_assets=) to use input partition accessors"
            )
        for i in self._assets_def.inputs:
            if i.name == input_name:
                return i.key  # type: ignore[no-any-return]
        for dep in self._assets_def.deps:
            if dep.asset_key.path[-1] == input_name or dep.asset_key.to_user_string() == input_name:
                return dep.asset_key  # type: ignore[no-any-return]
        names = [i.name for i in self._assets_def.inputs]
        raise InvalidInvocationError(
            f"Unknown input {input_name!r}; the asset's inputs are {names}"
        )

    def _input(
        self, input_name: str, upstream: AssetKey | None = None
    ) -> tuple[PartitionsDefinition | None, tuple[str, ...]]:
        """The upstream partitions input ``input_name`` reads (of ``upstream`` if given)."""
        if input_name not in self._input_keys:
            from .inputs import mapped_upstream_keys

            upstream = upstream or self._upstream_key(input_name)
            self._input_keys[input_name] = mapped_upstream_keys(
                self._graph,
                self._assets_def,
                self._output_def(),
                upstream,
                self._target,
                self.instance,
            )
        return self._input_keys[input_name]

    def _input_keys_or_fail(self, input_name: str) -> tuple[str, ...]:
        pdef, keys = self._input(input_name)
        if pdef is None:
            raise CheckError("Failure condition: The input has no asset partitions")
        return keys

    def asset_partition_keys_for_input(self, input_name: str) -> list[str]:
        return list(self._input_keys_or_fail(input_name))

    def asset_partition_key_for_input(self, input_name: str) -> str:
        keys = self._input_keys_or_fail(input_name)
        if len(keys) != 1:
            shown = f"'{keys[0]}' to '{keys[-1]}'" if keys else "(no partitions)"
            raise CheckError(
                f"Failure condition: Tried to access partition key for input '{input_name}' of "
                f"step '{self._step_name}', but the step input has a partition range: {shown}."
            )
        return keys[0]

    def asset_partition_key_range_for_input(self, input_name: str) -> PartitionKeyRange:
        keys = self._input_keys_or_fail(input_name)
        if not keys:
            raise CheckError(f"Failure condition: input '{input_name}' maps to no partitions")
        return PartitionKeyRange(keys[0], keys[-1])

    def asset_partitions_time_window_for_input(self, input_name: str) -> TimeWindow:
        pdef, keys = self._input(input_name)
        if pdef is None:
            raise CheckError(
                f"Tried to get asset partitions for an input '{input_name}' that does not "
                "correspond to a partitioned asset."
            )
        return _time_window(pdef, keys)

    def asset_partitions_def_for_input(self, input_name: str) -> PartitionsDefinition:
        pdef, _ = self._input(input_name)
        if pdef is None:
            raise InvariantViolationError(
                f"Attempting to access partitions def for asset {self._upstream_key(input_name)!r}, "
                "but it is not partitioned"
            )
        return pdef

    # -- direct invocation ---------------------------------------------------------------------
    def bound_to(self, assets_def: Any) -> AssetExecutionContext:
        """This context for a direct call of ``assets_def`` (fills in what the test left out)."""
        if self._assets_def is not None:
            return self
        pdef = self._partitions_def or _shared_partitions_def(assets_def)
        target = self._target
        if target is not None and target.partitions_def is None and pdef is not None:
            target = _direct_target(pdef, target.single, target.key_range)
        graph = self._graph
        if graph is None:
            graph = AssetGraph([assets_def, *self._upstream_assets])
        bound = AssetExecutionContext(
            instance=self._instance,
            resources=self._resources,
            run=self._run,
            step_name=assets_def.node_name,
            assets_def=assets_def,
            partitions_def=pdef,
            target=target,
            asset_graph=graph,
            op_config=self._op_config,
            log=self._log,
            run_tags=self._run_tags,
        )
        return bound

    def __repr__(self) -> str:
        return f"AssetExecutionContext(step={self._step_name!r}, target={self._target!r})"


OpExecutionContext = AssetExecutionContext


def _shared_partitions_def(assets_def: Any) -> PartitionsDefinition | None:
    """The definition a directly called node's assets share; ``None`` when they differ (a test
    then passes the one it means with ``asset_partitions_def=``)."""
    if assets_def is None:
        return None
    try:
        return assets_def.partitions_def  # type: ignore[no-any-return]
    except CheckError:
        return None


def _direct_target(
    pdef: PartitionsDefinition | None, key: str | None, key_range: PartitionKeyRange | None
) -> PartitionTarget | None:
    if key is not None:
        return PartitionTarget(pdef, (key,), key)
    if key_range is not None:
        keys = tuple(pdef.get_partition_keys_in_range(key_range)) if pdef is not None else ()
        return PartitionTarget(pdef, keys, None, key_range)
    return None


def _built(resources: Mapping[str, Any] | None, config: Any, instance: Any) -> Resources:
    """A built context's resources, initialised as a run initialises them."""
    values = dict(check_param(resources, "resources", Mapping, optional=True) or {})
    if values:
        initialize_resources(values, config, instance)
    return Resources(values)


def build_asset_context(
    resources: Mapping[str, Any] | None = None,
    resources_config: Mapping[str, Any] | None = None,
    asset_config: Any = None,
    instance: Any = None,
    partition_key: str | None = None,
    partition_key_range: PartitionKeyRange | None = None,
    run_tags: Mapping[str, str] | None = None,
    run_id: str | None = None,
    *,
    asset_partitions_def: PartitionsDefinition | None = None,
    assets_def: Any = None,
    upstream_assets: Sequence[Any] = (),
    **ignored: Any,
) -> AssetExecutionContext:
    """A context for calling an asset function directly in a test, with every accessor working.

    Give ``asset_partitions_def`` (or ``assets_def``) so window accessors know the partitions, and
    ``upstream_assets`` so input accessors can map upstream partitions.
    """
    check_keywords(build_asset_context, ignored)
    if partition_key is not None and partition_key_range is not None:
        raise InvalidInvocationError("Pass partition_key or partition_key_range, not both")
    pdef = asset_partitions_def or _shared_partitions_def(assets_def)
    graph = None
    if assets_def is not None:
        graph = AssetGraph([assets_def, *upstream_assets])
    ctx = AssetExecutionContext(
        instance=instance,
        resources=_built(resources, resources_config, instance),
        step_name=assets_def.node_name if assets_def is not None else None,
        assets_def=assets_def,
        partitions_def=pdef,
        target=_direct_target(pdef, partition_key, partition_key_range),
        asset_graph=graph,
        op_config=asset_config,
        run_tags=run_tags,
    )
    ctx._upstream_assets = tuple(upstream_assets)
    return ctx


def build_op_context(
    resources: Mapping[str, Any] | None = None,
    op_config: Any = None,
    resources_config: Mapping[str, Any] | None = None,
    instance: Any = None,
    config: Any = None,
    partition_key: str | None = None,
    partition_key_range: PartitionKeyRange | None = None,
    run_tags: Mapping[str, str] | None = None,
    *,
    partitions_def: PartitionsDefinition | None = None,
    **ignored: Any,
) -> AssetExecutionContext:
    """A context for calling an op function directly in a test."""
    check_keywords(build_op_context, ignored)
    return AssetExecutionContext(
        instance=instance,
        resources=_built(resources, resources_config, instance),
        partitions_def=partitions_def,
        target=_direct_target(partitions_def, partition_key, partition_key_range),
        op_config=op_config if op_config is not None else config,
        run_tags=run_tags,
    )
