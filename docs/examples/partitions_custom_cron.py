"""Custom cadences with cron_schedule, and exclusions."""

import datetime as dt

from partwise import DailyPartitionsDefinition, TimeWindowPartitionsDefinition

now = dt.datetime(2024, 1, 13)

quarter_hours = TimeWindowPartitionsDefinition(
    start="2024-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule="*/15 * * * *"
)
assert quarter_hours.get_partition_keys(current_time=dt.datetime(2024, 1, 1, 1)) == [
    "2024-01-01-00:00",
    "2024-01-01-00:15",
    "2024-01-01-00:30",
    "2024-01-01-00:45",
]

# Weekdays only: Friday's window runs until Monday, so on Saturday it has not elapsed yet.
weekdays = TimeWindowPartitionsDefinition(
    start="2024-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * 1-5"
)
assert weekdays.get_partition_keys(current_time=now)[-3:] == [
    "2024-01-09",
    "2024-01-10",
    "2024-01-11",
]
friday = weekdays.time_window_for_partition_key("2024-01-05")
assert (friday.end - friday.start).days == 3

# Exclusions drop windows (cron ticks or exact datetimes); the others keep their own windows.
workdays = DailyPartitionsDefinition(
    start_date="2024-01-01",
    exclusions=["0 0 * * 6,0", dt.datetime(2024, 1, 1)],  # weekends and New Year's Day
)
assert workdays.get_partition_keys(current_time=now) == [
    "2024-01-02",
    "2024-01-03",
    "2024-01-04",
    "2024-01-05",
    "2024-01-08",
    "2024-01-09",
    "2024-01-10",
    "2024-01-11",
    "2024-01-12",
]
assert (workdays.time_window_for_partition_key("2024-01-05").end.day) == 6  # still one day long
assert workdays.get_next_partition_key("2024-01-05", current_time=now) == "2024-01-08"
