"""Bounds given as times: the partitions of any cadence that overlap ``[first, last]``.

``backfill --from/--to`` over hourly and daily assets, and the pytest marker's ``range=`` on an
hourly definition, accept the same dates: each bound is a key of the definition (its window), or
an ISO date or datetime (naive: the definition's timezone). A bare date as the last bound means
its whole day. A window belongs to the range when it overlaps it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["is_time_bound", "keys_overlapping", "parse_bound"]

_US = _dt.timedelta(microseconds=1)


def is_time_bound(defn: Any, text: str) -> bool:
    """Whether ``text`` is an ISO date or datetime that is not spelled like a key of ``defn``
    (a key-shaped bound stays a key: one outside the definition is an unknown key)."""
    try:
        _dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    try:
        _dt.datetime.strptime(text, defn.fmt)
    except ValueError:
        return True
    return False


def parse_bound(defn: Any, text: str, last: bool) -> _dt.datetime | None:
    """The instant a bound stands for: a key's window start (or end, for the last bound), or an
    ISO date or datetime; ``None`` when ``text`` is neither."""
    from partwise._time.ticks import get_timezone

    if defn.has_partition_key(text):
        window = defn.time_window_for_partition_key(text)
        bound: _dt.datetime = window.end if last else window.start
        return bound
    try:
        value = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=get_timezone(defn.timezone))
    if last:
        value += _dt.timedelta(days=1) if len(text) <= 10 else _US
    return value


def keys_overlapping(defn: Any, first: str, last: str) -> list[str] | None:
    """Keys of the time-window definition ``defn`` whose windows overlap ``[first, last]``, in
    order; ``None`` when a bound is neither a key nor an ISO instant."""
    from partwise._partitions.definitions.base import TimeWindow

    start, end = parse_bound(defn, first, False), parse_bound(defn, last, True)
    if start is None or end is None:
        return None
    if end <= start:
        return []
    keys = list(defn.get_partition_keys_in_time_window(TimeWindow(start, end)))
    containing = defn.get_partition_key_range_for_time_window(TimeWindow(start, start + _US)).start
    if containing not in keys and defn.has_partition_key(containing):
        window = defn.time_window_for_partition_key(containing)
        if window.start < start < window.end:
            keys.insert(0, containing)
    return keys
