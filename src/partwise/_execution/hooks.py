"""Engine hooks (pluggy): observe runs without monkeypatching.

Register an object with ``@hookimpl``-decorated methods through :func:`register_plugin`. Until one
is registered, a run checks one attribute and makes no hook call at all.
"""

from __future__ import annotations

from typing import Any

import pluggy

from partwise._compat import strict_keywords

__all__ = [
    "HookSpecs",
    "hookimpl",
    "hookspec",
    "plugin_manager",
    "register_plugin",
    "unregister_plugin",
]

hookspec = pluggy.HookspecMarker("partwise")
hookimpl = pluggy.HookimplMarker("partwise")


class HookSpecs:
    """The engine's hook signatures."""

    @hookspec
    def partwise_run_start(self, run: Any) -> None:
        """A run is about to execute its first step."""

    @hookspec
    def partwise_step_end(self, run: Any, step_key: str, success: bool, error: Any) -> None:
        """A step finished (``error`` is the exception when it failed)."""

    @hookspec
    def partwise_materialization(self, run: Any, asset_key: Any, partition: Any) -> None:
        """An asset partition (``partition`` is ``None`` if unpartitioned) was materialized."""

    @hookspec
    def partwise_run_end(self, run: Any, success: bool) -> None:
        """A run finished; ``run`` carries its final status."""


class _Registry:
    """Holds the process's plugin manager (the one piece of process-wide state, like pytest's)."""

    manager: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    if _Registry.manager is None:
        pm = pluggy.PluginManager("partwise")
        pm.add_hookspecs(HookSpecs)
        _Registry.manager = pm
    return _Registry.manager


def active_hooks() -> Any:
    """The hook caller if any plugin is registered, else ``None`` (the fast path)."""
    pm = _Registry.manager
    return pm.hook if pm is not None and pm.get_plugins() else None


@strict_keywords
def register_plugin(plugin: object) -> None:
    plugin_manager().register(plugin)


@strict_keywords
def unregister_plugin(plugin: object) -> None:
    plugin_manager().unregister(plugin)
