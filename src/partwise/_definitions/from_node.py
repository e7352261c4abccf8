"""``AssetsDefinition.from_graph`` and ``AssetsDefinition.from_op``: assets over existing nodes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKeyPrefix
from partwise._partitions.definitions.base import PartitionsDefinition

from .asset import AssetIn, AssetsDefinition, _loaded_input
from .asset_out import AssetOutput, prefixed
from .backfill_policy import BackfillPolicy
from .graph import GraphDefinition
from .graph_asset import _node
from .op import OpDefinition

__all__ = ["assets_from_graph", "assets_from_op"]


def _outputs(
    node_name: str,
    output_names: Sequence[str],
    keys_by_output_name: Mapping[str, AssetKey] | None,
    key_prefix: CoercibleToAssetKeyPrefix | None,
    group_name: str | None,
    groups: Mapping[str, str | None] | None,
    descriptions: Mapping[str, str] | None,
    metadata: Mapping[str, Any] | None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None,
    io_manager_keys: Mapping[str, str],
) -> tuple[AssetOutput, ...]:
    """One asset per output: the given key, else the node name (one output) or output name."""
    outputs = []
    for name in output_names:
        given = (keys_by_output_name or {}).get(name)
        default = node_name if len(output_names) == 1 and name == "result" else name
        key = AssetKey.from_coercible(given) if given else prefixed(key_prefix, default)
        parents = (internal_asset_deps or {}).get(name)
        outputs.append(
            AssetOutput(
                name,
                key,
                io_manager_key=io_manager_keys.get(name, "io_manager"),
                group_name=(groups or {}).get(name) or group_name or "default",
                metadata=dict((metadata or {}).get(name) or {}),
                description=(descriptions or {}).get(name),
                parents=None
                if parents is None
                else frozenset(AssetKey.from_coercible(p) for p in parents),
            )
        )
    return tuple(outputs)


def _ins(
    keys_by_input_name: Mapping[str, AssetKey] | None,
    partition_mappings: Mapping[str, Any] | None,
) -> dict[str, AssetIn]:
    names = set(keys_by_input_name or {}) | set(partition_mappings or {})
    return {
        n: AssetIn(
            key=(keys_by_input_name or {}).get(n),
            partition_mapping=(partition_mappings or {}).get(n),
        )
        for n in names
    }


def assets_from_graph(
    graph_def: GraphDefinition,
    keys_by_input_name: Mapping[str, AssetKey] | None = None,
    keys_by_output_name: Mapping[str, AssetKey] | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    partition_mappings: Mapping[str, Any] | None = None,
    resource_defs: Mapping[str, Any] | None = None,
    group_name: str | None = None,
    group_names_by_output_name: Mapping[str, str | None] | None = None,
    descriptions_by_output_name: Mapping[str, str] | None = None,
    metadata_by_output_name: Mapping[str, Any] | None = None,
    tags_by_output_name: Mapping[str, Any] | None = None,
    automation_conditions_by_output_name: Mapping[str, Any] | None = None,
    backfill_policy: BackfillPolicy | None = None,
    can_subset: bool = False,
    check_specs: Sequence[Any] | None = None,
    owners_by_output_name: Mapping[str, Any] | None = None,
    code_versions_by_output_name: Mapping[str, Any] | None = None,
    auto_materialize_policies_by_output_name: Mapping[str, Any] | None = None,
    hook_defs: Any = None,
) -> AssetsDefinition:
    outputs = _outputs(
        graph_def.name,
        list(graph_def.outputs),
        keys_by_output_name,
        key_prefix,
        group_name,
        group_names_by_output_name,
        descriptions_by_output_name,
        metadata_by_output_name,
        internal_asset_deps,
        {},
    )
    return _node(
        lambda: None,
        graph_def,
        outputs,
        _ins(keys_by_input_name, partition_mappings),
        partitions_def,
        backfill_policy,
        check_specs,
        graph_def.name,
        can_subset,
    )


def assets_from_op(
    op_def: OpDefinition,
    keys_by_input_name: Mapping[str, AssetKey] | None = None,
    keys_by_output_name: Mapping[str, AssetKey] | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    partition_mappings: Mapping[str, Any] | None = None,
    group_name: str | None = None,
    group_names_by_output_name: Mapping[str, str | None] | None = None,
    descriptions_by_output_name: Mapping[str, str] | None = None,
    metadata_by_output_name: Mapping[str, Any] | None = None,
    tags_by_output_name: Mapping[str, Any] | None = None,
    automation_conditions_by_output_name: Mapping[str, Any] | None = None,
    backfill_policy: BackfillPolicy | None = None,
    can_subset: bool = False,
    owners_by_output_name: Mapping[str, Any] | None = None,
    code_versions_by_output_name: Mapping[str, Any] | None = None,
    auto_materialize_policies_by_output_name: Mapping[str, Any] | None = None,
) -> AssetsDefinition:
    outputs = _outputs(
        op_def.name,
        op_def.output_names,
        keys_by_output_name,
        key_prefix,
        group_name,
        group_names_by_output_name,
        descriptions_by_output_name,
        metadata_by_output_name,
        internal_asset_deps,
        {n: o.io_manager_key for n, o in op_def.outs.items()},
    )
    outputs = tuple(replace(o, stores_value=not op_def.spec.returns_nothing) for o in outputs)
    ins = _ins(keys_by_input_name, partition_mappings)
    return AssetsDefinition(
        fn=op_def.fn,
        spec=op_def.spec,
        outputs=outputs,
        node_partitions_def=partitions_def,
        inputs=tuple(_loaded_input(n, ins.get(n)) for n in op_def.spec.input_names),
        required_resource_keys=op_def.required_resource_keys,
        backfill_policy=backfill_policy,
        config_schema=op_def.config_schema,
        name=op_def.name,
        can_subset=can_subset,
    )
