"""InMemoryIOManager: objects in the instance's memory store, the shared loading rules, speed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from partwise._asset_key import AssetKey
from partwise._instance.instance import Instance
from partwise._io.base import (
    InputContext,
    OutputContext,
    build_input_context,
    build_output_context,
)
from partwise._io.memory import InMemoryIOManager, mem_io_manager
from partwise._partitions.definitions.cadences import DailyPartitionsDefinition
from partwise._partitions.definitions.multi import MultiPartitionKey
from partwise.errors import InvariantViolationError

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
RANGE = ["2022-01-02", "2022-01-03"]


@pytest.fixture
def instance() -> Iterator[Instance]:
    with Instance.ephemeral() as inst:
        yield inst


def _write(manager: InMemoryIOManager, obj: Any, **kwargs: Any) -> None:
    manager.handle_output(build_output_context(**kwargs), obj)


def _load(manager: InMemoryIOManager, **kwargs: Any) -> Any:
    return manager.load_input(build_input_context(name="x", **kwargs))


def test_partition_stored_in_instance(instance: Instance) -> None:
    """A partition is kept in instance.memory_store under (asset key, partition key)."""
    _write(InMemoryIOManager(), 5, asset_key="d", partition_key="2022-01-02", instance=instance)
    assert instance.memory_store == {(AssetKey("d"), "2022-01-02"): 5}


def test_unpartitioned_stored_under_none(instance: Instance) -> None:
    """An unpartitioned asset is kept under (asset key, None)."""
    _write(InMemoryIOManager(), [1], asset_key="u", instance=instance)
    assert instance.memory_store == {(AssetKey("u"), None): [1]}


def test_op_output_stored_by_identifier(instance: Instance) -> None:
    """An op output is kept under (run_id, step_key, name)."""
    _write(InMemoryIOManager(), 1, run_id="r", step_key="s", name="out", instance=instance)
    assert instance.memory_store == {("r", "s", "out"): 1}


def test_instances_are_isolated() -> None:
    """Two instances never see each other's objects, even through one manager."""
    manager = InMemoryIOManager()
    with Instance.ephemeral() as first, Instance.ephemeral() as second:
        _write(manager, 1, asset_key="a", instance=first)
        assert _load(manager, asset_key="a", instance=first) == 1
        with pytest.raises(InvariantViolationError):
            _load(manager, asset_key="a", instance=second)


def test_managers_share_the_instance(instance: Instance) -> None:
    """A new manager reads what another stored in the same instance."""
    _write(InMemoryIOManager(), "v", asset_key="a", instance=instance)
    assert _load(InMemoryIOManager(), asset_key="a", instance=instance) == "v"


def test_without_instance_uses_own_values() -> None:
    """Without an instance the manager keeps objects in its own values dict."""
    manager = InMemoryIOManager()
    _write(manager, 3, asset_key="a")
    assert manager.values == {(AssetKey("a"), None): 3}
    assert _load(manager, asset_key="a") == 3


def test_range_stored_under_each_key(instance: Instance) -> None:
    """A range output is stored under every key of the range."""
    manager = InMemoryIOManager()
    _write(
        manager, "x", asset_key="d", partitions_def=DAILY, partition_keys=RANGE, instance=instance
    )
    assert _load(manager, asset_key="d", partition_key="2022-01-03", instance=instance) == "x"
    assert len(instance.memory_store) == 2


def test_range_none_stores_nothing(instance: Instance) -> None:
    """A None output for several partitions stores nothing."""
    _write(InMemoryIOManager(), None, asset_key="d", partition_keys=RANGE, instance=instance)
    assert instance.memory_store == {}


