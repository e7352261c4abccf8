"""serialize_value / deserialize_value: the reference's JSON shapes for partition values."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partwise import (
    AllPartitionMapping,
    DailyPartitionsDefinition,
    DefaultPartitionsSubset,
    DimensionPartitionMapping,
    IdentityPartitionMapping,
    MultiPartitionKey,
    MultiPartitionMapping,
    MultiToSingleDimensionPartitionMapping,
    PartitionKeyRange,
    SerializationError,
    StaticPartitionMapping,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
    TimeWindowPartitionsSubset,
    deserialize_value,
    serialize_value,
)

NY = TimeWindowPartitionsDefinition(
    start="2023-01-01",
    end="2023-02-01",
    cron_schedule="0 0 * * *",
    fmt="%Y-%m-%d",
    timezone="America/New_York",
)


def _stamp(ts: float, tz: str = "America/New_York") -> dict[str, object]:
    return {"__class__": "TimestampWithTimezone", "timestamp": ts, "timezone": tz}


def test_key_range_and_keys() -> None:
    text = serialize_value(PartitionKeyRange("a", "b"))
    assert text == '{"__class__": "PartitionKeyRange", "end": "b", "start": "a"}'
    assert deserialize_value(text, PartitionKeyRange) == PartitionKeyRange("a", "b")
    assert serialize_value(MultiPartitionKey({"x": "1", "y": "2"})) == '"1|2"'


def test_default_subset_shape() -> None:
    text = serialize_value(DefaultPartitionsSubset({"c", "a"}))
    assert json.loads(text) == {
        "__class__": "DefaultPartitionsSubset",
        "subset": {"__set__": ["a", "c"]},
    }
    assert deserialize_value(text) == DefaultPartitionsSubset({"a", "c"})


def test_time_window_definition_shape_and_round_trip() -> None:
    assert json.loads(serialize_value(NY)) == {
        "__class__": "TimeWindowPartitionsDefinition",
        "cron_schedule": "0 0 * * *",
        "end": _stamp(1675227600.0),
        "end_offset": 0,
        "exclusions": None,
        "fmt": "%Y-%m-%d",
        "start": _stamp(1672549200.0),
        "timezone": "America/New_York",
    }
    back = deserialize_value(serialize_value(NY), TimeWindowPartitionsDefinition)
    assert back == NY and back.start.tzinfo == NY.start.tzinfo


def test_time_window_subset_shape_and_round_trip() -> None:
    subset = NY.empty_subset().with_partition_keys(["2023-01-02", "2023-01-03", "2023-01-05"])
    data = json.loads(serialize_value(subset))
    assert data["__class__"] == "TimeWindowPartitionsSubset" and data["num_partitions"] == 3
    assert data["included_time_windows"][0] == {
        "__class__": "TimeWindow",
        "end": _stamp(1672808400.0),
        "start": _stamp(1672635600.0),
    }
    back = deserialize_value(serialize_value(subset), TimeWindowPartitionsSubset)
    assert back == subset and back.get_partition_keys() == subset.get_partition_keys()
    tz = back.included_time_windows[0].start.tzinfo
    assert tz == subset.included_time_windows[0].start.tzinfo


def test_a_cadence_definition_is_written_as_a_time_window_definition() -> None:
    daily = DailyPartitionsDefinition("2023-01-01")
    back = deserialize_value(serialize_value(daily.subset_with_partition_keys(["2023-01-02"])))
    assert back.partitions_def == daily and back.get_partition_keys() == ["2023-01-02"]


def test_containers_and_exclusions() -> None:
    value = {"a": {"x", "b"}, "r": (1, 2), "f": frozenset({"z"}), "n": None}
    text = serialize_value(value)
    assert (
        text
        == '{"a": {"__set__": ["b", "x"]}, "f": {"__frozenset__": ["z"]}, "n": null, "r": [1, 2]}'
    )
    assert deserialize_value(text) == {
        "a": {"x", "b"},
        "r": [1, 2],
        "f": frozenset({"z"}),
        "n": None,
    }
    excluding = DailyPartitionsDefinition(
        "2023-01-01", timezone="Europe/Paris", exclusions=["0 0 * * 6", dt.datetime(2023, 1, 5)]
    )
    back = deserialize_value(serialize_value(excluding))
    assert back == excluding and back.exclusions[1] == dt.datetime(2023, 1, 5)


def test_refusals() -> None:
    with pytest.raises(SerializationError, match=r"Cannot serialize object at <root>\.k"):
        serialize_value({"k": object()})
    with pytest.raises(SerializationError, match='class "Nope"'):
        deserialize_value('{"__class__": "Nope"}')
    with pytest.raises(SerializationError, match="not expected type"):
        deserialize_value(serialize_value(PartitionKeyRange("a", "b")), dt.datetime)
    with pytest.raises(SerializationError, match="missing the field 'start'"):
        deserialize_value('{"__class__": "PartitionKeyRange", "end": "b"}')
    with pytest.raises(SerializationError, match="Cannot deserialize"):
        deserialize_value("{")


@pytest.mark.parametrize(
    ("mapping", "fields"),
    [
        (IdentityPartitionMapping(), {}),
        (
            StaticPartitionMapping({"p1": "p", "q": ["q1", "q2"]}),
            {"downstream_partition_keys_by_upstream_partition_key": {"p1": "p", "q": ["q1", "q2"]}},
        ),
        (
            TimeWindowPartitionMapping(start_offset=-1),
            {"allow_nonexistent_upstream_partitions": False, "end_offset": 0, "start_offset": -1},
        ),
        (MultiToSingleDimensionPartitionMapping("x"), {"partition_dimension_name": "x"}),
        (
            MultiPartitionMapping({"a": DimensionPartitionMapping("b", AllPartitionMapping())}),
            {
                "downstream_mappings_by_upstream_dimension": {
                    "a": {
                        "__class__": "DimensionPartitionMapping",
                        "dimension_name": "b",
                        "partition_mapping": {"__class__": "AllPartitionMapping"},
                    }
                }
            },
        ),
    ],
)
def test_partition_mappings(mapping: object, fields: dict[str, object]) -> None:
    text = serialize_value(mapping)
    assert json.loads(text) == {"__class__": type(mapping).__name__, **fields}
    assert deserialize_value(text, type(mapping)) == mapping
