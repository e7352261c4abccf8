"""``@pytest.mark.partitions``: its arguments, its source and the keys it selects.

Errors are :class:`MarkerError` (a ``pytest.UsageError`` that pytest reports as a plain collection
error, without a traceback) naming the test, the bad value and the nearest valid alternatives.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from ._keys import sample_positions
from ._settings import RANGE_SEPARATOR, Settings

if TYPE_CHECKING:
    from partwise import KeySpace, PartitionedConfig, PartitionsDefinition

__all__ = ["MarkerError", "MarkerArgs", "Source", "parse_marker", "resolve_source", "select_keys"]

_KWARGS = ("keys", "range", "last", "sample")


class MarkerError(pytest.UsageError, pytest.Collector.CollectError):  # type: ignore[misc]
    """A misused ``partitions`` marker; shown as a one-paragraph collection error."""


@dataclass(frozen=True)
class MarkerArgs:
    """The marker's arguments, checked for shape (not yet against the definition)."""

    source: Any
    keys: tuple[str, ...] | None = None
    key_range: tuple[str, str] | None = None
    last: int | None = None
    sample: int | None = None


@dataclass(frozen=True)
class Source:
    """What a marker's source provides: a definition, maybe a partitioned config, asset or job."""

    partitions_def: PartitionsDefinition
    partitioned_config: PartitionedConfig | None = None
    asset: Any = None
    job: Any = None


def _positive(test: str, name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise MarkerError(
            f"{test}: @pytest.mark.partitions({name}={value!r}) must be a positive integer; "
            f"expected e.g. {name}=7"
        )
    return value


def _key_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return "|".join(str(value[name]) for name in sorted(value))
    return str(value)


def _keys(test: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Sequence | set | frozenset):
        raise MarkerError(
            f"{test}: @pytest.mark.partitions(keys={value!r}) must be a list of keys; "
            f"did you mean keys=[{value!r}]?"
        )
    return tuple(_key_text(v) for v in value)


def _range(test: str, value: Any) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, str) and RANGE_SEPARATOR in value:
        value = value.split(RANGE_SEPARATOR, 1)
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise MarkerError(
            f"{test}: @pytest.mark.partitions(range={value!r}) must be a pair (first, last) of "
            "keys, both included; expected e.g. range=('2024-01-01', '2024-01-31')"
        )
    return _key_text(value[0]), _key_text(value[1])


def parse_marker(test: str, marker: pytest.Mark) -> MarkerArgs:
    """Check the marker's shape: one source, known keyword arguments, sane values."""
    kwargs = dict(marker.kwargs)
    args = list(marker.args)
    if "source" in kwargs:
        args.insert(0, kwargs.pop("source"))
    unknown = sorted(set(kwargs) - set(_KWARGS))
    if len(args) != 1 or unknown:
        problem = f"unknown arguments {unknown}" if unknown else f"{len(args)} positional arguments"
        raise MarkerError(
            f"{test}: @pytest.mark.partitions got {problem}; expected partitions(source, *, "
            "keys=None, range=None, last=None, sample=None)"
        )
    parsed = MarkerArgs(
        source=args[0],
        keys=_keys(test, kwargs.get("keys")),
        key_range=_range(test, kwargs.get("range")),
        last=_positive(test, "last", kwargs.get("last")),
        sample=_positive(test, "sample", kwargs.get("sample")),
    )
    given = [name for name in ("keys", "range", "last") if kwargs.get(name) is not None]
    if len(given) > 1:
        raise MarkerError(
            f"{test}: @pytest.mark.partitions takes at most one of keys=, range= and last=; got "
            f"{' and '.join(given)} (sample= may be combined with any of them)"
        )
    return parsed


def _name_of(source: Any) -> str:
    from partwise import CheckError

    try:
        key: Any = getattr(source, "key", None)
    except CheckError:  # a multi-asset has no single key: name its node
        return str(source.node_name)
    if key is not None and hasattr(key, "to_user_string"):
        return str(key.to_user_string())
    return str(getattr(source, "name", None) or repr(source))


