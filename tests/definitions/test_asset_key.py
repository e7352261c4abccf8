"""AssetKey: construction, string forms, prefixes, hashing and ordering."""

from __future__ import annotations

import dataclasses

import pytest

from partwise._asset_key import AssetKey
from partwise.errors import InvalidDefinitionError


def test_str_is_one_component() -> None:
    """A string argument is a single path component, even with a slash (as in Dagster)."""
    assert AssetKey("a").path == ["a"]
    assert AssetKey("a/b").path == ["a/b"]


def test_list_and_tuple_paths_are_equal() -> None:
    """List and tuple paths give equal keys; ``path`` is a list as in Dagster, a fresh copy."""
    key = AssetKey(("a", "b"))
    assert key == AssetKey(["a", "b"])
    assert key.path == ["a", "b"]
    key.path.append("c")
    assert key.path == ["a", "b"] and key.parts == ("a", "b")


def test_repr_and_str_match_dagster() -> None:
    """repr and str both read AssetKey(['a', 'b'])."""
    key = AssetKey(["a", "b"])
    assert repr(key) == "AssetKey(['a', 'b'])"
    assert str(key) == "AssetKey(['a', 'b'])"


def test_user_string_round_trip() -> None:
    """to_user_string joins with '/', from_user_string splits on it."""
    key = AssetKey(["a", "b"])
    assert key.to_user_string() == "a/b"
    assert AssetKey.from_user_string("a/b") == key


def test_db_string_round_trip() -> None:
    """to_string is a JSON list that from_db_string parses back."""
    key = AssetKey(["a", "b/c"])
    assert key.to_string() == '["a", "b/c"]'
    assert AssetKey.from_db_string(key.to_string()) == key
    assert AssetKey.from_db_string(None) is None


def test_from_coercible_accepts_str_sequence_and_key() -> None:
    """from_coercible keeps a string whole (as the reference does: ``"a/b"`` is one component,
    only ``from_user_string`` splits), takes sequences and passes keys through."""
    key = AssetKey(["a", "b"])
    assert AssetKey.from_coercible("a/b") == AssetKey(["a/b"]) != key
    assert AssetKey.from_coercible("a/b").path == ["a/b"]
    assert AssetKey.from_user_string("a/b") == key
    assert AssetKey.from_coercible(["a", "b"]) == key
    assert AssetKey.from_coercible(key) is key


def test_from_coercible_rejects_other_types() -> None:
    """A non-coercible value is an InvalidDefinitionError naming the value."""
    with pytest.raises(InvalidDefinitionError, match="42"):
        AssetKey.from_coercible(42)  # type: ignore[arg-type]


def test_with_prefix_accepts_str_and_list() -> None:
    """with_prefix puts one or several components in front."""
    key = AssetKey("x")
    assert key.with_prefix("p") == AssetKey(["p", "x"])
    assert key.with_prefix(["p", "q"]) == AssetKey(["p", "q", "x"])


def test_has_prefix() -> None:
    """has_prefix compares leading components."""
    assert AssetKey(["a", "b"]).has_prefix(["a"])
    assert not AssetKey(["a", "b"]).has_prefix(["b"])


def test_hashable_and_usable_as_dict_key() -> None:
    """Equal keys hash equally."""
    assert {AssetKey(["a", "b"]): 1}[AssetKey(("a", "b"))] == 1
    assert len({AssetKey("a"), AssetKey(["a"]), AssetKey("b")}) == 2


def test_ordered_by_path() -> None:
    """Keys sort by their path tuples."""
    keys = [AssetKey("b"), AssetKey(["a", "z"]), AssetKey("a")]
    assert sorted(keys) == [AssetKey("a"), AssetKey(["a", "z"]), AssetKey("b")]


def test_empty_path_is_invalid() -> None:
    """An empty path raises InvalidDefinitionError."""
    with pytest.raises(InvalidDefinitionError, match="at least one component"):
        AssetKey([])


def test_non_str_component_is_invalid() -> None:
    """Every component must be a string."""
    with pytest.raises(InvalidDefinitionError, match="1"):
        AssetKey(["a", 1])  # type: ignore[list-item]


def test_frozen() -> None:
    """Keys are immutable values."""
    key = AssetKey("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        key.path = ("b",)  # type: ignore[misc]
