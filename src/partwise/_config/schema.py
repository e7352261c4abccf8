"""A job's run-config schema and its validation.

The schema is a plain mapping from node (op/asset) name to its config type — a ``Config`` class, a
Dagster-style ``config_schema`` (``str``, ``{"x": int}``, ``Field(...)``, ``[int]``) or ``None`` —
plus the same for resources. :func:`resolve_run_config` validates a run config against it and
returns the resolved dict, shaped like Dagster's ``validate_run_config`` result.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

from pydantic import BaseModel, TypeAdapter

from partwise.errors import CheckError, InvalidConfigError, InvalidDefinitionError

from .config import RunConfig, to_config_value
from .types import (
    ANY,
    BOOL,
    FLOAT,
    INT,
    NO_DEFAULT,
    STRING,
    Array,
    EnumNode,
    Issue,
    MapNode,
    Node,
    Noneable,
    Path as ConfigPath,
    PydanticNode,
    Shape,
    Slot,
)

__all__ = [
    "ConfigType",
    "Field",
    "NodeConfigSpec",
    "RunConfigSchema",
    "compile_run_config_schema",
    "compile_slot",
    "compile_type",
    "config_for_node",
    "resolve_run_config",
]

ConfigType: TypeAlias = Any
"""A ``Config`` subclass, a Python type, a dict schema, ``[type]`` or a ``Field``."""
NodeConfigSpec: TypeAlias = Mapping[str, ConfigType | None]
RunConfigLike: TypeAlias = Mapping[str, Any] | RunConfig | None


class Field:
    """A config-schema entry with a default and/or a required flag (Dagster's ``Field``)."""

    def __init__(
        self,
        config: Any,
        default_value: Any = NO_DEFAULT,
        is_required: bool | None = None,
        description: str | None = None,
    ) -> None:
        self.config = config
        self.default_value = default_value
        self.is_required = is_required
        self.description = description

    @property
    def has_default_value(self) -> bool:
        return self.default_value is not NO_DEFAULT

    def __repr__(self) -> str:
        default = f", default_value={self.default_value!r}" if self.has_default_value else ""
        return f"Field({self.config!r}{default}, is_required={self.is_required!r})"


def _resolved_default(node: Node, default: Any, where: str, strict: bool) -> Any:
    """``default`` in resolved form (enum values, dicts for models); checked when ``strict``."""
    issues: list[Issue] = []
    resolved = node.check(to_config_value(default), (), issues)
    if issues and strict:
        raise InvalidDefinitionError(
            f"Invalid default value {default!r} for {where}: {issues[0].render()}"
        )
    return to_config_value(default) if issues else resolved


def compile_slot(name: str, spec: Any) -> Slot:
    """A ``Slot`` for a config-schema entry: a ``Field``, a type, a dict schema or ``None``."""
    if spec is None:
        return Slot(name, ANY, required=False)
    if isinstance(spec, Field):
        node = compile_type(spec.config)
        default = NO_DEFAULT
        if spec.has_default_value:
            default = _resolved_default(node, spec.default_value, f"entry {name!r}", True)
        required = spec.is_required
        if required is None:
            required = default is NO_DEFAULT and node.required
        return Slot(name, node, required, default)
    node = compile_type(spec)
    return Slot(name, node, node.required)


def compile_type(spec: Any) -> Node:
    """The checker for a config schema: a type, ``Config`` class, dict, ``[type]`` or annotation."""
    if isinstance(spec, Node):
        return spec
    if isinstance(spec, Mapping):
        return Shape(tuple(compile_slot(str(k), v) for k, v in spec.items()))
    if isinstance(spec, list):
        if len(spec) != 1:
            raise InvalidDefinitionError(
                f"A list config schema must hold exactly one element type; got {spec!r}"
            )
        return Array(compile_type(spec[0]))
    if isinstance(spec, Field):
        raise InvalidDefinitionError(f"A Field cannot be used as a type here: {spec!r}")
    try:
        hash(spec)
    except TypeError:
        return _compile_annotation(spec)
    return _compile_cached(spec)


@lru_cache(maxsize=1024)
def _compile_cached(spec: Any) -> Node:
    return _compile_annotation(spec)


_SCALARS: Mapping[Any, Node] = types.MappingProxyType(
    {str: STRING, int: INT, float: FLOAT, bool: BOOL, typing.Any: ANY, object: ANY}
)


def _compile_annotation(ann: Any) -> Node:
    scalar = _SCALARS.get(ann) if isinstance(ann, typing.Hashable) else None
    if scalar is not None:
        return scalar
    if isinstance(ann, type):
        if issubclass(ann, BaseModel):
            return _compile_model(ann)
        if issubclass(ann, enum.Enum):
            return EnumNode(ann)
        if ann in (list, tuple, set, frozenset):
            return Array(ANY)
        if ann is dict:
            return MapNode(ANY, ANY)
    return _compile_generic(ann)


def _compile_generic(ann: Any) -> Node:
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is typing.Annotated:
        return compile_type(args[0])
    if origin is typing.Union or origin is types.UnionType:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(rest) < len(args):
            return Noneable(compile_type(rest[0]))
    elif origin in (list, set, frozenset, Sequence, typing.Sequence):
        return Array(compile_type(args[0]) if args else ANY)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return Array(compile_type(args[0]))
    elif origin in (dict, Mapping, typing.Mapping):
        return MapNode(*(compile_type(a) for a in args)) if args else MapNode(ANY, ANY)
    return PydanticNode(ann, TypeAdapter(ann))


@lru_cache(maxsize=512)
def _compile_model(model: type[BaseModel]) -> Shape:
    """A ``Shape`` for a pydantic model: field types, requiredness and resolved defaults."""
    slots = []
    for name, info in model.model_fields.items():
        node = compile_type(info.annotation)
        if info.is_required():
            slots.append(Slot(name, node, node.required))
            continue
        raw = info.get_default(call_default_factory=True)
        where = f"{model.__name__}.{name}"
        slots.append(Slot(name, node, False, _resolved_default(node, raw, where, False)))
    permissive = model.model_config.get("extra") == "allow"
    return Shape(tuple(slots), permissive=permissive, model=model)


def _default_execution() -> dict[str, Any]:
    """The resolved ``execution`` section when none is given (Dagster's default, verbatim)."""
    multiprocess: dict[str, Any] = {"max_concurrent": None, "retries": {"enabled": {}}}
    return {"multi_or_in_process_executor": {"multiprocess": multiprocess}}


@dataclass(frozen=True, eq=False, slots=True)
class _Entry(Node):
    """One ``ops``/``resources`` entry; a bare ``Config`` object stands for ``{"config": obj}``."""

    shape: Shape
    required: bool

    def check(self, value: Any, path: ConfigPath, issues: list[Issue]) -> Any:
        if isinstance(value, BaseModel):
            value = {"config": value}
        return self.shape.check(value, path, issues)

    def default(self) -> Any:
        return self.shape.default()

    def describe(self) -> str:
        return self.shape.describe()

    def example(self) -> Any:
        return self.shape.example()


def _section(specs: Mapping[str, Any], with_io: bool) -> Shape:
    entries = []
    for name, spec in specs.items():
        slots = [compile_slot("config", spec)]
        if with_io:
            slots += [Slot("inputs", ANY, False, {}), Slot("outputs", ANY, False)]
        shape = Shape(tuple(slots))
        entries.append(Slot(name, _Entry(shape, shape.required), shape.required))
    return Shape(tuple(entries))


def _normalize(run_config: RunConfigLike) -> Mapping[str, Any]:
    if run_config is None:
        return {}
    if isinstance(run_config, RunConfig):
        return {k: v for k, v in run_config.to_config_dict().items() if v}
    if not isinstance(run_config, Mapping):
        raise CheckError(
            f"Param \"run_config\" is not one of ['Mapping']. Got {run_config!r} which is type "
            f"{type(run_config)}. Expected a dict or a RunConfig."
        )
    ops = run_config.get("ops")
    if isinstance(ops, Mapping) and any(_is_graph_entry(v) for v in ops.values()):
        return {**run_config, "ops": _flatten_graph_ops(ops, "")}
    return run_config


def _is_graph_entry(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("ops"), Mapping)


def _flatten_graph_ops(ops: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """``{"g": {"ops": {"op": ...}}}`` (config for ops inside graph ``g``) as ``{"g.op": ...}``."""
    flat: dict[str, Any] = {}
    for name, value in ops.items():
        if _is_graph_entry(value):
            flat.update(_flatten_graph_ops(value["ops"], f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


class RunConfigSchema:
    """The compiled run-config schema of one job; build once, then :meth:`resolve` many times."""

    def __init__(
        self,
        node_specs: NodeConfigSpec,
        resource_specs: NodeConfigSpec | None = None,
        job_name: str = "job",
    ) -> None:
        self.job_name = job_name
        self._ops = _section(node_specs, with_io=True)
        self._resources = _section(resource_specs or {}, with_io=False)
        dicts = MapNode(ANY, ANY)
        self._root = Shape(
            (
                Slot("ops", self._ops, self._ops.required),
                Slot("resources", self._resources, self._resources.required),
                Slot("execution", dicts, False, _default_execution()),
                Slot("loggers", dicts, False, {}),
            )
        )

    @property
    def requires_config(self) -> bool:
        """Whether an empty run config fails validation (some entry is required)."""
        return self._root.required

    def resolve(self, run_config: RunConfigLike = None) -> dict[str, Any]:
        """The validated run config with defaults filled; raises ``InvalidConfigError``."""
        issues: list[Issue] = []
        resolved = self._root.check(_normalize(run_config), (), issues)
        if issues:
            errors = [issue.render() for issue in issues]
            lines = "\n".join(f"    Error {i}: {text}" for i, text in enumerate(errors, 1))
            raise InvalidConfigError(f"Error in config for job {self.job_name}\n{lines}", errors)
        result: dict[str, Any] = resolved
        return result

    def config_for_node(self, resolved: Mapping[str, Any], name: str) -> Any:
        """Node ``name``'s config: a ``Config`` instance for ``Config`` types, else the value."""
        return self._value(self._ops, resolved["ops"][name]["config"], name)

    def config_for_resource(self, resolved: Mapping[str, Any], name: str) -> Any:
        """Like :meth:`config_for_node`, for resource ``name``."""
        return self._value(self._resources, resolved["resources"][name]["config"], name)

    @staticmethod
    def _value(section: Shape, value: Any, name: str) -> Any:
        entry = section.index[name].node
        node = entry.shape.index["config"].node if isinstance(entry, _Entry) else entry
        if isinstance(node, Shape) and node.model is not None and isinstance(value, Mapping):
            return node.model.model_validate(value)
        return value


def config_for_node(
    resolved: Mapping[str, Any], name: str, config_type: ConfigType | None = None
) -> Any:
    """The config value node ``name`` receives; a ``config_type`` model class is instantiated."""
    value = resolved["ops"][name]["config"]
    if isinstance(config_type, type) and issubclass(config_type, BaseModel):
        return config_type.model_validate(value) if isinstance(value, Mapping) else value
    return value


def resolve_run_config(
    node_specs: NodeConfigSpec,
    run_config: RunConfigLike = None,
    *,
    resource_specs: NodeConfigSpec | None = None,
    job_name: str = "job",
) -> dict[str, Any]:
    """Validate ``run_config`` against the node/resource config types; return it resolved."""
    schema = compile_run_config_schema(node_specs, resource_specs, job_name)
    return schema.resolve(run_config)


def compile_run_config_schema(
    node_specs: NodeConfigSpec,
    resource_specs: NodeConfigSpec | None = None,
    job_name: str = "job",
) -> RunConfigSchema:
    """A :class:`RunConfigSchema`, reused across calls with equal specs (when they are hashable)."""
    try:
        key = (_freeze(node_specs), _freeze(resource_specs or {}), job_name)
    except TypeError:
        return RunConfigSchema(node_specs, resource_specs, job_name)
    return _cached_schema(_Keyed(key, (node_specs, resource_specs, job_name)))


class _Keyed:
    """Carries the specs into the cache while hashing by their frozen form."""

    __slots__ = ("key", "specs")

    def __init__(self, key: Hashable, specs: tuple[Any, Any, str]) -> None:
        self.key = key
        self.specs = specs

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and self.key == other.key


@lru_cache(maxsize=256)
def _cached_schema(keyed: _Keyed) -> RunConfigSchema:
    return RunConfigSchema(*keyed.specs)


def _freeze(spec: Any) -> Hashable:
    """A hashable stand-in for a schema spec; ``TypeError`` when some part cannot be hashed."""
    if isinstance(spec, Mapping):
        return ("map", tuple((k, _freeze(v)) for k, v in spec.items()))
    if isinstance(spec, (list, tuple)):
        return (type(spec).__name__, tuple(_freeze(v) for v in spec))
    if isinstance(spec, Field):
        default = _freeze(spec.default_value) if spec.has_default_value else ()
        return ("field", _freeze(spec.config), default, spec.is_required, spec.has_default_value)
    hash(spec)
    return (type(spec), spec)
