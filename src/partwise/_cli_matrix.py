"""What the command line draws and checks: partition bars, the run matrix, project validation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "count",
    "tick_report",
    "unpartitioned_line",
    "ticks_table",
    "partition_bar",
    "run_matrix",
    "status_line",
]

_CELL = {"STEP_SUCCESS": "[green]●[/]", "STEP_FAILURE": "[red]✗[/]"}

# Each status has its own glyph as well as its own colour, so the bar reads without colour too.
_GLYPH = {
    "MATERIALIZED": ("█", "green"),
    "PARTIAL": ("▓", "green"),
    "FAILED": ("×", "red"),
    "IN_PROGRESS": ("▒", "yellow"),
    None: ("░", "grey50"),
}
LEGEND = "█ materialized  ▓ partly  × failed  ▒ in progress  ░ missing"


def partition_bar(statuses: Sequence[str | None], width: int = 60) -> list[tuple[str, str]]:
    """Runs of (glyph text, style) summarising per-partition statuses in at most ``width`` cells.

    A cell standing for several partitions shows a failure or a run in progress if it holds
    one, "partly" if it mixes materialized and missing partitions.
    """
    if not statuses:
        return []
    cells = min(width, len(statuses))
    out: list[tuple[str, str]] = []
    for i in range(cells):
        chunk = set(statuses[i * len(statuses) // cells : (i + 1) * len(statuses) // cells])
        state: str | None = next((s for s in ("FAILED", "IN_PROGRESS") if s in chunk), None)
        if state is None:
            state = "PARTIAL" if len(chunk) > 1 else chunk.pop()
        glyph, style = _GLYPH[state]
        if out and out[-1][1] == style and out[-1][0][-1] == glyph:
            out[-1] = (out[-1][0] + glyph, style)
        else:
            out.append((glyph, style))
    return out


def status_line(name: str, name_width: int, statuses: Sequence[str | None], width: int) -> Any:
    """One asset's line of ``partwise status``: name, bar, ``done/total`` and failures."""
    from rich.text import Text

    line = Text(f"{name:<{name_width}}  ")
    if not statuses:
        line.append("no partitions yet", "grey50")
        return line
    for glyph, style in partition_bar(statuses, width):
        line.append(glyph, style)
    line.append(f"  {statuses.count('MATERIALIZED')}/{len(statuses)}")
    failed = statuses.count("FAILED")
    if failed:
        line.append(f"  {failed} failed", "red")
    return line


_UNPARTITIONED = {
    "MATERIALIZED": "materialized",
    "FAILED": "failed",
    "IN_PROGRESS": "in progress",
    None: "not materialized",
}


def unpartitioned_status(instance: Any, key: Any) -> str | None:
    """The latest attempt at an asset without partitions, as a partition's status: the run that
    last planned it still going or failed, else whether it was ever materialized."""
    from partwise._instance.records import DagsterEventType, DagsterRunStatus

    planned = instance.get_event_records(
        event_type=DagsterEventType.ASSET_MATERIALIZATION_PLANNED, asset_key=key, limit=1
    )
    materialized = instance.get_latest_materialization_event(key)
    run = instance.get_run_by_id(planned[0].run_id) if planned else None
    if run is not None and (materialized is None or materialized.run_id != run.run_id):
        if not run.is_finished:
            return "IN_PROGRESS"
        if run.is_failure or run.status is DagsterRunStatus.CANCELED:
            return "FAILED"
    return "MATERIALIZED" if materialized is not None else None


def unpartitioned_line(name: str, name_width: int, status: str | None) -> Any:
    """The ``partwise status`` line of an asset without partitions (``status``: see above)."""
    from rich.text import Text

    glyph, style = _GLYPH[status]
    return (
        Text(f"{name:<{name_width}}  ") + Text(glyph, style) + Text(f"  {_UNPARTITIONED[status]}")
    )


def ticks_table(name: str, rows: Sequence[Any]) -> Any:
    """The dry run of a schedule: one row per tick with its partitions and run config."""
    import json

    from rich.table import Table
    from rich.text import Text

    table = Table("tick", "partitions", "run config", title=f"{name}: {count(len(rows), 'tick')}")
    for row in rows:
        when = row.tick_time.isoformat()
        if row.skipped:
            table.add_row(when, Text(f"skipped: {row.skip_message or ''}", "grey50"), "")
            continue
        configs = sorted({json.dumps(r.run_config, sort_keys=True) for r in row.run_requests})
        keys = ", ".join(map(str, row.partition_keys)) or "(no partition)"
        table.add_row(when, Text(keys), Text(" | ".join(configs)))
    return table


