"""Which partitions exist "now": elapsed windows only, end_offset, and the loading context."""

import datetime as dt

from partwise import DailyPartitionsDefinition, partition_loading_context

UTC = dt.timezone.utc
daily = DailyPartitionsDefinition(start_date="2024-01-01")

# Only windows that have fully elapsed exist; a window ending exactly now counts.
assert daily.get_partition_keys(current_time=dt.datetime(2024, 1, 4, tzinfo=UTC)) == [
    "2024-01-01",
    "2024-01-02",
    "2024-01-03",
]
assert daily.get_partition_keys(current_time=dt.datetime(2024, 1, 3, 23, 59, tzinfo=UTC)) == [
    "2024-01-01",
    "2024-01-02",
]

# end_offset=1 adds the window in progress; -1 holds back the most recent one.
today_too = DailyPartitionsDefinition(start_date="2024-01-01", end_offset=1)
held_back = DailyPartitionsDefinition(start_date="2024-01-01", end_offset=-1)
noon = dt.datetime(2024, 1, 4, 12, tzinfo=UTC)
assert today_too.get_last_partition_key(current_time=noon) == "2024-01-04"
assert held_back.get_last_partition_key(current_time=noon) == "2024-01-02"

# Methods without a current_time argument read the loading context (or the clock).
with partition_loading_context(effective_dt=noon):
    assert daily.get_num_partitions() == 3
    assert daily.has_partition_key("2024-01-03")
    assert not daily.has_partition_key("2024-01-04")

# A naive time is wall-clock time in the definition's zone; an aware one is converted.
central = DailyPartitionsDefinition(start_date="2024-01-01", timezone="US/Central")
assert central.get_last_partition_key(current_time=dt.datetime(2024, 1, 3)) == "2024-01-02"
assert central.get_last_partition_key(current_time=dt.datetime(2024, 1, 3, tzinfo=UTC)) == (
    "2024-01-01"  # 00:00 UTC is still Jan 2 in Chicago
)
