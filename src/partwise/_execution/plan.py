"""A job's execution plan: its steps in dependency order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from partwise._asset_key import AssetKey
from partwise.errors import InvalidInvocationError, did_you_mean

from .asset_plan import asset_steps
from .steps import Step, StepOutput, order_steps, output_type

__all__ = ["Plan", "build_plan"]


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]

    def select(self, names: set[str] | None) -> tuple[Step, ...]:
        if names is None:
            return self.steps
        known = {s.name for s in self.steps}
        unknown = sorted(names - known)
        if unknown:
            raise InvalidInvocationError(
                f"Selection names unknown steps {unknown}{did_you_mean(unknown[0], known)}"
            )
        return tuple(s for s in self.steps if s.name in names)

    @cached_property
    def asset_outputs(self) -> dict[AssetKey, tuple[str, str]]:
        """Each asset the steps return, with its step's and output's names."""
        return {
            o.asset_key: (s.name, o.name)
            for s in self.steps
            for o in s.returns_outputs
            if o.asset_key is not None
        }

    def step(self, name: str) -> Step | None:
        for step in self.steps:
            if step.name == name:
                return step
        return None


def build_plan(job: Any) -> Plan:
    if job.asset_graph is not None:
        return Plan(asset_steps(job.asset_graph, job.selected, job.op_retry_policy))
    by_name = {n.name: n for n in job.nodes}
    order = order_steps({n.name: {up for up, _ in n.inputs.values()} for n in job.nodes}, "Ops")
    steps = []
    for name in order:
        node = by_name[name]
        op = node.op
        steps.append(
            Step(
                name=name,
                fn=op.fn,
                spec=op.spec,
                config_type=op.config_type,
                resource_keys=op.required_resource_keys,
                outputs=tuple(
                    StepOutput(
                        n,
                        o.io_manager_key,
                        is_required=o.is_required,
                        stores_value=not op.spec.returns_nothing,
                        metadata=o.metadata,
                        dagster_type=output_type(o.dagster_type, n) if len(op.outs) > 1 else None,
                    )
                    for n, o in op.outs.items()
                ),
                op_inputs=dict(node.inputs),
                job_inputs=dict(node.job_inputs),
                upstream_steps=frozenset(up for up, _ in node.inputs.values()),
                retry_policy=op.retry_policy or job.op_retry_policy,
                dynamic=op.is_dynamic,
                mapped_over=node.mapped_over,
                collected=node.collected,
                op_def=op,
            )
        )
    return Plan(tuple(steps))
