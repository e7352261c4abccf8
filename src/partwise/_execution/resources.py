"""Resources for a run: initialising them and their life-cycle hooks (``Resources`` is the namespace)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from partwise._definitions.resource import (
    ResourceDefinition,
    Resources,
    build_init_resource_context,
)

__all__ = ["Resources", "init_context", "initialize_resources", "lifecycle"]


def initialize_resources(values: dict[str, Any], section: Any, instance: Any) -> None:
    """Turn given resources into the values a run (or a built context) uses, in place.

    Function-style definitions (``@resource``, ``@io_manager``) are built, with their config from
    ``section[key]["config"]`` (the run config's ``resources``) when given; Pythonic resources
    get their ``EnvVar`` fields read (``ConfigurableResource.for_run``).
    """
    pythonic = sys.modules.get("partwise._config.config")  # not loaded: no such resource exists
    for key, value in values.items():
        if pythonic is not None and isinstance(value, pythonic.ConfigurableResource):
            values[key] = value = value.for_run(key)
        if isinstance(value, ResourceDefinition):
            given = section.get(key) if isinstance(section, Mapping) else None
            config = given.get("config") if isinstance(given, Mapping) else None
            values[key] = value.create(instance, config, Resources(values), key)


def lifecycle(resources: Resources, hook: str) -> list[Any]:
    """The bound ``setup_for_execution`` / ``teardown_after_execution`` methods users overrode.

    The no-op defaults of ``ConfigurableResource`` are skipped, so plain runs call nothing.
    """
    calls = []
    for value in resources.values():
        method = getattr(type(value), hook, None)
        if method is not None and method.__qualname__ != f"ConfigurableResource.{hook}":
            calls.append(getattr(value, hook))
    return calls


def init_context(resources: Resources, instance: Any) -> Any:
    """The init context handed to resource life-cycle methods."""
    return build_init_resource_context(resources=resources, instance=instance)
