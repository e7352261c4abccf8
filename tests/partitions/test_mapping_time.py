"""TimeWindowPartitionMapping: spec §3.3 forward and reverse tables, offsets, bounds and DST."""

from __future__ import annotations

import datetime as _dt

import pytest

from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.mappings.base import NonexistentPartitionsSubset, UpstreamPartitionsResult
from partwise._partitions.mappings.infer import infer_partition_mapping
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise._partitions.subsets.time_window import TimeWindowPartitionsSubset
from partwise.errors import CheckError, InvalidDefinitionError

NOW = _dt.datetime(2022, 6, 1)
DAILY = DailyPartitionsDefinition("2022-01-01")
HOURLY = HourlyPartitionsDefinition("2022-01-01-00:00")
WEEKLY = WeeklyPartitionsDefinition("2022-01-01")
MONTHLY = MonthlyPartitionsDefinition("2022-01-01")
LATER = DailyPartitionsDefinition("2022-03-01")
T = TimeWindowPartitionMapping


def upstream(
    mapping: TimeWindowPartitionMapping,
    down: TimeWindowPartitionsDefinition,
    up: TimeWindowPartitionsDefinition,
    keys: list[str],
    now: _dt.datetime = NOW,
) -> UpstreamPartitionsResult:
    subset = down.subset_with_partition_keys(keys)
    return mapping.get_upstream_mapped_partitions_result_for_partitions(
        subset, down, up, current_time=now
    )


def up_keys(*args: object, **kwargs: object) -> list[str]:
    result = upstream(*args, **kwargs)  # type: ignore[arg-type]
    return list(result.partitions_subset.get_partition_keys())


def down_keys(
    mapping: TimeWindowPartitionMapping,
    up: TimeWindowPartitionsDefinition,
    down: TimeWindowPartitionsDefinition,
    keys: list[str],
    now: _dt.datetime = NOW,
) -> list[str]:
    subset = up.subset_with_partition_keys(keys)
    mapped = mapping.get_downstream_partitions_for_partitions(subset, up, down, current_time=now)
    return list(mapped.get_partition_keys())


def hours_of(day: str) -> list[str]:
    return [f"{day}-{h:02d}:00" for h in range(24)]


# -- forward table (§3.3) ------------------------------------------------------------------------


def test_daily_over_hourly_reads_the_24_hours() -> None:
    """A day maps to its 24 hourly partitions."""
    assert up_keys(T(), DAILY, HOURLY, ["2022-04-12"]) == hours_of("2022-04-12")


def test_daily_over_hourly_with_start_offset_reads_48_hours() -> None:
    """start_offset=-1 (in days) adds the previous day's 24 hours."""
    assert up_keys(T(start_offset=-1), DAILY, HOURLY, ["2022-04-12"]) == (
        hours_of("2022-04-11") + hours_of("2022-04-12")
    )


def test_hourly_over_daily_reads_the_containing_day() -> None:
    """An hour maps to the day containing it."""
    assert up_keys(T(), HOURLY, DAILY, ["2022-04-12-05:00"]) == ["2022-04-12"]


def test_weekly_over_daily_reads_seven_days() -> None:
    """A Sunday-start week maps to its seven days."""
    expected = [f"2022-04-{d}" for d in range(10, 17)]
    assert up_keys(T(), WEEKLY, DAILY, ["2022-04-10"]) == expected


@pytest.mark.parametrize(
    ("down", "key", "up", "expected"),
    [
        (DAILY, "2022-04-12", WEEKLY, ["2022-04-10"]),
        (DAILY, "2022-04-12", MONTHLY, ["2022-04-01"]),
        (WEEKLY, "2022-04-24", MONTHLY, ["2022-04-01"]),
    ],
)
def test_finer_over_coarser_reads_the_containing_window(
    down: TimeWindowPartitionsDefinition,
    key: str,
    up: TimeWindowPartitionsDefinition,
    expected: list[str],
) -> None:
    """A window maps to the coarser upstream window that contains (or overlaps) it."""
    assert up_keys(T(), down, up, [key]) == expected


