"""The project's ``Definitions`` named by ``--partwise-definitions`` / ini ``partwise_definitions``,
loaded once per session by partwise's one target loader (for the fixtures and the CI items)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ._settings import SETTINGS_KEY

if TYPE_CHECKING:
    from partwise import Definitions

__all__ = ["load_definitions", "project_definitions"]

_DEFINITIONS_KEY = pytest.StashKey["Definitions | None"]()


def load_definitions(spec: str, search: list[Path] | None = None) -> Any:
    """The ``Definitions`` named by ``module:attr`` or ``path.py:attr`` (``attr`` defaults to
    ``defs`` and may name a function returning the definitions); a usage error otherwise."""
    from partwise._target import TargetError, load_target

    try:
        return load_target(spec, search or []).definitions
    except TargetError as error:
        raise pytest.UsageError(f"--partwise-definitions {spec!r}: {error}") from None


def project_definitions(config: pytest.Config) -> Definitions | None:
    """The session's project, or ``None`` when no project is named."""
    if _DEFINITIONS_KEY not in config.stash:
        spec = config.stash[SETTINGS_KEY].definitions
        search = [config.invocation_params.dir, config.rootpath]
        config.stash[_DEFINITIONS_KEY] = load_definitions(spec, search) if spec else None
    return config.stash[_DEFINITIONS_KEY]
