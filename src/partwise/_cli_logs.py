"""``partwise logs [RUN_ID]`` and ``partwise runs --failed``: what a run did and why it failed."""

from __future__ import annotations

import argparse
import datetime as _dt
from collections.abc import Sequence
from typing import Any

from partwise._cli_output import echo
from partwise._cli_support import CliError

__all__ = ["add_logs_command", "cmd_logs", "error_line", "failed_runs_lines", "partition_text"]


def add_logs_command(sub: Any) -> None:
    """Register ``logs`` (it takes no TARGET: runs live in the instance)."""
    help_text = "a run's job, partition, status, duration, log lines and failure (default: latest)"
    p = sub.add_parser("logs", help=help_text, description=help_text)
    p.add_argument("run_id", nargs="?", metavar="RUN_ID", help="a run id or its first characters")
    p.set_defaults(fn=cmd_logs)


def _instance() -> Any:
    from partwise._instance import Instance

    return Instance.get(read_only=True)


def partition_text(run: Any) -> str:
    """The partition (or range, or key count) a run targeted, ``-`` for none."""
    import json

    from partwise._instance.records import (
        ASSET_PARTITION_RANGE_END_TAG as END,
        ASSET_PARTITION_RANGE_START_TAG as START,
        PARTITION_KEYS_TAG,
    )

    tags = run.tags
    if "dagster/partition" in tags:
        return str(tags["dagster/partition"])
    if START in tags:
        return f"{tags[START]}...{tags[END]}"
    if PARTITION_KEYS_TAG in tags:
        keys = json.loads(tags[PARTITION_KEYS_TAG])
        return f"{len(keys)} keys: {keys[0]}…" if len(keys) > 1 else str(keys[0])
    return "-"


def _find_run(instance: Any, run_id: str | None) -> Any:
    if run_id is None:
        runs = instance.get_runs(limit=1)
        if not runs:
            raise CliError(f"No runs yet in {instance.root_directory}")
        return runs[0]
    run = instance.get_run_by_id(run_id)
    if run is not None:
        return run
    matches = [r for r in instance.get_runs() if r.run_id.startswith(run_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(r.run_id[:12] for r in matches[:5])
        raise CliError(f"Run id {run_id!r} is ambiguous: {len(matches)} runs start with it ({ids})")
    latest = ", ".join(r.run_id[:8] for r in instance.get_runs(limit=5))
    raise CliError(f"No run {run_id!r}; the latest runs: {latest or 'none'}")


def _duration(run: Any) -> str:
    if run.start_time is None or run.end_time is None:
        return "still running" if not run.is_finished else "-"
    return f"{run.end_time - run.start_time:.2f}s"


def _clock(timestamp: float) -> str:
    return _dt.datetime.fromtimestamp(timestamp, _dt.timezone.utc).strftime("%H:%M:%S")


def run_lines(instance: Any, run: Any) -> list[str]:
    """The text of ``partwise logs``: a header, each step's log lines, the failures."""
    from partwise._execution.failure import LogLine, StepFailure

    events = instance.all_logs(run.run_id)
    lines = [
        f"run {run.run_id}",
        f"  job {run.job_name}  partition {partition_text(run)}  {run.status.value}  "
        f"{_duration(run)}",
    ]
    logged = [
        (event.step_key, line)
        for event in events
        if event.event_type in ("STEP_SUCCESS", "STEP_FAILURE")
        for line in LogLine.all_from(event.metadata)
    ]
    if logged:
        lines.append("log:")
    for step, line in sorted(logged, key=lambda pair: pair[1].timestamp):
        lines.append(f"  {_clock(line.timestamp)} {line.level:<7} {step}: {line.message}")
    for event in events:
        if event.event_type == "STEP_FAILURE":
            failure = StepFailure.from_event(event)
            lines.append(f"step {failure.step} failed: {failure.one_line}")
            lines.append("  Traceback (the project's frames):")
            lines.extend(f"    {text}" for text in failure.traceback_lines())
    if run.is_failure and not any(e.event_type == "STEP_FAILURE" for e in events):
        reason = error_line(events)
        lines.append(
            f"run failed: {reason}"
            if reason != "failed before any step ran"
            else "failed before any step ran (resource setup or teardown)"
        )
    return lines


def cmd_logs(args: argparse.Namespace) -> int:
    instance = _instance()
    run = _find_run(instance, args.run_id)
    echo("\n".join(run_lines(instance, run)))
    return 0


def error_line(events: Sequence[Any]) -> str:
    """A failed run's one-line error: the first failed step and its exception, else why the run
    itself failed (``process died (pid …)``) when that is among ``events``."""
    from partwise._execution.failure import StepFailure
    from partwise._instance.records import DagsterEventType

    for event in events:
        if event.event_type == "STEP_FAILURE":
            failure = StepFailure.from_event(event)
            return f"{failure.step}: {failure.one_line}"
    run_failure = DagsterEventType.RUN_FAILURE.value
    reasons = [e.message for e in events if e.event_type == run_failure and e.message]
    return reasons[0] if reasons else "failed before any step ran"


def failed_runs_lines(instance: Any, job: str | None, limit: int) -> list[str]:
    """``partwise runs --failed``: the newest failed runs (of ``job``), one line each."""
    from partwise._instance.records import DagsterRunStatus, RunsFilter

    filters = RunsFilter(job_name=job, statuses=[DagsterRunStatus.FAILURE])
    runs = instance.get_runs(filters, limit=limit)
    if not runs:
        return [f"no failed runs{f' of {job}' if job else ''}"]
    lines = []
    for run in runs:
        events = instance.all_logs(run.run_id, of_type=("STEP_FAILURE", "RUN_FAILURE"))
        lines.append(
            f"{run.run_id[:8]}  {run.job_name}  {partition_text(run)}  {error_line(events)}"
        )
    return lines
