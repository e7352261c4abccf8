"""What every partitions definition shares: key ranges, time windows and the abstract base class."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.keys import PartitionKeyRange, TimeWindow
from partwise._partitions.subsets.base import DefaultPartitionsSubset, PartitionsSubset
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import CheckError, InvalidInvocationError, UnknownPartitionError, nearest

if TYPE_CHECKING:
    from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition

__all__ = [
    "PARTITION_NAME_TAG",
    "KeySpace",
    "PartitionDimensionDefinition",
    "PartitionKeyRange",
    "PartitionsDefinition",
    "check_dynamic_key",
    "check_key_iterable",
    "TimeWindow",
]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

PARTITION_NAME_TAG = "dagster/partition"
MULTIDIMENSIONAL_PARTITION_PREFIX = "dagster/partition/"
INVALID_PARTITION_SUBSTRINGS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


def check_key_iterable(partition_keys: Iterable[str]) -> Iterable[str]:
    """``partition_keys`` if it is an iterable other than a str (one key is not a list of keys)."""
    if isinstance(partition_keys, str) or not isinstance(partition_keys, Iterable):
        raise CheckError(
            f'Param "partition_keys" is not an iterable of keys. Got {partition_keys!r} which '
            f"is type {type(partition_keys)}."
        )
    return partition_keys


def check_dynamic_key(key: str, name: str) -> None:
    """Refuse a dynamic key holding the control characters static keys may not hold."""
    found = [s for s in INVALID_PARTITION_SUBSTRINGS[1:] if s in key]
    if found:
        raise CheckError(
            f"Dynamic partition key {key!r} of {name!r} holds the control characters {found}, "
            "which partition keys may not (static keys refuse them too)"
        )


class PartitionDimensionDefinition(NamedTuple):
    """One named dimension of a multi-partitions definition."""

    name: str
    partitions_def: PartitionsDefinition


@dataclass(frozen=True)
class KeySpace:
    """The keys of one definition at one instant, addressed by position (definition order).

    ``key_at(i)`` is ``get_partition_keys()[i]`` and ``index_of(key)`` its inverse (``None`` for a
    key that does not exist then), for ``0 <= i < size``. Time-window, static and multi
    definitions answer by index arithmetic, so a space of a million keys costs no listing.
    """

    size: int
    key_at: Callable[[int], str]
    index_of: Callable[[str], int | None]

    @classmethod
    def listed(cls, keys: Sequence[str]) -> KeySpace:
        """A space over an explicit list of keys."""
        index = {str(key): i for i, key in enumerate(keys)}
        return cls(len(keys), keys.__getitem__, index.get)

    def keys(self, positions: Iterable[int]) -> list[str]:
        return [self.key_at(i) for i in positions]


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
                    f"nearest valid keys: {nearest(missing[0], keys, cutoff=0.0)}"
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
        keys = [str(k) for k in self.get_partition_keys()]
        return nearest(str(partition_key), keys, n, cutoff=0.0)

    def validate_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> None:
        """Raise :class:`UnknownPartitionError` (naming the nearest keys) unless the key exists."""
        no_context = current_time is None and dynamic_partitions_store is None  # nothing to fix
        if no_context and self.has_partition_key(partition_key):
            return
        with partition_loading_context(current_time, dynamic_partitions_store):
            if self.has_partition_key(partition_key):
                return
            why = self.unknown_key_hint(partition_key)
            hint = [] if why else self.nearest_partition_keys(partition_key)
            suffix = f" Nearest valid partition keys: {hint}." if hint else ""
            raise UnknownPartitionError(
                f"Could not find a partition with key `{partition_key}`.{why}{suffix}"
            )

    def unknown_key_hint(self, partition_key: str) -> str:
        """A sentence on why ``partition_key`` is not a key, when the definition can tell
        (``""`` otherwise): a multi key with its dimensions swapped, say."""
        return ""

    def subset_with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        return DefaultPartitionsSubset(check_key_iterable(partition_keys), self)

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

    # -- the positions protocol ----------------------------------------------------------------
    def key_space(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> KeySpace:
        """The keys that exist at ``current_time`` addressed by position (see :class:`KeySpace`)."""
        return KeySpace.listed(self.get_partition_keys(current_time, dynamic_partitions_store))

    def sort_partition_keys(self, partition_keys: Iterable[str]) -> list[str]:
        """``partition_keys`` in definition order (unknown keys last, by string)."""
        space = self.key_space()
        big = space.size
        return sorted(partition_keys, key=lambda k: (_or(space.index_of(k), big), k))

    @property
    def has_fixed_keys(self) -> bool:
        """Whether the keys are the same at every time and in every store (static keys)."""
        return False

    @property
    def dimensions(self) -> Sequence[PartitionDimensionDefinition]:
        """The named dimensions of a multi definition, by name; empty for one dimension."""
        return ()

    @property
    def time_window_partitions_def(self) -> TimeWindowPartitionsDefinition | None:
        """The definition that gives keys their time windows: this one if it is time-windowed,
        a multi definition's only time dimension, else ``None``."""
        return None

    def time_window_for_partition_keys(self, partition_keys: Iterable[str]) -> TimeWindow | None:
        """From the earliest start to the latest end of the keys' windows; ``None`` when this
        definition has no time windows (see :attr:`time_window_partitions_def`)."""
        return None

    def partition_key_from_str(self, partition_key: str) -> str:
        """The key as this definition types it (a multi definition's keys know their dimensions)."""
        return partition_key

    def dimension_values(self, partition_key: str) -> list[str]:
        """The key's per-dimension values, dimensions sorted by name (``[key]`` for one dimension)."""
        return [partition_key]

    @property
    def dynamic_partitions_names(self) -> tuple[str, ...]:
        """Names of the dynamic-partitions store entries this definition reads its keys from."""
        return tuple(
            name for d in self.dimensions for name in d.partitions_def.dynamic_partitions_names
        )

    def dynamic_partitions_needed(self, partition_key: str) -> list[tuple[str, str]]:
        """``(dynamic definition name, key)`` pairs that must be in a store for the key to exist."""
        return []

    def __str__(self) -> str:
        return ", ".join(f"'{key}'" for key in self.get_partition_keys())

    # -- subsets: their class, serialized forms and the definition's identity ------------------
    @property
    def partitions_subset_class(self) -> type[PartitionsSubset]:
        return DefaultPartitionsSubset

    def deserialize_subset(self, serialized: str) -> PartitionsSubset:
        """Read a subset written by ``serialize()`` here or in the reference."""
        return self.partitions_subset_class.from_serialized(self, serialized)

    def can_deserialize_subset(
        self,
        serialized: str,
        serialized_partitions_def_unique_id: str | None = None,
        serialized_partitions_def_class_name: str | None = None,
    ) -> bool:
        return self.partitions_subset_class.can_deserialize(
            self,
            serialized,
            serialized_partitions_def_unique_id,
            serialized_partitions_def_class_name,
        )

    def get_serializable_unique_identifier(
        self, dynamic_partitions_store: DynamicPartitionsStore | None = None
    ) -> str:
        """A digest of the keys (the reference's identifier for key-listed definitions)."""
        keys = self.get_partition_keys(dynamic_partitions_store=dynamic_partitions_store)
        return hashlib.sha1(json.dumps(list(keys)).encode("utf-8")).hexdigest()


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def span(windows: Iterable[TimeWindow]) -> TimeWindow:
    """From the earliest start to the latest end of ``windows`` (at least one)."""
    listed = list(windows)
    if not listed:
        raise InvalidInvocationError("The time window of no partition keys is undefined")
    return TimeWindow(min(w.start for w in listed), max(w.end for w in listed))
