"""PandasIOManager: one Parquet (or pickle) file per partition, concatenated on load."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from partwise._io.base import build_input_context, build_output_context
from partwise._io.pandas import PandasIOManager, PandasParquetIOManager
from partwise._partitions.definitions.cadences import DailyPartitionsDefinition
from partwise.errors import InvariantViolationError

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def _frame(day: str) -> pd.DataFrame:
    return pd.DataFrame({"day": [day, day], "value": [1, 2]})


def _write(manager: PandasIOManager, obj: Any, **kwargs: Any) -> None:
    manager.handle_output(build_output_context(**kwargs), obj)


def _load(manager: PandasIOManager, **kwargs: Any) -> Any:
    return manager.load_input(build_input_context(name="x", **kwargs))


@pytest.mark.skipif(not HAS_PYARROW, reason="pyarrow is not installed")
def test_parquet_round_trip(tmp_path: Path) -> None:
    """With pyarrow, a partition is <base>/<asset>/<key>.parquet and reads back equal."""
    manager = PandasIOManager(base_dir=str(tmp_path))
    _write(manager, _frame("2022-01-02"), asset_key="d", partition_key="2022-01-02")
    assert (tmp_path / "d" / "2022-01-02.parquet").is_file()
    loaded = _load(manager, asset_key="d", partitions_def=DAILY, partition_key="2022-01-02")
    pd.testing.assert_frame_equal(loaded, _frame("2022-01-02"))


def test_pickle_round_trip(tmp_path: Path) -> None:
    """file_format='pickle' stores <path>.pkl and reads it back equal."""
    manager = PandasIOManager(base_dir=str(tmp_path), file_format="pickle")
    _write(manager, _frame("a"), asset_key="u")
    assert (tmp_path / "u.pkl").is_file()
    pd.testing.assert_frame_equal(_load(manager, asset_key="u"), _frame("a"))


@pytest.mark.parametrize("file_format", ["parquet", "pickle"])
def test_partitions_concatenated_in_mapped_order(tmp_path: Path, file_format: str) -> None:
    """Several partitions load as one DataFrame in mapped order with a fresh index."""
    if file_format == "parquet" and not HAS_PYARROW:
        pytest.skip("pyarrow is not installed")
    manager = PandasIOManager(base_dir=str(tmp_path), file_format=file_format)  # type: ignore[arg-type]
    days = ["2022-01-03", "2022-01-02"]
    for day in days:
        _write(manager, _frame(day), asset_key="d", partition_key=day)
    loaded = _load(manager, asset_key="d", partitions_def=DAILY, asset_partition_keys=days)
    assert list(loaded["day"]) == ["2022-01-03", "2022-01-03", "2022-01-02", "2022-01-02"]
    assert list(loaded.index) == [0, 1, 2, 3]


def test_all_missing_with_allow_missing_is_empty(tmp_path: Path) -> None:
    """When every mapped partition is missing and skipping is allowed, the frame is empty."""
    manager = PandasIOManager(base_dir=str(tmp_path))
    loaded = _load(manager, asset_key="d", asset_partition_keys=["2022-01-02", "2022-01-03"],
                   metadata={"allow_missing_partitions": True})  # fmt: skip
    assert isinstance(loaded, pd.DataFrame)
    assert loaded.empty


def test_non_dataframe_names_type(tmp_path: Path) -> None:
    """A non-DataFrame output raises InvariantViolationError naming its type."""
    manager = PandasIOManager(base_dir=str(tmp_path))
    with pytest.raises(InvariantViolationError, match=r"builtins.dict"):
        _write(manager, {"a": 1}, asset_key="d")
    assert list(tmp_path.iterdir()) == []


def test_none_output_is_not_stored(tmp_path: Path) -> None:
    """A None output writes no file."""
    _write(PandasIOManager(base_dir=str(tmp_path)), None, asset_key="d")
    assert list(tmp_path.iterdir()) == []


def test_missing_partition_names_parquet_path(tmp_path: Path) -> None:
    """A missing partition's error names the file with its extension."""
    manager = PandasIOManager(base_dir=str(tmp_path), file_format="pickle")
    with pytest.raises(FileNotFoundError, match=r"2022-01-02\.pkl"):
        _load(manager, asset_key="d", partition_key="2022-01-02")


def test_parquet_alias() -> None:
    """PandasParquetIOManager is the same class."""
    assert PandasParquetIOManager is PandasIOManager
