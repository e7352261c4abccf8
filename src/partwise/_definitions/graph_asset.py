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

from .asset import AssetsDefinition
from .asset_in import AssetIn
from .asset_out import DEFAULT_IO_MANAGER_KEY, AssetOut, AssetOutput, prefixed
from .backfill_policy import BackfillPolicy
from .from_node import graph_node
from .graph import build_graph

__all__ = ["graph_asset", "graph_multi_asset"]


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
        return graph_node(
            AssetsDefinition,
            fn,
            graph,
            (output,),
            ins,
            partitions_def,
            backfill_policy,
            check_specs,
            node_name,
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
        return graph_node(
            AssetsDefinition,
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