def test_monthly_over_daily_reads_the_30_days_of_april() -> None:
    """A month maps to each of its days."""
    assert up_keys(T(), MONTHLY, DAILY, ["2022-04-01"]) == [
        f"2022-04-{d:02d}" for d in range(1, 31)
    ]


def test_daily_over_daily_start_offset_reads_yesterday_too() -> None:
    """start_offset=-1 reads the previous and the same day."""
    assert up_keys(T(start_offset=-1), DAILY, DAILY, ["2022-04-12"]) == ["2022-04-11", "2022-04-12"]


def test_daily_over_daily_lag_reads_only_yesterday() -> None:
    """(-1, -1) reads just the previous day."""
    assert up_keys(T(-1, -1), DAILY, DAILY, ["2022-04-12"]) == ["2022-04-11"]


def test_lag_at_the_first_partition_is_empty_without_error() -> None:
    """Offsets before the upstream start are cut off: empty result, nothing nonexistent."""
    result = upstream(T(-1, -1), DAILY, DAILY, ["2022-01-01"])
    assert list(result.partitions_subset.get_partition_keys()) == []
    assert result.required_but_nonexistent_partition_keys == []


def test_end_offset_at_the_last_partition_stops_at_it() -> None:
    """end_offset=1 at the last existing key reads just that key."""
    result = upstream(T(0, 1), DAILY, DAILY, ["2022-05-31"])
    assert list(result.partitions_subset.get_partition_keys()) == ["2022-05-31"]
    assert result.required_but_nonexistent_partition_keys == []


def test_end_offset_reads_the_next_partition() -> None:
    """end_offset=1 reads the same and the next day."""
    assert up_keys(T(0, 1), DAILY, DAILY, ["2022-04-12"]) == ["2022-04-12", "2022-04-13"]


def test_key_before_a_later_upstream_start_is_required_but_nonexistent() -> None:
    """A downstream day before the upstream's start maps to nothing and is reported missing."""
    result = upstream(T(), DAILY, LATER, ["2022-02-01"])
    assert list(result.partitions_subset.get_partition_keys()) == []
    assert result.required_but_nonexistent_partition_keys == ["2022-02-01"]


def test_keys_straddling_a_later_upstream_start_split_into_found_and_missing() -> None:
    """Keys 02-27..03-02 over an upstream starting 03-01 split at the start."""
    keys = ["2022-02-27", "2022-02-28", "2022-03-01", "2022-03-02"]
    result = upstream(T(), DAILY, LATER, keys)
    assert list(result.partitions_subset.get_partition_keys()) == ["2022-03-01", "2022-03-02"]
    assert result.required_but_nonexistent_partition_keys == ["2022-02-27", "2022-02-28"]


def test_allow_nonexistent_drops_missing_keys_silently() -> None:
    """allow_nonexistent_upstream_partitions=True reports nothing missing."""
    result = upstream(T(allow_nonexistent_upstream_partitions=True), DAILY, LATER, ["2022-02-01"])
    assert list(result.partitions_subset.get_partition_keys()) == []
    assert result.required_but_nonexistent_partition_keys == []


def test_missing_keys_before_the_start_print_as_a_time_window_subset() -> None:
    """The missing keys read like a time-window subset in error messages."""
    result = upstream(T(), DAILY, LATER, ["2022-02-01"])
    assert isinstance(result.required_but_nonexistent_subset, NonexistentPartitionsSubset)
    assert repr(result.required_but_nonexistent_subset) == (
        "TimeWindowPartitionsSubset([PartitionKeyRange(start='2022-02-01', end='2022-02-01')])"
    )


def test_offsets_are_bounded_by_the_upstream_range() -> None:
    """With a lag, the shifted window is first bounded by the upstream's range (as the
    reference does), so a window entirely before the upstream maps to nothing at all."""
    result = upstream(T(-1, -1), DAILY, LATER, ["2022-02-01"])
    assert list(result.partitions_subset.get_partition_keys()) == []
    assert result.required_but_nonexistent_partition_keys == []


