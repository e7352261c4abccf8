"""Subsets at the reference's depth: key sets, serialized forms, ranges and keys not in a subset."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partwise import (
    AllPartitionsSubset,
    DailyPartitionsDefinition,
    DefaultPartitionsSubset,
    HourlyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    TimeWindow,
    TimeWindowPartitionsDefinition,
    TimeWindowPartitionsSubset,
    partition_loading_context,
)
from partwise._partitions.subsets.keys import PartitionKeySet
from partwise.errors import CheckError, InvalidDeserializationVersionError, InvalidInvocationError

UTC = dt.timezone.utc
STATIC = StaticPartitionsDefinition(["foo", "bar", "baz", "qux"])
DAILY = DailyPartitionsDefinition("2015-01-01")


# -- key sets ------------------------------------------------------------------------------------
def test_key_subsets_give_a_set_that_iterates_in_definition_order() -> None:
    """get_partition_keys() equals a plain set, yet loops over it follow the definition."""
    keys = STATIC.subset_with_partition_keys(["qux", "foo"]).get_partition_keys()
    assert keys == {"foo", "qux"} and {"qux", "foo"} == keys
    assert keys != ["foo", "qux"]
    assert list(keys) == ["foo", "qux"]
    assert isinstance(keys, PartitionKeySet) and hash(keys) == hash(frozenset(keys))
    assert repr(keys) == "{'foo', 'qux'}" and repr(STATIC.empty_subset().get_partition_keys()) == (
        "set()"
    )


def test_time_window_subsets_give_a_chronological_list() -> None:
    subset = DAILY.subset_with_partition_keys(["2015-01-04", "2015-01-02"])
    assert subset.get_partition_keys() == ["2015-01-02", "2015-01-04"]


def test_a_default_subset_built_from_keys_alone() -> None:
    """DefaultPartitionsSubset({...}) needs no definition; its algebra is plain set algebra."""
    abc, bcd = DefaultPartitionsSubset({"a", "b", "c"}), DefaultPartitionsSubset({"b", "c", "d"})
    empty = DefaultPartitionsSubset(set())
    assert abc & bcd == DefaultPartitionsSubset({"b", "c"})
    assert abc | bcd == DefaultPartitionsSubset({"a", "b", "c", "d"})
    assert abc - bcd == DefaultPartitionsSubset({"a"}) and abc - abc == empty
    assert empty.is_empty and not abc.is_empty and abc.subset == frozenset("abc")
    assert list(abc.get_partition_keys()) == ["a", "b", "c"]
    with pytest.raises(CheckError, match="built from keys alone"):
        _ = abc.partitions_def
    with pytest.raises(InvalidInvocationError, match="keys first"):
        DefaultPartitionsSubset(STATIC)  # type: ignore[arg-type]


def test_a_keys_only_subset_combines_with_a_subset_of_a_definition() -> None:
    owned = STATIC.subset_with_partition_keys(["foo", "bar"])
    loose = DefaultPartitionsSubset({"bar"})
    assert owned - loose == DefaultPartitionsSubset({"foo"})
    assert (owned | loose).partitions_def == STATIC
    assert owned == DefaultPartitionsSubset({"foo", "bar"})
    assert owned != StaticPartitionsDefinition(["foo", "bar"]).subset_with_partition_keys(
        ["foo", "bar"]
    )


def test_multi_key_subsets_hand_out_multi_partition_keys() -> None:
    multi = MultiPartitionsDefinition({"a": STATIC, "b": StaticPartitionsDefinition(["1", "2"])})
    keys = list(multi.subset_with_partition_keys(["bar|2", "foo|1"]).get_partition_keys())
    assert keys == ["foo|1", "bar|2"]
    assert all(isinstance(k, MultiPartitionKey) for k in keys)
    assert keys[1].keys_by_dimension == {"a": "bar", "b": "2"}


# -- serialized forms ----------------------------------------------------------------------------
def test_default_subset_serialization_and_older_forms() -> None:
    text = STATIC.empty_subset().with_partition_keys(["foo", "baz"]).serialize()
    assert json.loads(text) == {"version": 1, "subset": ["baz", "foo"]}
    for form in (text, '["baz", "foo"]', '{"version": 1, "subset": ["foo", "baz"]}'):
        assert STATIC.deserialize_subset(form).get_partition_keys() == {"baz", "foo"}
        assert STATIC.can_deserialize_subset(form)
    assert not STATIC.can_deserialize_subset('{"version": 2, "subset": []}')
    assert STATIC.can_deserialize_subset("[]", None, "StaticPartitionsDefinition")
    assert not STATIC.can_deserialize_subset("[]", None, "DailyPartitionsDefinition")


def test_an_unknown_version_is_refused() -> None:
    class FutureSubset(DefaultPartitionsSubset):
        SERIALIZATION_VERSION = -1

    text = STATIC.subset_with_partition_keys(["foo"]).serialize()
    with pytest.raises(InvalidDeserializationVersionError, match="version -1"):
        FutureSubset.from_serialized(STATIC, text)
    with pytest.raises(InvalidDeserializationVersionError, match="version 7"):
        DAILY.deserialize_subset('{"version": 7, "time_windows": [], "num_partitions": 0}')
    with pytest.raises(CheckError, match="Cannot read"):
        STATIC.deserialize_subset("not json")


def test_time_window_serialization_and_older_forms() -> None:
    subset = DAILY.empty_subset().with_partition_keys(["2015-01-02", "2015-01-04"])
    windows = [[1420156800.0, 1420243200.0], [1420329600.0, 1420416000.0]]
    assert json.loads(subset.serialize()) == {
        "version": 1,
        "time_windows": windows,
        "num_partitions": 2,
    }
    forms = [
        subset.serialize(),
        json.dumps(windows),
        json.dumps({"time_windows": windows, "num_partitions": 2}),
    ]
    for form in forms:
        back = DAILY.deserialize_subset(form)
        assert back.get_partition_keys() == ["2015-01-02", "2015-01-04"] and back == subset
        assert DAILY.can_deserialize_subset(form)
    assert not DAILY.can_deserialize_subset('{"version": 1}')


def test_equal_subsets_serialize_identically() -> None:
    keys = [f"2015-02-{d:02d}" for d in range(1, 20)] + [f"2017-04-{d:02d}" for d in range(1, 9)]
    first = DAILY.subset_with_partition_keys(keys).serialize()
    assert DAILY.subset_with_partition_keys(reversed(keys)).serialize() == first


def test_time_window_subset_from_windows() -> None:
    """Like the reference, a subset can be built from included_time_windows."""
    window = TimeWindow(dt.datetime(2015, 1, 2, tzinfo=UTC), dt.datetime(2015, 1, 4, tzinfo=UTC))
    subset = TimeWindowPartitionsSubset(DAILY, num_partitions=None, included_time_windows=[window])
    assert subset.get_partition_keys() == ["2015-01-02", "2015-01-03"]
    assert subset.included_time_windows == [window] and subset.num_partitions == 2
    assert subset._asdict()["num_partitions"] == 2
    empty = TimeWindowPartitionsSubset.create_empty_subset(DAILY)
    assert empty.is_empty and empty == DAILY.empty_subset()
    with pytest.raises(CheckError, match="TimeWindowPartitionsDefinition"):
        TimeWindowPartitionsSubset.create_empty_subset(STATIC)


def test_unique_identifiers() -> None:
    """Equal definitions share an identifier; it is the reference's SHA-1 (repr for time windows)."""
    assert (
        DAILY.get_serializable_unique_identifier()
        == DailyPartitionsDefinition("2015-01-01").get_serializable_unique_identifier()
    )
    assert (
        DAILY.get_serializable_unique_identifier()
        != DailyPartitionsDefinition("2015-01-02").get_serializable_unique_identifier()
    )
    static = StaticPartitionsDefinition(["a", "b", "c"]).get_serializable_unique_identifier()
    assert static == "411905f695e47a51ceafc178e6cd4eb3680f4453"  # the reference's, for a, b, c


