"""Automation without a daemon: ``tick`` evaluates due schedules and sensors once; ``schedule_ticks``
is a dry run of a schedule over a period.

What ``tick`` has already evaluated (each schedule's last tick, each sensor's cursor) is stored on
the instance as events of reserved run ids ``partwise/schedule/<name>`` and
``partwise/sensor/<name>``, so a persistent instance remembers it between processes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from partwise import _clock
from partwise._compat import strict_keywords
from partwise._definitions.definitions import Definitions
from partwise._instance.records import EventLogEntry, RunsFilter
from partwise._partitions.context import partition_loading_context
from partwise._time.ticks import get_timezone
from partwise.errors import InvalidInvocationError, InvariantViolationError, check_param

from .context import ScheduleEvaluationContext, build_sensor_context
from .run_request import (
    RUN_KEY_TAG,
    SCHEDULE_NAME_TAG,
    SCHEDULED_EXECUTION_TIME_TAG,
    SENSOR_NAME_TAG,
    AddDynamicPartitionsRequest,
    RunRequest,
)
from .schedule import ScheduleDefinition, iter_merged_ticks, merged_ticks

__all__ = ["ScheduledTick", "TickEvaluation", "TickResult", "schedule_ticks", "tick"]

_UTC = _dt.timezone.utc
_US = _dt.timedelta(microseconds=1)
_STATE_EVENT = "PARTWISE_AUTOMATION_TICK"


@dataclass(frozen=True)
class ScheduledTick:
    """One tick of a dry run: when it fires and the run requests it would make (or its skip)."""

    tick_time: _dt.datetime
    run_requests: tuple[RunRequest, ...]
    skip_message: str | None = None

    @property
    def skipped(self) -> bool:
        return not self.run_requests

    @property
    def partition_keys(self) -> list[str]:
        return [r.partition_key for r in self.run_requests if r.partition_key is not None]

    def _only(self) -> RunRequest | None:
        if len(self.run_requests) > 1:
            raise InvariantViolationError(
                f"The tick at {self.tick_time.isoformat()} requests {len(self.run_requests)} runs; "
                "read .run_requests (or .partition_keys) instead"
            )
        return self.run_requests[0] if self.run_requests else None

    @property
    def partition_key(self) -> str | None:
        """The key of the tick's only run request (``None`` when it skips)."""
        only = self._only()
        return only.partition_key if only is not None else None

    @property
    def run_config(self) -> dict[str, Any]:
        only = self._only()
        return dict(only.run_config) if only is not None else {}

    @property
    def run_key(self) -> str | None:
        only = self._only()
        return only.run_key if only is not None else None

    @property
    def tags(self) -> dict[str, str]:
        only = self._only()
        return dict(only.tags) if only is not None else {}


@dataclass(frozen=True)
class TickEvaluation:
    """One schedule tick or sensor evaluation performed by :func:`tick`."""

    kind: str  # "schedule" or "sensor"
    name: str
    tick_time: _dt.datetime
    run_requests: tuple[RunRequest, ...] = ()
    skip_message: str | None = None
    cursor: str | None = None
    error: str | None = None
    run_ids: tuple[str, ...] = ()
    skipped_run_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class TickResult:
    """What one call to :func:`tick` evaluated, launched and skipped."""

    evaluations: tuple[TickEvaluation, ...]
    run_requests: tuple[RunRequest, ...]  # the launched ones, paired with ``runs``
    runs: tuple[Any, ...]  # ExecuteInProcessResult per launched run
    skipped_run_requests: tuple[RunRequest, ...]  # their run key had already been launched

    @property
    def errors(self) -> list[str]:
        return [f"{e.kind} {e.name!r}: {e.error}" for e in self.evaluations if e.error]

    @property
    def success(self) -> bool:
        """No evaluation or launch failed and every run succeeded."""
        return not self.errors and all(run.success for run in self.runs)


# -- state kept on the instance ------------------------------------------------------------------
def _state(instance: Any, kind: str, name: str) -> EventLogEntry | None:
    records = instance.get_event_records(run_id=f"partwise/{kind}/{name}", limit=1)
    return records[0] if records else None


def _save_state(instance: Any, kind: str, name: str, at: float, **values: Any) -> None:
    run_id = f"partwise/{kind}/{name}"
    instance.store_event(EventLogEntry(run_id, _STATE_EVENT, metadata=values, timestamp=at))


