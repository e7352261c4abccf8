"""``ConfigMapping`` on jobs and resources written without an init context (as the reference)."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import ConfigMapping, Field, job, op, resource
from partwise.errors import InvalidConfigError, InvalidDefinitionError


@op(config_schema=str)
def echo(context: Any) -> str:
    return str(context.op_config)


def _to_run_config(outer: dict[str, Any]) -> dict[str, Any]:
    return {"ops": {"echo": {"config": outer["word"]}}}


def test_a_jobs_config_mapping_turns_its_own_config_into_the_run_config() -> None:
    @job(config=ConfigMapping(config_fn=_to_run_config, config_schema={"word": str}))
    def mapped() -> None:
        echo()

    result = mapped.execute_in_process(run_config={"word": "hi"})
    assert result.output_for_node("echo") == "hi"


def test_the_outer_config_is_checked_and_defaults_reach_the_mapping() -> None:
    schema = {"word": Field(str, default_value="default")}

    @job(config=ConfigMapping(config_fn=_to_run_config, config_schema=schema))
    def mapped() -> None:
        echo()

    assert mapped.execute_in_process().output_for_node("echo") == "default"
    with pytest.raises(InvalidConfigError, match="word"):
        mapped.execute_in_process(run_config={"word": 3})


def test_defaults_are_filled_either_way_and_no_schema_takes_anything() -> None:
    seen: list[Any] = []

    def keep(outer: Any) -> dict[str, Any]:
        seen.append(outer)
        return {"ops": {"echo": {"config": "x"}}}

    schema = {"word": Field(str, default_value="default")}

    @job(config=ConfigMapping(keep, schema, receive_processed_config_values=False))
    def raw() -> None:
        echo()

    @job(config=ConfigMapping(keep))
    def untyped() -> None:
        echo()

    raw.execute_in_process()
    untyped.execute_in_process(run_config={"anything": [1]})
    assert seen == [{"word": "default"}, {"anything": [1]}]


def test_a_config_fn_must_be_callable_and_return_a_mapping() -> None:
    with pytest.raises(InvalidDefinitionError, match="must be callable"):
        ConfigMapping(config_fn="nope")  # type: ignore[arg-type]

    @job(config=ConfigMapping(lambda _: ["not", "a", "mapping"]))
    def bad() -> None:
        echo()

    with pytest.raises(InvalidConfigError, match="must return a run config mapping"):
        bad.execute_in_process()


def test_a_resource_function_may_take_no_init_context() -> None:
    @resource
    def foo() -> str:
        return "foo"

    @resource(description="with options")
    def bar() -> str:
        return "bar"

    @op(required_resource_keys={"foo", "bar"})
    def uses(context: Any) -> str:
        return f"{context.resources.foo}{context.resources.bar}"

    @job(resource_defs={"foo": foo, "bar": bar})
    def j() -> None:
        uses()

    assert j.execute_in_process().output_for_node("uses") == "foobar"
    assert foo() == "foo"
    assert foo.resource_fn.__name__ == "foo"
