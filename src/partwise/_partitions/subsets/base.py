"""Subsets of a partitions definition: the protocol, and key sets for static, dynamic and multi keys.

A subset usually carries its definition (set algebra across different definitions raises), but a
:class:`DefaultPartitionsSubset` may also be built from keys alone, as in the reference.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.keys import SEPARATOR, PartitionKeyRange
from partwise._partitions.subsets.keys import PartitionKeySet
from partwise._partitions.subsets.ranges import multi_key_ranges, runs_of
from partwise.errors import (
    CheckError,
    InvalidDeserializationVersionError,
    InvalidInvocationError,
    check_param,
)

if TYPE_CHECKING:
    from partwise._partitions.definitions.base import PartitionsDefinition

__all__ = ["DefaultPartitionsSubset", "PartitionKeySet", "PartitionsSubset"]


class PartitionsSubset(ABC):
    """A set of keys of one partitions definition.

    Set operators (``|``, ``&``, ``-``) require both operands to have equal definitions when both
    know theirs; combining subsets of different definitions raises instead of producing nonsense.
    """

    # Bumped whenever :meth:`serialize`'s format changes; other versions refuse to load.
    SERIALIZATION_VERSION: ClassVar[int] = 1

    _partitions_def: PartitionsDefinition | None = None

    @property
    def partitions_def(self) -> PartitionsDefinition:
        """The definition the keys belong to."""
        if self._partitions_def is None:
            raise CheckError(
                f"This {type(self).__name__} was built from keys alone; pass a partitions "
                "definition to the method, or build it with partitions_def=..."
            )
        return self._partitions_def

    @abstractmethod
    def get_partition_keys(self) -> Iterable[str]:
        """The keys: a set for key subsets, a chronological list for time-window subsets."""

    @abstractmethod
    def with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        """A new subset with ``partition_keys`` added."""

    def empty_subset(self) -> PartitionsSubset:
        """An empty subset of the same definition."""
        return self.partitions_def.empty_subset()

    @classmethod
    def create_empty_subset(
        cls, partitions_def: PartitionsDefinition | None = None
    ) -> PartitionsSubset:
        """An empty subset of ``partitions_def``."""
        return DefaultPartitionsSubset((), partitions_def)

    def serialize(self) -> str:
        """The reference's JSON text for this subset (read back with ``deserialize_subset``)."""
        return DefaultPartitionsSubset(self.get_partition_keys()).serialize()

    @classmethod
    def from_serialized(
        cls, partitions_def: PartitionsDefinition, serialized: str
    ) -> PartitionsSubset:
        """Read :meth:`serialize`'s text (and the reference's older forms) back."""
        return DefaultPartitionsSubset.from_serialized(partitions_def, serialized)

    @classmethod
    def can_deserialize(
        cls,
        partitions_def: PartitionsDefinition,
        serialized: str,
        serialized_partitions_def_unique_id: str | None = None,
        serialized_partitions_def_class_name: str | None = None,
    ) -> bool:
        """Whether ``serialized`` reads back as a subset of ``partitions_def``."""
        return DefaultPartitionsSubset.can_deserialize(
            partitions_def,
            serialized,
            serialized_partitions_def_unique_id,
            serialized_partitions_def_class_name,
        )

    def _definition(self, partitions_def: PartitionsDefinition | None) -> PartitionsDefinition:
        return partitions_def if partitions_def is not None else self.partitions_def

    def get_partition_keys_not_in_subset(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: Any = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        """The definition's existing keys that are not in this subset, in definition order."""
        defn = self._definition(partitions_def)
        keys = defn.get_partition_keys(current_time, dynamic_partitions_store)
        return [key for key in keys if key not in self]

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        """Contiguous runs of keys as inclusive ranges (``respect_bounds`` changes nothing here).

        For a two-dimensional multi definition each range holds one dimension's value fixed and
        runs along the other, grouped by whichever dimension has fewer distinct values here (the
        primary dimension on a tie), so every "red" hour of an hourly × colour subset is one range.
        """
        defn = self._definition(partitions_def)
        with partition_loading_context(current_time, dynamic_partitions_store):
            ranges = multi_key_ranges(self.key_set(), defn)
            if ranges is not None:
                return ranges
            return runs_of(defn.get_partition_keys(), self)

    def with_partition_key_range(
        self,
        partitions_def: PartitionsDefinition | PartitionKeyRange,
        partition_key_range: PartitionKeyRange | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        """A new subset with every key of ``partition_key_range`` (inclusive) added.

        Called as ``(partitions_def, range)`` like the reference; ``(range)`` alone uses the
        subset's own definition.
        """
        defn, key_range = definition_and_range(self, partitions_def, partition_key_range)
        return self.with_partition_keys(
            defn.get_partition_keys_in_range(key_range, dynamic_partitions_store)
        )

    def to_serializable_subset(self) -> PartitionsSubset:
        return self

    def key_set(self) -> frozenset[str]:
        """The keys as a frozenset, in no order (cheaper than :meth:`get_partition_keys`)."""
        return frozenset(self.get_partition_keys())

    def _check_same(self, other: object) -> PartitionsSubset:
        if not isinstance(other, PartitionsSubset):
            raise InvalidInvocationError(
                f"Cannot combine a partitions subset with {type(other).__name__}: {other!r}"
            )
        mine, theirs = _known_definition(self), _known_definition(other)
        if mine is not None and theirs is not None and mine != theirs:
            raise InvalidInvocationError(
                "Cannot combine subsets of different partitions definitions: "
                f"{mine!r} and {theirs!r}"
            )
        return other

    # Set algebra: the operators check the operands and short-cut a subset of every partition;
    # subclasses override the ``_union`` / ``_intersection`` / ``_difference`` hooks.
    covers_all: ClassVar[bool] = False

    def __or__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = self._check_same(other)
        if theirs is self or theirs.is_empty:
            return self
        return theirs if theirs.covers_all else self._union(theirs)

    def __and__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = self._check_same(other)
        return self if theirs is self or theirs.covers_all else self._intersection(theirs)

    def __sub__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = self._check_same(other)
        if theirs is self or theirs.covers_all:
            return self.empty_subset()
        return self._difference(theirs)

    def _union(self, other: PartitionsSubset) -> PartitionsSubset:
        return self.with_partition_keys(other.get_partition_keys())

    def _intersection(self, other: PartitionsSubset) -> PartitionsSubset:
        return self.empty_subset().with_partition_keys(self.key_set() & other.key_set())

    def _difference(self, other: PartitionsSubset) -> PartitionsSubset:
        return self.empty_subset().with_partition_keys(self.key_set() - other.key_set())

    def __iter__(self) -> Iterator[str]:
        return iter(self.get_partition_keys())

    def __len__(self) -> int:
        return len(list(self.get_partition_keys()))

    def __contains__(self, key: object) -> bool:
        return key in self.key_set()

    def __bool__(self) -> bool:
        return len(self) > 0

    @property
    def is_empty(self) -> bool:
        return len(self) == 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartitionsSubset):
            return False
        mine, theirs = _known_definition(self), _known_definition(other)
        if mine is not None and theirs is not None and mine != theirs:
            return False
        return other.key_set() == self.key_set()

    def __hash__(self) -> int:
        return hash(self.key_set())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.get_partition_keys())!r})"


