"""Subsets of a partitions definition. A subset carries its definition and refuses mixing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise.errors import InvalidInvocationError

__all__ = ["DefaultPartitionsSubset", "PartitionsSubset"]


class PartitionsSubset:
    """A set of keys of one partitions definition.

    Set operators (``|``, ``&``, ``-``) require both operands to have equal definitions; combining
    subsets of different definitions raises instead of silently producing nonsense.
    """

    partitions_def: PartitionsDefinition

    def get_partition_keys(self) -> Sequence[str]:
        raise NotImplementedError

    def with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        raise NotImplementedError

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: object = None,
        dynamic_partitions_store: object = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        """Contiguous runs of keys (in definition order) as inclusive ranges.

        A subset holds its own keys, so the reference's ``current_time``, ``dynamic_partitions_store``
        and ``respect_bounds`` change nothing here; they are accepted for its signature.
        """
        defn = partitions_def or self.partitions_def
        mine = set(self.get_partition_keys())
        ranges: list[PartitionKeyRange] = []
        start = prev = None
        for key in defn.get_partition_keys():
            if key in mine:
                start = start or key
                prev = key
            elif start is not None and prev is not None:
                ranges.append(PartitionKeyRange(start, prev))
                start = None
        if start is not None and prev is not None:
            ranges.append(PartitionKeyRange(start, prev))
        return ranges

    def _check_same(self, other: object) -> PartitionsSubset:
        if not isinstance(other, PartitionsSubset):
            raise InvalidInvocationError(
                f"Cannot combine a partitions subset with {type(other).__name__}: {other!r}"
            )
        if other.partitions_def != self.partitions_def:
            raise InvalidInvocationError(
                "Cannot combine subsets of different partitions definitions: "
                f"{self.partitions_def!r} and {other.partitions_def!r}"
            )
        return other

    def __or__(self, other: PartitionsSubset) -> PartitionsSubset:
        other = self._check_same(other)
        return self.with_partition_keys(other.get_partition_keys())

    def __and__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = set(self._check_same(other).get_partition_keys())
        return self.partitions_def.subset_with_partition_keys(
            k for k in self.get_partition_keys() if k in theirs
        )

    def __sub__(self, other: PartitionsSubset) -> PartitionsSubset:
        theirs = set(self._check_same(other).get_partition_keys())
        return self.partitions_def.subset_with_partition_keys(
            k for k in self.get_partition_keys() if k not in theirs
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.get_partition_keys())

    def __len__(self) -> int:
        return len(self.get_partition_keys())

    def __contains__(self, key: object) -> bool:
        return key in set(self.get_partition_keys())

    def __bool__(self) -> bool:
        return len(self) > 0

    @property
    def is_empty(self) -> bool:
        return len(self) == 0

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PartitionsSubset)
            and other.partitions_def == self.partitions_def
            and set(other.get_partition_keys()) == set(self.get_partition_keys())
        )

    def __hash__(self) -> int:
        return hash(frozenset(self.get_partition_keys()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.get_partition_keys())!r})"


class DefaultPartitionsSubset(PartitionsSubset):
    """A subset held as a set of keys (static, dynamic and multi definitions)."""

    def __init__(self, partitions_def: PartitionsDefinition, keys: frozenset[str]) -> None:
        self.partitions_def = partitions_def
        self._keys = keys

    def get_partition_keys(self) -> Sequence[str]:
        return self.partitions_def._sort_keys(self._keys)

    def with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        return DefaultPartitionsSubset(self.partitions_def, self._keys | frozenset(partition_keys))

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __hash__(self) -> int:
        return hash(self._keys)
