"""What an I/O manager sees: ``OutputContext`` when storing a step's output, ``InputContext`` when
loading an input. The same classes serve real runs and users' unit tests (``build_*_context``).

Accessor errors follow the texts of the run context (spec §4.2), with "output"/"input" filled in.
"""

from __future__ import annotations

import functools
import logging
import types
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import (
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
)
from partwise._partitions.definitions.multi import MultiPartitionKey
from partwise.errors import CheckError, InvariantViolationError, PartwiseError

if TYPE_CHECKING:
    from partwise._instance.instance import Instance

    from .journal import WriteJournal

__all__ = ["InputContext", "OutputContext"]

_NO_METADATA: Mapping[str, Any] = types.MappingProxyType({})


@functools.cache
def default_logger() -> logging.Logger:
    """The logger contexts use when none is given."""
    return logging.getLogger("partwise")


def _coerce_key(asset_key: CoercibleToAssetKey | None) -> AssetKey | None:
    if asset_key is None or isinstance(asset_key, AssetKey):
        return asset_key
    return AssetKey.from_coercible(asset_key)


def partition_path_parts(partition_key: str, partitions_def: Any = None) -> list[str]:
    """A key's identifier parts: a multi key's dimension values (dimensions sorted), else the key."""
    if isinstance(partition_key, MultiPartitionKey):
        return list(partition_key.keys_by_dimension.values())
    if partitions_def is None:
        return [partition_key]
    return list(partitions_def.dimension_values(partition_key))


