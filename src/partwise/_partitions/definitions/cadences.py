"""The four standard cadences: hourly, daily, weekly and monthly partitions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from partwise._partitions.definitions.time_window import (
    ScheduleType,
    TimeWindowPartitionsDefinition,
)

__all__ = [
    "DailyPartitionsDefinition",
    "HourlyPartitionsDefinition",
    "MonthlyPartitionsDefinition",
    "WeeklyPartitionsDefinition",
]

DEFAULT_HOURLY_FORMAT = "%Y-%m-%d-%H:%M"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

Bound = str | _dt.datetime
Exclusions = Sequence[str | _dt.datetime] | None


class HourlyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """One partition per hour, keyed like ``2022-01-01-05:00``."""

    def __init__(
        self,
        start_date: Bound,
        end_date: Bound | None = None,
        minute_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ) -> None:
        super().__init__(
            start_date,
            fmt or DEFAULT_HOURLY_FORMAT,
            end_date,
            ScheduleType.HOURLY,
            timezone,
            end_offset,
            minute_offset=minute_offset,
            exclusions=exclusions,
        )


class DailyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """One partition per day, keyed like ``2022-01-01``."""

    def __init__(
        self,
        start_date: Bound,
        end_date: Bound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ) -> None:
        super().__init__(
            start_date,
            fmt or DEFAULT_DATE_FORMAT,
            end_date,
            ScheduleType.DAILY,
            timezone,
            end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            exclusions=exclusions,
        )


class WeeklyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """One partition per week (Sunday by default), keyed by the window's first day."""

    def __init__(
        self,
        start_date: Bound,
        end_date: Bound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        day_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ) -> None:
        super().__init__(
            start_date,
            fmt or DEFAULT_DATE_FORMAT,
            end_date,
            ScheduleType.WEEKLY,
            timezone,
            end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            day_offset=day_offset,
            exclusions=exclusions,
        )


class MonthlyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """One partition per month (day 1 by default), keyed like ``2022-02-01``."""

    def __init__(
        self,
        start_date: Bound,
        end_date: Bound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        day_offset: int = 1,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ) -> None:
        super().__init__(
            start_date,
            fmt or DEFAULT_DATE_FORMAT,
            end_date,
            ScheduleType.MONTHLY,
            timezone,
            end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            day_offset=day_offset,
            exclusions=exclusions,
        )
