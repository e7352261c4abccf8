"""Static, multi-dimensional and dynamic partitions, briefly."""

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    Instance,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
)

regions = StaticPartitionsDefinition(["us", "eu", "apac"])
assert regions.get_partition_keys() == ["us", "eu", "apac"]

# Multi partitions: the cross product, dimension names sorted, keys joined with "|".
by_day_and_region = MultiPartitionsDefinition(
    {
        "date": DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-03"),
        "region": regions,
    }
)
keys = by_day_and_region.get_partition_keys()
assert len(keys) == 6
assert keys[0] == "2024-01-01|us"
key = MultiPartitionKey({"region": "eu", "date": "2024-01-02"})
assert key == "2024-01-02|eu" and key.keys_by_dimension == {"date": "2024-01-02", "region": "eu"}
assert by_day_and_region.has_partition_key(key)

# Dynamic partitions: keys live in an instance (any dynamic-partitions store).
instance = Instance.ephemeral()
customers = DynamicPartitionsDefinition(name="customers")
instance.add_dynamic_partitions("customers", ["acme", "globex"])
assert customers.get_partition_keys(dynamic_partitions_store=instance) == ["acme", "globex"]
assert customers.get_partition_keys(
    current_time=dt.datetime(2024, 1, 1), dynamic_partitions_store=instance
) == ["acme", "globex"]
