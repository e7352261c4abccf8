"""Ops and their composition into graphs: ``@op``, ``In``, ``Out``, ``@graph``."""

from __future__ import annotations

import collections
import contextvars
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from partwise._compat import check_keywords
from partwise.errors import InvalidDefinitionError, InvalidInvocationError

from .fn import (
    FnSpec,
    check_valid_name,
    inspect_fn,
    resources_from,
    with_extra_inputs,
    with_types,
)

__all__ = [
    "In",
    "Node",
    "OpDefinition",
    "Out",
    "composing",
    "op",
    "output_handles",
    "trace_composition",
    "trace_graph",
]


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
    """One invocation of an op inside a job.

    ``inputs`` maps input names to the ``(upstream node, output name)`` they read;
    ``job_inputs`` maps input names to the job input (``input_values=``) they read instead.
    """

    name: str
    op: OpDefinition
    inputs: Mapping[str, tuple[str, str]]
    job_inputs: Mapping[str, str] = field(default_factory=dict)
    mapped_over: str | None = None
    """Set inside ``.map(fn)``: the node runs once per value of this dynamic node's output."""
    collected: frozenset[str] = frozenset()
    """Inputs that receive every mapped value as a list (``.collect()``)."""


@dataclass(frozen=True)
class _Output:
    """What calling an op during composition returns: a handle on one output of that node."""

    node: str
    output: str = "result"
    collect: bool = False


@dataclass(frozen=True)
class _JobInput:
    """A graph's own input during composition: read from the job's ``input_values``."""

    name: str


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
    outs: Mapping[str, Out] = field(default_factory=lambda: {"result": Out()})
    tags: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    retry_policy: Any = None
    ordering_inputs: tuple[str, ...] = ()
    """``ins`` that name no parameter (``In(Nothing)``): they only order the op after another."""

    @property
    def input_names(self) -> tuple[str, ...]:
        return self.spec.input_names + self.ordering_inputs

    @property
    def config_type(self) -> Any:
        return self.spec.config_type if self.spec.config_type is not None else self.config_schema

    @property
    def out(self) -> Out:
        return next(iter(self.outs.values()))

    @property
    def io_manager_key(self) -> str:
        return self.out.io_manager_key

    @property
    def output_names(self) -> list[str]:
        return list(self.outs)

    @property
    def is_dynamic(self) -> bool:
        return type(self.out).__name__ == "DynamicOut"

    def alias(self, name: str) -> _Aliased:
        return _Aliased(self, name)

    def with_retry_policy(self, retry_policy: Any) -> OpDefinition:
        """This op with ``retry_policy`` (for one use in a job: ``op.with_retry_policy(p)()``)."""
        return dataclasses.replace(self, retry_policy=retry_policy)

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
            from partwise._execution.context import AssetExecutionContext, build_op_context

            if not (args and isinstance(args[0], AssetExecutionContext)):
                args = (build_op_context(), *args)
        if spec.takes_context and args and len(args) + len(kwargs) < wanted:
            kwargs = {**resources_from(args[0], spec.resource_params, kwargs), **kwargs}
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

    def with_retry_policy(self, retry_policy: Any) -> _Aliased:
        return _Aliased(self.op.with_retry_policy(retry_policy), self.name)


