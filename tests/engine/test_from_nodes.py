"""Assets over existing nodes (``from_graph``/``from_op``), graph-backed assets and renaming."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetOut,
    AssetsDefinition,
    DailyPartitionsDefinition,
    GraphOut,
    Instance,
    InvalidInvocationError,
    Out,
    ResourceDefinition,
    asset,
    graph,
    graph_asset,
    graph_multi_asset,
    materialize_to_memory,
    op,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")


@op
def one() -> int:
    return 1


@op
def plus_two(x: int) -> int:
    return x + 2


@graph(out={"a": GraphOut(), "b": GraphOut()})
def pair() -> dict[str, Any]:
    x = one()
    return {"a": x, "b": plus_two(x)}


def _steps(result: Any) -> list[str]:
    return sorted(e.step_key for e in result.get_step_success_events())


def test_from_graph_makes_an_asset_per_graph_output() -> None:
    assets = AssetsDefinition.from_graph(
        pair,
        keys_by_output_name={"a": AssetKey("first"), "b": AssetKey("second")},
        internal_asset_deps={"a": set(), "b": {AssetKey("first")}},
    )
    result = materialize_to_memory([assets])
    assert _steps(result) == ["pair.one", "pair.plus_two"]
    assert result.asset_value("first") == 1
    assert result.asset_value("second") == 3
    assert assets.asset_deps[AssetKey("second")] == {AssetKey("first")}


def test_from_graph_with_one_output_is_keyed_by_the_graph_name() -> None:
    @graph
    def three() -> Any:
        return plus_two(one())

    assets = AssetsDefinition.from_graph(three, key_prefix="math")
    assert assets.key == AssetKey(["math", "three"])
    assert materialize_to_memory([assets]).asset_value(["math", "three"]) == 3


def test_from_op_makes_an_asset_per_output() -> None:
    @op(out={"x": Out(), "y": Out()})
    def xy() -> tuple[int, int]:
        return 1, 2

    assets = AssetsDefinition.from_op(xy)
    assert assets.keys == {AssetKey("x"), AssetKey("y")}
    assert materialize_to_memory([assets]).asset_value("y") == 2


@op(required_resource_keys={"greeting"})
def hello(context: AssetExecutionContext) -> str:
    return context.resources.greeting + "!"


@graph
def greet() -> Any:
    return hello()


def test_from_graph_carries_its_resource_defs() -> None:
    assets = AssetsDefinition.from_graph(
        greet, resource_defs={"greeting": ResourceDefinition.hardcoded_resource("hi")}
    )
    assert materialize_to_memory([assets]).asset_value("greet") == "hi!"
    with pytest.raises(InvalidInvocationError, match="conflicting resource definitions"):
        materialize_to_memory([assets], resources={"greeting": "other"})


def test_from_graph_sets_code_versions_and_accepts_descriptive_arguments() -> None:
    assets = AssetsDefinition.from_graph(
        pair,
        code_versions_by_output_name={"a": "v2"},
        tags_by_output_name={"a": {"team": "x"}},
        owners_by_output_name={"a": ["me@example.com"]},
    )
    assert assets.code_versions_by_key == {AssetKey("a"): "v2", AssetKey("b"): None}


@pytest.mark.parametrize("build", [AssetsDefinition.from_graph, AssetsDefinition.from_op])
def test_hook_defs_are_refused(build: Any) -> None:
    node = pair if build == AssetsDefinition.from_graph else one
    name = "from_graph" if build == AssetsDefinition.from_graph else "from_op"
    with pytest.raises(
        InvalidInvocationError, match=f"AssetsDefinition.{name}\\(\\) argument 'hook_defs'"
    ):
        build(node, hook_defs={object()})


def test_a_typo_in_from_op_names_the_nearest_argument() -> None:
    with pytest.raises(InvalidInvocationError, match="did you mean 'keys_by_output_name'"):
        AssetsDefinition.from_op(one, keys_by_outputname={"result": AssetKey("x")})  # type: ignore[call-arg]


@asset(partitions_def=DAILY)
def raw(context: AssetExecutionContext) -> str:
    return context.partition_key


@op
def clean(context: AssetExecutionContext, raw: str) -> str:
    return f"clean({raw}@{context.partition_key})"


@op
def enrich(text: str) -> str:
    return text + "+"


@graph_asset(partitions_def=DAILY)
def refined(raw: str) -> Any:
    return enrich(clean(raw))


@asset(partitions_def=DAILY)
def final(refined: str) -> str:
    return refined + "!"


def test_a_graph_asset_runs_its_ops_as_steps_with_the_partition() -> None:
    result = materialize_to_memory([raw, refined, final], partition_key="2024-01-04")
    assert _steps(result) == ["final", "raw", "refined.clean", "refined.enrich"]
    assert result.asset_value("refined") == "clean(2024-01-04@2024-01-04)+"
    assert result.asset_value("final") == "clean(2024-01-04@2024-01-04)+!"
    mats = [
        (e.step_key, e.asset_key, e.partition) for e in result.get_asset_materialization_events()
    ]
    assert ("refined.enrich", AssetKey("refined"), "2024-01-04") in mats


def test_a_graph_asset_reads_earlier_partitions_from_the_instance() -> None:
    instance = Instance.ephemeral()
    materialize_to_memory([raw], partition_key="2024-01-05", instance=instance)
    result = materialize_to_memory(
        [raw, refined], partition_key="2024-01-05", instance=instance, selection=[refined]
    )
    assert result.asset_value("refined") == "clean(2024-01-05@2024-01-05)+"


def test_a_graph_multi_asset_maps_graph_outputs_to_assets() -> None:
    @op(out={"a": Out(), "b": Out()})
    def two() -> tuple[int, int]:
        return 1, 2

    @graph_multi_asset(outs={"ga": AssetOut(), "gb": AssetOut(key_prefix="p")})
    def both() -> dict[str, Any]:
        a, b = two()
        return {"ga": a, "gb": plus_two(b)}

    result = materialize_to_memory([both])
    assert result.asset_value("ga") == 1
    assert result.asset_value(["p", "gb"]) == 4
    assert _steps(result) == ["both.plus_two", "both.two"]


def test_renamed_assets_keep_their_step_name_group_and_links() -> None:
    @asset(group_name="sales")
    def orders(raw: str) -> str:
        return raw

    renamed = orders.with_attributes(
        asset_key_replacements={AssetKey("orders"): AssetKey(["shop", "orders"])},
        group_names_by_key={AssetKey("orders"): "shop"},
    )
    assert renamed.key == AssetKey(["shop", "orders"])
    assert renamed.node_name == "orders"
    assert renamed.specs_by_key[AssetKey(["shop", "orders"])].group_name == "shop"
    assert orders.specs_by_key[AssetKey("orders")].deps == [AssetKey("raw")]
