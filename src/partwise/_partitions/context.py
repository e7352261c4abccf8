"""The ambient "effective time" and dynamic-partitions store that partition lookups read.

Methods that take ``current_time=`` / ``dynamic_partitions_store=`` open this context; methods
without them (``get_last_partition_key()``, ``has_partition_key()``, …) read it. Values nest:
an argument left ``None`` inherits the enclosing value.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from partwise import _clock
from partwise._compat import strict_keywords
from partwise.errors import CheckError, check_param

__all__ = [
    "DynamicPartitionsStore",
    "PartitionLoadingContext",
    "current_dynamic_store",
    "effective_time",
    "partition_loading_context",
]


@runtime_checkable
class DynamicPartitionsStore(Protocol):
    """Where the keys of named dynamic partitions definitions live (an instance implements it)."""

    def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]: ...

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool: ...


@dataclass(frozen=True)
class PartitionLoadingContext:
    effective_dt: _dt.datetime | None = None
    dynamic_partitions_store: DynamicPartitionsStore | None = None


_CONTEXT: contextvars.ContextVar[PartitionLoadingContext] = contextvars.ContextVar(
    "partwise_partition_loading_context",
    default=PartitionLoadingContext(),  # noqa: B039 (frozen)
)


@strict_keywords
@contextmanager
def partition_loading_context(
    effective_dt: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
    *,
    new_ctx: PartitionLoadingContext | None = None,
) -> Iterator[PartitionLoadingContext]:
    """Fix "now" and/or the dynamic-partitions store for every partition lookup inside the block."""
    check_param(effective_dt, "current_time", _dt.datetime, optional=True)
    outer = _CONTEXT.get()
    if new_ctx is not None:
        effective_dt = effective_dt or new_ctx.effective_dt
        dynamic_partitions_store = dynamic_partitions_store or new_ctx.dynamic_partitions_store
    ctx = PartitionLoadingContext(
        effective_dt if effective_dt is not None else outer.effective_dt,
        dynamic_partitions_store
        if dynamic_partitions_store is not None
        else outer.dynamic_partitions_store,
    )
    token = _CONTEXT.set(ctx)
    try:
        yield ctx
    finally:
        _CONTEXT.reset(token)


def effective_time(current_time: _dt.datetime | None = None) -> _dt.datetime:
    """``current_time`` if given, else the context's effective time, else the clock (may be naive)."""
    if current_time is not None:
        if not isinstance(current_time, _dt.datetime) or current_time.year == _dt.MAXYEAR:
            check_param(current_time, "current_time", _dt.datetime)
            raise CheckError(f"current_time={current_time.isoformat()} is beyond the last year")
        return current_time
    ctx_time = _CONTEXT.get().effective_dt
    return ctx_time if ctx_time is not None else _clock.now()


def current_dynamic_store(
    store: DynamicPartitionsStore | None = None,
) -> DynamicPartitionsStore | None:
    return store if store is not None else _CONTEXT.get().dynamic_partitions_store
