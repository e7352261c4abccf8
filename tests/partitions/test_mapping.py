"""Identity, All, Last, Static, Specific and the multi-dimensional mappings: spec §3.1-§3.2."""

from __future__ import annotations

import datetime as _dt

import pytest

from partwise._partitions.definitions.base import PartitionKeyRange, PartitionsDefinition
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.dynamic import (
    DynamicPartitionsDefinition,
    InMemoryDynamicPartitionsStore,
)
from partwise._partitions.definitions.multi import MultiPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise._partitions.mappings.base import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    LastPartitionMapping,
    NonexistentPartitionsSubset,
    PartitionMapping,
    UpstreamPartitionsResult,
)
from partwise._partitions.mappings.multi import (
    DimensionPartitionMapping,
    MultiPartitionMapping,
    MultiToSingleDimensionPartitionMapping,
)
from partwise._partitions.mappings.static import (
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
)
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise.errors import CheckError, InvalidDefinitionError

NOW = _dt.datetime(2022, 6, 1)
S = StaticPartitionsDefinition
LETTERS = S(["a", "b", "c"])
NUMS = S(["1", "2"])
DAILY = DailyPartitionsDefinition("2022-01-01")
HOURLY = HourlyPartitionsDefinition("2022-01-01-00:00")
WEEKLY = WeeklyPartitionsDefinition("2022-01-01")
DATE_LETTER = MultiPartitionsDefinition({"date": DAILY, "letter": LETTERS})


def upstream(
    mapping: PartitionMapping,
    down: PartitionsDefinition,
    up: PartitionsDefinition,
    keys: list[str],
    store: InMemoryDynamicPartitionsStore | None = None,
) -> UpstreamPartitionsResult:
    return mapping.get_upstream_mapped_partitions_result_for_partitions(
        down.subset_with_partition_keys(keys),
        down,
        up,
        current_time=NOW,
        dynamic_partitions_store=store,
    )


def found(*args: object) -> list[str]:
    return sorted(upstream(*args).partitions_subset.get_partition_keys())  # type: ignore[arg-type]


def downstream(
    mapping: PartitionMapping,
    up: PartitionsDefinition,
    down: PartitionsDefinition,
    keys: list[str],
    store: InMemoryDynamicPartitionsStore | None = None,
) -> list[str]:
    subset = mapping.get_downstream_partitions_for_partitions(
        up.subset_with_partition_keys(keys),
        up,
        down,
        current_time=NOW,
        dynamic_partitions_store=store,
    )
    return sorted(subset.get_partition_keys())


# -- UpstreamPartitionsResult and NonexistentPartitionsSubset ------------------------------------


def test_result_lists_required_but_nonexistent_keys() -> None:
    """The convenience property lists the nonexistent subset's keys."""
    missing = NonexistentPartitionsSubset(LETTERS, [["z", "y"]])
    result = UpstreamPartitionsResult(LETTERS.empty_subset(), missing)
    assert result.required_but_nonexistent_partition_keys == ["z", "y"]


def test_result_is_frozen() -> None:
    """A result cannot be modified."""
    result = UpstreamPartitionsResult(LETTERS.empty_subset(), LETTERS.empty_subset())
    with pytest.raises(AttributeError):
        result.partitions_subset = LETTERS.empty_subset()  # type: ignore[misc]


def test_nonexistent_subset_reports_keys_and_ranges() -> None:
    """Runs of keys report their keys, length, membership and ranges."""
    subset = NonexistentPartitionsSubset(DAILY, [["2021-12-30", "2021-12-31"], ["2021-12-25"]])
    assert list(subset.get_partition_keys()) == ["2021-12-30", "2021-12-31", "2021-12-25"]
    assert len(subset) == 3
    assert "2021-12-31" in subset
    assert subset.get_partition_key_ranges() == [
        PartitionKeyRange("2021-12-30", "2021-12-31"),
        PartitionKeyRange("2021-12-25", "2021-12-25"),
    ]


def test_nonexistent_subset_drops_repeated_keys() -> None:
    """A key listed twice is kept once."""
    subset = NonexistentPartitionsSubset(LETTERS, [["z"], ["z", "y"]])
    assert list(subset.get_partition_keys()) == ["z", "y"]


# -- Identity ------------------------------------------------------------------------------------


