"""The default filesystem I/O manager through real runs: paths (§4.5) and loaded shapes."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetIn,
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    InvariantViolationError,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    asset,
    materialize,
)

HOURLY = HourlyPartitionsDefinition(start_date="2022-01-01-00:00")
DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
SHORT = DailyPartitionsDefinition(start_date="2022-01-01", end_date="2022-01-04")
MULTI = MultiPartitionsDefinition({"date": DAILY, "shape": StaticPartitionsDefinition(["a", "b"])})


@pytest.fixture
def instance(tmp_path: Path) -> Any:
    with Instance.local(tmp_path / "home") as inst:
        yield inst


def stored(instance: Any, *parts: str) -> Any:
    """The unpickled file at ``<storage>/<parts...>``."""
    path = Path(instance.root_directory, "storage", *parts)
    with path.open("rb") as f:
        return pickle.load(f)


def files_under(instance: Any, *parts: str) -> list[str]:
    root = Path(instance.root_directory, "storage", *parts)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@asset(partitions_def=HOURLY)
def h_up(context: AssetExecutionContext) -> str:
    return f"h{context.partition_key}"


@asset(partitions_def=DAILY)
def d_down(context: AssetExecutionContext, h_up: dict[str, str]) -> int:
    return len(h_up)


# -- paths --------------------------------------------------------------------------------------


def test_unpartitioned_asset_path(instance: Any) -> None:
    """An unpartitioned asset is one pickle file named by its key, without extension."""

    @asset
    def unpart() -> list[int]:
        return [1, 2]

    materialize([unpart], instance=instance)
    assert stored(instance, "unpart") == [1, 2]


def test_key_prefix_makes_directories(instance: Any) -> None:
    """Key parts become directories: ``pre/fix/pfx``."""

    @asset(key_prefix=["pre", "fix"])
    def pfx() -> str:
        return "p"

    materialize([pfx], instance=instance)
    assert stored(instance, "pre", "fix", "pfx") == "p"


def test_partitioned_asset_path_per_key(instance: Any) -> None:
    """Each partition is a file named by its key below the asset's directory."""
    materialize([h_up], partition_key="2022-01-02-05:00", instance=instance)
    assert stored(instance, "h_up", "2022-01-02-05:00") == "h2022-01-02-05:00"


def test_multi_partition_path_has_one_level_per_dimension(instance: Any) -> None:
    """A multi key is stored at ``<asset>/<dim1 value>/<dim2 value>``, dimensions by name."""

    @asset(partitions_def=MULTI)
    def m_asset(context: AssetExecutionContext) -> str:
        return str(context.partition_key)

    key = MultiPartitionKey({"shape": "b", "date": "2022-01-02"})
    materialize([m_asset], partition_key=key, instance=instance)
    assert stored(instance, "m_asset", "2022-01-02", "b") == "2022-01-02|b"


def test_slash_in_key_creates_subdirectories(instance: Any) -> None:
    """A ``/`` inside a key nests directories."""

    @asset(partitions_def=StaticPartitionsDefinition(["eu/west", "us"]))
    def regional(context: AssetExecutionContext) -> str:
        return str(context.partition_key)

    materialize([regional], partition_key="eu/west", instance=instance)
    assert stored(instance, "regional", "eu", "west") == "eu/west"


def test_base_dir_from_filesystem_io_manager(tmp_path: Path) -> None:
    """``FilesystemIOManager(base_dir=)`` replaces the instance storage directory."""
    from partwise import FilesystemIOManager

    materialize(
        [h_up],
        partition_key="2022-01-01-00:00",
        resources={"io_manager": FilesystemIOManager(base_dir=str(tmp_path / "lake"))},
    )
    assert (tmp_path / "lake" / "h_up" / "2022-01-01-00:00").is_file()


def test_writes_leave_no_temporary_files(instance: Any) -> None:
    """Writes are atomic (temp file + rename): only the final files remain."""
    for hour in range(3):
        materialize([h_up], partition_key=f"2022-01-01-0{hour}:00", instance=instance)
    assert files_under(instance, "h_up") == [
        "2022-01-01-00:00",
        "2022-01-01-01:00",
        "2022-01-01-02:00",
    ]


def test_earlier_unpartitioned_file_is_replaced_by_partitions(instance: Any) -> None:
    """An asset that becomes partitioned replaces its old unpartitioned file with a directory."""

    @asset(name="evolving")
    def evolving_v1() -> str:
        return "whole"

    @asset(name="evolving", partitions_def=DAILY)
    def evolving_v2() -> str:
        return "part"

    materialize([evolving_v1], instance=instance)
    materialize([evolving_v2], partition_key="2022-01-03", instance=instance)
    assert stored(instance, "evolving", "2022-01-03") == "part"


