"""The asset graph: every asset and external spec, their edges and partition mappings."""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from partwise._asset_key import AssetKey
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.mappings.infer import infer_partition_mapping
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, did_you_mean

from .asset_spec import AssetSpec, SourceAsset, as_assets

if TYPE_CHECKING:
    from .asset import AssetsDefinition

__all__ = ["AssetGraph"]


class AssetGraph:
    """Assets by key with upstream edges; mappings are inferred once per edge and cached."""

    def __init__(self, assets: Sequence[Any]) -> None:
        items = list(assets)
        self.checks: list[Any] = [i for i in items if _is_check(i)]
        computed, external = as_assets([i for i in items if not _is_check(i)])
        self.assets: dict[AssetKey, AssetsDefinition] = {}
        for a in cast("list[AssetsDefinition]", computed):  # its only subclass
            for key in a.keys:
                if key in self.assets and self.assets[key] is not a:
                    raise InvalidDefinitionError(f"Duplicate asset key: {key!r}")
                self.assets[key] = a
        for spec in external:
            # A SourceAsset standing for a computed asset is dropped; a plain spec clashes.
            if spec.asset_key in self.assets and not isinstance(spec, SourceAsset):
                raise InvalidDefinitionError(f"Duplicate asset key: {spec.asset_key!r}")
        self.external: dict[AssetKey, AssetSpec] = {
            s.asset_key: s for s in external if s.asset_key not in self.assets
        }
        self._resolve_unprefixed_dependencies()
        self._mappings: dict[tuple[str, AssetKey, PartitionsDefinition | None], Any] = {}

    def _resolve_unprefixed_dependencies(self) -> None:
        """Point a one-component dependency that names no asset at the same-named asset of its group.

        As in the reference: ``@asset(key_prefix=["staging"]) def b(a)`` reads ``staging/a`` when
        that is the only asset called ``a`` in ``b``'s group and no asset ``a`` exists.
        """
        by_group_and_name: dict[tuple[str, str], list[AssetKey]] = {}
        for key in [*self.assets, *self.external]:
            by_group_and_name.setdefault((self.group_name(key), key.parts[-1]), []).append(key)
        known = set(self.assets) | set(self.external)
        for a in {id(a): a for a in self.assets.values()}.values():
            group = self.group_name(next(iter(a.keys)))
            replacements = {}
            for dep in a.dependency_keys - known:
                found = by_group_and_name.get((group, dep.parts[0]), [])
                if len(dep.parts) == 1 and len(found) == 1 and found[0] not in a.keys:
                    replacements[dep] = found[0]
            if replacements:
                renamed = a.with_attributes(asset_key_replacements=replacements)
                self.assets.update(dict.fromkeys(a.keys, renamed))

    @cached_property
    def all_keys(self) -> frozenset[AssetKey]:
        return frozenset(self.assets) | frozenset(self.external)

    def get(self, key: AssetKey) -> AssetsDefinition:
        try:
            return self.assets[key]
        except KeyError:
            known = {k.to_user_string(): k for k in self.assets}
            name = key.to_user_string()
            if name in known:  # AssetKey(["a/b"]) where AssetKey(["a", "b"]) is meant
                raise InvalidInvocationError(
                    f"Unknown asset {key!r}; did you mean {known[name]!r}? (a str is one key "
                    f"component: AssetKey.from_user_string({name!r}) splits it on '/')"
                ) from None
            hint = did_you_mean(name, list(known))
            raise InvalidInvocationError(f"Unknown asset {name!r}{hint}") from None

    def partitions_def(self, key: AssetKey) -> PartitionsDefinition | None:
        if key in self.assets:
            return self.assets[key].partitions_def_for(key)
        if key in self.external:
            return self.external[key].partitions_def
        return None

    def io_manager_key(self, key: AssetKey) -> str:
        if key in self.assets:
            return self.assets[key].output_for_key(key).io_manager_key
        if key in self.external:
            return self.external[key].io_manager_key
        return "io_manager"

    def parents(self, key: AssetKey) -> frozenset[AssetKey]:
        return self.assets[key].parents_of(key) if key in self.assets else frozenset()

    def group_name(self, key: AssetKey) -> str:
        if key in self.assets:
            return self.assets[key].output_for_key(key).group_name
        spec = self.external.get(key)
        return (spec.group_name if spec is not None else None) or "default"

    @cached_property
    def attached_resources(self) -> dict[str, tuple[Any, AssetsDefinition]]:
        """Resources the assets carry (``@asset(resource_defs=)``, ``with_resources``), by key.

        Two assets may share a resource key only with the same resource object.
        """
        out: dict[str, tuple[Any, AssetsDefinition]] = {}
        for node in self.nodes:
            for key, value in node.resource_defs.items():
                if key in out and out[key][0] is not value:
                    raise InvalidDefinitionError(
                        f"Conflicting versions of resource with key {key!r} were provided to "
                        f"different assets ({out[key][1].node_name!r} and {node.node_name!r})."
                    )
                out[key] = (value, node)
        return out

    @cached_property
    def nodes(self) -> list[AssetsDefinition]:
        """Each computed node once, in definition order."""
        return list({id(a): a for a in self.assets.values()}.values())

    @cached_property
    def _children(self) -> dict[AssetKey, set[AssetKey]]:
        out: dict[AssetKey, set[AssetKey]] = {k: set() for k in self.all_keys}
        for key in self.assets:
            for parent in self.parents(key):
                out.setdefault(parent, set()).add(key)
        return out

    def children(self, key: AssetKey) -> frozenset[AssetKey]:
        return frozenset(self._children.get(key, ()))

    def mapping(self, downstream: AssetKey, upstream: AssetKey) -> Any:
        """The (explicit or inferred) partition mapping of the edge ``upstream → downstream``."""
        node = self.assets[downstream]
        return self.node_mapping(node, upstream, node.partitions_def_for(downstream))

    def node_mapping(
        self,
        node: AssetsDefinition,
        upstream: AssetKey,
        partitions_def: PartitionsDefinition | None,
    ) -> Any:
        """The partition mapping from ``upstream`` into a node (an asset's or a check's) whose
        step runs under ``partitions_def`` (a multi-asset's assets may differ)."""
        edge = (node.node_name, upstream, partitions_def if node.output_partitions else None)
        if edge not in self._mappings:
            explicit = node.get_partition_mapping(upstream)
            self._mappings[edge] = infer_partition_mapping(
                explicit, partitions_def, self.partitions_def(upstream)
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


def _is_check(value: Any) -> bool:
    return type(value).__name__ == "AssetChecksDefinition"