def test_load_shapes(instance: Instance) -> None:
    """0 mapped keys → None, 1 → the object, several → dict in mapped order."""
    manager = InMemoryIOManager()
    for key in RANGE:
        _write(manager, key[-1], asset_key="d", partition_key=key, instance=instance)
    common: dict[str, Any] = {"asset_key": "d", "partitions_def": DAILY, "instance": instance}
    assert _load(manager, asset_partition_keys=[], **common) is None
    assert _load(manager, asset_partition_keys=RANGE[:1], **common) == "2"
    loaded = _load(manager, asset_partition_keys=RANGE[::-1], **common)
    assert list(loaded.items()) == [("2022-01-03", "3"), ("2022-01-02", "2")]


def test_multi_keys_preserved(instance: Instance) -> None:
    """A multi upstream's dict keys stay MultiPartitionKey instances."""
    manager = InMemoryIOManager()
    keys = [MultiPartitionKey({"d": "1", "l": x}) for x in "ab"]
    for key in keys:
        _write(manager, 1, asset_key="m", partition_key=key, instance=instance)
    loaded = _load(manager, asset_key="m", asset_partition_keys=keys, instance=instance)
    assert all(isinstance(k, MultiPartitionKey) for k in loaded)


def test_op_input_loads_upstream(instance: Instance) -> None:
    """An op input reads the upstream output by its identifier."""
    manager = InMemoryIOManager()
    upstream = OutputContext(run_id="r", step_key="up", instance=instance)
    manager.handle_output(upstream, 9)
    context = InputContext(name="x", upstream_output=upstream, instance=instance)
    assert manager.load_input(context) == 9


def test_missing_op_output(instance: Instance) -> None:
    """A missing op output names the output, step and run."""
    upstream = OutputContext(run_id="r", step_key="up", instance=instance)
    with pytest.raises(InvariantViolationError, match=r"output 'result' of step 'up' in run r"):
        InMemoryIOManager().load_input(
            InputContext(name="x", upstream_output=upstream, instance=instance)
        )


def test_missing_partition(instance: Instance) -> None:
    """A missing partition names the asset and the key."""
    with pytest.raises(InvariantViolationError, match=r"partition '2022-01-02' of asset d"):
        _load(InMemoryIOManager(), asset_key="d", partition_key="2022-01-02", instance=instance)


def test_allow_missing_partitions(instance: Instance, caplog: pytest.LogCaptureFixture) -> None:
    """allow_missing_partitions skips missing keys with a warning."""
    manager = InMemoryIOManager()
    _write(manager, 1, asset_key="d", partition_key=RANGE[0], instance=instance)
    with caplog.at_level(logging.WARNING, logger="partwise"):
        loaded = _load(manager, asset_key="d", asset_partition_keys=RANGE, instance=instance,
                       metadata={"allow_missing_partitions": True})  # fmt: skip
    assert loaded == {RANGE[0]: 1}
    assert "partition '2022-01-03'" in caplog.text


def test_stored_none_is_not_missing(instance: Instance) -> None:
    """A stored None loads as None rather than as missing."""
    manager = InMemoryIOManager()
    _write(manager, None, asset_key="d", partition_key=RANGE[0], instance=instance)
    assert _load(manager, asset_key="d", partition_key=RANGE[0], instance=instance) is None


def test_mem_io_manager_definition() -> None:
    """mem_io_manager creates a fresh InMemoryIOManager."""
    assert isinstance(mem_io_manager.create(None), InMemoryIOManager)


def test_alternating_partitions_round_trip(instance: Instance) -> None:
    """Store then load through freshly built contexts returns each partition's own value."""
    manager = InMemoryIOManager()
    key = AssetKey("d")
    for i in range(50):
        partition = ("2022-01-02", "2022-01-03")[i % 2]
        out = OutputContext(asset_key=key, partitions_def=DAILY, partition_keys=(partition,),
                            run_id="r", step_key="d", instance=instance)  # fmt: skip
        manager.handle_output(out, i)
        context = InputContext(name="d", asset_key=key, partitions_def=DAILY,
                               asset_partition_keys=(partition,), instance=instance)  # fmt: skip
        assert manager.load_input(context) == i