# -- loading shapes -----------------------------------------------------------------------------


def test_many_upstream_partitions_load_as_ordered_dict(instance: Any) -> None:
    """A daily input over hourly upstream loads a dict of 24 values in chronological order."""
    hours = [f"2022-01-02-{h:02d}:00" for h in range(24)]
    for hour in hours:
        materialize([h_up], partition_key=hour, instance=instance)
    seen: dict[str, Any] = {}

    @asset(partitions_def=DAILY, name="d_down")
    def capture(h_up: dict[str, str]) -> int:
        seen.update(h_up)
        return len(h_up)

    materialize([h_up, capture], partition_key="2022-01-02", instance=instance, selection=[capture])
    assert list(seen) == hours
    assert seen["2022-01-02-05:00"] == "h2022-01-02-05:00"
    assert stored(instance, "d_down", "2022-01-02") == 24


def test_one_upstream_partition_loads_the_bare_value(instance: Any) -> None:
    """An input mapped to exactly one upstream partition receives the object, not a dict."""

    @asset(partitions_def=DAILY)
    def day_value(context: AssetExecutionContext) -> str:
        return f"v{context.partition_key}"

    @asset(partitions_def=HOURLY)
    def hourly_reader(day_value: str) -> str:
        return day_value

    materialize([day_value], partition_key="2022-01-05", instance=instance)
    result = materialize(
        [day_value, hourly_reader],
        partition_key="2022-01-05-13:00",
        instance=instance,
        selection=[hourly_reader],
    )
    assert result.output_for_node("hourly_reader") == "v2022-01-05"


def test_unpartitioned_upstream_loads_single_value(instance: Any) -> None:
    """A partitioned asset reading an unpartitioned one receives its single value."""

    @asset
    def rates() -> dict[str, float]:
        return {"eur": 1.1}

    @asset(partitions_def=DAILY)
    def converted(rates: dict[str, float]) -> float:
        return rates["eur"]

    materialize([rates], instance=instance)
    result = materialize(
        [rates, converted], partition_key="2022-01-02", instance=instance, selection=[converted]
    )
    assert result.output_for_node("converted") == 1.1


def test_unpartitioned_downstream_loads_all_upstream_partitions(instance: Any) -> None:
    """An unpartitioned asset over a partitioned one loads a dict of every existing partition."""

    @asset(partitions_def=SHORT)
    def daily_part(context: AssetExecutionContext) -> int:
        return int(context.partition_key[-2:])

    @asset
    def total(daily_part: dict[str, int]) -> dict[str, int]:
        return daily_part

    for key in SHORT.get_partition_keys():
        materialize([daily_part], partition_key=key, instance=instance)
    result = materialize([daily_part, total], instance=instance, selection=[total])
    assert result.output_for_node("total") == {"2022-01-01": 1, "2022-01-02": 2, "2022-01-03": 3}


def test_multi_upstream_dict_keys_are_multi_partition_keys(instance: Any) -> None:
    """Loading several multi-partitioned upstream keys gives a dict keyed by ``MultiPartitionKey``."""

    @asset(partitions_def=MULTI)
    def shapes(context: AssetExecutionContext) -> str:
        return context.partition_key.keys_by_dimension["shape"]

    @asset(partitions_def=DAILY)
    def per_day(shapes: dict[Any, str]) -> dict[Any, str]:
        return shapes

    for shape in ("a", "b"):
        key = MultiPartitionKey({"date": "2022-01-02", "shape": shape})
        materialize([shapes], partition_key=key, instance=instance)
    result = materialize(
        [shapes, per_day], partition_key="2022-01-02", instance=instance, selection=[per_day]
    )
    loaded = result.output_for_node("per_day")
    assert {str(k): v for k, v in loaded.items()} == {"2022-01-02|a": "a", "2022-01-02|b": "b"}
    assert all(isinstance(k, MultiPartitionKey) for k in loaded)


def test_self_dependency_first_partition_receives_none(instance: Any) -> None:
    """With a (-1, -1) self mapping the first partition gets ``None``, later ones the previous."""
    received: dict[str, Any] = {}
    mapping = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)

    @asset(partitions_def=SHORT, ins={"running": AssetIn(key="running", partition_mapping=mapping)})
    def running(context: AssetExecutionContext, running: int | None) -> int:
        received[context.partition_key] = running
        return (running or 0) + 10

    for key in SHORT.get_partition_keys():
        materialize([running], partition_key=key, instance=instance)
    assert received == {"2022-01-01": None, "2022-01-02": 10, "2022-01-03": 20}
    assert stored(instance, "running", "2022-01-03") == 30


