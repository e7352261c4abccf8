"""Instance and IO-manager speed: instance creation, status, dynamic membership, in-memory IO.

Usage: ``python benchmarks/bench_storage.py [--repeat N]``; prints JSON. Each figure is the best
of N runs and names its goal; these goals were once asserted in tests/, where timing does not
belong (a loaded machine fails them without anything being wrong).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import emit, per_call_us

from partwise._asset_key import AssetKey
from partwise._instance import DagsterRunStatus, EventLogEntry, Instance
from partwise._io.base import InputContext, OutputContext
from partwise._io.memory import InMemoryIOManager
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise._partitions.definitions.cadences import DailyPartitionsDefinition

GOALS = {
    "ephemeral_instance_us": "< 100 µs per Instance.ephemeral()",
    "status_10k_memory_s": "< 1 s for a status query over 10,000 partitions",
    "status_10k_sqlite_s": "< 1 s for a status query over 10,000 partitions",
    "dynamic_1k_checks_memory_ms": "< 5 ms for 1,000 membership checks among 10,000 keys",
    "dynamic_1k_checks_sqlite_ms": "< 50 ms for 1,000 membership checks among 10,000 keys",
    "memory_io_step_us": "< 50 µs to build both contexts, store and load one value",
}


class KeysDef:
    """A minimal partitions definition: ordered keys and inclusive ranges."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def get_partition_keys_in_range(self, partition_key_range: PartitionKeyRange) -> list[str]:
        start = self.keys.index(partition_key_range.start)
        return self.keys[start : self.keys.index(partition_key_range.end) + 1]


def on_both(measure: Callable[[Instance], float], name: str) -> dict[str, float]:
    """``measure`` on an ephemeral and on a local SQLite instance; ``name`` has a ``{}`` slot."""
    with (
        tempfile.TemporaryDirectory() as home,
        Instance.ephemeral() as memory,
        Instance.local(Path(home)) as sqlite,
    ):
        return {name.format("memory"): measure(memory), name.format("sqlite"): measure(sqlite)}


def status_10k(repeat: int) -> Callable[[Instance], float]:
    def measure(instance: Instance) -> float:
        keys = [f"k{i:05d}" for i in range(10_000)]
        asset = AssetKey("a")
        run = instance.create_run("job", asset_selection=[asset])
        instance.store_events(
            [EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", asset, k) for k in keys]
        )
        tags = {
            "dagster/asset_partition_range_start": keys[0],
            "dagster/asset_partition_range_end": keys[-1],
        }
        failed = instance.create_run("job", tags=tags, asset_selection=[asset])
        instance.report_run_status(failed.run_id, DagsterRunStatus.FAILURE)
        defn = KeysDef(keys)
        call = lambda: instance.get_status_by_partition(asset, keys, defn)  # noqa: E731
        return round(per_call_us(call, 1, repeat) / 1e6, 4)

    return measure


def dynamic_1k(repeat: int) -> Callable[[Instance], float]:
    def measure(instance: Instance) -> float:
        instance.add_dynamic_partitions("f", [str(i) for i in range(10_000)])
        probes = [str(i * 7) for i in range(1000)]
        call = lambda: [instance.has_dynamic_partition("f", k) for k in probes]  # noqa: E731
        return round(per_call_us(call, 1, repeat) / 1e3, 3)

    return measure


def memory_io_step(repeat: int) -> float:
    daily = DailyPartitionsDefinition(start_date="2022-01-01")
    key = AssetKey("d")
    manager = InMemoryIOManager()
    calls = 5000

    def steps() -> None:
        with Instance.ephemeral() as instance:
            for i in range(calls):
                partition = ("2022-01-02", "2022-01-03")[i % 2]
                out = OutputContext(asset_key=key, partitions_def=daily,
                                    partition_keys=(partition,), run_id="r", step_key="d",
                                    instance=instance)  # fmt: skip
                manager.handle_output(out, i)
                manager.load_input(InputContext(name="d", asset_key=key, partitions_def=daily,
                                                asset_partition_keys=(partition,),
                                                instance=instance))  # fmt: skip

    return round(per_call_us(steps, calls, repeat), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    repeat = parser.parse_args().repeat
    results: dict[str, Any] = {
        "ephemeral_instance_us": round(per_call_us(Instance.ephemeral, 1, 1000), 2),
        **on_both(status_10k(repeat), "status_10k_{}_s"),
        **on_both(dynamic_1k(repeat), "dynamic_1k_checks_{}_ms"),
        "memory_io_step_us": memory_io_step(repeat),
        "goals": GOALS,
    }
    emit(results)


if __name__ == "__main__":
    main()
