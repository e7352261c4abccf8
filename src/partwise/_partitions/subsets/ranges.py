"""Key ranges of a subset: consecutive runs in definition order, and the multi-definition grouping."""

from __future__ import annotations

from collections.abc import Container, Iterable, Set as AbstractSet
from typing import TYPE_CHECKING, cast

from partwise._partitions.keys import SEPARATOR, PartitionKeyRange

if TYPE_CHECKING:
    from partwise._partitions.definitions.base import PartitionsDefinition
    from partwise._partitions.definitions.multi import MultiPartitionsDefinition

__all__ = ["multi_key_ranges", "runs_of"]


def runs_of(ordered_keys: Iterable[str], members: Container[str]) -> list[PartitionKeyRange]:
    """Inclusive ranges of the consecutive ``ordered_keys`` that are in ``members``."""
    ranges: list[PartitionKeyRange] = []
    start = prev = None
    for key in ordered_keys:
        if key in members:
            start = key if start is None else start
            prev = key
        elif start is not None and prev is not None:
            ranges.append(PartitionKeyRange(start, prev))
            start = None
    if start is not None and prev is not None:
        ranges.append(PartitionKeyRange(start, prev))
    return ranges


def multi_key_ranges(
    keys: AbstractSet[str], defn: PartitionsDefinition
) -> list[PartitionKeyRange] | None:
    """Ranges of a two-dimensional multi subset, each holding one dimension's value fixed.

    The fixed (grouping) dimension is whichever has fewer distinct values among ``keys``, the
    primary dimension on a tie, as in the reference; each range then runs along the other
    dimension. ``None`` when ``defn`` is not a two-dimensional multi definition.
    """
    if len(defn.dimensions) != 2:
        return None
    defn = cast("MultiPartitionsDefinition", defn)  # only multi definitions have dimensions
    names = defn.partition_dimension_names
    primary = defn.primary_dimension
    secondary = defn.secondary_dimension
    values: dict[str, set[str]] = {name: set() for name in names}
    for key in keys:
        parts = key.split(SEPARATOR)
        if len(parts) == len(names):
            for name, part in zip(names, parts, strict=True):
                values[name].add(part)
    group = primary if len(values[primary.name]) <= len(values[secondary.name]) else secondary
    wanted = values[group.name]
    ranges: list[PartitionKeyRange] = []
    for value in group.partitions_def.get_partition_keys():
        if value in wanted:
            line = defn.get_multipartition_keys_with_dimension_value(group.name, value)
            ranges.extend(runs_of(line, keys))
    return ranges
