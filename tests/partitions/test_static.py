"""StaticPartitionsDefinition: spec §2.1 and §0.5."""

from __future__ import annotations

import pytest

from partwise._partitions.definitions.base import PartitionKeyRange
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    UnknownPartitionError,
)


@pytest.fixture
def letters() -> StaticPartitionsDefinition:
    return StaticPartitionsDefinition(["c", "a", "b", "d"])


def test_get_partition_keys_returns_the_same_object() -> None:
    """The key sequence passed in is returned as-is (a tuple stays a tuple)."""
    keys = ("x", "y")
    assert StaticPartitionsDefinition(keys).get_partition_keys() is keys


def test_keys_keep_the_given_order(letters: StaticPartitionsDefinition) -> None:
    """Keys are listed in the order given, not sorted."""
    assert list(letters.get_partition_keys()) == ["c", "a", "b", "d"]


def test_duplicates_are_rejected() -> None:
    """Duplicate keys raise InvalidDefinitionError naming each duplicate once."""
    with pytest.raises(InvalidDefinitionError) as info:
        StaticPartitionsDefinition(["b", "a", "b", "a", "c", "c", "c"])
    assert str(info.value) == (
        "Partition keys must be unique. Duplicate instances of partition keys: ['b', 'a', 'c']."
    )


def test_single_duplicate_message_matches_dagster() -> None:
    """The duplicate message is Dagster's text."""
    with pytest.raises(InvalidDefinitionError, match=r"^Partition keys must be unique\. "):
        StaticPartitionsDefinition(["a", "a"])


@pytest.mark.parametrize("bad", ["a...b", "x\n", "t\tab", "\0"])
def test_forbidden_substrings_are_rejected(bad: str) -> None:
    """Keys containing '...' or control characters are invalid definitions."""
    with pytest.raises(InvalidDefinitionError, match="are invalid substrings in a partition key"):
        StaticPartitionsDefinition(["ok", bad])


def test_forbidden_substring_message_starts_with_dagster_text() -> None:
    """The message starts with the list of offending substrings of the first bad key."""
    with pytest.raises(InvalidDefinitionError) as info:
        StaticPartitionsDefinition(["a\tb...", "c\n"])
    assert str(info.value).startswith("['...', '\\t'] are invalid substrings in a partition key")


def test_non_str_member_is_a_check_error() -> None:
    """A non-str key raises CheckError with Dagster's text."""
    with pytest.raises(CheckError) as info:
        StaticPartitionsDefinition(["a", 1])  # type: ignore[list-item]
    assert str(info.value) == (
        "Member of sequence mismatches type. Expected <class 'str'>. Got 1 of type <class 'int'>."
    )


def test_none_is_a_check_error() -> None:
    """A non-sequence argument raises CheckError."""
    with pytest.raises(CheckError, match='Param "partition_keys" is not a Sequence'):
        StaticPartitionsDefinition(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("keys", [[], [""], ["a b", "x|y", "1,2", "p/q"]])
def test_allowed_keys(keys: list[str]) -> None:
    """Empty lists, empty strings, spaces, '|', ',' and '/' are allowed."""
    assert StaticPartitionsDefinition(keys).get_partition_keys() == keys


def test_bare_string_is_accepted_as_is() -> None:
    """A bare str is accepted for back-compat and returned unchanged (its characters are keys)."""
    defn = StaticPartitionsDefinition("abc")
    assert defn.get_partition_keys() == "abc"
    assert defn.get_num_partitions() == 3
    assert repr(defn) == "StaticPartitionsDefinition(partition_keys=abc)"


def test_repr(letters: StaticPartitionsDefinition) -> None:
    """repr shows the key list."""
    assert repr(letters) == "StaticPartitionsDefinition(partition_keys=['c', 'a', 'b', 'd'])"


def test_str_quotes_each_key(letters: StaticPartitionsDefinition) -> None:
    """str is the quoted keys joined by ', '."""
    assert str(letters) == "'c', 'a', 'b', 'd'"


def test_equality_and_hash_follow_the_ordered_keys() -> None:
    """Equal ordered keys make equal definitions with equal hashes; order matters."""
    one, two = StaticPartitionsDefinition(["a", "b"]), StaticPartitionsDefinition(["a", "b"])
    assert one == two and hash(one) == hash(two)
    assert one != StaticPartitionsDefinition(["b", "a"])
    assert one != ["a", "b"]


def test_membership_and_count(letters: StaticPartitionsDefinition) -> None:
    """has_partition_key and get_num_partitions answer from the index."""
    assert letters.has_partition_key("b")
    assert not letters.has_partition_key("z")
    assert letters.get_num_partitions() == 4


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("a", "d", ["a", "b", "d"]),
        ("d", "a", []),
        ("b", "b", ["b"]),
        ("c", "d", ["c", "a", "b", "d"]),
    ],
)
def test_ranges_use_list_order(
    letters: StaticPartitionsDefinition, start: str, end: str, expected: list[str]
) -> None:
    """Ranges slice the definition order; a reversed range is empty."""
    assert letters.get_partition_keys_in_range(PartitionKeyRange(start, end)) == expected


