"""What contexts hand to user code keeps its type and name, and definitions are checked like the
reference: multi keys stay ``MultiPartitionKey``, prefixed inputs keep their prefix, conflicting
``AssetDep``s and unmappable edges are refused."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest

from partwise import (
    AssetDep,
    AssetIn,
    AssetKey,
    AssetSpec,
    DailyPartitionsDefinition,
    Definitions,
    IdentityPartitionMapping,
    InputContext,
    IOManager,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    OutputContext,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
    asset,
    materialize,
)
from partwise.errors import InvalidDefinitionError, InvariantViolationError

MULTI = MultiPartitionsDefinition(
    {"date": DailyPartitionsDefinition("2023-01-01"), "color": StaticPartitionsDefinition(["red"])}
)


class _Recorder(IOManager):
    def __init__(self) -> None:
        self.seen: dict[str, Any] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        pass

    def load_input(self, context: InputContext) -> Any:
        keys = context.asset_partition_keys
        self.seen.update(path=context.asset_key.path, keys=keys)
        if len(keys) == 1:
            self.seen.update(
                key=context.asset_partition_key,
                range_start=context.asset_partition_key_range.start,
            )
        return 1


@pytest.mark.parametrize(
    "run_key", ["red|2023-01-02", MultiPartitionKey({"date": "2023-01-02", "color": "red"})]
)
def test_multi_keys_stay_multi_partition_keys_through_inputs(run_key: str) -> None:
    """Even when the run's key is the plain string, inputs and ranges get MultiPartitionKeys."""
    seen: dict[str, Any] = {}

    @asset(partitions_def=MULTI)
    def up() -> int:
        return 1

    @asset(partitions_def=MULTI)
    def down(context: Any, up: int) -> None:
        seen["range"] = context.asset_partition_key_range_for_input("up")
        seen["own"] = context.partition_key_range
        seen["input"] = context.asset_partition_keys_for_input("up")

    io = _Recorder()
    assert materialize([up, down], partition_key=run_key, resources={"io_manager": io}).success
    values = [io.seen["key"], io.seen["range_start"], *io.seen["keys"], *seen["input"]]
    values += [*seen["range"], *seen["own"]]
    assert all(type(v).__name__ == "MultiPartitionKey" for v in values), values
    assert seen["range"].start.keys_by_dimension == {"date": "2023-01-02", "color": "red"}


def test_an_unprefixed_input_reads_the_prefixed_asset_of_its_group() -> None:
    """``def downstream(upstream)`` under key_prefix reads staging/upstream, as in the reference."""
    days = DailyPartitionsDefinition("2020-01-01")

    @asset(partitions_def=days, key_prefix=["staging"])
    def upstream(context: Any) -> str:
        return str(context.partition_key)

    @asset(
        partitions_def=days,
        key_prefix=["staging"],
        ins={"upstream": AssetIn(partition_mapping=TimeWindowPartitionMapping(start_offset=-1))},
    )
    def downstream(upstream: Any) -> None:
        pass

    io = _Recorder()
    materialize([upstream, downstream], partition_key="2020-01-02", resources={"io_manager": io})
    assert io.seen["path"] == ["staging", "upstream"]
    assert io.seen["keys"] == ["2020-01-01", "2020-01-02"]
    assert downstream.dependency_keys == {AssetKey("upstream")}  # the definition is unchanged


def test_the_same_name_in_another_group_is_not_taken() -> None:
    @asset(key_prefix=["staging"], group_name="other")
    def upstream() -> int:
        return 1

    @asset(key_prefix=["staging"])
    def downstream(upstream: int) -> None:
        pass

    graph = Definitions(assets=[upstream, downstream]).asset_graph
    assert graph.parents(downstream.key) == {AssetKey("upstream")}


def test_conflicting_asset_deps_raise_and_identical_ones_merge() -> None:
    days = DailyPartitionsDefinition("2023-08-15")

    @asset(partitions_def=days)
    def upstream() -> None:
        pass

    with pytest.raises(InvariantViolationError, match=r"Cannot set a dependency on asset .* more"):

        @asset(
            partitions_def=days,
            deps=[
                AssetDep(upstream, partition_mapping=TimeWindowPartitionMapping(-1, -1)),
                AssetDep(upstream, partition_mapping=TimeWindowPartitionMapping(-2, -2)),
            ],
        )
        def downstream() -> None:
            pass

    @asset(deps=[upstream, AssetDep("upstream"), "upstream"])
    def once() -> None:
        pass

    assert len(once.deps) == 1
    with pytest.raises(InvariantViolationError, match=r"for spec AssetKey\(\['x'\]\)"):
        AssetSpec("x", deps=[AssetDep("a", partition_mapping=IdentityPartitionMapping()), "a"])


def test_loading_refuses_a_daily_to_static_edge_that_cannot_map() -> None:
    daily = DailyPartitionsDefinition("2023-01-01")

    @asset(partitions_def=daily)
    def up() -> None:
        pass

    @asset(partitions_def=StaticPartitionsDefinition(["x", "y"]), deps=[up])
    def down() -> None:
        pass

    defs = Definitions(assets=[up, down])
    for validate in (
        lambda: Definitions.validate_loadable(defs),
        defs.validate_loadable,
        defs.get_repository_def().validate_loadable,
    ):
        with pytest.raises(
            InvalidDefinitionError, match="Invalid partition mapping from down to up"
        ):
            validate()
    # An external spec upstream is not checked: it need not carry partitions information.
    spec = AssetSpec(key="up", partitions_def=daily)
    Definitions(assets=[spec, down]).validate_loadable()


def test_a_definition_with_any_fmt_builds_and_pickles() -> None:
    defn = TimeWindowPartitionsDefinition(
        dt.datetime(2021, 1, 1), "America/Los_Angeles", cron_schedule="0 0 * * *"
    )
    assert pickle.loads(pickle.dumps(defn)) == defn
