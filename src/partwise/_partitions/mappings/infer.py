"""The mapping a dependency uses when none is given, and the check that it can relate its sides."""

from __future__ import annotations

from partwise._compat import strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.mappings.base import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    PartitionMapping,
)
from partwise._partitions.mappings.multi import (
    MultiToSingleDimensionPartitionMapping,
    single_to_multi_dependency,
)
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise.errors import InvalidDefinitionError

__all__ = ["infer_partition_mapping", "validate_mapping_for_defs"]


@strict_keywords
def infer_partition_mapping(
    partition_mapping: PartitionMapping | None,
    downstream_partitions_def: PartitionsDefinition | None,
    upstream_partitions_def: PartitionsDefinition | None,
) -> PartitionMapping:
    """The mapping a dependency uses: the explicit one, else the default for the two kinds."""
    if partition_mapping is not None:
        return partition_mapping
    up, down = upstream_partitions_def, downstream_partitions_def
    if up is None or down is None:
        return AllPartitionMapping()
    if not isinstance(single_to_multi_dependency(up, down), str):
        return MultiToSingleDimensionPartitionMapping()
    if isinstance(up, TimeWindowPartitionsDefinition) and isinstance(
        down, TimeWindowPartitionsDefinition
    ):
        return TimeWindowPartitionMapping()
    return IdentityPartitionMapping()


def validate_mapping_for_defs(
    partition_mapping: PartitionMapping | None,
    downstream_partitions_def: PartitionsDefinition | None,
    upstream_partitions_def: PartitionsDefinition | None,
    downstream_name: str = "downstream",
    upstream_name: str = "upstream",
) -> PartitionMapping:
    """Infer and validate the mapping of one dependency edge; return it.

    Failures become :class:`InvalidDefinitionError` naming both assets, with the mapping's own
    error as ``__cause__``. An unpartitioned upstream needs no mapping and is not checked.
    """
    mapping = infer_partition_mapping(
        partition_mapping, downstream_partitions_def, upstream_partitions_def
    )
    if upstream_partitions_def is None:
        return mapping
    try:
        mapping.validate_partition_mapping(upstream_partitions_def, downstream_partitions_def)
    except Exception as error:
        raise InvalidDefinitionError(
            f"Invalid partition mapping from {downstream_name} to {upstream_name}: {mapping!r} "
            f"cannot relate them ({type(error).__name__}: {error})"
        ) from error
    return mapping
