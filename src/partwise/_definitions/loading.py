"""Collecting definitions from modules: ``load_assets_from_modules`` and friends."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import ModuleType
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKeyPrefix
from partwise._compat import strict_keywords
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    check_param,
)

from .asset import AssetsDefinition, AssetSpec, SourceAsset
from .asset_check import AssetChecksDefinition
from .backfill_policy import BackfillPolicy

__all__ = [
    "load_asset_checks_from_current_module",
    "load_asset_checks_from_modules",
    "load_asset_checks_from_package_module",
    "load_asset_checks_from_package_name",
    "load_assets_from_current_module",
    "load_assets_from_modules",
    "load_assets_from_package_module",
    "load_assets_from_package_name",
]


def _objects(modules: Iterable[ModuleType], kinds: tuple[type, ...]) -> list[Any]:
    """Module-level objects of the given kinds, each once, in module and definition order."""
    check_param(modules, "modules", (list, tuple, set, frozenset))
    found: dict[int, Any] = {}
    for module in modules:
        if not isinstance(module, ModuleType):
            raise InvalidInvocationError(f"Expected modules, got {module!r}")
        for value in vars(module).values():
            if isinstance(value, kinds):
                found.setdefault(id(value), value)
    return list(found.values())


def _prefix_key(prefix: CoercibleToAssetKeyPrefix | None, key: AssetKey) -> AssetKey:
    if prefix is None:
        return key
    parts = [prefix] if isinstance(prefix, str) else list(prefix)
    return AssetKey([*parts, *key.path])


@strict_keywords
def load_assets_from_modules(
    modules: Iterable[ModuleType],
    group_name: str | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    *,
    automation_condition: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    source_key_prefix: CoercibleToAssetKeyPrefix | None = None,
    include_specs: bool = False,
    legacy_freshness_policy: Any = None,
    auto_materialize_policy: Any = None,
) -> list[Any]:
    """Every asset defined at the top level of ``modules`` (each once), optionally regrouped.

    ``key_prefix`` prefixes the loaded assets' keys and their dependencies on each other;
    ``source_key_prefix`` does the same for source assets; ``AssetSpec``s are included only
    with ``include_specs=True``. ``automation_condition``, ``legacy_freshness_policy`` and
    ``auto_materialize_policy`` are accepted and not used.
    """
    kinds: tuple[type, ...] = (AssetsDefinition, AssetSpec)
    items = [
        o
        for o in _objects(modules, kinds)
        if not isinstance(o, AssetSpec) or include_specs or isinstance(o, SourceAsset)
    ]
    computed = [o for o in items if isinstance(o, AssetsDefinition)]
    external = [o for o in items if isinstance(o, AssetSpec)]
    key_map = {k: _prefix_key(key_prefix, k) for a in computed for k in a.keys}
    key_map.update({s.asset_key: _prefix_key(source_key_prefix, s.asset_key) for s in external})
    return [
        _reassign(item, key_map, group_name, backfill_policy)
        if isinstance(item, AssetsDefinition)
        else _respec(item, key_map[item.asset_key], group_name)
        for item in items
    ]


def _reassign(
    node: AssetsDefinition,
    key_map: dict[AssetKey, AssetKey],
    group_name: str | None,
    backfill_policy: BackfillPolicy | None,
) -> AssetsDefinition:
    _check_group(node.group_names_by_key, group_name)
    new = node.with_attributes(
        asset_key_replacements=key_map,
        group_names_by_key={k: group_name for k in node.keys} if group_name else None,
    )
    if backfill_policy is not None and new.backfill_policy is None:
        new = replace(new, backfill_policy=backfill_policy)
    return new


def _check_group(groups: dict[AssetKey, str], group_name: str | None) -> None:
    for key, group in groups.items():
        if group_name is not None and group not in ("default", group_name):
            raise InvalidDefinitionError(
                f"Asset spec {key.to_user_string()} has group name {group}, which conflicts with "
                f"the group name {group_name} provided in load_assets_from_modules."
            )


def _respec(spec: AssetSpec, key: AssetKey, group_name: str | None) -> AssetSpec:
    _check_group({spec.asset_key: spec.group_name or "default"}, group_name)
    if key == spec.asset_key and group_name is None:
        return spec
    group = group_name or spec.group_name
    if type(spec) is SourceAsset:
        return SourceAsset(
            key,
            partitions_def=spec.partitions_def,
            io_manager_key=spec.io_manager_key,
            metadata=spec.metadata,
            description=spec.description,
            group_name=group,
        )
    return replace(spec, key=key, group_name=group)


def _import_package(name: object) -> ModuleType:
    if not isinstance(name, str) or not name.strip():
        raise CheckError(f'Param "package_name" is not a package name. Got {name!r}.')
    return importlib.import_module(name)


def _package_modules(package: ModuleType) -> list[ModuleType]:
    modules = [package]
    path = getattr(package, "__path__", None)
    if path is not None:
        for info in pkgutil.walk_packages(path, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return modules


@strict_keywords
def load_assets_from_package_module(
    package_module: ModuleType,
    group_name: str | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    *,
    automation_condition: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    source_key_prefix: CoercibleToAssetKeyPrefix | None = None,
    include_specs: bool = False,
    legacy_freshness_policy: Any = None,
    auto_materialize_policy: Any = None,
) -> list[Any]:
    """Like :func:`load_assets_from_modules` over a package and all its submodules."""
    return load_assets_from_modules(
        _package_modules(package_module),
        group_name,
        key_prefix,
        automation_condition=automation_condition,
        backfill_policy=backfill_policy,
        source_key_prefix=source_key_prefix,
        include_specs=include_specs,
    )


@strict_keywords
def load_assets_from_package_name(
    package_name: str,
    group_name: str | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    *,
    backfill_policy: BackfillPolicy | None = None,
    source_key_prefix: CoercibleToAssetKeyPrefix | None = None,
    include_specs: bool = False,
    legacy_freshness_policy: Any = None,
    auto_materialize_policy: Any = None,
) -> list[Any]:
    return load_assets_from_package_module(
        _import_package(package_name),
        group_name,
        key_prefix,
        backfill_policy=backfill_policy,
        source_key_prefix=source_key_prefix,
        include_specs=include_specs,
    )


def _caller_module() -> ModuleType:
    frame = inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__", "").startswith("partwise."):
        frame = frame.f_back
    name = frame.f_globals.get("__name__") if frame is not None else None
    if name is None or name not in sys.modules:
        raise InvalidInvocationError("Could not tell which module called the loader")
    return sys.modules[name]


@strict_keywords
def load_assets_from_current_module(
    group_name: str | None = None,
    key_prefix: CoercibleToAssetKeyPrefix | None = None,
    *,
    automation_condition: Any = None,
    backfill_policy: BackfillPolicy | None = None,
    source_key_prefix: CoercibleToAssetKeyPrefix | None = None,
    include_specs: bool = False,
    legacy_freshness_policy: Any = None,
    auto_materialize_policy: Any = None,
) -> list[Any]:
    return load_assets_from_modules(
        [_caller_module()],
        group_name,
        key_prefix,
        backfill_policy=backfill_policy,
        source_key_prefix=source_key_prefix,
        include_specs=include_specs,
    )


@strict_keywords
def load_asset_checks_from_modules(
    modules: Iterable[ModuleType], asset_key_prefix: CoercibleToAssetKeyPrefix | None = None
) -> Sequence[AssetChecksDefinition]:
    """Every ``@asset_check`` at the top level of ``modules``; the prefix goes on checked keys."""
    checks = _objects(modules, (AssetChecksDefinition,))
    if asset_key_prefix is None:
        return checks
    return [
        c.with_key_map({c.asset_key: _prefix_key(asset_key_prefix, c.asset_key)}) for c in checks
    ]


@strict_keywords
def load_asset_checks_from_package_module(
    package_module: ModuleType, asset_key_prefix: CoercibleToAssetKeyPrefix | None = None
) -> Sequence[AssetChecksDefinition]:
    return load_asset_checks_from_modules(_package_modules(package_module), asset_key_prefix)


@strict_keywords
def load_asset_checks_from_package_name(
    package_name: str, asset_key_prefix: CoercibleToAssetKeyPrefix | None = None
) -> Sequence[AssetChecksDefinition]:
    return load_asset_checks_from_package_module(_import_package(package_name), asset_key_prefix)


@strict_keywords
def load_asset_checks_from_current_module(
    asset_key_prefix: CoercibleToAssetKeyPrefix | None = None,
) -> Sequence[AssetChecksDefinition]:
    return load_asset_checks_from_modules([_caller_module()], asset_key_prefix)
