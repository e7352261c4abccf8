"""Assets: ``AssetIn``, ``AssetDep``, ``AssetSpec``/``SourceAsset`` and ``AssetsDefinition``.

The ``@asset`` decorator that builds one is in ``asset_decorator``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.mappings.base import PartitionMapping
from partwise._partitions.mappings.infer import infer_partition_mapping
from partwise.errors import (
    CheckError,
    InvalidInvocationError,
    InvariantViolationError,
)

from .asset_in import AssetIn, LoadedInput
from .asset_out import AssetOutput
from .asset_spec import (
    AssetDep,
    AssetSpec,
    ComputedAssets,
    SourceAsset,
    as_assets,
    asset_key_of,
    coerce_deps,
)
from .backfill_policy import BackfillPolicy
from .fn import FnSpec, resources_from
from .from_node import from_graph, from_op
from .op import OpDefinition, Out

__all__ = [
    "AssetDep",
    "as_assets",
    "AssetIn",
    "AssetSpec",
    "AssetsDefinition",
    "SourceAsset",
    "asset_key_of",
    "coerce_deps",
    "keys_of",
    "partitioned",
]


_NODE_DEFAULTS = AssetOutput("", AssetKey("__node__"))


@dataclass(eq=False)
class AssetsDefinition(ComputedAssets):
    """One node of the asset graph: a compute function that materializes one or more assets.

    ``@asset`` makes a node with one output (``"result"``); ``@multi_asset`` one output per asset.
    A node's assets share its inputs and resources, and its partitions definition unless a
    ``@multi_asset``'s specs are partitioned different ways (``output_partitions``).
    """

    fn: Callable[..., Any]
    spec: FnSpec
    outputs: tuple[AssetOutput, ...]
    node_partitions_def: PartitionsDefinition | None = None
    """The partitions of every asset of the node (and of a check node's step)."""
    inputs: tuple[LoadedInput, ...] = ()
    deps: tuple[AssetDep, ...] = ()
    required_resource_keys: frozenset[str] = frozenset()
    backfill_policy: BackfillPolicy | None = None
    config_schema: Any = None
    op_tags: Mapping[str, str] = field(default_factory=dict)
    retry_policy: Any = None
    dep_input_names: tuple[str, ...] = ()
    """The input names the reference gives ``deps`` when defined; kept when keys are renamed."""
    name: str | None = None
    """The node (step) name; ``None`` derives it from the single key (``a__b`` for ``a/b``)."""
    can_subset: bool = False
    check_specs: tuple[Any, ...] = ()
    node_description: str | None = None
    graph: Any = None
    """For ``@graph_asset``/``@graph_multi_asset``: the ``GraphDefinition`` computing the assets."""
    resource_defs: Mapping[str, Any] = field(default_factory=dict)
    """Resources carried by the asset (``resource_defs=``, ``with_resources``); a run gets them."""
    output_partitions: Mapping[str, PartitionsDefinition | None] | None = None
    """Each output's partitions definition, for a ``@multi_asset`` whose specs are partitioned
    different ways (some not at all, or by different definitions); then ``node_partitions_def`` is
    unused. A step runs outputs that share one definition."""

    @property
    def partitions_def(self) -> PartitionsDefinition | None:
        """The definition the node's partitioned assets share (``None`` if none is partitioned).

        Assets partitioned by different definitions share none: reading it then raises, as in the
        reference; ``partitions_def_for(key)`` answers per asset.
        """
        if self.output_partitions is None:
            return self.node_partitions_def
        defs = partitioned(self.output_partitions_def(o.name) for o in self.outputs)
        if len(defs) > 1:
            listing = "; ".join(
                f"{o.key.to_user_string()}: {self.output_partitions[o.name]}" for o in self.outputs
            )
            raise CheckError(
                "Failure condition: Different assets within this AssetsDefinition have different "
                f"PartitionsDefinitions ({listing}); use partitions_def_for(key)"
            )
        return defs[0] if defs else None

    def partitions_def_for(self, key: CoercibleToAssetKey) -> PartitionsDefinition | None:
        """The partitions definition of one of this node's assets."""
        return self.output_partitions_def(self.output_for_key(AssetKey.from_coercible(key)).name)

    def output_partitions_def(self, output_name: str) -> PartitionsDefinition | None:
        """The partitions definition of the asset under ``output_name`` (the node's by default)."""
        if self.output_partitions is None or output_name not in self.output_partitions:
            return self.node_partitions_def
        return self.output_partitions[output_name]

    @property
    def key(self) -> AssetKey:
        if len(self.outputs) != 1:
            listing = ", ".join(sorted(o.key.to_user_string() for o in self.outputs))
            raise CheckError(
                "Tried to retrieve asset key from an assets definition with multiple asset keys: "
                f"{listing}; use .keys"
            )
        return self.outputs[0].key

    @property
    def keys(self) -> frozenset[AssetKey]:
        return frozenset(o.key for o in self.outputs)

    @property
    def node_name(self) -> str:
        """The step name: the node's name, else the key's components joined by ``__``."""
        return self.name if self.name is not None else "__".join(self.key.path)

    op_name = node_name

    @cached_property
    def op(self) -> OpDefinition:
        """The node as an op, as the reference's ``assets_def.op``: name, tags, outputs."""
        if self.graph is not None:
            raise CheckError(
                "Invariant failed. Description: The NodeDefinition for this AssetsDefinition is "
                f"not of type OpDefinition ({self.node_name!r} is computed by a graph; see node_def)"
            )
        outs = {
            o.name: Out(o.dagster_type, o.description, o.is_required, o.io_manager_key, o.metadata)
            for o in self.outputs
        }
        return OpDefinition(
            name=self.node_name,
            fn=self.fn,
            spec=self.spec,
            config_schema=self.config_schema,
            required_resource_keys=self.required_resource_keys,
            outs=outs,
            tags=dict(self.op_tags),
            description=self.description,
            retry_policy=self.retry_policy,
        )

    @property
    def node_def(self) -> Any:
        """The op (or, for a graph asset, the ``GraphDefinition``) computing the node."""
        return self.graph if self.graph is not None else self.op

    @property
    def keys_by_output_name(self) -> dict[str, AssetKey]:
        return {o.name: o.key for o in self.outputs}

    @property
    def code_versions_by_key(self) -> dict[AssetKey, str | None]:
        return {o.key: o.code_version for o in self.outputs}

    @property
    def group_names_by_key(self) -> dict[AssetKey, str]:
        return {o.key: o.group_name for o in self.outputs}

    @property
    def metadata_by_key(self) -> dict[AssetKey, Mapping[str, Any]]:
        return {o.key: o.metadata for o in self.outputs}

    def output_for_key(self, key: AssetKey) -> AssetOutput:
        for output in self.outputs:
            if output.key == key:
                return output
        raise InvalidInvocationError(
            f"{self.node_name!r} does not produce {key.to_user_string()!r}; it produces "
            f"{sorted(k.to_user_string() for k in self.keys)}"
        )

    def _single(self) -> AssetOutput:
        """The one output; node-level defaults for a node with several (or none)."""
        return self.outputs[0] if len(self.outputs) == 1 else _NODE_DEFAULTS

    @property
    def group_name(self) -> str:
        return self._single().group_name

    @property
    def io_manager_key(self) -> str:
        return self._single().io_manager_key

    @property
    def metadata(self) -> Mapping[str, Any]:
        return self._single().metadata

    @property
    def description(self) -> str | None:
        return self.node_description or self._single().description

    @property
    def code_version(self) -> str | None:
        return self._single().code_version

    @property
    def config_type(self) -> Any:
        return self.spec.config_type if self.spec.config_type is not None else self.config_schema

    @property
    def keys_by_input_name(self) -> dict[str, AssetKey]:
        """The upstream key of each input: loaded inputs, then ordering-only deps by identifier."""
        names = self.dep_input_names
        if len(names) != len(self.deps):
            names = tuple(_dep_input_name(d.asset_key) for d in self.deps)
        named = {name: d.asset_key for name, d in zip(names, self.deps, strict=True)}
        return {**{i.name: i.key for i in self.inputs}, **named}

    node_keys_by_input_name = keys_by_input_name

    def get_output_name_for_asset_key(self, key: CoercibleToAssetKey) -> str:
        """The name of the output that materializes ``key``."""
        wanted = AssetKey.from_coercible(key)
        for output in self.outputs:
            if output.key == wanted:
                return output.name
        raise InvariantViolationError(
            f"Asset key {wanted.to_user_string()} not found in {self.node_name!r}; its keys are "
            f"{sorted(k.to_user_string() for k in self.keys)}"
        )

    def to_source_assets(self) -> list[SourceAsset]:
        """Each asset of this node as an external one."""
        return [self.to_source_asset(o.key) for o in self.outputs]

    def to_source_asset(self, key: CoercibleToAssetKey | None = None) -> SourceAsset:
        """One asset of this node (the only one by default) as an external one: readable as an
        input, never materialized here."""
        out = self._single() if key is None else self.output_for_key(AssetKey.from_coercible(key))
        return SourceAsset(
            self.key if key is None else out.key,
            partitions_def=self.output_partitions_def(out.name),
            io_manager_key=out.io_manager_key,
            metadata=_typed_if_possible(out.metadata),
            description=self.node_description or out.description,
            group_name=out.group_name,
        )

    @property
    def dependency_keys(self) -> frozenset[AssetKey]:
        return frozenset([i.key for i in self.inputs] + [d.asset_key for d in self.deps])

    def parents_of(self, key: AssetKey) -> frozenset[AssetKey]:
        """The upstream keys of one of this node's assets."""
        parents = self.output_for_key(key).parents
        return self.dependency_keys if parents is None else parents

    @property
    def asset_deps(self) -> dict[AssetKey, frozenset[AssetKey]]:
        return {o.key: self.parents_of(o.key) for o in self.outputs}

    def upstream_mappings(self) -> dict[AssetKey, Any]:
        """Each upstream key with its explicit partition mapping (``None`` when inferred)."""
        out: dict[AssetKey, Any] = {d.asset_key: d.partition_mapping for d in self.deps}
        out.update({i.key: i.partition_mapping for i in self.inputs})
        return out

    def get_partition_mapping(self, upstream: CoercibleToAssetKey) -> Any:
        return self.upstream_mappings().get(AssetKey.from_coercible(upstream))

    def infer_partition_mapping(
        self,
        asset_key: CoercibleToAssetKey,
        upstream_asset_key: CoercibleToAssetKey,
        upstream_partitions_def: PartitionsDefinition | None,
    ) -> PartitionMapping:
        """The mapping the edge ``upstream_asset_key → asset_key`` uses: explicit or inferred."""
        self.output_for_key(AssetKey.from_coercible(asset_key))  # names an asset of this node
        return infer_partition_mapping(
            self.get_partition_mapping(upstream_asset_key),
            self.partitions_def_for(asset_key),
            upstream_partitions_def,
        )

    def with_attributes(
        self,
        *,
        asset_key_replacements: Mapping[AssetKey, AssetKey] | None = None,
        group_names_by_key: Mapping[AssetKey, str] | None = None,
        metadata_by_key: Mapping[AssetKey, Mapping[str, Any]] | None = None,
        backfill_policy: BackfillPolicy | None = None,
        tags_by_key: Mapping[AssetKey, Mapping[str, str]] | None = None,
        automation_condition: Any = None,
        legacy_freshness_policy: Any = None,
        hook_defs: Any = None,
    ) -> AssetsDefinition:
        """A copy with keys renamed (outputs, inputs and deps alike), groups or metadata replaced.

        ``group_names_by_key`` and ``metadata_by_key`` are keyed by the current keys; ``tags_by_key``,
        ``automation_condition``, ``legacy_freshness_policy`` and ``hook_defs`` are accepted and
        not used.
        """
        keys = dict(asset_key_replacements or {})
        groups = dict(group_names_by_key or {})
        metadata = dict(metadata_by_key or {})

        def rename(key: AssetKey) -> AssetKey:
            return keys.get(key, key)

        outputs = tuple(
            replace(
                o,
                key=rename(o.key),
                group_name=groups.get(o.key, o.group_name),
                metadata=metadata.get(o.key, o.metadata),
                parents=None if o.parents is None else frozenset(map(rename, o.parents)),
            )
            for o in self.outputs
        )
        return replace(
            self,
            outputs=outputs,
            inputs=tuple(replace(i, key=rename(i.key)) for i in self.inputs),
            deps=tuple(replace(d, asset=rename(d.asset_key)) for d in self.deps),
            check_specs=tuple(c.with_asset_key(rename(c.asset_key)) for c in self.check_specs),
            backfill_policy=backfill_policy or self.backfill_policy,
        )

    def subset_for(
        self,
        selected_asset_keys: Iterable[CoercibleToAssetKey],
        selected_asset_check_keys: Iterable[Any] | None = None,
    ) -> AssetsDefinition:
        """This node limited to some of its assets (and their checks): what a run of a subset
        sees as ``context.assets_def``."""
        keys = {AssetKey.from_coercible(k) for k in selected_asset_keys}
        for key in keys:
            self.output_for_key(key)  # names an asset of this node
        checks = set(selected_asset_check_keys) if selected_asset_check_keys is not None else None
        return replace(
            self,
            outputs=tuple(o for o in self.outputs if o.key in keys),
            check_specs=tuple(
                c
                for c in self.check_specs
                if (c.asset_key in keys if checks is None else c.key in checks)
            ),
        )

    @property
    def specs_by_key(self) -> dict[AssetKey, AssetSpec]:
        """Each asset of this node described as an ``AssetSpec``."""
        return {
            o.key: AssetSpec(
                o.key,
                deps=sorted(self.parents_of(o.key)),
                description=o.description,
                metadata=o.metadata,
                group_name=o.group_name,
                partitions_def=self.output_partitions_def(o.name),
                io_manager_key=o.io_manager_key,
                code_version=o.code_version,
            )
            for o in self.outputs
        }

    @property
    def specs(self) -> list[AssetSpec]:
        return list(self.specs_by_key.values())

    @property
    def check_keys(self) -> set[Any]:
        return {c.key for c in self.check_specs}

    # Built in ``from_node``, which takes the class to build and so needs no import of this module.
    from_graph = classmethod(from_graph)
    from_op = classmethod(from_op)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Direct invocation, for unit tests: pass a context first if the function takes one.

        A context from ``build_asset_context`` is bound to this asset, so its partitions
        definition, output and input accessors answer as in a real run.
        """
        if not self.spec.takes_context:
            return self._checked(self.fn(*args, **kwargs))
        from partwise._execution.context import AssetExecutionContext, build_asset_context

        spec = self.spec
        wanted = 1 + len(spec.input_names) + len(spec.resource_params) + bool(spec.config_param)
        if args and isinstance(args[0], AssetExecutionContext):
            args = (args[0].bound_to(self), *args[1:])
        elif args and len(args) + len(kwargs) >= wanted:
            pass  # the caller passes its own context object (a stand-in or mock)
        elif args:
            args = (build_asset_context().bound_to(self), *args)
        else:
            name = self.spec.context_param
            given = kwargs.pop(name, None)
            ctx = given if isinstance(given, AssetExecutionContext) else build_asset_context()
            args = (ctx.bound_to(self),)
        if isinstance(args[0], AssetExecutionContext) and len(args) + len(kwargs) < wanted:
            kwargs = {**resources_from(args[0], spec.resource_params, kwargs), **kwargs}
        return self._checked(self.fn(*args, **kwargs))

    def _checked(self, value: Any) -> Any:
        if self.spec.output_type is None:
            return value
        from .types import checked_direct_result

        return checked_direct_result(self.spec, self.node_name, value)

    def __repr__(self) -> str:
        keys = sorted(k.to_user_string() for k in self.keys)
        shown = f"key={self.key!r}" if len(keys) == 1 else f"keys={keys}"
        if self.output_partitions is not None:
            by_key = {o.key.to_user_string(): self.output_partitions[o.name] for o in self.outputs}
            return f"AssetsDefinition({shown}, partitions_defs={by_key!r})"
        return f"AssetsDefinition({shown}, partitions_def={self.partitions_def!r})"


def _dep_input_name(key: AssetKey) -> str:
    """The input name the reference gives an ordering-only dep: ``["a", "b-c"]`` → ``a_b_c``."""
    return "_".join(key.path).replace("-", "_").replace(".", "_")


def _typed_if_possible(metadata: Mapping[str, Any]) -> Mapping[str, Any]:
    """Definition metadata typed like recorded metadata; left raw if a value has no type."""
    from partwise._metadata import normalize_metadata

    try:
        return normalize_metadata(metadata)
    except TypeError:
        return metadata


def partitioned(defs: Iterable[PartitionsDefinition | None]) -> list[PartitionsDefinition]:
    """The definitions among ``defs`` that are not ``None``, each (equal ones) once, in order.

    Compared by identity first, then equality: hashing a definition hashes all its fields, and
    a run's selection usually holds one definition object many times."""
    out: list[PartitionsDefinition] = []
    for d in defs:
        if d is not None and not any(d is seen or d == seen for seen in out):
            out.append(d)
    return out


def keys_of(value: Any) -> frozenset[AssetKey]:
    """Every asset key ``value`` stands for (all keys of a multi-asset node)."""
    return value.keys if isinstance(value, AssetsDefinition) else frozenset((asset_key_of(value),))
