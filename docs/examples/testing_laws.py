"""Check partition-mapping laws from a plain script (or any test): ``python testing_laws.py``."""

from __future__ import annotations

import datetime as dt

from pytest_partwise import assert_partition_mapping_laws

import partwise as pw

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
hourly = pw.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", end_date="2024-02-01-00:00")
daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")

# A daily asset reading its 24 hours, and an hourly asset reading its day: both obey the laws.
assert_partition_mapping_laws(pw.TimeWindowPartitionMapping(), hourly, daily, current_time=NOW)
assert_partition_mapping_laws(pw.TimeWindowPartitionMapping(), daily, hourly, current_time=NOW)

# Identity between a daily and an hourly definition is not a valid mapping: the check says why.
try:
    assert_partition_mapping_laws(pw.IdentityPartitionMapping(), hourly, daily, current_time=NOW)
except AssertionError as error:
    print("rejected:", str(error).splitlines()[0][:100])
else:
    raise SystemExit("expected the identity mapping to be rejected")
print("laws hold")
