"""Types of step inputs and outputs: ``DagsterType``, the built-ins, and annotations resolved to them.

An annotation resolves to a type once, when the op or asset is defined (an unsupported one, such as
a non-optional ``Union``, is refused there); a run calls ``type_check`` on each value. Annotations
with no checkable meaning (none, ``Any``, ``object``, generators, ``MaterializeResult``) resolve to
``None``, and the engine then checks nothing, so untyped steps cost nothing.
"""

from __future__ import annotations

import collections.abc as cabc
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from partwise._metadata import MetadataValue, normalize_metadata
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvariantViolationError,
    TypeCheckError,
)

__all__ = [
    "Any_",
    "DagsterType",
    "Nothing",
    "PythonObjectDagsterType",
    "TypeCheck",
    "check_value",
    "checked_direct_result",
    "resolve_annotation",
]


@dataclass(frozen=True)
class TypeCheck:
    """The outcome of a type check, with an optional description and metadata."""

    success: bool
    description: str | None = None
    metadata: Mapping[str, MetadataValue[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", normalize_metadata(self.metadata))


TypeCheckFn = Callable[[Any, Any], "TypeCheck | bool"]


class DagsterType:
    """A named check on values: ``type_check_fn(context, value)`` returns a bool or a ``TypeCheck``."""

    def __init__(
        self,
        type_check_fn: TypeCheckFn,
        key: str | None = None,
        name: str | None = None,
        is_builtin: bool = False,
        description: str | None = None,
        loader: Any = None,
        required_resource_keys: Any = None,
        kind: Any = None,
        typing_type: Any = Any,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        if name is None and key is None:
            raise CheckError("Invariant failed. Description: Must set key or name")
        self._type_check_fn = type_check_fn
        self.key = key or name
        self._name = name
        self.is_builtin = is_builtin
        self.description = description
        self.typing_type = typing_type
        self.metadata = normalize_metadata(metadata)

    @property
    def display_name(self) -> str:
        return self._name or str(self.key)

    @property
    def unique_name(self) -> str | None:
        return self._name

    @property
    def is_nothing(self) -> bool:
        return self is Nothing

    def type_check(self, context: Any, value: Any) -> TypeCheck:
        """Run the check; a bool result becomes a ``TypeCheck``."""
        return self._as_type_check(self._type_check_fn(context, value))

    def _as_type_check(self, result: Any) -> TypeCheck:
        """What a type check function returned, as a ``TypeCheck``."""
        if isinstance(result, TypeCheck):
            return result
        if isinstance(result, bool):
            return TypeCheck(result)
        raise InvariantViolationError(
            f"You have returned {result!r} of type {type(result)} from the type check function "
            f'of type "{self.display_name}". Return value must be instance of TypeCheck or a bool.'
        )

    def __repr__(self) -> str:
        return f"DagsterType({self.display_name!r})"


def _python_type_name(python_type: type | tuple[type, ...]) -> str:
    if isinstance(python_type, tuple):
        return f"Union[{', '.join(t.__name__ for t in python_type)}]"
    return python_type.__name__


class PythonObjectDagsterType(DagsterType):
    """A type whose check is ``isinstance(value, python_type)`` (a class or a tuple of classes)."""

    def __init__(
        self,
        python_type: type | tuple[type, ...],
        key: str | None = None,
        name: str | None = None,
        description: str | None = None,
        is_builtin: bool = False,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self.python_type = python_type
        self._type_name = _python_type_name(python_type)
        super().__init__(
            self._check,
            key=key,
            name=name or self._type_name,
            is_builtin=is_builtin,
            description=description,
            typing_type=python_type,
            metadata=metadata,
        )

    def _check(self, _: Any, value: Any) -> TypeCheck:
        if isinstance(value, self.python_type):
            return TypeCheck(True)
        return TypeCheck(
            False,
            f"Value of type {type(value)} failed type check for Dagster type "
            f"{self.display_name}, expected value to be of Python type {self._type_name}.",
        )


def _from_annotation(cls: type) -> PythonObjectDagsterType:
    """The type for a class annotation; messages name it in full, as the reference's do."""
    made = PythonObjectDagsterType(cls)
    if cls not in (dict, tuple, set):  # the reference registers these three by short name
        made._type_name = f"{cls.__module__}.{cls.__qualname__}"
    return made


def _scalar(name: str, python_type: type, word: str, exact: bool = False) -> DagsterType:
    def check(_: Any, value: Any) -> TypeCheck:
        ok = type(value) is python_type if exact else isinstance(value, python_type)
        if ok:
            return TypeCheck(True)
        return TypeCheck(
            False, f'Value "{value}" of python type "{type(value).__name__}" must be a {word}.'
        )

    return DagsterType(check, name=name, is_builtin=True)


def _nothing(_: Any, value: Any) -> TypeCheck:
    if value is None:
        return TypeCheck(True)
    return TypeCheck(False, f"Value must be None or unset, got a {type(value)}")


Any_ = DagsterType(lambda _, __: True, name="Any", is_builtin=True)
String = _scalar("String", str, "string")
Int = _scalar("Int", int, "int")
Float = _scalar("Float", float, "float")
Bool = _scalar("Bool", bool, "bool")
Nothing = DagsterType(_nothing, name="Nothing", is_builtin=True)
_BUILTINS: dict[Any, DagsterType] = {str: String, int: Int, float: Float, bool: Bool}


def _optional(inner: DagsterType) -> DagsterType:
    def check(context: Any, value: Any) -> TypeCheck:
        return TypeCheck(True) if value is None else inner.type_check(context, value)

    return DagsterType(check, name=f"{inner.display_name}?")


def _container(
    name: str, python_type: type, word: str, parts: Callable[[Any], list[tuple[DagsterType, Any]]]
) -> DagsterType:
    """A list/dict/tuple/set type: the container's own type, then each part's check."""

    def check(context: Any, value: Any) -> TypeCheck:
        if not isinstance(value, python_type):
            if python_type is list:
                return TypeCheck(
                    False,
                    f'Value "{value}" of python type "{type(value).__name__}" must be a list.',
                )
            return TypeCheck(False, f"Value should be a {word}, got a{_gap(word)}{type(value)}")
        for part_type, part in parts(value):
            result = part_type.type_check(context, part)
            if not result.success:
                return result
        return TypeCheck(True)

    return DagsterType(check, name=name)


def _gap(word: str) -> str:
    return "" if word == "set" else " "  # the reference's message has no space after "a" for sets


def _list(inner: DagsterType) -> DagsterType:
    return _container(f"[{inner.display_name}]", list, "list", lambda v: [(inner, x) for x in v])


def _set(inner: DagsterType) -> DagsterType:
    return _container(f"Set[{inner.display_name}]", set, "set", lambda v: [(inner, x) for x in v])


def _dict(key: DagsterType, value: DagsterType) -> DagsterType:
    name = f"Dict[{key.display_name},{value.display_name}]"
    return _container(
        name, dict, "dict", lambda v: [p for k, x in v.items() for p in ((key, k), (value, x))]
    )


def _tuple(items: list[DagsterType]) -> DagsterType:
    name = f"Tuple[{','.join(t.display_name for t in items)}]"
    return _container(name, tuple, "tuple", lambda v: list(zip(items, v, strict=False)))


_GENERATORS = (cabc.Iterator, cabc.Generator, cabc.AsyncIterator, cabc.AsyncGenerator)


def resolve_annotation(annotation: Any, where: str) -> DagsterType | None:
    """The type checked for an annotation, ``None`` for "check nothing".

    ``where`` names the annotation in errors (``"return type annotation"`` or
    ``"type annotation for argument 'x'"``). A string annotation that could not be resolved is
    not checked (the reference refuses it).
    """
    resolved = _resolve(annotation)
    if resolved is _UNSUPPORTED:
        fix = "Out()" if where.startswith("return") else "In()"
        raise InvalidDefinitionError(
            f"Problem using type '{_show(annotation)}' from {where}, correct the issue or "
            f"explicitly set the dagster_type via {fix}."
        )
    return None if resolved is Any_ else resolved


_UNSUPPORTED = DagsterType(lambda _, __: False, name="Unsupported")


def _show(annotation: Any) -> str:
    return annotation.__name__ if isinstance(annotation, type) else str(annotation)


def _resolve(ann: Any) -> DagsterType:
    if isinstance(ann, DagsterType):
        return ann
    if (
        ann is Any
        or ann is object
        or isinstance(ann, str)
        or _is_result_class(ann, "MaterializeResult")
    ):
        return Any_
    if ann is None or ann is type(None):
        return Nothing
    if ann is str or ann is int or ann is float or ann is bool:
        return _BUILTINS[ann]
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is None:
        if ann is list:
            return _list(Any_)
        if _is_result_class(ann, "Output"):
            return Any_
        return _from_annotation(ann) if isinstance(ann, type) else _UNSUPPORTED
    if origin is typing.Union or origin is types.UnionType:
        others = [a for a in args if a is not type(None)]
        if len(others) == 1 and len(args) == 2:
            inner = _resolve(others[0])
            return inner if inner is Any_ or inner is _UNSUPPORTED else _optional(inner)
        return _UNSUPPORTED
    return _resolve_generic(origin, args)


def _resolve_generic(origin: Any, args: tuple[Any, ...]) -> DagsterType:
    if _is_result_class(origin, "Output"):
        return _resolve(args[0]) if args else Any_
    if _is_result_class(origin, "MaterializeResult") or origin in _GENERATORS:
        return Any_
    if origin is list or origin is cabc.Sequence:
        return _list(_resolve(args[0]) if args else Any_)
    if origin is set:
        return _set(_resolve(args[0]) if args else Any_)
    if not args and origin in (dict, tuple, cabc.Mapping):
        return _from_annotation(origin)
    if (origin is dict or origin is cabc.Mapping) and len(args) == 2:
        return _dict(_resolve(args[0]), _resolve(args[1]))
    if origin is tuple and Ellipsis not in args:
        return _tuple([_resolve(a) for a in args])
    return _UNSUPPORTED


def _is_result_class(ann: Any, name: str) -> bool:
    """Whether ``ann`` is partwise's ``Output`` or ``MaterializeResult`` (by name: no import)."""
    return (
        isinstance(ann, type)
        and ann.__name__ == name
        and ann.__module__ == "partwise._execution.events"
    )


def check_value(dagster_type: DagsterType, value: Any, what: str, context: Any = None) -> None:
    """Raise ``TypeCheckError`` unless ``value`` passes; ``what`` names it (``step output "result"``)."""
    if type(dagster_type).type_check is DagsterType.type_check:  # not overridden: a pass is cheap
        raw = dagster_type._type_check_fn(context, value)
        if raw is True:
            return
        result = dagster_type._as_type_check(raw)
    else:
        result = dagster_type.type_check(context, value)
    if not result.success:
        raise TypeCheckError(
            f'Type check failed for {what} - expected type "{dagster_type.display_name}". '
            f"Description: {result.description}",
            result,
            dagster_type,
        )


def checked_direct_result(spec: Any, name: str, value: Any) -> Any:
    """``value`` returned by calling op/asset ``name`` directly, once its output type passed."""
    dagster_type = spec.output_type
    if dagster_type is not None and not isinstance(value, types.GeneratorType):
        inner = value.value if _is_result_class(type(value), "Output") else value
        if not _is_result_class(type(value), "MaterializeResult"):
            check_value(dagster_type, inner, f'op "{name}" output "result"')
    return value
