"""``PartitionedConfig``: run config (and run tags) computed from a partition key, plus the
decorators that build one for time-window, static and dynamic partitions."""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from partwise._compat import strict_keywords
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise.errors import CheckError, InvalidInvocationError

if TYPE_CHECKING:  # config.py imports pydantic: schedules and jobs without config never need it
    from .config import RunConfig

if TYPE_CHECKING:
    from partwise._partitions.context import DynamicPartitionsStore
    from partwise._partitions.definitions.base import PartitionsDefinition

__all__ = [
    "PARTITION_SET_TAG",
    "Partition",
    "PartitionedConfig",
    "daily_partitioned_config",
    "dynamic_partitioned_config",
    "hourly_partitioned_config",
    "monthly_partitioned_config",
    "static_partitioned_config",
    "weekly_partitioned_config",
]

PARTITION_SET_TAG = "dagster/partition_set"

RunConfigLike: TypeAlias = "Mapping[str, Any] | RunConfig"
TimeWindowConfigFn: TypeAlias = Callable[[_dt.datetime, _dt.datetime], RunConfigLike]
TimeWindowTagsFn: TypeAlias = Callable[[_dt.datetime, _dt.datetime], Mapping[str, str]]
KeyConfigFn: TypeAlias = Callable[[str], RunConfigLike]
KeyTagsFn: TypeAlias = Callable[[str], Mapping[str, str]]


@dataclass(frozen=True)
class Partition:
    """A partition as the legacy ``*_for_partition_fn`` callbacks receive it."""

    value: Any
    name: str


class PartitionedConfig:
    """Run config and run tags as functions of a partition key of ``partitions_def``.

    Give exactly one of ``run_config_for_partition_key_fn`` (takes the key) or the legacy
    ``run_config_for_partition_fn`` (takes a :class:`Partition`); at most one tags function.
    """

    def __init__(
        self,
        partitions_def: PartitionsDefinition,
        run_config_for_partition_fn: Callable[[Partition], RunConfigLike] | None = None,
        decorated_fn: Callable[..., RunConfigLike] | None = None,
        tags_for_partition_fn: Callable[[Partition], Mapping[str, str]] | None = None,
        run_config_for_partition_key_fn: KeyConfigFn | None = None,
        tags_for_partition_key_fn: KeyTagsFn | None = None,
    ) -> None:
        if (run_config_for_partition_fn is None) == (run_config_for_partition_key_fn is None):
            raise CheckError(
                "Invariant failed. Description: Must provide exactly one of "
                "run_config_for_partition_fn or run_config_for_partition_key_fn"
            )
        if tags_for_partition_fn is not None and tags_for_partition_key_fn is not None:
            raise CheckError(
                "Invariant failed. Description: Cannot provide both of tags_for_partition_fn "
                "or tags_for_partition_key_fn"
            )
        self._partitions_def = partitions_def
        self.run_config_for_partition_fn = run_config_for_partition_fn
        self.run_config_for_partition_key_fn = run_config_for_partition_key_fn
        self.tags_for_partition_fn = tags_for_partition_fn
        self.tags_for_partition_key_fn = tags_for_partition_key_fn
        self._decorated_fn = decorated_fn

    @property
    def partitions_def(self) -> PartitionsDefinition:
        return self._partitions_def

    @property
    def decorated_fn(self) -> Callable[..., RunConfigLike] | None:
        return self._decorated_fn

    @classmethod
    def from_flexible_config(
        cls,
        config: PartitionedConfig | RunConfigLike | None,
        partitions_def: PartitionsDefinition,
    ) -> PartitionedConfig:
        """``config`` itself if already partitioned, else one returning that fixed config."""
        if isinstance(config, PartitionedConfig):
            return config
        fixed = _as_dict(config or {})
        return cls(partitions_def, run_config_for_partition_key_fn=FixedConfig(fixed))

    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """The keys of :attr:`partitions_def` that exist at ``current_time``."""
        return self._partitions_def.get_partition_keys(current_time, dynamic_partitions_store)

    def get_run_config_for_partition_key(self, partition_key: str) -> dict[str, Any]:
        """The run config for ``partition_key``, as a fresh plain dict."""
        if self.run_config_for_partition_key_fn is not None:
            config = self.run_config_for_partition_key_fn(partition_key)
        else:
            assert self.run_config_for_partition_fn is not None
            config = self.run_config_for_partition_fn(self._partition(partition_key))
        return _as_dict(config)

    def get_tags_for_partition_key(
        self, partition_key: str, job_name: str | None = None
    ) -> dict[str, str]:
        """User tags, then partition tags, then the partition-set tag when ``job_name`` is set."""
        if self.tags_for_partition_key_fn is not None:
            tags = dict(self.tags_for_partition_key_fn(partition_key))
        elif self.tags_for_partition_fn is not None:
            tags = dict(self.tags_for_partition_fn(self._partition(partition_key)))
        else:
            tags = {}
        tags.update(self._partitions_def.get_tags_for_partition_key(partition_key))
        if job_name is not None:
            tags[PARTITION_SET_TAG] = f"{job_name}_partition_set"
        return tags

    def _partition(self, partition_key: str) -> Partition:
        defn = self._partitions_def
        if defn.time_window_partitions_def is defn:  # a time window's value is its window
            window = defn.time_window_for_partition_keys([partition_key])
            return Partition(value=window, name=partition_key)
        return Partition(value=partition_key, name=partition_key)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._decorated_fn is None:
            raise InvalidInvocationError(
                "Only PartitionedConfig objects created using one of the partitioned config "
                "decorators can be directly invoked."
            )
        return self._decorated_fn(*args, **kwargs)

    def __repr__(self) -> str:
        name = getattr(self._decorated_fn, "__name__", None)
        label = f"{name!r}, " if name else ""
        return f"PartitionedConfig({label}partitions_def={self._partitions_def!r})"


