"""A DataFrame I/O manager: one Parquet file per partition (pickle when pyarrow is missing).

pandas is imported only when a DataFrame is stored or loaded. Loading several partitions returns
one DataFrame, the partitions concatenated in mapped order.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pickle
from typing import Any, BinaryIO, Literal

from partwise.errors import InvariantViolationError

from .base import OutputContext
from .filesystem import FileIOManagerBase

__all__ = ["PandasIOManager", "PandasParquetIOManager"]

_EXTENSIONS = {"parquet": ".parquet", "pickle": ".pkl"}


def _pandas() -> Any:
    """The pandas module, imported on first use (``import partwise`` stays light)."""
    return importlib.import_module("pandas")


@functools.cache
def _has_pyarrow() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


class PandasIOManager(FileIOManagerBase):
    """Stores each DataFrame output as ``<path>.parquet`` (or ``<path>.pkl``), one per partition.

    ``file_format`` picks the format; ``None`` means Parquet when pyarrow is importable.
    """

    file_format: Literal["parquet", "pickle"] | None = None

    def _format(self) -> str:
        if self.file_format is not None:
            return self.file_format
        return "parquet" if _has_pyarrow() else "pickle"

    def _extension(self) -> str:
        return _EXTENSIONS[self._format()]

    def _should_write(self, context: OutputContext, obj: Any) -> bool:
        pd = _pandas()
        if obj is None:
            context.log.debug("Nothing stored for %s: the step returned None", context.name)
            return False
        if not isinstance(obj, pd.DataFrame):
            raise InvariantViolationError(
                f"{type(self).__name__} stores pandas DataFrames, but {_output_of(context)} is "
                f"a {type(obj).__module__}.{type(obj).__qualname__}; return a DataFrame (or "
                "None) or use another I/O manager for this output"
            )
        return True

    def _dump(self, obj: Any, file: BinaryIO) -> None:
        if self._format() == "parquet":
            obj.to_parquet(file)
        else:
            pickle.dump(obj, file, protocol=pickle.HIGHEST_PROTOCOL)

    def _load(self, file: BinaryIO) -> Any:
        if self._format() == "parquet":
            return _pandas().read_parquet(file)
        return pickle.load(file)

    def _combine(self, loaded: dict[str, Any]) -> Any:
        pd = _pandas()
        if not loaded:
            return pd.DataFrame()
        return pd.concat(list(loaded.values()), ignore_index=True)


PandasParquetIOManager = PandasIOManager


def _output_of(context: OutputContext) -> str:
    """``the output of asset 'daily' (partition '2024-01-02')``, or of an op's output."""
    if context._asset_key is None:
        return f"output {context.name!r} of op {context.step_key!r}"
    keys = context._keys
    where = f" (partition {keys[0]!r})" if len(keys) == 1 else ""
    if len(keys) > 1:
        where = f" (partitions {keys[0]!r}...{keys[-1]!r})"
    return f"the output of asset {context._asset_key.to_user_string()!r}{where}"