# -- ranges and keys not in a subset -------------------------------------------------------------
@pytest.mark.parametrize("pattern", ["+", "-+", "+-+-", "--+++---+++--", "-----"])
def test_keys_not_in_subset(pattern: str) -> None:
    with partition_loading_context(dt.datetime(2015, 1, 1) + dt.timedelta(days=len(pattern))):
        keys = DAILY.get_partition_keys()
        subset = DAILY.subset_with_partition_keys(
            k for k, c in zip(keys, pattern, strict=True) if c == "+"
        )
        assert subset.get_partition_keys_not_in_subset(DAILY) == [
            k for k, c in zip(keys, pattern, strict=True) if c == "-"
        ]
        back = DAILY.deserialize_subset(subset.serialize())
        assert back.get_partition_keys_not_in_subset() == subset.get_partition_keys_not_in_subset()
        assert len(subset.included_time_windows) == pattern.count("-+") + pattern.startswith("+")
    assert STATIC.subset_with_partition_keys(["bar"]).get_partition_keys_not_in_subset() == [
        "foo",
        "baz",
        "qux",
    ]


@pytest.mark.parametrize(
    ("defn", "count"),
    [
        (
            HourlyPartitionsDefinition(
                start_date="2020-10-31-23:00", end_date="2020-11-01-5:00", timezone="US/Pacific"
            ),
            7,
        ),
        (
            DailyPartitionsDefinition(
                "2020-10-30-01:00",
                "2020-11-03-01:00",
                timezone="US/Pacific",
                hour_offset=1,
                fmt="%Y-%m-%d-%H:%M",
            ),
            4,
        ),
        (
            TimeWindowPartitionsDefinition(
                cron_schedule="*/15 * * * *",
                start="2020-11-01-00:30",
                end="2020-11-01-2:30",
                timezone="US/Pacific",
                fmt="%Y-%m-%d-%H:%M",
            ),
            12,
        ),
    ],
)
def test_dst_days_round_trip(defn: TimeWindowPartitionsDefinition, count: int) -> None:
    """On a fall-back day every window is in the full subset and survives serialization."""
    subset = defn.subset_with_all_partitions()
    assert len(subset) == count == len(set(subset.get_partition_keys()))
    assert subset.get_partition_keys_not_in_subset(defn) == []
    back = defn.deserialize_subset(subset.serialize())
    assert back.get_partition_keys_not_in_subset(defn) == [] and back == subset
    repeated = [k for k in defn.get_partition_keys() if k.endswith("-0800")][:1]
    part = defn.subset_with_partition_keys(repeated)
    assert defn.deserialize_subset(part.serialize()).get_partition_keys() == repeated


