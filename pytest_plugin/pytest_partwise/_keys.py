"""Positional access to the keys of a partitions definition at one fixed instant.

A :class:`KeySpace` answers "how many keys", "the i-th key" and "the position of this key" without
listing keys where the definition offers index arithmetic, so sampling or drawing from 100k keys
costs no more than from ten. Every lookup passes ``current_time`` explicitly.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partwise import (
        DynamicPartitionsStore,
        MultiPartitionsDefinition,
        PartitionsDefinition,
        TimeWindowPartitionsDefinition,
    )

__all__ = ["KeySpace", "key_space", "listed_space", "sample_positions"]


@dataclass(frozen=True)
class KeySpace:
    """The keys of one definition at one instant, addressed by position (definition order)."""

    size: int
    key_at: Callable[[int], str]
    index_of: Callable[[str], int | None]

    def keys(self, positions: Sequence[int]) -> list[str]:
        return [self.key_at(i) for i in positions]


def listed_space(keys: Sequence[str]) -> KeySpace:
    """A key space over an explicit list of keys."""
    index = {str(key): i for i, key in enumerate(keys)}
    return KeySpace(len(keys), keys.__getitem__, index.get)


def key_space(
    defn: PartitionsDefinition,
    current_time: _dt.datetime,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> KeySpace:
    """Index arithmetic for time-window, static and multi definitions; a listing otherwise."""
    from partwise import (
        MultiPartitionsDefinition,
        StaticPartitionsDefinition,
        TimeWindowPartitionsDefinition,
    )

    if isinstance(defn, TimeWindowPartitionsDefinition) and not defn.exclusions:
        return _time_window_space(defn, current_time)
    if isinstance(defn, StaticPartitionsDefinition):
        return KeySpace(defn.get_num_partitions(), defn._key_at, defn._index_of)
    if isinstance(defn, MultiPartitionsDefinition):
        return _multi_space(defn, current_time, dynamic_partitions_store)
    return listed_space(
        defn.get_partition_keys(
            current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
        )
    )


def _time_window_space(defn: TimeWindowPartitionsDefinition, now: _dt.datetime) -> KeySpace:
    count = defn._count(now)

    def index_of(key: str) -> int | None:
        return defn._index_of(key, now)

    return KeySpace(count, defn._key_at, index_of)


def _multi_space(
    defn: MultiPartitionsDefinition,
    now: _dt.datetime,
    store: DynamicPartitionsStore | None,
) -> KeySpace:
    """Mixed-radix positions over the dimensions' spaces (first dimension outermost)."""
    dims = [key_space(d.partitions_def, now, store) for d in defn.partitions_defs]
    size = math.prod(d.size for d in dims)

    def key_at(index: int) -> str:
        parts: list[str] = []
        for dim in reversed(dims):
            index, i = divmod(index, dim.size)
            parts.append(dim.key_at(i))
        return defn.get_partition_key_from_str("|".join(reversed(parts)))

    def index_of(key: str) -> int | None:
        parts = str(key).split("|")
        if len(parts) != len(dims):
            return None
        index = 0
        for dim, part in zip(dims, parts, strict=True):
            i = dim.index_of(part)
            if i is None:
                return None
            index = index * dim.size + i
        return index

    return KeySpace(size, key_at, index_of)


def sample_positions(positions: Sequence[int], n: int, seed: str) -> Sequence[int]:
    """``n`` positions chosen deterministically from ``seed``: the first, the last, and one
    random pick in each of ``n - 2`` equal strata between them (so samples spread over time)."""
    if n >= len(positions):
        return positions
    if n == 1:
        return [positions[0]]
    rng = random.Random(f"partwise:{seed}:{len(positions)}")
    inner, strata = len(positions) - 2, n - 2
    picks = [
        rng.randrange(1 + j * inner // strata, 1 + (j + 1) * inner // strata) for j in range(strata)
    ]
    return [positions[0], *(positions[i] for i in picks), positions[-1]]
