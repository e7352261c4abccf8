"""Planning a backfill: which runs, over which partitions, and which runs each must wait for.

Assets are grouped when they can run together (same partitions, same backfill policy, identity-like
edges, every selected parent in the group, no self-dependency). A group's partitions become runs of
one key, or ranges of contiguous keys under ``BackfillPolicy.single_run()`` / ``multi_run(n)``. A
run waits for every run holding a mapped upstream partition that is also in the backfill.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from partwise._asset_key import AssetKey
from partwise._definitions.asset_graph import AssetGraph
from partwise._definitions.backfill_policy import BackfillPolicy
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise.errors import InvalidInvocationError

from .backfill_resume import Only, asset_keys_to_run, job_keys_to_run, unpartitioned_needs_run

__all__ = [
    "BackfillPlan",
    "Chunk",
    "Group",
    "plan_asset_backfill",
    "plan_job_backfill",
    "wanted_keys",
]

Unit = tuple[int, str | None]  # (group index, partition key or None when unpartitioned)


@dataclass
class Group:
    """Assets that run together, in dependency order."""

    assets: list[AssetKey]
    partitions_def: PartitionsDefinition | None
    max_per_run: int | None  # None: a whole contiguous range per run
    keys: list[str] = field(default_factory=list)


class Chunk(NamedTuple):
    """One run of a backfill: a group over one key, a key range, or no partition.

    A named tuple (of strings and numbers): a plan of 100,000 runs leaves the garbage collector
    nothing to trace.
    """

    group: int
    keys: tuple[str, ...] | None
    order: tuple[int, int]  # (first key's position, group order): chronological scheduling

    @property
    def partition(self) -> str | PartitionKeyRange | None:
        """What the run targets, as ``execute_job``'s ``partition_key`` takes it."""
        if self.keys is None:
            return None
        if len(self.keys) == 1:
            return self.keys[0]
        return PartitionKeyRange(self.keys[0], self.keys[-1])


@dataclass
class BackfillPlan:
    groups: list[Group]
    chunks: list[Chunk]
    deps: dict[int, set[int]]  # chunk index -> chunk indexes it waits for (if any)


def wanted_keys(
    pdef: PartitionsDefinition,
    partition_keys: Sequence[str] | None,
    partition_range: PartitionKeyRange | tuple[str, str] | None,
    order: Mapping[str, int] | None = None,
) -> list[str]:
    """The requested keys of ``pdef`` in definition order (all keys when nothing is given).

    ``order`` maps every key of ``pdef`` to its position, if the caller has it already.
    """
    if partition_keys is not None and partition_range is not None:
        raise InvalidInvocationError("Pass partition_keys= or partition_range=, not both")
    if partition_range is not None:
        start, end = partition_range
        keys = list(pdef.get_partition_keys_in_range(PartitionKeyRange(start, end)))
        if not keys:
            raise InvalidInvocationError(
                f"partition_range={start}...{end} selects no partitions (is it reversed?)"
            )
        return keys
    order = order if order is not None else key_order(pdef)
    if partition_keys is None:
        return list(order)
    if isinstance(partition_keys, str):
        raise InvalidInvocationError(
            f"partition_keys must be a list of keys, got the str {partition_keys!r}; "
            f"did you mean [{partition_keys!r}]?"
        )
    for key in partition_keys:
        if key not in order:
            pdef.validate_partition_key(key)  # raises, naming the nearest keys
    return _in_order(partition_keys, order)


def key_order(pdef: PartitionsDefinition) -> dict[str, int]:
    """Each key of ``pdef`` with its position (in definition order)."""
    return {k: i for i, k in enumerate(pdef.get_partition_keys())}


def _in_order(keys: Any, order: Mapping[str, int]) -> list[str]:
    return sorted(dict.fromkeys(keys), key=lambda k: order.get(k, len(order)))


def _identity_like(mapping: Any) -> bool:
    name = type(mapping).__name__
    if name == "IdentityPartitionMapping":
        return True
    return (
        name == "TimeWindowPartitionMapping" and not mapping.start_offset and not mapping.end_offset
    )


