"""Partitions whose keys are added and removed at run time, kept in a dynamic-partitions store."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from partwise._partitions.context import (
    DynamicPartitionsStore,
    current_dynamic_store,
    effective_time,
)
from partwise._partitions.definitions.base import PartitionsDefinition, check_dynamic_key
from partwise._partitions.frozen import immutable, set_fields
from partwise.errors import CheckError, InvalidDefinitionError

__all__ = [
    "AddDynamicPartitionsRequest",
    "DeleteDynamicPartitionsRequest",
    "DynamicPartitionsDefinition",
    "InMemoryDynamicPartitionsStore",
]

NO_STORE_MESSAGE = (
    "Failure condition: The instance is not available to load partitions. Try wrapping the call "
    "in `with partition_loading_context` with an instance set. A named "
    "DynamicPartitionsDefinition reads its keys from a dynamic-partitions store: pass "
    "dynamic_partitions_store=... (an Instance or an InMemoryDynamicPartitionsStore) or open "
    "`partition_loading_context(dynamic_partitions_store=...)`."
)

PartitionFn = Callable[[_dt.datetime | None], Sequence[Any]]


def _check_str(value: object, param: str) -> None:
    if not isinstance(value, str):
        raise CheckError(
            f'Param "{param}" is not a str. Got {value!r} which is type {type(value)}.'
        )


def _check_key_list(partitions_def_name: object, partition_keys: object) -> None:
    _check_str(partitions_def_name, "partitions_def_name")
    if not isinstance(partition_keys, list):
        raise CheckError(
            f'Param "partition_keys" is not a list. Got {partition_keys!r} which is type '
            f"{type(partition_keys)}."
        )
    for key in partition_keys:
        _check_str(key, "partition_keys")


def _check_not_bare_str(partition_keys: object) -> None:
    if isinstance(partition_keys, str):
        raise CheckError(
            f'Param "partition_keys" is not a Sequence. Got {partition_keys!r} which is type '
            f"{type(partition_keys)}. str is a disallowed Sequence type due to its likeliness to "
            f"cause bugs; did you mean [{partition_keys!r}]?"
        )


class AddDynamicPartitionsRequest(
    NamedTuple(
        "_AddDynamicPartitionsRequest",
        [("partitions_def_name", str), ("partition_keys", list[str])],
    )
):
    """A request (data only) to add keys to a named dynamic partitions definition."""

    def __new__(
        cls, partitions_def_name: str, partition_keys: list[str]
    ) -> AddDynamicPartitionsRequest:
        _check_key_list(partitions_def_name, partition_keys)
        return super().__new__(cls, partitions_def_name, partition_keys)


class DeleteDynamicPartitionsRequest(
    NamedTuple(
        "_DeleteDynamicPartitionsRequest",
        [("partitions_def_name", str), ("partition_keys", list[str])],
    )
):
    """A request (data only) to delete keys from a named dynamic partitions definition."""

    def __new__(
        cls, partitions_def_name: str, partition_keys: list[str]
    ) -> DeleteDynamicPartitionsRequest:
        _check_key_list(partitions_def_name, partition_keys)
        return super().__new__(cls, partitions_def_name, partition_keys)


@immutable
@dataclass(frozen=True, init=False, repr=False)
class DynamicPartitionsDefinition(PartitionsDefinition):
    """Partitions whose keys live in a store (named) or come from a function (deprecated form).

    A named definition needs a store for every key lookup: passed as ``dynamic_partitions_store=``
    or set with ``partition_loading_context``. Keys keep insertion order.
    """

    _partition_fn: PartitionFn | None
    _name: str | None

    def __init__(self, partition_fn: PartitionFn | None = None, name: str | None = None) -> None:
        if partition_fn is None and name is None:
            raise InvalidDefinitionError(
                "Must provide either partition_fn or name to DynamicPartitionsDefinition."
            )
        if partition_fn is not None and name is not None:
            raise InvalidDefinitionError(
                "Cannot provide both partition_fn and name to DynamicPartitionsDefinition."
            )
        if name is not None:
            _check_str(name, "name")
        set_fields(self, _partition_fn=partition_fn, _name=name)

    @property
    def partition_fn(self) -> PartitionFn | None:
        return self._partition_fn

    @property
    def name(self) -> str | None:
        return self._name

    def _store(self, store: DynamicPartitionsStore | None) -> DynamicPartitionsStore:
        found = current_dynamic_store(store)
        if found is None:
            raise CheckError(NO_STORE_MESSAGE)
        return found

    def get_partition_keys(
        self,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """The keys in insertion order (named) or as returned by ``partition_fn``."""
        if self._partition_fn is not None:
            produced = self._partition_fn(effective_time(current_time))
            return [key if isinstance(key, str) else str(key.name) for key in produced]
        assert self._name is not None
        return list(self._store(dynamic_partitions_store).get_dynamic_partitions(self._name))

    def has_partition_key(
        self,
        partition_key: str,
        current_time: _dt.datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        if self._name is None:
            return partition_key in self.get_partition_keys(current_time)
        return self._store(dynamic_partitions_store).has_dynamic_partition(
            self._name, partition_key
        )

    def sort_partition_keys(self, partition_keys: Iterable[str]) -> list[str]:
        if self._name is not None and current_dynamic_store() is None:
            return sorted(partition_keys)  # no store to ask for the order: a stable fallback
        return super().sort_partition_keys(partition_keys)

    @property
    def dynamic_partitions_names(self) -> tuple[str, ...]:
        return () if self._name is None else (self._name,)

    def dynamic_partitions_needed(self, partition_key: str) -> list[tuple[str, str]]:
        return [] if self._name is None else [(self._name, partition_key)]

    def nearest_partition_keys(self, partition_key: str, n: int = 3) -> list[str]:
        if self._name is not None and current_dynamic_store() is None:
            return []
        return super().nearest_partition_keys(partition_key, n)

    def _require_name(self) -> str:
        if self._name is None:
            raise CheckError(
                "Failure condition: Dynamic partitions definition must have a name to fetch "
                "dynamic partitions"
            )
        return self._name

    def build_add_request(self, partition_keys: Sequence[str]) -> AddDynamicPartitionsRequest:
        """A request to add ``partition_keys`` (a list) to this definition's store."""
        name = self._require_name()
        _check_not_bare_str(partition_keys)
        return AddDynamicPartitionsRequest(name, partition_keys)  # type: ignore[arg-type]

    def build_delete_request(self, partition_keys: Sequence[str]) -> DeleteDynamicPartitionsRequest:
        """A request to delete ``partition_keys`` (a list) from this definition's store."""
        name = self._require_name()
        _check_not_bare_str(partition_keys)
        return DeleteDynamicPartitionsRequest(name, partition_keys)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (
            f"DynamicPartitionsDefinition(partition_fn={self._partition_fn!r}, name={self._name!r})"
        )

    def __str__(self) -> str:
        if self._name is not None:
            return f'Dynamic partitions: "{self._name}"'
        return super().__str__()


