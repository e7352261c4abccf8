"""MultiPartitionsDefinition and MultiPartitionKey: spec §2.2, extended to N dimensions."""

from __future__ import annotations

import datetime as _dt
import pickle
import tracemalloc

import pytest

from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange, TimeWindow
from partwise._partitions.definitions.cadences import DailyPartitionsDefinition
from partwise._partitions.definitions.dynamic import (
    DynamicPartitionsDefinition,
    InMemoryDynamicPartitionsStore,
)
from partwise._partitions.definitions.multi import (
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionDimensionDefinition,
    PartitionDimensionKey,
)
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import CheckError, InvalidDefinitionError, InvalidInvocationError

UTC = _dt.timezone.utc
S = StaticPartitionsDefinition


@pytest.fixture
def date_region() -> MultiPartitionsDefinition:
    daily = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-01-04")
    return MultiPartitionsDefinition({"region": S(["us", "eu"]), "date": daily})


@pytest.fixture
def store() -> InMemoryDynamicPartitionsStore:
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("f", ["a|b", "c", "d"])
    return store


# -- MultiPartitionKey ---------------------------------------------------------------------------


def test_key_is_values_joined_in_sorted_dimension_order() -> None:
    """The key string joins values by sorted dimension name and equals that plain str."""
    key = MultiPartitionKey({"z": "1", "a": "2"})
    assert isinstance(key, str)
    assert str(key) == "2|1"
    assert key == "2|1"
    assert hash(key) == hash("2|1")
    lookup: dict[str, int] = {key: 1}
    assert lookup["2|1"] == 1


def test_key_exposes_its_dimensions() -> None:
    """keys_by_dimension and dimension_keys are sorted by dimension name."""
    key = MultiPartitionKey({"z": "1", "a": "2"})
    assert key.keys_by_dimension == {"a": "2", "z": "1"}
    assert key.dimension_keys == [PartitionDimensionKey("a", "2"), PartitionDimensionKey("z", "1")]


def test_key_pickle_round_trips() -> None:
    """Pickling keeps the string and the dimension mapping."""
    key = MultiPartitionKey({"z": "1", "a": "2"})
    copy = pickle.loads(pickle.dumps(key))
    assert copy == "2|1"
    assert copy.keys_by_dimension == {"a": "2", "z": "1"}
    assert isinstance(copy, MultiPartitionKey)


def test_key_with_separator_in_a_value_is_refused() -> None:
    """A value containing '|' would make a key that cannot be split back: refused."""
    with pytest.raises(CheckError, match=r"The value 'x\|y' of dimension 'a' contains '\|'"):
        MultiPartitionKey({"a": "x|y", "b": "c"})


def test_key_of_other_dimensions_is_not_a_member(date_region: MultiPartitionsDefinition) -> None:
    """A MultiPartitionKey over other dimension names is no key here, even if its values fit."""
    key = next(iter(date_region.get_partition_keys()))
    assert date_region.has_partition_key(key)
    other = MultiPartitionKey(dict(zip(["p", "q"], key.split("|"), strict=True)))
    assert other == key
    assert not date_region.has_partition_key(other)


def test_key_with_no_dimensions_is_empty() -> None:
    """An empty mapping makes the empty key."""
    key = MultiPartitionKey({})
    assert key == ""
    assert key.keys_by_dimension == {}


def test_key_rejects_non_str_value() -> None:
    """A non-str value raises CheckError."""
    with pytest.raises(CheckError, match=r"^Value in Mapping mismatches expected type for key a"):
        MultiPartitionKey({"a": 1})  # type: ignore[dict-item]


def test_key_rejects_non_str_dimension() -> None:
    """A non-str dimension name raises CheckError."""
    with pytest.raises(CheckError, match=r"^Key in Mapping mismatches type"):
        MultiPartitionKey({1: "a"})  # type: ignore[dict-item]


def test_listed_keys_carry_no_instance_dict(date_region: MultiPartitionsDefinition) -> None:
    """Keys from a definition are slot-free (no per-key __dict__)."""
    key = date_region.get_partition_keys()[0]
    assert not hasattr(key, "__dict__")
    assert key.keys_by_dimension == {"date": "2022-01-01", "region": "us"}


# -- construction --------------------------------------------------------------------------------


def test_fewer_than_two_dimensions_is_an_invocation_error() -> None:
    """One dimension raises InvalidInvocationError."""
    with pytest.raises(InvalidInvocationError, match="has 1 partitions definitions"):
        MultiPartitionsDefinition({"a": S(["x"])})


