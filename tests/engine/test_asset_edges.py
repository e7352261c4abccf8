"""An asset's view of its edges: the mapping an upstream edge uses, and its external copies."""

from __future__ import annotations

import pytest

from partwise import (
    AssetIn,
    AssetKey,
    AssetOut,
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    IdentityPartitionMapping,
    InvalidInvocationError,
    LastPartitionMapping,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    asset,
    multi_asset,
)

LETTERS = StaticPartitionsDefinition(["a", "b", "c"])
DAILY = DailyPartitionsDefinition("2024-01-01")


def test_infer_partition_mapping_of_an_edge() -> None:
    @asset(partitions_def=LETTERS)
    def same(up: None) -> None:
        pass

    @asset(partitions_def=MultiPartitionsDefinition({"letter": LETTERS, "day": DAILY}))
    def multi(up: None) -> None:
        pass

    @asset(partitions_def=DAILY)
    def daily(up: None) -> None:
        pass

    @asset(ins={"up": AssetIn(partition_mapping=LastPartitionMapping())})
    def explicit(up: None) -> None:
        pass

    up = AssetKey("up")
    assert same.infer_partition_mapping(same.key, up, LETTERS) == IdentityPartitionMapping()
    assert multi.infer_partition_mapping(multi.key, up, LETTERS) == (
        MultiToSingleDimensionPartitionMapping()
    )
    hourly = HourlyPartitionsDefinition("2024-01-01-00:00")
    assert daily.infer_partition_mapping("daily", up, hourly) == TimeWindowPartitionMapping()
    assert explicit.infer_partition_mapping("explicit", up, LETTERS) == LastPartitionMapping()


def test_infer_partition_mapping_names_an_asset_of_the_node() -> None:
    @asset(partitions_def=LETTERS)
    def mine(up: None) -> None:
        pass

    with pytest.raises(InvalidInvocationError, match="does not produce 'other'"):
        mine.infer_partition_mapping("other", "up", LETTERS)


def test_to_source_assets_gives_every_asset_of_a_multi_asset() -> None:
    @multi_asset(
        outs={"a": AssetOut(io_manager_key="io_a"), "b": AssetOut(group_name="gb")},
        partitions_def=LETTERS,
    )
    def both() -> tuple[int, int]:
        return 1, 2

    sources = both.to_source_assets()
    assert [s.key for s in sources] == [AssetKey("a"), AssetKey("b")]
    assert [s.partitions_def for s in sources] == [LETTERS, LETTERS]
    assert sources[0].io_manager_key == "io_a"
    assert sources[1].group_name == "gb"
    assert both.to_source_asset("b").key == AssetKey("b")
