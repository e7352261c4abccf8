"""Keys, windows and ranges: strict membership, lenient parsing, lookups by time."""

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    PartitionKeyRange,
    TimeWindow,
    partition_loading_context,
)

UTC = dt.timezone.utc
daily = DailyPartitionsDefinition(start_date="2024-01-01")

with partition_loading_context(effective_dt=dt.datetime(2024, 2, 1, tzinfo=UTC)):
    # Membership is strict: the exact key of an existing window.
    assert daily.has_partition_key("2024-01-03")
    assert not daily.has_partition_key("2024-1-3")  # not the canonical spelling
    assert not daily.has_partition_key("2024-02-01")  # not elapsed yet

    # Ranges are inclusive at both ends.
    assert daily.get_partition_keys_in_range(PartitionKeyRange("2024-01-03", "2024-01-05")) == [
        "2024-01-03",
        "2024-01-04",
        "2024-01-05",
    ]
    assert daily.get_next_partition_key("2024-01-31") is None  # the last existing key

# A key names a window; parsing is lenient and has no bounds check.
window = daily.time_window_for_partition_key("2024-01-03")
assert window == TimeWindow(
    dt.datetime(2024, 1, 3, tzinfo=UTC), dt.datetime(2024, 1, 4, tzinfo=UTC)
)
assert daily.time_window_for_partition_key("2024-1-3") == window
assert daily.time_window_for_partition_key("1999-12-31").start.year == 1999

# A date inside a window names the *next* window (the first one starting at or after it).
monthly = MonthlyPartitionsDefinition(start_date="2024-01-01")
assert monthly.time_window_for_partition_key("2024-02-15").start.month == 3

# From time to keys.
noon = dt.datetime(2024, 1, 3, 12, tzinfo=UTC)
assert daily.get_partition_key_for_timestamp(noon.timestamp()) == "2024-01-03"
span = TimeWindow(noon, dt.datetime(2024, 1, 6, tzinfo=UTC))
assert daily.get_partition_keys_in_time_window(span) == ["2024-01-04", "2024-01-05"]  # by start
assert daily.get_partition_key_range_for_time_window(span) == ("2024-01-03", "2024-01-05")
