"""Names and keys as the reference takes them: a string is one key component wherever a key is
coerced, and op, job and asset names are letters, digits and underscores (each case probed
against dagster 1.13; before, partwise split "a/b" in two and accepted any name)."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetIn,
    AssetKey,
    AssetOut,
    AssetSpec,
    Definitions,
    MaterializeResult,
    asset,
    job,
    op,
)
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, PartwiseError


@pytest.mark.parametrize(
    "make",
    [
        lambda k: AssetSpec(k).key,
        lambda k: AssetOut(key=k).key,
        lambda k: AssetIn(key=k).key,
        lambda k: MaterializeResult(asset_key=k).asset_key,
        AssetKey.from_coercible,
    ],
)
def test_a_coerced_string_is_one_key_component(make: Any) -> None:
    """Was: ``'x'`` kept as a str on specs, outs, ins and results, and "a/b" split by
    ``from_coercible``."""
    assert make("x") == AssetKey("x")
    assert make("a/b") == AssetKey(["a/b"])
    assert make(["a", "b"]) == AssetKey(["a", "b"])


def test_specs_with_the_same_key_given_two_ways_are_equal() -> None:
    assert AssetSpec("x") == AssetSpec(AssetKey("x"))


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: asset(name="a/b")(lambda: 1), "a/b"),
        (lambda: asset(name="a b")(lambda: 1), "a b"),
        (lambda: asset(name="é")(lambda: 1), "é"),
        (lambda: asset(key=["a-b", "c d"])(lambda: 1), "a_b__c d"),
        (lambda: asset(key_prefix="a b", name="x")(lambda: 1), "a b__x"),
        (lambda: op(name="a-b")(lambda: 1), "a-b"),
        (lambda: job(name="a b")(lambda: None), "a b"),
    ],
)
def test_invalid_names_are_refused_by_name(build: Any, name: str) -> None:
    with pytest.raises(InvalidDefinitionError) as caught:
        build()
    assert f"name {name!r}" in str(caught.value)
    assert isinstance(caught.value, PartwiseError)


@pytest.mark.parametrize("key", [["a.b"], ["a-b", "c"], [".."], ["a", ""], ["1x"]])
def test_keys_whose_op_name_is_valid_are_accepted(key: list[str]) -> None:
    """``-`` and ``.`` become ``_`` in the op name, as in the reference."""
    assert asset(key=key)(lambda: 1).key == AssetKey(key)


def test_a_slashed_string_key_that_means_a_split_key_says_so() -> None:
    """``get_assets_def("a/b")`` looks up one component: the message tells the two keys apart
    (was: "Unknown asset 'a/b'; did you mean 'a/b'?")."""

    @asset(key=["a", "b"])
    def ab() -> int:
        return 1

    with pytest.raises(InvalidInvocationError) as caught:
        Definitions(assets=[ab]).get_assets_def("a/b")
    message = str(caught.value)
    assert "AssetKey(['a/b'])" in message and "AssetKey(['a', 'b'])" in message
    assert Definitions(assets=[ab]).get_assets_def(AssetKey.from_user_string("a/b")) is ab
