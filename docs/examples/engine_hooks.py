"""Observe runs through engine hooks, without touching the engine."""

from __future__ import annotations

from typing import Any

from partwise import (
    DailyPartitionsDefinition,
    asset,
    hookimpl,
    materialize_to_memory,
    register_plugin,
    unregister_plugin,
)

daily = DailyPartitionsDefinition(start_date="2024-04-01")


class Timeline:
    """Records which partitions were materialized and how each run ended."""

    def __init__(self) -> None:
        self.materialized: list[str] = []
        self.outcomes: list[bool] = []

    @hookimpl
    def partwise_materialization(self, run: Any, asset_key: Any, partition: Any) -> None:
        self.materialized.append(f"{asset_key.to_user_string()}@{partition}")

    @hookimpl
    def partwise_run_end(self, run: Any, success: bool) -> None:
        self.outcomes.append(success)


@asset(partitions_def=daily)
def sessions() -> int:
    return 3


timeline = Timeline()
register_plugin(timeline)
try:
    materialize_to_memory([sessions], partition_key="2024-04-02")
    materialize_to_memory([sessions], partition_key={"2024-04-03", "2024-04-04"})
finally:
    unregister_plugin(timeline)

assert timeline.materialized == [
    "sessions@2024-04-02",
    "sessions@2024-04-03",
    "sessions@2024-04-04",
]
assert timeline.outcomes == [True, True]