def resolve_source(test: str, source: Any) -> Source:
    """The definition (and config, asset or job) behind a marker's source."""
    from partwise import (
        AssetsDefinition,
        CheckError,
        JobDefinition,
        PartitionedConfig,
        PartitionsDefinition,
        UnresolvedAssetJobDefinition,
    )

    if isinstance(source, PartitionsDefinition):
        return Source(source)
    if isinstance(source, PartitionedConfig):
        return Source(source.partitions_def, partitioned_config=source)
    name = _name_of(source)
    try:
        defn = getattr(source, "partitions_def", None)
    except CheckError as error:  # a multi-asset whose assets are partitioned different ways
        raise MarkerError(
            f"{test}: {error}; pass the definition of the asset meant, e.g. "
            f"{name}.partitions_def_for(key)"
        ) from None
    if isinstance(source, UnresolvedAssetJobDefinition) and defn is None:
        raise MarkerError(
            f"{test}: asset job {source.name!r} takes its partitions from its assets; pass the "
            f"resolved job instead, e.g. defs.resolve_job_def({source.name!r})"
        )
    if not isinstance(defn, PartitionsDefinition):
        kind = type(source).__name__
        expected = "a partitions definition, an asset, a job or a PartitionedConfig"
        if isinstance(source, AssetsDefinition | JobDefinition | UnresolvedAssetJobDefinition):
            raise MarkerError(f"{test}: {kind} {name!s} is not partitioned; expected {expected}")
        raise MarkerError(
            f"{test}: @pytest.mark.partitions got {kind} {source!r}; expected {expected}"
        )
    config = getattr(source, "partitioned_config", None)
    if config is None and isinstance(getattr(source, "config", None), PartitionedConfig):
        config = source.config
    if isinstance(source, AssetsDefinition):
        return Source(defn, asset=source)
    return Source(defn, partitioned_config=config, job=source)


def _nearest(defn: PartitionsDefinition, key: str, now: _dt.datetime) -> list[str]:
    """Keys next to ``key``: its neighbours in time for time keys, else by spelling."""
    from partwise import partition_loading_context

    try:
        with partition_loading_context(now):
            return [str(k) for k in defn.nearest_partition_keys(key)]
    except Exception:
        return []


def _position(test: str, defn: PartitionsDefinition, space: KeySpace, key: str, now: Any) -> int:
    index = space.index_of(key)
    if index is None:
        why = defn.unknown_key_hint(key).strip()
        raise MarkerError(
            f"{test}: partition key {key!r} does not exist at {now.isoformat()}; "
            f"{why or f'nearest valid keys: {_nearest(defn, key, now)}'}; partitions: {defn}"
        )
    return index


def _space(test: str, defn: PartitionsDefinition, args: MarkerArgs, now: Any) -> KeySpace:
    """The key space; for dynamic partitions (no store at collection time) the keys given."""
    from partwise import CheckError, KeySpace

    try:
        return defn.key_space(now)
    except CheckError:
        if args.keys is None:
            raise MarkerError(
                f"{test}: the keys of {defn} live in a dynamic-partitions store, which does not "
                "exist at collection time; name the keys to test with keys=[...]"
            ) from None
        keys = [defn.partition_key_from_str(k) for k in dict.fromkeys(args.keys)]
        return KeySpace.listed(keys)


def _positions_by_time(
    test: str, defn: PartitionsDefinition, space: KeySpace, bounds: tuple[str, str], now: Any
) -> Sequence[int] | None:
    """Dates or times as ``range=`` bounds of time partitions: the windows overlapping them."""
    from partwise import partition_loading_context

    from ._restrict import positions_in_range

    if not any(_is_time_bound(defn, b) for b in bounds):
        return None
    with partition_loading_context(now):
        positions = positions_in_range(defn, space, bounds, now)
    if not positions:
        if not all(_is_time_bound(defn, b) or space.index_of(b) is not None for b in bounds):
            return None  # a bound that is neither a key nor a time: the key error says which
        raise MarkerError(
            f"{test}: range={bounds!r} overlaps no partition of {defn} at {now.isoformat()}"
        )
    return positions