def test_offset_only_reaching_before_the_start_is_not_missing() -> None:
    """start_offset=-1 at the upstream's first day reads that day and reports nothing."""
    result = upstream(T(start_offset=-1), DAILY, LATER, ["2022-03-01"])
    assert list(result.partitions_subset.get_partition_keys()) == ["2022-03-01"]
    assert result.required_but_nonexistent_partition_keys == []


def test_key_after_an_upstream_end_date_is_missing() -> None:
    """An upstream that ends earlier reports the later windows as missing."""
    ended = DailyPartitionsDefinition("2022-01-01", end_date="2022-03-01")
    result = upstream(T(), DAILY, ended, ["2022-02-28", "2022-03-05"])
    assert list(result.partitions_subset.get_partition_keys()) == ["2022-02-28"]
    assert result.required_but_nonexistent_partition_keys == ["2022-03-05"]
    assert isinstance(result.required_but_nonexistent_subset, TimeWindowPartitionsSubset)


def test_hours_not_yet_elapsed_are_missing() -> None:
    """A daily key whose later hours are still in the future reports those hours as missing."""
    today = DailyPartitionsDefinition("2022-01-01", end_offset=1)
    result = upstream(T(), today, HOURLY, ["2022-06-01"], now=_dt.datetime(2022, 6, 1, 3, 30))
    assert list(result.partitions_subset.get_partition_keys()) == hours_of("2022-06-01")[:3]
    assert result.required_but_nonexistent_partition_keys == hours_of("2022-06-01")[3:]


def test_whole_window_missing_when_upstream_has_no_partitions_yet() -> None:
    """An upstream that starts in the future reports every mapped key as missing."""
    future = DailyPartitionsDefinition("2023-01-01")
    result = upstream(T(), DAILY, future, ["2022-04-12", "2022-04-13"])
    assert result.required_but_nonexistent_partition_keys == ["2022-04-12", "2022-04-13"]


def test_a_window_past_both_ends_is_missing_whole() -> None:
    """A month over a short upstream reads the days that exist; like the reference, a window
    that sticks out on both sides reports all of its days as required but nonexistent."""
    short = DailyPartitionsDefinition("2022-02-10", end_date="2022-02-20")
    result = upstream(T(), MONTHLY, short, ["2022-02-01"])
    found = list(result.partitions_subset.get_partition_keys())
    missing = result.required_but_nonexistent_partition_keys
    assert found == [f"2022-02-{d}" for d in range(10, 20)]
    assert missing == [f"2022-02-{d:02d}" for d in range(1, 29)]


def test_missing_hours_before_a_dst_zone_start_are_listed() -> None:
    """Missing hourly keys before the start of a DST-zone definition include the repeated hour."""
    up = HourlyPartitionsDefinition("2022-11-07-00:00", timezone="US/Central")
    down = DailyPartitionsDefinition("2022-11-01", timezone="US/Central")
    result = upstream(T(), down, up, ["2022-11-06"], now=_dt.datetime(2022, 12, 1))
    missing = result.required_but_nonexistent_partition_keys
    assert len(missing) == 25
    assert "2022-11-06-01:00-0600" in missing


def test_start_offset_after_end_offset_works_on_whole_ranges() -> None:
    """start_offset > end_offset shifts a whole contiguous range: one key maps to nothing, three
    consecutive keys map to the last two (the reference's behaviour)."""
    result = upstream(T(1, 0), DAILY, DAILY, ["2022-04-12", "2022-04-13", "2022-04-14"])
    assert list(result.partitions_subset.get_partition_keys()) == ["2022-04-13", "2022-04-14"]
    assert result.required_but_nonexistent_partition_keys == []
    assert len(upstream(T(1, 0), DAILY, DAILY, ["2022-04-12"]).partitions_subset) == 0


def test_result_subsets_are_time_window_subsets() -> None:
    """Found keys come back as a TimeWindowPartitionsSubset of the upstream definition."""
    result = upstream(T(), DAILY, HOURLY, ["2022-04-12"])
    assert isinstance(result.partitions_subset, TimeWindowPartitionsSubset)
    assert result.partitions_subset.partitions_def == HOURLY


