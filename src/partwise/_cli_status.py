"""``partwise status`` for multi partitions: one bar per key of the non-time dimension.

A date × region asset reads as one row per region, its first and last date at the ends of the
bar, rather than one bar of every (date, region) pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["grid_status_lines"]


def grid_status_lines(
    name: str, name_width: int, pdef: Any, statuses: Mapping[str, str | None], width: int
) -> list[Any] | None:
    """The asset's header line and one line per row key, or None if ``pdef`` is no grid."""
    from rich.text import Text

    from partwise._cli_matrix import partition_bar
    from partwise._grid import grid_of

    grid = grid_of(pdef, statuses)
    if grid is None or not grid.rows:
        return None
    values = list(statuses.values())
    header = Text(f"{name:<{name_width}}  ")
    header.append(
        f"{grid.row_dimension} × {grid.column_dimension}: {len(grid.rows)} × "
        f"{len(grid.columns)} partitions  {values.count('MATERIALIZED')}/{len(values)}"
    )
    failed = values.count("FAILED")
    if failed:
        header.append(f"  {failed} failed", "red")
    lines = [header]
    row_width = max(len(row) for row in grid.rows)
    first, last = grid.columns[0], grid.columns[-1]
    for row in grid.rows:
        cells = grid.row(row)
        line = Text(f"  {row:<{row_width}}  {first} ")
        for glyph, style in partition_bar(cells, width):
            line.append(glyph, style)
        line.append(f" {last}  {cells.count('MATERIALIZED')}/{len(cells)}")
        if "FAILED" in cells:
            line.append(f"  {cells.count('FAILED')} failed", "red")
        lines.append(line)
    return lines
