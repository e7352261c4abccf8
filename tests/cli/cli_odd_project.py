"""The command-line tests' awkward project: a slash in a name, escape codes in keys, no keys."""

from __future__ import annotations

from typing import Any

from partwise import (
    AssetOut,
    DailyPartitionsDefinition,
    Definitions,
    DynamicPartitionsDefinition,
    StaticPartitionsDefinition,
    asset,
    define_asset_job,
    multi_asset,
)

RED = "\x1b[31mred"  # a key that would colour the terminal if printed raw
TITLE = "\x1b]0;pwned\x1b\\"  # and one that would set the terminal's title


@multi_asset(  # @asset refuses "a/b" as a name (as the reference does); a key part may hold it
    outs={"slashed": AssetOut(key=["a/b"])},
    partitions_def=DailyPartitionsDefinition("2024-01-01", end_date="2024-01-04"),
)
def slashed(context: Any) -> str:
    return str(context.partition_key)


@asset(partitions_def=StaticPartitionsDefinition([RED, TITLE, "plain"]))
def coloured(context: Any) -> str:
    return str(context.partition_key)


@asset(partitions_def=DynamicPartitionsDefinition(name="inbox"))
def inbox(context: Any) -> str:
    return str(context.partition_key)


coloured_job = define_asset_job("coloured_job", selection=["coloured"])

defs = Definitions(assets=[slashed, coloured, inbox], jobs=[coloured_job])
empty = Definitions()
