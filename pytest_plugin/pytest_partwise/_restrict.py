"""``--partition-range A...B`` for one definition: exact keys, or ISO instants for time windows.

With exact keys the range is positional and inclusive. For time-window partitions (and the time
dimension of multi partitions) ``A`` and ``B`` may instead be ISO dates or datetimes: the range
holds every window overlapping ``[A, B]``, a bare date ``B`` counting as its whole day (the rule
of ``partwise backfill --from/--to``, :mod:`partwise._partitions.time_bounds`).
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


def _time_keys(defn: TimeWindowPartitionsDefinition, bounds: tuple[str, str]) -> list[str]:
    from partwise._partitions.time_bounds import keys_overlapping

    return keys_overlapping(defn, *bounds) or []


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