def test_with_partition_key_range() -> None:
    subset = DAILY.subset_with_partition_keys(["2015-01-02"])
    grown = subset.with_partition_key_range(DAILY, PartitionKeyRange("2015-01-05", "2015-01-06"))
    assert grown.get_partition_keys() == ["2015-01-02", "2015-01-05", "2015-01-06"]
    assert subset.with_partition_key_range(PartitionKeyRange("2015-01-03", "2015-01-03")) == (
        DAILY.subset_with_partition_keys(["2015-01-02", "2015-01-03"])
    )
    assert subset.with_partition_key_range(DAILY, ("2015-01-09", "2015-01-07")) == subset
    grown_static = STATIC.empty_subset().with_partition_key_range(STATIC, ("bar", "qux"))
    assert grown_static.get_partition_keys() == {"bar", "baz", "qux"}


def test_multi_ranges_run_along_one_dimension() -> None:
    """Every "red" hour of an hourly × colour subset is one range (grouped by colour)."""
    hours = HourlyPartitionsDefinition(start_date="2023-01-01-00:00", end_date="2025-01-01-01:00")
    colours = StaticPartitionsDefinition(["red", "yellow", "blue"])
    multi = MultiPartitionsDefinition({"a_date": hours, "color": colours})
    reds = multi.get_multipartition_keys_with_dimension_value("color", "red")
    ranges = multi.subset_with_partition_keys(reds).get_partition_key_ranges(multi)
    assert ranges == [PartitionKeyRange("2023-01-01-00:00|red", "2025-01-01-00:00|red")]
    assert len(multi.get_partition_keys_in_range(ranges[0])) == len(reds) == 17545
    one_hour = [
        MultiPartitionKey({"a_date": "2023-01-01-00:00", "color": c})
        for c in ["red", "yellow", "blue"]
    ]
    assert multi.subset_with_partition_keys(one_hour).get_partition_key_ranges(multi) == [
        PartitionKeyRange("2023-01-01-00:00|red", "2023-01-01-00:00|blue")
    ]