class _IOContext:
    """What output and input contexts share: the asset, its partitions and the run's services."""

    __slots__ = (
        "_asset_key",
        "_instance",
        "_keys",
        "_log",
        "_metadata",
        "_name",
        "_op_def",
        "_partitions_def",
        "_resources",
        "_step_key",
    )
    _kind: ClassVar[str] = "output"
    _asset_key: AssetKey | None
    _instance: Instance | None
    _keys: tuple[str, ...]
    _log: logging.Logger | None
    _metadata: Mapping[str, Any]
    _name: str | None
    _op_def: Any
    _partitions_def: PartitionsDefinition | None
    _resources: Any
    _step_key: str | None

    def _key_range(self) -> PartitionKeyRange | None:
        return None

    def _step_label(self) -> str:
        label = self._step_key
        if label is None and self._asset_key is not None:
            label = self._asset_key.to_user_string()
        return label or "?"

    def _not_provided(self, attribute: str) -> InvariantViolationError:
        return InvariantViolationError(
            f"Attempting to access {attribute}, but it was not provided when constructing the "
            f"{type(self).__name__}"
        )

    @property
    def has_asset_key(self) -> bool:
        return self._asset_key is not None

    @property
    def op_def(self) -> Any:
        """The ``OpDefinition`` of the step that writes the output (or loads the input)."""
        if self._op_def is None:
            raise self._not_provided("op_def")
        return self._op_def

    @property
    def asset_key(self) -> AssetKey:
        if self._asset_key is None:
            raise self._no_asset_key()
        return self._asset_key

    def _no_asset_key(self) -> InvariantViolationError:
        return self._not_provided("asset_key")

    @property
    def asset_partitions_def(self) -> PartitionsDefinition:
        """The partitions definition of the asset this context stores or loads."""
        if self._partitions_def is not None:
            return self._partitions_def
        if self._asset_key is not None:
            raise InvariantViolationError(
                f"Attempting to access partitions def for asset {self._asset_key}, but it is not "
                "partitioned"
            )
        raise InvariantViolationError(
            f"Attempting to access partitions def for asset, but {self._kind} does not "
            "correspond to an asset"
        )

    @property
    def has_asset_partitions(self) -> bool:
        return bool(self._keys)

    def _no_partitions(self) -> CheckError:
        return CheckError(f"Failure condition: The {self._kind} has no asset partitions")

    @property
    def asset_partition_key(self) -> str:
        """The single partition key; raises for unpartitioned contexts and for ranges."""
        keys = self._keys
        if len(keys) == 1:
            return keys[0]
        if not keys:
            raise self._no_partitions()
        raise CheckError(
            f"Failure condition: Tried to access partition key for {self._kind} '{self._name}' "
            f"of step '{self._step_label()}', but the step {self._kind} has a partition range: "
            f"'{keys[0]}' to '{keys[-1]}'. ({len(keys)} keys; use asset_partition_keys instead)"
        )

    @property
    def asset_partition_keys(self) -> list[str]:
        if not self.has_asset_partitions:
            self.asset_partitions_def  # noqa: B018 - raises "not partitioned"
        return list(self._keys)

    @property
    def asset_partition_key_range(self) -> PartitionKeyRange:
        given = self._key_range()
        if given is not None:
            return given
        keys = self._keys
        if not keys:
            raise self._no_partitions()
        return PartitionKeyRange(keys[0], keys[-1])

    @property
    def asset_partitions_time_window(self) -> TimeWindow:
        """From the start of the first partition's window to the end of the last one's."""
        defn = self._partitions_def
        where = f"an {self._kind} '{self._name}'"
        if defn is None:
            raise CheckError(
                f"Tried to get asset partitions for {where} that does not correspond to a "
                "partitioned asset. (no partitions definition is known to this context)"
            )
        if defn.time_window_partitions_def is None:
            raise CheckError(
                f"Tried to get asset partitions for {where} that correponds to a partitioned "
                f"asset that is not time-partitioned. (its definition: {type(defn).__name__})"
            )
        window = defn.time_window_for_partition_keys(self._keys or self.asset_partition_key_range)
        assert window is not None
        return window

    @property
    def metadata(self) -> Mapping[str, Any]:
        return self._metadata

    @property
    def definition_metadata(self) -> Mapping[str, Any]:
        return self._metadata

    @property
    def resources(self) -> Any:
        """The run's resources by attribute (``context.resources.my_resource``)."""
        resources = self._resources
        if resources is None or isinstance(resources, Mapping):
            resources = types.SimpleNamespace(**(resources or {}))
            self._resources = resources
        return resources

    @property
    def instance(self) -> Instance:
        if self._instance is None:
            raise InvariantViolationError(
                f"Attempting to access instance, but it was not provided when constructing the "
                f"{type(self).__name__}; pass instance=Instance.ephemeral() to "
                f"build_{self._kind}_context"
            )
        return self._instance

    @property
    def log(self) -> logging.Logger:
        return self._log or default_logger()

    def get_asset_identifier(self) -> list[str]:
        """The asset key's path, then the partition key (a multi key as its dimension values)."""
        if self._asset_key is None:
            raise CheckError(
                f"Failure condition: Can't get asset identifier for an {self._kind} with no "
                "asset key"
            )
        path = list(self._asset_key.path)
        if not self.has_asset_partitions:
            return path
        return path + partition_path_parts(self.asset_partition_key, self._partitions_def)


