"""Mappings that involve multi-partitioned assets, per dimension.

Each dimension dependency relates one dimension (or a whole single-dimension definition) on one
side to one on the other through an ordinary mapping; dimensions no dependency names relate
all-to-all. This works for any number of dimensions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.definitions.multi import MultiPartitionKey, MultiPartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.frozen import immutable
from partwise._partitions.mappings.base import (
    IdentityPartitionMapping,
    PartitionMapping,
    UpstreamPartitionsResult,
    nonexistent_subset,
    require_partitioned,
)
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise._partitions.subsets.base import PartitionsSubset
from partwise.errors import CheckError, InvalidDefinitionError, did_you_mean

__all__ = [
    "DimensionPartitionMapping",
    "MultiPartitionMapping",
    "MultiToSingleDimensionPartitionMapping",
    "single_to_multi_dependency",
]

Dims = dict[str | None, PartitionsDefinition]  # ``None`` names a single-dimension definition


@dataclass(frozen=True)
class DimensionDependency:
    """One dimension relation: ``mapping`` between the named dimensions (``None``: whole def)."""

    mapping: PartitionMapping
    upstream_dimension: str | None
    downstream_dimension: str | None


@immutable
@dataclass(frozen=True)
class DimensionPartitionMapping:
    """The downstream dimension an upstream dimension maps to, and the mapping between them."""

    dimension_name: str
    partition_mapping: PartitionMapping

    def __post_init__(self) -> None:
        if not isinstance(self.dimension_name, str):
            raise CheckError(
                f'Param "dimension_name" is not a str. Got {self.dimension_name!r} which is type '
                f"{type(self.dimension_name)}."
            )
        if not isinstance(self.partition_mapping, PartitionMapping):
            raise CheckError(
                f'Param "partition_mapping" is not a PartitionMapping. Got '
                f"{self.partition_mapping!r} which is type {type(self.partition_mapping)}."
            )


def _dims(defn: PartitionsDefinition) -> Dims:
    if isinstance(defn, MultiPartitionsDefinition):
        return {d.name: d.partitions_def for d in defn.partitions_defs}
    return {None: defn}


def _values(defn: PartitionsDefinition, key: str) -> dict[str | None, str]:
    if isinstance(defn, MultiPartitionsDefinition):
        if not isinstance(key, MultiPartitionKey):
            key = defn.get_partition_key_from_str(key)
        return {name: value for name, value in key.keys_by_dimension.items()}
    return {None: key}


def _join(defn: PartitionsDefinition, names: Sequence[str | None], values: Sequence[str]) -> str:
    if isinstance(defn, MultiPartitionsDefinition):
        return MultiPartitionKey({str(n): v for n, v in zip(names, values, strict=True)})
    return values[0]


class _PerDimension(PartitionMapping):
    """Mapping by dimension dependencies: products of per-dimension results, key by key."""

    def _dependencies(
        self, upstream: PartitionsDefinition, downstream: PartitionsDefinition
    ) -> list[DimensionDependency]:
        raise NotImplementedError

    def _upstream(
        self,
        subset: PartitionsSubset | None,
        down: PartitionsDefinition | None,
        up: PartitionsDefinition,
    ) -> UpstreamPartitionsResult:
        require_partitioned(subset, "downstream")
        require_partitioned(down, "downstream")
        assert subset is not None and down is not None
        deps = self._dependencies(up, down)
        missing: dict[str, None] = {}
        found = dict.fromkeys(
            key for key, ok in _products(deps, subset, down, up, True, missing) if ok
        )
        return UpstreamPartitionsResult(
            up.subset_with_partition_keys(found), nonexistent_subset(up, [list(missing)])
        )

    def _downstream(
        self, subset: PartitionsSubset, up: PartitionsDefinition, down: PartitionsDefinition
    ) -> PartitionsSubset:
        deps = self._dependencies(up, down)
        found = dict.fromkeys(key for key, _ in _products(deps, subset, up, down, upward=False))
        return down.subset_with_partition_keys(found)


Choices = list[tuple[str, bool]]  # mapped keys, each with whether it exists


def _products(
    deps: list[DimensionDependency],
    subset: PartitionsSubset,
    source: PartitionsDefinition,
    target: PartitionsDefinition,
    upward: bool,
    missing: dict[str, None] | None = None,
) -> Iterator[tuple[str, bool]]:
    """For each source key, every target key it maps to (product over dimensions) and whether
    that key exists; ``upward`` maps downstream keys to upstream ones, else the reverse.

    ``missing`` collects the nonexistent *dimension* keys the mappings asked for (what the
    reference reports as required but nonexistent), not the combined keys they spoil."""
    source_dims, target_dims = _dims(source), _dims(target)
    ends = [(d.downstream_dimension, d.upstream_dimension) for d in deps]
    if not upward:
        ends = [(b, a) for a, b in ends]
    cache: dict[tuple[int, str], Choices] = {}

    def mapped(i: int, value: str) -> Choices:
        if (i, value) not in cache:
            mapping, (a, b) = deps[i].mapping, ends[i]
            a_def, b_def = source_dims[a], target_dims[b]
            one = a_def.subset_with_partition_keys([value])
            cache[(i, value)] = _map_one(mapping, one, a_def, b_def, upward)
            if missing is not None:
                missing.update((k, None) for k, ok in cache[(i, value)] if not ok)
        return cache[(i, value)]

    names, free = _free_dims(target_dims, [b for _, b in ends])
    for key in subset.get_partition_keys():
        values = _values(source, key)
        choices = [mapped(i, values[a]) for i, (a, _) in enumerate(ends)] + free
        for combo in itertools.product(*choices):
            yield _join(target, names, [v for v, _ in combo]), all(ok for _, ok in combo)


def _map_one(
    mapping: PartitionMapping,
    subset: PartitionsSubset,
    source: PartitionsDefinition,
    target: PartitionsDefinition,
    upward: bool,
) -> Choices:
    """One dimension value's mapped keys, existing ones first."""
    if not upward:
        down = mapping.get_downstream_partitions_for_partitions(subset, source, target)
        return [(k, True) for k in down.get_partition_keys()]
    result = mapping.get_upstream_mapped_partitions_result_for_partitions(subset, source, target)
    found = [(k, True) for k in result.partitions_subset.get_partition_keys()]
    return found + [(k, False) for k in result.required_but_nonexistent_partition_keys]