class _AssetPlanner:
    """Builds the plan of an asset backfill over ``selected`` assets of ``graph``."""

    def __init__(self, graph: AssetGraph, selected: Sequence[AssetKey], default: BackfillPolicy):
        self.graph = graph
        self.order = graph.toposort(selected)
        self.selected = set(self.order)
        self.default = default
        self.targets: dict[AssetKey, list[str] | None] = {}
        self.group_of: dict[AssetKey, int] = {}
        self.groups: list[Group] = []
        self.target_sets: dict[AssetKey, set[str]] = {}
        self.positions: dict[int, dict[str, int]] = {}

    def parents(self, key: AssetKey) -> list[AssetKey]:
        return sorted(p for p in self.graph.parents(key) if p in self.selected)

    def policy(self, key: AssetKey) -> BackfillPolicy:
        return self.graph.get(key).backfill_policy or self.default

    # -- which partitions of each asset ----------------------------------------------------
    def compute_targets(self, keys: Sequence[str] | None, range_: Any) -> None:
        anchor = next(
            (self.graph.partitions_def(k) for k in self.order if self.graph.partitions_def(k)), None
        )
        explicit = keys is not None or range_ is not None
        if anchor is None and explicit:
            raise InvalidInvocationError(
                "partition_keys= / partition_range= were given but none of the selected assets "
                f"{[k.to_user_string() for k in self.order]} is partitioned"
            )
        requested = (
            wanted_keys(anchor, keys, range_, self.order_of(anchor)) if anchor is not None else None
        )
        for key in self.order:
            pdef = self.graph.partitions_def(key)
            if pdef is None:
                self.targets[key] = None
            elif not explicit:
                self.targets[key] = list(self.order_of(pdef))
            elif pdef == anchor:
                self.targets[key] = list(requested or ())
            else:
                self.targets[key] = self.mapped_down(key, pdef, anchor)

    def mapped_down(self, key: AssetKey, pdef: PartitionsDefinition, anchor: Any) -> list[str]:
        found: set[str] = set()
        sources = [p for p in self.parents(key) if p != key and self.targets.get(p)]
        if not sources:
            raise InvalidInvocationError(
                f"The requested partitions are keys of {anchor}, but asset "
                f"{key.to_user_string()!r} is partitioned differently ({pdef}) and has no selected "
                "upstream asset to map them from; backfill it separately"
            )
        for parent in sources:
            up_def = self.graph.partitions_def(parent)
            assert up_def is not None
            subset = up_def.subset_with_partition_keys(self.targets[parent] or ())
            mapping = self.graph.mapping(key, parent)
            down = mapping.get_downstream_partitions_for_partitions(subset, up_def, pdef)
            found.update(down.get_partition_keys())
        return _in_order(found, self.order_of(pdef))

    def keep_only(self, only: Only, instance: Any) -> None:
        """Resume: keep each asset's partitions still missing (or failed); see backfill_resume."""
        for key in list(self.order):
            pdef, targets = self.graph.partitions_def(key), self.targets[key]
            if pdef is not None and targets is not None:
                self.targets[key] = asset_keys_to_run(instance, key, pdef, targets, only)
            elif not unpartitioned_needs_run(instance, key):
                self.order.remove(key)
                self.selected.discard(key)
                del self.targets[key]

    # -- grouping --------------------------------------------------------------------------
    def compute_groups(self) -> None:
        for key in self.order:
            index = self.sibling_group(key)
            if index is None:
                index = self.joinable_group(key)
            if index is None:
                pdef = self.graph.partitions_def(key)
                self.groups.append(Group([], pdef, self.policy(key).max_partitions_per_run))
                index = len(self.groups) - 1
            self.groups[index].assets.append(key)
            self.group_of[key] = index
        for group in self.groups:
            merged: set[str] = set()
            for key in group.assets:
                merged.update(self.targets[key] or ())
            if group.partitions_def is not None:
                group.keys = _in_order(merged, self.order_of(group.partitions_def))

    def sibling_group(self, key: AssetKey) -> int | None:
        """The group of another asset of the same multi-asset node and partitions definition:
        one step makes them all."""
        node = self.graph.assets.get(key)
        if node is None or len(node.keys) == 1:
            return None
        pdef = self.graph.partitions_def(key)
        siblings = (k for k in node.keys if self.graph.partitions_def(k) == pdef)
        return next((self.group_of[k] for k in siblings if k in self.group_of), None)

    def joinable_group(self, key: AssetKey) -> int | None:
        parents = self.parents(key)
        if not parents or key in parents:
            return None
        groups = {self.group_of[p] for p in parents}
        if len(groups) != 1:
            return None
        index = groups.pop()
        group = self.groups[index]
        if any(self.self_dependent(a) for a in group.assets):
            return None
        if group.partitions_def != self.graph.partitions_def(key):
            return None
        if group.max_per_run != self.policy(key).max_partitions_per_run:
            return None
        if set(self.targets[key] or ()) != set(self.targets[group.assets[0]] or ()):
            return None  # a resumed backfill: each asset reruns only its own partitions
        if group.partitions_def is None:
            return index
        return index if all(_identity_like(self.graph.mapping(key, p)) for p in parents) else None

    def self_dependent(self, key: AssetKey) -> bool:
        return key in self.graph.parents(key)

    # -- dependencies between units --------------------------------------------------------
    def unit_deps(self, key: AssetKey, partition: str | None) -> set[Unit]:
        out: set[Unit] = set()
        own = self.group_of[key]
        for parent in self.parents(key):
            group = self.group_of[parent]
            if group == own and parent != key:
                continue
            out.update(self.parent_units(key, parent, group, partition))
        out.discard((own, partition))
        return out

    def parent_units(
        self, key: AssetKey, parent: AssetKey, group: int, partition: str | None
    ) -> list[Unit]:
        up_def, down_def = self.graph.partitions_def(parent), self.graph.partitions_def(key)
        up_keys = self.targets[parent]
        if up_def is None or up_keys is None:
            return [(group, None)]
        if down_def is None or partition is None:
            return [(group, k) for k in up_keys]
        mapping = self.graph.mapping(key, parent)
        if up_def == down_def and _identity_like(mapping):
            return [(group, partition)]
        subset = down_def.subset_with_partition_keys([partition])
        result = mapping.get_upstream_mapped_partitions_result_for_partitions(
            subset, down_def, up_def
        )
        wanted = self.target_sets.setdefault(parent, set(up_keys))
        return [(group, k) for k in result.partitions_subset.get_partition_keys() if k in wanted]

    def plan(self) -> BackfillPlan:
        chunks: list[Chunk] = []
        chunk_of: dict[Unit, int] = {}
        for index, group in enumerate(self.groups):
            pdef = group.partitions_def
            order = self.order_of(pdef) if pdef is not None else None
            for keys in _chunks(group, order):
                for k in keys or (None,):
                    chunk_of[(index, k)] = len(chunks)
                chunks.append(Chunk(index, keys, (self.position(group, keys), index)))
        deps: dict[int, set[int]] = {}
        for key in self.order:
            index = self.group_of[key]
            targets = self.targets[key]
            partitions: Sequence[str | None] = [None] if targets is None else targets
            for partition in partitions:
                me = chunk_of[(index, partition)]
                for unit in self.unit_deps(key, partition):
                    if unit in chunk_of and chunk_of[unit] != me:
                        deps.setdefault(me, set()).add(chunk_of[unit])
        return BackfillPlan(self.groups, chunks, deps)

    def position(self, group: Group, keys: tuple[str, ...] | None) -> int:
        """The first key's index in its definition (comparable across groups of one definition)."""
        if keys is None or group.partitions_def is None:
            return 0
        return self.order_of(group.partitions_def).get(keys[0], 0)

    def order_of(self, pdef: PartitionsDefinition) -> dict[str, int]:
        """:func:`key_order` of ``pdef``, computed once per plan."""
        order = self.positions.get(id(pdef))
        if order is None:
            order = self.positions[id(pdef)] = key_order(pdef)
        return order