def test_identity_splits_found_and_missing_keys() -> None:
    """Down {a, z} over up {a, b, c} → found [a], missing [z]."""
    result = upstream(IdentityPartitionMapping(), S(["a", "z"]), LETTERS, ["a", "z"])
    assert list(result.partitions_subset.get_partition_keys()) == ["a"]
    assert result.required_but_nonexistent_partition_keys == ["z"]


def test_identity_with_equal_definitions_returns_the_subset() -> None:
    """Equal definitions hand the downstream subset through unchanged."""
    subset = LETTERS.subset_with_partition_keys(["b"])
    result = IdentityPartitionMapping().get_upstream_mapped_partitions_result_for_partitions(
        subset, LETTERS, S(["a", "b", "c"]), current_time=NOW
    )
    assert result.partitions_subset is subset
    assert result.required_but_nonexistent_partition_keys == []


def test_identity_downstream_is_the_intersection() -> None:
    """Upstream {a, b} → the downstream keys among them."""
    assert downstream(IdentityPartitionMapping(), LETTERS, S(["a", "z"]), ["a", "b"]) == ["a"]


def test_identity_between_same_named_dynamic_definitions() -> None:
    """Dynamic definitions with one name map key to key through the store."""
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("f", ["x", "y"])
    dyn = DynamicPartitionsDefinition(name="f")
    assert found(
        IdentityPartitionMapping(), dyn, DynamicPartitionsDefinition(name="f"), ["x"], store
    ) == ["x"]


def test_identity_between_time_definitions_reports_unparseable_missing_keys() -> None:
    """Static keys over a daily upstream are missing, not errors."""
    result = upstream(IdentityPartitionMapping(), LETTERS, DAILY, ["a"])
    assert result.required_but_nonexistent_partition_keys == ["a"]


def test_identity_validation_requires_the_same_kind() -> None:
    """Static over daily fails with the reference text."""
    with pytest.raises(
        InvalidDefinitionError,
        match=r"^Upstream and downstream partitions definitions must match, or a different "
        r"partition mapping must be provided\.",
    ):
        IdentityPartitionMapping().validate_partition_mapping(DAILY, LETTERS)


def test_identity_validation_accepts_the_same_kind() -> None:
    """Two static definitions validate."""
    IdentityPartitionMapping().validate_partition_mapping(LETTERS, S(["x"]))


def test_identity_needs_a_partitioned_downstream() -> None:
    """An unpartitioned downstream is a CheckError."""
    with pytest.raises(CheckError, match="not partitioned"):
        IdentityPartitionMapping().get_upstream_mapped_partitions_result_for_partitions(
            None, None, LETTERS
        )


# -- All and Last --------------------------------------------------------------------------------


def test_all_maps_to_every_upstream_partition() -> None:
    """Any downstream subset reads all upstream partitions at the current time."""
    assert len(upstream(AllPartitionMapping(), LETTERS, DAILY, ["a"]).partitions_subset) == 151


def test_all_works_for_an_unpartitioned_downstream() -> None:
    """A None downstream subset reads every upstream partition."""
    result = AllPartitionMapping().get_upstream_mapped_partitions_result_for_partitions(
        None, None, LETTERS, current_time=NOW
    )
    assert sorted(result.partitions_subset.get_partition_keys()) == ["a", "b", "c"]


def test_all_downstream_is_everything_for_a_non_empty_subset() -> None:
    """A non-empty upstream subset reaches every downstream partition."""
    assert downstream(AllPartitionMapping(), DAILY, LETTERS, ["2022-05-30"]) == ["a", "b", "c"]


def test_all_downstream_is_empty_for_an_empty_subset() -> None:
    """An empty upstream subset reaches nothing."""
    assert downstream(AllPartitionMapping(), DAILY, LETTERS, []) == []


def test_last_maps_to_the_last_upstream_partition() -> None:
    """The last daily key at the current time."""
    assert found(LastPartitionMapping(), LETTERS, DAILY, ["a"]) == ["2022-05-31"]


def test_last_of_an_empty_upstream_is_empty() -> None:
    """No upstream partitions → nothing."""
    empty = DailyPartitionsDefinition("2030-01-01")
    assert found(LastPartitionMapping(), LETTERS, empty, ["a"]) == []


