"""Time-window partitions: keys, windows and membership by index arithmetic on cron ticks."""

from __future__ import annotations

import datetime as _dt
import enum
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidPartitionKeyError,
    UnknownTimezoneError,
)

from ._cron import CronPattern, parse_cron
from ._format import KeyFormat
from ._ticks import Tick, TickClock, transitions
from .base import PartitionKeyRange, PartitionsDefinition, TimeWindow
from .context import DynamicPartitionsStore, effective_time, partition_loading_context

if TYPE_CHECKING:
    from .subset import PartitionsSubset

__all__ = ["ScheduleType", "TimeWindowPartitionsDefinition", "get_timezone"]

_UTC = _dt.timezone.utc
_US = _dt.timedelta(microseconds=1)
_MIN_UTC = _dt.datetime.min.replace(tzinfo=_UTC)


class ScheduleType(enum.Enum):
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


_LABELS = {
    ScheduleType.HOURLY: "Hourly",
    ScheduleType.DAILY: "Daily",
    ScheduleType.WEEKLY: "Weekly",
    ScheduleType.MONTHLY: "Monthly",
}


def get_timezone(name: str) -> _dt.tzinfo:
    """The tzinfo for an IANA name (``datetime.timezone.utc`` for UTC)."""
    if name.upper() == "UTC":
        return _UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UnknownTimezoneError(
            f"Unknown timezone {name!r}: expected an IANA name such as 'UTC', "
            "'US/Central' or 'Europe/Berlin'."
        ) from None


def _schedule_cron(kind: ScheduleType, minute: int, hour: int, day: int | None) -> str:
    if kind is ScheduleType.HOURLY:
        return f"{minute} * * * *"
    if kind is ScheduleType.DAILY:
        return f"{minute} {hour} * * *"
    if kind is ScheduleType.WEEKLY:
        return f"{minute} {hour} * * {day if day is not None else 0}"
    return f"{minute} {hour} {day if day is not None else 1} * *"


def _infer_schedule_type(p: CronPattern) -> ScheduleType | None:
    one = len(p.minutes) == 1
    if not one or p.months is not None:
        return None
    if p.fires_hourly and p.every_day:
        return ScheduleType.HOURLY
    if len(p.hours) != 1:
        return None
    if p.every_day:
        return ScheduleType.DAILY
    if p.doms is None and p.dows is not None and len(p.dows) == 1:
        return ScheduleType.WEEKLY
    if p.dows is None and p.doms is not None and len(p.doms) == 1:
        return ScheduleType.MONTHLY
    return None


