"""A short tour of partitions: keys, windows and mapped upstream keys of a few definitions.

Run it with ``python examples/partitions_tour.py``; "now" is pinned, so the output never changes.
"""

from __future__ import annotations

import datetime as dt

from partwise import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    PartitionsDefinition,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
)

NOW = dt.datetime(2023, 11, 7, tzinfo=dt.timezone.utc)

hourly = HourlyPartitionsDefinition(start_date="2023-11-04-00:00", timezone="US/Central")
daily = DailyPartitionsDefinition(start_date="2023-11-01", hour_offset=6, timezone="US/Central")
weekly = WeeklyPartitionsDefinition(start_date="2023-10-01", day_offset=1, timezone="US/Central")
monthly = MonthlyPartitionsDefinition(start_date="2023-06-01", timezone="US/Central")


def show(title: str, defn: TimeWindowPartitionsDefinition, first: int = 0, count: int = 5) -> None:
    """Print a definition, how many keys it has now, and a few keys with their windows."""
    keys = defn.get_partition_keys(current_time=NOW)
    print(f"\n{title}: {defn} {len(keys)} partitions")
    for key in keys[first : first + count]:
        start, end = defn.time_window_for_partition_key(key)
        print(f"  {key:<24} {start.isoformat()}  ->  {end.isoformat()}")


def show_mapping(down: PartitionsDefinition, up: PartitionsDefinition, key: str) -> None:
    """Print the upstream keys the default mapping reads for one downstream key."""
    try:
        from partwise._partitions.mappings.infer import infer_partition_mapping
    except ImportError:
        print("  (partition mappings are not available yet)")
        return
    mapping = infer_partition_mapping(None, down, up)
    result = mapping.get_upstream_mapped_partitions_result_for_partitions(
        down.subset_with_partition_keys([key]), down, up, current_time=NOW
    )
    upstream = list(result.partitions_subset.get_partition_keys())
    missing = len(result.required_but_nonexistent_subset)
    print(f"  {type(mapping).__name__}: {key} reads {len(upstream)} upstream keys", end="")
    print(f", {upstream[0]} ... {upstream[-1]}; {missing} required keys do not exist")


show("Hourly in US/Central across the fall-back night", hourly, first=24, count=5)
show("Daily from 06:00 in US/Central (2023-11-04 has 25 hours)", daily, first=3, count=2)
show("Weekly from Monday", weekly, count=3)
show("Monthly", monthly, count=3)

print("\nMapped keys (the default mapping between time-window definitions in one zone):")
show_mapping(daily, hourly, "2023-11-04")
show_mapping(weekly, daily, "2023-10-30")
show_mapping(monthly, weekly, "2023-10-01")
