"""Mappings between explicitly listed keys: ``StaticPartitionMapping`` and
``SpecificPartitionsPartitionMapping``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.frozen import immutable
from partwise._partitions.mappings.base import (
    PartitionMapping,
    UpstreamPartitionsResult,
    nonexistent_subset,
)
from partwise._partitions.subsets.base import PartitionsSubset
from partwise.errors import CheckError, InvalidDefinitionError

__all__ = ["SpecificPartitionsPartitionMapping", "StaticPartitionMapping"]


def _check_keys(value: object, param: str) -> None:
    if isinstance(value, str) or not isinstance(value, Collection):
        raise CheckError(
            f'Param "{param}" is not a collection of str. Got {value!r} which is type '
            f"{type(value)}; did you mean [{value!r}]?"
        )
    for key in value:
        if not isinstance(key, str):
            raise CheckError(f'Member of "{param}" is not a str. Got {key!r} of type {type(key)}.')


@immutable
@dataclass(frozen=True)
class StaticPartitionMapping(PartitionMapping):
    """An explicit table from upstream keys to downstream keys (one key or a collection each)."""

    downstream_partition_keys_by_upstream_partition_key: Mapping[str, str | Collection[str]]
    _forward: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _inverse: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = self.downstream_partition_keys_by_upstream_partition_key
        if not isinstance(table, Mapping):
            raise CheckError(
                'Param "downstream_partition_keys_by_upstream_partition_key" is not a Mapping. '
                f"Got {table!r} which is type {type(table)}."
            )
        forward: dict[str, frozenset[str]] = {}
        inverse: dict[str, set[str]] = {}
        for up, downs in table.items():
            _check_keys([up], "upstream partition key")
            if not isinstance(downs, str | Collection):
                raise CheckError(
                    f"The downstream partition keys of {up!r} are not a key or a collection of "
                    f"keys. Got {downs!r} which is type {type(downs)}."
                )
            targets = frozenset([downs]) if isinstance(downs, str) else frozenset(downs)
            _check_keys(list(targets), f"downstream partition keys of {up!r}")
            forward[up] = targets
            for down in targets:
                inverse.setdefault(down, set()).add(up)
        object.__setattr__(self, "_forward", forward)
        object.__setattr__(self, "_inverse", {k: frozenset(v) for k, v in inverse.items()})

    @property
    def description(self) -> str:
        pairs = ", ".join(f"{k} -> {sorted(v)}" for k, v in self._forward.items())
        return f"Upstream keys map to downstream keys by an explicit table: {pairs}"

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        self._check_sources(upstream_partitions_def)
        self._check_targets(downstream_partitions_def)

    def _check_sources(self, upstream: PartitionsDefinition) -> None:
        _require_static(upstream, "Upstream")
        extra = set(self._forward).difference(upstream.get_partition_keys())
        if extra:
            raise InvalidDefinitionError(
                f"mapping source partitions not in the upstream partitions definition: {extra}; "
                f"upstream keys are {list(upstream.get_partition_keys())}"
            )

    def _check_targets(self, downstream: PartitionsDefinition | None) -> None:
        _require_static(downstream, "Downstream")
        assert downstream is not None
        extra = set(self._inverse).difference(downstream.get_partition_keys())
        if extra:
            raise InvalidDefinitionError(
                f"mapping target partitions not in the downstream partitions definition: {extra}; "
                f"downstream keys are {list(downstream.get_partition_keys())}"
            )

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        self._check_sources(up)
        keys: set[str] = set()
        for key in subset or ():
            keys |= self._inverse.get(key, frozenset())
        return UpstreamPartitionsResult(up.subset_with_partition_keys(keys), up.empty_subset())

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        self._check_targets(down)
        keys: set[str] = set()
        for key in subset:
            keys |= self._forward.get(key, frozenset())
        return down.subset_with_partition_keys(keys)


def _require_static(defn: PartitionsDefinition | None, side: str) -> None:
    from partwise._partitions.definitions.static import StaticPartitionsDefinition

    if not isinstance(defn, StaticPartitionsDefinition):
        raise InvalidDefinitionError(
            f"{side} partitions definition must be a StaticPartitionsDefinition; got "
            f"{type(defn).__name__} ({defn!r})"
        )


@immutable
@dataclass(frozen=True)
class SpecificPartitionsPartitionMapping(PartitionMapping):
    """Every downstream partition (or the unpartitioned asset) reads the listed upstream keys."""

    partition_keys: Sequence[str]

    def __post_init__(self) -> None:
        _check_keys(self.partition_keys, "partition_keys")

    @property
    def description(self) -> str:
        return f"Every downstream partition reads these upstream partitions: {self.partition_keys}"

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        found = [k for k in self.partition_keys if up.has_partition_key(k)]
        missing = [k for k in self.partition_keys if not up.has_partition_key(k)]
        return UpstreamPartitionsResult(
            up.subset_with_partition_keys(found), nonexistent_subset(up, [missing])
        )

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        if any(key in subset for key in self.partition_keys):
            return down.subset_with_all_partitions()
        return down.empty_subset()
