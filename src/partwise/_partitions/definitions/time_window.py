"""Time-window partitions: keys, windows and membership by index arithmetic on cron ticks."""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from partwise._partitions.context import DynamicPartitionsStore, effective_time
from partwise._partitions.definitions.base import (
    KeySpace,
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
    check_key_iterable,
    span,
)
from partwise._partitions.frozen import immutable, set_fields
from partwise._partitions.subsets.base import PartitionsSubset
from partwise._partitions.subsets.time_window import TimeWindowPartitionsSubset, even_grid
from partwise._time.cron import (
    ScheduleType,
    cron_offset,
    infer_schedule_type,
    offset_hint,
    override_cron,
    parse_cron,
    schedule_cron,
)
from partwise._time.formats import KeyFormat, TickKeys, parse_bound
from partwise._time.ticks import Exclusions, Tick, TickClock, get_timezone
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidPartitionKeyError,
    check_param,
)

__all__ = ["ScheduleType", "TimeWindowPartitionsDefinition", "get_timezone"]

_UTC = _dt.timezone.utc
_US = _dt.timedelta(microseconds=1)
_MIN_UTC = _dt.datetime.min.replace(tzinfo=_UTC)
_MEMO_MIN = 1024  # listings at least this long are memoised (see keys_between_positions)