def tick_report(result: Any, added: dict[str, list[str]]) -> list[Any]:
    """Lines describing one ``tick``: each evaluation, partitions added, runs launched."""
    from rich.text import Text

    lines: list[Any] = []
    for evaluation in result.evaluations:
        what = f"{evaluation.kind} {evaluation.name} @ {evaluation.tick_time.isoformat()}"
        if evaluation.error:
            lines.append(Text("error ", "red") + Text(f"{what}: {evaluation.error}"))
        elif evaluation.skip_message is not None or not evaluation.run_requests:
            lines.append(Text(f"{what}: skipped ({evaluation.skip_message or 'no run requests'})"))
        else:
            lines.append(Text(f"{what}: {count(len(evaluation.run_requests), 'run request')}"))
    for name, keys in added.items():
        if keys:
            lines.append(
                Text(f"added {count(len(keys), 'partition')} to {name!r}: {', '.join(keys)}")
            )
    for run in result.runs:
        partition = run.dagster_run.tags.get("dagster/partition", "")
        state = Text("success", "green") if run.success else Text("failure", "red")
        line = Text(f"  run {run.run_id[:8]} {run.dagster_run.job_name} {partition} ") + state
        if not run.success:
            from partwise._cli_logs import error_line

            line.append(f"  {error_line(run.get_step_failure_events())}")
        lines.append(line)
    already = len(result.skipped_run_requests)
    skipped = f" ({already} already launched before)" if already else ""
    lines.append(Text(f"{count(len(result.runs), 'run')} launched{skipped}"))
    return lines


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- the run matrix ------------------------------------------------------------------------------
def run_matrix(job: Any, instance: Any, last: int, to_key: str | None, width: int) -> Any:
    """A rich table: one row per step, one column per partition (``last`` of them, as many as
    fit in ``width``).

    Each cell is the outcome of that step in the latest run of that partition that ran it: a run
    of this job, or any run of its assets (a backfill, ``materialize``). The newest column is
    ``to_key``, by default the newest partition with such a run.
    """
    from rich import box
    from rich.table import Table

    from partwise._cli_runs import newest_with_runs, runs_by_key
    from partwise._partitions.context import partition_loading_context

    with partition_loading_context(dynamic_partitions_store=instance):
        keys = [str(k) for k in job.partitions_def.get_partition_keys()]
        end = (
            keys.index(to_key) + 1 if to_key is not None else newest_with_runs(instance, job, keys)
        )
        steps = [step.name for step in job.plan.steps]
        step_width = max(len("step"), *(len(s) for s in steps))
        label_width = max(len(label) for label in column_labels(keys[max(0, end - last) : end]))
        fit = max(1, (width - step_width - 4) // (label_width + 3))
        keys = keys[max(0, end - min(last, fit)) : end]
        runs = runs_by_key(instance, job, keys)
    events = latest_step_events(instance, steps, keys, runs)
    cells = {cell: _CELL[event.event_type] for cell, event in events.items()}
    table = Table(title=f"{job.name}: latest outcome per step and partition", box=box.SIMPLE)
    table.add_column("step", no_wrap=True, min_width=step_width)
    for label in column_labels(keys):
        table.add_column(label, justify="center", no_wrap=True, min_width=label_width)
    for step in steps:
        table.add_row(step, *(cells.get((step, k), "[grey50]·[/]") for k in keys))
    return table


def latest_step_events(
    instance: Any, steps: Sequence[str], keys: Sequence[str], runs: dict[str, list[Any]]
) -> dict[tuple[str, str], Any]:
    """The step success or failure event of each (step, key) in the latest run that ran it."""
    events: dict[tuple[str, str], Any] = {}
    for key in keys:
        for run in runs.get(key, []):  # newest first: the first outcome seen wins
            for event in instance.all_logs(run.run_id, of_type=list(_CELL)):
                if event.step_key in steps:
                    events.setdefault((event.step_key, key), event)
    return events


def column_labels(keys: Sequence[str]) -> list[str]:
    """Column headers: keys without a shared first part up to a ``-`` (such as the year)."""
    if len(keys) < 2:
        return list(keys)
    cut = keys[0].find("-", 0, len(_common_prefix(keys))) + 1
    return [k[cut:] for k in keys]


def _common_prefix(keys: Sequence[str]) -> str:
    first, last = min(keys), max(keys)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def summarize(problems: Iterable[str], limit: int) -> tuple[list[str], int]:
    """The first ``limit`` problems and how many were left out."""
    items = list(problems)
    return items[:limit], max(0, len(items) - limit)
