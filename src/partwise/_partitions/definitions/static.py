"""A fixed, ordered list of partition keys."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from partwise._partitions.context import DynamicPartitionsStore
from partwise._partitions.definitions.base import (
    INVALID_PARTITION_SUBSTRINGS,
    KeySpace,
    PartitionKeyRange,
    PartitionsDefinition,
)
from partwise._partitions.frozen import immutable, set_fields
from partwise.errors import CheckError, InvalidDefinitionError

__all__ = ["StaticPartitionsDefinition"]


def _check_keys(partition_keys: Sequence[str]) -> None:
    """Raise unless every key is a str, unique and free of reserved substrings."""
    if not isinstance(partition_keys, Sequence):
        raise CheckError(
            f'Param "partition_keys" is not a Sequence. Got {partition_keys!r} which is type '
            f"{type(partition_keys)}."
        )
    for key in partition_keys:
        if not isinstance(key, str):
            raise CheckError(
                "Member of sequence mismatches type. Expected <class 'str'>. "
                f"Got {key!r} of type {type(key)}."
            )
    seen: set[str] = set()
    duplicates: dict[str, None] = {}
    for key in partition_keys:
        if key in seen:
            duplicates[key] = None
        seen.add(key)
    if duplicates:
        raise InvalidDefinitionError(
            "Partition keys must be unique. Duplicate instances of partition keys: "
            f"{list(duplicates)}."
        )
    for key in partition_keys:
        bad = [s for s in INVALID_PARTITION_SUBSTRINGS if s in key]
        if bad:
            raise InvalidDefinitionError(
                f"{bad} are invalid substrings in a partition key (found in key {key!r}); "
                "'...' is reserved for key ranges and control characters are not allowed"
            )


@immutable
@dataclass(frozen=True, init=False, repr=False)
class StaticPartitionsDefinition(PartitionsDefinition):
    """Partitions named by a fixed sequence of keys, kept in the given order.

    Membership and position are O(1) through an index built once at construction.
    """

    _partition_keys: Sequence[str]
    _index: dict[str, int] = field(init=False, compare=False)

    def __init__(self, partition_keys: Sequence[str]) -> None:
        _check_keys(partition_keys)
        index = {key: i for i, key in enumerate(partition_keys)}
        set_fields(self, _partition_keys=partition_keys, _index=index)

    @property
    def partition_keys(self) -> Sequence[str]:
        return self._partition_keys

    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """The keys exactly as given (the same object; ``current_time`` plays no role)."""
        return self._partition_keys

    def get_num_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        return len(self._partition_keys)

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        return isinstance(partition_key, str) and partition_key in self._index

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange | tuple[str, str],
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """Keys from ``start`` to ``end`` inclusive in list order (``[]`` if reversed)."""
        start, end = partition_key_range
        i, j = self._index.get(start), self._index.get(end)
        if i is None or j is None:  # the base class raises the descriptive error
            return super().get_partition_keys_in_range(partition_key_range)
        return list(self._partition_keys[i : j + 1])

    def get_next_partition_key(self, partition_key: str) -> str | None:
        i = self._index.get(partition_key)
        if i is None or i + 1 >= len(self._partition_keys):
            return None
        return self._partition_keys[i + 1]

    @property
    def has_fixed_keys(self) -> bool:
        return True

    def key_space(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> KeySpace:
        return KeySpace(
            len(self._partition_keys), self._partition_keys.__getitem__, self._index.get
        )

    def __repr__(self) -> str:
        keys = self._partition_keys
        shown = keys if isinstance(keys, str) else list(keys)
        return f"StaticPartitionsDefinition(partition_keys={shown})"
