"""Subsets: sets of keys of one definition, with key ranges and set algebra."""

import datetime as dt

from partwise import DailyPartitionsDefinition, PartitionKeyRange, StaticPartitionsDefinition

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

# Subsets of static, dynamic and multi definitions hold a set of keys; their keys equal a set.
colours = StaticPartitionsDefinition(["red", "green", "blue"])
picked = colours.empty_subset().with_partition_keys(["blue", "red"])
assert picked.get_partition_keys() == {"red", "blue"}
assert picked.get_partition_keys_not_in_subset(colours) == ["green"]

# serialize() writes the reference's text, and deserialize_subset reads it (and older forms) back.
assert picked.serialize() == '{"version": 1, "subset": ["blue", "red"]}'
text = done.serialize()
assert text == (
    '{"version": 1, "time_windows": [[1704153600.0, 1704326400.0], [1704412800.0, 1704499200.0]], '
    '"num_partitions": 3}'
)
assert daily.deserialize_subset(text) == done
assert daily.deserialize_subset("[[1704153600.0, 1704326400.0]]").get_partition_keys() == [
    "2024-01-02",
    "2024-01-03",
]
