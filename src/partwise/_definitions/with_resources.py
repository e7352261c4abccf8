"""``with_resources``: attach resources to assets, so any run of them gets those resources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from partwise._compat import strict_keywords
from partwise.errors import InvalidInvocationError, check_param

from .asset import AssetsDefinition, AssetSpec
from .resource import ResourceDefinition

__all__ = ["with_resources"]

T = TypeVar("T")


@strict_keywords
def with_resources(
    definitions: Iterable[T],
    resource_defs: Mapping[str, Any],
    resource_config_by_key: Mapping[str, Any] | None = None,
) -> list[T]:
    """Copies of ``definitions`` whose assets carry the ``resource_defs`` they use.

    An asset gets the resources it requires, its I/O managers and what those resources require in
    turn; resources it already carries win. External specs are returned as they are.
    ``resource_config_by_key`` maps a key to ``{"config": ...}``, fixing the config of that
    :class:`ResourceDefinition`.
    """
    check_param(resource_defs, "resource_defs", Mapping)
    configs = resource_config_by_key or {}
    resources = {k: _configured(k, v, configs.get(k)) for k, v in resource_defs.items()}
    out: list[Any] = []
    for item in definitions:
        if isinstance(item, AssetsDefinition):
            used = _used_keys(item, resources)
            attached = {k: v for k, v in resources.items() if k in used}
            out.append(replace(item, resource_defs={**attached, **item.resource_defs}))
        elif isinstance(item, AssetSpec):
            out.append(item)
        else:
            raise InvalidInvocationError(
                f"with_resources takes assets and asset specs, got {item!r}"
            )
    return out


def _used_keys(node: AssetsDefinition, resources: Mapping[str, Any]) -> set[str]:
    """The keys ``node`` uses: required, I/O managers, and what those resources require."""
    used = set(node.required_resource_keys) | {o.io_manager_key for o in node.outputs}
    used |= {i.input_manager_key for i in node.inputs if i.input_manager_key}
    pending = list(used)
    while pending:
        value = resources.get(pending.pop())
        for key in getattr(value, "required_resource_keys", None) or ():
            if key not in used:
                used.add(key)
                pending.append(key)
    return used


def _configured(key: str, value: Any, entry: Any) -> Any:
    if entry is None:
        return value
    if not isinstance(value, ResourceDefinition):
        raise InvalidInvocationError(
            f"resource_config_by_key[{key!r}]: only a ResourceDefinition can be configured this "
            f"way, got {value!r}"
        )
    config = entry.get("config", entry) if isinstance(entry, Mapping) else entry
    return value.configured(config)
