"""Recording asset check results: one evaluation per check (per partition when it is partitioned)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset_check import AssetCheckEvaluation
from partwise._instance.records import DagsterEventType
from partwise.errors import InvariantViolationError, StepExecutionError

from .context import AssetExecutionContext
from .steps import Step

if TYPE_CHECKING:
    from .execute import _Runner

__all__ = ["record_checks"]


def record_checks(
    runner: _Runner, step: Step, context: AssetExecutionContext, results: Sequence[Any]
) -> None:
    """Record each result against its spec; a blocking check failing with severity ERROR then
    fails the step (so the assets downstream of it are skipped), as in the reference."""
    reported: dict[Any, Any] = {}
    for result in results:
        spec = _spec_for(step, result)
        reported[spec.key] = (spec, result)
    missing = [s.name for s in step.checks if s.key not in reported]
    if missing:
        raise InvariantViolationError(
            f"Step {step.name!r} did not report a result for its asset checks {missing}; "
            "return or yield an AssetCheckResult for each"
        )
    target = runner.target
    failed_blocking = []
    for spec, result in reported.values():
        keys = target.keys if spec.partitions_def is not None and target is not None else (None,)
        for key in keys:
            evaluation = AssetCheckEvaluation(
                spec.asset_key,
                spec.name,
                bool(result.passed),
                dict(result.metadata or {}),
                result.severity,
                result.description,
                spec.blocking,
                key,
            )
            runner.event(
                DagsterEventType.ASSET_CHECK_EVALUATION,
                step.name,
                asset_key=spec.asset_key,
                partition=key,
                metadata=evaluation.metadata,
                message=evaluation.message(),
            )
        if spec.blocking and not result.passed and result.severity.value == "ERROR":
            failed_blocking.append(spec)
    if failed_blocking:
        names = ", ".join(f"{s.asset_key.to_user_string()}:{s.name}" for s in failed_blocking)
        raise StepExecutionError(
            f"Blocking check failed: {names}; assets downstream of it are skipped"
        )


def _spec_for(step: Step, result: Any) -> Any:
    specs = step.checks
    wanted = AssetKey.from_coercible(result.asset_key) if result.asset_key is not None else None
    matches = [
        s
        for s in specs
        if (result.check_name is None or s.name == result.check_name)
        and (wanted is None or s.asset_key == wanted)
    ]
    if len(matches) == 1:
        return matches[0]
    known = [f"{s.asset_key.to_user_string()}:{s.name}" for s in specs]
    if not specs:
        raise InvariantViolationError(
            f"Step {step.name!r} reported an AssetCheckResult but declares no checks; declare "
            "them with check_specs=[AssetCheckSpec(...)] or use @asset_check"
        )
    raise InvariantViolationError(
        f"Step {step.name!r}: cannot tell which check AssetCheckResult(check_name="
        f"{result.check_name!r}, asset_key={wanted}) reports; its checks are {known}"
    )
