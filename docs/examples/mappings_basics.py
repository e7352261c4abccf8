"""Partition mappings: which upstream partitions each downstream partition reads."""

import datetime as dt

from partwise import (
    AllPartitionMapping,
    DailyPartitionsDefinition,
    DimensionPartitionMapping,
    HourlyPartitionsDefinition,
    IdentityPartitionMapping,
    LastPartitionMapping,
    MultiPartitionMapping,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    WeeklyPartitionsDefinition,
    infer_partition_mapping,
)

now = dt.datetime(2024, 6, 1)
hourly = HourlyPartitionsDefinition(start_date="2024-01-01-00:00")
daily = DailyPartitionsDefinition(start_date="2024-01-01")
weekly = WeeklyPartitionsDefinition(start_date="2024-01-01")


def upstream_keys(mapping, downstream_def, upstream_def, keys):
    result = mapping.get_upstream_mapped_partitions_result_for_partitions(
        downstream_def.subset_with_partition_keys(keys),
        downstream_def,
        upstream_def,
        current_time=now,
    )
    return list(result.partitions_subset.get_partition_keys())


# Time windows: a day reads the 24 hours inside it; a week reads its 7 days.
day_from_hours = upstream_keys(TimeWindowPartitionMapping(), daily, hourly, ["2024-03-05"])
assert day_from_hours[0] == "2024-03-05-00:00" and len(day_from_hours) == 24
assert (
    upstream_keys(TimeWindowPartitionMapping(), weekly, daily, ["2024-03-03"])[-1] == "2024-03-09"
)

# Offsets are in downstream partitions: start_offset=-1 also reads the previous day.
yesterday_too = TimeWindowPartitionMapping(start_offset=-1)
assert upstream_keys(yesterday_too, daily, daily, ["2024-03-05"]) == ["2024-03-04", "2024-03-05"]

# A self-dependency on the previous partition: the first partition reads nothing (no error).
previous = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
assert upstream_keys(previous, daily, daily, ["2024-01-01"]) == []

# The reverse direction: which downstream partitions an upstream partition feeds.
fed = TimeWindowPartitionMapping().get_downstream_partitions_for_partitions(
    hourly.subset_with_partition_keys(["2024-03-05-13:00"]), hourly, daily, current_time=now
)
assert list(fed.get_partition_keys()) == ["2024-03-05"]

# Keys that the upstream does not have are reported, not silently dropped.
later = DailyPartitionsDefinition(start_date="2024-03-01")
result = TimeWindowPartitionMapping().get_upstream_mapped_partitions_result_for_partitions(
    daily.subset_with_partition_keys(["2024-02-10"]), daily, later, current_time=now
)
assert result.required_but_nonexistent_partition_keys == ["2024-02-10"]

# Static keys: explicit mappings, identity, and fixed choices.
regions = StaticPartitionsDefinition(["eu-west", "eu-north", "us-east"])
continents = StaticPartitionsDefinition(["europe", "america"])
by_continent = StaticPartitionMapping(
    {"eu-west": "europe", "eu-north": "europe", "us-east": "america"}
)
assert sorted(upstream_keys(by_continent, continents, regions, ["europe"])) == [
    "eu-north",
    "eu-west",
]
assert upstream_keys(IdentityPartitionMapping(), regions, regions, ["us-east"]) == ["us-east"]
assert upstream_keys(
    SpecificPartitionsPartitionMapping(["eu-west"]), daily, regions, ["2024-03-05"]
) == ["eu-west"]
assert len(upstream_keys(AllPartitionMapping(), regions, daily, ["us-east"])) == 152
assert upstream_keys(LastPartitionMapping(), regions, daily, ["us-east"]) == ["2024-05-31"]

# Multi partitions: a daily asset over (date x region) reads every region of its day.
daily_by_region = MultiPartitionsDefinition({"date": daily, "region": regions})
read = upstream_keys(
    MultiToSingleDimensionPartitionMapping(), daily, daily_by_region, ["2024-03-05"]
)
assert sorted(read) == ["2024-03-05|eu-north", "2024-03-05|eu-west", "2024-03-05|us-east"]

# ... and a multi asset can shift one dimension while matching the other one to one.
lagged = MultiPartitionMapping(
    {
        "date": DimensionPartitionMapping(
            "date", TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
        ),
        "region": DimensionPartitionMapping("region", IdentityPartitionMapping()),
    }
)
assert upstream_keys(lagged, daily_by_region, daily_by_region, ["2024-03-05|us-east"]) == [
    "2024-03-04|us-east"
]

# Without an explicit mapping, a dependency uses the default for the two kinds of partitions.
assert infer_partition_mapping(None, daily, hourly) == TimeWindowPartitionMapping()
assert infer_partition_mapping(None, regions, regions) == IdentityPartitionMapping()
assert infer_partition_mapping(None, None, hourly) == AllPartitionMapping()
assert isinstance(
    infer_partition_mapping(None, daily, daily_by_region), MultiToSingleDimensionPartitionMapping
)