# -- launching runs ------------------------------------------------------------------------------
class _Launcher:
    """Launches resolved run requests in this process, skipping run keys already launched."""

    def __init__(self, definitions: Any, instance: Any, now: _dt.datetime) -> None:
        self.definitions, self.instance, self.now = definitions, instance, now
        self.requests: list[RunRequest] = []
        self.runs: list[Any] = []
        self.skipped: list[RunRequest] = []

    def job(self, job: Any, name: str | None) -> Any:
        from partwise._definitions.job import JobDefinition, UnresolvedAssetJobDefinition

        defs = self.definitions
        if name is not None and name in defs.job_names:
            return defs.resolve_job_def(name)
        if isinstance(job, JobDefinition):
            return job.with_resources(defs.resources)
        if isinstance(job, UnresolvedAssetJobDefinition):
            return job.resolve(defs.asset_graph, defs.resources)
        return defs.resolve_job_def(name or "")  # raises, naming the known jobs

    def launch(
        self, request: RunRequest, job: Any, dedupe: dict[str, str], extra: dict[str, str]
    ) -> tuple[str | None, str | None]:
        """Run ``request``; ``(run_id, None)``, or ``(None, run_key)`` when deduplicated."""
        from partwise._execution.execute import execute_job

        key = request.run_key
        if key and self.instance.get_runs(RunsFilter(tags={**dedupe, RUN_KEY_TAG: key}), limit=1):
            self.skipped.append(request)
            return None, key
        tags = {**request.tags, **extra, **({RUN_KEY_TAG: key} if key else {})}
        with partition_loading_context(self.now, self.instance):
            result = execute_job(
                job,
                run_config=request.run_config or None,
                instance=self.instance,
                partition_key=request.partition_key,
                tags=tags,
                raise_on_error=False,
                asset_selection=request.asset_selection,
            )
        self.requests.append(request)
        self.runs.append(result)
        return result.run_id, None

    def launch_all(
        self,
        requests: Sequence[RunRequest],
        jobs: Sequence[Any],
        names: list[str | None],
        dedupe: dict[str, str],
        extra: dict[str, str],
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        run_ids, skipped = [], []
        for request in requests:
            name = request.job_name or (names[0] if len(names) == 1 else None)
            if name is None:
                raise InvalidInvocationError(
                    f"A RunRequest names no job and its schedule or sensor targets "
                    f"{[n for n in names if n] or 'none'}: set RunRequest(job_name=...) or give "
                    "the sensor job=, jobs=, job_name= or asset_selection="
                )
            job = next((j for j in jobs if getattr(j, "name", None) == name), None)
            run_id, key = self.launch(request, self.job(job, name), dedupe, extra)
            run_ids += [run_id] if run_id else []
            skipped += [key] if key else []
        return tuple(run_ids), tuple(skipped)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# -- schedules -----------------------------------------------------------------------------------
def _due(schedule: ScheduleDefinition, instance: Any, now: _dt.datetime) -> list[Any]:
    """Ticks at or before ``now`` not evaluated yet (only the latest on the first call)."""
    state = _state(instance, "schedule", schedule.name)
    if state is None:
        latest = [clock.at_or_before(now) for clock in schedule.tick_clocks]
        return [max(latest, key=lambda t: t.utc)]
    last = _dt.datetime.fromtimestamp(state.metadata["tick"], _UTC)
    return merged_ticks(schedule.tick_clocks, last + _US, now + _US)


def _run_schedule(launcher: _Launcher, schedule: ScheduleDefinition) -> list[TickEvaluation]:
    out = []
    for t in _due(schedule, launcher.instance, launcher.now):
        when = t.utc.astimezone(get_timezone(schedule.execution_timezone or "UTC"))
        context = ScheduleEvaluationContext(
            launcher.instance, when, None, launcher.definitions, schedule.name
        )
        stamp = {SCHEDULED_EXECUTION_TIME_TAG: t.utc.isoformat()}
        try:
            data = schedule.evaluate_tick(context)
            dedupe = {SCHEDULE_NAME_TAG: schedule.name, **stamp}
            runs, skipped = launcher.launch_all(
                data.run_requests, [schedule.job], [schedule.job_name], dedupe, stamp
            )
        except Exception as exc:  # recorded; the tick is retried by the next call
            out.append(TickEvaluation("schedule", schedule.name, when, error=_error(exc)))
            break
        _save_state(
            launcher.instance, "schedule", schedule.name, t.utc.timestamp(), tick=t.utc.timestamp()
        )
        out.append(
            TickEvaluation(
                "schedule",
                schedule.name,
                when,
                tuple(data.run_requests),
                data.skip_message,
                run_ids=runs,
                skipped_run_keys=skipped,
            )
        )
    return out


# -- sensors -------------------------------------------------------------------------------------
def _apply(instance: Any, requests: Sequence[Any]) -> None:
    for request in requests:
        name, keys = request.partitions_def_name, request.partition_keys
        if isinstance(request, AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(name, keys)
        else:
            for key in keys:
                instance.delete_dynamic_partition(name, key)


def _run_sensor(launcher: _Launcher, sensor: Any) -> TickEvaluation | None:
    instance, now = launcher.instance, launcher.now
    state = _state(instance, "sensor", sensor.name)
    last = state.metadata if state is not None else {}
    interval = sensor.minimum_interval_seconds if sensor.has_explicit_interval else 0
    if interval and state is not None and now.timestamp() - state.timestamp < interval:
        return None
    context = build_sensor_context(
        instance=instance,
        cursor=last.get("cursor"),
        repository_def=launcher.definitions,
        sensor_name=sensor.name,
    )
    context.last_tick_completion_time = state.timestamp if state is not None else None
    context.last_run_key = last.get("last_run_key")
    try:
        with partition_loading_context(now, instance):
            data = sensor.evaluate_tick(context)
        _apply(instance, data.dynamic_partitions_requests)
        names = list(sensor.job_names) or [None]
        runs, skipped = launcher.launch_all(
            data.run_requests, sensor.jobs, names, {SENSOR_NAME_TAG: sensor.name}, {}
        )
    except Exception as exc:
        return TickEvaluation("sensor", sensor.name, now, error=_error(exc))
    keys = [r.run_key for r in data.run_requests if r.run_key]
    _save_state(
        instance,
        "sensor",
        sensor.name,
        now.timestamp(),
        cursor=data.cursor,
        last_run_key=keys[-1] if keys else last.get("last_run_key"),
    )
    return TickEvaluation(
        "sensor",
        sensor.name,
        now,
        tuple(data.run_requests),
        data.skip_message,
        data.cursor,
        run_ids=runs,
        skipped_run_keys=skipped,
    )


def _aware(value: _dt.datetime | str, tz: _dt.tzinfo) -> _dt.datetime:
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInvocationError(
                f"Could not parse {value!r} as a date or time; expected ISO 8601 such as "
                "'2024-01-31' or '2024-01-31T06:00:00+00:00'"
            ) from None
    if not isinstance(value, _dt.datetime):
        raise InvalidInvocationError(
            f"Expected a datetime or an ISO 8601 string, got {type(value).__name__} {value!r}"
        )
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _utc(value: _dt.datetime, what: str) -> _dt.datetime:
    try:
        return value.astimezone(_UTC)
    except OverflowError:
        raise InvalidInvocationError(
            f"{what}={value.isoformat()} is beyond the calendar's range in UTC"
        ) from None


@strict_keywords
def tick(definitions: Any, *, instance: Any, now: _dt.datetime | str | None = None) -> TickResult:
    """Evaluate every due schedule tick and every sensor once, and run what they request.

    A schedule's first ``tick`` evaluates only its latest cron tick at or before ``now`` (no
    catch-up); later calls evaluate each newer tick once. Sensors apply their dynamic-partition
    requests to ``instance``; run keys already launched are skipped. ``now`` defaults to the clock
    (a naive value is UTC).
    """
    check_param(definitions, "definitions", Definitions)
    moment = _aware(now, _UTC) if now is not None else _clock.now()
    launcher = _Launcher(definitions, instance, _utc(moment, "now"))
    evaluations: list[TickEvaluation] = []
    for item in definitions.schedules:
        evaluations += _run_schedule(launcher, definitions.resolve_schedule_def(item.name))
    for item in definitions.sensors:
        evaluation = _run_sensor(launcher, definitions.resolve_sensor_def(item.name))
        if evaluation is not None:
            evaluations.append(evaluation)
    return TickResult(
        tuple(evaluations), tuple(launcher.requests), tuple(launcher.runs), tuple(launcher.skipped)
    )


@strict_keywords
def schedule_ticks(
    schedule: Any,
    start: _dt.datetime | str,
    end: _dt.datetime | str,
    definitions: Any = None,
    instance: Any = None,
    limit: int | None = None,
) -> list[ScheduledTick]:
    """A dry run: every tick in ``[start, end)`` with the run requests it would make.

    Nothing runs and nothing is stored. Naive bounds are in the schedule's execution timezone.
    ``definitions`` is needed for a schedule given by name or built from an asset job without a
    ``partitions_def``; ``instance`` only for jobs with dynamic partitions. ``limit``: at most
    that many ticks, the earliest.
    """
    check_param(definitions, "definitions", Definitions, optional=True)
    schedule = _resolved_schedule(schedule, definitions)
    tz = get_timezone(schedule.execution_timezone or "UTC")
    lo, hi = _utc(_aware(start, tz), "start"), _utc(_aware(end, tz), "end")
    out = []
    for t in islice(iter_merged_ticks(schedule.tick_clocks, lo, hi), limit):
        when = t.utc.astimezone(tz)
        context = ScheduleEvaluationContext(instance, when, None, definitions, schedule.name)
        data = schedule.evaluate_tick(context)
        out.append(ScheduledTick(when, tuple(data.run_requests), data.skip_message))
    return out


def _resolved_schedule(schedule: Any, definitions: Any) -> ScheduleDefinition:
    if isinstance(schedule, str) or not isinstance(schedule, ScheduleDefinition):
        if definitions is None:
            name = schedule if isinstance(schedule, str) else getattr(schedule, "name", "?")
            what = f"the schedule {name!r}"
            raise InvalidInvocationError(
                f"Cannot dry-run {what} without its definitions: pass definitions=defs (a "
                "schedule named by string, or one built from an asset job whose partitions come "
                "from its assets, is resolved against them)"
            )
        name = schedule if isinstance(schedule, str) else schedule.name
        resolved: ScheduleDefinition = definitions.resolve_schedule_def(name)
        return resolved
    return schedule
