"""Resources carried by assets (``@asset(resource_defs=)``, ``with_resources``) and asset specs.

Behaviour and messages as the reference's (checked side by side with dagster 1.13).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from partwise import (
    AssetKey,
    AssetSpec,
    IOManager,
    ResourceDefinition,
    SourceAsset,
    asset,
    materialize,
    materialize_to_memory,
    resource,
    with_resources,
)
from partwise.errors import InvalidDefinitionError, InvalidInvocationError, InvariantViolationError


def test_an_asset_carries_its_resources_into_any_run() -> None:
    @asset(resource_defs={"foo": ResourceDefinition.hardcoded_resource("blah")})
    def the_asset(context: Any) -> str:
        return str(context.resources.foo)

    assert "foo" in the_asset.required_resource_keys
    assert materialize_to_memory([the_asset]).asset_value("the_asset") == "blah"


def test_with_resources_attaches_only_what_each_asset_uses() -> None:
    @resource(required_resource_keys={"bar"})
    def foo(init_context: Any) -> int:
        return int(init_context.resources.bar) + 1

    @asset(required_resource_keys={"foo"})
    def uses_foo(context: Any) -> int:
        return int(context.resources.foo)

    @asset
    def plain() -> int:
        return 0

    bound = with_resources([uses_foo, plain], {"foo": foo, "bar": 4, "unused": 9})
    assert set(bound[0].resource_defs) == {"foo", "bar"}
    assert bound[1].resource_defs == {}
    assert uses_foo.resource_defs == {}  # the originals are unchanged
    assert materialize_to_memory(bound).asset_value("uses_foo") == 5


def test_with_resources_keeps_an_assets_own_resource_and_passes_specs_through() -> None:
    own = ResourceDefinition.hardcoded_resource("own")

    @asset(resource_defs={"foo": own})
    def a(context: Any) -> str:
        return str(context.resources.foo)

    spec = AssetSpec("ext")
    bound_a, bound_spec = with_resources([a, spec], {"foo": "other"})
    assert bound_a.resource_defs["foo"] is own
    assert bound_spec is spec


def test_with_resources_configures_a_definition_by_key() -> None:
    @resource(config_schema={"n": int})
    def num(init_context: Any) -> int:
        return int(init_context.resource_config["n"])

    @asset(required_resource_keys={"num"})
    def a(context: Any) -> int:
        return int(context.resources.num)

    (bound,) = with_resources(
        [a], {"num": num}, resource_config_by_key={"num": {"config": {"n": 3}}}
    )
    assert materialize_to_memory([bound]).asset_value("a") == 3
    with pytest.raises(InvalidInvocationError, match="only a ResourceDefinition"):
        with_resources([a], {"num": 3}, resource_config_by_key={"num": {"config": {}}})


def test_two_assets_with_different_resources_under_one_key_conflict() -> None:
    @asset(resource_defs={"foo": ResourceDefinition.hardcoded_resource("1")})
    def first() -> None: ...

    @asset(resource_defs={"foo": ResourceDefinition.hardcoded_resource("2")})
    def second() -> None: ...

    with pytest.raises(
        InvalidDefinitionError, match="Conflicting versions of resource with key 'foo'"
    ):
        materialize_to_memory([first, second])
    message = (
        'AssetsDefinition with key ["first"] has conflicting resource definitions with provided '
        "resources for the following keys: foo."
    )
    with pytest.raises(InvalidInvocationError, match=re.escape(message)):
        materialize_to_memory([first], resources={"foo": "3"})


def test_a_missing_resource_is_named_with_the_op_that_needs_it() -> None:
    @asset(required_resource_keys={"foo"})
    def the_asset() -> None: ...

    with pytest.raises(
        InvalidDefinitionError,
        match="resource with key 'foo' required by op 'the_asset' was not provided",
    ):
        materialize([the_asset])


def test_materialize_to_memory_refuses_a_resource_under_an_io_manager_key() -> None:
    @asset(io_manager_key="blah")
    def the_asset() -> None: ...

    class Manager(IOManager):
        def handle_output(self, context: Any, obj: Any) -> None: ...

        def load_input(self, context: Any) -> Any: ...

    with pytest.raises(
        InvariantViolationError,
        match="Attempted to call `materialize_to_memory` with a resource provided for io manager key 'blah'",
    ):
        materialize_to_memory([the_asset], resources={"blah": Manager()})


def test_spec_with_io_manager_key_is_read_through_that_manager() -> None:
    class Five(IOManager):
        def handle_output(self, context: Any, obj: Any) -> None: ...

        def load_input(self, context: Any) -> int:
            return 5

    source = AssetSpec(AssetKey(["the_source"])).with_io_manager_key("five")
    assert source.io_manager_key == "five"
    assert AssetSpec("x").io_manager_key == "io_manager"

    @asset
    def the_asset(the_source: int) -> int:
        return the_source + 1

    result = materialize([the_asset, source], resources={"five": Five()})
    assert result.output_for_node("the_asset") == 6


def test_a_spec_with_a_computed_assets_key_is_a_duplicate_but_a_source_asset_is_not() -> None:
    @asset(key="x")
    def x() -> int:
        return 1

    with pytest.raises(
        InvalidDefinitionError, match=re.escape("Duplicate asset key: AssetKey(['x'])")
    ):
        materialize_to_memory([x, AssetSpec("x")])
    assert materialize_to_memory([x, SourceAsset("x")]).asset_value("x") == 1
