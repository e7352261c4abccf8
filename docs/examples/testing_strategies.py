"""Draw partition keys with Hypothesis, outside pytest: ``python testing_strategies.py``.

``find`` returns the smallest example satisfying a condition: strategies shrink toward the first
key, and one draw in four lands next to a daylight-saving transition.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import find
from pytest_partwise.strategies import partition_key_ranges, partition_keys

import partwise as pw

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
hourly = pw.HourlyPartitionsDefinition(
    start_date=dt.datetime(2014, 1, 1),
    end_date=dt.datetime(2025, 1, 1),
    timezone="America/Los_Angeles",
    fmt="%Y-%m-%d-%H:%M%z",
)
print(f"{hourly.get_num_partitions(current_time=NOW):,} hourly keys")

first = find(partition_keys(hourly, current_time=NOW), lambda key: True)
assert first == "2014-01-01-00:00-0800", first

# The second 01:00 of a fall-back day: 11 keys among ~96k, found thanks to the DST weighting.
repeated = find(
    partition_keys(hourly, current_time=NOW), lambda k: k.endswith("01:00-0800") and "-11-0" in k
)
assert repeated.endswith("01:00-0800"), repeated
print("a repeated fall-back hour:", repeated)

week = find(
    partition_key_ranges(hourly, max_length=200, current_time=NOW),
    lambda r: len(hourly.get_partition_keys_in_range(r)) >= 168,
)
assert len(hourly.get_partition_keys_in_range(week)) == 168
print("the smallest range of a week of hours:", week)
