"""DynamicPartitionsDefinition, its requests and the in-memory store: spec §2.3."""

from __future__ import annotations

import datetime as _dt
import pickle
from collections.abc import Sequence

import pytest

from partwise._partitions.context import DynamicPartitionsStore, partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise._partitions.definitions.dynamic import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    DynamicPartitionsDefinition,
    InMemoryDynamicPartitionsStore,
)
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    UnknownPartitionError,
)

NO_STORE = r"^Failure condition: The instance is not available to load partitions\."


@pytest.fixture
def fruits() -> DynamicPartitionsDefinition:
    return DynamicPartitionsDefinition(name="fruits")


@pytest.fixture
def store() -> InMemoryDynamicPartitionsStore:
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("fruits", ["banana", "apple", "cherry"])
    return store


def _fruit_fn(current_time: _dt.datetime | None) -> Sequence[str]:
    return ["a", "b"]


def test_fields(fruits: DynamicPartitionsDefinition) -> None:
    """The definition exposes partition_fn and name."""
    assert fruits.name == "fruits"
    assert fruits.partition_fn is None


def test_neither_name_nor_fn_is_rejected() -> None:
    """Neither argument raises InvalidDefinitionError with Dagster's text."""
    with pytest.raises(InvalidDefinitionError) as info:
        DynamicPartitionsDefinition()
    assert str(info.value) == (
        "Must provide either partition_fn or name to DynamicPartitionsDefinition."
    )


def test_both_name_and_fn_are_rejected() -> None:
    """Both arguments raise InvalidDefinitionError with Dagster's text."""
    with pytest.raises(InvalidDefinitionError) as info:
        DynamicPartitionsDefinition(partition_fn=_fruit_fn, name="x")
    assert str(info.value) == (
        "Cannot provide both partition_fn and name to DynamicPartitionsDefinition."
    )


def test_non_str_name_is_a_check_error() -> None:
    """A non-str name raises CheckError."""
    with pytest.raises(CheckError, match=r'^Param "name" is not a str'):
        DynamicPartitionsDefinition(name=1)  # type: ignore[arg-type]


def test_repr_and_str(fruits: DynamicPartitionsDefinition) -> None:
    """repr and str match Dagster's."""
    assert repr(fruits) == "DynamicPartitionsDefinition(partition_fn=None, name='fruits')"
    assert str(fruits) == 'Dynamic partitions: "fruits"'


def test_equality_and_hash_by_name(fruits: DynamicPartitionsDefinition) -> None:
    """Definitions with the same name are equal and hash equally."""
    other = DynamicPartitionsDefinition(name="fruits")
    assert fruits == other and hash(fruits) == hash(other)
    assert fruits != DynamicPartitionsDefinition(name="veg")


def test_keys_come_from_the_store_passed(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """Keys are read from the explicit store, in insertion order."""
    assert fruits.get_partition_keys(dynamic_partitions_store=store) == [
        "banana",
        "apple",
        "cherry",
    ]


def test_keys_come_from_the_context_store(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """Without an argument, keys come from partition_loading_context's store."""
    with partition_loading_context(dynamic_partitions_store=store):
        assert fruits.get_partition_keys() == ["banana", "apple", "cherry"]
        assert fruits.get_num_partitions() == 3
        assert fruits.get_last_partition_key() == "cherry"


@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.get_partition_keys(),
        lambda d: d.has_partition_key("apple"),
        lambda d: d.get_num_partitions(),
        lambda d: d.get_partition_keys_in_range(PartitionKeyRange("a", "b")),
    ],
)
def test_lookup_without_store_is_a_check_error(fruits: DynamicPartitionsDefinition, call) -> None:  # type: ignore[no-untyped-def]
    """Any key lookup without a store raises CheckError with Dagster's text."""
    with pytest.raises(CheckError, match=NO_STORE):
        call(fruits)


def test_has_partition_key_asks_the_store(fruits: DynamicPartitionsDefinition) -> None:
    """has_partition_key uses has_dynamic_partition, never listing keys."""

    class CountingStore:
        def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]:
            raise AssertionError("keys must not be listed")

        def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
            return partition_key == "kiwi"

    counting: DynamicPartitionsStore = CountingStore()
    assert fruits.has_partition_key("kiwi", dynamic_partitions_store=counting)
    assert not fruits.has_partition_key("fig", dynamic_partitions_store=counting)


