"""FilesystemIOManager: spec §4.5 paths, atomic writes, loading shapes and missing partitions."""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partwise._instance.instance import Instance
from partwise._io.base import OutputContext, build_input_context, build_output_context
from partwise._io.filesystem import FilesystemIOManager, fs_io_manager
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
)
from partwise._partitions.definitions.multi import MultiPartitionKey, MultiPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import InvariantViolationError

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
HOURLY = HourlyPartitionsDefinition(start_date="2022-01-01-00:00")
LETTERS = StaticPartitionsDefinition(["a", "b"])
MULTI = MultiPartitionsDefinition({"date": DAILY, "letter": LETTERS})


@pytest.fixture
def manager(tmp_path: Path) -> FilesystemIOManager:
    return FilesystemIOManager(base_dir=str(tmp_path))


def _read(path: Path) -> Any:
    with path.open("rb") as file:
        return pickle.load(file)


def _write(manager: FilesystemIOManager, obj: Any, **kwargs: Any) -> OutputContext:
    context = build_output_context(**kwargs)
    manager.handle_output(context, obj)
    return context


class _Exploding:
    """Pickling it fails after part of the enclosing object was written."""

    def __reduce__(self) -> Any:
        raise RuntimeError("boom while pickling")


class _Unpicklable:
    def __reduce__(self) -> Any:
        raise TypeError("cannot pickle '_Unpicklable' object")


# paths


