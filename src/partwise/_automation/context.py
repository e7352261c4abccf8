"""The evaluation contexts of schedules and sensors, and their ``build_*_context`` helpers."""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from partwise._compat import strict_keywords
from partwise.errors import CheckError, InvalidInvocationError, InvariantViolationError, check_param

from .resolve import NO_REPOSITORY_MESSAGE

__all__ = [
    "ScheduleEvaluationContext",
    "SensorEvaluationContext",
    "build_schedule_context",
    "build_sensor_context",
]

_NO_INSTANCE = (
    "Attempted to initialize dagster instance, but no instance reference was provided. "
    "Pass instance=Instance.ephemeral() (or a local instance) when building the context."
)


def _resources(values: Mapping[str, Any] | None) -> Any:
    from partwise._execution.resources import Resources

    return Resources(values or {})


class _EvaluationContext:
    """What schedule and sensor contexts share: instance, resources and definitions."""

    def __init__(
        self,
        instance: Any = None,
        resources: Mapping[str, Any] | None = None,
        repository_def: Any = None,
    ) -> None:
        self._instance = instance
        self._resource_values = dict(
            check_param(resources, "resources", Mapping, optional=True) or {}
        )
        self._repository_def = repository_def

    @property
    def instance(self) -> Any:
        """The instance the tick runs against (an error if none was given)."""
        if self._instance is None:
            raise InvariantViolationError(_NO_INSTANCE)
        return self._instance

    @property
    def instance_ref(self) -> Any:
        return self._instance

    @property
    def resources(self) -> Any:
        """The resources given to the context, readable as attributes."""
        return _resources(self._resource_values)

    @property
    def repository_def(self) -> Any:
        """The ``Definitions`` given as ``repository_def=`` (an error if none was given)."""
        if self._repository_def is None:
            raise InvariantViolationError(NO_REPOSITORY_MESSAGE)
        return self._repository_def

    @property
    def log(self) -> logging.Logger:
        return logging.getLogger("partwise.automation")

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class ScheduleEvaluationContext(_EvaluationContext):
    """What a schedule function sees: the tick's scheduled time, the instance and resources."""

    def __init__(
        self,
        instance: Any = None,
        scheduled_execution_time: _dt.datetime | None = None,
        resources: Mapping[str, Any] | None = None,
        repository_def: Any = None,
        schedule_name: str | None = None,
    ) -> None:
        super().__init__(instance, resources, repository_def)
        self._scheduled_execution_time = scheduled_execution_time
        self.schedule_name = schedule_name

    @property
    def scheduled_execution_time(self) -> _dt.datetime:
        """The time the tick was scheduled for (an error if the context has none)."""
        if self._scheduled_execution_time is None:
            raise CheckError(
                "Failure condition: Attempting to access scheduled_execution_time, but no "
                "scheduled_execution_time was set on this context"
            )
        return self._scheduled_execution_time

    def __repr__(self) -> str:
        return f"ScheduleEvaluationContext(scheduled_execution_time={self._scheduled_execution_time!r})"


class SensorEvaluationContext(_EvaluationContext):
    """What a sensor function sees: the instance, its cursor and the last tick's details."""

    def __init__(
        self,
        instance: Any = None,
        cursor: str | None = None,
        resources: Mapping[str, Any] | None = None,
        repository_def: Any = None,
        sensor_name: str | None = None,
        last_tick_completion_time: float | None = None,
        last_run_key: str | None = None,
        last_sensor_start_time: float | None = None,
    ) -> None:
        super().__init__(instance, resources, repository_def)
        self._cursor = cursor
        self._cursor_updated = False
        self.sensor_name = sensor_name
        self.last_tick_completion_time = last_tick_completion_time
        self.last_completion_time = last_tick_completion_time
        self.last_run_key = last_run_key
        self.last_sensor_start_time = last_sensor_start_time

    @property
    def cursor(self) -> str | None:
        """The cursor the previous tick stored (or the one given to the context)."""
        return self._cursor

    @property
    def cursor_updated(self) -> bool:
        return self._cursor_updated

    def update_cursor(self, cursor: str | None) -> None:
        """Set the cursor stored after this tick (a ``SensorResult`` cursor is the other way)."""
        if cursor is not None and not isinstance(cursor, str):
            raise CheckError(f'Param "cursor" is not a str. Got {cursor!r}')
        self._cursor = cursor
        self._cursor_updated = True

    @property
    def definitions(self) -> Any:
        return self._repository_def

    def __repr__(self) -> str:
        return f"SensorEvaluationContext(sensor_name={self.sensor_name!r}, cursor={self._cursor!r})"


def _one_definitions(repository_def: Any, definitions: Any) -> Any:
    if repository_def is not None and definitions is not None and repository_def is not definitions:
        raise InvalidInvocationError(
            "Pass one of repository_def= and definitions= (they mean the same thing here)"
        )
    return repository_def if repository_def is not None else definitions


@strict_keywords
def build_schedule_context(
    instance: Any = None,
    scheduled_execution_time: _dt.datetime | None = None,
    resources: Mapping[str, Any] | None = None,
    repository_def: Any = None,
    instance_ref: Any = None,
    definitions: Any = None,
) -> ScheduleEvaluationContext:
    """A context for evaluating or invoking a schedule, e.g. in a test.

    ``repository_def`` (or its alias ``definitions``) is only needed by schedules whose job is an
    asset job without a ``partitions_def``; ``instance_ref`` is accepted for compatibility.
    """
    return ScheduleEvaluationContext(
        instance if instance is not None else instance_ref,
        scheduled_execution_time,
        resources,
        _one_definitions(repository_def, definitions),
    )


@strict_keywords
def build_sensor_context(
    instance: Any = None,
    cursor: str | None = None,
    repository_name: str | None = None,
    repository_def: Any = None,
    sensor_name: str | None = None,
    resources: Mapping[str, Any] | None = None,
    definitions: Any = None,
    instance_ref: Any = None,
    last_sensor_start_time: float | None = None,
) -> SensorEvaluationContext:
    """A context for evaluating or invoking a sensor; any instance works (no ``instance_ref``)."""
    return SensorEvaluationContext(
        instance if instance is not None else instance_ref,
        cursor,
        resources,
        _one_definitions(repository_def, definitions),
        sensor_name,
        last_sensor_start_time=last_sensor_start_time,
    )
