"""Subsets of a time-window definition, held as sorted, disjoint position intervals."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from partwise._partitions.context import DynamicPartitionsStore
from partwise._partitions.keys import PartitionKeyRange, TimeWindow
from partwise._partitions.subsets.base import (
    PartitionsSubset,
    definition_and_range,
    load_json,
    version_error,
)
from partwise._time.ticks import get_timezone
from partwise.errors import CheckError, InvalidInvocationError

if TYPE_CHECKING:
    from partwise._partitions.definitions.base import PartitionsDefinition
    from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition

__all__ = ["TimeWindowPartitionsSubset", "even_grid"]

Intervals = tuple[tuple[int, int], ...]
_UTC = _dt.timezone.utc


def _clip(intervals: Iterable[tuple[int, int]], count: int) -> Intervals:
    """``intervals`` cut to positions ``[0, count)``, empty ones dropped."""
    return tuple((lo, min(hi, count)) for lo, hi in intervals if lo < min(hi, count))


def _merge(intervals: Iterable[tuple[int, int]]) -> Intervals:
    if isinstance(intervals, tuple) and len(intervals) == 1 and intervals[0][1] > intervals[0][0]:
        return intervals  # one non-empty interval: already merged
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(i for i in intervals if i[1] > i[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def aware_in(defn: TimeWindowPartitionsDefinition, value: _dt.datetime) -> _dt.datetime:
    """``value``, a naive one read as wall time in the definition's timezone."""
    return value if value.tzinfo is not None else value.replace(tzinfo=get_timezone(defn.timezone))


def even_grid(defn: TimeWindowPartitionsDefinition) -> tuple[float, float] | None:
    """``(first window start, seconds per window)`` when window starts are evenly spaced.

    That holds in a fixed-offset zone (such as UTC) for a cron firing every day at evenly spaced
    times (every 15 minutes, hourly, daily): positions and timestamps then convert by arithmetic.
    """
    clock = defn.clock
    pattern, times = clock.pattern, clock.pattern.times
    if not (clock.fixed and pattern.every_day and times) or 1440 % len(times):
        return None
    step = 1440 // len(times)
    if any(t != times[0] + i * step for i, t in enumerate(times)):
        return None
    return defn.first_tick.utc.timestamp(), step * 60.0


def _as_definition(partitions_def: PartitionsDefinition | None) -> TimeWindowPartitionsDefinition:
    time_def: TimeWindowPartitionsDefinition | None = getattr(
        partitions_def, "time_window_partitions_def", None
    )
    if time_def is None or time_def is not partitions_def:
        raise CheckError(
            "Failure condition: Partitions definition must be a TimeWindowPartitionsDefinition, "
            f"got {partitions_def!r}"
        )
    return time_def