def definition_and_range(
    subset: PartitionsSubset,
    first: PartitionsDefinition | PartitionKeyRange,
    second: PartitionKeyRange | None,
) -> tuple[PartitionsDefinition, PartitionKeyRange]:
    """``(partitions_def, range)`` from the reference's argument order, or ``(range)`` alone."""
    if isinstance(first, tuple):  # a PartitionKeyRange (or a plain pair) alone
        return subset.partitions_def, PartitionKeyRange(*first)
    if second is None:
        raise InvalidInvocationError("with_partition_key_range needs a PartitionKeyRange")
    return first, PartitionKeyRange(*second)


def _known_definition(subset: PartitionsSubset) -> PartitionsDefinition | None:
    return subset._partitions_def


def load_json(serialized: str) -> Any:
    try:
        return json.loads(serialized)
    except (TypeError, ValueError) as e:
        raise CheckError(
            f"Cannot read a serialized partitions subset from {serialized!r}: {e}"
        ) from None


def version_error(cls: type[PartitionsSubset], found: object) -> InvalidDeserializationVersionError:
    return InvalidDeserializationVersionError(
        f"Attempted to deserialize partition subset with version {found}, but only version "
        f"{cls.SERIALIZATION_VERSION} is supported."
    )


def _order_of(defn: PartitionsDefinition | None) -> Callable[[Iterable[str]], list[str]]:
    """How a key set of ``defn`` iterates: definition order, multi keys as ``MultiPartitionKey``."""
    if defn is None:
        return sorted
    if defn.dimensions:
        width = len(defn.dimensions)

        def typed(keys: Iterable[str]) -> list[str]:
            return [
                k if k.count(SEPARATOR) != width - 1 else defn.partition_key_from_str(k)
                for k in defn.sort_partition_keys(keys)
            ]

        return typed
    return defn.sort_partition_keys


