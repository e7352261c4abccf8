"""Subsets: sets of keys of one definition, with key ranges and set algebra."""

import datetime as dt

from partwise import DailyPartitionsDefinition, PartitionKeyRange

daily = DailyPartitionsDefinition(start_date="2024-01-01")

done = daily.subset_with_partition_keys(["2024-01-05", "2024-01-02", "2024-01-03"])
assert list(done) == ["2024-01-02", "2024-01-03", "2024-01-05"]  # chronological
assert done.get_partition_key_ranges() == [
    PartitionKeyRange("2024-01-02", "2024-01-03"),
    PartitionKeyRange("2024-01-05", "2024-01-05"),
]

everything = daily.subset_with_all_partitions(current_time=dt.datetime(2024, 1, 8))
todo = everything - done
assert list(todo) == ["2024-01-01", "2024-01-04", "2024-01-06", "2024-01-07"]
assert len(todo | done) == 7 and "2024-01-04" in todo

# Subsets carry their definition: mixing two definitions is an error, not a silent guess.
other = DailyPartitionsDefinition(start_date="2023-01-01")
try:
    _ = done | other.subset_with_partition_keys(["2024-01-02"])
except TypeError as error:  # partwise.InvalidInvocationError is a TypeError
    assert "different partitions definitions" in str(error)
else:
    raise AssertionError("expected an error")
