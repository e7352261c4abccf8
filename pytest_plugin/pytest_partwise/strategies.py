"""Hypothesis strategies for partitions: keys, ranges, subsets, windows and whole definitions.

Keys are drawn by position (``integers().map(key_at)``), never with ``sampled_from`` over a key
list, so drawing from 100k keys is as fast as from ten; examples shrink toward the first key.
One draw in four lands next to a daylight-saving transition of the definition's timezone.
Argument errors surface when the strategy is first drawn from, as Hypothesis' own do.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._strategies_defs import DEFAULT_KINDS, DEFAULT_TIMEZONES, partitions_definitions

if TYPE_CHECKING:
    from partwise import (
        DynamicPartitionsStore,
        KeySpace,
        MultiPartitionKey,
        MultiPartitionsDefinition,
        PartitionKeyRange,
        PartitionsDefinition,
        PartitionsSubset,
        TimeWindow,
    )

__all__ = [
    "DEFAULT_KINDS",
    "DEFAULT_TIMEZONES",
    "multi_partition_keys",
    "partition_key_ranges",
    "partition_keys",
    "partition_subsets",
    "partitions_definitions",
    "time_windows",
]


def _now(current_time: _dt.datetime | None) -> _dt.datetime:
    from partwise._partitions.context import effective_time

    return effective_time(current_time)


def _space(defn: PartitionsDefinition, now: _dt.datetime, store: Any) -> KeySpace:
    from partwise import CheckError

    try:
        space = defn.key_space(now, store)
    except CheckError as error:
        raise InvalidArgument(
            f"cannot list the keys of {defn}: {error} (pass dynamic_partitions_store=...)"
        ) from None
    if space.size == 0:
        raise InvalidArgument(f"{defn} has no partitions at {now.isoformat()}; nothing to draw")
    return space


def _dst_positions(defn: PartitionsDefinition, space: KeySpace) -> tuple[int, ...]:
    """Positions of the windows at and next to the timezone's offset changes."""
    from partwise._time.ticks import get_timezone, transitions

    time_def = defn.time_window_partitions_def
    if time_def is None or time_def is not defn:  # a multi space's positions are not times
        return ()
    tz = get_timezone(time_def.timezone)
    first = time_def.time_window_for_partition_key(space.key_at(0)).start
    last = time_def.time_window_for_partition_key(space.key_at(space.size - 1)).end
    found: set[int] = set()
    for year in range(first.year, min(last.year, first.year + 400) + 1):
        for change in transitions(tz, year):
            stamp = change.utc.replace(tzinfo=_dt.timezone.utc).timestamp()
            index = space.index_of(time_def.get_partition_key_for_timestamp(stamp))
            if index is not None:
                found.update(i for i in (index - 1, index, index + 1) if 0 <= i < space.size)
    return tuple(sorted(found))


def _pick(choice: tuple[int, int, int]) -> int:
    return choice[2] if choice[0] == 3 else choice[1]


def _positions(defn: PartitionsDefinition, space: KeySpace) -> st.SearchStrategy[int]:
    """Positions shrinking toward 0, with extra weight on daylight-saving windows."""
    anywhere = st.integers(0, space.size - 1)
    dst = _dst_positions(defn, space)
    if not dst:
        return anywhere
    return st.tuples(st.integers(0, 3), anywhere, st.sampled_from(dst)).map(_pick)


def _single_keys(
    defn: PartitionsDefinition, now: _dt.datetime, store: Any
) -> st.SearchStrategy[str]:
    space = _space(defn, now, store)
    return _positions(defn, space).map(space.key_at)


def _dims(defn: PartitionsDefinition) -> Sequence[Any] | None:
    return defn.dimensions or None


def _joiner(defn: MultiPartitionsDefinition) -> Callable[[Sequence[str]], MultiPartitionKey]:
    def join(parts: Sequence[str]) -> MultiPartitionKey:
        return defn.get_partition_key_from_str("|".join(parts))

    return join


