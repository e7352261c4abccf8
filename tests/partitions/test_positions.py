"""The public positions protocol every partitions definition implements."""

from __future__ import annotations

import datetime as _dt

import pytest

from partwise import (
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    KeySpace,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionsDefinition,
    StaticPartitionsDefinition,
    TimeWindow,
    partition_loading_context,
)
from partwise._partitions.definitions.dynamic import InMemoryDynamicPartitionsStore

UTC = _dt.timezone.utc
NOW = _dt.datetime(2023, 1, 3, 5, 30, tzinfo=UTC)


def _store() -> InMemoryDynamicPartitionsStore:
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("fruit", ["apple", "fig"])
    return store


DEFINITIONS: dict[str, PartitionsDefinition] = {
    "hourly": HourlyPartitionsDefinition("2023-01-01-00:00"),
    "daily_excl": DailyPartitionsDefinition("2023-01-01", exclusions=[_dt.datetime(2023, 1, 2)]),
    "static": StaticPartitionsDefinition(["b", "a", "c"]),
    "dynamic": DynamicPartitionsDefinition(name="fruit"),
    "multi": MultiPartitionsDefinition(
        {
            "day": DailyPartitionsDefinition("2023-01-01"),
            "fruit": DynamicPartitionsDefinition(name="fruit"),
        }
    ),
}


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_key_space_is_the_key_list_by_position(name: str) -> None:
    defn, store = DEFINITIONS[name], _store()
    keys = list(defn.get_partition_keys(NOW, store))
    space = defn.key_space(NOW, store)
    assert space.size == len(keys) == defn.get_num_partitions(NOW, store)
    assert space.keys(range(space.size)) == keys
    assert [space.index_of(k) for k in keys] == list(range(len(keys)))
    assert space.index_of("no such key") is None


def test_key_space_follows_the_effective_time() -> None:
    hourly = DEFINITIONS["hourly"]
    earlier = NOW - _dt.timedelta(days=1)
    assert hourly.key_space(earlier).size == hourly.key_space(NOW).size - 24
    with partition_loading_context(earlier):
        assert hourly.key_space().size == hourly.key_space(earlier).size
    assert hourly.key_space(earlier).index_of("2023-01-02-23:00") is None
    assert hourly.key_space(NOW).index_of("2023-01-02-23:00") is not None


def test_listed_space() -> None:
    space = KeySpace.listed(["x", "y"])
    assert (space.size, space.key_at(1), space.index_of("x"), space.index_of("z")) == (
        2,
        "y",
        0,
        None,
    )


def test_multi_space_gives_multi_keys() -> None:
    space = DEFINITIONS["multi"].key_space(NOW, _store())
    assert isinstance(space.key_at(0), MultiPartitionKey)
    assert space.key_at(0).keys_by_dimension == {"day": "2023-01-01", "fruit": "apple"}


@pytest.mark.parametrize("name", ["hourly", "static", "multi"])
def test_sort_partition_keys_is_definition_order(name: str) -> None:
    defn, store = DEFINITIONS[name], _store()
    with partition_loading_context(NOW, store):
        keys = list(defn.get_partition_keys())
        assert defn.sort_partition_keys(reversed(keys)) == keys
        assert defn.sort_partition_keys(["zz|top", keys[0]]) == [keys[0], "zz|top"]


def test_time_window_of_keys() -> None:
    daily = DailyPartitionsDefinition("2023-01-01")
    window = daily.time_window_for_partition_keys(["2023-01-05", "2023-01-02", "2023-01-05"])
    assert window == TimeWindow(
        _dt.datetime(2023, 1, 2, tzinfo=UTC), _dt.datetime(2023, 1, 6, tzinfo=UTC)
    )
    multi = MultiPartitionsDefinition({"day": daily, "c": StaticPartitionsDefinition(["x", "y"])})
    assert multi.time_window_partitions_def == daily
    assert multi.time_window_for_partition_keys(["x|2023-01-05", "y|2023-01-02"]) == window
    assert daily.time_window_partitions_def is daily


@pytest.mark.parametrize(
    "defn",
    [
        StaticPartitionsDefinition(["a"]),
        MultiPartitionsDefinition(
            {"a": StaticPartitionsDefinition(["a"]), "b": StaticPartitionsDefinition(["b"])}
        ),
        MultiPartitionsDefinition(
            {
                "a": DailyPartitionsDefinition("2023-01-01"),
                "b": HourlyPartitionsDefinition("2023-01-01-00:00"),
            }
        ),
    ],
)
def test_no_time_window_without_exactly_one_time_dimension(defn: PartitionsDefinition) -> None:
    assert defn.time_window_partitions_def is None
    assert defn.time_window_for_partition_keys([defn.key_space(NOW).key_at(0)]) is None


def test_an_empty_key_set_has_no_window() -> None:
    with pytest.raises(TypeError, match="no partition keys"):
        DailyPartitionsDefinition("2023-01-01").time_window_for_partition_keys([])


def test_dimensions_and_dynamic_needs() -> None:
    multi = DEFINITIONS["multi"]
    assert [d.name for d in multi.dimensions] == ["day", "fruit"]
    assert DEFINITIONS["static"].dimensions == ()
    assert multi.dynamic_partitions_names == ("fruit",)
    assert multi.dynamic_partitions_needed("2023-01-01|kiwi") == [("fruit", "kiwi")]
    assert DEFINITIONS["hourly"].dynamic_partitions_needed("2023-01-01-00:00") == []
    assert multi.dimension_values("2023-01-01|kiwi") == ["2023-01-01", "kiwi"]
    assert DEFINITIONS["static"].dimension_values("a") == ["a"]
    assert isinstance(multi.partition_key_from_str("2023-01-01|kiwi"), MultiPartitionKey)


def test_fixed_keys() -> None:
    static = DEFINITIONS["static"]
    assert static.has_fixed_keys
    assert MultiPartitionsDefinition(
        {"a": static, "b": StaticPartitionsDefinition(["x"])}
    ).has_fixed_keys
    assert not DEFINITIONS["multi"].has_fixed_keys
    assert not DEFINITIONS["hourly"].has_fixed_keys
    assert not DEFINITIONS["dynamic"].has_fixed_keys
