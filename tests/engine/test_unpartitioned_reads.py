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


class KeyRecorder(IOManager):
    """Keeps what each output context says about partitions."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[bool, str | None]] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        key = context.partition_key if context.has_partition_key else None
        self.seen[context.asset_key.to_user_string()] = (context.has_asset_partitions, key)

    def load_input(self, context: InputContext) -> None:
        return None


def test_an_unpartitioned_output_of_a_one_key_run_knows_the_runs_key() -> None:
    @asset(partitions_def=LETTERS)
    def source() -> int:
        return 1

    @asset
    def summary(source: Any) -> int:
        return 2

    recorder = KeyRecorder()
    materialize([source, summary], partition_key="b", resources={"io_manager": recorder})
    assert recorder.seen == {"source": (True, "b"), "summary": (False, "b")}
    recorder = KeyRecorder()
    materialize([source.to_source_asset(), summary], resources={"io_manager": recorder})
    assert recorder.seen == {"summary": (False, None)}
