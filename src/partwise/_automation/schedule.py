"""Schedules: ``ScheduleDefinition``, ``@schedule`` and tick evaluation without a repository.

A schedule holds its job, so ``evaluate_tick`` validates partition keys (as of the tick time),
fills partition tags and run config itself; ``repository_def=`` is accepted but only needed for
asset jobs whose partitions come from their assets.
"""

from __future__ import annotations

import copy
import enum
import heapq
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, NamedTuple

from partwise._compat import strict_keywords
from partwise._partitions.context import partition_loading_context
from partwise._time.cron import parse_cron
from partwise._time.ticks import TickClock, get_timezone
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidInvocationError,
    UnknownTimezoneError,
    check_param,
)

from .context import ScheduleEvaluationContext, build_schedule_context
from .owners import checked_owners
from .resolve import JobTarget, add_tags, job_target, needs_target, resolve_request
from .run_request import SCHEDULE_NAME_TAG, RunRequest, SkipReason

__all__ = [
    "DefaultScheduleStatus",
    "ScheduleDefinition",
    "ScheduleEvaluationContext",
    "ScheduleExecutionData",
    "build_schedule_context",
    "job_or_target",
    "schedule",
    "user_fn_params",
]

_CRON_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


class DefaultScheduleStatus(enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


class ScheduleExecutionData(NamedTuple):
    """The outcome of one schedule tick: resolved run requests, or why it skipped."""

    run_requests: list[RunRequest]
    skip_message: str | None = None
    log_key: Sequence[str] | None = None


def user_fn_params(fn: Callable[..., Any]) -> tuple[bool, tuple[str, ...]]:
    """Whether ``fn`` takes a context (its first parameter) and the names of the rest."""
    params = [
        p.name
        for p in inspect.signature(fn).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    return bool(params), tuple(params[1:])


def job_or_target(job: Any, target: Any, name: str | None) -> Any:
    """The job a schedule or sensor runs: ``job``, or ``target`` (a job, assets or a selection)."""
    from partwise._definitions.job import (
        JobDefinition,
        UnresolvedAssetJobDefinition,
        define_asset_job,
    )

    if job is not None and target is not None:
        raise CheckError("Failure condition: Cannot provide both job and target")
    if target is None or isinstance(target, JobDefinition | UnresolvedAssetJobDefinition):
        return job if target is None else target
    return define_asset_job(f"__anonymous_asset_job_{name}", selection=target)


def _check_crons(cron_schedule: str | Sequence[str] | None, name: str | None) -> tuple[str, ...]:
    if cron_schedule is None:
        raise CheckError("Failure condition: Must provide cron_schedule")
    check_param(cron_schedule, "cron_schedule", (str, list, tuple))
    crons = (cron_schedule,) if isinstance(cron_schedule, str) else tuple(cron_schedule)
    for cron in crons:
        check_param(cron, "cron_schedule", str)
    out = []
    for cron in crons:
        text = _CRON_ALIASES.get(cron.strip().lower(), cron.strip())
        try:
            parse_cron(text)
        except InvalidDefinitionError:
            raise InvalidDefinitionError(
                f"Found invalid cron schedule '{cron}' for schedule '{name}'. Expected a standard "
                "cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. "
                "'0 0 * * *', or one of " + ", ".join(sorted(_CRON_ALIASES))
            ) from None
        out.append(text)
    return tuple(out)


def _check_timezone(timezone: str | None, name: str | None) -> None:
    if timezone is None:
        return
    try:
        get_timezone(timezone)
    except UnknownTimezoneError:
        raise InvalidDefinitionError(
            f"Invalid execution timezone {timezone} for {name}: expected an IANA name such as "
            "'UTC', 'US/Central' or 'Europe/Berlin'"
        ) from None


class ScheduleDefinition:
    """Runs a job on a cron schedule; the function decides run requests for each tick."""

    def __init__(
        self,
        name: str | None = None,
        *,
        cron_schedule: str | Sequence[str] | None = None,
        job_name: str | None = None,
        run_config: Any = None,
        run_config_fn: Callable[..., Any] | None = None,
        tags: Mapping[str, str] | None = None,
        tags_fn: Callable[..., Mapping[str, str] | None] | None = None,
        metadata: Mapping[str, Any] | None = None,
        should_execute: Callable[..., bool] | None = None,
        environment_vars: Mapping[str, str] | None = None,
        execution_timezone: str | None = None,
        execution_fn: Callable[..., Any] | None = None,
        description: str | None = None,
        job: Any = None,
        default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
        required_resource_keys: set[str] | None = None,
        target: Any = None,
        owners: Sequence[str] | None = None,
        _decorated: bool = False,
    ) -> None:
        if job is None and target is None and job_name is None:
            raise CheckError("Failure condition: Must provide target, job, or job_name")
        if execution_fn is not None and (run_config is not None or run_config_fn is not None):
            raise CheckError(
                "Failure condition: Attempted to provide both execution_fn and "
                "run_config/run_config_fn to ScheduleDefinition; pass one"
            )
        if run_config is not None and run_config_fn is not None:
            raise CheckError(
                "Failure condition: Attempted to provide both run_config_fn and run_config"
            )
        if tags is not None and tags_fn is not None:
            raise CheckError("Failure condition: Attempted to provide both tags_fn and tags")
        job = job_or_target(job, target, name)
        if job is None and not job_name:
            raise CheckError(
                "Failure condition: ScheduleDefinition needs a job, target or job_name"
            )
        self.job_name: str = job_name or job.name
        self.name: str = name or f"{self.job_name}_schedule"
        self._crons = _check_crons(cron_schedule, self.name)
        _check_timezone(execution_timezone, self.name)
        self.cron_schedule = cron_schedule
        self.execution_timezone = execution_timezone
        self.job = job
        self.description = description
        self.default_status = default_status
        self.tags = dict(tags or {})
        self.metadata = dict(metadata or {})
        self.environment_vars = dict(environment_vars or {})
        self.required_resource_keys = set(required_resource_keys or ())
        self.owners = checked_owners(owners, "schedule", self.name)
        self._run_config, self._run_config_fn = run_config, run_config_fn
        self._tags_fn, self._should_execute = tags_fn, should_execute
        self._fn, self._decorated = execution_fn, _decorated
        self._takes_context, self._resource_params = (
            user_fn_params(execution_fn) if execution_fn is not None else (True, ())
        )
        self._extra_tags = {SCHEDULE_NAME_TAG: self.name}
        # Functions that resolve their own requests (partitioned schedules) skip the generic path.
        self._resolved_fn = getattr(execution_fn, "evaluate_resolved", None)

    @property
    def target(self) -> Any:
        return self.job

    def has_job(self) -> bool:
        return self.job is not None

    @cached_property
    def tick_clocks(self) -> tuple[TickClock, ...]:
        """One clock per cron string, in the execution timezone (UTC by default)."""
        tz = get_timezone(self.execution_timezone or "UTC")
        return tuple(TickClock(cron, tz) for cron in self._crons)

    # -- evaluation ------------------------------------------------------------------------
    def evaluate_tick(self, context: ScheduleEvaluationContext) -> ScheduleExecutionData:
        """Run the schedule function for ``context``'s tick and resolve its run requests."""
        if not isinstance(context, ScheduleEvaluationContext):
            raise CheckError(
                f'Param "context" is not a ScheduleEvaluationContext. Got {context!r}; build one '
                "with build_schedule_context(scheduled_execution_time=...)"
            )
        if self._resolved_fn is not None and self._should_execute is None:
            requests, skip = self._resolved_fn(context, self._extra_tags)
            return ScheduleExecutionData(requests, skip)
        requests, skip = self._checked(self._evaluate(context))
        if not requests:
            return ScheduleExecutionData([], skip)
        if not needs_target(requests):
            return ScheduleExecutionData([add_tags(r, self._extra_tags) for r in requests])
        with partition_loading_context(context._scheduled_execution_time, context._instance):
            target = self._target(context)
            resolved = [resolve_request(r, target, self._extra_tags) for r in requests]
        return ScheduleExecutionData(resolved)

    def _target(self, context: ScheduleEvaluationContext) -> JobTarget:
        return job_target(self.job, self.job_name, context._repository_def)

    def _evaluate(self, context: ScheduleEvaluationContext) -> list[Any]:
        if self._should_execute is not None and not self._should_execute(context):
            return [SkipReason(f"should_execute function for {self.name} returned false.")]
        if self._fn is None:
            config = (
                self._run_config_fn(context)
                if self._run_config_fn is not None
                else copy.deepcopy(self._run_config)
            )
            return [RunRequest(run_config=config, tags=self._fixed_tags(context))]
        result = self._call(context)
        if isinstance(result, RunRequest | SkipReason):
            return [result]
        if result is None:
            return []
        if isinstance(result, Mapping) or hasattr(result, "to_config_dict"):
            config = copy.deepcopy(result)
            return [RunRequest(run_config=config, tags=self._fixed_tags(context))]
        if not isinstance(result, Iterable) or isinstance(result, str):
            raise CheckError(
                f"Schedule {self.name!r} returned {result!r}; expected a RunRequest, a "
                "SkipReason, a run-config dict, a list of RunRequests or None"
            )
        return list(result)

    def _fixed_tags(self, context: ScheduleEvaluationContext) -> dict[str, str]:
        if self._tags_fn is not None:
            return dict(self._tags_fn(context) or {})
        return dict(self.tags)

    def _call(self, context: ScheduleEvaluationContext | None) -> Any:
        assert self._fn is not None
        kwargs = {}
        if self._resource_params:
            resources = (context or build_schedule_context()).resources
            kwargs = {p: resources[p] for p in self._resource_params if p in resources}
        if self._takes_context:
            return self._fn(context, **kwargs)
        return self._fn(**kwargs)

    def _checked(self, items: list[Any]) -> tuple[list[RunRequest], str | None]:
        if not items or (len(items) == 1 and items[0] is None):
            return [], "Schedule function returned an empty result"
        if len(items) == 1:
            item = items[0]
            if isinstance(item, SkipReason):
                return [], item.skip_message
            if isinstance(item, RunRequest):
                return [item], None
        for item in items:
            if not isinstance(item, RunRequest):
                raise CheckError(
                    f"Schedule {self.name!r} returned {item!r}; expected a RunRequest, a "
                    "SkipReason, a run-config dict, a list of RunRequests or None"
                )
        if any(not item.run_key for item in items):
            raise CheckError(
                "Invariant failed. Description: Schedules that return multiple RunRequests must "
                "specify a run_key in each RunRequest"
            )
        return items, None

    # -- direct invocation -----------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the decorated function as written (unresolved output), e.g. in a unit test."""
        if not self._decorated or self._fn is None:
            raise InvalidInvocationError(
                "Schedule invocation is only supported for schedules created via the schedule "
                "decorators."
            )
        context = args[0] if args else next(iter(kwargs.values()), None)
        if context is None and self._takes_context:
            raise InvalidInvocationError(
                "Schedule evaluation function expected context argument, but no context argument "
                "was provided when invoking."
            )
        if context is not None and not isinstance(context, ScheduleEvaluationContext):
            raise InvalidInvocationError(
                f"Schedule invocation expected a ScheduleEvaluationContext (from "
                f"build_schedule_context()), got {context!r}"
            )
        result = self._call(context)
        return copy.deepcopy(result) if isinstance(result, dict) else result

    def __repr__(self) -> str:
        return (
            f"ScheduleDefinition(name={self.name!r}, cron_schedule={self.cron_schedule!r}, "
            f"job_name={self.job_name!r})"
        )


@strict_keywords
def schedule(
    cron_schedule: str | Sequence[str],
    *,
    job_name: str | None = None,
    name: str | None = None,
    tags: Mapping[str, str] | None = None,
    tags_fn: Callable[..., Mapping[str, str] | None] | None = None,
    metadata: Mapping[str, Any] | None = None,
    should_execute: Callable[..., bool] | None = None,
    environment_vars: Mapping[str, str] | None = None,
    execution_timezone: str | None = None,
    description: str | None = None,
    job: Any = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
    required_resource_keys: set[str] | None = None,
    target: Any = None,
    owners: Sequence[str] | None = None,
) -> Callable[[Callable[..., Any]], ScheduleDefinition]:
    """Make a schedule of a function returning or yielding run requests, a skip or run config."""

    def inner(fn: Callable[..., Any]) -> ScheduleDefinition:
        return ScheduleDefinition(
            name=name or fn.__name__,
            cron_schedule=cron_schedule,
            job_name=job_name,
            tags=tags,
            tags_fn=tags_fn,
            metadata=metadata,
            should_execute=should_execute,
            environment_vars=environment_vars,
            execution_timezone=execution_timezone,
            execution_fn=fn,
            description=description or (fn.__doc__ or "").strip() or None,
            job=job,
            default_status=default_status,
            required_resource_keys=required_resource_keys,
            target=target,
            owners=owners,
            _decorated=True,
        )

    return inner


def merged_ticks(clocks: Iterable[TickClock], start: Any, end: Any) -> list[Any]:
    """The ticks of all ``clocks`` in ``[start, end)``, ordered, each instant once."""
    return list(iter_merged_ticks(clocks, start, end))


def iter_merged_ticks(clocks: Iterable[TickClock], start: Any, end: Any) -> Iterator[Any]:
    """:func:`merged_ticks` one at a time (a span of centuries is never listed whole)."""
    last = None
    for tick in heapq.merge(*(_ticks_of(c, start, end) for c in clocks), key=lambda t: t.utc):
        if tick.utc != last:
            last = tick.utc
            yield tick


def _ticks_of(clock: TickClock, start: Any, end: Any) -> Iterator[Any]:
    """One clock's ticks in ``[start, end)``; they stop where the calendar does (year 9999)."""
    try:
        tick = clock.at_or_after(start)
        while tick.utc < end:
            yield tick
            tick = clock.after(tick)
    except (OverflowError, ValueError):  # no tick after the last representable instant
        return
