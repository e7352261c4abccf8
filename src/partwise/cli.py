"""The ``partwise`` command line: inspect, run, backfill and validate a project's partitions.

TARGET is ``module:attr`` or ``path.py[:attr]`` naming a ``Definitions`` (attr defaults to ``defs``);
runs are recorded on ``Instance.get()`` (``$PARTWISE_HOME``, default ``./.partwise``).
Exit status: 0 success, 1 a run or check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from partwise._cli_logs import add_logs_command
from partwise._cli_output import console as _console, echo, prepare_streams
from partwise._cli_support import (
    CliError,
    Parser,
    UserCodeError,
    check_keys,
    describe,
    dynamic_partition_keys,
    error_summary,
    last_key_hint,
    limit_arg,
    load_definitions,
    load_definitions_with_ref,
    one_line,
    parse_time,
    pick,
    pick_one,
    positive_int,
    shared_partitions_def,
    split_list,
    workers_arg,
)
from partwise.errors import PartwiseError

__all__ = ["main"]

MAX_TICKS = 1000  # `partwise ticks` shows at most this many unless --limit says otherwise


def _esc(value: Any) -> str:
    """``value`` as text that rich prints literally (keys such as ``[a.csv]`` are not markup)."""
    from rich.markup import escape

    return escape(str(value))


def _instance(read_only: bool = False) -> Any:
    """The instance at $PARTWISE_HOME; commands that only read open it read-only."""
    from partwise._instance import Instance

    return Instance.get(read_only=read_only)


def _asset_keys(defs: Any, select: str | None) -> list[Any]:
    """The selected asset keys (all when ``select`` is ``None``), upstream first."""
    graph = defs.asset_graph
    if select is None:
        return list(graph.toposort(graph.assets))
    by_name = {key.to_user_string(): key for key in graph.assets}
    names = list(by_name)
    keys = [by_name[pick(s, names, "asset")] for s in split_list(select)]
    if not keys:
        raise CliError(f"--select {select!r} names no asset (assets: {', '.join(names)})")
    return list(graph.toposort(keys))


def _keys_context(instance: Any) -> Any:
    from partwise._partitions.context import partition_loading_context

    return partition_loading_context(dynamic_partitions_store=instance)


def _job(defs: Any, name: str) -> Any:
    return defs.resolve_job_def(pick(name, defs.job_names, "job"))


# -- commands ------------------------------------------------------------------------------------
def cmd_partitions(args: argparse.Namespace) -> int:
    defs, instance = load_definitions(args.target), _instance(read_only=True)
    (key,) = _asset_keys(defs, pick_one(args.asset, "--asset"))
    pdef = defs.asset_graph.partitions_def(key)
    if pdef is None:
        raise CliError(f"Asset {key.to_user_string()!r} is not partitioned")
    keys = pdef.get_partition_keys(dynamic_partitions_store=instance)
    for line in [len(keys)] if args.count else keys:
        echo(str(line))
    if not keys and not args.count:  # stdout stays a list of keys (empty); say why on stderr
        echo(f"{key.to_user_string()} has no partitions yet ({describe(pdef)})", file=sys.stderr)
    return 0


def cmd_materialize(args: argparse.Namespace) -> int:
    from partwise._definitions.job import define_asset_job
    from partwise._execution.execute import execute_job

    defs, instance = load_definitions(args.target, runs=True), _instance()
    keys = _asset_keys(defs, args.select)
    names = ", ".join(k.to_user_string() for k in keys)
    pdef = shared_partitions_def(defs, keys)
    if pdef is not None and args.partition is None:
        with _keys_context(instance):
            hint = last_key_hint(pdef)
        raise CliError(f"{names} is partitioned ({describe(pdef)}): pass --partition K ({hint})")
    if pdef is None and args.partition is not None:
        raise CliError(f"{names} is not partitioned: drop --partition {args.partition}")
    if pdef is not None:
        with _keys_context(instance):
            check_keys(pdef, [args.partition])
    job = define_asset_job("__cli_materialize", selection=keys).resolve(
        defs.asset_graph, defs.resources
    )
    result = execute_job(job, instance=instance, partition_key=args.partition, raise_on_error=False)
    where = f" [{args.partition}]" if args.partition else ""
    if result.success:
        _console().print(f"[green]materialized[/] {_esc(names + where)} (run {result.run_id[:8]})")
        return 0
    failures = "; ".join(e.message for e in result.get_step_failure_events()) or "the run failed"
    _console().print(f"[red]failed[/] {_esc(f'{names}{where}: {failures}')}")
    return 1


def cmd_backfill(args: argparse.Namespace) -> int:
    from partwise import backfill
    from partwise._cli_backfill import backfill_summary

    defs, ref = load_definitions_with_ref(args.target, runs=True)
    instance = _instance()
    if args.job:
        target: Any = _job(defs, args.job)
        pdef = target.partitions_def
    else:
        assets = _asset_keys(defs, args.select)
        target = list(assets)  # keys: a multi-asset's node stands for several
        pdef = next((p for k in assets if (p := defs.asset_graph.partitions_def(k))), None)
    if pdef is None:
        raise CliError("Nothing to backfill: the selection is not partitioned")
    keys, key_range = _backfill_keys(args, pdef, instance)
    options = {
        "partition_keys": keys,
        "partition_range": key_range,
        "instance": instance,
        "missing_only": args.missing,
        "failed_only": args.failed,
    }
    progress = not args.no_progress
    if args.workers > 1:
        from concurrent.futures import BrokenExecutor, ProcessPoolExecutor

        try:
            with ProcessPoolExecutor(args.workers) as pool:
                result = backfill(
                    target, executor=pool, progress=progress, definitions=ref or defs, **options
                )
        except BrokenExecutor as e:
            raise CliError(f"A worker process died ({e}); is {args.target} importable?") from e
    else:
        result = backfill(target, progress=progress, definitions=defs, **options)
    _console().print(*backfill_summary(result, defs, pdef, instance), sep="\n")
    if not result.runs:
        _console().print(f"Nothing to backfill: no partitions selected ({_esc(describe(pdef))})")
    return 0 if result.success else 1


def _backfill_keys(args: argparse.Namespace, pdef: Any, instance: Any) -> tuple[Any, Any]:
    from partwise._partitions.definitions.base import PartitionKeyRange

    chosen = [args.partitions is not None, args.all, bool(args.from_key or args.to_key)]
    if sum(chosen) == 0 and (args.missing or args.failed):
        return None, None  # resuming: every partition still missing (or failed)
    if sum(chosen) != 1:
        raise CliError(
            "Say which partitions, one way: --from K --to K, --partitions k1,k2 or --all"
        )
    with _keys_context(instance):
        if args.partitions:
            keys = split_list(args.partitions)
            if not keys:
                raise CliError(f"--partitions {args.partitions!r} names no partition")
            check_keys(pdef, keys)
            return keys, None
        if args.all:
            return None, None  # every partition of every selected asset
        if not (args.from_key and args.to_key):
            raise CliError("--from and --to go together: pass both")
        bounds = [args.from_key, args.to_key]
        by_time = _keys_in_times(pdef, args.from_key, args.to_key)
        if by_time is not None:
            return by_time, None
        check_keys(pdef, bounds)
        keys = pdef.get_partition_keys()
        if keys.index(args.from_key) > keys.index(args.to_key):
            raise CliError(f"--from {args.from_key} comes after --to {args.to_key}")
        return None, PartitionKeyRange(args.from_key, args.to_key)


def _keys_in_times(pdef: Any, first: str, last: str) -> list[str] | None:
    """Time bounds (dates across cadences): the keys of ``pdef`` overlapping them; the other
    assets' partitions follow through their mappings."""
    from partwise._partitions.time_bounds import is_time_bound, keys_overlapping

    if pdef.time_window_partitions_def is not pdef:
        return None
    if not any(is_time_bound(pdef, bound) for bound in (first, last)):
        return None
    keys = keys_overlapping(pdef, first, last)
    if keys == []:
        raise CliError(f"--from {first} --to {last} overlaps no partition ({describe(pdef)})")
    return keys


