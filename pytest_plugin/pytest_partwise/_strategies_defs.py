"""``partitions_definitions()``: random valid definitions of every kind.

Time-window definitions always get an end, so their keys do not depend on when a test runs;
starts fall in 2000-2020 and timezones include daylight-saving and half-hour zones.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

if TYPE_CHECKING:
    from partwise import PartitionsDefinition, TimeWindowPartitionsDefinition

__all__ = ["DEFAULT_KINDS", "DEFAULT_TIMEZONES", "KINDS", "partitions_definitions"]

KINDS = ("hourly", "daily", "weekly", "monthly", "cron", "static", "multi", "dynamic")
DEFAULT_KINDS = ("hourly", "daily", "weekly", "monthly", "cron", "static", "multi")
DEFAULT_TIMEZONES = (
    "UTC",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
)
# Custom crons with a key format that names each of their windows uniquely.
CRONS = {
    "*/15 * * * *": "%Y-%m-%d-%H:%M%z",
    "0 0 * * 1-5": "%Y-%m-%d",
    "30 */2 * * *": "%Y-%m-%d-%H:%M%z",
    "0 9 1,15 * *": "%Y-%m-%d",
}
_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
_STARTS = st.datetimes(_dt.datetime(2000, 1, 1), _dt.datetime(2020, 12, 31))


def _with_end(
    make: Callable[..., TimeWindowPartitionsDefinition], count: int, **kwargs: Any
) -> Any:
    """``make(**kwargs)`` cut to exactly ``count`` windows by an explicit end."""
    open_ended = make(**kwargs)
    last = open_ended.time_window_for_partition_key(
        open_ended.key_of_tick(open_ended.tick_at(count - 1))
    )
    return make(**kwargs, end_date=last.end)


def _time_window(kind: str, zones: Sequence[str], max_partitions: int) -> st.SearchStrategy[Any]:
    import partwise as pw

    counts = st.integers(1, max_partitions)
    zone = st.sampled_from(zones)

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        start, count, tz = draw(_STARTS).replace(second=0, microsecond=0), draw(counts), draw(zone)
        if kind == "hourly":
            fmt = "%Y-%m-%d-%H:%M" if tz == "UTC" else "%Y-%m-%d-%H:%M%z"
            args = {"minute_offset": draw(st.sampled_from((0, 15, 30)))}
            return _with_end(
                pw.HourlyPartitionsDefinition, count, start_date=start, timezone=tz, fmt=fmt, **args
            )
        hour = {
            "hour_offset": draw(st.integers(0, 23)),
            "minute_offset": draw(st.sampled_from((0, 30))),
        }
        if kind == "daily":
            return _with_end(
                pw.DailyPartitionsDefinition, count, start_date=start, timezone=tz, **hour
            )
        if kind == "weekly":
            day = draw(st.integers(0, 6))
            return _with_end(
                pw.WeeklyPartitionsDefinition,
                count,
                start_date=start,
                timezone=tz,
                day_offset=day,
                **hour,
            )
        if kind == "monthly":
            day = draw(st.integers(1, 28))
            return _with_end(
                pw.MonthlyPartitionsDefinition,
                count,
                start_date=start,
                timezone=tz,
                day_offset=day,
                **hour,
            )
        cron = draw(st.sampled_from(sorted(CRONS)))

        def make(**kw: Any) -> Any:
            end = kw.pop("end_date", None)
            return pw.TimeWindowPartitionsDefinition(
                cron_schedule=cron, fmt=CRONS[cron], end=end, **kw
            )

        return _with_end(make, count, start=start, timezone=tz)

    return build()


def _static(max_partitions: int) -> st.SearchStrategy[Any]:
    from partwise import StaticPartitionsDefinition

    key = st.text(_KEY_ALPHABET, min_size=1, max_size=8).filter(lambda k: "..." not in k)
    keys = st.lists(key, min_size=1, max_size=max_partitions, unique=True)
    return keys.map(StaticPartitionsDefinition)


def _multi(zones: Sequence[str], max_partitions: int) -> st.SearchStrategy[Any]:
    from partwise import MultiPartitionsDefinition

    small = max(1, min(max_partitions, 6))
    other = st.one_of(_static(small), _time_window("daily", zones, small))
    names = st.sampled_from((("color", "date"), ("region", "day"), ("a", "b")))
    return st.tuples(names, _static(small), other).map(
        lambda t: MultiPartitionsDefinition({t[0][0]: t[1], t[0][1]: t[2]})
    )


def _dynamic() -> st.SearchStrategy[Any]:
    from partwise import DynamicPartitionsDefinition

    names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    return names.map(lambda n: DynamicPartitionsDefinition(name=n))


def partitions_definitions(
    kinds: Sequence[str] = DEFAULT_KINDS,
    *,
    timezones: Sequence[str] = DEFAULT_TIMEZONES,
    max_partitions: int = 48,
) -> st.SearchStrategy[PartitionsDefinition]:
    """Valid definitions of the given ``kinds`` (see ``KINDS``), each with 1 to ``max_partitions`` keys.

    ``"dynamic"`` (not a default kind) gives named definitions whose keys live in your store.
    """

    def build() -> st.SearchStrategy[Any]:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown or not kinds or max_partitions < 1:
            raise InvalidArgument(
                f"partitions_definitions(kinds={list(kinds)!r}, max_partitions={max_partitions}): "
                f"expected kinds from {list(KINDS)} and max_partitions >= 1"
            )
        options = []
        for kind in kinds:
            if kind == "static":
                options.append(_static(max_partitions))
            elif kind == "multi":
                options.append(_multi(timezones, max_partitions))
            elif kind == "dynamic":
                options.append(_dynamic())
            else:
                options.append(_time_window(kind, timezones, max_partitions))
        return st.one_of(options)

    return st.deferred(build)