class OutputContext(_IOContext):
    """Everything an I/O manager needs to store one output of a step.

    ``partition_keys`` are the partitions the step writes (empty for an unpartitioned write).
    """

    __slots__ = ("_journal", "_key_range_given", "_logged", "_op_def_name", "_run_id", "_run_key")
    _kind = "output"

    def __init__(
        self,
        *,
        name: str = "result",
        step_key: str | None = None,
        asset_key: CoercibleToAssetKey | None = None,
        partitions_def: PartitionsDefinition | None = None,
        partition_keys: Sequence[str] = (),
        partition_key_range: PartitionKeyRange | None = None,
        run_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        resources: Any = None,
        instance: Instance | None = None,
        log: logging.Logger | None = None,
        op_def_name: str | None = None,
        op_def: Any = None,
        run_partition_key: str | None = None,
    ) -> None:
        self._name = name
        self._step_key = step_key
        self._asset_key = _coerce_key(asset_key)
        self._partitions_def = partitions_def
        self._keys = partition_keys if type(partition_keys) is tuple else tuple(partition_keys)
        self._key_range_given = partition_key_range
        self._run_id = run_id
        self._metadata = metadata if metadata is not None else _NO_METADATA
        self._resources = resources
        self._instance = instance
        self._log = log
        self._op_def = op_def
        self._op_def_name = (
            op_def_name if op_def_name is not None or op_def is None else op_def.name
        )
        self._run_key = run_partition_key  # a one-key run writing an unpartitioned output
        self._logged: dict[str, Any] | None = None
        self._journal: WriteJournal | None = None  # set by the engine: file writes to undo

    def __repr__(self) -> str:
        return (
            f"OutputContext(name={self._name!r}, step_key={self._step_key!r}, "
            f"asset_key={self._asset_key!r}, partition_keys={list(self._keys)!r})"
        )

    def _key_range(self) -> PartitionKeyRange | None:
        return self._key_range_given if self._keys else None

    def _step_label(self) -> str:
        return self._step_key or self._op_def_name or super()._step_label()

    @property
    def name(self) -> str:
        return self._name or "result"

    @property
    def step_key(self) -> str:
        if self._step_key is None:
            raise self._not_provided("step_key")
        return self._step_key

    @property
    def run_id(self) -> str:
        if self._run_id is None:
            raise self._not_provided("run_id")
        return self._run_id

    @property
    def op_def_name(self) -> str | None:
        return self._op_def_name

    @property
    def has_partition_key(self) -> bool:
        """Whether the step runs for exactly one partition: the one it writes, or the run's when
        its output is unpartitioned."""
        return len(self._keys) == 1 or (not self._keys and self._run_key is not None)

    @property
    def partition_key(self) -> str:
        keys = self._keys
        if len(keys) == 1:
            return keys[0]
        if not keys and self._run_key is not None:
            return self._run_key
        if keys:
            raise InvariantViolationError(
                "Cannot access partition_key for a partitioned run with a range of partitions. "
                f"Call partition_key_range instead. (the run covers {len(keys)} keys, "
                f"'{keys[0]}' to '{keys[-1]}')"
            )
        raise InvariantViolationError("Cannot access partition_key for a non-partitioned run")

    def add_output_metadata(self, metadata: Mapping[str, Any]) -> None:
        """Attach metadata to the output's materialization (each key at most once)."""
        logged = self._logged
        if logged is None:
            self._logged = dict(metadata)
            return
        overlap = sorted(set(logged) & set(metadata))
        if overlap:
            raise InvariantViolationError(
                f"Tried to add metadata for key(s) that already have metadata: {overlap}; "
                "each key can be added once per output"
            )
        logged.update(metadata)

    def get_logged_metadata(self) -> dict[str, Any]:
        return dict(self._logged or {})

    def consume_logged_metadata(self) -> dict[str, Any]:
        """The metadata logged since the last call, clearing it (the executor reads this)."""
        logged, self._logged = self._logged, None
        return logged or {}

    def get_identifier(self) -> list[str]:
        """Run-scoped path parts of an op output: ``[run_id, step_key, name]``."""
        return [self.run_id, self.step_key, self.name]


