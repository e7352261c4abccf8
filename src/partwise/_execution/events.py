"""Values a step may return or report: ``Output``, ``MaterializeResult``, ``AssetMaterialization``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from partwise._asset_key import AssetKey
from partwise._metadata import MetadataValue, normalize_metadata
from partwise.errors import CheckError

__all__ = ["AssetMaterialization", "AssetObservation", "MaterializeResult", "Output"]

T = TypeVar("T")


@dataclass(frozen=True)
class Output(Generic[T]):
    """A step's return value with metadata for its materialization (``-> Output[int]`` is typed)."""

    value: T
    output_name: str = "result"
    metadata: Mapping[str, Any] | None = None
    data_version: Any = None
    tags: Mapping[str, str] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", normalize_metadata(self.metadata))


@dataclass(frozen=True)
class MaterializeResult(Generic[T]):
    """An asset's "I stored it myself" result: no value for the I/O manager, only metadata.

    Its metadata stays as given; the recorded materialization carries it typed.
    """

    asset_key: Any = None
    metadata: Mapping[str, Any] | None = None
    check_results: Any = None
    data_version: Any = None
    tags: Mapping[str, str] | None = None
    value: Any = None

    def __post_init__(self) -> None:
        if self.asset_key is not None:  # an AssetKey from here on, as the reference's
            object.__setattr__(self, "asset_key", AssetKey.from_coercible(self.asset_key))
        try:
            normalize_metadata(self.metadata)
        except TypeError as error:
            raise CheckError(f"MaterializeResult metadata: {error}") from None


@dataclass(frozen=True)
class AssetMaterialization:
    """That an asset (partition) was materialized."""

    asset_key: AssetKey
    description: str | None = None
    metadata: Mapping[str, MetadataValue[Any]] = field(default_factory=dict)
    partition: str | None = None
    tags: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.asset_key, AssetKey):
            object.__setattr__(self, "asset_key", AssetKey.from_coercible(self.asset_key))
        object.__setattr__(self, "metadata", normalize_metadata(self.metadata))

    @property
    def label(self) -> str:
        return self.asset_key.to_user_string()


@dataclass(frozen=True)
class AssetObservation:
    """That an asset (partition) was looked at: metadata about it, without materializing it."""

    asset_key: AssetKey
    description: str | None = None
    metadata: Mapping[str, MetadataValue[Any]] = field(default_factory=dict)
    partition: str | None = None
    tags: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.asset_key, AssetKey):
            object.__setattr__(self, "asset_key", AssetKey.from_coercible(self.asset_key))
        object.__setattr__(self, "metadata", normalize_metadata(self.metadata))