def test_non_contiguous_keys_map_to_separate_ranges() -> None:
    """Two separate days map to two separate hour ranges."""
    result = upstream(T(), DAILY, HOURLY, ["2022-04-12", "2022-04-14"])
    ranges = result.partitions_subset.get_partition_key_ranges()
    assert [tuple(r) for r in ranges] == [
        ("2022-04-12-00:00", "2022-04-12-23:00"),
        ("2022-04-14-00:00", "2022-04-14-23:00"),
    ]


def test_accepts_a_key_set_subset_of_the_downstream() -> None:
    """A plain key-set subset of the downstream definition works like a time-window subset."""
    from partwise._partitions.subsets.base import DefaultPartitionsSubset

    subset = DefaultPartitionsSubset({"2022-04-12"}, DAILY)
    result = T().get_upstream_mapped_partitions_result_for_partitions(
        subset, DAILY, HOURLY, current_time=NOW
    )
    assert len(result.partitions_subset) == 24


# -- daylight saving (§3.3) ----------------------------------------------------------------------

CENTRAL_DAILY = DailyPartitionsDefinition("2023-01-01", timezone="US/Central")
CENTRAL_HOURLY = HourlyPartitionsDefinition("2023-01-01-00:00", timezone="US/Central")


@pytest.mark.parametrize(
    ("day", "count"), [("2023-03-12", 23), ("2023-11-05", 25), ("2023-11-06", 24)]
)
def test_dst_days_map_to_their_real_number_of_hours(day: str, count: int) -> None:
    """US/Central days of 23, 25 and 24 hours map to that many hourly partitions."""
    keys = up_keys(T(), CENTRAL_DAILY, CENTRAL_HOURLY, [day], now=_dt.datetime(2024, 1, 1))
    assert len(keys) == count


def test_fall_back_day_includes_both_one_oclock_hours() -> None:
    """2023-11-05 maps to 01:00 and to the repeated 01:00-0600."""
    keys = up_keys(T(), CENTRAL_DAILY, CENTRAL_HOURLY, ["2023-11-05"], now=_dt.datetime(2024, 1, 1))
    assert [k for k in keys if k.startswith("2023-11-05-01")] == [
        "2023-11-05-01:00",
        "2023-11-05-01:00-0600",
    ]


def test_repeated_hour_maps_back_to_its_day() -> None:
    """The second 01:00 of the fall-back day belongs to that day."""
    keys = down_keys(
        T(), CENTRAL_HOURLY, CENTRAL_DAILY, ["2023-11-05-01:00-0600"], now=_dt.datetime(2024, 1, 1)
    )
    assert keys == ["2023-11-05"]


# -- reverse table (§3.3) ------------------------------------------------------------------------


def test_hour_maps_down_to_its_day() -> None:
    """Upstream hour → the downstream day containing it."""
    assert down_keys(T(), HOURLY, DAILY, ["2022-04-12-05:00"]) == ["2022-04-12"]


def test_day_maps_down_to_its_24_hours() -> None:
    """Upstream day → its 24 downstream hours."""
    assert down_keys(T(), DAILY, HOURLY, ["2022-04-12"]) == hours_of("2022-04-12")


def test_day_maps_down_to_its_week() -> None:
    """Upstream day → the downstream week containing it."""
    assert down_keys(T(), DAILY, WEEKLY, ["2022-04-12"]) == ["2022-04-10"]


def test_reverse_negates_and_swaps_offsets() -> None:
    """With start_offset=-1 an upstream day is read by the same and the next day."""
    assert down_keys(T(start_offset=-1), DAILY, DAILY, ["2022-04-12"]) == [
        "2022-04-12",
        "2022-04-13",
    ]


def test_month_maps_down_to_its_30_days() -> None:
    """Upstream April → the 30 downstream April days."""
    assert down_keys(T(), MONTHLY, DAILY, ["2022-04-01"]) == [
        f"2022-04-{d:02d}" for d in range(1, 31)
    ]


def test_reverse_is_limited_to_existing_downstream_partitions() -> None:
    """A month maps only to the days that exist at the current time."""
    keys = down_keys(T(), MONTHLY, DAILY, ["2022-05-01"], now=_dt.datetime(2022, 5, 10))
    assert keys == [f"2022-05-{d:02d}" for d in range(1, 10)]


