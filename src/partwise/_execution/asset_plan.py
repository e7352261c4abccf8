"""The steps of an asset job: one per selected asset node, then one per selected asset check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset import AssetsDefinition, partitioned
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError

from .graph_steps import graph_steps
from .steps import Step, StepOutput, order_steps, output_type

__all__ = ["asset_steps"]


def asset_steps(
    graph: Any, selected: Sequence[AssetKey], retry_policy: Any = None
) -> tuple[Step, ...]:
    """``retry_policy`` is the job's ``op_retry_policy``, for steps without their own."""
    chosen = set(selected)
    by_node: dict[str, tuple[AssetsDefinition, list[AssetKey]]] = {}
    for key in selected:
        node = graph.assets[key]
        by_node.setdefault(node.node_name, (node, []))[1].append(key)
    steps: dict[str, Step] = {}
    for name, (node, keys) in by_node.items():
        _check_subset(node, keys)
        upstream = {
            _producer(graph, p, steps)
            for k in keys
            for p in graph.parents(k)
            if p in chosen and p not in node.keys
        } - {None}
        if node.graph is not None:
            steps.update(
                (s.name, s) for s in graph_steps(node, keys, frozenset(upstream), retry_policy)
            )
        else:
            steps[name] = _node_step(node, keys, frozenset(upstream), retry_policy)
    for check in graph.checks:
        targets = {spec.asset_key for spec in check.specs}
        if targets & chosen or targets & set(graph.external):
            step = _check_step(graph, check, steps, retry_policy)
            steps[step.name] = step
    _block_downstream(graph, steps)
    order = order_steps({n: s.upstream_steps for n, s in steps.items()}, "Assets")
    return tuple(steps[n] for n in order)


def _check_subset(node: AssetsDefinition, keys: list[AssetKey]) -> None:
    if len(keys) < len(node.keys) and not node.can_subset:
        chosen = sorted(k.to_user_string() for k in keys)
        rest = sorted(k.to_user_string() for k in node.keys - set(keys))
        raise InvalidDefinitionError(
            f"Asset selection {chosen} contains only part of the multi-asset {node.node_name!r} "
            f"(not {rest}), which cannot be subset; select all its assets or declare it with "
            "can_subset=True"
        )


def _node_step(
    node: AssetsDefinition, keys: list[AssetKey], upstream: frozenset[str], retry_policy: Any
) -> Step:
    def out(o: Any) -> StepOutput:
        checked = output_type(o.dagster_type, o.name)
        return StepOutput(
            o.name, o.io_manager_key, o.key, o.is_required, o.stores_value, o.metadata, checked
        )

    wanted = set(keys)
    outputs = tuple(out(o) for o in node.outputs if o.key in wanted)
    return Step(
        name=node.node_name,
        fn=node.fn,
        spec=node.spec,
        config_type=node.config_type,
        resource_keys=node.required_resource_keys,
        outputs=outputs,
        assets_def=node,
        partitions_def=_step_partitions_def(node, [o.name for o in outputs]),
        op_def=node.op,
        asset_inputs=node.inputs,
        upstream_steps=upstream,
        all_outputs=tuple(out(o) for o in node.outputs)
        if len(outputs) < len(node.outputs)
        else None,
        checks=tuple(c for c in node.check_specs if c.asset_key in wanted),
        retry_policy=node.retry_policy or retry_policy,
    )


def _step_partitions_def(node: AssetsDefinition, outputs: list[str]) -> PartitionsDefinition | None:
    """The partitions definition a step's outputs share (``None`` when they differ: the implicit
    job's plan may hold such a step, and a run of it is refused, see ``run_partitions_def``)."""
    defs = partitioned(node.output_partitions_def(name) for name in outputs)
    return defs[0] if len(defs) == 1 else None


def _check_step(graph: Any, check: Any, steps: dict[str, Step], retry_policy: Any) -> Step:
    node = check.node
    checked = {spec.asset_key for spec in check.specs} | {i.key for i in node.inputs}
    upstream = {_producer(graph, key, steps) for key in checked} - {None}
    return Step(
        name=node.node_name,
        fn=node.fn,
        spec=node.spec,
        config_type=node.config_type,
        resource_keys=node.required_resource_keys,
        outputs=(),
        assets_def=node,
        partitions_def=node.partitions_def,
        op_def=node.op,
        asset_inputs=node.inputs,
        upstream_steps=frozenset(upstream),
        checks=check.specs,
        check_target=check.asset_key,
        retry_policy=node.retry_policy or retry_policy,
    )


def _producer(graph: Any, key: AssetKey, steps: dict[str, Step]) -> Any:
    """The planned step that materializes ``key`` (``None`` if none does in this run)."""
    for step in steps.values():
        if key in step.asset_keys:
            return step.name
    return None


def _block_downstream(graph: Any, steps: dict[str, Step]) -> None:
    """A blocking check runs before the steps downstream of its asset (which skip if it fails)."""
    from dataclasses import replace

    for check_step in [s for s in steps.values() if s.check_target is not None]:
        if not any(c.blocking for c in check_step.checks):
            continue
        children = frozenset().union(
            *(graph.children(c.asset_key) for c in check_step.checks if c.blocking)
        )
        for name, step in list(steps.items()):
            if step.assets_def is not None and step.assets_def.keys & children:
                steps[name] = replace(step, upstream_steps=step.upstream_steps | {check_step.name})
