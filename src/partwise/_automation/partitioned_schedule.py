"""``build_schedule_from_partitioned_job``: a schedule whose cadence and requests follow the partitions.

Each tick at time T requests the last partition that exists at T (every static key, or every key
of the last time partition of a multi-partitioned job), with ``run_key`` equal to the key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from partwise._compat import strict_keywords
from partwise._config.partitioned import FixedConfig
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise.errors import CheckError, InvalidDefinitionError, check_param

from .context import ScheduleEvaluationContext

if TYPE_CHECKING:
    from partwise._partitions.definitions.multi import MultiPartitionsDefinition
from .run_request import RunRequest, SkipReason
from .schedule import DefaultScheduleStatus, ScheduleDefinition, ScheduleExecutionData

__all__ = ["UnresolvedPartitionedAssetScheduleDefinition", "build_schedule_from_partitioned_job"]

_NO_PARTITIONS = "The job's PartitionsDefinition has no partitions"
_TIME_ONLY = (
    "Failure condition: Cannot provide cron_schedule or execution_timezone to "
    "build_schedule_from_partitioned_job for a time-partitioned job."
)
_STATIC_NEEDS_CRON = (
    "Expected non-None value: Creating a schedule from a static partitions definition requires a "
    "cron schedule"
)


def _check_partitions(pdef: PartitionsDefinition) -> TimeWindowPartitionsDefinition | None:
    """The time dimension of an allowed definition (``None`` for static); else an error."""
    time_def = pdef.time_window_partitions_def
    if time_def is None and (pdef.dimensions or not pdef.has_fixed_keys):
        raise InvalidDefinitionError(
            "Tried to build a partitioned schedule from an asset job, but received an invalid "
            "partitions definition. The permitted partitions definitions are: \n"
            "1. TimeWindowPartitionsDefinition\n"
            "2. MultiPartitionsDefinition with a single TimeWindowPartitionsDefinition dimension\n"
            f"3. StaticPartitionsDefinition\nGot: {pdef!r}"
        )
    return time_def


class _PartitionedTickFn:
    """The schedule function: the run request(s) for the last partition as of the tick."""

    def __init__(self, job: Any, pdef: PartitionsDefinition, tags: Mapping[str, str]) -> None:
        from partwise._config.partitioned import PartitionedConfig
        from partwise._definitions.job import JobDefinition

        self.job_name: str = job.name
        self.pdef = pdef
        self.tags = dict(tags)
        resolved = isinstance(job, JobDefinition)
        self.config = (
            job.partitioned_config
            if resolved
            else PartitionedConfig.from_flexible_config(job.config, pdef)
        )
        self.partition_set = self.job_name if resolved else None
        fn = self.config.run_config_for_partition_key_fn
        self.no_config = isinstance(fn, FixedConfig) and not fn.config
        self.__name__ = f"{self.job_name}_partitioned_schedule"

    def request(self, key: str, extra: Mapping[str, str]) -> RunRequest:
        tags = {**self.tags, **self.config.get_tags_for_partition_key(key, self.partition_set)}
        if extra:
            tags.update(extra)
        config = {} if self.no_config else self.config.get_run_config_for_partition_key(key)
        return RunRequest(key, config, tags, self.job_name, None, False, key)

    def __call__(self, context: ScheduleEvaluationContext) -> Any:
        """What the schedule function returns (direct invocation): unresolved by the schedule."""
        return self.compute(context, {})

    def evaluate_resolved(
        self, context: ScheduleEvaluationContext, extra: Mapping[str, str]
    ) -> tuple[list[RunRequest], str | None]:
        """The tick's final requests (``extra`` tags merged last), or its skip message."""
        result = self.compute(context, extra)
        if isinstance(result, SkipReason):
            return [], result.skip_message
        return (result if isinstance(result, list) else [result]), None

    def compute(self, context: ScheduleEvaluationContext, extra: Mapping[str, str]) -> Any:
        pdef, time_def = self.pdef, self.pdef.time_window_partitions_def
        if time_def is pdef:  # one time dimension only: the hot path, no context switch
            key = pdef.get_last_partition_key(context._scheduled_execution_time)
            return SkipReason(_NO_PARTITIONS) if key is None else self.request(key, extra)
        with partition_loading_context(context._scheduled_execution_time, context._instance):
            if time_def is None:  # static keys
                return [self.request(k, extra) for k in pdef.get_partition_keys()]
            last = time_def.get_last_partition_key()
            if last is None:
                return SkipReason(_NO_PARTITIONS)
            multi = cast("MultiPartitionsDefinition", pdef)  # a time dimension among others
            name = multi.time_window_dimension.name
            keys = multi.get_multipartition_keys_with_dimension_value(name, last)
            return [self.request(k, extra) for k in keys]


class _LastWindowNotExcluded:
    """``should_execute`` for definitions with exclusions: skip ticks whose last window is excluded."""

    def __init__(self, time_def: TimeWindowPartitionsDefinition) -> None:
        self.time_def = time_def

    def __call__(self, context: ScheduleEvaluationContext) -> bool:
        with partition_loading_context(context._scheduled_execution_time, context._instance):
            count = self.time_def.position_count()  # positions, excluded ones included
            return count == 0 or not self.time_def.is_excluded(self.time_def.tick_at(count - 1))


