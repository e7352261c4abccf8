"""A custom I/O manager that stores one JSON file per partition, plus the built-in ones."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from partwise import (
    AssetExecutionContext,
    DailyPartitionsDefinition,
    InputContext,
    IOManager,
    OutputContext,
    PartitionKeyRange,
    asset,
    materialize,
)

daily = DailyPartitionsDefinition(start_date="2024-02-01")


class JsonPerPartition(IOManager):
    """Writes ``<root>/<asset>/<key>.json``; an input over several partitions loads a dict."""

    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def _path(self, context: InputContext | OutputContext, key: str) -> Path:
        return self.root.joinpath(*context.asset_key.path, f"{key}.json")

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        for key in context.asset_partition_keys:
            path = self._path(context, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(obj[key] if context.has_partition_key is False else obj))

    def load_input(self, context: InputContext) -> Any:
        keys = context.asset_partition_keys
        loaded = {k: json.loads(self._path(context, k).read_text()) for k in keys}
        return loaded[keys[0]] if len(keys) == 1 else loaded


@asset(partitions_def=daily)
def temperatures(context: AssetExecutionContext) -> Any:
    """One value per day; a range run returns a dict keyed by day, which this manager splits."""
    if context.has_partition_key:
        return {"max": 10}
    return {key: {"max": 10 + i} for i, key in enumerate(context.partition_keys)}


@asset(partitions_def=daily)
def warm_days(temperatures: Any) -> bool:
    return bool(temperatures["max"] > 10)


with tempfile.TemporaryDirectory() as root:
    io = {"io_manager": JsonPerPartition(root)}
    # partwise extension: one run over a key range (partition_key accepts a PartitionKeyRange).
    materialize(
        [temperatures], partition_key=PartitionKeyRange("2024-02-01", "2024-02-03"), resources=io
    )
    assert sorted(p.name for p in Path(root, "temperatures").iterdir()) == [
        "2024-02-01.json",
        "2024-02-02.json",
        "2024-02-03.json",
    ]
    result = materialize(
        [temperatures, warm_days], partition_key="2024-02-03", resources=io, selection=[warm_days]
    )
    assert result.output_for_node("warm_days") is True