def test_ranges_follow_insertion_order(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """Ranges slice the insertion order; a reversed range is empty."""
    in_range = fruits.get_partition_keys_in_range
    assert in_range(PartitionKeyRange("apple", "cherry"), store) == ["apple", "cherry"]
    assert in_range(PartitionKeyRange("cherry", "banana"), store) == []


def test_unknown_range_endpoint(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """An unknown endpoint raises InvalidInvocationError."""
    with pytest.raises(InvalidInvocationError, match=r"^Partition range apple to zzz is"):
        fruits.get_partition_keys_in_range(PartitionKeyRange("apple", "zzz"), store)


def test_validate_unknown_key(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """An unknown key fails validation with Dagster's text."""
    with pytest.raises(
        UnknownPartitionError, match=r"^Could not find a partition with key `zzz`\."
    ):
        fruits.validate_partition_key("zzz", dynamic_partitions_store=store)


def test_partition_fn_supplies_keys() -> None:
    """The deprecated partition_fn form lists the function's keys."""
    defn = DynamicPartitionsDefinition(partition_fn=_fruit_fn)
    assert defn.get_partition_keys() == ["a", "b"]
    assert defn.has_partition_key("b")
    assert str(defn) == "'a', 'b'"


def test_build_add_request(fruits: DynamicPartitionsDefinition) -> None:
    """build_add_request returns a data-only request."""
    request = fruits.build_add_request(["kiwi"])
    assert request == AddDynamicPartitionsRequest(
        partitions_def_name="fruits", partition_keys=["kiwi"]
    )
    assert repr(request) == (
        "AddDynamicPartitionsRequest(partitions_def_name='fruits', partition_keys=['kiwi'])"
    )


def test_build_delete_request(fruits: DynamicPartitionsDefinition) -> None:
    """build_delete_request returns a DeleteDynamicPartitionsRequest."""
    request = fruits.build_delete_request(["kiwi"])
    assert isinstance(request, DeleteDynamicPartitionsRequest)
    assert request.partitions_def_name == "fruits"
    assert request.partition_keys == ["kiwi"]


def test_requests_need_a_name() -> None:
    """Requests on an unnamed definition raise CheckError."""
    defn = DynamicPartitionsDefinition(partition_fn=_fruit_fn)
    with pytest.raises(CheckError, match="Dynamic partitions definition must have a name"):
        defn.build_add_request(["a"])


@pytest.mark.parametrize("cls", [AddDynamicPartitionsRequest, DeleteDynamicPartitionsRequest])
def test_request_keys_must_be_a_list(cls: type[AddDynamicPartitionsRequest]) -> None:
    """A tuple of keys raises CheckError with Dagster's text."""
    with pytest.raises(CheckError, match=r'^Param "partition_keys" is not a list\.'):
        cls("fruits", ("a",))  # type: ignore[arg-type]


def test_request_from_bare_string_is_rejected(fruits: DynamicPartitionsDefinition) -> None:
    """A bare str of keys raises CheckError."""
    with pytest.raises(CheckError, match="str is a disallowed Sequence type"):
        fruits.build_add_request("kiwi")


def test_requests_pickle() -> None:
    """Requests are plain data and pickle round-trips."""
    request = AddDynamicPartitionsRequest("fruits", ["a"])
    assert pickle.loads(pickle.dumps(request)) == request


def test_store_add_is_idempotent(store: InMemoryDynamicPartitionsStore) -> None:
    """Adding existing keys keeps them in place; new keys go to the end."""
    store.add_dynamic_partitions("fruits", ["apple", "kiwi"])
    assert store.get_dynamic_partitions("fruits") == ["banana", "apple", "cherry", "kiwi"]


def test_store_delete_and_readd_moves_to_end(store: InMemoryDynamicPartitionsStore) -> None:
    """Deleting then re-adding a key moves it to the end."""
    store.delete_dynamic_partition("fruits", "banana")
    store.add_dynamic_partitions("fruits", ["banana"])
    assert store.get_dynamic_partitions("fruits") == ["apple", "cherry", "banana"]


def test_store_delete_absent_is_silent(store: InMemoryDynamicPartitionsStore) -> None:
    """Deleting an absent key or name does nothing."""
    store.delete_dynamic_partition("fruits", "zzz")
    store.delete_dynamic_partition("nope", "zzz")
    assert len(store.get_dynamic_partitions("fruits")) == 3


def test_store_repeated_key_in_one_call(store: InMemoryDynamicPartitionsStore) -> None:
    """A key repeated within one call raises CheckError and adds nothing."""
    with pytest.raises(CheckError, match="'q' is repeated"):
        store.add_dynamic_partitions("fruits", ["p", "q", "q"])
    assert "p" not in store.get_dynamic_partitions("fruits")


def test_store_rejects_bare_string(store: InMemoryDynamicPartitionsStore) -> None:
    """A bare str argument raises CheckError."""
    with pytest.raises(CheckError):
        store.add_dynamic_partitions("fruits", "kiwi")


def test_store_accepts_odd_but_printable_keys(store: InMemoryDynamicPartitionsStore) -> None:
    """Dynamic keys may hold '...' and '|'; control characters are refused, as for static keys."""
    store.add_dynamic_partitions("odd", ["a...b", "a|b"])
    assert store.get_dynamic_partitions("odd") == ["a...b", "a|b"]
    for bad in ["a\nb", "nul\x00"]:
        with pytest.raises(CheckError, match="holds the control characters"):
            store.add_dynamic_partitions("odd", [bad])
    assert store.get_dynamic_partitions("odd") == ["a...b", "a|b"]


def test_store_unknown_name(store: InMemoryDynamicPartitionsStore) -> None:
    """An unknown name has no keys."""
    assert store.get_dynamic_partitions("nope") == []
    assert not store.has_dynamic_partition("nope", "a")


def test_store_implements_the_protocol(store: InMemoryDynamicPartitionsStore) -> None:
    """The in-memory store satisfies DynamicPartitionsStore."""
    assert isinstance(store, DynamicPartitionsStore)


def test_subset_without_store_still_lists(fruits: DynamicPartitionsDefinition) -> None:
    """A subset of a named definition lists its keys even with no store around."""
    subset = fruits.subset_with_partition_keys(["b", "a"])
    assert sorted(subset.get_partition_keys()) == ["a", "b"]


def test_subset_with_store_uses_insertion_order(
    fruits: DynamicPartitionsDefinition, store: InMemoryDynamicPartitionsStore
) -> None:
    """With a store in context, subset keys follow insertion order."""
    subset = fruits.subset_with_partition_keys(["cherry", "banana"])
    with partition_loading_context(dynamic_partitions_store=store):
        assert list(subset.get_partition_keys()) == ["banana", "cherry"]
