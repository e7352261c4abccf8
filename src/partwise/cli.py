"""The ``partwise`` command line: inspect, run, backfill and validate a project's partitions.

TARGET is ``module:attr`` or ``path.py[:attr]`` naming a ``Definitions`` (attr defaults to ``defs``);
runs are recorded on ``Instance.get()`` (``$PARTWISE_HOME``, default ``./.partwise``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from partwise._cli_support import (
    CliError,
    check_keys,
    load_definitions,
    load_definitions_with_ref,
    parse_time,
    partition_bar,
    pick,
    ranges_of,
)
from partwise.errors import PartwiseError

__all__ = ["main"]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _instance() -> Any:
    from partwise._instance import Instance

    return Instance.get()


def _asset_keys(defs: Any, select: str | None) -> list[Any]:
    from partwise._definitions.asset_key import AssetKey

    graph = defs.asset_graph
    if not select:
        return list(graph.toposort(graph.assets))
    names = [graph_key.to_user_string() for graph_key in graph.assets]
    keys = [AssetKey.from_user_string(pick(s.strip(), names, "asset")) for s in select.split(",")]
    return list(graph.toposort(keys))


def cmd_partitions(args: argparse.Namespace) -> int:
    defs, instance = load_definitions(args.target), _instance()
    (key,) = _asset_keys(defs, args.asset)
    pdef = defs.asset_graph.partitions_def(key)
    if pdef is None:
        raise CliError(f"Asset {key.to_user_string()!r} is not partitioned")
    keys = pdef.get_partition_keys(dynamic_partitions_store=instance)
    print("\n".join(str(k) for k in keys) if not args.count else len(keys))
    return 0


def cmd_materialize(args: argparse.Namespace) -> int:
    from partwise._definitions.job import define_asset_job
    from partwise._execution.execute import execute_job

    defs, instance = load_definitions(args.target), _instance()
    keys = _asset_keys(defs, args.select)
    job = define_asset_job("__cli_materialize", selection=keys).resolve(
        defs.asset_graph, defs.resources
    )
    if args.partition is not None and job.partitions_def is not None:
        from partwise._partitions.context import partition_loading_context

        with partition_loading_context(dynamic_partitions_store=instance):
            check_keys(job.partitions_def, [args.partition])
    result = execute_job(job, instance=instance, partition_key=args.partition, raise_on_error=False)
    names = ", ".join(k.to_user_string() for k in keys)
    where = f" [{args.partition}]" if args.partition else ""
    if result.success:
        _console().print(f"[green]materialized[/] {names}{where} (run {result.run_id[:8]})")
        return 0
    failures = "; ".join(e.message for e in result.get_step_failure_events())
    _console().print(f"[red]failed[/] {names}{where}: {failures}")
    return 1


def cmd_backfill(args: argparse.Namespace) -> int:
    from partwise import backfill

    defs, ref = load_definitions_with_ref(args.target)
    instance = _instance()
    if args.job:
        target: Any = defs.resolve_job_def(pick(args.job, defs.job_names, "job"))
        pdef = target.partitions_def
    else:
        target = [defs.asset_graph.assets[k] for k in _asset_keys(defs, args.select)]
        pdefs = {a.partitions_def for a in target if a.partitions_def is not None}
        pdef = next(iter(pdefs), None)
    keys, key_range = _backfill_keys(args, pdef, instance)
    executor = None
    if args.workers and args.workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(args.workers)
    result = backfill(
        target,
        partition_keys=keys,
        partition_range=key_range,
        instance=instance,
        executor=executor,
        progress=not args.no_progress,
        definitions=ref if executor is not None else defs,
    )
    if executor is not None:
        executor.shutdown()
    console = _console()
    console.print(
        f"backfill: [green]{len(result.succeeded)} succeeded[/], "
        f"[red]{len(result.failed)} failed[/], {len(result.not_run)} not run"
    )
    if result.failed:
        order = list(pdef.get_partition_keys(dynamic_partitions_store=instance)) if pdef else []
        console.print(f"failed partitions: {', '.join(ranges_of(list(result.failed), order))}")
    return 0 if result.success else 1


def _backfill_keys(args: argparse.Namespace, pdef: Any, instance: Any) -> tuple[Any, Any]:
    from partwise._partitions.base import PartitionKeyRange
    from partwise._partitions.context import partition_loading_context

    if pdef is None:
        raise CliError("Nothing to backfill: the selection is not partitioned")
    with partition_loading_context(dynamic_partitions_store=instance):
        if args.partitions:
            keys = [k.strip() for k in args.partitions.split(",") if k.strip()]
            check_keys(pdef, keys)
            return keys, None
        if args.all:
            return None, None  # every partition of every selected asset
        if not (args.from_key and args.to_key):
            raise CliError("Say which partitions: --from K --to K, --partitions k1,k2 or --all")
        check_keys(pdef, [args.from_key, args.to_key])
        return None, PartitionKeyRange(args.from_key, args.to_key)


def cmd_status(args: argparse.Namespace) -> int:
    from rich.text import Text

    defs, instance = load_definitions(args.target), _instance()
    console = _console()
    for key in _asset_keys(defs, args.select):
        pdef = defs.asset_graph.partitions_def(key)
        name = key.to_user_string()
        if pdef is None:
            done = key in set(instance.get_asset_keys())
            console.print(
                Text(f"{name:<24} ")
                + Text("materialized" if done else "missing", "green" if done else "grey50")
            )
            continue
        keys = list(pdef.get_partition_keys(dynamic_partitions_store=instance))
        statuses = instance.get_status_by_partition(key, keys, pdef)
        values = [s.value if s is not None else None for s in (statuses[k] for k in keys)]
        line = Text(f"{name:<24} ")
        for glyph, style in partition_bar(values, width=max(10, min(60, console.width - 40))):
            line.append(glyph, style)
        materialized, failed = values.count("MATERIALIZED"), values.count("FAILED")
        line.append(f"  {materialized}/{len(keys)}")
        if failed:
            line.append(f"  {failed} failed", "red")
        console.print(line)
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from partwise._cli_matrix import run_matrix

    defs, instance = load_definitions(args.target), _instance()
    job = defs.resolve_job_def(pick(args.job, defs.job_names, "job"))
    _console().print(run_matrix(job, instance, args.last))
    return 0


def cmd_ticks(args: argparse.Namespace) -> int:
    from rich.table import Table

    from partwise import schedule_ticks

    defs = load_definitions(args.target)
    names = [s.name for s in defs.schedules]
    schedule = defs.resolve_schedule_def(pick(args.schedule, names, "schedule"))
    start, end = parse_time(args.from_time, "--from time"), parse_time(args.to_time, "--to time")
    table = Table("tick", "partitions", "run config")
    for row in schedule_ticks(schedule, start, end, definitions=defs):
        if row.skipped:
            table.add_row(str(row.tick_time), f"[grey50]skipped: {row.skip_message or ''}[/]", "")
            continue
        configs = {json.dumps(r.run_config, sort_keys=True) for r in row.run_requests}
        table.add_row(
            str(row.tick_time), ", ".join(map(str, row.partition_keys)), " | ".join(configs)
        )
    _console().print(table)
    return 0


def cmd_tick(args: argparse.Namespace) -> int:
    from partwise import tick

    defs, instance = load_definitions(args.target), _instance()
    now = parse_time(args.at, "--at time") if args.at else None
    result = tick(defs, instance=instance, now=now)
    console = _console()
    for run in result.runs:
        state = "[green]success[/]" if run.success else "[red]failure[/]"
        console.print(
            f"{run.dagster_run.job_name} {run.dagster_run.tags.get('dagster/partition', '')} {state}"
        )
    console.print(f"{len(result.run_requests)} run requests, {len(result.runs)} runs")
    return 0 if all(r.success for r in result.runs) else 1


def cmd_config(args: argparse.Namespace) -> int:
    defs, instance = load_definitions(args.target), _instance()
    job = defs.resolve_job_def(pick(args.job, defs.job_names, "job"))
    if job.partitioned_config is None:
        raise CliError(f"Job {job.name!r} is not partitioned")
    from partwise._partitions.context import partition_loading_context

    with partition_loading_context(dynamic_partitions_store=instance):
        check_keys(job.partitions_def, [args.partition])
    print(
        json.dumps(
            job.partitioned_config.get_run_config_for_partition_key(args.partition), indent=2
        )
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from partwise._cli_matrix import validate_definitions

    defs = load_definitions(args.target)
    problems, checked = validate_definitions(defs, _instance(), limit=args.max_problems)
    console = _console()
    for problem in problems:
        console.print(f"[red]✗[/] {problem}")
    state = "[green]ok[/]" if not problems else f"[red]{len(problems)} problem(s)[/]"
    console.print(f"validated {checked} items: {state}")
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="partwise", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, fn: Any, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("target", help="module:attr or path.py[:attr] naming a Definitions")
        p.set_defaults(fn=fn)
        return p

    p = command("partitions", cmd_partitions, "list an asset's partition keys")
    p.add_argument("--asset", required=True)
    p.add_argument("--count", action="store_true", help="print only how many")
    p = command("materialize", cmd_materialize, "materialize assets for one partition")
    p.add_argument("--select", required=True, help="comma-separated asset keys")
    p.add_argument("--partition")
    p = command("backfill", cmd_backfill, "run many partitions, upstream first")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--job")
    group.add_argument("--select")
    p.add_argument("--from", dest="from_key")
    p.add_argument("--to", dest="to_key")
    p.add_argument("--partitions")
    p.add_argument("--all", action="store_true")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--no-progress", action="store_true")
    p = command("status", cmd_status, "a partitions bar per asset")
    p.add_argument("--select")
    p = command("runs", cmd_runs, "the run matrix of a job: steps × partitions")
    p.add_argument("--job", required=True)
    p.add_argument("--last", type=int, default=8, help="how many partitions (newest)")
    p = command("ticks", cmd_ticks, "dry run: what a schedule would request in [from, to)")
    p.add_argument("--schedule", required=True)
    p.add_argument("--from", dest="from_time", required=True)
    p.add_argument("--to", dest="to_time", required=True)
    p = command(
        "tick", cmd_tick, "evaluate due schedules and all sensors once, and run what they ask"
    )
    p.add_argument("--at")
    p = command("config", cmd_config, "the run config of one partition of a job")
    p.add_argument("--job", required=True)
    p.add_argument("--partition", required=True)
    p = command("validate", cmd_validate, "validate every partition's config, mapping and schedule")
    p.add_argument("--max-problems", type=int, default=20)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.fn(args)
    except (CliError, PartwiseError, KeyError, ValueError, FileNotFoundError) as e:
        message = str(e.args[0]) if isinstance(e, KeyError) and e.args else str(e)
        print(
            f"partwise: error: {message.splitlines()[0] if message else type(e).__name__}",
            file=sys.stderr,
        )
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
