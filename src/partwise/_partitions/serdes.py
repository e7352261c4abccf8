"""``serialize_value`` / ``deserialize_value``: the reference's JSON for partition values.

Covers what partition code stores: key ranges, time-window definitions, both subset kinds,
partition mappings, keys (a multi key is its string), and plain JSON values, sets and tuples. The JSON has the
reference's shape (``"__class__"`` tags, sorted object keys), so text written by either side reads
back on the other.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping
from typing import Any

from partwise._compat import strict_keywords
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.keys import PartitionKeyRange, TimeWindow
from partwise._partitions.mappings.base import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    LastPartitionMapping,
)
from partwise._partitions.mappings.multi import (
    DimensionPartitionMapping,
    MultiPartitionMapping,
    MultiToSingleDimensionPartitionMapping,
)
from partwise._partitions.mappings.static import (
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
)
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise._partitions.subsets.base import DefaultPartitionsSubset
from partwise._partitions.subsets.time_window import TimeWindowPartitionsSubset, aware_in
from partwise._time.ticks import get_timezone
from partwise.errors import SerializationError

__all__ = ["deserialize_value", "serialize_value"]

_CLASS = "__class__"

# Partition mappings, with the fields that make them (named as in the reference's records).
_MAPPINGS: dict[type, tuple[str, ...]] = {
    AllPartitionMapping: (),
    IdentityPartitionMapping: (),
    LastPartitionMapping: (),
    StaticPartitionMapping: ("downstream_partition_keys_by_upstream_partition_key",),
    SpecificPartitionsPartitionMapping: ("partition_keys",),
    TimeWindowPartitionMapping: (
        "allow_nonexistent_upstream_partitions",
        "end_offset",
        "start_offset",
    ),
    MultiToSingleDimensionPartitionMapping: ("partition_dimension_name",),
    MultiPartitionMapping: ("downstream_mappings_by_upstream_dimension",),
    DimensionPartitionMapping: ("dimension_name", "partition_mapping"),
}


@strict_keywords
def serialize_value(value: Any) -> str:
    """``value`` as the reference's JSON text (object keys sorted)."""
    return json.dumps(_pack(value, "<root>"), sort_keys=True)


@strict_keywords
def deserialize_value(serialized: str, as_type: type | tuple[type, ...] | None = None) -> Any:
    """The value :func:`serialize_value` wrote; with ``as_type``, check the result's type."""
    try:
        value = json.loads(serialized, object_hook=_unpack)
    except ValueError as e:
        raise SerializationError(f"Cannot deserialize {serialized[:200]!r}: {e}") from None
    if as_type is not None and not isinstance(value, as_type):
        raise SerializationError(
            f"Deserialized object was not expected type {as_type}, got {type(value)}"
        )
    return value


def _stamp(instant: _dt.datetime, timezone: str) -> dict[str, Any]:
    return {_CLASS: "TimestampWithTimezone", "timestamp": instant.timestamp(), "timezone": timezone}


def _pack_definition(defn: TimeWindowPartitionsDefinition) -> dict[str, Any]:
    tz = defn.timezone
    exclusions = [
        e if isinstance(e, str) else _stamp(aware_in(defn, e), tz) for e in defn.exclusions
    ]
    return {
        _CLASS: "TimeWindowPartitionsDefinition",
        "cron_schedule": defn.cron_schedule,
        "end": None if defn.end is None else _stamp(defn.end, tz),
        "end_offset": defn.end_offset,
        "exclusions": exclusions or None,
        "fmt": defn.fmt,
        "start": _stamp(defn.start, tz),
        "timezone": tz,
    }


def _pack_time_subset(subset: TimeWindowPartitionsSubset) -> dict[str, Any]:
    tz = subset.partitions_def.timezone
    windows = [
        {_CLASS: "TimeWindow", "end": _stamp(w.end, tz), "start": _stamp(w.start, tz)}
        for w in subset.included_time_windows
    ]
    return {
        _CLASS: "TimeWindowPartitionsSubset",
        "included_time_windows": windows,
        "num_partitions": subset.num_partitions,
        "partitions_def": _pack_definition(subset.partitions_def),
    }