def _chunks(group: Group, index: Mapping[str, int] | None = None) -> list[tuple[str, ...] | None]:
    """The group's keys cut into contiguous runs of at most ``max_per_run`` keys."""
    if group.partitions_def is None:
        return [None]
    size = group.max_per_run
    if size == 1:
        return [(k,) for k in group.keys]
    index = index if index is not None else key_order(group.partitions_def)
    runs: list[list[str]] = []
    for key in group.keys:
        if runs and index.get(key, -2) == index.get(runs[-1][-1], -3) + 1:
            runs[-1].append(key)
        else:
            runs.append([key])
    out: list[tuple[str, ...] | None] = []
    for run in runs:
        step = size or len(run)
        out += [tuple(run[i : i + step]) for i in range(0, len(run), step)]
    return out


def plan_asset_backfill(
    graph: AssetGraph,
    selected: Sequence[AssetKey],
    partition_keys: Sequence[str] | None,
    partition_range: Any,
    default_policy: BackfillPolicy,
    store: Any,
    only: Only | None = None,
) -> BackfillPlan:
    """The runs of a dependency-aware backfill of ``selected`` assets (``only`` resumes one)."""
    planner = _AssetPlanner(graph, selected, default_policy)
    with partition_loading_context(dynamic_partitions_store=store):
        planner.compute_targets(partition_keys, partition_range)
        if only is not None:
            planner.keep_only(only, store)
        planner.compute_groups()
        return planner.plan()


def plan_job_backfill(
    pdef: PartitionsDefinition,
    partition_keys: Sequence[str] | None,
    partition_range: Any,
    max_per_run: int | None,
    store: Any,
    only: Only | None = None,
    job_name: str = "",
) -> BackfillPlan:
    """The runs of an op job's backfill: independent runs in partition order."""
    with partition_loading_context(dynamic_partitions_store=store):
        keys = wanted_keys(pdef, partition_keys, partition_range)
        if only is not None:
            keys = job_keys_to_run(store, job_name, pdef, keys, only)
        group = Group([], pdef, max_per_run, keys)
        chunks = [Chunk(0, keys, (i, 0)) for i, keys in enumerate(_chunks(group))]
    return BackfillPlan([group], chunks, {})
