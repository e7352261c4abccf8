"""The in-memory I/O manager: objects live in the instance's ``memory_store``, never on disk.

Keys are ``(asset_key, partition_key)`` (``None`` for an unpartitioned asset) and
``(run_id, step_key, output_name)`` for op outputs. A range or key-set output is stored under
each of its keys, so later steps can load any of them.
"""

from __future__ import annotations

from typing import Any

from partwise._tracebackhide import hide_engine_frames
from partwise.errors import MissingInputError

from .base import (
    MISSING,
    InitResourceContext,
    InputContext,
    IOManager,
    OutputContext,
    io_manager,
    load_mapped_partitions as _load_mapped,
    missing_input,
)

__all__ = ["InMemoryIOManager", "mem_io_manager"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


class InMemoryIOManager(IOManager):
    """Keeps outputs in ``context.instance.memory_store`` (or in ``values`` without an instance)."""

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}
        """The store used when a context has no instance (unit tests without one)."""

    def __repr__(self) -> str:
        return "InMemoryIOManager()"

    def _store(self, context: OutputContext | InputContext) -> dict[Any, Any]:
        instance = context._instance
        return self.values if instance is None else instance.memory_store

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        store = self._store(context)
        asset_key = context._asset_key
        if asset_key is None:
            store[tuple(context.get_identifier())] = obj
            return
        keys = context._keys
        if len(keys) == 1:
            store[(asset_key, keys[0])] = obj
        elif not keys:
            store[(asset_key, None)] = obj
        elif obj is not None:
            for key in keys:
                store[(asset_key, key)] = obj

    def load_input(self, context: InputContext) -> Any:
        store = self._store(context)
        asset_key = context._asset_key
        if asset_key is None:
            identifier = tuple(context.get_identifier())
            obj = store.get(identifier, MISSING)
            if obj is MISSING:
                run_id, step_key, name = identifier
                raise _missing(f"output '{name}' of step '{step_key}' in run {run_id}")
            return obj
        if not context.has_asset_partitions:
            obj = store.get((asset_key, None), MISSING)
            if obj is MISSING:
                raise _missing(f"asset {asset_key.to_user_string()}")
            return obj
        keys = context._keys
        if len(keys) == 1:  # the common case, without closures
            obj = store.get((asset_key, keys[0]), MISSING)
            if obj is not MISSING:
                return obj

        def fetch(key: str) -> Any:
            return store.get((asset_key, key), MISSING)

        def missing(key: str) -> Exception:
            return _missing(f"partition '{key}' of asset {asset_key.to_user_string()}")

        return _load_mapped(context, fetch, missing)


def _missing(what: str) -> MissingInputError:
    return missing_input(
        what, "the in-memory I/O manager keeps values only within one instance and one process"
    )


@io_manager
def mem_io_manager(init_context: InitResourceContext) -> InMemoryIOManager:
    """The in-memory I/O manager as a function-style definition."""
    return InMemoryIOManager()