class DefaultPartitionsSubset(PartitionsSubset):
    """A subset held as a set of keys (static, dynamic and multi definitions).

    ``get_partition_keys()`` is a :class:`PartitionKeySet`: equal to a plain set of the same keys,
    iterating in definition order. ``DefaultPartitionsSubset({"a", "b"})`` builds one from keys
    alone; such a subset combines with subsets of any definition.
    """

    def __init__(
        self,
        subset: Iterable[str] | None = None,
        partitions_def: PartitionsDefinition | None = None,
    ) -> None:
        if hasattr(subset, "subset_with_partition_keys"):  # a partitions definition
            raise InvalidInvocationError(
                "DefaultPartitionsSubset takes the keys first: "
                "DefaultPartitionsSubset(keys, partitions_def)"
            )
        check_param(subset, "subset", Iterable, optional=True)
        self._keys = frozenset(subset or ())
        self._partitions_def = partitions_def

    @property
    def subset(self) -> frozenset[str]:
        return self._keys

    def key_set(self) -> frozenset[str]:
        return self._keys

    @functools.cached_property
    def _key_view(self) -> PartitionKeySet:
        # One view per subset: its definition order is worked out once, on first iteration.
        return PartitionKeySet(self._keys, _order_of(self._partitions_def))

    def get_partition_keys(self) -> PartitionKeySet:
        return self._key_view

    def with_partition_keys(self, partition_keys: Iterable[str]) -> DefaultPartitionsSubset:
        return DefaultPartitionsSubset(self._keys | frozenset(partition_keys), self._partitions_def)

    def empty_subset(self) -> DefaultPartitionsSubset:
        return DefaultPartitionsSubset((), self._partitions_def)

    @classmethod
    def create_empty_subset(
        cls, partitions_def: PartitionsDefinition | None = None
    ) -> DefaultPartitionsSubset:
        return cls((), partitions_def)

    def _defn_of(self, other: PartitionsSubset) -> PartitionsDefinition | None:
        return self._partitions_def or _known_definition(other)

    def _union(self, other: PartitionsSubset) -> PartitionsSubset:
        if isinstance(other, DefaultPartitionsSubset):
            return DefaultPartitionsSubset(self._keys | other._keys, self._defn_of(other))
        return super()._union(other)

    def _intersection(self, other: PartitionsSubset) -> PartitionsSubset:
        if isinstance(other, DefaultPartitionsSubset):
            return DefaultPartitionsSubset(self._keys & other._keys, self._defn_of(other))
        return super()._intersection(other)

    def _difference(self, other: PartitionsSubset) -> PartitionsSubset:
        if isinstance(other, DefaultPartitionsSubset):
            return DefaultPartitionsSubset(self._keys - other._keys, self._defn_of(other))
        return super()._difference(other)

    def serialize(self) -> str:
        return json.dumps({"version": self.SERIALIZATION_VERSION, "subset": sorted(self._keys)})

    @classmethod
    def from_serialized(
        cls, partitions_def: PartitionsDefinition, serialized: str
    ) -> DefaultPartitionsSubset:
        data = load_json(serialized)
        if isinstance(data, list):  # the reference's first form: a bare list of keys
            return cls(data, partitions_def)
        if not isinstance(data, dict) or data.get("version") != cls.SERIALIZATION_VERSION:
            raise version_error(cls, data.get("version") if isinstance(data, dict) else None)
        return cls(data.get("subset") or (), partitions_def)

    @classmethod
    def can_deserialize(
        cls,
        partitions_def: PartitionsDefinition,
        serialized: str,
        serialized_partitions_def_unique_id: str | None = None,
        serialized_partitions_def_class_name: str | None = None,
    ) -> bool:
        if serialized_partitions_def_class_name is not None:
            return serialized_partitions_def_class_name == type(partitions_def).__name__
        data = load_json(serialized)
        return isinstance(data, list) or (
            isinstance(data, dict)
            and data.get("subset") is not None
            and data.get("version") == cls.SERIALIZATION_VERSION
        )

    @property
    def is_empty(self) -> bool:
        return not self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DefaultPartitionsSubset):
            mine, theirs = self._partitions_def, other._partitions_def
            return self._keys == other._keys and (mine is None or theirs is None or mine == theirs)
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self._keys)

    def __repr__(self) -> str:
        return f"DefaultPartitionsSubset(subset={self.get_partition_keys()!r})"
