"""Multi partitions drawn as a grid: one row per key of the non-time dimension, time across.

Shared by ``partwise status`` (terminal and HTML) and the pytest HTML report. With two dimensions,
the columns are the primary dimension (the time one, if any) and the rows the other one; other
definitions are not grids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["Grid", "cell_of", "grid_dimensions", "grid_of"]

T = TypeVar("T")


@dataclass(frozen=True)
class Grid:
    """Values by (row key, column key), rows and columns in definition order."""

    row_dimension: str
    column_dimension: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], Any]

    def row(self, row: str) -> list[Any]:
        """The values of one row, one per column (``None`` where there is none)."""
        return [self.cells.get((row, column)) for column in self.columns]


def grid_dimensions(pdef: Any) -> tuple[str, str] | None:
    """``(row dimension, column dimension)`` of a two-dimensional multi definition, else None."""
    if len(pdef.dimensions) != 2:
        return None
    return pdef.secondary_dimension.name, pdef.primary_dimension.name


def cell_of(pdef: Any, key: str, dimensions: tuple[str, str]) -> tuple[str, str]:
    """The ``(row, column)`` of one multi key."""
    parts = pdef.get_partition_key_from_str(str(key)).keys_by_dimension
    return parts[dimensions[0]], parts[dimensions[1]]


def grid_of(pdef: Any, values: Mapping[str, T] | Sequence[tuple[str, T]]) -> Grid | None:
    """The grid of ``values`` by key, or None if ``pdef`` is no grid; rows and columns keep the
    order keys are first seen in (definition order when ``values`` is)."""
    dimensions = grid_dimensions(pdef)
    if dimensions is None:
        return None
    items = values.items() if isinstance(values, Mapping) else values
    rows: dict[str, None] = {}
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], T] = {}
    for key, value in items:
        row, column = cell_of(pdef, key, dimensions)
        rows.setdefault(row)
        columns.setdefault(column)
        cells[(row, column)] = value
    return Grid(*dimensions, tuple(rows), tuple(columns), cells)
