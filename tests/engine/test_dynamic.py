"""Dynamic outputs: ``DynamicOut``, ``.map`` (one step per value) and ``.collect``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from partwise import (
    DynamicOut,
    DynamicOutput,
    InvalidDefinitionError,
    OpExecutionContext,
    job,
    op,
)


@op(out=DynamicOut())
def files() -> Iterator[DynamicOutput]:
    for name in ["a", "bb", "ccc"]:
        yield DynamicOutput(name, mapping_key=name)


@op
def size(context: OpExecutionContext, name: str) -> tuple[str | None, int]:
    return context.get_mapping_key(), len(name)


@op
def second(pair: tuple[str, int]) -> int:
    return pair[1] * 10


@op
def total(values: list[int]) -> int:
    return sum(values)


def test_each_value_runs_the_mapped_ops_and_collect_gathers_them() -> None:
    @job
    def sizes() -> None:
        total(files().map(size).map(second).collect())

    result = sizes.execute_in_process()
    assert result.output_for_node("total") == 60
    assert result.output_for_node("size") == {"a": ("a", 1), "bb": ("bb", 2), "ccc": ("ccc", 3)}
    steps = sorted(e.step_key for e in result.get_step_success_events())
    assert steps == [
        "files",
        "second[a]",
        "second[bb]",
        "second[ccc]",
        "size[a]",
        "size[bb]",
        "size[ccc]",
        "total",
    ]


def test_mapped_ops_take_their_config_under_their_own_name() -> None:
    @op(config_schema={"factor": int})
    def scaled(context: OpExecutionContext, name: str) -> int:
        return len(name) * context.op_config["factor"]

    @job
    def scaling() -> None:
        total(files().map(lambda name: scaled(name)).collect())

    config = {"ops": {"scaled": {"config": {"factor": 100}}}}
    assert scaling.execute_in_process(run_config=config).output_for_node("total") == 600


def test_a_fan_out_over_nothing_runs_the_collector_with_an_empty_list() -> None:
    @op(out=DynamicOut())
    def nothing() -> Iterator[DynamicOutput]:
        yield from ()

    @job
    def empty() -> None:
        total(nothing().map(size).map(second).collect())

    assert empty.execute_in_process().output_for_node("total") == 0


def test_mapping_keys_must_be_identifiers_and_unique() -> None:
    with pytest.raises(InvalidDefinitionError, match="mapping_key"):
        DynamicOutput(1, mapping_key="a-b")

    @op(out=DynamicOut())
    def twice() -> Iterator[DynamicOutput]:
        yield DynamicOutput(1, mapping_key="x")
        yield DynamicOutput(2, mapping_key="x")

    @job
    def duplicated() -> None:
        total(twice().map(second).collect())

    with pytest.raises(InvalidDefinitionError, match="unique"):
        duplicated.execute_in_process()


def test_collect_directly_from_the_dynamic_output() -> None:
    @op
    def names(values: list[str]) -> str:
        return ",".join(values)

    @job
    def joined() -> Any:
        names(files().collect())

    assert joined.execute_in_process().output_for_node("names") == "a,bb,ccc"
