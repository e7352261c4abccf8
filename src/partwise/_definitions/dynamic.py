"""Dynamic outputs: an op fans out over values known only at run time (``DynamicOut``).

``out=DynamicOut()`` makes an op yield ``DynamicOutput(value, mapping_key=)``; in a composition
its handle offers ``.map(fn)`` (the ops ``fn`` calls run once per value) and ``.collect()`` (a
downstream op receives every value as a list). partwise keeps the fanned-out values in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partwise.errors import InvalidDefinitionError

from .op import Out

__all__ = ["DynamicOut", "DynamicOutput"]


@dataclass(frozen=True)
class DynamicOut(Out):
    """An output yielded many times, once per ``DynamicOutput(value, mapping_key=)``."""


@dataclass(frozen=True)
class DynamicOutput:
    """One value of a dynamic output, under a ``mapping_key`` unique within the step."""

    value: Any
    mapping_key: str
    output_name: str = "result"
    metadata: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        key = self.mapping_key
        if not isinstance(key, str) or not key or not key.replace("_", "a").isalnum():
            raise InvalidDefinitionError(
                f"DynamicOutput mapping_key {key!r} must be a non-empty string of letters, digits "
                "and underscores"
            )
