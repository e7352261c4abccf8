"""TimeWindowPartitionMapping: overlapping windows, shifted by whole downstream partitions.

Everything works on position intervals of the subsets: an interval's first and last windows are
snapped to the other definition's ticks, so mapping a year of days to hours costs a few lookups.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.frozen import immutable
from partwise._partitions.mappings.base import (
    PartitionMapping,
    UpstreamPartitionsResult,
    nonexistent_subset,
    require_partitioned,
)
from partwise._partitions.subsets.base import PartitionsSubset
from partwise._partitions.subsets.time_window import Intervals, TimeWindowPartitionsSubset
from partwise._time.ticks import Tick
from partwise.errors import CheckError, InvalidDefinitionError

__all__ = ["TimeWindowPartitionMapping"]

Span = tuple[Tick, Tick]  # [start, end) as ticks of one definition


@immutable
@dataclass(frozen=True)
class TimeWindowPartitionMapping(PartitionMapping):
    """Each downstream partition reads the upstream partitions whose windows overlap its own.

    ``start_offset`` / ``end_offset`` shift the downstream window's start / end by whole
    downstream partitions first (``start_offset=-1`` also reads the previous period). Shifts past
    the upstream's range are cut off silently; partitions missing even without the shift are
    reported as required but nonexistent unless ``allow_nonexistent_upstream_partitions``.
    """

    start_offset: int = 0
    end_offset: int = 0
    allow_nonexistent_upstream_partitions: bool = False

    def __post_init__(self) -> None:
        for name in ("start_offset", "end_offset"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise CheckError(
                    f'Param "{name}" is not a int. Got {value!r} which is type {type(value)}; '
                    "expected a whole number of downstream partitions such as -1."
                )
        flag = self.allow_nonexistent_upstream_partitions
        if not isinstance(flag, bool):
            raise CheckError(
                'Param "allow_nonexistent_upstream_partitions" is not a bool. Got '
                f"{flag!r} which is type {type(flag)}."
            )

    @property
    def description(self) -> str:
        text = "Each downstream partition reads the upstream partitions whose windows overlap it."
        if self.start_offset or self.end_offset:
            text += (
                f" The window's start is shifted by {self.start_offset} and its end by "
                f"{self.end_offset} downstream partitions first."
            )
        return text

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        for defn, side in (
            (downstream_partitions_def, "Downstream"),
            (upstream_partitions_def, "Upstream"),
        ):
            if not isinstance(defn, TimeWindowPartitionsDefinition):
                raise InvalidDefinitionError(
                    f"{side} partitions definition must be a TimeWindowPartitionsDefinition; got "
                    f"{type(defn).__name__}. Use AllPartitionMapping, LastPartitionMapping or "
                    "MultiToSingleDimensionPartitionMapping to relate other kinds."
                )
        assert isinstance(upstream_partitions_def, TimeWindowPartitionsDefinition)
        assert isinstance(downstream_partitions_def, TimeWindowPartitionsDefinition)
        _check_zones(upstream_partitions_def, downstream_partitions_def)

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        require_partitioned(subset, "downstream")
        assert subset is not None
        down_def = _time_def(down, "downstream_partitions_def")
        up_def = _time_def(up, "upstream_partitions_def")
        _check_zones(up_def, down_def)
        return self._up_intervals(down_def, up_def, _intervals(subset, down_def))

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        up_def = _time_def(up, "upstream_partitions_def")
        down_def = _time_def(down, "downstream_partitions_def")
        _check_zones(up_def, down_def)
        return self._down_intervals(up_def, down_def, _intervals(subset, up_def))

    def _up_intervals(
        self,
        down: TimeWindowPartitionsDefinition,
        up: TimeWindowPartitionsDefinition,
        intervals: Intervals,
    ) -> UpstreamPartitionsResult:
        """Shift each downstream span (bounded by the upstream's range), snap it to upstream
        windows, keep what exists and report the rest of the snapped span as nonexistent."""
        if not intervals or (not (self.start_offset or self.end_offset) and down == up):
            return UpstreamPartitionsResult(
                TimeWindowPartitionsSubset(up, intervals), up.empty_subset()
            )
        if not (self.start_offset or self.end_offset):
            shortcut = self._aligned(down, up, intervals)
            if shortcut is not None:
                return shortcut
        bounds = _Bounds(up)
        windows = []
        for start, end in _spans(down, intervals):
            shifted_start = bounds.limit(_shift(down, start, self.start_offset), self.start_offset)
            shifted_end = bounds.limit(_shift(down, end, self.end_offset), self.end_offset)
            windows.append(_snap(up, shifted_start, shifted_end))
        found = [bounds.inside(w) for w in windows if w[0].utc < w[1].utc]
        missing: list[Span] = []
        if not self.allow_nonexistent_upstream_partitions:
            missing = [part for w in windows if w[0].utc < w[1].utc for part in bounds.outside(w)]
        return UpstreamPartitionsResult(
            TimeWindowPartitionsSubset(up, tuple(f for f in found if f is not None)),
            _missing_subset(up, missing),
        )

    def _aligned(
        self,
        down: TimeWindowPartitionsDefinition,
        up: TimeWindowPartitionsDefinition,
        intervals: Intervals,
    ) -> UpstreamPartitionsResult | None:
        """Without offsets the reference short-cuts three cases, with answers of their own:
        same cadence (only the bounds differ), midnight days over whole hours, and spans that
        all end before the upstream starts (whose keys are reported as they fall, unsnapped)."""
        starts_ok = down.start >= up.start or down.tick_at(intervals[0][0]).utc >= up.start
        same_cadence = down.cron_schedule == up.cron_schedule and (
            down.timezone,
            down.fmt,
            down.end_offset,
            down.exclusions,
        ) == (
            up.timezone,
            up.fmt,
            up.end_offset,
            up.exclusions,
        )
        ends_ok = up.end is None or (down.end is not None and up.end >= down.end)
        if (same_cadence and starts_ok and ends_ok) or (starts_ok and _days_over_hours(down, up)):
            return UpstreamPartitionsResult(
                TimeWindowPartitionsSubset(up, _rehomed(down, up, intervals)), up.empty_subset()
            )
        spans = _spans(down, intervals)
        if spans[-1][1].utc > up.start:
            return None
        if self.allow_nonexistent_upstream_partitions:
            return UpstreamPartitionsResult(up.empty_subset(), up.empty_subset())
        clock = up.clock
        missing = [(clock.at_or_after(a.utc), clock.at_or_after(b.utc)) for a, b in spans]
        return UpstreamPartitionsResult(up.empty_subset(), _missing_subset(up, missing))

    def _down_intervals(
        self,
        up: TimeWindowPartitionsDefinition,
        down: TimeWindowPartitionsDefinition,
        intervals: Intervals,
    ) -> TimeWindowPartitionsSubset:
        """Snap each upstream span to downstream windows, then shift by the negated, swapped
        offsets (bounded by the downstream's range); only existing windows are kept."""
        bounds = _Bounds(down)
        found = []
        for start, end in _spans(up, intervals):
            first, last = _snap(down, start, end)
            window = (
                bounds.limit(_shift(down, first, -self.end_offset), -self.end_offset),
                bounds.limit(_shift(down, last, -self.start_offset), -self.start_offset),
            )
            if window[0].utc < window[1].utc:
                found.append(bounds.inside(window))
        return TimeWindowPartitionsSubset(down, tuple(f for f in found if f is not None))


class _Bounds:
    """A definition's existing partitions: positions ``[lo, hi)`` and their edge ticks."""

    def __init__(self, defn: TimeWindowPartitionsDefinition) -> None:
        self.defn = defn
        self.lo, self.hi = defn.existing_positions(None)
        self.exists = self.hi > self.lo
        self.first, self.end = defn.tick_at(self.lo), defn.tick_at(self.hi)
        # the last existing window starts here (its end is ``self.end``)
        self.last = defn.tick_at(self.hi - 1) if self.exists else self.first

    def limit(self, tick: Tick, offset: int) -> Tick:
        """A shifted bound kept inside the existing range (a shift never leaves it)."""
        if not self.exists:
            return tick
        if offset < 0 and tick.utc < self.first.utc:
            return self.first
        if offset > 0 and tick.utc > self.end.utc:
            return self.end
        return tick

    def inside(self, span: Span) -> tuple[int, int] | None:
        """The existing positions of ``span``, if it overlaps the existing range."""
        start, end = span
        if (
            not self.exists
            or start.utc > self.last.utc
            or end.utc < self.defn.tick_at(self.lo + 1).utc
        ):
            return None
        lo = self.lo if start.utc <= self.first.utc else self.defn.position_of(start)
        hi = self.hi if end.utc >= self.end.utc else self.defn.position_of(end)
        return lo, hi

    def outside(self, span: Span) -> list[Span]:
        """The part of ``span`` outside the existing range (all of it when nothing exists)."""
        start, end = span
        if not self.exists or (start.utc < self.first.utc and end.utc > self.end.utc):
            return [span]
        if start.utc < self.first.utc:
            return [(start, min(end, self.first, key=_utc))]
        if end.utc > self.end.utc:
            return [(max(start, self.end, key=_utc), end)]
        return []


def _rehomed(
    down: TimeWindowPartitionsDefinition,
    up: TimeWindowPartitionsDefinition,
    intervals: Intervals,
) -> Intervals:
    """``down``'s position intervals as ``up``'s: each edge becomes the first upstream position
    at or after it (by arithmetic when both definitions' windows are evenly spaced)."""
    down_grid, up_grid = down.grid, up.grid
    if down_grid is not None and up_grid is not None:
        (down_first, down_step), (up_first, up_step) = down_grid, up_grid
        return tuple(
            (
                -int((up_first - down_first - lo * down_step) // up_step),
                -int((up_first - down_first - hi * down_step) // up_step),
            )
            for lo, hi in intervals
        )
    clock = up.clock
    return tuple(
        (clock.position_at_or_after(start.instant), clock.position_at_or_after(end.instant))
        for start, end in _spans(down, intervals)
    )


def _days_over_hours(
    down: TimeWindowPartitionsDefinition, up: TimeWindowPartitionsDefinition
) -> bool:
    """Midnight days over whole hours whose last windows end no later (the reference's shortcut)."""
    if down.exclusions or up.exclusions:
        return False
    if (down.cron_schedule, up.cron_schedule) != ("0 0 * * *", "0 * * * *"):
        return False
    down_end, up_end = down.last_window_end(), up.last_window_end()
    return down_end is not None and up_end is not None and down_end <= up_end


def _utc(tick: Tick) -> _dt.datetime:
    return tick.utc


def _time_def(defn: PartitionsDefinition | None, param: str) -> TimeWindowPartitionsDefinition:
    time_def = None if defn is None else defn.time_window_partitions_def
    if time_def is None or time_def is not defn:
        raise CheckError(
            f'Param "{param}" is not a TimeWindowPartitionsDefinition. Got {defn!r} which is '
            f"type {type(defn)}; TimeWindowPartitionMapping relates two time-window definitions."
        )
    return time_def


def _check_zones(up: TimeWindowPartitionsDefinition, down: TimeWindowPartitionsDefinition) -> None:
    if up.timezone != down.timezone:
        raise InvalidDefinitionError(
            f"Timezones {up.timezone} and {down.timezone} don't match: upstream and downstream "
            "time-window definitions must use the same timezone."
        )


def _intervals(subset: PartitionsSubset, defn: TimeWindowPartitionsDefinition) -> Intervals:
    """The subset as position intervals of ``defn`` (converted by key if held otherwise)."""
    if isinstance(subset, TimeWindowPartitionsSubset) and (
        subset.partitions_def is defn or subset.partitions_def == defn
    ):
        return subset.intervals
    return TimeWindowPartitionsSubset.from_keys(defn, subset.get_partition_keys()).intervals


def _spans(defn: TimeWindowPartitionsDefinition, intervals: Intervals) -> list[Span]:
    return [(defn.tick_at(lo), defn.tick_at(hi)) for lo, hi in intervals]


def _snap(defn: TimeWindowPartitionsDefinition, start: Tick, end: Tick) -> Span:
    """``defn``'s window boundaries around ``[start, end)``: the start of the window containing
    ``start`` and the first boundary at or after ``end`` (an empty span if they cross)."""
    clock = defn.clock
    return clock.at_or_before(start.utc), clock.at_or_after(end.utc)


def _walks(defn: TimeWindowPartitionsDefinition) -> bool:
    """Whether positions before the first tick need walking (hourly ticks in a DST zone)."""
    return defn.clock.hourly and not defn.clock.fixed


def _shift(defn: TimeWindowPartitionsDefinition, tick: Tick, steps: int) -> Tick:
    """The tick ``steps`` partitions after (or before, if negative) ``tick``."""
    if steps == 0:
        return tick
    if tick.utc >= defn.first_tick.utc or not _walks(defn):
        target = defn.position_of(tick) + steps
        if target >= 0 or not _walks(defn):
            return defn.tick_at(target)
        tick, steps = defn.first_tick, target
    clock = defn.clock
    step = clock.after if steps > 0 else clock.before
    for _ in range(abs(steps)):
        tick = step(tick)
    return tick


def _keys_in_span(defn: TimeWindowPartitionsDefinition, span: Span) -> list[str]:
    """Keys of the windows starting in ``span``, including ones before the definition's start."""
    start, end = span
    first = defn.first_tick
    keys: list[str] = []
    if start.utc < first.utc and _walks(defn):
        stop = min(end, first, key=_utc)
        tick = start
        while tick.utc < stop.utc:
            if not defn.is_excluded(tick):
                keys.append(defn.key_of_tick(tick))
            tick = defn.clock.after(tick)
        start = first
    if start.utc < end.utc:
        keys.extend(defn.keys_between_positions(defn.position_of(start), defn.position_of(end)))
    return keys


def _missing_subset(defn: TimeWindowPartitionsDefinition, spans: list[Span]) -> PartitionsSubset:
    """The required-but-nonexistent keys of ``spans`` as the cheapest subset that can hold them."""
    first = defn.first_tick
    if all(start.utc >= first.utc for start, _ in spans):
        positions = tuple((defn.position_of(a), defn.position_of(b)) for a, b in spans)
        return TimeWindowPartitionsSubset(defn, positions)
    merged: list[Span] = []
    for start, end in sorted(spans, key=lambda s: s[0].utc):
        if merged and start.utc <= merged[-1][1].utc:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end, key=_utc))
        else:
            merged.append((start, end))
    return nonexistent_subset(defn, [_keys_in_span(defn, span) for span in merged])