def _as_dict(config: RunConfigLike) -> dict[str, Any]:
    to_config_dict = getattr(config, "to_config_dict", None)  # a RunConfig
    if to_config_dict is not None and not isinstance(config, Mapping):
        return dict(to_config_dict())
    if not isinstance(config, Mapping):
        raise InvalidInvocationError(
            f"A partitioned config function must return a dict or a RunConfig; got {config!r} "
            f"of type {type(config).__name__}"
        )
    return copy.deepcopy(dict(config))


@dataclass(frozen=True)
class FixedConfig:
    """The same config for every key (picklable, unlike a lambda)."""

    config: Mapping[str, Any]

    def __call__(self, partition_key: str) -> Mapping[str, Any]:
        return self.config


@dataclass(frozen=True)
class _OnWindow:
    """Calls ``fn(start, end)`` with the time window of the key (config or tags)."""

    partitions_def: Any
    fn: Callable[[_dt.datetime, _dt.datetime], Any]

    def __call__(self, partition_key: str) -> Any:
        window = self.partitions_def.time_window_for_partition_key(partition_key)
        return self.fn(window.start, window.end)


def _time_window_decorator(
    partitions_def: PartitionsDefinition, tags_for_partition_fn: TimeWindowTagsFn | None
) -> Callable[[TimeWindowConfigFn], PartitionedConfig]:
    def inner(fn: TimeWindowConfigFn) -> PartitionedConfig:
        tags = _OnWindow(partitions_def, tags_for_partition_fn) if tags_for_partition_fn else None
        return PartitionedConfig(
            partitions_def,
            run_config_for_partition_key_fn=_OnWindow(partitions_def, fn),
            decorated_fn=fn,
            tags_for_partition_key_fn=tags,
        )

    return inner


@strict_keywords
def hourly_partitioned_config(
    start_date: _dt.datetime | str,
    minute_offset: int = 0,
    timezone: str | None = None,
    fmt: str | None = None,
    end_offset: int = 0,
    tags_for_partition_fn: TimeWindowTagsFn | None = None,
    exclusions: Sequence[Any] | None = None,
) -> Callable[[TimeWindowConfigFn], PartitionedConfig]:
    """Decorate ``fn(start, end) -> run config`` into a config over hourly partitions."""
    partitions_def = HourlyPartitionsDefinition(
        start_date=start_date,
        minute_offset=minute_offset,
        timezone=timezone,
        fmt=fmt,
        end_offset=end_offset,
        exclusions=exclusions,
    )
    return _time_window_decorator(partitions_def, tags_for_partition_fn)


@strict_keywords
def daily_partitioned_config(
    start_date: _dt.datetime | str,
    minute_offset: int = 0,
    hour_offset: int = 0,
    timezone: str | None = None,
    fmt: str | None = None,
    end_offset: int = 0,
    tags_for_partition_fn: TimeWindowTagsFn | None = None,
    exclusions: Sequence[Any] | None = None,
) -> Callable[[TimeWindowConfigFn], PartitionedConfig]:
    """Decorate ``fn(start, end) -> run config`` into a config over daily partitions."""
    partitions_def = DailyPartitionsDefinition(
        start_date=start_date,
        minute_offset=minute_offset,
        hour_offset=hour_offset,
        timezone=timezone,
        fmt=fmt,
        end_offset=end_offset,
        exclusions=exclusions,
    )
    return _time_window_decorator(partitions_def, tags_for_partition_fn)


