"""What ``InputContext.upstream_output`` tells an I/O manager about the asset it reads."""

from __future__ import annotations

from typing import Any

from partwise import (
    AssetSpec,
    InputContext,
    IOManager,
    OutputContext,
    StaticPartitionsDefinition,
    asset,
    materialize,
)

letters = StaticPartitionsDefinition(["a", "b"])


class Recorder(IOManager):
    def __init__(self) -> None:
        self.seen: dict[str, Any] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        self.seen[f"out:{context.name}:{context.asset_key.to_user_string()}"] = (
            context.op_def_name,
            dict(context.definition_metadata),
        )

    def load_input(self, context: InputContext) -> int:
        up = context.upstream_output
        assert up is not None
        self.seen[f"in:{context.name}"] = (up.op_def_name, dict(up.definition_metadata))
        return 1


@asset(partitions_def=letters, metadata={"owner": "x"}, key_prefix=["s"])
def up() -> int:
    return 1


@asset(partitions_def=letters)
def down(up: int, outside: int) -> int:
    return up + outside


def test_the_upstream_output_carries_the_definition_metadata() -> None:
    manager = Recorder()
    outside = AssetSpec("outside", metadata={"source": "lake"}, partitions_def=letters)
    # down's input "up" reads s/up: the only asset named "up" in its group, as the reference
    materialize([up, down, outside], partition_key="a", resources={"io_manager": manager})
    assert manager.seen["out:result:s/up"] == ("s__up", {"owner": "x"})
    assert manager.seen["in:up"] == ("s__up", {"owner": "x"})
    assert manager.seen["in:outside"] == (None, {"source": "lake"})
    assert manager.seen["out:result:down"] == ("down", {})
