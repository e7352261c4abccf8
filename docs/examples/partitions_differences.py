"""Where partwise deliberately differs from the reference implementation."""

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    DefaultPartitionsSubset,
    HourlyPartitionsDefinition,
    InvalidDefinitionError,
    MonthlyPartitionsDefinition,
    StaticPartitionsDefinition,
    UnknownTimezoneError,
    deserialize_value,
    serialize_value,
)

now = dt.datetime(2024, 1, 1)

# (a) has_partition_key is True only for keys that get_partition_keys lists.
central = HourlyPartitionsDefinition(start_date="2023-03-12-00:00", timezone="US/Central")
assert not central.has_partition_key("2023-03-12-02:00", current_time=now)  # this hour never was
kolkata = HourlyPartitionsDefinition(start_date="2023-01-01-00:00", timezone="Asia/Kolkata")
assert not kolkata.has_partition_key("2023-01-02-00:30", current_time=now)  # keys are on the hour

# (b) A format too coarse for the cadence builds, but listing its keys fails instead of repeating them.
coarse = HourlyPartitionsDefinition(start_date="2024-01-01", fmt="%Y-%m-%d")
try:
    coarse.get_partition_keys(current_time=dt.datetime(2024, 1, 2))
except InvalidDefinitionError as error:
    assert "too coarse" in str(error)
else:
    raise AssertionError("expected an error")

# (c) Hourly partitions in a zone with a half-hour DST shift stay on the cron's minutes.
lord_howe = HourlyPartitionsDefinition(
    start_date="2023-04-01-00:00", timezone="Australia/Lord_Howe", minute_offset=45
)
keys = lord_howe.get_partition_keys(current_time=dt.datetime(2023, 4, 2, 4))
assert keys[-3:] == ["2023-04-02-01:45", "2023-04-02-01:45+1030", "2023-04-02-02:45"]

# (d) The count and the first/last keys agree with the key list, even when end_date falls
# inside the first window (the reference lists one key there but counts 0).
month_ends = MonthlyPartitionsDefinition(
    start_date="2024-01-01", end_date="2024-03-15", day_offset=31
)
later = dt.datetime(2025, 1, 1)
assert month_ends.get_partition_keys(current_time=later) == ["2024-01-31"]
assert month_ends.get_num_partitions(current_time=later) == 1

# (e) An unknown zone raises partwise's UnknownTimezoneError (a KeyError, like ZoneInfoNotFoundError).
try:
    DailyPartitionsDefinition(start_date="2024-01-01", timezone="Mars/Olympus_Mons")
except KeyError as error:
    assert isinstance(error, UnknownTimezoneError) and isinstance(error, InvalidDefinitionError)
else:
    raise AssertionError("expected an error")

# (f) A timestamp in a month that a day-31 cadence skips falls in the window that spans it.
feb = dt.datetime(2024, 2, 15, tzinfo=dt.timezone.utc).timestamp()
assert month_ends.get_partition_key_for_timestamp(feb) == "2024-01-31"

# (g) Subsets of two different definitions do not combine; keys alone combine with anything.
days = DailyPartitionsDefinition(start_date="2024-01-01")
try:
    _ = days.subset_with_partition_keys(["2024-01-02"]) | month_ends.empty_subset()
except TypeError as error:  # partwise.InvalidInvocationError
    assert "different partitions definitions" in str(error)
else:
    raise AssertionError("expected an error")
abc = StaticPartitionsDefinition(["a", "b", "c"])
assert abc.subset_with_partition_keys(["a", "b"]) - DefaultPartitionsSubset({"b"}) == (
    DefaultPartitionsSubset({"a"})
)

# (h) A key subset's keys equal a set, and iterate in definition order (not hash order).
keys = abc.subset_with_partition_keys(["c", "a"]).get_partition_keys()
assert keys == {"a", "c"} and list(keys) == ["a", "c"]

# (i) get_partition_keys_between_indexes is a slice of get_partition_keys, end_date included.
bounded = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-04")
assert bounded.get_partition_keys_between_indexes(1, 10, current_time=later) == [
    "2024-01-02",
    "2024-01-03",
]

# (j) serialize_value writes a subset of a DailyPartitionsDefinition (as its time-window form).
done = days.subset_with_partition_keys(["2024-01-02"])
assert deserialize_value(serialize_value(done)) == done

# (o) Definitions and mappings are immutable: assigning an attribute raises.
try:
    days.timezone = "Europe/Paris"  # type: ignore[misc]
except AttributeError as error:  # partwise.ImmutableDefinitionError
    assert "immutable" in str(error)
else:
    raise AssertionError("expected an error")
