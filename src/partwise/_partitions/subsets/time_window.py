"""Subsets of a time-window definition, held as sorted, disjoint position intervals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.subsets.base import PartitionsSubset
from partwise.errors import InvalidInvocationError

__all__ = ["TimeWindowPartitionsSubset"]

Intervals = tuple[tuple[int, int], ...]


def _merge(intervals: Iterable[tuple[int, int]]) -> Intervals:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(i for i in intervals if i[1] > i[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


class TimeWindowPartitionsSubset(PartitionsSubset):
    """Chronologically ordered keys of one time-window definition; ranges cost O(1) to hold."""

    partitions_def: TimeWindowPartitionsDefinition

    def __init__(
        self, partitions_def: TimeWindowPartitionsDefinition, intervals: Intervals
    ) -> None:
        self.partitions_def = partitions_def
        self._intervals = _merge(intervals)

    @classmethod
    def from_keys(
        cls, partitions_def: TimeWindowPartitionsDefinition, keys: Iterable[str]
    ) -> TimeWindowPartitionsSubset:
        positions = []
        for key in keys:
            tick = partitions_def._resolve(key)
            if partitions_def._format_tick(tick) != key or tick.utc < partitions_def._first.utc:
                raise InvalidInvocationError(
                    f"Partition key {key!r} is not a window start of {partitions_def}; nearest "
                    f"valid keys: {partitions_def.nearest_partition_keys(key)}"
                )
            positions.append(partitions_def._position(tick))
        return cls(partitions_def, tuple((p, p + 1) for p in positions))

    @property
    def intervals(self) -> Intervals:
        return self._intervals

    def get_partition_keys(self) -> Sequence[str]:
        keys: list[str] = []
        for lo, hi in self._intervals:
            keys.extend(self.partitions_def._keys_between(lo, hi))
        return keys

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: object = None,
        dynamic_partitions_store: object = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        defn, ranges = self.partitions_def, []
        for lo, hi in self._intervals:
            while lo < hi and defn._excluded(defn._tick_at(lo)):
                lo += 1
            while hi > lo and defn._excluded(defn._tick_at(hi - 1)):
                hi -= 1
            if hi > lo:
                ranges.append(PartitionKeyRange(defn._key_at(lo), defn._key_at(hi - 1)))
        return ranges

    def with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        return self | TimeWindowPartitionsSubset.from_keys(self.partitions_def, partition_keys)

    def _other(self, other: object) -> Intervals:
        theirs = self._check_same(other)
        if isinstance(theirs, TimeWindowPartitionsSubset):
            return theirs._intervals
        return TimeWindowPartitionsSubset.from_keys(
            self.partitions_def, theirs.get_partition_keys()
        )._intervals

    def __or__(self, other: PartitionsSubset) -> PartitionsSubset:
        return TimeWindowPartitionsSubset(self.partitions_def, self._intervals + self._other(other))

    def __and__(self, other: PartitionsSubset) -> PartitionsSubset:
        out = [
            (max(a, c), min(b, d))
            for a, b in self._intervals
            for c, d in self._other(other)
            if max(a, c) < min(b, d)
        ]
        return TimeWindowPartitionsSubset(self.partitions_def, tuple(out))

    def __sub__(self, other: PartitionsSubset) -> PartitionsSubset:
        out: list[tuple[int, int]] = []
        theirs = self._other(other)
        for lo, hi in self._intervals:
            pieces = [(lo, hi)]
            for c, d in theirs:
                pieces = [
                    piece
                    for a, b in pieces
                    for piece in ((a, min(b, c)), (max(a, d), b))
                    if piece[0] < piece[1]
                ]
            out.extend(pieces)
        return TimeWindowPartitionsSubset(self.partitions_def, tuple(out))

    def __len__(self) -> int:
        if self.partitions_def.exclusions:
            return len(self.get_partition_keys())
        return sum(hi - lo for lo, hi in self._intervals)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        defn = self.partitions_def
        try:
            tick = defn._resolve(key)
        except ValueError:
            return False
        if defn._format_tick(tick) != key or tick.utc < defn._first.utc or defn._excluded(tick):
            return False
        position = defn._position(tick)
        return any(lo <= position < hi for lo, hi in self._intervals)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TimeWindowPartitionsSubset):
            return (
                other.partitions_def == self.partitions_def and other._intervals == self._intervals
            )
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self._intervals)

    def __repr__(self) -> str:
        return f"TimeWindowPartitionsSubset({self.get_partition_key_ranges()!r})"
