"""A job's execution plan: its steps in dependency order."""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset import AssetsDefinition, LoadedInput
from partwise._definitions.fn import FnSpec
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, did_you_mean

__all__ = ["Plan", "Step", "StepOutput", "build_plan", "order_steps", "output_type"]


@dataclass(frozen=True)
class StepOutput:
    """One named output of a step; ``asset_key`` is set when it materializes an asset.

    ``stores_value`` is false for outputs that never reach an I/O manager (``-> None``
    functions, ``AssetSpec`` outputs of a multi-asset).
    """

    name: str
    io_manager_key: str = "io_manager"
    asset_key: AssetKey | None = None
    is_required: bool = True
    stores_value: bool = True
    metadata: Mapping[str, Any] | None = None
    dagster_type: Any = None
    """The checked type of a multi-output step's output (``Out``/``AssetOut(dagster_type=)``)."""


def output_type(given: Any, name: str) -> Any:
    """The ``DagsterType`` checked for output ``name`` declared with ``dagster_type=given``."""
    if given is None:
        return None
    from partwise._definitions.types import resolve_annotation

    return resolve_annotation(given, f"dagster_type of output '{name}'")


RESULT = StepOutput("result")


@dataclass(frozen=True)
class Step:
    """One function call of a run and where its inputs come from."""

    name: str
    fn: Callable[..., Any]
    spec: FnSpec
    config_type: Any
    resource_keys: frozenset[str]
    outputs: tuple[StepOutput, ...] = (RESULT,)
    """The outputs this run wants (a subset of a multi-asset's when selected so)."""
    assets_def: AssetsDefinition | None = None
    op_inputs: Mapping[str, tuple[str, str]] | None = None
    """Op jobs: input name -> (upstream step, its output name)."""
    job_inputs: Mapping[str, str] | None = None
    """Op jobs: input name -> the job input (``input_values=``) it reads."""
    asset_inputs: tuple[LoadedInput, ...] = ()
    upstream_steps: frozenset[str] = frozenset()
    retry_policy: Any = None  # the op's/asset's own, else its job's op_retry_policy
    all_outputs: tuple[StepOutput, ...] | None = None
    """Every output the function may produce, in order (``None``: the same as ``outputs``)."""
    checks: tuple[Any, ...] = ()
    """Asset check specs whose results this step reports."""
    check_target: AssetKey | None = None
    """Set for a step that runs an ``@asset_check``: the asset it checks."""
    dynamic: bool = False
    """The op yields ``DynamicOutput``s."""
    mapped_over: str | None = None
    """The dynamic step whose values this step runs once for each of (``.map``)."""
    mapped_key: str | None = None
    """In a run of a mapped step: the mapping key of this copy."""
    collected: frozenset[str] = frozenset()
    """Inputs that receive every mapped value as a list (``.collect()``)."""

    @property
    def io_manager_key(self) -> str:
        return self.outputs[0].io_manager_key if self.outputs else "io_manager"

    @property
    def node_name(self) -> str:
        """The step's name without the mapping key of a mapped copy (``op[key]`` -> ``op``)."""
        return self.name if self.mapped_key is None else self.name.rsplit("[", 1)[0]

    @property
    def asset_key(self) -> AssetKey | None:
        """The asset of a single-asset step (``None`` for ops, checks and multi-asset steps)."""
        if len(self.outputs) == 1:
            return self.outputs[0].asset_key
        return None

    @property
    def asset_keys(self) -> tuple[AssetKey, ...]:
        return tuple(o.asset_key for o in self.outputs if o.asset_key is not None)

    @property
    def partitions_def(self) -> PartitionsDefinition | None:
        return self.assets_def.partitions_def if self.assets_def is not None else None

    @property
    def returns_outputs(self) -> tuple[StepOutput, ...]:
        return self.all_outputs if self.all_outputs is not None else self.outputs


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]

    def select(self, names: set[str] | None) -> tuple[Step, ...]:
        if names is None:
            return self.steps
        known = {s.name for s in self.steps}
        unknown = sorted(names - known)
        if unknown:
            raise InvalidInvocationError(
                f"Selection names unknown steps {unknown}{did_you_mean(unknown[0], known)}"
            )
        return tuple(s for s in self.steps if s.name in names)

    def step(self, name: str) -> Step | None:
        for step in self.steps:
            if step.name == name:
                return step
        return None


def order_steps(edges: Mapping[str, Any], what: str) -> list[str]:
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name, upstream in edges.items():
        sorter.add(name, *upstream)
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as e:
        raise InvalidDefinitionError(
            f"{what} depend on each other in a cycle: {e.args[1]}"
        ) from None


def build_plan(job: Any) -> Plan:
    if job.asset_graph is not None:
        from .asset_plan import asset_steps

        return Plan(asset_steps(job.asset_graph, job.selected, job.op_retry_policy))
    by_name = {n.name: n for n in job.nodes}
    order = order_steps({n.name: {up for up, _ in n.inputs.values()} for n in job.nodes}, "Ops")
    steps = []
    for name in order:
        node = by_name[name]
        op = node.op
        steps.append(
            Step(
                name=name,
                fn=op.fn,
                spec=op.spec,
                config_type=op.config_type,
                resource_keys=op.required_resource_keys,
                outputs=tuple(
                    StepOutput(
                        n,
                        o.io_manager_key,
                        is_required=o.is_required,
                        stores_value=not op.spec.returns_nothing,
                        metadata=o.metadata,
                        dagster_type=output_type(o.dagster_type, n) if len(op.outs) > 1 else None,
                    )
                    for n, o in op.outs.items()
                ),
                op_inputs=dict(node.inputs),
                job_inputs=dict(node.job_inputs),
                upstream_steps=frozenset(up for up, _ in node.inputs.values()),
                retry_policy=op.retry_policy or job.op_retry_policy,
                dynamic=op.is_dynamic,
                mapped_over=node.mapped_over,
                collected=node.collected,
            )
        )
    return Plan(tuple(steps))
