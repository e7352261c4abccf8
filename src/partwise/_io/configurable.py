"""I/O managers configured like ``Config`` classes (pydantic models with typed fields)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from partwise._config.config import ConfigurableResource

from .base import InitResourceContext, IOManager
from .contexts import default_logger

if TYPE_CHECKING:
    from partwise._instance.instance import Instance

__all__ = ["ConfigurableIOManager", "ConfigurableIOManagerFactory"]


class ConfigurableIOManager(ConfigurableResource, IOManager):
    """An I/O manager whose fields are its config: subclass it and implement the two methods."""


class ConfigurableIOManagerFactory(ConfigurableResource):
    """Config fields that build an I/O manager once per run (``create_io_manager``)."""

    @abstractmethod
    def create_io_manager(self, context: InitResourceContext) -> IOManager:
        """The I/O manager for one run."""

    def create(
        self, instance: Instance | None, resource_config: Mapping[str, Any] | None = None
    ) -> IOManager:
        """Build the run's I/O manager, as ``IOManagerDefinition.create`` does."""
        context = InitResourceContext(dict(resource_config or {}), instance, default_logger())
        return self.create_io_manager(context)
