"""Hypothesis strategies: valid draws, shrinking toward the first key, DST weight, speed."""

from __future__ import annotations

import datetime as dt

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings, strategies as st
from hypothesis.errors import InvalidArgument
from pytest_partwise.strategies import (
    multi_partition_keys,
    partition_key_ranges,
    partition_keys,
    partition_subsets,
    partitions_definitions,
    time_windows,
)

import partwise as pw

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
LA_HOURLY = pw.HourlyPartitionsDefinition(
    start_date=dt.datetime(2015, 1, 1),
    end_date=dt.datetime(2026, 5, 29, 17),
    timezone="America/Los_Angeles",
    fmt="%Y-%m-%d-%H:%M%z",
)
DAILY = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-03-01")
COLORS = pw.StaticPartitionsDefinition(["red", "green", "blue"])
MULTI = pw.MultiPartitionsDefinition({"color": COLORS, "date": DAILY})


def test_the_hourly_definition_has_100k_keys() -> None:
    """The speed tests below draw from about 100,000 keys."""
    assert LA_HOURLY.get_num_partitions(current_time=NOW) == 100_000


@given(partition_keys(LA_HOURLY, current_time=NOW))
def test_keys_exist(key: str) -> None:
    """Every drawn key exists at the given time."""
    assert LA_HOURLY.has_partition_key(key, current_time=NOW)


def test_keys_shrink_to_the_first_key() -> None:
    """The minimal example is the definition's first key."""
    assert find(partition_keys(DAILY, current_time=NOW), lambda k: True) == "2024-01-01"


def _is_repeated_hour(key: str) -> bool:
    return key.endswith("01:00-0800") and "-11-0" in key


def test_dst_windows_are_found_in_every_seeded_run() -> None:
    """A bug only in the 11 repeated fall-back hours (of 100k keys) is hit in 20 of 20 seeds."""
    hits = 0
    for seed in range(20):

        @hypothesis.seed(seed)
        @settings(database=None, max_examples=200, phases=[Phase.generate], deadline=None)
        @given(partition_keys(LA_HOURLY, current_time=NOW))
        def prop(key: str) -> None:
            assert not _is_repeated_hour(key)

        try:
            prop()
        except AssertionError:
            hits += 1
    assert hits == 20


def test_dst_failures_shrink_to_a_transition_key() -> None:
    """The shrunk counterexample is a repeated fall-back hour."""
    found = find(partition_keys(LA_HOURLY, current_time=NOW), _is_repeated_hour)
    assert _is_repeated_hour(found)


def test_thousand_draws_from_100k_keys() -> None:
    """1,000 draws from 100k keys are all valid keys (speed: benchmarks/bench_plugin.py)."""
    drawn: list[str] = []

    @settings(max_examples=1000, database=None, phases=[Phase.generate], deadline=None)
    @given(partition_keys(LA_HOURLY, current_time=NOW))
    def draw(key: str) -> None:
        drawn.append(key)

    draw()
    assert len(drawn) == 1000
    assert all(LA_HOURLY.has_partition_key(key, current_time=NOW) for key in set(drawn))


@given(partition_key_ranges(DAILY, max_length=5, current_time=NOW))
def test_ranges_are_ordered_and_bounded(key_range: pw.PartitionKeyRange) -> None:
    """Ranges run forward and hold at most ``max_length`` keys."""
    keys = DAILY.get_partition_keys_in_range(key_range)
    assert 1 <= len(keys) <= 5
    assert keys[0] == key_range.start and keys[-1] == key_range.end


@given(partition_key_ranges(MULTI, max_length=2, current_time=NOW))
def test_multi_ranges_are_per_dimension(key_range: pw.PartitionKeyRange) -> None:
    """Multi ranges pair per-dimension ranges, so their product is never empty."""
    assert 1 <= len(MULTI.get_partition_keys_in_range(key_range)) <= 4


@given(partition_subsets(DAILY, min_size=1, max_size=4, current_time=NOW))
def test_subsets_hold_existing_keys(subset: pw.PartitionsSubset) -> None:
    """Subsets belong to the definition and hold 1 to 4 keys."""
    assert subset.partitions_def == DAILY
    assert 1 <= len(subset) <= 4


@given(time_windows(LA_HOURLY, max_partitions=3, current_time=NOW))
def test_time_windows_span_whole_partitions(window: pw.TimeWindow) -> None:
    """Windows start and end on partition edges, one to three hours apart in real time."""
    hours = (window.end.timestamp() - window.start.timestamp()) / 3600
    assert hours in (1, 2, 3)


@given(multi_partition_keys(MULTI, dimensions={"color": "blue"}, current_time=NOW))
def test_multi_keys_can_fix_a_dimension(key: pw.MultiPartitionKey) -> None:
    """A fixed dimension keeps its value; keys are ``MultiPartitionKey``."""
    assert key.keys_by_dimension["color"] == "blue"
    assert MULTI.has_partition_key(key, current_time=NOW)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(partitions_definitions())
def test_generated_definitions_are_valid_and_fixed_in_time(defn: pw.PartitionsDefinition) -> None:
    """Every generated definition has 1 to 48 keys, the same at any time after 2021."""
    keys = defn.get_partition_keys(current_time=NOW)
    assert 1 <= len(keys) <= 48
    assert list(defn.get_partition_keys(current_time=NOW + dt.timedelta(days=999))) == list(keys)


@given(st.data())
def test_keys_of_generated_definitions(data: st.DataObject) -> None:
    """Strategies compose: keys drawn from a drawn definition exist."""
    defn = data.draw(
        partitions_definitions(["hourly", "static", "multi", "cron"], max_partitions=5)
    )
    key = data.draw(partition_keys(defn, current_time=NOW))
    assert defn.has_partition_key(key, current_time=NOW)


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (
            partition_keys(pw.DailyPartitionsDefinition(start_date="2090-01-01"), current_time=NOW),
            "no partitions",
        ),
        (partition_keys(pw.DynamicPartitionsDefinition(name="x")), "dynamic_partitions_store"),
        (time_windows(COLORS), "needs time-window partitions"),
        (multi_partition_keys(MULTI, dimensions={"colour": "red"}), "unknown dimensions"),
        (partitions_definitions(["yearly"]), "expected kinds from"),
    ],
)
def test_argument_errors_surface_at_draw_time(
    strategy: st.SearchStrategy[object], message: str
) -> None:
    """Building a strategy never raises; drawing from a bad one raises InvalidArgument."""
    with pytest.raises(InvalidArgument, match=message):
        find(strategy, lambda x: True)


def test_dynamic_keys_come_from_the_store() -> None:
    """With a store, dynamic definitions draw its keys."""
    instance = pw.Instance.ephemeral()
    instance.add_dynamic_partitions("files", ["a", "b"])
    dyn = pw.DynamicPartitionsDefinition(name="files")
    assert find(partition_keys(dyn, dynamic_partitions_store=instance), lambda k: k == "b") == "b"
