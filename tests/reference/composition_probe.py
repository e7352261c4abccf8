"""Graphs, multi-assets, asset checks and loaders under partwise or the reference; prints JSON.

Usage: ``python composition_probe.py <module>``. Each scenario returns plain data (or ``"error"``),
so ``test_composition_reference.py`` can compare the two libraries' answers one by one.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)
dg: Any = importlib.import_module(sys.argv[1])
DAILY = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-10")
SCENARIOS: dict[str, Callable[[], Any]] = {}


def scenario(fn: Callable[[], Any]) -> Callable[[], Any]:
    SCENARIOS[fn.__name__] = fn
    return fn


def _mats(result: Any) -> list[list[Any]]:
    return sorted(
        [e.step_key, e.asset_key.to_user_string(), e.partition]
        for e in result.get_asset_materialization_events()
    )


def _steps(result: Any) -> list[str]:
    return sorted(e.step_key for e in result.get_step_success_events())


@scenario
def graph_with_partitioned_config() -> Any:
    @dg.op(out={"a": dg.Out(), "b": dg.Out()})
    def split(context) -> tuple[str, int]:
        return context.partition_key, 2

    @dg.op(config_schema={"x": str})
    def join(context, a: Any, b: Any) -> str:
        return f"{a}-{b}-{context.op_config['x']}"

    @dg.graph
    def inner(a: Any, b: Any) -> Any:
        return join(a, b)

    @dg.graph
    def outer() -> Any:
        a, b = split()
        return inner(a, b)

    @dg.daily_partitioned_config(start_date="2024-01-01")
    def cfg(start: Any, _end: Any) -> dict[str, Any]:
        return {"ops": {"inner": {"ops": {"join": {"config": {"x": start.strftime("%d")}}}}}}

    job = outer.to_job(name="outer_job", config=cfg)
    result = job.execute_in_process(partition_key="2024-01-03")
    schedule = dg.build_schedule_from_partitioned_job(job)
    return [
        result.output_value(),
        result.output_for_node("inner.join"),
        result.output_for_node("split", "b"),
        _steps(result),
        schedule.name,
        schedule.cron_schedule,
        result.dagster_run.tags["dagster/partition"],
    ]


@scenario
def optional_op_outputs() -> Any:
    @dg.op(out={"x": dg.Out(is_required=False), "y": dg.Out(is_required=False)})
    def maybe() -> Iterator[Any]:
        yield dg.Output(1, output_name="x")

    @dg.op
    def use(v: int) -> int:
        return v + 1

    @dg.job
    def optjob() -> None:
        x, y = maybe()
        use.alias("ux")(x)
        use.alias("uy")(y)

    result = optjob.execute_in_process()
    return [result.success, result.output_for_node("ux"), _steps(result)]


@scenario
def multi_asset_outs_partitioned() -> Any:
    @dg.multi_asset(
        outs={"x": dg.AssetOut(), "y": dg.AssetOut(key_prefix="pre")}, partitions_def=DAILY
    )
    def xy(context) -> tuple[str, int]:
        return context.partition_key, 2

    @dg.asset(partitions_def=DAILY, ins={"y": dg.AssetIn(key=["pre", "y"])})
    def down(x: Any, y: Any) -> str:
        return f"{x}:{y}"

    result = dg.materialize_to_memory([xy, down], partition_key="2024-01-02")
    return [_mats(result), result.output_for_node("down"), result.asset_value(["pre", "y"])]


@scenario
def multi_asset_subset() -> Any:
    @dg.multi_asset(
        specs=[dg.AssetSpec("s1"), dg.AssetSpec(["p", "s2"], deps=["s1"])], can_subset=True
    )
    def ss(context) -> Iterator[Any]:
        for key in sorted(context.selected_asset_keys, key=lambda k: len(k.path)):
            yield dg.MaterializeResult(asset_key=key)

    return [_mats(dg.materialize([ss], selection=["p/s2"])), _mats(dg.materialize([ss]))]


@scenario
def multi_asset_partial_selection_without_subsetting() -> Any:
    @dg.multi_asset(outs={"x": dg.AssetOut(), "y": dg.AssetOut()})
    def xy() -> tuple[int, int]:
        return 1, 2

    return _mats(dg.materialize_to_memory([xy], selection=["x"]))


@scenario
def skipped_downstream_of_missing_output() -> Any:
    @dg.multi_asset(
        outs={"left": dg.AssetOut(is_required=False), "right": dg.AssetOut(is_required=False)}
    )
    def one_side() -> Iterator[Any]:
        yield dg.Output([1], output_name="right")

    @dg.asset
    def from_left(left: Any) -> Any:
        return left

    @dg.asset
    def from_right(right: Any) -> Any:
        return [*right, 2]

    result = dg.materialize_to_memory([one_side, from_left, from_right])
    return [result.success, _steps(result), result.asset_value("from_right")]


@scenario
def graph_assets() -> Any:
    @dg.asset(partitions_def=DAILY)
    def raw(context) -> str:
        return context.partition_key

    @dg.op
    def clean(context, raw: str) -> str:
        return f"clean({raw}@{context.partition_key})"

    @dg.graph_asset(partitions_def=DAILY)
    def refined(raw: str) -> Any:
        return clean(raw)

    @dg.op(out={"a": dg.Out(), "b": dg.Out()})
    def two() -> tuple[int, int]:
        return 1, 2

    @dg.graph_multi_asset(outs={"ga": dg.AssetOut(), "gb": dg.AssetOut()})
    def gm() -> Any:
        a, b = two()
        return {"ga": a, "gb": b}

    first = dg.materialize_to_memory([raw, refined], partition_key="2024-01-04")
    second = dg.materialize_to_memory([gm])
    return [_mats(first), first.asset_value("refined"), _mats(second), second.asset_value("gb")]


@scenario
def asset_checks() -> Any:
    @dg.asset(partitions_def=DAILY)
    def a() -> int:
        return 3

    @dg.asset_check(asset=a, partitions_def=DAILY)
    def a_pos(a: int) -> Any:
        return dg.AssetCheckResult(passed=a > 5, metadata={"v": a})

    @dg.asset_check(asset=a, blocking=True, partitions_def=DAILY)
    def a_blk() -> Any:
        return dg.AssetCheckResult(passed=False)

    @dg.asset_check(asset=a, blocking=True, partitions_def=DAILY)
    def a_warn() -> Any:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN)

    @dg.asset(partitions_def=DAILY)
    def b(a: int) -> int:
        return a

    out = []
    for check in (a_pos, a_blk, a_warn):
        result = dg.materialize_to_memory(
            [a, check, b], partition_key="2024-01-01", raise_on_error=False
        )
        evaluations = [
            [e.check_name, e.passed, e.severity.value, e.partition]
            for e in result.get_asset_check_evaluations()
        ]
        out.append([result.success, _steps(result), evaluations])
    return out


@scenario
def dynamic_fan_out() -> Any:
    @dg.op(out=dg.DynamicOut())
    def fan() -> Iterator[Any]:
        for name in ["a", "bb", "ccc"]:
            yield dg.DynamicOutput(name, mapping_key=name)

    @dg.op
    def size(context, name: str) -> list[Any]:
        return [context.get_mapping_key(), len(name)]

    @dg.op
    def total(values: list[Any]) -> int:
        return sum(v[1] for v in values)

    @dg.job
    def sizes() -> None:
        total(fan().map(size).collect())

    result = sizes.execute_in_process()
    return [result.output_for_node("total"), result.output_for_node("size"), _steps(result)]


@scenario
def repository_and_merge() -> Any:
    @dg.op
    def one() -> int:
        return 1

    @dg.job
    def ones() -> None:
        one()

    @dg.asset
    def thing() -> int:
        return 2

    @dg.repository
    def repo() -> list[Any]:
        return [ones, thing, dg.define_asset_job("things", selection=[thing])]

    merged = dg.Definitions.merge(
        dg.Definitions(assets=[thing]), dg.Definitions(jobs=[ones], resources={"x": 1})
    )
    return [
        repo.name,
        sorted(repo.job_names),
        repo.has_job("ones"),
        repo.get_job("things").execute_in_process().output_for_node("thing"),
        [len(merged.assets), len(merged.jobs), dict(merged.resources)],
    ]


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception:
        return "error"


if __name__ == "__main__":
    print(json.dumps({name: _run(fn) for name, fn in SCENARIOS.items()}, default=str))
