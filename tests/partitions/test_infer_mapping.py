"""Default mapping inference and edge validation: spec §3.4-§3.5."""

from __future__ import annotations

import pytest

from partwise._partitions.definitions.base import PartitionsDefinition
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
)
from partwise._partitions.definitions.dynamic import DynamicPartitionsDefinition
from partwise._partitions.definitions.multi import MultiPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise._partitions.mappings.base import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    LastPartitionMapping,
    PartitionMapping,
)
from partwise._partitions.mappings.infer import infer_partition_mapping, validate_mapping_for_defs
from partwise._partitions.mappings.multi import MultiToSingleDimensionPartitionMapping
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping
from partwise.errors import CheckError, InvalidDefinitionError

STATIC = StaticPartitionsDefinition(["a", "b"])
OTHER_STATIC = StaticPartitionsDefinition(["x", "y"])
DAILY = DailyPartitionsDefinition("2022-01-01")
HOURLY = HourlyPartitionsDefinition("2022-01-01-00:00")
CENTRAL = DailyPartitionsDefinition("2022-01-01", timezone="US/Central")
DYNAMIC = DynamicPartitionsDefinition(name="things")
MULTI = MultiPartitionsDefinition({"date": DAILY, "letter": STATIC, "thing": DYNAMIC})
NO_TIME = MultiPartitionsDefinition({"letter": STATIC, "num": StaticPartitionsDefinition(["1"])})
TWO_TIMES = MultiPartitionsDefinition({"d": DAILY, "h": HOURLY})

KINDS: dict[str, PartitionsDefinition | None] = {
    "none": None,
    "static": STATIC,
    "time": DAILY,
    "dynamic": DYNAMIC,
    "multi": MULTI,
}

# The §3.4 table: (downstream, upstream) → the inferred mapping and whether it validates.
TABLE: dict[tuple[str, str], tuple[type[PartitionMapping], bool]] = {
    ("none", "none"): (AllPartitionMapping, True),
    ("none", "static"): (AllPartitionMapping, True),
    ("none", "time"): (AllPartitionMapping, True),
    ("none", "dynamic"): (AllPartitionMapping, True),
    ("none", "multi"): (AllPartitionMapping, True),
    ("static", "none"): (AllPartitionMapping, True),
    ("static", "static"): (IdentityPartitionMapping, True),
    ("static", "time"): (IdentityPartitionMapping, False),
    ("static", "dynamic"): (IdentityPartitionMapping, False),
    ("static", "multi"): (MultiToSingleDimensionPartitionMapping, True),
    ("time", "none"): (AllPartitionMapping, True),
    ("time", "static"): (IdentityPartitionMapping, False),
    ("time", "time"): (TimeWindowPartitionMapping, True),
    ("time", "dynamic"): (IdentityPartitionMapping, False),
    ("time", "multi"): (MultiToSingleDimensionPartitionMapping, True),
    ("dynamic", "none"): (AllPartitionMapping, True),
    ("dynamic", "static"): (IdentityPartitionMapping, False),
    ("dynamic", "time"): (IdentityPartitionMapping, False),
    ("dynamic", "dynamic"): (IdentityPartitionMapping, True),
    ("dynamic", "multi"): (MultiToSingleDimensionPartitionMapping, True),
    ("multi", "none"): (AllPartitionMapping, True),
    ("multi", "static"): (MultiToSingleDimensionPartitionMapping, True),
    ("multi", "time"): (MultiToSingleDimensionPartitionMapping, True),
    ("multi", "dynamic"): (MultiToSingleDimensionPartitionMapping, True),
    ("multi", "multi"): (IdentityPartitionMapping, True),
}


@pytest.mark.parametrize(("down", "up"), sorted(TABLE))
def test_inferred_mapping_follows_the_table(down: str, up: str) -> None:
    """Each (downstream, upstream) kind pair infers the mapping of the §3.4 table."""
    expected, _ = TABLE[(down, up)]
    assert type(infer_partition_mapping(None, KINDS[down], KINDS[up])) is expected


