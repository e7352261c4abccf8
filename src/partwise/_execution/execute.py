"""In-process execution: plain function calls in dependency order, recorded on an instance."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Mapping, Sequence
from types import GeneratorType
from typing import Any

from partwise import _clock
from partwise._asset_key import AssetKey
from partwise._definitions.types import check_value
from partwise._instance import Instance
from partwise._instance.processes import new_run
from partwise._instance.records import DagsterEventType, DagsterRun, DagsterRunStatus, EventLogEntry
from partwise._io.journal import WriteJournal
from partwise._metadata import normalize_metadata
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import (
    InvalidDefinitionError,
    check_param,
)

from .batch import RunBatch
from .checks import record_checks
from .context import AssetExecutionContext
from .failure import StepLog, failure_metadata
from .failure_data import StepFailureData, step_failure_data
from .hooks import active_hooks
from .interrupts import sigterm_interrupts
from .io import handle_output, load_inputs
from .outcomes import next_attempt_delay
from .outputs import collect
from .prepare import (
    RunPlan,
    as_tag_values,
    resolve_config,
    resources_for,
    run_config_for,
    run_partitions_def,
    selected_steps,
)
from .resources import Resources, init_context, initialize_resources, lifecycle
from .result import ExecuteInProcessResult
from .steps import Step, StepOutput
from .target import PartitionTarget, resolve_target

__all__ = ["execute_job", "plan_runs", "prepare_run", "start_run"]

PARTITION_SET_TAG = "dagster/partition_set"
FAILURE_REASON_TAG = "dagster/failure_reason"
_E = DagsterEventType
_STORED = {kind: kind.value for kind in DagsterEventType}  # (a dict lookup: no enum property)
__tracebackhide__ = hide_engine_frames


def execute_job(
    job: Any,
    *,
    run_config: Any = None,
    instance: Instance | None = None,
    partition_key: Any = None,
    raise_on_error: bool = True,
    op_selection: Sequence[str] | None = None,
    asset_selection: Sequence[Any] | None = None,
    run_id: str | None = None,
    input_values: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    resources: Mapping[str, Any] | None = None,
    io_manager_override: Any = None,
    run_label: str | None = None,
) -> ExecuteInProcessResult:
    """Validate everything, then run the job's (selected) steps and record the run.

    ``run_label`` names the run in messages (default ``Job 'name'``; ``materialize`` names its
    assets instead of its ephemeral job).
    """
    check_param(instance, "instance", Instance, optional=True)
    check_param(tags, "tags", Mapping, optional=True)
    runner = prepare_run(
        job,
        run_config=run_config,
        instance=instance if instance is not None else Instance.ephemeral(),
        partition_key=partition_key,
        op_selection=op_selection,
        asset_selection=asset_selection,
        run_id=run_id,
        input_values=input_values,
        tags=tags,
        resources=resources,
        io_manager_override=io_manager_override,
        run_label=run_label,
    )
    runner.instance.add_run(runner.run_record)
    return runner.run(raise_on_error)


def prepare_run(
    job: Any,
    *,
    instance: Instance,
    run_config: Any = None,
    partition_key: Any = None,
    op_selection: Sequence[str] | None = None,
    asset_selection: Sequence[Any] | None = None,
    run_id: str | None = None,
    input_values: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    resources: Mapping[str, Any] | None = None,
    io_manager_override: Any = None,
    run_label: str | None = None,
) -> _Runner:
    """Validate a run and build it, without storing it yet (a backfill stores many at once)."""
    plan = plan_runs(
        job,
        instance=instance,
        run_config=run_config,
        op_selection=op_selection,
        asset_selection=asset_selection,
        tags=tags,
        resources=resources,
        io_manager_override=io_manager_override,
        run_label=run_label,
    )
    return start_run(plan, partition_key, run_id=run_id, input_values=input_values)


def plan_runs(
    job: Any,
    *,
    instance: Instance,
    run_config: Any = None,
    op_selection: Sequence[str] | None = None,
    asset_selection: Sequence[Any] | None = None,
    tags: Mapping[str, str] | None = None,
    resources: Mapping[str, Any] | None = None,
    io_manager_override: Any = None,
    run_label: str | None = None,
) -> RunPlan:
    """What every run of ``job`` with these arguments shares, whatever its partition.

    A backfill plans once and starts one run per partition from the plan (:func:`start_run`).
    """
    steps = selected_steps(job, op_selection, asset_selection)
    pdef = run_partitions_def(job, steps)
    resource_values: dict[str, Any] | Exception
    try:
        resource_values = resources_for(job, steps, resources, instance, io_manager_override)
    except Exception as exc:  # raised by start_run, after the partition and config are checked
        resource_values = exc
    return RunPlan(
        job=job,
        instance=instance,
        run_config=run_config,
        steps=steps,
        partitions_def=pdef,
        what=run_label or f"Job {job.name!r}",
        tags=dict(tags or {}),
        resource_values=resource_values,
        asset_keys=frozenset(k for s in steps for k in s.asset_keys) if job.is_asset_job else None,
    )


def start_run(
    plan: RunPlan,
    partition_key: Any,
    *,
    run_id: str | None = None,
    input_values: Mapping[str, Any] | None = None,
) -> _Runner:
    """One run of ``plan`` for ``partition_key``, validated and built, not stored yet."""
    job, instance, user_tags = plan.job, plan.instance, plan.tags
    target = resolve_target(plan.partitions_def, partition_key, user_tags, instance, plan.what)
    config, config_tags = run_config_for(job, plan.run_config, target)
    job_tags = job.tags if job.run_tags is None else job.run_tags
    run_tags = as_tag_values({**config_tags, **job_tags, **user_tags})
    if target is not None:
        run_tags.update(target.tags())
        if target.single is not None:  # the reference tags range runs without a partition set
            run_tags[PARTITION_SET_TAG] = f"{job.name}_partition_set"
    if isinstance(plan.resource_values, Exception):  # (each run's raise starts a new traceback)
        raise plan.resource_values.with_traceback(None)
    resource_values = dict(plan.resource_values)
    initialize_resources(resource_values, config.get("resources"), instance)
    resolved = resolve_config(job, config, plan.steps, target if not plan.run_config else None)
    run = new_run(job.name, run_id, run_tags, config, asset_selection=plan.asset_keys)
    return _Runner(
        job, run, instance, Resources(resource_values), target, resolved, input_values, plan.steps
    )


class _Runner:
    """Executes the steps of one run and collects its events."""

    def __init__(
        self,
        job: Any,
        run: Any,
        instance: Instance,
        resources: Resources,
        target: PartitionTarget | None,
        resolved_config: dict[str, Any] | None,
        input_values: Mapping[str, Any] | None,
        steps: Sequence[Step],
    ) -> None:
        self.job, self.run_record, self.instance, self.steps = job, run, instance, steps
        self.resources, self.target, self.config = resources, target, resolved_config
        self.input_values = dict(input_values or {})
        self.events: list[EventLogEntry] = [EventLogEntry(run.run_id, _E.RUN_START)]
        self.outputs: dict[str, dict[str, Any]] = {}
        self.dynamic_keys: dict[str, list[str]] = {}
        """Each dynamic (or mapped) step's mapping keys, in the order they were yielded."""
        self.unproduced: set[AssetKey] = set()
        """Assets whose step ran but left their optional output out (their consumers skip)."""
        self.failed: list[str] = []
        self.skipped: list[str] = []
        self.failure_data: dict[str, StepFailureData] = {}
        self.hooks = active_hooks()
        self.teardowns: list[Any] = []
        self.journal = WriteJournal()
        self.batch: RunBatch | None = None  # set when a backfill stores runs together

    def event(self, kind: DagsterEventType, step: str | None, **fields: Any) -> None:
        self.events.append(
            EventLogEntry(self.run_record.run_id, _STORED[kind], step_key=step, **fields)
        )

    def run(self, raise_on_error: bool) -> ExecuteInProcessResult:
        """Execute, then record the run; an interrupted or unrecordable run is never left open."""
        with sigterm_interrupts():
            try:
                error = self.execute(self.steps)
                run = self.record(error)
            except BaseException as exc:
                self.abort(exc)
                raise
        return self.result(run, error, raise_on_error)

    def execute(self, steps: Sequence[Step]) -> BaseException | None:
        """Run the steps in order; the first error (steps downstream of a failure are skipped)."""
        if self.hooks:
            self.hooks.partwise_run_start(run=self.run_record)
        error = self.setup_resources()
        blocked: set[str] = {s.name for s in steps} if error is not None else set()
        for step in steps:
            if step.upstream_steps & blocked or step.name in blocked or self.lacks_input(step):
                blocked.add(step.name)
                self.skipped.append(step.name)
                continue
            exc = self.run_step(step) if step.mapped_over is None else self.run_mapped(step)
            if exc is not None:
                blocked.add(step.name)
                error = error or exc
        if self.teardowns:
            try:
                self.teardown_resources()
            except Exception as exc:  # still record the run; the teardown error fails it
                error = error or exc
        return error

    def run_mapped(self, step: Step) -> BaseException | None:
        """Run a step once per value of its dynamic source (``op[key]``); the first error wins."""
        keys = self.dynamic_keys.get(step.mapped_over or "", [])
        error = None
        for key in keys:
            exc = self.run_step(
                dataclasses.replace(step, name=f"{step.name}[{key}]", mapped_key=key)
            )
            error = error or exc
        self.dynamic_keys[step.name] = keys
        by_output: dict[str, dict[str, Any]] = {o.name: {} for o in step.outputs}
        for key in keys:
            for output, value in self.outputs.get(f"{step.name}[{key}]", {}).items():
                by_output.setdefault(output, {})[key] = value
        self.outputs[step.name] = by_output
        return error

    def lacks_input(self, step: Step) -> bool:
        """The step reads an optional output (or asset) an upstream step did not produce."""
        node = step.assets_def
        if self.unproduced and node is not None and node.dependency_keys & self.unproduced:
            return True
        if not step.op_inputs:
            return False
        outputs = self.outputs
        return any(
            up in outputs and name not in outputs[up] for up, name in step.op_inputs.values()
        )

    def setup_resources(self) -> BaseException | None:
        """Call the resources' ``setup_for_execution``; an error there fails the run."""
        self.teardowns = lifecycle(self.resources, "teardown_after_execution")
        setups = lifecycle(self.resources, "setup_for_execution")
        try:
            for setup in setups:
                setup(init_context(self.resources, self.instance))
        except Exception as exc:
            return exc
        return None

    def teardown_resources(self) -> None:
        """Tear the resources down (once: later calls do nothing)."""
        teardowns, self.teardowns = self.teardowns, []
        for teardown in teardowns:
            teardown(init_context(self.resources, self.instance))

    def run_step(self, step: Step) -> BaseException | None:
        self.event(_E.STEP_START, step.name)
        with StepLog(step.name) as log:
            try:
                self.attempt(step, log)
            except Exception as exc:
                self.failed.append(step.name)
                self.failure_data[step.name] = data = step_failure_data(exc)
                user = data.user_failure_data
                given = user.metadata if user is not None else {}
                metadata = {**given, **failure_metadata(exc), **log.metadata()}
                message = f"{type(exc).__name__}: {exc}"
                self.event(_E.STEP_FAILURE, step.name, message=message, metadata=metadata)
                if self.hooks:
                    self.hooks.partwise_step_end(
                        run=self.run_record, step_key=step.name, success=False, error=exc
                    )
                return exc
        self.event(_E.STEP_SUCCESS, step.name, metadata=log.metadata())
        if self.hooks:
            self.hooks.partwise_step_end(
                run=self.run_record, step_key=step.name, success=True, error=None
            )
        return None

    def attempt(self, step: Step, log: StepLog) -> None:
        """Run the step, again after each failure its retry policy (or ``RetryRequested``) allows."""
        retries = 0
        while True:
            context = self.context(step, log)
            context._retry_number = retries
            try:
                self.store_output(step, context, self.call(step, context))
                return
            except Exception as exc:
                wait = next_attempt_delay(exc, step.retry_policy, retries)
                if wait is None:
                    raise
            self.event(
                _E.STEP_UP_FOR_RETRY,
                step.name,
                message=f'Execution of step "{step.name}" failed and has requested a retry.',
            )
            if wait:
                _clock.sleep(wait)
            retries += 1
            self.event(
                _E.STEP_RESTARTED,
                step.name,
                message=f'Started re-execution (attempt # {retries + 1}) of step "{step.name}".',
            )

    def context(self, step: Step, log: StepLog) -> AssetExecutionContext:
        config = None
        if self.config is not None:
            config = self.job.config_schema.config_for_node(self.config, step.node_name)
        context = AssetExecutionContext(
            instance=self.instance,
            resources=self.resources,
            run=self.run_record,
            step_name=step.name,
            assets_def=step.assets_def,
            partitions_def=step.partitions_def
            if step.assets_def is not None
            else self.job.partitions_def,
            target=self.target,
            asset_graph=self.job.asset_graph,
            op_config=config,
        )
        context._step_log = log  # context.log is the step's capturing logger, made if used
        context._outputs, context._checks = step.outputs, step.checks
        context._mapping_key = step.mapped_key
        return context

    def call(self, step: Step, context: AssetExecutionContext) -> Any:

        kwargs = load_inputs(self, step, context)
        if step.spec.config_param is not None:
            kwargs[step.spec.config_param] = context.op_config
        for name in step.spec.resource_params:
            kwargs[name] = self.resources[name]
        return step.fn(context, **kwargs) if step.spec.takes_context else step.fn(**kwargs)

    def store_output(self, step: Step, context: AssetExecutionContext, value: Any) -> None:
        """Sort what the step gave back into outputs, store them, then record what it reported.

        A value whose output stores nothing (``-> None``, ``MaterializeResult``, an ``AssetSpec``
        output) is not handed to an I/O manager, as in the reference.
        """

        found = collect(step, value, isinstance(value, GeneratorType))
        values = self.outputs.setdefault(step.name, {})
        if step.dynamic:  # a fan-out over no values still ran: its consumers run over nothing
            values.update((o.name, {}) for o in step.outputs)
            self.dynamic_keys[step.name] = []
        single = step.spec.output_type if len(step.returns_outputs) == 1 else None
        for item in found.produced:
            output = item.output
            if item.mapping_key is not None:
                self.store_dynamic(step, item.output.name, item.mapping_key, item.value)
                continue
            checked = output.dagster_type or single
            if checked is not None and item.typed:
                check_value(checked, item.value, f'step output "{output.name}"', context)
            values[output.name] = item.value
            self.event(_E.STEP_OUTPUT, step.name)
            metadata = item.metadata
            if item.store:
                metadata.update(handle_output(self, step, context, output, item.value))
            metadata.update(context._output_metadata)
            if output.asset_key is not None:
                self.record_materializations(step, context, output, normalize_metadata(metadata))
            if item.store:
                self.event(_E.HANDLED_OUTPUT, step.name)
        if len(values) < len(step.outputs):
            self.unproduced.update(
                o.asset_key for o in step.outputs if o.name not in values and o.asset_key
            )
        for reported in [*context._logged_events, *found.materializations]:
            self.event(
                _E.ASSET_OBSERVATION
                if type(reported).__name__ == "AssetObservation"
                else _E.ASSET_MATERIALIZATION,
                step.name,
                asset_key=AssetKey.from_coercible(reported.asset_key),
                partition=reported.partition,
                metadata=dict(reported.metadata),
            )
        if found.checks or step.checks:
            record_checks(self, step, context, found.checks)

    def store_dynamic(self, step: Step, output: str, key: str, value: Any) -> None:
        """One value of a dynamic output; it stays in memory for the mapped steps."""
        values = self.outputs[step.name].setdefault(output, {})
        if key in values:
            raise InvalidDefinitionError(
                f"Step {step.name!r} yielded two DynamicOutputs with mapping_key {key!r}; "
                "mapping keys must be unique"
            )
        values[key] = value
        self.dynamic_keys.setdefault(step.name, []).append(key)
        self.event(_E.STEP_OUTPUT, step.name)

    def record_materializations(
        self,
        step: Step,
        context: AssetExecutionContext,
        output: StepOutput,
        metadata: dict[str, Any],
    ) -> None:
        asset_key = output.asset_key
        assert asset_key is not None
        keys: Sequence[str | None] = context._output_keys(output.name) or (None,)
        for key in keys:
            added = context._metadata_for(asset_key, key)
            self.event(
                _E.ASSET_MATERIALIZATION,
                step.name,
                asset_key=asset_key,
                partition=key,
                metadata={**metadata, **normalize_metadata(added)} if added else metadata,
            )
            if self.hooks:
                self.hooks.partwise_materialization(
                    run=self.run_record, asset_key=asset_key, partition=key
                )

    def record(self, error: BaseException | None) -> DagsterRun:
        """Store the run's events and final status; keep its files only once that is done."""
        status = DagsterRunStatus.FAILURE if error is not None else DagsterRunStatus.SUCCESS
        tags = {FAILURE_REASON_TAG: "STEP_FAILURE"} if error is not None else None
        finished = self.instance.finished(self.run_record, status, self.events, tags)
        batch = self.batch if self.batch is not None else RunBatch(self.instance)
        batch.add(finished, self.journal)
        if self.batch is None:
            batch.flush()
        return finished.run

    def abort(self, exc: BaseException) -> None:
        """The run cannot finish normally: undo its files and record it as ended, if possible.

        Ctrl-C and SIGTERM cancel the run; anything else (a full database, ``sys.exit`` in a
        step) fails it. If even that cannot be stored, the run stays ``STARTED`` until this
        process ends, and then the next instance opened marks it failed ("process died").
        """
        self.journal.rollback()
        interrupted = isinstance(exc, KeyboardInterrupt)
        status = DagsterRunStatus.CANCELED if interrupted else DagsterRunStatus.FAILURE
        reason = {} if interrupted else {FAILURE_REASON_TAG: "UNEXPECTED_TERMINATION"}
        message = str(exc) or type(exc).__name__
        with contextlib.suppress(Exception):
            self.teardown_resources()
        self.instance.end_runs(
            [self.instance.finished(self.run_record, status, [], reason, message)]
        )

    def result(
        self, run: DagsterRun, error: BaseException | None, raise_on_error: bool
    ) -> ExecuteInProcessResult:
        run_id = run.run_id
        self.events.append(
            EventLogEntry(run_id, _E.RUN_FAILURE if error is not None else _E.RUN_SUCCESS)
        )
        if self.hooks:
            self.hooks.partwise_run_end(run=run, success=error is None)
        if error is not None and raise_on_error:
            _annotate(error, self.failed[0] if self.failed else None, self.target)
            raise error
        return ExecuteInProcessResult(
            run,
            self.events,
            self.outputs,
            self.job.plan.asset_outputs,
            self.failed,
            self.skipped,
            self.job.graph_outputs if not self.job.is_asset_job else None,
            self.failure_data,
        )


def _annotate(error: BaseException, step: str | None, target: PartitionTarget | None) -> None:
    """Name the failing step and partition on the user's own exception (kept as is otherwise)."""
    where = f"partwise: step {step!r} failed" if step else "partwise: resource setup failed"
    if target is not None:
        where += (
            f" for partition {target.single!r}"
            if target.single
            else f" for partitions {target.range}"
        )
    if sys.version_info >= (3, 11):
        error.add_note(where)
