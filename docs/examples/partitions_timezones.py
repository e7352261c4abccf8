"""Time zones and daylight-saving time: skipped and repeated hours, 23- and 25-hour days."""

import datetime as dt

from partwise import DailyPartitionsDefinition, HourlyPartitionsDefinition, TimeWindow

hourly = HourlyPartitionsDefinition(start_date="2023-01-01-00:00", timezone="US/Central")
chicago = hourly.start.tzinfo


def keys_on(day: dt.date) -> list[str]:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=chicago)
    return hourly.get_partition_keys_in_time_window(TimeWindow(start, start + dt.timedelta(days=1)))


# Spring forward: 02:00 does not exist, the day has 23 hourly partitions.
spring = keys_on(dt.date(2023, 3, 12))
assert spring[:4] == [
    "2023-03-12-00:00",
    "2023-03-12-01:00",
    "2023-03-12-03:00",
    "2023-03-12-04:00",
]
assert len(spring) == 23

# Fall back: 01:00 happens twice; the second one's key carries its UTC offset.
fall = keys_on(dt.date(2023, 11, 5))
assert fall[:4] == [
    "2023-11-05-00:00",
    "2023-11-05-01:00",
    "2023-11-05-01:00-0600",
    "2023-11-05-02:00",
]
assert len(fall) == 25
first = hourly.time_window_for_partition_key("2023-11-05-01:00")
second = hourly.time_window_for_partition_key("2023-11-05-01:00-0600")
assert first.start.utcoffset() == dt.timedelta(hours=-5)  # CDT
assert second.start.utcoffset() == dt.timedelta(hours=-6)  # CST
assert first.end.astimezone(dt.timezone.utc) == second.start.astimezone(dt.timezone.utc)

# Daily windows follow the wall clock: 23 and 25 real hours on transition days.
daily = DailyPartitionsDefinition(start_date="2023-01-01", timezone="US/Central")
for key, hours in (("2023-03-12", 23), ("2023-11-05", 25)):
    window = daily.time_window_for_partition_key(key)
    length = window.end.astimezone(dt.timezone.utc) - window.start.astimezone(dt.timezone.utc)
    assert length == dt.timedelta(hours=hours)
    assert len(hourly.get_partition_keys_in_time_window(window)) == hours

# A daily boundary at a skipped time moves to the end of the gap (03:00 here).
two_am = DailyPartitionsDefinition(start_date="2023-03-01", timezone="US/Central", hour_offset=2)
assert two_am.time_window_for_partition_key("2023-03-12").start.hour == 3

# Put %z in the format to give every key its offset.
with_offsets = HourlyPartitionsDefinition(
    start_date=dt.datetime(2023, 11, 5), timezone="US/Central", fmt="%Y-%m-%d-%H:%M%z"
)
assert with_offsets.get_partition_keys(current_time=dt.datetime(2023, 11, 5, 3))[:3] == [
    "2023-11-05-00:00-0500",
    "2023-11-05-01:00-0500",
    "2023-11-05-01:00-0600",
]
