"""Partition mappings: which upstream partitions each downstream partition reads, and back.

This module holds the protocol and the simple mappings; the time-window mapping lives in
``time_window``, the listed-keys ones in ``static``, the multi-dimensional ones in ``multi`` and
default-mapping inference in ``infer``.
"""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.frozen import immutable
from partwise._partitions.subsets.base import PartitionKeySet, PartitionsSubset
from partwise.errors import CheckError, InvalidDefinitionError

__all__ = [
    "AllPartitionMapping",
    "IdentityPartitionMapping",
    "LastPartitionMapping",
    "NonexistentPartitionsSubset",
    "PartitionMapping",
    "UpstreamPartitionsResult",
]


class NonexistentPartitionsSubset(PartitionsSubset):
    """Keys a mapping requires from a definition that does not have them (e.g. before its start).

    Held as runs of consecutive keys, in the order given; it reports its keys and key ranges like
    any subset, without asking the definition whether they exist.
    """

    def __init__(self, partitions_def: PartitionsDefinition, runs: Iterable[Sequence[str]]) -> None:
        self._partitions_def = partitions_def
        seen: set[str] = set()
        kept: list[tuple[str, ...]] = []
        for run in runs:
            fresh = tuple(k for k in run if k not in seen)
            seen.update(fresh)
            if fresh:
                kept.append(fresh)
        self._runs = tuple(kept)
        self._keys = frozenset(seen)

    def get_partition_keys(self) -> Sequence[str] | PartitionKeySet:
        """Chronological keys for a time-window definition, else a set (as the reference)."""
        keys = [key for run in self._runs for key in run]
        if isinstance(self.partitions_def, TimeWindowPartitionsDefinition):
            return keys
        return PartitionKeySet(keys)

    def get_partition_key_ranges(
        self,
        partitions_def: PartitionsDefinition | None = None,
        current_time: object = None,
        dynamic_partitions_store: object = None,
        respect_bounds: bool = True,
    ) -> list[PartitionKeyRange]:
        return [PartitionKeyRange(run[0], run[-1]) for run in self._runs]

    def with_partition_keys(self, partition_keys: Iterable[str]) -> PartitionsSubset:
        return NonexistentPartitionsSubset(
            self.partitions_def, (*self._runs, tuple(partition_keys))
        )

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self.get_partition_keys())

    def __hash__(self) -> int:
        return hash(self._keys)

    def __repr__(self) -> str:
        # Same text as the subset the definition would use, so error messages read alike.
        if isinstance(self.partitions_def, TimeWindowPartitionsDefinition):
            return f"TimeWindowPartitionsSubset({self.get_partition_key_ranges()!r})"
        return f"DefaultPartitionsSubset(subset={self.get_partition_keys()!r})"


def nonexistent_subset(
    partitions_def: PartitionsDefinition, runs: Iterable[Sequence[str]]
) -> PartitionsSubset:
    """The definition's empty subset if ``runs`` hold no key, else a nonexistent-keys subset."""
    subset = NonexistentPartitionsSubset(partitions_def, runs)
    return subset if len(subset) else partitions_def.empty_subset()


@dataclass(frozen=True)
class UpstreamPartitionsResult:
    """Upstream partitions a downstream subset maps to: the existing ones and the missing ones."""

    partitions_subset: PartitionsSubset
    required_but_nonexistent_subset: PartitionsSubset

    @property
    def required_but_nonexistent_partition_keys(self) -> list[str]:
        return list(self.required_but_nonexistent_subset.get_partition_keys())


def require_partitioned(value: PartitionsSubset | PartitionsDefinition | None, side: str) -> None:
    """Raise :class:`CheckError` when a mapping that needs partitions gets an unpartitioned side."""
    if value is None:
        raise CheckError(
            f"Failure condition: {side} asset is not partitioned; this partition mapping relates "
            "partitions to partitions (use AllPartitionMapping or LastPartitionMapping for an "
            "unpartitioned asset)"
        )


