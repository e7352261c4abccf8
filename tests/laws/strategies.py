"""Hypothesis strategies for partitions definitions, shared by the law tests.

A drawn :class:`TimeWindowSpec` is a readable recipe (cadence, keyword arguments) so that a failing
example prints as something a person can paste into a REPL; ``spec.build()`` makes the definition.
Start dates and probe instants are weighted towards daylight-saving transitions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition

__all__ = [
    "CUSTOM_CRONS",
    "ZONES",
    "TimeWindowSpec",
    "dst_transitions",
    "instants_near",
    "time_window_definitions",
    "time_window_specs",
    "zone",
]

UTC = dt.timezone.utc
ZONES = ("UTC", "US/Central", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe")
# Custom crons and the key format each needs.
CUSTOM_CRONS = {
    "*/15 * * * *": "%Y-%m-%d-%H:%M",
    "0 0 * * 1-5": "%Y-%m-%d",
    "30 */2 * * *": "%Y-%m-%d-%H:%M",
    "0 9 1,15 * *": "%Y-%m-%d",
}
_CLASSES: dict[str, type[TimeWindowPartitionsDefinition]] = {
    "Hourly": HourlyPartitionsDefinition,
    "Daily": DailyPartitionsDefinition,
    "Weekly": WeeklyPartitionsDefinition,
    "Monthly": MonthlyPartitionsDefinition,
}
# How far apart a few consecutive windows lie, per cadence (probe windows span about this much).
_SPANS = {
    "Hourly": dt.timedelta(days=2),
    "Daily": dt.timedelta(days=9),
    "Weekly": dt.timedelta(days=50),
    "Monthly": dt.timedelta(days=160),
    "*/15 * * * *": dt.timedelta(hours=14),
    "0 0 * * 1-5": dt.timedelta(days=10),
    "30 */2 * * *": dt.timedelta(days=2),
    "0 9 1,15 * *": dt.timedelta(days=80),
}
_FIRST_YEAR, _LAST_YEAR = 1995, 2035


def zone(name: str) -> dt.tzinfo:
    """The tzinfo partwise uses for ``name`` (``timezone.utc`` for UTC)."""
    return UTC if name == "UTC" else ZoneInfo(name)


@dataclass(frozen=True)
class TimeWindowSpec:
    """A recipe for one time-window definition: a cadence (or custom cron) and its arguments."""

    kind: str
    start: dt.datetime  # naive wall time in the definition's zone, however ``kwargs`` spell it
    kwargs: tuple[tuple[str, Any], ...]

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.kwargs)

    @property
    def cron(self) -> str:
        return self.build().cron_schedule

    @property
    def tz(self) -> dt.tzinfo:
        return zone(self.args.get("timezone") or "UTC")

    @property
    def span(self) -> dt.timedelta:
        """A stretch of time holding a handful of this definition's windows."""
        return _SPANS[self.kind if self.kind in _SPANS else self.args["cron_schedule"]]

    def build(self) -> TimeWindowPartitionsDefinition:
        args = self.args
        if self.kind == "Cron":
            return TimeWindowPartitionsDefinition(**args)
        return _CLASSES[self.kind](**args)


@lru_cache(maxsize=512)
def dst_transitions(name: str, year: int) -> tuple[dt.datetime, ...]:
    """UTC instants (to the hour) at which ``name`` changes its UTC offset during ``year``."""
    if name == "UTC":
        return ()
    tz, out = ZoneInfo(name), []
    t = dt.datetime(year, 1, 1, tzinfo=UTC)
    prev = t.astimezone(tz).utcoffset()
    while t.year == year:
        t += dt.timedelta(hours=1)
        offset = t.astimezone(tz).utcoffset()
        if offset != prev:
            out.append(t)
        prev = offset
    return tuple(out)


