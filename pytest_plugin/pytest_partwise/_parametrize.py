"""``pytest_generate_tests`` for the ``partitions`` marker: one test per selected key, id = key.

``partition_key``, ``partitions_def`` and ``partition_time_window`` are direct parameters, not
fixtures: their values are immutable, so Hypothesis never flags them as function-scoped fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from ._marker import MarkerError, Selection, parse_marker, select_keys
from ._settings import Settings

__all__ = ["PARAM_NAMES", "MarkerFailure", "check_unmarked", "fail_at_setup", "parametrize"]

PARAM_NAMES = ("partition_key", "partitions_def", "partition_time_window")
SKIP_ID = "no-partitions"


def _time_window_of(test: str, selection: Selection) -> Callable[[str], Any]:
    defn = selection.source.partitions_def
    if defn.time_window_partitions_def is not None:
        return lambda key: defn.time_window_for_partition_keys([key])
    raise MarkerError(
        f"{test}: partition_time_window needs time-window partitions (or multi partitions with "
        f"one time dimension); {defn} has no time windows. Use partition_key instead."
    )


def parametrize(
    metafunc: pytest.Metafunc, marker: pytest.Mark, settings: Settings
) -> list[tuple[str, int, str | None, str | None]]:
    """Parametrize one marked test; return its keys as ``(key, position, row, column)``.

    ``position`` is the key's index in the definition; ``row``/``column`` place a multi key in
    a grid (row: the non-time dimension's key), ``None`` for other definitions.
    """
    test = metafunc.definition.nodeid
    selection = select_keys(test, parse_marker(test, marker), settings)
    if "partition_key" not in metafunc.fixturenames:
        metafunc.fixturenames.append("partition_key")
    names = [name for name in PARAM_NAMES if name in metafunc.fixturenames]
    if selection.skip_reason is not None:
        skip = pytest.mark.skip(reason=f"partwise: {selection.skip_reason}")
        metafunc.parametrize(names, [pytest.param(*[None] * len(names), marks=skip, id=SKIP_ID)])
        return []
    window = _time_window_of(test, selection) if "partition_time_window" in names else None
    defn = selection.source.partitions_def
    values: list[Any] = []
    for key in selection.keys:
        row = {"partition_key": key, "partitions_def": defn}
        if window is not None:
            row["partition_time_window"] = window(key)
        values.append(tuple(row[n] for n in names))
    ids = [str(key) for key in selection.keys]
    metafunc.parametrize(names, values, ids=ids)
    cells = grid_cells(defn, selection.keys)
    return [
        (key, pos, *cell) for key, pos, cell in zip(ids, selection.positions, cells, strict=True)
    ]


def grid_cells(defn: Any, keys: list[str]) -> list[tuple[str | None, str | None]]:
    """Each key's ``(row, column)`` in the grid of a multi definition, else ``(None, None)``."""
    from partwise._grid import cell_of, grid_dimensions

    dimensions = grid_dimensions(defn)
    if dimensions is None:
        return [(None, None)] * len(keys)
    return [cell_of(defn, key, dimensions) for key in keys]


@dataclass(frozen=True)
class MarkerFailure:
    """The one parameter of a test whose marker is misused: the test fails with ``message``."""

    message: str

    def __str__(self) -> str:
        return "marker-error"


def fail_at_setup(metafunc: pytest.Metafunc, message: str) -> None:
    """Give the test one parametrization that fails at setup with ``message`` (collection of
    the other tests in its module goes on)."""
    if "partition_key" not in metafunc.fixturenames:
        metafunc.fixturenames.append("partition_key")
    names = [name for name in PARAM_NAMES if name in metafunc.fixturenames]
    failure = MarkerFailure(message)
    metafunc.parametrize(names, [tuple(failure for _ in names)], ids=["marker-error"])


def check_unmarked(metafunc: pytest.Metafunc) -> None:
    """A test asking for a partition parameter without the marker gets a clear error."""
    requested = [name for name in PARAM_NAMES if name in metafunc.fixturenames]
    if not requested:
        return
    defined = getattr(metafunc, "_arg2fixturedefs", {})
    missing = [name for name in requested if name not in defined]
    if missing:
        raise MarkerError(
            f"{metafunc.definition.nodeid} uses {missing[0]}, which only exists for tests marked "
            "@pytest.mark.partitions(source, ...); add the marker (source: a partitions "
            "definition, asset, job or PartitionedConfig)"
        )
