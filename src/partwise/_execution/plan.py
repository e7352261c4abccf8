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
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, nearest

__all__ = ["Plan", "Step", "build_plan"]


@dataclass(frozen=True)
class Step:
    """One function call of a run and where its inputs come from."""

    name: str
    fn: Callable[..., Any]
    spec: FnSpec
    config_type: Any
    resource_keys: frozenset[str]
    io_manager_key: str
    assets_def: AssetsDefinition | None = None
    op_inputs: Mapping[str, str] | None = None  # op jobs: input name -> upstream step name
    asset_inputs: tuple[LoadedInput, ...] = ()
    upstream_steps: frozenset[str] = frozenset()
    retry_policy: Any = None  # the op's/asset's own, else its job's op_retry_policy

    @property
    def asset_key(self) -> AssetKey | None:
        return self.assets_def.key if self.assets_def is not None else None

    @property
    def partitions_def(self) -> PartitionsDefinition | None:
        return self.assets_def.partitions_def if self.assets_def is not None else None


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
                f"Selection names unknown steps {unknown}; did you mean {nearest(unknown[0], known)}?"
            )
        return tuple(s for s in self.steps if s.name in names)


def build_plan(job: Any) -> Plan:
    if job.asset_graph is not None:
        return Plan(
            tuple(
                _asset_step(job.asset_graph, key, set(job.selected), job.op_retry_policy)
                for key in job.selected
            )
        )
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    by_name = {n.name: n for n in job.nodes}
    for node in job.nodes:
        sorter.add(node.name, *node.inputs.values())
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError as e:
        raise InvalidDefinitionError(f"Ops depend on each other in a cycle: {e.args[1]}") from None
    steps = []
    for name in order:
        node = by_name[name]
        steps.append(
            Step(
                name=name,
                fn=node.op.fn,
                spec=node.op.spec,
                config_type=node.op.config_type,
                resource_keys=node.op.required_resource_keys,
                io_manager_key=node.op.io_manager_key,
                op_inputs=dict(node.inputs),
                upstream_steps=frozenset(node.inputs.values()),
                retry_policy=node.op.retry_policy or job.op_retry_policy,
            )
        )
    return Plan(tuple(steps))


def _asset_step(graph: Any, key: AssetKey, selected: set[AssetKey], retry_policy: Any) -> Step:
    a: AssetsDefinition = graph.assets[key]
    upstream = frozenset(
        graph.assets[p].node_name for p in a.dependency_keys if p in selected and p != key
    )
    return Step(
        name=a.node_name,
        fn=a.fn,
        spec=a.spec,
        config_type=a.config_type,
        resource_keys=a.required_resource_keys,
        io_manager_key=a.io_manager_key,
        assets_def=a,
        asset_inputs=a.inputs,
        upstream_steps=upstream,
        retry_policy=a.retry_policy or retry_policy,
    )