def cmd_status(args: argparse.Namespace) -> int:
    from partwise._cli_matrix import (
        LEGEND,
        status_line,
        unpartitioned_line,
        unpartitioned_status,
    )
    from partwise._cli_status import grid_status_lines

    defs, instance = load_definitions(args.target), _instance(read_only=True)
    console = _console()
    keys = _asset_keys(defs, args.select)
    if not keys:
        echo(f"{args.target}: no assets")
        return 0
    if args.html:
        from partwise._cli_status import status_page
        from partwise._html_report import write_page

        write_page(args.html, status_page(defs, instance, keys, args.target))
        console.print(f"wrote {_esc(args.html)}")
        return 0
    name_width = max(len(k.to_user_string()) for k in keys)
    width = max(10, min(60, console.width - name_width - 24))
    keys_of: dict[int, list[Any]] = {}  # assets sharing a partitions definition list it once
    for key in keys:
        pdef = defs.asset_graph.partitions_def(key)
        name = key.to_user_string()
        if pdef is None:
            console.print(unpartitioned_line(name, name_width, unpartitioned_status(instance, key)))
            continue
        if id(pdef) not in keys_of:
            with _keys_context(instance):
                keys_of[id(pdef)] = list(pdef.get_partition_keys())
        partition_keys = keys_of[id(pdef)]
        values = instance.get_status_values(key, partition_keys, pdef)
        grid = grid_status_lines(name, name_width, pdef, partition_keys, values, width)
        lines = grid or [status_line(name, name_width, values, width)]
        console.print(*lines, sep="\n")
    console.print(LEGEND, style="grey50")
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from partwise._cli_logs import failed_runs_lines
    from partwise._cli_matrix import run_matrix

    defs, instance = load_definitions(args.target), _instance(read_only=True)
    if args.failed:
        name = _job(defs, args.job).name if args.job else None
        echo("\n".join(failed_runs_lines(instance, name, args.last)))
        return 0
    if not args.job:
        raise CliError("Pass --job JOB for its run matrix, or --failed to list failed runs")
    job = _job(defs, args.job)
    if job.partitions_def is None:
        raise CliError(f"Job {job.name!r} is not partitioned: it has no run matrix")
    with _keys_context(instance):
        if not job.partitions_def.get_num_partitions():
            echo(f"{job.name}: no partitions yet")
            return 0
        if args.to_key is not None:
            check_keys(job.partitions_def, [args.to_key])
    console = _console()
    console.print(run_matrix(job, instance, args.last, args.to_key, console.width))
    return 0


