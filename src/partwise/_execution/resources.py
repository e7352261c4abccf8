"""The ``context.resources`` namespace."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from partwise.errors import InvalidInvocationError, nearest

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
            f"No resource {name!r} was provided; available: {sorted(values)}; "
            f"did you mean {nearest(name, values)}?"
        )

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Resources({sorted(self._values)})"
