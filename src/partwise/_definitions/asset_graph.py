"""The asset graph: every asset and external spec, their edges and partition mappings."""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from partwise._asset_key import AssetKey
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, nearest

from .asset import AssetsDefinition, AssetSpec, as_assets

__all__ = ["AssetGraph"]


class AssetGraph:
    """Assets by key with upstream edges; mappings are inferred once per edge and cached."""

    def __init__(self, assets: Sequence[Any]) -> None:
        computed, external = as_assets(list(assets))
        self.assets: dict[AssetKey, AssetsDefinition] = {}
        for a in computed:
            if a.key in self.assets and self.assets[a.key] is not a:
                raise InvalidDefinitionError(
                    f"Asset key {a.key.to_user_string()!r} is defined twice; asset keys must be unique"
                )
            self.assets[a.key] = a
        self.external: dict[AssetKey, AssetSpec] = {
            s.asset_key: s for s in external if s.asset_key not in self.assets
        }
        self._resolve_unprefixed_dependencies()
        self._mappings: dict[tuple[AssetKey, AssetKey], Any] = {}

    def _resolve_unprefixed_dependencies(self) -> None:
        """Point a one-component dependency that names no asset at the same-named asset of its group.

        As in the reference: ``@asset(key_prefix=["staging"]) def b(a)`` reads ``staging/a`` when
        that is the only asset called ``a`` in ``b``'s group and no asset ``a`` exists.
        """
        by_group_and_name: dict[tuple[str, str], list[AssetKey]] = {}
        groups = [(k, a.group_name) for k, a in self.assets.items()]
        groups += [(k, s.group_name or "default") for k, s in self.external.items()]
        for key, group in groups:
            by_group_and_name.setdefault((group, key.parts[-1]), []).append(key)
        known = set(self.assets) | set(self.external)
        for key, a in list(self.assets.items()):
            replacements = {}
            for dep in a.dependency_keys - known:
                found = by_group_and_name.get((a.group_name, dep.parts[0]), [])
                if len(dep.parts) == 1 and len(found) == 1 and found[0] != key:
                    replacements[dep] = found[0]
            if replacements:
                self.assets[key] = a.with_dependency_keys_replaced(replacements)

    @cached_property
    def all_keys(self) -> frozenset[AssetKey]:
        return frozenset(self.assets) | frozenset(self.external)

    def get(self, key: AssetKey) -> AssetsDefinition:
        try:
            return self.assets[key]
        except KeyError:
            known = [k.to_user_string() for k in self.assets]
            hint = nearest(key.to_user_string(), known)
            raise InvalidInvocationError(
                f"Unknown asset {key.to_user_string()!r}; did you mean {hint}?"
            ) from None

    def partitions_def(self, key: AssetKey) -> PartitionsDefinition | None:
        if key in self.assets:
            return self.assets[key].partitions_def
        if key in self.external:
            return self.external[key].partitions_def
        return None

    def io_manager_key(self, key: AssetKey) -> str:
        if key in self.assets:
            return self.assets[key].io_manager_key
        if key in self.external:
            return self.external[key].io_manager_key
        return "io_manager"

    def parents(self, key: AssetKey) -> frozenset[AssetKey]:
        return self.assets[key].dependency_keys if key in self.assets else frozenset()

    @cached_property
    def _children(self) -> dict[AssetKey, set[AssetKey]]:
        out: dict[AssetKey, set[AssetKey]] = {k: set() for k in self.all_keys}
        for key, a in self.assets.items():
            for parent in a.dependency_keys:
                out.setdefault(parent, set()).add(key)
        return out

    def children(self, key: AssetKey) -> frozenset[AssetKey]:
        return frozenset(self._children.get(key, ()))

    def mapping(self, downstream: AssetKey, upstream: AssetKey) -> Any:
        """The (explicit or inferred) partition mapping of the edge ``upstream → downstream``."""
        edge = (downstream, upstream)
        if edge not in self._mappings:
            from partwise._partitions.mappings.base import infer_partition_mapping

            explicit = self.assets[downstream].get_partition_mapping(upstream)
            self._mappings[edge] = infer_partition_mapping(
                explicit, self.partitions_def(downstream), self.partitions_def(upstream)
            )
        return self._mappings[edge]

    def toposort(self, keys: Iterable[AssetKey]) -> list[AssetKey]:
        """``keys`` with every upstream before its downstreams; a cycle is an error naming it."""
        wanted = set(keys)
        sorter: graphlib.TopologicalSorter[AssetKey] = graphlib.TopologicalSorter()
        for key in sorted(wanted):
            parents = [p for p in self.parents(key) if p in wanted and p != key]
            sorter.add(key, *parents)
        try:
            return list(sorter.static_order())
        except graphlib.CycleError as e:
            cycle = " -> ".join(k.to_user_string() for k in e.args[1])
            raise InvalidDefinitionError(
                f"Assets depend on each other in a cycle: {cycle}"
            ) from None

    def validate(self) -> None:
        """Check every edge between computed assets (``validate_loadable``).

        Like the reference, an edge from an external spec is not checked: a spec need not carry
        the partitions information the check needs.
        """
        for key in self.assets:
            for upstream in self.parents(key):
                if upstream in self.assets:
                    self.validate_edge(key, upstream)

    def validate_edge(self, downstream: AssetKey, upstream: AssetKey) -> None:
        down_def, up_def = self.partitions_def(downstream), self.partitions_def(upstream)
        try:
            mapping = self.mapping(downstream, upstream)
            if down_def is not None and up_def is not None:
                mapping.validate_partition_mapping(up_def, down_def)
        except Exception as e:
            raise InvalidDefinitionError(
                f"Invalid partition mapping from {downstream.to_user_string()} to "
                f"{upstream.to_user_string()}: {e}"
            ) from e