def cmd_ticks(args: argparse.Namespace) -> int:
    from partwise import schedule_ticks
    from partwise._cli_matrix import ticks_table

    defs = load_definitions(args.target)
    names = [s.name for s in defs.schedules]
    schedule = defs.resolve_schedule_def(pick(args.schedule, names, "schedule"))
    start, end = parse_time(args.from_time, "--from time"), parse_time(args.to_time, "--to time")
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise CliError("--from and --to must both have a UTC offset or both have none")
    if start >= end:
        raise CliError(f"--from {args.from_time} must come before --to {args.to_time}")
    instance = _instance(read_only=True)
    try:
        rows = schedule_ticks(
            schedule, start, end, definitions=defs, instance=instance, limit=args.limit + 1
        )
    except PartwiseError:
        raise
    except Exception as e:
        raise UserCodeError(f"Schedule {schedule.name} raised {error_summary(e)}") from e
    console = _console()
    console.print(ticks_table(schedule.name, rows[: args.limit]))
    if len(rows) > args.limit:
        last = rows[args.limit - 1].tick_time.isoformat()
        console.print(
            f"showing the first {args.limit} ticks, up to {last}: pass a later --from for more, "
            "or a larger --limit"
        )
    return 0


def cmd_tick(args: argparse.Namespace) -> int:
    from partwise import tick
    from partwise._cli_matrix import tick_report

    defs, instance = load_definitions(args.target, runs=True), _instance()
    now = parse_time(args.at, "--at time") if args.at else None
    before = dynamic_partition_keys(defs, instance)
    result = tick(defs, instance=instance, now=now)
    known = {name: set(keys) for name, keys in before.items()}
    added = {
        name: [k for k in keys if k not in known.get(name, set())]
        for name, keys in dynamic_partition_keys(defs, instance).items()
    }
    _console().print(*tick_report(result, added), sep="\n")
    return 0 if result.success else 1


