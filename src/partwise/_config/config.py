"""Pythonic config classes (pydantic v2 models) and the ``RunConfig`` container.

A ``Config`` subclass declares an op's or asset's config schema with type hints; instances are
frozen. ``RunConfig`` groups per-node config objects and turns them into a plain run-config dict.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, model_validator

from partwise.errors import InvalidInvocationError

from .env import env_fields

__all__ = [
    "Config",
    "ConfigurableResource",
    "PermissiveConfig",
    "RunConfig",
    "to_config_value",
]


class Config(BaseModel):
    """Base class for Pythonic config: subclass it and declare fields with type hints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def _assignment_error(cls) -> str:
        return (
            f"'{cls.__name__}' is a Pythonic config class and does not support item assignment, "
            "as it inherits from 'pydantic.BaseModel' with frozen=True."
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self).__private_attributes__:
            super().__setattr__(name, value)
            return
        raise InvalidInvocationError(self._assignment_error())

    def __delattr__(self, name: str) -> None:
        if name in type(self).__private_attributes__:
            super().__delattr__(name)
            return
        raise InvalidInvocationError(self._assignment_error())


class PermissiveConfig(Config):
    """A ``Config`` that also accepts (and keeps) entries it does not declare."""

    model_config = ConfigDict(frozen=True, extra="allow")


class ConfigurableResource(Config):
    """Base class for resources configured like ``Config``; override the hooks if needed."""

    @classmethod
    def _assignment_error(cls) -> str:
        return (
            f"'{cls.__name__}' is a Pythonic resource and does not support item assignment, "
            "as it inherits from 'pydantic.BaseModel' with frozen=True. If trying to maintain "
            "state on this resource, consider building a separate, stateful client class, and "
            "provide a method on the resource to construct and return the stateful client."
        )

    @model_validator(mode="wrap")
    @classmethod
    def _keep_env_vars(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """Remember which fields were given as ``EnvVar``: a run reads them when it starts."""
        model = handler(data)
        env = env_fields(data) if isinstance(data, Mapping) else {}
        if env:
            object.__setattr__(model, "_partwise_env", env)
        return model

    def __setattr__(self, name: str, value: Any) -> None:
        """Fields stay frozen; ``self._client = …`` (any underscore name) is the resource's own state."""
        if name.startswith("_") and not name.startswith("__"):
            self._set_private(name, value)
            return
        super().__setattr__(name, value)

    def _set_private(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)  # instance state: not a field, never dumped

    def for_run(self, key: str) -> ConfigurableResource:
        """This resource with its ``EnvVar`` fields read from the environment (itself if none)."""
        env = self.__dict__.get("_partwise_env")
        if not env:
            return self
        where = f"path root:resources:{key}:config"
        return self.model_copy(update={f: var.resolve(f"{where}:{f}") for f, var in env.items()})

    def setup_for_execution(self, context: Any) -> None:
        """Called once before the run uses the resource; a no-op by default."""

    def teardown_after_execution(self, context: Any) -> None:
        """Called once after the run; a no-op by default."""


def to_config_value(value: Any) -> Any:
    """``value`` as plain run-config data: models become dicts, enum members their names."""
    if isinstance(value, BaseModel):
        data = {name: to_config_value(getattr(value, name)) for name in type(value).model_fields}
        extra = value.model_extra
        if extra:
            data.update({k: to_config_value(v) for k, v in extra.items()})
        return data
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, Mapping):
        return {k: to_config_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_config_value(v) for v in value]
    return value


def _section(entries: Mapping[str, Any] | None) -> dict[str, Any]:
    """Per-name entries of ``ops``/``resources``: a ``Config`` object becomes ``{"config": …}``."""
    out: dict[str, Any] = {}
    for name, entry in (entries or {}).items():
        out[name] = {"config": to_config_value(entry)} if isinstance(entry, Config) else entry
    return out


@dataclass(frozen=True)
class RunConfig:
    """Run config built from objects: ``RunConfig(ops={"do": MyCfg(date="d")})``."""

    ops: Mapping[str, Any] | None = None
    resources: Mapping[str, Any] | None = None
    loggers: Mapping[str, Any] | None = None
    execution: Mapping[str, Any] | None = None

    def to_config_dict(self) -> dict[str, Any]:
        """The equivalent plain run-config dict (``Config`` objects turned into dicts)."""
        return {
            "loggers": dict(self.loggers or {}),
            "resources": _section(self.resources),
            "ops": _section(self.ops),
            "execution": dict(self.execution or {}),
        }