def test_last_downstream_only_when_the_last_key_is_included() -> None:
    """Downstream is everything iff the subset has the current last upstream key."""
    assert downstream(LastPartitionMapping(), DAILY, LETTERS, ["2022-05-31"]) == ["a", "b", "c"]
    assert downstream(LastPartitionMapping(), DAILY, LETTERS, ["2022-05-30"]) == []


# -- Static --------------------------------------------------------------------------------------

TABLE = StaticPartitionMapping({"a": ["1", "2"], "b": "2"})


def test_static_upstream_is_the_inverse_lookup() -> None:
    """Downstream 2 is read from both upstream keys that list it."""
    assert found(TABLE, NUMS, LETTERS, ["2"]) == ["a", "b"]


def test_static_downstream_is_the_forward_lookup() -> None:
    """Upstream a feeds 1 and 2; unmapped c feeds nothing."""
    assert downstream(TABLE, LETTERS, NUMS, ["a"]) == ["1", "2"]
    assert downstream(TABLE, LETTERS, NUMS, ["c"]) == []


def test_static_validation_rejects_unknown_sources() -> None:
    """A source key missing upstream raises ValueError naming it."""
    with pytest.raises(
        ValueError,
        match=r"^mapping source partitions not in the upstream partitions definition: \{'zz'\}",
    ):
        StaticPartitionMapping({"zz": "a"}).validate_partition_mapping(LETTERS, LETTERS)


def test_static_validation_rejects_unknown_targets() -> None:
    """A target key missing downstream raises ValueError naming it."""
    with pytest.raises(
        ValueError,
        match=r"^mapping target partitions not in the downstream partitions definition: \{'yy'\}",
    ):
        StaticPartitionMapping({"a": ["a", "yy"]}).validate_partition_mapping(LETTERS, LETTERS)


@pytest.mark.parametrize(
    ("up", "down", "side"), [(DAILY, LETTERS, "Upstream"), (LETTERS, DAILY, "Downstream")]
)
def test_static_validation_requires_static_definitions(
    up: PartitionsDefinition, down: PartitionsDefinition, side: str
) -> None:
    """Both sides must be static."""
    with pytest.raises(
        InvalidDefinitionError,
        match=f"^{side} partitions definition must be a StaticPartitionsDefinition",
    ):
        StaticPartitionMapping({"a": "a"}).validate_partition_mapping(up, down)


def test_static_mapping_is_a_hashable_value() -> None:
    """Equal tables make equal, hashable mappings with a readable repr."""
    assert StaticPartitionMapping({"a": "b"}) == StaticPartitionMapping({"a": "b"})
    assert hash(StaticPartitionMapping({"a": ["b"]})) == hash(StaticPartitionMapping({"a": ["b"]}))
    assert StaticPartitionMapping({"a": ["b"]}) != StaticPartitionMapping(
        {"a": "b"}
    )  # as reference
    assert repr(StaticPartitionMapping({"a": "b"})) == (
        "StaticPartitionMapping(downstream_partition_keys_by_upstream_partition_key={'a': 'b'})"
    )


# -- Specific ------------------------------------------------------------------------------------


def test_specific_maps_to_exactly_the_listed_keys() -> None:
    """Every downstream partition reads the listed upstream keys."""
    assert found(SpecificPartitionsPartitionMapping(["b"]), DAILY, LETTERS, ["2022-05-30"]) == ["b"]


def test_specific_works_for_an_unpartitioned_downstream() -> None:
    """An unpartitioned downstream reads the listed keys too."""
    result = SpecificPartitionsPartitionMapping(
        ["b"]
    ).get_upstream_mapped_partitions_result_for_partitions(None, None, LETTERS, current_time=NOW)
    assert list(result.partitions_subset.get_partition_keys()) == ["b"]


def test_specific_reports_listed_keys_that_do_not_exist() -> None:
    """A listed key missing upstream is reported, not returned as found."""
    result = upstream(
        SpecificPartitionsPartitionMapping(["b", "q"]), DAILY, LETTERS, ["2022-05-30"]
    )
    assert list(result.partitions_subset.get_partition_keys()) == ["b"]
    assert result.required_but_nonexistent_partition_keys == ["q"]


def test_specific_downstream_is_all_or_nothing() -> None:
    """All downstream partitions iff a listed key is in the upstream subset."""
    mapping = SpecificPartitionsPartitionMapping(["b"])
    assert len(downstream(mapping, LETTERS, DAILY, ["b"])) == 151
    assert downstream(mapping, LETTERS, DAILY, ["a"]) == []


