"""Cron patterns as index arithmetic on naive (wall-clock) time.

A 5-field cron fires at the same set of minutes on every *eligible* day, so its naive ticks are
numbered ``n = eligible_days_before(day) * ticks_per_day + j``. Eligible days are all days, a weekly
pattern, or (day-of-month / month fields) a 400-year cycle of months; each case is O(1) or O(log).
Time zones are not this module's business: see ``_ticks``.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import enum
from dataclasses import dataclass, field
from functools import lru_cache

from partwise.errors import CheckError, InvalidDefinitionError

__all__ = [
    "CronPattern",
    "ScheduleType",
    "cron_offset",
    "infer_schedule_type",
    "matches",
    "override_cron",
    "parse_cron",
    "schedule_cron",
]

_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NAMES: tuple[dict[str, int], ...] = (
    {},
    {},
    {},
    {m: i + 1 for i, m in enumerate(_MONTH_NAMES)},
    {d: i for i, d in enumerate(_DAY_NAMES)},
)
_CYCLE_MONTHS = 4800  # 400 Gregorian years: the calendar (and weekdays) repeat exactly.
_CYCLE_DAYS = 146097


def _parse_field(text: str, index: int) -> tuple[int, ...] | None:
    """Values of one cron field, or ``None`` for an unrestricted ``*``."""
    lo, hi = _BOUNDS[index]
    if text == "*":
        return None
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            start, stop = lo, hi
        elif "-" in body:
            a, b = body.split("-", 1)
            start, stop = _value(a, index), _value(b, index)
        else:
            start = _value(body, index)
            stop = hi if step_text else start
        if step < 1 or not lo <= start <= stop <= hi:
            raise ValueError(part)
        values.update(range(start, stop + 1, step))
    if index == 4 and 7 in values:
        values.discard(7)
        values.add(0)
    return tuple(sorted(values))


def _value(text: str, index: int) -> int:
    return _NAMES[index][text.lower()] if text.lower() in _NAMES[index] else int(text)


@lru_cache(maxsize=512)
def parse_cron(cron: str) -> CronPattern:
    """Parse a 5-field cron string; raise ``InvalidDefinitionError`` naming it if invalid."""
    fields = cron.split()
    try:
        if len(fields) != 5:
            raise ValueError(cron)
        parsed = [_parse_field(f, i) for i, f in enumerate(fields)]
    except ValueError:
        raise InvalidDefinitionError(
            f"Found invalid cron schedule '{cron}' for a TimeWindowPartitionsDefinition. "
            "Expected 5 fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) "
            "day-of-week (0-7)."
        ) from None
    minutes, hours, doms, months, dows = parsed
    return CronPattern(
        cron,
        minutes or tuple(range(60)),
        hours or tuple(range(24)),
        doms,
        months,
        dows,
    )


@dataclass(frozen=True)
class CronPattern:
    """The naive tick arithmetic of one cron string."""

    cron: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    doms: tuple[int, ...] | None
    months: tuple[int, ...] | None
    dows: tuple[int, ...] | None
    times: tuple[int, ...] = field(init=False)  # minutes of the day at which it fires
    every_day: bool = field(init=False)
    _week: tuple[tuple[int, ...], tuple[int, ...]] | None = field(init=False)

    def __post_init__(self) -> None:
        times = tuple(h * 60 + m for h in self.hours for m in self.minutes)
        object.__setattr__(self, "times", times)
        object.__setattr__(
            self, "every_day", self.doms is None and self.months is None and self.dows is None
        )
        week = None
        if self.doms is None and self.months is None and self.dows is not None:
            # Ordinal 1 (0001-01-01) is a Monday; weekday offset r in 0..6 is cron day (r + 1) % 7.
            offsets = tuple(r for r in range(7) if (r + 1) % 7 in self.dows)
            counts = tuple(sum(1 for o in offsets if o < r) for r in range(8))
            week = (offsets, counts)
        object.__setattr__(self, "_week", week)

    @property
    def fires_hourly(self) -> bool:
        """True when it fires in every hour of an eligible day (DST then repeats/skips ticks)."""
        return len(self.hours) == 24

    # -- eligible days -------------------------------------------------------------------------
    def days_before(self, ordinal: int) -> int:
        """How many eligible days have an ordinal below ``ordinal`` (counting from 0001-01-01)."""
        if self.every_day:
            return ordinal - 1
        if self._week is not None:
            offsets, counts = self._week
            w, r = divmod(ordinal - 1, 7)
            return w * len(offsets) + counts[r]
        day = _dt.date.fromordinal(ordinal)
        cycles, month = divmod((day.year - 1) * 12 + day.month - 1, _CYCLE_MONTHS)
        cum = _month_table(self)
        days = _month_days(self, month)
        return cycles * cum[-1] + cum[month] + bisect.bisect_left(days, day.day)

    def day_at(self, k: int) -> int:
        """The ordinal of the ``k``-th eligible day (0-based)."""
        if self.every_day:
            return k + 1
        if self._week is not None:
            offsets = self._week[0]
            w, j = divmod(k, len(offsets))
            return 1 + w * 7 + offsets[j]
        cum = _month_table(self)
        cycles, rest = divmod(k, cum[-1])
        month = bisect.bisect_right(cum, rest) - 1
        day = _month_days(self, month)[rest - cum[month]]
        year, month0 = divmod(month, 12)
        return _dt.date(cycles * 400 + year + 1, month0 + 1, day).toordinal()

    # -- naive ticks ---------------------------------------------------------------------------
    def index_at_or_after(self, naive: _dt.datetime) -> int:
        """Index of the first naive tick at or after ``naive``."""
        ordinal = naive.toordinal()
        minute = naive.hour * 60 + naive.minute + (1 if naive.second or naive.microsecond else 0)
        before = self.days_before(ordinal)
        if not self.every_day and self.days_before(ordinal + 1) == before:  # not eligible
            return before * len(self.times)
        return before * len(self.times) + bisect.bisect_left(self.times, minute)

    def window_at(self, n: int, tz: _dt.tzinfo | None = None) -> tuple[_dt.datetime, _dt.datetime]:
        """The ``n``-th and the next tick, as wall times in ``tz`` (for a fixed-offset zone)."""
        k, j = divmod(n, len(self.times))
        day = calendar_day(self.day_at(k))
        start = self.times[j]
        start_dt = _dt.datetime(day.year, day.month, day.day, start // 60, start % 60, tzinfo=tz)
        if j + 1 < len(self.times):
            end = self.times[j + 1]
            return start_dt, start_dt.replace(hour=end // 60, minute=end % 60)
        return start_dt, self.naive_at(n + 1, tz)

    def naive_at(self, n: int, tz: _dt.tzinfo | None = None) -> _dt.datetime:
        """The ``n``-th naive tick (as that wall time in ``tz``, if given)."""
        k, j = divmod(n, len(self.times))
        minutes = self.times[j]
        day = calendar_day(self.day_at(k))
        return _dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=tz)


def calendar_day(ordinal: int) -> _dt.date:
    """The date of a day number (``date.fromordinal``); past year 1 or 9999 a ``CheckError``
    (a key, offset or mapping reaching beyond the calendar Python can represent)."""
    try:
        return _dt.date.fromordinal(ordinal)
    except (ValueError, OverflowError):
        raise CheckError(
            f"Day number {ordinal} is beyond the calendar (0001-01-01 to 9999-12-31): a partition "
            "key, offset or mapping reaches past it"
        ) from None


def _eligible(p: CronPattern, year: int, month: int, day: int) -> bool:
    if p.months is not None and month not in p.months:
        return False
    dom_ok = p.doms is None or day in p.doms
    if p.dows is None:
        return dom_ok
    dow_ok = (_dt.date(year, month, day).weekday() + 1) % 7 in p.dows
    if p.doms is None:
        return dow_ok
    return dom_ok or dow_ok  # cron: both restricted means either matches


@lru_cache(maxsize=256)
def _month_table(p: CronPattern) -> tuple[int, ...]:
    """Cumulative eligible-day counts over the 4800 months of a 400-year cycle."""
    cum = [0]
    for m in range(_CYCLE_MONTHS):
        cum.append(cum[-1] + len(_month_days(p, m)))
    if cum[-1] == 0:
        raise InvalidDefinitionError(f"Cron schedule '{p.cron}' never fires.")
    return tuple(cum)


@lru_cache(maxsize=65536)
def _month_days(p: CronPattern, month_in_cycle: int) -> tuple[int, ...]:
    """Eligible days of one month of the cycle (year 1 + month // 12 has the same calendar)."""
    year, m0 = divmod(month_in_cycle, 12)
    year += 1
    if p.months is not None and m0 + 1 not in p.months:
        return ()
    last = (_dt.date(year + (m0 == 11), (m0 + 1) % 12 + 1, 1) - _dt.timedelta(days=1)).day
    if p.dows is None and p.doms is not None:
        return tuple(d for d in p.doms if d <= last)
    return tuple(d for d in range(1, last + 1) if _eligible(p, year, m0 + 1, d))


def matches(pattern: CronPattern, naive: _dt.datetime) -> bool:
    """Whether ``pattern`` fires at the naive wall time ``naive`` (to the minute)."""
    if naive.minute not in pattern.minutes or naive.hour not in pattern.hours:
        return False
    ordinal = naive.toordinal()
    return pattern.days_before(ordinal + 1) > pattern.days_before(ordinal)


# -- the four standard cadences ----------------------------------------------------------------
class ScheduleType(enum.Enum):
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def schedule_cron(kind: ScheduleType, minute: int, hour: int, day: int | None) -> str:
    """The cron string of a cadence with offsets (weekly day 0 = Sunday, monthly day 1)."""
    if kind is ScheduleType.HOURLY:
        return f"{minute} * * * *"
    if kind is ScheduleType.DAILY:
        return f"{minute} {hour} * * *"
    if kind is ScheduleType.WEEKLY:
        return f"{minute} {hour} * * {day if day is not None else 0}"
    return f"{minute} {hour} {day if day is not None else 1} * *"


_KIND_SHAPES = (  # which field is a number (d) or "*" (s) in each cadence's cron
    ("dssss", ScheduleType.HOURLY),
    ("ddsss", ScheduleType.DAILY),
    ("ddssd", ScheduleType.WEEKLY),
    ("dddss", ScheduleType.MONTHLY),
)


def _shape(cron: str) -> str | None:
    """``cron``'s fields as ``d`` (plain number) / ``s`` (star), or ``None`` if any is neither."""
    fields = cron.split(" ")
    if len(fields) != 5 or not all(f == "*" or f.isdigit() for f in fields):
        return None
    return "".join("s" if f == "*" else "d" for f in fields)


def infer_schedule_type(cron: str) -> ScheduleType | None:
    """The cadence a cron spells, or ``None`` for anything else (``*/15 * * * *``, names, …)."""
    shape = _shape(cron)
    return next((kind for pattern, kind in _KIND_SHAPES if pattern == shape), None)


def cron_offset(cron: str, index: int, name: str) -> int:
    """The plain number in field ``index`` of ``cron``; ``CheckError`` when there is none."""
    shape = _shape(cron)
    if shape is None or shape[index] != "d":
        raise CheckError(f"Failure condition: {cron} has no {name} offset")
    return int(cron.split(" ")[index])


def override_cron(
    cron: str,
    minute: int | None,
    hour: int | None,
    day_of_week: int | None,
    day_of_month: int | None,
) -> str:
    """A cadence's cron rebuilt with some offsets replaced (the day field its cadence lacks is
    ignored); refuses crons that are not a plain cadence and fields a finer cadence lacks."""
    if minute is None and hour is None and day_of_week is None and day_of_month is None:
        return cron
    kind = infer_schedule_type(cron)
    if kind is None:
        raise CheckError(
            f"Failure condition: {cron} does not support "
            "minute_of_hour/hour_of_day/day_of_week/day_of_month arguments"
        )
    _refuse(kind is ScheduleType.HOURLY and hour is not None, "hour parameter", "hourly")
    _refuse(
        kind is ScheduleType.DAILY and day_of_week is not None, "day of week parameter", "daily"
    )
    _refuse(
        kind is ScheduleType.DAILY and day_of_month is not None, "day of month parameter", "daily"
    )
    minute = cron_offset(cron, 0, "minute") if minute is None else minute
    if kind is not ScheduleType.HOURLY and hour is None:
        hour = cron_offset(cron, 1, "hour")
    day = None
    if kind is ScheduleType.WEEKLY:
        day = int(cron.split(" ")[4]) if day_of_week is None else day_of_week
    elif kind is ScheduleType.MONTHLY:
        day = int(cron.split(" ")[2]) if day_of_month is None else day_of_month
    return schedule_cron(kind, minute, hour or 0, day)


def _refuse(condition: bool, what: str, cadence: str) -> None:
    if condition:
        raise CheckError(
            f"Invariant failed. Description: Cannot set {what} with {cadence} partitions."
        )


def offset_hint(
    kind: ScheduleType | None, minute: int | None, hour: int | None, day: int | None
) -> str:
    """Which offset put the derived cron out of range, if one did."""
    if kind is None:
        return ""
    checks = [("minute_offset", minute, 0, 59), ("hour_offset", hour, 0, 23)]
    if ScheduleType(kind) is ScheduleType.WEEKLY:
        checks.append(("day_offset", day, 0, 7))
    elif ScheduleType(kind) is ScheduleType.MONTHLY:
        checks.append(("day_offset", day, 0, 31))
    for name, value, lo, hi in checks:
        if value is not None and not lo <= value <= hi:
            return f" The cause: {name}={value} is out of range; expected {lo}-{hi}."
    return ""
