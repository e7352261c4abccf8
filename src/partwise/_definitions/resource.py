"""Function-style resources: ``@resource``, ``ResourceDefinition`` and their init context.

A ``ResourceDefinition`` builds its value once per run from an :class:`InitResourceContext` (its
validated config, the instance, the other resources). Its config comes from the run config
(``resources: {key: {config: …}}``) or from ``.configured(…)``, and is checked against
``config_schema`` — where ``StringSource``/``IntSource``/``BoolSource`` entries read ``{"env": …}``.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import GeneratorType
from typing import Any, overload

from partwise._compat import strict_keywords
from partwise.errors import InvalidConfigError, InvalidInvocationError, check_param, did_you_mean

__all__ = [
    "InitResourceContext",
    "ResourceDefinition",
    "Resources",
    "build_init_resource_context",
    "resource",
]


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
            f"No resource {name!r} was provided; available: {sorted(values)}"
            f"{did_you_mean(name, values)}"
        )

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Resources({sorted(self._values)})"


def _logger() -> logging.Logger:
    return logging.getLogger("partwise")


@dataclass(frozen=True)
class InitResourceContext:
    """What a resource (or I/O manager) function receives: its config, the instance, a logger."""

    resource_config: Any = field(default_factory=dict)
    instance: Any = None
    log: logging.Logger = field(default_factory=_logger)
    resources: Any = None
    resource_def: Any = None
    run_id: str | None = None

    @property
    def log_manager(self) -> logging.Logger:
        return self.log

    def __enter__(self) -> InitResourceContext:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None


@strict_keywords
def build_init_resource_context(
    config: Mapping[str, Any] | None = None,
    resources: Mapping[str, Any] | None = None,
    instance: Any = None,
) -> InitResourceContext:
    """An init context for calling a resource or I/O manager function in a unit test."""
    given = resources if resources is None or hasattr(resources, "__getattr__") else None
    check_param(config, "config", Mapping, optional=True)
    if given is None:
        check_param(resources, "resources", Mapping, optional=True)
    namespace = given if given is not None else Resources(dict(resources or {}))
    return InitResourceContext(dict(config or {}), instance, _logger(), namespace)


ResourceFunction = Callable[[InitResourceContext], Any]


@dataclass(frozen=True)
class ResourceDefinition:
    """A resource built per run by ``resource_fn(init_context)`` (``@resource``)."""

    resource_fn: ResourceFunction
    config_schema: Any = field(default=None, hash=False)
    description: str | None = None
    required_resource_keys: frozenset[str] = frozenset()
    config: Mapping[str, Any] | None = field(default=None, hash=False)
    version: str | None = None

    def resolve_config(self, given: Any, key: str = "resource") -> Any:
        """``given`` (else the ``.configured`` config) checked against ``config_schema``."""
        value = given if given is not None else (self.config if self.config is not None else {})
        if self.config_schema is None:
            return value
        from partwise._config.schema import compile_type

        issues: list[Any] = []
        path = (("key", "resources"), ("key", key), ("key", "config"))
        resolved = compile_type(self.config_schema).check(value, path, issues)
        if issues:
            raise InvalidConfigError(
                f"Error in config for resource {key!r}: "
                + "; ".join(issue.render() for issue in issues),
                [issue.render() for issue in issues],
            )
        return resolved

    def create(
        self,
        instance: Any,
        resource_config: Any = None,
        resources: Any = None,
        key: str = "resource",
    ) -> Any:
        """Build the value for one run (a generator function's first yield)."""
        context = InitResourceContext(
            self.resolve_config(resource_config, key), instance, _logger(), resources, self
        )
        value = self.resource_fn(context)
        if isinstance(value, GeneratorType):  # ``yield``-style: set-up, value, tear-down
            value = next(value)
        return value

    def configured(self, config: Mapping[str, Any]) -> ResourceDefinition:
        """The same definition with its config fixed to ``config``."""
        return replace(self, config=dict(config))

    def __call__(self, init_context: InitResourceContext | None = None) -> Any:
        """Call the function directly, as unit tests do."""
        return self.resource_fn(init_context or build_init_resource_context())

    @staticmethod
    def hardcoded_resource(value: Any, description: str | None = None) -> ResourceDefinition:
        """A definition whose value is always ``value``."""
        return ResourceDefinition(lambda _: value, description=description)

    @staticmethod
    def none_resource(description: str | None = None) -> ResourceDefinition:
        return ResourceDefinition.hardcoded_resource(None, description)

    @staticmethod
    def string_resource(description: str | None = None) -> ResourceDefinition:
        """A definition whose value is its (string) config."""
        return ResourceDefinition(lambda c: c.resource_config, str, description)


@overload
def resource(config_schema: ResourceFunction) -> ResourceDefinition: ...


@overload
def resource(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> Callable[[ResourceFunction], ResourceDefinition]: ...


@strict_keywords
def resource(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> ResourceDefinition | Callable[[ResourceFunction], ResourceDefinition]:
    """Turn ``fn(init_context) -> value`` into a :class:`ResourceDefinition` (bare or with options)."""
    if callable(config_schema) and not isinstance(config_schema, type):
        fn = config_schema
        return ResourceDefinition(_taking_context(fn), description=fn.__doc__)

    def decorate(fn: ResourceFunction) -> ResourceDefinition:
        keys = frozenset(required_resource_keys or ())
        return ResourceDefinition(
            _taking_context(fn), config_schema, description or fn.__doc__, keys, version=version
        )

    return decorate


def _taking_context(fn: Callable[..., Any]) -> ResourceFunction:
    """``fn`` itself, or for a function without parameters (as the reference allows) a wrapper."""
    try:
        takes_nothing = not inspect.signature(fn).parameters
    except (TypeError, ValueError):  # a builtin without a signature: call it as given
        return fn
    if not takes_nothing:
        return fn

    @functools.wraps(fn)
    def call(_init_context: InitResourceContext) -> Any:
        return fn()

    return call
