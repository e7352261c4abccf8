"""What assets are made of, below ``AssetsDefinition``: specs of external assets, dependencies.

A leaf of the definitions layer: the asset graph (and through it the execution context) reads
assets through this module and :class:`ComputedAssets`, so it never imports ``asset.py``, which
runs an asset directly through the execution context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidInvocationError, InvariantViolationError, check_param

from .asset_out import DEFAULT_IO_MANAGER_KEY

__all__ = [
    "AssetDep",
    "AssetSpec",
    "ComputedAssets",
    "SourceAsset",
    "as_assets",
    "asset_key_of",
    "coerce_deps",
]


class ComputedAssets:
    """The base of ``AssetsDefinition``: what other modules test for without importing it."""

    __slots__ = ()

    @property
    def key(self) -> AssetKey:
        raise NotImplementedError


@dataclass(frozen=True)
class AssetSpec:
    """An asset produced outside partwise (readable as an input, never materialized here)."""

    key: CoercibleToAssetKey
    deps: Iterable[Any] | None = None
    description: str | None = None
    metadata: Mapping[str, Any] | None = None
    group_name: str | None = None
    partitions_def: PartitionsDefinition | None = None
    io_manager_key: str = DEFAULT_IO_MANAGER_KEY
    skippable: bool = False
    code_version: str | None = None
    owners: Sequence[str] | None = None
    tags: Mapping[str, str] | None = None
    kinds: Any = None
    automation_condition: Any = None
    freshness_policy: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", AssetKey.from_coercible(self.key))
        coerce_deps(self.deps, f"for spec {self.asset_key}.")

    @property
    def asset_key(self) -> AssetKey:
        return AssetKey.from_coercible(self.key)

    @property
    def dep_keys(self) -> frozenset[AssetKey]:
        return frozenset(asset_key_of(d) for d in self.deps or ())

    def with_io_manager_key(self, io_manager_key: str) -> AssetSpec:
        """This spec, read downstream through the I/O manager under ``io_manager_key``."""
        values = {f.name: getattr(self, f.name) for f in fields(AssetSpec)}
        return AssetSpec(**{**values, "io_manager_key": io_manager_key})


class SourceAsset(AssetSpec):
    """Dagster's older name for an external asset."""

    def __init__(
        self,
        key: CoercibleToAssetKey,
        partitions_def: PartitionsDefinition | None = None,
        io_manager_key: str = DEFAULT_IO_MANAGER_KEY,
        metadata: Mapping[str, Any] | None = None,
        description: str | None = None,
        group_name: str | None = None,
    ) -> None:
        super().__init__(
            key,
            description=description,
            metadata=metadata,
            group_name=group_name,
            partitions_def=partitions_def,
            io_manager_key=io_manager_key,
        )


@dataclass(frozen=True)
class AssetDep:
    """An ordering-only dependency (never loaded), optionally with a partition mapping."""

    asset: Any  # CoercibleToAssetKey | AssetsDefinition | AssetSpec
    partition_mapping: Any = None
    metadata: Mapping[str, Any] | None = None

    @property
    def asset_key(self) -> AssetKey:
        return asset_key_of(self.asset)


def coerce_deps(deps: Iterable[Any] | None, where: str) -> tuple[AssetDep, ...]:
    """``deps`` as ``AssetDep``s, one per upstream key.

    Repeating an identical dependency is harmless and kept once; naming one asset twice with a
    different partition mapping or metadata is ambiguous and raises, as in the reference.
    """
    check_param(deps, "deps", (list, tuple, set, frozenset), optional=True)
    by_key: dict[AssetKey, AssetDep] = {}
    for value in deps or ():
        dep = value if isinstance(value, AssetDep) else AssetDep(asset_key_of(value))
        key = dep.asset_key
        seen = by_key.get(key)
        if seen is not None and (seen.partition_mapping, seen.metadata) != (
            dep.partition_mapping,
            dep.metadata,
        ):
            raise InvariantViolationError(
                f"Cannot set a dependency on asset {key} more than once {where} (first with "
                f"partition_mapping={seen.partition_mapping!r}, then {dep.partition_mapping!r}); "
                "give each upstream asset one AssetDep"
            )
        by_key.setdefault(key, dep)
    return tuple(by_key.values())


def asset_key_of(value: Any) -> AssetKey:
    """The asset key of an asset, spec, dependency or anything coercible to a key."""
    if isinstance(value, ComputedAssets):
        return value.key
    if type(value).__name__ == "AssetChecksDefinition":
        return value.asset_key  # type: ignore[no-any-return]
    if isinstance(value, AssetSpec):
        return value.asset_key
    if isinstance(value, AssetDep):
        return value.asset_key
    return AssetKey.from_coercible(value)


def as_assets(values: Sequence[Any]) -> tuple[list[ComputedAssets], list[AssetSpec]]:
    """Split a user-supplied list into computed assets and external specs."""
    computed: list[ComputedAssets] = []
    external: list[AssetSpec] = []
    for value in values:
        if isinstance(value, ComputedAssets):
            computed.append(value)
        elif isinstance(value, AssetSpec):
            external.append(value)
        else:
            raise InvalidInvocationError(
                f"Expected assets (from @asset), AssetSpec or SourceAsset objects, got {value!r}"
            )
    return computed, external