def test_specific_rejects_a_bare_string() -> None:
    """A single str is not a list of keys."""
    with pytest.raises(CheckError, match="did you mean"):
        SpecificPartitionsPartitionMapping("ab")


# -- MultiToSingleDimensionPartitionMapping ------------------------------------------------------

M2S = MultiToSingleDimensionPartitionMapping()


def test_single_over_multi_reads_every_key_of_the_matching_value() -> None:
    """Daily over multi(date, letter): a day reads its three multi keys."""
    assert found(M2S, DAILY, DATE_LETTER, ["2022-04-12"]) == [
        "2022-04-12|a",
        "2022-04-12|b",
        "2022-04-12|c",
    ]


def test_multi_over_single_reads_the_dimension_value() -> None:
    """Multi over daily: 2022-04-12|b reads 2022-04-12."""
    assert found(M2S, DATE_LETTER, DAILY, ["2022-04-12|b"]) == ["2022-04-12"]


def test_hourly_over_multi_daily_uses_the_time_dimension() -> None:
    """Hourly over multi(daily, letter) reads the containing day's three keys."""
    assert found(M2S, HOURLY, DATE_LETTER, ["2022-04-12-05:00"]) == [
        "2022-04-12|a",
        "2022-04-12|b",
        "2022-04-12|c",
    ]


def test_multi_over_weekly_uses_a_time_window_mapping() -> None:
    """Multi(daily, letter) over weekly reads the containing week."""
    assert found(M2S, DATE_LETTER, WEEKLY, ["2022-04-12|a"]) == ["2022-04-10"]


def test_static_over_multi_reads_the_letter_across_all_dates() -> None:
    """A letter reads that letter on every existing date."""
    keys = found(M2S, LETTERS, DATE_LETTER, ["b"])
    assert len(keys) == 151
    assert all(k.endswith("|b") for k in keys)


def test_m2s_downstream_in_both_directions() -> None:
    """Multi keys map down to their date; a date maps down to its multi keys."""
    assert downstream(M2S, DATE_LETTER, DAILY, ["2022-04-12|b", "2022-04-13|a"]) == [
        "2022-04-12",
        "2022-04-13",
    ]
    assert downstream(M2S, DAILY, DATE_LETTER, ["2022-04-12"]) == [
        "2022-04-12|a",
        "2022-04-12|b",
        "2022-04-12|c",
    ]


def test_m2s_reports_the_missing_dimension_key() -> None:
    """A day before the multi's date dimension starts is reported as that day (the dimension
    key the mapping asked for), as the reference does, not as the multi keys it would spoil."""
    later = MultiPartitionsDefinition(
        {"date": DailyPartitionsDefinition("2022-03-01"), "letter": LETTERS}
    )
    result = upstream(M2S, DAILY, later, ["2022-02-01"])
    assert len(result.partitions_subset) == 0
    assert result.required_but_nonexistent_partition_keys == ["2022-02-01"]


def test_m2s_honours_the_dimension_name() -> None:
    """With two equal static dimensions, the named one is used."""
    twin = MultiPartitionsDefinition({"x": LETTERS, "y": S(["a", "b", "c"])})
    keys = found(MultiToSingleDimensionPartitionMapping("y"), LETTERS, twin, ["a"])
    assert keys == ["a|a", "b|a", "c|a"]


def test_m2s_with_two_matching_dimensions_needs_a_name() -> None:
    """Ambiguous dimensions without a name fail validation."""
    twin = MultiPartitionsDefinition({"x": LETTERS, "y": S(["a", "b", "c"])})
    with pytest.raises(CheckError, match="dimension name must be specified"):
        M2S.validate_partition_mapping(twin, LETTERS)


def test_m2s_unknown_dimension_name_fails_with_a_hint() -> None:
    """A dimension name the multi lacks fails, suggesting the nearest name."""
    with pytest.raises(CheckError, match=r"not found.*did you mean 'date'"):
        MultiToSingleDimensionPartitionMapping("dat").validate_partition_mapping(DATE_LETTER, DAILY)


