"""The ``context.resources`` namespace."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from partwise.errors import InvalidInvocationError, did_you_mean

__all__ = ["Resources"]


class Resources(Mapping[str, Any]):
    """Resources by key, readable as attributes (``context.resources.db``) or items."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        values: dict[str, Any] = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        if name.startswith("__"):
            raise AttributeError(name)
        raise InvalidInvocationError(
            f"No resource {name!r} was provided; available: {sorted(values)}"
            f"{did_you_mean(name, values)}"
        )

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Resources({sorted(self._values)})"


def lifecycle(resources: Resources, hook: str) -> list[Any]:
    """The bound ``setup_for_execution`` / ``teardown_after_execution`` methods users overrode.

    The no-op defaults of ``ConfigurableResource`` are skipped, so plain runs call nothing.
    """
    calls = []
    for value in resources.values():
        method = getattr(type(value), hook, None)
        if method is not None and method.__qualname__ != f"ConfigurableResource.{hook}":
            calls.append(getattr(value, hook))
    return calls


def init_context(resources: Resources, instance: Any) -> Any:
    """The init context handed to resource life-cycle methods."""
    from partwise._io.base import build_init_resource_context

    return build_init_resource_context(resources=resources, instance=instance)
