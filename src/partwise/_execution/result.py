"""The result of an in-process run."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._definitions.asset_check import AssetCheckEvaluation
from partwise._instance.records import DagsterEventType, DagsterRun, EventLogEntry
from partwise.errors import InvalidInvocationError, did_you_mean

from .events import AssetMaterialization
from .failure_data import StepFailureData

__all__ = ["ExecuteInProcessResult"]

_MATERIALIZATION = DagsterEventType.ASSET_MATERIALIZATION.value


class ExecuteInProcessResult:
    """Success, events, outputs and materializations of one run."""

    def __init__(
        self,
        run: DagsterRun,
        events: Sequence[EventLogEntry],
        outputs: Mapping[str, Mapping[str, Any]],
        asset_steps: Mapping[AssetKey, tuple[str, str]],
        failed_steps: Sequence[str],
        skipped_steps: Sequence[str],
        graph_outputs: Mapping[str, tuple[str, str]] | None = None,
        failure_data: Mapping[str, StepFailureData] | None = None,
    ) -> None:
        self._run = run
        self._events = list(events)
        self._outputs = dict(outputs)
        self._asset_steps = asset_steps
        self._failed = list(failed_steps)
        self._skipped = list(skipped_steps)
        self._graph_outputs = dict(graph_outputs or {})
        self._failure_data = dict(failure_data or {})

    @property
    def success(self) -> bool:
        return self._run.is_success

    @property
    def run_id(self) -> str:
        return self._run.run_id

    @property
    def dagster_run(self) -> DagsterRun:
        return self._run

    run = dagster_run

    @property
    def job_def_name(self) -> str:
        return self._run.job_name

    @property
    def all_events(self) -> list[EventLogEntry]:
        return list(self._events)

    all_node_events = all_events

    def filter_events(self, fn: Callable[[EventLogEntry], bool]) -> list[EventLogEntry]:
        return [e for e in self._events if fn(e)]

    def events_for_node(self, node_name: str) -> list[EventLogEntry]:
        return [e for e in self._events if e.step_key == node_name]

    def output_for_node(self, node_str: str, output_name: str = "result") -> Any:
        """The value of output ``output_name`` of step ``node_str`` (``graph.op`` inside graphs)."""
        if node_str not in self._outputs:
            raise InvalidInvocationError(
                f"No output {output_name!r} for node {node_str!r} in this run; nodes with outputs: "
                f"{sorted(self._outputs)}{did_you_mean(node_str, self._outputs)}"
            )
        values = self._outputs[node_str]
        if output_name not in values:
            raise InvalidInvocationError(
                f"Node {node_str!r} has no output {output_name!r} in this run; its outputs: "
                f"{sorted(values)}{did_you_mean(output_name, values)}"
            )
        return values[output_name]

    def output_value(self, output_name: str = "result") -> Any:
        """The job's own output (what its graph returned), else the one node's output."""
        if self._graph_outputs:
            if output_name not in self._graph_outputs:
                raise InvalidInvocationError(
                    f"The job has no output {output_name!r}; its outputs: "
                    f"{sorted(self._graph_outputs)}"
                )
            return self.output_for_node(*self._graph_outputs[output_name])
        if len(self._outputs) != 1:
            raise InvalidInvocationError(
                f"output_value() needs a single-node run; this one has {sorted(self._outputs)}: "
                "use output_for_node(name)"
            )
        return self.output_for_node(next(iter(self._outputs)), output_name)

    def asset_value(self, asset_key: CoercibleToAssetKey) -> Any:
        key = AssetKey.from_coercible(asset_key)
        if key not in self._asset_steps:
            raise InvalidInvocationError(f"Asset {key!r} was not materialized in this run")
        return self.output_for_node(*self._asset_steps[key])

    def get_asset_check_evaluations(self) -> list[Any]:
        """The asset check results this run recorded, in order."""
        return [
            AssetCheckEvaluation.from_entry(e)
            for e in self._events
            if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION.value
        ]

    def get_asset_materialization_events(self) -> list[EventLogEntry]:
        return [e for e in self._events if e.event_type == _MATERIALIZATION]

    def asset_materializations_for_node(self, node_name: str) -> list[AssetMaterialization]:
        return [
            AssetMaterialization(e.asset_key, metadata=dict(e.metadata), partition=e.partition)
            for e in self.get_asset_materialization_events()
            if e.step_key == node_name and e.asset_key is not None
        ]

    def get_step_failure_events(self) -> list[EventLogEntry]:
        return [e for e in self._events if e.event_type == DagsterEventType.STEP_FAILURE.value]

    def get_step_success_events(self) -> list[EventLogEntry]:
        return [e for e in self._events if e.event_type == DagsterEventType.STEP_SUCCESS.value]

    def failure_data_for_node(self, node_name: str) -> StepFailureData | None:
        """The error (and a ``Failure``'s description and metadata) of a failed step, else ``None``."""
        return self._failure_data.get(node_name)

    def retry_attempts_for_node(self, node_name: str) -> int:
        """How many times the step was retried in this run."""
        restarted = DagsterEventType.STEP_RESTARTED.value
        return sum(1 for e in self._events if e.step_key == node_name and e.event_type == restarted)

    def is_node_success(self, node_name: str) -> bool:
        return node_name in self._outputs and node_name not in self._failed

    def is_node_failed(self, node_name: str) -> bool:
        return node_name in self._failed

    def is_node_skipped(self, node_name: str) -> bool:
        return node_name in self._skipped

    def __repr__(self) -> str:
        return f"ExecuteInProcessResult(run_id={self.run_id!r}, success={self.success})"