@pytest.mark.parametrize(
    ("up", "down", "count"),
    [(LETTERS, DAILY, 0), (DATE_LETTER, DATE_LETTER, 2)],
)
def test_m2s_needs_exactly_one_multi_side(
    up: PartitionsDefinition, down: PartitionsDefinition, count: int
) -> None:
    """Zero or two multi definitions fail validation with the reference text."""
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: Can only use MultiToSingleDimensionPartitionMapping when "
        rf"upstream asset is multipartitioned.*Instead received {count} multi-partitioned assets",
    ):
        M2S.validate_partition_mapping(up, down)


def test_m2s_rejects_an_unrelated_single_definition() -> None:
    """A static def that is not a dimension fails validation."""
    with pytest.raises(CheckError, match="can only be used when"):
        M2S.validate_partition_mapping(DATE_LETTER, S(["x"]))


def test_m2s_needs_a_downstream_definition() -> None:
    """An unpartitioned downstream fails validation."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^downstream_partitions_def must be provided"
    ):
        M2S.validate_partition_mapping(DATE_LETTER, None)


def test_m2s_with_a_dynamic_dimension() -> None:
    """A named dynamic definition matches the equal dynamic dimension."""
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("f", ["x", "y"])
    multi = MultiPartitionsDefinition({"f": DynamicPartitionsDefinition(name="f"), "n": NUMS})
    keys = found(M2S, DynamicPartitionsDefinition(name="f"), multi, ["y"], store)
    assert keys == ["y|1", "y|2"]


def test_m2s_is_a_value() -> None:
    """Equal names make equal mappings; the repr shows the name."""
    assert MultiToSingleDimensionPartitionMapping() == M2S
    assert repr(M2S) == "MultiToSingleDimensionPartitionMapping(partition_dimension_name=None)"


# -- MultiPartitionMapping -----------------------------------------------------------------------

WEEK_NUM = MultiPartitionsDefinition({"week": WEEKLY, "num": NUMS})
BY_TIME = MultiPartitionMapping(
    {"date": DimensionPartitionMapping("week", TimeWindowPartitionMapping())}
)


def test_multi_mapping_relates_unnamed_dimensions_all_to_all() -> None:
    """A week of one number reads all seven days of every letter."""
    keys = found(BY_TIME, WEEK_NUM, DATE_LETTER, ["1|2022-04-10"])
    assert len(keys) == 21
    assert keys[:3] == ["2022-04-10|a", "2022-04-10|b", "2022-04-10|c"]


def test_multi_mapping_reports_missing_dimension_keys_once() -> None:
    """Days before the upstream's date dimension starts are reported once each, as days; the
    keys of the days that exist are still read."""
    later = MultiPartitionsDefinition(
        {"date": DailyPartitionsDefinition("2022-03-01"), "letter": LETTERS}
    )
    by_day = MultiPartitionMapping(
        {
            "date": DimensionPartitionMapping("date", TimeWindowPartitionMapping()),
            "letter": DimensionPartitionMapping("letter", IdentityPartitionMapping()),
        }
    )
    keys = ["2022-02-27|a", "2022-02-27|b", "2022-02-28|a", "2022-03-01|a"]
    result = upstream(by_day, DATE_LETTER, later, keys)
    assert sorted(result.partitions_subset.get_partition_keys()) == ["2022-03-01|a"]
    assert result.required_but_nonexistent_partition_keys == ["2022-02-27", "2022-02-28"]


def test_multi_mapping_downstream_covers_unnamed_dimensions() -> None:
    """A day of one letter feeds its week for every number."""
    assert downstream(BY_TIME, DATE_LETTER, WEEK_NUM, ["2022-04-12|a"]) == [
        "1|2022-04-10",
        "2|2022-04-10",
    ]


def test_multi_mapping_combines_dimension_mappings() -> None:
    """Time and static dimension mappings combine key by key."""
    mapping = MultiPartitionMapping(
        {
            "date": DimensionPartitionMapping("week", TimeWindowPartitionMapping()),
            "letter": DimensionPartitionMapping(
                "num", StaticPartitionMapping({"a": "1", "b": ["1", "2"]})
            ),
        }
    )
    assert found(mapping, WEEK_NUM, DATE_LETTER, ["2|2022-04-10"]) == [
        f"2022-04-{d}|b" for d in range(10, 17)
    ]
    assert downstream(mapping, DATE_LETTER, WEEK_NUM, ["2022-04-12|b", "2022-04-12|c"]) == [
        "1|2022-04-10",
        "2|2022-04-10",
    ]


def test_multi_mapping_handles_three_dimensions() -> None:
    """N-dimensional definitions: the named pair maps, the rest relate all-to-all."""
    colors = S(["red", "blue"])
    up = MultiPartitionsDefinition({"date": DAILY, "letter": LETTERS, "color": colors})
    down = MultiPartitionsDefinition({"day": DAILY, "num": NUMS})
    mapping = MultiPartitionMapping(
        {"date": DimensionPartitionMapping("day", IdentityPartitionMapping())}
    )
    keys = found(mapping, down, up, ["2022-04-12|1"])
    assert len(keys) == 6
    assert "blue|2022-04-12|a" in keys
    assert downstream(mapping, up, down, ["red|2022-04-12|c"]) == ["2022-04-12|1", "2022-04-12|2"]


def test_multi_mapping_needs_two_multi_definitions() -> None:
    """A single-dimension side fails validation with the reference text."""
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: Both partitions defs provided to a MultiPartitionMapping must "
        "be multi-partitioned",
    ):
        BY_TIME.validate_partition_mapping(DATE_LETTER, DAILY)


def test_multi_mapping_rejects_unknown_upstream_dimension() -> None:
    """An upstream dimension name the upstream lacks fails validation."""
    mapping = MultiPartitionMapping(
        {"x": DimensionPartitionMapping("week", IdentityPartitionMapping())}
    )
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: Dimension mapping has an upstream dimension name that is not "
        "in the upstream partitions def",
    ):
        mapping.validate_partition_mapping(DATE_LETTER, WEEK_NUM)


def test_multi_mapping_rejects_unknown_downstream_dimension() -> None:
    """A downstream dimension name the downstream lacks fails validation, with a hint."""
    mapping = MultiPartitionMapping(
        {"date": DimensionPartitionMapping("weak", IdentityPartitionMapping())}
    )
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: Dimension mapping has a downstream dimension name that is not "
        r"in the downstream partitions def.*did you mean 'week'",
    ):
        mapping.validate_partition_mapping(DATE_LETTER, WEEK_NUM)


def test_multi_mapping_is_not_checked_at_construction() -> None:
    """Bad dimension names are accepted until validation or use."""
    MultiPartitionMapping({"nope": DimensionPartitionMapping("nope", IdentityPartitionMapping())})


def test_multi_mapping_is_a_hashable_value() -> None:
    """Equal tables make equal, hashable mappings with a readable repr."""
    again = MultiPartitionMapping(
        {"date": DimensionPartitionMapping("week", TimeWindowPartitionMapping())}
    )
    assert again == BY_TIME
    assert hash(again) == hash(BY_TIME)
    assert repr(DimensionPartitionMapping("a", IdentityPartitionMapping())) == (
        "DimensionPartitionMapping(dimension_name='a', partition_mapping=IdentityPartitionMapping())"
    )


def test_dimension_mapping_checks_its_arguments() -> None:
    """A non-mapping partition_mapping raises CheckError."""
    with pytest.raises(CheckError, match="partition_mapping"):
        DimensionPartitionMapping("a", "identity")  # type: ignore[arg-type]


# -- common protocol -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mapping",
    [
        IdentityPartitionMapping(),
        AllPartitionMapping(),
        LastPartitionMapping(),
        TimeWindowPartitionMapping(),
        StaticPartitionMapping({"a": "a"}),
        SpecificPartitionsPartitionMapping(["a"]),
        M2S,
        BY_TIME,
    ],
)
def test_every_mapping_describes_itself(mapping: PartitionMapping) -> None:
    """Each mapping has a non-empty description and a constructor-shaped repr."""
    assert mapping.description
    assert repr(mapping).startswith(type(mapping).__name__ + "(")


def test_simple_mappings_print_like_their_constructor() -> None:
    """Field-less mappings print as an empty call."""
    assert repr(IdentityPartitionMapping()) == "IdentityPartitionMapping()"
    assert repr(AllPartitionMapping()) == "AllPartitionMapping()"
    assert repr(LastPartitionMapping()) == "LastPartitionMapping()"


def test_partition_mapping_is_abstract() -> None:
    """The base class cannot be instantiated."""
    with pytest.raises(TypeError):
        PartitionMapping()  # type: ignore[abstract]
