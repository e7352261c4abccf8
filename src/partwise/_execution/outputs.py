"""What a step function gave back, sorted into its named outputs and reported events.

A step may return one value, a tuple (one value per output, in order), an ``Output`` or a
``MaterializeResult``; or yield any of those plus ``AssetMaterialization`` and
``AssetCheckResult``. :func:`collect` turns each shape into the same three lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partwise._asset_key import AssetKey
from partwise.errors import InvariantViolationError

from .events import AssetMaterialization, AssetObservation, MaterializeResult, Output
from .steps import Step, StepOutput

__all__ = ["Collected", "Produced", "collect"]


@dataclass
class Produced:
    """One output's value; ``store`` says whether it goes to the output's I/O manager."""

    output: StepOutput
    value: Any
    metadata: dict[str, Any]
    store: bool
    typed: bool = True
    """The value is the function's own (not a ``MaterializeResult``'s): its type is checked."""
    mapping_key: str | None = None
    """Set for one value of a dynamic output (``DynamicOutput``)."""


@dataclass
class Collected:
    produced: list[Produced] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)
    materializations: list[AssetMaterialization | AssetObservation] = field(default_factory=list)
    """Asset events the step yielded, recorded as it reported them."""


def _is_check_result(item: Any) -> bool:
    return type(item).__name__ == "AssetCheckResult"


_EVENTS = (AssetMaterialization, AssetObservation, MaterializeResult, Output)
_EVENT_NAMES = frozenset({"AssetCheckResult", "DynamicOutput"})


def collect(step: Step, value: Any, yielded: bool) -> Collected:
    found = Collected()
    outputs = step.outputs
    if (  # the common case first: one output, and the function returned its plain value
        not yielded
        and len(outputs) == 1
        and step.all_outputs is None  # (a subset run of a multi-output step has more)
        and not step.dynamic
        and not isinstance(value, _EVENTS)
        and type(value).__name__ not in _EVENT_NAMES
    ):
        output = outputs[0]
        found.produced.append(Produced(output, value, {}, output.stores_value))
        return found
    if yielded:
        for item in value:
            _route(step, item, found, positional=None)
        if step.assets_def is not None and len(found.produced) > 1:
            _check_yield_order(step, found.produced)
    elif _is_check_result(value):
        found.checks.append(value)
    else:
        _returned(step, value, found)
    _complete(step, found, yielded)
    return found


def _returned(step: Step, value: Any, found: Collected) -> None:
    outputs = step.returns_outputs
    if len(outputs) == 1:
        _route(step, value, found, positional=outputs[0])
    elif not outputs:
        if value is not None:
            _unexpected(step, value)
    elif isinstance(value, tuple) and len(value) == len(outputs):
        for output, item in zip(outputs, value, strict=True):
            _route(step, item, found, positional=output)
    elif isinstance(value, Output | MaterializeResult):
        _route(step, value, found, positional=None)
    elif value is not None or any(o.stores_value for o in step.outputs):
        raise InvariantViolationError(
            f'op "{step.name}" has multiple outputs, but only one output was returned of type '
            f"{type(value)}. When using multiple outputs, either yield each output, or return a "
            "tuple containing a value for each output."
        )


def _route(step: Step, item: Any, found: Collected, positional: StepOutput | None) -> None:
    if isinstance(item, AssetMaterialization | AssetObservation):
        found.materializations.append(item)
        return
    if _is_check_result(item):
        found.checks.append(item)
        return
    if type(item).__name__ == "DynamicOutput":
        output = _by_name(step, item.output_name)
        if output is not None:
            metadata = dict(item.metadata or {})
            found.produced.append(
                Produced(output, item.value, metadata, False, False, item.mapping_key)
            )
        return
    if isinstance(item, MaterializeResult):
        output = positional or _by_key(step, item.asset_key)
        found.checks.extend(getattr(item, "check_results", None) or ())
        if output is not None:
            metadata = dict(item.metadata or {})
            found.produced.append(Produced(output, item.value, metadata, False, typed=False))
        return
    if isinstance(item, Output):
        output = positional or _by_name(step, item.output_name)
        if output is not None:
            metadata = dict(item.metadata or {})
            found.produced.append(Produced(output, item.value, metadata, output.stores_value))
        return
    output = positional or (step.returns_outputs[0] if len(step.returns_outputs) == 1 else None)
    if output is None:
        _unexpected(step, item)
    else:
        found.produced.append(Produced(output, item, {}, output.stores_value))


def _unexpected(step: Step, item: Any) -> None:
    names = [o.name for o in step.returns_outputs]
    raise InvariantViolationError(
        f"Step {step.name!r} produced {item!r}, which names none of its outputs {names}; "
        "yield Output(value, output_name=...) or MaterializeResult(asset_key=...)"
    )


def _selected(step: Step, output: StepOutput) -> StepOutput | None:
    """The output if this run wants it (an unselected output of a subset run is dropped)."""
    return output if output in step.outputs else None


def _by_name(step: Step, name: str) -> StepOutput | None:
    candidates = step.returns_outputs
    for output in candidates:
        if output.name == name:
            return _selected(step, output)
    if name == "result" and len(candidates) == 1:
        return _selected(step, candidates[0])
    raise InvariantViolationError(
        f"Step {step.name!r} yielded an Output named {name!r}; its outputs are "
        f"{[o.name for o in candidates]}"
    )


def _by_key(step: Step, key: Any) -> StepOutput | None:
    candidates = step.returns_outputs
    if key is None:
        if len(candidates) == 1:
            return _selected(step, candidates[0])
        raise InvariantViolationError(
            f"Step {step.name!r} materializes several assets; give each MaterializeResult its "
            f"asset_key (one of {[str(o.asset_key) for o in candidates]})"
        )
    wanted = AssetKey.from_coercible(key)
    for output in candidates:
        if output.asset_key == wanted:
            return _selected(step, output)
    raise InvariantViolationError(
        f"Step {step.name!r} returned a MaterializeResult for {wanted.to_user_string()!r}, which "
        f"it does not materialize; its assets are {[str(o.asset_key) for o in candidates]}"
    )


def _check_yield_order(step: Step, produced: list[Produced]) -> None:
    """A multi-asset yields an asset after the ones of its own assets it depends on."""
    assert step.assets_def is not None
    node = step.assets_def
    wanted = {o.asset_key for o in step.outputs}
    seen: set[AssetKey] = set()
    for item in produced:
        key = item.output.asset_key
        if key is None:
            continue
        pending = sorted(node.parents_of(key) & node.keys & wanted - seen)
        if pending:
            raise InvariantViolationError(
                f'Asset "{key.to_user_string()}" was yielded before its dependency '
                f'"{pending[0].to_user_string()}".Multiassets yielding multiple asset outputs '
                "must yield them in topological order."
            )
        seen.add(key)


def _complete(step: Step, found: Collected, yielded: bool) -> None:
    """Nothing-typed outputs count as produced; a required output left out is an error."""
    if step.dynamic:
        return  # a fan-out over no values is a fan-out
    have = {p.output.name for p in found.produced}
    missing: Iterable[StepOutput] = (o for o in step.outputs if o.name not in have)
    for output in missing:
        if not output.stores_value:
            found.produced.append(Produced(output, None, {}, False, typed=False))
        elif output.is_required:
            raise InvariantViolationError(
                f'Core compute for op "{step.name}" did not return an output for non-optional '
                f'output "{output.name}"'
            )
