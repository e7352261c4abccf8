"""Multi-dimensional partitions: the Cartesian product of two or more partitions definitions.

A key is the dimension values joined with ``"|"`` in sorted-dimension-name order; the first
dimension by name is the outermost loop of the product.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.definitions.base import (
    MULTIDIMENSIONAL_PARTITION_PREFIX,
    PARTITION_NAME_TAG,
    KeySpace,
    PartitionDimensionDefinition,
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
)
from partwise._partitions.definitions.dynamic import DynamicPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.frozen import immutable, set_fields
from partwise._partitions.keys import SEPARATOR
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    check_param,
    did_you_mean,
)

__all__ = [
    "MultiPartitionKey",
    "MultiPartitionsDefinition",
    "PartitionDimensionDefinition",
    "PartitionDimensionKey",
]

INVALID_STATIC_CHARACTERS = ("|", ",", "[", "]")


class PartitionDimensionKey(NamedTuple):
    """One dimension's part of a multi-partition key."""

    dimension_name: str
    partition_key: str


class MultiPartitionKey(str):
    """A multi-partition key: a ``str`` (``"2022-01-01|us"``) that also knows its dimensions.

    Instances carry no per-key storage: the dimension names live on a class shared by every key
    with the same dimensions, and the values are the string's ``"|"``-separated parts.
    """

    __slots__ = ()
    _dimension_names: tuple[str, ...] = ()

    def __new__(cls, keys_by_dimension: Mapping[str, str]) -> MultiPartitionKey:
        names = _checked_names(keys_by_dimension)
        values = tuple(keys_by_dimension[name] for name in names)
        text = SEPARATOR.join(values)
        if len(text.split(SEPARATOR)) == len(names):
            return str.__new__(_key_class(names), text)
        key = str.__new__(_IrregularMultiPartitionKey, text)
        key._dimension_names, key._values = names, values
        return key

    def _dimension_values(self) -> Sequence[str]:
        return self.split(SEPARATOR)

    @property
    def keys_by_dimension(self) -> dict[str, str]:
        return dict(zip(self._dimension_names, self._dimension_values(), strict=True))

    @property
    def dimension_keys(self) -> list[PartitionDimensionKey]:
        pairs = zip(self._dimension_names, self._dimension_values(), strict=True)
        return [PartitionDimensionKey(name, value) for name, value in pairs]

    def __reduce__(self) -> tuple[type[MultiPartitionKey], tuple[dict[str, str]]]:
        return MultiPartitionKey, (self.keys_by_dimension,)


class _IrregularMultiPartitionKey(MultiPartitionKey):
    """The key without dimensions (``""`` splits into one value): values are stored explicitly."""

    _values: tuple[str, ...]

    def _dimension_values(self) -> Sequence[str]:
        return self._values


def _checked_names(keys_by_dimension: Mapping[str, str]) -> tuple[str, ...]:
    check_param(keys_by_dimension, "keys_by_dimension", Mapping)
    for name, value in keys_by_dimension.items():
        if not isinstance(name, str):
            raise CheckError(f"Key in Mapping mismatches type. Expected {str}. Got {name!r}")
        if not isinstance(value, str):
            raise CheckError(
                f"Value in Mapping mismatches expected type for key {name}. Expected value of "
                f"type {str}. Got value {value!r} of type {type(value)}."
            )
        if SEPARATOR in value:
            raise CheckError(
                f"The value {value!r} of dimension {name!r} contains {SEPARATOR!r}, which joins "
                "the values of a multi-partition key: the key could not be split back"
            )
    return tuple(sorted(keys_by_dimension))


@functools.lru_cache(maxsize=256)
def _key_class(names: tuple[str, ...]) -> type[MultiPartitionKey]:
    """The slot-free key class shared by all keys over the dimensions ``names``."""
    namespace = {"__slots__": (), "_dimension_names": names, "__module__": __name__}
    namespace["__qualname__"] = "MultiPartitionKey"
    return type("MultiPartitionKey", (MultiPartitionKey,), namespace)


def _splittable(keys: Sequence[str]) -> Sequence[str]:
    """``keys`` without those containing ``"|"`` (their products could not be split back)."""
    if any(SEPARATOR in key for key in keys):
        return [key for key in keys if SEPARATOR not in key]
    return keys