def _free_dims(dims: Dims, mapped: list[str | None]) -> tuple[list[str | None], list[Choices]]:
    """Names in product order (mapped first) and every key of each dimension nothing maps to."""
    free = [name for name in dims if name not in mapped]
    keys = [[(k, True) for k in dims[name].get_partition_keys()] for name in free]
    return mapped + free, keys


def single_to_multi_dependency(
    upstream: PartitionsDefinition,
    downstream: PartitionsDefinition,
    dimension_name: str | None = None,
) -> DimensionDependency | str:
    """How a single-dimension definition relates to a multi one, or why it cannot."""
    multis = [d for d in (upstream, downstream) if isinstance(d, MultiPartitionsDefinition)]
    if len(multis) != 1:
        return (
            "Can only use MultiToSingleDimensionPartitionMapping when upstream asset is "
            "multipartitioned and the downstream asset is single dimensional, or vice versa. "
            f"Instead received {len(multis)} multi-partitioned assets."
        )
    multi = multis[0]
    upstream_is_multi = isinstance(upstream, MultiPartitionsDefinition)
    single = downstream if upstream_is_multi else upstream
    dims = multi.partitions_defs
    if dimension_name is not None:
        dims = [d for d in dims if d.name == dimension_name]
        if not dims:
            names = multi.partition_dimension_names
            return (
                f"Provided partition dimension name {dimension_name} not found in "
                f"multipartitions definition with dimensions {names}"
                f"{did_you_mean(dimension_name, names)}"
            )
    matching = [d for d in dims if d.partitions_def == single]
    times = [d for d in dims if isinstance(d.partitions_def, TimeWindowPartitionsDefinition)]
    mapping: PartitionMapping
    if len(matching) == 1:
        name, mapping = matching[0].name, IdentityPartitionMapping()
    elif len(matching) > 1:
        return (
            "partition dimension name must be specified when multiple dimensions of the "
            "MultiPartitionsDefinition match the single dimension partitions def: "
            f"{[d.name for d in matching]}"
        )
    elif len(times) == 1 and isinstance(single, TimeWindowPartitionsDefinition):
        name, mapping = times[0].name, TimeWindowPartitionMapping()
    else:
        return (
            "MultiToSingleDimensionPartitionMapping can only be used when: (a) the single "
            "dimensional partitions definition is a dimension of the MultiPartitionsDefinition, "
            "or (b) the single dimensional partitions definition is a "
            "TimeWindowPartitionsDefinition and the MultiPartitionsDefinition has a single time "
            f"dimension. Got {single!r} and dimensions {multi.partition_dimension_names}."
        )
    if upstream_is_multi:
        return DimensionDependency(mapping, name, None)
    return DimensionDependency(mapping, None, name)