def test_nested_multi_is_rejected(date_region: MultiPartitionsDefinition) -> None:
    """A multi definition cannot be a dimension."""
    with pytest.raises(InvalidDefinitionError, match=r"^Invalid partitions definition type"):
        MultiPartitionsDefinition({"a": date_region, "b": S(["y"])})


def test_unnamed_dynamic_is_rejected() -> None:
    """A dynamic dimension must have a name."""
    unnamed = DynamicPartitionsDefinition(partition_fn=lambda _: ["a"])
    with pytest.raises(
        InvalidDefinitionError,
        match=r"^DynamicPartitionsDefinition must have a name to be used in a "
        r"MultiPartitionsDefinition",
    ):
        MultiPartitionsDefinition({"a": unnamed, "b": S(["y"])})


@pytest.mark.parametrize("bad", ["x|y", "x,y", "[x", "x]"])
def test_static_key_characters_are_restricted(bad: str) -> None:
    """Static dimension keys cannot contain | , [ or ]."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^Invalid character in partition key for dimension b\. "
    ):
        MultiPartitionsDefinition({"a": S(["ok"]), "b": S([bad])})


def test_two_time_dimensions_are_accepted() -> None:
    """Two time dimensions construct; features needing one time dimension refuse."""
    d1 = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-01-03")
    d2 = DailyPartitionsDefinition(start_date="2023-01-01", end_date="2023-01-03")
    multi = MultiPartitionsDefinition({"b": d1, "a": d2})
    assert multi.primary_dimension.name == "a"
    assert multi.secondary_dimension.name == "b"
    with pytest.raises(CheckError, match="Expected exactly one time window partitioned dimension"):
        _ = multi.time_window_dimension


def test_dimensions_are_sorted_by_name(date_region: MultiPartitionsDefinition) -> None:
    """partitions_defs and partition_dimension_names are sorted by name."""
    assert date_region.partition_dimension_names == ["date", "region"]
    dims = date_region.partitions_defs
    assert [d.name for d in dims] == ["date", "region"]
    assert dims[1] == PartitionDimensionDefinition("region", S(["us", "eu"]))


# -- keys ----------------------------------------------------------------------------------------


def test_first_dimension_by_name_is_the_outer_loop() -> None:
    """Spec example: {'b': [x, y], 'a': [2, 1]} lists 2|x, 2|y, 1|x, 1|y."""
    multi = MultiPartitionsDefinition({"b": S(["x", "y"]), "a": S(["2", "1"])})
    assert multi.get_partition_keys() == ["2|x", "2|y", "1|x", "1|y"]


def test_date_region_keys(date_region: MultiPartitionsDefinition) -> None:
    """Date is the outer loop and region keeps its native order."""
    keys = date_region.get_partition_keys()
    assert keys[:3] == ["2022-01-01|us", "2022-01-01|eu", "2022-01-02|us"]
    assert all(isinstance(k, MultiPartitionKey) for k in keys)
    assert keys[0].keys_by_dimension == {"date": "2022-01-01", "region": "us"}


def test_time_dimension_follows_current_time() -> None:
    """current_time decides which time keys exist."""
    daily = DailyPartitionsDefinition(start_date="2022-01-01")
    multi = MultiPartitionsDefinition({"date": daily, "region": S(["us"])})
    now = _dt.datetime(2022, 1, 3, 12, tzinfo=UTC)
    assert multi.get_partition_keys(current_time=now) == ["2022-01-01|us", "2022-01-02|us"]
    assert multi.get_num_partitions(current_time=now) == 2
    assert not multi.has_partition_key("2022-01-03|us", current_time=now)


def test_num_partitions_is_the_product(date_region: MultiPartitionsDefinition) -> None:
    """get_num_partitions multiplies the dimension counts."""
    assert date_region.get_num_partitions() == 6


def test_membership_is_positional(date_region: MultiPartitionsDefinition) -> None:
    """has_partition_key checks each part against its dimension, in order."""
    assert date_region.has_partition_key("2022-01-03|eu")
    assert not date_region.has_partition_key("us|2022-01-01")
    assert not date_region.has_partition_key("2022-01-01|zz")
    assert not date_region.has_partition_key("2022-01-01")
    assert date_region.has_partition_key(MultiPartitionKey({"date": "2022-01-01", "region": "us"}))


def test_products_that_cannot_split_are_dropped(store: InMemoryDynamicPartitionsStore) -> None:
    """Dynamic keys containing '|' drop out of the product; the count stays the product."""
    multi = MultiPartitionsDefinition(
        {"s": S(["x", "y"]), "f": DynamicPartitionsDefinition(name="f")}
    )
    assert multi.get_partition_keys(dynamic_partitions_store=store) == ["c|x", "c|y", "d|x", "d|y"]
    assert multi.get_num_partitions(dynamic_partitions_store=store) == 6
    assert not multi.has_partition_key("a|b|x", dynamic_partitions_store=store)


def test_dynamic_dimension_needs_a_store() -> None:
    """Listing keys of a dynamic dimension without a store raises CheckError."""
    multi = MultiPartitionsDefinition({"s": S(["x"]), "f": DynamicPartitionsDefinition(name="f")})
    with pytest.raises(CheckError, match="instance is not available"):
        multi.get_partition_keys()


# -- ranges, parsing, tags -----------------------------------------------------------------------


def test_range_is_product_of_dimension_ranges(date_region: MultiPartitionsDefinition) -> None:
    """A range is the Cartesian product of per-dimension ranges."""
    in_range = date_region.get_partition_keys_in_range
    assert in_range(PartitionKeyRange("2022-01-01|eu", "2022-01-02|us")) == []
    assert in_range(PartitionKeyRange("2022-01-01|us", "2022-01-02|eu")) == [
        "2022-01-01|us",
        "2022-01-01|eu",
        "2022-01-02|us",
        "2022-01-02|eu",
    ]
    assert in_range(("2022-01-02|eu", "2022-01-03|eu")) == ["2022-01-02|eu", "2022-01-03|eu"]


def test_range_with_unknown_static_value(date_region: MultiPartitionsDefinition) -> None:
    """An unknown endpoint value raises the dimension's InvalidInvocationError."""
    with pytest.raises(InvalidInvocationError, match=r"^Partition range us to zz is"):
        date_region.get_partition_keys_in_range(PartitionKeyRange("2022-01-01|us", "2022-01-02|zz"))


