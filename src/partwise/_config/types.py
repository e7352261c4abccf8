"""Compiled config types: a small tree of checkers, built once per schema and reused.

A checker walks a config value, collects :class:`Issue` objects (with Dagster-style paths) and
returns the resolved value with defaults filled. Python types, ``Config`` classes, dict schemas,
``[type]`` lists and ``Field`` all compile to these nodes (see :mod:`.schema`).
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .config import to_config_value

__all__ = [
    "ANY",
    "BOOL",
    "FLOAT",
    "INT",
    "NO_DEFAULT",
    "STRING",
    "AnyNode",
    "Array",
    "EnumNode",
    "Issue",
    "MapNode",
    "Node",
    "Noneable",
    "PydanticNode",
    "Shape",
    "Slot",
]

Segment = tuple[str, Any]  # ("key", name) | ("index", i) | ("map_key", k) | ("map_value", k)
Path = tuple[Segment, ...]
NO_DEFAULT: Any = object()


def dagster_path(path: Path) -> str:
    """``root:ops:do:config:lst[1]`` — the path notation Dagster's messages use."""
    out = ["root"]
    for kind, value in path:
        if kind == "key":
            out.append(f":{value}")
        elif kind == "index":
            out.append(f"[{value}]")
        else:
            out.append(f":{value!r}:{'key' if kind == 'map_key' else 'value'}")
    return "".join(out)


def readable_path(path: Path) -> str:
    """``ops.do.config.lst[1]`` — the same path as a Python-ish accessor."""
    out = ""
    for kind, value in path:
        if kind == "key":
            out += f".{value}" if out else str(value)
        elif kind == "index":
            out += f"[{value}]"
        else:
            out += f"[{value!r}]" + (" (key)" if kind == "map_key" else "")
    return out or "the top level"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a config value: ``before`` + location + ``after``, plus targets."""

    path: Path
    before: str
    after: str
    targets: tuple[Path, ...] = ()

    def render(self) -> str:
        where = f"path {dagster_path(self.path)}" if self.path else "the root"
        targets = ", ".join(readable_path(t) for t in (self.targets or (self.path,)))
        return f"{self.before}{where}{self.after} (at {targets})"


class Node:
    """A compiled config type: checks a value and describes itself for messages."""

    required: bool = True

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        raise NotImplementedError

    def default(self) -> Any:
        """The value filled in when an optional entry of this type is absent."""
        return None

    def describe(self) -> str:
        raise NotImplementedError

    def example(self) -> Any:
        return None

    def _none_or(self, value: Any, path: Path, issues: list[Issue], problem: str) -> Any:
        if value is None:
            issues.append(
                Issue(path, "Value at ", f' must not be None. Expected "{self.describe()}"')
            )
        else:
            issues.append(Issue(path, "Value at ", f' {problem}. Expected: "{self.describe()}".'))
        return value


@dataclass(frozen=True, eq=False, slots=True)
class Scalar(Node):
    name: str
    accepts: tuple[type, ...]
    sample: Any
    bool_ok: bool = False

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        kind = type(value)
        if kind in self.accepts or (
            isinstance(value, self.accepts) and (self.bool_ok or kind is not bool)
        ):
            return value
        if value is None:
            return self._none_or(value, path, issues, "")
        issues.append(
            Issue(
                path,
                "Invalid scalar at ",
                f'. Value "{value}" of type "{kind}" is not valid for expected type "{self.name}".',
            )
        )
        return value

    def describe(self) -> str:
        return self.name

    def example(self) -> Any:
        return self.sample


STRING = Scalar("String", (str,), "...")
INT = Scalar("Int", (int,), 0)
FLOAT = Scalar("Float", (float, int), 0.0)
BOOL = Scalar("Bool", (bool,), True, bool_ok=True)


class AnyNode(Node):
    required = False

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        return value

    def describe(self) -> str:
        return "Any"


ANY = AnyNode()


@dataclass(frozen=True, eq=False, slots=True)
class Noneable(Node):
    inner: Node
    required: bool = False

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        return None if value is None else self.inner.check(value, path, issues)

    def describe(self) -> str:
        return f"{self.inner.describe()}?"


@dataclass(frozen=True, eq=False, slots=True)
class Array(Node):
    inner: Node

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not isinstance(value, (list, tuple)):
            return self._none_or(value, path, issues, "must be list")
        check = self.inner.check
        return [check(item, (*path, ("index", i)), issues) for i, item in enumerate(value)]

    def describe(self) -> str:
        return f"[{self.inner.describe()}]"

    def example(self) -> Any:
        return []


@dataclass(frozen=True, eq=False, slots=True)
class MapNode(Node):
    key: Node
    value: Node

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not isinstance(value, Mapping):
            return self._none_or(value, path, issues, "must be dict")
        return {
            self.key.check(k, (*path, ("map_key", k)), issues): self.value.check(
                v, (*path, ("map_value", k)), issues
            )
            for k, v in value.items()
        }

    def describe(self) -> str:
        return f"{{ [{self.key.describe()}]: {self.value.describe()} }}"

    def example(self) -> Any:
        return {}


@dataclass(frozen=True, eq=False, slots=True)
class EnumNode(Node):
    """Accepts a member, its name (as Dagster does) or its value; resolves to the value."""

    enum_cls: type[enum.Enum]

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        members = self.enum_cls.__members__
        if isinstance(value, self.enum_cls):
            return value.value
        if isinstance(value, str) and value in members:
            return members[value].value
        for member in members.values():
            if member.value == value and not isinstance(value, bool):
                return member.value
        name = self.enum_cls.__name__
        if not isinstance(value, str):
            issues.append(Issue(path, "Value at ", f" for enum type {name} must be a string"))
            return value
        close = difflib.get_close_matches(value, list(members), n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        valid = ", ".join(members)
        after = f" not in enum type {name} got {value}.{hint} Valid values: {valid}."
        issues.append(Issue(path, "Value at ", after))
        return value

    def describe(self) -> str:
        return self.enum_cls.__name__

    def example(self) -> Any:
        return next(iter(self.enum_cls.__members__))


@dataclass(frozen=True, eq=False, slots=True)
class PydanticNode(Node):
    """Fallback for annotations the tree does not model (``Literal``, constrained types, …)."""

    annotation: Any
    adapter: TypeAdapter[Any]

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        try:
            self.adapter.validate_python(value)
        except ValidationError as exc:
            message = exc.errors()[0]["msg"]
            issues.append(Issue(path, "Invalid value at ", f". {message} (got {value!r})."))
        return value

    def describe(self) -> str:
        return getattr(self.annotation, "__name__", None) or repr(self.annotation)


def _copy(value: Any) -> Any:
    """A copy of plain config data (containers copied, leaves shared); cheaper than deepcopy."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()} if value else {}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@dataclass(frozen=True, eq=False, slots=True)
