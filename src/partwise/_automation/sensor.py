"""Sensors: ``SensorDefinition``, ``@sensor`` and tick evaluation against the jobs they hold.

Partition keys of run requests are validated against the instance's dynamic partitions as if the
tick's own ``dynamic_partitions_requests`` had already been applied, so a sensor can add a key and
request a run for it in one result. Any instance works, ephemeral ones included.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from partwise._compat import strict_keywords
from partwise._partitions.context import partition_loading_context
from partwise.errors import CheckError, InvalidInvocationError

from .context import SensorEvaluationContext, build_sensor_context
from .owners import checked_owners
from .resolve import JobTarget, StoreAfterRequests, add_tags, job_target, resolve_request
from .run_request import (
    SENSOR_NAME_TAG,
    DynamicPartitionsRequest,
    RunRequest,
    SensorResult,
    SkipReason,
)
from .schedule import job_or_target, user_fn_params

__all__ = [
    "DEFAULT_MINIMUM_INTERVAL_SECONDS",
    "DefaultSensorStatus",
    "SensorDefinition",
    "SensorEvaluationContext",
    "SensorExecutionData",
    "build_sensor_context",
    "sensor",
]

DEFAULT_MINIMUM_INTERVAL_SECONDS = 30


class DefaultSensorStatus(enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


class SensorExecutionData(NamedTuple):
    """The outcome of one sensor tick."""

    run_requests: list[RunRequest]
    skip_message: str | None
    cursor: str | None
    dynamic_partitions_requests: list[DynamicPartitionsRequest]
    asset_events: list[Any]


class SensorDefinition:
    """Watches for something and requests runs; the function is called once per tick."""

    def __init__(
        self,
        name: str | None = None,
        *,
        evaluation_fn: Callable[..., Any] | None = None,
        job_name: str | None = None,
        minimum_interval_seconds: int | None = None,
        description: str | None = None,
        job: Any = None,
        jobs: Sequence[Any] | None = None,
        default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
        asset_selection: Any = None,
        required_resource_keys: set[str] | None = None,
        tags: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        target: Any = None,
        owners: Sequence[str] | None = None,
    ) -> None:
        if evaluation_fn is None:
            raise CheckError("Failure condition: Must provide evaluation_fn to SensorDefinition")
        if not callable(evaluation_fn):
            raise CheckError(
                f"SensorDefinition's evaluation_fn must be a function, got {evaluation_fn!r}"
            )
        self.name: str = name or evaluation_fn.__name__
        if asset_selection is not None and target is None:
            target = asset_selection
        first = job_or_target(job, target, self.name)
        self.jobs: list[Any] = [j for j in [first, *(jobs or ())] if j is not None]
        self._job_name = job_name
        self.asset_selection = asset_selection
        self._interval = minimum_interval_seconds
        self.description = description
        self.default_status = default_status
        self.required_resource_keys = set(required_resource_keys or ())
        self.tags = dict(tags or {})
        self.metadata = dict(metadata or {})
        self.owners = checked_owners(owners, "sensor", self.name)
        self._fn = evaluation_fn
        self._takes_context, self._resource_params = user_fn_params(evaluation_fn)
        self._extra_tags = {SENSOR_NAME_TAG: self.name}

    @property
    def minimum_interval_seconds(self) -> int:
        """At least this long between evaluations (the reference's default is 30 s)."""
        return self._interval if self._interval is not None else DEFAULT_MINIMUM_INTERVAL_SECONDS

    @property
    def has_explicit_interval(self) -> bool:
        """Whether ``minimum_interval_seconds`` was given (``partwise.tick`` honours only those)."""
        return self._interval is not None

    @property
    def job(self) -> Any:
        """The sensor's only job object (``None`` without one or with several)."""
        return self.jobs[0] if len(self.jobs) == 1 else None

    @property
    def job_name(self) -> str | None:
        if self._job_name is not None:
            return self._job_name
        if len(self.jobs) > 1:
            raise CheckError(
                f"Failure condition: Cannot use `job_name` property for sensor {self.name}, which "
                "targets multiple jobs."
            )
        return self.jobs[0].name if self.jobs else None

    @property
    def job_names(self) -> list[str]:
        names = [j.name for j in self.jobs]
        return names if self._job_name is None else [self._job_name, *names]

    # -- evaluation ------------------------------------------------------------------------
    def evaluate_tick(self, context: SensorEvaluationContext) -> SensorExecutionData:
        """Call the sensor function and resolve its run requests (keys validated as of now)."""
        if not isinstance(context, SensorEvaluationContext):
            raise CheckError(
                f'Param "context" is not a SensorEvaluationContext. Got {context!r}; build one '
                "with build_sensor_context(instance=...)"
            )
        result = self._collect(context, self._call(context))
        requests, skip, cursor, dynamic, events = result
        store: Any = context._instance
        if dynamic:
            store = StoreAfterRequests(store, dynamic)
        with partition_loading_context(dynamic_partitions_store=store):
            resolved = [self._resolve(r, context) for r in requests]
        return SensorExecutionData(resolved, skip, cursor, dynamic, events)

    def _resolve(self, request: RunRequest, context: SensorEvaluationContext) -> RunRequest:
        if request.partition_key is None or request.has_resolved_partition():
            return add_tags(request, self._extra_tags)
        return resolve_request(request, self._target(request, context), self._extra_tags)

    def _target(self, request: RunRequest, context: SensorEvaluationContext) -> JobTarget:
        definitions = context._repository_def
        if request.job_name is not None:
            job = next((j for j in self.jobs if j.name == request.job_name), None)
            return job_target(job, request.job_name, definitions)
        if len(self.jobs) > 1:
            raise CheckError(
                f"Invariant failed. Description: Sensor {self.name!r} targets several jobs "
                f"{[j.name for j in self.jobs]}; each RunRequest must specify job_name"
            )
        return job_target(self.job, self._job_name, definitions)

    def _call(self, context: SensorEvaluationContext) -> Any:
        kwargs = {}
        if self._resource_params:
            resources = context.resources
            kwargs = {p: resources[p] for p in self._resource_params if p in resources}
        if self._takes_context:
            return self._fn(context, **kwargs)
        return self._fn(**kwargs)

    def _collect(
        self, context: SensorEvaluationContext, raw: Any
    ) -> tuple[list[RunRequest], str | None, str | None, list[DynamicPartitionsRequest], list[Any]]:
        items = _items(raw)
        results = [i for i in items if isinstance(i, SensorResult)]
        if results:
            if len(items) != 1:
                raise CheckError(
                    "Invariant failed. Description: When a SensorResult is returned from a "
                    "sensor, it must be the only object returned."
                )
            return self._from_result(context, results[0])
        requests = [i for i in items if isinstance(i, RunRequest)]
        skips = [i for i in items if isinstance(i, SkipReason)]
        others = [i for i in items if not isinstance(i, RunRequest | SkipReason)]
        if others or (skips and (requests or len(skips) > 1)):
            raise CheckError(
                f"Sensor {self.name!r} returned {(others or items)[0]!r}; expected RunRequests, "
                "one SkipReason, a SensorResult or None"
            )
        skip = skips[0].skip_message if skips else None
        if not requests and not skips:
            skip = "Sensor function returned an empty result"
        return requests, skip, context.cursor, [], []

    def _from_result(
        self, context: SensorEvaluationContext, result: SensorResult
    ) -> tuple[list[RunRequest], str | None, str | None, list[DynamicPartitionsRequest], list[Any]]:
        if result.cursor is not None and context.cursor_updated:
            raise CheckError(
                "Invariant failed. Description: SensorResult.cursor cannot be set if "
                "context.update_cursor() was called."
            )
        cursor = result.cursor if result.cursor is not None else context.cursor
        skip = result.skip_reason
        message = skip.skip_message if isinstance(skip, SkipReason) else None
        return (
            list(result.run_requests or ()),
            message,
            cursor,
            list(result.dynamic_partitions_requests or ()),
            list(result.asset_events or ()),
        )

    # -- direct invocation -----------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function as written (unresolved output); a context is built if none given."""
        context = args[0] if args else next(iter(kwargs.values()), None)
        if context is None:
            context = build_sensor_context()
        if not isinstance(context, SensorEvaluationContext):
            raise InvalidInvocationError(
                f"Sensor invocation expected a SensorEvaluationContext (from "
                f"build_sensor_context()), got {context!r}"
            )
        return self._call(context)

    def __repr__(self) -> str:
        return f"SensorDefinition(name={self.name!r}, jobs={[j.name for j in self.jobs]})"


def _items(raw: Any) -> list[Any]:
    if raw is None:
        return []
    if isinstance(raw, RunRequest | SkipReason | SensorResult):
        return [raw]
    if not isinstance(raw, Iterable) or isinstance(raw, str | Mapping):
        raise CheckError(
            f"Sensor returned {raw!r}; expected RunRequests, one SkipReason, a SensorResult or None"
        )
    return [item for item in raw if item is not None]


@strict_keywords
def sensor(
    job_name: str | None = None,
    *,
    name: str | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    job: Any = None,
    jobs: Sequence[Any] | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    asset_selection: Any = None,
    required_resource_keys: set[str] | None = None,
    tags: Mapping[str, str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    target: Any = None,
    owners: Sequence[str] | None = None,
) -> Callable[[Callable[..., Any]], SensorDefinition]:
    """Make a sensor of a function returning or yielding run requests, a skip or a SensorResult."""

    def inner(fn: Callable[..., Any]) -> SensorDefinition:
        return SensorDefinition(
            name=name or fn.__name__,
            evaluation_fn=fn,
            job_name=job_name,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description or (fn.__doc__ or "").strip() or None,
            job=job,
            jobs=jobs,
            default_status=default_status,
            asset_selection=asset_selection,
            required_resource_keys=required_resource_keys,
            tags=tags,
            metadata=metadata,
            target=target,
            owners=owners,
        )

    return inner
