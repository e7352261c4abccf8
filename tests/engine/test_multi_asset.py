"""``@multi_asset`` (outs= and specs=), subsetting, partitions and partition mappings on its deps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from partwise import (
    AssetDep,
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetOut,
    AssetSelection,
    AssetSpec,
    CheckError,
    DailyPartitionsDefinition,
    Definitions,
    Instance,
    InvalidDefinitionError,
    InvariantViolationError,
    MaterializeResult,
    Output,
    PartitionKeyRange,
    TimeWindowPartitionMapping,
    asset,
    define_asset_job,
    materialize,
    materialize_to_memory,
    multi_asset,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")


@multi_asset(
    outs={"orders": AssetOut(), "refunds": AssetOut(key_prefix="finance", group_name="money")},
    partitions_def=DAILY,
)
def split_sales(context: AssetExecutionContext) -> tuple[str, str]:
    day = context.partition_key
    return f"orders@{day}", f"refunds@{day}"


@asset(partitions_def=DAILY, ins={"refunds": AssetIn(key=["finance", "refunds"])})
def report(orders: str, refunds: str) -> str:
    return f"{orders}+{refunds}"


def _materialized(result: Any) -> list[tuple[str, str | None]]:
    return sorted(
        (e.asset_key.to_user_string(), e.partition)
        for e in result.get_asset_materialization_events()
    )


def test_outs_name_the_assets_and_a_tuple_fills_them_in_order() -> None:
    assert split_sales.keys == {AssetKey("orders"), AssetKey(["finance", "refunds"])}
    assert split_sales.node_name == "split_sales"
    result = materialize_to_memory([split_sales, report], partition_key="2024-01-03")
    assert _materialized(result) == [
        ("finance/refunds", "2024-01-03"),
        ("orders", "2024-01-03"),
        ("report", "2024-01-03"),
    ]
    assert result.asset_value("report") == "orders@2024-01-03+refunds@2024-01-03"
    assert result.output_for_node("split_sales", "refunds") == "refunds@2024-01-03"


def test_a_multi_asset_has_no_single_key_but_per_key_groups() -> None:
    with pytest.raises(CheckError, match="multiple asset keys"):
        _ = split_sales.key
    assert split_sales.group_names_by_key == {
        AssetKey("orders"): "default",
        AssetKey(["finance", "refunds"]): "money",
    }
    selected = AssetSelection.groups("money").resolve([split_sales, report])
    assert selected == {AssetKey(["finance", "refunds"])}


def test_a_partition_range_materializes_every_key_of_every_output() -> None:
    @multi_asset(outs={"orders": AssetOut(), "refunds": AssetOut()}, partitions_def=DAILY)
    def ranged(context: AssetExecutionContext) -> tuple[str, str]:
        return str(context.partition_key_range), "-"

    instance = Instance.ephemeral()
    materialize_to_memory(
        [ranged], partition_key=PartitionKeyRange("2024-01-01", "2024-01-02"), instance=instance
    )
    for key in (AssetKey("orders"), AssetKey("refunds")):
        assert instance.get_materialized_partitions(key) == {"2024-01-01", "2024-01-02"}


def test_a_definitions_job_over_a_multi_asset_runs_it_once() -> None:
    calls: list[str] = []

    @multi_asset(outs={"a": AssetOut(), "b": AssetOut()})
    def both() -> tuple[int, int]:
        calls.append("both")
        return 1, 2

    defs = Definitions(assets=[both], jobs=[define_asset_job("all_of_it")])
    result = defs.resolve_job_def("all_of_it").execute_in_process()
    assert calls == ["both"]
    assert result.asset_value("b") == 2


@multi_asset(
    specs=[AssetSpec("raw_users"), AssetSpec(["clean", "users"], deps=["raw_users"])],
    can_subset=True,
)
def users(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
    for key in sorted(context.selected_asset_keys, key=lambda k: len(k.path)):
        yield MaterializeResult(asset_key=key, metadata={"rows": 3})


def test_specs_give_each_asset_its_own_deps() -> None:
    assert users.asset_deps == {
        AssetKey("raw_users"): frozenset(),
        AssetKey(["clean", "users"]): frozenset({AssetKey("raw_users")}),
    }
    assert set(users.keys_by_output_name) == {"raw_users", "clean__users"}


def test_a_subsettable_multi_asset_sees_only_the_selected_keys() -> None:
    result = materialize([users], selection=["clean/users"])
    assert _materialized(result) == [("clean/users", None)]
    assert result.asset_materializations_for_node("users")[0].metadata["rows"].value == 3


def test_selecting_part_of_a_multi_asset_that_cannot_subset_is_refused() -> None:
    with pytest.raises(InvalidDefinitionError, match="can_subset=True"):
        materialize([split_sales], selection=["orders"], partition_key="2024-01-01")


def test_spec_outputs_returning_nothing_are_all_materialized() -> None:
    @multi_asset(specs=[AssetSpec("x"), AssetSpec("y")])
    def external_load() -> None:
        return None

    assert _materialized(materialize([external_load])) == [("x", None), ("y", None)]


def test_yielded_outputs_may_leave_out_optional_ones() -> None:
    @multi_asset(outs={"a": AssetOut(is_required=False), "b": AssetOut(is_required=False)})
    def sometimes() -> Iterator[Output]:
        yield Output(5, output_name="b")

    result = materialize_to_memory([sometimes])
    assert _materialized(result) == [("b", None)]
    assert result.asset_value("b") == 5


def test_a_required_output_left_out_fails_the_run() -> None:
    @multi_asset(outs={"a": AssetOut(), "b": AssetOut()})
    def half() -> Iterator[Output]:
        yield Output(5, output_name="a")

    with pytest.raises(InvariantViolationError, match='output "b"'):
        materialize_to_memory([half])


def test_a_materialize_result_for_a_foreign_key_names_the_real_ones() -> None:
    @multi_asset(specs=[AssetSpec("p"), AssetSpec("q")])
    def wrong() -> MaterializeResult:
        return MaterializeResult(asset_key="z")

    with pytest.raises(InvariantViolationError, match="does not materialize"):
        materialize([wrong])


def test_outs_and_specs_are_exclusive() -> None:
    with pytest.raises(InvalidDefinitionError, match="exactly one"):
        multi_asset()


@asset(partitions_def=DAILY)
def prices(context: AssetExecutionContext) -> str:
    return context.partition_key


def test_an_input_partition_mapping_reads_the_previous_day() -> None:
    @multi_asset(
        outs={"change": AssetOut(), "level": AssetOut()},
        ins={"prices": AssetIn(partition_mapping=TimeWindowPartitionMapping(start_offset=-1))},
        partitions_def=DAILY,
    )
    def movement(context: AssetExecutionContext, prices: dict[str, str]) -> tuple[Any, Any]:
        return sorted(prices.values()), context.asset_partition_keys_for_input("prices")

    instance = Instance.ephemeral()
    for day in ("2024-01-04", "2024-01-05"):
        materialize_to_memory([prices], partition_key=day, instance=instance)
    result = materialize_to_memory(
        [prices, movement],
        partition_key="2024-01-05",
        instance=instance,
        selection=[
            AssetKey("change"),
            AssetKey("level"),
        ],
    )
    assert result.asset_value("change") == ["2024-01-04", "2024-01-05"]
    assert result.asset_value("level") == ["2024-01-04", "2024-01-05"]


def test_a_dep_partition_mapping_is_used_for_the_graph_edge() -> None:
    mapping = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)

    @multi_asset(
        specs=[AssetSpec("lagged", deps=[AssetDep(prices, partition_mapping=mapping)])],
        partitions_def=DAILY,
    )
    def lagged() -> None:
        return None

    defs = Definitions(assets=[prices, lagged])
    assert defs.asset_graph.mapping(AssetKey("lagged"), AssetKey("prices")) == mapping
    Definitions.validate_loadable(defs)


LAG_1 = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
LAG_2 = TimeWindowPartitionMapping(start_offset=-2, end_offset=-2)


def test_specs_must_agree_on_an_upstreams_mapping() -> None:
    a = AssetSpec("a", deps=[AssetDep("up", partition_mapping=LAG_1)])
    b = AssetSpec("b", deps=[AssetDep("up", partition_mapping=LAG_2)])
    with pytest.raises(InvalidDefinitionError, match="Two different PartitionMappings for"):

        @multi_asset(specs=[a, b], partitions_def=DAILY)
        def both() -> None:
            return None


def test_a_spec_without_a_mapping_takes_the_other_specs_mapping() -> None:
    a = AssetSpec("a", deps=["prices"])
    b = AssetSpec("b", deps=[AssetDep("prices", partition_mapping=LAG_1)])

    @multi_asset(specs=[a, b], partitions_def=DAILY)
    def both() -> None:
        return None

    defs = Definitions(assets=[prices, both])
    assert defs.asset_graph.mapping(AssetKey("a"), AssetKey("prices")) == LAG_1


def test_a_spec_can_depend_on_its_own_earlier_partitions() -> None:
    seen: list[str] = []

    @multi_asset(
        specs=[AssetSpec("running", deps=[AssetDep("running", partition_mapping=LAG_1)])],
        partitions_def=DAILY,
    )
    def running(context: AssetExecutionContext) -> None:
        seen.append(context.asset_partition_key_for_input("running"))

    assert materialize([running], partition_key="2024-01-05").success
    assert seen == ["2024-01-04"]


def test_an_asset_downstream_of_an_output_left_out_is_skipped() -> None:
    @multi_asset(outs={"left": AssetOut(is_required=False), "right": AssetOut(is_required=False)})
    def one_side() -> Iterator[Output]:
        yield Output([1], output_name="right")

    @asset
    def from_left(left: list[int]) -> list[int]:
        return left

    @asset
    def from_right(right: list[int]) -> list[int]:
        return [*right, 2]

    result = materialize_to_memory([one_side, from_left, from_right])
    assert result.success
    assert result.is_node_skipped("from_left")
    assert result.asset_value("from_right") == [1, 2]


def test_an_asset_selection_at_run_time_subsets_a_multi_asset() -> None:
    defs = Definitions(assets=[users])
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(asset_selection=[AssetKey("raw_users")])
    assert _materialized(result) == [("raw_users", None)]


def test_a_backfill_over_a_multi_asset_materializes_each_asset_per_partition() -> None:
    from partwise import backfill

    instance = Instance.ephemeral()
    backfill(
        [AssetKey("orders"), AssetKey(["finance", "refunds"])],
        definitions=Definitions(assets=[split_sales]),
        partition_range=PartitionKeyRange("2024-01-01", "2024-01-03"),
        instance=instance,
    )
    for key in (AssetKey("orders"), AssetKey(["finance", "refunds"])):
        assert instance.get_materialized_partitions(key) == {
            "2024-01-01",
            "2024-01-02",
            "2024-01-03",
        }


def test_a_multi_asset_yields_its_assets_in_dependency_order() -> None:
    @multi_asset(
        outs={"a": AssetOut(), "b": AssetOut()},
        internal_asset_deps={"a": set(), "b": {AssetKey("a")}},
    )
    def backwards() -> Iterator[Output]:
        yield Output(True, "b")
        yield Output(True, "a")

    with pytest.raises(InvariantViolationError, match='"b" was yielded before its dependency "a"'):
        materialize_to_memory([backwards])


def test_each_output_is_checked_against_its_dagster_type() -> None:
    from partwise import DagsterTypeCheckDidNotPass

    @multi_asset(outs={"a": AssetOut(dagster_type=int), "b": AssetOut(dagster_type=str)})
    def typed() -> tuple[int, int]:
        return 1, 2

    with pytest.raises(
        DagsterTypeCheckDidNotPass, match='step output "b" - expected type "String"'
    ):
        materialize_to_memory([typed])