def test_range_endpoint_with_wrong_part_count(date_region: MultiPartitionsDefinition) -> None:
    """A range endpoint that does not split into N parts raises CheckError."""
    with pytest.raises(CheckError, match="Expected 2 partition keys in partition key string"):
        date_region.get_partition_keys_in_range(PartitionKeyRange("2022-01-01", "2022-01-02|us"))


def test_key_from_str(date_region: MultiPartitionsDefinition) -> None:
    """get_partition_key_from_str splits without checking existence."""
    key = date_region.get_partition_key_from_str("2022-01-01|zz")
    assert key.keys_by_dimension == {"date": "2022-01-01", "region": "zz"}


def test_key_from_str_wrong_count(date_region: MultiPartitionsDefinition) -> None:
    """A wrong part count raises CheckError with Dagster's text."""
    with pytest.raises(CheckError) as info:
        date_region.get_partition_key_from_str("2022-01-01")
    assert str(info.value).startswith(
        "Invariant failed. Description: Expected 2 partition keys in partition key string "
        "2022-01-01, but got 1"
    )


def test_tags(date_region: MultiPartitionsDefinition) -> None:
    """Tags hold the whole key and each dimension's value."""
    assert date_region.get_tags_for_partition_key("2022-01-01|us") == {
        "dagster/partition": "2022-01-01|us",
        "dagster/partition/date": "2022-01-01",
        "dagster/partition/region": "us",
    }


def test_keys_with_dimension_value(date_region: MultiPartitionsDefinition) -> None:
    """get_multipartition_keys_with_dimension_value fixes one dimension, in key order."""
    assert date_region.get_multipartition_keys_with_dimension_value("region", "us") == [
        "2022-01-01|us",
        "2022-01-02|us",
        "2022-01-03|us",
    ]


def test_keys_with_unknown_dimension(date_region: MultiPartitionsDefinition) -> None:
    """An unknown dimension name raises CheckError naming the dimensions."""
    with pytest.raises(CheckError, match=r"Dimension zz not found in MultiPartitionsDefinition"):
        date_region.get_multipartition_keys_with_dimension_value("zz", "us")


# -- time dimension ------------------------------------------------------------------------------


def test_primary_is_the_time_dimension(date_region: MultiPartitionsDefinition) -> None:
    """With one time dimension it is primary (and the time-window dimension)."""
    assert date_region.primary_dimension.name == "date"
    assert date_region.secondary_dimension.name == "region"
    assert date_region.time_window_dimension.name == "date"