def _compose(
    nodes: list[Node],
    op_def: OpDefinition,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    taken = {n.name for n in nodes}
    unique, i = name, 2
    while unique in taken:
        unique, i = f"{name}_{i}", i + 1
    names = op_def.input_names
    if len(args) > len(names):
        raise InvalidDefinitionError(
            f"Op {op_def.name!r} takes inputs {list(names)} but was called with {len(args)} arguments"
        )
    bound = dict(zip(names, args, strict=False)) | kwargs
    inputs: dict[str, tuple[str, str]] = {}
    job_inputs: dict[str, str] = {}
    collected = {n for n, v in bound.items() if isinstance(v, _Output) and v.collect}
    for input_name, value in bound.items():
        if input_name not in names:
            raise InvalidDefinitionError(
                f"Op {op_def.name!r} has no input {input_name!r}; its inputs are {list(names)}"
            )
        if isinstance(value, _Output):
            inputs[input_name] = (value.node, value.output)
        elif isinstance(value, _JobInput):
            job_inputs[input_name] = value.name
        else:
            raise InvalidDefinitionError(
                f"Input {input_name!r} of op {op_def.name!r} must come from another op's output "
                f"inside a job; got {value!r} (pass constants with input_values= instead)"
            )
    node = Node(unique, op_def, inputs, job_inputs, collected=frozenset(collected))
    nodes.append(node)
    if op_def.is_dynamic:
        return _Dynamic(node.name, _Output(node.name, op_def.output_names[0]))
    return output_handles(unique, op_def.output_names)


def output_handles(node: str, names: list[str]) -> Any:
    """One handle for a single output; a named tuple of handles for several."""
    if len(names) == 1:
        return _Output(node, names[0])
    handles = collections.namedtuple("_Outputs", names)  # type: ignore[misc]
    return handles(*(_Output(node, n) for n in names))


def trace_composition(fn: Callable[..., Any]) -> tuple[Node, ...]:
    """Run a ``@job`` body, recording the ops it calls."""
    return trace_graph(fn, ())[0]


def trace_graph(fn: Callable[..., Any], input_names: Iterable[str]) -> tuple[tuple[Node, ...], Any]:
    """Run a ``@graph`` body with a handle per graph input: its nodes and what it returned."""
    nodes: list[Node] = []
    token = _COMPOSING.set(nodes)
    try:
        returned = fn(**{name: _JobInput(name) for name in input_names})
    finally:
        _COMPOSING.reset(token)
    return tuple(nodes), returned


def composing() -> list[Node] | None:
    """The node list of the composition in progress, if any."""
    return _COMPOSING.get()


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
    out: Out | Mapping[str, Out] | None = None,
    tags: Mapping[str, str] | None = None,
    description: str | None = None,
    retry_policy: Any = None,
    **ignored: Any,
) -> OpDefinition | Callable[[Callable[..., Any]], OpDefinition]:
    """Declare an op; usable bare (``@op``) or with arguments (unknown keywords are refused).

    ``out`` is one ``Out`` (the output ``"result"``) or a dict of named ``Out``s; an op with
    several outputs returns a tuple (one value per output) or yields ``Output(value, name)``.
    """
    check_keywords(op, ignored)

    outs = _outs(out)

    def build(f: Callable[..., Any]) -> OpDefinition:
        single = next(iter(outs.values())) if len(outs) == 1 else None
        spec = _typed(with_extra_inputs(inspect_fn(f, "op"), ins or {}), single, ins)
        return OpDefinition(
            name=check_valid_name(name or f.__name__, "op"),
            fn=f,
            spec=spec,
            config_schema=config_schema,
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params),
            outs=outs,
            ordering_inputs=tuple(n for n in ins or {} if n not in spec.input_names),
            tags=dict(tags or {}),
            description=description or (f.__doc__ or "").strip() or None,
            retry_policy=retry_policy,
        )

    return build(fn) if fn is not None else build


def _outs(out: Out | Mapping[str, Out] | None) -> dict[str, Out]:
    if out is None:
        return {"result": Out()}
    if isinstance(out, Out):
        return {"result": out}
    if isinstance(out, Mapping) and out and all(isinstance(o, Out) for o in out.values()):
        return dict(out)
    raise InvalidDefinitionError(
        f"out= must be an Out or a non-empty dict of name -> Out; got {out!r}"
    )


def _typed(spec: FnSpec, out: Out | None, ins: Mapping[str, In] | None) -> FnSpec:
    """The spec with ``Out``/``In`` ``dagster_type``s taking precedence over annotations."""
    inputs = {
        name: i.dagster_type
        for name, i in (ins or {}).items()
        if i.dagster_type is not None and name in spec.input_names
    }
    return with_types(spec, out.dagster_type if out is not None else None, inputs)


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
            nodes[i] = dataclasses.replace(nodes[i], mapped_over=self.source)
        return _Dynamic(self.source, result)

    def collect(self) -> _Output:
        if not isinstance(self.handle, _Output):
            raise InvalidDefinitionError(
                "collect() needs the mapped function to return one op output; it returned "
                f"{self.handle!r}"
            )
        return dataclasses.replace(self.handle, collect=True)
