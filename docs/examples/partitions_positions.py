"""The positions protocol: any partitions definition's keys by position, and their time window."""

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
    TimeWindow,
)

now = dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc)

# A key space: the keys that exist at one instant, by position, without listing them.
hourly = HourlyPartitionsDefinition(start_date="2000-01-01-00:00")
space = hourly.key_space(current_time=now)
assert space.size == hourly.get_num_partitions(current_time=now)
assert space.key_at(space.size - 1) == "2024-01-02-23:00"
assert space.index_of("2000-01-01-01:00") == 1

# The time window of a set of keys, also through a multi definition's one time dimension.
days = DailyPartitionsDefinition(start_date="2024-01-01")
by_day = MultiPartitionsDefinition({"day": days, "color": StaticPartitionsDefinition(["red"])})
window = by_day.time_window_for_partition_keys(["red|2024-01-02", "red|2024-01-01"])
assert window == TimeWindow(
    dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc)
)
assert StaticPartitionsDefinition(["a"]).time_window_for_partition_keys(["a"]) is None