def _check_dimension(name: str, defn: PartitionsDefinition) -> None:
    allowed = (
        StaticPartitionsDefinition,
        TimeWindowPartitionsDefinition,
        DynamicPartitionsDefinition,
    )
    if not isinstance(defn, allowed):
        raise InvalidDefinitionError(
            f"Invalid partitions definition type {type(defn)}. Only the following partitions "
            f"definition types are supported: {allowed}. (dimension {name!r})"
        )
    if isinstance(defn, DynamicPartitionsDefinition) and defn.name is None:
        raise InvalidDefinitionError(
            "DynamicPartitionsDefinition must have a name to be used in a "
            f"MultiPartitionsDefinition. (dimension {name!r})"
        )
    if isinstance(defn, StaticPartitionsDefinition):
        for key in defn.get_partition_keys():
            if any(char in key for char in INVALID_STATIC_CHARACTERS):
                raise InvalidDefinitionError(
                    f"Invalid character in partition key for dimension {name}. A multi-partitions "
                    "definition cannot contain partition keys with the following characters: "
                    f"|, [, ], , (found in key {key!r})"
                )


def _check_dimensions(partitions_defs: Mapping[str, PartitionsDefinition]) -> None:
    check_param(partitions_defs, "partitions_defs", Mapping)
    if len(partitions_defs) < 2:
        raise InvalidInvocationError(
            "A multi-partitions definition needs at least 2 partitions definitions. Your "
            f"multi-partitions definition has {len(partitions_defs)} partitions definitions."
        )
    for name, defn in partitions_defs.items():
        _check_dimension(name, defn)


def _dimension_space(defn: PartitionsDefinition) -> KeySpace:
    """One dimension's (splittable) keys by position: index arithmetic where no key holds "|"."""
    if isinstance(defn, StaticPartitionsDefinition) or (
        isinstance(defn, TimeWindowPartitionsDefinition) and SEPARATOR not in defn.fmt
    ):
        return defn.key_space()
    return KeySpace.listed(_splittable(defn.get_partition_keys()))


