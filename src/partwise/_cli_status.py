"""``partwise status`` for multi partitions: one bar per key of the non-time dimension.

A date × region asset reads as one row per region, its first and last date at the ends of the
bar, rather than one bar of every (date, region) pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

__all__ = ["grid_status_lines"]


def grid_status_lines(
    name: str,
    name_width: int,
    pdef: Any,
    keys: Sequence[str],
    values: Sequence[str | None],
    width: int,
) -> list[Any] | None:
    """The asset's header line and one line per row key (``values[i]`` is the status of
    ``keys[i]``), or None if ``pdef`` is no grid."""
    from rich.text import Text

    from partwise._cli_matrix import partition_bar
    from partwise._grid import grid_dimensions, grid_of

    if grid_dimensions(pdef) is None:
        return None
    grid = grid_of(pdef, dict(zip(map(str, keys), values, strict=True)))
    if grid is None or not grid.rows:
        return None
    header = Text(f"{name:<{name_width}}  ")
    header.append(
        f"{grid.row_dimension} × {grid.column_dimension}: {len(grid.rows)} × "
        f"{len(grid.columns)} partitions  {values.count('MATERIALIZED')}/{len(values)}"
    )
    failed = values.count("FAILED")
    if failed:
        header.append(f"  {failed} failed", "red")
    lines = [header]
    row_width = max(len(row) for row in grid.rows)
    first, last = grid.columns[0], grid.columns[-1]
    for row in grid.rows:
        cells = grid.row(row)
        line = Text(f"  {row:<{row_width}}  {first} ")
        for glyph, style in partition_bar(cells, width):
            line.append(glyph, style)
        line.append(f" {last}  {cells.count('MATERIALIZED')}/{len(cells)}")
        if "FAILED" in cells:
            line.append(f"  {cells.count('FAILED')} failed", "red")
        lines.append(line)
    return lines


# -- the HTML page -------------------------------------------------------------------------------
MAX_MATRIX_COLUMNS = 400
_STATUS_CLASS = {
    "MATERIALIZED": "materialized",
    "FAILED": "failed",
    "IN_PROGRESS": "in-progress",
    None: "missing",
}


def _failure_messages(instance: Any, graph: Any, key: Any) -> dict[str, str]:
    """The latest one-line error of the asset's step by partition key (single-key runs)."""
    from partwise._cli_logs import error_line
    from partwise._instance.records import DagsterRunStatus, RunsFilter

    step = graph.assets[key].node_name
    messages: dict[str, str] = {}
    for run in instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.FAILURE]), limit=500):
        partition = run.tags.get("dagster/partition")
        if partition is None or partition in messages or key not in (run.asset_selection or ()):
            continue
        failures = [
            e for e in instance.all_logs(run.run_id, of_type="STEP_FAILURE") if e.step_key == step
        ]
        if failures:
            messages[partition] = error_line(failures)
    return messages


def _asset_strip(defs: Any, instance: Any, key: Any) -> Any:
    from partwise._grid import cell_of, grid_dimensions
    from partwise._html_report import Cell, Strip, counts
    from partwise._partitions.context import partition_loading_context

    graph = defs.asset_graph
    name = key.to_user_string()
    pdef = graph.partitions_def(key)
    if pdef is None:
        from partwise._cli_matrix import unpartitioned_status

        status = unpartitioned_status(instance, key)
        cell = Cell("(not partitioned)", _STATUS_CLASS[status])
        return Strip(name, [cell], "not partitioned")
    with partition_loading_context(dynamic_partitions_store=instance):
        keys = [str(k) for k in pdef.get_partition_keys()]
    statuses = instance.get_status_by_partition(key, keys, pdef)
    by_key = {str(k): s.value if s is not None else None for k, s in statuses.items()}
    messages = _failure_messages(instance, graph, key) if "FAILED" in by_key.values() else {}
    dimensions = grid_dimensions(pdef)
    cells = []
    for k, status in by_key.items():
        row, column = cell_of(pdef, k, dimensions) if dimensions else (None, None)
        cells.append(Cell(k, _STATUS_CLASS[status], messages.get(k, ""), row, column))
    tally = Counter(c.outcome for c in cells)
    return Strip(name, cells, counts({o: tally[o] for o in _STATUS_CLASS.values()}))


def _job_matrix(instance: Any, job: Any) -> Any:
    from partwise._cli_matrix import latest_step_events
    from partwise._cli_runs import newest_with_runs, runs_by_key
    from partwise._html_report import Cell, Table
    from partwise._partitions.context import partition_loading_context

    with partition_loading_context(dynamic_partitions_store=instance):
        keys = [str(k) for k in job.partitions_def.get_partition_keys()]
        end = newest_with_runs(instance, job, keys)
        keys = keys[max(0, end - MAX_MATRIX_COLUMNS) : end]
        runs = runs_by_key(instance, job, keys)
    steps = [step.name for step in job.plan.steps]
    events = latest_step_events(instance, steps, keys, runs)
    rows = []
    for step in steps:
        row: list[Any] = [step]
        for k in keys:
            event = events.get((step, k))
            if event is None:
                row.append(Cell(f"{step} @ {k}", "not-run"))
            else:
                outcome = "success" if event.event_type == "STEP_SUCCESS" else "failure"
                row.append(Cell(f"{step} @ {k}", outcome, event.message or ""))
        rows.append(row)
    span = f"{keys[0]} … {keys[-1]}" if keys else "no partitions"
    return Table(job.name, ("step", span), rows, matrix=True, note=f"{len(keys)} partitions")


def status_page(defs: Any, instance: Any, asset_keys: list[Any], target: str) -> str:
    """``partwise status --html``: each asset's partitions by status and each partitioned job's
    run matrix (the latest outcome of each step by partition)."""
    from partwise._html_report import Section, generated_at, render_page

    strips = [_asset_strip(defs, instance, key) for key in asset_keys]
    jobs = [defs.resolve_job_def(name) for name in defs.job_names]
    matrices = [_job_matrix(instance, job) for job in jobs if job.partitions_def is not None]
    sections = [Section("Assets by partition", strips)]
    if matrices:
        sections.append(Section("Run matrix by job", matrices, "latest outcome per step"))
    legend = ["materialized", "failed", "in-progress", "missing", "success", "failure", "not-run"]
    meta = f"{target} · instance {instance.root_directory} · {generated_at()}"
    return render_page(f"partwise status: {target}", sections, legend, meta)
