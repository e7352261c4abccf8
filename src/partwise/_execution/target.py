"""Which partitions a run targets: one key, a key range, or a set of keys."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from partwise._instance.records import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
    PARTITION_KEYS_TAG,
)
from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.definitions.base import (
    PARTITION_NAME_TAG,
    PartitionKeyRange,
    PartitionsDefinition,
)
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import (
    CheckError,
    InvalidInvocationError,
    InvariantViolationError,
)

__all__ = ["PartitionTarget", "resolve_target"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


@dataclass(frozen=True)
class PartitionTarget:
    """The partitions of one run, in definition order; ``single`` is set for one-key runs."""

    partitions_def: PartitionsDefinition | None
    keys: tuple[str, ...]
    single: str | None = None
    key_range: PartitionKeyRange | None = None  # set for range runs

    @property
    def range(self) -> PartitionKeyRange:
        return self.key_range or PartitionKeyRange(self.keys[0], self.keys[-1])

    def subset(self) -> Any:
        assert self.partitions_def is not None
        return self.partitions_def.subset_with_partition_keys(self.keys)

    def tags(self) -> dict[str, str]:
        """The run tags the reference sets for this kind of run."""
        if self.single is not None and self.partitions_def is not None:
            return self.partitions_def.get_tags_for_partition_key(self.single)
        if self.key_range is not None:
            return {
                ASSET_PARTITION_RANGE_START_TAG: self.key_range.start,
                ASSET_PARTITION_RANGE_END_TAG: self.key_range.end,
            }
        import json

        return {PARTITION_KEYS_TAG: json.dumps(list(self.keys))}


def _example_keys(partitions_def: PartitionsDefinition) -> str:
    """`` (the latest is '2024-03-31')`` for time partitions, `` (keys: 'a', 'b', …)`` else."""
    if partitions_def.time_window_partitions_def is partitions_def:
        last = partitions_def.get_last_partition_key()
        return f" (the latest is {last!r})" if last is not None else " (none exists yet)"
    keys = list(partitions_def.get_partition_keys())
    if not keys:
        return " (none exists yet)"
    shown = ", ".join(repr(str(k)) for k in keys[:5]) + (", …" if len(keys) > 5 else "")
    return f" (keys: {shown})"


def resolve_target(
    partitions_def: PartitionsDefinition | None,
    partition_key: Any,
    tags: Mapping[str, str],
    store: DynamicPartitionsStore,
    what: str,
) -> PartitionTarget | None:
    """Validate what the caller asked to run; every error is raised before any step runs.

    ``what`` names the run in messages (``Job 'daily_job'``, ``materialize([raw])``).
    """
    if ASSET_PARTITION_RANGE_START_TAG in tags or ASSET_PARTITION_RANGE_END_TAG in tags:
        if partition_key is not None or PARTITION_NAME_TAG in tags:
            raise InvariantViolationError(
                f"Cannot have {ASSET_PARTITION_RANGE_START_TAG} or {ASSET_PARTITION_RANGE_END_TAG} "
                f"tags set along with {PARTITION_NAME_TAG}"
            )
        partition_key = PartitionKeyRange(
            tags.get(ASSET_PARTITION_RANGE_START_TAG, ""),
            tags.get(ASSET_PARTITION_RANGE_END_TAG, ""),
        )
    elif partition_key is None and PARTITION_NAME_TAG in tags:
        partition_key = tags[PARTITION_NAME_TAG]
    elif PARTITION_NAME_TAG in tags and tags[PARTITION_NAME_TAG] != partition_key:
        raise InvalidInvocationError(
            f"partition_key={partition_key!r} and the tag {PARTITION_NAME_TAG}="
            f"{tags[PARTITION_NAME_TAG]!r} name different partitions: pass one of them"
        )
    if partition_key is None:
        if partitions_def is None:
            return None
        with partition_loading_context(dynamic_partitions_store=store):
            example = _example_keys(partitions_def)
        raise InvalidInvocationError(
            f"{what} is partitioned ({partitions_def}) but no partition was given: pass "
            f"partition_key= a key{example}, a PartitionKeyRange or a set of keys"
        )
    if partitions_def is None:
        raise CheckError(
            "Failure condition: There is no PartitionsDefinition shared by all the provided assets"
            f" (got partition_key={partition_key!r} for {what}, which is not partitioned)"
        )
    with partition_loading_context(dynamic_partitions_store=store):
        return _target(partitions_def, partition_key)


def _target(pdef: PartitionsDefinition, partition_key: Any) -> PartitionTarget:
    if isinstance(partition_key, PartitionKeyRange):
        keys = tuple(pdef.get_partition_keys_in_range(partition_key))
        if not keys:
            raise InvalidInvocationError(
                f"Partition range {partition_key.start}...{partition_key.end} selects no partitions "
                "(is it reversed?)"
            )
        return PartitionTarget(pdef, keys, None, partition_key)
    if isinstance(partition_key, str):
        pdef.validate_partition_key(partition_key)
        return PartitionTarget(pdef, (partition_key,), partition_key)
    if isinstance(partition_key, Collection) and not isinstance(partition_key, bytes | Mapping):
        unique = list(dict.fromkeys(partition_key))
        if not unique:
            raise InvalidInvocationError("partition_key= is an empty collection of keys")
        for key in unique:
            pdef.validate_partition_key(key)
        ordered = tuple(pdef.sort_partition_keys(unique))
        if len(ordered) == 1:
            return PartitionTarget(pdef, ordered, ordered[0])
        return PartitionTarget(pdef, ordered)
    raise InvalidInvocationError(
        f"partition_key must be a key (str), a PartitionKeyRange or a collection of keys; "
        f"got {partition_key!r}"
    )