@immutable
@dataclass(frozen=True, init=False, repr=False)
class TimeWindowPartitionsDefinition(PartitionsDefinition):
    """Partitions whose keys are the starts of consecutive cron windows, formatted with ``fmt``."""

    # the value (compared in this order: the most telling first)
    cron_schedule: str
    fmt: str
    start: _dt.datetime
    end: _dt.datetime | None
    timezone: str
    end_offset: int
    exclusions: tuple[str | _dt.datetime, ...]
    # derived state, written once by __init__ (the memo: per query instant)
    first_tick: Tick = field(init=False, compare=False)
    _tz: _dt.tzinfo = field(init=False, compare=False)
    _format: KeyFormat = field(init=False, compare=False)
    _exclusions: Exclusions | None = field(init=False, compare=False)
    _clock: TickClock = field(init=False, compare=False)
    _keys: TickKeys = field(init=False, compare=False)
    _first_utc: _dt.datetime = field(init=False, compare=False)
    _end_utc: _dt.datetime = field(init=False, compare=False)
    _end_tick: int | None = field(init=False, compare=False)
    _now_memo: tuple[_dt.datetime, _dt.datetime, int] = field(init=False, compare=False)
    _canonical: bool = field(init=False, compare=False)  # see _canonical_naive
    _end_memo: tuple[int, _dt.datetime] = field(init=False, compare=False)
    _keys_memo: tuple[int, tuple[str, ...]] = field(init=False, compare=False)  # (lo, keys)

    def __init__(
        self,
        start: str | _dt.datetime,
        fmt: str,
        end: str | _dt.datetime | None = None,
        schedule_type: ScheduleType | None = None,
        timezone: str | None = None,
        end_offset: int = 0,
        minute_offset: int | None = None,
        hour_offset: int | None = None,
        day_offset: int | None = None,
        cron_schedule: str | None = None,
        exclusions: Sequence[str | _dt.datetime] | None = None,
    ) -> None:
        check_param(fmt, "fmt", str)
        check_param(cron_schedule, "cron_schedule", str, optional=True)
        for name, offset in (("minute", minute_offset), ("hour", hour_offset), ("day", day_offset)):
            check_param(offset, f"{name}_offset", int, optional=True)
        if cron_schedule is not None:
            if schedule_type is not None or minute_offset or hour_offset or day_offset:
                raise CheckError(
                    "Invariant failed. Description: If cron_schedule argument is provided, then "
                    "schedule_type, minute_offset, hour_offset, and day_offset can't also be provided"
                )
        elif schedule_type is None:
            raise CheckError(
                "Failure condition: One of schedule_type and cron_schedule must be provided"
            )
        else:
            cron_schedule = schedule_cron(
                _schedule_type(schedule_type),
                minute_offset or 0,
                hour_offset or 0,
                day_offset or None,
            )
        check_param(timezone, "timezone", str, optional=True)
        check_param(end_offset, "end_offset", int)
        tz_name = timezone or "UTC"
        tz = get_timezone(tz_name)
        try:
            parse_cron(cron_schedule)
        except InvalidDefinitionError as e:
            raise InvalidDefinitionError(
                f"{e}{offset_hint(schedule_type, minute_offset, hour_offset, day_offset)}"
            ) from None
        key_format = KeyFormat(fmt)
        start_dt = parse_bound(key_format, start, tz, "start")
        end_dt = None if end is None else parse_bound(key_format, end, tz, "end")
        if end_dt is not None and end_dt < start_dt:
            raise InvalidDefinitionError(
                f"The end {end_dt.isoformat()} comes before the start {start_dt.isoformat()}: "
                "swap them, or drop the end"
            )
        check_param(exclusions, "exclusions", (list, tuple, set, frozenset), optional=True)
        excluded = tuple(exclusions or ())
        clock = TickClock(cron_schedule, tz)
        first = clock.at_or_after(start_dt)
        clock.set_reference(first)
        set_fields(
            self,
            start=start_dt,
            end=end_dt,
            timezone=tz_name,
            fmt=fmt,
            end_offset=int(end_offset),
            cron_schedule=cron_schedule,
            exclusions=excluded,
            first_tick=first,
            _tz=tz,
            _format=key_format,
            _exclusions=Exclusions(excluded, tz) if excluded else None,
            _clock=clock,
            _keys=TickKeys(key_format, clock, first.n),
            _first_utc=first.utc,
            _end_utc=end_dt.astimezone(_UTC) if end_dt is not None else _MIN_UTC,
            _end_tick=None,
            _now_memo=(_MIN_UTC, _MIN_UTC, 0),
            _canonical=_reads_canonically(key_format, clock),
            _end_memo=(0, _MIN_UTC),
            _keys_memo=(0, ()),
        )
        if end_dt is not None:
            set_fields(self, _end_tick=self._last_tick(self._end_utc))

    # -- read-back properties ------------------------------------------------------------------
    @property
    def schedule_type(self) -> ScheduleType | None:
        return infer_schedule_type(self.cron_schedule)

    @property
    def minute_offset(self) -> int:
        return cron_offset(self.cron_schedule, 0, "minute")

    @property
    def hour_offset(self) -> int:
        return cron_offset(self.cron_schedule, 1, "hour")

    @property
    def day_offset(self) -> int:
        kind = self.schedule_type
        if kind is ScheduleType.WEEKLY:
            return cron_offset(self.cron_schedule, 4, "day")
        if kind is ScheduleType.MONTHLY:
            return cron_offset(self.cron_schedule, 2, "day")
        raise CheckError(f"Failure condition: Unsupported schedule type for day_offset: {kind}")

    # -- ticks and their positions (what subsets and mappings compute with) --------------------
    # Position 0 is the first window; positions count every cron tick, excluded ones included,
    # and may be negative (before the start) or past the last existing window.
    @property
    def clock(self) -> TickClock:
        """The cron ticks of this definition in its timezone."""
        return self._clock

    def key_of_tick(self, tick: Tick) -> str:
        """The key of the window starting at ``tick``."""
        return self._keys.key(tick)

    def tick_at(self, position: int) -> Tick:
        return self._clock.at_position(position)

    def position_of(self, tick: Tick) -> int:
        return self._clock.position(tick)

    @functools.cached_property
    def grid(self) -> tuple[float, float] | None:
        """``(first window start timestamp, seconds per window)`` when window starts are evenly
        spaced, so positions and timestamps convert by arithmetic; ``None`` otherwise."""
        return even_grid(self)

    def _ticks_until(self, instant: _dt.datetime) -> int:
        """How many ticks (from the first) are at or before ``instant``."""
        if instant.astimezone(_UTC) < self._first_utc:
            return 0
        return self.position_of(self._clock.at_or_after(instant.astimezone(_UTC) + _US))

    def _aware(self, value: _dt.datetime) -> _dt.datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=self._tz)

    def _ticks_until_now(self, now: _dt.datetime) -> int:
        """``_ticks_until`` memoised on the window containing ``now`` (exact, not time-based)."""
        lo, hi, value = self._now_memo
        if lo <= now < hi:
            return value
        grid = self.grid
        if grid is not None and now >= self._first_utc:  # evenly spaced: plain arithmetic
            return (now - self._first_utc) // _dt.timedelta(seconds=grid[1]) + 1
        nxt = self._clock.at_or_after(now + _US)
        value = self.position_of(nxt)
        set_fields(self, _now_memo=(now, nxt.utc, value))  # constant until the next tick
        return value

    def _last_tick(self, instant: _dt.datetime) -> int:
        """The signed position of the last tick at or before ``instant`` (UTC).

        Before the first partition only a few positions matter, so the walk back is bounded.
        """
        if instant >= self._first_utc:
            return self._ticks_until_now(instant) - 1
        limit = abs(self.end_offset) + 3
        return -self._clock.count_back(self.first_tick, instant, limit) - 1

    def position_count(self, current_time: _dt.datetime | None = None) -> int:
        """Number of positions (excluded ones included) that exist at the effective time.

        The rules follow the reference exactly, including its edges: with ``end_offset`` the
        last window is counted from the last elapsed one, ``end_date`` caps it, and once the
        first window exists there is always at least one partition.
        """
        now = effective_time(current_time)
        if now.tzinfo is not _UTC:
            now = self._aware(now).astimezone(_UTC)
        if self.end is not None and self.end <= self.start:
            return 0
        offset, now_tick = self.end_offset, self._last_tick(now)
        if offset == 0:
            if now_tick < 1:
                return 0
            if self._end_tick is not None and self._end_utc < now:
                return max(self._end_tick - 1, 0) + 1
            return now_tick
        next_start = now_tick if self._clock.at_or_after(now).utc == now else now_tick + 1
        if (next_start if offset > 0 else now_tick) + offset < 1:
            return 0
        last = now_tick - 1 + offset
        if self._end_tick is not None and self._end_tick - 1 <= last:
            last = self._end_tick - 1
        return max(last, 0) + 1

    def last_window_end(self, current_time: _dt.datetime | None = None) -> _dt.datetime | None:
        """When the last window that exists (excluded ones included) ends, in UTC; ``None`` if
        none exists yet. Memoised on the count, so asking again at a later "now" is cheap."""
        count = self.position_count(current_time)
        if count <= 0:
            return None
        memo_count, end = self._end_memo
        if memo_count != count:
            end = self.tick_at(count).utc
            set_fields(self, _end_memo=(count, end))
        return end

    def is_excluded(self, tick: Tick) -> bool:
        """Whether the window starting at ``tick`` is one of the definition's exclusions."""
        return self._exclusions is not None and self._exclusions(tick)

    def keys_between_positions(self, lo: int, hi: int) -> list[str]:
        """Keys at positions ``[lo, hi)``, excluded ones dropped.

        Long listings are memoised (the keys of a position never change): status, backfill
        planning and the run matrix list the same 100,000 keys several times per command.
        """
        if hi > lo + 1:
            self._check_keys_distinct  # noqa: B018 - raises once for a too-coarse fmt
        if hi - lo < _MEMO_MIN or self._exclusions is not None:
            return self._keys.between(lo, hi, self._exclusions)
        start, keys = self._keys_memo
        if not (start <= lo and hi <= start + len(keys)):
            keys = tuple(self._keys.between(lo, hi, None))
            set_fields(self, _keys_memo=(lo, keys))
            start = lo
        return list(keys[lo - start : hi - start])

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the memoised key listing (derived, and possibly large)."""
        return {**self.__dict__, "_keys_memo": (0, ())}

    @functools.cached_property
    def _check_keys_distinct(self) -> bool:
        """Raise if ``fmt`` gives consecutive windows one key; checked when keys are listed.

        Construction accepts any format, like the reference (so such a definition can still be
        compared, pickled and serialized); listing keys that could not be told apart raises.
        """
        self._keys.check_distinct(self.cron_schedule)
        return True

    def tick_of_key(self, key: str) -> Tick:
        """The tick a key names, leniently (the first window starting at or after it)."""
        parsed = self._format.parse(key)
        instant = parsed.astimezone(self._tz) if parsed.tzinfo else parsed.replace(tzinfo=self._tz)
        return self._clock.at_or_after(instant)

    def _canonical_naive(self, key: str) -> _dt.datetime | None:
        """The wall time a key names, by arithmetic alone, when that is exact: a fixed-offset
        zone and a key spelled as ``strftime`` would (the fast path); else ``None``."""
        if not self._canonical or not isinstance(key, str):
            return None
        return self._format.parse_canonical(key)

    def position_of_key(self, key: str) -> int | None:
        """The position of the window ``key`` names exactly (its start, spelled as this format
        writes it, at or after the first window); ``None`` otherwise. Whether that window exists
        at some time is not checked. Raises :class:`InvalidPartitionKeyError` if it won't parse."""
        naive = self._canonical_naive(key)
        if naive is not None:  # the fast path: arithmetic only
            pattern = self._clock.pattern
            n = pattern.index_at_or_after(naive)
            position = n - self.first_tick.n
            return position if position >= 0 and pattern.naive_at(n) == naive else None
        tick = self.tick_of_key(key)
        if tick.utc < self._first_utc or self.key_of_tick(tick) != key:
            return None
        return self.position_of(tick)

    def _index_of(self, key: str, count: int) -> int | None:
        """The position of ``key`` if it is an existing (below ``count``), non-excluded key."""
        try:
            position = self.position_of_key(key)
        except InvalidPartitionKeyError:
            return None
        if position is None or position >= count:
            return None
        if self._exclusions is not None and self._exclusions(self.tick_at(position)):
            return None
        return position

    def key_at_position(self, position: int) -> str:
        return self.key_of_tick(self.tick_at(position))

    # -- the public API ------------------------------------------------------------------------
    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        return self.keys_between_positions(0, self.position_count(current_time))

    def get_num_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        if self.exclusions:
            return len(self.get_partition_keys(current_time))
        return self.position_count(current_time)

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        return self._index_of(partition_key, self.position_count(current_time)) is not None

    def existing_positions(self, current_time: _dt.datetime | None = None) -> tuple[int, int]:
        """Positions ``[lo, hi)`` from the first to past the last existing (non-excluded) key."""
        count = self.position_count(current_time)
        lo, hi = 0, count
        if self._exclusions is None:
            return lo, hi
        while lo < hi and self.is_excluded(self.tick_at(lo)):
            lo += 1
        while hi > lo and self.is_excluded(self.tick_at(hi - 1)):
            hi -= 1
        return lo, hi

    def get_first_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        lo, hi = self.existing_positions(current_time)
        return self.key_at_position(lo) if hi > lo else None

    def get_last_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        lo, hi = self.existing_positions(current_time)
        return self.key_at_position(hi - 1) if hi > lo else None

    def get_first_partition_window(
        self, current_time: _dt.datetime | None = None
    ) -> TimeWindow | None:
        key = self.get_first_partition_key(current_time)
        return None if key is None else self.time_window_for_partition_key(key)

    def get_last_partition_window(
        self, current_time: _dt.datetime | None = None
    ) -> TimeWindow | None:
        key = self.get_last_partition_key(current_time)
        return None if key is None else self.time_window_for_partition_key(key)

    def get_next_partition_window(
        self, end_dt: _dt.datetime, respect_bounds: bool = True
    ) -> TimeWindow | None:
        """The window starting at or after ``end_dt``; None past the last one when bounded."""
        tick = self._clock.at_or_after(self._aware(end_dt))
        window = TimeWindow(tick.instant, self._clock.after(tick).instant)
        if respect_bounds:
            last = self.get_last_partition_window()
            if last is None or window.start >= last.end:
                return None
        return window

    def get_prev_partition_window(
        self, start_dt: _dt.datetime, respect_bounds: bool = True
    ) -> TimeWindow | None:
        """The window ending at or before ``start_dt``; None before the first one when bounded."""
        tick = self._clock.before(self._clock.at_or_before(self._aware(start_dt)))
        window = TimeWindow(tick.instant, self._clock.after(tick).instant)
        if respect_bounds:
            first = self.get_first_partition_window()
            if first is None or window.start < first.start:
                return None
        return window

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        """The window a key names; lenient (no bounds check), like the reference."""
        naive = self._canonical_naive(partition_key)
        if naive is not None:
            pattern = self._clock.pattern
            return TimeWindow(*pattern.window_at(pattern.index_at_or_after(naive), self._tz))
        tick = self.tick_of_key(partition_key)
        return TimeWindow(tick.instant, self._clock.after(tick).instant)

    def time_windows_for_partition_keys(self, partition_keys: Iterable[str]) -> list[TimeWindow]:
        return [self.time_window_for_partition_key(k) for k in partition_keys]

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange | tuple[str, str],
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        start_key, end_key = partition_key_range
        start, end = self.tick_of_key(start_key), self.tick_of_key(end_key)
        if start.utc < self._first_utc:
            raise CheckError(
                f"Invariant failed. Description: Partition key range start {start_key} is before "
                f"the partitions definition start time {self.start}"
            )
        end_window_end = self._clock.after(end).utc
        if self.end is not None and end_window_end > self.end.astimezone(_UTC):
            raise CheckError(
                f"Invariant failed. Description: Partition key range end {end_key} is after the "
                f"partitions definition end time {self.end}"
            )
        return self.keys_between_positions(self.position_of(start), self.position_of(end) + 1)

    def get_next_partition_key(
        self, partition_key: str, current_time: _dt.datetime | None = None
    ) -> str | None:
        tick = self.tick_of_key(partition_key)
        count = self.position_count(current_time)
        position = self.position_of(tick) + 1 if tick.utc >= self._first_utc else 0
        while position < count:
            nxt = self.tick_at(position)
            if not self.is_excluded(nxt):
                return self.key_of_tick(nxt)
            position += 1
        return None

    def get_partition_key(self, key: str | _dt.date | _dt.datetime) -> str:
        if isinstance(key, _dt.date):
            key = (
                key if isinstance(key, _dt.datetime) else _dt.datetime(key.year, key.month, key.day)
            ).strftime(self.fmt)
        if not self.has_partition_key(key):
            raise InvalidPartitionKeyError(f"Got invalid partition key {key!r}")
        return key

    def get_partition_key_for_timestamp(self, timestamp: float, end_closed: bool = False) -> str:
        instant = _dt.datetime.fromtimestamp(timestamp, _UTC)
        tick = self._clock.at_or_before(instant)
        if end_closed and tick.utc == instant:
            tick = self._clock.before(tick)
        return self.key_of_tick(tick)

    def get_partition_keys_in_time_window(self, time_window: TimeWindow) -> list[str]:
        """Keys of the windows whose start lies in ``[start, end)`` of ``time_window``."""
        lo = self._clock.at_or_after(
            max(self._aware(time_window.start).astimezone(_UTC), self._first_utc)
        )
        hi = self._clock.at_or_after(self._aware(time_window.end))
        if hi.utc <= lo.utc:
            return []
        return self.keys_between_positions(self.position_of(lo), self.position_of(hi))

    def get_partition_key_range_for_time_window(self, time_window: TimeWindow) -> PartitionKeyRange:
        first = self._clock.at_or_before(self._aware(time_window.start))
        last = self._clock.at_or_before(self._aware(time_window.end).astimezone(_UTC) - _US)
        return PartitionKeyRange(self.key_of_tick(first), self.key_of_tick(last))

    def get_cron_schedule(
        self,
        minute_of_hour: int | None = None,
        hour_of_day: int | None = None,
        day_of_week: int | None = None,
        day_of_month: int | None = None,
    ) -> str:
        """The partitions' cron with the given fields overridden (for partitioned schedules)."""
        return override_cron(
            self.cron_schedule, minute_of_hour, hour_of_day, day_of_week, day_of_month
        )

    def subset_with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        return TimeWindowPartitionsSubset.from_keys(self, check_key_iterable(partition_keys))

    def empty_subset(self) -> PartitionsSubset:
        return TimeWindowPartitionsSubset(self, ())

    def subset_with_all_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        return TimeWindowPartitionsSubset(self, ((0, self.position_count(current_time)),))

    def nearest_partition_keys(self, partition_key: str, n: int = 3) -> list[str]:
        """Existing keys nearest in time to ``partition_key`` (first/last keys if it won't parse)."""
        count = self.position_count()
        if count == 0:
            return []
        try:
            tick = self.tick_of_key(partition_key)
            center = 0 if tick.utc < self._first_utc else self.position_of(tick)
        except InvalidPartitionKeyError:
            first, last = self.key_at_position(0), self.key_at_position(count - 1)
            if not first <= last:  # keys do not sort as strings: no sensible neighbours
                return [first, last]
            center = self._string_position(partition_key, count)
        center = min(max(center, 0), count - 1)
        lo = max(0, min(center - n // 2, count - n))
        return self.keys_between_positions(lo, min(count, lo + n))

    def _string_position(self, text: str, count: int) -> int:
        """Where ``text`` would sort among the keys (ISO-like keys sort as strings): O(log n)."""
        lo, hi = 0, count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.key_at_position(mid) < text:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1 if lo == count or (lo > 0 and text < self.key_at_position(lo)) else lo

    # -- the positions protocol ----------------------------------------------------------------
    def key_space(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> KeySpace:
        if self._exclusions is not None:  # positions of keys are not positions of ticks
            return super().key_space(current_time)
        count = self.position_count(current_time)

        def index_of(key: str) -> int | None:
            return self._index_of(key, count)

        return KeySpace(count, self.key_at_position, index_of)

    def sort_partition_keys(self, partition_keys: Iterable[str]) -> list[str]:
        def order(key: str) -> tuple[int, _dt.datetime, str]:
            try:
                return (0, self.tick_of_key(key).utc, key)
            except InvalidPartitionKeyError:
                return (1, _MIN_UTC, key)

        return sorted(partition_keys, key=order)

    @property
    def time_window_partitions_def(self) -> TimeWindowPartitionsDefinition:
        return self

    def time_window_for_partition_keys(self, partition_keys: Iterable[str]) -> TimeWindow:
        return span(map(self.time_window_for_partition_key, dict.fromkeys(partition_keys)))

    def __repr__(self) -> str:
        end = None if self.end is None else self.end.timestamp()
        extra = f", exclusions={list(self.exclusions)!r}" if self.exclusions else ""
        return (
            f"TimeWindowPartitionsDefinition(start={self.start.timestamp()}, end={end}, "
            f"timezone={self.timezone!r}, fmt={self.fmt!r}, end_offset={self.end_offset}, "
            f"cron_schedule={self.cron_schedule!r}{extra})"
        )

    def __str__(self) -> str:
        kind = self.schedule_type
        label = kind.label if kind is not None else self.cron_schedule
        text = f"{label}, starting {self.start.strftime(self.fmt)} {self.timezone}."
        if self.end_offset:
            plural = "s" if abs(self.end_offset) != 1 else ""
            text += f" End offsetted by {self.end_offset} partition{plural}."
        return text

    # -- subsets, identity and index access ------------------------------------------------------
    @property
    def partitions_subset_class(self) -> type[PartitionsSubset]:
        return TimeWindowPartitionsSubset

    def get_serializable_unique_identifier(
        self, dynamic_partitions_store: DynamicPartitionsStore | None = None
    ) -> str:
        """SHA-1 of the repr, which matches the reference's, so the identifiers agree."""
        return hashlib.sha1(repr(self).encode("utf-8")).hexdigest()

    def get_partition_keys_between_indexes(
        self, start_idx: int, end_idx: int, current_time: _dt.datetime | None = None
    ) -> list[str]:
        """``get_partition_keys(current_time)[start_idx:end_idx]`` without listing every key."""
        if self.exclusions:
            return self.get_partition_keys(current_time)[start_idx:end_idx]
        lo, hi, _ = slice(start_idx, end_idx).indices(self.position_count(current_time))
        return self.keys_between_positions(lo, hi) if hi > lo else []

    def start_time_for_partition_key(self, partition_key: str) -> _dt.datetime:
        return self.time_window_for_partition_key(partition_key).start

    def end_time_for_partition_key(self, partition_key: str) -> _dt.datetime:
        return self.time_window_for_partition_key(partition_key).end


def _reads_canonically(key_format: KeyFormat, clock: TickClock) -> bool:
    """Whether a canonically spelled key names a tick exactly when its wall time is a tick's:
    a fixed-offset zone (no folds or gaps) and a format showing every field the ticks vary in."""
    fields, times = key_format.fields, clock.pattern.times
    return (
        clock.fixed
        and not key_format.has_zone
        and {"Y", "m", "d"} <= fields
        and ("H" in fields or all(t < 60 for t in times))
        and ("M" in fields or all(t % 60 == 0 for t in times))
    )


def _schedule_type(value: object) -> ScheduleType:
    try:
        return ScheduleType(value)
    except ValueError:
        names = ", ".join(t.name for t in ScheduleType)
        raise CheckError(
            f'Param "schedule_type" is not a ScheduleType ({names}). Got {value!r}.'
        ) from None
