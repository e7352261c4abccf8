"""Asset checks: evaluated in runs, recorded (per partition) on the instance, blocking ones block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AssetCheckEvaluation,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    DagsterEventType,
    DailyPartitionsDefinition,
    Definitions,
    EventRecordsFilter,
    Instance,
    InvalidDefinitionError,
    InvariantViolationError,
    MaterializeResult,
    Output,
    PartitionKeyRange,
    asset,
    asset_check,
    backfill,
    define_asset_job,
    materialize,
    materialize_to_memory,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-10")


@asset(partitions_def=DAILY)
def sales(context: AssetExecutionContext) -> int:
    return int(context.partition_key[-2:])


@asset_check(asset=sales, partitions_def=DAILY)
def sales_even(context: AssetExecutionContext, sales: int) -> AssetCheckResult:
    return AssetCheckResult(passed=sales % 2 == 0, metadata={"value": sales})


@asset(partitions_def=DAILY)
def summary(sales: int) -> int:
    return sales * 10


def _evaluations(result: Any) -> list[tuple[str, str, bool, str | None]]:
    return [
        (e.asset_key.to_user_string(), e.check_name, e.passed, e.partition)
        for e in result.get_asset_check_evaluations()
    ]


def test_a_check_runs_after_its_asset_with_the_asset_loaded() -> None:
    result = materialize_to_memory([sales, sales_even], partition_key="2024-01-04")
    (evaluation,) = result.get_asset_check_evaluations()
    assert (evaluation.check_name, evaluation.passed, evaluation.partition) == (
        "sales_even",
        True,
        "2024-01-04",
    )
    assert evaluation.metadata == {"value": 4}
    assert evaluation.severity is AssetCheckSeverity.ERROR
    assert evaluation.asset_check_key == AssetCheckKey(AssetKey("sales"), "sales_even")
    assert sales_even.check_key == AssetCheckKey(AssetKey("sales"), "sales_even")


def test_a_failed_error_check_does_not_fail_the_run() -> None:
    result = materialize_to_memory([sales, sales_even, summary], partition_key="2024-01-03")
    assert result.success
    assert _evaluations(result) == [("sales", "sales_even", False, "2024-01-03")]
    assert result.asset_value("summary") == 30


def test_a_partitioned_check_over_a_range_records_each_partition(tmp_path: Path) -> None:
    instance = Instance.local(tmp_path)

    @asset(partitions_def=DAILY)
    def counts(context: AssetExecutionContext) -> None:
        return None

    @asset_check(asset=counts, partitions_def=DAILY)
    def counts_ok() -> AssetCheckResult:
        return AssetCheckResult(passed=True)

    materialize(
        [counts, counts_ok],
        partition_key=PartitionKeyRange("2024-01-02", "2024-01-03"),
        instance=instance,
    )
    records = instance.get_event_records(
        EventRecordsFilter(
            event_type=DagsterEventType.ASSET_CHECK_EVALUATION, asset_key=AssetKey("counts")
        )
    )
    stored = sorted((AssetCheckEvaluation.from_entry(r).partition, r.step_key) for r in records)
    assert stored == [("2024-01-02", "counts_counts_ok"), ("2024-01-03", "counts_counts_ok")]


def test_an_unpartitioned_check_of_a_partitioned_asset_records_no_partition() -> None:
    @asset_check(asset=sales)
    def sales_seen() -> AssetCheckResult:
        return AssetCheckResult(passed=True)

    result = materialize_to_memory([sales, sales_seen], partition_key="2024-01-02")
    assert _evaluations(result) == [("sales", "sales_seen", True, None)]


def test_a_blocking_check_failing_with_error_skips_the_downstream_asset() -> None:
    @asset_check(asset=sales, blocking=True, partitions_def=DAILY)
    def sales_positive(sales: int) -> AssetCheckResult:
        return AssetCheckResult(passed=sales > 100)

    result = materialize_to_memory(
        [sales, sales_positive, summary], partition_key="2024-01-02", raise_on_error=False
    )
    assert not result.success
    assert result.is_node_failed("sales_sales_positive")
    assert result.is_node_skipped("summary")
    assert _evaluations(result) == [("sales", "sales_positive", False, "2024-01-02")]


def test_a_blocking_check_failing_with_warn_blocks_nothing() -> None:
    @asset_check(asset=sales, blocking=True)
    def sales_small() -> AssetCheckResult:
        return AssetCheckResult(passed=False, severity=AssetCheckSeverity.WARN)

    result = materialize_to_memory([sales, sales_small, summary], partition_key="2024-01-02")
    assert result.success
    assert result.asset_value("summary") == 20


def test_a_check_that_raises_fails_the_run() -> None:
    @asset_check(asset=sales)
    def broken() -> AssetCheckResult:
        raise ValueError("cannot check")

    with pytest.raises(ValueError, match="cannot check"):
        materialize_to_memory([sales, broken], partition_key="2024-01-02")


def test_check_specs_on_an_asset_are_reported_by_the_asset_itself() -> None:
    @asset(check_specs=[AssetCheckSpec("non_empty", asset="rows")])
    def rows() -> Iterator[Any]:
        yield Output([1, 2])
        yield AssetCheckResult(passed=True, metadata={"n": 2})

    @asset(check_specs=[AssetCheckSpec("fresh", asset="stamp")])
    def stamp() -> MaterializeResult:
        return MaterializeResult(check_results=[AssetCheckResult(passed=False)])

    result = materialize_to_memory([rows, stamp])
    assert sorted(_evaluations(result)) == [
        ("rows", "non_empty", True, None),
        ("stamp", "fresh", False, None),
    ]


def test_a_declared_check_without_a_result_is_an_error() -> None:
    @asset(check_specs=[AssetCheckSpec("never", asset="quiet")])
    def quiet() -> Iterator[Any]:
        yield Output(1)

    with pytest.raises(InvariantViolationError, match="never"):
        materialize_to_memory([quiet])


def test_a_result_naming_an_unknown_check_lists_the_known_ones() -> None:
    @asset(check_specs=[AssetCheckSpec("a", asset="two"), AssetCheckSpec("b", asset="two")])
    def two() -> Iterator[Any]:
        yield Output(1)
        yield AssetCheckResult(passed=True)

    with pytest.raises(InvariantViolationError, match="two:a"):
        materialize_to_memory([two])


def test_definitions_jobs_run_the_checks_of_their_assets() -> None:
    defs = Definitions(
        assets=[sales, summary],
        asset_checks=[sales_even],
        jobs=[define_asset_job("daily", selection=["sales"])],
    )
    result = defs.resolve_job_def("daily").execute_in_process(partition_key="2024-01-06")
    assert _evaluations(result) == [("sales", "sales_even", True, "2024-01-06")]
    assert defs.get_asset_checks_def(sales_even.check_key) is sales_even


def test_a_backfill_runs_the_checks_per_partition() -> None:
    instance = Instance.ephemeral()
    defs = Definitions(assets=[sales], asset_checks=[sales_even])
    backfill(
        [AssetKey("sales")],
        definitions=defs,
        partition_range=PartitionKeyRange("2024-01-01", "2024-01-03"),
        instance=instance,
    )
    records = instance.get_event_records(
        EventRecordsFilter(event_type=DagsterEventType.ASSET_CHECK_EVALUATION)
    )
    passed = sorted((e.partition, e.passed) for e in map(AssetCheckEvaluation.from_entry, records))
    assert passed == [("2024-01-01", False), ("2024-01-02", True), ("2024-01-03", False)]


def test_a_check_may_load_other_assets_through_additional_ins() -> None:
    from partwise import AssetIn

    @asset
    def limit() -> int:
        return 5

    @asset_check(asset=sales, additional_ins={"limit": AssetIn("limit")}, partitions_def=DAILY)
    def under_limit(sales: int, limit: int) -> AssetCheckResult:
        return AssetCheckResult(passed=sales < limit)

    result = materialize_to_memory(
        [limit, sales, under_limit], partition_key="2024-01-07", selection=[sales, limit]
    )
    assert _evaluations(result) == [("sales", "under_limit", False, "2024-01-07")]


def test_a_check_with_two_parameters_for_the_asset_is_refused() -> None:
    with pytest.raises(InvalidDefinitionError, match="additional_ins"):

        @asset_check(asset=sales)
        def confused(a: int, b: int) -> AssetCheckResult:
            return AssetCheckResult(passed=True)


def test_a_check_is_callable_directly_in_a_unit_test() -> None:
    @asset_check(asset="sales")
    def sales_small(sales: int) -> AssetCheckResult:
        return AssetCheckResult(passed=sales < 10)

    assert sales_small(3).passed


def test_a_multi_asset_check_reports_checks_of_several_assets() -> None:
    from partwise import multi_asset_check

    @asset
    def small() -> int:
        return 1

    @asset
    def big() -> int:
        return 5

    @asset
    def after_big(big: int) -> int:
        return big

    @multi_asset_check(
        specs=[
            AssetCheckSpec("small_ok", asset="small"),
            AssetCheckSpec("big_ok", asset="big", blocking=True),
        ]
    )
    def sizes() -> Iterator[AssetCheckResult]:
        yield AssetCheckResult(passed=True, asset_key="small", check_name="small_ok")
        yield AssetCheckResult(passed=False, asset_key="big", check_name="big_ok")

    result = materialize_to_memory([small, big, sizes, after_big], raise_on_error=False)
    assert sorted(_evaluations(result)) == [
        ("big", "big_ok", False, None),
        ("small", "small_ok", True, None),
    ]
    assert result.is_node_skipped("after_big")


def test_a_check_on_a_graph_asset_runs_after_the_op_that_makes_it() -> None:
    from partwise import graph_asset, op

    @op
    def make() -> int:
        return 7

    @graph_asset
    def seven() -> Any:
        return make()

    @asset_check(asset=seven)
    def is_seven(seven: int) -> AssetCheckResult:
        return AssetCheckResult(passed=seven == 7)

    result = materialize_to_memory([seven, is_seven])
    assert _evaluations(result) == [("seven", "is_seven", True, None)]