def test_reverse_drops_downstream_keys_before_its_start() -> None:
    """Upstream days before the downstream start map to nothing."""
    assert down_keys(T(), DAILY, LATER, ["2022-02-01"]) == []


def test_reverse_lag_at_the_last_upstream_key_stops_at_existing_keys() -> None:
    """(-1, -1): yesterday's upstream is read by today, if today exists."""
    assert down_keys(T(-1, -1), DAILY, DAILY, ["2022-05-30"]) == ["2022-05-31"]
    assert down_keys(T(-1, -1), DAILY, DAILY, ["2022-05-31"]) == []


# -- validation and values -----------------------------------------------------------------------


def test_validation_requires_time_window_downstream() -> None:
    """A static downstream fails validation with the reference text."""
    with pytest.raises(
        InvalidDefinitionError,
        match=r"^Downstream partitions definition must be a TimeWindowPartitionsDefinition",
    ):
        T().validate_partition_mapping(DAILY, StaticPartitionsDefinition(["a"]))


def test_validation_requires_time_window_upstream() -> None:
    """A static upstream fails validation with the reference text."""
    with pytest.raises(
        InvalidDefinitionError,
        match=r"^Upstream partitions definition must be a TimeWindowPartitionsDefinition",
    ):
        T().validate_partition_mapping(StaticPartitionsDefinition(["a"]), DAILY)


def test_validation_requires_matching_timezones() -> None:
    """Different timezones fail validation, upstream zone named first."""
    central = DailyPartitionsDefinition("2022-01-01", timezone="US/Central")
    with pytest.raises(InvalidDefinitionError, match=r"^Timezones UTC and US/Central don't match"):
        T().validate_partition_mapping(DAILY, central)


def test_validation_accepts_two_time_windows_in_one_zone() -> None:
    """Daily over hourly in one zone is valid."""
    T().validate_partition_mapping(HOURLY, DAILY)


def test_mapping_across_timezones_raises() -> None:
    """Asking for partitions across timezones raises the same error."""
    central = DailyPartitionsDefinition("2022-01-01", timezone="US/Central")
    with pytest.raises(InvalidDefinitionError, match="Timezones"):
        upstream(T(), central, DAILY, ["2022-04-12"])


def test_mapping_non_time_definitions_raises_check_error() -> None:
    """A static definition passed to the mapping raises CheckError."""
    letters = StaticPartitionsDefinition(["a"])
    with pytest.raises(CheckError, match="TimeWindowPartitionsDefinition"):
        T().get_upstream_mapped_partitions_result_for_partitions(
            letters.subset_with_partition_keys(["a"]), letters, DAILY, current_time=NOW
        )


def test_offsets_must_be_integers() -> None:
    """A non-integer offset raises CheckError at construction."""
    with pytest.raises(CheckError, match="start_offset"):
        T(start_offset=1.5)  # type: ignore[arg-type]


def test_mapping_is_a_value() -> None:
    """Equal arguments make equal, hashable mappings with a readable repr."""
    assert T() == T(0, 0, False)
    assert hash(T(-1)) == hash(T(start_offset=-1))
    assert repr(T(start_offset=-1)) == (
        "TimeWindowPartitionMapping(start_offset=-1, end_offset=0, "
        "allow_nonexistent_upstream_partitions=False)"
    )


def test_description_mentions_offsets() -> None:
    """The description names the offsets when there are any."""
    assert "-1" in T(start_offset=-1).description
    assert "shifted" not in T().description


def test_a_year_of_days_maps_to_its_8760_hours() -> None:
    """365 daily partitions map to 8760 hourly ones via the default mapping (speed: benchmarks/)."""
    daily = DailyPartitionsDefinition("2021-01-01")
    hourly = HourlyPartitionsDefinition("2021-01-01-00:00")
    now = _dt.datetime(2022, 1, 1)
    subset = daily.subset_with_all_partitions(current_time=now)
    mapping = infer_partition_mapping(None, daily, hourly)
    result = mapping.get_upstream_mapped_partitions_result_for_partitions(
        subset, daily, hourly, current_time=now
    )
    assert len(result.partitions_subset) == 8760