def cmd_config(args: argparse.Namespace) -> int:
    defs, instance = load_definitions(args.target), _instance(read_only=True)
    job = _job(defs, args.job)
    if job.partitioned_config is None:
        raise CliError(f"Job {job.name!r} has no partitioned config")
    with _keys_context(instance):
        check_keys(job.partitions_def, [args.partition])
        try:
            config = job.partitioned_config.get_run_config_for_partition_key(args.partition)
        except Exception as e:
            message = f"The config function of {job.name} raised {error_summary(e)}"
            raise UserCodeError(message) from e
    echo(json.dumps(config, indent=2, default=str))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from partwise import _clock
    from partwise._cli_matrix import summarize
    from partwise._validation import checks, run_checks

    defs, instance = load_definitions(args.target), _instance(read_only=True)
    items = checks(defs, _clock.now(), _every_key(instance), instance)
    failing = list(run_checks(items))
    console = _console()
    shown, hidden = summarize([f"{c.name}: {p.summary}" for c, p in failing], args.max_problems)
    for problem in shown:
        console.print(f"[red]✗[/] {_esc(problem)}")
    if hidden:
        console.print(f"… and {hidden} more problems")
    by_job: dict[str, int] = {}
    for check, _ in failing:
        if check.job is not None and check.name.endswith("]"):
            by_job[check.job] = by_job.get(check.job, 0) + 1
    for job, count in by_job.items():
        console.print(f"{job}: {count} partitions with an invalid run config")
    total = len(failing)
    state = "[green]ok[/]" if not total else f"[red]{total} problems[/]"
    console.print(f"validated {len(items)} items: {state}")
    return 1 if total else 0


def _every_key(instance: Any) -> Any:
    def keys_of(pdef: Any) -> list[str]:
        return [str(k) for k in pdef.get_partition_keys(dynamic_partitions_store=instance)]

    return keys_of