def test_primary_without_time_is_first_by_name() -> None:
    """Without time dimensions the first dimension by name is primary."""
    multi = MultiPartitionsDefinition({"b": S(["y"]), "a": S(["x"])})
    assert multi.primary_dimension.name == "a"
    assert multi.secondary_dimension.name == "b"
    with pytest.raises(CheckError):
        multi.time_window_for_partition_key("x|y")


def test_time_window_for_key(date_region: MultiPartitionsDefinition) -> None:
    """time_window_for_partition_key delegates to the time dimension."""
    window = date_region.time_window_for_partition_key("2022-01-02|eu")
    assert window == TimeWindow(
        _dt.datetime(2022, 1, 2, tzinfo=UTC), _dt.datetime(2022, 1, 3, tzinfo=UTC)
    )


# -- value semantics -----------------------------------------------------------------------------


def test_str(date_region: MultiPartitionsDefinition) -> None:
    """str lists capitalized dimension names with their descriptions."""
    assert str(date_region) == (
        "Multi-partitioned, with dimensions: \nDate: Daily, starting 2022-01-01 UTC. \n"
        "Region: 'us', 'eu'"
    )


def test_repr(date_region: MultiPartitionsDefinition) -> None:
    """repr lists the dimension definitions."""
    assert repr(date_region).startswith(
        "MultiPartitionsDefinition(dimensions=[\"PartitionDimensionDefinition(name='date', "
    )


def test_equality_ignores_mapping_order() -> None:
    """Equal dimensions make equal definitions whatever the mapping order."""
    one = MultiPartitionsDefinition({"a": S(["1"]), "b": S(["2"])})
    two = MultiPartitionsDefinition({"b": S(["2"]), "a": S(["1"])})
    assert one == two and hash(one) == hash(two)
    assert one != MultiPartitionsDefinition({"a": S(["1"]), "c": S(["2"])})


# -- positional helpers and ordering -------------------------------------------------------------


def test_first_last_next(date_region: MultiPartitionsDefinition) -> None:
    """First, last and next keys follow the flat order without listing it."""
    assert date_region.get_first_partition_key() == "2022-01-01|us"
    assert date_region.get_last_partition_key() == "2022-01-03|eu"
    assert date_region.get_next_partition_key("2022-01-01|eu") == "2022-01-02|us"
    assert date_region.get_next_partition_key("2022-01-03|eu") is None
    assert date_region.get_next_partition_key("nope|us") is None


def test_positional_helpers_match_listing(store: InMemoryDynamicPartitionsStore) -> None:
    """The key space agrees with get_partition_keys, dropped keys included."""
    daily = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-01-04")
    dims = {"d": daily, "f": DynamicPartitionsDefinition(name="f"), "s": S(["x", "y"])}
    multi = MultiPartitionsDefinition(dims)
    keys = multi.get_partition_keys(dynamic_partitions_store=store)
    with partition_loading_context(dynamic_partitions_store=store):
        space = multi.key_space()
    assert space.size == len(keys)
    assert [space.key_at(i) for i in range(len(keys))] == keys
    assert [space.index_of(k) for k in keys] == list(range(len(keys)))
    assert space.index_of("2022-01-01|zz|x") is None
    assert all(isinstance(space.key_at(i), MultiPartitionKey) for i in range(len(keys)))


def test_subset_keys_in_definition_order(date_region: MultiPartitionsDefinition) -> None:
    """Subsets sort by per-dimension position."""
    subset = date_region.subset_with_partition_keys(["2022-01-02|us", "2022-01-01|eu", "x|y"])
    assert list(subset.get_partition_keys()) == ["2022-01-01|eu", "2022-01-02|us", "x|y"]


def test_subset_with_dynamic_dimension_lists_without_store() -> None:
    """A subset over a dynamic dimension still lists its keys when no store is around."""
    multi = MultiPartitionsDefinition({"s": S(["x"]), "f": DynamicPartitionsDefinition(name="f")})
    subset = multi.subset_with_partition_keys(["d|x", "c|x"])
    assert list(subset.get_partition_keys()) == ["c|x", "d|x"]


def test_nearest_keys_are_per_dimension(date_region: MultiPartitionsDefinition) -> None:
    """nearest_partition_keys combines each dimension's nearest values into existing keys."""
    nearest = date_region.nearest_partition_keys("2022-01-02|ue", n=2)
    assert nearest and all(date_region.has_partition_key(k) for k in nearest)
    assert date_region.nearest_partition_keys("2022-01-02|ue") == ["2022-01-02|us", "2022-01-02|eu"]
    assert date_region.nearest_partition_keys("2022-01-02")  # too few parts still gets hints