@st.composite
def instants_near(draw: st.DrawFn, name: str, after: dt.datetime | None = None) -> dt.datetime:
    """An aware UTC instant: half the time within a day or two of a DST transition of ``name``."""
    lo = after or dt.datetime(_FIRST_YEAR, 1, 1, tzinfo=UTC)
    first = max(lo.year, _FIRST_YEAR)
    year = draw(st.integers(first, max(first, _LAST_YEAR)))
    candidates = [t for t in dst_transitions(name, year) if t > lo + dt.timedelta(days=2)]
    if candidates and draw(st.booleans()):
        base = draw(st.sampled_from(candidates))
        return base + dt.timedelta(minutes=draw(st.integers(-2 * 1440, 2 * 1440)))
    base = max(lo, dt.datetime(year, 1, 1, tzinfo=UTC))
    return base + dt.timedelta(minutes=draw(st.integers(0, 366 * 1440)))


@st.composite
def _start_dates(draw: st.DrawFn, name: str, kind: str) -> dt.datetime:
    """A naive start date: often midnight, sometimes mid-day, often just before a DST change."""
    instant = draw(instants_near(name))
    local = instant.astimezone(zone(name)).replace(tzinfo=None)
    day = dt.datetime(local.year, local.month, local.day) - dt.timedelta(
        days=draw(st.integers(0, 3))
    )
    if kind != "Hourly" and draw(st.booleans()):
        return day
    return day + dt.timedelta(
        hours=draw(st.integers(0, 23)), minutes=draw(st.sampled_from([0, 30]))
    )


def _bound(value: dt.datetime, kind: str, fmt: str | None, as_string: bool) -> str | dt.datetime:
    """A start/end bound as a datetime, or as a string in the definition's format."""
    whole_day = value.hour == value.minute == 0
    if not as_string or (fmt and "%z" in fmt) or (kind != "Hourly" and not whole_day):
        return value
    return value.strftime(fmt or ("%Y-%m-%d-%H:%M" if kind == "Hourly" else "%Y-%m-%d"))


@st.composite
def time_window_specs(draw: st.DrawFn, kinds: tuple[str, ...] | None = None) -> TimeWindowSpec:
    """Hourly/daily/weekly/monthly definitions with random offsets, or a custom cron."""
    kind = draw(st.sampled_from(kinds or ("Hourly", "Daily", "Weekly", "Monthly", "Cron")))
    name = draw(st.sampled_from(ZONES))
    start = draw(_start_dates(name, kind))
    args: dict[str, Any] = {"timezone": name}
    if kind == "Cron":
        cron = draw(st.sampled_from(sorted(CUSTOM_CRONS)))
        args.update(start=start, fmt=CUSTOM_CRONS[cron], cron_schedule=cron)
        return TimeWindowSpec(kind, start, tuple(args.items()))
    fmt = None
    if kind == "Hourly":
        fmt = draw(st.sampled_from([None, None, "%Y-%m-%d-%H:%M%z"]))
    elif kind == "Daily":
        fmt = draw(st.sampled_from([None, None, "%Y%m%d"]))
    if fmt:
        args["fmt"] = fmt
    args["start_date"] = _bound(start, kind, fmt, draw(st.booleans()))
    args["minute_offset"] = draw(st.sampled_from([0, 0, 15, 30, 45, 59]))
    if kind != "Hourly":
        args["hour_offset"] = draw(st.sampled_from([0, 0, 1, 2, 3, 12, 23]))
    if kind == "Weekly":
        args["day_offset"] = draw(st.integers(0, 7))
    if kind == "Monthly":
        args["day_offset"] = draw(st.sampled_from([1, 1, 5, 15, 28, 29, 30, 31]))
    args["end_offset"] = draw(st.sampled_from([0, 0, 0, -2, -1, 1, 2]))
    if draw(st.integers(0, 4)) == 0:
        end = start + _SPANS[kind] * draw(st.floats(0.1, 1.5))
        args["end_date"] = end.replace(second=0, microsecond=0)
    return TimeWindowSpec(kind, start, tuple(args.items()))


def time_window_definitions(kinds: tuple[str, ...] | None = None) -> Any:
    """Built definitions (use :func:`time_window_specs` when the test needs the recipe too)."""
    return time_window_specs(kinds).map(lambda spec: spec.build())