def _is_time_bound(defn: PartitionsDefinition, text: str) -> bool:
    """An ISO date or time not spelled like a key of ``defn`` (of its time dimension)."""
    from partwise._partitions.time_bounds import is_time_bound

    time_def = defn.time_window_partitions_def
    return time_def is not None and is_time_bound(time_def, text)


def _marker_positions(
    test: str, defn: PartitionsDefinition, space: KeySpace, args: MarkerArgs, now: Any
) -> Sequence[int]:
    if args.keys is not None:
        found = {_position(test, defn, space, key, now) for key in args.keys}
        return sorted(found)
    if args.key_range is not None:
        if any(space.index_of(key) is None for key in args.key_range):
            by_time = _positions_by_time(test, defn, space, args.key_range, now)
            if by_time is not None:
                return by_time
        lo, hi = (_position(test, defn, space, key, now) for key in args.key_range)
        if lo > hi:
            raise MarkerError(
                f"{test}: range={args.key_range!r} starts after it ends; expected "
                f"range=({args.key_range[1]!r}, {args.key_range[0]!r})"
            )
        return range(lo, hi + 1)
    if args.last is not None:
        return range(max(0, space.size - args.last), space.size)
    return range(space.size)


@dataclass(frozen=True)
class Selection:
    """The keys a marked test runs for, or why it runs for none."""

    source: Source
    keys: list[str]
    total: int
    skip_reason: str | None = None
    positions: Sequence[int] = ()  # each key's position in the definition (its order)


def select_keys(test: str, args: MarkerArgs, settings: Settings) -> Selection:
    """Marker selection, then the session's key/range restriction, then sampling."""
    source = resolve_source(test, args.source)
    defn, now = source.partitions_def, settings.now
    space = _space(test, defn, args, now)
    positions = _marker_positions(test, defn, space, args, now)
    positions, reason = _restrict(defn, space, positions, settings)
    caps = [n for n in (args.sample, settings.sample) if n is not None]
    if caps:
        positions = sample_positions(positions, min(caps), settings.seed)
    if not positions and reason is None:
        reason = f"{defn} has no partitions at {now.isoformat()}"
    return Selection(source, space.keys(positions), space.size, reason, positions)


def _restrict(
    defn: PartitionsDefinition, space: KeySpace, positions: Sequence[int], settings: Settings
) -> tuple[Sequence[int], str | None]:
    """Apply ``--partition-key`` and ``--partition-range``; explain an empty result."""
    from ._restrict import positions_in_range

    if settings.key is not None:
        index = space.index_of(settings.key)
        kept = [index] if index is not None and index in positions else []
        if not kept:
            return kept, f"--partition-key {settings.key!r} is not among this test's partition keys"
        positions = kept
    if settings.key_range is not None:
        wanted = positions_in_range(defn, space, settings.key_range, settings.now)
        positions = _intersect(positions, wanted)
        if not positions:
            text = RANGE_SEPARATOR.join(settings.key_range)
            return positions, f"--partition-range {text} selects none of this test's partition keys"
    return positions, None


def _intersect(a: Sequence[int], b: Sequence[int]) -> Sequence[int]:
    if isinstance(a, range) and isinstance(b, range) and a.step == b.step == 1:
        return range(max(a.start, b.start), min(a.stop, b.stop))
    keep: range | set[int] = b if isinstance(b, range) else set(b)
    return [i for i in a if i in keep]


def session_positions(
    defn: PartitionsDefinition, space: KeySpace, settings: Settings
) -> Sequence[int]:
    """All positions, restricted by ``--partition-key``/``--partition-range``, then sampled."""
    positions, _ = _restrict(defn, space, range(space.size), settings)
    if settings.sample is not None:
        positions = sample_positions(positions, settings.sample, settings.seed)
    return positions
