"""``context.add_asset_metadata``: metadata for every partition of the run, or for one."""

from __future__ import annotations

import pytest

from partwise import (
    AssetExecutionContext,
    InvariantViolationError,
    StaticPartitionsDefinition,
    TextMetadataValue,
    asset,
    materialize,
)

LETTERS = StaticPartitionsDefinition(["a", "b", "c"])
RANGE = {"dagster/asset_partition_range_start": "a", "dagster/asset_partition_range_end": "b"}


def test_metadata_for_the_asset_and_for_one_partition() -> None:
    @asset(partitions_def=LETTERS)
    def letters(context: AssetExecutionContext) -> None:
        context.add_asset_metadata({"everywhere": "yes"})
        context.add_output_metadata({"output": "yes"})
        for key in context.partition_keys:
            context.add_asset_metadata({f"only_{key}": key}, asset_key="letters", partition_key=key)

    result = materialize([letters], tags=RANGE)
    by_partition = {
        m.partition: m.metadata for m in result.asset_materializations_for_node("letters")
    }
    assert set(by_partition) == {"a", "b"}
    assert by_partition["a"] == {
        "everywhere": TextMetadataValue("yes"),
        "output": TextMetadataValue("yes"),
        "only_a": TextMetadataValue("a"),
    }
    assert "only_a" not in by_partition["b"]


@pytest.mark.parametrize(
    "call",
    [
        {"partition_key": "nonce"},  # not a partition at all
        {"partition_key": "c"},  # a partition, but not one of this run's
        {"asset_key": "nonce"},  # not an asset of this step
    ],
)
def test_metadata_for_something_the_run_does_not_write_is_refused(call: dict[str, str]) -> None:
    errors: list[str] = []

    @asset(partitions_def=LETTERS)
    def letters(context: AssetExecutionContext) -> None:
        with pytest.raises(InvariantViolationError) as info:
            context.add_asset_metadata({"x": 1}, **call)
        errors.append(str(info.value))

    assert materialize([letters], tags=RANGE).success
    assert len(errors) == 1 and next(iter(call.values())) in errors[0]


def test_output_metadata_for_an_unknown_output_is_refused() -> None:
    @asset
    def one(context: AssetExecutionContext) -> None:
        with pytest.raises(InvariantViolationError, match="nonce"):
            context.add_output_metadata({"x": 1}, output_name="nonce")
        assert context.assets_def.get_output_name_for_asset_key("one") == "result"

    assert materialize([one]).success
