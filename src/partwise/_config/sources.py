"""``StringSource``, ``IntSource``, ``BoolSource``: config entries given as a value or ``{"env": NAME}``."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .env import missing_env_message
from .types import BOOL, INT, STRING, Issue, Node, Path, Scalar, dagster_path

__all__ = ["BoolSource", "IntSource", "StringSource"]


def _to_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"{text!r} is not a boolean")
    return lowered in ("true", "1", "yes")


@dataclass(frozen=True, eq=False, slots=True)
class Source(Node):
    """A scalar, or ``{"env": NAME}`` read from the environment when the config is resolved."""

    scalar: Scalar
    parse: Callable[[str], Any]

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not (isinstance(value, Mapping) and set(value) == {"env"}):
            return self.scalar.check(value, path, issues)
        name = value["env"]
        text = os.environ.get(name) if isinstance(name, str) else None
        if text is None:
            issues.append(
                Issue(
                    path,
                    "Post processing at ",
                    f" of original value {dict(value)!r} failed: {missing_env_message(str(name))}",
                )
            )
            return value
        try:
            return self.parse(text)
        except ValueError as error:
            where = dagster_path(path)
            issues.append(
                Issue(path, "Post processing at ", f" failed: {error} (from {name} at {where})")
            )
            return value

    def describe(self) -> str:
        return f"{self.scalar.describe()}Source"

    def example(self) -> Any:
        return self.scalar.example()


StringSource = Source(STRING, str)
IntSource = Source(INT, int)
BoolSource = Source(BOOL, _to_bool)