class TimeWindowPartitionsDefinition(PartitionsDefinition):
    """Partitions whose keys are the starts of consecutive cron windows, formatted with ``fmt``."""

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
            cron_schedule = _schedule_cron(
                ScheduleType(schedule_type),
                minute_offset or 0,
                hour_offset or 0,
                day_offset or None,
            )
        self.timezone = timezone or "UTC"
        self.fmt = fmt
        self.end_offset = int(end_offset)
        self.cron_schedule = cron_schedule
        self._tz = get_timezone(self.timezone)
        self._pattern = parse_cron(cron_schedule)
        self._format = KeyFormat(fmt)
        self.start = self._parse_bound(start, "start")
        self.end = None if end is None else self._parse_bound(end, "end")
        self.exclusions = tuple(exclusions or ())
        self._excluded_crons = tuple(parse_cron(e) for e in self.exclusions if isinstance(e, str))
        self._excluded_times = frozenset(
            self._in_tz(e).astimezone(_UTC) for e in self.exclusions if isinstance(e, _dt.datetime)
        )
        self._clock = TickClock(cron_schedule, self._tz)
        self._first = self._clock.at_or_after(self.start)
        self._clock.set_reference(self._first)
        self._now_memo: tuple[_dt.datetime, _dt.datetime, int] = (_MIN_UTC, _MIN_UTC, 0)
        self._end_limit = None if self.end is None else max(0, self._ticks_until(self.end) - 1)
        self._suffixes = (
            self._format.suffixes(self._pattern.times) if self._format.prefix is not None else None
        )
        self._check_granularity()

    # -- construction helpers ------------------------------------------------------------------
    def _in_tz(self, value: _dt.datetime) -> _dt.datetime:
        return value.replace(tzinfo=self._tz)

    def _parse_bound(self, value: str | _dt.datetime, name: str) -> _dt.datetime:
        if isinstance(value, _dt.datetime):
            return self._in_tz(value)
        if isinstance(value, _dt.date):
            return self._in_tz(_dt.datetime(value.year, value.month, value.day))
        try:
            parsed = self._format.parse(value)
        except InvalidPartitionKeyError:
            example = _dt.datetime(2022, 1, 1).strftime(self.fmt)
            raise InvalidDefinitionError(
                f"Invalid {name} date {value!r}: it must be a datetime or a string in the "
                f"partitions format '{self.fmt}', e.g. '{example}'."
            ) from None
        return self._in_tz(parsed.replace(tzinfo=None))

    def _check_granularity(self) -> None:
        a = self._first
        b = self._clock.after(a)
        if self._format_tick(a) == self._format_tick(b):
            raise InvalidDefinitionError(
                f"Partition key format {self.fmt!r} is too coarse for cron schedule "
                f"{self.cron_schedule!r}: windows starting {a.instant} and {b.instant} would both "
                f"get key {self._format_tick(a)!r}. Use a format that shows every window start, "
                "e.g. '%Y-%m-%d-%H:%M'."
            )

    # -- read-back properties ------------------------------------------------------------------
    @property
    def schedule_type(self) -> ScheduleType | None:
        return _infer_schedule_type(self._pattern)

    @property
    def minute_offset(self) -> int:
        return self._pattern.minutes[0]

    @property
    def hour_offset(self) -> int:
        return self._pattern.hours[0]

    @property
    def day_offset(self) -> int:
        kind = self.schedule_type
        if kind is ScheduleType.WEEKLY and self._pattern.dows:
            return self._pattern.dows[0]
        if kind is ScheduleType.MONTHLY and self._pattern.doms:
            return self._pattern.doms[0]
        raise CheckError(f"Unsupported schedule type for day_offset: {kind}")

    # -- ticks, positions and keys -------------------------------------------------------------
    def _format_tick(self, tick: Tick) -> str:
        key = tick.instant.strftime(self.fmt)
        if tick.fold and not self._format.has_zone:
            key += tick.instant.strftime("%z")
        return key

    def _tick_at(self, position: int) -> Tick:
        return self._clock.at_position(position)

    def _position(self, tick: Tick) -> int:
        return self._clock.position(tick)

    def _ticks_until(self, instant: _dt.datetime) -> int:
        """How many ticks (from the first) are at or before ``instant``."""
        if instant.astimezone(_UTC) < self._first.utc:
            return 0
        return self._position(self._clock.at_or_after(instant + _US))

    def _aware(self, value: _dt.datetime) -> _dt.datetime:
        return value if value.tzinfo is not None else self._in_tz(value)

    def _ticks_until_now(self, now: _dt.datetime) -> int:
        """``_ticks_until`` memoised on the window containing ``now`` (exact, not time-based)."""
        now = now.astimezone(_UTC)
        lo, hi, value = self._now_memo
        if lo <= now < hi:
            return value
        if now < self._first.utc:
            self._now_memo = (_MIN_UTC, self._first.utc, 0)
            return 0
        nxt = self._clock.at_or_after(now + _US)
        value = self._position(nxt)
        self._now_memo = (self._clock.before(nxt).utc, nxt.utc, value)
        return value

    def _count(self, current_time: _dt.datetime | None = None) -> int:
        """Number of positions (excluded ones included) that exist at the effective time."""
        now = self._aware(effective_time(current_time))
        count = max(0, self._ticks_until_now(now) - 1 + self.end_offset)
        if self._end_limit is not None:
            count = min(count, self._end_limit)
        return count

    def _excluded(self, tick: Tick) -> bool:
        if not self.exclusions:
            return False
        if tick.instant.astimezone(_UTC) in self._excluded_times:
            return True
        local = tick.instant.replace(tzinfo=None)
        return any(_matches(p, local) for p in self._excluded_crons)

    def _keys_between(self, lo: int, hi: int) -> list[str]:
        """Keys at positions ``[lo, hi)``, excluded ones dropped."""
        if hi <= lo:
            return []
        if self._suffixes is not None and not self.exclusions:
            if self._clock.fixed or not self._clock.hourly:
                return self._wall_keys(lo, hi)
            return self._hourly_keys(lo, hi)
        return self._slow_keys(lo, hi)

    def _wall_keys(self, lo: int, hi: int) -> list[str]:
        """One naive tick per position: format naive ticks, then patch those DST gaps moved."""
        n0 = self._first.n
        keys = self._naive_keys(n0 + lo, n0 + hi)
        if self._clock.fixed:
            return keys
        first, last = self._tick_at(lo), self._tick_at(hi - 1)
        for year in range(first.instant.year, last.instant.year + 1):
            for tr in transitions(self._tz, year):
                if tr.after <= tr.before:
                    continue
                gap_lo, gap_hi = tr.naive_span
                a = max(self._pattern.index_at_or_after(gap_lo), n0 + lo)
                b = min(self._pattern.index_at_or_after(gap_hi), n0 + hi)
                for n in range(a, b):
                    keys[n - n0 - lo] = self._format_tick(self._clock.tick(n))
        return keys

    def _hourly_keys(self, lo: int, hi: int) -> list[str]:
        """Hourly patterns in a DST zone: plain runs of naive ticks between transitions."""
        keys: list[str] = []
        for pos, n, length, fold in self._clock.segments(hi):
            a, b = max(lo, pos), min(hi, pos + length)
            if a >= b:
                continue
            if fold:
                keys.extend(
                    self._format_tick(self._clock.tick(n + i - pos, 1)) for i in range(a, b)
                )
            else:
                keys.extend(self._naive_keys(n + a - pos, n + b - pos))
        return keys

    def _slow_keys(self, lo: int, hi: int) -> list[str]:
        keys: list[str] = []
        tick = self._tick_at(lo)
        for _ in range(hi - lo):
            if not self._excluded(tick):
                keys.append(self._format_tick(tick))
            tick = self._clock.after(tick)
        return keys

    def _naive_keys(self, n0: int, n1: int) -> list[str]:
        """Keys of naive ticks ``[n0, n1)`` via a per-day prefix and per-time suffixes."""
        assert self._suffixes is not None and self._format.prefix is not None
        pattern, suffixes, prefix_fmt = self._pattern, self._suffixes, self._format.prefix
        per_day = len(suffixes)
        k0, j0 = divmod(n0, per_day)
        k1, j1 = divmod(n1, per_day)
        keys: list[str] = []
        extend = keys.extend
        fromordinal = _dt.date.fromordinal
        for k in range(k0, k1 + 1):
            prefix = fromordinal(pattern.day_at(k)).strftime(prefix_fmt)
            part = suffixes[j0 if k == k0 else 0 : j1 if k == k1 else per_day]
            extend([prefix + s for s in part] if part != [""] else [prefix])
        return keys

    def _resolve(self, key: str) -> Tick:
        """The tick a key names, leniently (the first window starting at or after it)."""
        parsed = self._format.parse(key)
        instant = parsed.astimezone(self._tz) if parsed.tzinfo else self._in_tz(parsed)
        return self._clock.at_or_after(instant)

    def _index_of(self, key: str, current_time: _dt.datetime | None = None) -> int | None:
        """The position of ``key`` if it is an existing, non-excluded key; else ``None``."""
        try:
            tick = self._resolve(key)
        except InvalidPartitionKeyError:
            return None
        if tick.utc < self._first.utc or self._format_tick(tick) != key:
            return None
        position = self._position(tick)
        if position >= self._count(current_time) or self._excluded(tick):
            return None
        return position

    def _key_at(self, position: int) -> str:
        return self._format_tick(self._tick_at(position))

    # -- the public API ------------------------------------------------------------------------
    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        return self._keys_between(0, self._count(current_time))

    def get_num_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        if self.exclusions:
            return len(self.get_partition_keys(current_time))
        return self._count(current_time)

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        return self._index_of(partition_key, current_time) is not None

    def _existing_positions(self, current_time: _dt.datetime | None) -> tuple[int, int]:
        count = self._count(current_time)
        lo, hi = 0, count
        while lo < hi and self._excluded(self._tick_at(lo)):
            lo += 1
        while hi > lo and self._excluded(self._tick_at(hi - 1)):
            hi -= 1
        return lo, hi

    def get_first_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        lo, hi = self._existing_positions(current_time)
        return self._key_at(lo) if hi > lo else None

    def get_last_partition_key(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        lo, hi = self._existing_positions(current_time)
        return self._key_at(hi - 1) if hi > lo else None

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

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        """The window a key names; lenient (no bounds check), like the reference."""
        tick = self._resolve(partition_key)
        return TimeWindow(tick.instant, self._clock.after(tick).instant)

    def time_windows_for_partition_keys(self, partition_keys: Iterable[str]) -> list[TimeWindow]:
        return [self.time_window_for_partition_key(k) for k in partition_keys]

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange | tuple[str, str],
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        start_key, end_key = partition_key_range
        start, end = self._resolve(start_key), self._resolve(end_key)
        if start.utc < self._first.utc:
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
        return self._keys_between(self._position(start), self._position(end) + 1)

    def get_next_partition_key(
        self, partition_key: str, current_time: _dt.datetime | None = None
    ) -> str | None:
        tick = self._resolve(partition_key)
        count = self._count(current_time)
        position = self._position(tick) + 1 if tick.utc >= self._first.utc else 0
        while position < count:
            nxt = self._tick_at(position)
            if not self._excluded(nxt):
                return self._format_tick(nxt)
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
        return self._format_tick(tick)

    def get_partition_keys_in_time_window(self, time_window: TimeWindow) -> list[str]:
        """Keys of the windows whose start lies in ``[start, end)`` of ``time_window``."""
        lo = self._clock.at_or_after(
            max(self._aware(time_window.start).astimezone(_UTC), self._first.utc)
        )
        hi = self._clock.at_or_after(self._aware(time_window.end))
        if hi.utc <= lo.utc:
            return []
        return self._keys_between(self._position(lo), self._position(hi))

    def get_partition_key_range_for_time_window(self, time_window: TimeWindow) -> PartitionKeyRange:
        first = self._clock.at_or_before(self._aware(time_window.start))
        last = self._clock.at_or_before(self._aware(time_window.end) - _US)
        return PartitionKeyRange(self._format_tick(first), self._format_tick(last))

    def get_cron_schedule(
        self,
        minute_of_hour: int | None = None,
        hour_of_day: int | None = None,
        day_of_week: int | None = None,
        day_of_month: int | None = None,
    ) -> str:
        """The partitions' cron with the given fields overridden (for partitioned schedules)."""
        fields = self.cron_schedule.split()
        kind = self.schedule_type
        if hour_of_day is not None and kind is ScheduleType.HOURLY:
            raise CheckError("Failure condition: Cannot set hour parameter with hourly partitions.")
        if (day_of_week is not None or day_of_month is not None) and kind in (
            ScheduleType.HOURLY,
            ScheduleType.DAILY,
        ):
            raise CheckError(
                f"Failure condition: Cannot set day parameters with {kind.value.lower()} partitions."
            )
        for index, value in (
            (0, minute_of_hour),
            (1, hour_of_day),
            (2, day_of_month),
            (4, day_of_week),
        ):
            if value is not None:
                fields[index] = str(value)
        return " ".join(fields)

    def subset_with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        from .time_window_subset import TimeWindowPartitionsSubset

        return TimeWindowPartitionsSubset.from_keys(self, partition_keys)

    def subset_with_all_partitions(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        from .time_window_subset import TimeWindowPartitionsSubset

        return TimeWindowPartitionsSubset(self, ((0, self._count(current_time)),))

    def nearest_partition_keys(self, partition_key: str, n: int = 3) -> list[str]:
        """Existing keys nearest in time to ``partition_key`` (first/last keys if it won't parse)."""
        count = self._count()
        if count == 0:
            return []
        try:
            tick = self._resolve(partition_key)
            center = 0 if tick.utc < self._first.utc else self._position(tick)
        except InvalidPartitionKeyError:
            return [self._key_at(0), self._key_at(count - 1)]
        center = min(max(center, 0), count - 1)
        lo = max(0, min(center - n // 2, count - n))
        return [k for k in self._keys_between(lo, min(count, lo + n))]

    def _sort_keys(self, keys: Iterable[str]) -> list[str]:
        return sorted(keys, key=lambda k: self._resolve(k).utc)

    # -- value semantics -----------------------------------------------------------------------
    def _fields(self) -> tuple[Any, ...]:
        return (
            self.start,
            self.end,
            self.timezone,
            self.fmt,
            self.end_offset,
            self.cron_schedule,
            self.exclusions,
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TimeWindowPartitionsDefinition) and self._fields() == other._fields()
        )

    def __hash__(self) -> int:
        return hash(self._fields())

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
        label = _LABELS[kind] if kind is not None else self.cron_schedule
        text = f"{label}, starting {self.start.strftime(self.fmt)} {self.timezone}."
        if self.end_offset:
            plural = "s" if abs(self.end_offset) != 1 else ""
            text += f" End offsetted by {self.end_offset} partition{plural}."
        return text


def _matches(pattern: CronPattern, naive: _dt.datetime) -> bool:
    if naive.minute not in pattern.minutes or naive.hour not in pattern.hours:
        return False
    ordinal = naive.toordinal()
    return pattern.days_before(ordinal + 1) > pattern.days_before(ordinal)
