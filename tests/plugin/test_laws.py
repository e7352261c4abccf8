"""``assert_partition_mapping_laws``: built-in mappings pass, broken ones get a counterexample."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_partwise import assert_partition_mapping_laws

import partwise as pw
from partwise._partitions.mappings.base import UpstreamPartitionsResult

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
DAILY = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-03-01")
LATER = pw.DailyPartitionsDefinition(start_date="2024-01-10", end_date="2024-03-01")
HOURLY = pw.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", end_date="2024-03-01-00:00")
STATIC = pw.StaticPartitionsDefinition(["a", "b", "c"])
XY = pw.StaticPartitionsDefinition(["x", "y"])
MULTI = pw.MultiPartitionsDefinition({"letter": STATIC, "date": DAILY})


@pytest.mark.parametrize(
    ("mapping", "upstream", "downstream"),
    [
        (pw.IdentityPartitionMapping(), DAILY, DAILY),
        (pw.TimeWindowPartitionMapping(), HOURLY, DAILY),
        (pw.TimeWindowPartitionMapping(), DAILY, HOURLY),
        (pw.TimeWindowPartitionMapping(start_offset=-1), DAILY, DAILY),
        (pw.TimeWindowPartitionMapping(), LATER, DAILY),
        (pw.AllPartitionMapping(), DAILY, STATIC),
        (pw.LastPartitionMapping(), DAILY, STATIC),
        (pw.StaticPartitionMapping({"a": "x", "b": ["x", "y"]}), STATIC, XY),
        (pw.SpecificPartitionsPartitionMapping(["a"]), STATIC, DAILY),
        (pw.MultiToSingleDimensionPartitionMapping(), DAILY, MULTI),
        (pw.MultiToSingleDimensionPartitionMapping(), MULTI, DAILY),
    ],
    ids=repr,
)
def test_built_in_mappings_obey_the_laws(
    mapping: pw.PartitionMapping,
    upstream: pw.PartitionsDefinition,
    downstream: pw.PartitionsDefinition,
) -> None:
    """Every built-in mapping passes all laws."""
    assert_partition_mapping_laws(mapping, upstream, downstream, max_examples=40, current_time=NOW)


def test_invalid_mapping_for_the_definitions_fails() -> None:
    """A mapping that cannot relate the two definitions fails with the reason."""
    with pytest.raises(AssertionError, match="is not valid from upstream"):
        assert_partition_mapping_laws(
            pw.IdentityPartitionMapping(), DAILY, STATIC, current_time=NOW
        )


class NextDay(pw.IdentityPartitionMapping):
    """Reads the next day but claims each upstream day maps back to itself (a broken inverse)."""

    def _upstream(self, subset, down, up):  # type: ignore[no-untyped-def]
        keys = [up.get_next_partition_key(k) for k in subset.get_partition_keys()]
        return UpstreamPartitionsResult(
            up.subset_with_partition_keys([k for k in keys if k]), up.empty_subset()
        )


def test_broken_round_trip_has_a_minimal_counterexample() -> None:
    """The failure names the first downstream key and what it maps to."""
    with pytest.raises(AssertionError) as info:
        assert_partition_mapping_laws(NextDay(), DAILY, DAILY, current_time=NOW)
    assert "downstream key '2024-01-01' reads upstream ['2024-01-02']" in str(info.value)


class Ghost(pw.IdentityPartitionMapping):
    """Claims an upstream key that does not exist."""

    def _upstream(self, subset, down, up):  # type: ignore[no-untyped-def]
        return UpstreamPartitionsResult(
            pw.StaticPartitionsDefinition(["zzz"]).subset_with_partition_keys(["zzz"]),
            up.empty_subset(),
        )


def test_nonexistent_upstream_keys_are_caught() -> None:
    """Returning a key the upstream lacks breaks the existence law."""
    with pytest.raises(
        AssertionError, match=r"returned upstream keys that do not exist: \['zzz'\]"
    ):
        assert_partition_mapping_laws(Ghost(), STATIC, STATIC, current_time=NOW)


class Raising(pw.IdentityPartitionMapping):
    """Raises for one key."""

    def _upstream(self, subset, down, up):  # type: ignore[no-untyped-def]
        if "b" in subset.get_partition_keys():
            raise ValueError("cannot map b")
        return super()._upstream(subset, down, up)


def test_a_mapping_that_raises_is_reported_with_the_keys() -> None:
    """An exception becomes an AssertionError naming the smallest failing keys."""
    with pytest.raises(AssertionError, match=r"raised ValueError mapping downstream keys \['b'\]"):
        assert_partition_mapping_laws(Raising(), STATIC, STATIC, current_time=NOW)
