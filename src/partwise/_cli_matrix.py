"""The run matrix (steps × partitions) and whole-project validation, for the command line."""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["run_matrix", "validate_definitions"]

_CELL = {"STEP_SUCCESS": "[green]●[/]", "STEP_FAILURE": "[red]●[/]"}


def run_matrix(job: Any, instance: Any, last: int) -> Any:
    """A rich table: one row per step, one column per partition (newest ``last``).

    Each cell is the outcome of that step in the latest run of that partition that ran it, by
    any job (a backfill or a schedule counts too).
    """
    from rich import box
    from rich.table import Table

    from partwise._instance.records import RunsFilter
    from partwise._partitions.context import partition_loading_context

    if job.partitions_def is None:
        raise ValueError(f"Job {job.name!r} is not partitioned")
    with partition_loading_context(dynamic_partitions_store=instance):
        keys = list(job.partitions_def.get_partition_keys())[-last:]
    steps = [step.name for step in job.plan.steps]
    cells: dict[tuple[str, str], str] = {}
    for key in keys:
        for run in instance.get_runs(RunsFilter(tags={"dagster/partition": str(key)})):
            for event in instance.all_logs(run.run_id):
                if event.event_type in _CELL and event.step_key in steps:
                    cells.setdefault((event.step_key, key), _CELL[event.event_type])
    table = Table(title=f"{job.name}: latest outcome per step and partition", box=box.SIMPLE)
    table.add_column("step", no_wrap=True)
    for key in keys:
        table.add_column(str(key)[-5:], justify="center", min_width=5, no_wrap=True)
    for step in steps:
        table.add_row(step, *(cells.get((step, k), "[grey50]·[/]") for k in keys))
    return table


def validate_definitions(defs: Any, instance: Any, limit: int = 20) -> tuple[list[str], int]:
    """Check mappings, every partition's run config of every job, and schedules' next ticks."""
    problems: list[str] = []
    checked = 1
    try:
        defs.asset_graph.validate()
    except Exception as e:
        problems.append(f"asset graph: {e}")
    for name in defs.job_names:
        checked += 1
        try:
            job = defs.resolve_job_def(name)
        except Exception as e:
            problems.append(f"job {name}: {e}")
            continue
        checked += _validate_job(job, instance, problems, limit)
        if len(problems) >= limit:
            return problems[:limit], checked
    for schedule in defs.schedules:
        checked += 1
        try:
            from partwise import schedule_ticks

            now = _dt.datetime.now(_dt.timezone.utc)
            schedule_ticks(
                defs.resolve_schedule_def(schedule.name),
                now,
                now + _dt.timedelta(days=8),
                definitions=defs,
            )
        except Exception as e:
            problems.append(f"schedule {schedule.name}: {e}")
    return problems[:limit], checked


def _validate_job(job: Any, instance: Any, problems: list[str], limit: int) -> int:
    from partwise._partitions.context import partition_loading_context

    pconfig = job.partitioned_config
    if pconfig is None:
        try:
            job.config_schema.resolve(job.config if isinstance(job.config, dict) else None)
        except Exception as e:
            problems.append(f"{job.name}: {e}")
        return 1
    with partition_loading_context(dynamic_partitions_store=instance):
        keys = list(job.partitions_def.get_partition_keys())
    for key in keys:
        try:
            job.config_schema.resolve(pconfig.get_run_config_for_partition_key(key))
        except Exception as e:
            problems.append(f"{job.name}[{key}]: {str(e).splitlines()[-1].strip() or e}")
            if len(problems) >= limit:
                break
    return len(keys)