# -- N dimensions (beyond Dagster) ---------------------------------------------------------------


def test_three_dimensions() -> None:
    """Three dimensions: sorted names, '|'-joined keys, first name outermost."""
    multi = MultiPartitionsDefinition(
        {"size": S(["s", "l"]), "color": S(["red", "blue"]), "material": S(["wood"])}
    )
    assert multi.partition_dimension_names == ["color", "material", "size"]
    assert multi.get_partition_keys() == [
        "red|wood|s",
        "red|wood|l",
        "blue|wood|s",
        "blue|wood|l",
    ]
    assert multi.get_num_partitions() == 4
    assert multi.has_partition_key("blue|wood|l")
    assert not multi.has_partition_key("blue|l")
    assert multi.get_tags_for_partition_key("red|wood|s") == {
        "dagster/partition": "red|wood|s",
        "dagster/partition/color": "red",
        "dagster/partition/material": "wood",
        "dagster/partition/size": "s",
    }
    assert multi.get_partition_keys()[3].keys_by_dimension == {
        "color": "blue",
        "material": "wood",
        "size": "l",
    }


def test_three_dimensions_with_time() -> None:
    """A time dimension among three is primary; ranges are per-dimension products."""
    daily = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-01-04")
    multi = MultiPartitionsDefinition({"z": S(["1", "2"]), "date": daily, "a": S(["p", "q"])})
    assert multi.primary_dimension.name == "date"
    assert multi.secondary_dimension.name == "a"
    assert multi.get_partition_keys_in_range(("q|2022-01-02|1", "q|2022-01-03|2")) == [
        "q|2022-01-02|1",
        "q|2022-01-02|2",
        "q|2022-01-03|1",
        "q|2022-01-03|2",
    ]
    assert multi.time_window_for_partition_key("p|2022-01-03|1").start == _dt.datetime(
        2022, 1, 3, tzinfo=UTC
    )
    with pytest.raises(CheckError, match="Expected 3 partition keys"):
        multi.get_partition_key_from_str("p|2022-01-03")


def test_four_dimensions() -> None:
    """Four dimensions: product order, count and dimension-value lookup."""
    multi = MultiPartitionsDefinition(
        {"d": S(["d1", "d2"]), "c": S(["c1"]), "b": S(["b1", "b2"]), "a": S(["a1", "a2"])}
    )
    keys: list[str] = list(multi.get_partition_keys())
    assert len(keys) == multi.get_num_partitions() == 8
    assert keys[:3] == ["a1|b1|c1|d1", "a1|b1|c1|d2", "a1|b2|c1|d1"]
    assert keys[-1] == "a2|b2|c1|d2"
    assert multi.get_multipartition_keys_with_dimension_value("b", "b2") == [
        "a1|b2|c1|d1",
        "a1|b2|c1|d2",
        "a2|b2|c1|d1",
        "a2|b2|c1|d2",
    ]
    assert multi.key_space().key_at(5) == keys[5]
    assert multi.key_space().index_of("a2|b1|c1|d2") == keys.index("a2|b1|c1|d2")
    assert str(multi).count("\n") == 4


# -- scale ---------------------------------------------------------------------------------------


@pytest.fixture
def five_years_by_region() -> MultiPartitionsDefinition:
    daily = DailyPartitionsDefinition(start_date="2020-01-01", end_date="2025-01-01")
    regions = S([f"region-{i:02d}" for i in range(50)])
    return MultiPartitionsDefinition({"date": daily, "region": regions})


def test_91k_keys_are_memory_light(five_years_by_region: MultiPartitionsDefinition) -> None:
    """The 91k keys take far less than 60 MiB."""
    tracemalloc.start()
    try:
        keys = five_years_by_region.get_partition_keys()
        used = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(keys) == 91_350
    assert used < 20 * 2**20


def test_count_and_membership_do_not_list(five_years_by_region: MultiPartitionsDefinition) -> None:
    """Count, membership and position on 91k keys answer right (speed: benchmarks/)."""
    assert five_years_by_region.get_num_partitions() == 91_350
    assert five_years_by_region.has_partition_key("2024-12-31|region-49")
    assert not five_years_by_region.has_partition_key("2025-01-01|region-49")
    assert five_years_by_region.key_space().key_at(91_349) == "2024-12-31|region-49"
