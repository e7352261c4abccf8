"""``@asset`` declarations: keys, inputs, deps, specs and direct invocation."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetDep,
    AssetIn,
    AssetKey,
    AssetSpec,
    BackfillPolicy,
    DailyPartitionsDefinition,
    InvalidDefinitionError,
    SourceAsset,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    asset,
    build_asset_context,
    materialize_to_memory,
)

DAILY = DailyPartitionsDefinition(start_date="2024-03-01")


def test_bare_decorator_uses_function_name_as_key() -> None:
    """``@asset`` without arguments keys the asset by the function name."""

    @asset
    def orders() -> int:
        return 1

    assert orders.key == AssetKey("orders")
    assert orders.partitions_def is None
    assert orders.node_name == "orders"


def test_name_and_key_prefix_build_the_key() -> None:
    """``name=`` and ``key_prefix=`` combine into a multi-part key; the step name joins with ``__``."""

    @asset(name="totals", key_prefix=["sales", "eu"])
    def compute() -> int:
        return 1

    assert compute.key == AssetKey(["sales", "eu", "totals"])
    assert compute.node_name == "sales__eu__totals"


def test_parameters_become_inputs_keyed_by_name() -> None:
    """A parameter named like an upstream asset becomes an input with that key."""

    @asset
    def joined(customers: Any, orders: Any) -> int:
        return 1

    assert joined.keys_by_input_name == {
        "customers": AssetKey("customers"),
        "orders": AssetKey("orders"),
    }


def test_key_prefix_is_not_applied_to_inferred_inputs() -> None:
    """As in the reference, the asset's own prefix does not prefix inputs named by parameters."""

    @asset(key_prefix="warehouse")
    def report(raw_events: Any) -> int:
        return 1

    assert report.keys_by_input_name == {"raw_events": AssetKey("raw_events")}


def test_asset_in_key_and_key_prefix_redirect_inputs() -> None:
    """``AssetIn(key=)`` names the upstream key; ``AssetIn(key_prefix=)`` prefixes the parameter."""

    @asset(ins={"a": AssetIn(key=["lake", "alpha"]), "b": AssetIn(key_prefix="lake")})
    def combo(a: Any, b: Any) -> int:
        return 1

    assert combo.keys_by_input_name == {
        "a": AssetKey(["lake", "alpha"]),
        "b": AssetKey(["lake", "b"]),
    }


def test_ins_naming_no_parameter_is_rejected() -> None:
    """An ``ins`` entry that names no parameter fails at decoration, listing the real inputs."""
    with pytest.raises(InvalidDefinitionError, match=r"\['typo'\].*\['upstream'\]"):

        @asset(ins={"typo": AssetIn()})
        def bad(upstream: Any) -> int:
            return 1


def test_varargs_are_rejected() -> None:
    """``*args`` cannot be mapped to upstream assets and is refused."""
    with pytest.raises(InvalidDefinitionError, match="args"):

        @asset
        def bad(*args: Any) -> int:
            return 1


def test_deps_accept_keys_strings_assets_specs_and_asset_deps() -> None:
    """``deps=`` takes every spelling of an upstream and records ordering-only dependencies."""

    @asset
    def first() -> int:
        return 1

    mapping = TimeWindowPartitionMapping(start_offset=-1)
    spec = AssetSpec("external")

    @asset(
        deps=[
            first,
            "plain",
            ["nested", "key"],
            spec,
            AssetDep("mapped", partition_mapping=mapping),
        ]
    )
    def last() -> None:
        return None

    assert last.dependency_keys == {
        AssetKey("first"),
        AssetKey("plain"),
        AssetKey(["nested", "key"]),
        AssetKey("external"),
        AssetKey("mapped"),
    }
    assert last.keys_by_input_name == {  # deps too, by the reference's input names
        "first": AssetKey("first"),
        "plain": AssetKey("plain"),
        "nested_key": AssetKey(["nested", "key"]),
        "external": AssetKey("external"),
        "mapped": AssetKey("mapped"),
    }
    assert last.get_partition_mapping("mapped") is mapping


def test_get_partition_mapping_returns_the_explicit_mapping() -> None:
    """``get_partition_mapping`` returns the ``AssetIn`` mapping, ``None`` when inferred."""
    mapping = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)

    @asset(partitions_def=DAILY, ins={"up": AssetIn(partition_mapping=mapping)})
    def down(up: Any, other: Any) -> int:
        return 1

    assert down.get_partition_mapping(AssetKey("up")) is mapping
    assert down.get_partition_mapping("other") is None


