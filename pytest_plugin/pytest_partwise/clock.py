"""Frozen time and schedule ticks for tests (``partwise_clock``); freezegun lives only here.

partwise reads "now" through ``datetime.datetime.now`` at call time, so freezing time with
freezegun freezes the engine too. Naive datetimes given to :meth:`PartwiseClock.tick` and
:meth:`PartwiseClock.ticks` are wall times in the schedule's execution timezone.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

__all__ = ["FrozenTime", "PartwiseClock", "TickRow"]

_UTC = _dt.timezone.utc
Instant = _dt.datetime | _dt.date | str


@dataclass(frozen=True)
class TickRow:
    """One run a schedule requests: the tick's time, partition key, run config, run key, tags."""

    time: _dt.datetime
    partition_key: str | None
    run_config: Mapping[str, Any]
    run_key: str | None
    tags: Mapping[str, str] = field(default_factory=dict)


def _tz(name: str | None) -> _dt.tzinfo:
    from partwise._partitions.definitions.time_window import get_timezone

    return get_timezone(name or "UTC")


def to_aware(value: Instant, tz: _dt.tzinfo) -> _dt.datetime:
    """An aware datetime from a datetime, date or ISO string; naive values are in ``tz``."""
    if isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith("Z") else value
        value = _dt.datetime.fromisoformat(text)
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


class FrozenTime:
    """One freeze of the clock; leaving it (``with`` or :meth:`stop`) restores the previous time."""

    def __init__(self, clock: PartwiseClock, at: _dt.datetime) -> None:
        self._clock = clock
        self.at = at

    def stop(self) -> None:
        self._clock._release(self)

    def __enter__(self) -> FrozenTime:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class PartwiseClock:
    """Freeze time and evaluate schedules at chosen ticks.

    Freezes last until the block (``with clock.freeze(at):``) or the test ends, so one clock
    serves every test and every Hypothesis example.
    """

    def __init__(self, session_now: _dt.datetime) -> None:
        self.session_now = session_now
        self._stack: list[FrozenTime] = []
        self._freezer: Any = None
        self._factory: Any = None

    @property
    def frozen_at(self) -> _dt.datetime | None:
        """The frozen instant, or ``None`` when time runs."""
        return self._stack[-1].at if self._stack else None

    @property
    def now(self) -> _dt.datetime:
        """The frozen instant, else the session's ``--partitions-now``."""
        return self.frozen_at or self.session_now

    def freeze(self, at: Instant, *, timezone: str = "UTC") -> FrozenTime:
        """Stop the clock at ``at`` (naive: in ``timezone``) until the block or the test ends."""
        frozen = FrozenTime(self, to_aware(at, _tz(timezone)))
        if self._factory is None:
            import freezegun

            self._freezer = freezegun.freeze_time(frozen.at, tick=False, real_asyncio=True)
            self._factory = self._freezer.start()
        else:
            self._factory.move_to(frozen.at)
        self._stack.append(frozen)
        return frozen

    def _release(self, frozen: FrozenTime) -> None:
        if frozen not in self._stack:
            return
        del self._stack[self._stack.index(frozen) :]
        if self._stack:
            self._factory.move_to(self._stack[-1].at)
        else:
            self.unfreeze()

    def unfreeze(self) -> None:
        """Let time run again (called after every test)."""
        self._stack.clear()
        if self._freezer is not None:
            freezer, self._freezer, self._factory = self._freezer, None, None
            freezer.stop()

    def evaluate(
        self,
        schedule: Any,
        at: Instant | None = None,
        *,
        instance: Any = None,
        definitions: Any = None,
    ) -> Any:
        """The schedule's tick result at ``at`` (``run_requests`` and ``skip_message``)."""
        from partwise import Instance, build_schedule_context

        schedule = _resolved(schedule, definitions)
        when = to_aware(at, _tz(schedule.execution_timezone)) if at is not None else self.now
        context = build_schedule_context(
            instance=instance if instance is not None else Instance.ephemeral(),
            scheduled_execution_time=when,
            definitions=definitions,
        )
        with self.freeze(when):
            return schedule.evaluate_tick(context)

    def tick(
        self,
        schedule: Any,
        at: Instant | None = None,
        *,
        instance: Any = None,
        definitions: Any = None,
    ) -> list[Any]:
        """The run requests of the schedule's tick at ``at`` (default: the clock's ``now``)."""
        result = self.evaluate(schedule, at, instance=instance, definitions=definitions)
        return list(result.run_requests)

    def ticks(
        self,
        schedule: Any,
        *,
        start: Instant,
        end: Instant,
        definitions: Any = None,
        instance: Any = None,
    ) -> list[TickRow]:
        """One row per run the schedule requests at its ticks in ``[start, end)`` (a dry run)."""
        from partwise import schedule_ticks

        schedule = _resolved(schedule, definitions)
        tz = _tz(schedule.execution_timezone)
        scheduled = schedule_ticks(
            schedule,
            to_aware(start, tz),
            to_aware(end, tz),
            definitions=definitions,
            instance=instance,
        )
        return [row for one in scheduled for row in tick_rows(one)]


def _resolved(schedule: Any, definitions: Any) -> Any:
    """A schedule of an unresolved asset job, resolved against ``definitions``."""
    if hasattr(schedule, "execution_timezone"):
        return schedule
    if definitions is None:
        from partwise import InvalidInvocationError

        raise InvalidInvocationError(
            f"schedule {getattr(schedule, 'name', '?')!r} targets an asset job whose partitions "
            "come from its assets: pass definitions=defs to resolve it"
        )
    return definitions.resolve_schedule_def(schedule.name)


def tick_rows(scheduled: Any) -> list[TickRow]:
    """One row per run request of one dry-run tick (none when the tick skips)."""
    return [
        TickRow(
            time=scheduled.tick_time,
            partition_key=request.partition_key,
            run_config=dict(request.run_config or {}),
            run_key=request.run_key,
            tags=dict(request.tags or {}),
        )
        for request in scheduled.run_requests
    ]
