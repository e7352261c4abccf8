"""The steps of a graph-backed asset node: one per op, named ``<node>.<op>``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset import AssetsDefinition
from partwise._definitions.asset_in import LoadedInput

from .steps import Step, StepOutput

__all__ = ["graph_steps"]


def graph_steps(
    node: AssetsDefinition, keys: Sequence[AssetKey], upstream: frozenset[str], retry_policy: Any
) -> list[Step]:
    """Op steps wired as in the graph; graph inputs load the node's upstream assets.

    The op output the graph returns for an asset carries that asset's key, so it is
    materialized (and stored by the asset's I/O manager) like a plain asset's output.
    """
    prefix = node.node_name
    wanted = set(keys)
    asset_outputs = {node.graph.outputs[o.name]: o for o in node.outputs if o.key in wanted}
    inputs_by_name = {i.name: i for i in node.inputs}
    steps = []
    for op_node in node.graph.nodes:
        op = op_node.op
        outputs = []
        for name, out in op.outs.items():
            asset = asset_outputs.get((op_node.name, name))
            outputs.append(
                StepOutput(
                    name,
                    asset.io_manager_key if asset else out.io_manager_key,
                    asset.key if asset else None,
                    out.is_required,
                    not op.spec.returns_nothing,
                    asset.metadata if asset else out.metadata,
                )
            )
        loaded = tuple(
            LoadedInput(
                input_name,
                inputs_by_name[graph_input].key,
                inputs_by_name[graph_input].partition_mapping,
                inputs_by_name[graph_input].metadata,
                inputs_by_name[graph_input].input_manager_key,
            )
            for input_name, graph_input in op_node.job_inputs.items()
        )
        internal = {k: (f"{prefix}.{up}", out) for k, (up, out) in op_node.inputs.items()}
        steps.append(
            Step(
                name=f"{prefix}.{op_node.name}",
                fn=op.fn,
                spec=op.spec,
                config_type=op.config_type,
                resource_keys=op.required_resource_keys,
                outputs=tuple(outputs),
                assets_def=node,
                partitions_def=node.partitions_def,
                op_def=op,
                op_inputs=internal,
                asset_inputs=loaded,
                upstream_steps=upstream | {up for up, _ in internal.values()},
                retry_policy=op.retry_policy or retry_policy,
            )
        )
    return steps
