"""Dynamic outputs: an op fans out over values known only at run time (``DynamicOut``).

``out=DynamicOut()`` makes an op yield ``DynamicOutput(value, mapping_key=)``; in a composition
its handle offers ``.map(fn)`` (the ops ``fn`` calls run once per value) and ``.collect()`` (a
downstream op receives every value as a list). partwise keeps the fanned-out values in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from partwise.errors import InvalidDefinitionError

from .op import Node, Out, _Output, composing

__all__ = ["DynamicOut", "DynamicOutput", "dynamic_handle"]


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


@dataclass(frozen=True)
class _Dynamic:
    """The handle of a dynamic output (or of what was mapped over one)."""

    source: str
    """The step whose ``DynamicOutput``s drive the fan-out."""
    handle: Any
    """What ``.map`` passes on: the dynamic output itself, or the mapped function's result."""

    def map(self, fn: Callable[[Any], Any]) -> _Dynamic:
        nodes = composing()
        if nodes is None:
            raise InvalidDefinitionError("map() is only available inside a @job or @graph")
        before = len(nodes)
        result = fn(self.handle)
        for i in range(before, len(nodes)):
            nodes[i] = replace(nodes[i], mapped_over=self.source)
        return _Dynamic(self.source, result)

    def collect(self) -> _Output:
        if not isinstance(self.handle, _Output):
            raise InvalidDefinitionError(
                "collect() needs the mapped function to return one op output; it returned "
                f"{self.handle!r}"
            )
        return replace(self.handle, collect=True)


def dynamic_handle(node: Node, output: str) -> _Dynamic:
    return _Dynamic(node.name, _Output(node.name, output))