def test_unpartitioned_path(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """An unpartitioned asset is pickled at <base>/<asset> without extension."""
    _write(manager, {"x": 1}, asset_key="unpart")
    assert _read(tmp_path / "unpart") == {"x": 1}


def test_prefixed_asset_path(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A key prefix becomes directories: <base>/pre/fix/pfx."""
    _write(manager, 1, asset_key=["pre", "fix", "pfx"])
    assert _read(tmp_path / "pre" / "fix" / "pfx") == 1


def test_partition_path(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A partition is stored at <base>/<asset>/<key>."""
    _write(manager, 5, asset_key="h_up", partitions_def=HOURLY, partition_key="2022-01-02-05:00")
    assert _read(tmp_path / "h_up" / "2022-01-02-05:00") == 5


def test_multi_partition_path(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A multi key is one directory level per dimension value, dimensions sorted by name."""
    key = MultiPartitionKey({"letter": "b", "date": "2022-01-02"})
    _write(manager, "m", asset_key="m_asset", partitions_def=MULTI, partition_key=key)
    assert _read(tmp_path / "m_asset" / "2022-01-02" / "b") == "m"


def test_multi_path_follows_dimension_names(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """With the static dimension first by name, its value is the outer directory."""
    multi = MultiPartitionsDefinition({"a_region": LETTERS, "date": DAILY})
    _write(manager, 1, asset_key="m", partitions_def=multi, partition_key="b|2022-01-02")
    assert _read(tmp_path / "m" / "b" / "2022-01-02") == 1


def test_slash_in_key_makes_directories(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A '/' inside a key creates sub-directories."""
    _write(manager, 1, asset_key="s", partition_key="eu/west")
    assert _read(tmp_path / "s" / "eu" / "west") == 1


def test_leading_slash_is_escaped(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A leading '/' is escaped to %2F so the file stays below the base directory."""
    _write(manager, 1, asset_key="s", partition_key="/abs")
    assert _read(tmp_path / "s" / "%2Fabs") == 1


def test_dotdot_is_escaped(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A '..' path segment cannot climb out of the asset's directory."""
    _write(manager, 1, asset_key="s", partition_key="../x")
    assert _read(tmp_path / "s" / "%2E%2E" / "x") == 1


def test_op_output_path(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """An op output is stored at <base>/<run_id>/<step_key>/<name>."""
    _write(manager, 7, run_id="r1", step_key="op_a", name="out")
    assert _read(tmp_path / "r1" / "op_a" / "out") == 7


def test_default_base_is_instance_storage() -> None:
    """Without base_dir, files go to the instance's storage directory."""
    with Instance.ephemeral() as instance:
        _write(FilesystemIOManager(), 3, asset_key="a", instance=instance)
        assert _read(Path(instance.storage_directory()) / "a") == 3


def test_path_logged_as_metadata(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """The written path is added to the output metadata."""
    context = _write(manager, 1, asset_key="a")
    assert context.consume_logged_metadata()["path"].value == str(tmp_path / "a")


def test_none_output_has_no_path_metadata(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A None output is stored but logs no path."""
    context = _write(manager, None, asset_key="a")
    assert context.consume_logged_metadata() == {}
    assert _read(tmp_path / "a") is None


# writing rules


def test_range_output_with_value_is_refused(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """One object for several partitions raises and writes nothing."""
    with pytest.raises(InvariantViolationError, match=r"multiple partitions") as info:
        _write(
            manager,
            1,
            asset_key="d",
            partitions_def=DAILY,
            partition_keys=["2022-01-02", "2022-01-03"],
        )
    assert "Return None" in str(info.value)
    assert "multi-run" in str(info.value)
    assert not (tmp_path / "d").exists()


def test_range_output_none_writes_nothing(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """Returning None for a multi-partition step writes nothing and does not fail."""
    _write(
        manager,
        None,
        asset_key="d",
        partitions_def=DAILY,
        partition_keys=["2022-01-02", "2022-01-03"],
    )
    assert not (tmp_path / "d").exists()


def test_crash_while_pickling_leaves_no_file(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """An error inside pickling leaves neither the target nor a temporary file."""
    with pytest.raises(RuntimeError, match=r"boom"):
        _write(manager, [b"x" * 200_000, _Exploding()], asset_key="d", partition_key="k")
    assert list((tmp_path / "d").iterdir()) == []


def test_crash_keeps_previous_value(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A failed rewrite leaves the previously stored value intact."""
    _write(manager, "old", asset_key="a")
    with pytest.raises(RuntimeError):
        _write(manager, [b"x" * 200_000, _Exploding()], asset_key="a")
    assert _read(tmp_path / "a") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_unpicklable_object_names_type(manager: FilesystemIOManager) -> None:
    """An unpicklable output raises InvariantViolationError naming its type."""
    with pytest.raises(InvariantViolationError, match=r"_Unpicklable is not picklable"):
        _write(manager, _Unpicklable(), asset_key="a")


def test_write_leaves_only_the_target(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """After a write the directory holds the partition files and nothing else."""
    for key in ("2022-01-01", "2022-01-02"):
        _write(manager, key, asset_key="d", partition_key=key)
    assert sorted(os.listdir(tmp_path / "d")) == ["2022-01-01", "2022-01-02"]


def test_fsync_option(tmp_path: Path) -> None:
    """With fsync=True the value is written the same way."""
    _write(FilesystemIOManager(base_dir=str(tmp_path), fsync=True), 1, asset_key="a")
    assert _read(tmp_path / "a") == 1


def test_directories_recreated(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """A deleted asset directory is created again on the next write."""
    _write(manager, 1, asset_key="d", partition_key="k1")
    (tmp_path / "d" / "k1").unlink()
    (tmp_path / "d").rmdir()
    _write(manager, 2, asset_key="d", partition_key="k2")
    assert _read(tmp_path / "d" / "k2") == 2


def test_unpartitioned_file_replaced_by_partitions(
    manager: FilesystemIOManager, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An old unpartitioned file is removed, with a warning, when partitions are first written."""
    _write(manager, "whole", asset_key="d")
    with caplog.at_level(logging.WARNING, logger="partwise"):
        _write(manager, "part", asset_key="d", partition_key="2022-01-02")
    assert _read(tmp_path / "d" / "2022-01-02") == "part"
    assert "earlier unpartitioned materialization" in caplog.text


def test_unpartitioned_write_over_partitions(manager: FilesystemIOManager, tmp_path: Path) -> None:
    """Writing unpartitioned where partitions live raises and explains why."""
    _write(manager, 1, asset_key="d", partition_key="2022-01-02")
    with pytest.raises(InvariantViolationError, match=r"is a directory"):
        _write(manager, 2, asset_key="d")
    assert sorted(os.listdir(tmp_path)) == ["d"]


# loading


def _load(manager: FilesystemIOManager, **kwargs: Any) -> Any:
    return manager.load_input(build_input_context(name="x", **kwargs))


def test_load_single_partition(manager: FilesystemIOManager) -> None:
    """Exactly one mapped key loads the bare object."""
    _write(manager, {"v": 1}, asset_key="d", partition_key="2022-01-02")
    assert _load(manager, asset_key="d", partitions_def=DAILY, partition_key="2022-01-02") == {
        "v": 1
    }


def test_load_no_mapped_partition(manager: FilesystemIOManager) -> None:
    """Zero mapped keys of a partitioned upstream load None."""
    assert _load(manager, asset_key="d", partitions_def=DAILY, asset_partition_keys=[]) is None


def test_load_several_partitions_in_mapped_order(manager: FilesystemIOManager) -> None:
    """Several mapped keys load a dict in the mapped order."""
    keys = ["2022-01-03", "2022-01-01", "2022-01-02"]
    for key in keys:
        _write(manager, key.upper(), asset_key="d", partition_key=key)
    loaded = _load(manager, asset_key="d", partitions_def=DAILY, asset_partition_keys=keys)
    assert list(loaded.items()) == [(k, k.upper()) for k in keys]


def test_load_multi_keys_preserved(manager: FilesystemIOManager) -> None:
    """Dict keys of a multi upstream are MultiPartitionKey instances."""
    keys = [MultiPartitionKey({"date": "2022-01-02", "letter": x}) for x in "ab"]
    for key in keys:
        _write(manager, str(key), asset_key="m", partitions_def=MULTI, partition_key=key)
    loaded = _load(manager, asset_key="m", partitions_def=MULTI, asset_partition_keys=keys)
    assert list(loaded) == keys
    assert all(isinstance(k, MultiPartitionKey) for k in loaded)


def test_load_unpartitioned_upstream(manager: FilesystemIOManager) -> None:
    """An unpartitioned upstream loads its single object even for a partitioned step."""
    _write(manager, [1, 2], asset_key="u")
    context = build_input_context(name="u", asset_key="u", partition_key="2022-01-02",
                                  asset_partition_keys=[])  # fmt: skip
    assert manager.load_input(context) == [1, 2]


def test_load_op_output(manager: FilesystemIOManager) -> None:
    """An op input loads the upstream output by its run-scoped identifier."""
    upstream = _write(manager, "v", run_id="r", step_key="up")
    assert manager.load_input(build_input_context(name="x", upstream_output=upstream)) == "v"


def test_missing_partition_names_asset_key_and_path(
    manager: FilesystemIOManager, tmp_path: Path
) -> None:
    """A never-materialized partition raises FileNotFoundError naming asset, key and path."""
    with pytest.raises(FileNotFoundError) as info:
        _load(manager, asset_key="d", partitions_def=DAILY, partition_key="2022-01-05")
    message = str(info.value)
    assert "partition '2022-01-05' of asset d" in message
    assert str(tmp_path / "d" / "2022-01-05") in message


def test_missing_unpartitioned_asset(manager: FilesystemIOManager) -> None:
    """A never-materialized unpartitioned asset raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match=r"asset u"):
        _load(manager, asset_key="u")


def test_allow_missing_partitions_skips_keys(
    manager: FilesystemIOManager, caplog: pytest.LogCaptureFixture
) -> None:
    """With allow_missing_partitions, missing keys are left out of the dict, with a warning."""
    _write(manager, 1, asset_key="d", partition_key="2022-01-01")
    with caplog.at_level(logging.WARNING, logger="partwise"):
        loaded = _load(
            manager, asset_key="d", partitions_def=DAILY,
            asset_partition_keys=["2022-01-01", "2022-01-02"],
            metadata={"allow_missing_partitions": True},
        )  # fmt: skip
    assert loaded == {"2022-01-01": 1}
    assert "partition '2022-01-02'" in caplog.text
    assert "allow_missing_partitions" in caplog.text


def test_allow_missing_single_partition_is_none(manager: FilesystemIOManager) -> None:
    """A single missing key with allow_missing_partitions loads None."""
    loaded = _load(manager, asset_key="d", partitions_def=DAILY, partition_key="2022-01-02",
                   metadata={"allow_missing_partitions": True})  # fmt: skip
    assert loaded is None


def test_load_stored_none_partition_is_kept(manager: FilesystemIOManager) -> None:
    """A partition that stored None appears in the dict as None."""
    _write(manager, None, asset_key="d", partition_key="2022-01-01")
    _write(manager, 2, asset_key="d", partition_key="2022-01-02")
    loaded = _load(manager, asset_key="d", asset_partition_keys=["2022-01-01", "2022-01-02"])
    assert loaded == {"2022-01-01": None, "2022-01-02": 2}


def test_load_unpartitioned_from_partition_directory(manager: FilesystemIOManager) -> None:
    """Loading unpartitioned where partitions live explains the mismatch."""
    _write(manager, 1, asset_key="d", partition_key="2022-01-02")
    with pytest.raises(InvariantViolationError, match=r"directory of partitions"):
        _load(manager, asset_key="d")


def test_fs_io_manager_definition(tmp_path: Path) -> None:
    """fs_io_manager builds a FilesystemIOManager from its resource config."""
    manager = fs_io_manager.create(None, {"base_dir": str(tmp_path)})
    assert isinstance(manager, FilesystemIOManager)
    assert manager.base_dir == str(tmp_path)


@pytest.fixture
def instance() -> Iterator[Instance]:
    with Instance.ephemeral() as inst:
        yield inst


def test_round_trip_through_instance_storage(instance: Instance) -> None:
    """A value written with an instance is loaded back through the same instance."""
    manager = FilesystemIOManager()
    manager.handle_output(build_output_context(asset_key="a", instance=instance), "v")
    assert (
        manager.load_input(build_input_context(name="a", asset_key="a", instance=instance)) == "v"
    )