@immutable
@dataclass(frozen=True)
class MultiToSingleDimensionPartitionMapping(_PerDimension):
    """Relates a single-dimension definition to the matching dimension of a multi definition.

    A single key X corresponds to every multi key whose matching dimension is X (or overlaps X,
    for time windows); the other dimensions relate all-to-all.
    """

    partition_dimension_name: str | None = None

    def __post_init__(self) -> None:
        name = self.partition_dimension_name
        if name is not None and not isinstance(name, str):
            raise CheckError(
                f'Param "partition_dimension_name" is not a str. Got {name!r} which is type '
                f"{type(name)}."
            )

    @property
    def description(self) -> str:
        return (
            "A single-dimension key X relates to every multi-partition key whose matching "
            "dimension is X; the other dimensions relate all-to-all."
        )

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        if downstream_partitions_def is None:
            raise InvalidDefinitionError(
                "downstream_partitions_def must be provided for "
                "MultiToSingleDimensionPartitionMapping; an unpartitioned asset should use "
                "AllPartitionMapping."
            )
        self._dependencies(upstream_partitions_def, downstream_partitions_def)

    def _dependencies(
        self, upstream: PartitionsDefinition, downstream: PartitionsDefinition
    ) -> list[DimensionDependency]:
        found = single_to_multi_dependency(upstream, downstream, self.partition_dimension_name)
        if isinstance(found, str):
            raise CheckError(f"Failure condition: {found}")
        return [found]


@immutable
@dataclass(frozen=True)
class MultiPartitionMapping(_PerDimension):
    """Relates two multi definitions dimension by dimension.

    Keys are upstream dimension names; values name the downstream dimension and the mapping
    between the two. Dimensions named on neither side relate all-to-all.
    """

    downstream_mappings_by_upstream_dimension: Mapping[str, DimensionPartitionMapping]

    def __post_init__(self) -> None:
        table = self.downstream_mappings_by_upstream_dimension
        if not isinstance(table, Mapping):
            raise CheckError(
                'Param "downstream_mappings_by_upstream_dimension" is not a Mapping. Got '
                f"{table!r} which is type {type(table)}."
            )
        for name, value in table.items():
            if not isinstance(name, str) or not isinstance(value, DimensionPartitionMapping):
                raise CheckError(
                    "downstream_mappings_by_upstream_dimension must map upstream dimension names "
                    f"(str) to DimensionPartitionMapping; got {name!r}: {value!r}"
                )

    @property
    def description(self) -> str:
        return "\n ".join(
            f"Upstream dimension '{up}' maps to downstream dimension '{m.dimension_name}' with "
            f"{type(m.partition_mapping).__name__}."
            for up, m in self.downstream_mappings_by_upstream_dimension.items()
        )

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        self._dependencies(upstream_partitions_def, downstream_partitions_def)

    def _dependencies(
        self, upstream: PartitionsDefinition, downstream: PartitionsDefinition | None
    ) -> list[DimensionDependency]:
        if not isinstance(upstream, MultiPartitionsDefinition) or not isinstance(
            downstream, MultiPartitionsDefinition
        ):
            raise CheckError(
                "Failure condition: Both partitions defs provided to a MultiPartitionMapping must "
                f"be multi-partitioned; got upstream {type(upstream).__name__} and downstream "
                f"{type(downstream).__name__}"
            )
        up_names = set(upstream.partition_dimension_names)
        down_names = set(downstream.partition_dimension_names)
        deps: list[DimensionDependency] = []
        for up_name, dim in self.downstream_mappings_by_upstream_dimension.items():
            _check_dimension(up_name, up_names, upstream, "upstream")
            _check_dimension(dim.dimension_name, down_names, downstream, "downstream")
            up_names.discard(up_name)
            down_names.discard(dim.dimension_name)
            deps.append(DimensionDependency(dim.partition_mapping, up_name, dim.dimension_name))
        return deps


def _check_dimension(
    name: str, unused: set[str], defn: MultiPartitionsDefinition, side: str
) -> None:
    if name in unused:
        return
    names = defn.partition_dimension_names
    problem = "is mapped twice" if name in names else f"is not in the {side} partitions def"
    article = "an" if side == "upstream" else "a"
    raise CheckError(
        f"Failure condition: Dimension mapping has {article} {side} dimension name that {problem}: "
        f"{name!r}; {side} dimensions are {names}{did_you_mean(name, names)}"
    )