# -- the parser ----------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="partwise",
        description="Inspect, run, backfill and validate the partitions of a partwise project.",
        epilog="TARGET: module:attr or path.py[:attr] naming a Definitions (attr: defs). "
        "Runs are recorded in $PARTWISE_HOME (default ./.partwise). "
        "Exit status: 0 ok, 1 a run or check failed, 2 bad input.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, fn: Any, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.strip_values()
        p.add_argument("target", metavar="TARGET", help="module:attr or path.py[:attr]")
        p.set_defaults(fn=fn)
        return p

    p = command("partitions", cmd_partitions, "list an asset's partition keys")
    p.add_argument("--asset", required=True, help="the asset key, e.g. daily_sales or a/b")
    p.add_argument("--count", action="store_true", help="print only how many")
    p = command("materialize", cmd_materialize, "materialize assets for one partition")
    p.add_argument("--select", required=True, help="comma-separated asset keys")
    p.add_argument("--partition", help="the partition key (required for partitioned assets)")
    p = command("backfill", cmd_backfill, "run many partitions, upstream first")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--job", help="a partitioned job")
    group.add_argument("--select", help="comma-separated asset keys")
    p.add_argument("--from", dest="from_key", metavar="KEY", help="first partition (inclusive)")
    p.add_argument("--to", dest="to_key", metavar="KEY", help="last partition (inclusive)")
    p.add_argument("--partitions", metavar="K1,K2", help="comma-separated partition keys")
    p.add_argument("--all", action="store_true", help="every partition")
    resume = p.add_mutually_exclusive_group()
    resume.add_argument(
        "--missing", action="store_true", help="only partitions not yet materialized (resume)"
    )
    resume.add_argument("--failed", action="store_true", help="only partitions whose run failed")
    p.add_argument("--workers", type=workers_arg, default=1, help="worker processes (default 1)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p = command("status", cmd_status, "a partitions bar per asset: materialized, failed, missing")
    p.add_argument("--select", help="comma-separated asset keys (default: all)")
    p.add_argument("--html", metavar="PATH", help="write a self-contained HTML page instead")
    p = command("runs", cmd_runs, "the run matrix of a job: steps × partitions")
    p.add_argument("--job", help="the job (optional with --failed)")
    p.add_argument("--failed", action="store_true", help="list failed runs with their error")
    p.add_argument(
        "--last", type=limit_arg, default=8, help="how many partitions (or runs) (default 8)"
    )
    p.add_argument("--to", dest="to_key", metavar="KEY", help="newest partition shown")
    p = command("ticks", cmd_ticks, "dry run: what a schedule would request in [--from, --to)")
    p.add_argument("--schedule", required=True)
    p.add_argument("--from", dest="from_time", required=True, metavar="TIME")
    p.add_argument("--to", dest="to_time", required=True, metavar="TIME")
    p.add_argument("--limit", type=limit_arg, default=MAX_TICKS, help=f"ticks shown ({MAX_TICKS})")
    p = command("tick", cmd_tick, "evaluate due schedules and every sensor once; run requests")
    p.add_argument("--at", metavar="TIME", help="the time to tick at (default: now; naive = UTC)")
    p = command("config", cmd_config, "the run config of one partition of a job")
    p.add_argument("--job", required=True)
    p.add_argument("--partition", required=True)
    add_logs_command(sub)
    p = command("validate", cmd_validate, "check every partition's config, mapping and schedule")
    p.add_argument("--max-problems", type=positive_int, default=20, help="problems shown (20)")
    return parser


def _failure(error: Exception) -> tuple[int, str]:
    """Exit status and one line for an error: 2 for bad input, 1 for failing code."""
    if isinstance(error, UserCodeError):
        return 1, str(error)
    if isinstance(error, PartwiseError | OSError):
        return 2, one_line(error)
    return 1, f"unexpected {error_summary(error)}; PARTWISE_TRACEBACK=1 shows the traceback"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status (argparse exits with 2 on usage errors).

    Bad input is one line on stderr, never a traceback (``PARTWISE_TRACEBACK=1`` shows it).
    """
    import os

    prepare_streams()
    args = _parser().parse_args(argv)
    try:
        os.getcwd()
    except OSError as e:  # relative targets and the default instance folder need one
        echo(
            f"partwise: error: The working directory is gone ({e.strerror}): cd to a folder that "
            "exists",
            file=sys.stderr,
        )
        return 2
    try:
        code: int = args.fn(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `partwise partitions … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        echo("partwise: interrupted", file=sys.stderr)
        return 130
    except SystemExit as e:  # the project's code called sys.exit() while the command ran
        code, text = 1, f"the project's code called sys.exit({e.code!r})"
        echo(f"partwise: error: {text}", file=sys.stderr)
    except Exception as e:
        if os.environ.get("PARTWISE_TRACEBACK"):
            raise
        code, text = _failure(e)
        echo(f"partwise: error: {text}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