class PartitionMapping(ABC):
    """How the partitions of an asset correspond to the partitions of an asset it depends on.

    Mappings are immutable values. They never raise for missing upstream partitions: those are
    reported in :attr:`UpstreamPartitionsResult.required_but_nonexistent_subset`. The public
    methods fix "now" and the dynamic-partitions store, then call the ``_upstream`` /
    ``_downstream`` hooks that each mapping implements.
    """

    def get_upstream_mapped_partitions_result_for_partitions(
        self,
        downstream_partitions_subset: PartitionsSubset | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        """The upstream partitions the downstream subset reads (``None`` = unpartitioned)."""
        if current_time is None and dynamic_partitions_store is None:  # the context stands
            return self._upstream(
                downstream_partitions_subset, downstream_partitions_def, upstream_partitions_def
            )
        with partition_loading_context(current_time, dynamic_partitions_store):
            return self._upstream(
                downstream_partitions_subset, downstream_partitions_def, upstream_partitions_def
            )

    def get_downstream_partitions_for_partitions(
        self,
        upstream_partitions_subset: PartitionsSubset,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> PartitionsSubset:
        """The existing downstream partitions that read any partition of the upstream subset."""
        require_partitioned(downstream_partitions_def, "downstream")
        with partition_loading_context(current_time, dynamic_partitions_store):
            return self._downstream(
                upstream_partitions_subset, upstream_partitions_def, downstream_partitions_def
            )

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        """Raise if this mapping cannot relate these two kinds of definition (default: never)."""
        return None

    @property
    @abstractmethod
    def description(self) -> str:
        """One human-readable sentence about what the mapping does."""

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        raise NotImplementedError(f"{type(self).__name__} does not map downstream to upstream")

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        raise NotImplementedError(f"{type(self).__name__} does not map upstream to downstream")


def _only(subset: PartitionsSubset | None) -> PartitionsSubset:
    require_partitioned(subset, "downstream")
    assert subset is not None
    return subset


@immutable
@dataclass(frozen=True)
class IdentityPartitionMapping(PartitionMapping):
    """Each downstream partition reads the upstream partition with the same key."""

    @property
    def description(self) -> str:
        return "Each downstream partition reads the upstream partition with the same key."

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        up, down = type(upstream_partitions_def), type(downstream_partitions_def)
        if up is not down:
            raise InvalidDefinitionError(
                "Upstream and downstream partitions definitions must match, or a different "
                "partition mapping must be provided. Got upstream definition "
                f"{up.__name__} and downstream definition {down.__name__}; "
                f"{_mapping_hint(upstream_partitions_def, downstream_partitions_def)}"
            )

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        subset = _only(subset)
        if down == up:
            return UpstreamPartitionsResult(subset, up.empty_subset())
        keys = list(subset.get_partition_keys())
        found = [key for key in keys if up.has_partition_key(key)]
        missing = [key for key in keys if not up.has_partition_key(key)]
        return UpstreamPartitionsResult(
            up.subset_with_partition_keys(found), nonexistent_subset(up, [missing])
        )

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        if up == down:
            return subset
        keys = subset.get_partition_keys()
        return down.subset_with_partition_keys(k for k in keys if down.has_partition_key(k))


def _mapping_hint(up: PartitionsDefinition, down: PartitionsDefinition | None) -> str:
    if isinstance(up, TimeWindowPartitionsDefinition) and isinstance(
        down, TimeWindowPartitionsDefinition
    ):
        return "expected TimeWindowPartitionMapping between two time-window definitions."
    return (
        "expected definitions of one kind; relate different kinds with an explicit mapping such "
        "as AllPartitionMapping, StaticPartitionMapping or MultiToSingleDimensionPartitionMapping."
    )


@immutable
@dataclass(frozen=True)
class AllPartitionMapping(PartitionMapping):
    """Every downstream partition reads every upstream partition."""

    @property
    def description(self) -> str:
        return "Every downstream partition reads all partitions of the upstream asset."

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        return UpstreamPartitionsResult(up.subset_with_all_partitions(), up.empty_subset())

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        return down.subset_with_all_partitions() if len(subset) else down.empty_subset()


@immutable
@dataclass(frozen=True)
class LastPartitionMapping(PartitionMapping):
    """Every downstream partition reads the latest upstream partition (at the effective time)."""

    @property
    def description(self) -> str:
        return "Every downstream partition reads the last partition of the upstream asset."

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        last = up.get_last_partition_key()
        chosen = up.empty_subset() if last is None else up.subset_with_partition_keys([last])
        return UpstreamPartitionsResult(chosen, up.empty_subset())

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        last = up.get_last_partition_key()
        if last is not None and last in subset:
            return down.subset_with_all_partitions()
        return down.empty_subset()