class TimeWindowPartitionsSubset(PartitionsSubset):
    """Chronologically ordered keys of one time-window definition; ranges cost O(1) to hold.

    Held as sorted, disjoint position intervals ``[lo, hi)``. Built from those, or, like the
    reference, from ``included_time_windows`` (windows whose starts and ends fall on ticks);
    ``num_partitions`` is accepted for compatibility and recomputed from the windows.
    """

    def __init__(
        self,
        partitions_def: TimeWindowPartitionsDefinition,
        intervals: Intervals = (),
        *,
        num_partitions: int | None = None,
        included_time_windows: Iterable[Any] | None = None,
    ) -> None:
        self._partitions_def = _as_definition(partitions_def)
        if included_time_windows is not None:
            windows = ((w.start, w.end) for w in included_time_windows)
            intervals = tuple(intervals) + self._intervals_between(windows)
        self._intervals = _merge(intervals)

    @property
    def partitions_def(self) -> TimeWindowPartitionsDefinition:
        return self._partitions_def

    _partitions_def: TimeWindowPartitionsDefinition

    def _positions_at(self, instants: Iterable[_dt.datetime | float]) -> list[int]:
        """For each instant (a datetime or a timestamp), the first position at or after it."""
        defn = self._partitions_def
        return self._positions_of_stamps(
            [aware_in(defn, i).timestamp() if isinstance(i, _dt.datetime) else i for i in instants]
        )

    def _positions_of_stamps(self, stamps: list[float]) -> list[int]:
        defn = self._partitions_def
        grid = defn.grid
        if grid is not None:
            first, step = grid
            return [0 if s <= first else -int((first - s) // step) for s in stamps]
        at_or_after, start = defn.clock.at_or_after, defn.first_tick.utc
        return [
            defn.position_of(at_or_after(max(_dt.datetime.fromtimestamp(s, _UTC), start)))
            for s in stamps
        ]

    def _timestamps_at(self, positions: Iterable[int]) -> list[float]:
        grid = self._partitions_def.grid
        if grid is not None:
            return [grid[0] + p * grid[1] for p in positions]
        return [self._partitions_def.tick_at(p).utc.timestamp() for p in positions]

    def _intervals_between(self, pairs: Iterable[Sequence[Any]]) -> Intervals:
        """Position intervals of ``[start, end)`` pairs of instants."""
        flat = self._positions_at(x for pair in pairs for x in (pair[0], pair[1]))
        return tuple(zip(flat[::2], flat[1::2], strict=True))

    @property
    def included_time_windows(self) -> list[TimeWindow]:
        """One window per interval, from the first window's start to the last one's end."""
        tick_at = self._partitions_def.tick_at
        return [TimeWindow(tick_at(lo).instant, tick_at(hi).instant) for lo, hi in self._intervals]

    @property
    def num_partitions(self) -> int:
        return len(self)

    def _asdict(self) -> dict[str, Any]:
        return {
            "partitions_def": self._partitions_def,
            "num_partitions": self.num_partitions,
            "included_time_windows": self.included_time_windows,
        }

    def empty_subset(self) -> TimeWindowPartitionsSubset:
        return TimeWindowPartitionsSubset(self._partitions_def)

    @classmethod
    def create_empty_subset(
        cls, partitions_def: PartitionsDefinition | None = None
    ) -> TimeWindowPartitionsSubset:
        return cls(_as_definition(partitions_def))

    def serialize(self) -> str:
        flat = self._timestamps_at(p for interval in self._intervals for p in interval)
        windows = list(zip(flat[::2], flat[1::2], strict=True))
        return json.dumps(
            {
                "version": self.SERIALIZATION_VERSION,
                "time_windows": windows,
                "num_partitions": len(self),
            }
        )

    @classmethod
    def from_serialized(
        cls, partitions_def: PartitionsDefinition, serialized: str
    ) -> TimeWindowPartitionsSubset:
        """Read the current form, the unversioned dict, or the bare list of ``[start, end]``."""
        defn = _as_definition(partitions_def)
        data = load_json(serialized)
        if isinstance(data, dict) and data.get("version", cls.SERIALIZATION_VERSION) == (
            cls.SERIALIZATION_VERSION
        ):
            data = data.get("time_windows")
        elif isinstance(data, dict):
            raise version_error(cls, data.get("version"))
        if not isinstance(data, list):
            raise CheckError(f"Cannot read a time-window subset from {serialized!r}")
        flat = cls(defn)._positions_of_stamps([float(x) for pair in data for x in pair[:2]])
        return cls(defn, tuple(zip(flat[::2], flat[1::2], strict=True)))

    @classmethod
    def can_deserialize(
        cls,
        partitions_def: PartitionsDefinition,
        serialized: str,
        serialized_partitions_def_unique_id: str | None = None,
        serialized_partitions_def_class_name: str | None = None,
    ) -> bool:
        if serialized_partitions_def_unique_id:
            identifier = partitions_def.get_serializable_unique_identifier()
            return bool(identifier == serialized_partitions_def_unique_id)
        if (
            serialized_partitions_def_class_name
            and serialized_partitions_def_class_name != type(partitions_def).__name__
        ):
            return False
        data = load_json(serialized)
        return isinstance(data, list) or (
            isinstance(data, dict)
            and data.get("time_windows") is not None
            and data.get("num_partitions") is not None
        )

    @classmethod
    def from_keys(
        cls, partitions_def: TimeWindowPartitionsDefinition, keys: Iterable[str]
    ) -> TimeWindowPartitionsSubset:
        positions = []
        for key in keys:
            position = partitions_def.position_of_key(key)
            if position is None:
                raise InvalidInvocationError(
                    f"Partition key {key!r} is not a window start of {partitions_def}; nearest "
                    f"valid keys: {partitions_def.nearest_partition_keys(key)}"
                )
            positions.append(position)
        return cls(partitions_def, tuple((p, p + 1) for p in positions))

    @property
    def intervals(self) -> Intervals:
        return self._intervals

    def get_partition_keys(self) -> Sequence[str]:
        keys: list[str] = []
        for lo, hi in self._intervals:
            keys.extend(self.partitions_def.keys_between_positions(lo, hi))
        return keys

    def get_partition_keys_not_in_subset(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        """Existing keys outside the subset, chronologically (interval arithmetic, no key list)."""
        defn = self._partitions_def
        gaps, lo = [], 0
        for a, b in self._intervals:
            gaps.append((lo, a))
            lo = b
        gaps.append((lo, defn.position_count(current_time)))
        keys: list[str] = []
        for lo, hi in _clip(gaps, defn.position_count(current_time)):
            keys.extend(defn.keys_between_positions(lo, hi))
        return keys

    def with_partition_key_range(
        self,
        partitions_def: PartitionsDefinition | PartitionKeyRange,
        partition_key_range: PartitionKeyRange | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        """The subset with every window from the range's start to its end (inclusive) added."""
        _, key_range = definition_and_range(self, partitions_def, partition_key_range)
        lo, _ = TimeWindowPartitionsSubset.from_keys(
            self._partitions_def, [key_range.start]
        )._bounds()
        _, hi = TimeWindowPartitionsSubset.from_keys(
            self._partitions_def, [key_range.end]
        )._bounds()
        return self | TimeWindowPartitionsSubset(self._partitions_def, ((lo, hi),))

    def _bounds(self) -> tuple[int, int]:
        return (self._intervals[0][0], self._intervals[-1][1]) if self._intervals else (0, 0)

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: object = None,
        dynamic_partitions_store: object = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        defn, ranges = self.partitions_def, []
        for lo, hi in self._intervals:
            while lo < hi and defn.is_excluded(defn.tick_at(lo)):
                lo += 1
            while hi > lo and defn.is_excluded(defn.tick_at(hi - 1)):
                hi -= 1
            if hi > lo:
                ranges.append(
                    PartitionKeyRange(defn.key_at_position(lo), defn.key_at_position(hi - 1))
                )
        return ranges

    def with_partition_keys(self, partition_keys: Iterable[str]) -> TimeWindowPartitionsSubset:
        added = TimeWindowPartitionsSubset.from_keys(self.partitions_def, partition_keys)
        return TimeWindowPartitionsSubset(self.partitions_def, self._intervals + added._intervals)

    def _other(self, other: PartitionsSubset) -> Intervals:
        if isinstance(other, TimeWindowPartitionsSubset):
            return other._intervals
        return TimeWindowPartitionsSubset.from_keys(
            self.partitions_def, other.get_partition_keys()
        )._intervals

    def _union(self, other: PartitionsSubset) -> PartitionsSubset:
        return TimeWindowPartitionsSubset(self.partitions_def, self._intervals + self._other(other))

    @property
    def is_empty(self) -> bool:
        return not self._intervals

    def _intersection(self, other: PartitionsSubset) -> PartitionsSubset:
        out = [
            (max(a, c), min(b, d))
            for a, b in self._intervals
            for c, d in self._other(other)
            if max(a, c) < min(b, d)
        ]
        return TimeWindowPartitionsSubset(self.partitions_def, tuple(out))

    def _difference(self, other: PartitionsSubset) -> PartitionsSubset:
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
            tick = defn.tick_of_key(key)
        except ValueError:
            return False
        if (
            defn.key_of_tick(tick) != key
            or tick.utc < defn.first_tick.utc
            or defn.is_excluded(tick)
        ):
            return False
        position = defn.position_of(tick)
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