def partition_keys(
    partitions_def: PartitionsDefinition,
    *,
    current_time: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> st.SearchStrategy[str]:
    """Existing keys of ``partitions_def`` at ``current_time`` (default: partwise's "now")."""

    def build() -> st.SearchStrategy[str]:
        if _dims(partitions_def) is not None:
            return multi_partition_keys(
                partitions_def,  # type: ignore[arg-type]
                current_time=current_time,
                dynamic_partitions_store=dynamic_partitions_store,
            )
        return _single_keys(partitions_def, _now(current_time), dynamic_partitions_store)

    return st.deferred(build)


def multi_partition_keys(
    partitions_def: MultiPartitionsDefinition,
    *,
    dimensions: Mapping[str, str | st.SearchStrategy[str]] | None = None,
    current_time: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> st.SearchStrategy[MultiPartitionKey]:
    """``MultiPartitionKey`` values, each dimension drawn (and shrunk) on its own.

    ``dimensions`` fixes a dimension to a value or gives it a strategy, e.g.
    ``multi_partition_keys(defn, dimensions={"color": "red"})``.
    """

    def build() -> st.SearchStrategy[MultiPartitionKey]:
        dims = _dims(partitions_def)
        if dims is None:
            raise InvalidArgument(
                f"multi_partition_keys needs a MultiPartitionsDefinition; got {partitions_def!r}"
            )
        given = dict(dimensions or {})
        names = [d.name for d in dims]
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise InvalidArgument(f"unknown dimensions {unknown}; the dimensions are {names}")
        now = _now(current_time)
        parts = [
            _dimension(given[d.name])
            if d.name in given
            else _single_keys(d.partitions_def, now, dynamic_partitions_store)
            for d in dims
        ]
        return st.tuples(*parts).map(_joiner(partitions_def))

    return st.deferred(build)


def _dimension(value: str | st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def _ranges_of(
    defn: PartitionsDefinition, now: _dt.datetime, store: Any, max_length: int | None
) -> st.SearchStrategy[tuple[str, str]]:
    space = _space(defn, now, store)
    cap = space.size - 1 if max_length is None else max(0, min(max_length - 1, space.size - 1))

    def pair(drawn: tuple[int, int]) -> tuple[str, str]:
        start = drawn[0]
        return space.key_at(start), space.key_at(min(start + drawn[1], space.size - 1))

    return st.tuples(_positions(defn, space), st.integers(0, cap)).map(pair)


def partition_key_ranges(
    partitions_def: PartitionsDefinition,
    *,
    max_length: int | None = None,
    current_time: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> st.SearchStrategy[PartitionKeyRange]:
    """Inclusive ``PartitionKeyRange`` values, start before end (multi: per dimension)."""
    from partwise import PartitionKeyRange

    def build() -> st.SearchStrategy[PartitionKeyRange]:
        now = _now(current_time)
        dims = _dims(partitions_def)
        if dims is None:
            pairs = _ranges_of(partitions_def, now, dynamic_partitions_store, max_length)
            return pairs.map(lambda p: PartitionKeyRange(*p))
        per_dim = [
            _ranges_of(d.partitions_def, now, dynamic_partitions_store, max_length) for d in dims
        ]

        def combine(drawn: tuple[tuple[str, str], ...]) -> PartitionKeyRange:
            return PartitionKeyRange("|".join(p[0] for p in drawn), "|".join(p[1] for p in drawn))

        return st.tuples(*per_dim).map(combine)

    return st.deferred(build)


def partition_subsets(
    partitions_def: PartitionsDefinition,
    *,
    min_size: int = 0,
    max_size: int = 10,
    current_time: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> st.SearchStrategy[PartitionsSubset]:
    """Subsets of ``partitions_def`` with ``min_size`` to ``max_size`` existing keys."""
    keys = partition_keys(
        partitions_def, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
    )
    lists = st.lists(keys, min_size=min_size, max_size=max_size, unique=True)
    return lists.map(partitions_def.subset_with_partition_keys)


def time_windows(
    partitions_def: PartitionsDefinition,
    *,
    max_partitions: int | None = None,
    current_time: _dt.datetime | None = None,
) -> st.SearchStrategy[TimeWindow]:
    """Windows spanning 1 to ``max_partitions`` consecutive partitions (start to end)."""
    from partwise import TimeWindow

    def build() -> st.SearchStrategy[TimeWindow]:
        defn = partitions_def.time_window_partitions_def
        if defn is None:
            raise InvalidArgument(
                f"time_windows needs time-window partitions; {partitions_def} has none"
            )
        window = defn.time_window_for_partition_key
        pairs = _ranges_of(defn, _now(current_time), None, max_partitions)
        return pairs.map(lambda p: TimeWindow(window(p[0]).start, window(p[1]).end))

    return st.deferred(build)