def test_unmaterialized_upstream_raises_file_not_found(instance: Any) -> None:
    """Loading an upstream partition that was never materialized raises ``FileNotFoundError``."""
    with pytest.raises(FileNotFoundError, match="2022-01-02-00:00"):
        materialize(
            [h_up, d_down], partition_key="2022-01-02", instance=instance, selection=[d_down]
        )


def test_unmaterialized_unpartitioned_upstream_raises_file_not_found(instance: Any) -> None:
    """The same holds for a missing unpartitioned upstream."""

    @asset
    def never() -> int:
        return 1

    @asset
    def reader(never: int) -> int:
        return never

    with pytest.raises(FileNotFoundError, match="never"):
        materialize([never, reader], instance=instance, selection=[reader])


def test_allow_missing_partitions_skips_missing_keys(instance: Any) -> None:
    """``allow_missing_partitions`` leaves unmaterialized keys out of the loaded dict."""

    @asset(partitions_def=DAILY)
    def sparse(context: AssetExecutionContext) -> str:
        return str(context.partition_key)

    @asset(
        partitions_def=DAILY,
        ins={
            "sparse": AssetIn(
                partition_mapping=TimeWindowPartitionMapping(start_offset=-2),
                metadata={"allow_missing_partitions": True},
            )
        },
    )
    def tolerant(sparse: dict[str, str]) -> list[str]:
        return sorted(sparse)

    materialize([sparse], partition_key="2022-01-03", instance=instance)
    materialize([sparse], partition_key="2022-01-05", instance=instance)
    result = materialize(
        [sparse, tolerant], partition_key="2022-01-05", instance=instance, selection=[tolerant]
    )
    assert result.output_for_node("tolerant") == ["2022-01-03", "2022-01-05"]


def test_upstream_outside_definition_is_an_invariant_error(instance: Any) -> None:
    """An input mapped to partitions the upstream cannot have fails, naming both assets."""
    later = DailyPartitionsDefinition(start_date="2022-01-03")

    @asset(partitions_def=later)
    def dl() -> int:
        return 1

    @asset(partitions_def=DAILY)
    def d_over_later(dl: int) -> int:
        return dl

    with pytest.raises(InvariantViolationError) as info:
        materialize(
            [dl, d_over_later],
            partition_key="2022-01-02",
            instance=instance,
            selection=[d_over_later],
        )
    assert str(info.value).startswith(
        "Partition key range PartitionKeyRange(start='2022-01-02', end='2022-01-02') in "
        "d_over_later depends on invalid partitions"
    )
    assert str(info.value).endswith("in upstream asset AssetKey(['dl'])")


def test_deps_are_never_loaded(instance: Any) -> None:
    """Ordering-only ``deps`` are not loaded, so a missing upstream is no error."""

    @asset(partitions_def=DAILY)
    def absent() -> int:
        return 1

    @asset(partitions_def=DAILY, deps=[absent])
    def after_absent() -> int:
        return 2

    result = materialize(
        [absent, after_absent],
        partition_key="2022-01-02",
        instance=instance,
        selection=[after_absent],
    )
    assert result.success


def test_range_run_returning_a_value_fails(instance: Any) -> None:
    """One value cannot be stored for several partitions: a range run returning one fails."""

    @asset(partitions_def=DAILY)
    def wide() -> int:
        return 1

    with pytest.raises(InvariantViolationError, match="multiple partitions"):
        materialize(
            [wide], partition_key=PartitionKeyRange("2022-01-01", "2022-01-02"), instance=instance
        )


def test_range_run_returning_none_succeeds(instance: Any) -> None:
    """A range run whose asset writes its own data and returns ``None`` succeeds."""

    @asset(partitions_def=DAILY)
    def self_writing(context: AssetExecutionContext) -> None:
        return None

    result = materialize(
        [self_writing],
        partition_key=PartitionKeyRange("2022-01-01", "2022-01-03"),
        instance=instance,
    )
    partitions = [m.partition for m in result.asset_materializations_for_node("self_writing")]
    assert partitions == ["2022-01-01", "2022-01-02", "2022-01-03"]


def test_materialization_metadata_records_the_path(instance: Any) -> None:
    """The materialization event carries the written path."""
    result = materialize([h_up], partition_key="2022-01-01-03:00", instance=instance)
    (mat,) = result.asset_materializations_for_node("h_up")
    assert mat.metadata["path"].value == os.path.join(
        instance.root_directory, "storage", "h_up", "2022-01-01-03:00"
    )
