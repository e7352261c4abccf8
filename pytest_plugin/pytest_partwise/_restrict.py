"""``--partition-range A...B`` for one definition: exact keys, or ISO instants for time windows.

With exact keys the range is positional and inclusive. For time-window partitions (and the time
dimension of multi partitions) ``A`` and ``B`` may instead be ISO dates or datetimes: the range
holds every window starting in ``[A, B]``, a bare date ``B`` counting as its whole day.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partwise import KeySpace, PartitionsDefinition, TimeWindowPartitionsDefinition

__all__ = ["positions_in_range"]


def positions_in_range(
    defn: PartitionsDefinition, space: KeySpace, bounds: tuple[str, str], now: _dt.datetime
) -> Sequence[int]:
    """Positions of ``space`` inside ``bounds`` (empty when the bounds mean nothing here)."""
    lo, hi = space.index_of(bounds[0]), space.index_of(bounds[1])
    if lo is not None and hi is not None:
        if not defn.dimensions:
            return range(lo, hi + 1)
        keys = defn.get_partition_keys_in_range(bounds)
        return sorted(i for i in map(space.index_of, keys) if i is not None)
    time_def = defn.time_window_partitions_def
    if time_def is None:
        return []
    if time_def is defn:
        return _by_time(time_def, space, bounds)
    return _multi_by_time(defn, time_def, space, bounds, now)


def _instant(text: str, tz: _dt.tzinfo, end: bool) -> _dt.datetime | None:
    try:
        value = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if end:
        value += _dt.timedelta(days=1) if len(text) <= 10 else _dt.timedelta(microseconds=1)
    return value


def _time_keys(defn: TimeWindowPartitionsDefinition, bounds: tuple[str, str]) -> list[str]:
    from partwise import TimeWindow
    from partwise._time.ticks import get_timezone

    tz = get_timezone(defn.timezone)
    start, end = _instant(bounds[0], tz, False), _instant(bounds[1], tz, True)
    if start is None or end is None or end <= start:
        return []
    return defn.get_partition_keys_in_time_window(TimeWindow(start, end))


def _by_time(
    defn: TimeWindowPartitionsDefinition, space: KeySpace, bounds: tuple[str, str]
) -> list[int]:
    found = (space.index_of(key) for key in _time_keys(defn, bounds))
    return sorted(i for i in found if i is not None)


def _multi_by_time(
    defn: PartitionsDefinition,
    time_def: TimeWindowPartitionsDefinition,
    space: KeySpace,
    bounds: tuple[str, str],
    now: _dt.datetime,
) -> list[int]:
    """Positions whose time-dimension value lies in the range (multi partitions, one time dim)."""
    dims = [d.partitions_def for d in defn.dimensions]
    t = dims.index(time_def)
    time_space = time_def.key_space(now)
    wanted = set(_by_time(time_def, time_space, bounds))
    stride = 1
    for d in dims[t + 1 :]:
        stride *= d.key_space(now).size
    return [i for i in range(space.size) if (i // stride) % time_space.size in wanted]
