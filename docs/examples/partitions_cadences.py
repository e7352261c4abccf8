"""The four cadences, their key formats and offsets; the first partition; an exclusive end."""

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)

now = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)  # pin "now" so the example never drifts

hourly = HourlyPartitionsDefinition(start_date="2024-02-29-21:00")
daily = DailyPartitionsDefinition(start_date="2024-02-27")
weekly = WeeklyPartitionsDefinition(start_date="2024-02-01")  # weeks start on Sunday
monthly = MonthlyPartitionsDefinition(start_date="2023-11-01")

assert hourly.get_partition_keys(current_time=now) == [
    "2024-02-29-21:00",
    "2024-02-29-22:00",
    "2024-02-29-23:00",
]
assert daily.get_partition_keys(current_time=now) == ["2024-02-27", "2024-02-28", "2024-02-29"]
assert weekly.get_partition_keys(current_time=now) == ["2024-02-04", "2024-02-11", "2024-02-18"]
assert monthly.get_partition_keys(current_time=now) == [
    "2023-11-01",
    "2023-12-01",
    "2024-01-01",
    "2024-02-01",  # its window ends exactly "now", so it has elapsed
]

# Offsets move the window boundaries; the key is still the window's start.
shifted = DailyPartitionsDefinition(start_date="2024-02-27", hour_offset=6, minute_offset=30)
assert shifted.cron_schedule == "30 6 * * *"
window = shifted.time_window_for_partition_key("2024-02-27")
assert (window.start.hour, window.start.minute) == (6, 30)
assert window.end - window.start == dt.timedelta(days=1)

# Weekly day_offset counts from Sunday (0 or 7) to Saturday (6); monthly day_offset is 1-31.
mondays = WeeklyPartitionsDefinition(start_date="2024-02-01", day_offset=1)
assert mondays.get_first_partition_key(current_time=now) == "2024-02-05"
month_ends = MonthlyPartitionsDefinition(start_date="2024-01-01", day_offset=31)
assert month_ends.get_partition_keys(current_time=dt.datetime(2024, 8, 1)) == [
    "2024-01-31",
    "2024-03-31",
    "2024-05-31",
]  # months without a 31st are skipped: the January window runs to March 31

# The first partition is the first window starting at or after start_date ...
late_start = DailyPartitionsDefinition(start_date=dt.datetime(2024, 2, 27, 5, 30))
assert late_start.get_first_partition_key(current_time=now) == "2024-02-28"
# ... and end_date is exclusive: a window that straddles it is left out.
bounded = DailyPartitionsDefinition(start_date="2024-02-27", end_date=dt.datetime(2024, 2, 29, 12))
assert bounded.get_partition_keys() == ["2024-02-27", "2024-02-28"]
