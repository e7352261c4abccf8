"""Moving values between steps through I/O managers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from partwise._definitions.types import check_value
from partwise._instance.records import DagsterEventType
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvalidDefinitionError

from .context import AssetExecutionContext
from .steps import Step, StepOutput

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
        from_assets = {i.name for i in step.asset_inputs}
        for name in step.spec.input_names:
            if name not in from_assets:
                kwargs[name] = _load_op_input(runner, step, name, common)
    graph = runner.job.asset_graph
    for spec in step.asset_inputs:
        up_def, keys = context._input(spec.name, spec.key)
        manager = runner.resources[spec.input_manager_key or graph.io_manager_key(spec.key)]
        node = graph.assets.get(spec.key)
        upstream = node.output_for_key(spec.key) if node is not None else None
        external = graph.external.get(spec.key)
        out = OutputContext(
            name=upstream.name if upstream is not None else "result",
            step_key=node.node_name if node is not None else None,
            asset_key=spec.key,
            partitions_def=up_def,
            partition_keys=keys,
            run_id=run_id,
            metadata=upstream.metadata if upstream is not None else _spec_metadata(external),
            op_def_name=node.node_name if node is not None else None,
            op_def=_producer_op(node, upstream.name) if node and upstream else None,
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
                op_def=step.op_def,
                **common,
            )
        )
        runner.event(DagsterEventType.LOADED_INPUT, step.name)
    return _checked(step, kwargs, context)


def _producer_op(node: Any, output_name: str) -> Any:
    """The op writing a node's output: the node's own, or the graph asset's op returning it."""
    if node.graph is None:
        return node.op
    op_node, _ = node.graph.outputs[output_name]
    return next(n.op for n in node.graph.nodes if n.name == op_node)


def _spec_metadata(spec: Any) -> Mapping[str, Any] | None:
    """An external asset's definition metadata, as its upstream output context shows it."""
    return dict(spec.metadata or {}) if spec is not None else None


def _checked(step: Step, kwargs: dict[str, Any], context: AssetExecutionContext) -> dict[str, Any]:
    """``kwargs`` once every typed input passed its check."""
    for name, dagster_type in step.spec.input_types.items():
        if name in kwargs:
            check_value(dagster_type, kwargs[name], f'step input "{name}"', context)
    return kwargs


def _load_op_input(runner: _Runner, step: Step, name: str, common: dict[str, Any]) -> Any:
    from partwise._io.base import InputContext, OutputContext

    assert step.op_inputs is not None
    upstream = step.op_inputs.get(name)
    if upstream is None:
        given = (step.job_inputs or {}).get(name, name)
        if given in runner.input_values:
            return runner.input_values[given]
        configured = _configured_input(runner.config, step.name, name)
        if configured is _NOT_GIVEN:
            raise InvalidDefinitionError(
                f"Input {name!r} of op {step.name!r} is not connected to another op's "
                f"output; pass its value with input_values={{{given!r}: ...}} or in the run "
                f'config under ops.{step.name}.inputs.{name}: {{"value": ...}}'
            )
        return configured
    up_name, output_name = upstream
    up_step = runner.job.plan.step(up_name)
    if name in step.collected:  # every value of a dynamic or mapped output, as a list
        return list(runner.outputs.get(up_name, {}).get(output_name, {}).values())
    if step.mapped_key is not None and up_step is not None:
        if up_step.dynamic:
            return runner.outputs[up_name][output_name][step.mapped_key]
        if up_step.mapped_over is not None:
            up_name = f"{up_name}[{step.mapped_key}]"
    output = next((o for o in up_step.outputs if o.name == output_name), None) if up_step else None
    if output is not None and not output.stores_value:
        return None  # ``-> None`` ops store nothing: an ordering-only edge
    manager = runner.resources[output.io_manager_key if output else "io_manager"]
    asset: dict[str, Any] = {}
    if output is not None and output.asset_key is not None:  # inside a graph-backed asset
        pdef = up_step.partitions_def if up_step is not None else None
        keys = runner.target.keys if pdef is not None and runner.target is not None else ()
        asset = {"asset_key": output.asset_key, "partitions_def": pdef if keys else None}
        out = OutputContext(
            name=output_name,
            step_key=up_name,
            partition_keys=keys,
            op_def=up_step.op_def if up_step is not None else None,
            **asset,
            **common,
        )
        asset["asset_partition_keys"] = keys
    else:
        out = OutputContext(
            name=output_name,
            step_key=up_name,
            run_id=runner.run_record.run_id,
            op_def=up_step.op_def if up_step is not None else None,
            **common,
        )
    value = manager.load_input(
        InputContext(
            name=name,
            upstream_output=out,
            step_key=step.name,
            op_def=step.op_def,
            **asset,
            **common,
        )
    )
    runner.event(DagsterEventType.LOADED_INPUT, step.name)
    return value


_NOT_GIVEN = object()


def _configured_input(config: Any, step: str, name: str) -> Any:
    """An unconnected op input's value from the run config (``{"value": v}`` or ``v``)."""
    if not config:
        return _NOT_GIVEN
    inputs = (config.get("ops", {}).get(step) or {}).get("inputs") or {}
    if name not in inputs:
        return _NOT_GIVEN
    value = inputs[name]
    return value["value"] if isinstance(value, dict) and set(value) == {"value"} else value


def handle_output(
    runner: _Runner, step: Step, context: AssetExecutionContext, output: StepOutput, value: Any
) -> dict[str, Any]:
    """Hand ``value`` to the output's I/O manager; returns the metadata the manager logged."""
    from partwise._io.base import OutputContext

    keys = context._output_keys(output.name)
    target = runner.target
    out = OutputContext(
        name=output.name,
        step_key=step.name,
        asset_key=output.asset_key,
        partitions_def=context._output_def(output.name) if keys else None,
        partition_keys=keys,
        partition_key_range=target.key_range if target is not None and keys else None,
        run_id=runner.run_record.run_id,
        metadata=output.metadata,
        resources=runner.resources,
        instance=runner.instance,
        op_def_name=step.node_name,
        op_def=step.op_def,
        run_partition_key=target.single if target is not None else None,
    )
    out._journal = runner.journal
    runner.resources[output.io_manager_key].handle_output(out, value)
    logged: dict[str, Any] = out.consume_logged_metadata()
    return logged