def test_declared_attributes_are_kept() -> None:
    """Group, I/O manager key, resources, backfill policy and description are recorded."""
    policy = BackfillPolicy.single_run()

    @asset(
        group_name="finance",
        io_manager_key="lake_io",
        required_resource_keys={"db"},
        backfill_policy=policy,
        partitions_def=DAILY,
        compute_kind="python",
    )
    def ledger() -> int:
        """Daily ledger."""
        return 1

    assert ledger.group_name == "finance"
    assert ledger.io_manager_key == "lake_io"
    assert ledger.required_resource_keys == {"db"}
    assert ledger.backfill_policy is policy
    assert ledger.partitions_def is DAILY
    assert ledger.description == "Daily ledger."


def test_default_group_is_default() -> None:
    """Assets without ``group_name`` are in the ``default`` group."""

    @asset
    def lonely() -> int:
        return 1

    assert lonely.group_name == "default"


def test_asset_spec_and_source_asset_describe_external_assets() -> None:
    """``AssetSpec`` and ``SourceAsset`` carry a key and an optional partitions definition."""
    spec = AssetSpec(["raw", "events"], partitions_def=DAILY)
    source = SourceAsset("raw_files", partitions_def=DAILY)
    assert spec.asset_key == AssetKey(["raw", "events"])
    assert source.asset_key == AssetKey("raw_files")
    assert source.partitions_def is DAILY


def test_direct_call_without_context_runs_the_function() -> None:
    """Calling an asset that takes no context just calls the function."""

    @asset
    def doubled(numbers: list[int]) -> list[int]:
        return [n * 2 for n in numbers]

    assert doubled([1, 2]) == [2, 4]


def test_direct_call_binds_a_built_context_to_the_asset() -> None:
    """A context built with only a key learns the asset's definition when the asset is called."""

    @asset(partitions_def=DAILY)
    def windowed(context: Any) -> tuple[str, str]:
        window = context.partition_time_window
        return context.asset_partition_key_for_output(), window.end.isoformat()

    result = windowed(build_asset_context(partition_key="2024-03-05"))
    assert result == ("2024-03-05", "2024-03-06T00:00:00+00:00")


def test_direct_call_supplies_a_context_when_omitted() -> None:
    """An asset taking a context can be called without one: an unpartitioned context is built."""

    @asset
    def flagged(context: Any, value: int) -> bool:
        return bool(context.has_partition_key) or value > 0

    assert flagged(value=3) is True


def test_direct_call_with_context_keyword() -> None:
    """The context may also be passed by its parameter name."""

    @asset(partitions_def=StaticPartitionsDefinition(["x", "y"]))
    def keyed(context: Any) -> str:
        return str(context.partition_key)

    assert keyed(context=build_asset_context(partition_key="y")) == "y"


def test_returning_none_annotated_asset_stores_nothing() -> None:
    """An asset annotated ``-> None`` materializes without calling the I/O manager."""

    @asset
    def side_effect() -> None:
        return None

    result = materialize_to_memory([side_effect])
    kinds = [e.event_type_value for e in result.events_for_node("side_effect")]
    assert "HANDLED_OUTPUT" not in kinds
    assert "ASSET_MATERIALIZATION" in kinds


def test_direct_call_with_only_inputs_supplies_the_context() -> None:
    """Positional inputs without a context get a built context in front."""

    @asset
    def shifted(context: Any, base: int) -> tuple[bool, int]:
        return context.has_partition_key, base + 1

    assert shifted(4) == (False, 5)


def test_direct_call_keeps_a_stand_in_context() -> None:
    """A caller's own context object (a stub) is passed through untouched."""

    @asset
    def echo(context: Any, value: int) -> Any:
        return context, value

    stub = object()
    assert echo(stub, 1) == (stub, 1)


def test_locally_defined_config_class_is_recognised() -> None:
    """With postponed annotations, a ``Config`` class local to a function is still config."""
    from partwise import Config

    class LocalSettings(Config):
        level: int = 4

    @asset
    def configured(config: LocalSettings) -> int:
        return config.level

    assert configured.keys_by_input_name == {}
    assert materialize_to_memory([configured]).output_for_node("configured") == 4