def _build(
    job: Any,
    name: str,
    overrides: tuple[int | None, int | None, int | None, int | None],
    options: dict[str, Any],
    cron_schedule: str | None,
    execution_timezone: str | None,
    tags: Mapping[str, str] | None,
) -> ScheduleDefinition:
    pdef = job.partitions_def
    if pdef is None:
        raise CheckError(
            f"Failure condition: The provided job is not partitioned: job {job.name!r} has no "
            "partitions_def (give it one, or select partitioned assets)"
        )
    time_def = _check_partitions(pdef)
    should_execute = None
    if time_def is None:
        if cron_schedule is None:
            raise CheckError(_STATIC_NEEDS_CRON)
    else:
        if cron_schedule or execution_timezone:
            raise CheckError(_TIME_ONLY)
        cron_schedule = time_def.get_cron_schedule(*overrides)
        execution_timezone = time_def.timezone
        if time_def.exclusions:
            should_execute = _LastWindowNotExcluded(time_def)
    return ScheduleDefinition(
        name=name,
        cron_schedule=cron_schedule,
        job=job,
        execution_timezone=execution_timezone,
        execution_fn=_PartitionedTickFn(job, pdef, tags or {}),
        should_execute=should_execute,
        _decorated=True,
        **options,
    )


class UnresolvedPartitionedAssetScheduleDefinition:
    """A partitioned schedule of an asset job whose partitions come from its assets.

    It has no ``cron_schedule`` until resolved: ``Definitions.resolve_schedule_def(name)`` (or
    :meth:`resolve`) reads the partitions of the selected assets.
    """

    def __init__(
        self,
        job: Any,
        name: str,
        overrides: tuple[int | None, int | None, int | None, int | None],
        options: dict[str, Any],
        tags: Mapping[str, str] | None,
    ) -> None:
        self.job = job
        self.name = name
        self.minute_of_hour, self.hour_of_day, self.day_of_week, self.day_of_month = overrides
        self._overrides, self._options = overrides, options
        self.tags = dict(tags or {})
        self.default_status = options["default_status"]
        self.description = options["description"]
        self.metadata = options["metadata"]

    @property
    def job_name(self) -> str:
        return str(self.job.name)

    def resolve(self, definitions: Any) -> ScheduleDefinition:
        """The schedule, with the job resolved against ``definitions``' assets."""
        job = definitions.resolve_job_def(self.job.name)
        if job.partitions_def is None:
            raise CheckError(
                f"Failure condition: Job '{job.name}' provided to "
                "build_schedule_from_partitioned_job must contain partitioned assets or a "
                "partitions definition."
            )
        if _check_partitions(job.partitions_def) is None:
            raise CheckError(_STATIC_NEEDS_CRON)
        return _build(job, self.name, self._overrides, self._options, None, None, self.tags)

    def evaluate_tick(self, context: ScheduleEvaluationContext) -> ScheduleExecutionData:
        """Resolve against the context's ``repository_def`` (required here), then evaluate."""
        return self.resolve(context.repository_def).evaluate_tick(context)

    def __repr__(self) -> str:
        return f"UnresolvedPartitionedAssetScheduleDefinition(name={self.name!r}, job={self.job!r})"


@strict_keywords
def build_schedule_from_partitioned_job(
    job: Any,
    description: str | None = None,
    name: str | None = None,
    minute_of_hour: int | None = None,
    hour_of_day: int | None = None,
    day_of_week: int | None = None,
    day_of_month: int | None = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
    tags: Mapping[str, str] | None = None,
    cron_schedule: str | None = None,
    execution_timezone: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    owners: Sequence[str] | None = None,
) -> ScheduleDefinition | UnresolvedPartitionedAssetScheduleDefinition:
    """A schedule at the cadence of the job's partitions, requesting the latest partition."""
    from partwise._definitions.job import JobDefinition, UnresolvedAssetJobDefinition

    check_param(job, "job", (JobDefinition, UnresolvedAssetJobDefinition))
    overrides = (minute_of_hour, hour_of_day, day_of_week, day_of_month)
    if day_of_week and day_of_month:
        raise CheckError(
            "Invariant failed. Description: Cannot provide both day_of_month and day_of_week "
            "parameter to build_schedule_from_partitioned_job."
        )
    if (cron_schedule or execution_timezone) and any(v is not None for v in overrides):
        raise CheckError(
            "Invariant failed. Description: Cannot provide both cron_schedule / "
            "execution_timezone parameters and day_of_month / day_of_week / hour_of_day / "
            "minute_of_hour parameters to build_schedule_from_partitioned_job."
        )
    name = name or f"{job.name}_schedule"
    options = {
        "description": description,
        "default_status": default_status,
        "metadata": metadata,
        "owners": owners,
    }
    if isinstance(job, UnresolvedAssetJobDefinition) and job.partitions_def is None:
        if cron_schedule or execution_timezone:
            raise CheckError(_TIME_ONLY)
        return UnresolvedPartitionedAssetScheduleDefinition(job, name, overrides, options, tags)
    return _build(job, name, overrides, options, cron_schedule, execution_timezone, tags)
