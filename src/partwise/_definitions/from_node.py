"""Assets over existing nodes: ``AssetsDefinition.from_graph`` / ``from_op`` and graph nodes.

The class to build is passed in (``cls``), so this module needs ``AssetsDefinition`` only for
type checking and ``asset.py`` can bind these as its classmethods.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from partwise._asset_key import AssetKey, CoercibleToAssetKeyPrefix
from partwise._compat import check_keywords, strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError

from .asset_in import AssetIn, loaded_input
from .asset_out import AssetOutput, prefixed
from .backfill_policy import BackfillPolicy
from .fn import FnSpec

if TYPE_CHECKING:
    from .asset import AssetsDefinition
    from .graph import GraphDefinition
    from .op import OpDefinition

__all__ = ["from_graph", "from_op", "graph_node"]


def graph_node(
    cls: type[AssetsDefinition],
    fn: Callable[..., Any],
    graph: GraphDefinition,
    outputs: tuple[AssetOutput, ...],
    ins: Mapping[str, AssetIn] | None,
    partitions_def: PartitionsDefinition | None,
    backfill_policy: BackfillPolicy | None,
    check_specs: Sequence[Any] | None,
    name: str | None,
    can_subset: bool = False,
    resource_defs: Mapping[str, Any] | None = None,
) -> AssetsDefinition:
    """A node whose assets are outputs of ``graph``'s ops (``@graph_asset``, ``from_graph``)."""
    missing = sorted({o.name for o in outputs} - set(graph.outputs))
    if missing:
        raise InvalidDefinitionError(
            f"Graph asset {graph.name!r} does not return outputs {missing}; it returns "
            f"{sorted(graph.outputs)}"
        )
    unknown = sorted(set(ins or {}) - set(graph.input_names))
    if unknown:
        raise InvalidDefinitionError(
            f"Graph asset {graph.name!r}: ins {unknown} name no parameter of {fn.__name__}(); "
            f"its inputs are {list(graph.input_names)}"
        )
    resources = frozenset(k for n in graph.nodes for k in n.op.required_resource_keys)
    return cls(
        fn=fn,
        spec=FnSpec(False, None, None, (), graph.input_names),
        outputs=outputs,
        node_partitions_def=partitions_def,
        inputs=tuple(loaded_input(n, (ins or {}).get(n)) for n in graph.input_names),
        required_resource_keys=resources | set(resource_defs or ()),
        resource_defs=dict(resource_defs or {}),
        backfill_policy=backfill_policy,
        name=name,
        can_subset=can_subset,
        check_specs=tuple(check_specs or ()),
        node_description=graph.description,
        graph=graph,
    )


def _outputs(
    node_name: str,
    output_names: Sequence[str],
    keys_by_output_name: Mapping[str, AssetKey] | None,
    key_prefix: CoercibleToAssetKeyPrefix | None,
    group_name: str | None,
    by_output: Mapping[str, Mapping[str, Any] | None],
    io_manager_keys: Mapping[str, str],
) -> tuple[AssetOutput, ...]:
    """One asset per output: the given key, else the node name (one output) or output name.

    ``by_output`` holds the ``*_by_output_name`` arguments, by their short names.
    """

    def given(what: str, name: str) -> Any:
        return (by_output[what] or {}).get(name)

    outputs = []
    for name in output_names:
        key = (keys_by_output_name or {}).get(name)
        default = node_name if len(output_names) == 1 and name == "result" else name
        parents = given("internal_asset_deps", name)
        outputs.append(
            AssetOutput(
                name,
                AssetKey.from_coercible(key) if key else prefixed(key_prefix, default),
                io_manager_key=io_manager_keys.get(name, "io_manager"),
                group_name=given("groups", name) or group_name or "default",
                metadata=dict(given("metadata", name) or {}),
                description=given("descriptions", name),
                code_version=given("code_versions", name),
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


@strict_keywords
def from_graph(
    cls: type[AssetsDefinition],
    graph_def: GraphDefinition,
    *,
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
    code_versions_by_output_name: Mapping[str, str | None] | None = None,
    auto_materialize_policies_by_output_name: Mapping[str, Any] | None = None,
    hook_defs: Any = None,
) -> AssetsDefinition:
    """Assets computed by an existing ``GraphDefinition``: one per graph output.

    ``resource_defs`` travel with the assets (as ``@asset(resource_defs=)``); the tags, owners and
    automation arguments describe the assets to a UI and are not used; ``hook_defs`` is refused.
    """
    check_keywords(from_graph, {"hook_defs": hook_defs})
    by_output = {
        "internal_asset_deps": internal_asset_deps,
        "groups": group_names_by_output_name,
        "descriptions": descriptions_by_output_name,
        "metadata": metadata_by_output_name,
        "code_versions": code_versions_by_output_name,
    }
    outputs = _outputs(
        graph_def.name,
        list(graph_def.outputs),
        keys_by_output_name,
        key_prefix,
        group_name,
        by_output,
        {},
    )
    return graph_node(
        cls,
        lambda: None,
        graph_def,
        outputs,
        _ins(keys_by_input_name, partition_mappings),
        partitions_def,
        backfill_policy,
        check_specs,
        graph_def.name,
        can_subset,
        resource_defs,
    )


@strict_keywords
def from_op(
    cls: type[AssetsDefinition],
    op_def: OpDefinition,
    *,
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
    auto_materialize_policies_by_output_name: Mapping[str, Any] | None = None,
    hook_defs: Any = None,
) -> AssetsDefinition:
    """Assets computed by an existing ``@op``: one per output.

    The tags and automation arguments describe the assets to a UI and are not used; ``hook_defs``
    is refused.
    """
    check_keywords(from_op, {"hook_defs": hook_defs})
    by_output = {
        "internal_asset_deps": internal_asset_deps,
        "groups": group_names_by_output_name,
        "descriptions": descriptions_by_output_name,
        "metadata": metadata_by_output_name,
        "code_versions": None,
    }
    outputs = _outputs(
        op_def.name,
        op_def.output_names,
        keys_by_output_name,
        key_prefix,
        group_name,
        by_output,
        {n: o.io_manager_key for n, o in op_def.outs.items()},
    )
    stores_value = not op_def.spec.returns_nothing
    ins = _ins(keys_by_input_name, partition_mappings)
    return cls(
        fn=op_def.fn,
        spec=op_def.spec,
        outputs=tuple(replace(o, stores_value=stores_value) for o in outputs),
        node_partitions_def=partitions_def,
        inputs=tuple(loaded_input(n, ins.get(n)) for n in op_def.spec.input_names),
        required_resource_keys=op_def.required_resource_keys,
        backfill_policy=backfill_policy,
        config_schema=op_def.config_schema,
        name=op_def.name,
        can_subset=can_subset,
    )


# Bound as classmethods of AssetsDefinition, and named so in messages and the keyword tables.
from_graph.__qualname__ = "AssetsDefinition.from_graph"
from_op.__qualname__ = "AssetsDefinition.from_op"
