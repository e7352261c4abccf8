"""The command line's pure helpers, in-process: bars, ranges, column labels, target parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from partwise._cli_matrix import column_labels, partition_bar
from partwise._cli_support import CliError, parse_time, pick, ranges_of
from partwise._target import split_target as _split_target


def test_partition_bar_one_cell_per_partition() -> None:
    """Few partitions: one glyph each, runs of the same glyph merged."""
    bar = partition_bar(["MATERIALIZED", "MATERIALIZED", "FAILED", None])
    assert bar == [("██", "green"), ("×", "red"), ("░", "grey50")]


def test_partition_bar_summarises_many_partitions() -> None:
    """More partitions than cells: a failure wins its cell, a mix of done and missing is ▓."""
    statuses = ["MATERIALIZED"] * 10 + [None, "MATERIALIZED"] * 5 + ["FAILED"] + [None] * 9
    assert "".join(glyph for glyph, _ in partition_bar(statuses, width=3)) == "█▓×"


def test_ranges_of_compacts_consecutive_keys() -> None:
    """Consecutive keys in the definition's order become `a...b`; singles stay alone."""
    order = [f"d{i}" for i in range(10)]
    assert ranges_of({"d1", "d2", "d3", "d7", "x"}, order) == ["d1...d3", "d7", "x"]


def test_column_labels_drop_a_shared_year() -> None:
    """Dates of one year lose the year; keys without a shared prefix are kept whole."""
    assert column_labels(["2024-01-30", "2024-02-01"]) == ["01-30", "02-01"]
    assert column_labels(["one.csv", "two.csv"]) == ["one.csv", "two.csv"]


@pytest.mark.parametrize(
    "target, expected",
    [
        ("pkg.defs", ("pkg.defs", "defs")),
        ("pkg.defs:my_defs", ("pkg.defs", "my_defs")),
        ("dir/project.py", ("dir/project.py", "defs")),
        ("dir/project.py:other", ("dir/project.py", "other")),
    ],
)
def test_split_target(target: str, expected: tuple[str, str]) -> None:
    """TARGET splits into a module or file and an attribute defaulting to `defs`."""
    assert _split_target(target) == expected


def test_parse_time_keeps_naive_values_naive() -> None:
    """A naive time stays naive, for the command to read in the right timezone."""
    assert parse_time("2024-01-31T06:00", "--at time") == dt.datetime(2024, 1, 31, 6)


def test_pick_suggests_the_nearest_name() -> None:
    """An unknown name is refused with the nearest valid one."""
    with pytest.raises(CliError, match=r"Unknown job 'dialy'; did you mean 'daily'\?"):
        pick("dialy", ["daily", "weekly"], "job")
