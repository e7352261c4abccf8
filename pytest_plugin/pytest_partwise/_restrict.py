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

from ._keys import KeySpace, key_space

if TYPE_CHECKING:
    from partwise import PartitionsDefinition, TimeWindowPartitionsDefinition

__all__ = ["positions_in_range"]


def positions_in_range(
    defn: PartitionsDefinition, space: KeySpace, bounds: tuple[str, str], now: _dt.datetime
) -> Sequence[int]:
    """Positions of ``space`` inside ``bounds`` (empty when the bounds mean nothing here)."""
    from partwise import MultiPartitionsDefinition, TimeWindowPartitionsDefinition

    lo, hi = space.index_of(bounds[0]), space.index_of(bounds[1])
    if lo is not None and hi is not None and not isinstance(defn, MultiPartitionsDefinition):
        return range(lo, hi + 1)
    if isinstance(defn, TimeWindowPartitionsDefinition):
        return _by_time(defn, space, bounds)
    if isinstance(defn, MultiPartitionsDefinition):
        if lo is not None and hi is not None:
            keys = defn.get_partition_keys_in_range(bounds)
            return sorted(i for i in map(space.index_of, keys) if i is not None)
        return _multi_by_time(defn, space, bounds, now)
    return []


def _time_keys(defn: TimeWindowPartitionsDefinition, bounds: tuple[str, str]) -> list[str]:
    from partwise._partitions.time_bounds import keys_overlapping

    return keys_overlapping(defn, *bounds) or []


def _by_time(
    defn: TimeWindowPartitionsDefinition, space: KeySpace, bounds: tuple[str, str]
) -> list[int]:
    found = (space.index_of(key) for key in _time_keys(defn, bounds))
    return sorted(i for i in found if i is not None)


def _multi_by_time(
    defn: PartitionsDefinition, space: KeySpace, bounds: tuple[str, str], now: _dt.datetime
) -> list[int]:
    """Positions whose time-dimension value lies in the range (multi partitions, one time dim)."""
    from partwise import MultiPartitionsDefinition, TimeWindowPartitionsDefinition

    assert isinstance(defn, MultiPartitionsDefinition)
    dims = defn.partitions_defs
    times = [
        i
        for i, d in enumerate(dims)
        if isinstance(d.partitions_def, TimeWindowPartitionsDefinition)
    ]
    if len(times) != 1:
        return []
    t = times[0]
    time_def = dims[t].partitions_def
    assert isinstance(time_def, TimeWindowPartitionsDefinition)
    time_space = key_space(time_def, now)
    wanted = set(_by_time(time_def, time_space, bounds))
    stride = 1
    for d in dims[t + 1 :]:
        stride *= key_space(d.partitions_def, now).size
    return [i for i in range(space.size) if (i // stride) % time_space.size in wanted]
