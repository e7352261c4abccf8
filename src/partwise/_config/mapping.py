"""``ConfigMapping``: a job's (or graph's) own config schema, mapped onto the run config it needs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from partwise.errors import InvalidConfigError, InvalidDefinitionError

__all__ = ["ConfigMapping"]


@dataclass(frozen=True)
class ConfigMapping:
    """Run with config shaped by ``config_schema``; ``config_fn`` turns it into the run config.

    The given config is checked against ``config_schema`` first, defaults filled in (as the
    reference does whatever ``receive_processed_config_values`` says; partwise also resolves
    environment sources either way); ``config_fn`` must return a mapping, such as
    ``{"ops": {...}}``. No ``config_schema`` accepts any config as given.
    """

    config_fn: Callable[[Any], Mapping[str, Any]]
    config_schema: Any = field(default=None, hash=False)
    receive_processed_config_values: bool = True
    description: str | None = None

    def __post_init__(self) -> None:
        if not callable(self.config_fn):
            raise InvalidDefinitionError(
                f"ConfigMapping(config_fn=...) must be callable, got {self.config_fn!r}"
            )

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The run config for ``given`` (the outer config), checked against the schema."""
        value: Any = dict(given)
        if self.config_schema is not None:
            from partwise._config.schema import compile_type

            issues: list[Any] = []
            checked = compile_type(self.config_schema).check(value, (), issues)
            if issues:
                raise InvalidConfigError(
                    "Error in config mapping: " + "; ".join(i.render() for i in issues),
                    [i.render() for i in issues],
                )
            value = checked
        mapped = self.config_fn(value)
        if not isinstance(mapped, Mapping):
            raise InvalidConfigError(
                f"ConfigMapping config_fn must return a run config mapping, got {mapped!r}", []
            )
        return dict(mapped)