def test_multi_ranges_group_by_the_dimension_with_fewer_values() -> None:
    numbers = StaticPartitionsDefinition(["1", "2", "3", "4"])
    colours = StaticPartitionsDefinition(["red", "yellow", "blue"])
    multi = MultiPartitionsDefinition({"color": colours, "number": numbers})
    picked = ["red|1", "red|2", "red|3", "blue|1", "blue|2", "blue|4"]
    ranges = multi.subset_with_partition_keys(picked).get_partition_key_ranges(multi)
    assert ranges == [
        PartitionKeyRange("red|1", "red|3"),
        PartitionKeyRange("blue|1", "blue|2"),
        PartitionKeyRange("blue|4", "blue|4"),
    ]
    again = [k for r in ranges for k in multi.get_partition_keys_in_range(r)]
    assert sorted(again) == sorted(picked)


def test_partition_keys_between_indexes() -> None:
    hourly = HourlyPartitionsDefinition("2021-05-05-01:00", minute_offset=15)
    now = dt.datetime(2021, 5, 7, 3, 15)
    keys = hourly.get_partition_keys(now)
    assert hourly.get_partition_keys_between_indexes(50, 53, current_time=now) == keys[50:53]
    assert hourly.get_partition_keys_between_indexes(48, 99, current_time=now) == keys[48:99]
    assert hourly.get_partition_keys_between_indexes(60, 50, current_time=now) == []
    excluding = DailyPartitionsDefinition("2021-05-01", exclusions=["0 0 * * 6"])
    assert (
        excluding.get_partition_keys_between_indexes(3, 6, now)
        == (excluding.get_partition_keys(now)[3:6])
    )


# -- every partition -----------------------------------------------------------------------------
def test_all_partitions_subset_of_a_key_list() -> None:
    letters = StaticPartitionsDefinition(["a", "b", "c", "d"])
    with partition_loading_context() as ctx:
        every = AllPartitionsSubset(letters, ctx)
    abc = DefaultPartitionsSubset({"a", "b", "c"})
    assert len(every) == 4 and "d" in every and "z" not in every
    assert every == AllPartitionsSubset(letters) and every != letters.subset_with_all_partitions()
    assert every & abc is abc and (abc & every) is abc
    assert every | abc is every and (abc | every) is every
    assert every - abc == DefaultPartitionsSubset({"d"}) and (abc - every).is_empty
    assert every.get_partition_keys_not_in_subset(letters) == []
    assert every.to_serializable_subset() == letters.subset_with_all_partitions()
    assert not letters.can_deserialize_subset("[]", None, "AllPartitionsSubset")


def test_all_partitions_subset_reads_under_its_context() -> None:
    """Keys are listed at the context's time, wherever the subset is used later."""
    with partition_loading_context(dt.datetime(2020, 1, 6, 10)):
        every = AllPartitionsSubset(DailyPartitionsDefinition("2020-01-01"))
    first_three = every.partitions_def.subset_with_partition_keys(
        ["2020-01-01", "2020-01-02", "2020-01-03"]
    )
    assert len(every) == 5 and every.get_partition_key_ranges() == [
        PartitionKeyRange("2020-01-01", "2020-01-05")
    ]
    assert list((every - first_three).get_partition_keys()) == ["2020-01-04", "2020-01-05"]
    assert (first_three - every).is_empty and every & first_three is first_three
    assert json.loads(every.serialize())["num_partitions"] == 5
