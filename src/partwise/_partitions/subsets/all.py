"""``AllPartitionsSubset``: every partition of a definition, without listing the keys up front."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from partwise._partitions.context import (
    DynamicPartitionsStore,
    PartitionLoadingContext,
    partition_loading_context,
)
from partwise._partitions.keys import PartitionKeyRange
from partwise._partitions.subsets.base import PartitionsSubset

if TYPE_CHECKING:
    from partwise._partitions.definitions.base import PartitionsDefinition

__all__ = ["AllPartitionsSubset"]


class AllPartitionsSubset(PartitionsSubset):
    """All partitions of ``partitions_def`` as the loading ``context`` sees them.

    Keys are listed only when asked for, always under ``context`` (by default the loading context
    in force when the subset is made). Set algebra short-cuts: ``x | all`` is ``all``, ``x & all``
    is ``x`` and ``x - all`` is empty. It is written out as the definition's full subset.
    """

    covers_all = True
    _partitions_def: PartitionsDefinition

    def __init__(
        self, partitions_def: PartitionsDefinition, context: PartitionLoadingContext | None = None
    ) -> None:
        self._partitions_def = partitions_def
        if context is None:
            with partition_loading_context() as context:
                pass
        self._context = context

    @property
    def partitions_def(self) -> PartitionsDefinition:
        return self._partitions_def

    def _loading(self) -> Any:
        return partition_loading_context(new_ctx=self._context)

    def get_partition_keys(self) -> list[str]:
        with self._loading():
            return list(self._partitions_def.get_partition_keys())

    def get_partition_keys_not_in_subset(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        return []

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        with self._loading():
            first = self._partitions_def.get_first_partition_key()
            last = self._partitions_def.get_last_partition_key()
        return [PartitionKeyRange(first, last)] if first and last else []

    def with_partition_keys(self, partition_keys: Any) -> AllPartitionsSubset:
        return self

    def to_serializable_subset(self) -> PartitionsSubset:
        """The definition's full subset, keys listed (what :meth:`serialize` writes)."""
        with self._loading():
            return self._partitions_def.subset_with_all_partitions()

    def serialize(self) -> str:
        return self.to_serializable_subset().serialize()

    @classmethod
    def from_serialized(
        cls, partitions_def: PartitionsDefinition, serialized: str
    ) -> PartitionsSubset:
        return partitions_def.deserialize_subset(serialized)

    @classmethod
    def can_deserialize(
        cls,
        partitions_def: PartitionsDefinition,
        serialized: str,
        serialized_partitions_def_unique_id: str | None = None,
        serialized_partitions_def_class_name: str | None = None,
    ) -> bool:
        return False  # nothing is ever written as "all partitions"

    def __or__(self, other: PartitionsSubset) -> PartitionsSubset:
        self._check_same(other)
        return self

    def __and__(self, other: PartitionsSubset) -> PartitionsSubset:
        return self._check_same(other)

    def __sub__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = self._check_same(other)
        if theirs.covers_all:
            return self.empty_subset()
        return self.to_serializable_subset() - theirs

    def key_set(self) -> frozenset[str]:
        return frozenset(self.get_partition_keys())

    def __len__(self) -> int:
        with self._loading():
            return self._partitions_def.get_num_partitions()

    def __contains__(self, key: object) -> bool:
        with self._loading():
            return isinstance(key, str) and self._partitions_def.has_partition_key(key)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AllPartitionsSubset) and other.partitions_def == self.partitions_def
        )

    def __hash__(self) -> int:
        return hash((AllPartitionsSubset, self._partitions_def))

    def __repr__(self) -> str:
        return f"AllPartitionsSubset(partitions_def={self._partitions_def})"
