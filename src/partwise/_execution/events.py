"""Values a step may return or report: ``Output``, ``MaterializeResult``, ``AssetMaterialization``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise._asset_key import AssetKey

__all__ = ["AssetMaterialization", "MaterializeResult", "Output"]


@dataclass(frozen=True)
class Output:
    """A step's return value with metadata for its materialization."""

    value: Any
    output_name: str = "result"
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class MaterializeResult:
    """An asset's "I stored it myself" result: no value for the I/O manager, only metadata."""

    asset_key: Any = None
    metadata: Mapping[str, Any] | None = None
    value: Any = None
    check_results: Sequence[Any] | None = None
    data_version: Any = None
    tags: Mapping[str, str] | None = None


@dataclass(frozen=True)
class AssetMaterialization:
    """That an asset (partition) was materialized."""

    asset_key: AssetKey
    description: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    partition: str | None = None
    tags: Mapping[str, str] | None = None
