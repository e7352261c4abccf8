"""Ops with several outputs, ``@graph`` composition (nested, with inputs) and ``to_job``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from partwise import (
    CheckError,
    DailyPartitionsDefinition,
    GraphDefinition,
    GraphOut,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvariantViolationError,
    Out,
    Output,
    RunConfig,
    build_schedule_from_partitioned_job,
    daily_partitioned_config,
    graph,
    job,
    op,
    static_partitioned_config,
)


@op(out={"low": Out(), "high": Out()})
def split(numbers: list[int]) -> tuple[list[int], list[int]]:
    return [n for n in numbers if n < 10], [n for n in numbers if n >= 10]


@op
def total(values: list[int]) -> int:
    return sum(values)


@op
def numbers() -> list[int]:
    return [1, 5, 12, 30]


def test_an_op_returning_a_tuple_fills_each_named_output() -> None:
    @job
    def sums() -> None:
        low, high = split(numbers())
        total.alias("low_total")(low)
        total.alias("high_total")(high)

    result = sums.execute_in_process()
    assert result.output_for_node("split", "low") == [1, 5]
    assert result.output_for_node("split", "high") == [12, 30]
    assert result.output_for_node("low_total") == 6
    assert result.output_for_node("high_total") == 42


def test_named_outputs_are_reachable_as_attributes_of_the_call() -> None:
    @job
    def sums() -> None:
        parts = split(numbers())
        total(parts.high)

    assert sums.execute_in_process().output_for_node("total") == 42


def test_an_unknown_output_name_is_refused_with_the_known_ones() -> None:
    @job
    def sums() -> None:
        split(numbers())

    result = sums.execute_in_process()
    with pytest.raises(InvalidInvocationError, match="'low'"):
        result.output_for_node("split", "middle")


def test_yielded_outputs_and_an_optional_output_left_out_skip_its_consumer() -> None:
    @op(out={"found": Out(is_required=False), "missing": Out(is_required=False)})
    def probe() -> Iterator[Output]:
        yield Output(7, output_name="found")

    @op
    def double(v: int) -> int:
        return v * 2

    @job
    def probing() -> None:
        found, missing = probe()
        double.alias("double_found")(found)
        double.alias("double_missing")(missing)

    result = probing.execute_in_process()
    assert result.success
    assert result.output_for_node("double_found") == 14
    assert result.is_node_skipped("double_missing")


def test_a_required_output_left_out_fails_the_step_naming_it() -> None:
    @op(out={"a": Out(), "b": Out()})
    def half() -> Iterator[Output]:
        yield Output(1, output_name="a")

    @job
    def halfway() -> None:
        half()

    with pytest.raises(InvariantViolationError, match='non-optional output "b"'):
        halfway.execute_in_process()


def test_a_single_value_from_a_multi_output_op_is_an_error() -> None:
    @op(out={"a": Out(), "b": Out()})
    def one() -> int:
        return 1

    @job
    def once() -> None:
        one()

    with pytest.raises(InvariantViolationError, match="has multiple outputs"):
        once.execute_in_process()


def test_out_must_be_an_out_or_a_dict_of_them() -> None:
    with pytest.raises(InvalidDefinitionError, match="out= must be"):

        @op(out=["a"])  # type: ignore[arg-type]
        def bad() -> None: ...


@op(config_schema={"factor": int})
def scale(context: Any, values: list[int]) -> list[int]:
    return [v * context.op_config["factor"] for v in values]


@graph
def scaled_total(values: list[int]) -> Any:
    return total(scale(values))


@graph
def pipeline() -> Any:
    return scaled_total(numbers())


def test_nested_graph_ops_run_as_dotted_steps() -> None:
    result = pipeline.to_job().execute_in_process(
        run_config={"ops": {"scaled_total": {"ops": {"scale": {"config": {"factor": 2}}}}}}
    )
    assert result.output_for_node("scaled_total.total") == 96
    assert result.output_for_node("scaled_total.scale") == [2, 10, 24, 60]


def test_nested_graph_config_may_also_use_dotted_names() -> None:
    config = {"ops": {"scaled_total.scale": {"config": {"factor": 3}}}}
    assert pipeline.to_job().execute_in_process(run_config=config).output_value() == 144


def test_a_graph_input_reads_the_job_input_values() -> None:
    assert isinstance(scaled_total, GraphDefinition)
    result = scaled_total.to_job(input_values={"values": [1, 2]}).execute_in_process(
        run_config={"ops": {"scale": {"config": {"factor": 10}}}}
    )
    assert result.output_for_node("total") == 30


def test_a_graph_runs_directly_with_execute_in_process() -> None:
    result = scaled_total.execute_in_process(
        run_config={"ops": {"scale": {"config": {"factor": 1}}}}, input_values={"values": [4]}
    )
    assert result.output_for_node("total") == 4


def test_a_graph_called_outside_a_composition_says_how_to_run_it() -> None:
    with pytest.raises(InvalidInvocationError, match="to_job"):
        pipeline()


def test_a_graph_used_twice_gets_distinct_step_prefixes() -> None:
    @graph
    def twice() -> None:
        scaled_total.alias("first")(numbers())
        scaled_total.alias("second")(numbers())

    config = {
        "ops": {
            "first": {"ops": {"scale": {"config": {"factor": 1}}}},
            "second": {"ops": {"scale": {"config": {"factor": -1}}}},
        }
    }
    result = twice.to_job().execute_in_process(run_config=config)
    assert result.output_for_node("first.total") == 48
    assert result.output_for_node("second.total") == -48


def test_a_graph_returning_a_dict_has_named_outputs() -> None:
    @op
    def inc(v: int) -> int:
        return v + 1

    @graph(out={"low": GraphOut(), "high": GraphOut()})
    def halves() -> Any:
        low, high = split(numbers())
        return {"low": total.alias("low_sum")(low), "high": total.alias("high_sum")(high)}

    @job
    def outer() -> None:
        parts = halves()
        inc(parts.low)

    result = outer.execute_in_process()
    assert result.output_for_node("halves.high_sum") == 42
    assert result.output_for_node("inc") == 7


DAILY = DailyPartitionsDefinition(start_date="2024-01-01")


@op(config_schema={"day": str})
def stamp(context: Any) -> str:
    return f"{context.op_config['day']}@{context.partition_key}"


@graph
def stamping() -> None:
    stamp()


@daily_partitioned_config(start_date="2024-01-01")
def stamp_config(start: Any, end: Any) -> dict[str, Any]:
    return {"ops": {"stamp": {"config": {"day": start.strftime("%d")}}}}


def test_to_job_with_partitioned_config_runs_a_partition_with_its_config() -> None:
    daily_job = stamping.to_job(name="daily_stamp", config=stamp_config)
    assert daily_job.partitions_def == DAILY
    result = daily_job.execute_in_process(partition_key="2024-03-05")
    assert result.output_for_node("stamp") == "05@2024-03-05"
    assert result.dagster_run.tags["dagster/partition"] == "2024-03-05"


def test_graph_with_partitioned_config_makes_a_schedule_with_run_requests() -> None:
    from partwise import build_schedule_context

    daily_job = stamping.to_job(name="daily_stamp", config=stamp_config)
    schedule = build_schedule_from_partitioned_job(daily_job)
    assert schedule.cron_schedule == "0 0 * * *"
    import datetime as dt

    context = build_schedule_context(scheduled_execution_time=dt.datetime(2024, 3, 6, 0, 0))
    (request,) = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2024-03-05"
    result = daily_job.execute_in_process(partition_key=request.partition_key)
    assert result.output_for_node("stamp") == "05@2024-03-05"


def test_to_job_with_partitions_def_and_fixed_config() -> None:
    fixed = stamping.to_job(
        partitions_def=DAILY, config={"ops": {"stamp": {"config": {"day": "x"}}}}
    )
    assert fixed.execute_in_process(partition_key="2024-01-02").output_value() == "x@2024-01-02"


def test_to_job_takes_a_run_config_object_and_tags() -> None:
    tagged = stamping.to_job(
        partitions_def=DAILY,
        config=RunConfig(ops={"stamp": {"config": {"day": "y"}}}),
        tags={"team": "data"},
    )
    result = tagged.execute_in_process(partition_key="2024-01-02")
    assert result.dagster_run.tags["team"] == "data"


def test_static_partitioned_config_on_a_graph_job() -> None:
    @static_partitioned_config(partition_keys=["eu", "us"])
    def region_config(key: str) -> dict[str, Any]:
        return {"ops": {"stamp": {"config": {"day": key.upper()}}}}

    regional = stamping.to_job(config=region_config)
    assert regional.execute_in_process(partition_key="us").output_value() == "US@us"


def test_to_job_refuses_two_different_partitions_definitions() -> None:
    other = DailyPartitionsDefinition(start_date="2023-01-01")
    with pytest.raises(InvalidDefinitionError, match="pass only one"):
        stamping.to_job(config=stamp_config, partitions_def=other)
    # the reference reports it as a failed check, with this sentence
    with pytest.raises(CheckError, match="Can't supply a PartitionedConfig for 'config'"):
        stamping.to_job(config=stamp_config, partitions_def=other)


def test_an_unconnected_input_may_come_from_the_run_config() -> None:
    @op
    def add_one(x: int) -> int:
        return x + 1

    @graph
    def adder() -> Any:
        return add_one()

    configured = adder.to_job(config={"ops": {"add_one": {"inputs": {"x": {"value": 1}}}}})
    assert configured.execute_in_process().output_value() == 2
    override = {"ops": {"add_one": {"inputs": {"x": 5}}}}
    assert configured.execute_in_process(run_config=override).output_value() == 6
    with pytest.raises(InvalidDefinitionError, match=r"ops\.add_one\.inputs\.x"):
        adder.to_job().execute_in_process()


def test_a_job_keeps_the_graph_description_unless_given_its_own() -> None:
    @graph(description="graph desc")
    def empty() -> None:
        pass

    assert empty.to_job().description == "graph desc"
    assert empty.to_job(description="job desc").description == "job desc"
    assert empty.to_job(name="prod").name == "prod"


def test_an_in_naming_no_parameter_only_orders_the_op() -> None:
    from partwise import In

    ran: list[str] = []

    @op
    def before() -> None:
        ran.append("before")

    @op(ins={"start": In()})
    def after() -> str:
        ran.append("after")
        return "done"

    @job
    def ordered() -> None:
        after(start=before())

    assert ordered.execute_in_process().output_for_node("after") == "done"
    assert ran == ["before", "after"]


def test_to_job_tags_become_strings_and_hooks_are_refused() -> None:
    tagged = stamping.to_job(tags={"owner": "data", "spec": {"a": "b"}})
    assert tagged.tags == {"owner": "data", "spec": '{"a": "b"}'}
    with pytest.raises(InvalidDefinitionError, match="Invalid value for tag"):
        stamping.to_job(tags={"bad": object()})
    with pytest.raises(InvalidInvocationError, match="hooks"):
        stamping.to_job(hooks={object()})


def test_to_job_op_retry_policy_retries_every_op() -> None:
    from partwise import RetryPolicy

    attempts: list[int] = []

    @op
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) < 2:
            raise RuntimeError("once")
        return len(attempts)

    @graph
    def retrying() -> Any:
        return flaky()

    job_def = retrying.to_job(op_retry_policy=RetryPolicy(max_retries=2))
    assert job_def.execute_in_process().output_value() == 2
