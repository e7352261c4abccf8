"""Moving values between steps through I/O managers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partwise._definitions.types import check_value
from partwise._instance.records import DagsterEventType
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvalidDefinitionError

from .context import AssetExecutionContext
from .plan import Step

if TYPE_CHECKING:
    from .execute import _Runner

__all__ = ["handle_output", "load_inputs"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


def load_inputs(runner: _Runner, step: Step, context: AssetExecutionContext) -> dict[str, Any]:
    from partwise._io.base import InputContext, OutputContext

    run_id = runner.run_record.run_id
    common: dict[str, Any] = {"resources": runner.resources, "instance": runner.instance}
    kwargs: dict[str, Any] = {}
    if step.op_inputs is not None:
        for name in step.spec.input_names:
            upstream = step.op_inputs.get(name)
            if upstream is None:
                if name not in runner.input_values:
                    raise InvalidDefinitionError(
                        f"Input {name!r} of op {step.name!r} is not connected to another op's "
                        "output; pass its value with input_values={...}"
                    )
                kwargs[name] = runner.input_values[name]
                continue
            up_step = _step(runner, upstream)
            if up_step is not None and up_step.spec.returns_nothing:
                kwargs[name] = None  # ``-> None`` ops store nothing: an ordering-only edge
                continue
            manager = runner.resources[up_step.io_manager_key if up_step else "io_manager"]
            out = OutputContext(step_key=upstream, run_id=run_id, **common)
            kwargs[name] = manager.load_input(
                InputContext(name=name, upstream_output=out, step_key=step.name, **common)
            )
            runner.event(DagsterEventType.LOADED_INPUT, step.name)
        return _checked(step, kwargs, context)
    graph = runner.job.asset_graph
    for spec in step.asset_inputs:
        up_def, keys = context._input(spec.name)
        manager = runner.resources[spec.input_manager_key or graph.io_manager_key(spec.key)]
        upstream_step = graph.assets[spec.key].node_name if spec.key in graph.assets else None
        out = OutputContext(
            step_key=upstream_step,
            asset_key=spec.key,
            partitions_def=up_def,
            partition_keys=keys,
            run_id=run_id,
            **common,
        )
        kwargs[spec.name] = manager.load_input(
            InputContext(
                name=spec.name,
                asset_key=spec.key,
                partitions_def=up_def,
                asset_partition_keys=keys,
                upstream_output=out,
                partition_key=runner.target.single if runner.target is not None else None,
                metadata=spec.metadata,
                step_key=step.name,
                **common,
            )
        )
        runner.event(DagsterEventType.LOADED_INPUT, step.name)
    return _checked(step, kwargs, context)


def _checked(step: Step, kwargs: dict[str, Any], context: AssetExecutionContext) -> dict[str, Any]:
    """``kwargs`` once every typed input passed its check."""
    for name, dagster_type in step.spec.input_types.items():
        if name in kwargs:
            check_value(dagster_type, kwargs[name], f'step input "{name}"', context)
    return kwargs


def _step(runner: _Runner, step_name: str) -> Step | None:
    for step in runner.job.plan.steps:
        if step.name == step_name:
            return step  # type: ignore[no-any-return]
    return None


def handle_output(
    runner: _Runner, step: Step, context: AssetExecutionContext, value: Any
) -> dict[str, Any]:
    """Hand ``value`` to the step's I/O manager; returns the metadata the manager logged."""
    from partwise._io.base import OutputContext

    keys = context._output_keys()
    target = runner.target
    out = OutputContext(
        step_key=step.name,
        asset_key=step.asset_key,
        partitions_def=step.partitions_def if keys else None,
        partition_keys=keys,
        partition_key_range=target.key_range if target is not None and keys else None,
        run_id=runner.run_record.run_id,
        metadata=step.assets_def.metadata if step.assets_def is not None else None,
        resources=runner.resources,
        instance=runner.instance,
    )
    runner.resources[step.io_manager_key].handle_output(out, value)
    logged: dict[str, Any] = out.consume_logged_metadata()
    return logged
