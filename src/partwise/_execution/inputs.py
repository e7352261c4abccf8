"""Which upstream partitions an asset input reads, through the edge's partition mapping."""

from __future__ import annotations

from typing import Any

from partwise._asset_key import AssetKey
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvariantViolationError

from .target import PartitionTarget

__all__ = ["mapped_upstream_keys"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


def _maps_to_itself(mapping: Any, up_def: PartitionsDefinition, down_def: Any) -> bool:
    """Whether ``mapping`` sends every key to the same key (the common same-definition case).

    Then the run's own keys are the answer, with no subset arithmetic; multi definitions are left
    to the mapping so keys keep their ``MultiPartitionKey`` type.
    """
    from partwise._partitions.mappings.base import IdentityPartitionMapping
    from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping

    if isinstance(mapping, TimeWindowPartitionMapping):
        if mapping.start_offset or mapping.end_offset:
            return False
    elif not isinstance(mapping, IdentityPartitionMapping):
        return False
    same = up_def is down_def or up_def == down_def
    return same and not up_def.dimensions


def mapped_upstream_keys(
    graph: Any,
    assets_def: Any,
    down_def: PartitionsDefinition | None,
    upstream: AssetKey,
    target: PartitionTarget | None,
    store: Any,
) -> tuple[PartitionsDefinition | None, tuple[str, ...]]:
    """``(upstream partitions def, mapped upstream keys)`` for a step of ``assets_def`` whose
    assets are partitioned by ``down_def``; raises if a required key can't exist."""
    up_def = graph.partitions_def(upstream) if graph is not None else None
    if up_def is None:
        return None, ()
    with partition_loading_context(dynamic_partitions_store=store):
        mapping = graph.node_mapping(assets_def, upstream, down_def)
        # an unpartitioned downstream asks its mapping with no subset (All, Last, Specific...)
        subset = None
        if down_def is not None:
            if target is None:
                return up_def, tuple(up_def.get_partition_keys())
            if _maps_to_itself(mapping, up_def, down_def):
                return up_def, target.keys
            subset = down_def.subset_with_partition_keys(target.keys)
        result = mapping.get_upstream_mapped_partitions_result_for_partitions(
            subset, down_def, up_def, dynamic_partitions_store=store
        )
        missing = result.required_but_nonexistent_subset
        if missing is not None and len(missing) > 0:
            where = "" if target is None else f"Partition key range {target.range!r} in "
            raise InvariantViolationError(
                f"{where}{assets_def.node_name} depends on invalid "
                f"partitions {missing!r} in upstream asset {upstream!r}"
            )
        return up_def, tuple(result.partitions_subset.get_partition_keys())