@pytest.mark.parametrize(("down", "up"), sorted(k for k, v in TABLE.items() if k[1] != "none"))
def test_inferred_mapping_validates_as_the_table_says(down: str, up: str) -> None:
    """Pairs marked "→ invalid" fail validation; the others pass."""
    _, valid = TABLE[(down, up)]
    mapping = infer_partition_mapping(None, KINDS[down], KINDS[up])
    up_def = KINDS[up]
    assert up_def is not None
    if valid:
        mapping.validate_partition_mapping(up_def, KINDS[down])
    else:
        with pytest.raises(InvalidDefinitionError, match="must match"):
            mapping.validate_partition_mapping(up_def, KINDS[down])


def test_explicit_mapping_wins() -> None:
    """An explicit mapping is returned as is."""
    explicit = LastPartitionMapping()
    assert infer_partition_mapping(explicit, DAILY, HOURLY) is explicit


def test_time_windows_of_different_zones_infer_time_window_mapping() -> None:
    """Two time-window definitions infer TimeWindowPartitionMapping even across zones."""
    mapping = infer_partition_mapping(None, CENTRAL, DAILY)
    assert mapping == TimeWindowPartitionMapping()
    with pytest.raises(InvalidDefinitionError, match=r"^Timezones"):
        mapping.validate_partition_mapping(DAILY, CENTRAL)


def test_hourly_over_multi_with_one_time_dimension_infers_m2s() -> None:
    """A time def that is not a dimension still matches the single time dimension."""
    assert infer_partition_mapping(None, HOURLY, MULTI) == MultiToSingleDimensionPartitionMapping()


def test_static_over_multi_without_that_dimension_infers_identity() -> None:
    """A static def that is no dimension infers Identity (which then fails validation)."""
    assert infer_partition_mapping(None, OTHER_STATIC, NO_TIME) == IdentityPartitionMapping()


def test_time_over_multi_with_two_time_dimensions_infers_identity() -> None:
    """Two time dimensions, neither equal to the single def: no M2S."""
    weekly_like = DailyPartitionsDefinition("2021-01-01")
    assert infer_partition_mapping(None, weekly_like, TWO_TIMES) == IdentityPartitionMapping()


def test_time_over_multi_with_an_equal_time_dimension_infers_m2s() -> None:
    """An exact dimension match wins even with two time dimensions."""
    assert (
        infer_partition_mapping(None, DAILY, TWO_TIMES) == MultiToSingleDimensionPartitionMapping()
    )


def test_dynamic_definitions_of_different_names_still_infer_identity() -> None:
    """Identity is inferred for two dynamic definitions whatever their names."""
    other = DynamicPartitionsDefinition(name="others")
    assert infer_partition_mapping(None, other, DYNAMIC) == IdentityPartitionMapping()


# -- validate_mapping_for_defs -------------------------------------------------------------------


def test_validate_edge_returns_the_inferred_mapping() -> None:
    """A valid edge returns the mapping it will use."""
    mapping = validate_mapping_for_defs(None, DAILY, HOURLY, "daily_asset", "hourly_asset")
    assert mapping == TimeWindowPartitionMapping()


def test_validate_edge_wraps_the_error_naming_both_assets() -> None:
    """A failing edge raises InvalidDefinitionError naming both assets, cause attached."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^Invalid partition mapping from down_asset to up_asset"
    ) as info:
        validate_mapping_for_defs(None, STATIC, DAILY, "down_asset", "up_asset")
    assert isinstance(info.value.__cause__, InvalidDefinitionError)
    assert "must match" in str(info.value.__cause__)


def test_validate_edge_wraps_check_errors_too() -> None:
    """A CheckError from an explicit mapping is wrapped the same way."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^Invalid partition mapping from d to u"
    ) as info:
        validate_mapping_for_defs(MultiToSingleDimensionPartitionMapping(), STATIC, DAILY, "d", "u")
    assert isinstance(info.value.__cause__, CheckError)


def test_validate_edge_skips_an_unpartitioned_upstream() -> None:
    """An unpartitioned upstream needs no validation."""
    assert validate_mapping_for_defs(None, DAILY, None, "d", "u") == AllPartitionMapping()


def test_validate_edge_accepts_unpartitioned_downstream() -> None:
    """An unpartitioned downstream over a partitioned upstream uses All and is valid."""
    assert validate_mapping_for_defs(None, None, DAILY, "d", "u") == AllPartitionMapping()
