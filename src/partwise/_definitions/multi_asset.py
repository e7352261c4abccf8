"""``@multi_asset``: one function materializing several assets (one output per asset)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from partwise._asset_key import AssetKey
from partwise._compat import check_keywords, strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import CheckError, InvalidDefinitionError

from .asset import (
    AssetDep,
    AssetIn,
    AssetsDefinition,
    AssetSpec,
    asset_key_of,
    coerce_deps,
    partitioned,
)
from .asset_in import loaded_input
from .asset_out import DEFAULT_IO_MANAGER_KEY, AssetOut, AssetOutput
from .backfill_policy import BackfillPolicy
from .fn import inspect_fn

__all__ = ["multi_asset"]


@strict_keywords
def multi_asset(
    *,
    outs: Mapping[str, AssetOut] | None = None,
    name: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    deps: Iterable[Any] | None = None,
    description: str | None = None,
    config_schema: Any = None,
    required_resource_keys: Iterable[str] | None = None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    hooks: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    op_tags: Mapping[str, Any] | None = None,
    can_subset: bool = False,
    resource_defs: Mapping[str, Any] | None = None,
    group_name: str | None = None,
    retry_policy: Any = None,
    code_version: str | None = None,
    specs: Sequence[AssetSpec] | None = None,
    check_specs: Sequence[Any] | None = None,
    pool: str | None = None,
    compute_kind: str | None = None,
) -> Callable[[Callable[..., Any]], AssetsDefinition]:
    """Declare a node materializing several assets, from ``outs`` (named ``AssetOut``s) or ``specs``.

    The function returns a tuple (one value per output, in order) or yields ``Output(value,
    output_name=)`` / ``MaterializeResult(asset_key=)``. With ``can_subset=True`` a run may select
    some of its assets; ``context.selected_asset_keys`` tells which. ``pool`` and ``compute_kind``
    are accepted and not used; ``hooks`` and ``resource_defs`` are refused (``partwise._compat``).
    """
    check_keywords(multi_asset, {"hooks": hooks, "resource_defs": resource_defs})
    if (outs is None) == (specs is None):
        raise InvalidDefinitionError("@multi_asset takes exactly one of outs= or specs=")

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        spec = inspect_fn(fn, "multi_asset")
        node_name = name or fn.__name__
        declared = dict(ins or {})
        unknown = sorted(set(declared) - set(spec.input_names))
        if unknown:
            raise InvalidDefinitionError(
                f"Multi-asset {node_name!r}: ins {unknown} name no parameter of {fn.__name__}(); "
                f"its input parameters are {list(spec.input_names)}"
            )
        inputs = tuple(loaded_input(n, declared.get(n)) for n in spec.input_names)
        all_deps = [*(deps or ()), *_specs_deps(specs or (), node_name)]
        dep_list = coerce_deps(all_deps, f"in multi-asset {node_name}.")
        if specs is not None:
            outputs = tuple(_spec_output(s, group_name, code_version) for s in specs)
        else:
            outputs = tuple(
                _out_output(n, o, group_name, code_version, spec.returns_nothing)
                for n, o in (outs or {}).items()
            )
        if internal_asset_deps:
            outputs = _with_internal_deps(node_name, outputs, internal_asset_deps)
        # deps on the multi-asset's own keys are internal, except a spec's dep on itself
        own = {o.key for o in outputs} - {
            s.asset_key for s in specs or () for d in s.deps or () if asset_key_of(d) == s.asset_key
        }
        on_outputs = (
            {_output_name(s.asset_key): (s.asset_key, s.partitions_def) for s in specs}
            if specs is not None
            else _outs_partitions(outs or {}, partitions_def)
        )
        node_partitions, output_partitions = _node_partitions(
            on_outputs, partitions_def, can_subset, node_name
        )
        return AssetsDefinition(
            fn=fn,
            spec=spec,
            outputs=outputs,
            node_partitions_def=node_partitions,
            output_partitions=output_partitions,
            inputs=inputs,
            deps=tuple(d for d in dep_list if d.asset_key not in own),
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params),
            backfill_policy=backfill_policy,
            config_schema=config_schema,
            op_tags=dict(op_tags or {}),
            name=node_name,
            can_subset=can_subset,
            check_specs=tuple(check_specs or ()),
            node_description=description or (fn.__doc__ or "").strip() or None,
            retry_policy=retry_policy,
        )

    return build


def _output_name(key: AssetKey) -> str:
    """The output name of a spec's asset: its key as a Python identifier (``a/b`` -> ``a__b``)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", "__".join(key.path))


def _spec_output(spec: AssetSpec, group: str | None, code_version: str | None) -> AssetOutput:
    key = spec.asset_key
    return AssetOutput(
        name=_output_name(key),
        key=key,
        io_manager_key=spec.io_manager_key,
        group_name=spec.group_name or group or "default",
        metadata=dict(spec.metadata or {}),
        description=spec.description,
        code_version=spec.code_version or code_version,
        is_required=not spec.skippable,
        parents=spec.dep_keys,
        stores_value=False,
    )


