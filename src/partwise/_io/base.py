"""The I/O manager protocol, function-style I/O manager definitions and the shared loading rules.

An I/O manager stores each step output (``handle_output``) and loads it back for downstream steps
(``load_input``). This module stays light: no pydantic, no pandas.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, overload

from partwise._asset_key import CoercibleToAssetKey
from partwise._compat import strict_keywords
from partwise._definitions.resource import (
    InitResourceContext,
    ResourceDefinition,
    build_init_resource_context,
)
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise._partitions.definitions.multi import MultiPartitionKey
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import (
    InvalidInvocationError,
    InvariantViolationError,
    MissingInputError,
    check_param,
)

from .contexts import InputContext, OutputContext

if TYPE_CHECKING:
    from partwise._instance.instance import Instance

__all__ = [
    "ALLOW_MISSING_PARTITIONS",
    "MISSING",
    "IOManager",
    "IOManagerDefinition",
    "InitResourceContext",
    "InputContext",
    "OutputContext",
    "build_init_resource_context",
    "build_input_context",
    "build_output_context",
    "io_manager",
    "load_mapped_partitions",
    "missing_input",
]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

ALLOW_MISSING_PARTITIONS: Final = "allow_missing_partitions"
MISSING: Final = object()
"""What a fetch function returns when nothing is stored for a partition."""


class IOManager(ABC):
    """Stores step outputs and loads them as inputs of downstream steps."""

    @abstractmethod
    def handle_output(self, context: OutputContext, obj: Any) -> None:
        """Store ``obj``, the output described by ``context``."""

    @abstractmethod
    def load_input(self, context: InputContext) -> Any:
        """Load the value of the input described by ``context``."""


IOManagerFunction = Callable[[InitResourceContext], IOManager]


@dataclass(frozen=True)
class IOManagerDefinition(ResourceDefinition):
    """An I/O manager built per run by a function of its init context (``@io_manager``)."""

    def create(
        self,
        instance: Any,
        resource_config: Any = None,
        resources: Any = None,
        key: str = "io_manager",
    ) -> IOManager:
        """Call the function once (the executor does this once per run) and check its result."""
        manager = super().create(instance, resource_config, resources, key)
        if not (hasattr(manager, "handle_output") and hasattr(manager, "load_input")):
            name = getattr(self.resource_fn, "__name__", repr(self.resource_fn))
            raise InvariantViolationError(
                f"I/O manager function {name!r} returned {type(manager).__name__} "
                f"{manager!r}; expected an IOManager (with handle_output and load_input)"
            )
        return manager  # type: ignore[no-any-return]

    def configured(self, config: Mapping[str, Any]) -> IOManagerDefinition:
        """The same definition with its resource config fixed to ``config``."""
        return replace(self, config=dict(config))

    def __call__(self, init_context: InitResourceContext | None = None) -> IOManager:
        """Call the function directly, as unit tests do."""
        return self.resource_fn(init_context or build_init_resource_context())  # type: ignore[no-any-return]

    @staticmethod
    def hardcoded_io_manager(
        value: IOManager, description: str | None = None
    ) -> IOManagerDefinition:
        """A definition that always returns ``value``."""
        return IOManagerDefinition(lambda _: value, description=description)


@overload
def io_manager(config_schema: IOManagerFunction) -> IOManagerDefinition: ...


@overload
def io_manager(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Sequence[str] | None = None,
    version: str | None = None,
) -> Callable[[IOManagerFunction], IOManagerDefinition]: ...


@strict_keywords
def io_manager(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Sequence[str] | None = None,
    version: str | None = None,
) -> IOManagerDefinition | Callable[[IOManagerFunction], IOManagerDefinition]:
    """Turn ``fn(init_context) -> IOManager`` into an :class:`IOManagerDefinition`.

    Use bare (``@io_manager``) or with options (``@io_manager(config_schema={"path": str})``).
    """
    if callable(config_schema) and not isinstance(config_schema, type):
        return IOManagerDefinition(config_schema, description=config_schema.__doc__)

    def decorate(fn: IOManagerFunction) -> IOManagerDefinition:
        keys = frozenset(required_resource_keys or ())
        return IOManagerDefinition(
            fn, config_schema, description or fn.__doc__, keys, version=version
        )

    return decorate


def _typed_keys(keys: Sequence[str], defn: PartitionsDefinition | None) -> tuple[str, ...]:
    """``keys`` as a tuple, multi keys parsed into ``MultiPartitionKey`` for a multi definition."""
    if defn is None:
        return tuple(keys)
    parse = defn.partition_key_from_str
    return tuple(k if isinstance(k, MultiPartitionKey) else parse(k) for k in keys)


def _range_keys(
    key_range: PartitionKeyRange, defn: PartitionsDefinition | None, instance: Instance | None
) -> Sequence[str]:
    if defn is not None:
        with partition_loading_context(dynamic_partitions_store=instance):
            return defn.get_partition_keys_in_range(key_range)
    if key_range.start == key_range.end:
        return [key_range.start]
    raise InvalidInvocationError(
        f"Cannot list the keys of {key_range!r} without a partitions definition; "
        "pass partitions_def= (or asset_partitions_def=) as well"
    )


def _one_of(what: str, ours: Any, dagsters: Any) -> Any:
    if ours is not None and dagsters is not None and ours != dagsters:
        raise InvalidInvocationError(
            f"Both {what} and its Dagster spelling were given with different values "
            f"({ours!r} and {dagsters!r}); pass only one"
        )
    value = ours if ours is not None else dagsters
    if what == "partitions_def":
        check_param(value, what, PartitionsDefinition, optional=True)
    return value


@strict_keywords
def build_output_context(
    *,
    name: str = "result",
    step_key: str | None = None,
    asset_key: CoercibleToAssetKey | None = None,
    partitions_def: PartitionsDefinition | None = None,
    partition_key: str | None = None,
    partition_keys: Sequence[str] | None = None,
    partition_key_range: PartitionKeyRange | None = None,
    run_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    resources: Any = None,
    instance: Instance | None = None,
    log: logging.Logger | None = None,
    op_def_name: str | None = None,
    asset_partitions_def: PartitionsDefinition | None = None,
    asset_partition_key_range: PartitionKeyRange | None = None,
    definition_metadata: Mapping[str, Any] | None = None,
    op_def: Any = None,
) -> OutputContext:
    """An :class:`OutputContext` for unit tests of I/O managers (Dagster's keywords also work).

    Give the written partitions as ``partition_key``, ``partition_keys`` or a key range.
    """
    defn = _one_of("partitions_def", partitions_def, asset_partitions_def)
    key_range = _one_of("partition_key_range", partition_key_range, asset_partition_key_range)
    given = [n for n, v in [("partition_key", partition_key), ("partition_keys", partition_keys),
                            ("partition_key_range", key_range)] if v is not None]  # fmt: skip
    if len(given) > 1:
        raise InvalidInvocationError(
            f"build_output_context got {given}; the written partitions are given by one of "
            "partition_key, partition_keys or partition_key_range"
        )
    if key_range is not None:
        keys: Sequence[str] = _range_keys(key_range, defn, instance)
    elif partition_keys is not None:
        keys = partition_keys
    else:
        keys = () if partition_key is None else (partition_key,)
    return OutputContext(
        name=name,
        step_key=step_key,
        asset_key=asset_key,
        partitions_def=defn,
        partition_keys=_typed_keys(keys, defn),
        partition_key_range=key_range,
        run_id=run_id,
        metadata=_one_of("metadata", metadata, definition_metadata),
        resources=resources,
        instance=instance,
        log=log,
        op_def_name=op_def_name,
        op_def=op_def,
    )


@strict_keywords
def build_input_context(
    *,
    name: str | None = None,
    asset_key: CoercibleToAssetKey | None = None,
    partitions_def: PartitionsDefinition | None = None,
    asset_partition_keys: Sequence[str] | None = None,
    upstream_output: OutputContext | None = None,
    partition_key: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    resources: Any = None,
    instance: Instance | None = None,
    log: logging.Logger | None = None,
    step_key: str | None = None,
    asset_partitions_def: PartitionsDefinition | None = None,
    asset_partition_key_range: PartitionKeyRange | None = None,
    definition_metadata: Mapping[str, Any] | None = None,
    op_def: Any = None,
) -> InputContext:
    """An :class:`InputContext` for unit tests of I/O managers (Dagster's keywords also work).

    ``partition_key`` is the loading step's key; it is also the upstream key to load unless
    ``asset_partition_keys`` or ``asset_partition_key_range`` says otherwise.
    """
    defn = _one_of("partitions_def", partitions_def, asset_partitions_def)
    if asset_partition_keys is not None and asset_partition_key_range is not None:
        raise InvalidInvocationError(
            "build_input_context got both asset_partition_keys and asset_partition_key_range; "
            "pass one of them"
        )
    if asset_partition_key_range is not None:
        keys: Sequence[str] = _range_keys(asset_partition_key_range, defn, instance)
    elif asset_partition_keys is not None:
        keys = asset_partition_keys
    else:
        keys = () if partition_key is None else (partition_key,)
    return InputContext(
        name=name,
        asset_key=asset_key,
        partitions_def=defn,
        asset_partition_keys=_typed_keys(keys, defn),
        upstream_output=upstream_output,
        partition_key=partition_key,
        metadata=_one_of("metadata", metadata, definition_metadata),
        resources=resources,
        instance=instance,
        log=log,
        step_key=step_key,
        op_def=op_def,
    )


def load_mapped_partitions(
    context: InputContext,
    fetch: Callable[[str], Any],
    missing: Callable[[str], Exception],
) -> Any:
    """Load the mapped upstream partitions by the shared rules (spec §4.5).

    0 keys → ``None``; 1 → the object; ≥2 → ``{key: object}`` in mapped order. ``fetch`` returns
    :data:`MISSING` for an absent partition, which raises ``missing(key)`` unless the input's
    metadata sets ``allow_missing_partitions``, in which case the key is skipped with a warning.
    """
    keys = context._keys
    if len(keys) == 1:
        obj = fetch(keys[0])
        if obj is MISSING:
            _skip_or_raise(context, keys[0], missing)
            return None
        return obj
    loaded: dict[str, Any] = {}
    for key in keys:
        obj = fetch(key)
        if obj is MISSING:
            _skip_or_raise(context, key, missing)
        else:
            loaded[key] = obj
    return loaded if keys else None


def _skip_or_raise(context: InputContext, key: str, missing: Callable[[str], Exception]) -> None:
    error = missing(key)
    if not context.definition_metadata.get(ALLOW_MISSING_PARTITIONS, False):
        raise error
    context.log.warning(
        "%s -- skipped it because the input metadata sets allow_missing_partitions=True", error
    )


def missing_input(what: str, where: str) -> MissingInputError:
    """The error of every I/O manager for an input value that was never stored."""
    return MissingInputError(
        f"No stored value for {what}: it was never materialized ({where}). Materialize it "
        "first; for partitions, the input metadata {'allow_missing_partitions': True} skips "
        "missing ones."
    )
