"""A request to launch one run: the value schedules, sensors and ``JobDefinition`` build."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise._instance.records import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)
from partwise._partitions.definitions.base import PARTITION_NAME_TAG, PartitionKeyRange
from partwise.errors import check_param

from .asset import asset_key_of

__all__ = ["RunRequest"]


def _config_dict(run_config: Any) -> dict[str, Any]:
    if run_config is None:
        return {}
    to_dict = getattr(run_config, "to_config_dict", None)
    if to_dict is not None:  # a RunConfig object
        return dict(to_dict())
    return dict(check_param(run_config, "run_config", Mapping))


@dataclass(frozen=True)
class RunRequest:
    """A request to launch one run: its job, partition, config, tags and dedupe ``run_key``."""

    run_key: str | None = None
    run_config: Mapping[str, Any] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    job_name: str | None = None
    asset_selection: Sequence[Any] | None = None
    stale_assets_only: bool = False
    partition_key: str | None = None
    asset_check_keys: Sequence[Any] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.run_config, dict):
            object.__setattr__(self, "run_config", _config_dict(self.run_config))
        if not isinstance(self.tags, dict):
            tags = check_param(self.tags, "tags", Mapping, optional=True)
            object.__setattr__(self, "tags", dict(tags or {}))
        if self.asset_selection is not None:
            keys = [asset_key_of(a) for a in self.asset_selection]
            object.__setattr__(self, "asset_selection", keys)

    def with_replaced_attrs(self, **changes: Any) -> RunRequest:
        """A copy with the given fields replaced."""
        return dataclasses.replace(self, **changes)

    def has_resolved_partition(self) -> bool:
        """Whether partition tags are already set (always true without a partition key)."""
        return self.partition_key is None or PARTITION_NAME_TAG in self.tags

    @property
    def partition_key_range(self) -> PartitionKeyRange | None:
        """The range named by the range tags, if both are set."""
        start = self.tags.get(ASSET_PARTITION_RANGE_START_TAG)
        end = self.tags.get(ASSET_PARTITION_RANGE_END_TAG)
        return PartitionKeyRange(start, end) if start is not None and end is not None else None