class InputContext(_IOContext):
    """Everything an I/O manager needs to load one input of a step.

    ``asset_partition_keys`` are the upstream partitions mapped to this step, in mapped order;
    ``partitions_def`` is the upstream asset's definition; ``partition_key`` the step's own key.
    """

    __slots__ = ("_partition_key", "_upstream_output")
    _kind = "input"

    def __init__(
        self,
        *,
        name: str | None,
        asset_key: CoercibleToAssetKey | None = None,
        partitions_def: PartitionsDefinition | None = None,
        asset_partition_keys: Sequence[str] = (),
        upstream_output: OutputContext | None = None,
        partition_key: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        resources: Any = None,
        instance: Instance | None = None,
        log: logging.Logger | None = None,
        step_key: str | None = None,
        op_def: Any = None,
    ) -> None:
        self._name = name
        self._asset_key = _coerce_key(asset_key)
        self._partitions_def = partitions_def
        keys = asset_partition_keys
        self._keys = keys if type(keys) is tuple else tuple(keys)
        self._upstream_output = upstream_output
        self._partition_key = partition_key
        self._metadata = metadata if metadata is not None else _NO_METADATA
        self._resources = resources
        self._instance = instance
        self._log = log
        self._step_key = step_key
        self._op_def = op_def

    def __repr__(self) -> str:
        return (
            f"InputContext(name={self._name!r}, asset_key={self._asset_key!r}, "
            f"asset_partition_keys={list(self._keys)!r}, partition_key={self._partition_key!r})"
        )

    def _no_asset_key(self) -> InvariantViolationError:
        return InvariantViolationError(
            "Attempting to access asset_key, but no asset is associated with this input"
        )

    @property
    def name(self) -> str:
        if self._name is None:
            raise self._not_provided("name")
        return self._name

    @property
    def has_input_name(self) -> bool:
        return self._name is not None

    @property
    def step_key(self) -> str:
        if self._step_key is None:
            raise self._not_provided("step_key")
        return self._step_key

    @property
    def upstream_output(self) -> OutputContext | None:
        return self._upstream_output

    @property
    def has_asset_partitions(self) -> bool:
        """Whether the upstream asset is partitioned (even if no partition is mapped)."""
        return self._partitions_def is not None or bool(self._keys)

    @property
    def asset_partition_key(self) -> str:
        if self.has_asset_partitions and not self._keys:
            raise CheckError(
                f"Failure condition: Tried to access partition key for input '{self._name}' of "
                f"step '{self._step_label()}', but no upstream partition is mapped to this step"
            )
        return super().asset_partition_key

    @property
    def asset_partition_keys(self) -> list[str]:
        if not self.has_asset_partitions:
            raise self._no_partitions()
        return list(self._keys)

    @property
    def asset_partition_key_range(self) -> PartitionKeyRange:
        """``PartitionKeyRange(first, last)`` of the mapped keys; they must be contiguous."""
        keys = self._keys
        if not keys:
            raise self._no_partitions()
        if len(keys) > 1:
            self._check_contiguous(keys)
        return PartitionKeyRange(keys[0], keys[-1])

    def _check_contiguous(self, keys: tuple[str, ...]) -> None:
        defn = self._partitions_def
        if defn is None:
            return
        try:
            with partition_loading_context(dynamic_partitions_store=self._instance):
                spanned = len(
                    defn.get_partition_keys_in_range(PartitionKeyRange(keys[0], keys[-1]))
                )
        except PartwiseError:  # e.g. a dynamic definition without a store: nothing to compare
            return
        if spanned != len(keys):
            raise CheckError(
                f"Failure condition: Tried to access asset_partition_key_range for input "
                f"'{self._name}', but its {len(keys)} mapped partitions do not form one contiguous "
                f"range ('{keys[0]}' to '{keys[-1]}' spans {spanned}); use asset_partition_keys"
            )

    @property
    def has_partition_key(self) -> bool:
        """Whether the step loading this input runs for exactly one partition."""
        return self._partition_key is not None

    @property
    def partition_key(self) -> str:
        """The partition key of the step loading this input."""
        if self._partition_key is None:
            raise InvariantViolationError("Cannot access partition_key for a non-partitioned run")
        return self._partition_key

    def get_identifier(self) -> list[str]:
        """The identifier of the upstream output this input reads."""
        if self._upstream_output is None:
            raise InvariantViolationError(
                "InputContext.upstream_output not defined. Cannot compute an identifier"
            )
        return self._upstream_output.get_identifier()