class InMemoryDynamicPartitionsStore:
    """A dict-backed :class:`DynamicPartitionsStore` with the instance's add/delete semantics."""

    def __init__(self) -> None:
        self._keys: dict[str, dict[str, None]] = {}

    def get_dynamic_partitions(self, partitions_def_name: str) -> list[str]:
        """Keys in insertion order; ``[]`` for an unknown name."""
        return list(self._keys.get(partitions_def_name, ()))

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        return partition_key in self._keys.get(partitions_def_name, {})

    def add_dynamic_partitions(
        self, partitions_def_name: str, partition_keys: Sequence[str]
    ) -> None:
        """Append new keys (existing ones stay in place); a key repeated in one call is an error."""
        _check_str(partitions_def_name, "partitions_def_name")
        _check_not_bare_str(partition_keys)
        seen: set[str] = set()
        for key in partition_keys:
            _check_str(key, "partition_keys")
            check_dynamic_key(key, partitions_def_name)
            if key in seen:
                raise CheckError(
                    f"Partition key {key!r} is repeated in one add_dynamic_partitions call for "
                    f"{partitions_def_name!r}; expected each key at most once."
                )
            seen.add(key)
        bucket = self._keys.setdefault(partitions_def_name, {})
        for key in partition_keys:
            bucket.setdefault(key, None)

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        """Remove a key; silent if it is absent."""
        self._keys.get(partitions_def_name, {}).pop(partition_key, None)
