"""An unpartitioned asset reading a partitioned one goes through the edge's mapping."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AllPartitionMapping,
    AssetIn,
    InputContext,
    IOManager,
    IOManagerDefinition,
    LastPartitionMapping,
    OutputContext,
    PartitionMapping,
    SpecificPartitionsPartitionMapping,
    StaticPartitionsDefinition,
    asset,
    materialize,
)

LETTERS = StaticPartitionsDefinition(["a", "b", "c", "d"])


class Recorder(IOManager):
    """Keeps the upstream keys each load asked for."""

    def __init__(self) -> None:
        self.loaded: list[list[str]] = []

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        pass

    def load_input(self, context: InputContext) -> None:
        self.loaded.append(list(context.asset_partition_keys))


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        (LastPartitionMapping(), ["d"]),
        (SpecificPartitionsPartitionMapping(["a", "b"]), ["a", "b"]),
        (AllPartitionMapping(), ["a", "b", "c", "d"]),
        (None, ["a", "b", "c", "d"]),  # no mapping: every partition
    ],
)
def test_the_mapping_decides_which_partitions_are_read(
    mapping: PartitionMapping | None, expected: list[str]
) -> None:
    @asset(partitions_def=LETTERS)
    def upstream() -> None:
        pass

    @asset(ins={"upstream": AssetIn(partition_mapping=mapping)})
    def downstream(upstream: None) -> None:
        pass

    recorder = Recorder()
    io = IOManagerDefinition.hardcoded_io_manager(recorder)
    result = materialize([upstream, downstream], resources={"io_manager": io}, partition_key="b")
    assert result.success
    assert recorder.loaded == [expected]
