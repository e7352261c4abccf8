"""Ops and their composition into graphs: ``@op``, ``In``, ``Out``, ``@graph``."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from partwise._compat import check_keywords
from partwise.errors import InvalidDefinitionError, InvalidInvocationError

from .fn import FnSpec, inspect_fn, with_types

__all__ = ["In", "Node", "OpDefinition", "Out", "op", "trace_composition"]


@dataclass(frozen=True)
class In:
    dagster_type: Any = None
    description: str | None = None
    default_value: Any = None
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Out:
    dagster_type: Any = None
    description: str | None = None
    is_required: bool = True
    io_manager_key: str = "io_manager"
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Node:
    """One invocation of an op inside a job: ``inputs`` maps input names to upstream node names."""

    name: str
    op: OpDefinition
    inputs: Mapping[str, str]


@dataclass(frozen=True)
class _Output:
    """What calling an op during composition returns: a handle on that node's output."""

    node: str


_COMPOSING: contextvars.ContextVar[list[Node] | None] = contextvars.ContextVar(
    "partwise_composing", default=None
)


@dataclass(eq=False)
class OpDefinition:
    """A compute function with optional config and resources; one output named ``result``."""

    name: str
    fn: Callable[..., Any]
    spec: FnSpec
    config_schema: Any = None
    required_resource_keys: frozenset[str] = frozenset()
    out: Out = field(default_factory=Out)
    tags: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    retry_policy: Any = None

    @property
    def config_type(self) -> Any:
        return self.spec.config_type if self.spec.config_type is not None else self.config_schema

    @property
    def io_manager_key(self) -> str:
        return self.out.io_manager_key

    def alias(self, name: str) -> _Aliased:
        return _Aliased(self, name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        nodes = _COMPOSING.get()
        if nodes is None:
            return self._invoke_directly(args, kwargs)
        return _compose(nodes, self, self.name, args, kwargs)

    def _invoke_directly(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        spec = self.spec
        wanted = 1 + len(spec.input_names) + len(spec.resource_params) + bool(spec.config_param)
        given = len(args) + len(kwargs)
        if spec.takes_context and spec.context_param not in kwargs and given < wanted:
            from partwise._execution.context import build_op_context

            args = (build_op_context(), *args)
        value = self.fn(*args, **kwargs)
        if spec.output_type is None:
            return value
        from .types import checked_direct_result

        return checked_direct_result(spec, self.name, value)


@dataclass(frozen=True)
class _Aliased:
    op: OpDefinition
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        nodes = _COMPOSING.get()
        if nodes is None:
            raise InvalidInvocationError(
                f"{self.op.name}.alias({self.name!r}) can only be called inside a @job or @graph"
            )
        return _compose(nodes, self.op, self.name, args, kwargs)


def _compose(
    nodes: list[Node],
    op_def: OpDefinition,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> _Output:
    taken = {n.name for n in nodes}
    unique, i = name, 2
    while unique in taken:
        unique, i = f"{name}_{i}", i + 1
    names = op_def.spec.input_names
    if len(args) > len(names):
        raise InvalidDefinitionError(
            f"Op {op_def.name!r} takes inputs {list(names)} but was called with {len(args)} arguments"
        )
    bound = dict(zip(names, args, strict=False)) | kwargs
    inputs: dict[str, str] = {}
    for input_name, value in bound.items():
        if input_name not in names:
            raise InvalidDefinitionError(
                f"Op {op_def.name!r} has no input {input_name!r}; its inputs are {list(names)}"
            )
        if not isinstance(value, _Output):
            raise InvalidDefinitionError(
                f"Input {input_name!r} of op {op_def.name!r} must come from another op's output "
                f"inside a job; got {value!r} (pass constants with input_values= instead)"
            )
        inputs[input_name] = value.node
    nodes.append(Node(unique, op_def, inputs))
    return _Output(unique)


def trace_composition(fn: Callable[..., Any]) -> tuple[Node, ...]:
    """Run a ``@job``/``@graph`` body, recording the ops it calls."""
    nodes: list[Node] = []
    token = _COMPOSING.set(nodes)
    try:
        fn()
    finally:
        _COMPOSING.reset(token)
    return tuple(nodes)


@overload
def op(fn: Callable[..., Any]) -> OpDefinition: ...


@overload
def op(fn: None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], OpDefinition]: ...


def op(
    fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    config_schema: Any = None,
    required_resource_keys: Iterable[str] | None = None,
    ins: Mapping[str, In] | None = None,
    out: Out | None = None,
    tags: Mapping[str, str] | None = None,
    description: str | None = None,
    retry_policy: Any = None,
    **ignored: Any,
) -> OpDefinition | Callable[[Callable[..., Any]], OpDefinition]:
    """Declare an op; usable bare (``@op``) or with arguments (unknown keywords are refused)."""
    check_keywords(op, ignored)

    def build(f: Callable[..., Any]) -> OpDefinition:
        spec = _typed(inspect_fn(f, "op"), out, ins)
        return OpDefinition(
            name=name or f.__name__,
            fn=f,
            spec=spec,
            config_schema=config_schema,
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params),
            out=out or Out(),
            tags=dict(tags or {}),
            description=description or (f.__doc__ or "").strip() or None,
            retry_policy=retry_policy,
        )

    return build(fn) if fn is not None else build


def _typed(spec: FnSpec, out: Out | None, ins: Mapping[str, In] | None) -> FnSpec:
    """The spec with ``Out``/``In`` ``dagster_type``s taking precedence over annotations."""
    inputs = {
        name: i.dagster_type
        for name, i in (ins or {}).items()
        if i.dagster_type is not None and name in spec.input_names
    }
    return with_types(spec, out.dagster_type if out is not None else None, inputs)
