"""A step of a run: one function call, its outputs and where its inputs come from."""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset import AssetsDefinition
from partwise._definitions.asset_in import LoadedInput
from partwise._definitions.fn import FnSpec
from partwise._definitions.types import resolve_annotation
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError

__all__ = ["RESULT", "Step", "StepOutput", "order_steps", "output_type"]


@dataclass(frozen=True)
class StepOutput:
    """One named output of a step; ``asset_key`` is set when it materializes an asset.

    ``stores_value`` is false for outputs that never reach an I/O manager (``-> None``
    functions, ``AssetSpec`` outputs of a multi-asset).
    """

    name: str
    io_manager_key: str = "io_manager"
    asset_key: AssetKey | None = None
    is_required: bool = True
    stores_value: bool = True
    metadata: Mapping[str, Any] | None = None
    dagster_type: Any = None
    """The checked type of a multi-output step's output (``Out``/``AssetOut(dagster_type=)``)."""


def output_type(given: Any, name: str) -> Any:
    """The ``DagsterType`` checked for output ``name`` declared with ``dagster_type=given``."""
    if given is None:
        return None
    return resolve_annotation(given, f"dagster_type of output '{name}'")


RESULT = StepOutput("result")


@dataclass(frozen=True)
class Step:
    """One function call of a run and where its inputs come from."""

    name: str
    fn: Callable[..., Any]
    spec: FnSpec
    config_type: Any
    resource_keys: frozenset[str]
    outputs: tuple[StepOutput, ...] = (RESULT,)
    """The outputs this run wants (a subset of a multi-asset's when selected so)."""
    assets_def: AssetsDefinition | None = None
    op_inputs: Mapping[str, tuple[str, str]] | None = None
    """Op jobs: input name -> (upstream step, its output name)."""
    job_inputs: Mapping[str, str] | None = None
    """Op jobs: input name -> the job input (``input_values=``) it reads."""
    asset_inputs: tuple[LoadedInput, ...] = ()
    upstream_steps: frozenset[str] = frozenset()
    retry_policy: Any = None  # the op's/asset's own, else its job's op_retry_policy
    all_outputs: tuple[StepOutput, ...] | None = None
    """Every output the function may produce, in order (``None``: the same as ``outputs``)."""
    checks: tuple[Any, ...] = ()
    """Asset check specs whose results this step reports."""
    check_target: AssetKey | None = None
    """Set for a step that runs an ``@asset_check``: the asset it checks."""
    dynamic: bool = False
    """The op yields ``DynamicOutput``s."""
    mapped_over: str | None = None
    """The dynamic step whose values this step runs once for each of (``.map``)."""
    mapped_key: str | None = None
    """In a run of a mapped step: the mapping key of this copy."""
    collected: frozenset[str] = frozenset()
    """Inputs that receive every mapped value as a list (``.collect()``)."""
    op_def: Any = None
    """The ``OpDefinition`` the step runs (an asset node's as an op), for I/O contexts."""
    partitions_def: PartitionsDefinition | None = None
    """The partitions of the assets this step materializes (its selected outputs share one);
    ``None`` for op steps, which run under their job's."""

    @property
    def io_manager_key(self) -> str:
        return self.outputs[0].io_manager_key if self.outputs else "io_manager"

    @property
    def node_name(self) -> str:
        """The step's name without the mapping key of a mapped copy (``op[key]`` -> ``op``)."""
        return self.name if self.mapped_key is None else self.name.rsplit("[", 1)[0]

    @property
    def asset_key(self) -> AssetKey | None:
        """The asset of a single-asset step (``None`` for ops, checks and multi-asset steps)."""
        if len(self.outputs) == 1:
            return self.outputs[0].asset_key
        return None

    @property
    def asset_keys(self) -> tuple[AssetKey, ...]:
        return tuple(o.asset_key for o in self.outputs if o.asset_key is not None)

    @property
    def returns_outputs(self) -> tuple[StepOutput, ...]:
        return self.all_outputs if self.all_outputs is not None else self.outputs


def order_steps(edges: Mapping[str, Any], what: str) -> list[str]:
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name, upstream in edges.items():
        sorter.add(name, *upstream)
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as e:
        raise InvalidDefinitionError(
            f"{what} depend on each other in a cycle: {e.args[1]}"
        ) from None
