"""``EnvVar``: config values read from the environment when a run initialises its resources.

``R(token=EnvVar("TOKEN"))`` keeps the variable's *name* in the resource; each run resolves it (a
missing variable fails the run naming it), so a definition module can be imported without the
secret being set. Kept free of pydantic so the name costs nothing to import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from partwise.errors import InvalidConfigError

__all__ = ["EnvVar", "IntEnvVar", "env_fields", "missing_env_message", "read_env"]


def missing_env_message(name: str) -> str:
    return (
        f'You have attempted to fetch the environment variable "{name}" which is not set. In '
        "order for this execution to succeed it must be set in this environment."
    )


def read_env(name: str, where: str) -> str:
    """The variable's value; ``InvalidConfigError`` naming it and ``where`` it is used if unset."""
    value = os.environ.get(name)
    if value is None:
        raise InvalidConfigError(
            f"Error in config at {where}: {missing_env_message(name)}", [missing_env_message(name)]
        )
    return value


class EnvVar(str):
    """A string config value that is the name of an environment variable, read at run time."""

    __slots__ = ()

    @classmethod
    def int(cls, name: str) -> IntEnvVar:
        """An integer read from the environment variable ``name``."""
        return IntEnvVar.create(name)

    @property
    def env_var_name(self) -> str:
        return str.__str__(self)

    def get_value(self, default: str | None = None) -> str | None:
        """The variable's current value (``default`` if it is not set)."""
        return os.environ.get(self.env_var_name, default)

    def resolve(self, where: str) -> Any:
        return read_env(self.env_var_name, where)

    def __repr__(self) -> str:
        return f'EnvVar("{self.env_var_name}")'


class IntEnvVar(int):
    """An integer config value read from the environment variable ``name`` at run time."""

    name: str

    @classmethod
    def create(cls, name: str) -> IntEnvVar:
        var = cls(0)
        var.name = name
        return var

    @property
    def env_var_name(self) -> str:
        return self.name

    def get_value(self, default: int | None = None) -> int | None:
        value = os.environ.get(self.name)
        return default if value is None else int(value)

    def resolve(self, where: str) -> int:
        text = read_env(self.name, where)
        try:
            return int(text)
        except ValueError:
            raise InvalidConfigError(
                f"Error in config at {where}: environment variable {self.name!r} holds "
                f"{text!r}, which is not an integer"
            ) from None

    def __repr__(self) -> str:
        return f'EnvVar.int("{self.name}")'


def env_fields(data: Mapping[str, Any]) -> dict[str, EnvVar | IntEnvVar]:
    """The entries of a resource's constructor arguments that are environment variables."""
    return {k: v for k, v in data.items() if isinstance(v, EnvVar | IntEnvVar)}