@immutable
@dataclass(frozen=True, init=False, repr=False)
class MultiPartitionsDefinition(PartitionsDefinition):
    """The Cartesian product of two or more named partitions definitions.

    Dimensions may be static, time-window or named dynamic definitions. Unlike Dagster, any number
    of dimensions (at least two) is allowed.
    """

    _dims: tuple[PartitionDimensionDefinition, ...]
    _names: tuple[str, ...] = field(init=False, compare=False)
    _key_cls: type[MultiPartitionKey] = field(init=False, compare=False)

    def __init__(self, partitions_defs: Mapping[str, PartitionsDefinition]) -> None:
        _check_dimensions(partitions_defs)
        names = tuple(sorted(partitions_defs))
        set_fields(
            self,
            _dims=tuple(PartitionDimensionDefinition(n, partitions_defs[n]) for n in names),
            _names=names,
            _key_cls=_key_class(names),
        )

    @property
    def partitions_defs(self) -> list[PartitionDimensionDefinition]:
        return list(self._dims)

    @property
    def dimensions(self) -> list[PartitionDimensionDefinition]:
        return list(self._dims)

    @property
    def has_fixed_keys(self) -> bool:
        return all(d.partitions_def.has_fixed_keys for d in self._dims)

    @property
    def partition_dimension_names(self) -> list[str]:
        return list(self._names)

    def _split(self, partition_key: str) -> list[str]:
        parts = partition_key.split(SEPARATOR)
        if len(parts) != len(self._names):
            raise CheckError(
                f"Invariant failed. Description: Expected {len(self._names)} partition keys in "
                f"partition key string {partition_key}, but got {len(parts)}; keys of this "
                f"definition join values of {list(self._names)} with '|'"
            )
        return parts

    def _build(self, per_dimension: Sequence[Sequence[str]]) -> list[MultiPartitionKey]:
        """Join the Cartesian product of per-dimension keys into keys, first dimension outermost."""
        strings: Sequence[str] = _splittable(per_dimension[0])
        for keys in per_dimension[1:]:
            suffixes = [SEPARATOR + key for key in _splittable(keys)]
            strings = [prefix + suffix for prefix in strings for suffix in suffixes]
        return list(map(functools.partial(str.__new__, self._key_cls), strings))

    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[MultiPartitionKey]:
        with partition_loading_context(current_time, dynamic_partitions_store):
            per_dimension = [d.partitions_def.get_partition_keys() for d in self._dims]
        return self._build(per_dimension)

    def get_num_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        """The product of the dimensions' counts (no key is listed)."""
        with partition_loading_context(current_time, dynamic_partitions_store):
            return math.prod(d.partitions_def.get_num_partitions() for d in self._dims)

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        """Whether each ``"|"``-separated part is a key of its dimension (positionally)."""
        if not isinstance(partition_key, str):
            return False
        if isinstance(partition_key, MultiPartitionKey) and partition_key._dimension_names not in (
            (),
            self._names,
        ):
            return False  # a key of other dimensions, even if its values would fit
        parts = partition_key.split(SEPARATOR)
        if len(parts) != len(self._names):
            return False
        with partition_loading_context(current_time, dynamic_partitions_store):
            pairs = zip(self._dims, parts, strict=True)
            return all(d.partitions_def.has_partition_key(part) for d, part in pairs)

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange | tuple[str, str],
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[MultiPartitionKey]:
        """The Cartesian product of the per-dimension ranges (not a slice of the flat list)."""
        start, end = partition_key_range
        starts, ends = self._split(start), self._split(end)
        with partition_loading_context(dynamic_partitions_store=dynamic_partitions_store):
            per_dimension = [
                d.partitions_def.get_partition_keys_in_range(PartitionKeyRange(s, e))
                for d, s, e in zip(self._dims, starts, ends, strict=True)
            ]
        return self._build(per_dimension)

    def get_partition_key_from_str(self, partition_key_str: str) -> MultiPartitionKey:
        """Parse ``"v1|v2|…"`` into a key (the values are not checked for existence)."""
        self._split(partition_key_str)
        return str.__new__(self._key_cls, partition_key_str)

    def get_tags_for_partition_key(self, partition_key: str) -> dict[str, str]:
        tags = {PARTITION_NAME_TAG: str(partition_key)}
        for name, value in zip(self._names, self._split(partition_key), strict=True):
            tags[MULTIDIMENSIONAL_PARTITION_PREFIX + name] = value
        return tags

    def _time_indices(self) -> list[int]:
        time_type = TimeWindowPartitionsDefinition
        return [i for i, d in enumerate(self._dims) if isinstance(d.partitions_def, time_type)]

    @property
    def primary_dimension(self) -> PartitionDimensionDefinition:
        """The only time dimension if there is exactly one, else the first dimension by name."""
        time_indices = self._time_indices()
        return self._dims[time_indices[0]] if len(time_indices) == 1 else self._dims[0]

    @property
    def secondary_dimension(self) -> PartitionDimensionDefinition:
        """The first dimension by name that is not the primary one."""
        primary = self.primary_dimension
        return next(d for d in self._dims if d.name != primary.name)

    @property
    def time_window_dimension(self) -> PartitionDimensionDefinition:
        time_indices = self._time_indices()
        if len(time_indices) != 1:
            raise CheckError(
                "Invariant failed. Description: Expected exactly one time window partitioned "
                f"dimension; dimensions {list(self._names)} have {len(time_indices)}"
            )
        return self._dims[time_indices[0]]

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        """The time window of the key's value in the (single) time dimension."""
        dimension = self.time_window_dimension
        value = self._split(partition_key)[self._names.index(dimension.name)]
        time_def = dimension.partitions_def
        assert isinstance(time_def, TimeWindowPartitionsDefinition)
        return time_def.time_window_for_partition_key(value)

    def get_multipartition_keys_with_dimension_value(
        self,
        dimension_name: str,
        dimension_partition_key: str,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        current_time: _dt.datetime | None = None,
    ) -> list[MultiPartitionKey]:
        """Every key whose ``dimension_name`` value is ``dimension_partition_key``, in order."""
        if dimension_name not in self._names:
            raise CheckError(
                f"Invariant failed. Description: Dimension {dimension_name} not found in "
                f"MultiPartitionsDefinition with dimensions {list(self._names)}"
                f"{did_you_mean(dimension_name, self._names)}"
            )
        with partition_loading_context(current_time, dynamic_partitions_store):
            per_dimension = [
                [dimension_partition_key]
                if d.name == dimension_name
                else d.partitions_def.get_partition_keys()
                for d in self._dims
            ]
        return self._build(per_dimension)

    def key_space(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> KeySpace:
        """Mixed-radix positions over the dimensions' spaces (first dimension outermost)."""
        with partition_loading_context(current_time, dynamic_partitions_store):
            dims = [_dimension_space(d.partitions_def) for d in self._dims]
        key_cls = self._key_cls

        def key_at(index: int) -> MultiPartitionKey:
            parts: list[str] = []
            for dim in reversed(dims):
                index, i = divmod(index, dim.size)
                parts.append(dim.key_at(i))
            return str.__new__(key_cls, SEPARATOR.join(reversed(parts)))

        def index_of(partition_key: str) -> int | None:
            parts = partition_key.split(SEPARATOR)
            if len(parts) != len(dims):
                return None
            index = 0
            for dim, part in zip(dims, parts, strict=True):
                i = dim.index_of(part)
                if i is None:
                    return None
                index = index * dim.size + i
            return index

        return KeySpace(math.prod(dim.size for dim in dims), key_at, index_of)

    def get_first_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> MultiPartitionKey | None:
        space = self.key_space(current_time, dynamic_partitions_store)
        return str.__new__(self._key_cls, space.key_at(0)) if space.size else None

    def get_last_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> MultiPartitionKey | None:
        space = self.key_space(current_time, dynamic_partitions_store)
        return str.__new__(self._key_cls, space.key_at(space.size - 1)) if space.size else None

    def get_next_partition_key(self, partition_key: str) -> MultiPartitionKey | None:
        space = self.key_space()
        index = space.index_of(partition_key)
        if index is None or index + 1 >= space.size:
            return None
        return str.__new__(self._key_cls, space.key_at(index + 1))

    def sort_partition_keys(self, partition_keys: Iterable[str]) -> list[str]:
        try:
            space = self.key_space()
        except CheckError:  # a dynamic dimension with no store to ask: a stable fallback
            return sorted(partition_keys)

        def order(key: str) -> tuple[int, int, str]:
            index = space.index_of(key)
            return (1, 0, key) if index is None else (0, index, key)

        return sorted(partition_keys, key=order)

    # -- the rest of the protocol --------------------------------------------------------------
    @property
    def time_window_partitions_def(self) -> TimeWindowPartitionsDefinition | None:
        time_indices = self._time_indices()
        if len(time_indices) != 1:
            return None
        time_def = self._dims[time_indices[0]].partitions_def
        assert isinstance(time_def, TimeWindowPartitionsDefinition)
        return time_def

    def time_window_for_partition_keys(self, partition_keys: Iterable[str]) -> TimeWindow | None:
        time_def = self.time_window_partitions_def
        if time_def is None:
            return None
        at = self._names.index(self.time_window_dimension.name)
        values = (self._split(str(key))[at] for key in partition_keys)
        return time_def.time_window_for_partition_keys(values)

    def partition_key_from_str(self, partition_key: str) -> MultiPartitionKey:
        return self.get_partition_key_from_str(partition_key)

    def dimension_values(self, partition_key: str) -> list[str]:
        return list(self.get_partition_key_from_str(partition_key).keys_by_dimension.values())

    def dynamic_partitions_needed(self, partition_key: str) -> list[tuple[str, str]]:
        pairs = zip(self._dims, partition_key.split(SEPARATOR), strict=False)
        return [
            need
            for dim, part in pairs
            for need in dim.partitions_def.dynamic_partitions_needed(part)
        ]

    def unknown_key_hint(self, partition_key: str) -> str:
        """Name the dimension order when the key's parts, reordered, make a key."""
        order = SEPARATOR.join(self._names)
        swapped = self._reordered(str(partition_key))
        if swapped is None:
            return ""
        return (
            f" Multi keys list the dimensions' keys in the order of the dimension names "
            f"({order}): did you mean {swapped!r}?"
        )

    def _reordered(self, partition_key: str) -> str | None:
        parts = partition_key.split(SEPARATOR)
        if len(parts) != len(self._names):
            return None
        for combo in itertools.permutations(parts):
            key = SEPARATOR.join(combo)
            if list(combo) != parts and self.has_partition_key(key):
                return key
        return None

    def nearest_partition_keys(self, partition_key: str, n: int = 3) -> list[str]:
        """Existing keys that keep the key's valid parts and try each dimension's nearest values
        (the key itself reordered first, when its parts are swapped)."""
        swapped = self._reordered(str(partition_key))
        if swapped is not None:
            return [swapped]
        width = len(self._names)
        parts = str(partition_key).split(SEPARATOR, width - 1)
        parts += [""] * (width - len(parts))
        candidates = [
            [part]
            if d.partitions_def.has_partition_key(part)
            else d.partitions_def.nearest_partition_keys(part, n)
            for d, part in zip(self._dims, parts, strict=True)
        ]
        combos = itertools.islice(itertools.product(*candidates), n)
        return [SEPARATOR.join(combo) for combo in combos]

    def __reduce__(self) -> tuple[type[MultiPartitionsDefinition], tuple[dict[str, Any]]]:
        """Pickled as its dimensions (the shared key class is rebuilt, not pickled)."""
        return MultiPartitionsDefinition, ({d.name: d.partitions_def for d in self._dims},)

    def __str__(self) -> str:
        lines = [f"{d.name.capitalize()}: {d.partitions_def}" for d in self._dims]
        return "Multi-partitioned, with dimensions: \n" + " \n".join(lines)

    def __repr__(self) -> str:
        return f"MultiPartitionsDefinition(dimensions={[str(d) for d in self._dims]})"

    def get_serializable_unique_identifier(
        self, dynamic_partitions_store: DynamicPartitionsStore | None = None
    ) -> str:
        """SHA-1 over the dimensions' identifiers, as the reference computes it."""
        ids = {
            d.name: d.partitions_def.get_serializable_unique_identifier(dynamic_partitions_store)
            for d in self._dims
        }
        return hashlib.sha1(str(ids).encode("utf-8")).hexdigest()
