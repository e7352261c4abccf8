"""What one input of an asset node reads: ``AssetIn`` (as declared) and ``LoadedInput``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey, CoercibleToAssetKeyPrefix

from .asset_out import prefixed

__all__ = ["AssetIn", "LoadedInput", "loaded_input"]


@dataclass(frozen=True)
class AssetIn:
    """How an asset input is found (``key``) and which upstream partitions it reads."""

    key: CoercibleToAssetKey | None = None
    metadata: Mapping[str, Any] | None = None
    key_prefix: CoercibleToAssetKeyPrefix | None = None
    input_manager_key: str | None = None
    partition_mapping: Any = None  # a PartitionMapping
    dagster_type: Any = None

    def __post_init__(self) -> None:
        if self.key is not None:  # an AssetKey from here on, as the reference's
            object.__setattr__(self, "key", AssetKey.from_coercible(self.key))


@dataclass(frozen=True)
class LoadedInput:
    """An input the engine loads through an I/O manager."""

    name: str
    key: AssetKey
    partition_mapping: Any
    metadata: Mapping[str, Any]
    input_manager_key: str | None


def loaded_input(name: str, spec: AssetIn | None) -> LoadedInput:
    """The input's upstream key: ``AssetIn(key=)``, else the parameter name under ``AssetIn(key_prefix=)``.

    Like the reference, the asset's own ``key_prefix`` is not applied to its inputs.
    """
    if spec is None:
        return LoadedInput(name, AssetKey(name), None, {}, None)
    if spec.key is not None:
        key = AssetKey.from_coercible(spec.key)
    else:
        key = prefixed(spec.key_prefix, name)
    return LoadedInput(
        name, key, spec.partition_mapping, dict(spec.metadata or {}), spec.input_manager_key
    )
