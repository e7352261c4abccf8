"""``@op``/``@job`` and ``execute_in_process``: order, selection, failures and the result."""

from __future__ import annotations

import os
from typing import Any

import pytest

from partwise import (
    DailyPartitionsDefinition,
    Definitions,
    Instance,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvariantViolationError,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    asset,
    define_asset_job,
    job,
    op,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01")


@op
def emit_three() -> int:
    return 3


@op
def square(n: int) -> int:
    return n * n


@op
def add(a: int, b: int) -> int:
    return a + b


@job
def arithmetic() -> None:
    add(square(emit_three()), emit_three.alias("another")())


def test_ops_run_in_dependency_order_and_pass_values() -> None:
    """Outputs flow to inputs in memory; every node's output is readable from the result."""
    result = arithmetic.execute_in_process()
    assert result.success
    assert result.output_for_node("emit_three") == 3
    assert result.output_for_node("square") == 9
    assert result.output_for_node("add") == 12


def test_reusing_an_op_gets_a_unique_node_name() -> None:
    """Calling the same op twice in a job names the second node ``<op>_2``."""

    @job
    def twice() -> None:
        square(emit_three())
        square(emit_three())

    names = [s.name for s in twice.plan.steps]
    assert sorted(names) == ["emit_three", "emit_three_2", "square", "square_2"]


def test_alias_names_the_node() -> None:
    """``op.alias(name)`` gives the node that name."""
    result = arithmetic.execute_in_process()
    assert result.output_for_node("another") == 3


def test_input_values_feed_unconnected_inputs() -> None:
    """``input_values=`` supplies inputs no op output is connected to."""

    @job
    def takes_inputs() -> None:
        square(add())

    result = takes_inputs.execute_in_process(input_values={"a": 2, "b": 5})
    assert result.output_for_node("square") == 49


def test_missing_input_value_fails_the_step_with_a_hint() -> None:
    """An unconnected input without a value names ``input_values`` in the error."""

    @job
    def takes_inputs() -> None:
        add()

    with pytest.raises(InvalidDefinitionError, match="input_values"):
        takes_inputs.execute_in_process()


def test_op_selection_runs_only_named_ops() -> None:
    """``op_selection`` restricts the run to those nodes."""
    result = arithmetic.execute_in_process(op_selection=["emit_three"])
    assert result.output_for_node("emit_three") == 3
    with pytest.raises(InvalidInvocationError, match="square"):
        result.output_for_node("square")


def test_unknown_op_selection_is_rejected_with_suggestion() -> None:
    """A misspelt node name in ``op_selection`` suggests the nearest one."""
    with pytest.raises(InvalidInvocationError, match=r"did you mean.*square"):
        arithmetic.execute_in_process(op_selection=["sqaure"])


def test_op_job_uses_in_memory_io_by_default(tmp_path: Any) -> None:
    """A plain ``@job`` keeps op outputs in memory: nothing is written to the instance."""
    with Instance.local(tmp_path / "inst") as instance:
        arithmetic.execute_in_process(instance=instance)
        storage = os.path.join(instance.root_directory, "storage")
        assert not os.path.exists(storage) or os.listdir(storage) == []


def test_user_exception_is_reraised_with_a_note() -> None:
    """``raise_on_error=True`` re-raises the user's exception, noting step and partition."""

    @op
    def explode(context: Any) -> None:
        raise ZeroDivisionError("bad math")

    @job(partitions_def=DAILY)
    def fragile() -> None:
        explode()

    with pytest.raises(ZeroDivisionError, match="bad math") as info:
        fragile.execute_in_process(partition_key="2024-01-02")
    assert any("'explode'" in n and "2024-01-02" in n for n in info.value.__notes__)


def test_failure_without_raise_records_events_and_skips_downstream() -> None:
    """With ``raise_on_error=False`` the run fails, downstream steps are skipped, others run."""

    @op
    def broken() -> int:
        raise ValueError("nope")

    @op
    def independent() -> int:
        return 1

    @job
    def mixed() -> None:
        square(broken())
        independent()

    result = mixed.execute_in_process(raise_on_error=False)
    assert not result.success
    assert result.is_node_failed("broken")
    assert result.is_node_skipped("square")
    assert result.is_node_success("independent")
    kinds = [e.event_type_value for e in result.all_events]
    assert "STEP_FAILURE" in kinds
    assert kinds[-1] == "PIPELINE_FAILURE"
    assert result.dagster_run.tags["dagster/failure_reason"] == "STEP_FAILURE"
    assert "ValueError: nope" in result.get_step_failure_events()[0].message


def test_event_types_follow_the_reference_names() -> None:
    """A successful run starts with ``PIPELINE_START`` and ends with ``PIPELINE_SUCCESS``."""
    result = arithmetic.execute_in_process()
    kinds = [e.event_type_value for e in result.all_events]
    assert kinds[0] == "PIPELINE_START"
    assert kinds[-1] == "PIPELINE_SUCCESS"
    square_kinds = [e.event_type_value for e in result.events_for_node("square")]
    assert square_kinds == [
        "STEP_START",
        "LOADED_INPUT",
        "STEP_OUTPUT",
        "HANDLED_OUTPUT",
        "STEP_SUCCESS",
    ]


def test_op_annotated_none_skips_the_io_manager() -> None:
    """An op annotated ``-> None`` yields no ``HANDLED_OUTPUT`` event."""

    @op
    def quiet() -> None:
        return None

    @job
    def silent() -> None:
        quiet()

    kinds = [e.event_type_value for e in silent.execute_in_process().all_events]
    assert "STEP_OUTPUT" in kinds
    assert "HANDLED_OUTPUT" not in kinds


def test_run_id_tags_and_job_name_are_recorded() -> None:
    """``run_id=`` and ``tags=`` land on the run; the run is stored in the instance."""
    instance = Instance.ephemeral()
    result = arithmetic.execute_in_process(
        instance=instance, run_id="fixed-run", tags={"team": "data"}
    )
    assert result.run_id == "fixed-run"
    assert result.dagster_run.tags["team"] == "data"
    assert result.dagster_run.job_name == "arithmetic"
    assert result.job_def_name == "arithmetic"
    stored = instance.get_run_by_id("fixed-run")
    assert stored is not None
    assert stored.is_success


def test_job_tags_are_merged_under_user_tags() -> None:
    """Tags declared on the job are applied; ``tags=`` at launch override them."""

    @job(tags={"owner": "a", "tier": "1"})
    def tagged() -> None:
        emit_three()

    run = tagged.execute_in_process(tags={"owner": "b"}).dagster_run
    assert run.tags["owner"] == "b"
    assert run.tags["tier"] == "1"


def test_output_value_for_single_node_job() -> None:
    """``output_value()`` returns the only node's output."""

    @job
    def single() -> None:
        emit_three()

    assert single.execute_in_process().output_value() == 3
    with pytest.raises(InvalidInvocationError, match="output_for_node"):
        arithmetic.execute_in_process().output_value()


def test_partitioned_op_job_sees_partition_key() -> None:
    """An op in a partitioned job reads ``context.partition_key``."""

    @op
    def which(context: Any) -> str:
        return str(context.partition_key)

    @job(partitions_def=StaticPartitionsDefinition(["north", "south"]))
    def regional() -> None:
        which()

    result = regional.execute_in_process(partition_key="south")
    assert result.output_for_node("which") == "south"
    assert result.dagster_run.tags["dagster/partition"] == "south"
    assert result.dagster_run.tags["dagster/partition_set"] == "regional_partition_set"


def test_partitioned_job_without_key_fails_before_any_step() -> None:
    """partwise's choice: a partitioned job run without a key fails early with a clear error."""
    calls: list[str] = []

    @op
    def record() -> None:
        calls.append("ran")

    @job(partitions_def=DAILY)
    def needs_key() -> None:
        record()

    with pytest.raises(InvalidInvocationError, match="no partition was given"):
        needs_key.execute_in_process()
    assert calls == []


def test_partitioned_job_runs_a_key_range_as_one_run() -> None:
    """``partition_key=PartitionKeyRange`` runs once with range tags and every key visible."""

    @op
    def span(context: Any) -> list[str]:
        return list(context.partition_keys)

    @job(partitions_def=DAILY)
    def ranged() -> None:
        span()

    result = ranged.execute_in_process(partition_key=PartitionKeyRange("2024-01-02", "2024-01-04"))
    assert result.output_for_node("span") == ["2024-01-02", "2024-01-03", "2024-01-04"]
    assert result.dagster_run.tags["dagster/asset_partition_range_start"] == "2024-01-02"
    assert "dagster/partition" not in result.dagster_run.tags


def test_asset_job_asset_selection_runs_a_subset() -> None:
    """``asset_selection=`` on an asset job runs only those assets."""

    @asset
    def base() -> int:
        return 2

    @asset
    def derived(base: int) -> int:
        return base + 1

    defs = Definitions(assets=[base, derived], jobs=[define_asset_job("all_assets")])
    asset_job = defs.resolve_job_def("all_assets")
    instance = Instance.ephemeral()
    asset_job.execute_in_process(instance=instance)
    result = asset_job.execute_in_process(instance=instance, asset_selection=[derived])
    assert [
        m.asset_key.to_user_string() for m in result.asset_materializations_for_node("derived")
    ] == ["derived"]
    assert result.output_for_node("derived") == 3
    assert result.asset_value("derived") == 3


def test_constant_op_input_in_composition_is_rejected() -> None:
    """Inside a job an op input must come from another op's output (constants go in input_values)."""
    with pytest.raises(InvalidDefinitionError, match="another op's output"):

        @job
        def constant_input() -> None:
            square(4)


def test_missing_resource_fails_before_any_step() -> None:
    """A required resource that was not given fails before any step, naming it."""
    calls: list[str] = []

    @op(required_resource_keys={"warehouse"})
    def needs_resource() -> None:
        calls.append("ran")

    @job
    def resourceful() -> None:
        needs_resource()

    with pytest.raises(InvalidDefinitionError, match="warehouse"):
        resourceful.execute_in_process()
    assert calls == []
    assert resourceful.execute_in_process(resources={"warehouse": object()}).success


def test_unpicklable_value_is_fine_in_memory() -> None:
    """Op jobs keep values in memory, so unpicklable outputs pass between ops."""

    @op
    def make_lambda() -> Any:
        return lambda: 5

    @op
    def call_it(fn: Any) -> int:
        return int(fn())

    @job
    def closures() -> None:
        call_it(make_lambda())

    assert closures.execute_in_process().output_for_node("call_it") == 5


def test_unknown_output_names_nodes() -> None:
    """``output_for_node`` on a missing node lists the nodes that have outputs."""
    with pytest.raises(InvalidInvocationError, match="emit_three"):
        arithmetic.execute_in_process().output_for_node("nothing_here")


def test_invariant_error_is_a_runtime_error() -> None:
    """Engine invariant errors also subclass ``RuntimeError``."""
    assert issubclass(InvariantViolationError, RuntimeError)


def test_none_op_feeding_another_op_passes_none() -> None:
    """An input wired to a ``-> None`` op is an ordering edge: it receives ``None``."""

    @op
    def prepare() -> None:
        return None

    @op
    def after(ready: Any) -> str:
        return f"after {ready}"

    @job
    def ordered() -> None:
        after(prepare())

    assert ordered.execute_in_process().output_for_node("after") == "after None"


def test_config_free_op_run_does_not_import_pydantic() -> None:
    """A run that uses no config never imports pydantic, keeping the first run fast."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from partwise import DailyPartitionsDefinition, job, op\n"
        "@op\n"
        "def one(context):\n"
        "    return context.partition_key\n"
        "@job(partitions_def=DailyPartitionsDefinition(start_date='2024-01-01'))\n"
        "def daily():\n"
        "    one()\n"
        "assert daily.execute_in_process(partition_key='2024-01-02').success\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_generator_op_yields_output_and_logged_materializations() -> None:
    """A step may ``yield Output(...)``; yielded ``AssetMaterialization``s are recorded."""
    from partwise import AssetKey, AssetMaterialization, Output

    @op
    def produce() -> Any:
        yield AssetMaterialization(asset_key="external_table", metadata={"rows": 2})
        yield Output(5)

    @op
    def consume(value: int) -> int:
        return value + 1

    @job
    def yielding() -> None:
        consume(produce())

    result = yielding.execute_in_process()
    assert result.output_for_node("consume") == 6
    (logged,) = result.get_asset_materialization_events()
    assert logged.asset_key == AssetKey("external_table")
    assert logged.metadata["rows"].value == 2


def test_direct_op_call_builds_a_context_when_omitted() -> None:
    """Calling an op without its context (config passed by keyword) supplies one."""
    from partwise import Config

    class Scale(Config):
        factor: int = 2

    @op
    def scaled(context: Any, value: int, config: Scale) -> tuple[bool, int]:
        return context.has_partition_key, value * config.factor

    assert scaled(3, config=Scale(factor=5)) == (False, 15)


def test_get_subset_runs_only_the_selection_by_default() -> None:
    @asset
    def first() -> int:
        return 1

    @asset
    def second(first: int) -> int:
        return first + 1

    whole = Definitions(
        assets=[first, second], jobs=[define_asset_job("both", [first, second])]
    ).resolve_job_def("both")
    only_first = whole.get_subset(asset_selection={first.key})
    ran = only_first.execute_in_process()
    assert [m.asset_key for m in ran.get_asset_materialization_events()] == [first.key]
    assert only_first.name == whole.name
    # a run's own selection still wins, and the whole job is untouched
    assert (
        len(
            only_first.execute_in_process(
                asset_selection=[first.key, second.key]
            ).get_asset_materialization_events()
        )
        == 2
    )
    assert len(whole.execute_in_process().get_asset_materialization_events()) == 2