@strict_keywords
def weekly_partitioned_config(
    start_date: _dt.datetime | str,
    minute_offset: int = 0,
    hour_offset: int = 0,
    day_offset: int = 0,
    timezone: str | None = None,
    fmt: str | None = None,
    end_offset: int = 0,
    tags_for_partition_fn: TimeWindowTagsFn | None = None,
    exclusions: Sequence[Any] | None = None,
) -> Callable[[TimeWindowConfigFn], PartitionedConfig]:
    """Decorate ``fn(start, end) -> run config`` into a config over weekly partitions."""
    partitions_def = WeeklyPartitionsDefinition(
        start_date=start_date,
        minute_offset=minute_offset,
        hour_offset=hour_offset,
        day_offset=day_offset,
        timezone=timezone,
        fmt=fmt,
        end_offset=end_offset,
        exclusions=exclusions,
    )
    return _time_window_decorator(partitions_def, tags_for_partition_fn)


@strict_keywords
def monthly_partitioned_config(
    start_date: _dt.datetime | str,
    minute_offset: int = 0,
    hour_offset: int = 0,
    day_offset: int = 1,
    timezone: str | None = None,
    fmt: str | None = None,
    end_offset: int = 0,
    tags_for_partition_fn: TimeWindowTagsFn | None = None,
    exclusions: Sequence[Any] | None = None,
) -> Callable[[TimeWindowConfigFn], PartitionedConfig]:
    """Decorate ``fn(start, end) -> run config`` into a config over monthly partitions."""
    partitions_def = MonthlyPartitionsDefinition(
        start_date=start_date,
        minute_offset=minute_offset,
        hour_offset=hour_offset,
        day_offset=day_offset,
        timezone=timezone,
        fmt=fmt,
        end_offset=end_offset,
        exclusions=exclusions,
    )
    return _time_window_decorator(partitions_def, tags_for_partition_fn)


def _key_tags(
    tags_for_partition_fn: KeyTagsFn | None, tags_for_partition_key_fn: KeyTagsFn | None
) -> KeyTagsFn | None:
    if tags_for_partition_fn is not None and tags_for_partition_key_fn is not None:
        raise CheckError(
            "Invariant failed. Description: Cannot provide both of tags_for_partition_fn "
            "or tags_for_partition_key_fn"
        )
    return tags_for_partition_key_fn or tags_for_partition_fn


@strict_keywords
def static_partitioned_config(
    partition_keys: Sequence[str],
    tags_for_partition_fn: KeyTagsFn | None = None,
    tags_for_partition_key_fn: KeyTagsFn | None = None,
) -> Callable[[KeyConfigFn], PartitionedConfig]:
    """Decorate ``fn(partition_key) -> run config`` into a config over a fixed list of keys."""
    tags = _key_tags(tags_for_partition_fn, tags_for_partition_key_fn)

    def inner(fn: KeyConfigFn) -> PartitionedConfig:
        from partwise._partitions.definitions.static import StaticPartitionsDefinition

        return PartitionedConfig(
            StaticPartitionsDefinition(list(partition_keys)),
            run_config_for_partition_key_fn=fn,
            decorated_fn=fn,
            tags_for_partition_key_fn=tags,
        )

    return inner


@strict_keywords
def dynamic_partitioned_config(
    partition_fn: Callable[[_dt.datetime | None], Sequence[str]],
    tags_for_partition_fn: KeyTagsFn | None = None,
    tags_for_partition_key_fn: KeyTagsFn | None = None,
) -> Callable[[KeyConfigFn], PartitionedConfig]:
    """Decorate ``fn(partition_key) -> run config``; keys come from ``partition_fn(now)``."""
    tags = _key_tags(tags_for_partition_fn, tags_for_partition_key_fn)

    def inner(fn: KeyConfigFn) -> PartitionedConfig:
        from partwise._partitions.definitions.dynamic import DynamicPartitionsDefinition

        return PartitionedConfig(
            DynamicPartitionsDefinition(partition_fn=partition_fn),
            run_config_for_partition_key_fn=fn,
            decorated_fn=fn,
            tags_for_partition_key_fn=tags,
        )

    return inner
