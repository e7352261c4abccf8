"""What one output of an asset node produces: ``AssetOut`` (as declared) and ``AssetOutput``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey, CoercibleToAssetKeyPrefix
from partwise.errors import InvalidDefinitionError, check_param

__all__ = ["DEFAULT_IO_MANAGER_KEY", "AssetOut", "AssetOutput", "prefixed"]

DEFAULT_IO_MANAGER_KEY = "io_manager"


@dataclass(frozen=True)
class AssetOut:
    """One asset of a ``@multi_asset(outs=...)``: its key (or prefix) and how it is stored."""

    key_prefix: CoercibleToAssetKeyPrefix | None = None
    key: CoercibleToAssetKey | None = None
    dagster_type: Any = None
    description: str | None = None
    is_required: bool = True
    io_manager_key: str | None = None
    metadata: Mapping[str, Any] | None = None
    group_name: str | None = None
    code_version: str | None = None
    automation_condition: Any = None
    backfill_policy: Any = None
    owners: Sequence[str] | None = None
    tags: Mapping[str, str] | None = None
    kinds: Any = None
    freshness_policy: Any = None
    is_virtual: bool = False
    spec: Any = field(default=None, repr=False)
    """The ``AssetSpec`` it was built from (``from_spec``): a ``multi_asset`` takes its partitions."""

    @staticmethod
    def from_spec(
        spec: Any,
        dagster_type: Any = None,
        is_required: bool = True,
        io_manager_key: str | None = None,
        backfill_policy: Any = None,
    ) -> AssetOut:
        """The output of the asset ``spec`` describes: its key, group, metadata, description, code
        version and partitions."""
        if spec.deps:
            raise InvalidDefinitionError("Currently, cannot build AssetOut from spec with deps")
        return AssetOut(
            key=spec.asset_key,
            dagster_type=dagster_type,
            description=spec.description,
            is_required=is_required,
            io_manager_key=io_manager_key or spec.io_manager_key,
            metadata=spec.metadata,
            group_name=spec.group_name,
            code_version=spec.code_version,
            automation_condition=spec.automation_condition,
            backfill_policy=backfill_policy,
            owners=spec.owners,
            tags=spec.tags,
            kinds=spec.kinds,
            freshness_policy=spec.freshness_policy,
            spec=spec,
        )

    def __post_init__(self) -> None:
        if self.key is not None:  # an AssetKey from here on, as the reference's
            object.__setattr__(self, "key", AssetKey.from_coercible(self.key))

    def asset_key(self, output_name: str) -> AssetKey:
        if self.key is not None:
            return AssetKey.from_coercible(self.key)
        return prefixed(self.key_prefix, output_name)


@dataclass(frozen=True)
class AssetOutput:
    """One asset an ``AssetsDefinition`` materializes, under the output ``name`` of its step.

    ``parents`` are this asset's own upstream keys when they differ from the node's (a
    ``multi_asset`` spec with its own ``deps``); ``None`` means every upstream of the node.
    ``stores_value`` is false for outputs that only record a materialization (``AssetSpec``s).
    """

    name: str
    key: AssetKey
    io_manager_key: str = DEFAULT_IO_MANAGER_KEY
    group_name: str = "default"
    metadata: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None
    code_version: str | None = None
    is_required: bool = True
    parents: frozenset[AssetKey] | None = None
    stores_value: bool = True
    dagster_type: Any = None


def prefixed(prefix: CoercibleToAssetKeyPrefix | None, name: str) -> AssetKey:
    if prefix is None:
        return AssetKey(name)
    check_param(prefix, "key_prefix", (str, list, tuple))
    parts = [prefix] if isinstance(prefix, str) else list(prefix)
    return AssetKey([*parts, name])