def _pack(value: Any, path: str) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return str(value) if isinstance(value, str) else value
    if isinstance(value, PartitionKeyRange):
        return {_CLASS: "PartitionKeyRange", "end": value.end, "start": value.start}
    if isinstance(value, DefaultPartitionsSubset):
        return {_CLASS: "DefaultPartitionsSubset", "subset": {"__set__": sorted(value.subset)}}
    if isinstance(value, TimeWindowPartitionsSubset):
        return _pack_time_subset(value)
    if isinstance(value, TimeWindowPartitionsDefinition):
        return _pack_definition(value)
    if type(value) in _MAPPINGS:
        fields = {f: _pack(getattr(value, f), f"{path}.{f}") for f in _MAPPINGS[type(value)]}
        return {_CLASS: type(value).__name__, **fields}
    if isinstance(value, (set, frozenset)):
        tag = "__set__" if isinstance(value, set) else "__frozenset__"
        return {tag: sorted(_pack(v, path) for v in value)}
    if isinstance(value, (list, tuple)):
        return [_pack(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {k: _pack(v, f"{path}.{k}") for k, v in value.items()}
    raise SerializationError(
        f"Cannot serialize {type(value).__name__} at {path}: {value!r}. serialize_value writes "
        "key ranges, time-window definitions, partitions subsets, keys and plain JSON values."
    )


def _datetime(stamp: Any) -> _dt.datetime:
    if isinstance(stamp, _dt.datetime):
        return stamp
    raise SerializationError(f"Expected a TimestampWithTimezone, got {stamp!r}")


def _time_window_definition(data: dict[str, Any]) -> TimeWindowPartitionsDefinition:
    return TimeWindowPartitionsDefinition(
        start=_datetime(data["start"]),
        end=None if data.get("end") is None else _datetime(data["end"]),
        cron_schedule=data["cron_schedule"],
        fmt=data["fmt"],
        timezone=data.get("timezone") or "UTC",
        end_offset=data.get("end_offset") or 0,
        exclusions=[
            _wall_time(e, data.get("timezone") or "UTC") for e in data.get("exclusions") or ()
        ],
    )


def _wall_time(exclusion: str | _dt.datetime, timezone: str) -> str | _dt.datetime:
    """A datetime exclusion as naive wall time in the zone, the form definitions are usually given."""
    if isinstance(exclusion, str):
        return exclusion
    return exclusion.astimezone(get_timezone(timezone)).replace(tzinfo=None)


def _time_subset(data: dict[str, Any]) -> TimeWindowPartitionsSubset:
    return TimeWindowPartitionsSubset(
        data["partitions_def"],
        num_partitions=data.get("num_partitions"),
        included_time_windows=data.get("included_time_windows") or (),
    )


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "TimestampWithTimezone": lambda d: _dt.datetime.fromtimestamp(
        d["timestamp"], get_timezone(d.get("timezone") or "UTC")
    ),
    "TimeWindow": lambda d: TimeWindow(_datetime(d["start"]), _datetime(d["end"])),
    "PartitionKeyRange": lambda d: PartitionKeyRange(d["start"], d["end"]),
    "DefaultPartitionsSubset": lambda d: DefaultPartitionsSubset(d.get("subset") or ()),
    "TimeWindowPartitionsDefinition": _time_window_definition,
    "TimeWindowPartitionsSubset": _time_subset,
}


def _mapping_reader(cls: type) -> Callable[[dict[str, Any]], Any]:
    def read(data: dict[str, Any]) -> Any:
        return cls(**{k: v for k, v in data.items() if k != _CLASS})

    return read


_READERS.update({cls.__name__: _mapping_reader(cls) for cls in _MAPPINGS})


def _unpack(data: dict[str, Any]) -> Any:
    if "__set__" in data:
        return set(data["__set__"])
    if "__frozenset__" in data:
        return frozenset(data["__frozenset__"])
    name = data.get(_CLASS)
    if name is None:
        return data
    reader = _READERS.get(name)
    if reader is None:
        raise SerializationError(
            f'Attempted to deserialize class "{name}", which partwise does not read; it reads '
            f"{sorted(_READERS)}"
        )
    try:
        return reader(data)
    except KeyError as e:
        raise SerializationError(f"Serialized {name} is missing the field {e}") from None
