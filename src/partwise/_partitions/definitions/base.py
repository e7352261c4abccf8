"""What every partitions definition shares: key ranges, time windows and the abstract base class."""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvalidInvocationError, UnknownPartitionError, nearest

if TYPE_CHECKING:
    from partwise._partitions.subsets.base import PartitionsSubset

__all__ = ["PARTITION_NAME_TAG", "PartitionKeyRange", "PartitionsDefinition", "TimeWindow"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

PARTITION_NAME_TAG = "dagster/partition"
MULTIDIMENSIONAL_PARTITION_PREFIX = "dagster/partition/"
INVALID_PARTITION_SUBSTRINGS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


class PartitionKeyRange(NamedTuple):
    """An inclusive range of partition keys, ``start`` to ``end``, in definition order."""

    start: str
    end: str


class TimeWindow(NamedTuple):
    """A half-open interval ``[start, end)`` of aware datetimes in the definition's timezone."""

    start: _dt.datetime
    end: _dt.datetime


class PartitionsDefinition(ABC):
    """A set of partition keys with a definition order.

    Subclasses implement :meth:`get_partition_keys`; the defaults below derive everything else
    from it, and the time-window definition overrides them with index arithmetic.
    """

    @abstractmethod
    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """All keys that exist at ``current_time`` (default: the effective time), in order."""

    def get_num_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        return len(self.get_partition_keys(current_time, dynamic_partitions_store))

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        return partition_key in self.get_partition_keys(current_time, dynamic_partitions_store)

    def get_first_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        keys = self.get_partition_keys(current_time, dynamic_partitions_store)
        return keys[0] if keys else None

    def get_last_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        keys = self.get_partition_keys(current_time, dynamic_partitions_store)
        return keys[-1] if keys else None

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange | tuple[str, str],
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """Keys from ``start`` to ``end`` inclusive, in definition order (``[]`` if reversed)."""
        start, end = partition_key_range
        with partition_loading_context(dynamic_partitions_store=dynamic_partitions_store):
            keys = self.get_partition_keys()
            index = {key: i for i, key in enumerate(keys)}
            missing = [key for key in (start, end) if key not in index]
            if missing:
                raise InvalidInvocationError(
                    f"Partition range {start} to {end} is not valid for this partitions "
                    f"definition. Nonexistent partition keys: {missing}; "
                    f"nearest valid keys: {nearest(missing[0], keys)}"
                )
            return list(keys[index[start] : index[end] + 1])

    def get_next_partition_key(self, partition_key: str) -> str | None:
        keys = self.get_partition_keys()
        try:
            i = list(keys).index(partition_key)
        except ValueError:
            return None
        return keys[i + 1] if i + 1 < len(keys) else None

    def get_tags_for_partition_key(self, partition_key: str) -> dict[str, str]:
        return {PARTITION_NAME_TAG: str(partition_key)}

    def nearest_partition_keys(self, partition_key: str, n: int = 3) -> list[str]:
        """The ``n`` existing keys closest to ``partition_key`` (by spelling for unordered keys)."""
        return nearest(str(partition_key), [str(k) for k in self.get_partition_keys()], n)

    def validate_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> None:
        """Raise :class:`UnknownPartitionError` (naming the nearest keys) unless the key exists."""
        with partition_loading_context(current_time, dynamic_partitions_store):
            if self.has_partition_key(partition_key):
                return
            hint = self.nearest_partition_keys(partition_key)
            suffix = f" Nearest valid partition keys: {hint}." if hint else ""
            raise UnknownPartitionError(
                f"Could not find a partition with key `{partition_key}`.{suffix}"
            )

    def subset_with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        from partwise._partitions.subsets.base import DefaultPartitionsSubset

        return DefaultPartitionsSubset(self, frozenset(partition_keys))

    def empty_subset(self) -> PartitionsSubset:
        return self.subset_with_partition_keys(())

    def subset_with_all_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        return self.subset_with_partition_keys(
            self.get_partition_keys(current_time, dynamic_partitions_store)
        )

    def _sort_keys(self, keys: Iterable[str]) -> list[str]:
        """``keys`` in definition order (unknown keys last, by string)."""
        order = {key: i for i, key in enumerate(self.get_partition_keys())}
        big = len(order)
        return sorted(keys, key=lambda k: (order.get(k, big), k))

    def __str__(self) -> str:
        return ", ".join(f"'{key}'" for key in self.get_partition_keys())