def test_range_accepts_a_plain_tuple(letters: StaticPartitionsDefinition) -> None:
    """A plain 2-tuple works as a range."""
    assert letters.get_partition_keys_in_range(("a", "b")) == ["a", "b"]


def test_unknown_range_endpoint_is_an_invocation_error(letters: StaticPartitionsDefinition) -> None:
    """An unknown endpoint raises InvalidInvocationError naming it."""
    with pytest.raises(InvalidInvocationError, match=r"^Partition range a to z is") as info:
        letters.get_partition_keys_in_range(PartitionKeyRange("a", "z"))
    assert "['z']" in str(info.value)


def test_first_last_and_next(letters: StaticPartitionsDefinition) -> None:
    """First, last and next keys follow the definition order."""
    assert letters.get_first_partition_key() == "c"
    assert letters.get_last_partition_key() == "d"
    assert letters.get_next_partition_key("a") == "b"
    assert letters.get_next_partition_key("d") is None
    assert letters.get_next_partition_key("zz") is None


def test_empty_definition_has_no_first_key() -> None:
    """An empty definition has no first or last key."""
    empty = StaticPartitionsDefinition([])
    assert empty.get_first_partition_key() is None
    assert empty.get_last_partition_key() is None


def test_tags(letters: StaticPartitionsDefinition) -> None:
    """Tags carry the key under dagster/partition."""
    assert letters.get_tags_for_partition_key("a") == {"dagster/partition": "a"}


def test_validate_unknown_key_names_nearest(letters: StaticPartitionsDefinition) -> None:
    """validate_partition_key raises UnknownPartitionError with Dagster's text."""
    with pytest.raises(UnknownPartitionError, match=r"^Could not find a partition with key `bb`\."):
        letters.validate_partition_key("bb")


def test_subset_ranges_collapse_contiguous_keys() -> None:
    """Subset ranges follow the definition order (spec §0.1 example)."""
    defn = StaticPartitionsDefinition(["a", "b", "c", "d"])
    subset = defn.subset_with_partition_keys(["d", "a", "b"])
    assert subset.get_partition_key_ranges() == [("a", "b"), ("d", "d")]


def test_sort_keys_uses_definition_order(letters: StaticPartitionsDefinition) -> None:
    """Subset keys come back in definition order, unknown keys last."""
    assert letters.sort_partition_keys(["d", "zz", "a", "c"]) == ["c", "a", "d", "zz"]


def test_positional_helpers(letters: StaticPartitionsDefinition) -> None:
    """The key space's index_of and key_at are inverse positional lookups."""
    space = letters.key_space()
    assert space.size == letters.get_num_partitions()
    assert space.index_of("b") == 2
    assert space.index_of("zz") is None
    assert space.key_at(2) == "b"


def test_membership_is_fast_on_many_keys() -> None:
    """Building and querying 100k keys does not scan the list per lookup."""
    keys = [f"k{i}" for i in range(100_000)]
    defn = StaticPartitionsDefinition(keys)
    assert all(defn.has_partition_key(k) for k in keys[::1000])
    assert defn.get_partition_keys_in_range(("k99998", "k99999")) == ["k99998", "k99999"]
