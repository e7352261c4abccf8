"""``@asset``: declare a software-defined asset from a function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, overload

from partwise._asset_key import AssetKey, CoercibleToAssetKey, CoercibleToAssetKeyPrefix
from partwise._compat import check_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError, InvalidInvocationError

from .asset import AssetsDefinition, _dep_input_name, coerce_deps
from .asset_in import AssetIn, loaded_input
from .asset_out import DEFAULT_IO_MANAGER_KEY, AssetOutput, prefixed
from .backfill_policy import BackfillPolicy
from .fn import FnSpec, check_valid_name, inspect_fn, with_extra_inputs, with_types

__all__ = ["asset"]


@overload
def asset(fn: Callable[..., Any]) -> AssetsDefinition: ...


@overload
def asset(fn: None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], AssetsDefinition]: ...


def asset(
    fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    key: CoercibleToAssetKey | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    deps: Iterable[Any] | None = None,
    non_argument_deps: Iterable[Any] | None = None,
    partitions_def: PartitionsDefinition | None = None,
    group_name: str | None = None,
    io_manager_key: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    backfill_policy: BackfillPolicy | None = None,
    config_schema: Any = None,
    metadata: Mapping[str, Any] | None = None,
    description: str | None = None,
    code_version: str | None = None,
    op_tags: Mapping[str, str] | None = None,
    check_specs: Sequence[Any] | None = None,
    dagster_type: Any = None,
    retry_policy: Any = None,
    resource_defs: Mapping[str, Any] | None = None,
    output_required: bool = True,
    **ignored: Any,
) -> AssetsDefinition | Callable[[Callable[..., Any]], AssetsDefinition]:
    """Declare a software-defined asset; usable bare (``@asset``) or with arguments.

    The reference's arguments the engine has no use for (``compute_kind``, ``owners``, ``kinds``, …)
    are accepted and ignored, so definitions written for it keep loading; any other keyword is
    refused (see ``partwise._compat``). ``non_argument_deps`` is the reference's older ``deps``.
    """
    check_keywords(asset, ignored)

    def build(f: Callable[..., Any]) -> AssetsDefinition:
        spec = _typed(inspect_fn(f, "asset"), dagster_type, ins)
        asset_key = (
            AssetKey.from_coercible(key)
            if key is not None
            else prefixed(key_prefix, name or f.__name__)
        )
        check_valid_name(
            asset_key.to_python_identifier(),
            "asset",
            "; a key with several parts is key_prefix=[...] or key=[...], not 'a/b'",
        )
        declared = dict(ins or {})
        spec = with_extra_inputs(spec, declared)
        unknown = set(declared) - set(spec.input_names)
        if unknown:
            raise InvalidDefinitionError(
                f"Asset {asset_key.to_user_string()!r}: ins {sorted(unknown)} name no parameter "
                f"of {f.__name__}(); its input parameters are {list(spec.input_names)}"
            )
        inputs = tuple(loaded_input(n, declared.get(n)) for n in spec.input_names)
        all_deps = [*(deps or ()), *(non_argument_deps or ())]
        dep_list = coerce_deps(all_deps, "per asset.")
        output = AssetOutput(
            "result",
            asset_key,
            io_manager_key=io_manager_key or DEFAULT_IO_MANAGER_KEY,
            group_name=group_name or "default",
            metadata=dict(metadata or {}),
            description=description or (f.__doc__ or "").strip() or None,
            code_version=code_version,
            stores_value=not spec.returns_nothing,
            is_required=output_required,
        )
        return AssetsDefinition(
            fn=f,
            spec=spec,
            outputs=(output,),
            node_partitions_def=partitions_def,
            inputs=inputs,
            deps=dep_list,
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params)
            | set(resource_defs or ()),
            resource_defs=dict(resource_defs or {}),
            backfill_policy=backfill_policy,
            config_schema=config_schema,
            op_tags=dict(op_tags or {}),
            check_specs=tuple(check_specs or ()),
            name="__".join(asset_key.path),
            retry_policy=retry_policy,
            dep_input_names=tuple(_dep_input_name(d.asset_key) for d in dep_list),
        )

    if fn is not None:
        if not callable(fn):
            raise InvalidInvocationError(f"@asset expects a function, got {fn!r}")
        return build(fn)
    return build


def _typed(spec: FnSpec, dagster_type: Any, ins: Mapping[str, AssetIn] | None) -> FnSpec:
    """The spec with ``dagster_type=`` and ``AssetIn(dagster_type=)`` over annotations."""
    inputs = {
        name: i.dagster_type
        for name, i in (ins or {}).items()
        if i.dagster_type is not None and name in spec.input_names
    }
    return with_types(spec, dagster_type, inputs)