def _out_output(
    name: str, out: AssetOut, group: str | None, code_version: str | None, returns_nothing: bool
) -> AssetOutput:
    if not isinstance(out, AssetOut):
        raise InvalidDefinitionError(f"outs[{name!r}] must be an AssetOut, got {out!r}")
    return AssetOutput(
        name=name,
        key=out.asset_key(name),
        io_manager_key=out.io_manager_key or DEFAULT_IO_MANAGER_KEY,
        group_name=out.group_name or group or "default",
        metadata=dict(out.metadata or {}),
        description=out.description,
        code_version=out.code_version or code_version,
        is_required=out.is_required,
        stores_value=not returns_nothing,
        dagster_type=out.dagster_type,
    )


def _with_internal_deps(
    node: str, outputs: tuple[AssetOutput, ...], deps: Mapping[str, set[AssetKey]]
) -> tuple[AssetOutput, ...]:
    from dataclasses import replace

    names = {o.name for o in outputs}
    unknown = sorted(set(deps) - names)
    if unknown:
        raise InvalidDefinitionError(
            f"Multi-asset {node!r}: internal_asset_deps names unknown outputs {unknown}; "
            f"its outputs are {sorted(names)}"
        )
    return tuple(
        replace(o, parents=frozenset(AssetKey.from_coercible(k) for k in deps[o.name]))
        if o.name in deps
        else o
        for o in outputs
    )


def _specs_deps(specs: Sequence[AssetSpec], node_name: str) -> list[AssetDep]:
    """The specs' dependencies, one per upstream: the specs of a multi-asset share its inputs,
    so an upstream gets one partition mapping (a spec that gives none takes the others')."""
    by_key: dict[AssetKey, AssetDep] = {}
    for spec in specs:
        for dep in coerce_deps(spec.deps, f"for spec {spec.asset_key}."):
            key, seen = dep.asset_key, by_key.get(dep.asset_key)
            if seen is None or seen.partition_mapping is None:
                by_key[key] = dep
            elif dep.partition_mapping not in (None, seen.partition_mapping):
                raise InvalidDefinitionError(
                    f"Two different PartitionMappings for {key} provided for multi_asset "
                    f"{node_name}: {seen.partition_mapping!r} and {dep.partition_mapping!r}. "
                    f"Please use the same PartitionMapping for {key}."
                )
    return list(by_key.values())


def _node_partitions(
    on_outputs: Mapping[str, tuple[AssetKey, PartitionsDefinition | None]],
    given: PartitionsDefinition | None,
    can_subset: bool,
    node_name: str,
) -> tuple[PartitionsDefinition | None, dict[str, PartitionsDefinition | None] | None]:
    """``(node definition, per-output definitions)``: ``partitions_def=``, else the specs' own.

    ``on_outputs`` holds each output's asset and its spec's definition. Specs partitioned
    different ways (some not at all, or by different definitions) give each output its own
    definition; two different definitions need ``can_subset=True``, since a run only materializes
    assets of one definition.
    """
    on_specs = dict(on_outputs.values())
    if given is not None:
        for key, pdef in on_specs.items():
            if pdef is not None and pdef != given:
                raise CheckError(
                    f"AssetSpec for {key.to_user_string()} has partitions_def {pdef}, which is "
                    f"different than the partitions_def provided to AssetsDefinition ({given})"
                )
        if None in on_specs.values() and partitioned(on_specs.values()):
            raise CheckError(
                "If partitions_def is provided, then either all specs must have that "
                f"PartitionsDefinition or none (multi_asset {node_name})"
            )
        return given, None
    defs = partitioned(on_specs.values())
    if len(defs) > 1 and not can_subset:
        listing = "; ".join(f"{k.to_user_string()}: {d}" for k, d in on_specs.items())
        raise InvalidDefinitionError(
            "If different AssetSpecs have different partitions_defs, can_subset must be True "
            f"(multi_asset {node_name}: {listing})"
        )
    if (None not in on_specs.values() and len(defs) <= 1) or not defs:
        return (defs[0] if defs else None), None  # one definition (or none) for every spec
    return None, {name: pdef for name, (_, pdef) in on_outputs.items()}


def _outs_partitions(
    outs: Mapping[str, AssetOut], given: PartitionsDefinition | None
) -> dict[str, tuple[AssetKey, PartitionsDefinition | None]]:
    """Each ``AssetOut``'s asset and partitions: its spec's (``AssetOut.from_spec``), unless the
    multi-asset has ``partitions_def=``, which wins for every output, as in the reference."""
    return {
        name: (
            out.asset_key(name),
            given if given is not None or out.spec is None else out.spec.partitions_def,
        )
        for name, out in outs.items()
    }
