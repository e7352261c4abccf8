"""The summary ``partwise backfill`` prints: per asset, what ran, succeeded, failed and was skipped.

A run of several assets that fails at one step skips the steps after it: those assets count as
skipped downstream of a failure for that partition, not as failed. Each failed run is listed with
its one-line error (``partwise logs RUN_ID`` shows the rest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AssetOutcome", "asset_outcomes", "backfill_summary"]

MAX_FAILED_RUNS = 10
FIRST_SKIPPED = 3


@dataclass
class AssetOutcome:
    """One asset's partitions in a backfill, by what happened to them."""

    name: str
    succeeded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ran(self) -> int:
        return len(self.succeeded) + len(self.failed)


def _step_outcomes(instance: Any, run_id: str) -> tuple[set[str], set[str]]:
    events = instance.all_logs(run_id, of_type=["STEP_SUCCESS", "STEP_FAILURE"])
    ok = {e.step_key for e in events if e.event_type == "STEP_SUCCESS"}
    return ok, {e.step_key for e in events if e.event_type == "STEP_FAILURE"}


def asset_outcomes(result: Any, defs: Any, instance: Any) -> list[AssetOutcome]:
    """Per asset (upstream first; ``partitions`` for an op job), each key's outcome."""
    graph = defs.asset_graph
    states: dict[Any, dict[str, str]] = {}
    for asset, keys in result.by_asset.items():
        states[asset] = {key: ("skipped" if s == "not_run" else s) for key, s in keys.items()}
    for run in result.runs:
        if run.success or run.run_id is None or not run.asset_keys:
            continue
        ok, failed = _step_outcomes(instance, run.run_id)
        for asset in run.asset_keys:
            step = graph.assets[asset].node_name if asset in graph.assets else None
            state = "succeeded" if step in ok else "failed" if step in failed else "skipped"
            for key in run.partition_keys:
                states.setdefault(asset, {})[key] = state
    if not states and (result.runs or result.not_run):  # an op job: its runs are the partitions
        states[None] = {}
        for run in result.runs:
            for key in run.partition_keys:
                states[None][key] = "succeeded" if run.success else "failed"
        for key in result.not_run:
            states[None][key] = "skipped"
    order = {key: i for i, key in enumerate(graph.toposort(list(graph.assets)))}
    outcomes = []
    for asset in sorted(states, key=lambda a: order.get(a, -1)):
        outcome = AssetOutcome(asset.to_user_string() if asset is not None else "partitions")
        for key, state in states[asset].items():
            getattr(outcome, state).append(key)
        outcomes.append(outcome)
    return outcomes


def _ranges(keys: Sequence[str], pdef: Any, instance: Any) -> list[str]:
    from partwise._cli_support import ranges_of
    from partwise._partitions.context import partition_loading_context

    order: list[str] = []
    if pdef is not None:
        with partition_loading_context(dynamic_partitions_store=instance):
            order = [str(k) for k in pdef.get_partition_keys()]
    return ranges_of(keys, order)


def _asset_line(outcome: AssetOutcome, pdef: Any, instance: Any, width: int) -> Any:
    from rich.text import Text

    line = Text(f"  {outcome.name:<{width}}  ran {outcome.ran}: ")
    line.append(f"{len(outcome.succeeded)} succeeded", "green")
    line.append(", ")
    line.append(f"{len(outcome.failed)} failed", "red" if outcome.failed else "")
    if outcome.failed:
        line.append(f" ({', '.join(_ranges(outcome.failed, pdef, instance)[:6])})")
    if outcome.skipped:
        first = _ranges(outcome.skipped, pdef, instance)
        shown = ", ".join(first[:FIRST_SKIPPED]) + (", …" if len(first) > FIRST_SKIPPED else "")
        line.append(f"; skipped downstream of a failure: {len(outcome.skipped)} ({shown})")
    return line


def backfill_summary(result: Any, defs: Any, pdef: Any, instance: Any) -> list[Any]:
    """The lines ``partwise backfill`` prints after its runs."""
    from rich.text import Text

    from partwise._asset_key import AssetKey
    from partwise._cli_logs import error_line

    failed_runs = [run for run in result.runs if not run.success]
    lines: list[Any] = [
        Text(f"backfill {result.backfill_id}: {len(result.runs)} runs (")
        + Text(f"{len(result.runs) - len(failed_runs)} succeeded", "green")
        + Text(", ")
        + Text(f"{len(failed_runs)} failed", "red" if failed_runs else "")
        + Text(")")
    ]
    outcomes = asset_outcomes(result, defs, instance)
    width = max((len(o.name) for o in outcomes), default=0)
    graph = defs.asset_graph
    for outcome in outcomes:
        key = AssetKey.from_user_string(outcome.name) if outcome.name != "partitions" else None
        own = graph.partitions_def(key) if key is not None and key in graph.assets else pdef
        lines.append(_asset_line(outcome, own, instance, width))
    for run in failed_runs[:MAX_FAILED_RUNS]:
        keys = run.partition_keys
        where = (keys[0] if len(keys) == 1 else f"{keys[0]}...{keys[-1]}") if keys else "-"
        if run.run_id is None:
            lines.append(Text(f"  failed  {where}: {run.error}"))
            continue
        error = error_line(instance.all_logs(run.run_id, of_type="STEP_FAILURE"))
        lines.append(Text(f"  failed run {run.run_id[:8]} {where}: {error}"))
    more = len(failed_runs) - MAX_FAILED_RUNS
    if more > 0:
        lines.append(Text(f"  … and {more} more failed runs (partwise runs TARGET --failed)"))
    if failed_runs:
        lines.append(Text("  partwise logs RUN_ID shows a run's log lines and traceback", "grey50"))
    return lines
