"""Engine hooks (pluggy): registered plugins observe runs; none registered costs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from partwise import (
    AssetKey,
    DailyPartitionsDefinition,
    asset,
    hookimpl,
    materialize_to_memory,
    register_plugin,
    unregister_plugin,
)
from partwise._execution.hooks import active_hooks

DAILY = DailyPartitionsDefinition(start_date="2024-02-01")


class Recorder:
    """A plugin implementing every engine hook."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    @hookimpl
    def partwise_run_start(self, run: Any) -> None:
        self.calls.append(("run_start", run.job_name, run.status.value))

    @hookimpl
    def partwise_step_end(self, run: Any, step_key: str, success: bool, error: Any) -> None:
        self.calls.append(("step_end", step_key, success, type(error).__name__))

    @hookimpl
    def partwise_materialization(self, run: Any, asset_key: Any, partition: Any) -> None:
        self.calls.append(("materialization", asset_key, partition))

    @hookimpl
    def partwise_run_end(self, run: Any, success: bool) -> None:
        self.calls.append(("run_end", success, run.status.value))


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    plugin = Recorder()
    register_plugin(plugin)
    try:
        yield plugin
    finally:
        unregister_plugin(plugin)


@asset(partitions_def=DAILY)
def source() -> int:
    return 1


@asset(partitions_def=DAILY)
def failing(source: int) -> int:
    raise ValueError("bad row")


def test_hooks_fire_in_run_order(recorder: Recorder) -> None:
    """Run start, materializations, step ends and run end arrive in execution order."""
    materialize_to_memory([source], partition_key="2024-02-03")
    assert recorder.calls == [
        ("run_start", "__ephemeral_asset_job__", "STARTED"),
        ("materialization", AssetKey("source"), "2024-02-03"),
        ("step_end", "source", True, "NoneType"),
        ("run_end", True, "SUCCESS"),
    ]


def test_failed_step_hook_carries_the_exception(recorder: Recorder) -> None:
    """A failing step reports ``success=False`` with its exception; the run ends failed."""
    materialize_to_memory([source, failing], partition_key="2024-02-03", raise_on_error=False)
    assert ("step_end", "failing", False, "ValueError") in recorder.calls
    assert recorder.calls[-1] == ("run_end", False, "FAILURE")


def test_hooks_fire_before_the_error_is_reraised(recorder: Recorder) -> None:
    """With ``raise_on_error=True`` the run-end hook still sees the failure first."""
    with pytest.raises(ValueError, match="bad row"):
        materialize_to_memory([source, failing], partition_key="2024-02-03")
    assert recorder.calls[-1] == ("run_end", False, "FAILURE")


def test_one_materialization_hook_per_partition_of_a_range(recorder: Recorder) -> None:
    """A run over several keys reports one materialization per partition."""

    @asset(partitions_def=DAILY)
    def wide() -> None:
        return None

    materialize_to_memory([wide], partition_key={"2024-02-01", "2024-02-02"})
    partitions = [c[2] for c in recorder.calls if c[0] == "materialization"]
    assert partitions == ["2024-02-01", "2024-02-02"]


def test_no_plugin_means_no_hook_caller() -> None:
    """With nothing registered the engine sees no hook caller (the fast path)."""
    assert active_hooks() is None


def test_unregistering_restores_the_fast_path() -> None:
    """After the last plugin is unregistered the engine is back on the fast path."""
    plugin = Recorder()
    register_plugin(plugin)
    assert active_hooks() is not None
    unregister_plugin(plugin)
    assert active_hooks() is None
    materialize_to_memory([source], partition_key="2024-02-04")
    assert plugin.calls == []


def test_partial_plugins_implement_only_some_hooks() -> None:
    """A plugin may implement a single hook."""
    ends: list[bool] = []

    class OnlyEnd:
        @hookimpl
        def partwise_run_end(self, run: Any, success: bool) -> None:
            ends.append(success)

    plugin = OnlyEnd()
    register_plugin(plugin)
    try:
        materialize_to_memory([source], partition_key="2024-02-05")
    finally:
        unregister_plugin(plugin)
    assert ends == [True]
