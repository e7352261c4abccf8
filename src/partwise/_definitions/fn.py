"""What a user function's parameters mean: context, config, resources, inputs."""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise.errors import InvalidDefinitionError

__all__ = [
    "FnSpec",
    "check_valid_name",
    "signature",
    "inspect_fn",
    "is_config_class",
    "resources_from",
    "with_extra_inputs",
    "with_types",
]

_CONTEXT_NAMES = ("context", "_context", "_", "ctx")
_NAME = re.compile(r"[A-Za-z0-9_]+")


def check_valid_name(name: object, what: str, hint: str = "") -> str:
    """``name`` if it is a valid op, job or asset name (letters, digits, ``_``: the reference's
    rule), else an ``InvalidDefinitionError`` naming it."""
    if isinstance(name, str) and _NAME.fullmatch(name):
        return name
    raise InvalidDefinitionError(
        f"Invalid {what} name {name!r}: names are letters, digits and underscores "
        f"(^[A-Za-z0-9_]+$){hint}"
    )


def _is_subclass_of(ann: Any, module: str, name: str) -> bool:
    """``issubclass(ann, module.name)`` without importing ``module`` (it may be heavy)."""
    mod = sys.modules.get(module)
    base = getattr(mod, name, None) if mod is not None else None
    return base is not None and isinstance(ann, type) and issubclass(ann, base)


def resources_from(context: Any, names: Sequence[str], given: Mapping[str, Any]) -> dict[str, Any]:
    """Resource parameters not passed to a direct call, taken from the context's resources."""
    available = getattr(context, "resources", None) or {}
    return {n: available[n] for n in names if n not in given and n in available}


def is_config_class(ann: Any) -> bool:
    return _is_subclass_of(ann, "partwise._config.config", "Config") and not _is_resource(ann)


def _is_resource(ann: Any) -> bool:
    return _is_subclass_of(ann, "partwise._config.config", "ConfigurableResource") or (
        _is_subclass_of(ann, "partwise._io.base", "IOManager")
    )


def _is_context(ann: Any) -> bool:
    return _is_subclass_of(ann, "partwise._execution.context", "AssetExecutionContext")


@dataclass(frozen=True)
class FnSpec:
    """The roles of a compute function's parameters."""

    takes_context: bool
    config_param: str | None
    config_type: Any
    resource_params: tuple[str, ...]
    input_names: tuple[str, ...]
    returns_nothing: bool = False
    """The function is annotated ``-> None``: its output is never handed to an I/O manager."""
    context_param: str = "context"
    output_type: Any = None
    """The ``DagsterType`` the output is checked against (``None``: not checked)."""
    input_types: Mapping[str, Any] = field(default_factory=dict)
    """Input name → ``DagsterType`` for the inputs that are checked."""
    var_keyword: bool = False
    """The function takes ``**kwargs``: declared ins without a parameter of their own go there."""


def _hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Resolved annotations; string ones may name classes local to the decorating function."""
    try:
        return typing.get_type_hints(fn)
    except Exception:
        pass
    try:  # ``from __future__ import annotations`` with a class defined in the caller's scope
        return typing.get_type_hints(fn, localns=_caller_locals())
    except Exception:  # still unresolvable: fall back to the raw annotations
        return dict(getattr(fn, "__annotations__", {}))


def _caller_locals() -> dict[str, Any]:
    """The local names of the nearest frame outside partwise (where ``@asset`` was applied)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("partwise."):
        frame = frame.f_back  # type: ignore[assignment]
    return dict(frame.f_locals) if frame is not None else {}


def signature(fn: object, kind: str) -> inspect.Signature:
    """The signature of the function a ``@kind`` decorates; anything else is refused by name."""
    if callable(fn):
        try:
            return inspect.signature(fn)
        except (TypeError, ValueError):  # a builtin or a class without a signature
            pass
    raise InvalidDefinitionError(f"@{kind} decorates a function, got {fn!r}")


def inspect_fn(fn: Callable[..., Any], kind: str) -> FnSpec:
    """Classify ``fn``'s parameters; ``kind`` ("asset"/"op") only flavours error messages."""
    params = list(signature(fn, kind).parameters.values())
    hints = _hints(fn)
    takes_context = bool(params) and (
        params[0].name in _CONTEXT_NAMES or _is_context(hints.get(params[0].name))
    )
    rest = params[1:] if takes_context else params
    config_param, config_type = None, None
    resources: list[str] = []
    inputs: list[str] = []
    var_keyword = False
    for p in rest:
        if p.kind is p.VAR_KEYWORD:
            var_keyword = True
            continue
        if p.kind is p.VAR_POSITIONAL:
            raise InvalidDefinitionError(
                f"{kind} {fn.__name__!r} has a *args parameter {p.name!r}; "
                "declare each input as a named parameter (or take them as **kwargs)"
            )
        ann = hints.get(p.name)
        if is_config_class(ann):
            config_param, config_type = p.name, ann
        elif _is_resource(ann):
            resources.append(p.name)
        else:
            inputs.append(p.name)
    ret = hints.get("return", inspect.Signature.empty)
    returns_nothing = ret is None or ret is type(None) or ret == "None"
    return FnSpec(
        takes_context,
        config_param,
        config_type,
        tuple(resources),
        tuple(inputs),
        returns_nothing,
        params[0].name if takes_context else "context",
        _output_type(ret),
        _input_types(inputs, hints),
        var_keyword,
    )


def _output_type(annotation: Any) -> Any:
    if annotation is inspect.Signature.empty:
        return None
    from .types import resolve_annotation

    return resolve_annotation(annotation, "return type annotation")


def _input_types(names: list[str], hints: Mapping[str, Any]) -> dict[str, Any]:
    annotated = [name for name in names if name in hints]
    if not annotated:
        return {}
    from .types import resolve_annotation

    types = {
        n: resolve_annotation(hints[n], f"type annotation for argument '{n}'") for n in annotated
    }
    return {name: t for name, t in types.items() if t is not None}


def with_extra_inputs(spec: FnSpec, declared: Iterable[str]) -> FnSpec:
    """``spec`` with the declared ins that name no parameter added, if ``**kwargs`` takes them."""
    extra = [name for name in declared if name not in spec.input_names]
    if not extra or not spec.var_keyword:
        return spec
    return dataclasses.replace(spec, input_names=(*spec.input_names, *extra))


def with_types(spec: FnSpec, output: Any = None, inputs: Mapping[str, Any] | None = None) -> FnSpec:
    """``spec`` with explicit ``dagster_type``s (from ``Out``/``In``/``@asset``) over annotations."""
    if output is None and not inputs:
        return spec
    from .types import resolve_annotation

    output_type = spec.output_type
    if output is not None:
        output_type = resolve_annotation(output, "return type annotation")
    input_types = dict(spec.input_types)
    for name, given in (inputs or {}).items():
        checked = resolve_annotation(given, f"type annotation for argument '{name}'")
        if checked is None:
            input_types.pop(name, None)
        else:
            input_types[name] = checked
    return dataclasses.replace(spec, output_type=output_type, input_types=input_types)