class Slot:
    """An entry of a shape (or a node's ``config`` entry): its type, requiredness and default."""

    name: str
    node: Node
    required: bool
    default: Any = NO_DEFAULT

    def fill(self) -> Any:
        """The resolved value for an absent entry, or ``NO_DEFAULT`` to leave it out."""
        if self.default is not NO_DEFAULT:
            return _copy(self.default)
        return NO_DEFAULT if self.node.required else self.node.default()


@dataclass(frozen=True, eq=False)
class Shape(Node):
    """A dict with known entries; ``model`` is the ``Config`` class it came from, if any."""

    slots: tuple[Slot, ...]
    permissive: bool = False
    model: type[BaseModel] | None = None
    index: dict[str, Slot] = field(init=False)
    required_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.slots, key=lambda s: s.name))
        object.__setattr__(self, "slots", ordered)
        object.__setattr__(self, "index", {s.name: s for s in ordered})
        object.__setattr__(self, "required_names", tuple(s.name for s in ordered if s.required))
        object.__setattr__(self, "required", bool(self.required_names))

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if isinstance(value, BaseModel):
            value = to_config_value(value)
        if not isinstance(value, Mapping):
            return self._none_or(value, path, issues, "must be dict")
        index = self.index
        out: dict[str, Any] = {}
        if len(value) > len(index) or any(k not in index for k in value):
            if self.permissive:
                out.update((k, v) for k, v in value.items() if k not in index)
            else:
                issues.extend(self._unexpected(k, path) for k in value if k not in index)
        missing = [name for name in self.required_names if name not in value]
        if missing:
            issues.append(self._missing(missing, path))
        for slot in self.slots:
            name = slot.name
            if name in value:
                out[name] = slot.node.check(value[name], (*path, ("key", name)), issues)
            else:
                filled = slot.fill()
                if filled is not NO_DEFAULT:
                    out[name] = filled
        return out

    def _unexpected(self, key: Any, path: Path) -> Issue:
        names = list(self.index)
        close = difflib.get_close_matches(str(key), names, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        valid = ", ".join(names) if names else "(none)"
        before = f'Received unexpected config entry "{key}" at '
        return Issue(path, before, f".{hint} Valid entries: {valid}.", ((*path, ("key", key)),))

    def _missing(self, names: list[str], path: Path) -> Issue:
        example = {name: self.index[name].node.example() for name in names}
        targets = tuple((*path, ("key", name)) for name in names)
        if len(names) == 1:
            before = f'Missing required config entry "{names[0]}" at '
            after = (
                ". You must provide this value in your run config. "
                f"Example config for the missing entry: {example}"
            )
        else:
            before = f"Missing required config entries {names} at "
            after = (
                ". You must provide these values in your run config. "
                f"Example config for the missing entries: {example}"
            )
        return Issue(path, before, after, targets)

    def default(self) -> Any:
        out = {}
        for slot in self.slots:
            filled = slot.fill()
            if filled is not NO_DEFAULT:
                out[slot.name] = filled
        return out

    def describe(self) -> str:
        parts = [f"{s.name}{'' if s.required else '?'}: {s.node.describe()}" for s in self.slots]
        return "{ " + " ".join(parts) + (" }" if parts else "}")

    def example(self) -> Any:
        return {name: self.index[name].node.example() for name in self.required_names}
