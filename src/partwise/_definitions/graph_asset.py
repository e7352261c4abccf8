"""``@graph_asset`` and ``@graph_multi_asset``: assets computed by a graph of ops.

Each op runs as its own step (``<asset node>.<op>``) with the asset's partitions, so
``context.partition_key`` works inside them; the op output the graph returns is the asset.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey, CoercibleToAssetKeyPrefix
from partwise._compat import check_keywords, strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError

from .asset import AssetIn, AssetsDefinition, _loaded_input
from .asset_out import DEFAULT_IO_MANAGER_KEY, AssetOut, AssetOutput, prefixed
from .backfill_policy import BackfillPolicy
from .fn import FnSpec
from .graph import GraphDefinition, build_graph

__all__ = ["graph_asset", "graph_multi_asset"]


def _node(
    fn: Callable[..., Any],
    graph: GraphDefinition,
    outputs: tuple[AssetOutput, ...],
    ins: Mapping[str, AssetIn] | None,
    partitions_def: PartitionsDefinition | None,
    backfill_policy: BackfillPolicy | None,
    check_specs: Sequence[Any] | None,
    name: str | None,
    can_subset: bool = False,
) -> AssetsDefinition:
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
    return AssetsDefinition(
        fn=fn,
        spec=FnSpec(False, None, None, (), graph.input_names),
        outputs=outputs,
        node_partitions_def=partitions_def,
        inputs=tuple(_loaded_input(n, (ins or {}).get(n)) for n in graph.input_names),
        required_resource_keys=resources,
        backfill_policy=backfill_policy,
        name=name,
        can_subset=can_subset,
        check_specs=tuple(check_specs or ()),
        node_description=graph.description,
        graph=graph,
    )


@strict_keywords
def graph_asset(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    config: Any = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    group_name: str | None = None,
    partitions_def: PartitionsDefinition | None = None,
    hooks: Any = None,
    metadata: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    owners: Sequence[str] | None = None,
    automation_condition: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    resource_defs: Mapping[str, Any] | None = None,
    check_specs: Sequence[Any] | None = None,
    code_version: str | None = None,
    key: CoercibleToAssetKey | None = None,
    kinds: Any = None,
) -> Any:
    """An asset whose value is the output of a graph of ops (composed by calling them)."""
    check_keywords(graph_asset, {"hooks": hooks, "resource_defs": resource_defs})
    if config is not None:
        raise InvalidDefinitionError(
            "@graph_asset(config=...) (config mapping) is not supported by partwise; give the "
            "ops their config in the run config"
        )

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        graph = build_graph(fn, name, description)
        asset_key = (
            AssetKey.from_coercible(key)
            if key is not None
            else prefixed(key_prefix, name or fn.__name__)
        )
        if len(graph.outputs) != 1:
            raise InvalidDefinitionError(
                f"@graph_asset {graph.name!r} must return exactly one op output; it returns "
                f"{sorted(graph.outputs)} (use @graph_multi_asset for several)"
            )
        output = AssetOutput(
            next(iter(graph.outputs)),
            asset_key,
            group_name=group_name or "default",
            metadata=dict(metadata or {}),
            description=graph.description,
            code_version=code_version,
        )
        node_name = "__".join(asset_key.path)
        return _node(
            fn, graph, (output,), ins, partitions_def, backfill_policy, check_specs, node_name
        )

    return build(compose_fn) if compose_fn is not None else build


@strict_keywords
def graph_multi_asset(
    *,
    outs: Mapping[str, AssetOut],
    name: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    hooks: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    group_name: str | None = None,
    can_subset: bool = False,
    resource_defs: Mapping[str, Any] | None = None,
    check_specs: Sequence[Any] | None = None,
    config: Any = None,
) -> Callable[[Callable[..., Any]], AssetsDefinition]:
    """Several assets computed by one graph: the graph returns one op output per ``outs`` name."""
    check_keywords(
        graph_multi_asset, {"hooks": hooks, "resource_defs": resource_defs, "config": config}
    )

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        graph = build_graph(fn, name, None, out=outs)
        outputs = tuple(
            AssetOutput(
                n,
                o.asset_key(n),
                io_manager_key=o.io_manager_key or DEFAULT_IO_MANAGER_KEY,
                group_name=o.group_name or group_name or "default",
                metadata=dict(o.metadata or {}),
                description=o.description,
                is_required=o.is_required,
            )
            for n, o in outs.items()
        )
        return _node(
            fn,
            graph,
            outputs,
            ins,
            partitions_def,
            backfill_policy,
            check_specs,
            name or fn.__name__,
            can_subset,
        )

    return build
