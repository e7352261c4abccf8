"""Immutable values: how partitions definitions and partition mappings get equality and hashing.

Each is a frozen dataclass finished by :func:`immutable`. Its compared fields are its value: equality
and the hash come from them, and hold across subclasses (a ``DailyPartitionsDefinition`` equals the
``TimeWindowPartitionsDefinition`` with the same fields, as in the reference). Assigning or deleting
any attribute raises :class:`~partwise.errors.ImmutableDefinitionError`, which is also an
``AttributeError``. Derived state (parsed formats, tick clocks, memoised counts) lives in fields
declared ``field(init=False, compare=False, repr=False)`` and is written once, in ``__init__``, with
:func:`set_fields` (a memo may be refreshed the same way).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from partwise.errors import ImmutableDefinitionError

__all__ = ["immutable", "set_fields"]

_T = TypeVar("_T", bound=type)
_CONTAINERS = (Mapping, list, tuple, set, frozenset)  # equal by content across these types


def set_fields(obj: object, **values: Any) -> None:
    """Write attributes of an immutable value (its ``__init__`` and private memos only)."""
    for name, value in values.items():
        object.__setattr__(obj, name, value)


def _hashable(value: Any) -> Any:
    """``value`` as a hashable that compares the way the value means (lists as tuples, ...)."""
    if isinstance(value, Mapping):
        return frozenset((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_hashable(v) for v in value)
    return value


def immutable(cls: _T) -> _T:
    """Finish the frozen dataclass ``cls`` as an immutable value (see the module docstring)."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)

    def value(self: Any) -> tuple[Any, ...]:
        return tuple(_hashable(getattr(self, name)) for name in names)

    def __eq__(self: Any, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, cls):
            return NotImplemented
        for name in names:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine is theirs or mine == theirs:
                continue
            if not isinstance(mine, _CONTAINERS) or _hashable(mine) != _hashable(theirs):
                return False
        return True

    def __hash__(self: Any) -> int:
        return hash((cls.__qualname__, value(self)))

    def __setattr__(self: Any, name: str, _: object) -> None:
        raise ImmutableDefinitionError(
            f"cannot assign to {name!r}: a {type(self).__name__} is immutable; build a new one "
            "with the values you want instead"
        )

    def __delattr__(self: Any, name: str) -> None:
        raise ImmutableDefinitionError(
            f"cannot delete {name!r}: a {type(self).__name__} is immutable"
        )

    for method in (__eq__, __hash__, __setattr__, __delattr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls
